//! What the drawing may name, taken from the knowledge base in use so the ids live in one place
//! (`data/`): roots, nerves (and which are sciatic), muscles, and pain areas with their sides
//! and views.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::knowledge::{KnowledgeBase, Laterality, View};

/// The ids a body map is validated against.
/// Ordered maps, so that the prebuilt drawing records it the same way every time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Root ids in spinal order.
    pub roots: Vec<String>,
    /// Nerve ids and whether each is the sciatic nerve or one of its branches.
    pub nerves: BTreeMap<String, bool>,
    pub muscles: Vec<String>,
    /// Area base ids with their laterality and views.
    pub areas: BTreeMap<String, (Laterality, Vec<View>)>,
}

impl Vocabulary {
    /// The vocabulary of a knowledge base.
    pub fn from_knowledge(kb: &KnowledgeBase) -> Vocabulary {
        Vocabulary {
            roots: kb.roots.iter().map(|r| r.id.clone()).collect(),
            nerves: kb.nerves.iter().map(|n| (n.id.clone(), n.sciatic)).collect(),
            muscles: kb.muscles.iter().map(|m| m.id.clone()).collect(),
            areas: kb.areas.iter().map(|a| (a.id.clone(), (a.laterality, a.views.clone()))).collect(),
        }
    }

    pub fn is_root(&self, id: &str) -> bool {
        self.roots.iter().any(|r| r == id)
    }

    pub fn is_nerve(&self, id: &str) -> bool {
        self.nerves.contains_key(id)
    }

    /// True for the sciatic nerve and its branches.
    pub fn is_sciatic(&self, id: &str) -> bool {
        self.nerves.get(id).copied().unwrap_or(false)
    }

    pub fn is_muscle(&self, id: &str) -> bool {
        self.muscles.iter().any(|m| m == id)
    }

    pub fn is_area(&self, id: &str) -> bool {
        self.areas.contains_key(id)
    }

    pub fn is_midline_area(&self, id: &str) -> bool {
        self.areas.get(id).is_some_and(|(l, _)| *l == Laterality::Midline)
    }

    /// Area base ids drawn in a view, sorted.
    pub fn area_ids(&self, view: View) -> Vec<&str> {
        let mut ids: Vec<&str> =
            self.areas.iter().filter(|(_, (_, v))| v.contains(&view)).map(|(id, _)| id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
}
