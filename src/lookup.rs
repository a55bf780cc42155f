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

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    pub sources: Vec<String>,
}

/// One piece of evidence for a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The selected area it comes from (`left.buttock`), if it comes from one.
    pub area: Option<String>,
    pub text: String,
    /// Its contribution before combining, in 0..1.
    pub weight: f32,
    pub sources: Vec<String>,
}

/// A ranked plausible source of the pain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub id: String,
    pub kind: LinkKind,
    pub name: String,
    /// In 0..1, rounded to three decimals.
    pub score: f32,
    pub why: Vec<Reason>,
    /// Every source behind the reasons, in order of first mention.
    pub sources: Vec<String>,
}

/// An explanatory note (non-sciatic territory, the L5/S1 caveat, disagreeing sources …).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Note {
    pub id: String,
    pub text: String,
    pub sources: Vec<String>,
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
    pub cautions: Vec<String>,
    pub sources: Vec<String>,
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
        self.candidates.iter().find(|c| c.id == id).map_or(0.0, |c| c.score)
    }
}

/// Where a contribution comes from.
#[derive(Clone, Copy)]
enum Origin<'a> {
    /// A link of the selected area.
    Link { why: &'a str, cites: &'a [Citation] },
    /// A branch's link, flowing up to this parent nerve.
    Branch { branch: &'a str, why: &'a str, cites: &'a [Citation] },
}

#[derive(Clone, Copy)]
struct Contribution<'a> {
    selected: usize,
    weight: f32,
    origin: Origin<'a>,
}

/// Contributions per candidate, keeping the strongest per selected area.
#[derive(Default)]
struct Tally<'a> {
    by_target: HashMap<(LinkKind, &'a str), Vec<Contribution<'a>>>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, kind: LinkKind, target: &'a str, contribution: Contribution<'a>) {
        let list = self.by_target.entry((kind, target)).or_default();
        match list.iter_mut().find(|c| c.selected == contribution.selected) {
            Some(existing) if existing.weight >= contribution.weight => {}
            Some(existing) => *existing = contribution,
            None => list.push(contribution),
        }
    }
}

/// Combines contributions, side by side: a one-sided structure (a nerve, a root, a muscle, an
/// entrapment) cannot explain pain on the other side, so left and right are scored apart and the
/// stronger side counts. Midline areas count for both sides. Only central causes (`across_sides`)
/// combine the two sides.
fn combine_by_side(list: &[Contribution<'_>], sides: &[Side], across_sides: bool) -> f32 {
    if across_sides {
        return noisy_or(list.iter().map(|c| c.weight));
    }
    let on = |side: Side| noisy_or(list.iter().filter(|c| matches!(sides[c.selected], Side::Midline) || sides[c.selected] == side).map(|c| c.weight));
    on(Side::Left).max(on(Side::Right))
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

fn push_unique(list: &mut Vec<String>, cites: &[Citation]) {
    for cite in cites {
        if !list.contains(&cite.id) {
            list.push(cite.id.clone());
        }
    }
}

fn cite_ids(cites: &[Citation]) -> Vec<String> {
    let mut ids = Vec::new();
    push_unique(&mut ids, cites);
    ids
}

/// The selection with duplicates merged (keeping the higher intensity) and unknown areas dropped.
fn normalise<'kb>(kb: &'kb KnowledgeBase, selection: &Selection) -> Vec<(AreaRef, Option<u8>, &'kb AreaDef)> {
    let mut out: Vec<(AreaRef, Option<u8>, &AreaDef)> = Vec::new();
    for selected in &selection.areas {
        let Some(def) = kb.area(&selected.area.base) else { continue };
        let intensity = selected.intensity.map(|i| i.min(10));
        match out.iter_mut().find(|(area, _, _)| *area == selected.area) {
            // Keep the stronger of the two; an unsaid intensity counts as its default, not as 0.
            Some(existing) => {
                if intensity_factor(intensity) > intensity_factor(existing.1) {
                    existing.1 = intensity;
                }
            }
            None => out.push((selected.area.clone(), intensity, def)),
        }
    }
    out
}

/// Ranks the plausible sources of pain in the selected areas and the exercises that fit them.
pub fn lookup(kb: &KnowledgeBase, selection: &Selection) -> LookupResult {
    let selected = normalise(kb, selection);
    let labels: Vec<String> = selected.iter().map(|(area, _, _)| area.label(kb)).collect();
    let keys: Vec<String> = selected.iter().map(|(area, _, _)| area.key()).collect();

    // Direct contributions from each area's links.
    let mut tally = Tally::default();
    for (i, (_, intensity, def)) in selected.iter().enumerate() {
        let factor = intensity_factor(*intensity);
        for link in &def.links {
            let origin = Origin::Link { why: &link.why, cites: &link.cites };
            tally.add(link.kind, &link.target, Contribution { selected: i, weight: link.weight * factor, origin });
        }
    }

    // Branch contributions flow up to parent nerves.
    let mut upward = Vec::new();
    for ((kind, target), list) in &tally.by_target {
        if *kind != LinkKind::Nerve {
            continue;
        }
        for c in list {
            let Origin::Link { why, cites } = c.origin else { continue };
            let mut decay = NERVE_PROPAGATION;
            let mut at = kb.nerve(target);
            // Bounded by the nerve count: validation forbids cycles, this guards a bad pack anyway.
            for _ in 0..kb.nerves.len() {
                let Some(parent) = at.and_then(|n| n.parent.as_deref()) else { break };
                let origin = Origin::Branch { branch: target, why, cites };
                upward.push((parent, Contribution { selected: c.selected, weight: c.weight * decay, origin }));
                decay *= NERVE_PROPAGATION;
                at = kb.nerve(parent);
            }
        }
    }
    for (parent, contribution) in upward {
        if let Some(nerve) = kb.nerve(parent) {
            tally.add(LinkKind::Nerve, &nerve.id, contribution);
        }
    }

    let reason_of = |c: &Contribution<'_>| -> Reason {
        let (text, cites) = match c.origin {
            Origin::Link { why, cites } => (format!("{}: {why}", labels[c.selected]), cites),
            Origin::Branch { branch, why, cites } => {
                let branch = kb.name_of(LinkKind::Nerve, branch);
                (format!("{}: via the {} ({why})", labels[c.selected], lower_first(&branch)), cites)
            }
        };
        Reason { area: Some(keys[c.selected].clone()), text, weight: round3(c.weight), sources: cite_ids(cites) }
    };

    let mut candidates: Vec<Candidate> = Vec::new();
    let mut scores: HashMap<(LinkKind, &str), f32> = HashMap::new();
    // Per candidate, how strongly it explains each selected area: exercises are ranked by it.
    let mut coverage: HashMap<(LinkKind, &str), Vec<f32>> = HashMap::new();
    let sides: Vec<Side> = selected.iter().map(|(area, _, _)| area.side).collect();
    let per_area = |list: &[Contribution<'_>]| {
        let mut cover = vec![0.0f32; selected.len()];
        for c in list {
            cover[c.selected] = cover[c.selected].max(c.weight);
        }
        cover
    };
    for kind in [LinkKind::Root, LinkKind::Nerve, LinkKind::Muscle] {
        for ((k, target), list) in &tally.by_target {
            if *k != kind {
                continue;
            }
            let score = combine_by_side(list, &sides, false);
            scores.insert((kind, target), score);
            coverage.insert((kind, target), per_area(list));
            candidates.push(build_candidate(kb, kind, target, score, list, &reason_of));
        }
    }

    // Causes and entrapments: their own area links plus the roots and nerves they act on.
    let both_sides = selected.iter().any(|(a, _, _)| a.side == Side::Left)
        && selected.iter().any(|(a, _, _)| a.side == Side::Right);
    for cause in &kb.causes {
        let kind = if cause.kind == crate::knowledge::CauseKind::Entrapment { LinkKind::Entrapment } else { LinkKind::Cause };
        let direct = tally.by_target.get(&(kind, cause.id.as_str()));
        let direct_score = direct.map_or(0.0, |l| combine_by_side(l, &sides, cause.bilateral));
        let mut weights: Vec<f32> = if direct_score > 0.0 { vec![direct_score] } else { Vec::new() };
        let mut why: Vec<Reason> = direct.map(|l| sorted_reasons(l, &reason_of)).unwrap_or_default();
        let mut acting: Vec<(f32, Reason)> = Vec::new();
        let mut cover = direct.map(|l| per_area(l)).unwrap_or_else(|| vec![0.0; selected.len()]);
        for link in &cause.acts_on {
            let target_cover = coverage
                .get(&(LinkKind::Root, link.target.as_str()))
                .or_else(|| coverage.get(&(LinkKind::Nerve, link.target.as_str())));
            if let Some(target_cover) = target_cover {
                for (mine, theirs) in cover.iter_mut().zip(target_cover) {
                    *mine = mine.max(theirs * link.weight);
                }
            }
            let target_score = scores
                .get(&(LinkKind::Root, link.target.as_str()))
                .or_else(|| scores.get(&(LinkKind::Nerve, link.target.as_str())))
                .copied()
                .unwrap_or(0.0);
            let weight = target_score * link.weight;
            if weight <= 0.0 {
                continue;
            }
            weights.push(weight);
            let target_kind = if kb.root(&link.target).is_some() { LinkKind::Root } else { LinkKind::Nerve };
            acting.push((
                weight,
                Reason {
                    area: None,
                    text: format!("acts through the {} (ranked {:.2})", lower_first(&kb.name_of(target_kind, &link.target)), target_score),
                    weight: round3(weight),
                    sources: cite_ids(&cause.cites),
                },
            ));
        }
        if weights.is_empty() {
            continue;
        }
        acting.sort_by(|a, b| b.0.total_cmp(&a.0));
        why.extend(acting.into_iter().map(|(_, r)| r));
        let prior_factor = 0.5 + 0.5 * cause.prior;
        let mut score = noisy_or(weights) * prior_factor;
        cover.iter_mut().for_each(|c| *c *= prior_factor);
        if both_sides && cause.bilateral {
            score = (score * 1.35).min(1.0);
            why.push(Reason {
                area: None,
                text: "pain on both sides favours a central cause such as this".to_string(),
                weight: 0.0,
                sources: cite_ids(&cause.cites),
            });
        }
        let mut sources = Vec::new();
        for reason in &why {
            for s in &reason.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
        }
        scores.insert((kind, cause.id.as_str()), score);
        coverage.insert((kind, cause.id.as_str()), cover);
        candidates.push(Candidate { id: cause.id.clone(), kind, name: cause.name.clone(), score: round3(score), why, sources });
    }

    candidates.retain(|c| c.score >= MIN_CANDIDATE_SCORE);
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.kind.cmp(&b.kind)).then_with(|| a.id.cmp(&b.id)));

    let red_flags = red_flags(kb, &selected, both_sides);
    let notes = notes(kb, &selected, &candidates, &red_flags);
    let exercises = rank_exercises(kb, &selected, &scores, &coverage);

    LookupResult {
        areas: selected
            .iter()
            .zip(&labels)
            .map(|((area, intensity, _), label)| AreaSummary {
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
    match chars.next() {
        // Keep "L5 nerve root" and other names that start with an abbreviation as they are.
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

fn sorted_reasons(list: &[Contribution<'_>], reason_of: &impl Fn(&Contribution<'_>) -> Reason) -> Vec<Reason> {
    let mut ordered: Vec<&Contribution<'_>> = list.iter().collect();
    ordered.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.selected.cmp(&b.selected)));
    ordered.into_iter().map(reason_of).collect()
}

fn build_candidate(
    kb: &KnowledgeBase,
    kind: LinkKind,
    target: &str,
    score: f32,
    list: &[Contribution<'_>],
    reason_of: &impl Fn(&Contribution<'_>) -> Reason,
) -> Candidate {
    let why = sorted_reasons(list, reason_of);
    let mut sources = Vec::new();
    for reason in &why {
        for s in &reason.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }
    Candidate { id: target.to_string(), kind, name: kb.name_of(kind, target), score: round3(score), why, sources }
}

fn red_flags(kb: &KnowledgeBase, selected: &[(AreaRef, Option<u8>, &AreaDef)], both_sides: bool) -> Vec<FlagHit> {
    let mut hits: Vec<(usize, FlagHit)> = Vec::new();
    for (order, flag) in kb.red_flags.iter().enumerate() {
        let because = match &flag.trigger {
            Trigger::Areas { areas } => selected
                .iter()
                .find(|(area, _, _)| areas.contains(&area.base))
                .map(|(area, _, _)| format!("{} selected", area.label(kb))),
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
fn radiates_to_foot(kb: &KnowledgeBase, selected: &[(AreaRef, Option<u8>, &AreaDef)]) -> Option<String> {
    let proximal = |r: Region| matches!(r, Region::Back | Region::Pelvis | Region::Hip | Region::Thigh);
    for (foot, _, foot_def) in selected.iter().filter(|(_, _, d)| d.region == Region::Foot) {
        let upper = selected.iter().find(|(area, _, def)| {
            proximal(def.region) && (area.side == foot.side || area.side == Side::Midline)
        });
        if let Some((upper, _, _)) = upper {
            let _ = foot_def;
            return Some(format!("pain from the {} down to the {}", lower_first(&upper.label(kb)), lower_first(&foot.label(kb))));
        }
    }
    None
}

fn notes(
    kb: &KnowledgeBase,
    selected: &[(AreaRef, Option<u8>, &AreaDef)],
    candidates: &[Candidate],
    flags: &[FlagHit],
) -> Vec<Note> {
    let mut notes = vec![Note {
        id: "education".to_string(),
        text: "This is education, not a diagnosis. Where it hurts suggests possible sources but cannot \
               tell them apart on its own; a clinician's examination can."
            .to_string(),
        sources: vec!["albert_2019".to_string()],
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
    for (_, _, def) in selected {
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
    let ranks_high = |id: &str| top.iter().any(|c| c.id == id && c.score >= OVERLAP_CAVEAT_SCORE);
    if ranks_high("L5") && ranks_high("S1") {
        notes.push(Note {
            id: "l5_s1_overlap".to_string(),
            text: "L5 and S1 both rank high. Their pain patterns overlap widely and match the textbook \
                   dermatomes in only about half to four fifths of people, so pain location alone cannot \
                   tell them apart."
                .to_string(),
            sources: vec!["albert_2019".to_string(), "lee_2008".to_string()],
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
                let ids: Vec<&str> = a.cites.iter().map(|c| c.id.as_str()).collect();
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

fn rank_exercises(
    kb: &KnowledgeBase,
    selected: &[(AreaRef, Option<u8>, &AreaDef)],
    scores: &HashMap<(LinkKind, &str), f32>,
    coverage: &HashMap<(LinkKind, &str), Vec<f32>>,
) -> Vec<ExerciseHit> {
    let mut hits = Vec::new();
    for exercise in &kb.exercises {
        // Fit per selected area: the best of the exercise's matched targets for that area.
        let mut fit = vec![0.0f32; selected.len()];
        let mut matched: Vec<(f32, String)> = Vec::new();
        let t = &exercise.targets;
        let groups: [(LinkKind, &Vec<String>, &str); 4] = [
            (LinkKind::Muscle, &t.muscles, "stretches or works"),
            (LinkKind::Nerve, &t.nerves, "eases"),
            (LinkKind::Root, &t.roots, "relieves"),
            (LinkKind::Cause, &t.causes, "addresses"),
        ];
        for (kind, ids, verb) in groups {
            for id in ids {
                let key = if kind == LinkKind::Cause && !scores.contains_key(&(LinkKind::Cause, id.as_str())) {
                    (LinkKind::Entrapment, id.as_str())
                } else {
                    (kind, id.as_str())
                };
                let (Some(&score), Some(cover)) = (scores.get(&key), coverage.get(&key)) else { continue };
                if score <= 0.0 {
                    continue;
                }
                let weight = target_weight(kind, exercise.kind);
                for (f, c) in fit.iter_mut().zip(cover) {
                    *f = f.max(c * weight);
                }
                matched.push((score * weight, format!("{verb} the {}", lower_first(&kb.name_of(kind, id)))));
            }
        }
        for (i, (area, intensity, _)) in selected.iter().enumerate() {
            if t.areas.contains(&area.base) {
                let weight = AREA_MATCH * intensity_factor(*intensity);
                // Naming the area and fitting a ranked source reinforce each other.
                fit[i] = noisy_or([fit[i], weight]);
                matched.push((weight, format!("for the {}", lower_first(&area.label(kb)))));
            }
        }
        if matched.is_empty() {
            continue;
        }
        // Half how well it serves the whole pattern, half its best single fit.
        let mean = fit.iter().sum::<f32>() / fit.len() as f32;
        let best = fit.iter().copied().fold(0.0, f32::max);
        let mut score = 0.5 * mean + 0.5 * best;
        if exercise.kind == ExerciseKind::Advice {
            score *= ADVICE_FACTOR;
        }
        if score < MIN_EXERCISE_SCORE {
            continue;
        }
        matched.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut why: Vec<String> = Vec::new();
        for (_, text) in matched {
            if !why.contains(&text) && why.len() < 4 {
                why.push(text);
            }
        }
        hits.push(ExerciseHit {
            id: exercise.id.clone(),
            name: exercise.name.clone(),
            kind: exercise.kind,
            score: round3(score),
            why,
            cautions: exercise.cautions.clone(),
            sources: cite_ids(&exercise.cites),
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
