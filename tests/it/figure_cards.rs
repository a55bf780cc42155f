//! Exercise cards show their figure's key poses as pictures, each with an accessible
//! description built from the data; advice without a figure shows none; nothing repaints at rest.

use crate::common;

use egui::{Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
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
        let mut h = harness(Settings { theme, ..Settings::default() });
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

#[test]
fn the_window_requests_no_repaint_at_rest_with_a_figure_card_open() {
    let mut h = harness(Settings::default());
    open_card(&mut h, KNEE_TO_CHEST);
    assert_eq!(pose_pictures(&h, KNEE_TO_CHEST).len(), 2, "the open card shows its figure");
    // `try_run` steps until egui stops asking for repaints; a figure that repaints forever fails.
    let steps = h.try_run();
    assert!(steps.is_ok(), "the window keeps requesting repaints with a card open: {steps:?}");
    let idle = h.output().viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.repaint_delay);
    assert_eq!(idle, Some(std::time::Duration::MAX), "no repaint is scheduled at rest");
}
