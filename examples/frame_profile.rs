//! Frames of the window in the state `benches/frame.rs` measures (1600×1000, both views, every
//! layer, five areas), for a profiler's instruction counts, which stay the same on a busy or a
//! slower machine where the bench's wall time does not:
//! `valgrind --tool=callgrind target/release/examples/frame_profile [FRAMES] [cutaneous] [panning]`,
//! less a run of fewer frames (the first frames lay out and rasterise text once).

use std::sync::Arc;

use sciatica_explorer::app::SkinMap;
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;

#[path = "../benches/support/frame_state.rs"]
mod frame_state;

fn main() {
    let frames: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
    let flag = |name: &str| std::env::args().skip(2).any(|a| a == name);
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let skin = if flag("cutaneous") { SkinMap::Cutaneous } else { SkinMap::Dermatomes };
    let mut app = match frame_state::app(&Arc::new(kb), map, skin) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("the areas to mark failed to parse: {e}");
            std::process::exit(1);
        }
    };
    let ctx = egui::Context::default();
    let panning = flag("panning");
    let mut step = 1.0f32;
    for _ in 0..frames {
        if panning {
            step = -step;
            frame_state::pan(&mut app, step);
        }
        let mut output = ctx.run_ui(frame_state::input(), |ui| app.show(ui));
        output.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    }
}
