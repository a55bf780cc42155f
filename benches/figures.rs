//! The exercise figures' cost in the window.
//!
//! - `figure_draw_in_between_pose`: one in-between pose of a moving figure, uncached: blend the
//!   angles, place the pose on its support, draw it as a display list and turn that into egui
//!   shapes at an open card's size (target ≤ 50 µs).
//! - `frame_1600x1000_open_animated_card`: one full frame (`Context::run_ui` + `tessellate`, as
//!   `benches/frame.rs`) at 1600×1000 with an exercise card open and its figure moving, the clock
//!   advancing a thirtieth of a second per frame (target ≤ 1 ms).

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::emath::TSTransform;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::body_map::shapes;
use sciatica_explorer::app::figure_view::FRAME_SECONDS;
use sciatica_explorer::app::{ExplorerApp, Settings};
use sciatica_explorer::figures::{FIGURE_STYLE, FigureSet, animate};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::geometry::display::fit;
use sciatica_explorer::knowledge::KnowledgeBase;

fn draw(c: &mut Criterion) {
    let Ok(kb) = KnowledgeBase::builtin() else {
        eprintln!("built-in data failed to load");
        return;
    };
    let Ok(set) = FigureSet::builtin(&kb) else {
        eprintln!("built-in figures failed to load");
        return;
    };
    // Three key poses, a mat and a crossed leg: a busy figure.
    let Some(figure) = set.get("figure_four_supine") else { return };
    let keys = figure.pictures(&FIGURE_STYLE);
    let Some(view_box) = keys.first().map(|k| k.view_box) else { return };
    let ctx = egui::Context::default();
    let transform: TSTransform = fit(view_box, egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(300.0, 136.0)));
    let mut t = 0.0f32;
    c.bench_function("figure_draw_in_between_pose", |b| {
        b.iter(|| {
            // A different moment every time: nothing is reused.
            t = (t + 0.013) % 1.0;
            let picture = animate::picture(&figure.record, &figure.placed, view_box, (1, 2, t), &FIGURE_STYLE);
            let drawn: Vec<egui::Shape> = picture
                .map(|p| shapes(&ctx, &p.display_list(), transform).into_iter().flat_map(|(_, s)| s).collect())
                .unwrap_or_default();
            std::hint::black_box(drawn)
        })
    });
}

const SIZE: egui::Vec2 = egui::vec2(1600.0, 1000.0);
const CARD: &str = "Knee-to-chest glute stretch";

fn frame(c: &mut Criterion) {
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        return;
    };
    let app = ExplorerApp::new(Arc::new(kb), Arc::new(map.clone()), Settings::default());
    // Opened as a user would: scrolled to and clicked (the harness finds it by its label).
    let mut h = Harness::builder().with_size(SIZE).build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h.get_by_label(CARD).scroll_to_me();
    h.run();
    h.get_by_label(CARD).click();
    h.run();
    // Then as a window runs without a screen reader: AccessKit off, blocks out of view skipped.
    let ctx = h.ctx.clone();
    ctx.disable_accesskit();
    let mut time = 100.0f64;
    let mut input = || {
        time += f64::from(FRAME_SECONDS);
        egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(time),
            ..Default::default()
        }
    };
    // Warm up a whole loop, as a running window has: every in-between frame is drawn once.
    let mut asks = false;
    for _ in 0..300 {
        let mut output = ctx.run_ui(input(), |ui| h.state_mut().show(ui));
        // No renderer takes the font texture here.
        output.textures_delta.clear();
        asks |= output.viewport_output.get(&egui::ViewportId::ROOT).is_some_and(|v| v.repaint_delay.as_secs() < 5);
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    }
    if !asks {
        eprintln!("the open card's figure is not moving in view: the open-card frame bench measures nothing");
        return;
    }
    c.bench_function("frame_1600x1000_open_animated_card", |b| {
        b.iter(|| {
            let mut output = ctx.run_ui(input(), |ui| h.state_mut().show(ui));
            output.textures_delta.clear();
            std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
        })
    });
}

criterion_group!(benches, draw, frame);
criterion_main!(benches);
