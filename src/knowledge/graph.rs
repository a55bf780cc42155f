//! The knowledge base as a graph of integer nodes, resolved once at load so the look-up scores in
//! flat arrays instead of hashing ids on every call.

use std::collections::HashMap;

use super::model::{AreaDef, Cause, CauseKind, Exercise, LinkKind, Muscle, Nerve, Root};

/// A candidate node: one root, nerve, muscle or cause.
#[derive(Clone, Debug)]
pub struct Node {
    /// Root, nerve, muscle, entrapment (a cause of kind entrapment) or cause.
    pub kind: LinkKind,
    /// Index into the knowledge base's list of that kind (`causes` for entrapments too).
    pub record: usize,
}

/// An area's link, resolved.
#[derive(Clone, Copy, Debug)]
pub struct ResolvedLink {
    pub node: usize,
    pub weight: f32,
    /// Index of the link within its area's `links`.
    pub link: usize,
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
                    .filter_map(|(link, l)| find(kind_key(l.kind), &l.target).map(|node| ResolvedLink { node, weight: l.weight, link }))
                    .collect()
            })
            .collect();
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
                targets.extend(ids.iter().filter_map(|id| find(key, id)).map(|node| ResolvedTarget { node, listed_as: kind }));
            }
            g.exercise_targets.push(targets);
            g.exercise_areas.push(t.areas.iter().filter_map(|a| area_index.get(a.as_str()).copied()).collect());
        }
        g
    }
}
