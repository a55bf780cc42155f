//! Notes beside the candidates: education not diagnosis, care first in an emergency, areas outside
//! the sciatic territory, overlapping roots, sources that disagree, and context-only causes.

use std::sync::Arc;

use super::result::{Candidate, FlagHit, MODERATE_FIT, Note, NoteKind};
use super::scoring::{MIN_CANDIDATE_SCORE, Selected};
use super::short_citations;
use crate::knowledge::{AreaLink, KnowledgeBase, LinkKind, NoteId, Region, Urgency};
use crate::text::{capitalize, cite_ids, extend_unique, lower_first};

/// Both roots must reach this (real support) for the L5/S1 overlap caveat.
pub(super) const OVERLAP_CAVEAT_SCORE: f32 = MODERATE_FIT;
/// Disagreeing root accounts are noted for nerves among this many top candidates.
const ROOT_ACCOUNTS_TOP: usize = 8;

/// The note beside an emergency: care comes before any exercise. It stays in code, not in the
/// data, so a clinic pack cannot soften it.
const SEEK_CARE_FIRST: &str =
    "A red flag applies: get medical care first. Exercises are not suggested until a clinician has seen you.";

pub(super) fn notes(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    candidates: &[Candidate],
    flags: &[FlagHit],
    context_fit: &[f32],
) -> Vec<Note> {
    let emergency = flags.iter().any(|f| f.urgency == Urgency::Emergency);
    let mut notes: Vec<Note> = stock(kb, NoteId::Education, NoteKind::Education).into_iter().collect();
    if emergency {
        let mut sources = Vec::new();
        for flag in flags.iter().filter(|f| f.urgency == Urgency::Emergency) {
            extend_unique(&mut sources, flag.sources.iter().cloned());
        }
        notes.push(Note::new(NoteKind::SeekCareFirst, Arc::from(SEEK_CARE_FIRST), sources));
    }
    if !candidates.is_empty() {
        notes.extend(stock(kb, NoteId::Groups, NoteKind::Groups));
    }

    // Notes that could read as reassurance are never shown beside an emergency.
    if !emergency {
        outside_sciatic_notes(kb, selected, &mut notes);
        let local = |r: Region| matches!(r, Region::Knee | Region::Ankle | Region::Foot);
        if !selected.is_empty() && selected.iter().all(|s| local(s.def.region)) {
            notes.extend(stock(kb, NoteId::LocalProblems, NoteKind::LocalProblems));
        }
    }

    // The L5/S1 caveat whenever both roots have real support.
    if overlapping_roots(kb, candidates).is_some() {
        notes.extend(stock(kb, NoteId::RootOverlap, NoteKind::RootOverlap));
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
            extend_unique(&mut sources, account.cites.iter().map(|c| c.id.clone()));
        }
        let text =
            format!("Sources differ on the roots of the {}: {}.", lower_first(&nerve.name), accounts.join(" vs "));
        notes.push(Note::about(NoteKind::RootAccounts, &nerve.id, text.into(), sources));
    }

    // Context-only causes (pregnancy): said once where they could apply, never ranked.
    for (record, &fit) in context_fit.iter().enumerate() {
        let cause = &kb.causes[record];
        if fit >= MIN_CANDIDATE_SCORE {
            notes.push(Note::about(NoteKind::Context, &cause.id, cause.description.clone(), cite_ids(&cause.cites)));
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
        let mut best_other: Option<&AreaLink> = None;
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
            let text = format!(
                "{} is mainly {} territory ({}), outside the sciatic nerve's; pain here alone is less \
                     likely to be sciatica.{nearby}",
                capitalize(&def.label),
                nerve.name,
                kb.root_range(&nerve.roots),
            );
            notes.push(Note::about(NoteKind::OutsideSciatic, &def.id, text.into(), cite_ids(&link.cites)));
        }
    }
}

/// A note whose wording and citations are data (`notes.toml`).
fn stock(kb: &KnowledgeBase, id: NoteId, kind: NoteKind) -> Option<Note> {
    kb.note(id).map(|note| Note::new(kind, note.text.clone(), cite_ids(&note.cites)))
}

/// The two roots of the overlap caveat (`notes.toml`, `l5_s1_overlap`), when both have real
/// support, in data order: the note and the checks that tell them apart are shown then.
pub(super) fn overlapping_roots<'c>(kb: &KnowledgeBase, candidates: &'c [Candidate]) -> Option<[&'c Candidate; 2]> {
    let [a, b] = kb.note(NoteId::RootOverlap)?.roots.as_slice() else { return None };
    let supported = |id: &str| candidates.iter().find(|c| &*c.id == id && c.score >= OVERLAP_CAVEAT_SCORE);
    Some([supported(a)?, supported(b)?])
}
