//! "Export drawing as PNG" at print and slide quality: the drawing's SVG (the same document
//! "Export drawing as SVG" writes) rendered with `resvg` at a chosen pixel size, not a
//! screenshot of the window.
//!
//! The labels need a font and nothing here may ask the system for one (the app must build and
//! run with only the Rust toolchain): the SVG's text is set in the font the window uses, egui's
//! bundled proportional font, loaded from the bytes embedded in the binary.

use std::sync::{Arc, OnceLock};

/// The longest side a rendered drawing may have, in pixels: a poster at 300 dpi, and about
/// 250 MB of pixels at most, so no size asked for can exhaust memory.
pub const MAX_SIDE_PX: u32 = 8000;

/// How large the exported PNG is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PngSize {
    /// Twice the drawing's size on screen (its pixels, not points), at least 1600 wide.
    #[default]
    TwiceScreen,
    /// 1920 pixels wide: a full-HD slide.
    Slide,
    /// 3508 pixels wide: the width of A4 landscape at 300 dots per inch.
    Print,
}

impl PngSize {
    /// Every choice, in the export dialog's order.
    pub const ALL: [PngSize; 3] = [PngSize::TwiceScreen, PngSize::Slide, PngSize::Print];

    /// The least width of [`PngSize::TwiceScreen`], for a drawing shown small.
    pub const MIN_TWICE_SCREEN_WIDTH: u32 = 1600;

    /// The width in pixels, given the drawing's width on screen in pixels.
    pub fn width_px(self, screen_width_px: f32) -> u32 {
        match self {
            PngSize::TwiceScreen => {
                let twice = if screen_width_px.is_finite() { (2.0 * screen_width_px).round() as u32 } else { 0 };
                twice.max(Self::MIN_TWICE_SCREEN_WIDTH)
            }
            PngSize::Slide => 1920,
            PngSize::Print => 3508,
        }
    }

    /// The dialog's words for it.
    pub fn label(self) -> &'static str {
        match self {
            PngSize::TwiceScreen => "Twice the size on screen (at least 1600 pixels wide)",
            PngSize::Slide => "Slide (1920 pixels wide)",
            PngSize::Print => "Print (A4 at 300 dpi, 3508 pixels wide)",
        }
    }
}

/// The fonts the SVG's text is set in: egui's bundled proportional font, which every family the
/// SVG names (Helvetica, Arial, sans-serif) falls back to. Built once.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            let definitions = egui::FontDefinitions::default();
            let proportional = definitions.families.get(&egui::FontFamily::Proportional);
            for name in proportional.into_iter().flatten() {
                if let Some(data) = definitions.font_data.get(name) {
                    db.load_font_data(data.bytes().to_vec());
                }
            }
            // The first face loaded is the window's text font: generic families resolve to it.
            let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
            if let Some(family) = family {
                db.set_sans_serif_family(family.clone());
                db.set_serif_family(family.clone());
                db.set_monospace_family(family);
            }
            Arc::new(db)
        })
        .clone()
}

/// Renders an SVG document `width` pixels wide (its height follows its aspect ratio) and
/// encodes it as PNG. An error says what went wrong in words.
pub fn svg_to_png(svg: &str, width: u32) -> Result<Vec<u8>, String> {
    let mut options = resvg::usvg::Options { fontdb: fonts(), ..Default::default() };
    options.font_family = "sans-serif".to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| format!("the drawing could not be read: {e}"))?;
    let size = tree.size();
    let scale = width as f32 / size.width().max(1.0);
    let height = (size.height() * scale).round();
    let too_large = || {
        format!(
            "a drawing of {width} × {height} pixels is too large (at most {MAX_SIDE_PX} pixels a side); choose a smaller size"
        )
    };
    if width > MAX_SIDE_PX || height.is_nan() || height > MAX_SIDE_PX as f32 {
        return Err(too_large());
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, (height as u32).max(1))
        .ok_or_else(|| format!("a drawing of {width} × {height} pixels cannot be made"))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("the image could not be encoded: {e}"))
}

/// Renders an SVG document without text into the top-left `size` pixels of a transparent
/// `canvas` (at least as large), its picture scaled to fit and centred there (as
/// `geometry::display::fit` places a picture on screen), and returns the canvas's premultiplied
/// RGBA pixels, row by row. For the window's small pictures: no fonts are loaded, so any text
/// would be left out.
pub fn svg_to_pixels_fitted(svg: &str, size: [u32; 2], canvas: [u32; 2]) -> Result<Vec<u8>, String> {
    let ([width, height], [canvas_width, canvas_height]) = (size, canvas);
    if canvas_width > MAX_SIDE_PX || canvas_height > MAX_SIDE_PX || width > canvas_width || height > canvas_height {
        return Err(format!("a picture of {width} × {height} pixels does not fit {canvas_width} × {canvas_height}"));
    }
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| format!("the picture could not be read: {e}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(canvas_width, canvas_height)
        .ok_or_else(|| format!("a picture of {canvas_width} × {canvas_height} pixels cannot be made"))?;
    let tree_size = tree.size();
    let scale = (width as f32 / tree_size.width()).min(height as f32 / tree_size.height());
    let (dx, dy) =
        ((width as f32 - tree_size.width() * scale) / 2.0, (height as f32 - tree_size.height() * scale) / 2.0);
    let transform = resvg::tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn an_svg_renders_at_the_width_asked_for_with_its_text() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100" font-family="Helvetica, Arial, sans-serif">
            <rect width="200" height="100" fill="#ffffff"/>
            <text x="10" y="60" font-size="40" fill="#000000">Sciatic</text></svg>"##;
        let (w, h, pixels) = decode(&svg_to_png(svg, 800).expect("rendered"));
        assert_eq!((w, h), (800, 400));
        // The label is drawn: the font loaded from egui's bytes was found for "sans-serif".
        let dark = pixels.chunks(4).filter(|p| p[0] < 100).count();
        assert!(dark > 1000, "only {dark} dark pixels: the text was not drawn");
    }

    #[test]
    fn sizes_are_at_least_twice_the_screen_and_never_unbounded() {
        assert_eq!(PngSize::TwiceScreen.width_px(1200.0), 2400);
        assert_eq!(PngSize::TwiceScreen.width_px(300.0), PngSize::MIN_TWICE_SCREEN_WIDTH);
        assert_eq!(PngSize::TwiceScreen.width_px(f32::NAN), PngSize::MIN_TWICE_SCREEN_WIDTH);
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="1000"/>"#;
        assert!(svg_to_png(svg, 1000).is_err_and(|e| e.contains("too large")));
    }
}
