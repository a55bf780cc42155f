//! The palettes of the schematic (light and dark), shared by the SVG export and the egui painter
//! through the display list ([`super::display`]), so a printed handout and the window look the
//! same. Every colour the drawing uses is here.

/// An sRGB colour with straight (unmultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// Opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self(r, g, b, 255)
    }

    /// The same colour with another alpha.
    pub const fn with_alpha(self, a: u8) -> Self {
        Self(self.0, self.1, self.2, a)
    }

    /// As an egui colour (egui stores premultiplied alpha; this converts).
    pub fn color32(self) -> egui::Color32 {
        egui::Color32::from_rgba_unmultiplied(self.0, self.1, self.2, self.3)
    }

    /// `#rrggbb` for SVG (pair with [`Rgba::opacity`]).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The same colour with its alpha multiplied by `factor` (clamped to opaque): how the
    /// drawing fades what is not traced and strengthens what is.
    pub fn scale_alpha(self, factor: f32) -> Self {
        let a = (f32::from(self.3) * factor).round().clamp(0.0, 255.0);
        // In range after the clamp.
        Self(self.0, self.1, self.2, a as u8)
    }

    /// Alpha as 0..1.
    pub fn opacity(self) -> f32 {
        f32::from(self.3) / 255.0
    }

    /// `#rrggbb` or `#rgb` (as CSS writes them), opaque; `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let digits = hex.strip_prefix('#').filter(|d| d.is_ascii())?;
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match digits.len() {
            6 => Some(Self::rgb(channel(&digits[0..2])?, channel(&digits[2..4])?, channel(&digits[4..6])?)),
            3 => {
                let short = |i: usize| channel(&digits[i..=i]).map(|v| v * 17);
                Some(Self::rgb(short(0)?, short(1)?, short(2)?))
            }
            _ => None,
        }
    }

    /// This colour, drawn with its alpha over an opaque `background`: the colour the eye sees.
    pub fn over(self, background: Rgba) -> Rgba {
        let a = self.opacity();
        let mix = |fg: u8, bg: u8| (f32::from(fg) * a + f32::from(bg) * (1.0 - a)).round() as u8;
        Rgba::rgb(mix(self.0, background.0), mix(self.1, background.1), mix(self.2, background.2))
    }

    /// WCAG 2 relative luminance of the opaque colour (0 black … 1 white).
    pub fn relative_luminance(self) -> f32 {
        let linear = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// WCAG 2 contrast ratio of two opaque colours (1 … 21; AA asks 4.5 for body text).
pub fn contrast_ratio(a: Rgba, b: Rgba) -> f32 {
    let (la, lb) = (a.relative_luminance(), b.relative_luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG AA's minimum contrast for normal-size text.
pub const WCAG_AA_TEXT: f32 = 4.5;

/// Every colour the schematic uses. [`PALETTE`] is the light theme, [`DARK_PALETTE`] the dark.
#[derive(Clone, Debug, PartialEq)]
pub struct Palette {
    /// Page background (of the exported SVG).
    pub background: Rgba,
    /// The card behind one view in the window.
    pub card: Rgba,
    /// Skin fill of the body silhouette.
    pub skin: Rgba,
    /// A slightly deeper skin tone for the soft inner shading band along the outline.
    pub skin_shade: Rgba,
    /// Silhouette stroke.
    pub skin_stroke: Rgba,
    /// Bone fill.
    pub bone: Rgba,
    /// Bone outline.
    pub bone_stroke: Rgba,
    /// Bone inner detail lines (foramina, joint lines).
    pub bone_detail: Rgba,
    /// Deep muscle fill (piriformis, obturator internus …).
    pub muscle: Rgba,
    /// Fill of a key muscle ([`super::display::KEY_MUSCLES`]: the piriformis), a shade
    /// stronger than the other deep muscles.
    pub muscle_key: Rgba,
    /// Muscle fill of the middle layer (hamstrings, calf …), lighter so bone and nerve show.
    pub muscle_mid: Rgba,
    /// Tendon fill.
    pub tendon: Rgba,
    /// Superficial muscle fill (gluteus maximus …), mostly transparent so the deep layer shows.
    pub muscle_superficial: Rgba,
    /// Muscle outline.
    pub muscle_stroke: Rgba,
    /// Muscle fibre-direction hatching.
    pub muscle_fibre: Rgba,
    /// Fill of a traced (emphasised) muscle.
    pub muscle_highlight: Rgba,
    /// Outline of a traced (emphasised) muscle.
    pub muscle_highlight_stroke: Rgba,
    /// Sciatic nerve and its branches.
    pub nerve: Rgba,
    /// Dark casing drawn under nerve strokes so they read on any background.
    pub nerve_casing: Rgba,
    /// Spinal roots.
    pub root: Rgba,
    /// Non-sciatic neighbours (femoral, saphenous …), lighter.
    pub nerve_neighbour: Rgba,
    /// Casing of neighbour nerves.
    pub nerve_neighbour_casing: Rgba,
    /// Emphasised (highlighted) nerves.
    pub nerve_highlight: Rgba,
    /// Glow under emphasised nerves.
    pub nerve_glow: Rgba,
    /// Thin border between pain areas.
    pub area_border: Rgba,
    /// Selected pain area fill.
    pub area_selected: Rgba,
    /// Selected pain area border.
    pub area_selected_stroke: Rgba,
    /// Hovered pain area fill (for the UI).
    pub area_hover: Rgba,
    /// ISNCSCI key point dot.
    pub key_point: Rgba,
    /// Ring around a key point dot.
    pub key_point_ring: Rgba,
    /// Label and legend text.
    pub text: Rgba,
    /// The label of a traced structure: the trace's colour, dark enough to read.
    pub text_traced: Rgba,
    /// Leader lines of labels.
    pub leader: Rgba,
}

/// The light palette.
pub const PALETTE: Palette = Palette {
    background: Rgba::rgb(0xff, 0xff, 0xff),
    // egui's light panel colour: the window is cleared to it, so the cards need no paint of
    // their own (see `app::body_map::cards_painted`).
    card: Rgba::rgb(0xf8, 0xf8, 0xf8),
    skin: Rgba::rgb(0xf9, 0xeb, 0xe0),
    skin_shade: Rgba::rgb(0xee, 0xcf, 0xbb),
    skin_stroke: Rgba::rgb(0xc4, 0x9f, 0x8b),
    bone: Rgba::rgb(0xf6, 0xf2, 0xea),
    bone_stroke: Rgba(0xa8, 0x9b, 0x84, 0xb0),
    bone_detail: Rgba(0xa8, 0x9b, 0x84, 0x60),
    muscle: Rgba(0xd0, 0x6e, 0x66, 0x80),
    muscle_key: Rgba(0xc8, 0x58, 0x4e, 0xb8),
    muscle_mid: Rgba(0xd8, 0x80, 0x76, 0x4c),
    tendon: Rgba(0xf3, 0xe9, 0xdc, 0xf0),
    muscle_superficial: Rgba(0xd8, 0x8a, 0x80, 0x2c),
    muscle_stroke: Rgba(0xa8, 0x4f, 0x48, 0xb0),
    muscle_fibre: Rgba(0xff, 0xff, 0xff, 0x50),
    muscle_highlight: Rgba(0xe0, 0x45, 0x3a, 0xe0),
    muscle_highlight_stroke: Rgba::rgb(0x8e, 0x16, 0x0e),
    nerve: Rgba::rgb(0xff, 0xd0, 0x1a),
    nerve_casing: Rgba::rgb(0x7a, 0x58, 0x00),
    root: Rgba::rgb(0xff, 0xda, 0x45),
    nerve_neighbour: Rgba::rgb(0xfb, 0xe9, 0xa6),
    nerve_neighbour_casing: Rgba(0xa8, 0x92, 0x50, 0xb0),
    nerve_highlight: Rgba::rgb(0xf2, 0x5c, 0x05),
    nerve_glow: Rgba(0xff, 0x80, 0x30, 0x70),
    area_border: Rgba(0x8c, 0x6e, 0x60, 0x60),
    area_selected: Rgba(0xe5, 0x39, 0x35, 0x70),
    area_selected_stroke: Rgba::rgb(0xc6, 0x28, 0x28),
    area_hover: Rgba(0xe5, 0x73, 0x73, 0x40),
    key_point: Rgba::rgb(0x30, 0x30, 0x38),
    key_point_ring: Rgba::rgb(0xff, 0xff, 0xff),
    text: Rgba::rgb(0x2d, 0x2a, 0x32),
    text_traced: Rgba::rgb(0xa8, 0x3a, 0x00),
    leader: Rgba(0x55, 0x50, 0x5a, 0xa0),
};

/// The dark palette: the anatomy keeps its colours (they are drawn on the skin), the card and the
/// text around the figure turn dark and light.
pub const DARK_PALETTE: Palette = Palette {
    background: Rgba::rgb(0x20, 0x23, 0x28),
    card: Rgba::rgb(0x2a, 0x2e, 0x35),
    text: Rgba::rgb(0xe1, 0xe1, 0xe1),
    text_traced: Rgba::rgb(0xff, 0xa8, 0x6b),
    leader: Rgba::rgb(0x96, 0x96, 0x96),
    ..PALETTE
};

impl Palette {
    /// The palette of a theme.
    pub fn for_theme(dark: bool) -> &'static Palette {
        if dark { &DARK_PALETTE } else { &PALETTE }
    }
}

/// Dermatome colour for a root id ("L1" … "S4-5"): distinct hues around the wheel, in root
/// order, drawn translucent so overlaps (real dermatomes overlap) mix visibly.
pub fn dermatome_color(root: &str) -> Rgba {
    match root {
        "L1" => Rgba(0x7d, 0x62, 0xd8, 0x80),
        "L2" => Rgba(0x4a, 0x78, 0xe0, 0x80),
        "L3" => Rgba(0x1f, 0xb0, 0xc8, 0x80),
        "L4" => Rgba(0x3d, 0xb0, 0x5a, 0x80),
        "L5" => Rgba(0xe8, 0xb4, 0x1c, 0x80),
        "S1" => Rgba(0xf0, 0x6a, 0x3c, 0x80),
        "S2" => Rgba(0xe0, 0x45, 0x80, 0x80),
        "S3" => Rgba(0xc4, 0x4c, 0xb4, 0x80),
        "S4-5" => Rgba(0x6c, 0x7c, 0x90, 0x80),
        _ => Rgba(0x99, 0x99, 0x99, 0x80),
    }
}

/// Cutaneous-territory colour for a peripheral nerve id: sciatic-family territories in warm
/// hues, neighbours in cool ones, so "inside / outside the sciatic territory" reads at a glance.
pub fn cutaneous_color(nerve: &str) -> Rgba {
    match nerve {
        "posterior_femoral_cutaneous" => Rgba(0xc9, 0x8b, 0xd9, 0x80),
        "sural" => Rgba(0xf2, 0x8c, 0x38, 0x80),
        "superficial_fibular" => Rgba(0xf4, 0xc0, 0x20, 0x80),
        "deep_fibular" => Rgba(0xd0, 0x3a, 0x2e, 0x90),
        "common_fibular" => Rgba(0xe9, 0x6e, 0x50, 0x80),
        "medial_calcaneal" => Rgba(0xb8, 0x5a, 0x8a, 0x80),
        "medial_plantar" => Rgba(0xe8, 0x5c, 0x70, 0x80),
        "lateral_plantar" => Rgba(0xb0, 0x7a, 0x48, 0x80),
        "tibial" => Rgba(0xe0, 0x70, 0x90, 0x80),
        "saphenous" => Rgba(0x3c, 0xb3, 0x71, 0x80),
        "femoral" => Rgba(0x4a, 0x90, 0xd9, 0x80),
        "lateral_femoral_cutaneous" => Rgba(0x2a, 0xb8, 0xb0, 0x80),
        "obturator" => Rgba(0x7a, 0x86, 0xe0, 0x80),
        "superior_cluneal" => Rgba(0x6b, 0xa8, 0xd8, 0x80),
        "middle_cluneal" => Rgba(0x58, 0xc0, 0xa8, 0x80),
        "pudendal" => Rgba(0x90, 0x80, 0x70, 0x90),
        _ => Rgba(0x99, 0x99, 0x99, 0x80),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratio_matches_the_wcag_reference_values() {
        let white = Rgba::rgb(255, 255, 255);
        let black = Rgba::rgb(0, 0, 0);
        assert!((contrast_ratio(white, black) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 0.001);
        // #767676 on white is the classic just-passing AA grey (4.54:1).
        let grey = Rgba::rgb(0x76, 0x76, 0x76);
        assert!((contrast_ratio(grey, white) - 4.54).abs() < 0.01);
        assert_eq!(Rgba::from_hex("#fff"), Some(white));
        assert_eq!(Rgba::from_hex("#1d4f5c"), Some(Rgba::rgb(0x1d, 0x4f, 0x5c)));
        assert_eq!(Rgba::from_hex("red"), None);
    }

    #[test]
    fn legend_and_label_text_meets_wcag_aa_on_every_background_in_both_themes() {
        for palette in [&PALETTE, &DARK_PALETTE] {
            for (name, background) in [("background", palette.background), ("card", palette.card)] {
                for (what, text) in [("text", palette.text), ("traced label", palette.text_traced)] {
                    let ratio = contrast_ratio(text, background);
                    assert!(ratio >= WCAG_AA_TEXT, "{what} on {name}: {ratio:.2}:1");
                }
            }
        }
    }
}
