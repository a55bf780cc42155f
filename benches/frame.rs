//! One full frame of the window without a renderer: `Context::run_ui` + `tessellate`, at
//! 1600×1000 logical points, every layer on, five areas selected (`support/frame_state.rs`).

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sciatica_explorer::app::SkinMap;
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;

#[path = "support/frame_state.rs"]
mod frame_state;

fn frame(c: &mut Criterion) {
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        return;
    };
    let kb = Arc::new(kb);
    for (name, skin) in
        [("frame_1600x1000_dermatomes", SkinMap::Dermatomes), ("frame_1600x1000_cutaneous", SkinMap::Cutaneous)]
    {
        let mut app = match frame_state::app(&kb, map, skin) {
            Ok(app) => app,
            Err(e) => {
                eprintln!("the areas to mark failed to parse: {e}");
                return;
            }
        };
        let ctx = egui::Context::default();
        // Warm up fonts and layout caches, as a running window has.
        for _ in 0..3 {
            let output = ctx.run_ui(frame_state::input(), |ui| app.show(ui));
            std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        }
        c.bench_function(name, |b| {
            b.iter(|| {
                let output = ctx.run_ui(frame_state::input(), |ui| app.show(ui));
                std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        });
        // The drawing changes every frame (a one-pixel pan): nothing can be reused.
        let mut step = 1.0f32;
        c.bench_function(&format!("{name}_panning"), |b| {
            b.iter(|| {
                step = -step;
                frame_state::pan(&mut app, step);
                let output = ctx.run_ui(frame_state::input(), |ui| app.show(ui));
                std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        });
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
