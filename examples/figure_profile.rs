//! Draws the in-between pose of `benches/figures.rs` (`figure_draw_in_between_pose`) many times,
//! for a profiler's instruction counts (repeatable on a busy machine, unlike wall time):
//! `valgrind --tool=callgrind target/debug/examples/figure_profile [RUNS]`.

use std::hint::black_box;

use egui::emath::TSTransform;
use sciatica_explorer::app::body_map::shapes;
use sciatica_explorer::figures::{FIGURE_STYLE, FigureSet, animate};
use sciatica_explorer::geometry::display::fit;
use sciatica_explorer::knowledge::KnowledgeBase;

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100);
    let Ok(kb) = KnowledgeBase::builtin() else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let Ok(set) = FigureSet::builtin(&kb) else {
        eprintln!("built-in figures failed to load");
        std::process::exit(1);
    };
    let Some(figure) = set.get("figure_four_supine") else {
        eprintln!("no figure_four_supine");
        std::process::exit(1);
    };
    let keys = figure.pictures(&FIGURE_STYLE);
    let Some(view_box) = keys.first().map(|k| k.view_box) else { std::process::exit(1) };
    let ctx = egui::Context::default();
    let transform: TSTransform = fit(view_box, egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(300.0, 136.0)));
    let mut t = 0.0f32;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        t = (t + 0.013) % 1.0;
        let picture = animate::picture(&figure.record, &figure.placed, view_box, (1, 2, t), &FIGURE_STYLE);
        let drawn: Vec<egui::Shape> = picture
            .map(|p| shapes(&ctx, &p.display_list(), transform).into_iter().flat_map(|(_, s)| s).collect())
            .unwrap_or_default();
        black_box(drawn);
    }
    println!("{runs} in-between poses: {:.1} µs each", start.elapsed().as_secs_f64() * 1e6 / runs as f64);
}
