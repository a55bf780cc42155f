//! Modal dialogs drawn by egui: "save the changes first?" and notices (errors, pack reports).

use super::state::{Action, Pending, PromptChoice, Session};
use super::style::Accent;

pub fn show(ctx: &egui::Context, session: &Session, document_name: &str, actions: &mut Vec<Action>) {
    if let Some(offer) = &session.recovery_offer {
        recovery_prompt(ctx, offer, actions);
    } else if let Some(pending) = session.prompt {
        unsaved_prompt(ctx, pending, document_name, actions);
    } else if let Some(notice) = &session.notice {
        let response = egui::Modal::new(egui::Id::unique("notice")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let color = if notice.error { Accent::EMERGENCY } else { ui.visuals().strong_text_color() };
            ui.heading(egui::RichText::new(&notice.title).color(color));
            ui.add_space(4.0);
            ui.label(&notice.summary);
            if !notice.details.is_empty() {
                ui.add_space(6.0);
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    for line in &notice.details {
                        ui.label(egui::RichText::new(line).monospace().small());
                    }
                });
            }
            ui.add_space(8.0);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.button("OK").clicked()).inner
        });
        if response.inner || response.should_close() {
            actions.push(Action::DismissNotice);
        }
    }
}

fn unsaved_prompt(ctx: &egui::Context, pending: Pending, document_name: &str, actions: &mut Vec<Action>) {
    let then = match pending {
        Pending::New => "starting a new session",
        Pending::Open => "opening another session",
        Pending::Close => "closing",
    };
    let response = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Save the changes?");
        ui.add_space(4.0);
        ui.label(format!("“{document_name}” has changes that are not saved. Save them before {then}?"));
        ui.add_space(10.0);
        let mut choice = None;
        ui.horizontal(|ui| {
            if ui.button(egui::RichText::new("Save").strong()).clicked() {
                choice = Some(PromptChoice::Save);
            }
            if ui.button("Don't save").clicked() {
                choice = Some(PromptChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(PromptChoice::Cancel);
            }
        });
        choice
    });
    // Escape or a click outside is "Cancel": the safe answer.
    let choice = response.inner.or(response.should_close().then_some(PromptChoice::Cancel));
    if let Some(choice) = choice {
        actions.push(Action::ResolvePrompt(choice));
    }
}

fn recovery_prompt(ctx: &egui::Context, offer: &super::recovery::RecoveryOffer, actions: &mut Vec<Action>) {
    let name = offer.origin.as_deref().map_or_else(|| "an untitled session".to_string(), |p| format!("“{}”", p.display()));
    let when = offer.saved.modified.as_deref().map_or(String::new(), |m| format!(" (last kept {} UTC)", m.replace('T', " ").trim_end_matches('Z')));
    let response = egui::Modal::new(egui::Id::unique("recover-unsaved-work")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Restore unsaved work?");
        ui.add_space(4.0);
        ui.label(format!(
            "The app closed without saving {name}{when}: {} marked area(s), {} exercise(s) in the plan.",
            offer.saved.areas.len(),
            offer.saved.plan.exercises.len()
        ));
        ui.add_space(10.0);
        let mut choice = None;
        ui.horizontal(|ui| {
            if ui.button(egui::RichText::new("Restore").strong()).clicked() {
                choice = Some(true);
            }
            if ui.button("Discard").clicked() {
                choice = Some(false);
            }
        });
        choice
    });
    // Escape does not discard: only an explicit "Discard" does.
    if let Some(restore) = response.inner {
        actions.push(Action::ResolveRecovery(restore));
    }
}
