//! The look-up's answer: the types of [`LookupResult`], whose JSON form is the CLI's contract.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::selection::is_false;
use crate::knowledge::graph::SourceIds;
use crate::knowledge::{ExerciseKind, LinkKind, Side, Urgency};

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
    pub id: Arc<str>,
    pub urgency: Urgency,
    pub text: Arc<str>,
    pub advice: Arc<str>,
    /// What in the selection raised it.
    pub because: String,
    /// Whether the marked areas, a "yes" when the patient was asked, or both raised it (left out
    /// of the JSON when it is the areas, the only way a bare selection raises one).
    #[serde(skip_serializing_if = "RaisedBy::is_areas")]
    pub raised_by: RaisedBy,
    pub sources: SourceIds,
}

/// What raised a red flag: the marked areas, the patient's "yes" when asked, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RaisedBy {
    #[default]
    Areas,
    Answer,
    AreasAndAnswer,
}

impl RaisedBy {
    /// Raised by the marked areas alone.
    pub fn is_areas(&self) -> bool {
        *self == RaisedBy::Areas
    }

    /// Raised (also) by the patient's "yes".
    pub fn by_answer(self) -> bool {
        self != RaisedBy::Areas
    }
}

/// One red flag on the "ask about / get care now if…" checklist, which every result carries in
/// full, most urgent first: most red flags cannot be seen on a body map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub id: Arc<str>,
    pub urgency: Urgency,
    pub text: Arc<str>,
    pub advice: Arc<str>,
    /// Where the articles grade its urgency differently from the reference.
    pub grading_note: Option<Arc<str>>,
    /// Raised by the marked areas or a "yes" when asked (then it is in `red_flags` too).
    pub raised: bool,
    pub sources: SourceIds,
}

/// One piece of evidence for (or against) a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The selected area it comes from (`left.buttock`), if it comes from one.
    pub area: Option<Arc<str>>,
    /// Shared between the candidates that give the same reason (the causes acting through one
    /// root give each area's "through the L5 nerve root" alike).
    pub text: Arc<str>,
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
    /// What the note is about: code picks notes by this, never by matching `id`.
    #[serde(skip)]
    pub kind: NoteKind,
    /// The note's id in JSON: the kind's id, with the record it is about for per-record kinds
    /// (`outside_sciatic.lateral_thigh`). Part of the CLI's contract. Borrowed from the kind
    /// for the notes said once per result, so they cost no copy.
    pub id: Cow<'static, str>,
    /// Shared with the knowledge base for the notes whose wording is data.
    pub text: Arc<str>,
    pub sources: Vec<Arc<str>>,
}

/// The kinds of note a look-up gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// Education, not a diagnosis: on every result.
    Education,
    /// An emergency red flag applies: care first, and no exercises until a clinician has seen it.
    SeekCareFirst,
    /// The candidate groups are not rivals.
    Groups,
    /// An area better explained by a nerve outside the sciatic system (one per area).
    OutsideSciatic,
    /// Pain only in the foot, ankle or knee, which most often has a local cause.
    LocalProblems,
    /// Two roots whose territories overlap (L5 and S1) both fit.
    RootOverlap,
    /// Sources disagree on the roots of a nerve that ranks high (one per nerve).
    RootAccounts,
    /// A cause shown only as context, such as pregnancy (one per cause).
    Context,
}

impl NoteKind {
    /// The note's JSON id, or the prefix of it for the kinds that are about one record
    /// (`outside_sciatic` in `outside_sciatic.lateral_thigh`).
    pub fn id(self) -> &'static str {
        match self {
            NoteKind::Education => "education",
            NoteKind::SeekCareFirst => "seek_care_first",
            NoteKind::Groups => "groups",
            NoteKind::OutsideSciatic => "outside_sciatic",
            NoteKind::LocalProblems => "local_problems",
            NoteKind::RootOverlap => "l5_s1_overlap",
            NoteKind::RootAccounts => "root_accounts",
            NoteKind::Context => "context",
        }
    }

    /// Whether the note changes what a reader should conclude (get care first, this may not be
    /// sciatica, where it hurts cannot tell these apart), so the window shows it emphasised.
    pub fn is_emphasised(self) -> bool {
        matches!(
            self,
            NoteKind::SeekCareFirst | NoteKind::OutsideSciatic | NoteKind::LocalProblems | NoteKind::RootOverlap
        )
    }
}

impl Note {
    /// A note of a kind said once per result.
    pub(super) fn new(kind: NoteKind, text: Arc<str>, sources: Vec<Arc<str>>) -> Note {
        Note { kind, id: Cow::Borrowed(kind.id()), text, sources }
    }

    /// A note about one record (`root_accounts.sciatic`).
    pub(super) fn about(kind: NoteKind, record: &str, text: Arc<str>, sources: Vec<Arc<str>>) -> Note {
        Note { kind, id: Cow::Owned(format!("{}.{record}", kind.id())), text, sources }
    }
}

impl LookupResult {
    /// The first note of `kind`, if the result has one.
    pub fn note(&self, kind: NoteKind) -> Option<&Note> {
        self.notes.iter().find(|n| n.kind == kind)
    }
}

/// What an examiner checks, offered to tell two close candidates apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckHit {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub how: Arc<str>,
    pub finding: Arc<str>,
    pub accuracy: Option<Arc<str>>,
    pub sources: SourceIds,
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
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub kind: ExerciseKind,
    pub score: f32,
    pub band: Band,
    /// What it targets among the candidates and areas, strongest first.
    pub why: Vec<Arc<str>>,
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
    pub exercises_withheld: Option<Arc<str>>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_ids_are_the_json_contract() {
        let note = Note::about(NoteKind::OutsideSciatic, "lateral_thigh", Arc::from(""), Vec::new());
        assert_eq!(note.id, "outside_sciatic.lateral_thigh");
        assert_eq!(Note::new(NoteKind::RootOverlap, Arc::from(""), Vec::new()).id, "l5_s1_overlap");
        assert_eq!(Note::new(NoteKind::SeekCareFirst, Arc::from(""), Vec::new()).id, "seek_care_first");
    }

    #[test]
    fn the_notes_that_change_the_conclusion_are_emphasised() {
        let emphasised =
            [NoteKind::SeekCareFirst, NoteKind::OutsideSciatic, NoteKind::LocalProblems, NoteKind::RootOverlap];
        for kind in emphasised {
            assert!(kind.is_emphasised(), "{kind:?}");
        }
        for kind in [NoteKind::Education, NoteKind::Groups, NoteKind::RootAccounts, NoteKind::Context] {
            assert!(!kind.is_emphasised(), "{kind:?}");
        }
    }
}
