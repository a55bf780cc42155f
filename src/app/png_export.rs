//! "Export drawing as PNG…": a size is chosen first (twice the size on screen, a slide, print),
//! then where to save; the drawing's SVG is rendered at that size on a thread of its own (a
//! print-size render takes a moment) and written atomically.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::export::drawing_png::{self, PngSize};

/// The size choice shown before the save dialog, and the size chosen last.
#[derive(Debug, Default)]
pub struct PngExport {
    /// The size window is open.
    pub open: bool,
    pub size: PngSize,
}

impl PngExport {
    /// Draws the size window while it is open; returns `true` when the user chose "Export…".
    /// `screen_width_px` is the drawing's width on screen, in pixels.
    pub fn show(&mut self, ctx: &egui::Context, screen_width_px: f32) -> bool {
        if !self.open {
            return false;
        }
        let mut chosen = false;
        let mut cancelled = false;
        let response = egui::Modal::new(egui::Id::unique("png-export-size")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Export drawing as PNG");
            ui.add_space(4.0);
            ui.label("Size of the image:");
            for size in PngSize::ALL {
                let text = match size {
                    PngSize::TwiceScreen => {
                        format!("{} ({} pixels wide)", size.label(), size.width_px(screen_width_px))
                    }
                    _ => size.label().to_string(),
                };
                ui.radio_value(&mut self.size, size, text);
            }
            ui.add_space(4.0);
            ui.label(
                egui::RichText::new(
                    "Drawn from the drawing itself, sharp at any of these sizes, with the window's layers.",
                )
                .small()
                .weak(),
            );
            ui.add_space(8.0);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                chosen = ui.button("Export…").clicked();
                cancelled = ui.button("Cancel").clicked();
            });
        });
        if chosen || cancelled || response.should_close() {
            self.open = false;
        }
        chosen
    }
}

/// Where a finished export reports: the file written, or why not.
pub type Outcome = Arc<Mutex<Option<Result<PathBuf, String>>>>;

/// Renders `svg` `width` pixels wide and writes it to `path` on another thread; the result is
/// put in `outcome` and the window woken.
pub fn render_in_background(svg: String, width: u32, path: PathBuf, outcome: Outcome, ctx: egui::Context) {
    std::thread::spawn(move || {
        let result = render_to(&svg, width, &path).map(|()| path);
        if let Ok(mut slot) = outcome.lock() {
            *slot = Some(result);
        }
        ctx.request_repaint();
    });
}

fn render_to(svg: &str, width: u32, path: &Path) -> Result<(), String> {
    let bytes = drawing_png::svg_to_png(svg, width)?;
    crate::export::write_atomic(path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
