//! The look-up: from a selection of pain areas to red flags, ranked candidate sources, notes and
//! matching exercises. Pure and deterministic; the window, the CLI, the handout and the tests all
//! call [`lookup`], so there is exactly one copy of every rule.
//!
//! Scoring, in short:
//! - each selected area contributes `link weight × intensity factor` to every target it links to;
//! - a nerve's contribution also flows to its parent nerves, decaying per level, so that pain in
//!   several branch territories points up the tree to the sciatic nerve;
//! - per candidate, the strongest contribution of each area is combined across areas with a
//!   noisy-OR (`1 − Π(1 − c)`), so areas that one source explains reinforce it;
//! - causes also score through the roots and nerves they act on, scaled by how common they are.
//!
//! It is education, never a diagnosis: every result carries a note that says so.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::knowledge::graph::SourceIds;
use crate::knowledge::{
    AreaDef, Citation, Exercise, ExerciseKind, KnowledgeBase, Laterality, LinkKind, Position, Region, Side, Trigger,
    Urgency,
};

/// How much a parent nerve inherits from a branch's contribution, per level up the tree.
const NERVE_PROPAGATION: f32 = 0.75;
/// Candidates scoring below this are left out of results.
const MIN_CANDIDATE_SCORE: f32 = 0.05;
/// Exercises scoring below this are left out of results.
const MIN_EXERCISE_SCORE: f32 = 0.15;
/// Both scores must reach this for the L5/S1 overlap caveat.
const OVERLAP_CAVEAT_SCORE: f32 = 0.3;
/// Disagreeing root accounts are noted for nerves among this many top candidates.
const ROOT_ACCOUNTS_TOP: usize = 8;

/// A selectable pain area: a base id from `areas.toml` and a side.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct AreaRef {
    pub base: String,
    pub side: Side,
}

impl AreaRef {
    /// A sided area (`Side::Left`/`Side::Right`) or a midline one (`Side::Midline`).
    pub fn new(base: impl Into<String>, side: Side) -> Self {
        AreaRef { base: base.into(), side }
    }

    /// The selection id: `left.lateral_foot`, or the bare base id for the midline.
    pub fn key(&self) -> String {
        match self.side {
            Side::Midline => self.base.clone(),
            side => format!("{}.{}", side.as_str(), self.base),
        }
    }

    /// Parses a selection id against the knowledge base, suggesting the closest ids on failure.
    pub fn parse(kb: &KnowledgeBase, text: &str) -> Result<AreaRef, AreaError> {
        let text = text.trim();
        let (side, base) = match text.split_once('.') {
            Some(("left", base)) => (Side::Left, base),
            Some(("right", base)) => (Side::Right, base),
            Some(_) => return Err(AreaError::unknown(kb, text)),
            None => (Side::Midline, text),
        };
        let Some(def) = kb.area(base) else {
            return Err(AreaError::unknown(kb, text));
        };
        match (def.laterality, side) {
            (Laterality::Midline, Side::Midline) | (Laterality::Sided, Side::Left | Side::Right) => {
                Ok(AreaRef::new(base, side))
            }
            (Laterality::Midline, _) => Err(AreaError {
                input: text.to_string(),
                message: format!("`{base}` is a midline area: write it without a side"),
                suggestions: vec![base.to_string()],
            }),
            (Laterality::Sided, _) => Err(AreaError {
                input: text.to_string(),
                message: format!("`{base}` has a side: write `left.{base}` or `right.{base}`"),
                suggestions: vec![format!("left.{base}"), format!("right.{base}")],
            }),
        }
    }

    /// "Left outer foot", "Saddle area".
    pub fn label(&self, kb: &KnowledgeBase) -> String {
        let base = kb.area(&self.base).map_or(self.base.as_str(), |a| a.label.as_str());
        match self.side {
            Side::Midline => capitalize(base),
            Side::Left => format!("Left {base}"),
            Side::Right => format!("Right {base}"),
        }
    }
}

impl fmt::Display for AreaRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// An area id that does not name a pain area, with the closest valid ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaError {
    pub input: String,
    pub message: String,
    pub suggestions: Vec<String>,
}

impl AreaError {
    fn unknown(kb: &KnowledgeBase, input: &str) -> Self {
        AreaError {
            input: input.to_string(),
            message: format!("unknown pain area `{input}`"),
            suggestions: closest(input, all_area_refs(kb).iter().map(AreaRef::key), 3),
        }
    }
}

impl fmt::Display for AreaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if !self.suggestions.is_empty() {
            write!(f, "; did you mean {}?", self.suggestions.join(", "))?;
        }
        Ok(())
    }
}

/// The `n` candidates closest to `input` by edit similarity, best first.
pub fn closest(input: &str, candidates: impl Iterator<Item = String>, n: usize) -> Vec<String> {
    let input = input.to_lowercase();
    let mut scored: Vec<(f64, String)> =
        candidates.map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Every selectable area: midline areas once, sided areas left then right, in data order.
pub fn all_area_refs(kb: &KnowledgeBase) -> Vec<AreaRef> {
    let mut refs = Vec::new();
    for area in &kb.areas {
        match area.laterality {
            Laterality::Midline => refs.push(AreaRef::new(&area.id, Side::Midline)),
            Laterality::Sided => {
                refs.push(AreaRef::new(&area.id, Side::Left));
                refs.push(AreaRef::new(&area.id, Side::Right));
            }
        }
    }
    refs
}

/// One selected area and how much it hurts (0–10), if said.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct SelectedArea {
    pub area: AreaRef,
    #[serde(default)]
    pub intensity: Option<u8>,
}

/// What the user marked on the body map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Selection {
    pub areas: Vec<SelectedArea>,
}

impl Selection {
    /// Parses `AREA[@INTENSITY]` arguments such as `left.buttock@7`.
    pub fn parse_args<S: AsRef<str>>(kb: &KnowledgeBase, args: &[S]) -> Result<Selection, AreaError> {
        let mut areas = Vec::new();
        for arg in args {
            let arg = arg.as_ref();
            let (id, intensity) = match arg.split_once('@') {
                Some((id, level)) => {
                    let level: u8 = level.trim().parse().ok().filter(|l| *l <= 10).ok_or_else(|| AreaError {
                        input: arg.to_string(),
                        message: format!("intensity `{level}` in `{arg}` must be a whole number from 0 to 10"),
                        suggestions: vec![],
                    })?;
                    (id, Some(level))
                }
                None => (arg, None),
            };
            areas.push(SelectedArea { area: AreaRef::parse(kb, id)?, intensity });
        }
        Ok(Selection { areas })
    }

    /// True when an area of this selection is `area`.
    pub fn contains(&self, area: &AreaRef) -> bool {
        self.areas.iter().any(|a| &a.area == area)
    }
}

/// How a selected area's intensity scales its links: 0 → 0.6, 10 → 1.0, unsaid → as 5.
pub fn intensity_factor(intensity: Option<u8>) -> f32 {
    0.6 + 0.04 * f32::from(intensity.unwrap_or(5).min(10))
}

/// A selected area as reported in results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaSummary {
    pub id: String,
    pub label: String,
    pub side: Side,
    pub intensity: Option<u8>,
}

/// A red flag raised by the selection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlagHit {
    pub id: String,
    pub urgency: Urgency,
    pub text: String,
    pub advice: String,
    /// What in the selection raised it.
    pub because: String,
    pub sources: Vec<Arc<str>>,
}

/// One piece of evidence for a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The selected area it comes from (`left.buttock`), if it comes from one.
    pub area: Option<Arc<str>>,
    pub text: String,
    /// Its contribution before combining, in 0..1.
    pub weight: f32,
    pub sources: SourceIds,
}

/// A ranked plausible source of the pain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub id: Arc<str>,
    pub kind: LinkKind,
    pub name: Arc<str>,
    /// In 0..1, rounded to three decimals.
    pub score: f32,
    pub why: Vec<Reason>,
    /// Every source behind the reasons, in order of first mention.
    pub sources: Vec<Arc<str>>,
}

/// An explanatory note (non-sciatic territory, the L5/S1 caveat, disagreeing sources …).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Note {
    pub id: String,
    pub text: String,
    pub sources: Vec<Arc<str>>,
}

/// An exercise that fits the ranked candidates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExerciseHit {
    pub id: String,
    pub name: String,
    pub kind: ExerciseKind,
    pub score: f32,
    /// What it targets among the candidates and areas, strongest first.
    pub why: Vec<String>,
    pub cautions: Arc<[String]>,
    pub sources: SourceIds,
}

/// The whole answer for one selection. Its JSON form is the CLI's stable contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LookupResult {
    pub areas: Vec<AreaSummary>,
    pub red_flags: Vec<FlagHit>,
    pub candidates: Vec<Candidate>,
    pub notes: Vec<Note>,
    pub exercises: Vec<ExerciseHit>,
}

impl LookupResult {
    /// The highest-urgency flag raised, if any.
    pub fn most_urgent(&self) -> Option<Urgency> {
        self.red_flags.iter().map(|f| f.urgency).min()
    }

    /// A candidate's score, or 0 when it is not ranked.
    pub fn score_of(&self, id: &str) -> f32 {
        self.candidates.iter().find(|c| &*c.id == id).map_or(0.0, |c| c.score)
    }
}

/// Joins string pieces into one allocation of the exact size (the hot paths build many short
/// evidence strings; `format!` costs several times more).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A score in 0..=1 as "0.82" (float formatting is slow on this hot path).
fn two_decimals(x: f32) -> String {
    let hundredths = (x.clamp(0.0, 1.0) * 100.0).round() as u32;
    let digits = [b'0' + (hundredths / 100) as u8, b'.', b'0' + (hundredths / 10 % 10) as u8, b'0' + (hundredths % 10) as u8];
    String::from_utf8_lossy(&digits).into_owned()
}

/// `lower_first` without allocating when nothing changes case.
fn lowered(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => std::borrow::Cow::Owned(lower_first(text)),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

fn noisy_or(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights.into_iter().fold(1.0, |acc, w| acc * (1.0 - w.clamp(0.0, 1.0)))
}

fn round3(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_unique(list: &mut Vec<Arc<str>>, cites: &[Citation]) {
    for cite in cites {
        if !list.contains(&cite.id) {
            list.push(cite.id.clone());
        }
    }
}

/// The ids of a citation list, each once, in order.
pub(crate) fn cite_ids(cites: &[Citation]) -> Vec<Arc<str>> {
    let mut ids = Vec::with_capacity(cites.len());
    push_unique(&mut ids, cites);
    ids
}

/// A selected area, its intensity, its record and the record's position.
type Selected<'kb> = (AreaRef, Option<u8>, &'kb AreaDef, usize);

/// The selection with duplicates merged (keeping the stronger intensity) and unknown areas dropped.
fn normalise<'kb>(kb: &'kb KnowledgeBase, selection: &Selection) -> Vec<Selected<'kb>> {
    let mut out: Vec<Selected<'kb>> = Vec::new();
    for selected in &selection.areas {
        let (Some(index), Some(def)) = (kb.area_index(&selected.area.base), kb.area(&selected.area.base)) else { continue };
        let intensity = selected.intensity.map(|i| i.min(10));
        match out.iter_mut().find(|(area, ..)| *area == selected.area) {
            // Keep the stronger of the two; an unsaid intensity counts as its default, not as 0.
            Some(existing) => {
                if intensity_factor(intensity) > intensity_factor(existing.1) {
                    existing.1 = intensity;
                }
            }
            None => out.push((selected.area.clone(), intensity, def, index)),
        }
    }
    out
}

/// Where a selected area's contribution to a node comes from.
#[derive(Clone, Copy, PartialEq)]
enum Origin {
    None,
    /// Link `link` of the selected area.
    Link { link: usize },
    /// The area's link `link` to the branch node `branch`, flowing up to this parent nerve.
    Branch { branch: usize, link: usize },
}

/// Per selected area and node: the strongest contribution and where it came from. Flat arrays
/// indexed `area * nodes + node`; sized by the selection, so a look-up allocates a few small
/// vectors and hashes nothing.
struct Tally {
    nodes: usize,
    best: Vec<f32>,
    origin: Vec<Origin>,
}

impl Tally {
    fn offer(&mut self, area: usize, node: usize, weight: f32, origin: Origin) {
        let k = area * self.nodes + node;
        if weight > self.best[k] {
            self.best[k] = weight;
            self.origin[k] = origin;
        }
    }

    fn at(&self, area: usize, node: usize) -> f32 {
        self.best[area * self.nodes + node]
    }

    /// Combines a node's contributions side by side: a one-sided structure (a nerve, a root, a
    /// muscle, an entrapment) cannot explain pain on the other side, so left and right are scored
    /// apart and the stronger side counts; midline areas count for both. Only central causes
    /// (`across_sides`) combine the two sides.
    fn combine(&self, node: usize, sides: &[Side], across_sides: bool) -> f32 {
        let (mut all, mut left, mut right) = (1.0f32, 1.0f32, 1.0f32);
        for (area, side) in sides.iter().enumerate() {
            let w = self.at(area, node);
            if w <= 0.0 {
                continue;
            }
            let q = 1.0 - w.min(1.0);
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
        if across_sides { 1.0 - all } else { 1.0 - left.min(right) }
    }
}

/// Ranks the plausible sources of pain in the selected areas and the exercises that fit them.
pub fn lookup(kb: &KnowledgeBase, selection: &Selection) -> LookupResult {
    let g = kb.graph();
    let selected = normalise(kb, selection);
    let n = g.nodes.len();
    let sides: Vec<Side> = selected.iter().map(|(area, ..)| area.side).collect();
    let both_sides = sides.contains(&Side::Left) && sides.contains(&Side::Right);

    // Direct contributions, then branches flowing up to their parent nerves.
    let mut tally = Tally { nodes: n, best: vec![0.0; selected.len() * n], origin: vec![Origin::None; selected.len() * n] };
    for (i, (_, intensity, _, area)) in selected.iter().enumerate() {
        let factor = intensity_factor(*intensity);
        for link in &g.area_links[*area] {
            tally.offer(i, link.node, link.weight * factor, Origin::Link { link: link.link });
        }
        for link in &g.area_links[*area] {
            let mut decay = NERVE_PROPAGATION;
            let mut at = g.parent[link.node];
            // Bounded by the node count: validation forbids cycles, this guards a bad pack anyway.
            for _ in 0..n {
                let Some(parent) = at else { break };
                tally.offer(i, parent, link.weight * factor * decay, Origin::Branch { branch: link.node, link: link.link });
                decay *= NERVE_PROPAGATION;
                at = g.parent[parent];
            }
        }
    }

    // Scores of roots, nerves and muscles; then causes, which also act through them.
    let mut score = vec![0.0f32; n];
    for &node in g.root_nodes.iter().chain(&g.nerve_nodes).chain(&g.muscle_nodes) {
        score[node] = tally.combine(node, &sides, false);
    }
    // How well each node explains each selected area: exercises are ranked by it.
    let mut cover = tally.best.clone();
    for (record, &node) in g.cause_nodes.iter().enumerate() {
        let cause = &kb.causes[record];
        let direct = tally.combine(node, &sides, cause.bilateral);
        let acting = g.acts_on[node].iter().map(|a| score[a.node] * a.weight);
        let prior_factor = 0.5 + 0.5 * cause.prior;
        let mut s = noisy_or(std::iter::once(direct).chain(acting)) * prior_factor;
        if both_sides && cause.bilateral {
            s = (s * 1.35).min(1.0);
        }
        score[node] = s;
        for area in 0..selected.len() {
            let mut c = tally.at(area, node);
            for a in &g.acts_on[node] {
                c = c.max(tally.at(area, a.node) * a.weight);
            }
            cover[area * n + node] = c * prior_factor;
        }
    }

    let mut ranked: Vec<(f32, usize)> =
        (0..n).map(|node| (round3(score[node]), node)).filter(|(s, _)| *s >= MIN_CANDIDATE_SCORE).collect();
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(g.nodes[a.1].kind.cmp(&g.nodes[b.1].kind))
            .then_with(|| kb.node_id(a.1).cmp(kb.node_id(b.1)))
    });
    let labels: Vec<String> = selected.iter().map(|(area, ..)| area.label(kb)).collect();
    let keys: Vec<Arc<str>> = selected.iter().map(|(area, ..)| Arc::from(area.key())).collect();
    let candidates: Vec<Candidate> = ranked
        .iter()
        .map(|&(s, node)| build_candidate(kb, &selected, &labels, &keys, &tally, &score, both_sides, node, s))
        .collect();

    let red_flags = red_flags(kb, &selected, both_sides);
    let notes = notes(kb, &selected, &candidates, &red_flags);
    let exercises = rank_exercises(kb, &selected, &labels, &score, &cover);

    LookupResult {
        areas: selected
            .iter()
            .zip(&labels)
            .map(|((area, intensity, ..), label)| AreaSummary {
                id: area.key(),
                label: label.clone(),
                side: area.side,
                intensity: *intensity,
            })
            .collect(),
        red_flags,
        candidates,
        notes,
        exercises,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        // Keep "L5 nerve root" and other names that start with an abbreviation as they are.
        (Some(first), Some(second)) if first.is_ascii_uppercase() && second.is_lowercase() => {
            let mut out = String::with_capacity(text.len());
            out.push(first.to_ascii_lowercase());
            out.push_str(&text[1..]);
            out
        }
        (Some(first), Some(second)) if !first.is_ascii() && second.is_lowercase() => {
            first.to_lowercase().chain(text[first.len_utf8()..].chars()).collect()
        }
        _ => text.to_string(),
    }
}

/// A candidate with its evidence: the selected areas behind it, strongest first, and for causes
/// the roots and nerves they act through.
#[allow(clippy::too_many_arguments)]
fn build_candidate(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    labels: &[String],
    keys: &[Arc<str>],
    tally: &Tally,
    score: &[f32],
    both_sides: bool,
    node: usize,
    rounded: f32,
) -> Candidate {
    let g = kb.graph();
    let kind = g.nodes[node].kind;
    let mut area_reasons: Vec<(f32, usize, Reason)> = Vec::new();
    for (i, (_, _, def, _)) in selected.iter().enumerate() {
        let k = i * tally.nodes + node;
        let weight = tally.best[k];
        if weight <= 0.0 {
            continue;
        }
        let (text, link) = match tally.origin[k] {
            Origin::Link { link } => (concat(&[&labels[i], ": ", &def.links[link].why]), link),
            Origin::Branch { branch, link } => {
                (concat(&[&labels[i], ": via the ", &lowered(kb.node_name(branch)), " (", &def.links[link].why, ")"]), link)
            }
            Origin::None => continue,
        };
        let sources = g.area_links[selected[i].3].iter().find(|l| l.link == link).map(|l| l.sources.clone()).unwrap_or_default();
        area_reasons.push((weight, i, Reason { area: Some(keys[i].clone()), text, weight: round3(weight), sources }));
    }
    area_reasons.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut why: Vec<Reason> = area_reasons.into_iter().map(|(_, _, r)| r).collect();
    if let (LinkKind::Cause | LinkKind::Entrapment, Some(cause)) = (kind, kb.causes.get(g.nodes[node].record)) {
        let cause_sources = g.cause_sources[g.nodes[node].record].clone();
        let mut acting: Vec<(f32, Reason)> = g.acts_on[node]
            .iter()
            .filter(|a| score[a.node] * a.weight > 0.0)
            .map(|a| {
                let weight = score[a.node] * a.weight;
                let text = concat(&["acts through the ", &lowered(kb.node_name(a.node)), " (ranked ", &two_decimals(score[a.node]), ")"]);
                (weight, Reason { area: None, text, weight: round3(weight), sources: cause_sources.clone() })
            })
            .collect();
        acting.sort_by(|a, b| b.0.total_cmp(&a.0));
        why.extend(acting.into_iter().map(|(_, r)| r));
        if both_sides && cause.bilateral {
            why.push(Reason {
                area: None,
                text: "pain on both sides favours a central cause such as this".to_string(),
                weight: 0.0,
                sources: cause_sources,
            });
        }
    }
    let mut sources: Vec<Arc<str>> = Vec::new();
    for reason in &why {
        for s in reason.sources.iter() {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }
    Candidate { id: g.node_ids[node].clone(), kind, name: g.node_names[node].clone(), score: rounded, why, sources }
}

fn red_flags(kb: &KnowledgeBase, selected: &[Selected<'_>], both_sides: bool) -> Vec<FlagHit> {
    let mut hits: Vec<(usize, FlagHit)> = Vec::new();
    for (order, flag) in kb.red_flags.iter().enumerate() {
        let because = match &flag.trigger {
            Trigger::Areas { areas } => selected
                .iter()
                .find(|(area, ..)| areas.contains(&area.base))
                .map(|(area, ..)| format!("{} selected", area.label(kb))),
            Trigger::BothSides => both_sides.then(|| "areas selected on both sides".to_string()),
            Trigger::RadiatesToFoot => radiates_to_foot(kb, selected),
            Trigger::Checklist => None,
        };
        if let Some(because) = because {
            hits.push((
                order,
                FlagHit {
                    id: flag.id.clone(),
                    urgency: flag.urgency,
                    text: flag.text.clone(),
                    advice: flag.advice.clone(),
                    because,
                    sources: cite_ids(&flag.cites),
                },
            ));
        }
    }
    hits.sort_by(|a, b| a.1.urgency.cmp(&b.1.urgency).then(a.0.cmp(&b.0)));
    hits.into_iter().map(|(_, hit)| hit).collect()
}

/// "Pain from the back, buttock or thigh down to the foot" on one side.
fn radiates_to_foot(kb: &KnowledgeBase, selected: &[Selected<'_>]) -> Option<String> {
    let proximal = |r: Region| matches!(r, Region::Back | Region::Pelvis | Region::Hip | Region::Thigh);
    for (foot, ..) in selected.iter().filter(|(_, _, d, _)| d.region == Region::Foot) {
        let upper = selected.iter().find(|(area, _, def, _)| {
            proximal(def.region) && (area.side == foot.side || area.side == Side::Midline)
        });
        if let Some((upper, ..)) = upper {
            return Some(format!("pain from the {} down to the {}", lower_first(&upper.label(kb)), lower_first(&foot.label(kb))));
        }
    }
    None
}

fn notes(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    candidates: &[Candidate],
    flags: &[FlagHit],
) -> Vec<Note> {
    let mut notes = vec![Note {
        id: "education".to_string(),
        text: "This is education, not a diagnosis. Where it hurts suggests possible sources but cannot \
               tell them apart on its own; a clinician's examination can."
            .to_string(),
        sources: vec!["albert_2019".into()],
    }];
    if flags.iter().any(|f| f.urgency == Urgency::Emergency) {
        notes.push(Note {
            id: "seek_care_first".to_string(),
            text: "A red flag applies: get medical care first; start exercises only once a clinician has \
                   seen you."
                .to_string(),
            sources: flags.iter().filter(|f| f.urgency == Urgency::Emergency).flat_map(|f| f.sources.clone()).fold(
                Vec::new(),
                |mut acc, s| {
                    if !acc.contains(&s) {
                        acc.push(s);
                    }
                    acc
                },
            ),
        });
    }

    // Areas better explained by a nerve outside the sciatic system.
    let mut seen_bases: Vec<&str> = Vec::new();
    for (_, _, def, _) in selected {
        if seen_bases.contains(&def.id.as_str()) {
            continue;
        }
        seen_bases.push(&def.id);
        let nerve_links = def.links.iter().filter(|l| l.kind == LinkKind::Nerve);
        let mut best_sciatic = 0.0f32;
        let mut best_other: Option<&crate::knowledge::AreaLink> = None;
        for link in nerve_links {
            let Some(nerve) = kb.nerve(&link.target) else { continue };
            if nerve.sciatic || nerve.accompanies_sciatic {
                best_sciatic = best_sciatic.max(link.weight);
            } else if best_other.is_none_or(|b| link.weight > b.weight) {
                best_other = Some(link);
            }
        }
        if let Some(link) = best_other.filter(|l| l.weight > best_sciatic)
            && let Some(nerve) = kb.nerve(&link.target)
        {
            let nearby = if best_sciatic > 0.0 { " A sciatic branch passes nearby, so it is not ruled out." } else { "" };
            notes.push(Note {
                id: format!("outside_sciatic.{}", def.id),
                text: format!(
                    "{} is mainly {} territory ({}), outside the sciatic nerve's; pain here alone is less \
                     likely to be sciatica.{nearby}",
                    capitalize(&def.label),
                    nerve.name,
                    kb.root_range(&nerve.roots),
                ),
                sources: cite_ids(&link.cites),
            });
        }
    }

    // The L5/S1 caveat when both rank high.
    let top: Vec<&Candidate> = candidates.iter().take(6).collect();
    let ranks_high = |id: &str| top.iter().any(|c| &*c.id == id && c.score >= OVERLAP_CAVEAT_SCORE);
    if ranks_high("L5") && ranks_high("S1") {
        notes.push(Note {
            id: "l5_s1_overlap".to_string(),
            text: "L5 and S1 both rank high. Their pain patterns overlap widely and match the textbook \
                   dermatomes in only about half to four fifths of people, so pain location alone cannot \
                   tell them apart."
                .to_string(),
            sources: vec!["albert_2019".into(), "lee_2008".into()],
        });
    }

    // Sources that disagree about the roots of a nerve that ranks high.
    for candidate in candidates.iter().take(ROOT_ACCOUNTS_TOP).filter(|c| c.kind == LinkKind::Nerve) {
        let Some(nerve) = kb.nerve(&candidate.id) else { continue };
        if nerve.root_accounts.len() < 2 {
            continue;
        }
        let accounts: Vec<String> = nerve
            .root_accounts
            .iter()
            .map(|a| {
                let ids: Vec<&str> = a.cites.iter().map(|c| &*c.id).collect();
                format!("{} ({})", kb.root_range(&a.roots), ids.join(", "))
            })
            .collect();
        let mut sources = Vec::new();
        for account in &nerve.root_accounts {
            push_unique(&mut sources, &account.cites);
        }
        notes.push(Note {
            id: format!("root_accounts.{}", nerve.id),
            text: format!("Sources differ on the roots of the {}: {}.", lower_first(&nerve.name), accounts.join(" vs ")),
            sources,
        });
    }
    notes
}

/// How much a matched target of each kind counts toward an exercise's fit.
///
/// Only a nerve glide moves a nerve directly; a stretch or release that lists a nerve among its
/// targets eases it indirectly, through the muscles around it, so it counts for less.
fn target_weight(kind: LinkKind, exercise: ExerciseKind) -> f32 {
    match kind {
        LinkKind::Muscle => 1.0,
        LinkKind::Nerve if exercise == ExerciseKind::NerveGlide => 0.9,
        LinkKind::Nerve => 0.45,
        LinkKind::Entrapment | LinkKind::Cause => 0.85,
        LinkKind::Root => 0.6,
    }
}

/// Weight of an exercise that names a selected area among its targets.
const AREA_MATCH: f32 = 0.55;
/// Advice ranks below exercises that fit equally well.
const ADVICE_FACTOR: f32 = 0.6;

/// What an exercise matched, for its "why".
#[derive(Clone, Copy)]
enum Matched {
    Node { node: usize, listed_as: LinkKind },
    Area { selected: usize },
}

fn rank_exercises(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    labels: &[String],
    score: &[f32],
    cover: &[f32],
) -> Vec<ExerciseHit> {
    let g = kb.graph();
    let n = g.nodes.len();
    let mut hits = Vec::new();
    let mut fit = vec![0.0f32; selected.len()];
    let mut matched: Vec<(f32, Matched)> = Vec::new();
    for (e, exercise) in kb.exercises.iter().enumerate() {
        // Fit per selected area: the best of the exercise's matched targets for that area.
        fit.iter_mut().for_each(|f| *f = 0.0);
        matched.clear();
        for target in &g.exercise_targets[e] {
            let s = score[target.node];
            if s <= 0.0 {
                continue;
            }
            let weight = target_weight(g.nodes[target.node].kind, exercise.kind);
            for (area, f) in fit.iter_mut().enumerate() {
                *f = f.max(cover[area * n + target.node] * weight);
            }
            matched.push((s * weight, Matched::Node { node: target.node, listed_as: target.listed_as }));
        }
        for (i, (_, intensity, _, area)) in selected.iter().enumerate() {
            if g.exercise_areas[e].contains(area) {
                let weight = AREA_MATCH * intensity_factor(*intensity);
                // Naming the area and fitting a ranked source reinforce each other.
                fit[i] = noisy_or([fit[i], weight]);
                matched.push((weight, Matched::Area { selected: i }));
            }
        }
        if matched.is_empty() {
            continue;
        }
        // Half how well it serves the whole pattern, half its best single fit.
        let mean = fit.iter().sum::<f32>() / fit.len() as f32;
        let best = fit.iter().copied().fold(0.0, f32::max);
        let mut s = 0.5 * mean + 0.5 * best;
        if exercise.kind == ExerciseKind::Advice {
            s *= ADVICE_FACTOR;
        }
        if s < MIN_EXERCISE_SCORE {
            continue;
        }
        let text = |m: &Matched| match *m {
            Matched::Node { node, listed_as } => {
                let verb = match listed_as {
                    LinkKind::Muscle => "stretches or works",
                    LinkKind::Nerve => "eases",
                    LinkKind::Root => "relieves",
                    LinkKind::Entrapment | LinkKind::Cause => "addresses",
                };
                concat(&[verb, " the ", &lowered(kb.node_name(node))])
            }
            Matched::Area { selected } => concat(&["for the ", &lowered(&labels[selected])]),
        };
        // Strongest matches first; ties in data order. Only the four shown are formatted.
        matched.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut why: Vec<String> = Vec::with_capacity(4);
        for (_, m) in &matched {
            if why.len() == 4 {
                break;
            }
            let t = text(m);
            if !why.contains(&t) {
                why.push(t);
            }
        }
        hits.push(ExerciseHit {
            id: exercise.id.clone(),
            name: exercise.name.clone(),
            kind: exercise.kind,
            score: round3(s),
            why,
            cautions: exercise.cautions.clone(),
            sources: g.exercise_sources[e].clone(),
        });
    }
    // Equal fits: the exercise more articles recommend first.
    hits.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(b.sources.len().cmp(&a.sources.len())).then_with(|| a.id.cmp(&b.id))
    });
    hits
}

/// Filters for browsing exercises; every field narrows the list. Shared by the CLI and the window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ExerciseFilter {
    /// A target id of any kind (muscle, nerve, root, cause or area base id).
    pub target: Option<String>,
    pub kind: Option<ExerciseKind>,
    pub position: Option<Position>,
    /// An equipment slug; `none` keeps exercises that need no equipment.
    pub equipment: Option<String>,
    /// Case-insensitive words that must all appear in the name, summary, steps or id.
    pub search: String,
    /// Only those that can be done in bed.
    pub in_bed: bool,
}

impl ExerciseFilter {
    /// Does `exercise` pass every set filter?
    pub fn matches(&self, exercise: &Exercise) -> bool {
        if let Some(target) = &self.target {
            let t = &exercise.targets;
            let any = [&t.muscles, &t.nerves, &t.roots, &t.causes, &t.areas].iter().any(|ids| ids.contains(target));
            if !any {
                return false;
            }
        }
        if self.kind.is_some_and(|k| k != exercise.kind) {
            return false;
        }
        if self.position.is_some_and(|p| p != exercise.position) {
            return false;
        }
        if let Some(equipment) = &self.equipment {
            let ok = if equipment == "none" { exercise.equipment.is_empty() } else { exercise.equipment.contains(equipment) };
            if !ok {
                return false;
            }
        }
        if self.in_bed && !exercise.in_bed {
            return false;
        }
        let words: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        if !words.is_empty() {
            let haystack = format!(
                "{} {} {} {}",
                exercise.id,
                exercise.name,
                exercise.summary,
                exercise.steps.join(" ")
            )
            .to_lowercase();
            if !words.iter().all(|w| haystack.contains(w.as_str())) {
                return false;
            }
        }
        true
    }
}

/// The exercises of the knowledge base that pass `filter`, in data order.
pub fn filter_exercises<'kb>(kb: &'kb KnowledgeBase, filter: &ExerciseFilter) -> Vec<&'kb Exercise> {
    kb.exercises.iter().filter(|e| filter.matches(e)).collect()
}
