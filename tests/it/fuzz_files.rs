//! Fuzzing every parser a user's file reaches: session JSON and each clinic-pack TOML file, fed
//! arbitrary bytes and structured mutations of good files (fields deleted, duplicated, retyped,
//! huge strings, a byte-order mark, NULs, cuts). Each case must not panic, must finish within a
//! time bound, and every error it reports must be located (a line or a field).
//!
//! `cargo test` runs a few cases of each; `FUZZ_CASES=5000 cargo test --test fuzz_files` runs more.

use crate::common;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::Value;

use common::{TempPack, data_dir};
use sciatica_explorer::export::session::{self, Plan, PlannedExercise};
use sciatica_explorer::knowledge::{DATA_FILES, DataError, KnowledgeBase};
use sciatica_explorer::lookup::Selection;

/// Each parse must finish within this (a debug build; a real parse takes milliseconds).
const TIME_BOUND: Duration = Duration::from_secs(2);

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() }
}

fn kb() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| KnowledgeBase::builtin().expect("built-in pack"))
}

/// Every error names a line or a field; the one that counts the errors left out is the only
/// exception, and only as the last.
fn assert_located(errors: &[DataError], input: &str) {
    assert!(!errors.is_empty(), "an error result with no error");
    for (i, e) in errors.iter().enumerate() {
        if i + 1 == errors.len() && e.message.starts_with("… and ") {
            continue;
        }
        assert!(e.line > 0 || !e.field.is_empty(), "unlocated error {e:?} for input {:?}", cut(input));
        assert!(e.message.chars().count() < 2_000, "a huge message ({} chars): {:?}", e.message.len(), cut(&e.message));
    }
    assert!(errors.len() <= sciatica_explorer::export::MAX_REPORTED_ERRORS + 1, "{} errors", errors.len());
}

fn cut(text: &str) -> String {
    text.chars().take(300).collect()
}

fn parse_session(text: &str) {
    let started = Instant::now();
    let result = session::parse(kb(), text, "fuzz.json");
    let took = started.elapsed();
    assert!(took < TIME_BOUND, "took {took:?} for {:?}", cut(text));
    if let Err(errors) = result {
        assert_located(&errors, text);
    }
}

/// A good session with every field set.
fn good_session() -> String {
    let kb = kb();
    let selection = Selection::parse_args(kb, &["left.buttock@7", "saddle", "right.heel@2"]).expect("areas");
    let plan = Plan {
        patient: "JD 0042".into(),
        notes: "Line one\nLine two".into(),
        exercises: vec![
            PlannedExercise { id: "figure_four_supine".into(), dosage: Some("hold 30 s".into()), note: "left".into() },
            PlannedExercise { id: "cat_cow".into(), ..Default::default() },
        ],
        created: Some("2026-11-22T09:30:00Z".into()),
        ..Plan::default()
    };
    session::to_json(&selection.areas, &plan, "2026-12-01T10:00:00Z")
}

/// One change to a document.
#[derive(Clone, Debug)]
enum Mutation {
    /// Remove the value at the n-th path (object member or array item).
    Delete(usize),
    /// Give the value at the n-th path another type or shape.
    Retype(usize, Replacement),
    /// Write a member twice (serde_json keeps only the last of a duplicate in a `Value`, so this
    /// is done in the text).
    DuplicateKey(usize),
    /// Cut the text at this fraction of its length.
    Truncate(f64),
    /// Insert a character at this fraction of the text.
    Insert(f64, char),
    /// A byte-order mark in front.
    Bom,
}

#[derive(Clone, Debug)]
enum Replacement {
    Null,
    Bool(bool),
    Number(f64),
    Integer(i64),
    Text(String),
    Huge(usize, char),
    EmptyArray,
    EmptyObject,
    ManyCopies(usize),
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        Just(Replacement::Null),
        any::<bool>().prop_map(Replacement::Bool),
        any::<f64>().prop_map(Replacement::Number),
        any::<i64>().prop_map(Replacement::Integer),
        ".{0,40}".prop_map(Replacement::Text),
        (1usize..300_000, prop_oneof![Just('a'), Just('\0'), Just('é'), Just('\u{1b}'), any::<char>()])
            .prop_map(|(n, c)| Replacement::Huge(n, c)),
        Just(Replacement::EmptyArray),
        Just(Replacement::EmptyObject),
        (2usize..20_000).prop_map(Replacement::ManyCopies),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), replacement()).prop_map(|(at, r)| Mutation::Retype(at, r)),
        any::<usize>().prop_map(Mutation::DuplicateKey),
        (0.0f64..1.0).prop_map(Mutation::Truncate),
        (0.0f64..1.0, prop_oneof![Just('\0'), Just('\u{feff}'), Just('"'), Just('{'), Just(']'), any::<char>()])
            .prop_map(|(at, c)| Mutation::Insert(at, c)),
        Just(Mutation::Bom),
    ]
}

/// Every path into a JSON value, as object keys and array indices.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The parent of the value at `path` and the last step to it.
fn parent_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<(&'a mut Value, Step)> {
    let (last, init) = path.split_last()?;
    let mut node = root;
    for step in init {
        node = match step {
            Step::Key(k) => node.get_mut(k.as_str())?,
            Step::Index(i) => node.get_mut(*i)?,
        };
    }
    Some((node, last.clone()))
}

fn replace_value(old: &Value, r: &Replacement) -> Value {
    match r {
        Replacement::Null => Value::Null,
        Replacement::Bool(b) => Value::Bool(*b),
        Replacement::Number(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Replacement::Integer(n) => Value::from(*n),
        Replacement::Text(t) => Value::String(t.clone()),
        Replacement::Huge(n, c) => Value::String(std::iter::repeat_n(*c, *n).collect()),
        Replacement::EmptyArray => Value::Array(Vec::new()),
        Replacement::EmptyObject => Value::Object(serde_json::Map::new()),
        Replacement::ManyCopies(n) => {
            // Up to about 2 MB of copies (the file limit): more only costs the test's memory.
            let size = old.to_string().len() + 1;
            Value::Array(vec![old.clone(); (*n).min(2_000_000 / size).max(1)])
        }
    }
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for m in mutations {
        match m {
            Mutation::Delete(at) | Mutation::Retype(at, _) | Mutation::DuplicateKey(at) => {
                let Ok(mut value) = serde_json::from_str::<Value>(&text) else { continue };
                let mut all = Vec::new();
                paths(&value, &mut Vec::new(), &mut all);
                if all.is_empty() {
                    continue;
                }
                let path = all[at % all.len()].clone();
                if let Mutation::DuplicateKey(_) = m {
                    // Repeat the member's text right after the opening brace of the document.
                    if let (Some(Step::Key(key)), Some(brace)) = (path.first(), text.find('{')) {
                        let member = format!("{}: {}, ", Value::String(key.clone()), value[key.as_str()]);
                        text.insert_str(brace + 1, &member);
                    }
                    continue;
                }
                let Some((parent, last)) = parent_mut(&mut value, &path) else { continue };
                match (m, last, parent) {
                    (Mutation::Delete(_), Step::Key(k), Value::Object(map)) => {
                        map.remove(&k);
                    }
                    (Mutation::Delete(_), Step::Index(i), Value::Array(items)) if i < items.len() => {
                        items.remove(i);
                    }
                    (Mutation::Retype(_, r), Step::Key(k), Value::Object(map)) => {
                        if let Some(old) = map.get_mut(&k) {
                            *old = replace_value(old, r);
                        }
                    }
                    (Mutation::Retype(_, r), Step::Index(i), Value::Array(items)) if i < items.len() => {
                        items[i] = replace_value(&items[i], r);
                    }
                    _ => {}
                }
                text = serde_json::to_string_pretty(&value).unwrap_or(text);
            }
            Mutation::Truncate(at) => {
                let mut end = (text.len() as f64 * at) as usize;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            Mutation::Insert(at, c) => {
                let mut i = (text.len() as f64 * at) as usize;
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert(i, *c);
            }
            Mutation::Bom => text.insert(0, '\u{feff}'),
        }
    }
    text
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn session_parser_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        parse_session(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn session_parser_survives_arbitrary_text(text in "\\PC{0,400}") {
        parse_session(&text);
        parse_session(&format!("{{\"format_version\": 1, {text}"));
    }

    #[test]
    fn session_parser_survives_mutated_sessions(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let text = apply(&good_session(), &mutations);
        parse_session(&text);
    }

    #[test]
    fn session_files_survive_mutations_through_the_reader(mutations in proptest::collection::vec(mutation(), 1..4)) {
        // Through the file reader too (size limit, UTF-8, byte-order mark).
        let text = apply(&good_session(), &mutations);
        let dir = common::TempDir::new("fuzz-session");
        let path = dir.file("visit.json");
        std::fs::write(&path, &text).expect("write");
        let started = Instant::now();
        let result = session::open(kb(), &path);
        prop_assert!(started.elapsed() < TIME_BOUND, "took {:?}", started.elapsed());
        if let Err(errors) = result {
            // A file too large is about the whole file; anything else is located.
            if !(errors.len() == 1 && errors[0].message.contains("too large")) {
                assert_located(&errors, &text);
            }
        }
    }
}

/// Each pack load must finish within this, or 20 times a good pack's load if that is longer.
///
/// Generous on purpose, for now: a pack file broken into thousands of syntax errors costs a scan
/// of the whole text per error (`SourceText::line_col`), and the loader does not cap its errors,
/// so a 200 kB file with 2,000 errors takes about 7 s in a debug build. Tighten this to a few
/// seconds once the loader caps its errors as sessions do.
const PACK_TIME_BOUND: Duration = Duration::from_secs(30);

/// How long loading a good one-file clinic pack takes here (the slowest of three).
fn pack_baseline() -> Duration {
    static BASELINE: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *BASELINE.get_or_init(|| {
        let pack = TempPack::clinic("fuzz-baseline");
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let _ = KnowledgeBase::with_pack(&pack.dir);
                started.elapsed()
            })
            .max()
            .unwrap_or_default()
    })
}

/// One change to a TOML data file, line by line.
#[derive(Clone, Debug)]
enum TomlMutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Replace what follows the `=` of a `key = value` line.
    Retype(usize, &'static str),
    HugeString(usize, usize),
    Truncate(f64),
    Insert(f64, char),
    Bom,
}

fn toml_mutation() -> impl Strategy<Value = TomlMutation> {
    prop_oneof![
        any::<usize>().prop_map(TomlMutation::DeleteLine),
        any::<usize>().prop_map(TomlMutation::DuplicateLine),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "1",
                "-1",
                "1e-300",
                "nan",
                "true",
                "\"\"",
                "\"x\"",
                "[]",
                "{}",
                "[1, \"a\"]",
                "{ id = 1 }",
                "1979-05-27",
                "\"\\u001b[2J\"",
                "\"a\\u0000b\"",
            ])
        )
            .prop_map(|(at, v)| TomlMutation::Retype(at, v)),
        (any::<usize>(), 1usize..200_000).prop_map(|(at, n)| TomlMutation::HugeString(at, n)),
        (0.0f64..1.0).prop_map(TomlMutation::Truncate),
        (0.0f64..1.0, prop_oneof![Just('\0'), Just('['), Just('"'), Just('='), Just('\n'), any::<char>()])
            .prop_map(|(at, c)| TomlMutation::Insert(at, c)),
        Just(TomlMutation::Bom),
    ]
}

fn apply_toml(text: &str, mutations: &[TomlMutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut bom = false;
    let mut cut_at: Option<f64> = None;
    let mut inserts = Vec::new();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            TomlMutation::DeleteLine(at) if !lines.is_empty() => {
                lines.remove(at % n);
            }
            TomlMutation::DuplicateLine(at) if !lines.is_empty() => {
                let line = lines[at % n].clone();
                lines.insert(at % n, line);
            }
            TomlMutation::Retype(at, _) | TomlMutation::HugeString(at, _) if !lines.is_empty() => {
                // The first `key = value` line at or after `at`.
                let start = at % n;
                if let Some(i) = (start..lines.len()).chain(0..start).find(|&i| lines[i].contains(" = ")) {
                    let key = lines[i].split(" = ").next().unwrap_or_default().to_string();
                    let value = match m {
                        TomlMutation::HugeString(_, len) => format!("\"{}\"", "x".repeat(*len)),
                        TomlMutation::Retype(_, value) => value.to_string(),
                        _ => continue,
                    };
                    lines[i] = format!("{key} = {value}");
                }
            }
            TomlMutation::Truncate(at) => cut_at = Some(*at),
            TomlMutation::Insert(at, c) => inserts.push((*at, *c)),
            TomlMutation::Bom => bom = true,
            _ => {}
        }
    }
    let mut text = lines.join("\n");
    for (at, c) in inserts {
        let mut i = (text.len() as f64 * at) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        text.insert(i, c);
    }
    if let Some(at) = cut_at {
        let mut end = (text.len() as f64 * at) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    if bom {
        text.insert(0, '\u{feff}');
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases().div_ceil(4).max(8), ..config() })]

    /// A clinic pack made of one mutated built-in file, read from disk as `--data` does.
    #[test]
    fn pack_loader_survives_mutated_data_files(
        file in 0..DATA_FILES.len(),
        mutations in proptest::collection::vec(toml_mutation(), 1..5),
    ) {
        let (name, _) = DATA_FILES[file];
        let original = std::fs::read_to_string(data_dir().join(name)).expect("read data file");
        let text = apply_toml(&original, &mutations);
        let pack = TempPack::empty("fuzz-pack");
        pack.write(name, &text);
        let started = Instant::now();
        let result = KnowledgeBase::with_pack(&pack.dir);
        let took = started.elapsed();
        // Loading merges and validates the whole built-in pack too: the bound catches a hang,
        // relative to loading a good pack (on a busy machine both are slow).
        let bound = PACK_TIME_BOUND.max(pack_baseline() * 20);
        prop_assert!(took < bound, "took {took:?} (bound {bound:?}) for {name}");
        if let Err(errors) = result {
            for e in &errors {
                prop_assert!(e.line > 0 || !e.field.is_empty(), "unlocated error {e:?} in {name} after {mutations:?}");
            }
        }
    }
}
