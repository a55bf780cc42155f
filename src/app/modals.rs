//! Modal dialogs drawn by egui: "save the changes first?", "restore unsaved work?" and notices
//! (errors, pack reports).

use std::path::PathBuf;

use super::recovery::RecoveryOffer;
use super::state::{Action, Pending, PromptChoice, RecoveryChoice, UiState};
use super::style::Accent;

/// What the dialogs need to know of the window besides the session.
pub struct WindowState {
    pub document_name: String,
    /// The session has unsaved changes.
    pub dirty: bool,
    /// The clinic pack in use.
    pub pack: Option<PathBuf>,
}

/// The most problems a recovery prompt lists (the rest are counted).
const MAX_LISTED: usize = 12;

pub fn show(ctx: &egui::Context, state: &UiState, window: &WindowState, actions: &mut Vec<Action>) {
    // A notice (a pack that did not load, a copy kept aside) is read before the next offer.
    if let Some(offer) = state.recovery_offer.as_ref().filter(|_| state.notice.is_none()) {
        recovery_prompt(ctx, offer, window, actions);
    } else if let Some(pending) = state.prompt {
        unsaved_prompt(ctx, pending, &window.document_name, actions);
    } else if let Some(notice) = &state.notice {
        let response = egui::Modal::new(egui::Id::unique("notice")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let color = if notice.error {
                Accent::emergency_text(ui.visuals().dark_mode)
            } else {
                ui.visuals().strong_text_color()
            };
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

fn recovery_prompt(ctx: &egui::Context, offer: &RecoveryOffer, window: &WindowState, actions: &mut Vec<Action>) {
    let name =
        offer.origin.as_deref().map_or_else(|| "an untitled session".to_string(), |p| format!("“{}”", p.display()));
    let more = match offer.more {
        0 => String::new(),
        1 => " One more copy waits after this one.".to_string(),
        n => format!(" {n} more copies wait after this one."),
    };
    let response = egui::Modal::new(egui::Id::unique("recover-unsaved-work")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        let mut choice = None;
        match &offer.content {
            Ok(saved) => {
                // Local time, with the zone's abbreviation: the clinician's clock, not UTC.
                let when = saved.modified.as_deref().map_or(String::new(), |m| format!(" (last kept {})", super::recovery::kept_at_local(m)));
                ui.heading("Restore unsaved work?");
                ui.add_space(4.0);
                ui.label(format!(
                    "The app closed without saving {name}{when}: {} marked area(s), {} exercise(s) in the plan.{more}",
                    saved.areas.len(),
                    saved.plan.exercises.len()
                ));
                if window.dirty {
                    ui.add_space(4.0);
                    ui.label("This window already holds unsaved work, so this copy cannot be restored into it: keep it aside and open it later with Open session… in the File menu.");
                }
            }
            Err(errors) => {
                ui.heading(egui::RichText::new("Unsaved work that cannot be restored").color(Accent::emergency_text(ui.visuals().dark_mode)));
                ui.add_space(4.0);
                let needs = match &offer.pack {
                    Some(pack) if window.pack.as_ref() != Some(pack) => {
                        format!(" It was kept while the clinic pack “{}” was loaded, which is not loaded now.", pack.display())
                    }
                    _ => String::new(),
                };
                ui.label(format!(
                    "The app closed without saving {name}, but the copy it kept does not open with the content loaded now.{needs} It is left as it was; nothing will be written over it.{more}"
                ));
                ui.add_space(6.0);
                egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
                    for line in errors.iter().take(MAX_LISTED) {
                        ui.label(egui::RichText::new(line).monospace().small());
                    }
                    if errors.len() > MAX_LISTED {
                        ui.label(egui::RichText::new(format!("… and {} more", errors.len() - MAX_LISTED)).small());
                    }
                });
                ui.add_space(4.0);
                ui.label(egui::RichText::new(format!("The copy: {}", offer.path.display())).small().weak());
            }
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if offer.content.is_ok() && !window.dirty && ui.button(egui::RichText::new("Restore").strong()).clicked() {
                choice = Some(Action::ResolveRecovery(offer.stem.clone(), RecoveryChoice::Restore));
            }
            if offer.content.is_err()
                && let Some(pack) = offer.pack.as_ref().filter(|p| window.pack.as_ref() != Some(*p))
            {
                let label = format!("Load clinic pack “{}”", super::document::file_label(pack));
                if ui.button(egui::RichText::new(label).strong()).clicked() {
                    choice = Some(Action::RecoveryLoadPack(pack.clone()));
                }
            }
            if ui.button("Keep aside").on_hover_text("Rename the copy with today's date, to open later with Open session… in the File menu").clicked() {
                choice = Some(Action::ResolveRecovery(offer.stem.clone(), RecoveryChoice::KeepAside));
            }
            if ui.button("Discard").clicked() {
                choice = Some(Action::ResolveRecovery(offer.stem.clone(), RecoveryChoice::Discard));
            }
        });
        choice
    });
    // Escape does not discard: only an explicit answer does.
    if let Some(action) = response.inner {
        actions.push(action);
    }
}
