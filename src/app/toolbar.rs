//! The top bar: the File menu and session name, view, layers, skin map, piriformis variant,
//! teach mode, theme, reset and clear.

use super::state::{
    Action, FigureMotion, FileCommand, Layers, SelectionAction, SettingAction, Settings, SkinMap, TeachAction, UiState,
    ViewMode,
};
use crate::geometry::PiriformisVariant;
use crate::knowledge::KnowledgeBase;

/// The accessible name of the piriformis-variant combo box (its visible text is the choice).
const VARIANT_COMBO_NAME: &str = "Course of the sciatic nerve at the piriformis";

/// What the toolbar shows of the open file.
pub struct FileState {
    pub name: String,
    pub dirty: bool,
    /// The clinic pack in use, if any.
    pub pack: Option<String>,
}

pub fn show(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    state: &UiState,
    file: &FileState,
    actions: &mut Vec<Action>,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let name = ui.heading(egui::RichText::new("Sciatica Explorer").strong());
        // The first stop of Tab: straight to the drawing, past the toolbar and both panels.
        super::keyboard::skip_to_drawing(ui, name.rect);
        ui.add_space(8.0);
        ui.menu_button("File", |ui| file_menu(ui, file, actions));
        super::help::menu(ui, actions);
        session_name(ui, file);
        if let Some(pack) = &file.pack {
            ui.label(egui::RichText::new(format!("+ clinic pack {pack}")).small())
                .on_hover_text("Content from a clinic pack is added to the built-in content");
        }
        ui.separator();

        ui.label("View");
        for mode in ViewMode::ALL {
            let response = ui.selectable_label(settings.view == mode, mode.label());
            if response.clicked() && settings.view != mode {
                actions.push(Action::Setting(SettingAction::SetView(mode)));
            }
        }
        ui.separator();

        let mut layers = settings.layers;
        ui.menu_button("Layers", |ui| {
            layers_menu(ui, &mut layers);
            figure_motion_item(ui, settings, actions);
            super::progress_panel::menu_items(ui, state, actions);
        });
        ui.label("Skin");
        for (skin, label) in
            [(SkinMap::Dermatomes, "Dermatomes"), (SkinMap::Cutaneous, "Nerve territories"), (SkinMap::None, "Off")]
        {
            if ui.selectable_label(layers.skin == skin, label).clicked() {
                layers.skin = skin;
            }
        }
        if layers != settings.layers {
            actions.push(Action::Setting(SettingAction::SetLayers(layers)));
        }
        ui.separator();

        let mut variant = settings.variant;
        egui::ComboBox::from_id_salt("piriformis-variant")
            .selected_text(format!("Sciatic nerve {}", variant.short_label()))
            // Tall enough for the choices and the note without a scroll bar.
            .height(400.0)
            .show_ui(ui, |ui| {
                for v in PiriformisVariant::ALL {
                    ui.selectable_value(&mut variant, v, format!("Sciatic nerve {}", v.label()));
                }
                ui.separator();
                ui.add(egui::Label::new(egui::RichText::new(variant_note(kb)).small().weak()).wrap());
            })
            .response
            .accessible_name(VARIANT_COMBO_NAME)
            .on_hover_ui(|ui| {
                ui.label("Where the sciatic nerve leaves the pelvis, relative to the piriformis muscle.");
                ui.add_space(4.0);
                ui.label(variant_note(kb));
            });
        if variant != settings.variant {
            actions.push(Action::Setting(SettingAction::SetVariant(variant)));
        }

        let next = settings.theme.other();
        let theme_label = format!("{} theme", next.label());
        let theme_label = theme_label.as_str();
        // The right-aligned buttons take the rest of this row only if they fit there; otherwise
        // they would be drawn over the controls before them.
        if ui.available_size_before_wrap().x < buttons_width(ui, &["Clear all", "Reset zoom", theme_label, "Teach"]) {
            ui.end_row();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(egui::RichText::new("Teach").strong())
                .on_hover_text("Present the pathway step by step, in large type (arrow keys to step, Esc to leave)")
                .clicked()
            {
                actions.push(Action::Teach(TeachAction::Enter));
            }
            if ui.button(theme_label).clicked() {
                actions.push(Action::Setting(SettingAction::SetTheme(next)));
            }
            if ui.button("Reset zoom").on_hover_text("Fit the drawing to the window again").clicked() {
                actions.push(Action::ResetNavigation);
            }
            let clear =
                ui.add_enabled(!state.selection.is_empty() || state.trace.is_some(), egui::Button::new("Clear all"));
            if clear.on_hover_text("Deselect every area and clear the trace").clicked() {
                actions.push(Action::Selection(SelectionAction::Clear));
                actions.push(Action::Selection(SelectionAction::SetTrace(None)));
            }
        });
    });
    ui.add_space(2.0);
}

/// The session's name, in a box of the same width whatever the name and whether it is saved, so
/// the controls after it never move (nor wrap to a second row) when "(unsaved)" appears: a longer
/// name is cut with "…" and given whole on hover.
fn session_name(ui: &mut egui::Ui, file: &FileState) {
    let name = if file.dirty { format!("• {} (unsaved)", file.name) } else { file.name.clone() };
    let font = egui::TextStyle::Body.resolve(ui.style());
    let reserved = ui.painter().layout_no_wrap(NAME_ROOM.to_string(), font, egui::Color32::WHITE).size().x;
    let height = ui.spacing().interact_size.y;
    let saved = if file.dirty { "Changes not saved yet — Ctrl+S" } else { "All changes saved" };
    ui.allocate_ui_with_layout(egui::vec2(reserved, height), egui::Layout::left_to_right(egui::Align::Center), |ui| {
        ui.set_min_size(egui::vec2(reserved, height));
        ui.add(egui::Label::new(egui::RichText::new(name.as_str()).italics()).truncate())
            .on_hover_text(format!("{name}\n{saved}"));
    });
}

/// The text the session name's box is sized for: an untitled session with unsaved changes.
const NAME_ROOM: &str = "• Untitled session (unsaved)";

/// The width a row of buttons with these labels takes, spacing included (bold text allowed for).
fn buttons_width(ui: &egui::Ui, labels: &[&str]) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let spacing = ui.spacing();
    labels
        .iter()
        .map(|label| {
            let text = ui.painter().layout_no_wrap((*label).to_string(), font.clone(), egui::Color32::WHITE).size().x;
            text * 1.1 + 2.0 * spacing.button_padding.x + spacing.item_spacing.x
        })
        .sum()
}

fn file_menu(ui: &mut egui::Ui, file: &FileState, actions: &mut Vec<Action>) {
    let mut item = |ui: &mut egui::Ui, label: &str, shortcut: &str, command: FileCommand| {
        let button = egui::Button::new(label);
        let button = if shortcut.is_empty() { button } else { button.shortcut_text(shortcut) };
        if ui.add(button).clicked() {
            actions.push(Action::File(command));
            ui.close();
        }
    };
    item(ui, "New session", "Ctrl+N", FileCommand::New);
    // An edit of the session (undoable), not a file command.
    let new_visit = ui.add(egui::Button::new("New visit").shortcut_text("Ctrl+Shift+N")).clicked();
    if new_visit {
        ui.close();
    }
    item(ui, "Open session…", "Ctrl+O", FileCommand::Open);
    item(ui, "Save", "Ctrl+S", FileCommand::Save);
    item(ui, "Save as…", "Ctrl+Shift+S", FileCommand::SaveAs);
    ui.separator();
    item(ui, "Print handout (HTML)…", "Ctrl+P", FileCommand::ExportHandout);
    item(ui, "Copy plan as text", "", FileCommand::CopyPlan);
    item(ui, "Export drawing as SVG…", "", FileCommand::ExportSvg);
    item(ui, "Export drawing as PNG…", "", FileCommand::ExportPng);
    ui.separator();
    item(ui, "Load clinic pack…", "", FileCommand::LoadPack);
    if file.pack.is_some() {
        item(ui, "Use built-in content only", "", FileCommand::UseBuiltinContent);
    }
    ui.separator();
    item(ui, "Quit", "Ctrl+Q", FileCommand::Quit);
    if new_visit {
        actions.push(Action::Visit(super::state::VisitAction::New));
    }
}

/// How common each course is, cited, and what articles 000 and 002 say about it, given as
/// their claims: 000's "about 15 %" is about the share with any variant, mostly a divided nerve
/// (clinical-anatomy reference), and 002 has the nerve pass "through" the muscle.
fn variant_note(kb: &KnowledgeBase) -> String {
    let cite = |id: &str, fallback: &str| kb.source(id).map_or_else(|| fallback.to_string(), |s| s.short_citation());
    format!(
        "How common each course is: {meta} (reviews of dissection studies).\n\
         What two of the articles say: {a000} says about 15 in 100 people have the nerve running \
         through the muscle, and fewer on top of it. {a002} says the nerve passes through the \
         piriformis.\n\
         How that fits the studies: about 15 in 100 is roughly how many people have any variant, \
         most of them a divided nerve whose fibular part (common fibular division) passes through; \
         in most people the whole nerve passes below the muscle.",
        meta = cite("piriformis_variants_meta", "Smoljanović 2015; Poutoglidou 2020"),
        a000 = cite("000_75a3b197296c15eb", "One article"),
        a002 = cite("002_7e10b850193f9f66", "Another article"),
    )
}

/// The layer presets first ("Skin map", "Nerves and muscles", "Everything"), then the layers
/// other than the skin map one by one; the skin map has one control of its own, the toolbar's
/// "Skin" choice beside this menu.
/// The display setting of the exercise cards' figures, under the drawing's layers: whether an
/// open card's figure moves (stored with the other settings).
fn figure_motion_item(ui: &mut egui::Ui, settings: &Settings, actions: &mut Vec<Action>) {
    ui.separator();
    ui.label(egui::RichText::new("Exercise figures").small().weak());
    let mut animated = settings.figure_motion == FigureMotion::Animated;
    let response = ui
        .checkbox(&mut animated, ANIMATE_FIGURES)
        .on_hover_text("Off: an open exercise card shows its key poses side by side, still");
    if response.changed() {
        let motion = if animated { FigureMotion::Animated } else { FigureMotion::Still };
        actions.push(Action::Setting(SettingAction::SetFigureMotion(motion)));
    }
}

/// The label of the setting that turns the figures' animation on and off.
pub const ANIMATE_FIGURES: &str = "Animate exercise figures";

fn layers_menu(ui: &mut egui::Ui, layers: &mut Layers) {
    ui.label(egui::RichText::new("Show").small().weak());
    let current = layers.preset();
    for (name, preset) in Layers::PRESETS {
        if ui.selectable_label(current == Some(name), name).clicked() {
            *layers = layers.apply_preset(preset);
        }
    }
    ui.separator();
    ui.checkbox(&mut layers.bones, "Bones");
    ui.checkbox(&mut layers.muscles, "Muscles");
    ui.checkbox(&mut layers.nerves, "Nerves");
    ui.checkbox(&mut layers.labels, "Labels");
    ui.checkbox(&mut layers.legend, "Legend");
}
