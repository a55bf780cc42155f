//! Loader and validator tests: a copy of `data/` broken in several ways at once must be rejected
//! with every error, each naming its file, field and line; the built-in pack must load; nothing
//! may panic. Clinic packs (a subset of the files, laid over the built-in pack) add and amend
//! records, never remove them, and are held to the same validator.

use crate::common;
use common::{SLING_STRETCH, TempPack, data_dir, data_record};

use sciatica_explorer::knowledge::load::SourceText;
use sciatica_explorer::knowledge::{DATA_FILES, DataError, KnowledgeBase, PackReport, RecordKind};
use sciatica_explorer::lookup::{Selection, lookup};

// ------------------------------------------------------------------------------------------------
// Test setup: a private copy of data/ in the temp dir, removed on drop.

impl TempPack {
    /// 1-based line of the only line of `file` that contains `marker`.
    fn line_of(&self, file: &str, marker: &str) -> usize {
        line_of(&self.read(file), marker)
    }

    fn load(&self) -> Result<KnowledgeBase, Vec<DataError>> {
        KnowledgeBase::from_dir(&self.dir)
    }
}

fn line_of(text: &str, marker: &str) -> usize {
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(marker)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 1, "marker {marker:?} must be on exactly one line, found on {lines:?}");
    lines[0]
}

/// Checks that `error`, the one for `field` of the pack's `file`, is on the line of `marker` and
/// names every needle; adds what is wrong to `problems` (every expectation is checked before a
/// test fails, so one run shows every problem).
fn check_located(
    problems: &mut Vec<String>,
    error: &DataError,
    pack: &TempPack,
    file: &str,
    field: &str,
    marker: &str,
    message_has: &[&str],
) {
    let line = pack.line_of(file, marker);
    if error.line != line {
        problems.push(format!("wrong line: expected {file}:{line} for `{field}`, got {error}"));
    }
    for needle in message_has {
        if !error.message.contains(needle) {
            problems.push(format!("message of `{field}` lacks {needle:?}: {error}"));
        }
    }
}

fn expect_errors(result: Result<KnowledgeBase, Vec<DataError>>) -> Vec<DataError> {
    match result {
        Ok(_) => panic!("the broken pack loaded without errors"),
        Err(errors) => errors,
    }
}

fn dump(errors: &[DataError]) -> String {
    errors.iter().map(|e| format!("  {e}\n")).collect()
}

/// The error of `file` (matched by name suffix) whose field is exactly `field`.
fn error_for<'a>(errors: &'a [DataError], file: &str, field: &str) -> &'a DataError {
    errors
        .iter()
        .find(|e| e.file.ends_with(file) && e.field == field)
        .unwrap_or_else(|| panic!("no error for {file} field `{field}`; got:\n{}", dump(errors)))
}

fn builtin_texts() -> Vec<SourceText> {
    DATA_FILES
        .iter()
        .map(|(name, _)| SourceText {
            name: (*name).to_string(),
            text: std::fs::read_to_string(data_dir().join(name)).expect("read data file"),
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------

#[test]
fn builtin_pack_loads_and_matches_the_data_directory() {
    let kb = match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in pack is invalid:\n{}", dump(&errors)),
    };
    assert!(kb.areas.len() >= 23, "only {} areas", kb.areas.len());
    assert!(kb.area("lateral_foot").is_some());
    assert!(kb.nerve("sciatic").is_some());
    assert!(kb.root("S1").is_some());
    assert!(kb.muscle("piriformis").is_some());
    assert!(!kb.exercises.is_empty() && !kb.red_flags.is_empty() && !kb.causes.is_empty());

    // The embedded copy is the data/ directory: loading the directory gives the same records.
    let from_dir = match KnowledgeBase::from_dir(&data_dir()) {
        Ok(kb) => kb,
        Err(errors) => panic!("data/ is invalid:\n{}", dump(&errors)),
    };
    let ids = |kb: &KnowledgeBase| {
        (
            kb.areas.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
            kb.exercises.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            kb.causes.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            kb.sources.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&kb), ids(&from_dir));
}

#[test]
fn every_error_of_a_pack_broken_eight_ways_is_reported_with_file_field_and_line() {
    let pack = TempPack::copy("many");

    // 1. An unknown source id in a cite.
    pack.edit_after(
        "roots.toml",
        "id = \"L1\"",
        "  { id = \"lee_2008\" },\n",
        "  { id = \"lee_2008\" },\n  \"zz_unknown_source\", # MARK-unknown-source\n",
    );
    // 2. A duplicate exercise id (the third exercise takes the first one's id).
    pack.edit_after(
        "exercises.toml",
        "[[exercise]]",
        "id = \"wall_sit_flat_back\"",
        "id = \"static_back_knee_pillow_squeeze\" # MARK-duplicate",
    );
    // 3. A link weight of 1.5.
    pack.edit_after(
        "areas.toml",
        "id = \"sacrum\"",
        "target = \"middle_cluneal\", weight = 0.4,",
        "target = \"middle_cluneal\", weight = 1.5,",
    );
    // 4. An area link to a nerve that does not exist.
    pack.edit_after("areas.toml", "id = \"heel\"", "target = \"medial_calcaneal\"", "target = \"zz_no_such_nerve\"");
    // 5. A TOML type error.
    pack.edit_after(
        "causes.toml",
        "id = \"disc_herniation_l3_l4\"",
        "acts_on = [{ target = \"L4\", weight = 0.9 }]",
        "acts_on = [{ target = \"L4\", weight = \"high\" }] # MARK-type",
    );
    // 6. An unknown field.
    pack.edit_after(
        "red_flags.toml",
        "id = \"trauma_fracture\"",
        "urgency = \"soon\"\n",
        "urgency = \"soon\"\ncolour = \"red\" # MARK-unknown-field\n",
    );
    // 7. A dosage source that the exercise does not cite.
    pack.edit_after(
        "exercises.toml",
        "id = \"cobra_glute_squeeze\"",
        "source = \"000_75a3b197296c15eb\"",
        "source = \"lee_2008\" # MARK-dosage",
    );
    // 8. A nerve parent cycle: sciatic → sural → tibial → sciatic.
    pack.edit_after(
        "nerves.toml",
        "[[nerve]]",
        "id = \"sciatic\"\n",
        "id = \"sciatic\"\nparent = \"sural\" # MARK-cycle\n",
    );

    let errors = expect_errors(pack.load());
    // Every expectation is checked before failing, so one run shows every problem.
    let mut problems: Vec<String> = Vec::new();
    let mut check = |file: &str, field: &str, marker: &str, message_has: &[&str]| {
        let Some(error) = errors.iter().find(|e| e.file.ends_with(file) && e.field == field) else {
            problems.push(format!("missing: no error for {file} field `{field}`"));
            return;
        };
        check_located(&mut problems, error, &pack, file, field, marker, message_has);
        if error.column < 1 {
            problems.push(format!("no column: {error}"));
        }
    };

    check("roots.toml", "root[L1].cites[2]", "MARK-unknown-source", &["unknown source", "zz_unknown_source"]);
    check(
        "exercises.toml",
        "exercise[static_back_knee_pillow_squeeze].id",
        "MARK-duplicate",
        &["duplicate", "static_back_knee_pillow_squeeze"],
    );
    check("areas.toml", "area[sacrum].links[2].weight", "weight = 1.5", &["1.5"]);
    check("areas.toml", "area[heel].links[1].target", "zz_no_such_nerve", &["unknown nerve", "zz_no_such_nerve"]);
    check("causes.toml", "cause[disc_herniation_l3_l4].acts_on[0].weight", "MARK-type", &["high"]);
    check("exercises.toml", "exercise[cobra_glute_squeeze].dosage[0].source", "MARK-dosage", &["lee_2008", "cites"]);
    check("nerves.toml", "nerve[sciatic].parent", "MARK-cycle", &["cycle"]);

    // The unknown field: the field names the record; the message names the field.
    match errors.iter().find(|e| e.file.ends_with("red_flags.toml") && e.message.contains("colour")) {
        None => problems.push("missing: no unknown-field error for `colour` in red_flags.toml".to_string()),
        Some(unknown) => {
            if !unknown.field.starts_with("red_flag[trauma_fracture]") {
                problems.push(format!("unknown field: wrong field: {unknown}"));
            }
            if !unknown.message.contains("unknown field") {
                problems.push(format!("unknown field: unclear message: {unknown}"));
            }
            let line = pack.line_of("red_flags.toml", "MARK-unknown-field");
            if unknown.line != line {
                problems.push(format!("wrong line: expected red_flags.toml:{line}, got {unknown}"));
            }
        }
    }

    // Only the broken files are blamed, always with a line.
    // exam_tests.toml names the broken cause, so it is blamed too (for pointing at it).
    let blamed = [
        "roots.toml",
        "exercises.toml",
        "areas.toml",
        "causes.toml",
        "red_flags.toml",
        "nerves.toml",
        "exam_tests.toml",
    ];
    for e in &errors {
        if !blamed.iter().any(|f| e.file.ends_with(f)) {
            problems.push(format!("unexpected file blamed: {e}"));
        }
        if e.line < 1 {
            problems.push(format!("error without a line: {e}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}\nall errors:\n{}",
        problems.len(),
        problems.join("\n  "),
        dump(&errors)
    );
}

#[test]
fn errors_display_as_file_line_column_field_message() {
    let pack = TempPack::copy("display");
    pack.edit_after(
        "areas.toml",
        "id = \"sacrum\"",
        "target = \"middle_cluneal\", weight = 0.4,",
        "target = \"middle_cluneal\", weight = 1.5,",
    );
    let errors = expect_errors(pack.load());
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    let error = error_for(&errors, "areas.toml", "area[sacrum].links[2].weight");
    assert!(error.line >= 1 && error.column >= 1, "{error}");
    let shown = error.to_string();
    let expected =
        format!("{}:{}:{}: area[sacrum].links[2].weight: {}", error.file, error.line, error.column, error.message);
    assert_eq!(shown, expected);
    assert!(error.file.ends_with("areas.toml"));
    // Without a line (a missing file) the position is left out.
    let missing = DataError {
        file: "x/areas.toml".into(),
        line: 0,
        column: 0,
        field: String::new(),
        message: "cannot read".into(),
    };
    assert_eq!(missing.to_string(), "x/areas.toml: cannot read");
}

#[test]
fn validation_errors_point_at_the_offending_value_not_the_record_header() {
    let pack = TempPack::copy("precision");
    pack.edit_after(
        "areas.toml",
        "id = \"sacrum\"",
        "target = \"middle_cluneal\", weight = 0.4,",
        "target = \"middle_cluneal\", weight = 1.5,",
    );
    let errors = expect_errors(pack.load());
    let error = error_for(&errors, "areas.toml", "area[sacrum].links[2].weight");
    let line = pack.line_of("areas.toml", "weight = 1.5");
    let text = pack.read("areas.toml");
    let line_text = text.lines().nth(line - 1).expect("line exists");
    // At the weight's own value, not at the link's target.
    let column = line_text.find("weight = 1.5").expect("weight on line") + "weight = ".len() + 1;
    assert_eq!((error.line, error.column), (line, column), "{error}");
}

#[test]
fn a_syntax_error_names_the_file_and_the_line() {
    let pack = TempPack::copy("syntax");
    pack.edit_after(
        "muscles.toml",
        "id = \"piriformis\"",
        "name = \"Piriformis\"",
        "name = \"Piriformis MARK-unclosed",
    );
    let errors = expect_errors(pack.load());
    let line = pack.line_of("muscles.toml", "MARK-unclosed");
    let syntax: Vec<&DataError> = errors.iter().filter(|e| e.file.ends_with("muscles.toml")).collect();
    assert!(!syntax.is_empty(), "muscles.toml not blamed:\n{}", dump(&errors));
    assert!(syntax.iter().any(|e| e.line == line), "no muscles.toml error on line {line}:\n{}", dump(&errors));
    // The first error reported for the file is the syntax error itself, at the broken line.
    assert_eq!(syntax[0].line, line, "first muscles.toml error: {}", syntax[0]);
    assert!(syntax[0].column >= 1);
}

#[test]
fn missing_files_are_each_named() {
    let pack = TempPack::copy("missing");
    std::fs::remove_file(pack.dir.join("red_flags.toml")).expect("remove file");
    std::fs::remove_file(pack.dir.join("areas.toml")).expect("remove file");
    let errors = expect_errors(pack.load());
    for missing in ["red_flags.toml", "areas.toml"] {
        let error = errors
            .iter()
            .find(|e| e.file.ends_with(missing))
            .unwrap_or_else(|| panic!("{missing} not named; got:\n{}", dump(&errors)));
        assert_eq!(error.line, 0, "{error}");
        assert!(error.to_string().contains(missing), "{error}");
    }
    assert_eq!(errors.len(), 2, "only the missing files are reported:\n{}", dump(&errors));
}

#[test]
fn a_path_that_is_not_a_directory_is_an_error() {
    let pack = TempPack::copy("notdir");
    let file = pack.dir.join("areas.toml");
    let errors = expect_errors(KnowledgeBase::from_dir(&file));
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    assert!(errors[0].message.contains("not a directory"), "{}", errors[0]);
    let nowhere = pack.dir.join("does-not-exist");
    let errors = expect_errors(KnowledgeBase::from_dir(&nowhere));
    assert!(errors[0].file.contains("does-not-exist"), "{}", errors[0]);
}

#[test]
fn a_muscle_with_a_root_id_is_a_cross_kind_collision() {
    let pack = TempPack::copy("collision");
    let mut text = pack.read("muscles.toml");
    text.push_str(
        "\n[[muscle]]\nid = \"L5\" # MARK-collision\nname = \"Not a muscle\"\naction = \"none\"\n\
         innervation = \"none\"\ncites = [\"grays_anatomy\"]\n",
    );
    pack.write("muscles.toml", &text);
    let errors = expect_errors(pack.load());
    let error = error_for(&errors, "muscles.toml", "muscle[L5].id");
    assert!(error.message.contains("root"), "should name the kind it collides with: {error}");
    assert_eq!(error.line, pack.line_of("muscles.toml", "MARK-collision"), "{error}");
    assert_eq!(errors.len(), 1, "only the collision is wrong:\n{}", dump(&errors));
}

#[test]
fn unknown_tables_and_non_array_records_are_reported() {
    let pack = TempPack::copy("tables");
    let mut text = pack.read("sources.toml");
    text.push_str("\n[[sauce]] # MARK-table\nid = \"x\"\n");
    pack.write("sources.toml", &text);
    let errors = expect_errors(pack.load());
    let error = errors
        .iter()
        .find(|e| e.file.ends_with("sources.toml") && e.message.contains("sauce"))
        .unwrap_or_else(|| panic!("unknown table not reported:\n{}", dump(&errors)));
    assert_eq!(error.line, pack.line_of("sources.toml", "MARK-table"), "{error}");

    let pack = TempPack::copy("not-array");
    pack.write("red_flags.toml", "# flags\n[red_flag]\nid = \"single\"\n");
    let errors = expect_errors(pack.load());
    let error = error_for(&errors, "red_flags.toml", "red_flag");
    assert!(error.message.contains("[[red_flag]]"), "should show the right syntax: {error}");
    assert_eq!(error.line, 2, "{error}");
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
}

#[test]
fn a_weight_of_zero_and_a_missing_citation_are_rejected() {
    let pack = TempPack::copy("zero");
    pack.edit_after(
        "areas.toml",
        "id = \"heel\"",
        "target = \"sural\", weight = 0.45,",
        "target = \"sural\", weight = 0.0,",
    );
    pack.edit_after(
        "roots.toml",
        "id = \"L2\"",
        "cites = [\n  { id = \"isncsci_2019\", section = \"Key sensory points; key muscles\" },\n  { id = \"lee_2008\" },\n]",
        "cites = [] # MARK-nocite",
    );
    let errors = expect_errors(pack.load());
    let zero = error_for(&errors, "areas.toml", "area[heel].links[2].weight");
    assert!(zero.message.contains("weight 0.0 must be between 0.01 and 1"), "{zero}");
    let cite = error_for(&errors, "roots.toml", "root[L2].cites");
    assert!(cite.message.contains("cite"), "{cite}");
    assert_eq!(errors.len(), 2, "{}", dump(&errors));
}

#[test]
fn errors_are_deterministic() {
    let pack = TempPack::copy("determinism");
    pack.edit_after("areas.toml", "id = \"heel\"", "target = \"medial_calcaneal\"", "target = \"zz_no_such_nerve\"");
    pack.edit_after("nerves.toml", "[[nerve]]", "id = \"sciatic\"\n", "id = \"sciatic\"\nparent = \"sural\"\n");
    let first = expect_errors(pack.load());
    for _ in 0..3 {
        assert_eq!(expect_errors(pack.load()), first);
    }
}

#[test]
fn from_texts_checks_the_file_count() {
    let mut texts = builtin_texts();
    assert!(KnowledgeBase::from_texts(texts.clone()).is_ok(), "data/ via from_texts");
    texts.pop();
    let errors = expect_errors(KnowledgeBase::from_texts(texts));
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    assert!(errors[0].message.contains("got 9"), "{}", errors[0]);
}

#[test]
fn garbage_and_truncated_packs_are_errors_not_panics() {
    let original = builtin_texts();
    let garbage = [
        "",
        "\u{0}\u{1}\u{2}binary",
        "[[area]]",
        "area = 5",
        "[area]\nid = 1",
        "[[area]]\nid = \"x\"\nlinks = \"none\"",
        "id = \"floating\"",
        "[[area]]\nid = 3\n[[area]]\nid = []\n",
        "[[root]]\nid = \"L1\"\n[[root]]\nid = \"L1\"\n",
        "\"unterminated",
        "[[exercise]]\n[exercise.targets]\nmuscles = [1, 2]",
    ];
    let mut runs = 0;
    for i in 0..original.len() {
        for junk in garbage {
            let mut texts = original.clone();
            texts[i].text = junk.to_string();
            if i == 0 || !junk.is_empty() {
                // An empty file is a valid (empty) record list for most files, but dangling
                // references from the other files must still make the pack invalid.
                assert!(KnowledgeBase::from_texts(texts).is_err(), "{} replaced by {junk:?} loaded", texts_name(i));
            } else {
                let _ = KnowledgeBase::from_texts(texts);
            }
            runs += 1;
        }
        // Truncations at a spread of points, on char boundaries.
        let text = &original[i].text;
        let step = (text.len() / 15).max(1);
        let mut cut = step / 2;
        while cut < text.len() {
            let mut at = cut;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut texts = original.clone();
            texts[i].text = text[..at].to_string();
            let _ = KnowledgeBase::from_texts(texts);
            runs += 1;
            cut += step;
        }
    }
    assert!(runs > 100);
}

fn texts_name(i: usize) -> &'static str {
    DATA_FILES[i].0
}

// ------------------------------------------------------------------------------------------------
// Clinic packs: `with_pack` lays a directory holding some of the files over the built-in pack.

fn builtin() -> KnowledgeBase {
    match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in pack is invalid:\n{}", dump(&errors)),
    }
}

fn with_pack(pack: &TempPack) -> (KnowledgeBase, PackReport) {
    match KnowledgeBase::with_pack_report(&pack.dir) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("the clinic pack should load:\n{}", dump(&errors)),
    }
}

fn exercise_ids(kb: &KnowledgeBase) -> Vec<String> {
    kb.exercises.iter().map(|e| e.id.to_string()).collect()
}

/// Record counts of every kind, in data-file order.
fn counts(kb: &KnowledgeBase) -> Vec<usize> {
    RecordKind::ALL.into_iter().map(|kind| kb.count(kind)).collect()
}

/// The citation line of [`SLING_STRETCH`], for packs that change it.
const SLING_CITES: &str = "cites = [{ id = \"travell_simons\", section = \"Piriformis\" }]";

/// [`SLING_STRETCH`] under another id.
fn sling(id: &str) -> String {
    SLING_STRETCH.replace("clinic_sling_piriformis", id)
}

#[test]
fn a_clinic_pack_with_one_new_exercise_adds_it_and_keeps_every_builtin_record() {
    let builtin = builtin();
    let pack = TempPack::clinic("add");
    // Not data files: ignored (an editor's lock file and notes beside the pack).
    pack.write(".#exercises.toml", "not toml at all [[");
    pack.write("README.txt", "Our clinic's additions.");
    let (kb, report) = with_pack(&pack);

    // Every built-in exercise, in its order, then the clinic's.
    let ids = exercise_ids(&kb);
    assert_eq!(ids.len(), builtin.exercises.len() + 1);
    assert_eq!(ids[..builtin.exercises.len()], exercise_ids(&builtin)[..]);
    assert_eq!(ids.last().map(String::as_str), Some("clinic_sling_piriformis"));
    let Some(added) = kb.exercise("clinic_sling_piriformis") else { panic!("the index misses the added exercise") };
    assert_eq!(&*added.name, "Towel-sling piriformis stretch");
    assert_eq!(added.targets.muscles, ["piriformis"]);
    // The other kinds are the built-in ones.
    let mut expected = counts(&builtin);
    expected[RecordKind::Exercise as usize] += 1;
    assert_eq!(counts(&kb), expected);

    assert_eq!(report.added, [(RecordKind::Exercise, "clinic_sling_piriformis".to_string())]);
    assert!(report.amended.is_empty() && report.unchanged.is_empty(), "{report:?}");
    assert_eq!(report.to_string(), "1 exercise added");
    let simple = match KnowledgeBase::with_pack(&pack.dir) {
        Ok(kb) => kb,
        Err(errors) => panic!("with_pack refused what with_pack_report loads:\n{}", dump(&errors)),
    };
    assert_eq!(exercise_ids(&simple), ids);

    // The look-up ranks it for a buttock, as it ranks the built-in piriformis stretch.
    let run = |kb: &KnowledgeBase| {
        let selection = Selection::parse_args(kb, &["left.buttock"]).unwrap_or_else(|e| panic!("selection: {e}"));
        lookup(kb, &selection)
    };
    let result = run(&kb);
    let ranked: Vec<&str> = result.exercises.iter().map(|e| &*e.id).collect();
    let Some(hit) = result.exercises.iter().find(|e| &*e.id == "clinic_sling_piriformis") else {
        panic!("the clinic's exercise is not ranked for a buttock: {ranked:?}")
    };
    assert!(hit.why.iter().any(|w| w.contains("piriformis")), "{:?}", hit.why);
    let Some(figure_four) = result.exercises.iter().find(|e| &*e.id == "figure_four_supine") else {
        panic!("figure_four_supine not ranked: {ranked:?}")
    };
    assert!(hit.score >= 0.8 * figure_four.score, "{} vs figure-four {}: {ranked:?}", hit.score, figure_four.score);
    // The built-in ranking is otherwise untouched.
    let without: Vec<&str> = ranked.iter().copied().filter(|id| *id != "clinic_sling_piriformis").collect();
    let builtin_result = run(&builtin);
    let builtin_ranked: Vec<&str> = builtin_result.exercises.iter().map(|e| &*e.id).collect();
    assert_eq!(without, builtin_ranked);
}

#[test]
fn a_clinic_pack_amends_a_builtin_exercise_in_place() {
    let builtin = builtin();
    let record = data_record("exercises.toml", "exercise", "figure_four_supine");
    let Some(summary_line) = record.lines().find(|l| l.starts_with("summary = ")) else {
        panic!("no summary in {record}")
    };
    let ours = "Our clinic's wording: cross one ankle over the other knee and ease that knee away from you.";
    let pack = TempPack::empty("amend");
    pack.write("exercises.toml", &record.replace(summary_line, &format!("summary = \"{ours}\"")));
    let (kb, report) = with_pack(&pack);

    assert_eq!(counts(&kb), counts(&builtin), "an amendment adds nothing");
    assert_eq!(exercise_ids(&kb), exercise_ids(&builtin), "the amended exercise stays in place");
    let (Some(before), Some(after)) = (builtin.exercise("figure_four_supine"), kb.exercise("figure_four_supine"))
    else {
        panic!("figure_four_supine missing")
    };
    assert_ne!(before.summary, ours);
    assert_eq!(after.summary, ours);
    // The rest of the record is the built-in one, because the pack repeats it in full.
    let mut expected = before.clone();
    expected.summary = ours.to_string();
    assert_eq!(*after, expected);

    assert_eq!(report.amended, [(RecordKind::Exercise, "figure_four_supine".to_string())]);
    assert!(report.added.is_empty() && report.unchanged.is_empty(), "{report:?}");
    assert_eq!(report.to_string(), "1 exercise amended");
}

#[test]
fn a_clinic_pack_can_add_a_source_and_exercises_citing_it() {
    let builtin = builtin();
    let pack = TempPack::empty("several");
    pack.write(
        "sources.toml",
        "[[source]]\nid = \"clinic_handout\"\nkind = \"reference\"\ntitle = \"Back care handout\"\n\
         author = \"Our clinic\"\n",
    );
    let amended = data_record("exercises.toml", "exercise", "knee_to_chest").replace("name = \"", "name = \"Clinic: ");
    let second = sling("clinic_sling_seated").replace(SLING_CITES, "cites = [\"clinic_handout\"]");
    let unchanged = data_record("exercises.toml", "exercise", "lumbar_rotation");
    pack.write("exercises.toml", &format!("{SLING_STRETCH}\n{amended}\n{second}\n{unchanged}"));
    let (kb, report) = with_pack(&pack);

    assert!(kb.source("clinic_handout").is_some());
    assert_eq!(kb.sources.last().map(|s| s.id.as_str()), Some("clinic_handout"));
    let ids = exercise_ids(&kb);
    assert_eq!(ids[builtin.exercises.len()..], ["clinic_sling_piriformis", "clinic_sling_seated"]);
    assert!(kb.exercise("knee_to_chest").is_some_and(|e| e.name.starts_with("Clinic: ")));
    assert_eq!(
        report.added,
        [
            (RecordKind::Source, "clinic_handout".to_string()),
            (RecordKind::Exercise, "clinic_sling_piriformis".to_string()),
            (RecordKind::Exercise, "clinic_sling_seated".to_string()),
        ]
    );
    assert_eq!(report.amended, [(RecordKind::Exercise, "knee_to_chest".to_string())]);
    assert_eq!(report.unchanged, [(RecordKind::Exercise, "lumbar_rotation".to_string())]);
    assert_eq!(report.to_string(), "1 source added, 2 exercises added, 1 exercise amended, 1 record unchanged");
}

#[test]
fn a_full_copy_of_the_data_as_a_clinic_pack_changes_nothing() {
    let builtin = builtin();
    let pack = TempPack::copy("full-overlay");
    let (kb, report) = with_pack(&pack);
    assert_eq!(counts(&kb), counts(&builtin));
    assert_eq!(exercise_ids(&kb), exercise_ids(&builtin));
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.unchanged.len(), counts(&builtin).iter().sum::<usize>());
    assert!(report.to_string().starts_with("nothing added or amended, "), "{report}");
}

#[test]
fn every_error_of_a_clinic_pack_broken_several_ways_names_the_pack_file_line_and_field() {
    let pack = TempPack::empty("bad-clinic");
    let figure_four = data_record("exercises.toml", "exercise", "figure_four_supine");
    let exercises = [
        // An unknown source.
        sling("clinic_bad_cite").replace(SLING_CITES, "cites = [\"zz_clinic_source\"] # MARK-cite"),
        // An unknown target.
        sling("clinic_bad_target")
            .replace("muscles = [\"piriformis\"]", "muscles = [\"zz_no_such_muscle\"] # MARK-target"),
        // A new id twice in the pack.
        sling("clinic_twice"),
        sling("clinic_twice").replace("id = \"clinic_twice\"", "id = \"clinic_twice\" # MARK-twice"),
        // A built-in id amended twice in the pack.
        figure_four.clone(),
        figure_four.replace("id = \"figure_four_supine\"", "id = \"figure_four_supine\" # MARK-amend-twice"),
    ];
    pack.write("exercises.toml", &exercises.join("\n"));
    // A syntax error.
    pack.write("muscles.toml", "[[muscle]]\nid = \"clinic_muscle\"\nname = \"Unclosed MARK-syntax\naction = \"x\"\n");
    // A type error.
    pack.write(
        "sources.toml",
        "[[source]]\nid = \"clinic_blog\"\nkind = \"blog\" # MARK-kind\ntitle = \"Our blog\"\nauthor = \"Us\"\n",
    );
    // A typo in a file name, and a file that is not TOML (ignored).
    pack.write("exercise.toml", "[[exercise]]\n");
    pack.write("notes.txt", "not part of the pack");

    let errors = expect_errors(KnowledgeBase::with_pack(&pack.dir));
    let mut problems: Vec<String> = Vec::new();
    let mut check = |file: &str, field: &str, marker: &str, message_has: &[&str]| {
        let path = pack.dir.join(file).display().to_string();
        let Some(error) = errors.iter().find(|e| e.file == path && e.field == field) else {
            problems.push(format!("missing: no error for {path} field `{field}`"));
            return;
        };
        check_located(&mut problems, error, &pack, file, field, marker, message_has);
        let line = pack.line_of(file, marker);
        if !error.to_string().starts_with(&format!("{path}:{line}:")) {
            problems.push(format!("not shown as {path}:{line}:…: {error}"));
        }
    };
    check("exercises.toml", "exercise[clinic_bad_cite].cites[0]", "MARK-cite", &["unknown source", "zz_clinic_source"]);
    check(
        "exercises.toml",
        "exercise[clinic_bad_target].targets.muscles[0]",
        "MARK-target",
        &["unknown muscle", "zz_no_such_muscle"],
    );
    check("exercises.toml", "exercise[clinic_twice].id", "MARK-twice", &["duplicate"]);
    check("exercises.toml", "exercise[figure_four_supine].id", "MARK-amend-twice", &["duplicate"]);
    check("muscles.toml", "", "MARK-syntax", &[]);
    check("sources.toml", "source[clinic_blog].kind", "MARK-kind", &["blog"]);

    // The stray file is named, with the file it was probably meant to be.
    let stray = pack.dir.join("exercise.toml").display().to_string();
    match errors.iter().find(|e| e.file == stray) {
        None => problems.push(format!("missing: no error for {stray}")),
        Some(e) if !e.message.contains("exercises.toml") => problems.push(format!("no hint: {e}")),
        Some(_) => {}
    }
    // Every error is in the pack; nothing else is blamed; each (but the stray file) has a line.
    let syntax = errors.iter().filter(|e| e.file.ends_with("muscles.toml")).count();
    for e in &errors {
        if !e.file.starts_with(pack.path()) {
            problems.push(format!("blames a file outside the pack: {e}"));
        }
        if e.line < 1 && e.file != stray {
            problems.push(format!("error without a line: {e}"));
        }
    }
    if errors.len() != syntax + 6 {
        problems.push(format!("expected 6 errors besides the syntax error(s), got {}", errors.len() - syntax));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}\nall errors:\n{}",
        problems.len(),
        problems.join("\n  "),
        dump(&errors)
    );
}

#[test]
fn an_amendment_that_breaks_a_builtin_record_blames_the_builtin_file() {
    // Piriformis syndrome stops being an entrapment: the built-in areas that link to it as one
    // are now wrong, and the error must point into data/areas.toml, not into the pack.
    let pack = TempPack::empty("breaks-builtin");
    let record = data_record("causes.toml", "cause", "piriformis_syndrome");
    assert!(record.contains("kind = \"entrapment\""), "{record}");
    pack.write("causes.toml", &record.replace("kind = \"entrapment\"", "kind = \"musculoskeletal\""));
    let errors = expect_errors(KnowledgeBase::with_pack(&pack.dir));
    let areas = std::fs::read_to_string(data_dir().join("areas.toml")).expect("read data/areas.toml");
    let buttock = errors
        .iter()
        .find(|e| e.field.starts_with("area[buttock].links["))
        .unwrap_or_else(|| panic!("the buttock's entrapment link is not reported:\n{}", dump(&errors)));
    for e in &errors {
        assert_eq!(e.file, "data/areas.toml", "{}", dump(&errors));
        assert!(e.message.contains("not an entrapment"), "{e}");
        let line = areas.lines().nth(e.line.saturating_sub(1)).unwrap_or_default();
        assert!(line.contains("\"piriformis_syndrome\""), "{e} points at {line:?}");
    }
    assert!(buttock.line > 0);
}

#[test]
fn unreadable_oversized_and_non_utf8_pack_files_are_errors_naming_the_file() {
    let pack = TempPack::empty("unreadable");
    std::fs::write(pack.dir.join("exercises.toml"), b"[[exercise]]\nid = \"caf\xe9\"\n").expect("write");
    std::fs::write(pack.dir.join("roots.toml"), vec![b'#'; 8 * 1024 * 1024 + 1]).expect("write");
    std::fs::create_dir(pack.dir.join("areas.toml")).expect("mkdir");
    let errors = expect_errors(KnowledgeBase::with_pack(&pack.dir));
    let find = |file: &str| {
        let path = pack.dir.join(file).display().to_string();
        errors.iter().find(|e| e.file == path).unwrap_or_else(|| panic!("{path} not named:\n{}", dump(&errors)))
    };
    let utf8 = find("exercises.toml");
    assert!(utf8.message.contains("UTF-8"), "{utf8}");
    assert_eq!((utf8.line, utf8.column), (2, 10), "points at the bad byte: {utf8}");
    let big = find("roots.toml");
    assert!(big.message.contains("8 MiB"), "{big}");
    let dir = find("areas.toml");
    assert!(dir.message.contains("cannot read"), "{dir}");
    assert_eq!(errors.len(), 3, "{}", dump(&errors));
}

#[test]
fn an_empty_or_missing_pack_directory_is_a_clear_error() {
    let pack = TempPack::empty("empty");
    let errors = expect_errors(KnowledgeBase::with_pack(&pack.dir));
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    assert_eq!(errors[0].file, pack.path());
    assert!(errors[0].message.contains("no data files"), "{}", errors[0]);
    for (name, _) in DATA_FILES {
        assert!(errors[0].message.contains(name), "the expected files are listed: {}", errors[0]);
    }
    // Files that are not TOML do not count.
    pack.write("notes.txt", "hello");
    assert_eq!(expect_errors(KnowledgeBase::with_pack(&pack.dir)), errors);

    let missing = pack.dir.join("does-not-exist");
    let errors = expect_errors(KnowledgeBase::with_pack(&missing));
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    assert_eq!(errors[0].file, missing.display().to_string());
    assert!(errors[0].message.contains("no such directory"), "{}", errors[0]);

    let file = pack.dir.join("notes.txt");
    let errors = expect_errors(KnowledgeBase::with_pack(&file));
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
    assert!(errors[0].message.contains("not a directory"), "{}", errors[0]);
}
