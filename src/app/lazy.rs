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

use std::hash::Hash;

/// A hash of what a block shows, so a block whose content changed while it was out of view is
/// laid out again rather than sized from its old height. egui's own hash (aHash), as for its
/// ids: every block's content is hashed every frame, and the standard library's SipHash made a
/// frame about 1 % slower.
pub fn key(content: impl Hash) -> u64 {
    egui::util::hash(content)
}

/// Whether every block must be laid out in this pass (see the module's docs).
pub fn lay_out_all(ui: &egui::Ui) -> bool {
    // Every `Ui` has an AccessKit node already when AccessKit is on, so asking for this one's
    // adds nothing to the tree; it is `None` when AccessKit is off.
    ui.ctx().accesskit_node_builder(ui.unique_id(), |_| ()).is_some() || ui.memory(|m| m.focused().is_some())
}

/// The height assumed for a block below the visible part that was never laid out (about a folded
/// card): it only sizes the scroll bar until the block scrolls into view.
const ESTIMATED_HEIGHT: f32 = 60.0;

/// What a block took the last time it was laid out: its content key, width, pixel density and
/// height.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Size {
    key: u64,
    width: f32,
    pixels_per_point: f32,
    height: f32,
}

#[cfg(test)]
thread_local! {
    /// The blocks passed over (their id salts, as `{:?}`) since [`take_skipped`] last ran on
    /// this thread: what the panels' tests check.
    static SKIPPED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The id salts of the blocks passed over on this thread since the last call, as `{:?}`.
#[cfg(test)]
pub fn take_skipped() -> Vec<String> {
    SKIPPED.with(|skipped| std::mem::take(&mut *skipped.borrow_mut()))
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
    #[cfg(test)]
    let salt = format!("{id_salt:?}");
    let id = ui.make_persistent_id(("lazy-block", id_salt));
    let width = ui.available_width();
    let pixels_per_point = ui.ctx().pixels_per_point();
    let last = ui.data(|d| d.get_temp::<Size>(id));
    let builder = egui::UiBuilder::new().id_salt(id);
    if !lay_out_all(ui) {
        let fresh = last.filter(|s| s.key == key && s.width == width && s.pixels_per_point == pixels_per_point);
        // Below the visible part nothing in view depends on the block's height: one never laid
        // out (the first frame) or changed since takes its old height, or a guess, until it
        // scrolls into view. Above it, or in it, only a height known to hold is used.
        let below = ui.cursor().min.y > ui.clip_rect().bottom();
        let height = match fresh {
            Some(size) => Some(size.height),
            None if below => Some(last.map_or(ESTIMATED_HEIGHT, |s| s.height)),
            None => None,
        };
        if let Some(height) = height
            && !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height)))
        {
            // The same child `Ui` as when laid out, so what follows keeps its ids and place.
            ui.scope_builder(builder, |ui| ui.allocate_space(egui::vec2(width, height)));
            #[cfg(test)]
            SKIPPED.with(|skipped| skipped.borrow_mut().push(salt));
            return None;
        }
    }
    let shown = ui.scope_builder(builder, add);
    let height = shown.response.rect.height();
    ui.data_mut(|d| d.insert_temp(id, Size { key, width, pixels_per_point, height }));
    Some(shown.inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCKS: usize = 100;
    const BLOCK_HEIGHT: f32 = 40.0;

    /// A 400×300 window with one scroll area of [`BLOCKS`] blocks scrolled by `scroll` points
    /// (positive: down); returns which blocks were laid out and the scroll area's content height.
    fn frame(ctx: &egui::Context, scroll: f32, key_of: impl Fn(usize) -> u64) -> (Vec<usize>, f32) {
        frame_with_focus(ctx, scroll, key_of, false)
    }

    /// [`frame`], with a text field above the list that has keyboard focus when `focus`.
    fn frame_with_focus(
        ctx: &egui::Context,
        scroll: f32,
        key_of: impl Fn(usize) -> u64,
        focus: bool,
    ) -> (Vec<usize>, f32) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(400.0, 300.0))),
            ..Default::default()
        };
        let mut laid_out = Vec::new();
        let mut content_height = 0.0;
        let mut output = ctx.run_ui(input, |ui| {
            let field = ui.text_edit_singleline(&mut String::new());
            if focus {
                field.request_focus();
            } else {
                field.surrender_focus();
            }
            let area = egui::ScrollArea::vertical().vertical_scroll_offset(scroll).show(ui, |ui| {
                for i in 0..BLOCKS {
                    block(ui, i, key_of(i), |ui| {
                        laid_out.push(i);
                        ui.allocate_space(egui::vec2(100.0, BLOCK_HEIGHT));
                    });
                }
            });
            content_height = area.content_size.y;
        });
        // No renderer takes the font texture here.
        output.textures_delta.clear();
        (laid_out, content_height)
    }

    #[test]
    fn blocks_out_of_view_keep_their_space_and_are_laid_out_once_scrolled_to() {
        let ctx = egui::Context::default();
        // The first frame lays out what is in view; below it, blocks are guessed at.
        let (first, guessed) = frame(&ctx, 0.0, |_| 0);
        assert!(!first.is_empty() && first.len() < 10, "only the blocks in view: {first:?}");
        assert!(first.contains(&0) && !first.contains(&50));
        let expected =
            first.len() as f32 * (BLOCK_HEIGHT + 3.0) + (BLOCKS - first.len()) as f32 * (ESTIMATED_HEIGHT + 3.0) - 3.0;
        assert!((guessed - expected).abs() < 0.5, "content height {guessed}, expected {expected}");
        let (in_view, _) = frame(&ctx, 0.0, |_| 0);
        assert_eq!(in_view, first, "only the blocks in view, again");
        // Scrolled to the middle at once: the blocks jumped over are laid out once (what is in
        // view depends on their heights), then only the blocks in view.
        let middle = 50.0 * (BLOCK_HEIGHT + 3.0);
        let (jumped, _) = frame(&ctx, middle, |_| 0);
        assert!(jumped.contains(&(first.len())) && !jumped.contains(&0), "{jumped:?}");
        let (settled, _) = frame(&ctx, middle, |_| 0);
        assert!(!settled.is_empty() && settled.len() < 10 && settled.contains(&50), "{settled:?}");
        let (again, _) = frame(&ctx, middle, |_| 0);
        assert_eq!(again, settled);
    }

    #[test]
    fn a_block_above_the_view_whose_content_changed_is_laid_out_again() {
        let ctx = egui::Context::default();
        let bottom = BLOCKS as f32 * (BLOCK_HEIGHT + 3.0);
        // Scrolled to the end, then back to the top: every block has been laid out once.
        for scroll in [0.0, bottom / 3.0, bottom * 2.0 / 3.0, bottom, 0.0] {
            frame(&ctx, scroll, |_| 0);
        }
        let (laid_out, _) = frame(&ctx, bottom, |_| 0);
        assert!(!laid_out.contains(&20), "{laid_out:?}");
        // Block 20 changed while scrolled past: what is in view depends on its height.
        let (laid_out, _) = frame(&ctx, bottom, |i| u64::from(i == 20));
        assert!(laid_out.contains(&20), "block 20 changed: its old height no longer holds");
        let (laid_out, _) = frame(&ctx, bottom, |i| u64::from(i == 20));
        assert!(!laid_out.contains(&20));
    }

    #[test]
    fn a_screen_reader_or_keyboard_focus_gets_every_block() {
        let ctx = egui::Context::default();
        ctx.enable_accesskit();
        assert_eq!(frame(&ctx, 0.0, |_| 0).0.len(), BLOCKS, "AccessKit reads the blocks out of view too");
        ctx.disable_accesskit();
        assert!(frame(&ctx, 0.0, |_| 0).0.len() < BLOCKS);
        assert_eq!(frame_with_focus(&ctx, 0.0, |_| 0, true).0.len(), BLOCKS, "Tab moves through every widget");
    }
}
