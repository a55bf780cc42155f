//! Theme and type sizes: large enough to read from across a desk.

use super::ThemeChoice;

/// Sets the theme and, once per context, the type scale and spacing.
pub fn apply(ctx: &egui::Context, theme: ThemeChoice) {
    let wanted = match theme {
        ThemeChoice::Light => egui::Theme::Light,
        ThemeChoice::Dark => egui::Theme::Dark,
    };
    // The preference itself, not just the theme it gives now: left at "follow the system", egui
    // would tell the window to follow the system's theme (its title bar then differs from the
    // app's) and switch themes when the system's is known or changes.
    if ctx.options(|o| o.theme_preference) != wanted.into() {
        ctx.set_theme(wanted);
    }
    configure(ctx);
}

/// Sets the type scale, spacing and text rendering of both themes, once per context. The window
/// calls it before its first frame: the fonts are made with the text options of the first frame.
pub fn configure(ctx: &egui::Context) {
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
        // Each glyph rasterised once per size, at whole pixels (hinted), not at up to four
        // sub-pixel offsets: sharper at 100 % and a quarter of the glyph work on the first frame,
        // which rasterises every glyph it shows.
        style.visuals.text_options.subpixel_binning = false;
    });
    ctx.data_mut(|d| d.insert_temp(configured_id, true));
}

/// Makes the context's fonts now, with a pass that shows nothing, for [`warm_glyphs`] to
/// rasterise into before the window's first frame. The font texture that pass made is handed
/// back to egui's texture manager, so the first frame still uploads it whole. Call once, on a
/// context that has run no pass, before the window opens.
pub fn load_fonts(ctx: &egui::Context) {
    let input = egui::RawInput { max_texture_side: Some(super::MAX_TEXTURE_SIDE), ..Default::default() };
    let output = ctx.run_ui(input, |_| {});
    hand_back_textures(ctx, output.textures_delta);
}

/// Gives the texture uploads of a pass nobody paints back to egui's texture manager, for the next
/// pass to hand to the renderer with its own: the renderer must still receive every texture the
/// unpainted pass made (the font atlas, the stroke profiles). A texture the pass made and freed
/// again is dropped, since the renderer never had it.
pub fn hand_back_textures(ctx: &egui::Context, mut delta: egui::TexturesDelta) {
    let made = std::mem::take(&mut delta.set);
    delta.clear();
    let manager = ctx.tex_manager();
    let mut manager = manager.write();
    for (id, deltas) in made {
        if manager.meta(id).is_none() {
            continue;
        }
        for delta in deltas {
            manager.set(id, delta);
        }
    }
}

/// The characters [`warm_glyphs`] rasterises: printable ASCII and the typographic marks the
/// knowledge's texts use.
const WARM_CHARACTERS: &str =
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~—–…’‘“”·×≤≥→•";

/// Rasterises the glyphs of the text the first frame shows (the panels' small, body and heading
/// styles, and the drawing's 12-point text: its legend, the views' subtitles and, in a window of
/// the usual size, its labels) into the context's font atlas. The first frame lays out a few thousand
/// characters and would rasterise several hundred glyphs, a third of its work. The window's
/// loader runs this on another core while eframe opens the window (after [`load_fonts`]) when it
/// cannot rehearse the first frame (see `app::rehearsal`, which rasterises just the glyphs the
/// frame shows). A window that then starts at another scale or zoom rasterises its own glyphs.
pub fn warm_glyphs(ctx: &egui::Context) {
    let fonts: Vec<egui::FontId> = ctx
        .style_of(ctx.theme())
        .text_styles
        .iter()
        .filter(|(style, _)| matches!(style, egui::TextStyle::Small | egui::TextStyle::Body | egui::TextStyle::Heading))
        .map(|(_, font)| font.clone())
        .chain([egui::FontId::proportional(crate::geometry::display::LEGEND_FONT)])
        .collect();
    for font in fonts {
        // One style at a time: egui holds the context's lock while it lays out.
        ctx.fonts_mut(|f| {
            f.layout_no_wrap(WARM_CHARACTERS.to_string(), font, egui::Color32::WHITE);
        });
    }
}

/// A collapsing header's text laid out to wrap in the width left for it: egui never wraps a
/// header's text, so a long one widens its panel past the window's edge on a small screen.
pub fn wrapping_header(ui: &egui::Ui, text: egui::RichText) -> egui::WidgetText {
    let width = (ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x).max(60.0);
    egui::WidgetText::from(text).into_galley(ui, Some(egui::TextWrapMode::Wrap), width, egui::TextStyle::Button).into()
}

/// Width of the keyboard focus ring, in points: egui marks focus only with its 1-point "pressed"
/// outline, which is hard to find on a busy window.
pub const FOCUS_RING_WIDTH: f32 = 2.5;

/// The keyboard focus ring drawn around whatever has focus (see [`super::keyboard`]).
pub fn focus_stroke(dark: bool) -> egui::Stroke {
    egui::Stroke::new(FOCUS_RING_WIDTH, if dark { Accent::FOCUS_ON_DARK } else { Accent::FOCUS })
}

/// Accent colours shared by the panels. Every text/background pair they make is listed in
/// [`contrast_pairs`] and checked against WCAG AA.
pub struct Accent;

impl Accent {
    /// Fill of an emergency banner (white text on it), and emergency text on a light panel.
    pub const EMERGENCY: egui::Color32 = egui::Color32::from_rgb(0xB4, 0x1E, 0x22);
    /// Fill of a "see a doctor soon" banner (white text on it), and its text on a light panel: a
    /// deep amber, since white on a brighter orange falls below 4.5:1.
    pub const SOON: egui::Color32 = egui::Color32::from_rgb(0x96, 0x54, 0x00);
    /// The keyboard focus ring on a light panel.
    pub const FOCUS: egui::Color32 = egui::Color32::from_rgb(0x1F, 0x6F, 0xD6);
    /// The keyboard focus ring on a dark panel (the light theme's blue is too dark to see there).
    pub const FOCUS_ON_DARK: egui::Color32 = egui::Color32::from_rgb(0x7C, 0xB8, 0xFF);
    /// Emergency text on a dark panel (the banner red is too dark to read there).
    pub const EMERGENCY_ON_DARK: egui::Color32 = egui::Color32::from_rgb(0xFF, 0x8A, 0x80);
    /// "Soon" text on a dark panel.
    pub const SOON_ON_DARK: egui::Color32 = egui::Color32::from_rgb(0xFF, 0xB7, 0x4D);
    /// White at this alpha is the banners' small "Raised because …" line.
    pub const BANNER_SMALL_TEXT_ALPHA: u8 = 220;

    /// Emergency-coloured text for a panel of the given theme.
    pub fn emergency_text(dark: bool) -> egui::Color32 {
        if dark { Self::EMERGENCY_ON_DARK } else { Self::EMERGENCY }
    }

    /// "Soon"-coloured text for a panel of the given theme.
    pub fn soon_text(dark: bool) -> egui::Color32 {
        if dark { Self::SOON_ON_DARK } else { Self::SOON }
    }

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

/// One text colour on one background, as the window shows it.
#[derive(Clone, Copy, Debug)]
pub struct ContrastPair {
    /// Where the pair appears.
    pub what: &'static str,
    pub text: egui::Color32,
    pub background: egui::Color32,
}

/// Every banner, accent-text and legend text/background pair of the window, in light and dark:
/// the one list the contrast test checks. A new banner or accent text belongs here.
pub fn contrast_pairs() -> Vec<ContrastPair> {
    use egui::Color32;
    let pair = |what, text, background| ContrastPair { what, text, background };
    let small_white = Color32::from_white_alpha(Accent::BANNER_SMALL_TEXT_ALPHA);
    let mut pairs = Vec::new();
    for (banner, fill) in [("emergency banner", Accent::EMERGENCY), ("soon banner", Accent::SOON)] {
        pairs.push(pair(banner, Color32::WHITE, fill));
        pairs.push(pair(banner, small_white, fill));
    }
    for dark in [false, true] {
        let visuals = if dark { egui::Visuals::dark() } else { egui::Visuals::light() };
        let palette = crate::geometry::Palette::for_theme(dark);
        for background in [visuals.panel_fill, visuals.window_fill] {
            pairs.push(pair("emergency text on a panel", Accent::emergency_text(dark), background));
            pairs.push(pair("soon text on a panel", Accent::soon_text(dark), background));
        }
        let legend_text = palette.text.color32();
        pairs.push(pair("legend on the window backdrop", legend_text, super::body_map::backdrop(dark)));
        pairs.push(pair("label on a view card", legend_text, palette.card.color32()));
    }
    pairs
}

/// For tests: the font texture a renderer holds after uploading, in order, what a context's
/// frames handed it (starting from `texture`).
#[cfg(test)]
pub(crate) fn uploaded(
    deltas: &[egui::epaint::ImageDelta],
    mut texture: Option<egui::ColorImage>,
) -> Option<egui::ColorImage> {
    for delta in deltas {
        let egui::ImageData::Color(image) = &delta.image;
        match (delta.pos, &mut texture) {
            (None, _) => texture = Some((**image).clone()),
            (Some([x, y]), Some(t)) => {
                for row in 0..image.height() {
                    for col in 0..image.width() {
                        t[(x + col, y + row)] = image[(col, row)];
                    }
                }
            }
            (Some(_), None) => panic!("a partial update before the whole texture"),
        }
    }
    texture
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::palette::{Rgba, WCAG_AA_TEXT, contrast_ratio};

    /// The font texture's deltas a frame hands the renderer (the others dropped).
    fn font_deltas(mut output: egui::FullOutput) -> Vec<egui::epaint::ImageDelta> {
        let font =
            output.textures_delta.set.remove(&egui::TextureId::default()).map(|d| d.into_vec()).unwrap_or_default();
        output.textures_delta.clear();
        font
    }

    /// The first frame's font deltas and egui's own atlas after it.
    fn first_frame(ctx: &egui::Context) -> (Vec<egui::epaint::ImageDelta>, egui::ColorImage, usize) {
        let input = egui::RawInput { max_texture_side: Some(super::super::MAX_TEXTURE_SIDE), ..Default::default() };
        let font = font_deltas(ctx.run_ui(input, |ui| {
            ui.heading("Where does it hurt?");
            ui.label("Click one or more areas on the body map (L4, L5, S1).");
            ui.small("Education, not a diagnosis — see a clinician.");
            // The drawing's 12-point text: a label, the legend, a view's subtitle.
            let font = egui::FontId::proportional(crate::geometry::display::LEGEND_FONT);
            ui.painter().text(
                egui::pos2(20.0, 200.0),
                egui::Align2::LEFT_TOP,
                "Sciatic n. · L5 root",
                font,
                egui::Color32::BLACK,
            );
        }));
        // Pixels the frame wrote into the atlas after its first (whole) upload.
        let patched = font.iter().filter(|d| d.pos.is_some()).map(|d| d.image.width() * d.image.height()).sum();
        (font, ctx.fonts(|f| f.image()), patched)
    }

    #[test]
    fn glyphs_warmed_before_the_window_opens_reach_the_renderer_and_spare_the_first_frame() {
        // As the window starts: fonts made, glyphs warmed (on the loader's thread), first frame.
        let warmed = egui::Context::default();
        configure(&warmed);
        load_fonts(&warmed);
        std::thread::scope(|s| {
            s.spawn(|| warm_glyphs(&warmed));
        });
        let (deltas, atlas, _) = first_frame(&warmed);
        assert!(deltas.first().is_some_and(|d| d.pos.is_none()), "the whole font texture comes first");
        let texture = uploaded(&deltas, None).expect("a font texture");
        assert!(texture.size == atlas.size && texture.pixels == atlas.pixels, "the renderer's copy is egui's atlas");
        // A second frame with new text patches the uploaded texture as usual.
        let more = font_deltas(warmed.run_ui(egui::RawInput::default(), |ui| {
            ui.label("Ωμέγα 😀");
        }));
        let texture = uploaded(&more, Some(texture)).expect("a font texture");
        let atlas = warmed.fonts(|f| f.image());
        assert!(texture.size == atlas.size && texture.pixels == atlas.pixels, "later frames patch it");

        // Without warming, the same first frame rasterises its glyphs itself.
        let cold = egui::Context::default();
        configure(&cold);
        load_fonts(&cold);
        let (cold_deltas, cold_atlas, cold_patched) = first_frame(&cold);
        let texture = uploaded(&cold_deltas, None).expect("a font texture");
        assert!(texture.size == cold_atlas.size && texture.pixels == cold_atlas.pixels);
        assert!(cold_patched > 0, "the cold first frame rasterised glyphs");
        let warm_again = egui::Context::default();
        configure(&warm_again);
        load_fonts(&warm_again);
        warm_glyphs(&warm_again);
        // What warming rasterised is patched in once; the frame itself adds nothing more.
        let before = warm_again.fonts(|f| f.image());
        let (_, after, _) = first_frame(&warm_again);
        assert!(before.pixels == after.pixels, "the first frame rasterised no glyph of its own");
    }

    #[test]
    fn textures_of_an_unpainted_pass_reach_the_next_frame_but_one_made_and_freed_in_it_does_not() {
        let ctx = egui::Context::default();
        configure(&ctx);
        let image = || egui::ColorImage::filled([4, 4], egui::Color32::RED);
        let mut kept = None;
        let mut dropped_id = None;
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.label("Sciatica Explorer");
            kept = Some(ui.ctx().load_texture("kept", image(), egui::TextureOptions::LINEAR));
            dropped_id = Some(ui.ctx().load_texture("dropped", image(), egui::TextureOptions::LINEAR).id());
        });
        hand_back_textures(&ctx, output.textures_delta);
        let (Some(kept), Some(dropped_id)) = (kept, dropped_id) else { panic!("two textures made") };
        let mut next = ctx.run_ui(egui::RawInput::default(), |_| {});
        let set = std::mem::take(&mut next.textures_delta.set);
        next.textures_delta.clear();
        assert!(set.contains_key(&egui::TextureId::default()), "the font texture");
        assert!(set.contains_key(&kept.id()), "a texture the pass made and kept");
        assert!(!set.contains_key(&dropped_id), "not one it freed again");
    }

    #[test]
    fn glyphs_are_drawn_at_whole_pixels_from_the_first_frame_in_either_theme() {
        // The window calls `configure` before its first frame, when egui makes its fonts.
        let ctx = egui::Context::default();
        configure(&ctx);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            assert!(!ctx.style_of(theme).visuals.text_options.subpixel_binning, "{theme:?}");
            assert_eq!(ctx.style_of(theme).text_styles[&egui::TextStyle::Body].size, 15.0, "{theme:?}");
        }
    }

    /// The colour the eye sees: `c` (premultiplied) drawn over an opaque background.
    fn seen(c: egui::Color32, background: egui::Color32) -> Rgba {
        let [r, g, b, a] = c.to_srgba_unmultiplied();
        let [br, bg, bb, _] = background.to_srgba_unmultiplied();
        Rgba(r, g, b, a).over(Rgba::rgb(br, bg, bb))
    }

    #[test]
    fn every_banner_and_legend_pair_meets_wcag_aa() {
        let mut failing = Vec::new();
        for p in contrast_pairs() {
            let background = seen(p.background, egui::Color32::BLACK);
            let ratio = contrast_ratio(seen(p.text, p.background), background);
            if ratio < WCAG_AA_TEXT {
                failing.push(format!("{}: {:?} on {:?} is {ratio:.2}:1", p.what, p.text, p.background));
            }
        }
        assert!(failing.is_empty(), "below 4.5:1:\n{}", failing.join("\n"));
    }

    /// WCAG's least contrast for the parts of a control that show its state (1.4.11).
    const NON_TEXT_CONTRAST: f32 = 3.0;

    #[test]
    fn the_focus_ring_stands_out_from_an_unfocused_control_in_both_themes() {
        for dark in [false, true] {
            let visuals = if dark { egui::Visuals::dark() } else { egui::Visuals::light() };
            let ring = focus_stroke(dark);
            let unfocused = visuals.widgets.inactive.bg_stroke;
            // egui's own focus look is its "active" (pressed) outline.
            let egui_focus = visuals.widgets.active.bg_stroke;
            assert!(
                ring.width >= 2.0 && ring.width >= unfocused.width + 1.5 && ring.width >= egui_focus.width + 1.0,
                "dark {dark}: a {} pt ring beside {} pt (unfocused) and {} pt (egui's focus)",
                ring.width,
                unfocused.width,
                egui_focus.width
            );
            let ring_colour = seen(ring.color, visuals.panel_fill);
            for (what, next_to) in [
                ("panel", visuals.panel_fill),
                ("window", visuals.window_fill),
                ("button", visuals.widgets.inactive.weak_bg_fill),
                ("text field", visuals.text_edit_bg_color()),
                ("drawing backdrop", super::super::body_map::backdrop(dark)),
                ("drawing card", crate::geometry::Palette::for_theme(dark).card.color32()),
            ] {
                let ratio = contrast_ratio(ring_colour, seen(next_to, egui::Color32::BLACK));
                assert!(ratio >= NON_TEXT_CONTRAST, "dark {dark}: the ring on the {what} is {ratio:.2}:1");
            }
            let unfocused_colour = seen(unfocused.color, visuals.panel_fill);
            let ratio = contrast_ratio(ring_colour, unfocused_colour);
            assert!(
                ratio >= 1.5,
                "dark {dark}: the ring is hardly another colour than the unfocused outline ({ratio:.2}:1)"
            );
        }
    }
}
