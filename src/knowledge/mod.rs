//! The knowledge base: typed, validated, cited data embedded from `data/`, which a clinic can
//! extend or amend with a pack of its own in the same format (`--data DIR`, [`KnowledgeBase::with_pack`]).

mod area_ref;
pub mod graph;
pub mod load;
pub mod model;
mod safety;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

pub use area_ref::{AreaError, AreaRef, all_area_refs, closest};
pub use load::DataError;
use load::{Located, SourceText, parse_records};
pub use model::*;

/// The data files of a pack, with the `[[record]]` key each holds.
pub const DATA_FILES: [(&str, &str); 10] = [
    ("sources.toml", "source"),
    ("roots.toml", "root"),
    ("nerves.toml", "nerve"),
    ("muscles.toml", "muscle"),
    ("causes.toml", "cause"),
    ("red_flags.toml", "red_flag"),
    ("exercises.toml", "exercise"),
    ("areas.toml", "area"),
    ("exam_tests.toml", "exam_test"),
    ("notes.toml", "note"),
];

/// The built-in pack, embedded so the binary runs with nothing beside it.
const BUILTIN: [(&str, &str); 10] = [
    ("sources.toml", include_str!("../../data/sources.toml")),
    ("roots.toml", include_str!("../../data/roots.toml")),
    ("nerves.toml", include_str!("../../data/nerves.toml")),
    ("muscles.toml", include_str!("../../data/muscles.toml")),
    ("causes.toml", include_str!("../../data/causes.toml")),
    ("red_flags.toml", include_str!("../../data/red_flags.toml")),
    ("exercises.toml", include_str!("../../data/exercises.toml")),
    ("areas.toml", include_str!("../../data/areas.toml")),
    ("exam_tests.toml", include_str!("../../data/exam_tests.toml")),
    ("notes.toml", include_str!("../../data/notes.toml")),
];

/// The kind of a record: one per data file, in [`DATA_FILES`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Source,
    Root,
    Nerve,
    Muscle,
    Cause,
    RedFlag,
    Exercise,
    Area,
    ExamTest,
    Note,
}

impl RecordKind {
    /// Every kind, in [`DATA_FILES`] order.
    pub const ALL: [RecordKind; 10] = [
        RecordKind::Source,
        RecordKind::Root,
        RecordKind::Nerve,
        RecordKind::Muscle,
        RecordKind::Cause,
        RecordKind::RedFlag,
        RecordKind::Exercise,
        RecordKind::Area,
        RecordKind::ExamTest,
        RecordKind::Note,
    ];

    /// The data file that holds records of this kind (`exercises.toml`).
    pub fn file(self) -> &'static str {
        DATA_FILES[self as usize].0
    }

    /// The `[[key]]` of its records (`red_flag`).
    pub fn key(self) -> &'static str {
        DATA_FILES[self as usize].1
    }

    /// The kind whose data file is called `file`, if any.
    pub fn of_file(file: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.file() == file)
    }

    /// "1 exercise", "3 red flags": a count of records of this kind in words.
    pub fn count(self, n: usize) -> String {
        let noun = self.key().replace('_', " ");
        if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
    }
}

/// What a clinic pack changed in the built-in pack, for the UI and `validate` to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackReport {
    /// Records whose id the built-in pack does not have, in pack order.
    pub added: Vec<(RecordKind, String)>,
    /// Built-in records the pack replaced with a different record (same kind and id).
    pub amended: Vec<(RecordKind, String)>,
    /// Built-in records the pack repeats unchanged: a pack started as a copy of `data/` would
    /// otherwise "amend" every record, which hides the few it really changes.
    pub unchanged: Vec<(RecordKind, String)>,
}

impl PackReport {
    /// True when the pack neither adds nor amends anything.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.amended.is_empty()
    }
}

impl fmt::Display for PackReport {
    /// "3 exercises added, 1 exercise amended" (kinds in data-file order); "nothing added or
    /// amended" when the pack changes nothing; unchanged repeats are counted at the end.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for (list, verb) in [(&self.added, "added"), (&self.amended, "amended")] {
            for kind in RecordKind::ALL {
                let n = list.iter().filter(|(k, _)| *k == kind).count();
                if n > 0 {
                    parts.push(format!("{} {verb}", kind.count(n)));
                }
            }
        }
        if parts.is_empty() {
            parts.push("nothing added or amended".to_string());
        }
        if !self.unchanged.is_empty() {
            let n = self.unchanged.len();
            parts.push(format!("{n} record{} unchanged", if n == 1 { "" } else { "s" }));
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// Every record of a pack, validated, with id indexes for the look-up.
#[derive(Clone, Debug)]
pub struct KnowledgeBase {
    pub sources: Vec<Source>,
    pub roots: Vec<Root>,
    pub nerves: Vec<Nerve>,
    pub muscles: Vec<Muscle>,
    pub causes: Vec<Cause>,
    pub red_flags: Vec<RedFlag>,
    pub exercises: Vec<Exercise>,
    pub areas: Vec<AreaDef>,
    /// What an examiner checks to tell sources apart.
    pub exam_tests: Vec<ExamTest>,
    /// The wording and citations of the notes shown at fixed places ([`NoteId`]).
    pub notes: Vec<NoteText>,
    index: Index,
    graph: graph::Graph,
}

/// Positions of records by id, built once at load.
#[derive(Clone, Debug, Default)]
struct Index {
    sources: HashMap<String, usize>,
    roots: HashMap<String, usize>,
    nerves: HashMap<String, usize>,
    muscles: HashMap<String, usize>,
    causes: HashMap<String, usize>,
    exercises: HashMap<String, usize>,
    areas: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// How many records of `kind` the knowledge base holds: one match, so a new kind of record
    /// cannot be left out of the counts that `validate` prints.
    pub fn count(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Source => self.sources.len(),
            RecordKind::Root => self.roots.len(),
            RecordKind::Nerve => self.nerves.len(),
            RecordKind::Muscle => self.muscles.len(),
            RecordKind::Cause => self.causes.len(),
            RecordKind::RedFlag => self.red_flags.len(),
            RecordKind::Exercise => self.exercises.len(),
            RecordKind::Area => self.areas.len(),
            RecordKind::ExamTest => self.exam_tests.len(),
            RecordKind::Note => self.notes.len(),
        }
    }

    /// "33 sources, 6 roots, …": every kind's count in words, in data-file order.
    pub fn counts_in_words(&self) -> String {
        RecordKind::ALL.into_iter().map(|kind| kind.count(self.count(kind))).collect::<Vec<_>>().join(", ")
    }
}

fn index_of<T>(records: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    records.iter().enumerate().map(|(i, r)| (id(r).to_string(), i)).collect()
}

/// The records of a pack with their spans, before validation. Each record names its text in
/// `texts` ([`Located::text`]): with a clinic pack, records of one kind come from two files.
#[derive(Default)]
pub(crate) struct ParsedPack {
    pub texts: Vec<SourceText>,
    pub sources: Vec<Located<Source>>,
    pub roots: Vec<Located<Root>>,
    pub nerves: Vec<Located<Nerve>>,
    pub muscles: Vec<Located<Muscle>>,
    pub causes: Vec<Located<Cause>>,
    pub red_flags: Vec<Located<RedFlag>>,
    pub exercises: Vec<Located<Exercise>>,
    pub areas: Vec<Located<AreaDef>>,
    pub exam_tests: Vec<Located<ExamTest>>,
    pub notes: Vec<Located<NoteText>>,
}

impl ParsedPack {
    /// Parses `source` as the data file of `kind` and overlays its records on those already
    /// here (see [`overlay`]); what it changed goes to `report`.
    fn add_text(&mut self, source: SourceText, kind: RecordKind, errors: &mut Vec<DataError>, report: &mut PackReport) {
        let text = self.texts.len();
        macro_rules! layer {
            ($field:ident) => {{
                let (records, mut errs) = parse_records(&source, text, kind.key());
                errors.append(&mut errs);
                overlay(&mut self.$field, records, kind, |r| &r.id, report);
            }};
        }
        match kind {
            RecordKind::Source => layer!(sources),
            RecordKind::Root => layer!(roots),
            RecordKind::Nerve => layer!(nerves),
            RecordKind::Muscle => layer!(muscles),
            RecordKind::Cause => layer!(causes),
            RecordKind::RedFlag => layer!(red_flags),
            RecordKind::Exercise => layer!(exercises),
            RecordKind::Area => layer!(areas),
            RecordKind::ExamTest => layer!(exam_tests),
            RecordKind::Note => layer!(notes),
        }
        self.texts.push(source);
    }
}

/// Lays `layer` over `records`: a record whose id one of `records` already has replaces it in
/// place; any other record is appended. Nothing is removed.
fn overlay<T: PartialEq>(
    records: &mut Vec<Located<T>>,
    layer: Vec<Located<T>>,
    kind: RecordKind,
    id: impl Fn(&T) -> &str,
    report: &mut PackReport,
) {
    // Only records of earlier layers can be replaced, each once: a second record with the same
    // id in one file is appended, so the validator reports it as a duplicate, not as an amendment.
    let mut earlier: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        earlier.entry(id(&record.value).to_string()).or_insert(i);
    }
    for record in layer {
        let key = id(&record.value).to_string();
        match earlier.remove(&key).and_then(|i| records.get_mut(i)) {
            Some(old) => {
                let list = if old.value == record.value { &mut report.unchanged } else { &mut report.amended };
                list.push((kind, key));
                *old = record;
            }
            None => {
                report.added.push((kind, key));
                records.push(record);
            }
        }
    }
}

/// The embedded files, named `data/<file>` in errors.
fn builtin_texts() -> Vec<(RecordKind, SourceText)> {
    RecordKind::ALL
        .into_iter()
        .zip(BUILTIN)
        .map(|(kind, (name, text))| (kind, SourceText { name: format!("data/{name}"), text: text.to_string() }))
        .collect()
}

/// An error about a pack directory or a file as a whole (no line).
fn path_error(path: &Path, message: impl Into<String>) -> DataError {
    DataError { file: path.display().to_string(), line: 0, column: 0, field: String::new(), message: message.into() }
}

/// Reads the data files of a clinic pack directory, in [`DATA_FILES`] order, with an error for
/// every problem: the directory missing or unreadable, no data file in it, a `*.toml` that is not
/// a data file (a typo would otherwise be silently ignored), a file unreadable, too big or not UTF-8.
fn read_pack_dir(dir: &Path) -> (Vec<(RecordKind, SourceText)>, Vec<DataError>) {
    let expected = || DATA_FILES.map(|(name, _)| name).join(", ");
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return (Vec::new(), vec![path_error(dir, "not a directory; a pack is a directory of data files")]),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (Vec::new(), vec![path_error(dir, "no such directory")]);
        }
        Err(e) => return (Vec::new(), vec![path_error(dir, format!("cannot read the directory: {e}"))]),
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return (Vec::new(), vec![path_error(dir, format!("cannot list the directory: {e}"))]),
    };
    let mut errors = Vec::new();
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(e) => errors.push(path_error(dir, format!("cannot list the directory: {e}"))),
        }
    }
    names.sort();
    let mut found: Vec<(RecordKind, std::ffi::OsString)> = Vec::new();
    for os_name in names {
        let name = os_name.to_string_lossy();
        // Hidden files are editor back-ups and lock files (`.#exercises.toml`), not content.
        let is_toml = Path::new(&*name).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if name.starts_with('.') || !is_toml {
            continue;
        }
        match RecordKind::of_file(&name) {
            Some(kind) => found.push((kind, os_name.clone())),
            None => {
                let best = DATA_FILES
                    .iter()
                    .map(|(file, _)| (strsim::jaro_winkler(&name.to_lowercase(), file), *file))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let hint = match best {
                    Some((score, file)) if score >= 0.8 => format!(" (did you mean `{file}`?)"),
                    _ => String::new(),
                };
                errors.push(path_error(
                    &dir.join(&os_name),
                    format!("not a data file{hint}; a pack holds only {}", expected()),
                ));
            }
        }
    }
    if found.is_empty() {
        errors.push(path_error(dir, format!("no data files in the pack; expected one or more of {}", expected())));
    }
    found.sort();
    let mut texts = Vec::new();
    for (kind, os_name) in found {
        match load::read_path(&dir.join(os_name)) {
            Ok(text) => texts.push((kind, text)),
            Err(error) => errors.push(error),
        }
    }
    (texts, errors)
}

impl KnowledgeBase {
    /// The embedded pack. It is validated by the test suite, so an error here is a build defect;
    /// callers still get the errors rather than a panic.
    pub fn builtin() -> Result<Self, Vec<DataError>> {
        Self::assemble(builtin_texts(), Vec::new(), Vec::new()).map(|(kb, _)| kb)
    }

    /// The built-in pack overlaid with the clinic pack in `dir`; see [`KnowledgeBase::with_pack_report`].
    pub fn with_pack(dir: &Path) -> Result<Self, Vec<DataError>> {
        Self::with_pack_report(dir).map(|(kb, _)| kb)
    }

    /// The built-in pack overlaid with the clinic pack in `dir`, and what the pack changed.
    ///
    /// `dir` holds any non-empty subset of [`DATA_FILES`]. A record whose id is new is added
    /// after the built-in ones; a record with the id of a built-in record of the same file
    /// replaces it in place (an amendment is a complete record). Built-in records are never
    /// removed. The merged records are validated together, and every error in a pack file names
    /// that file as `dir` joined with its name, with its line and field.
    ///
    /// A pack may not weaken the built-in safety content: an amended red flag keeps its trigger,
    /// urgency, wording and citations (it may add to them), an amended exercise keeps its
    /// cautions, and an amended area keeps the laterality and views the drawing shows it with.
    /// Anything else is an error in the pack's file naming the rule (see `knowledge::safety`).
    pub fn with_pack_report(dir: &Path) -> Result<(Self, PackReport), Vec<DataError>> {
        let (texts, errors) = read_pack_dir(dir);
        Self::assemble(builtin_texts(), texts, errors)
    }

    /// Loads and validates a standalone pack directory holding all of [`DATA_FILES`] (nothing
    /// built-in is used).
    pub fn from_dir(dir: &Path) -> Result<Self, Vec<DataError>> {
        if !dir.is_dir() {
            return Err(vec![path_error(dir, "not a directory")]);
        }
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        for (name, _) in DATA_FILES {
            match load::read_file(dir, name) {
                Ok(text) => texts.push(text),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::from_texts(texts)
    }

    /// Parses and validates the texts of a standalone pack, given in [`DATA_FILES`] order;
    /// reports every error found, not just the first.
    pub fn from_texts(texts: Vec<SourceText>) -> Result<Self, Vec<DataError>> {
        if texts.len() != DATA_FILES.len() {
            return Err(vec![DataError {
                file: String::new(),
                line: 0,
                column: 0,
                field: String::new(),
                message: format!("a pack has {} files, got {}", DATA_FILES.len(), texts.len()),
            }]);
        }
        let texts = RecordKind::ALL.into_iter().zip(texts).collect();
        Self::assemble(texts, Vec::new(), Vec::new()).map(|(kb, _)| kb)
    }

    /// Parses `base`, lays `pack` over it, validates the result and builds the knowledge base;
    /// `errors` (from reading the files) are reported with the rest. The report says what `pack`
    /// changed in `base`.
    fn assemble(
        base: Vec<(RecordKind, SourceText)>,
        pack: Vec<(RecordKind, SourceText)>,
        mut errors: Vec<DataError>,
    ) -> Result<(Self, PackReport), Vec<DataError>> {
        let mut parsed = ParsedPack::default();
        // Within one layer every record is new, so the base's own report says nothing.
        let mut base_report = PackReport::default();
        for (kind, text) in base {
            parsed.add_text(text, kind, &mut errors, &mut base_report);
        }
        // What the clinic layers may only make stricter, as the base has it.
        let builtin = (!pack.is_empty()).then(|| safety::Builtin::of(&parsed));
        let first_pack_text = parsed.texts.len();
        let mut report = PackReport::default();
        for (kind, text) in pack {
            parsed.add_text(text, kind, &mut errors, &mut report);
        }
        errors.extend(validate::validate(&parsed));
        if let Some(builtin) = &builtin {
            errors.extend(safety::check(builtin, &parsed, first_pack_text));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((Self::from_parsed(parsed), report))
    }

    /// Builds the indexes and graph of a validated pack.
    fn from_parsed(pack: ParsedPack) -> Self {
        fn values<T>(records: Vec<Located<T>>) -> Vec<T> {
            records.into_iter().map(|r| r.value).collect()
        }
        let mut kb = KnowledgeBase {
            sources: values(pack.sources),
            roots: values(pack.roots),
            nerves: values(pack.nerves),
            muscles: values(pack.muscles),
            causes: values(pack.causes),
            red_flags: values(pack.red_flags),
            exercises: values(pack.exercises),
            areas: values(pack.areas),
            exam_tests: values(pack.exam_tests),
            notes: values(pack.notes),
            index: Index::default(),
            graph: graph::Graph::default(),
        };
        kb.graph = graph::Graph::build(&kb.roots, &kb.nerves, &kb.muscles, &kb.causes, &kb.areas, &kb.exercises)
            .with_check_sources(&kb.red_flags, &kb.exam_tests);
        kb.index = Index {
            sources: index_of(&kb.sources, |r| &r.id),
            roots: index_of(&kb.roots, |r| &r.id),
            nerves: index_of(&kb.nerves, |r| &r.id),
            muscles: index_of(&kb.muscles, |r| &r.id),
            causes: index_of(&kb.causes, |r| &r.id),
            exercises: index_of(&kb.exercises, |r| &r.id),
            areas: index_of(&kb.areas, |r| &r.id),
        };
        kb
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.index.sources.get(id).map(|&i| &self.sources[i])
    }
    pub fn root(&self, id: &str) -> Option<&Root> {
        self.index.roots.get(id).map(|&i| &self.roots[i])
    }
    pub fn nerve(&self, id: &str) -> Option<&Nerve> {
        self.index.nerves.get(id).map(|&i| &self.nerves[i])
    }
    pub fn muscle(&self, id: &str) -> Option<&Muscle> {
        self.index.muscles.get(id).map(|&i| &self.muscles[i])
    }
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.index.causes.get(id).map(|&i| &self.causes[i])
    }
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.index.exercises.get(id).map(|&i| &self.exercises[i])
    }
    pub fn area(&self, base_id: &str) -> Option<&AreaDef> {
        self.index.areas.get(base_id).map(|&i| &self.areas[i])
    }
    /// The wording and citations of a fixed note; validation makes sure every [`NoteId`] has one.
    pub fn note(&self, id: NoteId) -> Option<&NoteText> {
        self.notes.iter().find(|n| n.id == id.as_str())
    }

    /// The sciatic nerve itself: the one nerve with `sciatic = true` and no parent (validation
    /// makes sure there is exactly one). Pathway stories run from the roots through it.
    pub fn sciatic_trunk(&self) -> Option<&Nerve> {
        self.nerves.iter().find(|n| n.sciatic && n.parent.is_none())
    }

    /// Position of a nerve in `nerves` (stable for the life of the knowledge base).
    pub fn nerve_index(&self, id: &str) -> Option<usize> {
        self.index.nerves.get(id).copied()
    }

    /// Position of an area in `areas`.
    pub fn area_index(&self, base_id: &str) -> Option<usize> {
        self.index.areas.get(base_id).copied()
    }

    /// The records as a graph of integer nodes, for the look-up.
    pub fn graph(&self) -> &graph::Graph {
        &self.graph
    }

    /// The id of a graph node ("" for a node that does not exist).
    pub fn node_id(&self, node: usize) -> &str {
        self.graph.node_ids.get(node).map_or("", |id| id)
    }

    /// The display name of a graph node ("" for a node that does not exist).
    pub fn node_name(&self, node: usize) -> &str {
        self.graph.node_names.get(node).map_or("", |name| name)
    }

    /// A graph node's display name for use mid-sentence ("sciatic nerve", "L5 nerve root").
    pub fn node_name_in_sentence(&self, node: usize) -> &str {
        self.graph.node_names_in_sentence.get(node).map_or("", |name| name)
    }

    /// The display name of any linkable record, or the id itself when unknown.
    pub fn name_of(&self, kind: LinkKind, id: &str) -> String {
        let name = match kind {
            LinkKind::Root => self.root(id).map(|r| r.name.clone()),
            LinkKind::Nerve => self.nerve(id).map(|n| n.name.clone()),
            LinkKind::Muscle => self.muscle(id).map(|m| m.name.clone()),
            LinkKind::Entrapment | LinkKind::Cause => self.cause(id).map(|c| c.name.clone()),
        };
        name.unwrap_or_else(|| id.to_string())
    }

    /// A nerve's roots as "L4–S3" for a list of root ids in order, or a comma list when not
    /// contiguous.
    ///
    /// A range that ends on the grouped "S4-5" record ends at S4 ("S2–S4" for the pudendal
    /// nerve): the record groups two roots, and no nerve of the pelvis or leg takes fibres from
    /// S5 (only the coccygeal plexus does, which the app does not model).
    pub fn root_range(&self, roots: &[String]) -> String {
        match roots {
            [] => "—".to_string(),
            [one] => one.clone(),
            [first, .., last] => {
                let positions: Vec<usize> = roots.iter().filter_map(|r| self.index.roots.get(r).copied()).collect();
                let contiguous = positions.len() == roots.len() && positions.windows(2).all(|w| w[1] == w[0] + 1);
                let last = last.split_once('-').map_or(last.as_str(), |(upper, _)| upper);
                if contiguous { format!("{first}–{last}") } else { roots.join(", ") }
            }
        }
    }
}
