//! A clinic pack can never weaken safety: a built-in red flag, an exercise's cautions and the
//! areas the drawing shows can only be made stricter. Each weakening is refused at every pack
//! load (`validate`, `--data`, the window's *Load clinic pack…*) with an error in the pack's own
//! file that names the rule. Also: pack errors point at the field, every type error of a record is
//! reported, weights are shown as written, and `validate` checks one pack only.

use crate::common;
use common::{TempPack, data_record};

use sciatica_explorer::knowledge::{DataError, KnowledgeBase, PackReport, RecordKind, Urgency};
use sciatica_explorer::lookup::{Selection, lookup};

/// The line of `record` that starts with `prefix` (a field's line).
fn line_starting(record: &str, prefix: &str) -> String {
    match record.lines().find(|l| l.starts_with(prefix)) {
        Some(line) => line.to_string(),
        None => panic!("no line starting with {prefix:?} in\n{record}"),
    }
}

/// `record` with the line starting with `prefix` replaced by `line`.
fn with_line(record: &str, prefix: &str, line: &str) -> String {
    record.replacen(&line_starting(record, prefix), line, 1)
}

/// The saddle red flag as data/ has it.
fn saddle() -> String {
    data_record("red_flags.toml", "red_flag", "saddle_numbness")
}

fn dump(errors: &[DataError]) -> String {
    errors.iter().map(|e| format!("  {e}\n")).collect()
}

fn refused(pack: &TempPack) -> Vec<DataError> {
    match KnowledgeBase::with_pack_report(&pack.dir) {
        Ok((_, report)) => panic!("the pack weakens safety but loaded: {report}"),
        Err(errors) => errors,
    }
}

fn loaded(pack: &TempPack) -> (KnowledgeBase, PackReport) {
    match KnowledgeBase::with_pack_report(&pack.dir) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("the pack should load:\n{}", dump(&errors)),
    }
}

/// 1-based line of the only line of the pack's `file` that contains `marker`.
fn line_of(pack: &TempPack, file: &str, marker: &str) -> usize {
    let text = pack.read(file);
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(marker)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 1, "marker {marker:?} must be on exactly one line of {file}, found on {lines:?}");
    lines[0]
}

/// The error for `field` whose message names the rule (`a clinic pack may not …`), checked to be
/// in the pack's `file` on the line holding `marker`.
fn rule_error<'a>(errors: &'a [DataError], pack: &TempPack, file: &str, field: &str, marker: &str) -> &'a DataError {
    let Some(error) = errors.iter().find(|e| e.field == field && e.message.contains("a clinic pack may not")) else {
        panic!("no rule error for `{field}`:\n{}", dump(errors))
    };
    assert_eq!(error.file, pack.dir.join(file).display().to_string(), "{error}");
    assert_eq!(error.line, line_of(pack, file, marker), "{error}");
    assert!(error.column >= 1, "{error}");
    error
}

// ------------------------------------------------------------------------------------------------
// The four reproductions of the issue: each is refused with a located error naming the rule.

#[test]
fn moving_the_saddle_flag_to_another_area_is_refused() {
    let pack = TempPack::empty("saddle-moved");
    let record = with_line(&saddle(), "trigger = ", "trigger = { kind = \"areas\", areas = [\"low_back\"] }");
    pack.write("red_flags.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].trigger.areas", "trigger = ");
    assert!(error.message.contains("may not remove an area") && error.message.contains("`saddle`"), "{error}");
    assert_eq!(errors.len(), 1, "{}", dump(&errors));

    // Nor may the trigger become one a selection never raises.
    let record = with_line(&saddle(), "trigger = ", "trigger = { kind = \"checklist\" }");
    pack.write("red_flags.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].trigger.kind", "trigger = ");
    assert!(error.message.contains("areas → checklist"), "{error}");
}

#[test]
fn downgrading_the_saddle_flag_with_harmless_text_is_refused_as_the_issue_shows_it() {
    let pack = TempPack::empty("saddle-downgraded");
    let record = with_line(&saddle(), "urgency = ", "urgency = \"soon\"");
    let record = with_line(&record, "text = ", "text = \"Saddle tingling is harmless\"");
    pack.write("red_flags.toml", &record);
    let errors = refused(&pack);
    let urgency = rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].urgency", "urgency = ");
    // `file:line:col: field: message`, the column at the value.
    assert_eq!(
        urgency.to_string(),
        format!(
            "{}:3:11: red_flag[saddle_numbness].urgency: a clinic pack may not lower a built-in red flag's urgency (emergency → soon)",
            pack.dir.join("red_flags.toml").display()
        )
    );
    let text = rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].text", "Saddle tingling");
    assert!(text.message.contains("may not reword or remove") && text.message.contains("Numbness, tingling"), "{text}");
    assert_eq!(errors.len(), 2, "{}", dump(&errors));
}

#[test]
fn blanking_the_saddle_flag_text_is_refused() {
    let pack = TempPack::empty("saddle-blank");
    let record = with_line(&saddle(), "text = ", "text = \"\"");
    let record = with_line(&record, "advice = ", "advice = \"   \"");
    pack.write("red_flags.toml", &record);
    let errors = refused(&pack);
    rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].text", "text = ");
    rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].advice", "advice = ");
}

#[test]
fn emptying_an_exercise_s_cautions_is_refused() {
    let record = data_record("exercises.toml", "exercise", "figure_four_supine");
    let start = record.find("cautions = [").expect("cautions in figure_four_supine");
    let end = start + record[start..].find("\n]\n").expect("end of cautions") + 3;
    let builtin_first = "Aim for a comfortable stretch";
    assert!(record[start..end].contains(builtin_first), "{record}");
    let pack = TempPack::empty("cautions-emptied");
    pack.write("exercises.toml", &format!("{}cautions = []\n{}", &record[..start], &record[end..]));
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "exercises.toml", "exercise[figure_four_supine].cautions", "cautions = ");
    assert!(error.message.contains("caution") && error.message.contains(builtin_first), "{error}");
    assert_eq!(errors.len(), 1, "{}", dump(&errors));

    // Rewording one caution is dropping it.
    let reworded = record.replace(builtin_first, "Push as hard as you like");
    pack.write("exercises.toml", &reworded);
    let errors = refused(&pack);
    let error = errors.iter().find(|e| e.field == "exercise[figure_four_supine].cautions").expect("caution error");
    assert!(error.message.contains(builtin_first), "{error}");
}

#[test]
fn dropping_a_citation_of_a_builtin_red_flag_is_refused() {
    let pack = TempPack::empty("saddle-uncited");
    let record = saddle().replace("  { id = \"uk_ces_pathway\" },\n", "");
    assert_ne!(record, saddle());
    pack.write("red_flags.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "red_flags.toml", "red_flag[saddle_numbness].cites", "cites = ");
    assert!(error.message.contains("uk_ces_pathway"), "{error}");
}

// ------------------------------------------------------------------------------------------------
// Stricter is fine.

#[test]
fn a_stricter_amendment_is_accepted_and_used() {
    let pack = TempPack::empty("stricter");
    let builtin = match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in data invalid:\n{}", dump(&errors)),
    };
    let Some(old) = builtin.red_flags.iter().find(|f| &*f.id == "saddle_numbness") else { panic!("no saddle flag") };
    let extra = "Our clinic's duty line is open day and night.";
    let saddle = with_line(&saddle(), "trigger = ", "trigger = { kind = \"areas\", areas = [\"saddle\", \"sacrum\"] }")
        .replace(&*old.advice, &format!("{} {extra}", old.advice))
        .replace("  { id = \"grays_anatomy\" },\n", "  { id = \"grays_anatomy\" },\n  \"moores_anatomy\",\n");
    // A built-in "soon" flag raised to an emergency.
    let Some(soon) = builtin.red_flags.iter().find(|f| f.urgency == Urgency::Soon) else { panic!("no soon flag") };
    let raised =
        with_line(&data_record("red_flags.toml", "red_flag", &soon.id), "urgency = ", "urgency = \"emergency\"");
    pack.write("red_flags.toml", &format!("{saddle}\n{raised}"));
    let exercise = data_record("exercises.toml", "exercise", "figure_four_supine")
        .replace("cautions = [\n", "cautions = [\n  \"Our clinic: stop if the knee hurts.\",\n");
    pack.write("exercises.toml", &exercise);
    // Another view for a built-in area, and a new red flag: both free.
    pack.write(
        "areas.toml",
        &with_line(&data_record("areas.toml", "area", "sacrum"), "views = ", "views = [\"posterior\", \"anterior\"]"),
    );
    let (kb, report) = loaded(&pack);
    let mut amended = report.amended.clone();
    amended.sort();
    let mut expected = vec![
        (RecordKind::RedFlag, "saddle_numbness".to_string()),
        (RecordKind::RedFlag, soon.id.to_string()),
        (RecordKind::Exercise, "figure_four_supine".to_string()),
        (RecordKind::Area, "sacrum".to_string()),
    ];
    expected.sort();
    assert_eq!(amended, expected, "{report}");

    let Some(flag) = kb.red_flags.iter().find(|f| &*f.id == "saddle_numbness") else { panic!("saddle flag gone") };
    assert!(flag.advice.ends_with(extra), "{}", flag.advice);
    assert_eq!(flag.urgency, Urgency::Emergency);
    assert!(kb.red_flags.iter().any(|f| f.id == soon.id && f.urgency == Urgency::Emergency));
    let Some(figure_four) = kb.exercise("figure_four_supine") else { panic!("exercise gone") };
    let builtin_cautions =
        KnowledgeBase::builtin().map(|b| b.exercise("figure_four_supine").map_or(0, |e| e.cautions.len())).unwrap_or(0);
    assert_eq!(figure_four.cautions.len(), builtin_cautions + 1, "one caution added: {:?}", figure_four.cautions);
    // The added trigger area raises the flag.
    let selection = Selection::parse_args(&kb, &["sacrum"]).unwrap_or_else(|e| panic!("selection: {e}"));
    let result = lookup(&kb, &selection);
    assert!(result.red_flags.iter().any(|f| &*f.id == "saddle_numbness"), "{:?}", result.red_flags);
}

#[test]
fn a_pack_may_add_new_red_flags_freely() {
    let pack = TempPack::empty("new-flag");
    pack.write(
        "red_flags.toml",
        "[[red_flag]]\nid = \"clinic_night_pain\"\nurgency = \"soon\"\ntext = \"Pain that wakes you at night.\"\n\
         advice = \"Tell your clinician at the next visit.\"\ntrigger = { kind = \"checklist\" }\ncites = [\"grays_anatomy\"]\n",
    );
    let (kb, report) = loaded(&pack);
    assert_eq!(report.added, [(RecordKind::RedFlag, "clinic_night_pain".to_string())]);
    assert!(kb.red_flags.iter().any(|f| &*f.id == "clinic_night_pain"));
}

// ------------------------------------------------------------------------------------------------
// The drawing: a built-in area keeps the sides and views it is drawn with.

#[test]
fn a_midline_area_made_sided_is_refused_in_the_pack_not_the_drawing() {
    let pack = TempPack::empty("sacrum-sided");
    let record = with_line(&data_record("areas.toml", "area", "sacrum"), "laterality = ", "laterality = \"sided\"");
    pack.write("areas.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "areas.toml", "area[sacrum].laterality", "laterality = ");
    assert!(error.message.contains("midline → sided") && error.message.contains("drawing"), "{error}");
    assert!(errors.iter().all(|e| !e.file.contains("body_map")), "{}", dump(&errors));

    // Dropping a view it is drawn in is refused too.
    let record = with_line(&data_record("areas.toml", "area", "low_back"), "views = ", "views = [\"anterior\"]");
    pack.write("areas.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "areas.toml", "area[low_back].views", "views = ");
    assert!(error.message.contains("posterior view"), "{error}");
}

#[test]
fn every_builtin_area_amended_as_is_fits_the_drawing() {
    // The rule above stands in for the drawing: a pack that passes it must fit the drawing.
    let pack = TempPack::copy("all-areas");
    let (kb, _) = loaded(&pack);
    if let Err(errors) = sciatica_explorer::geometry::BodyMap::for_knowledge(&kb) {
        panic!("{errors:#?}");
    }
}

// ------------------------------------------------------------------------------------------------
// Located at the field, every type error, weights as written.

#[test]
fn validation_errors_point_at_the_field_line_not_the_record_header() {
    let pack = TempPack::empty("field-line");
    let record = data_record("causes.toml", "cause", "piriformis_syndrome");
    let record = if record.contains("prior = ") {
        with_line(&record, "prior = ", "prior = 0.0 # MARK-prior")
    } else {
        record.replacen("\ncites = ", "\nprior = 0.0 # MARK-prior\ncites = ", 1)
    };
    pack.write("causes.toml", &record);
    let saddle = with_line(&saddle(), "advice = ", "advice = \"\" # MARK-advice");
    pack.write("red_flags.toml", &saddle);
    let errors = match KnowledgeBase::with_pack(&pack.dir) {
        Ok(_) => panic!("loaded"),
        Err(errors) => errors,
    };
    let prior = errors.iter().find(|e| e.field == "cause[piriformis_syndrome].prior").expect("prior error");
    assert_eq!(prior.line, line_of(&pack, "causes.toml", "MARK-prior"), "{prior}");
    let empty = errors
        .iter()
        .find(|e| e.field == "red_flag[saddle_numbness].advice" && e.message.contains("must not be empty"))
        .unwrap_or_else(|| panic!("no empty-advice error:\n{}", dump(&errors)));
    assert_eq!(empty.line, line_of(&pack, "red_flags.toml", "MARK-advice"), "{empty}");
}

#[test]
fn every_type_error_of_a_record_is_reported_each_at_its_line() {
    let pack = TempPack::empty("type-errors");
    let record = data_record("exercises.toml", "exercise", "figure_four_supine");
    let record = with_line(&record, "kind = ", "kind = \"bogus\" # MARK-kind");
    let record = with_line(&record, "position = ", "position = 5 # MARK-position");
    let record = with_line(&record, "in_bed = ", "in_bed = \"yes\" # MARK-in-bed");
    let record = record.replacen("\nname = ", "\ncolour = \"red\" # MARK-colour\nname = ", 1);
    pack.write("exercises.toml", &record);
    let errors = match KnowledgeBase::with_pack(&pack.dir) {
        Ok(_) => panic!("loaded"),
        Err(errors) => errors,
    };
    for (field, marker) in [
        ("exercise[figure_four_supine].kind", "MARK-kind"),
        ("exercise[figure_four_supine].position", "MARK-position"),
        ("exercise[figure_four_supine].in_bed", "MARK-in-bed"),
    ] {
        let error =
            errors.iter().find(|e| e.field == field).unwrap_or_else(|| panic!("no {field}:\n{}", dump(&errors)));
        assert_eq!(error.line, line_of(&pack, "exercises.toml", marker), "{error}");
    }
    let unknown = errors
        .iter()
        .find(|e| e.message.contains("unknown field") && e.message.contains("colour"))
        .unwrap_or_else(|| panic!("no unknown-field error:\n{}", dump(&errors)));
    assert_eq!(unknown.line, line_of(&pack, "exercises.toml", "MARK-colour"), "{unknown}");
    assert_eq!(
        errors.len(),
        4,
        "one error per bad field, nothing about the fields dropped to find them:\n{}",
        dump(&errors)
    );
}

#[test]
fn a_vanishing_weight_is_shown_as_written_and_refused() {
    for (weight, shown) in [("1e-300", "1e-300"), ("0.005", "0.005"), ("0", "0")] {
        let pack = TempPack::empty("tiny-weight");
        let record = data_record("areas.toml", "area", "sacrum").replace(
            "target = \"sij_dysfunction\", weight = 0.6,",
            &format!("target = \"sij_dysfunction\", weight = {weight},"),
        );
        pack.write("areas.toml", &record);
        let errors = match KnowledgeBase::with_pack(&pack.dir) {
            Ok(_) => panic!("weight {weight} loaded"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), 1, "{}", dump(&errors));
        let error = &errors[0];
        assert_eq!(error.field, "area[sacrum].links[0].weight");
        assert!(error.message.contains(&format!("weight {shown} ")) && error.message.contains("0.01"), "{error}");
        assert_eq!(error.line, line_of(&pack, "areas.toml", &format!("weight = {weight},")), "{error}");
    }
}

// ------------------------------------------------------------------------------------------------
// The command line.

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run the binary: {e}"));
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn validate_refuses_a_pack_that_weakens_a_red_flag_and_lookup_will_not_run_with_it() {
    let pack = TempPack::empty("cli-downgraded");
    let record = with_line(&saddle(), "urgency = ", "urgency = \"soon\"");
    let record = with_line(&record, "text = ", "text = \"Saddle tingling is harmless\"");
    pack.write("red_flags.toml", &record);
    let expected = format!(
        "error: {}:3:11: red_flag[saddle_numbness].urgency: a clinic pack may not lower a built-in red flag's urgency (emergency → soon)",
        pack.dir.join("red_flags.toml").display()
    );

    let out = run(&["validate", pack.path()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "not reported as a neutral amendment: {}", out.stdout);
    assert!(out.stderr.lines().any(|l| l == expected), "{}", out.stderr);

    let out = run(&["lookup", "saddle", "--data", pack.path()]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.lines().any(|l| l == expected), "{}", out.stderr);
    // Without the pack the flag is raised as an emergency.
    let out = run(&["lookup", "saddle", "--json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("saddle_numbness") && out.stdout.contains("\"emergency\""), "{}", out.stdout);
}

#[test]
fn validate_names_the_pack_line_for_an_area_the_drawing_cannot_show() {
    let pack = TempPack::empty("cli-sided");
    let record = with_line(&data_record("areas.toml", "area", "sacrum"), "laterality = ", "laterality = \"sided\"");
    pack.write("areas.toml", &record);
    let out = run(&["validate", pack.path()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let file = pack.dir.join("areas.toml").display().to_string();
    let line = line_of(&pack, "areas.toml", "laterality = ");
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with(&format!("error: {file}:{line}:")) && l.contains("area[sacrum].laterality")),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("body_map"), "{}", out.stderr);
}

#[test]
fn validate_with_a_different_pack_in_data_is_a_usage_error() {
    let one = TempPack::clinic("validate-one");
    let other = TempPack::clinic("validate-other");
    let out = run(&["validate", one.path(), "--data", other.path()]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains(one.path())
            && out.stderr.contains(other.path())
            && out.stderr.contains("two different packs"),
        "{}",
        out.stderr
    );
    // The same pack both ways is no ambiguity.
    let out = run(&["validate", one.path(), "--data", one.path()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("1 exercise added"), "{}", out.stdout);
}

#[test]
fn moving_a_builtin_area_to_another_region_is_refused() {
    // A foot area moved to the ankle would no longer raise "pain running down to the foot".
    let pack = TempPack::empty("region");
    let record = with_line(&data_record("areas.toml", "area", "lateral_foot"), "region = ", "region = \"ankle\"");
    pack.write("areas.toml", &record);
    let errors = refused(&pack);
    let error = rule_error(&errors, &pack, "areas.toml", "area[lateral_foot].region", "region = ");
    assert!(error.message.contains("foot → ankle"), "{error}");
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
}

#[test]
fn every_bad_item_of_a_list_is_reported_with_its_own_index() {
    let pack = TempPack::empty("bad-links");
    let record = data_record("areas.toml", "area", "sacrum")
        .replace("target = \"sij_dysfunction\", weight = 0.6,", "target = \"sij_dysfunction\", weight = \"high\",")
        .replace("{ kind = \"nerve\", target = \"middle_cluneal\"", "{ kind = \"bogus\", target = \"middle_cluneal\"");
    let record = with_line(&record, "label = ", "label = 5 # MARK-label");
    pack.write("areas.toml", &record);
    let errors = match KnowledgeBase::with_pack(&pack.dir) {
        Ok(_) => panic!("loaded"),
        Err(errors) => errors,
    };
    for (field, marker) in [
        ("area[sacrum].label", "MARK-label"),
        ("area[sacrum].links[0].weight", "weight = \"high\""),
        ("area[sacrum].links[2].kind", "kind = \"bogus\""),
    ] {
        let error =
            errors.iter().find(|e| e.field == field).unwrap_or_else(|| panic!("no {field}:\n{}", dump(&errors)));
        assert_eq!(error.line, line_of(&pack, "areas.toml", marker), "{error}");
    }
    assert_eq!(errors.len(), 3, "{}", dump(&errors));
}
