//! Frames of the window in the state `benches/frame.rs` measures (1600×1000, both views, every
//! layer, five areas), for a profiler's instruction counts, which stay the same on a busy or a
//! slower machine where the bench's wall time does not:
//! `valgrind --tool=callgrind target/release/examples/frame_profile [FRAMES] [cutaneous] [panning]`,
//! less a run of fewer frames (the first frames lay out and rasterise text once).

use std::sync::Arc;

use sciatica_explorer::app::{ExplorerApp, Settings, SkinMap, ViewMode};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, View};
use sciatica_explorer::lookup::Selection;

fn main() {
    let frames: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
    let flag = |name: &str| std::env::args().skip(2).any(|a| a == name);
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let kb = Arc::new(kb);
    let mut settings = Settings { view: ViewMode::Both, ..Settings::default() };
    settings.layers.skin = if flag("cutaneous") { SkinMap::Cutaneous } else { SkinMap::Dermatomes };
    let mut app = ExplorerApp::new(kb.clone(), Arc::new(map.clone()), settings);
    let areas = ["left.buttock", "left.posterior_thigh@6", "left.posterior_calf", "left.lateral_foot@8", "right.heel"];
    match Selection::parse_args(&kb, &areas) {
        Ok(selection) => app.select(selection.areas),
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    }
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..Default::default()
    };
    let panning = flag("panning");
    let mut step = 1.0f32;
    for _ in 0..frames {
        if panning {
            step = -step;
            app.navigate(View::Posterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
            app.navigate(View::Anterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
        }
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        output.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    }
}
