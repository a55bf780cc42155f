//! The look-up: from a selection of pain areas to red flags, the red-flag checklist, candidate
//! sources in groups, notes, the checks that tell close candidates apart, and matching exercises.
//! Pure and deterministic; the window, the CLI, the handout and the tests all call [`lookup`], so
//! there is exactly one copy of every rule.
//!
//! Scoring, in short (the README's "How the look-up weighs the evidence" says it for clinicians):
//! - each selected area contributes `link weight × intensity factor` to every target it links to;
//!   numbness weighs root and nerve links up and muscle referral down;
//! - a nerve's contribution also flows to its parent nerves, decaying per level, so that pain in
//!   several branch territories points up the tree to the sciatic nerve;
//! - each area counts once per candidate (the strongest of its ways there); areas combine with a
//!   noisy-OR (`1 − Π(1 − c)`), side by side, so areas that one source explains reinforce it;
//! - a cause reaches an area directly or through the roots and nerves it acts on, whichever is
//!   stronger; its fit is then weighed by how common it is and by counter-evidence from the data
//!   (`needs`, `against`), and by whether one or both sides hurt;
//! - candidates are grouped (pathway, cause, mimic): members of a group are alternatives, groups
//!   are not rivals. Scores are evidence weights shown as bands, never as probabilities.
//!
//! It is education, never a diagnosis: every result carries a note that says so, every result
//! carries the whole red-flag checklist, and an emergency withholds exercise suggestions.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::knowledge::graph::SourceIds;
use crate::knowledge::{
    AreaDef, CauseKind, Citation, Condition, Exercise, ExerciseKind, KnowledgeBase, Laterality, LinkKind, Position,
    Region, Side, Trigger, Urgency,
};

/// How much a parent nerve inherits from a branch's contribution, per level up the tree.
const NERVE_PROPAGATION: f32 = 0.75;
/// Candidates scoring below this are left out of results.
const MIN_CANDIDATE_SCORE: f32 = 0.05;
/// Exercises scoring below this are left out of results.
const MIN_EXERCISE_SCORE: f32 = 0.15;
/// Both roots must reach this (real support) for the L5/S1 overlap caveat.
const OVERLAP_CAVEAT_SCORE: f32 = MODERATE_FIT;
/// Numbness scales root and nerve links by this (capped at 1) …
const NUMB_NEURAL: f32 = 1.2;
/// … and muscle-referral links by this.
const NUMB_MUSCLE: f32 = 0.5;
/// How much of its fit a cause keeps at the lowest prior: weight = floor + (1 − floor) × prior,
/// so how common a cause is really counts, while strong specific evidence can still lift a rare one.
const PRIOR_FLOOR: f32 = 0.25;
/// A cause that usually affects both sides (stenosis), when only one side hurts.
const ONE_SIDED_BILATERAL: f32 = 0.6;
/// A central cause, when both sides hurt.
const BOTH_SIDES_BILATERAL: f32 = 1.35;
/// A one-sided cause, when both legs are affected: it explains only one of them.
const BOTH_LEGS_ONE_SIDED: f32 = 0.7;
/// Two roots are "close" when the second scores at least this share of the first.
const CLOSE_ROOTS: f32 = 0.7;
/// A non-spinal cause is "close" to the leading spinal cause at this share of its score.
const CLOSE_CAUSES: f32 = 0.6;
/// At most this many checks are offered per pair.
const MAX_CHECKS: usize = 6;
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

/// One selected area, how much it hurts (0–10) if said, and whether it is numb or tingling.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct SelectedArea {
    pub area: AreaRef,
    #[serde(default)]
    pub intensity: Option<u8>,
    /// Numbness or tingling here (with or without pain). It weighs skin-territory evidence
    /// (roots, nerves) more and muscle referral less: muscles refer pain, not numbness.
    #[serde(default, skip_serializing_if = "is_false")]
    pub numb: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What the user marked on the body map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Selection {
    pub areas: Vec<SelectedArea>,
}

/// The suffix that marks an area as numb or tingling on the command line (`saddle+numb`).
pub const NUMB_SUFFIX: &str = "+numb";

impl Selection {
    /// Parses `AREA[@INTENSITY][+numb]` arguments such as `left.buttock@7` or `saddle+numb`.
    pub fn parse_args<S: AsRef<str>>(kb: &KnowledgeBase, args: &[S]) -> Result<Selection, AreaError> {
        let mut areas = Vec::new();
        for arg in args {
            let arg = arg.as_ref();
            let (rest, numb) = match arg.trim().strip_suffix(NUMB_SUFFIX) {
                Some(rest) => (rest, true),
                None => (arg, false),
            };
            if let Some((_, symptom)) = rest.split_once('+') {
                return Err(AreaError {
                    input: arg.to_string(),
                    message: format!(
                        "unknown symptom `+{symptom}` in `{arg}`: the only one is `+numb` (numbness or tingling)"
                    ),
                    suggestions: vec![],
                });
            }
            let (id, intensity) = match rest.split_once('@') {
                Some((id, level)) => {
                    let level: u8 = level.trim().parse().ok().filter(|l| *l <= 10).ok_or_else(|| AreaError {
                        input: arg.to_string(),
                        message: format!("intensity `{level}` in `{arg}` must be a whole number from 0 to 10"),
                        suggestions: vec![],
                    })?;
                    (id, Some(level))
                }
                None => (rest, None),
            };
            areas.push(SelectedArea { area: AreaRef::parse(kb, id)?, intensity, numb });
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

/// How numbness scales a link of each kind: skin territories (roots, nerves) count more, muscle
/// referral less (muscles refer pain, not numbness); causes are unchanged.
pub fn numbness_factor(numb: bool, kind: LinkKind) -> f32 {
    match (numb, kind) {
        (false, _) => 1.0,
        (true, LinkKind::Root | LinkKind::Nerve) => NUMB_NEURAL,
        (true, LinkKind::Muscle) => NUMB_MUSCLE,
        (true, LinkKind::Cause | LinkKind::Entrapment) => 1.0,
    }
}

/// A selected area as reported in results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaSummary {
    pub id: String,
    pub label: String,
    pub side: Side,
    pub intensity: Option<u8>,
    /// Numbness or tingling marked here.
    pub numb: bool,
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

/// One red flag on the "ask about / get care now if…" checklist, which every result carries in
/// full, most urgent first: most red flags cannot be seen on a body map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub id: String,
    pub urgency: Urgency,
    pub text: String,
    pub advice: String,
    /// Where the articles grade its urgency differently from the reference.
    pub grading_note: Option<String>,
    /// Raised by the marked areas (then it is in `red_flags` too).
    pub raised: bool,
    pub sources: Vec<Arc<str>>,
}

/// One piece of evidence for (or against) a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The selected area it comes from (`left.buttock`), if it comes from one.
    pub area: Option<Arc<str>>,
    pub text: String,
    /// Its contribution before combining, in 0..1 (0 for evidence against).
    pub weight: f32,
    /// Evidence against the candidate (its score was multiplied down).
    #[serde(skip_serializing_if = "is_false")]
    pub against: bool,
    pub sources: SourceIds,
}

/// Candidates are shown in groups whose members are alternatives to each other; a root, the nerve
/// it feeds and a disc pressing on it can all be true at once, so groups are never ranked against
/// each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Where the signal travels: spinal roots and nerves.
    Pathway,
    /// What may be irritating it: causes and entrapment sites.
    Cause,
    /// What mimics it: muscles that refer pain.
    Mimic,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 3] = [Group::Pathway, Group::Cause, Group::Mimic];

    /// The group a candidate of `kind` belongs to.
    pub fn of(kind: LinkKind) -> Group {
        match kind {
            LinkKind::Root | LinkKind::Nerve => Group::Pathway,
            LinkKind::Cause | LinkKind::Entrapment => Group::Cause,
            LinkKind::Muscle => Group::Mimic,
        }
    }

    /// The group's heading, in plain words.
    pub fn title(self) -> &'static str {
        match self {
            Group::Pathway => "Where the signal may travel (nerve roots and nerves)",
            Group::Cause => "What may be irritating it (causes and pinch points)",
            Group::Mimic => "What can feel like it (muscles that refer pain)",
        }
    }
}

/// How well a candidate or an exercise fits the marked areas, in words: an evidence weight, not a
/// probability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Strong,
    Moderate,
    Weak,
}

/// Scores from here up are a strong fit.
pub const STRONG_FIT: f32 = 0.55;
/// Scores from here up (below [`STRONG_FIT`]) are a moderate fit.
pub const MODERATE_FIT: f32 = 0.3;

impl Band {
    /// The band of a score in 0..=1.
    pub fn of(score: f32) -> Band {
        if score >= STRONG_FIT {
            Band::Strong
        } else if score >= MODERATE_FIT {
            Band::Moderate
        } else {
            Band::Weak
        }
    }

    /// "strong fit", "moderate fit", "weak fit".
    pub fn label(self) -> &'static str {
        match self {
            Band::Strong => "strong fit",
            Band::Moderate => "moderate fit",
            Band::Weak => "weak fit",
        }
    }
}

/// A plausible source of the pain, in its group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub id: Arc<str>,
    pub kind: LinkKind,
    pub group: Group,
    pub name: Arc<str>,
    /// The evidence weight in 0..1, rounded to three decimals (JSON only; people read `band`).
    pub score: f32,
    pub band: Band,
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

/// What an examiner checks, offered to tell two close candidates apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckHit {
    pub id: String,
    pub name: String,
    pub how: String,
    pub finding: String,
    pub accuracy: Option<String>,
    pub sources: Vec<Arc<str>>,
}

/// Two candidates that fit about equally well, and the checks that separate them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distinction {
    /// The two candidates' ids.
    pub between: [Arc<str>; 2],
    /// Their names.
    pub names: [Arc<str>; 2],
    pub checks: Vec<CheckHit>,
}

/// An exercise that fits the ranked candidates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExerciseHit {
    pub id: String,
    pub name: String,
    pub kind: ExerciseKind,
    pub score: f32,
    pub band: Band,
    /// What it targets among the candidates and areas, strongest first.
    pub why: Vec<String>,
    pub cautions: Arc<[String]>,
    pub sources: SourceIds,
}

/// The whole answer for one selection. Its JSON form is the CLI's stable contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LookupResult {
    pub areas: Vec<AreaSummary>,
    /// Red flags the marked areas raise, most urgent first.
    pub red_flags: Vec<FlagHit>,
    /// Every red flag to ask about, most urgent first, always present.
    pub checklist: Vec<ChecklistItem>,
    /// Candidates by group ([`Group::ALL`] order), best fit first within each group.
    pub candidates: Vec<Candidate>,
    pub notes: Vec<Note>,
    /// Close candidates and what an examiner checks to tell them apart.
    pub distinguish: Vec<Distinction>,
    /// Empty while an emergency red flag applies (see `exercises_withheld`).
    pub exercises: Vec<ExerciseHit>,
    /// The emergency flag that withholds exercise suggestions, if any.
    pub exercises_withheld: Option<String>,
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

    /// The candidates of one group, best fit first.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(move |c| c.group == group)
    }

    /// The best fit of a group, if the group has any candidate.
    pub fn leader(&self, group: Group) -> Option<&Candidate> {
        self.group(group).next()
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

/// `lower_first` without allocating when nothing changes case.
fn lowered(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            std::borrow::Cow::Owned(lower_first(text))
        }
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

/// A selected area with its record, as the look-up uses it.
struct Selected<'kb> {
    area: AreaRef,
    intensity: Option<u8>,
    numb: bool,
    def: &'kb AreaDef,
    /// The record's position in `kb.areas`.
    index: usize,
}

/// The selection with duplicates merged (keeping the stronger intensity, and numbness if either
/// says so) and unknown areas dropped.
fn normalise<'kb>(kb: &'kb KnowledgeBase, selection: &Selection) -> Vec<Selected<'kb>> {
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
enum Origin {
    None,
    /// Link `link` of the selected area.
    Link {
        link: usize,
    },
    /// The area's link `link` to the branch node `branch`, flowing up to this parent nerve.
    Branch {
        branch: usize,
        link: usize,
    },
    /// A cause acting through the root or nerve `node` (for causes only).
    Through {
        node: usize,
    },
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
    ///
    /// The products are taken in f64: in f32 the order of the areas changed the last bit, and
    /// that could move a rounded score, so the same areas marked in another order ranked differently.
    fn combine(&self, node: usize, sides: &[Side], across_sides: bool) -> f32 {
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
struct Picture {
    /// Sided areas on the left and on the right (midline areas count for neither).
    both_sides: bool,
    one_side_only: bool,
    /// Both legs marked from the thigh down.
    both_legs: bool,
}

/// Regions that make up "the leg from the thigh down" (both legs = these on the left and right).
fn is_leg(region: Region) -> bool {
    matches!(region, Region::Thigh | Region::Knee | Region::Leg | Region::Ankle | Region::Foot)
}

impl Picture {
    fn of(selected: &[Selected<'_>]) -> Picture {
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
fn matches_condition(condition: &Condition, selected: &[Selected<'_>]) -> bool {
    selected.iter().any(|s| condition.areas.contains(&s.def.id) || condition.regions.contains(&s.def.region))
}

/// Ranks the plausible sources of pain in the selected areas and the exercises that fit them.
pub fn lookup(kb: &KnowledgeBase, selection: &Selection) -> LookupResult {
    let g = kb.graph();
    let selected = normalise(kb, selection);
    let n = g.nodes.len();
    let sides: Vec<Side> = selected.iter().map(|s| s.area.side).collect();
    let picture = Picture::of(&selected);

    // Direct contributions, then branches flowing up to their parent nerves. Each area counts
    // once per node: the strongest of its ways there.
    let mut tally =
        Tally { nodes: n, best: vec![0.0; selected.len() * n], origin: vec![Origin::None; selected.len() * n] };
    for (i, s) in selected.iter().enumerate() {
        let factor = intensity_factor(s.intensity);
        for link in &g.area_links[s.index] {
            let w = (link.weight * factor * numbness_factor(s.numb, g.nodes[link.node].kind)).min(1.0);
            tally.offer(i, link.node, w, Origin::Link { link: link.link });
        }
        for link in &g.area_links[s.index] {
            let w = (link.weight * factor * numbness_factor(s.numb, g.nodes[link.node].kind)).min(1.0);
            let mut decay = NERVE_PROPAGATION;
            let mut at = g.parent[link.node];
            // Bounded by the node count: validation forbids cycles, this guards a bad pack anyway.
            for _ in 0..n {
                let Some(parent) = at else { break };
                tally.offer(i, parent, w * decay, Origin::Branch { branch: link.node, link: link.link });
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
    // Per cause: the multipliers applied, with their reasons, for its "why".
    let mut adjustments: Vec<Vec<(f32, String)>> = vec![Vec::new(); kb.causes.len()];
    let mut context_fit = vec![0.0f32; kb.causes.len()];
    for (record, &node) in g.cause_nodes.iter().enumerate() {
        let cause = &kb.causes[record];
        // Each area once: directly or through a root or nerve it acts on, whichever is stronger.
        for area in 0..selected.len() {
            for a in &g.acts_on[node] {
                tally.offer(area, node, tally.at(area, a.node) * a.weight, Origin::Through { node: a.node });
            }
        }
        let fit = tally.combine(node, &sides, cause.bilateral);
        if cause.context_only {
            context_fit[record] = fit;
            continue;
        }
        let adjust = &mut adjustments[record];
        if let Some(needs) = &cause.needs
            && !matches_condition(needs, &selected)
        {
            adjust.push((needs.factor, needs.why.clone()));
        }
        for against in &cause.against {
            if matches_condition(against, &selected) {
                adjust.push((against.factor, against.why.clone()));
            }
        }
        if cause.bilateral && picture.one_side_only {
            adjust
                .push((ONE_SIDED_BILATERAL, "symptoms on one side only: this usually affects both sides".to_string()));
        }
        if !cause.bilateral && picture.both_legs {
            adjust.push((
                BOTH_LEGS_ONE_SIDED,
                "symptoms in both legs: a one-sided problem explains only one of them".to_string(),
            ));
        }
        let mut factor = PRIOR_FLOOR + (1.0 - PRIOR_FLOOR) * cause.prior;
        for (f, _) in adjust.iter() {
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
    }

    let mut ranked: Vec<(f32, usize)> =
        (0..n).map(|node| (round3(score[node]), node)).filter(|(s, _)| *s >= MIN_CANDIDATE_SCORE).collect();
    ranked.sort_by(|a, b| {
        Group::of(g.nodes[a.1].kind)
            .cmp(&Group::of(g.nodes[b.1].kind))
            .then(b.0.total_cmp(&a.0))
            .then(g.nodes[a.1].kind.cmp(&g.nodes[b.1].kind))
            .then_with(|| kb.node_id(a.1).cmp(kb.node_id(b.1)))
    });
    let labels: Vec<String> = selected.iter().map(|s| s.area.label(kb)).collect();
    let keys: Vec<Arc<str>> = selected.iter().map(|s| Arc::from(s.area.key())).collect();
    let candidates: Vec<Candidate> = ranked
        .iter()
        .map(|&(s, node)| {
            build_candidate(kb, &selected, &labels, &keys, &tally, &score, &picture, &adjustments, node, s)
        })
        .collect();

    let red_flags = red_flags(kb, &selected, &picture);
    let checklist = checklist(kb, &red_flags);
    let emergency = red_flags.iter().find(|f| f.urgency == Urgency::Emergency).map(|f| f.id.clone());
    let notes = notes(kb, &selected, &candidates, &red_flags, &context_fit);
    let distinguish = distinguish(kb, &candidates);
    // An emergency comes before everything else: no exercise is suggested until a clinician has seen it.
    let exercises =
        if emergency.is_some() { Vec::new() } else { rank_exercises(kb, &selected, &labels, &score, &tally.best) };

    LookupResult {
        areas: selected
            .iter()
            .zip(&labels)
            .map(|(s, label)| AreaSummary {
                id: s.area.key(),
                label: label.clone(),
                side: s.area.side,
                intensity: s.intensity,
                numb: s.numb,
            })
            .collect(),
        red_flags,
        checklist,
        candidates,
        notes,
        distinguish,
        exercises,
        exercises_withheld: emergency,
    }
}

/// "left outer foot" from "Left outer foot"; keeps names that start with an abbreviation
/// ("L5 nerve root") as they are.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
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
/// the counter-evidence that weighed it down.
#[allow(clippy::too_many_arguments)]
fn build_candidate(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    labels: &[String],
    keys: &[Arc<str>],
    tally: &Tally,
    score: &[f32],
    picture: &Picture,
    adjustments: &[Vec<(f32, String)>],
    node: usize,
    rounded: f32,
) -> Candidate {
    let g = kb.graph();
    let kind = g.nodes[node].kind;
    let is_cause = matches!(kind, LinkKind::Cause | LinkKind::Entrapment);
    let cause_sources = if is_cause { g.cause_sources.get(g.nodes[node].record).cloned() } else { None };
    let mut area_reasons: Vec<(f32, usize, Reason)> = Vec::new();
    for (i, s) in selected.iter().enumerate() {
        let k = i * tally.nodes + node;
        let weight = tally.best[k];
        if weight <= 0.0 {
            continue;
        }
        let link_sources = |link: usize| {
            g.area_links[s.index].iter().find(|l| l.link == link).map(|l| l.sources.clone()).unwrap_or_default()
        };
        let (text, sources) = match tally.origin[k] {
            Origin::Link { link } => (concat(&[&labels[i], ": ", &s.def.links[link].why]), link_sources(link)),
            Origin::Branch { branch, link } => (
                concat(&[&labels[i], ": via the ", &lowered(kb.node_name(branch)), " (", &s.def.links[link].why, ")"]),
                link_sources(link),
            ),
            Origin::Through { node: through } => {
                let band = Band::of(score[through]).label();
                (
                    concat(&[&labels[i], ": through the ", &lowered(kb.node_name(through)), " (", band, ")"]),
                    cause_sources.clone().unwrap_or_default(),
                )
            }
            Origin::None => continue,
        };
        area_reasons.push((
            weight,
            i,
            Reason { area: Some(keys[i].clone()), text, weight: round3(weight), against: false, sources },
        ));
    }
    area_reasons.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut why: Vec<Reason> = area_reasons.into_iter().map(|(_, _, r)| r).collect();
    if let (true, Some(cause), Some(sources)) = (is_cause, kb.causes.get(g.nodes[node].record), cause_sources) {
        if picture.both_sides && cause.bilateral {
            why.push(Reason {
                area: None,
                text: "pain on both sides favours a central cause such as this".to_string(),
                weight: 0.0,
                against: false,
                sources: sources.clone(),
            });
        }
        for (_, text) in &adjustments[g.nodes[node].record] {
            why.push(Reason { area: None, text: text.clone(), weight: 0.0, against: true, sources: sources.clone() });
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

fn red_flags(kb: &KnowledgeBase, selected: &[Selected<'_>], picture: &Picture) -> Vec<FlagHit> {
    let mut hits: Vec<(usize, FlagHit)> = Vec::new();
    for (order, flag) in kb.red_flags.iter().enumerate() {
        let because = match &flag.trigger {
            Trigger::Areas { areas } => selected.iter().find(|s| areas.contains(&s.area.base)).map(|s| {
                let what = if s.numb { "marked as numb or tingling" } else { "marked" };
                format!("{} {what}", s.area.label(kb))
            }),
            Trigger::BothLegs => picture.both_legs.then(|| "both legs are marked from the thigh down".to_string()),
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

/// Every red flag, most urgent first (data order within an urgency), marked when raised.
fn checklist(kb: &KnowledgeBase, raised: &[FlagHit]) -> Vec<ChecklistItem> {
    let mut items: Vec<ChecklistItem> = kb
        .red_flags
        .iter()
        .map(|flag| ChecklistItem {
            id: flag.id.clone(),
            urgency: flag.urgency,
            text: flag.text.clone(),
            advice: flag.advice.clone(),
            grading_note: flag.grading_note.clone(),
            raised: raised.iter().any(|r| r.id == flag.id),
            sources: cite_ids(&flag.cites),
        })
        .collect();
    items.sort_by_key(|item| item.urgency);
    items
}

/// "Pain from the back, buttock or thigh down to the foot" on one side.
fn radiates_to_foot(kb: &KnowledgeBase, selected: &[Selected<'_>]) -> Option<String> {
    let proximal = |r: Region| matches!(r, Region::Back | Region::Pelvis | Region::Hip | Region::Thigh);
    for foot in selected.iter().filter(|s| s.def.region == Region::Foot) {
        let upper = selected
            .iter()
            .find(|s| proximal(s.def.region) && (s.area.side == foot.area.side || s.area.side == Side::Midline));
        if let Some(upper) = upper {
            return Some(format!(
                "pain marked from the {} down to the {}",
                lower_first(&upper.area.label(kb)),
                lower_first(&foot.area.label(kb))
            ));
        }
    }
    None
}

/// The short citation of one source id ("Stendahl 2022"), or a plain word for an unknown id.
pub fn source_name(kb: &KnowledgeBase, id: &str) -> String {
    kb.source(id).map_or_else(|| "an unlisted source".to_string(), |s| s.short_citation())
}

/// The readable short citations of `ids`, each once, joined: "Albert et al. 2019; Lee et al. 2008".
pub fn short_citations(kb: &KnowledgeBase, ids: &[Arc<str>]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for id in ids {
        let short = source_name(kb, id);
        if !seen.contains(&short) {
            seen.push(short);
        }
    }
    seen.join("; ")
}

fn notes(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    candidates: &[Candidate],
    flags: &[FlagHit],
    context_fit: &[f32],
) -> Vec<Note> {
    let emergency = flags.iter().any(|f| f.urgency == Urgency::Emergency);
    let mut notes = vec![Note {
        id: "education".to_string(),
        text: "This is education, not a diagnosis. Where it hurts suggests possible sources but cannot \
               tell them apart on its own; a clinician's examination can."
            .to_string(),
        sources: vec!["albert_2019".into()],
    }];
    if emergency {
        let mut sources = Vec::new();
        for flag in flags.iter().filter(|f| f.urgency == Urgency::Emergency) {
            for s in &flag.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
        }
        notes.push(Note {
            id: "seek_care_first".to_string(),
            text: "A red flag applies: get medical care first. Exercises are not suggested until a clinician \
                   has seen you."
                .to_string(),
            sources,
        });
    }
    if !candidates.is_empty() {
        notes.push(Note {
            id: "groups".to_string(),
            text: "The groups below are not rivals: a nerve root, the nerve it feeds and a disc pressing on it \
                   can all be true at the same time. Within a group, the candidates are alternatives, best fit first."
                .to_string(),
            sources: vec!["grays_anatomy".into()],
        });
    }

    // Notes that could read as reassurance are never shown beside an emergency.
    if !emergency {
        outside_sciatic_notes(kb, selected, &mut notes);
        let local = |r: Region| matches!(r, Region::Knee | Region::Ankle | Region::Foot);
        if !selected.is_empty() && selected.iter().all(|s| local(s.def.region)) {
            notes.push(Note {
                id: "local_problems".to_string(),
                text: "Pain only in the foot, ankle or knee most often comes from the joint, a tendon or the sole's \
                       tissue (for example plantar fasciitis at the heel, Achilles tendon pain, a sprain, knee \
                       arthritis, gout or Morton's neuroma between the toes), which this explorer does not cover. \
                       A clinician can tell these apart from a nerve."
                    .to_string(),
                sources: vec!["moores_anatomy".into()],
            });
        }
    }

    // The L5/S1 caveat whenever both roots have real support.
    let supported = |id: &str| candidates.iter().any(|c| &*c.id == id && c.score >= OVERLAP_CAVEAT_SCORE);
    if supported("L5") && supported("S1") {
        notes.push(Note {
            id: "l5_s1_overlap".to_string(),
            text: "Both the L5 and the S1 root fit. Their pain patterns overlap widely and match the textbook \
                   skin maps in only about half to four fifths of people, so where it hurts cannot tell them \
                   apart; the checks below can."
                .to_string(),
            sources: vec!["albert_2019".into(), "lee_2008".into()],
        });
    }

    // Sources that disagree about the roots of a nerve that ranks high.
    for candidate in candidates.iter().filter(|c| c.kind == LinkKind::Nerve).take(ROOT_ACCOUNTS_TOP) {
        let Some(nerve) = kb.nerve(&candidate.id) else { continue };
        if nerve.root_accounts.len() < 2 {
            continue;
        }
        let accounts: Vec<String> = nerve
            .root_accounts
            .iter()
            .map(|a| format!("{} ({})", kb.root_range(&a.roots), short_citations(kb, &cite_ids(&a.cites))))
            .collect();
        let mut sources = Vec::new();
        for account in &nerve.root_accounts {
            push_unique(&mut sources, &account.cites);
        }
        notes.push(Note {
            id: format!("root_accounts.{}", nerve.id),
            text: format!(
                "Sources differ on the roots of the {}: {}.",
                lower_first(&nerve.name),
                accounts.join(" vs ")
            ),
            sources,
        });
    }

    // Context-only causes (pregnancy): said once where they could apply, never ranked.
    for (record, &fit) in context_fit.iter().enumerate() {
        let cause = &kb.causes[record];
        if fit >= MIN_CANDIDATE_SCORE {
            notes.push(Note {
                id: format!("context.{}", cause.id),
                text: cause.description.clone(),
                sources: cite_ids(&cause.cites),
            });
        }
    }
    notes
}

/// Areas better explained by a nerve outside the sciatic system.
fn outside_sciatic_notes(kb: &KnowledgeBase, selected: &[Selected<'_>], notes: &mut Vec<Note>) {
    let mut seen_bases: Vec<&str> = Vec::new();
    for s in selected {
        let def = s.def;
        if seen_bases.contains(&def.id.as_str()) {
            continue;
        }
        seen_bases.push(&def.id);
        let mut best_sciatic = 0.0f32;
        let mut best_other: Option<&crate::knowledge::AreaLink> = None;
        for link in def.links.iter().filter(|l| l.kind == LinkKind::Nerve) {
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
            let nearby =
                if best_sciatic > 0.0 { " A sciatic branch passes nearby, so it is not ruled out." } else { "" };
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
}

/// Close candidates and the checks that separate them: the two leading roots when the second
/// fits nearly as well, and the leading root against a non-spinal cause (an entrapment, the
/// sacroiliac joint) that fits nearly as well as the leading spinal cause.
fn distinguish(kb: &KnowledgeBase, candidates: &[Candidate]) -> Vec<Distinction> {
    let mut pairs: Vec<(&Candidate, &Candidate, Vec<&str>)> = Vec::new();
    let mut roots = candidates.iter().filter(|c| c.kind == LinkKind::Root);
    let first_root = roots.next();
    if let (Some(first), Some(second)) = (first_root, roots.next())
        && second.score >= MODERATE_FIT
        && second.score >= CLOSE_ROOTS * first.score
    {
        pairs.push((first, second, vec![&*first.id]));
    }
    // Where the L5/S1 caveat is shown, the checks that separate them are too.
    let supported = |id: &str| candidates.iter().find(|c| &*c.id == id && c.score >= OVERLAP_CAVEAT_SCORE);
    if let (Some(l5), Some(s1)) = (supported("L5"), supported("S1"))
        && !pairs.iter().any(|(a, b, _)| [&*a.id, &*b.id].contains(&"L5") && [&*a.id, &*b.id].contains(&"S1"))
    {
        let (a, b) = if s1.score >= l5.score { (s1, l5) } else { (l5, s1) };
        pairs.push((a, b, vec![&*a.id]));
    }
    let cause_kind = |c: &Candidate| kb.cause(&c.id).map(|cause| cause.kind);
    let spinal = candidates.iter().find(|c| cause_kind(c) == Some(CauseKind::Spinal));
    let other =
        candidates.iter().find(|c| matches!(cause_kind(c), Some(CauseKind::Entrapment | CauseKind::Musculoskeletal)));
    if let (Some(root), Some(other)) = (first_root, other)
        && other.score >= MIN_CANDIDATE_SCORE * 3.0
        && spinal.is_none_or(|s| other.score >= CLOSE_CAUSES * s.score)
    {
        let mut side_a = vec![&*root.id];
        if let Some(s) = spinal {
            side_a.push(&*s.id);
        }
        pairs.push((root, other, side_a));
    }
    pairs
        .into_iter()
        .map(|(a, b, side_a)| {
            // Checks pointing to either side, alternated so both sides are represented.
            let points = |t: &crate::knowledge::ExamTest, id: &str| t.points_to.iter().any(|p| p == id);
            let to_a = |t: &crate::knowledge::ExamTest| side_a.iter().any(|id| points(t, id));
            let separately = |t: &crate::knowledge::ExamTest| t.each_separately && to_a(t) && points(t, &b.id);
            let for_b: Vec<_> = kb.exam_tests.iter().filter(|t| points(t, &b.id) && !to_a(t)).collect();
            let for_a: Vec<_> = kb.exam_tests.iter().filter(|t| to_a(t) && !points(t, &b.id)).collect();
            let mut chosen: Vec<&crate::knowledge::ExamTest> = kb.exam_tests.iter().filter(|t| separately(t)).collect();
            for i in 0..for_a.len().max(for_b.len()) {
                chosen.extend(for_b.get(i));
                chosen.extend(for_a.get(i));
            }
            let checks: Vec<CheckHit> = chosen
                .into_iter()
                .take(MAX_CHECKS)
                .map(|t| CheckHit {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    how: t.how.clone(),
                    finding: t.finding.clone(),
                    accuracy: t.accuracy.clone(),
                    sources: cite_ids(&t.cites),
                })
                .collect();
            Distinction { between: [a.id.clone(), b.id.clone()], names: [a.name.clone(), b.name.clone()], checks }
        })
        .filter(|d| !d.checks.is_empty())
        .collect()
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

/// `cover[area * nodes + node]`: how well each node explains each selected area (causes already
/// weighed by their prior and counter-evidence).
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
        for (i, s) in selected.iter().enumerate() {
            if g.exercise_areas[e].contains(&s.index) {
                let weight = AREA_MATCH * intensity_factor(s.intensity);
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
        let score = round3(s);
        hits.push(ExerciseHit {
            id: exercise.id.clone(),
            name: exercise.name.clone(),
            kind: exercise.kind,
            score,
            band: Band::of(score),
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
            let ok = if equipment == "none" {
                exercise.equipment.is_empty()
            } else {
                exercise.equipment.contains(equipment)
            };
            if !ok {
                return false;
            }
        }
        if self.in_bed && !exercise.in_bed {
            return false;
        }
        let words: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        if !words.is_empty() {
            let haystack =
                format!("{} {} {} {}", exercise.id, exercise.name, exercise.summary, exercise.steps.join(" "))
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
