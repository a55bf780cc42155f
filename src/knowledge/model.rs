//! The typed records of the knowledge base: one struct per kind of data file in `data/`.
//!
//! Every claim-bearing record carries `cites`: citations of the five source articles (by document
//! id) or of a public reference (ISNCSCI 2019, Lee 2008, Gray's, Moore's, Albert 2019 …). The
//! schema is documented for editors in `data/README.md`; keep the two in step.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A citation: a source id, optionally with the section of that source.
///
/// In the data files it is either a bare string (`"003_80d643834b2a0ee8"`) or a table
/// (`{ id = "003_80d643834b2a0ee8", section = "3. Supine Figure Four Stretch" }`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "CitationRepr")]
pub struct Citation {
    /// Id of a record in `sources.toml` (shared: look-up results repeat it many times).
    pub id: Arc<str>,
    /// The section, heading or table of the source the claim comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CitationRepr {
    Bare(String),
    Full {
        id: String,
        #[serde(default)]
        section: Option<String>,
    },
}

impl From<CitationRepr> for Citation {
    fn from(repr: CitationRepr) -> Self {
        match repr {
            CitationRepr::Bare(id) => Citation { id: id.into(), section: None },
            CitationRepr::Full { id, section } => Citation { id: id.into(), section },
        }
    }
}

/// Whether a source is one of the five patient-education articles or a public reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A patient-education article in `shared/sources/` (cited by its file name).
    Article,
    /// A public clinical or anatomical reference (textbook, standard, paper).
    Reference,
}

/// One source that records cite (`sources.toml`, `[[source]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// For articles, the file name without `.txt`; for references, a short slug.
    pub id: String,
    pub kind: SourceKind,
    pub title: String,
    /// The author line as the text gives it.
    pub author: String,
    /// Publication or update date where the source gives one (free text, e.g. "2022-06-13").
    #[serde(default)]
    pub date: Option<String>,
    /// What the app takes from this source, in one sentence.
    #[serde(default)]
    pub contributes: Option<String>,
    /// The short citation people read ("Stendahl 2022", "Gray's Anatomy"): author or site, and
    /// the year where the source gives one. Derived from `author` and `date` when absent.
    #[serde(default)]
    pub short: Option<String>,
}

impl Source {
    /// The short, readable citation shown wherever people read a source: never the raw id.
    pub fn short_citation(&self) -> String {
        if let Some(short) = self.short.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            return short.to_string();
        }
        let author = self.author.split([',', '(']).next().unwrap_or(&self.author).trim();
        let year = self
            .date
            .as_deref()
            .and_then(|d| d.split(|c: char| !c.is_ascii_digit()).find(|part| part.len() == 4).map(str::to_string));
        match year {
            Some(year) => format!("{author} {year}"),
            None => author.to_string(),
        }
    }
}

/// A spinal nerve root, L1 … S4–5 (`roots.toml`, `[[root]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Root {
    /// "L1" … "L5", "S1", "S2", "S3", "S4-5".
    pub id: String,
    pub name: String,
    /// The dermatome: skin this root supplies.
    pub skin_area: String,
    /// The ISNCSCI key sensory point.
    pub key_sensory_point: String,
    /// The ISNCSCI key muscle or movement ("—" where none).
    pub key_muscle: String,
    /// The reflex this root carries ("—" where none).
    pub reflex: String,
    pub cites: Vec<Citation>,
}

/// One account of which roots form a nerve, where the sources disagree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootAccount {
    pub roots: Vec<String>,
    pub cites: Vec<Citation>,
}

/// A peripheral nerve (`nerves.toml`, `[[nerve]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nerve {
    pub id: String,
    pub name: String,
    /// Root ids (the reference account).
    pub roots: Vec<String>,
    /// Other accounts of the roots where sources disagree (sciatic: L4–S3 in 000, L4–S2 in 003).
    #[serde(default)]
    pub root_accounts: Vec<RootAccount>,
    /// The nerve this one branches from, if it is a branch.
    #[serde(default)]
    pub parent: Option<String>,
    /// True for the sciatic nerve and its branches; false for neighbours such as the femoral.
    pub sciatic: bool,
    /// Not a branch, but leaves the pelvis with the sciatic nerve and shares its picture (the
    /// posterior femoral cutaneous nerve): pain in its skin is not "outside the sciatic territory".
    #[serde(default)]
    pub accompanies_sciatic: bool,
    /// Its course, in a sentence or two.
    pub course: String,
    /// Muscle ids from `muscles.toml` that it supplies.
    #[serde(default)]
    pub supplies: Vec<String>,
    /// Motor supply in words (may name muscles not in `muscles.toml`; "—" for purely sensory).
    pub motor: String,
    /// The skin it supplies ("—" for a purely motor nerve).
    pub skin: String,
    pub cites: Vec<Citation>,
}

/// A muscle that matters for sciatic-type pain (`muscles.toml`, `[[muscle]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Muscle {
    pub id: String,
    pub name: String,
    /// What it does.
    pub action: String,
    /// The nerve supplying it, in words ("inferior gluteal nerve (L5–S2)").
    pub innervation: String,
    /// The supplying nerve's id in `nerves.toml`, where it is one of ours.
    #[serde(default)]
    pub nerve: Option<String>,
    /// Where it refers pain, in words (empty when it does not mimic sciatica).
    #[serde(default)]
    pub referral: String,
    pub cites: Vec<Citation>,
}

/// The kind of a cause: what the look-up calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// A spinal cause: disc, spondylosis, stenosis, spondylolisthesis, scoliosis.
    Spinal,
    /// A place where a peripheral nerve is squeezed: piriformis, fibular neck, tarsal tunnel …
    Entrapment,
    /// Muscles, joints or posture: tight hip rotators, SIJ dysfunction, postural misalignment.
    Musculoskeletal,
    /// Anything else the sources name (pregnancy).
    Other,
}

impl CauseKind {
    /// The name in `causes.toml` (`kind = "entrapment"`).
    pub fn as_str(self) -> &'static str {
        match self {
            CauseKind::Spinal => "spinal",
            CauseKind::Entrapment => "entrapment",
            CauseKind::Musculoskeletal => "musculoskeletal",
            CauseKind::Other => "other",
        }
    }

    /// The kind in plain words ("pinch point (entrapment)").
    pub fn label(self) -> &'static str {
        match self {
            CauseKind::Spinal => "spine",
            CauseKind::Entrapment => "pinch point (entrapment)",
            CauseKind::Musculoskeletal => "muscles and joints",
            CauseKind::Other => "other",
        }
    }
}

/// A weighted link from a cause to a root or nerve it affects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseLink {
    /// A root id or a nerve id.
    pub target: String,
    /// How strongly this cause acts through the target, in (0, 1].
    pub weight: f32,
}

/// A cause of sciatic-type pain or an entrapment site (`causes.toml`, `[[cause]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    pub id: String,
    pub kind: CauseKind,
    pub name: String,
    /// What it is, in plain words (shared with the context note of a look-up result).
    pub description: Arc<str>,
    /// The typical picture (where it hurts, what makes it worse).
    #[serde(default)]
    pub typical: String,
    /// Roots and nerves through which this cause produces pain; the look-up ranks the cause by
    /// how well these explain the selection.
    #[serde(default)]
    pub acts_on: Vec<CauseLink>,
    /// Muscles at the site (piriformis for piriformis syndrome), for highlighting on the drawing.
    #[serde(default)]
    pub muscles: Vec<String>,
    /// How common this cause is relative to its peers, in (0, 1] (L4–L5 and L5–S1 discs: 1).
    #[serde(default = "one")]
    pub prior: f32,
    /// Favoured when pain is on both sides (stenosis, a central disc), and weighed down when
    /// only one side hurts.
    #[serde(default)]
    pub bilateral: bool,
    /// Where the cause must produce symptoms to be well supported (an entrapment needs pain at or
    /// below its site); without a match its score is multiplied by `factor`.
    #[serde(default)]
    pub needs: Option<Condition>,
    /// Evidence against: when a condition matches, the score is multiplied by its `factor`
    /// (low back pain counts against a pure entrapment, saddle symptoms against any peripheral one).
    #[serde(default)]
    pub against: Vec<Condition>,
    /// Shown only as context for everyone it may concern (pregnancy), never ranked as a source.
    #[serde(default)]
    pub context_only: bool,
    pub cites: Vec<Citation>,
}

/// A condition on the selection that changes a cause's weight: it matches when any selected
/// area has one of `areas` as its base id or lies in one of `regions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub regions: Vec<Region>,
    /// The multiplier, in (0, 1).
    pub factor: f32,
    /// Why, in plain words, shown as counter-evidence ("no pain in the buttock, where the nerve
    /// is squeezed").
    pub why: String,
}

fn one() -> f32 {
    1.0
}

/// How soon to seek care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Same day: possible cauda equina syndrome or severe nerve loss.
    Emergency,
    /// See a clinician soon.
    Soon,
}

impl Urgency {
    /// The name in `red_flags.toml` (`urgency = "emergency"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Soon => "soon",
        }
    }

    /// What to do, in plain words: "EMERGENCY — same day", "see a clinician soon".
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Emergency => "EMERGENCY — same day",
            Urgency::Soon => "see a clinician soon",
        }
    }
}

/// What raises a red flag from a selection of pain areas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// Any of these area base ids is selected (e.g. `saddle`).
    Areas { areas: Vec<String> },
    /// Both legs are marked from the thigh down (thigh, knee, leg, ankle or foot on the left and
    /// on the right): both groins, hips or buttocks alone are not "both legs".
    #[serde(alias = "both_sides")]
    BothLegs,
    /// Pain runs from the back, buttock or thigh down to the foot.
    RadiatesToFoot,
    /// Not detectable from a body map (history of cancer, fever …): always listed on the
    /// handout and in "when to seek care", never raised by a selection.
    Checklist,
}

impl Trigger {
    /// The trigger's `kind` in `red_flags.toml` (`areas`, `both_legs` …).
    pub fn kind_str(&self) -> &'static str {
        match self {
            Trigger::Areas { .. } => "areas",
            Trigger::BothLegs => "both_legs",
            Trigger::RadiatesToFoot => "radiates_to_foot",
            Trigger::Checklist => "checklist",
        }
    }
}

/// A sign that needs a clinician (`red_flags.toml`, `[[red_flag]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// Its id, text and advice are shared with every look-up result (the checklist carries every
    /// flag), not copied.
    pub id: Arc<str>,
    pub urgency: Urgency,
    /// The sign, in plain words for a patient.
    pub text: Arc<str>,
    /// What to do.
    pub advice: Arc<str>,
    pub trigger: Trigger,
    /// Where the articles grade this sign's urgency differently from the reference, said plainly
    /// (e.g. article 002 calls all of its signs immediate).
    #[serde(default)]
    pub grading_note: Option<Arc<str>>,
    pub cites: Vec<Citation>,
}

/// What an examiner checks to tell sources apart (`exam_tests.toml`, `[[exam_test]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamTest {
    /// Its texts are shared with the look-up results that offer it, not copied.
    pub id: Arc<str>,
    /// Plain name with the clinical term in brackets: "Lifting the big toe against resistance
    /// (extensor hallucis longus)".
    pub name: Arc<str>,
    /// What the examiner does, in plain words.
    pub how: Arc<str>,
    /// What a positive or abnormal finding suggests.
    pub finding: Arc<str>,
    /// Published accuracy where the reference gives it, in words ("picks up most disc
    /// herniations but is often positive without one").
    #[serde(default)]
    pub accuracy: Option<Arc<str>>,
    /// The root, nerve and cause ids an abnormal or positive finding points to. A check helps to
    /// tell two candidates apart when it points to one of them and not the other.
    pub points_to: Vec<String>,
    /// The check examines each of `points_to` on its own (one key point per root), so it tells
    /// any two of them apart.
    #[serde(default)]
    pub each_separately: bool,
    pub cites: Vec<Citation>,
}

/// What an exercise is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseKind {
    Stretch,
    NerveGlide,
    Strengthening,
    Release,
    Mobility,
    Posture,
    /// Self-care advice rather than an exercise (movement breaks, tools, seeing a PT).
    Advice,
}

/// The body position an exercise is done in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Supine,
    Prone,
    Seated,
    Standing,
    Kneeling,
    Quadruped,
    SideLying,
    /// Advice, or an exercise that works in several positions.
    Any,
}

impl ExerciseKind {
    /// The kind in plain words ("nerve glide").
    pub fn label(self) -> &'static str {
        match self {
            ExerciseKind::Stretch => "stretch",
            ExerciseKind::NerveGlide => "nerve glide",
            ExerciseKind::Strengthening => "strengthening",
            ExerciseKind::Release => "release",
            ExerciseKind::Mobility => "mobility",
            ExerciseKind::Posture => "posture",
            ExerciseKind::Advice => "advice",
        }
    }
}

impl Position {
    /// The position in plain words ("lying on your back").
    pub fn label(self) -> &'static str {
        match self {
            Position::Supine => "lying on your back",
            Position::Prone => "lying on your front",
            Position::Seated => "sitting",
            Position::Standing => "standing",
            Position::Kneeling => "kneeling",
            Position::Quadruped => "on hands and knees",
            Position::SideLying => "lying on your side",
            Position::Any => "any position",
        }
    }
}

/// What an exercise works on; every id must resolve in its own file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    #[serde(default)]
    pub muscles: Vec<String>,
    #[serde(default)]
    pub nerves: Vec<String>,
    #[serde(default)]
    pub roots: Vec<String>,
    /// Cause ids (e.g. `piriformis_syndrome`, `postural_misalignment`).
    #[serde(default)]
    pub causes: Vec<String>,
    /// Pain area base ids (unsided: `buttock`, `posterior_thigh`).
    #[serde(default)]
    pub areas: Vec<String>,
}

/// The dose one source gives for an exercise. All fields are as the source states them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dosage {
    /// The source this dosage comes from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Done on each side.
    #[serde(default)]
    pub per_side: bool,
}

/// An exercise or a piece of self-care advice (`exercises.toml`, `[[exercise]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Its id and name are shared with the look-up results that suggest it, not copied.
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub kind: ExerciseKind,
    pub position: Position,
    /// Equipment slugs (`chair`, `band`, `pillow`, `wall`, `massage_ball`, `foam_roller`,
    /// `step`, `mat`, `exercise_ball`, `cushion`, `kinesiotape`, `tens`, `weights`); empty when
    /// none is needed.
    #[serde(default)]
    pub equipment: Vec<String>,
    pub targets: Targets,
    /// What it does and why, in one or two sentences.
    pub summary: String,
    /// Steps in the project's own words.
    pub steps: Vec<String>,
    /// One dosage per source that gives one.
    #[serde(default)]
    pub dosage: Vec<Dosage>,
    /// Shared with look-up results without copying.
    #[serde(default)]
    pub cautions: Arc<[String]>,
    /// Can be done lying in bed.
    #[serde(default)]
    pub in_bed: bool,
    /// Editorial notes (e.g. a heading missing in the source).
    #[serde(default)]
    pub note: Option<String>,
    pub cites: Vec<Citation>,
}

/// Whether a pain area belongs to one side of the body or the midline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Laterality {
    Sided,
    Midline,
}

impl Laterality {
    /// The name in `areas.toml` (`sided`, `midline`).
    pub fn as_str(self) -> &'static str {
        match self {
            Laterality::Sided => "sided",
            Laterality::Midline => "midline",
        }
    }
}

/// A drawing view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Posterior,
    Anterior,
}

impl View {
    /// The name in the data files (`posterior`, `anterior`).
    pub fn as_str(self) -> &'static str {
        match self {
            View::Posterior => "posterior",
            View::Anterior => "anterior",
        }
    }

    /// The view in plain words ("back view").
    pub fn label(self) -> &'static str {
        match self {
            View::Posterior => "back view",
            View::Anterior => "front view",
        }
    }
}

/// Body region of a pain area, used by rules such as "radiates to the foot".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Back,
    Pelvis,
    Hip,
    Thigh,
    Knee,
    Leg,
    Ankle,
    Foot,
}

impl Region {
    /// The name in `areas.toml` (`region = "thigh"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Back => "back",
            Region::Pelvis => "pelvis",
            Region::Hip => "hip",
            Region::Thigh => "thigh",
            Region::Knee => "knee",
            Region::Leg => "leg",
            Region::Ankle => "ankle",
            Region::Foot => "foot",
        }
    }

    /// The region in plain words ("lower back", "lower leg").
    pub fn label(self) -> &'static str {
        match self {
            Region::Back => "lower back",
            Region::Pelvis => "pelvis",
            Region::Hip => "hip",
            Region::Thigh => "thigh",
            Region::Knee => "knee",
            Region::Leg => "lower leg",
            Region::Ankle => "ankle",
            Region::Foot => "foot",
        }
    }
}

impl Region {
    /// The levels along the leg an area of this region may have (`level` in `areas.toml`): a
    /// foot area cannot be at the level of the back, which would hide pain spreading down.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Region::Back => &[Level::Back],
            Region::Pelvis => &[Level::Back, Level::Buttock],
            Region::Hip => &[Level::Buttock],
            Region::Thigh => &[Level::Thigh],
            Region::Knee => &[Level::Knee],
            Region::Leg => &[Level::Leg],
            Region::Ankle => &[Level::Leg, Level::Foot],
            Region::Foot => &[Level::Foot],
        }
    }
}

/// How far down from the spine a pain area lies, for following pain over visits: pain that
/// retreats towards the back (centralisation) is a good sign, pain that spreads down the leg
/// (peripheralisation) a bad one. Ordered from the back down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Back,
    Buttock,
    Thigh,
    Knee,
    Leg,
    Foot,
}

impl Level {
    /// Every level, from the back down.
    pub const ALL: [Level; 6] = [Level::Back, Level::Buttock, Level::Thigh, Level::Knee, Level::Leg, Level::Foot];

    /// The name in `areas.toml` (`level = "thigh"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Back => "back",
            Level::Buttock => "buttock",
            Level::Thigh => "thigh",
            Level::Knee => "knee",
            Level::Leg => "leg",
            Level::Foot => "foot",
        }
    }

    /// The level in plain words ("lower back", "lower leg").
    pub fn label(self) -> &'static str {
        match self {
            Level::Back => "lower back",
            Level::Buttock => "buttock",
            Level::Thigh => "thigh",
            Level::Knee => "knee",
            Level::Leg => "lower leg",
            Level::Foot => "foot",
        }
    }
}

/// The kind of record a link points at; also the kind of a look-up candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Root,
    Nerve,
    Entrapment,
    Muscle,
    Cause,
}

impl LinkKind {
    /// The lowercase name used in JSON and the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Root => "root",
            LinkKind::Nerve => "nerve",
            LinkKind::Entrapment => "entrapment",
            LinkKind::Muscle => "muscle",
            LinkKind::Cause => "cause",
        }
    }

    /// The kind in plain words, as a candidate's tag ("nerve root", "pinch point").
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Root => "nerve root",
            LinkKind::Nerve => "nerve",
            LinkKind::Entrapment => "pinch point",
            LinkKind::Muscle => "muscle",
            LinkKind::Cause => "cause",
        }
    }
}

/// A weighted, cited link from a pain area to something that can produce pain there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaLink {
    pub kind: LinkKind,
    /// A root, nerve, muscle or cause id (entrapments are causes of kind `entrapment`).
    pub target: String,
    /// How well the target explains pain in this area, in (0, 1].
    pub weight: f32,
    /// Why, in a few words ("dermatome; key point lateral heel").
    #[serde(default)]
    pub why: String,
    pub cites: Vec<Citation>,
}

/// A pain area of the body map (`areas.toml`, `[[area]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDef {
    /// Base id without side (`lateral_foot`); sided areas are selected as `left.lateral_foot`.
    pub id: String,
    /// Label without side, lower case ("lateral foot"); the UI prefixes "Left"/"Right".
    pub label: String,
    pub laterality: Laterality,
    pub region: Region,
    /// How far down the leg the area lies (back, buttock, thigh, knee, leg, foot): what
    /// centralisation is measured by. One of its region's [`Region::levels`]. It may be left out
    /// where the region has one level, so areas written before visits were kept still load; use
    /// [`AreaDef::level`] to read it.
    #[serde(default, rename = "level")]
    pub level_given: Option<Level>,
    pub views: Vec<View>,
    /// What the area covers, for a tooltip.
    #[serde(default)]
    pub description: String,
    pub links: Vec<AreaLink>,
}

impl AreaDef {
    /// How far down the leg the area lies: the level given, else its region's only level. (A
    /// region with two levels must give one; the validator says so.)
    pub fn level(&self) -> Level {
        self.level_given.unwrap_or(self.region.levels()[0])
    }
}

/// The side of the body a selected pain area is on (the patient's side, not the viewer's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
    Midline,
}

impl Side {
    /// "left", "right" or "midline".
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Midline => "midline",
        }
    }

    /// The side in plain words ("left", "right", "middle").
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Midline => "middle",
        }
    }

    /// The other side; the midline is its own mirror.
    pub fn mirrored(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
            Side::Midline => Side::Midline,
        }
    }
}

/// The notes whose wording and citations are data (`notes.toml`): the code decides where each
/// is shown, the data says what it says and cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteId {
    /// Beside every look-up: education, not a diagnosis.
    Education,
    /// Beside ranked candidates: the groups are not rivals.
    Groups,
    /// Pain only in the foot, ankle or knee: most often a local problem.
    LocalProblems,
    /// Two roots whose territories overlap both fit; the note names the two `roots`.
    RootOverlap,
    /// The pathway story's step from the roots to the sciatic nerve; it has a `title`.
    SacralPlexus,
}

impl NoteId {
    /// Every note `notes.toml` must hold.
    pub const ALL: [NoteId; 5] =
        [NoteId::Education, NoteId::Groups, NoteId::LocalProblems, NoteId::RootOverlap, NoteId::SacralPlexus];

    /// The id in `notes.toml` (also the note's id in look-up results).
    pub fn as_str(self) -> &'static str {
        match self {
            NoteId::Education => "education",
            NoteId::Groups => "groups",
            NoteId::LocalProblems => "local_problems",
            NoteId::RootOverlap => "l5_s1_overlap",
            NoteId::SacralPlexus => "sacral_plexus",
        }
    }

    /// The note whose id is `id`, if any.
    pub fn of(id: &str) -> Option<NoteId> {
        NoteId::ALL.into_iter().find(|n| n.as_str() == id)
    }
}

/// The wording and citations of a note the app shows at a fixed place (`notes.toml`, `[[note]]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteText {
    /// One of [`NoteId`]'s ids.
    pub id: String,
    /// The heading, for the pathway story's step (`sacral_plexus` only).
    #[serde(default)]
    pub title: Option<String>,
    /// Shared with the look-up results that carry the note, not copied.
    pub text: Arc<str>,
    /// The two roots whose overlap the note explains (`l5_s1_overlap` only): the note and the
    /// checks that tell them apart are shown when both fit.
    #[serde(default)]
    pub roots: Vec<String>,
    pub cites: Vec<Citation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the code writes (`as_str`) are the names serde reads: a mistyped one would make
    /// a pack error message or a file name disagree with the data files.
    #[test]
    fn data_file_names_are_the_serde_names() {
        fn serde_name<T: Serialize>(value: T) -> String {
            match serde_json::to_value(value) {
                Ok(serde_json::Value::String(name)) => name,
                other => panic!("not a unit variant: {other:?}"),
            }
        }
        for kind in [CauseKind::Spinal, CauseKind::Entrapment, CauseKind::Musculoskeletal, CauseKind::Other] {
            assert_eq!(kind.as_str(), serde_name(kind));
        }
        for urgency in [Urgency::Emergency, Urgency::Soon] {
            assert_eq!(urgency.as_str(), serde_name(urgency));
        }
        for laterality in [Laterality::Sided, Laterality::Midline] {
            assert_eq!(laterality.as_str(), serde_name(laterality));
        }
        for view in [View::Posterior, View::Anterior] {
            assert_eq!(view.as_str(), serde_name(view));
        }
        let regions = [
            Region::Back,
            Region::Pelvis,
            Region::Hip,
            Region::Thigh,
            Region::Knee,
            Region::Leg,
            Region::Ankle,
            Region::Foot,
        ];
        for region in regions {
            assert_eq!(region.as_str(), serde_name(region));
        }
        for level in Level::ALL {
            assert_eq!(level.as_str(), serde_name(level));
        }
        for kind in [LinkKind::Root, LinkKind::Nerve, LinkKind::Entrapment, LinkKind::Muscle, LinkKind::Cause] {
            assert_eq!(kind.as_str(), serde_name(kind));
        }
        for trigger in
            [Trigger::Areas { areas: vec![] }, Trigger::BothLegs, Trigger::RadiatesToFoot, Trigger::Checklist]
        {
            let kind = match serde_json::to_value(&trigger) {
                Ok(value) => value.get("kind").and_then(|k| k.as_str()).map(str::to_string),
                Err(e) => panic!("{e}"),
            };
            assert_eq!(Some(trigger.kind_str().to_string()), kind);
        }
    }

    /// Labels are words a person reads, never a Rust name ("NerveGlide").
    #[test]
    fn labels_are_plain_words() {
        let labels = [
            ExerciseKind::NerveGlide.label(),
            Position::SideLying.label(),
            CauseKind::Musculoskeletal.label(),
            Urgency::Soon.label(),
            View::Posterior.label(),
            Region::Back.label(),
            LinkKind::Entrapment.label(),
            Side::Midline.label(),
        ];
        for label in labels {
            let camel = label.chars().zip(label.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
            assert!(!camel && !label.contains('_'), "{label}");
        }
    }
}
