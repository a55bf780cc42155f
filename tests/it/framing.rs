//! Framing and tracing in the window: a trace or a teach step pans and zooms to what it lights,
//! eased and then still; a caption names the trace and Esc clears it; a patient marked on one
//! side has the trace lit on that side; teach mode gives the drawing the window's height.

use crate::common;

use egui::{Key, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::{Action, ExplorerApp, Navigation, SelectionAction, Settings, ViewMode};
use sciatica_explorer::knowledge::{Side, View};
use sciatica_explorer::lookup::Selection;
use sciatica_explorer::pathway::Item;

type H = Harness<'static, ExplorerApp>;

fn harness(size: egui::Vec2, settings: Settings) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), settings);
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h
}

fn select(h: &mut H, areas: &[&str]) {
    let selection = Selection::parse_args(&common::builtin_kb(), areas).expect("areas");
    h.state_mut().select(selection.areas);
    h.run();
}

fn trace(h: &mut H, item: Item) {
    h.state_mut().apply(Action::Selection(SelectionAction::SetTrace(Some(item))));
}

/// egui_kittest turns animations off; these tests want the window's own easing.
fn with_animations(h: &mut H) {
    h.ctx.all_styles_mut(|style| style.animation_time = 1.0 / 12.0);
}

fn repaint_delay(h: &H) -> Option<std::time::Duration> {
    h.output().viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.repaint_delay)
}

#[test]
fn tracing_shows_a_caption_and_esc_clears_it() {
    let mut h = harness(vec2(1600.0, 1000.0), Settings::default());
    let caption = "Tracing: Sural nerve — Esc to clear";
    assert!(h.query_by_label(caption).is_none());
    trace(&mut h, Item::Nerve("sural".to_string()));
    h.run();
    assert!(h.query_by_label(caption).is_some(), "the trace is named on the drawing");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().ui_state.trace, None, "Esc clears the trace");
    assert!(h.query_by_label(caption).is_none(), "and its caption");
    // A click on the caption clears it too.
    trace(&mut h, Item::Root("S1".to_string()));
    h.run();
    h.get_by_label("Tracing: S1 nerve root — Esc to clear").click();
    h.run();
    assert_eq!(h.state().ui_state.trace, None);
}

#[test]
fn a_trace_glides_to_what_it_lights_then_the_window_rests_and_the_hand_still_works() {
    let mut h = harness(vec2(1600.0, 1000.0), Settings { view: ViewMode::Posterior, ..Settings::default() });
    with_animations(&mut h);
    h.run();
    assert_eq!(h.state().navigation(View::Posterior), Navigation::default());
    trace(&mut h, Item::Muscle("piriformis".to_string()));
    // Each step is a quarter of a second: the glide (0.3 s) starts, is under way, then ends.
    h.step();
    h.step();
    let under_way = h.state().navigation(View::Posterior);
    assert_ne!(repaint_delay(&h), Some(std::time::Duration::MAX), "frames are asked for while it glides");
    let steps = h.try_run();
    assert!(steps.is_ok(), "the glide ends: {steps:?}");
    let framed = h.state().navigation(View::Posterior);
    assert!(framed.zoom > 1.5, "zoomed in on the buttock: {framed:?}");
    assert!(under_way.zoom > 1.0 && under_way.zoom < framed.zoom, "eased: {under_way:?} then {framed:?}");
    assert_eq!(repaint_delay(&h), Some(std::time::Duration::MAX), "no repaint once it has ended");
    // The user pans and zooms by hand afterwards, and Reset zoom still fits the figure.
    h.state_mut().navigate(View::Posterior, 1.25, vec2(0.0, 0.0), vec2(30.0, 0.0));
    h.run();
    assert!(h.state().navigation(View::Posterior).zoom > framed.zoom, "the hand's zoom stays");
    h.state_mut().apply(Action::ResetNavigation);
    h.run();
    assert_eq!(h.state().navigation(View::Posterior), Navigation::default());
    // Clearing the trace shows the whole figure again.
    trace(&mut h, Item::Muscle("piriformis".to_string()));
    h.state_mut().apply(Action::Selection(SelectionAction::SetTrace(None)));
    h.run();
    assert_eq!(h.state().navigation(View::Posterior), Navigation::default());
}

#[test]
fn each_teach_step_frames_what_it_lights() {
    let mut h = harness(vec2(1600.0, 1000.0), Settings { view: ViewMode::Posterior, ..Settings::default() });
    select(&mut h, &["left.lateral_foot@6"]);
    h.state_mut().apply(Action::Teach(sciatica_explorer::app::TeachAction::Enter));
    h.run();
    let steps = h.state().ui_state.teach.as_ref().expect("teach mode on").steps.clone();
    assert!(steps[0].title.ends_with("nerve root"), "{:?}", steps[0].title);
    let root = h.state().navigation(View::Posterior);
    assert!(root.zoom > 1.5, "a root step zooms in on the spine: {root:?}");
    h.key_press(Key::End);
    h.run();
    let felt = h.state().navigation(View::Posterior);
    assert_eq!(steps.last().map(|s| s.title.as_str()), Some("Where it is felt"));
    assert_ne!(felt, root, "the skin is framed elsewhere");
    assert!(felt.pan.y < root.pan.y, "lower down the leg: {felt:?} after {root:?}");
}

#[test]
fn a_patient_marked_on_one_side_has_the_trace_lit_on_that_side() {
    let mut h = harness(vec2(1600.0, 1000.0), Settings::default());
    select(&mut h, &["left.posterior_calf", "low_back"]);
    trace(&mut h, Item::Nerve("sural".to_string()));
    h.run();
    assert_eq!(h.state().highlight().side, Some(Side::Left));
    select(&mut h, &["left.posterior_calf", "right.heel"]);
    assert_eq!(h.state().highlight().side, None, "both sides marked: both lit");
}

#[test]
fn teach_mode_gives_the_drawing_the_height_of_a_small_screen() {
    let mut h = harness(vec2(1280.0, 720.0), Settings::default());
    select(&mut h, &["left.lateral_foot@6"]);
    h.state_mut().apply(Action::Teach(sciatica_explorer::app::TeachAction::Enter));
    h.run();
    let rect = h.state().map_rect();
    assert!(rect.height() > 0.85 * 720.0, "the drawing keeps the window's height: {rect:?}");
    assert!(rect.width() > 0.6 * 1280.0, "and most of its width: {rect:?}");
    // Its sources are readable citations, not ids.
    assert!(h.query_by_label_contains("Sources: ").is_some());
    assert!(h.query_by_label_contains("Lee et al. 2008").is_some(), "the S1 root's dermatome source");
    assert!(h.query_by_label_contains("lee_2008").is_none());
    let next = h.get_by_label("Next").rect();
    assert!(next.right() <= rect.left() + 1.0, "the story sits beside it: {next:?}");
}
