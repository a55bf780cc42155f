//! Scoring: how strongly each selected area points to each root, nerve, muscle and cause, how
//! the areas combine, and how counter-evidence weighs causes down; then the ranked candidates
//! with the evidence behind each.

use std::sync::Arc;

use super::result::{Band, Candidate, Group, Reason};
use super::selection::{Selection, intensity_factor, numbness_factor};
use crate::knowledge::graph::SourceIds;
use crate::knowledge::{AreaDef, AreaRef, Cause, Condition, KnowledgeBase, LinkKind, Region, Side};
use crate::text::extend_unique;

/// How much a parent nerve inherits from a branch's contribution, per level up the tree.
const NERVE_PROPAGATION: f32 = 0.75;
/// Candidates scoring below this are left out of results.
pub(super) const MIN_CANDIDATE_SCORE: f32 = 0.05;
/// How much of its fit a cause keeps at the lowest prior: weight = floor + (1 − floor) × prior,
/// so how common a cause is really counts, while strong specific evidence can still lift a rare one.
const PRIOR_FLOOR: f32 = 0.25;
/// A cause that usually affects both sides (stenosis), when only one side hurts.
const ONE_SIDED_BILATERAL: f32 = 0.6;
/// A central cause, when both sides hurt.
const BOTH_SIDES_BILATERAL: f32 = 1.35;
/// A one-sided cause, when both legs are affected: it explains only one of them.
const BOTH_LEGS_ONE_SIDED: f32 = 0.7;

/// Room for the longest reason or phrase a look-up writes, so its buffer is not grown as they
/// come (each growth reallocates).
pub(super) const SCRATCH: usize = 512;

/// String pieces joined into one shared string (the hot paths build many short evidence
/// strings; `format!` costs several times more), written in `scratch` first so that it takes
/// one allocation, not two.
pub(super) fn concat_arc(scratch: &mut String, parts: &[&str]) -> Arc<str> {
    scratch.clear();
    for part in parts {
        scratch.push_str(part);
    }
    Arc::from(scratch.as_str())
}

pub(super) fn noisy_or(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights.into_iter().fold(1.0, |acc, w| acc * (1.0 - w.clamp(0.0, 1.0)))
}

pub(super) fn round3(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// A selected area with its record, as the look-up uses it.
pub(super) struct Selected<'kb> {
    pub area: AreaRef,
    pub intensity: Option<u8>,
    pub numb: bool,
    pub def: &'kb AreaDef,
    /// The record's position in `kb.areas`.
    pub index: usize,
}

/// The selection with duplicates merged (keeping the stronger intensity, and numbness if either
/// says so) and unknown areas dropped.
pub(super) fn normalise<'kb>(kb: &'kb KnowledgeBase, selection: &Selection) -> Vec<Selected<'kb>> {
    let mut out: Vec<Selected<'kb>> = Vec::new();
    for selected in &selection.areas {
        let (Some(index), Some(def)) = (kb.area_index(&selected.area.base), kb.area(&selected.area.base)) else {
            continue;
        };
        let intensity = selected.intensity.map(|i| i.min(10));
        match out.iter_mut().find(|s| s.area == selected.area) {
            // Keep the stronger of the two; an unsaid intensity counts as its default, not as 0.
            Some(existing) => {
                if intensity_factor(intensity) > intensity_factor(existing.intensity) {
                    existing.intensity = intensity;
                }
                existing.numb |= selected.numb;
            }
            None => out.push(Selected { area: selected.area.clone(), intensity, numb: selected.numb, def, index }),
        }
    }
    out
}

/// Where a selected area's contribution to a node comes from.
#[derive(Clone, Copy, PartialEq)]
///
/// Indices are `u32`: the tally holds one per selected area and node, and at 12 bytes instead of
/// 24 it takes half the memory to clear at each look-up.
pub(super) enum Origin {
    None,
    /// Link `link` of the selected area.
    Link {
        link: u32,
    },
    /// The area's link `link` to the branch node `branch`, flowing up to this parent nerve.
    Branch {
        branch: u32,
        link: u32,
    },
    /// A cause acting through the root or nerve `node` (for causes only).
    Through {
        node: u32,
    },
}

/// An index as stored in an [`Origin`]; the knowledge base's nodes and links number far fewer
/// than `u32::MAX` (a larger index saturates and names no link, so its reason is left out).
fn small(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Per selected area and node: the strongest contribution and where it came from. Flat arrays
/// indexed `area * nodes + node`; sized by the selection, so a look-up allocates a few small
/// vectors and hashes nothing.
pub(super) struct Tally {
    pub nodes: usize,
    pub best: Vec<f32>,
    pub origin: Vec<Origin>,
}

impl Tally {
    pub(super) fn offer(&mut self, area: usize, node: usize, weight: f32, origin: Origin) {
        let k = area * self.nodes + node;
        if weight > self.best[k] {
            self.best[k] = weight;
            self.origin[k] = origin;
        }
    }

    pub(super) fn at(&self, area: usize, node: usize) -> f32 {
        self.best[area * self.nodes + node]
    }

    /// Combines a node's contributions side by side: a one-sided structure (a nerve, a root, a
    /// muscle, an entrapment) cannot explain pain on the other side, so left and right are scored
    /// apart and the stronger side counts; midline areas count for both. Only central causes
    /// (`across_sides`) combine the two sides.
    ///
    /// The products are taken in f64: in f32 the order of the areas changed the last bit, and
    /// that could move a rounded score, so the same areas marked in another order ranked differently.
    pub(super) fn combine(&self, node: usize, sides: &[Side], across_sides: bool) -> f32 {
        let (mut all, mut left, mut right) = (1.0f64, 1.0f64, 1.0f64);
        for (area, side) in sides.iter().enumerate() {
            let w = self.at(area, node);
            if w <= 0.0 {
                continue;
            }
            let q = 1.0 - f64::from(w.min(1.0));
            all *= q;
            match side {
                Side::Left => left *= q,
                Side::Right => right *= q,
                Side::Midline => {
                    left *= q;
                    right *= q;
                }
            }
        }
        (if across_sides { 1.0 - all } else { 1.0 - left.min(right) }) as f32
    }
}

/// What the selection as a whole shows, for counter-evidence and red flags.
pub(super) struct Picture {
    /// Sided areas on the left and on the right (midline areas count for neither).
    pub both_sides: bool,
    pub one_side_only: bool,
    /// Both legs marked from the thigh down.
    pub both_legs: bool,
}

/// Regions that make up "the leg from the thigh down" (both legs = these on the left and right).
fn is_leg(region: Region) -> bool {
    matches!(region, Region::Thigh | Region::Knee | Region::Leg | Region::Ankle | Region::Foot)
}

impl Picture {
    pub(super) fn of(selected: &[Selected<'_>]) -> Picture {
        let on = |side: Side| selected.iter().any(|s| s.area.side == side);
        let leg_on = |side: Side| selected.iter().any(|s| s.area.side == side && is_leg(s.def.region));
        let (left, right) = (on(Side::Left), on(Side::Right));
        Picture {
            both_sides: left && right,
            one_side_only: left != right,
            both_legs: leg_on(Side::Left) && leg_on(Side::Right),
        }
    }
}

/// Does `condition` match the selection?
pub(super) fn matches_condition(condition: &Condition, selected: &[Selected<'_>]) -> bool {
    selected.iter().any(|s| condition.areas.contains(&s.def.id) || condition.regions.contains(&s.def.region))
}

/// The scores of every node for one selection, with what the look-up needs to explain them.
pub(super) struct Scored<'kb> {
    /// Per selected area and node, the strongest contribution (causes already weighed).
    pub tally: Tally,
    /// Per node, the combined score.
    pub score: Vec<f32>,
    /// Per cause: the multipliers applied, with their reasons, for its "why".
    pub adjustments: Vec<Vec<(f32, &'kb str)>>,
    /// Per cause: the fit of a context-only cause (never ranked).
    pub context_fit: Vec<f32>,
}

/// Scores every root, nerve, muscle and cause for the selected areas.
pub(super) fn score<'kb>(kb: &'kb KnowledgeBase, selected: &[Selected<'kb>], picture: &Picture) -> Scored<'kb> {
    let g = kb.graph();
    let n = g.nodes.len();
    let sides: Vec<Side> = selected.iter().map(|s| s.area.side).collect();
    let mut tally = tally_links(kb, selected);

    // Scores of roots, nerves and muscles; then causes, which also act through them.
    let mut score = vec![0.0f32; n];
    for &node in g.root_nodes.iter().chain(&g.nerve_nodes).chain(&g.muscle_nodes) {
        score[node] = tally.combine(node, &sides, false);
    }
    let mut adjustments: Vec<Vec<(f32, &'kb str)>> = vec![Vec::new(); kb.causes.len()];
    let mut context_fit = vec![0.0f32; kb.causes.len()];
    for (record, &node) in g.cause_nodes.iter().enumerate() {
        let cause = &kb.causes[record];
        // Each area once: directly or through a root or nerve it acts on, whichever is stronger.
        for area in 0..selected.len() {
            for a in &g.acts_on[node] {
                tally.offer(area, node, tally.at(area, a.node) * a.weight, Origin::Through { node: small(a.node) });
            }
        }
        let fit = tally.combine(node, &sides, cause.bilateral);
        if cause.context_only {
            context_fit[record] = fit;
            continue;
        }
        let adjust = counter_evidence(cause, selected, picture);
        let mut factor = PRIOR_FLOOR + (1.0 - PRIOR_FLOOR) * cause.prior;
        for (f, _) in &adjust {
            factor *= f;
        }
        if cause.bilateral && picture.both_sides {
            factor *= BOTH_SIDES_BILATERAL;
        }
        score[node] = (fit * factor).min(1.0);
        for area in 0..selected.len() {
            let k = area * n + node;
            tally.best[k] = (tally.best[k] * factor).min(1.0);
        }
        adjustments[record] = adjust;
    }
    Scored { tally, score, adjustments, context_fit }
}

/// Each selected area's links, direct, then flowing from branches up to their parent nerves.
/// Each area counts once per node: the strongest of its ways there.
fn tally_links(kb: &KnowledgeBase, selected: &[Selected<'_>]) -> Tally {
    let g = kb.graph();
    let n = g.nodes.len();
    let mut tally =
        Tally { nodes: n, best: vec![0.0; selected.len() * n], origin: vec![Origin::None; selected.len() * n] };
    for (i, s) in selected.iter().enumerate() {
        let factor = intensity_factor(s.intensity);
        for link in &g.area_links[s.index] {
            let w = (link.weight * factor * numbness_factor(s.numb, g.nodes[link.node].kind)).min(1.0);
            tally.offer(i, link.node, w, Origin::Link { link: small(link.link) });
        }
        for link in &g.area_links[s.index] {
            let w = (link.weight * factor * numbness_factor(s.numb, g.nodes[link.node].kind)).min(1.0);
            let mut decay = NERVE_PROPAGATION;
            let mut at = g.parent[link.node];
            // Bounded by the node count: validation forbids cycles, this guards a bad pack anyway.
            for _ in 0..n {
                let Some(parent) = at else { break };
                tally.offer(i, parent, w * decay, Origin::Branch { branch: small(link.node), link: small(link.link) });
                decay *= NERVE_PROPAGATION;
                at = g.parent[parent];
            }
        }
    }
    tally
}

/// The multipliers that weigh a cause down for this selection, with their reasons (shown as
/// "against" in its "why"): its `needs` unmet, its `against` conditions met, one side hurting
/// for a cause that usually affects both, both legs for a one-sided cause.
fn counter_evidence<'kb>(cause: &'kb Cause, selected: &[Selected<'_>], picture: &Picture) -> Vec<(f32, &'kb str)> {
    let mut adjust = Vec::new();
    if let Some(needs) = &cause.needs
        && !matches_condition(needs, selected)
    {
        adjust.push((needs.factor, needs.why.as_str()));
    }
    for against in &cause.against {
        if matches_condition(against, selected) {
            adjust.push((against.factor, against.why.as_str()));
        }
    }
    if cause.bilateral && picture.one_side_only {
        adjust.push((ONE_SIDED_BILATERAL, "symptoms on one side only: this usually affects both sides"));
    }
    if !cause.bilateral && picture.both_legs {
        adjust.push((BOTH_LEGS_ONE_SIDED, "symptoms in both legs: a one-sided problem explains only one of them"));
    }
    adjust
}

/// The candidates scoring at least [`MIN_CANDIDATE_SCORE`], by group, best fit first.
pub(super) fn candidates(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    labels: &[String],
    scored: &Scored<'_>,
    picture: &Picture,
) -> Vec<Candidate> {
    let g = kb.graph();
    let n = g.nodes.len();
    let mut ranked: Vec<(f32, usize)> =
        (0..n).map(|node| (round3(scored.score[node]), node)).filter(|(s, _)| *s >= MIN_CANDIDATE_SCORE).collect();
    ranked.sort_by(|a, b| {
        Group::of(g.nodes[a.1].kind)
            .cmp(&Group::of(g.nodes[b.1].kind))
            .then(b.0.total_cmp(&a.0))
            .then(g.nodes[a.1].kind.cmp(&g.nodes[b.1].kind))
            .then_with(|| kb.node_id(a.1).cmp(kb.node_id(b.1)))
    });
    let keys: Vec<Arc<str>> = selected.iter().map(|s| Arc::from(s.area.key())).collect();
    let mut evidence = Evidence {
        kb,
        selected,
        labels,
        keys: &keys,
        scored,
        picture,
        shared: Vec::new(),
        scratch: String::with_capacity(SCRATCH),
    };
    ranked.iter().map(|&(rounded, node)| evidence.candidate(node, rounded)).collect()
}

/// A reason's text by what it says: the selected area and how it reaches the candidate.
/// Reasons that reach a candidate through a root or nerve, or via a branch, read the same for
/// every candidate reached that way, so they are written once per look-up and shared.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Through { area: usize, node: u32 },
    Branch { area: usize, branch: u32, link: u32 },
}

/// What a candidate's evidence is written from: the selection and its scores.
struct Evidence<'a> {
    kb: &'a KnowledgeBase,
    selected: &'a [Selected<'a>],
    /// Each selected area's label ("Left outer foot") and key (`left.lateral_foot`).
    labels: &'a [String],
    keys: &'a [Arc<str>],
    scored: &'a Scored<'a>,
    picture: &'a Picture,
    /// The reason texts written so far that other candidates may give too.
    shared: Vec<(Said, Arc<str>)>,
    /// Where texts are written before they are shared ([`concat_arc`]).
    scratch: String,
}

impl Evidence<'_> {
    /// The text `said` stands for: the one written before, or `parts` joined, kept for the next
    /// candidate that gives it.
    fn shared_text(&mut self, said: Said, parts: &[&str]) -> Arc<str> {
        if let Some((_, text)) = self.shared.iter().find(|(s, _)| *s == said) {
            return text.clone();
        }
        let text = concat_arc(&mut self.scratch, parts);
        self.shared.push((said, text.clone()));
        text
    }

    /// A candidate with its evidence: the selected areas behind it, strongest first, and for
    /// causes the counter-evidence that weighed it down.
    fn candidate(&mut self, node: usize, rounded: f32) -> Candidate {
        let g = self.kb.graph();
        let kind = g.nodes[node].kind;
        let is_cause = matches!(kind, LinkKind::Cause | LinkKind::Entrapment);
        let cause_sources = if is_cause { g.cause_sources.get(g.nodes[node].record).cloned() } else { None };
        let mut why = self.area_reasons(node, cause_sources.as_ref());
        if let (true, Some(cause), Some(sources)) = (is_cause, self.kb.causes.get(g.nodes[node].record), cause_sources)
        {
            if self.picture.both_sides && cause.bilateral {
                why.push(Reason {
                    area: None,
                    text: Arc::from("pain on both sides favours a central cause such as this"),
                    weight: 0.0,
                    against: false,
                    sources: sources.clone(),
                });
            }
            for (_, text) in self.scored.adjustments.get(g.nodes[node].record).into_iter().flatten() {
                why.push(Reason {
                    area: None,
                    text: Arc::from(*text),
                    weight: 0.0,
                    against: true,
                    sources: sources.clone(),
                });
            }
        }
        let mut sources: Vec<Arc<str>> = Vec::with_capacity(8);
        for reason in &why {
            extend_unique(&mut sources, reason.sources.iter().cloned());
        }
        Candidate {
            id: g.node_ids[node].clone(),
            kind,
            group: Group::of(kind),
            name: g.node_names[node].clone(),
            score: rounded,
            band: Band::of(rounded),
            why,
            sources,
        }
    }

    /// The selected areas behind a candidate, strongest first (ties in selection order), each
    /// with the link, branch or root it reaches the candidate by.
    fn area_reasons(&mut self, node: usize, cause_sources: Option<&SourceIds>) -> Vec<Reason> {
        // Copied out of `self`, which lends itself to `shared_text` below.
        let (kb, selected, labels, keys, scored) = (self.kb, self.selected, self.labels, self.keys, self.scored);
        let tally = &scored.tally;
        let g = kb.graph();
        // Room for the reasons `candidate` adds after these (both sides, counter-evidence), so
        // the collected list takes them without growing.
        let extra = 1 + scored.adjustments.iter().map(Vec::len).max().unwrap_or(0);
        let mut area_reasons: Vec<(f32, usize, Reason)> = Vec::with_capacity(selected.len() + extra);
        for (i, s) in selected.iter().enumerate() {
            let k = i * tally.nodes + node;
            let weight = tally.best[k];
            if weight <= 0.0 {
                continue;
            }
            let link_sources = |link: usize| {
                g.area_links[s.index].iter().find(|l| l.link == link).map(|l| l.sources.clone()).unwrap_or_default()
            };
            let label = labels[i].as_str();
            let why_of = |link: u32| s.def.links.get(link as usize).map(|l| l.why.as_str());
            let (text, sources) = match tally.origin[k] {
                Origin::Link { link } => {
                    let Some(why) = why_of(link) else { continue };
                    (concat_arc(&mut self.scratch, &[label, ": ", why]), link_sources(link as usize))
                }
                Origin::Branch { branch, link } => {
                    let Some(why) = why_of(link) else { continue };
                    let via = kb.node_name_in_sentence(branch as usize);
                    let said = Said::Branch { area: i, branch, link };
                    let text = self.shared_text(said, &[label, ": via the ", via, " (", why, ")"]);
                    (text, link_sources(link as usize))
                }
                Origin::Through { node: through } => {
                    let said = Said::Through { area: i, node: through };
                    let through = through as usize;
                    let band = Band::of(scored.score[through]).label();
                    let name = kb.node_name_in_sentence(through);
                    let text = self.shared_text(said, &[label, ": through the ", name, " (", band, ")"]);
                    (text, cause_sources.cloned().unwrap_or_default())
                }
                Origin::None => continue,
            };
            let reason = Reason { area: Some(keys[i].clone()), text, weight: round3(weight), against: false, sources };
            area_reasons.push((weight, i, reason));
        }
        area_reasons.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Collected in place: the reasons reuse the allocation of `area_reasons`.
        area_reasons.into_iter().map(|(_, _, r)| r).collect()
    }
}
