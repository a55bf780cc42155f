//! Editing the patient's document in the window, driven like a user with egui_kittest: undo and
//! redo, clicking the drawing where nerves cross the areas, rating an area, finding an area by
//! name.

use crate::common;

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::{ExplorerApp, Settings, ViewMode};
use sciatica_explorer::knowledge::Side;
use sciatica_explorer::lookup::AreaRef;

type H = Harness<'static, ExplorerApp>;

fn harness(view: ViewMode) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings { view, ..Settings::default() });
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn press(h: &mut H, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn undo(h: &mut H) {
    press(h, Modifiers::COMMAND, Key::Z);
}

fn marked(h: &H) -> Vec<String> {
    h.state().ui_state.selection.iter().map(|s| s.area.key()).collect()
}

fn buttock() -> AreaRef {
    AreaRef::new("buttock", Side::Left)
}

#[test]
fn undo_and_redo_step_through_marking_levels_notes_and_clear_all() {
    let mut h = harness(ViewMode::Posterior);
    click(&mut h, "Left buttock");
    click(&mut h, "Left back of thigh");
    h.get_by_label("Left buttock intensity").set_value_accesskit(8.0);
    h.run();
    click(&mut h, "Patient plan");
    // Two bursts of typing in quick succession are one step.
    type_into(&mut h, "Patient notes", "Walk daily.");
    type_into(&mut h, "Patient notes", " Review in 2 weeks.");
    h.key_press(Key::Escape);
    h.run();
    click(&mut h, "Clear all");
    assert!(marked(&h).is_empty());

    undo(&mut h);
    assert_eq!(marked(&h), ["left.buttock", "left.posterior_thigh"], "Clear all is undone");
    assert_eq!(h.state().ui_state.selection[0].intensity, Some(8));
    assert!(!h.state().result().candidates.is_empty(), "the look-up follows the restored areas");
    undo(&mut h);
    assert_eq!(h.state().ui_state.plan.notes, "", "the whole note is one step");
    undo(&mut h);
    assert_eq!(h.state().ui_state.selection[0].intensity, None, "the level is undone");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().ui_state.selection[0].intensity, Some(8), "Ctrl+Shift+Z redoes");
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(h.state().ui_state.plan.notes, "Walk daily. Review in 2 weeks.", "Ctrl+Y redoes");
    for _ in 0..4 {
        undo(&mut h);
    }
    assert!(marked(&h).is_empty() && h.state().ui_state.plan.notes.is_empty());
    assert!(!h.state().is_dirty(), "back to the empty new session: nothing to save");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(marked(&h), ["left.buttock"]);
    assert!(h.state().is_dirty(), "a redone edit is unsaved again");
}

#[test]
fn ctrl_z_in_a_text_field_is_the_fields_own_and_a_new_session_starts_a_new_history() {
    let mut h = harness(ViewMode::Posterior);
    click(&mut h, "Left buttock");
    click(&mut h, "Patient plan");
    h.get_by_label("Patient label").focus();
    h.run();
    undo(&mut h);
    assert_eq!(marked(&h), ["left.buttock"], "typing in a field keeps Ctrl+Z to itself");
    h.key_press(Key::Escape);
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::N);
    click(&mut h, "Don't save");
    assert!(marked(&h).is_empty());
    undo(&mut h);
    assert!(marked(&h).is_empty(), "undo does not reach into the session before New");
    assert!(!h.state().ui_state.is_selected(&buttock()));
}

/// Where a point of the back view's model lands on screen: the view is only scaled and moved,
/// so two area widgets (centred on their label points) give the transform.
fn back_view_to_screen(h: &H) -> impl Fn(egui::Pos2) -> egui::Pos2 {
    let view = &common::builtin_map().posterior;
    let model = |base: &str, side: Side| view.area(base, side).map(|a| a.label).expect("area drawn in the back view");
    let (ma, mb) = (model("buttock", Side::Left), model("heel", Side::Right));
    let (sa, sb) = (h.get_by_label("Left buttock").rect().center(), h.get_by_label("Right heel").rect().center());
    let scale = (sb - sa).length() / (mb - ma).length();
    move |p| sa + (p - ma) * scale
}

fn click_at(h: &mut H, pos: egui::Pos2, modifiers: Modifiers) {
    h.event(egui::Event::PointerMoved(pos));
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton { pos, button: egui::PointerButton::Primary, pressed, modifiers });
    }
    h.run();
}

#[test]
fn a_click_on_a_nerve_over_the_back_of_the_thigh_marks_the_thigh_and_alt_click_traces_the_nerve() {
    use sciatica_explorer::pathway::Item;
    let mut h = harness(ViewMode::Posterior);
    let view = &common::builtin_map().posterior;
    let variant = Settings::default().variant;
    let thigh = AreaRef::new("posterior_thigh", Side::Left);
    // A point on a drawn nerve line, inside the left back of the thigh, away from its edges.
    let (point, nerve) = view
        .nerves
        .iter()
        .filter(|n| !n.hidden && n.variant.is_none_or(|v| v == variant))
        .flat_map(|n| n.geometry.polys.iter().flat_map(|p| p.points.iter().copied()))
        .filter(|p| view.area_at(*p).is_some_and(|a| a.id == thigh.base && a.side == thigh.side))
        .find_map(|p| view.nerve_at(p, 0.5, Some(variant)).filter(|n| !n.hidden).map(|n| (p, n.id.clone())))
        .expect("a nerve is drawn over the left back of the thigh");
    let pos = back_view_to_screen(&h)(point);
    h.event(egui::Event::PointerMoved(pos));
    h.run();
    assert_eq!(h.state().hovered(), Some(&Item::Nerve(nerve.clone())), "the pointer is on the {nerve} line");
    assert!(h.query_by_label_contains("Alt-click to trace").is_some(), "the status bar says how to trace it");

    click_at(&mut h, pos, Modifiers::NONE);
    assert!(h.state().ui_state.is_selected(&thigh), "a click marks the area under the nerve line");
    assert_eq!(h.state().ui_state.trace, None, "and traces nothing");

    // Marking an area may move the drawing (the legend grows): the same model point, anew.
    let pos = back_view_to_screen(&h)(point);
    click_at(&mut h, pos, Modifiers::ALT);
    assert_eq!(h.state().ui_state.trace, Some(Item::Nerve(nerve)), "Alt-click traces the nerve");
    assert!(h.state().ui_state.is_selected(&thigh), "and leaves the marked area alone");
}

#[test]
fn a_new_area_reads_not_rated_and_saves_no_level_until_one_is_set() {
    let dir = common::TempDir::new("not-rated");
    let file = dir.file("visit.json");
    let mut h = harness(ViewMode::Posterior);
    click(&mut h, "Left buttock");
    assert!(h.query_by_label("not rated").is_some(), "the panel says the new area is not rated");
    let slider = h.get_by_label("Left buttock intensity").value();
    assert_eq!(slider.as_deref(), Some("not rated"), "the slider reads no level");
    assert!(h.state_mut().save_to(&file));
    let saved = std::fs::read_to_string(&file).expect("saved session");
    assert!(!saved.contains("intensity"), "nothing is saved for an unrated area: {saved}");

    h.get_by_label("Left buttock intensity").set_value_accesskit(7.0);
    h.run();
    assert!(h.query_by_label("not rated").is_none(), "rated now");
    assert_eq!(h.get_by_label("Left buttock intensity").value().as_deref(), Some("7"));
    assert!(h.state_mut().save_to(&file));
    let saved = std::fs::read_to_string(&file).expect("saved session");
    assert!(saved.contains("\"intensity\": 7"), "the level shown is saved: {saved}");
}

#[test]
fn an_area_is_found_by_name_and_marked_by_a_click_or_enter() {
    use egui::Role;
    let mut h = harness(ViewMode::Posterior);
    type_into(&mut h, "Find an area", "heel");
    assert!(h.query_by_role_and_label(Role::Button, "Left heel").is_some(), "Left heel is listed");
    assert!(h.query_by_role_and_label(Role::Button, "Right heel").is_some(), "Right heel is listed");
    assert!(h.query_by_role_and_label(Role::Button, "Left calf").is_none(), "the calf is not");
    h.get_by_role_and_label(Role::Button, "Left heel").click();
    h.run();
    assert!(h.state().ui_state.is_selected(&AreaRef::new("heel", Side::Left)), "a click marks it");
    assert!(h.query_by_role_and_label(Role::Button, "Right heel").is_none(), "and the list closes");

    // Enter marks the first area listed, also one drawn only in the other view.
    type_into(&mut h, "Find an area", "big toe");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().ui_state.is_selected(&AreaRef::new("big_toe", Side::Left)), "Enter marks the first");

    // A misspelling still finds it.
    type_into(&mut h, "Find an area", "heal");
    assert!(h.query_by_role_and_label(Role::Button, "Right heel").is_some(), "`heal` suggests the heel");
    assert_eq!(h.state().ui_state.selection.len(), 2, "listing marks nothing");
}

#[test]
fn undo_never_brings_back_an_exercise_of_a_clinic_pack_no_longer_in_use() {
    use sciatica_explorer::app::dialogs::ScriptedDialogs;
    use sciatica_explorer::app::{Action, PlanAction};
    let pack = common::TempPack::clinic("undo-pack");
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default())
        .with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    dialogs.answer(Some(pack.dir.clone()));
    h.state_mut().apply(Action::File(sciatica_explorer::app::FileCommand::LoadPack));
    assert!(h.state_mut().finish_loading(std::time::Duration::from_secs(20)));
    h.run();
    click(&mut h, "OK");
    let sling = "clinic_sling_piriformis".to_string();
    for _ in 0..2 {
        h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise(sling.clone())));
    }
    h.state_mut().apply(Action::File(sciatica_explorer::app::FileCommand::UseBuiltinContent));
    h.run();
    assert!(h.state().kb.exercise(&sling).is_none(), "back on the built-in content");
    // One step back would be the plan holding the pack's exercise.
    undo(&mut h);
    assert!(!h.state().ui_state.plan.has_exercise(&sling), "the pack's exercise stays out of the plan");
}

#[test]
fn undo_covers_numbness_the_exercises_of_the_plan_and_their_doses() {
    let mut h = harness(ViewMode::Posterior);
    click(&mut h, "Left buttock");
    click(&mut h, "Left buttock numb or tingling");
    assert!(h.state().ui_state.selection[0].numb);
    let id = h.state().result().exercises[0].id.to_string();
    let name = common::builtin_kb().exercise(&id).expect("exercise").name.to_string();
    click(&mut h, &format!("Add {name} to the plan"));
    click(&mut h, "Patient plan (1)");
    type_into(&mut h, &format!("Dose for {name}"), "3 x 30 s");
    h.key_press(Key::Escape);
    h.run();
    let dose = |h: &H| h.state().ui_state.plan.exercises.first().and_then(|e| e.dosage.clone());
    assert_eq!(dose(&h).as_deref(), Some("3 x 30 s"));
    undo(&mut h);
    assert_eq!(dose(&h), None, "the dose is undone");
    undo(&mut h);
    assert!(!h.state().ui_state.plan.has_exercise(&id), "adding the exercise is undone");
    undo(&mut h);
    assert!(!h.state().ui_state.selection[0].numb, "numbness is undone");
    assert_eq!(marked(&h), ["left.buttock"]);
}
