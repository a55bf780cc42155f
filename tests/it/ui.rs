//! UI tests with egui_kittest: widgets are found by their accessibility labels and clicked like a
//! user would; no GPU is needed.

use crate::common;

use std::sync::Arc;

use egui::{Key, Modifiers, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::{
    ExplorerApp, Settings, SkinMap, ThemeChoice, ViewMode, save_settings, settings_from_storage,
};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, Side, Urgency, View};
use sciatica_explorer::lookup::{AreaRef, all_area_refs};
use sciatica_explorer::pathway::Item;

fn kb() -> Arc<KnowledgeBase> {
    common::builtin_kb()
}

fn map() -> &'static BodyMap {
    common::builtin_map()
}

fn harness_with(settings: Settings) -> Harness<'static, ExplorerApp> {
    let app = ExplorerApp::new(kb(), common::window_map(), settings);
    let mut harness = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    harness.run();
    harness
}

/// Clicks the pain area with this label on the drawing (areas are check boxes).
fn click_area(h: &mut Harness<'static, ExplorerApp>, label: &str) {
    h.get_by_role_and_label(Role::CheckBox, label).click();
    h.run();
}

/// Clicks a button-like widget, scrolling it into view first as a user would.
fn click_in_panel(h: &mut Harness<'static, ExplorerApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).click();
    h.run();
}

fn harness(view: ViewMode) -> Harness<'static, ExplorerApp> {
    harness_with(Settings { view, ..Settings::default() })
}

/// The single view in which an area can be clicked.
fn view_mode_for(area: &AreaRef) -> ViewMode {
    let view = map().posterior.area(&area.base, area.side).map_or(View::Anterior, |_| View::Posterior);
    match view {
        View::Posterior => ViewMode::Posterior,
        View::Anterior => ViewMode::Anterior,
    }
}

#[test]
fn clicking_each_area_by_its_label_selects_it_and_shows_the_top_candidate() {
    let kb = kb();
    for area in all_area_refs(&kb) {
        let mut h = harness(view_mode_for(&area));
        let label = area.label(&kb);
        click_area(&mut h, &label);
        assert!(h.state().ui_state.is_selected(&area), "{label}: not selected after a click");
        let top = h.state().result().candidates.first().cloned();
        let Some(top) = top else { panic!("{label}: no candidate") };
        // The bar of the top candidate carries its name and band, never a percentage.
        let bar = format!("{}: {}", top.name, top.band.label());
        assert!(h.query_by_label(&bar).is_some(), "{label}: side panel does not show `{bar}`");
    }
}

#[test]
fn clicking_the_drawing_itself_selects_the_area_under_the_pointer() {
    let mut h = harness(ViewMode::Posterior);
    let node_rect = h.get_by_label("Left heel").rect();
    // Click a few points away from the node centre, still inside the area, through the canvas.
    h.get_by_label("Left heel").hover();
    h.run();
    let p = node_rect.center() + vec2(0.0, 9.0);
    h.event(egui::Event::PointerMoved(p));
    h.event(egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(h.state().ui_state.is_selected(&AreaRef::new("heel", Side::Left)));
}

#[test]
fn saddle_raises_the_emergency_banner_which_stays_while_it_applies() {
    let mut h = harness(ViewMode::Posterior);
    click_area(&mut h, "Saddle area");
    assert_eq!(h.state().result().most_urgent(), Some(Urgency::Emergency));
    let banner = h.query_by_label_contains("Red flag: Numbness");
    assert!(banner.is_some(), "the saddle red flag banner is shown");
    // There is no way to dismiss it: only deselecting the area removes it.
    assert!(h.query_by_label("Dismiss").is_none() && h.query_by_label("Close").is_none());
    click_area(&mut h, "Left buttock");
    assert!(h.query_by_label_contains("Red flag: Numbness").is_some(), "still shown while the saddle is selected");
    click_area(&mut h, "Saddle area");
    assert!(h.query_by_label_contains("Red flag: Numbness").is_none(), "gone once it no longer applies");
}

#[test]
fn multi_select_deselect_and_clear() {
    let mut h = harness(ViewMode::Posterior);
    for label in ["Left buttock", "Left back of thigh", "Right calf"] {
        click_area(&mut h, label);
    }
    assert_eq!(h.state().ui_state.selection.len(), 3);
    assert!(
        h.query_by_label_contains("Red flag: Pain, numbness, tingling or weakness in both legs").is_some(),
        "left and right areas raise the both-legs flag"
    );
    click_area(&mut h, "Left back of thigh");
    let selected: Vec<String> = h.state().ui_state.selection.iter().map(|s| s.area.key()).collect();
    assert_eq!(selected, vec!["left.buttock", "right.posterior_calf"]);
    h.get_by_label("Remove Left buttock").click();
    h.run();
    assert_eq!(h.state().ui_state.selection.len(), 1);
    h.get_by_label("Clear all").click();
    h.run();
    assert!(h.state().ui_state.selection.is_empty());
    assert!(h.state().result().candidates.is_empty());
}

#[test]
fn intensity_is_set_per_area() {
    let mut h = harness(ViewMode::Posterior);
    click_area(&mut h, "Left buttock");
    h.get_by_label("Left buttock intensity").set_value_accesskit(8.0);
    h.run();
    assert_eq!(h.state().ui_state.selection[0].intensity, Some(8));
}

#[test]
fn keyboard_only_selection_with_tab_and_space() {
    let mut h = harness(ViewMode::Posterior);
    let mut reached = false;
    for _ in 0..400 {
        h.key_press(Key::Tab);
        h.run();
        if h.query_by_label("Left outer foot").is_some_and(|n| n.is_focused()) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the left outer foot");
    h.key_press(Key::Space);
    h.run();
    assert!(
        h.state().ui_state.is_selected(&AreaRef::new("lateral_foot", Side::Left)),
        "Space selects the focused area"
    );
    h.key_press(Key::Space);
    h.run();
    assert!(!h.state().ui_state.is_selected(&AreaRef::new("lateral_foot", Side::Left)), "Space again deselects it");
}

#[test]
fn layer_toggles_and_skin_map_switch() {
    let mut h = harness(ViewMode::Both);
    assert!(h.state().settings.layers.bones);
    h.get_by_label("Layers").click();
    h.run();
    h.get_by_label("Bones").click();
    h.run();
    assert!(!h.state().settings.layers.bones, "the Bones toggle hides bones");
    if h.query_by_label("Labels").is_none() {
        h.get_by_label("Layers").click();
        h.run();
    }
    h.get_by_label("Labels").click();
    h.run();
    assert!(!h.state().settings.layers.labels);
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Nerve territories").click();
    h.run();
    assert_eq!(h.state().settings.layers.skin, SkinMap::Cutaneous);
    h.get_by_label("Dermatomes").click();
    h.run();
    assert_eq!(h.state().settings.layers.skin, SkinMap::Dermatomes);
}

#[test]
fn view_switch() {
    let mut h = harness(ViewMode::Both);
    h.get_by_label("Front").click();
    h.run();
    assert_eq!(h.state().settings.view, ViewMode::Anterior);
    assert!(h.query_by_label("Left big toe").is_some());
    assert!(h.query_by_label("Left heel").is_none(), "the heel is drawn in the back view only");
}

#[test]
fn tracing_a_nerve_highlights_its_whole_pathway() {
    let mut h = harness(ViewMode::Both);
    click_in_panel(&mut h, Role::Button, "Sural nerve");
    assert_eq!(h.state().ui_state.trace, Some(Item::Nerve("sural".to_string())));
    let highlight = h.state().highlight().clone();
    for nerve in ["sural", "tibial", "sciatic"] {
        assert!(highlight.nerves.contains(nerve), "{nerve} is part of the sural pathway");
    }
    assert!(highlight.roots.contains("S1"), "roots of the sural nerve are lit");
    assert!(highlight.territories.contains("sural"), "its skin territory is lit");
    assert!(!highlight.nerves.contains("femoral"));
    // Clicking it again clears the trace.
    click_in_panel(&mut h, Role::Button, "Sural nerve");
    assert!(h.state().highlight().is_empty());
}

#[test]
fn a_root_drawn_on_the_map_is_pointed_at_and_traced_as_a_root() {
    use sciatica_explorer::geometry::NerveKind;
    let mut h = harness(ViewMode::Posterior);
    let view = &map().posterior;
    // The view is only scaled and moved: two area label points (where their widgets sit) give
    // the screen position of any model point.
    let model = |base: &str, side: Side| view.area(base, side).map(|a| a.label).expect("area drawn in the back view");
    let (ma, mb) = (model("buttock", Side::Left), model("heel", Side::Right));
    let (sa, sb) = (h.get_by_label("Left buttock").rect().center(), h.get_by_label("Right heel").rect().center());
    let scale = (sb - sa).length() / (mb - ma).length();
    let to_screen = |p: egui::Pos2| sa + (p - ma) * scale;
    let root = view.nerves.iter().find(|n| n.kind == NerveKind::Root && !n.hidden).expect("a root is drawn");
    let points = &root.geometry.polys[0].points;
    h.event(egui::Event::PointerMoved(to_screen(points[points.len() / 4])));
    h.run();
    let hovered = h.state().hovered().cloned();
    let Some(Item::Root(id)) = hovered else { panic!("pointing at root {} hovers {hovered:?}", root.id) };
    // Alt-click: a plain click marks the pain area the root is drawn over.
    h.event(egui::Event::PointerButton {
        pos: to_screen(points[points.len() / 4]),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::ALT,
    });
    h.event(egui::Event::PointerButton {
        pos: to_screen(points[points.len() / 4]),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::ALT,
    });
    h.run();
    assert_eq!(h.state().ui_state.trace, Some(Item::Root(id.clone())), "an Alt-click traces the root");
    assert!(h.state().highlight().dermatomes.contains(&id), "its dermatome is lit");
}

#[test]
fn root_cards_trace_the_dermatome() {
    let mut h = harness(ViewMode::Both);
    click_in_panel(&mut h, Role::Button, "L5 nerve root");
    let highlight = h.state().highlight();
    assert!(highlight.dermatomes.contains("L5") && highlight.roots.contains("L5"));
    assert!(highlight.nerves.contains("sciatic") && highlight.nerves.contains("common_fibular"));
}

#[test]
fn selecting_a_candidate_highlights_it_on_the_drawing() {
    let mut h = harness(ViewMode::Posterior);
    click_area(&mut h, "Left buttock");
    // Piriformis syndrome ranks first for the buttock.
    click_in_panel(&mut h, Role::Button, "Piriformis syndrome (deep gluteal syndrome)");
    let highlight = h.state().highlight();
    assert!(highlight.muscles.contains("piriformis") && highlight.nerves.contains("sciatic"));
}

#[test]
fn exercise_filters_and_search() {
    let mut h = harness(ViewMode::Posterior);
    h.get_by_label("Search exercises").click();
    h.run();
    h.get_by_label("Search exercises").type_text("figure");
    h.run();
    assert_eq!(h.state().exercise_search(), "figure");
    assert!(h.query_by_label_contains("Supine figure-four").is_some());
    assert!(h.query_by_label_contains("Cat–cow").is_none(), "search hides unrelated exercises");
}

#[test]
fn theme_switch() {
    let mut h = harness(ViewMode::Posterior);
    h.get_by_label("Dark theme").click();
    h.run();
    assert_eq!(h.state().settings.theme, ThemeChoice::Dark);
    assert!(h.ctx.global_style().visuals.dark_mode);
}

#[test]
fn ctrl_plus_and_minus_zoom_the_interface() {
    let mut h = harness(ViewMode::Posterior);
    let before = h.ctx.zoom_factor();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert!(h.ctx.zoom_factor() > before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-6);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!(h.ctx.zoom_factor() < 1.0);
}

#[test]
fn scroll_zooms_and_drag_pans_the_drawing_and_reset_restores_it() {
    let mut h = harness(ViewMode::Posterior);
    let p = h.get_by_label("Left back of thigh").rect().center();
    h.event(egui::Event::PointerMoved(p));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, 120.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run();
    assert!(h.state().navigation(View::Posterior).zoom > 1.0, "scrolling up zooms in");
    h.get_by_label("Reset zoom").click();
    h.run();
    assert_eq!(h.state().navigation(View::Posterior).zoom, 1.0);
}

use common::MemoryStorage;

#[test]
fn settings_persist_and_a_stale_state_is_ignored() {
    let mut storage = MemoryStorage::default();
    let mut settings = Settings { view: ViewMode::Anterior, theme: ThemeChoice::Dark, ..Settings::default() };
    settings.layers.skin = SkinMap::Cutaneous;
    save_settings(&mut storage, &settings);
    assert_eq!(settings_from_storage(Some(&storage)), settings);
    // A damaged or incompatible stored state falls back to the defaults, without a panic.
    for junk in ["", "(((", "not ron at all", "(view: Sideways)", "[1, 2, 3]"] {
        let key = sciatica_explorer::app::SETTINGS_KEY;
        eframe::Storage::set_string(&mut storage, key, junk.to_string());
        assert_eq!(settings_from_storage(Some(&storage)), Settings::default(), "stored {junk:?}");
    }
    // A state from a version with fewer fields keeps what still fits.
    eframe::Storage::set_string(&mut storage, sciatica_explorer::app::SETTINGS_KEY, "(theme: Dark)".to_string());
    assert_eq!(settings_from_storage(Some(&storage)).theme, ThemeChoice::Dark);
    assert_eq!(settings_from_storage(None), Settings::default());
}

#[test]
fn toolbar_controls_never_overlap_at_any_width() {
    // A marked area makes the file name longest ("• Untitled session (unsaved)").
    for width in [1000.0, 1300.0, 1450.0, 1600.0, 1900.0] {
        let app = ExplorerApp::new(kb(), common::window_map(), Settings::default());
        let mut h = Harness::builder()
            .with_size(vec2(width, 1000.0))
            .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
        h.run();
        click_area(&mut h, "Left buttock");
        let labels = common::TOOLBAR_LABELS;
        let mut rects: Vec<(String, egui::Rect)> =
            labels.iter().map(|l| (l.to_string(), h.get_by_label(l).rect())).collect();
        let variant =
            h.get_all_by_role(Role::ComboBox).map(|n| n.rect()).filter(|r| r.top() < 80.0).collect::<Vec<_>>();
        assert_eq!(variant.len(), 1, "one combo box (the piriformis variant) in the toolbar at width {width}");
        rects.push(("piriformis variant".into(), variant[0]));
        for (i, (a, ra)) in rects.iter().enumerate() {
            assert!(ra.right() <= width + 0.5, "{a} runs off the window at width {width}");
            for (b, rb) in &rects[i + 1..] {
                assert!(!ra.shrink(0.5).intersects(rb.shrink(0.5)), "{a} {ra:?} overlaps {b} {rb:?} at width {width}");
            }
        }
    }
}

#[test]
fn hostile_stored_state_is_restored_safely_and_the_window_runs() {
    use sciatica_explorer::app::stored;
    let panel = egui::Id::unique("hostile-panel");
    for zoom in [0.0, f32::NAN, 100.0, f32::NEG_INFINITY, -2.0, 1.5] {
        // What eframe would have stored: a damaged zoom and widget state with no sane numbers.
        let mut memory = egui::Memory::default();
        memory.options.zoom_factor = zoom;
        let nowhere = egui::Rect::from_min_max(egui::pos2(f32::NAN, 0.0), egui::pos2(f32::INFINITY, 1e30));
        memory.data.insert_persisted(panel, egui::containers::panel::PanelState { outer_rect: nowhere });
        let mut storage = MemoryStorage::default();
        eframe::set_value(&mut storage, stored::EGUI_MEMORY_KEY, &memory);
        eframe::Storage::set_string(
            &mut storage,
            sciatica_explorer::app::SETTINGS_KEY,
            "(view:Sideways,layers:7)".to_string(),
        );

        let restored = stored::egui_memory(Some(&storage));
        let expected =
            if zoom.is_finite() { zoom.clamp(stored::MIN_ZOOM_FACTOR, stored::MAX_ZOOM_FACTOR) } else { 1.0 };
        assert_eq!(restored.options.zoom_factor, expected, "stored zoom {zoom}");

        let mut h = harness_with(settings_from_storage(Some(&storage)));
        stored::restore(&h.ctx, Some(&storage));
        assert!(
            h.ctx.data_mut(|d| d.get_persisted::<egui::containers::panel::PanelState>(panel)).is_none(),
            "widget state without sane numbers is dropped"
        );
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
        click_area(&mut h, "Saddle area");
        assert!(h.ctx.zoom_factor().is_finite() && h.ctx.zoom_factor() > 0.0);
    }
}
