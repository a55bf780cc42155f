//! The clinic workflow in the window, driven like a user with egui_kittest: the plan, saving and
//! opening sessions through scripted dialogs, the unsaved-changes prompt, exports, clinic packs
//! and teach mode.

mod common;

use std::path::PathBuf;

use common::TempDir;
use std::sync::Arc;

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::dialogs::ScriptedDialogs;
use sciatica_explorer::app::{Action, ExplorerApp, Settings, SideTab};
use sciatica_explorer::export::session;
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::Selection;

fn kb() -> Arc<KnowledgeBase> {
    common::builtin_kb()
}

fn map() -> &'static BodyMap {
    common::builtin_map()
}

type H = Harness<'static, ExplorerApp>;

fn harness() -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(kb(), map(), Settings::default()).with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder().with_size(vec2(1600.0, 1000.0)).build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    (h, dialogs)
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
    let id = h.state().result().exercises[0].id.clone();
    let name = kb().exercise(&id).expect("exercise").name.clone();
    click(h, &format!("Add {name} to the plan"));
    assert!(h.state().session.plan.has_exercise(&id));
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
    assert_eq!(h.state().session.selection.len(), 1, "Cancel keeps the work");

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.query_by_label("Don't save").is_some(), "Ctrl+N asks too");
    click(&mut h, "Don't save");
    assert!(h.state().session.selection.is_empty(), "Don't save discards");
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
    assert_eq!(h.state().session.tab, SideTab::Plan);
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
    let plan = h.state().session.plan.clone();
    assert_eq!(plan.patient, "JD 0042");
    assert_eq!(plan.exercises[0].dosage.as_deref(), Some("30 s, 3 times, twice daily"));
    assert_eq!(plan.notes, "Walk daily. Review in 2 weeks.");

    // Ctrl+S on a new session asks where, then saves there.
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(dialogs.asked().iter().any(|a| a.starts_with("save:Session:jd-0042-")), "{:?}", dialogs.asked());
    assert!(path.exists());
    assert!(!h.state().is_dirty(), "saved");
    assert_eq!(h.state().document_path(), Some(path.as_path()));
    assert!(h.state().window_title().starts_with("visit.json — "), "{}", h.state().window_title());

    // A fresh window opens it back.
    let (mut h2, dialogs2) = harness();
    dialogs2.answer(Some(path.clone()));
    file_menu(&mut h2, "Open session… Ctrl+O");
    let restored = h2.state();
    assert_eq!(restored.session.selection, h.state().session.selection);
    assert_eq!(restored.session.plan.exercises, plan.exercises);
    assert_eq!(restored.session.plan.patient, "JD 0042");
    assert_eq!(restored.session.plan.notes, plan.notes);
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
    let before = h.state().session.selection.clone();

    // Unsaved work: the prompt first; "Don't save" then the dialog.
    dialogs.answer(Some(bad.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    click(&mut h, "Don't save");
    assert!(h.query_by_label("The session did not open").is_some());
    assert!(h.query_by_label_contains("broken.json:1:").is_some(), "the error is located");
    click(&mut h, "OK");
    assert_eq!(h.state().session.selection, before, "the session on screen is untouched");

    dialogs.answer(Some(newer));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    click(&mut h, "Don't save");
    assert!(h.query_by_label_contains("newer version").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().session.selection, before);
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
    assert_eq!(h.state().session.selection.len(), 1, "a cancelled save does not discard");
    assert!(h.state().is_dirty());

    file_menu(&mut h, "New session Ctrl+N");
    dialogs.answer(Some(path.clone()));
    click(&mut h, "Save");
    assert!(path.exists(), "saved first");
    assert!(h.state().session.selection.is_empty(), "then the new session");
    let opened = session::open(&kb(), &path).expect("valid file");
    assert_eq!(opened.areas.len(), 1);
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.buttock"]);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.query_by_label_contains("before closing").is_some(), "the close is held for the prompt");
    click(&mut h, "Cancel");
    assert_eq!(h.state().session.selection.len(), 1);
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
    assert_eq!(h.state().session.selection.len(), 1);
}

#[test]
fn exports_write_the_handout_and_the_drawing() {
    let dir = TempDir::new("export");
    let (mut h, dialogs) = harness();
    select(&mut h, &["left.lateral_foot@6"]);
    let name = add_first_exercise_to_plan(&mut h);

    let handout = dir.file("handout.html");
    dialogs.answer(Some(handout.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let html = std::fs::read_to_string(&handout).expect("handout written");
    assert!(html.contains(&sciatica_explorer::export::html_escape(&name)));
    assert!(html.contains("<svg"));

    let svg = dir.file("drawing");
    dialogs.answer(Some(svg.clone()));
    file_menu(&mut h, "Export drawing as SVG…");
    let written = std::fs::read_to_string(dir.file("drawing.svg")).expect("the .svg extension is added");
    assert!(written.starts_with("<svg") && written.trim_end().ends_with("</svg>"));
    assert_eq!(written.matches("<svg").count(), 3, "both views nested in one document");
}

#[test]
fn teach_mode_steps_forward_and_back_and_esc_leaves() {
    let (mut h, _dialogs) = harness();
    select(&mut h, &["left.lateral_foot@6"]);
    click(&mut h, "Teach");
    let steps = h.state().session.teach.as_ref().expect("teach mode on").steps.clone();
    assert!(steps.len() >= 4, "root → plexus → nerve(s) → skin: {steps:?}");
    assert!(h.query_by_label(&format!("Step 1 of {}", steps.len())).is_some());
    assert!(h.query_by_label(&steps[0].title).is_some(), "the first step's title shows");
    assert!(h.query_by_label("File").is_none(), "the window's controls are hidden");

    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.teach.as_ref().map(|t| t.step), Some(1));
    assert!(h.query_by_label(&format!("Step 2 of {}", steps.len())).is_some());
    click(&mut h, "Next");
    assert_eq!(h.state().session.teach.as_ref().map(|t| t.step), Some(2));
    h.key_press(Key::ArrowLeft);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().session.teach.as_ref().map(|t| t.step), Some(0), "stops at the first step");
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().session.teach.as_ref().map(|t| t.step), Some(steps.len() - 1));
    // Each step lights something different on the drawing.
    assert_ne!(steps[0].highlight, steps[steps.len() - 1].highlight);

    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().session.teach.is_none());
    assert!(h.query_by_label("File").is_some(), "the controls are back");
    assert_eq!(h.state().session.selection.len(), 1, "the selection is untouched");
}

#[test]
fn a_clinic_pack_from_the_dialog_adds_its_exercise_and_a_bad_one_changes_nothing() {
    let good = common::TempPack::clinic("window-good");
    let bad = common::TempPack::empty("window-bad");
    bad.write("exercises.toml", &common::SLING_STRETCH.replace("travell_simons", "no_such_source").replace("in_bed = true", "in_bed = \"yes\""));
    bad.write("exercise.toml", "");
    let (mut h, dialogs) = harness();
    let built_in = h.state().kb.exercises.len();
    select(&mut h, &["left.buttock@6"]);

    // A bad pack: every error listed, the built-in content still in use.
    dialogs.answer(Some(bad.dir.clone()));
    file_menu(&mut h, "Load clinic pack…");
    assert!(h.query_by_label("The clinic pack was not loaded").is_some());
    assert!(h.query_by_label_contains("exercise.toml").is_some(), "the stray file is named");
    assert!(h.query_by_label_contains("exercises.toml:").is_some(), "errors are located in the pack's file");
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in);
    assert_eq!(h.state().settings.clinic_pack, None);
    assert_eq!(h.state().session.selection.len(), 1, "the session is untouched");

    // A good pack: its exercise joins the look-up; the choice is remembered.
    dialogs.answer(Some(good.dir.clone()));
    file_menu(&mut h, "Load clinic pack…");
    assert!(h.query_by_label("Clinic pack loaded").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in + 1);
    assert!(h.state().result().exercises.iter().any(|e| e.id == "clinic_sling_piriformis"), "ranked for the buttock");
    assert_eq!(h.state().settings.clinic_pack.as_deref(), Some(good.dir.as_path()));
    assert!(h.state().window_title().contains("clinic pack") || h.state().window_title().contains('['), "{}", h.state().window_title());

    // Its exercise in the plan keeps the pack in use until it is removed.
    h.state_mut().apply(Action::TogglePlanExercise("clinic_sling_piriformis".to_string()));
    h.run();
    file_menu(&mut h, "Use built-in content only");
    assert!(h.query_by_label("Still using the clinic pack").is_some());
    click(&mut h, "OK");
    assert_eq!(h.state().kb.exercises.len(), built_in + 1);
    h.state_mut().session.plan.toggle_exercise("clinic_sling_piriformis");
    h.run();
    file_menu(&mut h, "Use built-in content only");
    assert_eq!(h.state().kb.exercises.len(), built_in);
    assert_eq!(h.state().settings.clinic_pack, None);
}

#[test]
fn the_chosen_pack_is_loaded_again_at_start_and_a_broken_one_falls_back_to_built_in() {
    let good = common::TempPack::clinic("restore");
    let settings = Settings { clinic_pack: Some(good.dir.clone()), ..Settings::default() };
    let mut app = ExplorerApp::new(kb(), map(), settings.clone());
    let built_in = app.kb.exercises.len();
    app.restore_pack(None);
    assert_eq!(app.kb.exercises.len(), built_in + 1);
    assert!(app.window_title().contains(&good.dir.file_name().expect("name").to_string_lossy().to_string()));

    // `--data` given: that pack is already in the knowledge; the stored one is not loaded over it.
    let mut app = ExplorerApp::new(kb(), map(), settings.clone());
    app.restore_pack(Some(PathBuf::from("/clinic/from-cli")));
    assert_eq!(app.kb.exercises.len(), built_in);

    good.write("exercises.toml", "[[exercise]]\nid = 3\n");
    let mut app = ExplorerApp::new(kb(), map(), settings);
    app.restore_pack(None);
    assert_eq!(app.kb.exercises.len(), built_in, "built-in content");
    assert!(app.session.notice.as_ref().is_some_and(|n| n.error && !n.details.is_empty()), "the errors are shown");
    assert_eq!(app.settings.clinic_pack.as_deref(), Some(good.dir.as_path()), "the choice is kept for when it is fixed");
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

fn harness_with_recovery(dir: &std::path::Path) -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app = ExplorerApp::new(kb(), map(), Settings::default())
        .with_dialogs(Box::new(dialogs.clone()))
        .with_recovery(dir.to_path_buf(), std::time::Duration::ZERO);
    let mut h = Harness::builder().with_size(vec2(1600.0, 1000.0)).build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    (h, dialogs)
}

#[test]
fn unsaved_work_survives_a_crash_and_is_offered_back_at_the_next_start() {
    let data = TempDir::new("recovery");
    let copy = data.file("recovery.json");
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        assert!(!copy.exists(), "nothing unsaved, no copy");
        select(&mut h, &["left.buttock@8", "left.lateral_foot"]);
        add_first_exercise_to_plan(&mut h);
        assert!(copy.exists(), "unsaved work is kept on disk");
        let kept = session::open(&kb(), &copy).expect("the copy is a valid session");
        assert_eq!(kept.areas.len(), 2);
        assert_eq!(kept.plan.exercises.len(), 1);
        // The window is gone without a save: the harness is dropped, as in a crash.
    }
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Restore unsaved work?").is_some(), "offered at start");
    assert!(h.state().session.selection.is_empty(), "nothing restored before the answer");
    click(&mut h, "Restore");
    assert_eq!(h.state().session.selection.len(), 2);
    assert_eq!(h.state().session.plan.exercises.len(), 1);
    assert!(h.state().is_dirty(), "restored work is unsaved until saved");

    // Saving it removes the copy.
    let saved = data.file("visit.json");
    assert!(h.state_mut().save_to(&saved));
    h.run();
    assert!(!copy.exists(), "a saved session leaves no recovery copy");

    // A later start with nothing left over asks nothing.
    let (h, _dialogs) = harness_with_recovery(&data.0);
    assert!(h.query_by_label("Restore unsaved work?").is_none());
}

#[test]
fn discarding_the_offered_work_removes_it_and_new_work_is_not_overwritten_before_the_answer() {
    let data = TempDir::new("recovery-discard");
    let copy = data.file("recovery.json");
    {
        let (mut h, _dialogs) = harness_with_recovery(&data.0);
        select(&mut h, &["saddle"]);
        assert!(copy.exists());
    }
    let before = std::fs::read_to_string(&copy).expect("copy");
    let (mut h, _dialogs) = harness_with_recovery(&data.0);
    h.run();
    assert_eq!(std::fs::read_to_string(&copy).expect("copy"), before, "left alone while the question is open");
    click(&mut h, "Discard");
    assert!(!copy.exists());
    assert!(h.state().session.selection.is_empty());
}
