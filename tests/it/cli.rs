//! The command line through the real binary: the `lookup --json` contract, area-id errors, the
//! `areas` and `exercises` listings and their filters, `validate`, `handout` and `--data`.

use crate::common;
use common::{SLING_STRETCH, TempDir, TempPack, data_dir};
use std::collections::BTreeSet;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

// ------------------------------------------------------------------------------------------------
// Test setup.

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = bin().args(args).output().expect("run the binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs a command that must succeed and print JSON.
fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(out.code, Some(0), "{args:?} failed:\n{}", out.stderr);
    match serde_json::from_str(&out.stdout) {
        Ok(value) => value,
        Err(e) => panic!("{args:?} printed invalid JSON ({e}):\n{}", out.stdout),
    }
}

fn array<'a>(value: &'a Value, what: &str) -> &'a Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("{what} is not an array: {value}"))
}

fn field<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).unwrap_or_else(|| panic!("no `{key}` in {value}"))
}

fn string<'a>(value: &'a Value, key: &str) -> &'a str {
    field(value, key).as_str().unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
}

fn score(value: &Value) -> f64 {
    field(value, "score").as_f64().unwrap_or_else(|| panic!("`score` is not a number in {value}"))
}

impl TempPack {
    /// Breaks the pack in three independent ways.
    pub(crate) fn break_three_ways(&self) {
        self.edit_after("roots.toml", "id = \"L1\"", "{ id = \"lee_2008\" }", "{ id = \"zz_unknown_source\" }");
        self.edit_after(
            "areas.toml",
            "id = \"sacrum\"",
            "target = \"middle_cluneal\", weight = 0.4,",
            "target = \"middle_cluneal\", weight = 1.5,",
        );
        self.edit_after(
            "exercises.toml",
            "[[exercise]]",
            "id = \"wall_sit_flat_back\"",
            "id = \"cobra_glute_squeeze\"",
        );
    }
}

/// `(base id, laterality)` of every `[[area]]` in data/areas.toml, read independently of the app.
fn areas_in_data() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(data_dir().join("areas.toml")).expect("read areas.toml");
    let doc: toml::Table = text.parse().expect("areas.toml parses");
    let areas = doc["area"].as_array().expect("[[area]] list");
    areas
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("area id").to_string(),
                a["laterality"].as_str().expect("area laterality").to_string(),
            )
        })
        .collect()
}

const BASE_AREAS: [&str; 23] = [
    "low_back",
    "sacrum",
    "saddle",
    "buttock",
    "hip_lateral",
    "groin",
    "anterior_thigh",
    "lateral_thigh",
    "medial_thigh",
    "posterior_thigh",
    "anterior_knee",
    "popliteal_fossa",
    "anterolateral_leg",
    "medial_leg",
    "posterior_calf",
    "lateral_ankle",
    "medial_ankle",
    "heel",
    "sole",
    "lateral_foot",
    "dorsum_foot",
    "big_toe",
    "first_web_space",
];

const MIDLINE: [&str; 3] = ["low_back", "sacrum", "saddle"];

// ------------------------------------------------------------------------------------------------
// lookup --json: the contract.

#[test]
fn lookup_json_has_the_documented_shape() {
    let result = json(&["lookup", "left.buttock", "left.posterior_thigh", "left.lateral_foot@7", "--json"]);
    let object = result.as_object().expect("top level is an object");
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> =
        ["areas", "red_flags", "checklist", "candidates", "notes", "distinguish", "exercises", "exercises_withheld"]
            .into();
    assert_eq!(keys, expected);

    // The selection is echoed, in order, with intensities.
    let areas = array(field(&result, "areas"), "areas");
    let ids: Vec<&str> = areas.iter().map(|a| string(a, "id")).collect();
    assert_eq!(ids, ["left.buttock", "left.posterior_thigh", "left.lateral_foot"]);
    assert_eq!(field(&areas[2], "intensity").as_u64(), Some(7));
    assert!(field(&areas[0], "intensity").is_null());

    // Buttock down to the foot on one side raises the "radiates to the foot" flag.
    let flags = array(field(&result, "red_flags"), "red_flags");
    assert!(!flags.is_empty(), "no red flag for pain from buttock to foot");
    for flag in flags {
        assert!(!string(flag, "id").is_empty());
        assert!(["emergency", "soon"].contains(&string(flag, "urgency")), "{flag}");
        assert!(!string(flag, "text").is_empty());
        let sources = array(field(flag, "sources"), "flag sources");
        assert!(!sources.is_empty() && sources.iter().all(Value::is_string), "{flag}");
    }

    let candidates = array(field(&result, "candidates"), "candidates");
    assert!(candidates.len() >= 3, "too few candidates: {}", candidates.len());
    let kinds = ["root", "nerve", "entrapment", "muscle", "cause"];
    for c in candidates {
        assert!(!string(c, "id").is_empty());
        assert!(kinds.contains(&string(c, "kind")), "bad kind in {c}");
        assert!(!string(c, "name").is_empty());
        let s = score(c);
        assert!((0.0..=1.0).contains(&s), "score out of range in {c}");
        let why = array(field(c, "why"), "why");
        assert!(!why.is_empty(), "a candidate without a reason: {c}");
        let sources = array(field(c, "sources"), "candidate sources");
        assert!(!sources.is_empty() && sources.iter().all(Value::is_string), "{c}");
    }
    // Grouped (pathway, cause, mimic), best fit first within each group, each with its band.
    let groups = ["pathway", "cause", "mimic"];
    for pair in candidates.windows(2) {
        let (a, b) = (string(&pair[0], "group"), string(&pair[1], "group"));
        let (ga, gb) = (groups.iter().position(|g| *g == a), groups.iter().position(|g| *g == b));
        assert!(ga.is_some() && gb.is_some() && ga <= gb, "groups out of order: {} then {}", pair[0], pair[1]);
        if a == b {
            assert!(score(&pair[0]) >= score(&pair[1]), "candidates out of order: {} then {}", pair[0], pair[1]);
        }
    }
    for c in candidates {
        assert!(["strong", "moderate", "weak"].contains(&string(c, "band")), "bad band in {c}");
    }
    // The kinds really vary: roots, nerves and muscles all explain this pattern.
    let seen: BTreeSet<&str> = candidates.iter().map(|c| string(c, "kind")).collect();
    for kind in ["root", "nerve", "muscle"] {
        assert!(seen.contains(kind), "no {kind} candidate; kinds: {seen:?}");
    }
    // The sciatic nerve explains buttock, back of thigh and outer foot together.
    assert!(candidates.iter().take(5).any(|c| string(c, "id") == "sciatic"), "sciatic not in the top 5");

    let notes = array(field(&result, "notes"), "notes");
    assert!(notes.iter().any(|n| string(n, "id") == "education"), "the education note is missing");

    let exercises = array(field(&result, "exercises"), "exercises");
    assert!(!exercises.is_empty());
    for e in exercises {
        assert!(!string(e, "id").is_empty() && !string(e, "name").is_empty());
        let s = score(e);
        assert!((0.0..=1.0).contains(&s), "score out of range in {e}");
        let sources = array(field(e, "sources"), "exercise sources");
        assert!(!sources.is_empty() && sources.iter().all(Value::is_string), "{e}");
    }
    for pair in exercises.windows(2) {
        assert!(score(&pair[0]) >= score(&pair[1]), "exercises out of order: {} then {}", pair[0], pair[1]);
    }
}

#[test]
fn saddle_raises_an_emergency_flag() {
    let result = json(&["lookup", "saddle", "--json"]);
    let flags = array(field(&result, "red_flags"), "red_flags");
    let saddle = flags.iter().find(|f| string(f, "id") == "saddle_numbness").expect("saddle flag raised");
    assert_eq!(string(saddle, "urgency"), "emergency");
    assert_eq!(string(&flags[0], "urgency"), "emergency", "the emergency comes first");
    let notes = array(field(&result, "notes"), "notes");
    assert!(notes.iter().any(|n| string(n, "id") == "seek_care_first"), "no seek-care note");

    // Contrast: a buttock alone raises no emergency.
    let calm = json(&["lookup", "left.buttock", "--json"]);
    let flags = array(field(&calm, "red_flags"), "red_flags");
    assert!(flags.iter().all(|f| string(f, "urgency") != "emergency"), "{flags:?}");
}

#[test]
fn both_legs_flag_needs_both_legs_from_the_thigh_down() {
    // Both buttocks alone are not "both legs" (cauda equina pathway: radicular symptoms in both limbs).
    let buttocks = json(&["lookup", "left.buttock", "right.buttock", "--json"]);
    let flags = array(field(&buttocks, "red_flags"), "red_flags");
    assert!(flags.iter().all(|f| string(f, "id") != "both_legs"), "both_legs raised for both buttocks");

    let legs = json(&["lookup", "left.posterior_thigh", "right.posterior_calf", "--json"]);
    let flags = array(field(&legs, "red_flags"), "red_flags");
    let flag = flags.iter().find(|f| string(f, "id") == "both_legs").expect("both_legs raised");
    assert_eq!(string(flag, "urgency"), "emergency");
    // The emergency withholds exercises, and says which flag does.
    assert_eq!(array(field(&legs, "exercises"), "exercises").len(), 0);
    assert_eq!(field(&legs, "exercises_withheld").as_str(), Some("both_legs"));
}

#[test]
fn intensity_syntax_is_accepted_and_changes_the_scores() {
    let at7 = json(&["lookup", "left.lateral_foot@7", "--json"]);
    let area = &array(field(&at7, "areas"), "areas")[0];
    assert_eq!(string(area, "id"), "left.lateral_foot");
    assert_eq!(field(area, "intensity").as_u64(), Some(7));

    let top = |v: &Value| score(&array(field(v, "candidates"), "candidates")[0]);
    let low = json(&["lookup", "left.lateral_foot@0", "--json"]);
    let high = json(&["lookup", "left.lateral_foot@10", "--json"]);
    assert!(top(&high) > top(&at7) && top(&at7) > top(&low), "{} {} {}", top(&high), top(&at7), top(&low));
}

#[test]
fn out_of_range_or_non_numeric_intensity_fails_with_exit_2() {
    for arg in ["left.lateral_foot@11", "left.lateral_foot@x", "left.lateral_foot@-1", "left.lateral_foot@"] {
        let out = run(&["lookup", arg, "--json"]);
        assert_eq!(out.code, Some(2), "{arg}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{arg} printed to stdout: {}", out.stdout);
        assert!(out.stderr.contains("0 to 10"), "{arg}: unhelpful message: {}", out.stderr);
    }
}

#[test]
fn unknown_area_exits_2_with_suggestions_and_nothing_on_stdout() {
    bin()
        .args(["lookup", "left.lateral_fot", "--json"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("left.lateral_fot`").and(predicate::str::contains("left.lateral_foot")));

    // A good area before a bad one: still no partial output.
    bin()
        .args(["lookup", "left.buttock", "nowhere"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("nowhere"));

    // A side that does not exist.
    bin().args(["lookup", "middle.buttock"]).assert().code(2).stdout(predicate::str::is_empty());
}

#[test]
fn a_midline_area_with_a_side_and_a_sided_area_without_one_are_explained() {
    bin()
        .args(["lookup", "left.saddle", "--json"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("midline").and(predicate::str::contains("without a side")));

    bin()
        .args(["lookup", "buttock", "--json"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("left.buttock").and(predicate::str::contains("right.buttock")));
}

#[test]
fn lookup_text_output_names_the_top_candidate() {
    let result = json(&["lookup", "left.lateral_foot", "--json"]);
    let top = string(&array(field(&result, "candidates"), "candidates")[0], "name").to_string();
    bin().args(["lookup", "left.lateral_foot"]).assert().success().stdout(predicate::str::contains(top));
}

// ------------------------------------------------------------------------------------------------
// areas

#[test]
fn areas_json_lists_every_area_with_sides_and_labels() {
    let list = json(&["areas", "--json"]);
    let list = array(&list, "areas");
    let ids: Vec<&str> = list.iter().map(|a| string(a, "id")).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate area ids");

    let in_data = areas_in_data();
    let bases: BTreeSet<&str> = in_data.iter().map(|(id, _)| id.as_str()).collect();
    for base in BASE_AREAS {
        assert!(bases.contains(base), "data/areas.toml lost `{base}`");
    }
    let mut expected = BTreeSet::new();
    for (base, laterality) in &in_data {
        if laterality == "midline" {
            expected.insert(base.clone());
        } else {
            expected.insert(format!("left.{base}"));
            expected.insert(format!("right.{base}"));
        }
    }
    let got: BTreeSet<String> = ids.iter().map(|s| (*s).to_string()).collect();
    assert_eq!(got, expected);
    for base in MIDLINE {
        assert!(unique.contains(base), "midline `{base}` missing");
        assert!(!unique.contains(format!("left.{base}").as_str()), "midline `{base}` given a side");
    }
    assert!(!unique.contains("buttock"), "sided `buttock` listed without a side");

    let label =
        |id: &str| string(list.iter().find(|a| string(a, "id") == id).expect("area listed"), "label").to_string();
    assert_eq!(label("left.lateral_foot"), "Left outer foot");
    assert_eq!(label("right.posterior_thigh"), "Right back of thigh");
    assert_eq!(label("saddle"), "Saddle area");
    assert_eq!(label("low_back"), "Low back");
}

#[test]
fn areas_text_lists_ids_with_labels() {
    let out = run(&["areas"]);
    assert_eq!(out.code, Some(0));
    let line = out.stdout.lines().find(|l| l.starts_with("left.lateral_foot ")).expect("left.lateral_foot listed");
    assert!(line.trim_end().ends_with("Left outer foot"), "{line:?}");
    let expected: usize = areas_in_data().iter().map(|(_, lat)| if lat == "midline" { 1 } else { 2 }).sum();
    assert_eq!(out.stdout.lines().count(), expected, "one line per area");
}

// ------------------------------------------------------------------------------------------------
// exercises

fn exercises(filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["exercises", "--json"];
    args.extend_from_slice(filters);
    let value = json(&args);
    array(&value, "exercises").clone()
}

fn ids_of(list: &[Value]) -> BTreeSet<String> {
    list.iter().map(|e| string(e, "id").to_string()).collect()
}

/// The filter keeps exactly the exercises of the full list that satisfy `keep`, and narrows it.
fn check_filter(filters: &[&str], keep: impl Fn(&Value) -> bool) {
    let all = exercises(&[]);
    let filtered = exercises(filters);
    assert!(!filtered.is_empty(), "{filters:?} kept nothing");
    assert!(filtered.len() < all.len(), "{filters:?} did not narrow the list");
    for e in &filtered {
        assert!(keep(e), "{filters:?} kept {}", string(e, "id"));
    }
    let expected: BTreeSet<String> = all.iter().filter(|e| keep(e)).map(|e| string(e, "id").to_string()).collect();
    assert_eq!(ids_of(&filtered), expected, "{filters:?} dropped matching exercises");
}

fn strings(value: &Value) -> Vec<&str> {
    array(value, "string list").iter().map(|v| v.as_str().expect("a string")).collect()
}

#[test]
fn exercises_json_lists_every_exercise_with_its_fields() {
    let list = exercises(&[]);
    let text = std::fs::read_to_string(data_dir().join("exercises.toml")).expect("read exercises.toml");
    let in_data = text.lines().filter(|l| l.trim() == "[[exercise]]").count();
    assert_eq!(list.len(), in_data);
    assert_eq!(ids_of(&list).len(), list.len(), "duplicate exercise ids");
    for e in &list {
        for key in ["id", "name", "kind", "position"] {
            assert!(!string(e, key).is_empty(), "empty {key} in {e}");
        }
        let _ = strings(field(e, "equipment"));
        let targets = field(e, "targets");
        assert!(targets.is_object(), "{e}");
        let cites = array(field(e, "cites"), "cites");
        assert!(!cites.is_empty(), "uncited exercise {}", string(e, "id"));
        for cite in cites {
            assert!(!string(cite, "id").is_empty(), "{cite}");
        }
    }
}

#[test]
fn exercise_filter_target() {
    check_filter(&["--target", "piriformis"], |e| {
        let targets = field(e, "targets").as_object().expect("targets object");
        targets.values().any(|ids| strings(ids).contains(&"piriformis"))
    });
}

#[test]
fn exercise_filter_position() {
    check_filter(&["--position", "supine"], |e| string(e, "position") == "supine");
}

#[test]
fn exercise_filter_equipment() {
    check_filter(&["--equipment", "band"], |e| strings(field(e, "equipment")).contains(&"band"));
    check_filter(&["--equipment", "none"], |e| strings(field(e, "equipment")).is_empty());
}

#[test]
fn exercise_filter_kind() {
    check_filter(&["--kind", "nerve_glide"], |e| string(e, "kind") == "nerve_glide");
    assert_eq!(ids_of(&exercises(&["--kind", "nerve-glide"])), ids_of(&exercises(&["--kind", "nerve_glide"])));
}

#[test]
fn exercise_filter_in_bed() {
    check_filter(&["--in-bed"], |e| field(e, "in_bed").as_bool() == Some(true));
}

#[test]
fn exercise_filter_search() {
    check_filter(&["--search", "figure"], |e| {
        let steps = strings(field(e, "steps")).join(" ");
        let haystack = format!("{} {} {} {steps}", string(e, "id"), string(e, "name"), string(e, "summary"));
        haystack.to_lowercase().contains("figure")
    });
}

#[test]
fn exercise_filters_combine() {
    check_filter(&["--position", "supine", "--in-bed", "--target", "piriformis"], |e| {
        let targets = field(e, "targets").as_object().expect("targets object");
        string(e, "position") == "supine"
            && field(e, "in_bed").as_bool() == Some(true)
            && targets.values().any(|ids| strings(ids).contains(&"piriformis"))
    });
}

#[test]
fn a_bad_exercise_filter_value_fails_clearly() {
    bin().args(["exercises", "--position", "sideways"]).assert().failure().stdout(predicate::str::is_empty()).stderr(
        predicate::str::contains("unknown position `sideways`")
            .and(predicate::str::contains("supine"))
            .and(predicate::str::contains("side_lying")),
    );
    bin()
        .args(["exercises", "--kind", "yoga"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unknown kind `yoga`").and(predicate::str::contains("nerve_glide")));
}

// ------------------------------------------------------------------------------------------------
// validate and --data

#[test]
fn validate_builtin_data_succeeds() {
    bin()
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok: built-in data"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn validate_counts_every_kind_of_record_including_the_notes() {
    let kb = sciatica_explorer::knowledge::KnowledgeBase::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let mut expected = predicate::str::contains("ok: built-in data").boxed();
    for kind in sciatica_explorer::knowledge::RecordKind::ALL {
        expected = expected.and(predicate::str::contains(kind.count(kb.count(kind)))).boxed();
    }
    bin().arg("validate").assert().code(0).stdout(expected);
}

#[test]
fn validate_a_good_copy_succeeds_and_changes_nothing() {
    let pack = TempPack::copy("validate-good");
    bin()
        .args(["validate", pack.path()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(pack.path()).and(predicate::str::contains("nothing added or amended")));
}

#[test]
fn validate_a_clinic_pack_says_what_it_adds_and_amends() {
    let pack = TempPack::clinic("validate-clinic");
    let builtin = exercises(&[]).len();
    let out = run(&["validate", pack.path()]);
    assert_eq!(out.code, Some(0), "stderr:\n{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let expected = format!("ok: {} — 1 exercise added; ", pack.path());
    assert!(out.stdout.starts_with(&expected), "expected {expected:?}…, got {}", out.stdout);
    assert!(out.stdout.contains(&format!("{} exercises", builtin + 1)), "the merged count: {}", out.stdout);

    // An amendment too: the built-in wall sit with a clinic's name, given in full.
    let data = std::fs::read_to_string(data_dir().join("exercises.toml")).expect("read exercises.toml");
    let start = data.find("[[exercise]]\nid = \"wall_sit_flat_back\"").expect("wall sit in data/");
    let end = start + 1 + data[start + 1..].find("\n[[exercise]]\n").expect("a record follows the wall sit");
    let amended = data[start..end].replace("name = \"", "name = \"Clinic ");
    pack.write("exercises.toml", &format!("{SLING_STRETCH}\n{amended}"));
    bin()
        .args(["--data", pack.path(), "validate"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("— 1 exercise added, 1 exercise amended; "));
}

#[test]
fn validate_a_broken_copy_lists_every_error() {
    let pack = TempPack::copy("validate-broken");
    pack.break_three_ways();
    let out = run(&["validate", pack.path()]);
    assert_eq!(out.code, Some(1), "stderr:\n{}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);

    let errors: Vec<&str> = out.stderr.lines().filter_map(|l| l.strip_prefix("error: ")).collect();
    assert!(errors.len() >= 3, "expected every error:\n{}", out.stderr);
    for e in &errors {
        // file:line:col: field: message
        let mut parts = e.splitn(4, ':');
        let (file, line, col, rest) = (parts.next(), parts.next(), parts.next(), parts.next());
        let file = file.unwrap_or_default();
        assert!(file.starts_with(pack.path()) && file.ends_with(".toml"), "bad file in {e:?}");
        assert!(line.and_then(|l| l.parse::<usize>().ok()).is_some_and(|l| l >= 1), "bad line in {e:?}");
        assert!(col.and_then(|c| c.parse::<usize>().ok()).is_some_and(|c| c >= 1), "bad column in {e:?}");
        let rest = rest.unwrap_or_default();
        let (field, message) = rest.trim_start().split_once(": ").unwrap_or_else(|| panic!("no field in {e:?}"));
        assert!(!field.is_empty() && !message.is_empty(), "{e:?}");
    }
    for (file, field) in [
        ("roots.toml", "root[L1].cites[1]"),
        ("areas.toml", "area[sacrum].links[2].weight"),
        ("exercises.toml", "exercise[cobra_glute_squeeze].id"),
    ] {
        assert!(
            errors.iter().any(|e| e.contains(file) && e.contains(&format!(": {field}: "))),
            "no error for {file} {field}:\n{}",
            out.stderr
        );
    }
    let summary = format!("{} errors in the data pack", errors.len());
    assert!(out.stderr.contains(&summary), "no summary {summary:?}:\n{}", out.stderr);
}

#[test]
fn data_flag_with_a_broken_pack_fails_lookup_with_nothing_on_stdout() {
    let pack = TempPack::copy("data-broken");
    pack.break_three_ways();
    bin()
        .args(["--data", pack.path(), "lookup", "left.buttock", "--json"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error: ").and(predicate::str::contains("areas.toml")));
    // `validate` honours --data too.
    bin().args(["--data", pack.path(), "validate"]).assert().code(1);
    // And a directory that does not exist, or a file where the directory should be.
    bin()
        .args(["--data", "/nonexistent/sciatica-pack", "areas"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("/nonexistent/sciatica-pack: no such directory"));
    let file = pack.dir.join("areas.toml");
    bin()
        .args(["--data", &file.display().to_string(), "areas"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("not a directory"));
    // And an empty one: the error lists the files a pack may hold.
    let empty = TempPack::empty("data-empty");
    bin()
        .args(["--data", empty.path(), "areas"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no data files").and(predicate::str::contains("exercises.toml")));
}

#[test]
fn data_flag_with_a_clinic_pack_adds_its_exercise_to_the_listing_and_the_lookup() {
    let pack = TempPack::clinic("data-clinic");
    // Only the pack has a "sling" exercise.
    let found = exercises(&["--search", "sling"]);
    assert!(found.is_empty(), "the built-in data already has a sling exercise: {found:?}");
    let out = run(&["--data", pack.path(), "exercises", "--search", "sling"]);
    assert_eq!(out.code, Some(0), "stderr:\n{}", out.stderr);
    assert!(out.stdout.contains("Towel-sling piriformis stretch  [clinic_sling_piriformis]"), "{}", out.stdout);
    assert!(out.stdout.trim_end().ends_with("\n1 exercise"), "only the clinic's exercise: {}", out.stdout);

    // Every built-in exercise is still listed.
    let all = json(&["--data", pack.path(), "exercises", "--json"]);
    let with_pack = ids_of(array(&all, "exercises"));
    let mut expected = ids_of(&exercises(&[]));
    expected.insert("clinic_sling_piriformis".to_string());
    assert_eq!(with_pack, expected);

    // The look-up ranks it for a buttock.
    let result = json(&["--data", pack.path(), "lookup", "left.buttock", "--json"]);
    let ranked = array(field(&result, "exercises"), "exercises");
    assert!(ranked.iter().any(|e| string(e, "id") == "clinic_sling_piriformis"), "not ranked: {ranked:?}");
}

#[test]
fn data_flag_with_a_broken_clinic_pack_exits_2_listing_every_error_in_the_pack() {
    let pack = TempPack::empty("data-clinic-broken");
    let broken = SLING_STRETCH
        .replace("cites = [{ id = \"travell_simons\", section = \"Piriformis\" }]", "cites = [\"zz_clinic_source\"]")
        .replace("muscles = [\"piriformis\"]", "muscles = [\"zz_no_such_muscle\"]");
    pack.write("exercises.toml", &broken);
    pack.write("exercise.toml", "");
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1);
    let out = run(&["--data", pack.path(), "lookup", "left.buttock"]);
    assert_eq!(out.code, Some(2), "stderr:\n{}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);
    let file = pack.dir.join("exercises.toml").display().to_string();
    for expected in [
        format!(
            "error: {file}:{}:10: exercise[clinic_sling_piriformis].cites[0]: unknown source",
            line_of("zz_clinic_source")
        ),
        format!(
            "error: {file}:{}:12: exercise[clinic_sling_piriformis].targets.muscles[0]: unknown muscle",
            line_of("zz_no_such_muscle")
        ),
        format!(
            "error: {}: not a data file (did you mean `exercises.toml`?)",
            pack.dir.join("exercise.toml").display()
        ),
        "3 errors in the data pack".to_string(),
    ] {
        assert!(out.stderr.contains(&expected), "no {expected:?} in:\n{}", out.stderr);
    }
}

#[test]
fn data_flag_with_a_good_copy_is_used() {
    let pack = TempPack::copy("data-good");
    let builtin = json(&["lookup", "left.buttock", "left.heel@8", "--json"]);
    let copied = json(&["--data", pack.path(), "lookup", "left.buttock", "left.heel@8", "--json"]);
    assert_eq!(builtin, copied, "an identical pack gives an identical result");

    // The pack really is read: an edited label shows.
    pack.edit_after(
        "areas.toml",
        "id = \"lateral_foot\"",
        "label = \"outer foot\"",
        "label = \"outside edge of foot\"",
    );
    let list = json(&["--data", pack.path(), "areas", "--json"]);
    let area = array(&list, "areas").iter().find(|a| string(a, "id") == "left.lateral_foot").cloned();
    let area = area.expect("left.lateral_foot listed");
    assert_eq!(string(&area, "label"), "Left outside edge of foot");
}

// ------------------------------------------------------------------------------------------------
// handout: a session file to a printable page.

/// A file of `dir` as a command-line argument.
fn path_in(dir: &TempDir, name: &str) -> String {
    dir.file(name).display().to_string()
}

const HANDOUT_EXERCISES: [&str; 3] = ["figure_four_supine", "cat_cow", "knee_to_chest"];

/// A session as the window saves it: two areas, three exercises (one with its own dose).
fn write_session(dir: &TempDir) -> String {
    let path = path_in(dir, "S.json");
    let text = r#"{
  "format_version": 1,
  "patient": "R.K.",
  "areas": [{ "area": "left.buttock", "intensity": 7 }, { "area": "left.lateral_foot" }],
  "exercises": [
    { "id": "figure_four_supine", "dosage": "45 s twice a day", "note": "left side" },
    { "id": "cat_cow" },
    { "id": "knee_to_chest" }
  ],
  "notes": "Review in two weeks."
}
"#;
    std::fs::write(&path, text).expect("write session");
    path
}

/// Exercise names by id, read through `exercises --json` (and `--data` when given).
fn exercise_names(data: Option<&str>) -> Vec<(String, String)> {
    let mut args = Vec::new();
    if let Some(dir) = data {
        args.extend(["--data", dir]);
    }
    args.extend(["exercises", "--json"]);
    let list = json(&args);
    array(&list, "exercises").iter().map(|e| (string(e, "id").to_string(), string(e, "name").to_string())).collect()
}

fn name_of(names: &[(String, String)], id: &str) -> String {
    names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| panic!("no exercise {id}"))
}

#[test]
fn handout_writes_the_page_and_says_so() {
    let dir = TempDir::new("handout");
    let session = write_session(&dir);
    let out = path_in(&dir, "out.html");
    let result = run(&["handout", &session, "-o", &out]);
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_eq!(result.stdout, format!("wrote {out} (3 exercises, 2 areas)\n"));
    let html = std::fs::read_to_string(&out).expect("the page was written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let names = exercise_names(None);
    for id in HANDOUT_EXERCISES {
        let name = name_of(&names, id);
        assert!(html.contains(&name), "{name} not in the page");
    }
    assert!(html.contains("45 s twice a day") && html.contains("R.K.") && html.contains("Review in two weeks."));
    assert_eq!(dir.entries(), ["S.json", "out.html"], "no temporary file left behind");

    // `--output` is the long form; without it the page goes to standard output.
    let long = path_in(&dir, "long.html");
    bin().args(["handout", &session, "--output", &long]).assert().success();
    assert!(std::fs::read_to_string(&long).expect("written").contains("<svg"));
    let to_stdout = run_handout_to_stdout(&session);
    assert!(to_stdout.starts_with("<!DOCTYPE html>") && to_stdout.contains(&name_of(&names, "cat_cow")));
}

fn run_handout_to_stdout(session: &str) -> String {
    let out = run(&["handout", session]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout
}

#[test]
fn handout_replaces_an_existing_file_atomically() {
    let dir = TempDir::new("handout-replace");
    let session = write_session(&dir);
    let out = path_in(&dir, "out.html");
    std::fs::write(&out, "an older handout").expect("write the old file");
    bin().args(["handout", &session, "-o", &out]).assert().success();
    let html = std::fs::read_to_string(&out).expect("read the new file");
    assert!(html.starts_with("<!DOCTYPE html>"), "the old content was not replaced");
    assert_eq!(dir.entries(), ["S.json", "out.html"], "no temporary file left behind");
}

#[test]
fn handout_of_a_corrupt_session_exits_2_and_writes_nothing() {
    let dir = TempDir::new("handout-corrupt");
    let session = path_in(&dir, "broken.json");
    std::fs::write(&session, "{ \"format_version\": 1, \"areas\": [ { \"area\": \"left.buttock\", ").expect("write");
    let out = path_in(&dir, "out.html");
    let result = run(&["handout", &session, "-o", &out]);
    assert_eq!(result.code, Some(2));
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    assert!(result.stderr.starts_with("error: ") && result.stderr.contains("broken.json"), "{}", result.stderr);
    assert!(!std::path::Path::new(&out).exists(), "an output file was created");
    assert_eq!(dir.entries(), ["broken.json"]);

    // One line per problem. (An unknown exercise is not one: the handout lists it as such.)
    let session = path_in(&dir, "unknown.json");
    std::fs::write(
        &session,
        r#"{"format_version": 1, "areas": [{"area": "left.nowhere"}, {"area": "saddle", "intensity": 12}], "exercises": [{"id": "cat_cowz"}]}"#,
    )
    .expect("write");
    let result = run(&["handout", &session, "-o", &out]);
    assert_eq!(result.code, Some(2));
    let errors: Vec<&str> = result.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", result.stderr);
    assert!(!result.stderr.contains("cat_cowz"), "{}", result.stderr);
    assert!(errors.iter().all(|e| e.contains("unknown.json")), "{}", result.stderr);
    assert!(!std::path::Path::new(&out).exists());

    // A missing session file is named too.
    let result = run(&["handout", &path_in(&dir, "missing.json"), "-o", &out]);
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("missing.json"), "{}", result.stderr);
}

#[test]
fn handout_to_an_unwritable_output_exits_1_naming_the_file() {
    let dir = TempDir::new("handout-unwritable");
    let session = write_session(&dir);
    let out = path_in(&dir, "no-such-folder/out.html");
    let result = run(&["handout", &session, "-o", &out]);
    assert_eq!(result.code, Some(1));
    assert!(result.stderr.contains("error: cannot write") && result.stderr.contains("out.html"), "{}", result.stderr);
    assert!(result.stdout.is_empty());
}

#[test]
fn handout_honours_data() {
    let pack = TempPack::copy("handout-data");
    pack.edit_after(
        "exercises.toml",
        "id = \"cat_cow\"",
        "name = \"Cat–cow\"",
        "name = \"Cat and camel (clinic pack)\"",
    );
    let dir = TempDir::new("handout-data");
    let session = write_session(&dir);
    let out = path_in(&dir, "out.html");
    bin().args(["--data", pack.path(), "handout", &session, "-o", &out]).assert().success();
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("Cat and camel (clinic pack)"), "the pack's name is not used");
}

// ------------------------------------------------------------------------------------------------
// Files and output under faults: the handout never replaces a session, pipes do not hang,
// write errors are reported, errors are capped, control characters are escaped.

#[test]
#[cfg(unix)]
fn handout_never_replaces_its_own_session_or_any_session() {
    let dir = TempDir::new("handout-self");
    let session = write_session(&dir);
    let original = std::fs::read(&session).expect("read");

    // The same path, the same file through a link, and through a hard link.
    std::os::unix::fs::symlink(&session, dir.file("link.json")).expect("symlink");
    std::fs::hard_link(&session, dir.file("hard.json")).expect("hard link");
    for output in [session.clone(), path_in(&dir, "link.json"), path_in(&dir, "hard.json")] {
        let result = run(&["handout", &session, "-o", &output]);
        assert_eq!(result.code, Some(2), "-o {output}: {}", result.stderr);
        assert!(result.stderr.contains("is the session file itself"), "{}", result.stderr);
        assert_eq!(std::fs::read(&session).expect("read"), original, "the session was overwritten");
    }

    // Another session file (any JSON object, after a byte-order mark and blanks) is not a handout.
    let other = path_in(&dir, "other.json");
    std::fs::write(&other, "\u{feff}\n  {\"format_version\": 1}").expect("write");
    let result = run(&["handout", &session, "-o", &other]);
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("other.json") && result.stderr.contains("JSON"), "{}", result.stderr);
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "\u{feff}\n  {\"format_version\": 1}");
    assert_eq!(dir.entries(), ["S.json", "hard.json", "link.json", "other.json"]);
}

#[test]
#[cfg(unix)]
fn handout_and_data_do_not_hang_on_a_named_pipe() {
    let dir = TempDir::new("fifo");
    let fifo = path_in(&dir, "visit.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let timeout = std::time::Duration::from_secs(20);

    let output = bin().args(["handout", &fifo]).timeout(timeout).output().expect("run");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"), "{output:?}");

    // A pipe as the output: refused, and still a pipe.
    let session = write_session(&dir);
    let output = bin().args(["handout", &session, "-o", &fifo]).timeout(timeout).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"), "{output:?}");
    assert!(std::fs::symlink_metadata(&fifo).is_ok_and(|m| std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type())));

    // A pack holding a pipe: `--data` and `validate`.
    let pack = TempPack::empty("fifo-pack");
    assert!(
        std::process::Command::new("mkfifo").arg(pack.dir.join("exercises.toml")).status().expect("mkfifo").success()
    );
    let output = bin().args(["--data", pack.path(), "areas"]).timeout(timeout).output().expect("run");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"), "{output:?}");
    let output = bin().args(["validate", pack.path()]).timeout(timeout).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"), "{output:?}");
}

#[cfg(unix)]
/// Runs the binary with standard output on `/dev/full` (every write fails: a full disk).
fn run_to_full_disk(args: &[&str]) -> Run {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open /dev/full");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
        .args(args)
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run the binary");
    Run {
        code: output.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
#[cfg(unix)]
fn a_failed_write_to_standard_output_exits_1_with_a_message() {
    let dir = TempDir::new("full");
    let session = write_session(&dir);
    let commands: [&[&str]; 7] = [
        &["exercises", "--json"],
        &["exercises"],
        &["areas"],
        &["areas", "--json"],
        &["lookup", "left.buttock", "--json"],
        &["validate"],
        &["handout", &session],
    ];
    for args in commands {
        let result = run_to_full_disk(args);
        assert_eq!(result.code, Some(1), "{args:?}: {}", result.stderr);
        assert!(result.stderr.contains("error: cannot write to standard output"), "{args:?}: {}", result.stderr);
    }
}

#[test]
#[cfg(unix)]
fn a_closed_pipe_on_standard_output_is_quiet_and_exits_0() {
    // The reading end is closed before the command writes anything, as `| head -0` does.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
        .args(["exercises", "--json"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run the binary");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_session_with_thousands_of_errors_prints_a_capped_list() {
    let dir = TempDir::new("many-errors");
    let session = path_in(&dir, "many.json");
    let areas = vec![r#"{"area": "left.buttock"}"#; 80_000].join(",");
    std::fs::write(&session, format!(r#"{{"format_version": 1, "areas": [{areas}]}}"#)).expect("write");
    let started = std::time::Instant::now();
    let result = run(&["handout", &session]);
    assert_eq!(result.code, Some(2));
    let lines: Vec<&str> = result.stderr.lines().collect();
    assert_eq!(lines.len(), 51, "50 errors and a count of the rest:\n{}", result.stderr);
    assert!(lines[0].contains("areas[1].area") && lines[0].contains("listed twice"), "{}", lines[0]);
    assert!(lines[50].contains("… and 79949 more errors"), "{}", lines[50]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());

    // A pack with many errors: the same cap.
    let pack = TempPack::empty("many-errors");
    let records: String = (0..200).map(|i| format!("[[exercise]]\nid = \"x{i}\"\nname = 1\n\n")).collect();
    pack.write("exercises.toml", &records);
    let result = run(&["--data", pack.path(), "areas"]);
    assert_eq!(result.code, Some(2));
    let errors = result.stderr.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(errors, 51, "{}", result.stderr);
    assert!(result.stderr.contains("more errors"), "{}", result.stderr);
}

#[test]
fn an_unknown_equipment_or_target_is_a_usage_error_with_suggestions() {
    let result = run(&["exercises", "--equipment", "chiar"]);
    assert_eq!(result.code, Some(2), "{}", result.stdout);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    assert!(
        result.stderr.contains("unknown equipment `chiar`") && result.stderr.contains("chair"),
        "{}",
        result.stderr
    );
    let result = run(&["exercises", "--target", "piriformiss"]);
    assert_eq!(result.code, Some(2), "{}", result.stdout);
    assert!(
        result.stderr.contains("unknown target `piriformiss`") && result.stderr.contains("piriformis"),
        "{}",
        result.stderr
    );
    // Known ids still filter, `none` included.
    for args in [["--equipment", "none"], ["--equipment", "chair"], ["--target", "piriformis"], ["--target", "L5"]] {
        let mut all = vec!["exercises", "--json"];
        all.extend(args);
        assert!(!array(&json(&all), "exercises").is_empty(), "{args:?} lists nothing");
    }
}

#[test]
fn control_characters_from_arguments_and_packs_are_escaped() {
    let result = run(&["lookup", "left.butt\u{1b}[2Jock"]);
    assert_eq!(result.code, Some(2));
    assert!(!result.stderr.contains('\u{1b}'), "a raw escape reached the terminal: {:?}", result.stderr);
    assert!(result.stderr.contains("left.butt\\u001b[2Jock"), "{}", result.stderr);

    // A pack's exercise name with an escape, a carriage return and a C1 control (CSI).
    let pack = TempPack::empty("controls");
    pack.write(
        "exercises.toml",
        &SLING_STRETCH.replace("Towel-sling piriformis stretch", "Sling\\u001b[31m\\r\\u009b stretch"),
    );
    let result = run(&["--data", pack.path(), "exercises", "--search", "sling"]);
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert!(result.stdout.contains("Sling\\u001b[31m\\u000d\\u009b stretch"), "{}", result.stdout);
    assert!(!result.stdout.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{:?}", result.stdout);
    // JSON stays valid and keeps the name.
    let list = json(&["--data", pack.path(), "exercises", "--json", "--search", "sling"]);
    assert_eq!(string(&array(&list, "exercises")[0], "name"), "Sling\u{1b}[31m\r\u{9b} stretch");
}

#[test]
fn a_bad_intensity_says_what_an_intensity_is() {
    let result = run(&["lookup", "left.buttock@11"]);
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("whole number from 0 to 10"), "{}", result.stderr);
    assert!(!result.stderr.contains("sciatica-explorer areas"), "the area list does not help: {}", result.stderr);
    // An unknown area still points at the list.
    assert!(run(&["lookup", "left.buttok"]).stderr.contains("sciatica-explorer areas"));
}

#[test]
fn handout_lists_an_exercise_the_content_does_not_know() {
    let dir = TempDir::new("handout-unknown-exercise");
    let session = path_in(&dir, "clinic.json");
    std::fs::write(
        &session,
        r#"{"format_version": 1, "exercises": [{"id": "cat_cow"}, {"id": "clinic_sling", "dosage": "twice daily"}]}"#,
    )
    .expect("write");
    let out = path_in(&dir, "out.html");
    let result = run(&["handout", &session, "-o", &out]);
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("An exercise not in the current content (id clinic_sling)"), "the clinician's plan was lost");
    assert!(html.contains("twice daily"));
}

#[test]
fn exercises_target_accepts_a_sided_area_id_as_lookup_does() {
    let sided = json(&["exercises", "--json", "--target", "left.buttock"]);
    let base = json(&["exercises", "--json", "--target", "buttock"]);
    assert!(!array(&sided, "exercises").is_empty(), "left.buttock lists nothing");
    assert_eq!(sided, base, "a side narrows nothing: the exercises target the area");
    // A typo in a sided id is refused with the closest sided ids.
    let result = run(&["exercises", "--target", "left.buttok"]);
    assert_eq!(result.code, Some(2), "{}", result.stdout);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    assert!(
        result.stderr.contains("unknown target `left.buttok`") && result.stderr.contains("did you mean left.buttock"),
        "{}",
        result.stderr
    );
}

#[test]
fn exercises_text_names_equipment_in_words() {
    let out = run(&["exercises"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Each exercise's second line: kind · position · equipment.
    let facts: String = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" · ") && !l.starts_with("  dose") && !l.starts_with("  sources"))
        .collect::<Vec<_>>()
        .join("\n");
    for id in ["foam_roller", "massage_ball", "kinesiotape", "tens", "band"] {
        let words: Vec<&str> = facts.split([',', '·', '\n']).map(str::trim).collect();
        assert!(!words.contains(&id), "equipment id `{id}` printed:\n{facts}");
    }
    for words in ["foam roller", "massage ball", "kinesiology tape", "TENS unit", "resistance band"] {
        assert!(facts.contains(words), "`{words}` missing:\n{facts}");
    }
}
