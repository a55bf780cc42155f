//! The knowledge base as a graph of integer nodes, resolved once at load so the look-up scores in
//! flat arrays instead of hashing ids on every call.

use std::collections::HashMap;
use std::sync::Arc;

use super::model::{AreaDef, Cause, CauseKind, Citation, ExamTest, Exercise, LinkKind, Muscle, Nerve, RedFlag, Root};

/// The source ids of a citation list, each once, in order; shared by every result that cites it.
pub type SourceIds = Arc<[Arc<str>]>;

fn source_ids(cites: &[Citation]) -> SourceIds {
    crate::text::cite_ids(cites).into()
}

/// A candidate node: one root, nerve, muscle or cause.
#[derive(Clone, Debug)]
pub struct Node {
    /// Root, nerve, muscle, entrapment (a cause of kind entrapment) or cause.
    pub kind: LinkKind,
    /// Index into the knowledge base's list of that kind (`causes` for entrapments too).
    pub record: usize,
}

/// An area's link, resolved.
#[derive(Clone, Debug)]
pub struct ResolvedLink {
    pub node: usize,
    pub weight: f32,
    /// Index of the link within its area's `links`.
    pub link: usize,
    /// The link's source ids.
    pub sources: SourceIds,
}

/// What a cause acts on, resolved.
#[derive(Clone, Copy, Debug)]
pub struct ResolvedAction {
    pub node: usize,
    pub weight: f32,
}

/// An exercise target, resolved to a node, with the kind it was listed as.
#[derive(Clone, Copy, Debug)]
pub struct ResolvedTarget {
    pub node: usize,
    pub listed_as: LinkKind,
}

/// Nodes and resolved references.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// Node of each root, nerve, muscle and cause record.
    pub root_nodes: Vec<usize>,
    pub nerve_nodes: Vec<usize>,
    pub muscle_nodes: Vec<usize>,
    pub cause_nodes: Vec<usize>,
    /// Per node: its parent nerve's node (nerves only).
    pub parent: Vec<Option<usize>>,
    /// Per area record: its links.
    pub area_links: Vec<Vec<ResolvedLink>>,
    /// Per node: what the cause acts on (causes only).
    pub acts_on: Vec<Vec<ResolvedAction>>,
    /// Per exercise record: its targets and the area records it names.
    pub exercise_targets: Vec<Vec<ResolvedTarget>>,
    pub exercise_areas: Vec<Vec<usize>>,
    /// Source ids of each cause record and each exercise record.
    pub cause_sources: Vec<SourceIds>,
    /// Id and display name of each node, shared by every result that names it.
    pub node_ids: Vec<Arc<str>>,
    pub node_names: Vec<Arc<str>>,
    /// Each node's name for use mid-sentence ("the sciatic nerve"), lowered once at load
    /// rather than on every look-up.
    pub node_names_in_sentence: Vec<Arc<str>>,
    pub exercise_sources: Vec<SourceIds>,
    /// Source ids of each red flag and each exam check: every result's checklist cites every
    /// red flag, so they are resolved once here.
    pub red_flag_sources: Vec<SourceIds>,
    pub exam_test_sources: Vec<SourceIds>,
}

impl Graph {
    /// Builds the graph of validated records; references that do not resolve are skipped (the
    /// validator has already reported them).
    pub fn build(
        roots: &[Root],
        nerves: &[Nerve],
        muscles: &[Muscle],
        causes: &[Cause],
        areas: &[AreaDef],
        exercises: &[Exercise],
    ) -> Graph {
        let mut g = Graph::default();
        let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
        let add = |g: &mut Graph, kind: LinkKind, record: usize| {
            g.nodes.push(Node { kind, record });
            g.nodes.len() - 1
        };
        for (i, r) in roots.iter().enumerate() {
            let n = add(&mut g, LinkKind::Root, i);
            g.root_nodes.push(n);
            by_id.insert(("root", &r.id), n);
        }
        for (i, r) in nerves.iter().enumerate() {
            let n = add(&mut g, LinkKind::Nerve, i);
            g.nerve_nodes.push(n);
            by_id.insert(("nerve", &r.id), n);
        }
        for (i, r) in muscles.iter().enumerate() {
            let n = add(&mut g, LinkKind::Muscle, i);
            g.muscle_nodes.push(n);
            by_id.insert(("muscle", &r.id), n);
        }
        for (i, r) in causes.iter().enumerate() {
            let kind = if r.kind == CauseKind::Entrapment { LinkKind::Entrapment } else { LinkKind::Cause };
            let n = add(&mut g, kind, i);
            g.cause_nodes.push(n);
            by_id.insert(("cause", &r.id), n);
        }
        for node in &g.nodes {
            let (id, name): (&str, &str) = match node.kind {
                LinkKind::Root => (&roots[node.record].id, &roots[node.record].name),
                LinkKind::Nerve => (&nerves[node.record].id, &nerves[node.record].name),
                LinkKind::Muscle => (&muscles[node.record].id, &muscles[node.record].name),
                LinkKind::Entrapment | LinkKind::Cause => (&causes[node.record].id, &causes[node.record].name),
            };
            g.node_ids.push(id.into());
            g.node_names.push(name.into());
            g.node_names_in_sentence.push(crate::text::lower_first(name).into());
        }
        let find = |kind: &str, id: &str| by_id.get(&(kind, id)).copied();
        let root_or_nerve = |id: &str| find("root", id).or_else(|| find("nerve", id));
        g.parent = vec![None; g.nodes.len()];
        for (i, nerve) in nerves.iter().enumerate() {
            g.parent[g.nerve_nodes[i]] = nerve.parent.as_deref().and_then(|p| find("nerve", p));
        }
        g.acts_on = vec![Vec::new(); g.nodes.len()];
        for (i, cause) in causes.iter().enumerate() {
            g.acts_on[g.cause_nodes[i]] = cause
                .acts_on
                .iter()
                .filter_map(|l| root_or_nerve(&l.target).map(|node| ResolvedAction { node, weight: l.weight }))
                .collect();
        }
        let kind_key = |kind: LinkKind| match kind {
            LinkKind::Root => "root",
            LinkKind::Nerve => "nerve",
            LinkKind::Muscle => "muscle",
            LinkKind::Entrapment | LinkKind::Cause => "cause",
        };
        g.area_links = areas
            .iter()
            .map(|area| {
                area.links
                    .iter()
                    .enumerate()
                    .filter_map(|(link, l)| {
                        find(kind_key(l.kind), &l.target).map(|node| ResolvedLink {
                            node,
                            weight: l.weight,
                            link,
                            sources: source_ids(&l.cites),
                        })
                    })
                    .collect()
            })
            .collect();
        g.cause_sources = causes.iter().map(|c| source_ids(&c.cites)).collect();
        g.exercise_sources = exercises.iter().map(|e| source_ids(&e.cites)).collect();
        let area_index: HashMap<&str, usize> = areas.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        for exercise in exercises {
            let t = &exercise.targets;
            let mut targets = Vec::new();
            for (kind, key, ids) in [
                (LinkKind::Muscle, "muscle", &t.muscles),
                (LinkKind::Nerve, "nerve", &t.nerves),
                (LinkKind::Root, "root", &t.roots),
                (LinkKind::Cause, "cause", &t.causes),
            ] {
                targets.extend(
                    ids.iter().filter_map(|id| find(key, id)).map(|node| ResolvedTarget { node, listed_as: kind }),
                );
            }
            g.exercise_targets.push(targets);
            g.exercise_areas.push(t.areas.iter().filter_map(|a| area_index.get(a.as_str()).copied()).collect());
        }
        g
    }

    /// Adds the source ids of the red flags and exam checks (records outside the graph's nodes,
    /// whose citations every look-up result repeats).
    pub fn with_check_sources(mut self, red_flags: &[RedFlag], exam_tests: &[ExamTest]) -> Graph {
        self.red_flag_sources = red_flags.iter().map(|f| source_ids(&f.cites)).collect();
        self.exam_test_sources = exam_tests.iter().map(|t| source_ids(&t.cites)).collect();
        self
    }
}
