//! The window's finish, driven with egui_kittest: the Help menu and its windows, a toolbar that
//! keeps its height, one control per layer, exercise cards, the plan tab and the recovery prompt.

use crate::common;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::{ExplorerApp, Settings};

type H = Harness<'static, ExplorerApp>;

fn harness_at(width: f32, height: f32) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default());
    let mut h =
        Harness::builder().with_size(vec2(width, height)).build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h
}

fn harness() -> H {
    harness_at(1600.0, 1000.0)
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn help_lists_the_keyboard_shortcuts_and_closes() {
    let mut h = harness();
    click(&mut h, "Help");
    click(&mut h, "Keyboard shortcuts");
    for key in ["Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+P", "Ctrl+Q", "Home / End"] {
        assert!(h.query_by_label(key).is_some(), "the shortcuts window lists {key}");
    }
    assert!(h.query_by_label_contains("Leave teach mode").is_some());
    click(&mut h, "Close");
    assert!(h.query_by_label("Ctrl+Q").is_none(), "Close closes the window");
    assert_eq!(h.state().ui_state.help, None);
}

#[test]
fn about_gives_version_licence_the_articles_by_name_and_the_caveat() {
    let mut h = harness();
    click(&mut h, "Help");
    click(&mut h, "About Sciatica Explorer");
    assert!(h.query_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION"))).is_some(), "the version");
    assert!(h.query_by_label("Licence: MIT OR Apache-2.0").is_some(), "the licence");
    assert!(h.query_by_label("Education, not a diagnosis: see a clinician for an examination.").is_some());
    let kb = common::builtin_kb();
    let articles: Vec<_> =
        kb.sources.iter().filter(|s| s.kind == sciatica_explorer::knowledge::SourceKind::Article).collect();
    assert_eq!(articles.len(), 5, "the five articles");
    for source in articles {
        let line = format!("• {}: {}", source.short_citation(), source.title);
        assert!(h.query_by_label(&line).is_some(), "About cites {line}");
        assert!(h.query_by_label_contains(&source.id).is_none(), "no raw id {} is shown", source.id);
    }
    // Escape closes it too.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Licence: MIT OR Apache-2.0").is_none());
}

/// The toolbar's height: the bottom of its lowest control.
fn toolbar_bottom(h: &H) -> f32 {
    common::TOOLBAR_LABELS.iter().map(|l| h.get_by_label(l).rect().bottom()).fold(0.0, f32::max)
}

#[test]
fn the_toolbar_keeps_its_height_and_its_controls_stay_put_when_the_session_changes() {
    let mut h = harness_at(1280.0, 720.0);
    let before = toolbar_bottom(&h);
    let view_before = h.get_by_label("Back").rect();
    // An edit makes the name "• Untitled session (unsaved)".
    h.get_by_role_and_label(egui::Role::CheckBox, "Left buttock").click();
    h.run();
    assert!(h.state().is_dirty());
    assert_eq!(toolbar_bottom(&h), before, "the toolbar gained a row when the session became unsaved");
    assert_eq!(h.get_by_label("Back").rect(), view_before, "the controls after the name moved");

    // A long file name is cut, not given more room.
    let dir = common::TempDir::new("long-name");
    let path = dir.file("a-very-long-session-file-name-for-a-follow-up-visit-in-december.json");
    assert!(h.state_mut().save_to(&path), "saved");
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(toolbar_bottom(&h), before, "a long name pushed the toolbar to two rows");
    assert_eq!(h.get_by_label("Back").rect(), view_before, "a long name moved the controls");
}

#[test]
fn the_skin_map_has_one_control_the_toolbar_choice_not_the_layers_menu() {
    let mut h = harness();
    click(&mut h, "Layers");
    assert!(h.query_by_label("Muscles").is_some(), "the Layers menu is open");
    assert!(h.query_by_label("Cutaneous nerve territories").is_none(), "the Layers menu repeats the skin map");
    assert_eq!(h.query_all_by_label("Dermatomes").count(), 1, "one Dermatomes control, the toolbar's");
    // The toolbar's choice still sets it.
    h.key_press(egui::Key::Escape);
    h.run();
    click(&mut h, "Nerve territories");
    assert_eq!(h.state().settings.layers.skin, sciatica_explorer::app::SkinMap::Cutaneous);
    click(&mut h, "Off");
    assert_eq!(h.state().settings.layers.skin, sciatica_explorer::app::SkinMap::None);
}

/// The accessible name of an exercise card's title row ("name  ·  band") for the `i`th hit.
fn card_title(h: &H, i: usize) -> (String, String) {
    let hit = &h.state().result().exercises[i];
    let kb = common::builtin_kb();
    let name = kb.exercise(&hit.id).expect("exercise").name.to_string();
    (format!("{name}  ·  {}", hit.band.label()), name)
}

/// Moves the pointer to `pos` and clicks there, in one frame.
fn click_at(h: &mut H, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

#[test]
fn an_exercise_card_opens_from_anywhere_on_its_title_row_and_shows_it_is_in_the_plan_when_folded() {
    let mut h = harness();
    h.get_by_role_and_label(egui::Role::CheckBox, "Left buttock").click();
    h.run();
    // The third card starts folded.
    let (title, name) = card_title(&h, 2);
    let add = format!("Add {name} to the plan");
    assert!(h.query_by_label(&add).is_none(), "the third card starts folded");
    h.get_by_role_and_label(egui::Role::DisclosureTriangle, &title).scroll_to_me();
    h.run();
    let row = h.get_by_role_and_label(egui::Role::DisclosureTriangle, &title).rect();
    // The far right of the row, past the title's text.
    let pos = egui::pos2(row.right() - 6.0, row.center().y);
    h.hover_at(pos);
    h.run();
    assert_eq!(h.output().platform_output.cursor_icon, egui::CursorIcon::PointingHand, "hover says it is clickable");
    click_at(&mut h, pos);
    assert!(h.query_by_label(&add).is_some(), "a click on the row's far end opens the card");

    h.get_by_label(&add).click();
    h.run();
    assert!(h.state().ui_state.plan.has_exercise(&h.state().result().exercises[2].id));
    // Folded again (a click on the title), it still says it is in the plan.
    let planned_title = format!("{title} (in the plan)");
    h.get_by_role_and_label(egui::Role::DisclosureTriangle, &planned_title).click();
    h.run();
    assert!(h.query_by_label(&format!("Remove {name} from the plan")).is_none(), "folded");
    assert!(
        h.query_by_role_and_label(egui::Role::DisclosureTriangle, &planned_title).is_some(),
        "a folded card says it is in the plan"
    );
    assert!(h.query_all_by_label("In plan").count() >= 1, "the In plan tag shows on the folded card");
}

/// Puts the first `n` exercises that fit the left buttock in the plan and opens the plan tab.
fn plan_of(h: &mut H, n: usize) -> Vec<String> {
    use sciatica_explorer::app::{Action, PlanAction};
    h.get_by_role_and_label(egui::Role::CheckBox, "Left buttock").click();
    h.run();
    let ids: Vec<String> = h.state().result().exercises.iter().take(n).map(|e| e.id.to_string()).collect();
    for id in &ids {
        h.state_mut().apply(Action::Plan(PlanAction::ToggleExercise(id.clone())));
    }
    h.run();
    let kb = common::builtin_kb();
    ids.iter().map(|id| kb.exercise(id).expect("exercise").name.to_string()).collect()
}

#[test]
fn typing_a_dose_never_moves_the_note_field_below_it() {
    let mut h = harness_at(1280.0, 720.0);
    let names = plan_of(&mut h, 1);
    let kb = common::builtin_kb();
    let id = &h.state().ui_state.plan.exercises[0].id.clone();
    assert!(!kb.exercise(id).expect("exercise").dosage.is_empty(), "the test needs an exercise with an article dose");
    click(&mut h, "Patient plan (1)");
    let dose = format!("Dose for {}", names[0]);
    let note = format!("Note for {}", names[0]);
    // The articles' dose names its source readably, never by its id.
    let source = &kb.exercise(id).expect("exercise").dosage[0].source;
    let cited = kb.source(source).expect("the dose's source").short_citation();
    assert!(h.query_by_label_contains("The articles' dose: ").is_some());
    assert!(h.query_by_label_contains(&format!("({cited})")).is_some(), "the dose is cited as {cited}");
    assert!(h.query_by_label_contains(source).is_none(), "the raw source id {source} is shown");
    let before = h.get_by_label(&note).rect();
    h.get_by_label(&dose).focus();
    h.run();
    h.get_by_label(&dose).type_text("3");
    h.run();
    assert_eq!(h.state().ui_state.plan.exercises[0].dosage.as_deref(), Some("3"));
    assert_eq!(h.get_by_label(&note).rect(), before, "the first character typed moved the Note field");
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(h.state().ui_state.plan.exercises[0].dosage, None);
    assert_eq!(h.get_by_label(&note).rect(), before, "clearing the dose moved the Note field");
}

#[test]
fn the_plan_tab_keeps_its_own_scroll_position_apart_from_the_look_up() {
    let mut h = harness_at(1280.0, 720.0);
    plan_of(&mut h, 4);
    // The look-up scrolled far down, to the exercise search.
    h.get_by_label("Search exercises").scroll_to_me();
    h.run();
    let search = h.get_by_label("Search exercises").rect();
    click(&mut h, "Patient plan (4)");
    let patient = h.get_by_label("Patient label").rect();
    let tabs = h.get_by_label("Patient plan (4)").rect();
    assert!(
        patient.top() > tabs.bottom() && patient.top() < tabs.bottom() + 60.0,
        "the plan opens at its top, not where the look-up was scrolled: {patient:?} under the tabs {tabs:?}"
    );
    click(&mut h, "Sources & exercises");
    assert_eq!(h.get_by_label("Search exercises").rect(), search, "the look-up keeps its place");
}

#[test]
fn the_recovery_prompt_says_when_the_copy_was_kept_in_local_time() {
    let data = common::TempDir::new("recovery-local-time");
    let window = |dir: &std::path::Path| {
        let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default())
            .with_recovery(dir.to_path_buf(), std::time::Duration::ZERO);
        let mut h = Harness::builder()
            .with_size(vec2(1600.0, 1000.0))
            .with_max_steps(16)
            .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
        h.run();
        h
    };
    {
        let mut h = window(&data.0);
        h.get_by_role_and_label(egui::Role::CheckBox, "Left buttock").click();
        h.run();
        // Dropped without a save, as in a crash.
    }
    let copy = data
        .entries()
        .into_iter()
        .find(|name| name.starts_with("recovery-") && name.ends_with(".json"))
        .unwrap_or_else(|| panic!("no recovery copy in {:?}", data.entries()));
    let kept =
        sciatica_explorer::export::session::open(&common::builtin_kb(), &data.file(&copy)).expect("the copy opens");
    let stamp = kept.modified.expect("the copy is stamped");
    let local = sciatica_explorer::app::recovery::kept_at_local(&stamp);
    let h = window(&data.0);
    assert!(h.query_by_label("Restore unsaved work?").is_some(), "offered at start");
    assert!(
        h.query_by_label_contains(&format!("(last kept {local})")).is_some(),
        "the prompt gives the time as {local}"
    );
}
