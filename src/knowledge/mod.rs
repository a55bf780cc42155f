//! The knowledge base: typed, validated, cited data embedded from `data/`, replaceable by a
//! directory in the same format (`--data DIR`).

pub mod graph;
pub mod load;
pub mod model;
mod validate;

use std::collections::HashMap;
use std::path::Path;

pub use load::DataError;
use load::{Located, SourceText, parse_records};
pub use model::*;

/// The data files of a pack, with the `[[record]]` key each holds.
pub const DATA_FILES: [(&str, &str); 8] = [
    ("sources.toml", "source"),
    ("roots.toml", "root"),
    ("nerves.toml", "nerve"),
    ("muscles.toml", "muscle"),
    ("causes.toml", "cause"),
    ("red_flags.toml", "red_flag"),
    ("exercises.toml", "exercise"),
    ("areas.toml", "area"),
];

/// The built-in pack, embedded so the binary runs with nothing beside it.
const BUILTIN: [(&str, &str); 8] = [
    ("sources.toml", include_str!("../../data/sources.toml")),
    ("roots.toml", include_str!("../../data/roots.toml")),
    ("nerves.toml", include_str!("../../data/nerves.toml")),
    ("muscles.toml", include_str!("../../data/muscles.toml")),
    ("causes.toml", include_str!("../../data/causes.toml")),
    ("red_flags.toml", include_str!("../../data/red_flags.toml")),
    ("exercises.toml", include_str!("../../data/exercises.toml")),
    ("areas.toml", include_str!("../../data/areas.toml")),
];

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

fn index_of<T>(records: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    records.iter().enumerate().map(|(i, r)| (id(r).to_string(), i)).collect()
}

/// The records of a pack with their spans, before validation.
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
}

impl KnowledgeBase {
    /// The embedded pack. It is validated by the test suite, so an error here is a build defect;
    /// callers still get the errors rather than a panic.
    pub fn builtin() -> Result<Self, Vec<DataError>> {
        let texts = BUILTIN
            .iter()
            .map(|(name, text)| SourceText { name: format!("data/{name}"), text: (*text).to_string() })
            .collect();
        Self::from_texts(texts)
    }

    /// Loads and validates a pack directory holding all of [`DATA_FILES`].
    pub fn from_dir(dir: &Path) -> Result<Self, Vec<DataError>> {
        if !dir.is_dir() {
            return Err(vec![DataError {
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                field: String::new(),
                message: "not a directory".to_string(),
            }]);
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

    /// Parses and validates the texts of a pack, given in [`DATA_FILES`] order; reports every
    /// error found, not just the first.
    pub fn from_texts(texts: Vec<SourceText>) -> Result<Self, Vec<DataError>> {
        let mut errors = Vec::new();
        macro_rules! parse {
            ($i:expr) => {{
                let (records, mut errs) = parse_records(&texts[$i], DATA_FILES[$i].1);
                errors.append(&mut errs);
                records
            }};
        }
        if texts.len() != DATA_FILES.len() {
            return Err(vec![DataError {
                file: String::new(),
                line: 0,
                column: 0,
                field: String::new(),
                message: format!("a pack has {} files, got {}", DATA_FILES.len(), texts.len()),
            }]);
        }
        let pack = ParsedPack {
            sources: parse!(0),
            roots: parse!(1),
            nerves: parse!(2),
            muscles: parse!(3),
            causes: parse!(4),
            red_flags: parse!(5),
            exercises: parse!(6),
            areas: parse!(7),
            texts,
        };
        errors.extend(validate::validate(&pack));
        if !errors.is_empty() {
            return Err(errors);
        }
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
            index: Index::default(),
            graph: graph::Graph::default(),
        };
        kb.graph = graph::Graph::build(&kb.roots, &kb.nerves, &kb.muscles, &kb.causes, &kb.areas, &kb.exercises);
        kb.index = Index {
            sources: index_of(&kb.sources, |r| &r.id),
            roots: index_of(&kb.roots, |r| &r.id),
            nerves: index_of(&kb.nerves, |r| &r.id),
            muscles: index_of(&kb.muscles, |r| &r.id),
            causes: index_of(&kb.causes, |r| &r.id),
            exercises: index_of(&kb.exercises, |r| &r.id),
            areas: index_of(&kb.areas, |r| &r.id),
        };
        Ok(kb)
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

    /// Roots as "L4–S3" for a list of root ids in order, or a comma list when not contiguous.
    pub fn root_range(&self, roots: &[String]) -> String {
        match roots {
            [] => "—".to_string(),
            [one] => one.clone(),
            [first, .., last] => {
                let positions: Vec<usize> =
                    roots.iter().filter_map(|r| self.index.roots.get(r).copied()).collect();
                let contiguous =
                    positions.len() == roots.len() && positions.windows(2).all(|w| w[1] == w[0] + 1);
                if contiguous { format!("{first}–{last}") } else { roots.join(", ") }
            }
        }
    }
}
