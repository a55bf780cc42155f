//! The patient's document: every visit of one patient, each with the areas marked, the red flags
//! asked about, the clinician's notes and the plan (chosen exercises, doses, notes).
//! `export::session` reads and writes it as a file; the window edits one visit at a time; the
//! handout, the plain-text report and `progress` print and compare them.
//!
//! The window edits the marked areas (its selection) and a [`Plan`]: the plan holds the visit being
//! edited besides its areas, and the patient's other visits ([`OtherVisits`]), so everything the
//! window saves, keeps for crash recovery, undoes or compares for unsaved changes carries the
//! whole history without the window handling it. The operations a window needs on visits are
//! methods of [`Plan`]: [`Plan::start_new_visit`], [`Plan::edit_visit`], [`Plan::all_visits`],
//! [`Plan::earlier_visits`], [`Plan::current_index`].

use std::sync::Arc;

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

/// What the patient answered when asked about a red flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    /// Asked, but the patient could not say.
    Unsure,
}

/// A red flag asked about at a visit, and the answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagAnswer {
    /// The red flag's id in the knowledge base (`saddle_numbness`).
    pub id: String,
    pub answer: Answer,
}

/// One visit, complete: what the timeline, the comparison and the progress chart read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Visit {
    /// The day of the visit, `YYYY-MM-DD`.
    pub date: String,
    /// The marked areas, with their pain level and numbness.
    pub areas: Vec<SelectedArea>,
    /// The red flags asked about, with the answers.
    pub red_flags: Vec<RedFlagAnswer>,
    /// The clinician's free-text notes for the handout.
    pub notes: String,
    /// The plan: the chosen exercises with this patient's doses and notes.
    pub exercises: Vec<PlannedExercise>,
}

/// The patient's visits other than the one being edited, and where that one stands among them.
/// Shared (`Arc`), so the copies the window keeps (undo, the saved state) cost nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OtherVisits {
    visits: Arc<Vec<Visit>>,
    /// How many of `visits` come before the edited visit (at most `visits.len()`).
    position: usize,
}

impl OtherVisits {
    /// `visits` in order, with the edited visit after the first `position` of them (clamped).
    pub fn new(visits: Vec<Visit>, position: usize) -> Self {
        let position = position.min(visits.len());
        OtherVisits { visits: Arc::new(visits), position }
    }

    /// The visits before the edited one, oldest first.
    pub fn before(&self) -> &[Visit] {
        &self.visits[..self.position]
    }

    /// The visits after the edited one (none unless an earlier visit is being changed).
    pub fn after(&self) -> &[Visit] {
        &self.visits[self.position..]
    }

    /// How many other visits there are.
    pub fn len(&self) -> usize {
        self.visits.len()
    }

    /// Whether the edited visit is the only one.
    pub fn is_empty(&self) -> bool {
        self.visits.is_empty()
    }
}

/// Everything of the patient's document besides the marked areas of the visit being edited: the
/// patient label and creation time (the whole file's), this visit's date, red flags, notes and
/// exercises, and the other visits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Plan {
    /// An optional label for the patient (initials, a record number): whatever the clinic uses.
    pub patient: String,
    /// Free-text notes printed on the handout (this visit's).
    pub notes: String,
    /// The chosen exercises, in the order they are printed (this visit's).
    pub exercises: Vec<PlannedExercise>,
    /// When the patient's file was first saved (`YYYY-MM-DDTHH:MM:SSZ`), if it has been.
    pub created: Option<String>,
    /// The day of the visit being edited (`YYYY-MM-DD`); `None` for a visit not yet saved, which
    /// saving dates with the day of the save.
    pub visit_date: Option<String>,
    /// The red flags asked about at this visit, with the answers.
    pub red_flags: Vec<RedFlagAnswer>,
    /// The patient's other visits.
    pub visits: OtherVisits,
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

    /// Dates the edited visit `today` (`YYYY-MM-DD`) if it has no date yet: a save does, as the
    /// file it writes gives every visit a date.
    pub fn date_visit(&mut self, today: &str) {
        self.visit_date.get_or_insert_with(|| today.to_string());
    }

    /// The visit being edited, with `areas` (the window's selection) as its areas; an undated
    /// visit is dated `today` (`YYYY-MM-DD`).
    pub fn current_visit(&self, areas: &[SelectedArea], today: &str) -> Visit {
        Visit {
            date: self.visit_date.clone().unwrap_or_else(|| today.to_string()),
            areas: areas.to_vec(),
            red_flags: self.red_flags.clone(),
            notes: self.notes.clone(),
            exercises: self.exercises.clone(),
        }
    }

    /// Every visit in order, the edited one (see [`Self::current_visit`]) in its place.
    pub fn all_visits(&self, areas: &[SelectedArea], today: &str) -> Vec<Visit> {
        let mut all = Vec::with_capacity(self.visits.len() + 1);
        all.extend_from_slice(self.visits.before());
        all.push(self.current_visit(areas, today));
        all.extend_from_slice(self.visits.after());
        all
    }

    /// The visits up to and including the edited one: what its progress is measured over.
    pub fn visits_so_far(&self, areas: &[SelectedArea], today: &str) -> Vec<Visit> {
        let mut all = self.visits.before().to_vec();
        all.push(self.current_visit(areas, today));
        all
    }

    /// The earlier visits, oldest first, to show read-only.
    pub fn earlier_visits(&self) -> &[Visit] {
        self.visits.before()
    }

    /// The index of the edited visit among all visits (0 = the first).
    pub fn current_index(&self) -> usize {
        self.visits.position
    }

    /// How many visits there are, the edited one included.
    pub fn visit_count(&self) -> usize {
        self.visits.len() + 1
    }

    /// Whether the edited visit is the latest one (the window's usual case).
    pub fn is_latest_visit(&self) -> bool {
        self.visits.after().is_empty()
    }

    /// The answer recorded at this visit for the red flag `id`; `None` when it was not asked.
    pub fn red_flag_answer(&self, id: &str) -> Option<Answer> {
        self.red_flags.iter().find(|a| a.id == id).map(|a| a.answer)
    }

    /// Records the answer for the red flag `id` at this visit; `None` forgets it ("not asked").
    /// Answers keep the order they were first given in.
    pub fn set_red_flag_answer(&mut self, id: &str, answer: Option<Answer>) {
        match (self.red_flags.iter_mut().find(|a| a.id == id), answer) {
            (Some(given), Some(answer)) => given.answer = answer,
            (None, Some(answer)) => self.red_flags.push(RedFlagAnswer { id: id.to_string(), answer }),
            (_, None) => self.red_flags.retain(|a| a.id != id),
        }
    }

    /// Whether this plan (with `areas`, the edited visit's) and `other` (with `other_areas`) hold
    /// the same patient file, whichever visit each is editing: viewing an earlier visit is not
    /// a change to save. Compares in place, without copying the visits.
    pub fn same_document(&self, areas: &[SelectedArea], other: &Plan, other_areas: &[SelectedArea]) -> bool {
        if self.current_index() == other.current_index() {
            return areas == other_areas && self == other;
        }
        self.patient == other.patient
            && self.created == other.created
            && self.visit_count() == other.visit_count()
            && (0..self.visit_count()).all(|i| self.visit_parts(areas, i) == other.visit_parts(other_areas, i))
    }

    /// Visit `index` by its parts, borrowed: the edited visit's from the plan and `areas`.
    fn visit_parts<'a>(&'a self, areas: &'a [SelectedArea], index: usize) -> Option<VisitParts<'a>> {
        let position = self.current_index();
        if index == position {
            return Some(VisitParts {
                date: self.visit_date.as_deref(),
                areas,
                red_flags: &self.red_flags,
                notes: &self.notes,
                exercises: &self.exercises,
            });
        }
        let visit = if index < position {
            self.visits.before().get(index)
        } else {
            self.visits.after().get(index - position - 1)
        }?;
        Some(VisitParts {
            date: Some(&visit.date),
            areas: &visit.areas,
            red_flags: &visit.red_flags,
            notes: &visit.notes,
            exercises: &visit.exercises,
        })
    }

    /// Starts a new visit dated `today` after the latest one; `areas` is the window's selection,
    /// replaced by the new visit's. The visit being edited keeps its place in the history (dated
    /// `today` if it had no date yet).
    ///
    /// With `carry_over`, the new visit starts from the latest visit's areas and exercises (with
    /// their doses and notes): the areas keep their numbness but their pain levels are cleared,
    /// to be asked again. Red flags and notes always start empty: they are asked and written
    /// anew at each visit. Without `carry_over`, the new visit starts empty.
    pub fn start_new_visit(&mut self, areas: &mut Vec<SelectedArea>, carry_over: bool, today: &str) {
        let mut all = self.all_visits(areas, today);
        let latest = all.last().cloned().unwrap_or_default();
        let (new_areas, exercises) = if carry_over {
            let cleared = latest.areas.iter().map(|a| SelectedArea { intensity: None, ..a.clone() }).collect();
            (cleared, latest.exercises)
        } else {
            (Vec::new(), Vec::new())
        };
        let position = all.len();
        all.shrink_to_fit();
        *areas = new_areas;
        self.notes = String::new();
        self.exercises = exercises;
        self.red_flags = Vec::new();
        self.visit_date = Some(today.to_string());
        self.visits = OtherVisits::new(all, position);
    }

    /// Makes visit `index` (0 = the first) the one being edited; `areas` is the window's
    /// selection, swapped for that visit's. The visit edited until now keeps its place (dated
    /// `today` if it had no date yet). An earlier visit is history: a window asks before
    /// changing one. Returns `false`, changing nothing, when there is no such visit.
    pub fn edit_visit(&mut self, areas: &mut Vec<SelectedArea>, index: usize, today: &str) -> bool {
        if index >= self.visit_count() {
            return false;
        }
        if index == self.current_index() {
            return true;
        }
        let mut all = self.all_visits(areas, today);
        let chosen = all.remove(index);
        *areas = chosen.areas;
        self.notes = chosen.notes;
        self.exercises = chosen.exercises;
        self.red_flags = chosen.red_flags;
        self.visit_date = Some(chosen.date);
        self.visits = OtherVisits::new(all, index);
        true
    }
}

/// A visit's parts, borrowed (see [`Plan::same_document`]).
#[derive(PartialEq)]
struct VisitParts<'a> {
    date: Option<&'a str>,
    areas: &'a [SelectedArea],
    red_flags: &'a [RedFlagAnswer],
    notes: &'a str,
    exercises: &'a [PlannedExercise],
}

/// A patient's file as read: the edited visit is the latest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedSession {
    /// The marked areas of the latest visit.
    pub areas: Vec<SelectedArea>,
    /// The rest of the latest visit, the patient label and the earlier visits.
    pub plan: Plan,
    /// When it was last saved.
    pub modified: Option<String>,
    /// The format version the file was written in: older than
    /// [`crate::export::session::FORMAT_VERSION`] means it is written in the new format only
    /// when it is saved.
    pub read_format: u32,
}

impl SavedSession {
    /// The marked areas as a look-up selection.
    pub fn selection(&self) -> Selection {
        Selection { areas: self.areas.clone() }
    }

    /// Every visit in order (an undated one, from an old file without times, dated `today`).
    pub fn visits(&self, today: &str) -> Vec<Visit> {
        self.plan.all_visits(&self.areas, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{AreaRef, Side};

    fn area(base: &str, intensity: Option<u8>) -> SelectedArea {
        SelectedArea { area: AreaRef { base: base.to_string(), side: Side::Left }, intensity, numb: false }
    }

    #[test]
    fn a_new_visit_carries_the_areas_and_plan_over_with_levels_cleared() {
        let mut areas = vec![area("buttock", Some(7)), SelectedArea { numb: true, ..area("heel", Some(3)) }];
        let mut plan = Plan { notes: "walk".into(), visit_date: Some("2026-11-03".into()), ..Plan::default() };
        plan.toggle_exercise("figure_four_supine");
        plan.red_flags.push(RedFlagAnswer { id: "saddle_numbness".into(), answer: Answer::No });

        plan.start_new_visit(&mut areas, true, "2026-11-17");
        assert_eq!(areas, vec![area("buttock", None), SelectedArea { numb: true, ..area("heel", None) }]);
        assert!(plan.has_exercise("figure_four_supine"));
        assert!(plan.notes.is_empty() && plan.red_flags.is_empty(), "asked and written anew");
        assert_eq!(plan.visit_date.as_deref(), Some("2026-11-17"));
        assert_eq!(plan.current_index(), 1);
        let earlier = &plan.earlier_visits()[0];
        assert_eq!((earlier.date.as_str(), earlier.areas[0].intensity), ("2026-11-03", Some(7)));
        assert_eq!(earlier.notes, "walk");

        // Switched off: an empty visit.
        plan.start_new_visit(&mut areas, false, "2026-12-01");
        assert!(areas.is_empty() && plan.exercises.is_empty());
        assert_eq!(plan.visit_count(), 3);
    }

    #[test]
    fn viewing_another_visit_is_the_same_document_but_changing_one_is_not() {
        let mut areas = vec![area("buttock", Some(7))];
        let mut plan = Plan { visit_date: Some("2026-11-03".into()), ..Plan::default() };
        plan.start_new_visit(&mut areas, true, "2026-11-17");
        areas[0].intensity = Some(4);
        let (saved_areas, saved) = (areas.clone(), plan.clone());

        assert!(plan.edit_visit(&mut areas, 0, "2026-11-17"));
        assert_ne!(plan, saved, "another visit is edited");
        assert!(plan.same_document(&areas, &saved, &saved_areas), "but the file is the same");
        assert!(saved.same_document(&saved_areas, &plan, &areas));

        areas[0].intensity = Some(6);
        assert!(!plan.same_document(&areas, &saved, &saved_areas), "a changed earlier visit is a change");
        areas[0].intensity = Some(7);
        plan.set_red_flag_answer("saddle_numbness", Some(Answer::Yes));
        assert!(!plan.same_document(&areas, &saved, &saved_areas), "so is an answer");
        plan.set_red_flag_answer("saddle_numbness", None);
        assert!(plan.same_document(&areas, &saved, &saved_areas));
        plan.patient = "JD".into();
        assert!(!plan.same_document(&areas, &saved, &saved_areas));
    }

    #[test]
    fn red_flag_answers_are_set_changed_and_forgotten() {
        let mut plan = Plan::default();
        plan.set_red_flag_answer("saddle_numbness", Some(Answer::No));
        plan.set_red_flag_answer("bowel_bladder", Some(Answer::Unsure));
        plan.set_red_flag_answer("saddle_numbness", Some(Answer::Yes));
        assert_eq!(plan.red_flag_answer("saddle_numbness"), Some(Answer::Yes));
        assert_eq!(plan.red_flags[0].id, "saddle_numbness", "kept in the order first given");
        plan.set_red_flag_answer("saddle_numbness", None);
        assert_eq!(plan.red_flag_answer("saddle_numbness"), None);
        assert_eq!(plan.red_flags.len(), 1);
    }

    #[test]
    fn editing_an_earlier_visit_keeps_every_visit_in_its_place() {
        let mut areas = vec![area("buttock", Some(7))];
        let mut plan = Plan { visit_date: Some("2026-11-03".into()), ..Plan::default() };
        plan.start_new_visit(&mut areas, true, "2026-11-17");
        areas[0].intensity = Some(4);
        plan.start_new_visit(&mut areas, true, "2026-12-01");
        areas[0].intensity = Some(2);

        assert!(plan.edit_visit(&mut areas, 0, "2026-12-01"));
        assert_eq!(areas[0].intensity, Some(7));
        assert!(!plan.is_latest_visit());
        let dates: Vec<String> = plan.all_visits(&areas, "x").into_iter().map(|v| v.date).collect();
        assert_eq!(dates, ["2026-11-03", "2026-11-17", "2026-12-01"]);
        let levels: Vec<Option<u8>> = plan.all_visits(&areas, "x").iter().map(|v| v.areas[0].intensity).collect();
        assert_eq!(levels, [Some(7), Some(4), Some(2)]);
        assert!(!plan.edit_visit(&mut areas, 3, "x"), "no fourth visit");

        // A new visit goes after the latest, whichever was edited.
        plan.start_new_visit(&mut areas, true, "2026-12-15");
        assert_eq!(plan.current_index(), 3);
        assert_eq!(plan.earlier_visits()[2].date, "2026-12-01");
    }
}
