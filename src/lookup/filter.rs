//! Browsing exercises by target, kind, position, equipment and words.

use serde::Serialize;

use crate::knowledge::{Exercise, ExerciseKind, KnowledgeBase, Position};

/// Filters for browsing exercises; every field narrows the list. Shared by the CLI and the window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ExerciseFilter {
    /// A target id of any kind (muscle, nerve, root, cause or area base id).
    pub target: Option<String>,
    pub kind: Option<ExerciseKind>,
    pub position: Option<Position>,
    /// An equipment slug; `none` keeps exercises that need no equipment.
    pub equipment: Option<String>,
    /// Case-insensitive words that must all appear in the name, summary, steps or id.
    pub search: String,
    /// Only those that can be done in bed.
    pub in_bed: bool,
}

impl ExerciseFilter {
    /// Does `exercise` pass every set filter?
    pub fn matches(&self, exercise: &Exercise) -> bool {
        if let Some(target) = &self.target {
            let t = &exercise.targets;
            let any = [&t.muscles, &t.nerves, &t.roots, &t.causes, &t.areas].iter().any(|ids| ids.contains(target));
            if !any {
                return false;
            }
        }
        if self.kind.is_some_and(|k| k != exercise.kind) {
            return false;
        }
        if self.position.is_some_and(|p| p != exercise.position) {
            return false;
        }
        if let Some(equipment) = &self.equipment {
            let ok = if equipment == "none" {
                exercise.equipment.is_empty()
            } else {
                exercise.equipment.contains(equipment)
            };
            if !ok {
                return false;
            }
        }
        if self.in_bed && !exercise.in_bed {
            return false;
        }
        let words: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        if !words.is_empty() {
            let haystack =
                format!("{} {} {} {}", exercise.id, exercise.name, exercise.summary, exercise.steps.join(" "))
                    .to_lowercase();
            if !words.iter().all(|w| haystack.contains(w.as_str())) {
                return false;
            }
        }
        true
    }
}

/// The exercises of the knowledge base that pass `filter`, in data order.
pub fn filter_exercises<'kb>(kb: &'kb KnowledgeBase, filter: &ExerciseFilter) -> Vec<&'kb Exercise> {
    kb.exercises.iter().filter(|e| filter.matches(e)).collect()
}
