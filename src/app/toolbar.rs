//! The top bar: view, layers, skin map, piriformis variant, theme, reset and clear.

use super::state::{Action, LayerToggles, Session, Settings, SkinMap, ThemeChoice, Variant, ViewMode};

pub fn show(ui: &mut egui::Ui, settings: &Settings, session: &Session, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.heading(egui::RichText::new("Sciatica Explorer").strong());
        ui.add_space(12.0);

        ui.label("View");
        for (mode, label) in [(ViewMode::Posterior, "Back"), (ViewMode::Anterior, "Front"), (ViewMode::Both, "Both")] {
            let response = ui.selectable_label(settings.view == mode, label);
            if response.clicked() && settings.view != mode {
                actions.push(Action::SetView(mode));
            }
        }
        ui.separator();

        let mut layers = settings.layers;
        ui.menu_button("Layers", |ui| layers_menu(ui, &mut layers));
        ui.label("Skin");
        for (skin, label) in [(SkinMap::Dermatomes, "Dermatomes"), (SkinMap::Cutaneous, "Nerve territories"), (SkinMap::None, "Off")] {
            if ui.selectable_label(layers.skin == skin, label).clicked() {
                layers.skin = skin;
            }
        }
        if layers != settings.layers {
            actions.push(Action::SetLayers(layers));
        }
        ui.separator();

        let mut variant = settings.variant;
        egui::ComboBox::from_id_salt("piriformis-variant")
            .selected_text(format!("Sciatic nerve {}", short_variant(variant)))
            .show_ui(ui, |ui| {
                for v in Variant::ALL {
                    ui.selectable_value(&mut variant, v, format!("Sciatic nerve {}", v.label()));
                }
            })
            .response
            .on_hover_text("Where the sciatic nerve leaves the pelvis relative to the piriformis (article 000)");
        if variant != settings.variant {
            actions.push(Action::SetVariant(variant));
        }

        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let (theme_label, next) = match settings.theme {
                ThemeChoice::Light => ("Dark theme", ThemeChoice::Dark),
                ThemeChoice::Dark => ("Light theme", ThemeChoice::Light),
            };
            if ui.button(theme_label).clicked() {
                actions.push(Action::SetTheme(next));
            }
            if ui.button("Reset zoom").on_hover_text("Fit the drawing to the window again").clicked() {
                actions.push(Action::ResetNavigation);
            }
            let clear = ui.add_enabled(!session.selection.is_empty() || session.focus.is_some(), egui::Button::new("Clear all"));
            if clear.on_hover_text("Deselect every area and clear the trace").clicked() {
                actions.push(Action::ClearSelection);
                actions.push(Action::SetFocus(None));
            }
        });
    });
    ui.add_space(2.0);
}

fn short_variant(v: Variant) -> &'static str {
    match v {
        Variant::Below => "below piriformis",
        Variant::Through => "through piriformis",
        Variant::Above => "above piriformis",
    }
}

fn layers_menu(ui: &mut egui::Ui, layers: &mut LayerToggles) {
    ui.checkbox(&mut layers.bones, "Bones");
    ui.checkbox(&mut layers.muscles, "Muscles");
    ui.checkbox(&mut layers.nerves, "Nerves");
    let mut dermatomes = layers.skin == SkinMap::Dermatomes;
    let mut cutaneous = layers.skin == SkinMap::Cutaneous;
    if ui.checkbox(&mut dermatomes, "Dermatomes").changed() {
        layers.skin = if dermatomes { SkinMap::Dermatomes } else { SkinMap::None };
    }
    if ui.checkbox(&mut cutaneous, "Cutaneous nerve territories").changed() {
        layers.skin = if cutaneous { SkinMap::Cutaneous } else { SkinMap::None };
    }
    ui.checkbox(&mut layers.labels, "Labels");
    ui.checkbox(&mut layers.legend, "Legend");
}
