//! Close candidates, and the checks an examiner uses to tell them apart.

use super::notes::overlapping_roots;
use super::result::{Candidate, CheckHit, Distinction, MODERATE_FIT};
use super::scoring::MIN_CANDIDATE_SCORE;
use crate::knowledge::{CauseKind, ExamTest, KnowledgeBase, LinkKind};

/// Two roots are "close" when the second scores at least this share of the first.
const CLOSE_ROOTS: f32 = 0.7;
/// A non-spinal cause is "close" to the leading spinal cause at this share of its score.
const CLOSE_CAUSES: f32 = 0.6;
/// At most this many checks are offered per pair.
const MAX_CHECKS: usize = 6;

/// Close candidates and the checks that separate them: the two leading roots when the second
/// fits nearly as well, and the leading root against a non-spinal cause (an entrapment, the
/// sacroiliac joint) that fits nearly as well as the leading spinal cause.
pub(super) fn distinguish(kb: &KnowledgeBase, candidates: &[Candidate]) -> Vec<Distinction> {
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
    if let Some([first, second]) = overlapping_roots(kb, candidates)
        && !pairs.iter().any(|(a, b, _)| {
            let pair = [&*a.id, &*b.id];
            pair.contains(&&*first.id) && pair.contains(&&*second.id)
        })
    {
        // The stronger first; on a tie the second of the data's pair (S1 before L5, as before).
        let (a, b) = if second.score >= first.score { (second, first) } else { (first, second) };
        pairs.push((a, b, vec![&*a.id]));
    }
    // Only causes and entrapments are looked up by id: the roots, nerves and muscles ranked
    // before them are not causes.
    let cause_kind = |c: &Candidate| {
        matches!(c.kind, LinkKind::Cause | LinkKind::Entrapment)
            .then(|| kb.cause(&c.id))
            .flatten()
            .map(|cause| cause.kind)
    };
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
            let points = |t: &ExamTest, id: &str| t.points_to.iter().any(|p| p == id);
            let to_a = |t: &ExamTest| side_a.iter().any(|id| points(t, id));
            let separately = |t: &ExamTest| t.each_separately && to_a(t) && points(t, &b.id);
            // Checks by their index in the data, which also finds their resolved sources.
            let which = |keep: &dyn Fn(&ExamTest) -> bool| -> Vec<usize> {
                kb.exam_tests.iter().enumerate().filter(|(_, t)| keep(t)).map(|(i, _)| i).collect()
            };
            let for_b = which(&|t| points(t, &b.id) && !to_a(t));
            let for_a = which(&|t| to_a(t) && !points(t, &b.id));
            let mut chosen = which(&separately);
            for i in 0..for_a.len().max(for_b.len()) {
                chosen.extend(for_b.get(i));
                chosen.extend(for_a.get(i));
            }
            let sources = &kb.graph().exam_test_sources;
            let checks: Vec<CheckHit> = chosen
                .into_iter()
                .take(MAX_CHECKS)
                .map(|i| {
                    let t = &kb.exam_tests[i];
                    CheckHit {
                        id: t.id.clone(),
                        name: t.name.clone(),
                        how: t.how.clone(),
                        finding: t.finding.clone(),
                        accuracy: t.accuracy.clone(),
                        sources: sources[i].clone(),
                    }
                })
                .collect();
            Distinction { between: [a.id.clone(), b.id.clone()], names: [a.name.clone(), b.name.clone()], checks }
        })
        .filter(|d| !d.checks.is_empty())
        .collect()
}
