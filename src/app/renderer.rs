//! What the window's renderer is, where that changes how a frame is handed to it.
//!
//! A software rasteriser (Mesa's llvmpipe: remote desktops, virtual machines, computers without a
//! graphics driver) keeps every triangle of a frame, about 250 bytes each, until it rasterises
//! the frame at its end: for the explorer's first frame, some 36 000 triangles, 9 MiB. Asked to
//! finish what came before each view's drawing, it holds a third of them at a time; the frame
//! takes no longer (the rasteriser threads only start once the frame is handed over anyway, and
//! reusing the freed memory spares page faults). A graphics card would only be held up by it.

use egui::{Context, Id, Rect};

/// Whether `renderer` (OpenGL's `GL_RENDERER`) names a software rasteriser: Mesa's llvmpipe,
/// softpipe or classic swrast, or Windows' own OpenGL 1.1 ("GDI Generic").
pub fn is_software(renderer: &str) -> bool {
    let renderer = renderer.to_ascii_lowercase();
    ["llvmpipe", "softpipe", "swrast", "software rasterizer", "gdi generic"].iter().any(|name| renderer.contains(name))
}

/// Notes in the window's context whether its renderer is a software one, from eframe's creation
/// context (no GL context, as in tests: not software).
pub fn note(cc: &eframe::CreationContext<'_>) {
    let software = cc.gl.as_ref().is_some_and(|gl| is_software(&renderer_name(gl)));
    set_software(&cc.egui_ctx, software);
}

/// The renderer's name, as OpenGL gives it.
#[allow(unsafe_code)]
fn renderer_name(gl: &eframe::glow::Context) -> String {
    use eframe::glow::HasContext as _;
    // SAFETY: eframe calls the app's creator with the window's GL context current on this thread,
    // and GL_RENDERER is a constant string that the query only reads.
    unsafe { gl.get_parameter_string(eframe::glow::RENDERER) }
}

fn software_id() -> Id {
    Id::unique("sciatica-explorer.software-renderer")
}

/// Records whether `ctx`'s window renders in software.
pub fn set_software(ctx: &Context, software: bool) {
    ctx.data_mut(|d| d.insert_temp(software_id(), software));
}

/// Whether `ctx`'s window renders in software (as [`note`] found; false until then).
pub fn is_software_in(ctx: &Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(software_id())).unwrap_or(false)
}

/// Under a software renderer, paints a shape with `painter` that has the renderer finish
/// everything painted before it, before it takes what comes after: reading back one pixel, the
/// one way to wait for the frame so far that needs no unsafe GL call. `rect` is any visible
/// rectangle (egui skips callbacks outside the screen). A graphics card is not held up: nothing
/// is painted for it.
pub fn finish_what_came_before(painter: &egui::Painter, rect: Rect) {
    if !is_software_in(painter.ctx()) {
        return;
    }
    let callback = eframe::egui_glow::CallbackFn::new(|_info, painter| {
        let _ = painter.read_screen_rgba([1, 1]);
    });
    painter.add(egui::Shape::Callback(egui::PaintCallback { rect, callback: std::sync::Arc::new(callback) }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_rasterisers_are_told_from_graphics_cards_by_their_names() {
        for software in
            ["llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Software Rasterizer", "Mesa X11 swrast", "GDI Generic"]
        {
            assert!(is_software(software), "{software}");
        }
        for card in [
            "AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-18-amd64)",
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
            "NVIDIA GeForce GTX 1060/PCIe/SSE2",
            "virgl (Intel(R) UHD Graphics)",
        ] {
            assert!(!is_software(card), "{card}");
        }
    }

    #[test]
    fn the_context_remembers_the_renderer_and_starts_as_a_graphics_card() {
        let ctx = Context::default();
        assert!(!is_software_in(&ctx));
        set_software(&ctx, true);
        assert!(is_software_in(&ctx));
        set_software(&ctx, false);
        assert!(!is_software_in(&ctx));
    }
}
