//! What the user marked: pain areas with an intensity and numbness, and how each scales the links
//! of its area.

use serde::Serialize;

use crate::knowledge::{AreaError, AreaRef, KnowledgeBase, LinkKind};

/// Numbness scales root and nerve links by this (capped at 1) …
const NUMB_NEURAL: f32 = 1.2;
/// … and muscle-referral links by this.
const NUMB_MUSCLE: f32 = 0.5;

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

pub(super) fn is_false(value: &bool) -> bool {
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
