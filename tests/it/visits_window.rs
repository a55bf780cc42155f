//! The patient's visits in the window, driven like a user with egui_kittest: the visits strip,
//! New visit, earlier visits read-only with "change it anyway?", red-flag answers raising their
//! flag (in the window, and from a file in the handout, the plain-text plan and `history`), and
//! opening older and newer files.

use crate::common;

use common::TempDir;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sciatica_explorer::app::{ExplorerApp, Settings, ViewMode};
use sciatica_explorer::export::session::{self, Answer, Plan, RedFlagAnswer};
use sciatica_explorer::knowledge::{KnowledgeBase, Urgency};
use sciatica_explorer::lookup::{SelectedArea, Selection};
use sciatica_explorer::progress::day_month;
use sciatica_explorer::text::today;

type H = Harness<'static, ExplorerApp>;

const SADDLE: &str = "saddle_numbness";

fn harness_with(settings: Settings) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), settings);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h
}

fn harness() -> H {
    harness_with(Settings { view: ViewMode::Posterior, ..Settings::default() })
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn press(h: &mut H, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn marked(h: &H) -> Vec<String> {
    h.state().ui_state.selection.iter().map(|s| s.area.key()).collect()
}

fn areas(kb: &KnowledgeBase, args: &[&str]) -> Vec<SelectedArea> {
    Selection::parse_args(kb, args).expect("areas").areas
}

/// The checklist's words for the saddle sign (before its " — " examples).
fn saddle_sign(kb: &KnowledgeBase) -> String {
    let flag = kb.red_flags.iter().find(|f| &*f.id == SADDLE).expect("saddle flag");
    flag.text.split(" — ").next().unwrap_or(&flag.text).to_string()
}

/// Two visits, 3 Nov and 17 Nov 2026; the latest answers `answer` to saddle numbness, with
/// no saddle area marked. Returns the latest visit's areas and the plan.
fn two_visits(kb: &KnowledgeBase, answer: Answer) -> (Vec<SelectedArea>, Plan) {
    let mut selection = areas(kb, &["left.buttock@7", "left.posterior_thigh@6", "left.lateral_foot@8"]);
    let mut plan = Plan { patient: "JD".into(), visit_date: Some("2026-11-03".into()), ..Plan::default() };
    plan.toggle_exercise("figure_four_supine");
    plan.start_new_visit(&mut selection, true, "2026-11-17");
    selection = areas(kb, &["left.buttock@4", "left.posterior_thigh@3"]);
    plan.red_flags = vec![RedFlagAnswer { id: SADDLE.into(), answer }];
    (selection, plan)
}

fn saved_two_visits(dir: &TempDir, answer: Answer) -> std::path::PathBuf {
    let kb = common::builtin_kb();
    let path = dir.file("patient.json");
    let (selection, plan) = two_visits(&kb, answer);
    session::save(&path, &selection, &plan, "2026-11-17T10:00:00Z").expect("save");
    path
}

fn opened(path: &std::path::Path) -> H {
    let mut h = harness();
    assert!(h.state_mut().open_path(path));
    h.run();
    h
}

fn emergency_raised(h: &H, id: &str) -> bool {
    let result = h.state().result();
    result.red_flags.iter().any(|f| &*f.id == id && f.urgency == Urgency::Emergency)
        && result.exercises_withheld.is_some()
}

/// The accessible name of the banner of a raised flag.
fn banner(kb: &KnowledgeBase, id: &str) -> String {
    let flag = kb.red_flags.iter().find(|f| &*f.id == id).expect("flag");
    format!("Red flag: {} {}", flag.text, flag.advice)
}

#[test]
fn a_stored_yes_raises_the_emergency_in_the_window_before_everything_else() {
    let kb = common::builtin_kb();
    let dir = TempDir::new("visits-window-yes");
    let h = opened(&saved_two_visits(&dir, Answer::Yes));
    assert!(marked(&h).iter().all(|a| a != "saddle"), "no saddle area: the answer alone raises it");
    assert!(emergency_raised(&h, SADDLE));
    let hit = &h.state().result().red_flags[0];
    assert_eq!(&*hit.id, SADDLE, "an emergency comes first");
    assert_eq!(hit.because, "answered yes when asked at this visit");
    // The session opens on its plan: the banner is there too, above the tabs.
    assert_eq!(h.state().ui_state.tab, sciatica_explorer::app::SideTab::Plan);
    let top = h.get_by_label(&banner(&kb, SADDLE)).rect().top();
    assert!(top < h.get_by_label("Sources & exercises").rect().top());
    // The answer shows as given in the checklist.
    let mut h = h;
    click(&mut h, "Sources & exercises");
    h.get_by_label(&banner(&kb, SADDLE));
    let label = format!("Answer Yes: {}", saddle_sign(&kb));
    let yes = h.get_by_label(&label);
    assert_eq!(yes.accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));

    // A "no" raises nothing.
    let dir = TempDir::new("visits-window-no");
    let h = opened(&saved_two_visits(&dir, Answer::No));
    assert!(!emergency_raised(&h, SADDLE));
    assert!(h.query_by_label(&banner(&kb, SADDLE)).is_none());
}

#[test]
fn a_stored_yes_raises_the_emergency_in_the_handout_the_plan_text_and_history() {
    let kb = common::builtin_kb();
    let flag = kb.red_flags.iter().find(|f| &*f.id == SADDLE).expect("saddle flag").clone();
    for (answer, raised) in [(Answer::Yes, true), (Answer::No, false), (Answer::Unsure, false)] {
        let (selection, plan) = two_visits(&kb, answer);

        let options =
            sciatica_explorer::export::handout::HandoutOptions { date: "2026-11-17".into(), ..Default::default() };
        let html =
            sciatica_explorer::export::handout::handout_html(&kb, common::builtin_map(), &selection, &plan, &options);
        assert_eq!(html.contains("<h2>Raised by what you said when asked</h2>"), raised, "{answer:?}");
        assert_eq!(html.contains("Why this is shown: answered yes when asked at this visit"), raised);

        let text = sciatica_explorer::report::plan_text(&kb, &selection, &plan, "2026-11-17");
        assert_eq!(text.contains("RAISED BY WHAT YOU SAID WHEN ASKED"), raised, "{text}");
        assert_eq!(text.contains(&format!("! [EMERGENCY — same day] {}", flag.text)), raised, "{text}");
        // Before the exercises, which are on hold.
        if raised {
            let at = text.find("RAISED BY").unwrap_or(usize::MAX);
            assert!(at < text.find("EXERCISES").unwrap_or(0), "{text}");
            assert!(text.contains(sciatica_explorer::report::PLAN_ON_HOLD), "{text}");
        }

        let dir = TempDir::new("visits-window-history");
        let path = dir.file("p.json");
        session::save(&path, &selection, &plan, "2026-11-17T10:00:00Z").expect("save");
        let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
            .args(["history", path.to_str().expect("path")])
            .output()
            .expect("run");
        let out = String::from_utf8_lossy(&output.stdout).to_string();
        assert_eq!(out.starts_with("RED FLAGS RAISED BY THE ANSWERS GIVEN AT THE LATEST VISIT"), raised, "{out}");
        assert_eq!(out.contains(&format!("! [EMERGENCY — same day] {}", flag.text)), raised, "{out}");
        let json = assert_cmd::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
            .args(["history", path.to_str().expect("path"), "--json"])
            .output()
            .expect("run");
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
        let flags = json["latest_red_flags"].as_array().cloned().unwrap_or_default();
        assert_eq!(flags.iter().any(|f| f["id"] == SADDLE && f["raised_by"] == "answer"), raised, "{json}");
        // "Unsure" raises nothing but is said to the clinician as not settled, in text and JSON.
        let unsure = answer == Answer::Unsure;
        assert_eq!(out.contains("SIGNS NOT SETTLED AT THE LATEST VISIT"), unsure, "{out}");
        assert_eq!(
            out.contains(&format!(
                "? [EMERGENCY — same day] {}: the patient was unsure; ask again or examine",
                flag.text
            )),
            unsure,
            "{out}"
        );
        let open = json["latest_unsure"].as_array().cloned().unwrap_or_default();
        assert_eq!(open.iter().any(|id| id == SADDLE), unsure, "{json}");
    }
}

#[test]
fn an_area_and_a_yes_together_say_both() {
    let kb = common::builtin_kb();
    let answers = [RedFlagAnswer { id: SADDLE.into(), answer: Answer::Yes }];
    let result = sciatica_explorer::report::visit_lookup(&kb, &areas(&kb, &["saddle"]), &answers);
    let hit = result.red_flags.iter().find(|f| &*f.id == SADDLE).expect("raised");
    assert_eq!(hit.raised_by, sciatica_explorer::lookup::RaisedBy::AreasAndAnswer);
    assert!(hit.because.starts_with("Saddle") && hit.because.ends_with("also answered yes when asked at this visit"));
    assert_eq!(
        sciatica_explorer::report::raised_by_words(&result, true),
        "the areas you marked and what you said when asked"
    );
    // A bare look-up (the `lookup` command) is unchanged: raised by the areas, said as before.
    let bare = sciatica_explorer::lookup::lookup(&kb, &Selection { areas: areas(&kb, &["saddle"]) });
    let json = serde_json::to_value(&bare.red_flags).expect("JSON");
    assert!(json[0].get("raised_by").is_none(), "{json}");
    assert!(sciatica_explorer::report::lookup_text(&kb, &bare).contains("RED FLAGS RAISED BY THE MARKED AREAS"));
}

#[test]
fn answering_yes_in_the_window_raises_the_emergency_at_once_and_undo_takes_it_back() {
    let kb = common::builtin_kb();
    let mut h = harness();
    // With no area marked, the checklist starts folded under the exercise browser.
    click(&mut h, "Ask about these signs — get care now if…");
    h.get_by_label("Exercise equipment");
    click(&mut h, &format!("Answer Yes: {}", saddle_sign(&kb)));
    assert!(emergency_raised(&h, SADDLE), "a yes alone raises it");
    h.get_by_label(&banner(&kb, SADDLE));
    assert!(h.query_by_label("Exercise equipment").is_none(), "no exercise is offered, not even to browse");
    click(&mut h, &format!("Answer Not asked: {}", saddle_sign(&kb)));
    assert!(!emergency_raised(&h, SADDLE));
    h.get_by_label("Exercise equipment");

    click(&mut h, "Left buttock");
    assert!(!emergency_raised(&h, SADDLE));
    click(&mut h, &format!("Answer Yes: {}", saddle_sign(&kb)));
    assert!(emergency_raised(&h, SADDLE));
    h.get_by_label(&banner(&kb, SADDLE));
    assert_eq!(h.state().ui_state.plan.red_flags, [RedFlagAnswer { id: SADDLE.into(), answer: Answer::Yes }]);
    assert!(h.state().is_dirty());

    // "No" replaces it: nothing raised.
    click(&mut h, &format!("Answer No: {}", saddle_sign(&kb)));
    assert!(!emergency_raised(&h, SADDLE));
    assert_eq!(h.state().ui_state.plan.red_flag_answer(SADDLE), Some(Answer::No));
    // Undo goes back to the "yes", then to not asked.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(emergency_raised(&h, SADDLE), "undo brings the yes back, and the flag with it");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().ui_state.plan.red_flag_answer(SADDLE), None);
    assert!(!emergency_raised(&h, SADDLE));
    assert_eq!(marked(&h), ["left.buttock"]);

    // Saved in the file.
    click(&mut h, &format!("Answer Yes: {}", saddle_sign(&kb)));
    let dir = TempDir::new("visits-window-answer-saved");
    let path = dir.file("p.json");
    assert!(h.state_mut().save_to(&path));
    let reopened = session::open(&kb, &path).expect("open");
    assert_eq!(reopened.plan.red_flag_answer(SADDLE), Some(Answer::Yes));
}

/// The strip's accessible name of visit `n` of `count`.
fn entry(n: usize, count: usize, date: &str, worst: &str, areas: &str, shown: bool) -> String {
    let shown = if shown { " (shown)" } else { "" };
    format!("Visit {n} of {count}, {}: {worst}, {areas}{shown}", day_month(date, &today()))
}

#[test]
fn a_new_visit_carries_the_areas_over_and_the_timeline_lists_each_visit() {
    let mut h = harness();
    click(&mut h, "Left buttock");
    h.state_mut().apply(sciatica_explorer::app::Action::Selection(
        sciatica_explorer::app::SelectionAction::SetIntensity(
            sciatica_explorer::lookup::AreaRef::new("buttock", sciatica_explorer::knowledge::Side::Left),
            Some(7),
        ),
    ));
    h.run();
    // One visit: no timeline entries, only the New visit button.
    assert!(h.query_by_label_contains("Visit 1 of 1").is_none());
    click(&mut h, "New visit");
    let plan = &h.state().ui_state.plan;
    assert_eq!(plan.visit_count(), 2);
    assert_eq!(h.state().ui_state.selection[0].intensity, None, "the level is asked again");
    assert_eq!(marked(&h), ["left.buttock"]);
    assert!(h.state().is_dirty());
    let day = today();
    h.get_by_label(&entry(1, 2, &day, "worst pain 7 of 10", "1 area", false));
    h.get_by_label(&entry(2, 2, &day, "pain not rated", "1 area", true));

    // Change the areas of the new visit: the strip follows.
    click(&mut h, "Left back of thigh");
    h.get_by_label(&entry(2, 2, &day, "pain not rated", "2 areas", true));

    // Undo the area, then the new visit itself.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().ui_state.plan.visit_count(), 1);
    assert_eq!(h.state().ui_state.selection[0].intensity, Some(7));

    // Ctrl+Shift+N starts one too.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    assert_eq!(h.state().ui_state.plan.visit_count(), 2);
}

#[test]
fn switched_off_a_new_visit_starts_empty() {
    let mut h = harness();
    click(&mut h, "Left buttock");
    click(&mut h, "from the last visit");
    assert!(h.state().settings.new_visit_blank);
    click(&mut h, "New visit");
    assert!(h.state().ui_state.selection.is_empty());
    assert_eq!(h.state().ui_state.plan.visit_count(), 2);
    assert_eq!(h.state().ui_state.plan.visit_date.as_deref(), Some(today().as_str()));
}

#[test]
fn an_earlier_visit_opens_read_only_and_a_change_asks_first() {
    let dir = TempDir::new("visits-window-earlier");
    let mut h = opened(&saved_two_visits(&dir, Answer::No));
    assert!(!h.state().is_dirty());
    click(&mut h, &entry(1, 2, "2026-11-03", "worst pain 8 of 10", "3 areas", false));
    // Visit 1 is shown: its areas, its plan; viewing is no change to save.
    assert_eq!(h.state().ui_state.plan.current_index(), 0);
    assert_eq!(marked(&h), ["left.buttock", "left.posterior_thigh", "left.lateral_foot"]);
    assert!(!h.state().is_dirty(), "viewing a visit is not a change");
    h.get_by_label(&entry(1, 2, "2026-11-03", "worst pain 8 of 10", "3 areas", true));
    h.get_by_label(&format!("Visit of {} (read-only)", day_month("2026-11-03", &today())));

    // A change asks first; Cancel leaves it as it was.
    let question = format!("This is the visit of {}. Change it anyway?", day_month("2026-11-03", &today()));
    click(&mut h, "Left heel");
    h.get_by_label(&question);
    assert!(!marked(&h).contains(&"left.heel".to_string()));
    click(&mut h, "Cancel");
    assert!(h.query_by_label(&question).is_none());
    assert!(!marked(&h).contains(&"left.heel".to_string()));
    assert!(!h.state().is_dirty());

    // Change it anyway: applied, and the next change does not ask again.
    click(&mut h, "Left heel");
    click(&mut h, "Change it anyway");
    assert!(marked(&h).contains(&"left.heel".to_string()));
    h.get_by_label(&format!("Visit of {} (being changed)", day_month("2026-11-03", &today())));
    assert!(h.state().is_dirty());
    click(&mut h, "Left calf");
    assert!(h.query_by_label(&question).is_none());
    assert!(marked(&h).contains(&"left.posterior_calf".to_string()));

    // Back to the latest visit: editable without asking.
    click(&mut h, "Latest visit");
    assert!(h.state().ui_state.plan.is_latest_visit());
    assert_eq!(marked(&h), ["left.buttock", "left.posterior_thigh"]);
    click(&mut h, "Left heel");
    assert!(h.query_by_label(&question).is_none());
    assert!(marked(&h).contains(&"left.heel".to_string()));

    // Every visit is saved, the changed earlier one too.
    let path = dir.file("again.json");
    assert!(h.state_mut().save_to(&path));
    let reopened = session::open(&common::builtin_kb(), &path).expect("open");
    let visits = reopened.visits("2099-01-01");
    assert_eq!(visits.len(), 2);
    assert!(visits[0].areas.iter().any(|a| a.area.base == "heel"));
}

#[test]
fn an_older_file_opens_as_one_visit_and_says_once_that_saving_writes_the_new_format() {
    let dir = TempDir::new("visits-window-old");
    let path = dir.file("old.json");
    std::fs::write(
        &path,
        r#"{"format_version": 2, "patient": "JD", "modified": "2026-10-01T09:00:00Z",
            "areas": [{"area": "left.buttock", "intensity": 5}], "exercises": [], "notes": ""}"#,
    )
    .expect("write");
    let h = opened(&path);
    assert_eq!(h.state().ui_state.plan.visit_count(), 1);
    assert_eq!(h.state().ui_state.status, "Opened old.json, an older file; saving will write the new format (visits)");
    assert!(!h.state().is_dirty(), "nothing is written until the user saves");
    assert!(std::fs::read_to_string(&path).expect("read").contains("\"format_version\": 2"));

    // A file of this version says nothing of the kind.
    let h = opened(&saved_two_visits(&dir, Answer::No));
    assert_eq!(h.state().ui_state.status, "Opened patient.json");
}

#[test]
fn a_newer_file_is_refused_by_name_and_version() {
    let dir = TempDir::new("visits-window-newer");
    let path = dir.file("future.json");
    std::fs::write(&path, r#"{"format_version": 99, "visits": []}"#).expect("write");
    let mut h = harness();
    click(&mut h, "Left buttock");
    assert!(!h.state_mut().open_path(&path));
    h.run();
    let notice = h.state().ui_state.notice.clone().expect("a notice");
    assert!(notice.summary.contains("future.json"), "{notice:?}");
    assert!(notice.details.iter().any(|d| d.contains("newer version") && d.contains("format 99")), "{notice:?}");
    assert_eq!(marked(&h), ["left.buttock"], "the session on screen is untouched");
}

#[test]
fn the_recovery_copy_keeps_every_visit_and_viewing_one_writes_none() {
    let kb = common::builtin_kb();
    let dir = TempDir::new("visits-window-recovery");
    let file = saved_two_visits(&dir, Answer::No);
    let copies_dir = TempDir::new("visits-window-recovery-copies");
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default())
        .with_recovery(copies_dir.0.clone(), std::time::Duration::ZERO);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    assert!(h.state_mut().open_path(&file));
    h.run();
    let copies = |d: &TempDir| -> Vec<String> {
        d.entries().into_iter().filter(|n| n.starts_with("recovery-") && n.ends_with(".json")).collect()
    };
    click(&mut h, &entry(1, 2, "2026-11-03", "worst pain 8 of 10", "3 areas", false));
    assert!(copies(&copies_dir).is_empty(), "viewing an earlier visit leaves nothing to recover");

    click(&mut h, "Latest visit");
    click(&mut h, "New visit");
    h.state_mut().apply(sciatica_explorer::app::Action::Plan(sciatica_explorer::app::PlanAction::SetRedFlagAnswer {
        id: SADDLE.into(),
        answer: Some(Answer::Yes),
    }));
    h.run();
    let names = copies(&copies_dir);
    assert_eq!(names.len(), 1, "{:?}", copies_dir.entries());
    let copy = session::open(&kb, &copies_dir.file(&names[0])).expect("the copy opens");
    let visits = copy.visits("2099-01-01");
    assert_eq!(visits.len(), 3, "every visit is in the copy");
    assert_eq!(visits[2].red_flags, [RedFlagAnswer { id: SADDLE.into(), answer: Answer::Yes }]);
}

#[test]
fn the_new_visit_setting_is_remembered() {
    use sciatica_explorer::app::{save_settings, settings_from_storage};
    let mut storage = common::MemoryStorage::default();
    save_settings(&mut storage, &Settings { new_visit_blank: true, ..Settings::default() });
    assert!(settings_from_storage(Some(&storage)).new_visit_blank);
    save_settings(&mut storage, &Settings::default());
    assert!(!settings_from_storage(Some(&storage)).new_visit_blank);
}

#[path = "../../benches/support/visits_file.rs"]
mod visits_file;

#[test]
fn a_hundred_visits_lay_out_only_the_chips_in_view_unless_a_screen_reader_is_on() {
    use sciatica_explorer::app::visits_panel::VisitsPanel;
    let kb = common::builtin_kb();
    let dir = TempDir::new("hundred-visits");
    let path = dir.file("100-visits.json");
    assert!(visits_file::write_visits(&kb, &path).is_some(), "the 100-visit file is written");
    let mut app = ExplorerApp::new(kb, common::window_map(), Settings::default());
    assert!(app.open_path(&path), "the file opens");
    // A window without a screen reader: AccessKit off, as a plain context has it.
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1600.0, 1000.0))),
        ..Default::default()
    };
    let frame = |ctx: &egui::Context, app: &mut ExplorerApp| {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        output.textures_delta.clear();
        VisitsPanel::chips_laid_out(ctx)
    };
    // The first frame measures every chip; then only those in the strip's view are laid out.
    let first = frame(&ctx, &mut app);
    assert_eq!(first, visits_file::VISITS);
    frame(&ctx, &mut app);
    let in_view = frame(&ctx, &mut app);
    assert!((1..20).contains(&in_view), "{in_view} chips laid out");
    // A screen reader reads the whole strip: every chip again.
    ctx.enable_accesskit();
    assert_eq!(frame(&ctx, &mut app), visits_file::VISITS);
}
