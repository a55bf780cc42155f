//! One full frame of the window without a renderer: `Context::run_ui` + `tessellate`, at
//! 1600×1000 logical points, every layer on, five areas selected.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sciatica_explorer::app::{ExplorerApp, Settings, SkinMap, ViewMode};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::knowledge::View;
use sciatica_explorer::lookup::Selection;

fn app(skin: SkinMap) -> Option<ExplorerApp> {
    let kb = Arc::new(KnowledgeBase::builtin().ok()?);
    let map = Arc::new(BodyMap::shared().ok()?.clone());
    let mut settings = Settings { view: ViewMode::Both, ..Settings::default() };
    settings.layers.skin = skin;
    let mut app = ExplorerApp::new(kb.clone(), map, settings);
    let selection = Selection::parse_args(
        &kb,
        &["left.buttock", "left.posterior_thigh@6", "left.posterior_calf", "left.lateral_foot@8", "right.heel"],
    )
    .ok()?;
    app.select(selection.areas);
    Some(app)
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..Default::default()
    }
}

fn frame(c: &mut Criterion) {
    for (name, skin) in
        [("frame_1600x1000_dermatomes", SkinMap::Dermatomes), ("frame_1600x1000_cutaneous", SkinMap::Cutaneous)]
    {
        let Some(mut app) = app(skin) else {
            eprintln!("built-in data failed to load");
            return;
        };
        let ctx = egui::Context::default();
        // Warm up fonts and layout caches, as a running window has.
        for _ in 0..3 {
            let output = ctx.run_ui(input(), |ui| app.show(ui));
            std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        }
        c.bench_function(name, |b| {
            b.iter(|| {
                let output = ctx.run_ui(input(), |ui| app.show(ui));
                std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        });
        // The drawing changes every frame (a one-pixel pan): nothing can be reused.
        let mut step = 1.0f32;
        c.bench_function(&format!("{name}_panning"), |b| {
            b.iter(|| {
                step = -step;
                app.navigate(View::Posterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
                app.navigate(View::Anterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
                let output = ctx.run_ui(input(), |ui| app.show(ui));
                std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        });
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
