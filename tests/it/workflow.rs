//! The clinic workflow in the window, driven like a user with egui_kittest: the plan, saving and
//! opening sessions through scripted dialogs, the unsaved-changes prompt, exports, clinic packs
//! and teach mode.

use crate::common;

use std::path::PathBuf;

use common::TempDir;
use std::sync::Arc;

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::dialogs::ScriptedDialogs;
use sciatica_explorer::app::{Action, ExplorerApp, FileCommand, PlanAction, Settings, SideTab};
use sciatica_explorer::export::session;
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::Selection;

fn kb() -> Arc<KnowledgeBase> {
    common::builtin_kb()
}

type H = Harness<'static, ExplorerApp>;

fn harness() -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(kb(), common::window_map(), Settings::default()).with_dialogs(Box::new(dialogs.clone()));
    // A background job's wake-up may land in any run: a few more steps than the default.
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    (h, dialogs)
}

/// Long enough for any pack or session to load on this machine.
const LOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Waits for what loads in the background (clinic packs, `--open`), then runs the frames after.
fn finish_loading(h: &mut H) {
    assert!(h.state_mut().finish_loading(LOAD_TIMEOUT), "still loading: {:?}", h.state().loading());
    h.run();
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn file_menu(h: &mut H, item: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

fn select(h: &mut H, areas: &[&str]) {
    let kb = kb();
    let selection = Selection::parse_args(&kb, areas).expect("areas");
    h.state_mut().select(selection.areas);
    h.run();
}

fn add_first_exercise_to_plan(h: &mut H) -> String {
    let id = h.state().result().exercises[0].id.to_string();
    let name = kb().exercise(&id).expect("exercise").name.to_string();
    click(h, &format!("Add {name} to the plan"));
    assert!(h.state().ui_state.plan.has_exercise(&id));
    name
}

#[test]
fn new_session_with_unsaved_changes_asks_first_and_cancel_keeps_everything() {
    let (mut h, _dialogs) = harness();
    assert!(!h.state().is_dirty(), "an empty new session has nothing to save");
    select(&mut h, &["left.buttock@6"]);
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().contains("unsaved"), "{}", h.state().window_title());

    file_menu(&mut h, "New session Ctrl+N");
    assert!(h.query_by_label_contains("has changes that are not saved").is_some(), "the prompt appears");
    click(&mut h, "Cancel");
    assert!(h.query_by_label_contains("has changes that are not saved").is_none());
    assert_eq!(h.state().ui_state.selection.len(), 1, "Cancel keeps the work");

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.query_by_label("Don't save").is_some(), "Ctrl+N asks too");
    click(&mut h, "Don't save");
    assert!(h.state().ui_state.selection.is_empty(), "Don't save discards");
    assert!(!h.state().is_dirty());
}

#[test]
fn save_then_reopen_restores_the_whole_session() {
    let dir = TempDir::new("save");
    let path = dir.file("visit.json");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.buttock@7", "left.lateral_foot@4"]);
    let name = add_first_exercise_to_plan(&mut h);

    // The plan tab: patient, dose and notes are typed like a user would.
    click(&mut h, "Patient plan (1)");
    assert_eq!(h.state().ui_state.tab, SideTab::Plan);
    h.get_by_label("Patient label").focus();
    h.run();
    h.get_by_label("Patient label").type_text("JD 0042");
    h.run();
    h.get_by_label(&format!("Dose for {name}")).focus();
    h.run();
    h.get_by_label(&format!("Dose for {name}")).type_text("30 s, 3 times, twice daily");
    h.run();
    h.get_by_label("Patient notes").focus();
    h.run();
    h.get_by_label("Patient notes").type_text("Walk daily. Review in 2 weeks.");
    h.run();
    let plan = h.state().ui_state.plan.clone();
    assert_eq!(plan.patient, "JD 0042");
    assert_eq!(plan.exercises[0].dosage.as_deref(), Some("30 s, 3 times, twice daily"));
    assert_eq!(plan.notes, "Walk daily. Review in 2 weeks.");

    // Ctrl+S on a new session asks where, then saves there.
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(dialogs.asked().iter().any(|a| a.starts_with("save:json:jd-0042-")), "{:?}", dialogs.asked());
    assert!(path.exists());
    assert!(!h.state().is_dirty(), "saved");
    assert_eq!(h.state().document_path(), Some(path.as_path()));
    assert_eq!(h.state().window_title(), "Sciatica Explorer - visit.json");

    // A fresh window opens it back.
    let (mut h2, dialogs2) = harness();
    dialogs2.answer(Some(path.clone()));
    file_menu(&mut h2, "Open session… Ctrl+O");
    finish_loading(&mut h2);
    let restored = h2.state();
    assert_eq!(restored.ui_state.selection, h.state().ui_state.selection);
    assert_eq!(restored.ui_state.plan.exercises, plan.exercises);
    assert_eq!(restored.ui_state.plan.patient, "JD 0042");
    assert_eq!(restored.ui_state.plan.notes, plan.notes);
    assert!(!restored.is_dirty());
}

#[test]
fn opening_a_bad_file_lists_the_problem_and_leaves_the_session_alone() {
    let dir = TempDir::new("bad");
    let bad = dir.file("broken.json");
    std::fs::write(&bad, "{\"format_version\": 1, \"areas\": [{\"area\": \"left.buttock\"").expect("write");
    let newer = dir.file("newer.json");
    std::fs::write(&newer, "{\"format_version\": 9}").expect("write");
    let (mut h, dialogs) = harness();
    select(&mut h, &["right.heel@3"]);
    let before = h.state().ui_state.selection.clone();

    // Unsaved work: the prompt first; "Don't save" then the dialog.
    dialogs.answer(Some(bad.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    click(&mut h, "Don't save");
    finish_loading(&mut h);
    assert!(h.query_by_label("The session did not open").is_some());
    assert!(h.query_by_label_contains("broken.json:1:").is_some(), "the error is located");
    click(&mut h, "OK");
    assert_eq!(h.state().ui_state.selection, before, "the session on screen is untouched");

    dialogs.answer(Some(newer));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    click(&mut h, "Don't save");
    finish_loading(&mut h);
    assert!(h.query_by_label_contains("newer version").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().ui_state.selection, before);
}

#[test]
fn save_in_the_prompt_saves_then_goes_on_and_a_cancelled_save_stops() {
    let dir = TempDir::new("prompt-save");
    let path = dir.file("a.json");
    let (mut h, dialogs) = harness();
    select(&mut h, &["saddle"]);
    file_menu(&mut h, "New session Ctrl+N");
    // "Save" with no file yet asks where; cancelling that keeps the work and the session.
    dialogs.answer(None);
    click(&mut h, "Save");
    assert_eq!(h.state().ui_state.selection.len(), 1, "a cancelled save does not discard");
    assert!(h.state().is_dirty());

    file_menu(&mut h, "New session Ctrl+N");
    dialogs.answer(Some(path.clone()));
    click(&mut h, "Save");
    assert!(path.exists(), "saved first");
    assert!(h.state().ui_state.selection.is_empty(), "then the new session");
    let opened = session::open(&kb(), &path).expect("valid file");
    assert_eq!(opened.areas.len(), 1);
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.buttock"]);
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.query_by_label_contains("before closing").is_some(), "the close is held for the prompt");
    click(&mut h, "Cancel");
    assert_eq!(h.state().ui_state.selection.len(), 1);
}

#[test]
fn a_failed_save_keeps_the_work_and_the_old_file() {
    let dir = TempDir::new("fail");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.buttock"]);
    // A directory that does not exist stands in for an unwritable place.
    dialogs.answer(Some(dir.file("missing/dir/visit.json")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The session was not saved").is_some());
    click(&mut h, "OK");
    assert!(h.state().is_dirty(), "still unsaved");
    assert_eq!(h.state().ui_state.selection.len(), 1);
}

#[test]
fn exports_write_the_handout_and_the_drawing() {
    let dir = TempDir::new("export");
    let (mut h, dialogs) = harness();
    // Every layer on, so the export can be checked for each.
    h.state_mut().settings.layers = sciatica_explorer::geometry::Layers::EVERYTHING;
    select(&mut h, &["left.lateral_foot@6"]);
    let name = add_first_exercise_to_plan(&mut h);

    let handout = dir.file("handout.html");
    dialogs.answer(Some(handout.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let html = std::fs::read_to_string(&handout).expect("handout written");
    assert!(html.contains(&sciatica_explorer::export::html_escape(&name)));
    assert!(html.contains("<svg"));
    assert!(html.contains("<div class=\"poses\">"), "the print shows the figures the window's cards show");

    let svg = dir.file("drawing");
    dialogs.answer(Some(svg.clone()));
    file_menu(&mut h, "Export drawing as SVG…");
    let written = std::fs::read_to_string(dir.file("drawing.svg")).expect("the .svg extension is added");
    assert!(written.starts_with("<svg") && written.trim_end().ends_with("</svg>"));
    // Both views nested in one document, each drawing the window's layers: the silhouette,
    // bones, muscles, dermatomes, the marked area, nerves and labels; one legend.
    let views: Vec<&str> = written.split("<svg ").skip(2).collect();
    assert_eq!(views.len(), 2, "both views nested in one document");
    for (view, part) in ["back", "front"].iter().zip(&views) {
        for layer in ["silhouette", "bones", "muscles", "skin-map", "selection", "nerves", "labels"] {
            assert!(part.contains(&format!("class=\"{layer}\"")), "the {view} view draws no {layer}");
        }
        assert!(part.contains("data-target=\"skin:L5\""), "the {view} view has no L5 dermatome");
    }
    assert!(views[0].contains("data-target=\"area:left.lateral_foot\" d="), "the marked area is drawn");
    assert!(views[0].contains(">Marked pain area</text>"), "the legend is under the back view");
}

#[test]
fn teach_mode_steps_forward_and_back_and_esc_leaves() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.lateral_foot@6"]);
    click(&mut h, "Teach");
    let steps = h.state().ui_state.teach.as_ref().expect("teach mode on").steps.clone();
    assert!(steps.len() >= 4, "root → plexus → nerve(s) → skin: {steps:?}");
    assert!(h.query_by_label(&format!("Step 1 of {}", steps.len())).is_some());
    assert!(h.query_by_label(&steps[0].title).is_some(), "the first step's title shows");
    assert!(h.query_by_label("File").is_none(), "the window's controls are hidden");

    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().ui_state.teach.as_ref().map(|t| t.step), Some(1));
    assert!(h.query_by_label(&format!("Step 2 of {}", steps.len())).is_some());
    click(&mut h, "Next");
    assert_eq!(h.state().ui_state.teach.as_ref().map(|t| t.step), Some(2));
    h.key_press(Key::ArrowLeft);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().ui_state.teach.as_ref().map(|t| t.step), Some(0), "stops at the first step");
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().ui_state.teach.as_ref().map(|t| t.step), Some(steps.len() - 1));
    // Each step lights something different on the drawing.
    assert_ne!(steps[0].highlight, steps[steps.len() - 1].highlight);

    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().ui_state.teach.is_none());
    assert!(h.query_by_label("File").is_some(), "the controls are back");
    assert_eq!(h.state().ui_state.selection.len(), 1, "the selection is untouched");
}

#[test]
fn a_clinic_pack_from_the_dialog_adds_its_exercise_and_a_bad_one_changes_nothing() {
    let good = common::TempPack::clinic("window-good");
    let bad = common::TempPack::empty("window-bad");
    bad.write(
        "exercises.toml",
        &common::SLING_STRETCH.replace("travell_simons", "no_such_source").replace("in_bed = true", "in_bed = \"yes\""),
    );
    bad.write("exercise.toml", "");
    let (mut h, dialogs) = harness();
    let built_in = h.state().kb.exercises.len();
    select(&mut h, &["left.buttock@6"]);

    // A bad pack: every error listed, the built-in content still in use.
    dialogs.answer(Some(bad.dir.clone()));
    file_menu(&mut h, "Load clinic pack…");
    finish_loading(&mut h);
    assert!(h.query_by_label("The clinic pack was not loaded").is_some());
    assert!(h.query_by_label_contains("exercise.toml").is_some(), "the stray file is named");
    assert!(h.query_by_label_contains("exercises.toml:").is_some(), "errors are located in the pack's file");
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in);
    assert_eq!(h.state().settings.clinic_pack, None);
    assert_eq!(h.state().ui_state.selection.len(), 1, "the session is untouched");

    // A good pack: its exercise joins the look-up; the choice is remembered.
    dialogs.answer(Some(good.dir.clone()));
    file_menu(&mut h, "Load clinic pack…");
    finish_loading(&mut h);
    assert!(h.query_by_label("Clinic pack loaded").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in + 1);
    assert!(h.state().result().exercises.iter().any(|e| &*e.id == "clinic_sling_piriformis"), "ranked for the buttock");
    assert_eq!(h.state().settings.clinic_pack.as_deref(), Some(good.dir.as_path()));
    assert!(
        h.state().window_title().contains("clinic pack") || h.state().window_title().contains('['),
        "{}",
        h.state().window_title()
    );

    // Its exercise in the plan keeps the pack in use until it is removed.
    h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise("clinic_sling_piriformis".to_string())));
    h.run();
    file_menu(&mut h, "Use built-in content only");
    assert!(h.query_by_label("Still using the clinic pack").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in + 1);
    h.state_mut().ui_state.plan.toggle_exercise("clinic_sling_piriformis");
    h.run();
    file_menu(&mut h, "Use built-in content only");
    assert_eq!(h.state().kb.exercises.len(), built_in);
    assert_eq!(h.state().settings.clinic_pack, None);
}

#[test]
fn loading_a_pack_again_frees_the_drawing_it_replaces() {
    let pack = common::TempPack::clinic("reload");
    let mut app = ExplorerApp::new(kb(), common::window_map(), Settings::default());
    app.load_pack(&pack.dir);
    assert!(app.finish_loading(LOAD_TIMEOUT), "loaded");
    let first = Arc::downgrade(&app.map);
    app.load_pack(&pack.dir);
    assert!(app.finish_loading(LOAD_TIMEOUT), "loaded again");
    assert!(first.upgrade().is_none(), "the first load's drawing is still alive after the second");
    let second = Arc::downgrade(&app.map);
    app.apply(Action::File(FileCommand::UseBuiltinContent));
    assert!(app.settings.clinic_pack.is_none(), "back to the built-in content");
    assert!(second.upgrade().is_none(), "the pack's drawing is still alive after going back to the built-in one");
}

#[test]
fn the_chosen_pack_is_loaded_again_at_start_and_a_broken_one_falls_back_to_built_in() {
    let good = common::TempPack::clinic("restore");
    let settings = Settings { clinic_pack: Some(good.dir.clone()), ..Settings::default() };
    let mut app = ExplorerApp::new(kb(), common::window_map(), settings.clone());
    let built_in = app.kb.exercises.len();
    app.restore_pack(None);
    assert!(app.finish_loading(LOAD_TIMEOUT), "loaded");
    assert_eq!(app.kb.exercises.len(), built_in + 1);
    assert!(app.window_title().contains(&good.dir.file_name().expect("name").to_string_lossy().to_string()));

    // `--data` given: that pack is already in the knowledge; the stored one is not loaded over it.
    let mut app = ExplorerApp::new(kb(), common::window_map(), settings.clone());
    app.restore_pack(Some(PathBuf::from("/clinic/from-cli")));
    assert_eq!(app.kb.exercises.len(), built_in);

    good.write("exercises.toml", "[[exercise]]\nid = 3\n");
    let mut app = ExplorerApp::new(kb(), common::window_map(), settings);
    app.restore_pack(None);
    assert!(app.finish_loading(LOAD_TIMEOUT));
    assert_eq!(app.kb.exercises.len(), built_in, "built-in content");
    assert!(app.ui_state.notice.as_ref().is_some_and(|n| n.error && !n.details.is_empty()), "the errors are shown");
    assert_eq!(
        app.settings.clinic_pack.as_deref(),
        Some(good.dir.as_path()),
        "the choice is kept for when it is fixed"
    );
}

#[test]
fn copy_plan_puts_the_plan_text_on_the_clipboard() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.buttock@7", "left.lateral_foot"]);
    let name = add_first_exercise_to_plan(&mut h);
    click(&mut h, "Patient plan (1)");
    h.get_by_label("Copy plan as text").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "one copy");
    assert!(copied[0].contains(&name), "{}", copied[0]);
    assert!(copied[0].contains("Left buttock"), "{}", copied[0]);
    h.run();
    assert!(h.query_by_label("Plan copied to the clipboard").is_some());
}

/// The recovery copies in the folder (`recovery-<pid>….json`), not those kept aside.
fn copies(dir: &TempDir) -> Vec<PathBuf> {
    dir.entries()
        .into_iter()
        .filter(|n| {
            n.starts_with("recovery") && n.ends_with(".json") && !n.contains("-kept-") && !n.contains("-unrestorable-")
        })
        .map(|n| dir.file(&n))
        .collect()
}

fn single_copy(dir: &TempDir) -> PathBuf {
    let found = copies(dir);
    assert_eq!(found.len(), 1, "{:?}", dir.entries());
    found[0].clone()
}

fn harness_with_recovery(dir: &std::path::Path) -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(kb(), common::window_map(), Settings::default())
        .with_dialogs(Box::new(dialogs.clone()))
        .with_recovery(dir.to_path_buf(), std::time::Duration::ZERO);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    (h, dialogs)
}

#[test]
fn unsaved_work_survives_a_crash_and_is_offered_back_at_the_next_start() {
    let data = TempDir::new("recovery");
    let copy;
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        assert!(copies(&data).is_empty(), "nothing unsaved, no copy");
        select(&mut h, &["left.buttock@8", "left.lateral_foot"]);
        add_first_exercise_to_plan(&mut h);
        copy = single_copy(&data);
        let kept = session::open(&kb(), &copy).expect("the copy is a valid session");
        assert_eq!(kept.areas.len(), 2);
        assert_eq!(kept.plan.exercises.len(), 1);
        // The window is gone without a save: the harness is dropped, as in a crash.
    }
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Restore unsaved work?").is_some(), "offered at start");
    assert!(h.state().ui_state.selection.is_empty(), "nothing restored before the answer");
    click(&mut h, "Restore");
    assert_eq!(h.state().ui_state.selection.len(), 2);
    assert_eq!(h.state().ui_state.plan.exercises.len(), 1);
    assert!(h.state().is_dirty(), "restored work is unsaved until saved");

    // Saving it removes the copy.
    let saved = data.file("visit.json");
    assert!(h.state_mut().save_to(&saved));
    h.run();
    assert!(!copy.exists(), "the restored copy is gone once its work is saved");
    assert!(copies(&data).is_empty(), "a saved session leaves no recovery copy: {:?}", data.entries());

    // A later start with nothing left over asks nothing.
    let (h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Restore unsaved work?").is_none());
}

#[test]
fn discarding_the_offered_work_removes_it_and_new_work_is_not_overwritten_before_the_answer() {
    let data = TempDir::new("recovery-discard");
    let copy;
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        select(&mut h, &["saddle"]);
        copy = single_copy(&data);
    }
    let before = std::fs::read_to_string(&copy).expect("copy");
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    h.run();
    assert_eq!(std::fs::read_to_string(&copy).expect("copy"), before, "left alone while the question is open");
    click(&mut h, "Discard");
    assert!(!copy.exists());
    assert!(h.state().ui_state.selection.is_empty());
}

/// Focuses a text field by its label and types `text` into it, as one paste-like event.
fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn typing_stops_at_the_session_limit_with_a_counter_and_what_is_saved_opens_again() {
    let limit = session::MAX_TEXT_CHARS;
    let dir = TempDir::new("limit");
    let path = dir.file("long.json");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.buttock@5"]);
    click(&mut h, "Patient plan");

    // Well below the limit there is no counter; near it, one says how far it is.
    type_into(&mut h, "Patient notes", "Walk daily.");
    assert!(h.query_by_label_contains("/ 100,000 characters").is_none(), "no counter for a short note");
    let near = "é".repeat(98_500 - "Walk daily.".len());
    type_into(&mut h, "Patient notes", &near);
    assert!(h.query_by_label_contains("98,500 / 100,000 characters").is_some(), "the counter shows near the limit");

    // Typing (or pasting) past the limit stops at it.
    type_into(&mut h, "Patient notes", &"x".repeat(2_000));
    assert_eq!(h.state().ui_state.plan.notes.chars().count(), limit, "the editor takes no more than a file holds");
    assert!(h.query_by_label_contains("100,000 / 100,000 characters").is_some());
    type_into(&mut h, "Patient label", &"P".repeat(limit + 10));
    assert_eq!(h.state().ui_state.plan.patient.chars().count(), limit);

    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The session was not saved").is_none());
    assert!(!h.state().is_dirty(), "saved");

    // Everything the window saved, a fresh window opens.
    let (mut h2, dialogs2) = harness();
    dialogs2.answer(Some(path.clone()));
    file_menu(&mut h2, "Open session… Ctrl+O");
    finish_loading(&mut h2);
    assert!(h2.query_by_label("The session did not open").is_none(), "the saved file opens again");
    assert_eq!(h2.state().ui_state.plan, h.state().ui_state.plan);
}

#[test]
fn a_save_the_window_could_not_open_again_is_refused_and_the_old_file_stays() {
    let dir = TempDir::new("too-large");
    let path = dir.file("visit.json");
    std::fs::write(&path, "the earlier file").expect("write");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.lateral_foot@6"]);
    // Exercise notes are not limited one by one, but together (control characters take six bytes
    // each in JSON) they would make a file larger than a session may be.
    let ids: Vec<String> = h.state().result().exercises.iter().take(4).map(|e| e.id.to_string()).collect();
    for id in &ids {
        h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise(id.clone())));
        h.state_mut()
            .apply(Action::Plan(PlanAction::SetNote { id: id.clone(), note: "\u{1}".repeat(session::MAX_TEXT_CHARS) }));
    }
    h.run();
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The session was not saved").is_some(), "refused with a message");
    assert!(h.query_by_label_contains("at most 2 MB").is_some(), "it says why");
    assert_eq!(std::fs::read_to_string(&path).expect("file"), "the earlier file", "nothing on disk changed");
    assert!(h.state().is_dirty(), "the work is still open, unsaved");
    assert_eq!(h.state().ui_state.plan.exercises.len(), 4);
}

#[test]
fn a_recovery_copy_that_needs_a_pack_not_loaded_is_offered_with_the_reason_and_never_overwritten() {
    let pack = common::TempPack::clinic("recovery-pack");
    let data = TempDir::new("recovery-pack");
    let copy;
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        h.state_mut().load_pack(&pack.dir);
        finish_loading(&mut h);
        click(&mut h, "OK");
        h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise("clinic_sling_piriformis".to_string())));
        h.run();
        copy = single_copy(&data);
        // The window is gone without a save; the next start is without the pack.
    }
    let before = std::fs::read(&copy).expect("copy");
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Unsaved work that cannot be restored").is_some(), "offered although it does not open");
    assert!(h.query_by_label_contains("clinic_sling_piriformis").is_some(), "the reason, located");
    assert!(h.query_by_label("Restore").is_none());
    // Work in this window is kept in its own copy; the unrestored one is never written over.
    h.state_mut().select(Selection::parse_args(&kb(), &["saddle"]).expect("area").areas);
    h.run();
    assert_eq!(std::fs::read(&copy).expect("copy"), before, "never overwritten");

    // The pack it needs is known: loading it makes the copy restorable.
    let load = format!("Load clinic pack “{}”", pack.dir.file_name().expect("name").to_string_lossy());
    click(&mut h, &load);
    finish_loading(&mut h);
    assert!(h.query_by_label("Clinic pack loaded").is_some());
    click(&mut h, "OK");
    assert!(h.query_by_label("Restore unsaved work?").is_some(), "{:?}", h.state().ui_state.status);
    // This window has unsaved work of its own: the copy can only be kept aside.
    assert!(h.query_by_label("Restore").is_none());
    click(&mut h, "Keep aside");
    let kept: Vec<String> = data.entries().into_iter().filter(|n| n.starts_with("recovery-kept-")).collect();
    assert_eq!(kept.len(), 1, "{:?}", data.entries());
    assert_eq!(std::fs::read(data.file(&kept[0])).expect("kept"), before, "kept byte for byte");
    assert!(h.query_all_by_label_contains(&kept[0]).next().is_some(), "the message says where");
    assert!(!copy.exists());
}

#[test]
fn an_unrestorable_copy_can_be_kept_aside_under_a_dated_name() {
    let data = TempDir::new("recovery-aside");
    std::fs::write(
        data.file("recovery-999999.json"),
        "{\"format_version\": 1, \"areas\": [{\"area\": \"left.elbow\"}]}",
    )
    .expect("write");
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Unsaved work that cannot be restored").is_some());
    assert!(h.query_by_label_contains("areas[0].area").is_some(), "{:?}", data.entries());
    click(&mut h, "Keep aside");
    let kept: Vec<String> = data.entries().into_iter().filter(|n| n.starts_with("recovery-unrestorable-")).collect();
    assert_eq!(kept.len(), 1, "{:?}", data.entries());
    assert!(h.query_by_label("Unsaved work kept aside").is_some());
    click(&mut h, "OK");
    // Not offered again.
    let (h2, _dialogs) = harness_with_recovery(&data.0);
    assert!(h2.state().ui_state.recovery_offer.is_none());
}

#[test]
fn two_windows_keep_their_own_copies_and_discard_in_one_spares_the_other() {
    let data = TempDir::new("recovery-two");
    let (mut live, _d1) = harness_with_recovery(&data.0);
    select(&mut live, &["left.heel@3"]);
    let live_copy = single_copy(&data);
    let crashed_copy;
    {
        let (mut other, _d2) = harness_with_recovery(&data.0);
        assert!(other.state().ui_state.recovery_offer.is_none(), "a live window's copy is not offered");
        select(&mut other, &["saddle"]);
        let found = copies(&data);
        assert_eq!(found.len(), 2, "one copy per window: {:?}", data.entries());
        crashed_copy = found.into_iter().find(|p| p != &live_copy).expect("the second copy");
        let kept = session::open(&kb(), &live_copy).expect("live copy");
        assert_eq!(kept.areas.len(), 1);
        assert_eq!(kept.areas[0].area.key(), "left.heel", "not overwritten by the other window");
    }
    // A third window offers only the crashed window's copy; "Discard" removes that one only.
    let (mut third, _d3) = harness_with_recovery(&data.0);
    let offer = third.state().ui_state.recovery_offer.clone().expect("the orphan is offered");
    assert_eq!(offer.path, crashed_copy);
    click(&mut third, "Discard");
    assert!(!crashed_copy.exists());
    assert!(live_copy.exists(), "the live window's copy is untouched");
    assert!(third.state().ui_state.recovery_offer.is_none());
    // The live window goes on keeping its copy.
    select(&mut live, &["left.heel@3", "saddle"]);
    assert_eq!(session::open(&kb(), &live_copy).expect("live copy").areas.len(), 2);
}

#[test]
fn start_arguments_open_the_session_in_the_background_then_apply_the_selection() {
    let dir = TempDir::new("start-open");
    let path = dir.file("visit.json");
    let kb = kb();
    let saved = Selection::parse_args(&kb, &["left.buttock@4"]).expect("area");
    session::save(&path, &saved.areas, &Default::default(), "2026-12-01T10:00:00Z").expect("save");
    let (mut h, _dialogs) = harness();
    let start = sciatica_explorer::app::screenshot::StartArgs {
        size: None,
        selection: Selection::parse_args(&kb, &["saddle"]).expect("area"),
        trace: None,
        open: Some(path.clone()),
        teach: false,
        compare_with: None,
        progress: false,
    };
    h.state_mut().start_with(start);
    assert!(h.state().loading().is_some_and(|l| l.contains("visit.json")), "loading in the background");
    finish_loading(&mut h);
    assert_eq!(h.state().document_path(), Some(path.as_path()));
    assert_eq!(
        h.state().ui_state.selection.len(),
        1,
        "--select applied over the opened session: {:?}",
        h.state().ui_state.selection
    );
    assert_eq!(h.state().ui_state.selection[0].area.key(), "saddle");
}

#[cfg(target_os = "linux")]
#[test]
fn a_remembered_pack_holding_a_named_pipe_never_freezes_the_window() {
    use std::os::unix::fs::OpenOptionsExt as _;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let pack = common::TempPack::empty("fifo");
    let fifo = pack.dir.join("exercises.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // A writer that, after a while, lets a reader stuck on the pipe go (it sees an empty file);
    // without a reader it does nothing. O_NONBLOCK = 0o4000 on Linux: never waits itself.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, fifo) = (Arc::clone(&stop), fifo.clone());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(3));
            while !stop.load(Ordering::SeqCst) {
                if let Ok(file) = std::fs::OpenOptions::new().write(true).custom_flags(0o4000).open(&fifo) {
                    drop(file);
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        })
    };
    let settings = Settings { clinic_pack: Some(pack.dir.clone()), ..Settings::default() };
    let app = ExplorerApp::new(kb(), common::window_map(), settings);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    let started = std::time::Instant::now();
    h.state_mut().restore_pack(None);
    h.run();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the window waited {:?} for the pack",
        started.elapsed()
    );
    if h.state().loading().is_some() {
        assert!(h.query_by_label_contains("Loading clinic pack").is_some(), "a visible Loading…");
    }
    // The window works meanwhile.
    select(&mut h, &["saddle"]);
    assert_eq!(h.state().ui_state.selection.len(), 1);
    finish_loading(&mut h);
    stop.store(true, Ordering::SeqCst);
    let _ = writer.join();
}

#[test]
fn a_recovery_copy_is_offered_only_once_the_remembered_pack_has_loaded() {
    let pack = common::TempPack::clinic("recovery-remembered");
    let data = TempDir::new("recovery-remembered");
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        h.state_mut().load_pack(&pack.dir);
        finish_loading(&mut h);
        click(&mut h, "OK");
        h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise("clinic_sling_piriformis".to_string())));
        h.run();
        single_copy(&data);
    }
    // The next start remembers the pack: it loads in the background, and the copy that needs it
    // is offered as restorable once it has, not as broken before.
    let settings = Settings { clinic_pack: Some(pack.dir.clone()), ..Settings::default() };
    let mut app =
        ExplorerApp::new(kb(), common::window_map(), settings).with_recovery(data.0.clone(), std::time::Duration::ZERO);
    app.restore_pack(None);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    assert!(h.query_by_label("Unsaved work that cannot be restored").is_none(), "not judged before the pack loaded");
    finish_loading(&mut h);
    click(&mut h, "OK");
    assert!(h.query_by_label("Restore unsaved work?").is_some());
    click(&mut h, "Restore");
    assert!(h.state().ui_state.plan.has_exercise("clinic_sling_piriformis"));
}

/// A desktop without a file dialog: the window says so and asks with its own dialog, which
/// starts in the last-used folder, asks before replacing a file, and saves where it is told.
#[test]
fn without_a_desktop_file_dialog_save_uses_the_windows_own() {
    let dir = TempDir::new("in-app-dialog");
    let folder = dir.file("visit.json").parent().expect("temp folder").to_path_buf();
    let settings = Settings { last_directory: Some(folder.clone()), ..Settings::default() };
    let dialogs = ScriptedDialogs::default();
    dialogs.set_unavailable("No file dialog on this desktop.");
    let app = ExplorerApp::new(kb(), common::window_map(), settings).with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    select(&mut h, &["left.lateral_foot@6"]);

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(dialogs.asked().is_empty(), "the desktop dialog is not tried: {:?}", dialogs.asked());
    assert!(h.query_all_by_label("No file dialog on this desktop.").next().is_some(), "the window says why");
    let shown = folder.display().to_string();
    assert!(h.query_all_by_value(&shown).next().is_some(), "the dialog starts in the last-used folder {shown}");

    // A name with a folder separator is refused in the dialog, which stays open.
    h.get_by_label("File name:").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text("a/b");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.query_by_label_contains("cannot contain").is_some(), "a bad name is explained");

    h.get_by_label("File name:").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text("visit");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let path = dir.file("visit.json");
    assert!(path.exists(), "the session is written where the dialog said, with its extension");
    assert!(!h.state().is_dirty(), "saved");
    assert!(h.query_by_label("File name:").is_none(), "the dialog closed");
    assert_eq!(h.state().settings.last_directory.as_deref(), Some(folder.as_path()));

    // Save As over the same file asks before replacing it.
    std::fs::write(&path, "earlier").expect("write");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    h.get_by_label("File name:").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text("visit.json");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "earlier", "not replaced unasked");
    h.get_by_label("Replace").click();
    h.run();
    assert_ne!(std::fs::read_to_string(&path).expect("read"), "earlier", "replaced once confirmed");
}

/// "Print handout…" writes the handout, then offers to open it in the browser to print; the
/// opener is the dialogs' (scripted here, so nothing launches).
#[test]
fn printing_the_handout_offers_to_open_it_in_the_browser() {
    let dir = TempDir::new("print");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.lateral_foot@6"]);
    let handout = dir.file("handout.html");
    dialogs.answer(Some(handout.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(handout.exists(), "the handout is written first");
    assert_eq!(h.state().settings.last_directory.as_deref(), handout.parent(), "the next dialog starts here");
    assert!(h.query_by_label("Open in browser").is_some(), "the browser is offered");
    assert!(!dialogs.asked().iter().any(|a| a.starts_with("browser:")), "nothing opens unasked");
    h.get_by_label("Open in browser").click();
    h.run();
    assert_eq!(dialogs.asked().last().map(String::as_str), Some(format!("browser:{}", handout.display()).as_str()));
    assert!(h.query_by_label("Open in browser").is_none(), "the offer closes once taken");

    // Declined, the offer goes away and nothing opens.
    dialogs.answer(Some(handout.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let asked = dialogs.asked().len();
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Open in browser").is_none());
    assert_eq!(dialogs.asked().len(), asked, "closing opens nothing");
}

/// Whether the last frame asked the window to close.
fn close_sent(h: &H) -> bool {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.iter().any(|c| matches!(c, egui::ViewportCommand::Close)))
}

/// Runs a few frames, one at a time (the close is sent in one frame only), and says whether any
/// asked the window to close.
fn frames_close(h: &mut H) -> bool {
    (0..6).any(|_| {
        h.step();
        close_sent(h)
    })
}

/// Presses Ctrl+Q within one frame, and says whether that frame or the next ones closed.
fn ctrl_q_closes(h: &mut H) -> bool {
    h.input_mut().events.push(egui::Event::Key {
        key: Key::Q,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    frames_close(h)
}

/// Clicks a button within one frame, and says whether that frame or the next ones closed.
fn click_closes(h: &mut H, label: &str) -> bool {
    let pos = h.get_by_label(label).rect().center();
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::PointerMoved(pos));
        h.input_mut().events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    frames_close(h)
}

#[test]
fn ctrl_q_quits_through_the_unsaved_changes_prompt() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.buttock"]);
    assert!(!ctrl_q_closes(&mut h), "unsaved work is not closed without asking");
    assert!(h.query_by_label_contains("before closing").is_some(), "Ctrl+Q asks first");
    assert!(!ctrl_q_closes(&mut h), "Ctrl+Q again while asking does not close past the prompt");
    assert!(!click_closes(&mut h, "Cancel"), "Cancel keeps the window open");
    assert!(h.query_by_label_contains("before closing").is_none());
    assert_eq!(h.state().ui_state.selection.len(), 1, "Cancel keeps the work");

    assert!(!ctrl_q_closes(&mut h));
    assert!(click_closes(&mut h, "Don't save"), "Don't save closes the window");
}

#[test]
fn ctrl_q_with_nothing_to_save_quits_at_once() {
    let (mut h, _dialogs) = harness();
    assert!(ctrl_q_closes(&mut h), "nothing to save: Ctrl+Q closes");
}
