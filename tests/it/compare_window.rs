//! Comparing visits in the window: a three-visit file opened, the latest visit compared with the
//! first on the drawing (each area's change found by its accessible name, the earlier areas
//! dashed), the centralisation sentence in the Progress window; the comparison layer in the
//! egui drawing and in the exported SVG; `--compare-with` checked before any window opens.

use crate::common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::TempDir;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::body_map;
use sciatica_explorer::app::dialogs::ScriptedDialogs;
use sciatica_explorer::app::progress_panel::COMPARE_COMBO_NAME;
use sciatica_explorer::app::{Action, ExplorerApp, FileCommand, SelectionAction, Settings};
use sciatica_explorer::geometry::display::Layer;
use sciatica_explorer::knowledge::{AreaRef, Side, View};

/// Three visits: down to the outer foot, then the calf, then only the thigh (centralising), with
/// the low back worse each time and the outer thigh new at the last.
const THREE_VISITS: &str = r#"{
  "format_version": 3,
  "app_version": "0.1.0",
  "patient": "JD 0042",
  "created": "2026-11-03T09:30:00Z",
  "modified": "2026-12-01T10:00:00Z",
  "visits": [
    { "date": "2026-11-03", "areas": [
        { "area": "low_back", "intensity": 2 },
        { "area": "left.buttock", "intensity": 7 },
        { "area": "left.posterior_thigh", "intensity": 6 },
        { "area": "left.posterior_calf", "intensity": 6 },
        { "area": "left.lateral_foot", "intensity": 8, "numb": true } ] },
    { "date": "2026-11-17", "areas": [
        { "area": "low_back", "intensity": 3 },
        { "area": "left.buttock", "intensity": 6 },
        { "area": "left.posterior_thigh", "intensity": 5 },
        { "area": "left.posterior_calf", "intensity": 4 } ] },
    { "date": "2026-12-01", "areas": [
        { "area": "low_back", "intensity": 4 },
        { "area": "left.buttock", "intensity": 4 },
        { "area": "left.posterior_thigh", "intensity": 3 },
        { "area": "left.lateral_thigh", "intensity": 2 } ] }
  ]
}"#;

fn three_visit_file(dir: &TempDir) -> PathBuf {
    let path = dir.file("patient.json");
    std::fs::write(&path, THREE_VISITS).expect("write the session");
    path
}

type H = Harness<'static, ExplorerApp>;

fn harness(size: egui::Vec2) -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default())
        .with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder().with_size(size).with_max_steps(16).build_ui_state(|ui, app| app.show(ui), app);
    body_map::record_drawing(&h.ctx);
    h.run();
    (h, dialogs)
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// The window with the three-visit file open and its latest visit compared with the first,
/// chosen from the "Compare with" list over the drawing.
fn comparing(dir: &TempDir) -> (H, ScriptedDialogs) {
    let (mut h, dialogs) = harness(vec2(1600.0, 1000.0));
    assert!(h.state_mut().open_path(&three_visit_file(dir)), "the file opens");
    h.run();
    assert!(h.query_by_label("Left calf: gone").is_none(), "not comparing yet");
    click(&mut h, COMPARE_COMBO_NAME);
    click(&mut h, "Visit 1 · 3 Nov");
    (h, dialogs)
}

#[test]
fn comparing_with_the_first_visit_labels_every_area_with_its_change() {
    let dir = TempDir::new("compare-labels");
    let (mut h, _dialogs) = comparing(&dir);
    assert_eq!(h.state().ui_state.compare_with, Some(0));
    // Each area is named with its change, on the drawing's own accessible areas: in the back
    // view, and in the front view where the area shows there too.
    for label in [
        "Low back: worse +2",
        "Left buttock: better \u{2212}3",
        "Left back of thigh: better \u{2212}3",
        "Left outer thigh: new",
        "Left outer thigh (front view): new",
        "Left calf: gone",
        "Left outer foot: gone",
        "Left outer foot (front view): gone",
    ] {
        assert!(h.query_by_label(label).is_some(), "no area named {label:?}");
    }
    // The drawing shows the same words.
    let drawn = body_map::last_drawn(&h.ctx, View::Posterior).expect("the back view was drawn");
    let mut tags: Vec<String> = drawn.layer(Layer::Comparison).filter_map(|i| i.text.clone()).collect();
    tags.sort();
    assert_eq!(tags, ["better \u{2212}3", "better \u{2212}3", "gone", "gone", "new", "worse +2"]);

    // The drawing with the comparison is made once and reused while nothing changes.
    let mesh = |h: &H| body_map::figure_mesh(&h.ctx, View::Posterior).expect("the back view's mesh");
    let before = mesh(&h);
    h.run();
    assert!(std::sync::Arc::ptr_eq(&before, &mesh(&h)), "the comparison's drawing is rebuilt every frame");

    // The comparison is kept only while the areas stay as they were: an area taken off is
    // compared again at once, and put back it is new again.
    let outer_thigh = AreaRef::new("lateral_thigh", Side::Left);
    h.state_mut().apply(Action::Selection(SelectionAction::RemoveArea(outer_thigh.clone())));
    h.run();
    assert!(h.query_by_label("Left outer thigh: new").is_none(), "a stale comparison");
    assert!(h.query_by_label("Left outer thigh").is_some());
    h.state_mut().apply(Action::Selection(SelectionAction::ToggleArea(outer_thigh)));
    h.run();
    assert!(h.query_by_label("Left outer thigh: new").is_some());

    // The previous visit instead: other changes (the outer foot had gone by then).
    click(&mut h, COMPARE_COMBO_NAME);
    click(&mut h, "Visit 2 · 17 Nov");
    assert!(h.query_by_label("Low back: worse +1").is_some());
    assert!(h.query_by_label("Left buttock: better \u{2212}2").is_some());
    assert!(h.query_by_label("Left outer foot: gone").is_none(), "not marked at either visit");
    assert!(h.query_by_label("Left outer foot").is_some());

    // No comparison: the areas have their plain names again, and the drawing no comparison.
    click(&mut h, COMPARE_COMBO_NAME);
    click(&mut h, "No comparison");
    assert!(h.query_by_label("Left calf").is_some());
    assert!(h.query_by_label("Left calf: gone").is_none());
    let drawn = body_map::last_drawn(&h.ctx, View::Posterior).expect("drawn");
    assert_eq!(drawn.layer(Layer::Comparison).count(), 0);
}

#[test]
fn the_progress_window_says_the_pain_is_centralising_with_its_source() {
    let dir = TempDir::new("compare-verdict");
    let (mut h, _dialogs) = comparing(&dir);
    assert!(h.query_by_label_contains("a good sign").is_none(), "the Progress window is closed");
    click(&mut h, "Progress chart…");
    assert!(h.state().ui_state.progress_open);
    let sentence = "Since 3 Nov the pain has moved up from the foot (left outer foot) to the thigh (left back of thigh, \
                    left outer thigh): a good sign.";
    assert!(h.query_by_label_contains(sentence).is_some(), "the verdict, said plainly");
    assert!(h.query_by_label_contains("(May & Aina 2012)").is_some(), "its readable citation");
    assert!(h.query_by_label_contains("Source: May & Aina 2012").is_some(), "and the source in full");
    // What changed since the last visit and since the visit compared on the drawing.
    assert!(h.query_by_label("Since the last visit (17 Nov)").is_some());
    assert!(h.query_by_label("• No longer marked: Left calf.").is_some());
    assert!(h.query_by_label("Since 3 Nov (compared on the drawing)").is_some());
    assert!(h.query_by_label("• No longer marked: Left calf, Left outer foot.").is_some());
    // The change lines are kept while nothing changes, and follow the areas when they do.
    h.state_mut().apply(Action::Selection(SelectionAction::ToggleArea(AreaRef::new("posterior_calf", Side::Left))));
    h.run();
    assert!(h.query_by_label("• No longer marked: Left calf.").is_none(), "stale lines since the last visit");
    assert!(h.query_by_label("• No longer marked: Left outer foot.").is_some(), "lines since 3 Nov follow");
    // The chart's panels.
    for heading in ["Pain (0 to 10)", "How much of the leg is marked", "How far down the leg it reaches"] {
        assert!(h.query_by_label(heading).is_some(), "{heading}");
    }
    // It closes like any window.
    h.state_mut().apply(Action::ShowProgress(false));
    h.run();
    assert!(h.query_by_label_contains("a good sign").is_none());
}

#[test]
fn the_progress_window_and_the_comparison_fit_a_small_window() {
    let dir = TempDir::new("compare-small");
    let (mut h, _dialogs) = harness(vec2(1280.0, 720.0));
    assert!(h.state_mut().open_path(&three_visit_file(&dir)), "the file opens");
    h.run();
    assert!(h.state_mut().compare_with_visit("2026-11-03").is_ok());
    h.state_mut().apply(Action::ShowProgress(true));
    h.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1280.0, 720.0));
    for heading in ["Progress over the visits", "Pain (0 to 10)", "How far down the leg it reaches"] {
        let rect = h.get_by_label(heading).rect();
        assert!(screen.contains_rect(rect), "{heading} at {rect:?} is off the screen");
    }
    assert!(h.query_by_label("Left calf: gone").is_some());
}

#[test]
fn the_comparison_is_in_the_egui_drawing_and_the_exported_svg() {
    let dir = TempDir::new("compare-svg");
    let (mut h, dialogs) = comparing(&dir);
    let egui_tags = |view: View| -> Vec<String> {
        let drawn = body_map::last_drawn(&h.ctx, view).expect("drawn");
        let mut tags: Vec<String> = drawn.layer(Layer::Comparison).filter_map(|i| i.text.clone()).collect();
        tags.sort();
        tags
    };
    let (back, front) = (egui_tags(View::Posterior), egui_tags(View::Anterior));
    assert!(!back.is_empty() && !front.is_empty(), "both views: {back:?} {front:?}");
    // The dashed outlines of the earlier visit's areas are lines of the layer, on the areas.
    let drawn = body_map::last_drawn(&h.ctx, View::Posterior).expect("drawn");
    assert!(
        drawn
            .layer(Layer::Comparison)
            .any(|i| i.primitive == "line" && i.target.as_deref() == Some("area:left.lateral_foot")),
        "the outer foot, gone, is outlined"
    );

    let path = dir.file("drawing.svg");
    dialogs.answer(Some(path.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export drawing as SVG…").click();
    h.run();
    let svg = std::fs::read_to_string(&path).expect("the drawing was exported");
    let views: Vec<&str> = svg.split("<svg ").skip(2).collect();
    assert_eq!(views.len(), 2, "both views");
    for (part, tags) in views.iter().zip([back, front]) {
        let mut svg_tags: Vec<String> = part
            .split("<text class=\"comparison\"")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>').and_then(|(_, rest)| rest.split_once("</text>")).map(|(t, _)| t.to_string())
            })
            .collect();
        svg_tags.sort();
        assert_eq!(svg_tags, tags, "the SVG tags the areas as the window does");
        assert!(part.contains("<polyline class=\"comparison\" data-target=\"area:"), "dashed outlines");
    }
    // The page has no compare bar: its legend says what the dashes and tags mean.
    assert!(svg.contains(sciatica_explorer::geometry::COMPARISON_LEGEND), "the legend explains the comparison");
}

#[test]
fn a_new_visit_with_changed_areas_compared_with_the_last_shows_what_changed() {
    let dir = TempDir::new("compare-new-visit");
    let (mut h, _dialogs) = harness(vec2(1600.0, 1000.0));
    assert!(h.state_mut().open_path(&three_visit_file(&dir)), "the file opens");
    h.run();
    // A new visit from the last one's areas, their levels cleared to be asked again.
    {
        let state = &mut h.state_mut().ui_state;
        state.plan.start_new_visit(&mut state.selection, true, "2026-12-15");
    }
    h.run();
    // Areas changed on the drawing: the heel marked, the low back no longer; one level asked.
    click(&mut h, "Left heel");
    let low_back = AreaRef::new("low_back", Side::Midline);
    h.state_mut().apply(Action::Selection(SelectionAction::RemoveArea(low_back)));
    let buttock = AreaRef::new("buttock", Side::Left);
    h.state_mut().apply(Action::Selection(SelectionAction::SetIntensity(buttock, Some(2))));
    h.run();
    click(&mut h, COMPARE_COMBO_NAME);
    click(&mut h, "Visit 3 · 1 Dec");
    for label in [
        "Left heel: new",
        "Low back: gone",
        "Left buttock: better \u{2212}2",
        "Left back of thigh: not rated",
        "Left outer thigh: not rated",
    ] {
        assert!(h.query_by_label(label).is_some(), "no area named {label:?}");
    }
}

#[test]
fn opening_a_file_or_a_new_session_stops_comparing() {
    let dir = TempDir::new("compare-reset");
    let (mut h, _dialogs) = comparing(&dir);
    assert!(h.query_by_label("Left calf: gone").is_some());
    assert!(h.state_mut().open_path(&three_visit_file(&dir)));
    h.run();
    assert_eq!(h.state().ui_state.compare_with, None, "another file's visit 1 is not compared unasked");
    assert!(h.query_by_label("Left calf: gone").is_none());
    assert!(h.state_mut().compare_with_visit("1").is_ok());
    h.state_mut().apply(Action::File(FileCommand::New));
    h.run();
    assert_eq!(h.state().ui_state.compare_with, None);
}

const BIN: &str = env!("CARGO_BIN_EXE_sciatica-explorer");

fn run_headless(args: &[&str]) -> Output {
    let output = Command::new(BIN).env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY").args(args).output();
    output.unwrap_or_else(|e| panic!("could not run the binary: {e}"))
}

#[test]
fn a_visit_to_compare_with_that_the_file_lacks_exits_2_before_any_window() {
    let dir = TempDir::new("compare-args");
    let file = three_visit_file(&dir).to_string_lossy().into_owned();
    let png = dir.file("shot.png").to_string_lossy().into_owned();
    for (which, says) in [("3", "visits 1 to 2 come before"), ("2026-12-24", "no earlier visit on 2026-12-24")] {
        let output = run_headless(&["--screenshot", &png, "--open", &file, "--compare-with", which]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{which}: {stderr}");
        assert!(stderr.contains("--compare-with") && stderr.contains(says), "{which}: {stderr}");
    }
    // Nothing to compare without a file.
    let output = run_headless(&["--screenshot", &png, "--compare-with", "1"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!std::path::Path::new(&png).exists(), "no picture");
}
