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

mod distinguish;
mod exercises;
mod filter;
mod flags;
mod notes;
mod result;
mod scoring;
mod selection;

use std::sync::Arc;

pub use crate::knowledge::{AreaError, AreaRef, all_area_refs, closest};
use crate::knowledge::{KnowledgeBase, Urgency};
use crate::text::extend_unique;
pub use crate::text::{cite_ids, lower_first};
pub use filter::{ExerciseFilter, filter_exercises};
pub use result::{
    AreaSummary, Band, Candidate, CheckHit, ChecklistItem, Distinction, ExerciseHit, FlagHit, Group, LookupResult,
    MODERATE_FIT, Note, NoteKind, RaisedBy, Reason, STRONG_FIT,
};
pub use selection::{NUMB_SUFFIX, SelectedArea, Selection, intensity_factor, numbness_factor};

/// Ranks the plausible sources of pain in the selected areas and the exercises that fit them.
pub fn lookup(kb: &KnowledgeBase, selection: &Selection) -> LookupResult {
    lookup_with_answers(kb, selection, &[])
}

/// [`lookup`] for a visit: `answers` are the red flags asked about, and a "yes" raises its flag
/// exactly as a marked area would (banner, emergency, exercises withheld).
pub fn lookup_with_answers(
    kb: &KnowledgeBase,
    selection: &Selection,
    answers: &[crate::session::RedFlagAnswer],
) -> LookupResult {
    let selected = scoring::normalise(kb, selection);
    let picture = scoring::Picture::of(&selected);
    let scored = scoring::score(kb, &selected, &picture);
    let labels: Vec<String> = selected.iter().map(|s| s.area.label(kb)).collect();
    let candidates = scoring::candidates(kb, &selected, &labels, &scored, &picture);

    let red_flags = flags::red_flags(kb, &selected, &picture, answers);
    let checklist = flags::checklist(kb, &red_flags);
    let emergency = red_flags.iter().find(|f| f.urgency == Urgency::Emergency).map(|f| f.id.clone());
    let notes = notes::notes(kb, &selected, &candidates, &red_flags, &scored.context_fit);
    let distinguish = distinguish::distinguish(kb, &candidates);
    // An emergency comes before everything else: no exercise is suggested until a clinician has seen it.
    let exercises = if emergency.is_some() {
        Vec::new()
    } else {
        exercises::rank_exercises(kb, &selected, &labels, &scored.score, &scored.tally.best)
    };

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

/// The short citation of one source id ("Stendahl 2022"), or a plain word for an unknown id.
pub fn source_name(kb: &KnowledgeBase, id: &str) -> String {
    kb.source(id).map_or_else(|| "an unlisted source".to_string(), |s| s.short_citation())
}

/// The readable short citations of `ids`, each once, joined: "Albert et al. 2019; Lee et al. 2008".
pub fn short_citations(kb: &KnowledgeBase, ids: &[Arc<str>]) -> String {
    let mut seen: Vec<String> = Vec::new();
    extend_unique(&mut seen, ids.iter().map(|id| source_name(kb, id)));
    seen.join("; ")
}
