//! A pain area as the patient's document and the look-up name it: a base id from `areas.toml`
//! and a side, parsed from and written as `left.lateral_foot` (or `saddle` for the midline).

use std::fmt;

use serde::Serialize;

use super::{KnowledgeBase, Laterality, Side};

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
            Side::Midline => crate::text::capitalize(base),
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
    pub(crate) fn unknown(kb: &KnowledgeBase, input: &str) -> Self {
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
