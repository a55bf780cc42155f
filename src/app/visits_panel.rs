//! The patient's visits in the window: a strip under the toolbar (each visit's date, worst pain
//! and number of areas, newest last; a click shows that visit), *New visit*, and the question
//! asked before an earlier visit is changed. Earlier visits are history: they are shown
//! read-only, and the first edit of one asks "This is the visit of 3 Nov. Change it anyway?".
//!
//! The visits themselves live in [`crate::session::Plan`]; their summaries come from
//! [`crate::progress::summaries`].

use std::sync::Arc;

use super::state::{Action, PlanAction, SelectionAction, SettingAction, Settings, UiState, VisitAction};
use super::{ExplorerApp, lazy};
use crate::knowledge::KnowledgeBase;
use crate::progress::{self, VisitSummary};

/// The strip's own state: the visits' summaries, made again only when the visits change, and
/// the size each visit's chip took when last laid out.
#[derive(Clone, Debug, Default)]
pub struct VisitsPanel {
    /// The key of the visits summarised (see [`lazy::key`]) and their summaries.
    cached: Option<(u64, Arc<Vec<VisitSummary>>)>,
    /// Each chip's size when last laid out (for these summaries and pixel density), so a chip
    /// scrolled out of the strip's view takes its room without being laid out: a file of a
    /// hundred visits laid out a hundred chips every frame.
    chip_sizes: Vec<Option<egui::Vec2>>,
    chip_pixels_per_point: f32,
}

impl VisitsPanel {
    /// Every visit's summary, oldest first, the one on screen with its current areas.
    fn summaries(&mut self, kb: &KnowledgeBase, state: &UiState, today: &str) -> Arc<Vec<VisitSummary>> {
        let key = lazy::key((std::ptr::from_ref(kb), &state.selection, &state.plan, today));
        match &self.cached {
            Some((k, summaries)) if *k == key => Arc::clone(summaries),
            _ => {
                let visits = state.plan.all_visits(&state.selection, today);
                let summaries = Arc::new(progress::summaries(kb, None, &visits));
                self.cached = Some((key, Arc::clone(&summaries)));
                self.chip_sizes.clear();
                summaries
            }
        }
    }

    /// The size chip `index` took when last laid out at `pixels_per_point`, if it was.
    fn chip_size(&mut self, index: usize, pixels_per_point: f32) -> Option<egui::Vec2> {
        if self.chip_pixels_per_point != pixels_per_point {
            self.chip_sizes.clear();
            self.chip_pixels_per_point = pixels_per_point;
        }
        self.chip_sizes.get(index).copied().flatten()
    }

    fn set_chip_size(&mut self, index: usize, size: egui::Vec2) {
        if self.chip_sizes.len() <= index {
            self.chip_sizes.resize(index + 1, None);
        }
        self.chip_sizes[index] = Some(size);
    }

    /// How many chips were laid out in the last frame (the others took their room unseen).
    pub fn chips_laid_out(ctx: &egui::Context) -> usize {
        ctx.data(|d| d.get_temp::<usize>(chips_id())).unwrap_or(0)
    }
}

fn chips_id() -> egui::Id {
    egui::Id::unique("visits-strip-chips-laid-out")
}

/// The accessible name of a visit in the strip: "Visit 2 of 3, 3 Nov: worst pain 7 of 10, 4
/// areas", and whether it is the one shown.
pub fn visit_label(number: usize, count: usize, summary: &VisitSummary, today: &str, shown: bool) -> String {
    let worst = summary.worst.map_or_else(|| "pain not rated".to_string(), |w| format!("worst pain {w} of 10"));
    let areas = match summary.areas {
        1 => "1 area".to_string(),
        n => format!("{n} areas"),
    };
    let shown = if shown { " (shown)" } else { "" };
    format!("Visit {number} of {count}, {}: {worst}, {areas}{shown}", day(&summary.date, today))
}

/// "3 Nov"; "not saved yet" for a visit without a date.
fn day(date: &str, today: &str) -> String {
    if date.is_empty() { "not saved yet".to_string() } else { progress::day_month(date, today) }
}

/// The question asked before an earlier visit is changed.
pub fn change_question(date: Option<&str>, today: &str) -> String {
    format!("This is the visit of {}. Change it anyway?", day(date.unwrap_or_default(), today))
}

/// The strip: the visits (when there are several), which one is shown, and *New visit* with its
/// setting. One row; many visits scroll sideways.
pub fn show(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    state: &UiState,
    panel: &mut VisitsPanel,
    actions: &mut Vec<Action>,
) {
    let today = crate::text::today();
    let plan = &state.plan;
    let count = plan.visit_count();
    let shown = plan.current_index();
    ui.horizontal(|ui| {
        let new = ui.button("New visit").on_hover_text(if settings.new_visit_blank {
            "Start the next visit with nothing marked (Ctrl+Shift+N)"
        } else {
            "Start the next visit from this patient's last one: the same areas, with their levels to be asked \
             again, and the same plan (Ctrl+Shift+N)"
        });
        if new.clicked() {
            actions.push(Action::Visit(VisitAction::New));
        }
        let mut from_previous = !settings.new_visit_blank;
        let toggle = ui
            .checkbox(&mut from_previous, egui::RichText::new("from the last visit").small())
            .on_hover_text("Off: a new visit starts empty");
        if toggle.changed() {
            actions.push(Action::Setting(SettingAction::SetNewVisitBlank(!from_previous)));
        }
        ui.separator();
        if count == 1 {
            let date = plan.visit_date.as_deref().unwrap_or_default();
            ui.label(egui::RichText::new(format!("First visit ({})", day(date, &today))).small().weak());
            return;
        }
        if !plan.is_latest_visit() {
            let color = super::style::Accent::soon_text(ui.visuals().dark_mode);
            let date = plan.visit_date.as_deref().unwrap_or_default();
            let unlocked = state.unlocked_visit.as_ref() == Some(&(shown, plan.visit_date.clone()));
            let how = if unlocked { "being changed" } else { "read-only" };
            ui.label(egui::RichText::new(format!("Visit of {} ({how})", day(date, &today))).small().color(color));
            if ui.small_button("Latest visit").on_hover_text("Show the latest visit again").clicked() {
                actions.push(Action::Visit(VisitAction::Show(count - 1)));
            }
            ui.separator();
        }
        ui.label(egui::RichText::new("Visits").small().strong());
        let summaries = panel.summaries(kb, state, &today);
        // As the side panels do (see `lazy`): every chip while a screen reader or the keyboard
        // may need it, else only those in view and those never laid out.
        let lay_out_all = lazy::lay_out_all(ui);
        let pixels_per_point = ui.ctx().pixels_per_point();
        let mut laid_out = 0usize;
        egui::ScrollArea::horizontal().id_salt("visits-strip").stick_to_right(true).show(ui, |ui| {
            ui.horizontal(|ui| {
                for (i, summary) in summaries.iter().enumerate() {
                    if !lay_out_all
                        && let Some(size) = panel.chip_size(i, pixels_per_point)
                        && !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, size))
                    {
                        ui.allocate_space(size);
                        continue;
                    }
                    laid_out += 1;
                    let worst = summary.worst.map_or_else(|| "–".to_string(), |w| w.to_string());
                    let areas =
                        if summary.areas == 1 { "1 area".to_string() } else { format!("{} areas", summary.areas) };
                    let text = format!("{} · {worst}/10 · {areas}", day(&summary.date, &today));
                    let label = visit_label(i + 1, count, summary, &today, i == shown);
                    let response = ui.selectable_label(i == shown, egui::RichText::new(text).small());
                    let response = response.on_hover_text(&label);
                    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, i == shown, &label));
                    panel.set_chip_size(i, response.rect.size());
                    if response.clicked() && i != shown {
                        actions.push(Action::Visit(VisitAction::Show(i)));
                    }
                }
            });
        });
        ui.ctx().data_mut(|d| d.insert_temp(chips_id(), laid_out));
    });
}

/// "This is the visit of 3 Nov. Change it anyway?" while edits of an earlier visit wait.
/// Escape or a click outside is "Cancel": the safe answer.
pub fn prompt(ctx: &egui::Context, state: &UiState, actions: &mut Vec<Action>) {
    if state.visit_prompt.is_none() {
        return;
    }
    let question = change_question(state.plan.visit_date.as_deref(), &crate::text::today());
    let response = egui::Modal::new(egui::Id::unique("change-earlier-visit")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Change an earlier visit?");
        ui.add_space(4.0);
        ui.label(&question);
        ui.label(
            egui::RichText::new(
                "Earlier visits are the record of what the patient had then; the latest visit is the one to change.",
            )
            .small()
            .weak(),
        );
        ui.add_space(10.0);
        let mut choice = None;
        ui.horizontal(|ui| {
            if ui.button(egui::RichText::new("Change it anyway").strong()).clicked() {
                choice = Some(VisitAction::ConfirmChange);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(VisitAction::CancelChange);
            }
        });
        choice
    });
    let close = response.should_close();
    let choice = response.inner.or(close.then_some(VisitAction::CancelChange));
    if let Some(choice) = choice {
        actions.push(Action::Visit(choice));
    }
}

/// Whether `action` changes the visit on screen (the patient label is the whole file's: it is
/// not a change to a visit).
fn changes_the_visit(action: &Action) -> bool {
    match action {
        Action::Selection(action) => !matches!(action, SelectionAction::SetTrace(_) | SelectionAction::ToggleTrace(_)),
        Action::Plan(action) => !matches!(action, PlanAction::SetPatient(_)),
        _ => false,
    }
}

impl ExplorerApp {
    /// The action, to apply now; or `None` when it would change an earlier visit that the user
    /// has not chosen to change: it then waits for the answer to "change it anyway?".
    pub(super) fn ask_before_changing_earlier_visit(&mut self, action: Action) -> Option<Action> {
        let plan = &self.ui_state.plan;
        let unlocked = self.ui_state.unlocked_visit.as_ref() == Some(&(plan.current_index(), plan.visit_date.clone()));
        if plan.is_latest_visit() || unlocked || !changes_the_visit(&action) {
            return Some(action);
        }
        self.ui_state.visit_prompt.get_or_insert_with(Vec::new).push(action);
        None
    }

    /// New visit, showing another, and the answer to "change it anyway?".
    pub(super) fn apply_visit(&mut self, action: VisitAction) {
        let today = crate::text::today();
        match action {
            VisitAction::New => {
                let carry_over = !self.settings.new_visit_blank;
                self.ui_state.plan.start_new_visit(&mut self.ui_state.selection, carry_over, &today);
                self.ui_state.unlocked_visit = None;
                self.ui_state.status = if carry_over {
                    "New visit: the last visit's areas and plan, with the pain levels to be asked again".to_string()
                } else {
                    "New visit: nothing marked yet".to_string()
                };
            }
            VisitAction::Show(index) => {
                if index == self.ui_state.plan.current_index() {
                    return;
                }
                if !self.ui_state.plan.edit_visit(&mut self.ui_state.selection, index, &today) {
                    return;
                }
                self.ui_state.unlocked_visit = None;
                self.ui_state.visit_prompt = None;
                let plan = &self.ui_state.plan;
                let date = day(plan.visit_date.as_deref().unwrap_or_default(), &today);
                self.ui_state.status = if plan.is_latest_visit() {
                    format!("Showing the latest visit ({date})")
                } else {
                    format!("Showing the visit of {date}: read-only, changing it asks first")
                };
            }
            VisitAction::ConfirmChange => {
                let plan = &self.ui_state.plan;
                self.ui_state.unlocked_visit = Some((plan.current_index(), plan.visit_date.clone()));
                for waiting in self.ui_state.visit_prompt.take().unwrap_or_default() {
                    self.apply(waiting);
                }
                return;
            }
            VisitAction::CancelChange => {
                self.ui_state.visit_prompt = None;
                return;
            }
        }
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(date: &str, worst: Option<u8>, areas: usize) -> VisitSummary {
        VisitSummary {
            date: date.to_string(),
            areas,
            worst,
            mean: None,
            extent: None,
            level: None,
            level_areas: Vec::new(),
        }
    }

    #[test]
    fn a_visit_is_named_by_its_number_date_worst_pain_and_areas() {
        let s = summary("2026-11-03", Some(7), 4);
        assert_eq!(visit_label(2, 3, &s, "2026-12-01", false), "Visit 2 of 3, 3 Nov: worst pain 7 of 10, 4 areas");
        assert_eq!(
            visit_label(1, 1, &summary("2025-11-03", None, 1), "2026-12-01", true),
            "Visit 1 of 1, 3 Nov 2025: pain not rated, 1 area (shown)"
        );
        assert_eq!(
            visit_label(1, 2, &summary("", None, 0), "2026-12-01", false),
            "Visit 1 of 2, not saved yet: pain not rated, 0 areas"
        );
    }

    #[test]
    fn the_question_names_the_visit() {
        assert_eq!(change_question(Some("2026-11-03"), "2026-12-01"), "This is the visit of 3 Nov. Change it anyway?");
    }

    #[test]
    fn only_changes_to_a_visit_ask_first() {
        use crate::lookup::AreaRef;
        let area = AreaRef { base: "saddle".into(), side: crate::knowledge::Side::Midline };
        assert!(changes_the_visit(&Action::Selection(SelectionAction::ToggleArea(area))));
        assert!(changes_the_visit(&Action::Plan(PlanAction::SetNotes("x".into()))));
        assert!(changes_the_visit(&Action::Plan(PlanAction::SetRedFlagAnswer {
            id: "saddle_numbness".into(),
            answer: None
        })));
        assert!(!changes_the_visit(&Action::Plan(PlanAction::SetPatient("JD".into()))));
        assert!(!changes_the_visit(&Action::Selection(SelectionAction::SetTrace(None))));
        assert!(!changes_the_visit(&Action::Visit(VisitAction::New)));
    }
}
