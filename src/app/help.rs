//! The Help menu and its two windows: the keyboard shortcuts, and "About" (version, licence,
//! the sources the content is drawn from).

use super::state::{Action, HelpWindow, UiState};
use crate::knowledge::{KnowledgeBase, SourceKind};

/// Every keyboard shortcut the window has, as (keys, what they do), grouped by where they work.
/// `handle_keys` in `mod.rs` and the map's focusable areas are what these describe: a shortcut
/// added there is listed here.
pub const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Files (also while typing)",
        &[
            ("Ctrl+N", "New session"),
            ("Ctrl+Shift+N", "New visit (from the last visit's areas and plan, unless switched off)"),
            ("Ctrl+O", "Open session"),
            ("Ctrl+S", "Save"),
            ("Ctrl+Shift+S", "Save as"),
            ("Ctrl+P", "Print handout (HTML)"),
            ("Ctrl+Q", "Quit (asks first if there are unsaved changes)"),
        ],
    ),
    (
        "Editing (outside text fields, which keep their own undo)",
        &[("Ctrl+Z", "Undo marking, levels, numbness, Clear all and plan changes"), ("Ctrl+Shift+Z or Ctrl+Y", "Redo")],
    ),
    (
        "Body map",
        &[
            ("F6", "Go to the drawing (its first area); also Tab then Enter from the top of the window"),
            ("Tab / Shift+Tab", "Move between controls and the areas of the drawing"),
            ("Space or Enter", "Mark or unmark the focused area (nerves are traced from the list or with Alt+click)"),
            ("Alt+click", "Trace the nerve under the pointer (a plain click marks the area)"),
            ("Esc", "Clear the trace"),
        ],
    ),
    (
        "Teach mode",
        &[
            ("Right, Down, Page Down or Space", "Next step"),
            ("Left, Up or Page Up", "Previous step"),
            ("Home / End", "First / last step"),
            ("Esc", "Leave teach mode"),
        ],
    ),
    ("Interface size", &[("Ctrl+Plus / Ctrl+Minus", "Larger / smaller text and controls"), ("Ctrl+0", "Normal size")]),
];

/// The licence the app is published under (`Cargo.toml`'s).
pub const LICENCE: &str = env!("CARGO_PKG_LICENSE");

/// The toolbar's Help menu.
pub fn menu(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.menu_button("Help", |ui| {
        if ui.button("Keyboard shortcuts").clicked() {
            actions.push(Action::ShowHelp(Some(HelpWindow::Shortcuts)));
            ui.close();
        }
        if ui.button("About Sciatica Explorer").clicked() {
            actions.push(Action::ShowHelp(Some(HelpWindow::About)));
            ui.close();
        }
    });
}

/// The open help window, if any.
pub fn show(ctx: &egui::Context, kb: &KnowledgeBase, state: &UiState, actions: &mut Vec<Action>) {
    let Some(which) = state.help else { return };
    let title = match which {
        HelpWindow::Shortcuts => "Keyboard shortcuts",
        HelpWindow::About => "About Sciatica Explorer",
    };
    let mut open = true;
    let mut close_clicked = false;
    egui::Window::new(title)
        .id(egui::Id::unique("help-window"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.set_max_width(520.0);
            match which {
                HelpWindow::Shortcuts => shortcuts(ui),
                HelpWindow::About => about(ui, kb),
            }
            ui.add_space(8.0);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                close_clicked = ui.button("Close").clicked();
            });
        });
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    if !open || close_clicked || escape {
        actions.push(Action::ShowHelp(None));
    }
}

fn shortcuts(ui: &mut egui::Ui) {
    for (group, keys) in SHORTCUTS {
        ui.label(egui::RichText::new(*group).strong());
        egui::Grid::new(("shortcuts", *group)).num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
            for (key, what) in *keys {
                ui.label(egui::RichText::new(*key).monospace());
                ui.label(*what);
                ui.end_row();
            }
        });
        ui.add_space(6.0);
    }
}

fn about(ui: &mut egui::Ui, kb: &KnowledgeBase) {
    ui.heading(egui::RichText::new("Sciatica Explorer").strong());
    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.add_space(4.0);
    ui.label(
        "An anatomy explorer for explaining sciatica: mark where it hurts to see which nerve roots, \
         nerves and muscles may be involved, and exercises from patient-education articles.",
    );
    ui.label(egui::RichText::new("Education, not a diagnosis: see a clinician for an examination.").strong());
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Patient-education articles").strong());
    for source in kb.sources.iter().filter(|s| s.kind == SourceKind::Article) {
        ui.label(citation(source));
    }
    let references: Vec<_> = kb.sources.iter().filter(|s| s.kind == SourceKind::Reference).collect();
    if !references.is_empty() {
        ui.add_space(4.0);
        ui.label(egui::RichText::new("Anatomical and clinical references").strong());
        for source in references {
            ui.label(egui::RichText::new(citation(source)).small());
        }
    }
    ui.add_space(6.0);
    ui.label(format!("Licence: {LICENCE}"));
}

/// "• Stendahl 2022: All About Sciatica" — readable, never the raw id.
fn citation(source: &crate::knowledge::Source) -> String {
    format!("• {}: {}", source.short_citation(), source.title)
}
