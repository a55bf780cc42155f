//! Theme and type sizes: large enough to read from across a desk.

use super::ThemeChoice;

/// Sets the theme and, once per context, the type scale and spacing.
pub fn apply(ctx: &egui::Context, theme: ThemeChoice) {
    let wanted = match theme {
        ThemeChoice::Light => egui::Theme::Light,
        ThemeChoice::Dark => egui::Theme::Dark,
    };
    if ctx.theme() != wanted {
        ctx.set_theme(wanted);
    }
    let configured_id = egui::Id::unique("sciatica-explorer.style-configured");
    if ctx.data(|d| d.get_temp::<bool>(configured_id)).unwrap_or(false) {
        return;
    }
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.5, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(15.0, FontFamily::Proportional)),
            (TextStyle::Heading, FontId::new(21.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(14.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
    ctx.data_mut(|d| d.insert_temp(configured_id, true));
}

/// Accent colours shared by the panels.
pub struct Accent;

impl Accent {
    pub const EMERGENCY: egui::Color32 = egui::Color32::from_rgb(0xB4, 0x1E, 0x22);
    pub const SOON: egui::Color32 = egui::Color32::from_rgb(0xB8, 0x6E, 0x00);
    pub const FOCUS: egui::Color32 = egui::Color32::from_rgb(0x1F, 0x6F, 0xD6);

    /// A colour per candidate kind, for chips and score bars.
    pub fn kind(kind: crate::knowledge::LinkKind) -> egui::Color32 {
        use crate::knowledge::LinkKind;
        match kind {
            LinkKind::Root => egui::Color32::from_rgb(0x6A, 0x4C, 0xC2),
            LinkKind::Nerve => egui::Color32::from_rgb(0xC9, 0x8A, 0x00),
            LinkKind::Entrapment => egui::Color32::from_rgb(0xC2, 0x41, 0x6B),
            LinkKind::Muscle => egui::Color32::from_rgb(0xB0, 0x4A, 0x3A),
            LinkKind::Cause => egui::Color32::from_rgb(0x2E, 0x7D, 0x6B),
        }
    }
}
