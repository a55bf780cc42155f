//! Visits over time: a patient file holding several visits (format 3), older single-visit files,
//! located errors inside a visit, atomic saves; the `history` command and the handout's progress.

use crate::common;

use common::TempDir;

use sciatica_explorer::export::session::{
    self, Answer, FORMAT_VERSION, Plan, PlannedExercise, RedFlagAnswer, SessionError,
};
use sciatica_explorer::knowledge::{KnowledgeBase, Level};
use sciatica_explorer::lookup::{SelectedArea, Selection};

fn kb() -> KnowledgeBase {
    KnowledgeBase::builtin().expect("built-in pack")
}

fn areas(kb: &KnowledgeBase, args: &[&str]) -> Vec<SelectedArea> {
    Selection::parse_args(kb, args).expect("areas").areas
}

/// Three visits: pain down to the outer foot, then to the calf, then only the buttock and the
/// back of the thigh (centralising). The last visit is the one being edited.
pub fn three_visits(kb: &KnowledgeBase) -> (Vec<SelectedArea>, Plan) {
    let mut selection = areas(kb, &["left.buttock@7", "left.posterior_thigh@6", "left.lateral_foot@8"]);
    let mut plan = Plan {
        patient: "JD 0042".into(),
        notes: "First visit.".into(),
        visit_date: Some("2026-11-03".into()),
        red_flags: vec![RedFlagAnswer { id: "saddle_numbness".into(), answer: Answer::No }],
        ..Plan::default()
    };
    plan.exercises.push(PlannedExercise {
        id: "sciatic_nerve_glide_supine".into(),
        dosage: Some("10 slides, twice a day".into()),
        note: "gently".into(),
    });
    plan.start_new_visit(&mut selection, true, "2026-11-17");
    selection = areas(kb, &["left.buttock@5", "left.posterior_thigh@4", "left.posterior_calf@3"]);
    plan.notes = "Better.".into();
    plan.red_flags = vec![RedFlagAnswer { id: "bowel_bladder".into(), answer: Answer::Unsure }];
    plan.start_new_visit(&mut selection, true, "2026-12-01");
    selection = areas(kb, &["left.buttock@3", "left.posterior_thigh@2"]);
    plan.notes = "Much better: <keep going> & walk.".into();
    plan.toggle_exercise("figure_four_supine");
    (selection, plan)
}

fn open_text(kb: &KnowledgeBase, text: &str) -> Result<session::SavedSession, Vec<SessionError>> {
    session::parse(kb, text, "p.json")
}

#[test]
fn a_three_visit_file_round_trips() {
    let kb = kb();
    let dir = TempDir::new("visits-round");
    let path = dir.file("patient.json");
    let (selection, plan) = three_visits(&kb);
    let created = session::save(&path, &selection, &plan, "2026-12-01T10:00:00Z").expect("save");
    let opened = session::open(&kb, &path).expect("open");
    assert_eq!(opened.read_format, FORMAT_VERSION);
    assert_eq!(opened.areas, selection);
    assert_eq!(opened.plan, Plan { created: Some(created), ..plan.clone() });
    let visits = opened.visits("2099-01-01");
    let dates: Vec<&str> = visits.iter().map(|v| v.date.as_str()).collect();
    assert_eq!(dates, ["2026-11-03", "2026-11-17", "2026-12-01"]);
    assert_eq!(visits[0].areas.len(), 3);
    assert_eq!(visits[0].red_flags, [RedFlagAnswer { id: "saddle_numbness".into(), answer: Answer::No }]);
    assert_eq!(visits[1].red_flags[0].answer, Answer::Unsure);
    assert_eq!(visits[0].exercises[0].dosage.as_deref(), Some("10 slides, twice a day"));
    assert_eq!(visits[2].exercises.len(), 2, "the plan carried over, one exercise added");
    assert_eq!(visits[1].notes, "Better.");
    // The window edits the latest visit.
    assert_eq!(opened.plan.current_index(), 2);
    assert_eq!(opened.plan.earlier_visits().len(), 2);

    // The file is the documented shape.
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    assert_eq!(value["format_version"], 3);
    assert_eq!(value["patient"], "JD 0042");
    assert_eq!(value["visits"][1]["areas"][2]["area"], "left.posterior_calf");
    assert_eq!(value["visits"][0]["red_flags"][0]["answer"], "no");
    assert!(value.get("areas").is_none(), "areas belong to visits");
}

#[test]
fn an_old_single_session_file_opens_as_one_visit_and_saves_in_the_new_format() {
    let kb = kb();
    let dir = TempDir::new("visits-old");
    let path = dir.file("old.json");
    let old = r#"{
  "format_version": 2,
  "patient": "JD 0042",
  "created": "2026-11-22T09:30:00Z",
  "modified": "2026-11-25T16:00:00Z",
  "areas": [{ "area": "left.buttock", "intensity": 7 }, { "area": "left.lateral_foot", "numb": true }],
  "exercises": [{ "id": "figure_four_supine", "dosage": "hold 30 s" }],
  "notes": "Walk daily."
}
"#;
    std::fs::write(&path, old).expect("write");
    let opened = session::open(&kb, &path).expect("a format 2 file opens");
    assert_eq!(opened.read_format, 2);
    assert_eq!(opened.plan.visit_count(), 1);
    assert_eq!(opened.plan.visit_date.as_deref(), Some("2026-11-25"), "dated when it was last saved");
    assert_eq!(opened.areas.len(), 2);
    assert_eq!(opened.plan.notes, "Walk daily.");
    // Opening never rewrites it.
    assert_eq!(std::fs::read_to_string(&path).expect("read"), old);

    // Saved, it is written as format 3, one visit, nothing lost.
    session::save(&path, &opened.areas, &opened.plan, "2026-12-01T10:00:00Z").expect("save");
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    assert_eq!(value["format_version"], FORMAT_VERSION);
    assert_eq!(value["created"], "2026-11-22T09:30:00Z");
    assert_eq!(value["visits"].as_array().map(Vec::len), Some(1));
    assert_eq!(value["visits"][0]["date"], "2026-11-25");
    let again = session::open(&kb, &path).expect("reopen");
    assert_eq!((again.areas, again.plan), (opened.areas, opened.plan));

    // A format 1 file without times: one undated visit, dated by the save.
    let bare = open_text(&kb, r#"{"format_version": 1, "areas": [{"area": "saddle"}]}"#).expect("format 1");
    assert_eq!(bare.plan.visit_date, None);
    let text = session::to_json(&bare.areas, &bare.plan, "2026-12-02T08:00:00Z");
    assert_eq!(open_text(&kb, &text).expect("reopen").plan.visit_date.as_deref(), Some("2026-12-02"));
}

#[test]
fn a_newer_version_is_refused_by_name() {
    let kb = kb();
    let text =
        format!(r#"{{"format_version": {}, "visits": [{{"date": "2026-11-03", "pain": "new"}}]}}"#, FORMAT_VERSION + 1);
    let errors = open_text(&kb, &text).expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "format_version");
    assert!(errors[0].message.contains("newer version of Sciatica Explorer"), "{}", errors[0]);
}

#[test]
fn a_corrupt_visit_is_located_by_index_and_field() {
    let kb = kb();
    let (selection, plan) = three_visits(&kb);
    let good = session::to_json(&selection, &plan, "2026-12-01T10:00:00Z");
    let mut value: serde_json::Value = serde_json::from_str(&good).expect("JSON");

    // A level out of range: found by the checker, named with its visit.
    value["visits"][2]["areas"][0]["intensity"] = 12.into();
    let errors = open_text(&kb, &value.to_string()).expect_err("bad level");
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["visits[2].areas[0].intensity"]);

    // A level of the wrong type: found while reading, with its line.
    value["visits"][2]["areas"][0]["intensity"] = "seven".into();
    let pretty = serde_json::to_string_pretty(&value).expect("pretty");
    let errors = open_text(&kb, &pretty).expect_err("bad type");
    assert_eq!(errors[0].field, "visits[2].areas[0].intensity", "{errors:?}");
    assert!(errors[0].line > 1, "{}", errors[0]);
    assert!(errors[0].to_string().starts_with("p.json:"), "{}", errors[0]);

    // Several problems in several visits are all listed.
    value["visits"][2]["areas"][0]["intensity"] = 3.into();
    value["visits"][0]["date"] = "3 Nov".into();
    value["visits"][1]["red_flags"][0]["id"] = "bowel_bladdr".into();
    value["visits"][1]["exercises"][0]["id"] = "no_such_exercise".into();
    value["visits"][2]["areas"][1]["area"] = "left.buttock".into();
    let errors = open_text(&kb, &value.to_string()).expect_err("bad visits");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["visits[0].date", "visits[1].exercises[0].id", "visits[1].red_flags[0].id", "visits[2].areas[1].area"],
        "{errors:?}"
    );
    assert!(errors[2].message.contains("bowel_bladder"), "suggests the closest id: {}", errors[2]);

    // A bad answer and an unknown field in a visit.
    let text = r#"{"format_version": 3, "visits": [{"date": "2026-11-03", "red_flags": [{"id": "both_legs", "answer": "maybe"}]}]}"#;
    assert_eq!(open_text(&kb, text).expect_err("answer")[0].field, "visits[0].red_flags[0].answer");
    let text = r#"{"format_version": 3, "visits": [{"date": "2026-11-03"}, {"date": "2026-11-04", "pain": 3}]}"#;
    let e = &open_text(&kb, text).expect_err("unknown field")[0];
    assert!(e.field.starts_with("visits[1]") && e.message.contains("unknown field `pain`"), "{e}");
    // No visit at all, and a visit without a date.
    let e = &open_text(&kb, r#"{"format_version": 3, "visits": []}"#).expect_err("no visit")[0];
    assert_eq!(e.field, "visits", "{e}");
    let e = &open_text(&kb, r#"{"format_version": 3, "visits": [{"areas": []}]}"#).expect_err("no date")[0];
    assert!(e.field == "visits[0]" && e.message.contains("missing field `date`"), "{e}");
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let kb = kb();
    let dir = TempDir::new("visits-fail");
    let path = dir.file("patient.json");
    let (selection, plan) = three_visits(&kb);
    session::save(&path, &selection, &plan, "2026-12-01T10:00:00Z").expect("first save");
    let before = std::fs::read(&path).expect("read");

    // A fourth visit, saved onto a disk that fills half-way.
    let (mut selection, mut plan) = (selection, plan);
    plan.start_new_visit(&mut selection, true, "2026-12-15");
    let result = session::save_with(&path, &selection, &plan, "2026-12-15T10:00:00Z", &mut |file, bytes| {
        use std::io::Write as _;
        file.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).expect("read"), before, "the three visits are as they were");
    assert_eq!(dir.entries(), vec!["patient.json"], "the temporary file is removed");
    assert_eq!(session::open(&kb, &path).expect("still opens").plan.visit_count(), 3);
}

#[test]
fn a_hundred_visits_open_quickly() {
    let kb = kb();
    let (mut selection, mut plan) = three_visits(&kb);
    for day in 0..97 {
        plan.start_new_visit(&mut selection, true, &format!("2027-01-{:02}", day % 28 + 1));
        selection[0].intensity = Some((day % 11) as u8);
    }
    let text = session::to_json(&selection, &plan, "2027-02-01T10:00:00Z");
    let started = std::time::Instant::now();
    let opened = open_text(&kb, &text).expect("opens");
    assert_eq!(opened.plan.visit_count(), 100);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[test]
fn every_area_has_a_level_that_fits_its_region() {
    let kb = kb();
    for area in &kb.areas {
        assert!(area.region.levels().contains(&area.level()), "{}: {:?} at {:?}", area.id, area.region, area.level());
    }
    let level = |id: &str| kb.area(id).map(|a| a.level().as_str());
    assert_eq!(level("sacrum"), Some("back"), "the sacrum is the spine's, not the leg's");
    assert_eq!(level("lateral_ankle"), Some("foot"));

    // A pack cannot put a foot area at the back, which would hide pain spreading down the leg.
    let pack = common::TempPack::empty("level");
    let record =
        common::data_record("areas.toml", "area", "lateral_foot").replace("level = \"foot\"", "level = \"back\"");
    pack.write("areas.toml", &record);
    let errors = KnowledgeBase::with_pack(&pack.dir).expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "area[lateral_foot].level", "{}", errors[0]);
    let line = record.lines().position(|l| l.starts_with("level = ")).map(|i| i + 1);
    assert_eq!(Some(errors[0].line), line, "{}", errors[0]);
    assert!(errors[0].message.contains("`foot`"), "{}", errors[0]);

    // An unknown level and a missing one are located too.
    pack.write("areas.toml", &record.replace("level = \"back\"", "level = \"ankle\""));
    let errors = KnowledgeBase::with_pack(&pack.dir).expect_err("refused");
    assert_eq!(errors[0].field, "area[lateral_foot].level", "{}", errors[0]);
    // Left out, a one-level region's level is implied (packs written before visits still load);
    // a region with two levels must say which.
    pack.write("areas.toml", &record.replace("level = \"back\"\n", ""));
    let kb_without = KnowledgeBase::with_pack(&pack.dir).unwrap_or_else(|e| panic!("an implied level loads: {e:?}"));
    assert_eq!(kb_without.area("lateral_foot").map(|a| a.level()), Some(Level::Foot));
    let ankle = common::data_record("areas.toml", "area", "lateral_ankle");
    let ankle = ankle.lines().filter(|l| !l.starts_with("level = ")).collect::<Vec<_>>().join("\n") + "\n";
    pack.write("areas.toml", &ankle);
    let errors = KnowledgeBase::with_pack(&pack.dir).expect_err("refused");
    assert_eq!(errors[0].field, "area[lateral_ankle].level", "{}", errors[0]);
    assert!(errors[0].message.contains("`leg` or `foot`"), "{}", errors[0]);
}

// ---------------------------------------------------------------- outputs

fn bin() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
}

/// The three visits saved in `dir` as `patient.json`.
fn saved_three_visits(dir: &TempDir) -> std::path::PathBuf {
    let kb = kb();
    let path = dir.file("patient.json");
    let (selection, plan) = three_visits(&kb);
    session::save(&path, &selection, &plan, "2026-12-01T10:00:00Z").expect("save");
    path
}

fn stdout(args: &[&str]) -> String {
    let output = bin().args(args).output().expect("run");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn history_prints_the_timeline_the_changes_and_the_verdict() {
    let dir = TempDir::new("history");
    let path = saved_three_visits(&dir);
    let text = stdout(&["history", path.to_str().expect("path")]);
    assert!(text.contains("Patient: JD 0042\n3 visits\n"), "{text}");
    let timeline = text.find("TIMELINE").expect("timeline");
    let changes = text.find("CHANGES").expect("changes");
    let verdict = text.find("OVER ALL VISITS").expect("verdict");
    assert!(timeline < changes && changes < verdict, "{text}");
    assert!(text.contains("   1. 3 Nov 2026   worst pain 8/10"), "{text}");
    assert!(text.contains("down to the foot (Left outer foot)"), "{text}");
    assert!(text.contains("of the leg"), "the extent, in words: {text}");
    assert!(text.contains("  1 (3 Nov 2026) to 2 (17 Nov 2026)\n    Worst pain down from 8/10 to 5/10.\n"), "{text}");
    assert!(text.contains("    No longer marked: Left outer foot.\n"), "{text}");
    assert!(text.contains("    New: Left calf.\n"), "{text}");
    assert!(
        text.contains("Since 3 Nov the pain has moved up from the foot (left outer foot) to the thigh (left back of thigh): a good sign."),
        "{text}"
    );
    assert!(text.contains("(May & Aina 2012)") && !text.contains("may_aina_2012"), "a readable citation: {text}");
    assert!(!text.contains('%'), "no percentages: {text}");
}

#[test]
fn history_json_has_every_visit_change_and_the_verdict() {
    let dir = TempDir::new("history-json");
    let path = saved_three_visits(&dir);
    let value: serde_json::Value =
        serde_json::from_str(&stdout(&["history", path.to_str().expect("path"), "--json"])).expect("JSON");
    assert_eq!(value["patient"], "JD 0042");
    let visits = value["visits"].as_array().expect("visits");
    assert_eq!(visits.len(), 3);
    assert_eq!(visits[0]["number"], 1);
    assert_eq!(visits[0]["date"], "2026-11-03");
    assert_eq!(visits[0]["worst"], 8);
    assert_eq!(visits[0]["areas"], 3);
    assert_eq!(visits[0]["level"], "foot");
    assert_eq!(visits[1]["level"], "leg");
    assert_eq!(visits[2]["level"], "thigh");
    let extent = visits[0]["extent"].as_f64().expect("extent");
    assert!(extent > 0.0 && extent < 1.0, "{extent}");
    let changes = value["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2);
    assert_eq!((changes[0]["from"].clone(), changes[0]["to"].clone()), (1.into(), 2.into()));
    let first = &changes[0]["areas"][0];
    assert_eq!(
        (first["area"].as_str(), first["change"].as_str(), first["delta"].as_i64()),
        (Some("left.buttock"), Some("better"), Some(-2))
    );
    let gone: Vec<&str> = changes[0]["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .filter(|c| c["change"] == "gone")
        .filter_map(|c| c["area"].as_str())
        .collect();
    assert_eq!(gone, ["left.lateral_foot"]);
    assert_eq!(value["verdict"]["trend"], "centralising");
    assert_eq!((value["verdict"]["from"].as_str(), value["verdict"]["to"].as_str()), (Some("foot"), Some("thigh")));
}

#[test]
fn history_of_a_bad_file_is_located_and_exits_2() {
    let dir = TempDir::new("history-bad");
    let path = dir.file("bad.json");
    std::fs::write(&path, r#"{"format_version": 3, "visits": [{"date": "2026-11-03"}, {"date": "2026-11-17", "areas": [{"area": "left.heel", "intensity": 12}]}]}"#)
        .expect("write");
    let output = bin().args(["history", path.to_str().expect("path")]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("visits[1].areas[0].intensity"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_handout_shows_progress_escaped_and_prints_any_visit() {
    let dir = TempDir::new("handout-progress");
    let path = saved_three_visits(&dir);
    let page = stdout(&["handout", path.to_str().expect("path")]);
    let start = page.find("<section class=\"progress\">").expect("a progress section");
    let section = &page[start..start + page[start..].find("</section>").expect("end")];
    assert!(section.contains("<h2>Your progress</h2>"));
    // The chart: inline SVG with a point per visit for the worst pain and the average.
    let chart = &section[section.find("<svg").expect("chart")..section.find("</svg>").expect("chart end")];
    assert_eq!(chart.matches("<circle").count(), 6, "{chart}");
    assert!(chart.contains(">3 Nov 2026<") && chart.contains(">1 Dec<"), "the year said once: {chart}");
    assert!(!chart.contains("<script") && !chart.contains("href"), "{chart}");
    assert!(section.contains("Since your last visit (17 Nov)"), "{section}");
    assert!(section.contains("<li>Worst pain down from 5/10 to 3/10.</li>"), "{section}");
    assert!(section.contains("<li>No longer marked: Left calf.</li>"), "{section}");
    assert!(section.contains("to the thigh (left back of thigh): a good sign"), "{section}");
    assert!(
        page.contains("May &amp; Aina 2012</span> — Centralization and directional preference"),
        "the source is listed"
    );
    // This visit's plan and notes, escaped.
    assert!(page.contains("Much better: &lt;keep going&gt; &amp; walk."));
    assert!(!page.contains("<keep going>"));
    assert!(page.contains("Supine figure-four"), "this visit's added exercise");
    assert!(page.contains("<dd>2026-12-01</dd>"), "dated with its visit");

    // The first visit: no progress yet, its own areas, plan and date.
    let first = stdout(&["handout", path.to_str().expect("path"), "--visit", "1"]);
    assert!(!first.contains("Your progress"));
    assert!(first.contains("<dd>2026-11-03</dd>") && first.contains("Left outer foot"));
    assert!(first.contains("First visit.") && !first.contains("Supine figure-four"));
    // The second, by date: progress up to it, not beyond.
    let second = stdout(&["handout", path.to_str().expect("path"), "--visit", "2026-11-17"]);
    assert!(second.contains("Since your last visit (3 Nov)"), "progress up to that visit");
    assert!(!second.contains(">1 Dec<"), "no later visit on the chart");
    assert!(second.contains("to the lower leg (left calf): a good sign"), "{second}");

    // A visit that is not there: exit 2, nothing written.
    for bad in ["4", "0", "2026-11-18", "yesterday"] {
        let output = bin().args(["handout", path.to_str().expect("path"), "--visit", bad]).output().expect("run");
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(output.stdout.is_empty(), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("visit") || stderr.contains("date"), "{bad}: {stderr}");
    }
}

#[test]
fn hostile_text_in_a_visit_is_escaped_in_the_progress_section() {
    let kb = kb();
    let map = sciatica_explorer::geometry::BodyMap::builtin().expect("map");
    let (selection, mut plan) = three_visits(&kb);
    plan.patient = "<script>alert(1)</script>".into();
    let options =
        sciatica_explorer::export::handout::HandoutOptions { date: "2026-12-01".into(), ..Default::default() };
    let html = sciatica_explorer::export::handout::handout_html(&kb, &map, &selection, &plan, &options);
    assert!(html.contains("Your progress"));
    assert!(!html.contains("<script"), "no script anywhere");
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}

#[test]
fn the_plain_text_plan_says_what_changed_since_the_last_visit() {
    let kb = kb();
    let (selection, plan) = three_visits(&kb);
    let text = sciatica_explorer::report::plan_text(&kb, &selection, &plan, "2026-12-01");
    let block = text.find("CHANGE SINCE YOUR LAST VISIT (17 Nov)").expect("the change");
    assert!(block < text.find("\nEXERCISES").expect("exercises"), "{text}");
    assert!(text.contains("  Worst pain down from 5/10 to 3/10.\n"), "{text}");
    assert!(text.contains("  Better: Left buttock (5/10 to 3/10), Left back of thigh (4/10 to 2/10).\n"), "{text}");
    assert!(text.contains("a good sign"), "{text}");
    // A first visit has nothing to compare.
    let first = sciatica_explorer::report::plan_text(&kb, &selection, &Plan::default(), "2026-12-01");
    assert!(!first.contains("CHANGE SINCE"), "{first}");
}

#[test]
fn a_long_run_of_visits_makes_a_readable_chart_and_spreading_pain_is_called_out() {
    let kb = kb();
    let map = sciatica_explorer::geometry::BodyMap::builtin().expect("map");
    let mut selection = areas(&kb, &["right.buttock@4"]);
    let mut plan = Plan { visit_date: Some("2026-01-05".into()), ..Plan::default() };
    for week in 1..100u32 {
        let date = format!("{}-{:02}-{:02}", 2026 + week / 52, week % 12 + 1, week % 28 + 1);
        plan.start_new_visit(&mut selection, true, &date);
        selection[0].intensity = Some((week % 8 + 1) as u8);
    }
    // The last visit: the pain spreads down to the foot.
    selection.push(areas(&kb, &["right.sole@6"]).remove(0));
    let options =
        sciatica_explorer::export::handout::HandoutOptions { date: "2027-12-28".into(), ..Default::default() };
    let html = sciatica_explorer::export::handout::handout_html(&kb, &map, &selection, &plan, &options);
    let chart = &html[html.find("<svg class=\"chart\"").expect("chart")..];
    let chart = &chart[..chart.find("</svg>").expect("end")];
    let dates: Vec<&str> = chart
        .split("fill=\"#333333\">")
        .skip(1)
        .filter_map(|t| t.split('<').next())
        .filter(|t| !t.ends_with("pain"))
        .collect();
    assert!((3..=8).contains(&dates.len()), "a few dates, never crowded: {dates:?}");
    assert!(
        dates[0].ends_with("2026") && dates.iter().any(|d| d.ends_with("2027")),
        "the year where it changes: {dates:?}"
    );
    assert!(html.contains("<p class=\"verdict worse\">"), "spreading pain stands out");
    assert!(html.contains("contact your clinician"));
}

#[test]
fn history_of_an_old_single_visit_file() {
    let dir = TempDir::new("history-one");
    let path = dir.file("old.json");
    std::fs::write(
        &path,
        r#"{"format_version": 2, "modified": "2026-11-25T16:00:00Z", "areas": [{"area": "low_back", "intensity": 3}]}"#,
    )
    .expect("write");
    let text = stdout(&["history", path.to_str().expect("path")]);
    assert!(text.contains("1 visit\n"), "{text}");
    assert!(text.contains("25 Nov 2026  worst pain 3/10; average 3.0/10; 1 area; nothing on the leg; down to the lower back (Low back)"), "{text}");
    assert!(text.contains("This is the first visit, so there is nothing to compare yet"), "{text}");
    assert!(!text.contains("CHANGES"), "{text}");
}

#[test]
fn history_puts_the_latest_visits_red_flags_before_everything_else() {
    let dir = TempDir::new("history-flags");
    let kb = kb();
    let path = dir.file("patient.json");
    let (_, mut plan) = three_visits(&kb);
    // The latest visit marks the saddle area: an emergency, whatever the trend says.
    let mut selection = areas(&kb, &["left.buttock@3", "saddle"]);
    plan.start_new_visit(&mut selection, false, "2026-12-08");
    selection = areas(&kb, &["left.buttock@3", "saddle"]);
    session::save(&path, &selection, &plan, "2026-12-08T10:00:00Z").expect("save");
    let path = path.to_string_lossy().to_string();

    let text = stdout(&["history", &path]);
    assert!(text.starts_with("RED FLAGS RAISED BY THE MARKED AREAS AT THE LATEST VISIT"), "{text}");
    assert!(text.contains("[EMERGENCY"), "{text}");
    assert!(text.find("[EMERGENCY").unwrap_or(usize::MAX) < text.find("TIMELINE").unwrap_or(0), "{text}");

    let json: serde_json::Value = serde_json::from_str(&stdout(&["history", &path, "--json"])).expect("JSON");
    let flags = json["latest_red_flags"].as_array().cloned().unwrap_or_default();
    assert!(flags.iter().any(|f| f["id"] == "saddle_numbness"), "{json}");

    // Without a flag at the latest visit, the history starts with the patient as before.
    let calm = stdout(&["history", &saved_three_visits(&dir).to_string_lossy()]);
    assert!(calm.starts_with("Patient: JD 0042"), "{calm}");
}
