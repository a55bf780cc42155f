//! Exercise cards show their figure's key poses as pictures, each with an accessible
//! description built from the data; an open card's figure moves, with pause/play and a step
//! scrubber, unless animation is off; advice without a figure shows none; the window repaints only
//! while a moving figure is in view.

use crate::common;

use std::time::Duration;

use egui::{Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sciatica_explorer::app::state::FigureMotion;
use sciatica_explorer::app::{ExplorerApp, Settings, ThemeChoice};

type H = Harness<'static, ExplorerApp>;

fn harness(settings: Settings) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), settings);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h
}

/// Opens the exercise card with this title, scrolling it into view first as a user would.
fn open_card(h: &mut H, title: &str) {
    h.get_by_role_and_label(Role::DisclosureTriangle, title).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::DisclosureTriangle, title).click();
    h.run();
}

/// The accessible labels of the pose pictures of one exercise (named in each picture's
/// description).
fn pose_pictures(h: &H, exercise_name: &str) -> Vec<String> {
    h.query_all_by_role(Role::Image)
        .filter(|n| {
            n.accesskit_node().description().is_some_and(|d| d.starts_with(&format!("{exercise_name}, key pose")))
        })
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

const KNEE_TO_CHEST: &str = "Knee-to-chest glute stretch";

#[test]
fn an_open_exercise_card_shows_its_key_poses_by_accessible_label() {
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        let mut h = harness(Settings { theme, figure_motion: FigureMotion::Still, ..Settings::default() });
        // Folded, the card shows its poses as thumbnails already.
        assert_eq!(pose_pictures(&h, KNEE_TO_CHEST).len(), 2, "thumbnails on the folded card ({theme:?})");
        open_card(&mut h, KNEE_TO_CHEST);
        // Open, the thumbnails give way to the large pictures: one of each pose, start to end.
        assert_eq!(
            pose_pictures(&h, KNEE_TO_CHEST),
            ["Start: lying on the back (picture 1 of 2)", "Knee to chest: lying on the back (picture 2 of 2)"],
            "({theme:?})"
        );
        let start = h.query_all_by_role(Role::Image).find(|n| {
            n.accesskit_node().description().as_deref() == Some("Knee-to-chest glute stretch, key pose 1 of 2")
        });
        let height = start.map_or(0.0, |n| n.rect().height());
        assert!(height > 60.0, "an open card's pictures are large, got {height} ({theme:?})");
    }
}

#[test]
fn an_advice_card_without_a_figure_shows_no_pictures() {
    let mut h = harness(Settings::default());
    // The same panel does show pictures for an exercise that has a figure.
    assert!(!pose_pictures(&h, KNEE_TO_CHEST).is_empty());
    // The advice is further down the list than the first cards: search for it.
    h.get_by_label("Search exercises").click();
    h.run();
    h.get_by_label("Search exercises").type_text("movement breaks");
    h.run();
    open_card(&mut h, "Take movement breaks");
    assert!(pose_pictures(&h, "Take movement breaks").is_empty());
    assert_eq!(h.query_all_by_role(Role::Image).count(), 0, "no picture on the advice card");
}

/// Settings with the figures still.
fn still() -> Settings {
    Settings { figure_motion: FigureMotion::Still, ..Settings::default() }
}

/// When the window asks to be painted again: `Duration::MAX` is never.
fn repaint_delay(h: &H) -> Option<Duration> {
    h.output().viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.repaint_delay)
}

/// Steps until egui stops asking for immediate repaints; asserts it does.
fn settle(h: &mut H) {
    let steps = h.try_run();
    assert!(steps.is_ok(), "the window keeps requesting immediate repaints: {steps:?}");
}

/// The moving figure of an exercise: its accessible label (the figure's description).
fn moving_figure(h: &H, exercise_name: &str) -> Option<String> {
    h.query_all_by_role(Role::Image)
        .find(|n| n.accesskit_node().description().as_deref() == Some(&format!("{exercise_name}, moving figure")))
        .and_then(|n| n.accesskit_node().label())
}

/// The step scrubber's label ("Step 1 of 2: start").
fn scrubber(h: &H) -> Vec<String> {
    h.query_all_by_role(Role::Slider)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("Step "))
        .collect()
}

const KNEE_TO_CHEST_FIGURE: &str = "Lying on the back, working the right side: start, then knee to chest, hold 30 s";

#[test]
fn the_window_requests_no_repaint_at_rest_with_a_still_figure_card_open() {
    let mut h = harness(still());
    open_card(&mut h, KNEE_TO_CHEST);
    assert_eq!(pose_pictures(&h, KNEE_TO_CHEST).len(), 2, "the open card shows its figure");
    assert!(moving_figure(&h, KNEE_TO_CHEST).is_none(), "animation is off");
    settle(&mut h);
    assert_eq!(repaint_delay(&h), Some(Duration::MAX), "no repaint is scheduled with the figure still");
}

#[test]
fn an_open_card_figure_moves_and_asks_for_frames_until_paused() {
    let mut h = harness(Settings::default());
    settle(&mut h);
    assert_eq!(repaint_delay(&h), Some(Duration::MAX), "no card open: no repaint");
    open_card(&mut h, KNEE_TO_CHEST);
    // One moving figure, described for a screen reader from the data, instead of the row.
    assert_eq!(moving_figure(&h, KNEE_TO_CHEST).as_deref(), Some(KNEE_TO_CHEST_FIGURE));
    assert!(pose_pictures(&h, KNEE_TO_CHEST).is_empty(), "no row of still poses while it moves");
    settle(&mut h);
    let delay = repaint_delay(&h);
    assert!(delay.is_some_and(|d| d <= Duration::from_secs(3)), "a moving figure asks for its next frame: {delay:?}");
    // It goes from the first key pose to the second and back: the scrubber follows it.
    let mut seen = Vec::new();
    for _ in 0..40 {
        h.step();
        seen.extend(scrubber(&h));
    }
    seen.dedup();
    assert!(
        seen.iter().any(|l| l == "Step 1 of 2: start") && seen.iter().any(|l| l == "Step 2 of 2: knee to chest"),
        "the figure reaches both key poses: {seen:?}"
    );
    // Paused, it stops asking.
    h.get_by_role_and_label(Role::Button, "Pause animation").click();
    settle(&mut h);
    assert!(h.query_by_role_and_label(Role::Button, "Play animation").is_some(), "the button now plays");
    assert_eq!(repaint_delay(&h), Some(Duration::MAX), "a paused figure asks for no frame");
    let paused_at = scrubber(&h);
    h.run_steps(20);
    assert_eq!(scrubber(&h), paused_at, "a paused figure stays where it is");
    // Played again, it asks again.
    h.get_by_role_and_label(Role::Button, "Play animation").click();
    settle(&mut h);
    assert!(repaint_delay(&h).is_some_and(|d| d < Duration::MAX), "playing again asks for frames");
    // Folded again, nothing moves on screen: no repaint.
    h.get_by_role_and_label(Role::DisclosureTriangle, KNEE_TO_CHEST).click();
    settle(&mut h);
    h.run_steps(2);
    assert_eq!(repaint_delay(&h), Some(Duration::MAX), "a folded card asks for no frame");
}

#[test]
fn the_scrubber_picks_a_key_pose_and_pauses_there_and_works_with_animation_off() {
    for settings in [Settings::default(), still()] {
        let motion = settings.figure_motion;
        let mut h = harness(settings);
        open_card(&mut h, KNEE_TO_CHEST);
        assert_eq!(scrubber(&h), ["Step 1 of 2: start"], "({motion:?})");
        // One step on, as a screen reader (or the arrow keys) would.
        h.get_by_role_and_label(Role::Slider, "Step 1 of 2: start").increment_accesskit();
        // The pointer away, so no tooltip waits to show.
        h.event(egui::Event::PointerGone);
        settle(&mut h);
        h.run_steps(8);
        assert_eq!(scrubber(&h), ["Step 2 of 2: knee to chest"], "({motion:?})");
        assert_eq!(repaint_delay(&h), Some(Duration::MAX), "a scrubbed figure waits there ({motion:?})");
        if motion == FigureMotion::Animated {
            assert!(h.query_by_role_and_label(Role::Button, "Play animation").is_some(), "scrubbing pauses it");
        }
    }
}

#[test]
fn a_minimised_window_asks_for_no_frame_of_a_moving_figure() {
    let mut h = harness(Settings::default());
    open_card(&mut h, KNEE_TO_CHEST);
    settle(&mut h);
    assert!(repaint_delay(&h).is_some_and(|d| d < Duration::MAX));
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().minimized = Some(true);
    h.run_steps(2);
    assert_eq!(repaint_delay(&h), Some(Duration::MAX), "nothing to see: no repaint");
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().minimized = Some(false);
    h.run_steps(2);
    assert!(repaint_delay(&h).is_some_and(|d| d < Duration::MAX), "shown again, it moves again");
}

#[test]
fn the_animation_setting_is_in_the_layers_menu_and_stored() {
    let mut h = harness(Settings::default());
    open_card(&mut h, KNEE_TO_CHEST);
    assert!(moving_figure(&h, KNEE_TO_CHEST).is_some());
    h.get_by_label("Layers").click();
    h.run();
    h.get_by_label("Animate exercise figures").click();
    h.run();
    assert_eq!(h.state().settings.figure_motion, FigureMotion::Still, "kept with the settings");
    // Stored and read back with them (and not written while it has its default).
    let mut storage = common::MemoryStorage::default();
    sciatica_explorer::app::save_settings(&mut storage, &h.state().settings);
    assert_eq!(sciatica_explorer::app::settings_from_storage(Some(&storage)).figure_motion, FigureMotion::Still);
    sciatica_explorer::app::save_settings(&mut storage, &Settings::default());
    let stored = eframe::Storage::get_string(&storage, sciatica_explorer::app::SETTINGS_KEY).unwrap_or_default();
    assert!(!stored.contains("figure_motion"), "{stored}");
    assert_eq!(sciatica_explorer::app::settings_from_storage(Some(&storage)).figure_motion, FigureMotion::Animated);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(moving_figure(&h, KNEE_TO_CHEST).is_none(), "the figure is still");
    assert_eq!(pose_pictures(&h, KNEE_TO_CHEST).len(), 2, "its key poses side by side");
    h.run_steps(2);
    assert_eq!(repaint_delay(&h), Some(Duration::MAX));
}
