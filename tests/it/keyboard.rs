//! Keyboard use, the window title and the drawing's PNG export, driven with egui_kittest as a
//! user would: Tab, Enter, Space and F6; the File menu; the accessibility tree.

use crate::common;

use std::path::Path;

use egui::{Key, Rect, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sciatica_explorer::app::dialogs::ScriptedDialogs;
use sciatica_explorer::app::keyboard::{self, SKIP_LABEL};
use sciatica_explorer::app::{ExplorerApp, SelectionAction, Settings, SideTab, ThemeChoice, ViewMode};
use sciatica_explorer::lookup::{AreaRef, Selection, all_area_refs};
use sciatica_explorer::pathway::Item;

type H = Harness<'static, ExplorerApp>;

fn harness_with(size: egui::Vec2, settings: Settings) -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app =
        ExplorerApp::new(common::builtin_kb(), common::window_map(), settings).with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    (h, dialogs)
}

fn harness() -> H {
    harness_with(vec2(1600.0, 1000.0), Settings::default()).0
}

/// The label of the node with keyboard focus, if any has it.
fn focused(h: &H) -> Option<(Role, String)> {
    h.query_by(|n| n.is_focused()).map(|n| {
        let node = n.accesskit_node();
        (node.role(), node.label().unwrap_or_default())
    })
}

/// Whether `label` names one of the drawing's areas (its nodes are check boxes named after the
/// area, "(front view)" added in the second view).
fn is_area(label: &str) -> bool {
    let kb = common::builtin_kb();
    let base = label.trim_end_matches(" (front view)");
    all_area_refs(&kb).iter().any(|a| a.label(&kb) == base)
}

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn tab_then_enter_from_the_top_of_the_window_reaches_the_drawing_in_fewer_than_14_presses() {
    let mut h = harness();
    let mut presses = 0;
    while presses < 14 {
        press(&mut h, Key::Tab);
        presses += 1;
        if focused(&h).is_some_and(|(_, label)| label == SKIP_LABEL) {
            break;
        }
    }
    assert_eq!(presses, 1, "the skip control is the first stop of Tab");
    press(&mut h, Key::Enter);
    presses += 1;
    let (role, label) = focused(&h).unwrap_or_else(|| panic!("nothing has focus after Enter on the skip control"));
    assert_eq!(role, Role::CheckBox, "{label}");
    assert!(is_area(&label), "focus is on `{label}`, not an area of the drawing");
    assert!(presses < 14);
    // Tab goes on from there to the next area.
    press(&mut h, Key::Tab);
    let (_, next) = focused(&h).unwrap_or_default();
    assert!(is_area(&next) && next != label, "Tab after the first area: `{next}`");
}

#[test]
fn f6_goes_to_the_drawing_from_anywhere() {
    let (mut h, _) = harness_with(vec2(1600.0, 1000.0), Settings::default());
    h.get_by_label("Reset zoom").focus();
    h.run();
    press(&mut h, keyboard::SKIP_KEY);
    let (role, label) = focused(&h).unwrap_or_default();
    assert!(role == Role::CheckBox && is_area(&label), "F6 focused `{label}`");
}

#[test]
fn a_focused_area_is_named_in_the_status_bar_and_its_accessible_name() {
    let mut h = harness();
    press(&mut h, keyboard::SKIP_KEY);
    let (_, first) = focused(&h).unwrap_or_default();
    assert!(h.query_by_label(&sciatica_explorer::app::focused_area_hint(&first)).is_some(), "status bar names {first}");
    press(&mut h, Key::Tab);
    let (_, second) = focused(&h).unwrap_or_default();
    assert_ne!(first, second);
    assert!(
        h.query_by_label(&sciatica_explorer::app::focused_area_hint(&second)).is_some(),
        "status bar names {second}"
    );
    assert!(h.query_by_label(&sciatica_explorer::app::focused_area_hint(&first)).is_none(), "and no longer {first}");
    // Focus elsewhere: the status bar no longer names an area.
    h.get_by_label("Reset zoom").focus();
    h.run();
    assert!(h.query_by_label_contains("Space marks or unmarks it").is_none());
}

/// Moves the pointer across the back of the left thigh until it rests on a nerve line.
fn rest_pointer_on_a_nerve(h: &mut H) {
    let thigh = h.get_by_label("Left back of thigh").rect().center();
    for dx in (-120..=120).step_by(2) {
        for dy in [0.0, -30.0, 30.0] {
            h.hover_at(thigh + vec2(dx as f32, dy));
            h.run();
            if matches!(h.state().hovered(), Some(Item::Nerve(_))) {
                return;
            }
        }
    }
    panic!("no nerve found across the back of the left thigh");
}

#[test]
fn space_marks_only_the_focused_area_and_never_traces_the_nerve_under_the_resting_pointer() {
    let mut h = harness_with(vec2(1600.0, 1000.0), Settings { view: ViewMode::Posterior, ..Settings::default() }).0;
    rest_pointer_on_a_nerve(&mut h);
    // Tab through the whole window up to the drawing: no stop without a name (the drawing's
    // canvas once was one, and Space there traced whatever the pointer rested on).
    let mut reached = None;
    for _ in 0..400 {
        press(&mut h, Key::Tab);
        let Some((role, label)) = focused(&h) else { continue };
        if label.is_empty() {
            press(&mut h, Key::Space);
            assert_eq!(
                h.state().ui_state.trace,
                None,
                "Space on an unnamed {role:?} traced the nerve under the pointer"
            );
            assert!(h.state().ui_state.selection.is_empty(), "Space on an unnamed {role:?} marked an area");
        }
        if role == Role::CheckBox && is_area(&label) {
            reached = Some(label);
            break;
        }
    }
    let Some(area) = reached else { panic!("Tab never reached the drawing") };
    press(&mut h, Key::Space);
    let kb = common::builtin_kb();
    let marked: Vec<String> = h.state().ui_state.selection.iter().map(|s| s.area.label(&kb)).collect();
    assert_eq!(marked, vec![area.clone()], "Space marks the focused area");
    assert_eq!(h.state().ui_state.trace, None, "and traces nothing");
    press(&mut h, Key::Enter);
    assert!(h.state().ui_state.selection.is_empty(), "Enter unmarks it");
}

#[test]
fn the_focused_control_has_a_clear_ring_around_it_in_both_themes() {
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        let (mut h, _) = harness_with(vec2(1600.0, 1000.0), Settings { theme, ..Settings::default() });
        assert_eq!(keyboard::focus_ring(&h.ctx), None, "{theme:?}: nothing has focus yet");
        for label in ["Reset zoom", "Sources & exercises"] {
            h.get_by_label(label).focus();
            h.run();
            let control = h.get_by_label(label).rect();
            let ring = keyboard::focus_ring(&h.ctx).unwrap_or_else(|| panic!("{theme:?}: no ring around {label}"));
            assert!(
                ring.contains_rect(control) && ring.width() < control.width() + 12.0,
                "{theme:?}: {ring:?} around {control:?}"
            );
        }
        // The drawing's areas draw their own ring (a circle at the area's point).
        press(&mut h, keyboard::SKIP_KEY);
        assert_eq!(keyboard::focus_ring(&h.ctx), None, "{theme:?}: a second ring on the area");
    }
}

#[test]
fn the_title_names_the_app_and_the_file_and_is_the_windows_accessible_name() {
    let mut h = harness();
    let root_name = |h: &H| h.root().accesskit_node().label().unwrap_or_default();
    assert_eq!(h.state().window_title(), "Sciatica Explorer - Untitled session");
    assert_eq!(root_name(&h), "Sciatica Explorer - Untitled session");
    let area = AreaRef::new("buttock", sciatica_explorer::knowledge::Side::Left);
    h.state_mut().apply(sciatica_explorer::app::Action::Selection(SelectionAction::ToggleArea(area)));
    h.step();
    let expected = "Sciatica Explorer - Untitled session (unsaved)";
    let commands = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::Title(expected.to_string())),
        "the title is sent when it changes: {commands:?}"
    );
    h.run();
    assert_eq!(h.state().window_title(), expected);
    assert_eq!(root_name(&h), expected);
    // Sent once, not every frame.
    h.step();
    let commands = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(!commands.iter().any(|c| matches!(c, egui::ViewportCommand::Title(_))), "{commands:?}");
}

/// Width, height and RGBA pixels of a PNG file.
fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a PNG frame");
    pixels.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, pixels)
}

/// Exports the drawing as PNG at the size labelled `size` (a radio button of the size window).
fn export_png(h: &mut H, dialogs: &ScriptedDialogs, size: Option<&str>, path: &Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export drawing as PNG…").click();
    h.run();
    if let Some(size) = size {
        h.get_by_label_contains(size).click();
        h.run();
    }
    dialogs.answer(Some(path.to_path_buf()));
    h.get_by_label("Export…").click();
    h.run();
    for _ in 0..600 {
        if h.state().ui_state.status.starts_with("Exported") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    }
    panic!("not exported: {}", h.state().ui_state.status);
}

#[test]
fn the_png_export_is_drawn_at_the_chosen_size_and_shows_the_drawing() {
    let dir = common::TempDir::new("png-export");
    let (mut h, dialogs) = harness_with(vec2(1600.0, 1000.0), Settings::default());
    h.state_mut().select(vec![sciatica_explorer::lookup::SelectedArea {
        area: AreaRef::new("buttock", sciatica_explorer::knowledge::Side::Left),
        intensity: Some(7),
        numb: false,
    }]);
    h.run();

    let twice = dir.file("twice.png");
    export_png(&mut h, &dialogs, None, &twice);
    let (w, h_px, pixels) = decode_png(&twice);
    let side: f32 = h
        .state()
        .panel_rects()
        .iter()
        .filter(|(n, _)| matches!(*n, "anatomy" | "results"))
        .map(|(_, r)| r.width())
        .sum();
    let on_screen = 1600.0 - side;
    // The drawing is the window less the side panels (and their separators).
    assert!(w as f32 >= 2.0 * (on_screen - 20.0), "{w} × {h_px}: not twice the {on_screen} points on screen");
    assert!(h_px > 500, "{w} × {h_px}");
    assert_not_blank(&pixels);

    let slide = dir.file("slide.png");
    export_png(&mut h, &dialogs, Some("Slide"), &slide);
    let (w, _, pixels) = decode_png(&slide);
    assert_eq!(w, 1920);
    assert_not_blank(&pixels);
    assert!(h.state().ui_state.status.contains("slide.png"), "{}", h.state().ui_state.status);
}

/// The image has the drawing: many colours, dark label text, and the marked area's colour.
fn assert_not_blank(pixels: &[u8]) {
    let mut colours = std::collections::HashSet::new();
    let mut dark = 0usize;
    for p in pixels.chunks_exact(4) {
        colours.insert([p[0] >> 3, p[1] >> 3, p[2] >> 3]);
        if u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 200 {
            dark += 1;
        }
    }
    assert!(colours.len() > 50, "only {} colours: blank", colours.len());
    assert!(dark > 500, "only {dark} dark pixels: no outlines or labels");
}

/// A widget's role, text and rectangle.
type Widget = (Role, String, Rect);

/// Every widget's role, label and rectangle, grouped by the panel it is in (its nearest
/// ancestor of role `Pane` in the accessibility tree), for the four panels around the drawing,
/// each found by a widget it always has, with its rectangle (`panel_rects`).
fn widgets_by_panel(h: &H) -> Vec<(&'static str, Rect, Vec<Widget>)> {
    let mut groups: Vec<(String, Vec<Widget>)> = Vec::new();
    for n in h.query_all_by(|n| n.bounding_box().is_some()) {
        let node = n.accesskit_node();
        let mut ancestor = node.parent();
        while let Some(a) = ancestor.filter(|a| a.role() != Role::Pane) {
            ancestor = a.parent();
        }
        let Some(pane) = ancestor else { continue };
        let key = format!("{:?}", pane.id());
        // A label's text is its value (its name is empty).
        let text = node.label().filter(|l| !l.is_empty()).or_else(|| node.value()).unwrap_or_default();
        let widget = (node.role(), text, n.rect());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, widgets)) => widgets.push(widget),
            None => groups.push((key, vec![widget])),
        }
    }
    let marks = [
        ("toolbar", "File"),
        ("status", "Education, not a diagnosis"),
        ("anatomy", "Where it hurts"),
        ("results", "Sources & exercises"),
    ];
    let panels = h.state().panel_rects();
    marks
        .into_iter()
        .map(|(name, mark)| {
            let rect =
                panels.iter().find(|(n, _)| *n == name).map(|(_, r)| *r).unwrap_or_else(|| panic!("no {name} panel"));
            let group = groups.iter().find(|(_, widgets)| widgets.iter().any(|(_, label, _)| label.starts_with(mark)));
            let widgets = group.map(|(_, w)| w.clone()).unwrap_or_else(|| panic!("no panel holds `{mark}`"));
            (name, rect, widgets)
        })
        .collect()
}

/// At 1024 × 768, with five areas marked and a plan, in each tab and theme: no widget of a panel
/// reaches past its panel's sides (nor, in the toolbar and status bar, its top or bottom).
#[test]
fn at_1024_by_768_nothing_spills_over_a_panel_border() {
    for (theme, start) in [
        (ThemeChoice::Light, vec2(1024.0, 768.0)),
        (ThemeChoice::Dark, vec2(1500.0, 950.0)),
        (ThemeChoice::Light, vec2(500.0, 400.0)),
        (ThemeChoice::Light, vec2(1920.0, 1200.0)),
    ] {
        // Opened larger, then made smaller (as the window opens, then takes `--size`, and as a
        // user shrinks it): the panels must follow, not keep their larger content.
        let (mut h, _) = harness_with(start, Settings { theme, ..Settings::default() });
        let areas =
            ["left.buttock@7", "left.posterior_thigh@6", "left.posterior_calf@5", "left.lateral_foot", "left.heel@3"];
        let kb = common::builtin_kb();
        let selection = Selection::parse_args(&kb, &areas).unwrap_or_else(|e| panic!("{e}"));
        h.state_mut().select(selection.areas);
        h.run();
        h.set_size(vec2(1024.0, 768.0));
        h.run();
        let exercises: Vec<String> = h.state().result().exercises.iter().take(3).map(|e| e.id.to_string()).collect();
        for id in exercises {
            h.state_mut()
                .apply(sciatica_explorer::app::Action::Plan(sciatica_explorer::app::PlanAction::ToggleExercise(id)));
        }
        h.run();
        for tab in [SideTab::Lookup, SideTab::Plan] {
            h.state_mut().apply(sciatica_explorer::app::Action::ShowTab(tab));
            h.run();
            h.run();
            let panels = h.state().panel_rects().to_vec();
            assert_eq!(panels.len(), 4, "{panels:?}");
            let mut spills = Vec::new();
            let groups = widgets_by_panel(&h);
            for (name, panel, widgets) in groups {
                assert!(
                    widgets.len() >= 3,
                    "{theme:?}, {tab:?} tab: only {} widgets in the {name} panel",
                    widgets.len()
                );
                // The side panels scroll: only the top and bottom bars must hold their height.
                let bars = matches!(name, "toolbar" | "status");
                for (role, label, rect) in widgets {
                    // A splitter straddles its panel's border by design.
                    if role == Role::Splitter {
                        continue;
                    }
                    let out = rect.left() < panel.left() - 1.0
                        || rect.right() > panel.right() + 1.0
                        || bars && (rect.top() < panel.top() - 1.0 || rect.bottom() > panel.bottom() + 1.0);
                    if out {
                        spills.push(format!("{name} {panel:?}: {role:?} `{label}` at {rect:?}"));
                    }
                }
            }
            assert!(spills.is_empty(), "{theme:?}, {tab:?} tab:\n{}", spills.join("\n"));
        }
    }
}
