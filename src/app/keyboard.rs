//! Keyboard use beyond egui's own: a clear focus ring around whatever has keyboard focus, a
//! skip from the top of the window to the drawing, and the name of the drawing's focused area
//! for the status bar.

use egui::{Id, Rect};

/// The keys that move focus to the drawing (as F6 moves between a browser's panes); listed in
/// Help ▸ Keyboard shortcuts.
pub const SKIP_KEY: egui::Key = egui::Key::F6;

/// The skip control's accessible name.
pub const SKIP_LABEL: &str = "Skip to the drawing";

fn skip_request_id() -> Id {
    Id::unique("sciatica-explorer.skip-to-drawing.request")
}

fn own_ring_id() -> Id {
    Id::unique("sciatica-explorer.own-focus-ring")
}

fn ring_id() -> Id {
    Id::unique("sciatica-explorer.focus-ring")
}

fn focused_area_id() -> Id {
    Id::unique("sciatica-explorer.focused-area")
}

/// Asks the drawing to give keyboard focus to its first area this frame (or the next, when the
/// drawing has been laid out already).
pub fn request_drawing_focus(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(skip_request_id(), true));
    ctx.request_repaint();
}

/// Whether focus was asked for the drawing; the request is taken (answered once).
pub fn take_drawing_focus_request(ctx: &egui::Context) -> bool {
    ctx.data_mut(|d| d.remove_temp::<bool>(skip_request_id())).unwrap_or(false)
}

/// [`SKIP_KEY`] pressed: the drawing takes focus (drawn after the panels, in the same frame).
pub fn handle_skip_key(ctx: &egui::Context) {
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, SKIP_KEY)) {
        request_drawing_focus(ctx);
    }
}

/// The first stop of Tab from the top of the window: a control over `rect` (the app's name in
/// the toolbar) that shows only while it has focus and, on Enter or Space, moves focus to the
/// drawing's first area. The mouse never sees it: it only takes focus.
pub fn skip_to_drawing(ui: &mut egui::Ui, rect: Rect) {
    let response = ui.interact(rect, Id::unique("sciatica-explorer.skip-to-drawing"), egui::Sense::FOCUSABLE);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, SKIP_LABEL));
    if !response.has_focus() {
        return;
    }
    let pressed = ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space));
    if pressed {
        request_drawing_focus(ui.ctx());
    }
    // Drawn over the app's name while focused, with its own ring, above the toolbar's other
    // controls (it is wider than the name) and inside the window.
    let dark = ui.visuals().dark_mode;
    let stroke = super::style::focus_stroke(dark);
    let layer = egui::LayerId::new(egui::Order::Foreground, Id::unique("sciatica-explorer.skip-to-drawing.layer"));
    let painter = ui.ctx().layer_painter(layer);
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text_color = ui.visuals().strong_text_color();
    let galley = painter.layout_no_wrap(format!("{SKIP_LABEL} (Enter)"), font, text_color);
    let padding = egui::vec2(8.0, 4.0);
    let min = egui::pos2(rect.left().max(stroke.width + 1.0), rect.center().y - galley.size().y / 2.0 - padding.y);
    let pill = Rect::from_min_size(min, galley.size() + 2.0 * padding);
    painter.rect(pill, 6.0, ui.visuals().window_fill, stroke, egui::StrokeKind::Outside);
    painter.galley(pill.min + padding, galley, text_color);
    draws_own_focus_ring(ui.ctx(), response.id);
}

/// The focused widget `id` draws its own focus ring this frame (the drawing's areas, the skip
/// control): [`paint_focus_ring`] leaves it alone.
pub fn draws_own_focus_ring(ctx: &egui::Context, id: Id) {
    let pass = ctx.cumulative_pass_nr();
    ctx.data_mut(|d| d.insert_temp(own_ring_id(), (pass, id)));
}

/// Paints the focus ring around the widget with keyboard focus, on its own layer and within
/// its clip, after everything else of the frame (egui's own focus look, the pressed look, is too
/// faint to find). Call once per frame, last.
pub fn paint_focus_ring(ctx: &egui::Context) {
    let pass = ctx.cumulative_pass_nr();
    let mut painted = None;
    if let Some(id) = ctx.memory(|m| m.focused()) {
        let own = ctx.data(|d| d.get_temp::<(u64, Id)>(own_ring_id())) == Some((pass, id));
        if let Some(response) = ctx.read_response(id).filter(|_| !own) {
            let visible = response.interact_rect;
            if visible.is_positive() && visible.is_finite() {
                let stroke = super::style::focus_stroke(ctx.theme() == egui::Theme::Dark);
                let ring = response.rect.expand(2.0);
                let painter = ctx.layer_painter(response.layer_id).with_clip_rect(visible.expand(stroke.width + 3.0));
                painter.rect_stroke(ring, 4.0, stroke, egui::StrokeKind::Outside);
                painted = Some(ring);
            }
        }
    }
    ctx.data_mut(|d| match painted {
        Some(ring) => {
            d.insert_temp(ring_id(), ring);
        }
        None => d.remove::<Rect>(ring_id()),
    });
}

/// Where the last frame painted the focus ring (for tests), if it painted one.
pub fn focus_ring(ctx: &egui::Context) -> Option<Rect> {
    ctx.data(|d| d.get_temp::<Rect>(ring_id()))
}

/// Records that the drawing's area `id`, named `name`, has keyboard focus (for the status bar,
/// which is drawn before the drawing: it reads it the next frame, which this asks for).
pub fn set_focused_area(ctx: &egui::Context, id: Id, name: String) {
    let entry = (id, name);
    let changed = ctx.data(|d| d.get_temp::<(Id, String)>(focused_area_id())).as_ref() != Some(&entry);
    if changed {
        ctx.data_mut(|d| d.insert_temp(focused_area_id(), entry));
        ctx.request_repaint();
    }
}

/// The name of the drawing's area that has keyboard focus, if one has.
pub fn focused_area(ctx: &egui::Context) -> Option<String> {
    let (id, name) = ctx.data(|d| d.get_temp::<(Id, String)>(focused_area_id()))?;
    ctx.memory(|m| m.has_focus(id)).then_some(name)
}
