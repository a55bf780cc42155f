//! Session files: round trip, and every kind of bad file refused with a located message while the
//! file on disk stays as it was.

use crate::common;

use std::path::Path;

use common::TempDir;

use sciatica_explorer::export::session::{
    self, FORMAT_VERSION, MAX_SESSION_BYTES, Plan, PlannedExercise, SessionError,
};
use sciatica_explorer::export::{write_atomic, write_atomic_with};
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::Selection;

fn kb() -> KnowledgeBase {
    KnowledgeBase::builtin().expect("built-in pack")
}

fn sample(kb: &KnowledgeBase) -> (Selection, Plan) {
    let selection = Selection::parse_args(kb, &["left.buttock@7", "left.lateral_foot@4", "saddle"]).expect("areas");
    let plan = Plan {
        patient: "J. D. — \"room 4\" <test> & co".to_string(),
        notes: "Line one\nLine two: ünïcödé ✓, tabs\tand <b>markup</b>".to_string(),
        exercises: vec![
            PlannedExercise {
                id: "figure_four_supine".into(),
                dosage: Some("hold 20 s × 3, twice a day".into()),
                note: "left side only".into(),
            },
            PlannedExercise { id: kb.exercises[1].id.to_string(), dosage: None, note: String::new() },
        ],
        created: None,
        ..Plan::default()
    };
    (selection, plan)
}

fn open_text(kb: &KnowledgeBase, text: &str) -> Result<session::SavedSession, Vec<SessionError>> {
    session::parse(kb, text, "s.json")
}

fn only_error(result: Result<session::SavedSession, Vec<SessionError>>) -> SessionError {
    match result {
        Ok(s) => panic!("expected an error, opened {s:?}"),
        Err(mut errors) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors.remove(0)
        }
    }
}

#[test]
fn a_session_round_trips_through_a_file() {
    let kb = kb();
    let dir = TempDir::new("round");
    let path = dir.file("visit.json");
    let (selection, plan) = sample(&kb);
    let created = session::save(&path, &selection.areas, &plan, "2026-11-22T09:30:00Z").expect("save");
    assert_eq!(created, "2026-11-22T09:30:00Z");
    let opened = session::open(&kb, &path).expect("open");
    assert_eq!(opened.areas, selection.areas);
    // The visit, saved undated, is dated with the day of the save.
    let dated = Plan { created: Some(created.clone()), visit_date: Some("2026-11-22".into()), ..plan.clone() };
    assert_eq!(opened.plan, dated);
    assert_eq!(opened.modified.as_deref(), Some("2026-11-22T09:30:00Z"));

    // Saving again keeps the creation time and moves the modification time.
    session::save(&path, &opened.areas, &opened.plan, "2026-12-01T10:00:00Z").expect("save again");
    let again = session::open(&kb, &path).expect("open again");
    assert_eq!(again.plan.created.as_deref(), Some("2026-11-22T09:30:00Z"));
    assert_eq!(again.modified.as_deref(), Some("2026-12-01T10:00:00Z"));
    assert_eq!(dir.entries(), vec!["visit.json"], "no temporary file is left behind");
}

#[test]
fn the_file_is_readable_versioned_json() {
    let kb = kb();
    let (selection, plan) = sample(&kb);
    let text = session::to_json(&selection.areas, &plan, "2026-11-22T09:30:00Z");
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["format_version"], FORMAT_VERSION);
    let visit = &value["visits"][0];
    assert_eq!(visit["date"], "2026-11-22");
    assert_eq!(visit["areas"][0]["area"], "left.buttock");
    assert_eq!(visit["areas"][0]["intensity"], 7);
    assert_eq!(visit["areas"][2]["area"], "saddle");
    assert!(visit["areas"][2].get("intensity").is_none());
    assert_eq!(visit["exercises"][0]["id"], "figure_four_supine");
    assert_eq!(visit["exercises"][0]["dosage"], "hold 20 s × 3, twice a day");
    assert_eq!(visit["notes"], plan.notes.as_str());
}

#[test]
fn an_empty_new_session_round_trips() {
    let kb = kb();
    let text = session::to_json(&[], &Plan::default(), "2026-11-22T09:30:00Z");
    let opened = open_text(&kb, &text).expect("open");
    assert!(opened.areas.is_empty() && opened.plan.exercises.is_empty() && opened.plan.notes.is_empty());
}

#[test]
fn corrupt_and_truncated_files_are_located_errors() {
    let kb = kb();
    let (selection, plan) = sample(&kb);
    let good = session::to_json(&selection.areas, &plan, "2026-11-22T09:30:00Z");

    let truncated = &good[..good.len() / 2];
    let e = only_error(open_text(&kb, truncated));
    assert!(e.message.contains("ends too early"), "{e}");
    assert!(e.line > 1, "{e}");

    let e = only_error(open_text(&kb, "{ \"format_version\": 1, \"areas\": [ } "));
    assert_eq!((e.line, e.file.as_str()), (1, "s.json"), "{e}");

    let e = only_error(open_text(&kb, "\u{1F600} not json at all"));
    assert_eq!(e.line, 1, "{e}");

    let e = only_error(open_text(&kb, "[1, 2, 3]"));
    assert!(e.message.contains("not a Sciatica Explorer session"), "{e}");

    let e = only_error(open_text(&kb, "{\"areas\": []}"));
    assert!(e.message.contains("no format_version"), "{e}");

    let e = only_error(open_text(&kb, ""));
    assert!(e.message.contains("ends too early"), "{e}");
}

#[test]
fn wrong_typed_fields_name_the_field_and_line() {
    let kb = kb();
    let text = "{\n  \"format_version\": 1,\n  \"areas\": [\n    { \"area\": \"left.buttock\", \"intensity\": \"seven\" }\n  ]\n}\n";
    let e = only_error(open_text(&kb, text));
    assert_eq!(e.field, "areas[0].intensity", "{e}");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.to_string().starts_with("s.json:4:"), "{e}");

    let e = only_error(open_text(&kb, "{\"format_version\": 1, \"notes\": 42}"));
    assert_eq!(e.field, "notes", "{e}");

    let e = only_error(open_text(&kb, "{\"format_version\": 1, \"note\": \"typo\"}"));
    assert!(e.message.contains("unknown field `note`"), "{e}");

    let e = only_error(open_text(&kb, "{\"format_version\": \"1\"}"));
    assert_eq!(e.field, "format_version", "{e}");
    let e = only_error(open_text(&kb, "{\"format_version\": 0}"));
    assert_eq!(e.field, "format_version", "{e}");
}

#[test]
fn unknown_ids_and_bad_levels_are_all_listed() {
    let kb = kb();
    let text = r#"{"format_version": 1,
        "areas": [{"area": "left.buttok"}, {"area": "left.heel", "intensity": 11}, {"area": "saddle"}, {"area": "saddle"}],
        "exercises": [{"id": "figure_four_supin"}, {"id": "figure_four_supine"}, {"id": "figure_four_supine"}]}"#;
    let errors = open_text(&kb, text).expect_err("bad ids");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["areas[0].area", "areas[1].intensity", "areas[3].area", "exercises[0].id", "exercises[2].id"],
        "{errors:?}"
    );
    assert!(errors[0].message.contains("left.buttock"), "suggests the closest id: {}", errors[0]);
    assert!(errors[3].message.contains("figure_four_supine"), "{}", errors[3]);
}

#[test]
fn a_newer_version_is_refused_by_name_even_when_its_fields_changed() {
    let kb = kb();
    let text = r#"{"format_version": 4, "visits": {"new": "shape"}, "exercises": 7}"#;
    let e = only_error(open_text(&kb, text));
    assert!(e.message.contains("newer version"), "{e}");
    assert!(e.message.contains("format 4"), "{e}");
}

#[test]
fn oversized_and_missing_files_are_refused_before_reading() {
    let kb = kb();
    let dir = TempDir::new("huge");
    let huge = dir.file("huge.json");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(MAX_SESSION_BYTES + 1).expect("grow");
    drop(file);
    let e = only_error(session::open(&kb, &huge));
    assert!(e.message.contains("at most 2 MiB"), "{e}");
    assert_eq!(std::fs::metadata(&huge).expect("still there").len(), MAX_SESSION_BYTES + 1);

    let e = only_error(session::open(&kb, &dir.file("absent.json")));
    assert!(e.to_string().contains("absent.json: cannot open"), "{e}");
    let e = only_error(session::open(&kb, &dir.0));
    assert!(e.message.contains("folder"), "{e}");

    std::fs::write(dir.file("binary.json"), [0xff, 0xfe, 0x00, 0x7b]).expect("write");
    let e = only_error(session::open(&kb, &dir.file("binary.json")));
    assert!(e.message.contains("UTF-8"), "{e}");
}

#[test]
fn a_failed_write_leaves_the_old_file_intact() {
    let dir = TempDir::new("fail");
    let path = dir.file("visit.json");
    write_atomic(&path, b"old content").expect("first write");
    // The write dies half-way, as on a full disk.
    let result = write_atomic_with(&path, b"new content that never lands", &mut |file, bytes| {
        use std::io::Write as _;
        file.write_all(&bytes[..5])?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).expect("old file"), b"old content");
    assert_eq!(dir.entries(), vec!["visit.json"], "the temporary file is removed");

    // A directory that does not exist: an error, nothing created.
    let nowhere = dir.file("no/such/dir/visit.json");
    assert!(write_atomic(&nowhere, b"x").is_err());
    assert!(!Path::new(&nowhere).exists());

    write_atomic(&path, b"replaced").expect("replace");
    assert_eq!(std::fs::read(&path).expect("new file"), b"replaced");
}

#[test]
fn plan_edits() {
    let mut plan = Plan::default();
    plan.toggle_exercise("a");
    plan.toggle_exercise("b");
    assert!(plan.has_exercise("a") && plan.has_exercise("b"));
    plan.toggle_exercise("a");
    assert!(!plan.has_exercise("a"));
    plan.exercise_mut("b").expect("b").dosage = Some("daily".into());
    assert_eq!(
        plan.exercises,
        vec![PlannedExercise { id: "b".into(), dosage: Some("daily".into()), note: String::new() }]
    );
}

#[test]
fn the_readme_example_is_a_valid_session() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let section = readme.split("### Session files").nth(1).expect("README has a Session files section");
    let json = section.split("```json").nth(1).and_then(|s| s.split("```").next()).expect("a JSON example");
    let opened = open_text(&kb(), json).unwrap_or_else(|e| panic!("README example: {e:?}"));
    assert_eq!(opened.areas.len(), 3);
    assert!(opened.areas[1].numb && !opened.areas[0].numb, "the example records numbness on one area");
    assert_eq!(opened.plan.exercises.len(), 2);
    assert_eq!(opened.plan.created.as_deref(), Some("2026-11-22T09:30:00Z"));
}

#[test]
fn numbness_round_trips_and_format_1_files_still_open() {
    let kb = kb();
    // A format 1 file (before numbness was recorded) opens, every area without numbness.
    let old = r#"{"format_version": 1, "areas": [{"area": "left.buttock", "intensity": 6}, {"area": "saddle"}]}"#;
    let opened = open_text(&kb, old).unwrap_or_else(|e| panic!("format 1: {e:?}"));
    assert_eq!(opened.areas.len(), 2);
    assert!(opened.areas.iter().all(|a| !a.numb));
    // Saved again, it is written as the current format, with numbness where marked.
    let mut areas = opened.areas.clone();
    areas[1].numb = true;
    let text = sciatica_explorer::export::session::to_json(&areas, &opened.plan, "2026-12-01T10:00:00Z");
    assert!(text.contains(&format!("\"format_version\": {}", sciatica_explorer::export::session::FORMAT_VERSION)));
    assert!(text.contains("\"numb\": true"));
    let reopened = open_text(&kb, &text).unwrap_or_else(|e| panic!("format 2: {e:?}"));
    assert_eq!(reopened.areas, areas);
}

#[test]
fn created_and_modified_must_be_utc_times() {
    let kb = kb();
    let good = r#"{"format_version": 1, "created": "2024-02-29T23:59:59Z", "modified": "2026-12-01T00:00:00Z"}"#;
    open_text(&kb, good).unwrap_or_else(|e| panic!("{e:?}"));
    for bad in [
        "yesterday",
        "2026-11-22",
        "2026-11-22 09:30:00",
        "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2026-11-22T24:00:00Z",
        "2026-11-22T09:30:00+01:00",
        "",
    ] {
        for field in ["created", "modified"] {
            let text = format!(r#"{{"format_version": 1, "{field}": "{bad}"}}"#);
            let e = only_error(open_text(&kb, &text));
            assert_eq!(e.field, field, "{bad:?}: {e}");
            assert!(e.message.contains("YYYY-MM-DDTHH:MM:SSZ"), "{e}");
        }
    }
}

#[test]
fn a_bad_intensity_says_what_an_intensity_is() {
    let kb = kb();
    for bad in ["11", "-1", "3.5", "\"seven\"", "[7]", "1e3", "300"] {
        let text = format!(r#"{{"format_version": 1, "areas": [{{"area": "left.buttock", "intensity": {bad}}}]}}"#);
        let e = only_error(open_text(&kb, &text));
        assert_eq!(e.field, "areas[0].intensity", "{bad}: {e}");
        assert!(e.message.contains("intensity must be a whole number from 0 to 10"), "{bad}: {e}");
    }
    // `null` is an unsaid level.
    let text = r#"{"format_version": 1, "areas": [{"area": "left.buttock", "intensity": null}]}"#;
    assert_eq!(open_text(&kb, text).expect("null").areas[0].intensity, None);
}

#[test]
fn thousands_of_errors_are_capped_and_cheap() {
    let kb = kb();
    // One area listed 80,000 times, then 80,000 unknown areas and exercises, each distinct.
    let mut areas = vec![r#"{"area": "saddle"}"#.to_string(); 80_000];
    areas.extend((0..20_000).map(|i| format!(r#"{{"area": "left.nowhere_{i}"}}"#)));
    let exercises: Vec<String> = (0..20_000).map(|i| format!(r#"{{"id": "no_such_{i}"}}"#)).collect();
    let text =
        format!(r#"{{"format_version": 1, "areas": [{}], "exercises": [{}]}}"#, areas.join(","), exercises.join(","));
    let started = std::time::Instant::now();
    let errors = open_text(&kb, &text).expect_err("errors");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    assert_eq!(errors.len(), 51, "50 errors and a count of the rest");
    assert_eq!(errors[0].field, "areas[1].area");
    assert_eq!(errors[50].message, format!("… and {} more errors", 79_999 + 20_000 + 20_000 - 50));
}

#[test]
fn a_byte_order_mark_is_skipped_and_whole_file_errors_are_located() {
    let kb = kb();
    let text = session::to_json(&[], &Plan::default(), "2026-11-22T09:30:00Z");
    open_text(&kb, &format!("\u{feff}{text}")).unwrap_or_else(|e| panic!("a byte-order mark: {e:?}"));
    // Errors about the document as a whole point at where it starts.
    let e = only_error(open_text(&kb, "\n\n  [1, 2]"));
    assert_eq!((e.line, e.column), (3, 3), "{e}");
    let e = only_error(open_text(&kb, "\u{feff}{}"));
    assert_eq!((e.line, e.column), (1, 1), "{e}");
    assert!(e.message.contains("no format_version"), "{e}");
}

#[test]
fn an_unknown_exercise_can_be_kept_for_the_handout() {
    let kb = kb();
    let text =
        r#"{"format_version": 1, "exercises": [{"id": "clinic_only"}, {"id": "cat_cow"}, {"id": "clinic_only"}]}"#;
    let errors = open_text(&kb, text).expect_err("the window refuses it");
    assert_eq!(errors.len(), 2, "{errors:?}");
    let errors = session::parse_with(&kb, text, "s.json", session::UnknownExercises::Keep)
        .expect_err("a duplicate still is an error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("listed twice"), "{errors:?}");
    let text = r#"{"format_version": 1, "exercises": [{"id": "clinic_only"}, {"id": "cat_cow"}]}"#;
    let kept = session::parse_with(&kb, text, "s.json", session::UnknownExercises::Keep).expect("kept");
    assert_eq!(kept.plan.exercises.len(), 2);
}

#[test]
fn a_huge_bad_value_makes_a_short_message_quickly() {
    let kb = kb();
    let huge = "x".repeat(500_000);
    let e = only_error(open_text(&kb, &format!(r#"{{"format_version": 1, "areas": "{huge}"}}"#)));
    assert_eq!(e.field, "areas", "{e:?}");
    assert!(e.message.chars().count() < 400, "{} characters", e.message.len());
    assert!(e.message.contains("expected a sequence"), "{}", e.message);

    // An unknown id far too long to be one: no search for suggestions (it took seconds).
    let started = std::time::Instant::now();
    let text =
        format!(r#"{{"format_version": 1, "areas": [{{"area": "{huge}"}}], "exercises": [{{"id": "{huge}"}}]}}"#);
    let errors = open_text(&kb, &text).expect_err("unknown ids");
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "took {:?}", started.elapsed());
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|e| e.message.chars().count() < 400), "{errors:?}");
}
