//! Exercises that fit: how well each exercise's targets serve the ranked candidates and the
//! marked areas, and why.

use std::sync::Arc;

use super::result::{Band, ExerciseHit};
use super::scoring::{SCRATCH, Selected, concat_arc, noisy_or, round3};
use super::selection::intensity_factor;
use crate::knowledge::{ExerciseKind, KnowledgeBase, LinkKind};
use crate::text::{extend_unique, lowered};

/// Exercises scoring below this are left out of results.
const MIN_EXERCISE_SCORE: f32 = 0.15;

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
#[derive(Clone, Copy, PartialEq)]
enum Matched {
    Node { node: usize, listed_as: LinkKind },
    Area { selected: usize },
}

/// `cover[area * nodes + node]`: how well each node explains each selected area (causes already
/// weighed by their prior and counter-evidence).
pub(super) fn rank_exercises(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    labels: &[String],
    score: &[f32],
    cover: &[f32],
) -> Vec<ExerciseHit> {
    let g = kb.graph();
    let n = g.nodes.len();
    let mut hits = Vec::with_capacity(kb.exercises.len());
    let mut fit = vec![0.0f32; selected.len()];
    let mut matched: Vec<(f32, Matched)> = Vec::new();
    // Area labels mid-sentence, once per look-up rather than once per matching exercise.
    let labels: Vec<std::borrow::Cow<'_, str>> = labels.iter().map(|l| lowered(l)).collect();
    let mut phrases =
        Phrases { nodes: vec![None; n], areas: vec![None; selected.len()], scratch: String::with_capacity(SCRATCH) };
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
        // Strongest matches first; ties in data order.
        matched.sort_by(|a, b| b.0.total_cmp(&a.0));
        let why = why(kb, &labels, &matched, &mut phrases);
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

/// Many exercises give the same reasons ("stretches or works the piriformis"): each phrase is
/// written once per look-up and shared, found again by the node or area it is about.
struct Phrases {
    /// By node: its phrase and the kind of target it was written for.
    nodes: Vec<Option<(LinkKind, Arc<str>)>>,
    /// By selected area.
    areas: Vec<Option<Arc<str>>>,
    /// Where a phrase is written before it is shared.
    scratch: String,
}

impl Phrases {
    /// The phrase for `m`: written before, or `parts` joined now (and kept).
    fn get(&mut self, m: Matched, parts: &[&str]) -> Arc<str> {
        let scratch = &mut self.scratch;
        let slot = match m {
            Matched::Node { node, listed_as } => match self.nodes.get_mut(node) {
                Some(Some((kind, phrase))) if *kind == listed_as => return phrase.clone(),
                // A node listed as another kind says it with another verb: not kept.
                Some(Some(_)) | None => return concat_arc(scratch, parts),
                Some(slot @ None) => {
                    let phrase = concat_arc(scratch, parts);
                    *slot = Some((listed_as, phrase.clone()));
                    return phrase;
                }
            },
            Matched::Area { selected } => self.areas.get_mut(selected),
        };
        match slot {
            Some(Some(phrase)) => phrase.clone(),
            Some(slot) => slot.insert(concat_arc(scratch, parts)).clone(),
            None => concat_arc(scratch, parts),
        }
    }
}

/// What an exercise does for the marked areas, from its strongest matches: at most four
/// different phrases ("stretches or works the piriformis", "for the left buttock"). Only the
/// four shown are formatted.
fn why(
    kb: &KnowledgeBase,
    labels: &[std::borrow::Cow<'_, str>],
    matched: &[(f32, Matched)],
    phrases: &mut Phrases,
) -> Vec<Arc<str>> {
    let mut why: Vec<Arc<str>> = Vec::with_capacity(4);
    for (_, m) in matched {
        if why.len() == 4 {
            break;
        }
        let phrase = match *m {
            Matched::Node { node, listed_as } => {
                let verb = match listed_as {
                    LinkKind::Muscle => "stretches or works",
                    LinkKind::Nerve => "eases",
                    LinkKind::Root => "relieves",
                    LinkKind::Entrapment | LinkKind::Cause => "addresses",
                };
                phrases.get(*m, &[verb, " the ", kb.node_name_in_sentence(node)])
            }
            Matched::Area { selected } => phrases.get(*m, &["for the ", &labels[selected]]),
        };
        extend_unique(&mut why, [phrase]);
    }
    why
}
