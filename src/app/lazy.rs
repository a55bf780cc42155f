//! Laying out only what is in view. The side panels are long scrolled lists (root cards, nerves,
//! candidates, exercise cards); laying out and painting every block each frame, most of them
//! scrolled away, was most of a frame's work and much of the first frame's. A block that was laid
//! out before with the same content and width, and that would land outside the visible part of
//! its scroll area, is replaced by empty space of the height it took last time; it is laid out
//! again as soon as any of it scrolls into view.
//!
//! Everything is laid out when a screen reader is connected (AccessKit on: it reads the whole
//! panel, in view or not) and while a widget has keyboard focus (Tab moves through widgets that
//! exist, and egui scrolls the one that gets focus into view).

use std::hash::{Hash, Hasher};

/// A hash of what a block shows, so a block whose content changed while it was out of view is
/// laid out again rather than sized from its old height.
pub fn key(content: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    content.hash(&mut h);
    h.finish()
}

/// Whether every block must be laid out in this pass (see the module's docs).
pub fn lay_out_all(ui: &egui::Ui) -> bool {
    // Every `Ui` has an AccessKit node already when AccessKit is on, so asking for this one's
    // adds nothing to the tree; it is `None` when AccessKit is off.
    ui.ctx().accesskit_node_builder(ui.unique_id(), |_| ()).is_some() || ui.memory(|m| m.focused().is_some())
}

/// What a block took the last time it was laid out: its content key, width, pixel density and
/// height.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Size {
    key: u64,
    width: f32,
    pixels_per_point: f32,
    height: f32,
}

/// Shows `add` as one block under `id_salt`, or, when the block is out of view and its `key`
/// (see [`key`]) and width are the same as when it was last laid out, the empty space it took
/// then. Returns what `add` returned, or `None` when it was not run.
pub fn block<R>(
    ui: &mut egui::Ui,
    id_salt: impl Hash + std::fmt::Debug,
    key: u64,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> Option<R> {
    let id = ui.make_persistent_id(("lazy-block", id_salt));
    let width = ui.available_width();
    let pixels_per_point = ui.ctx().pixels_per_point();
    let last = ui.data(|d| d.get_temp::<Size>(id));
    let builder = egui::UiBuilder::new().id_salt(id);
    if let Some(last) = last.filter(|s| s.key == key && s.width == width && s.pixels_per_point == pixels_per_point) {
        let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, last.height));
        if !ui.is_rect_visible(rect) && !lay_out_all(ui) {
            // The same child `Ui` as when laid out, so what follows keeps its ids and place.
            ui.scope_builder(builder, |ui| ui.allocate_space(egui::vec2(width, last.height)));
            return None;
        }
    }
    let shown = ui.scope_builder(builder, add);
    let height = shown.response.rect.height();
    ui.data_mut(|d| d.insert_temp(id, Size { key, width, pixels_per_point, height }));
    Some(shown.inner)
}
