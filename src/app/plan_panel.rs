//! The patient plan: label, chosen exercises with this patient's dose and note, the clinician's
//! notes, and the ways out (handout, clipboard).

use super::state::{Action, FileCommand, PlanAction, SideTab, UiState};
use super::style::Accent;
use crate::export::session::MAX_TEXT_CHARS;
use crate::knowledge::KnowledgeBase;
use crate::lookup::LookupResult;
use crate::report::{dosage_text, source_name, urgency_label};

pub fn show(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, result: &LookupResult, actions: &mut Vec<Action>) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    // A scroll position of its own: sharing the look-up's, the plan opened wherever the look-up
    // had been scrolled to; now each tab keeps its own place.
    egui::ScrollArea::vertical().id_salt("plan-scroll").auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        let plan = &state.plan;

        ui.horizontal(|ui| {
            ui.label("Patient");
            let mut patient = plan.patient.clone();
            let response = ui.add(
                egui::TextEdit::singleline(&mut patient)
                    .hint_text("initials or record number (optional)")
                    .char_limit(MAX_TEXT_CHARS)
                    .desired_width(ui.available_width()),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Patient label"));
            if response.changed() {
                actions.push(Action::Plan(PlanAction::SetPatient(patient)));
            }
        });
        limit_counter(ui, &plan.patient, "Patient label");
        ui.add_space(6.0);

        ui.heading(format!("Exercises in the plan ({})", plan.exercises.len()));
        if plan.exercises.is_empty() {
            ui.label(
                egui::RichText::new(
                    "None yet. Open an exercise card under “Sources & exercises” and press “Add to plan”.",
                )
                .weak(),
            );
            if ui.button("Find exercises").clicked() {
                actions.push(Action::ShowTab(SideTab::Lookup));
            }
        }
        let count = plan.exercises.len();
        for (i, planned) in plan.exercises.iter().enumerate() {
            egui::Frame::group(ui.style()).inner_margin(egui::Margin::same(8)).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let exercise = kb.exercise(&planned.id);
                let name = exercise
                    .map_or_else(|| format!("{} (not in the content loaded)", planned.id), |e| e.name.to_string());
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(format!("{}. {name}", i + 1)).strong());
                });
                ui.horizontal(|ui| {
                    let up = ui.add_enabled(i > 0, egui::Button::new("Up").small());
                    up.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, i > 0, format!("Move {name} up")));
                    if up.clicked() {
                        actions.push(Action::Plan(PlanAction::MoveExercise { id: planned.id.clone(), up: true }));
                    }
                    let down = ui.add_enabled(i + 1 < count, egui::Button::new("Down").small());
                    down.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, i + 1 < count, format!("Move {name} down"))
                    });
                    if down.clicked() {
                        actions.push(Action::Plan(PlanAction::MoveExercise { id: planned.id.clone(), up: false }));
                    }
                    let remove = ui.small_button("Remove");
                    remove.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Remove {name} from the plan"))
                    });
                    if remove.clicked() {
                        actions.push(Action::Plan(PlanAction::ToggleExercise(planned.id.clone())));
                    }
                });
                let article_doses: Vec<String> = exercise
                    .map(|e| {
                        e.dosage
                            .iter()
                            .map(|d| format!("{} ({})", dosage_text(d), source_name(kb, &d.source)))
                            .collect()
                    })
                    .unwrap_or_default();
                // The articles' dose is given in the line below, so the hint does not repeat it.
                let hint = if article_doses.is_empty() { "as comfortable" } else { "this patient's dose (optional)" };
                ui.horizontal(|ui| {
                    ui.label("Dose");
                    let mut dosage = planned.dosage.clone().unwrap_or_default();
                    let response = ui.add(
                        egui::TextEdit::singleline(&mut dosage)
                            .hint_text(hint)
                            .char_limit(MAX_TEXT_CHARS)
                            .desired_width(ui.available_width()),
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Dose for {name}"))
                    });
                    if response.changed() {
                        actions
                            .push(Action::Plan(PlanAction::SetDosage { id: planned.id.clone(), dosage: Some(dosage) }));
                    }
                });
                limit_counter(ui, planned.dosage.as_deref().unwrap_or_default(), &format!("Dose for {name}"));
                // The same line whether a dose is typed or not: a line that came and went with the
                // first and last character moved the Note field under the pointer while typing.
                if !article_doses.is_empty() {
                    ui.label(
                        egui::RichText::new(format!(
                            "The articles' dose: {}. Left blank, the handout gives it.",
                            article_doses.join("; ")
                        ))
                        .small()
                        .weak(),
                    );
                }
                ui.horizontal(|ui| {
                    ui.label("Note");
                    let mut note = planned.note.clone();
                    let response = ui.add(
                        egui::TextEdit::singleline(&mut note)
                            .hint_text("e.g. left side only")
                            .char_limit(MAX_TEXT_CHARS)
                            .desired_width(ui.available_width()),
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Note for {name}"))
                    });
                    if response.changed() {
                        actions.push(Action::Plan(PlanAction::SetNote { id: planned.id.clone(), note }));
                    }
                });
                limit_counter(ui, &planned.note, &format!("Note for {name}"));
            });
            ui.add_space(4.0);
        }

        ui.add_space(6.0);
        ui.heading("Notes for the patient");
        let mut notes = plan.notes.clone();
        let response = ui.add(
            egui::TextEdit::multiline(&mut notes)
                .hint_text("Printed on the handout: advice, follow-up date …")
                .char_limit(MAX_TEXT_CHARS)
                .desired_rows(5)
                .desired_width(ui.available_width()),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::MultilineTextInput, true, "Patient notes"));
        if response.changed() {
            actions.push(Action::Plan(PlanAction::SetNotes(notes)));
        }
        limit_counter(ui, &plan.notes, "Patient notes");

        ui.add_space(8.0);
        if !result.red_flags.is_empty() {
            ui.label(
                egui::RichText::new("The handout will list these warning signs first:")
                    .strong()
                    .color(Accent::emergency_text(ui.visuals().dark_mode)),
            );
            for flag in &result.red_flags {
                ui.label(format!("• {} — {}", flag.text, urgency_label(flag.urgency)));
            }
        } else {
            ui.label(
                egui::RichText::new("Every handout lists the warning signs that need urgent care.").small().weak(),
            );
        }
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Print handout…")
                .on_hover_text("Save a printable page (A4 or Letter) to open in a browser — Ctrl+P")
                .clicked()
            {
                actions.push(Action::File(FileCommand::ExportHandout));
            }
            if ui.button("Copy plan as text").on_hover_text("For an e-mail or the patient record").clicked() {
                actions.push(Action::File(FileCommand::CopyPlan));
            }
        });
        ui.add_space(12.0);
    });
}

/// Near the limit a session file holds, "98,500 / 100,000 characters" under the field (red at
/// the limit: the editor takes no more), so a long note never stops short without a word.
fn limit_counter(ui: &mut egui::Ui, text: &str, field: &str) {
    // Bytes bound characters from above: short texts skip the count.
    if text.len() < MAX_TEXT_CHARS * 9 / 10 {
        return;
    }
    let count = text.chars().count();
    if count < MAX_TEXT_CHARS * 9 / 10 {
        return;
    }
    let full = count >= MAX_TEXT_CHARS;
    let text = format!(
        "{} / {} characters{}",
        thousands(count),
        thousands(MAX_TEXT_CHARS),
        if full { " — the limit" } else { "" }
    );
    let color = if full { Accent::emergency_text(ui.visuals().dark_mode) } else { ui.visuals().weak_text_color() };
    let response = ui.label(egui::RichText::new(&text).small().color(color));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{field}: {text}")));
}

/// `98500` as `98,500`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(98_500), "98,500");
        assert_eq!(super::thousands(100_000), "100,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
