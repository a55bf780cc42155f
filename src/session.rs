//! The patient's document: the areas marked at a visit and the clinician's plan (chosen exercises,
//! doses, notes). `export::session` reads and writes it as a file; the window edits it; the
//! handout and the plain-text report print it.

use serde::{Deserialize, Serialize};

use crate::lookup::{SelectedArea, Selection};

/// An exercise the clinician chose for this patient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedExercise {
    /// The exercise id in the knowledge base.
    pub id: String,
    /// The clinician's dose for this patient; when absent the handout gives the articles' doses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dosage: Option<String>,
    /// A remark for this patient ("left side only").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Everything of a session besides the marked areas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Plan {
    /// An optional label for the patient (initials, a record number): whatever the clinic uses.
    pub patient: String,
    /// Free-text notes printed on the handout.
    pub notes: String,
    /// The chosen exercises, in the order they are printed.
    pub exercises: Vec<PlannedExercise>,
    /// When the session was first saved (`YYYY-MM-DDTHH:MM:SSZ`), if it has been.
    pub created: Option<String>,
}

impl Plan {
    /// Whether the exercise is in the plan.
    pub fn has_exercise(&self, id: &str) -> bool {
        self.exercises.iter().any(|e| e.id == id)
    }

    /// Adds the exercise, or removes it when it is already in the plan.
    pub fn toggle_exercise(&mut self, id: &str) {
        if self.has_exercise(id) {
            self.exercises.retain(|e| e.id != id);
        } else {
            self.exercises.push(PlannedExercise { id: id.to_string(), ..Default::default() });
        }
    }

    /// The planned exercise with this id.
    pub fn exercise_mut(&mut self, id: &str) -> Option<&mut PlannedExercise> {
        self.exercises.iter_mut().find(|e| e.id == id)
    }
}

/// A session as read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedSession {
    pub areas: Vec<SelectedArea>,
    pub plan: Plan,
    /// When it was last saved.
    pub modified: Option<String>,
}

impl SavedSession {
    /// The marked areas as a look-up selection.
    pub fn selection(&self) -> Selection {
        Selection { areas: self.areas.clone() }
    }
}
