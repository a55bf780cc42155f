//! Red flags: those the marked areas or the patient's answers raise, and the whole checklist
//! every result carries.

use super::result::{ChecklistItem, FlagHit, RaisedBy};
use super::scoring::{Picture, Selected};
use crate::knowledge::{KnowledgeBase, Region, Side, Trigger};
use crate::session::{Answer, RedFlagAnswer};
use crate::text::lower_first;

/// Why a flag the patient said "yes" to is raised.
pub const ANSWERED_YES: &str = "answered yes when asked at this visit";

/// The flags the marked areas raise, and those the patient answered "yes" to (`answers`): one
/// rule for both, so an answer raises its flag wherever an area would.
pub(super) fn red_flags(
    kb: &KnowledgeBase,
    selected: &[Selected<'_>],
    picture: &Picture,
    answers: &[RedFlagAnswer],
) -> Vec<FlagHit> {
    let sources = &kb.graph().red_flag_sources;
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
        let (because, raised_by) = match (because, answered_yes(answers, &flag.id)) {
            (Some(areas), false) => (areas, RaisedBy::Areas),
            (Some(areas), true) => (format!("{areas}; also {ANSWERED_YES}"), RaisedBy::AreasAndAnswer),
            (None, true) => (ANSWERED_YES.to_string(), RaisedBy::Answer),
            (None, false) => continue,
        };
        hits.push((
            order,
            FlagHit {
                id: flag.id.clone(),
                urgency: flag.urgency,
                text: flag.text.clone(),
                advice: flag.advice.clone(),
                because,
                raised_by,
                sources: sources[order].clone(),
            },
        ));
    }
    hits.sort_by(|a, b| a.1.urgency.cmp(&b.1.urgency).then(a.0.cmp(&b.0)));
    hits.into_iter().map(|(_, hit)| hit).collect()
}

/// Whether the patient answered "yes" to the red flag `id`.
fn answered_yes(answers: &[RedFlagAnswer], id: &str) -> bool {
    answers.iter().any(|a| a.id == id && a.answer == Answer::Yes)
}

/// Every red flag, most urgent first (data order within an urgency), marked when raised.
pub(super) fn checklist(kb: &KnowledgeBase, raised: &[FlagHit]) -> Vec<ChecklistItem> {
    let sources = &kb.graph().red_flag_sources;
    let mut items: Vec<ChecklistItem> = kb
        .red_flags
        .iter()
        .zip(sources)
        .map(|(flag, sources)| ChecklistItem {
            id: flag.id.clone(),
            urgency: flag.urgency,
            text: flag.text.clone(),
            advice: flag.advice.clone(),
            grading_note: flag.grading_note.clone(),
            raised: raised.iter().any(|r| r.id == flag.id),
            sources: sources.clone(),
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
