//! One full frame of the window without a renderer: `Context::run_ui` + `tessellate`, at
//! 1600×1000 logical points, every layer on, five areas selected (`support/frame_state.rs`).

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sciatica_explorer::app::{SkinMap, body_map};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, View};

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

/// The back view's figure filled on the CPU, as the window's loader fills both for a first frame
/// (`body_map::figure_picture`), at one pixel a point.
fn figure_picture(c: &mut Criterion) {
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        return;
    };
    let Ok(mut app) = frame_state::app(&Arc::new(kb), map, SkinMap::Dermatomes) else {
        eprintln!("the areas to mark failed to parse");
        return;
    };
    let ctx = egui::Context::default();
    let mut output = ctx.run_ui(frame_state::input(), |ui| app.show(ui));
    output.textures_delta.clear();
    let Some(mesh) = body_map::figure_mesh(&ctx, View::Posterior) else {
        eprintln!("the frame drew no back view");
        return;
    };
    c.bench_function("figure_picture_back_view", |b| {
        b.iter(|| std::hint::black_box(body_map::figure_picture(&mesh, egui::Rect::EVERYTHING, 1.0)))
    });
}

criterion_group!(benches, frame, figure_picture);
criterion_main!(benches);
