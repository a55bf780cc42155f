//! Undo and redo of the patient's document: the marked areas (with levels and numbness) and the
//! plan (exercises, doses, notes, patient label). The history keeps whole snapshots: a document
//! is a few hundred bytes, and a snapshot cannot drift from the state the way inverse
//! operations can.

use std::time::{Duration, Instant};

use crate::export::session::Plan;
use crate::lookup::SelectedArea;

use super::state::{PlanAction, SelectionAction};

/// Steps kept; the oldest go first.
pub const MAX_STEPS: usize = 200;

/// Edits of the same field closer together than this are one step (typing a note, dragging a
/// slider), so one Ctrl+Z undoes the whole edit rather than one letter.
pub const COALESCE_WITHIN: Duration = Duration::from_secs(1);

/// The patient's document as undo restores it. The plan's `created` stamp is left out: it is
/// set by saving, which is not an edit to undo.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub selection: Vec<SelectedArea>,
    pub plan: Plan,
}

impl Snapshot {
    /// The document as it is now, without its `created` stamp.
    pub fn of(selection: &[SelectedArea], plan: &Plan) -> Snapshot {
        Snapshot { selection: selection.to_vec(), plan: Plan { created: None, ..plan.clone() } }
    }
}

/// The field an edit changes, when rapid edits of it are one step; `None` for edits that are
/// always a step of their own (marking an area, adding an exercise, Clear all).
pub fn selection_field(action: &SelectionAction) -> Option<String> {
    match action {
        SelectionAction::SetIntensity(area, _) => Some(format!("intensity:{}", area.key())),
        SelectionAction::ToggleArea(_)
        | SelectionAction::RemoveArea(_)
        | SelectionAction::SetNumb(..)
        | SelectionAction::Clear
        | SelectionAction::SetTrace(_)
        | SelectionAction::ToggleTrace(_) => None,
    }
}

/// As [`selection_field`], for the plan.
pub fn plan_field(action: &PlanAction) -> Option<String> {
    match action {
        PlanAction::SetDosage { id, .. } => Some(format!("dosage:{id}")),
        PlanAction::SetNote { id, .. } => Some(format!("note:{id}")),
        PlanAction::SetPatient(_) => Some("patient".to_string()),
        PlanAction::SetNotes(_) => Some("notes".to_string()),
        PlanAction::ToggleExercise(_) | PlanAction::MoveExercise { .. } | PlanAction::SetRedFlagAnswer { .. } => None,
    }
}

/// The documents before each edit (to undo) and after each undo (to redo).
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The field last edited and when, to merge the next edit of it into the same step.
    last_edit: Option<(String, Instant)>,
}

impl History {
    /// Records an edit that turned `before` into `after`; nothing when it changed nothing. An
    /// edit of the same `field` as the last one, within [`COALESCE_WITHIN`] of it, extends that
    /// step. A new edit drops what could be redone.
    pub fn record(&mut self, before: Snapshot, after: &Snapshot, field: Option<String>, now: Instant) {
        if &before == after {
            return;
        }
        let continues = match (&self.last_edit, &field) {
            (Some((last, at)), Some(field)) => last == field && now.saturating_duration_since(*at) < COALESCE_WITHIN,
            _ => false,
        };
        if !continues || self.undo.is_empty() {
            self.undo.push(before);
            if self.undo.len() > MAX_STEPS {
                self.undo.remove(0);
            }
        }
        self.last_edit = field.map(|f| (f, now));
        self.redo.clear();
    }

    /// The document to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        self.last_edit = None;
        Some(previous)
    }

    /// The document an undo left, given the current one (kept for undo).
    pub fn redo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        self.last_edit = None;
        Some(next)
    }

    /// Forgets every step (a new or opened session starts its own history).
    pub fn clear(&mut self) {
        *self = History::default();
    }

    /// Whether there is a step to undo.
    #[cfg(test)]
    fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    #[cfg(test)]
    fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(notes: &str) -> Snapshot {
        Snapshot { selection: Vec::new(), plan: Plan { notes: notes.to_string(), ..Plan::default() } }
    }

    #[test]
    fn rapid_edits_of_one_field_are_one_step_and_other_fields_or_pauses_are_new_steps() {
        let mut h = History::default();
        let t0 = Instant::now();
        h.record(doc(""), &doc("a"), Some("notes".into()), t0);
        h.record(doc("a"), &doc("ab"), Some("notes".into()), t0 + Duration::from_millis(300));
        // A pause: a new step.
        h.record(doc("ab"), &doc("abc"), Some("notes".into()), t0 + Duration::from_secs(3));
        // Another field straight away: a new step.
        h.record(doc("abc"), &doc("abcd"), Some("patient".into()), t0 + Duration::from_millis(3100));
        assert_eq!(h.undo(doc("abcd")), Some(doc("abc")));
        assert_eq!(h.undo(doc("abc")), Some(doc("ab")));
        assert_eq!(h.undo(doc("ab")), Some(doc("")));
        assert_eq!(h.undo(doc("")), None);
        assert_eq!(h.redo(doc("")), Some(doc("ab")));
    }

    #[test]
    fn no_change_records_nothing_a_new_edit_drops_redo_and_the_history_is_capped() {
        let mut h = History::default();
        let t0 = Instant::now();
        h.record(doc("x"), &doc("x"), None, t0);
        assert!(!h.can_undo());
        for i in 0..(MAX_STEPS + 50) {
            h.record(doc(&i.to_string()), &doc(&(i + 1).to_string()), None, t0);
        }
        let mut steps = 0;
        let mut current = doc(&(MAX_STEPS + 50).to_string());
        while let Some(previous) = h.undo(current.clone()) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, MAX_STEPS);
        assert!(h.can_redo());
        h.record(current.clone(), &doc("new"), None, t0);
        assert!(!h.can_redo(), "a new edit drops what could be redone");
    }
}
