//! Draws the in-between pose of `benches/figures.rs` (`figure_draw_in_between_pose`) many times,
//! for a profiler's instruction counts (repeatable on a busy machine, unlike wall time):
//! `valgrind --tool=callgrind target/debug/examples/figure_profile [RUNS] [keys]`; with `keys`,
//! each run draws the figure's key poses (as a card's pose row is built, then cached) instead.

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
    // The smallest view box is where a figure unit is largest on screen (curve tolerance).
    let smallest = set
        .figures
        .iter()
        .filter_map(|f| f.pictures(&FIGURE_STYLE).first().map(|p| p.view_box))
        .min_by(|a, b| a.height().total_cmp(&b.height()));
    println!("view box {view_box:?}; lowest of all figures {smallest:?}");
    let ctx = egui::Context::default();
    // One pass loads the fonts, which the key poses' hold marker is laid out with.
    ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
    let transform: TSTransform = fit(view_box, egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(300.0, 136.0)));
    let keys_only = std::env::args().nth(2).is_some_and(|a| a == "keys");
    let mut t = 0.0f32;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        if keys_only {
            let drawn: Vec<egui::Shape> = figure
                .pictures(&FIGURE_STYLE)
                .iter()
                .flat_map(|p| shapes(&ctx, &p.display_list(), transform).into_iter().flat_map(|(_, s)| s))
                .collect();
            black_box(drawn);
            continue;
        }
        t = (t + 0.013) % 1.0;
        let picture = animate::picture(&figure.record, &figure.placed, view_box, (1, 2, t), &FIGURE_STYLE);
        let drawn: Vec<egui::Shape> = picture
            .map(|p| shapes(&ctx, &p.display_list(), transform).into_iter().flat_map(|(_, s)| s).collect())
            .unwrap_or_default();
        black_box(drawn);
    }
    let what = if keys_only { "key pose sets" } else { "in-between poses" };
    println!("{runs} {what}: {:.1} µs each", start.elapsed().as_secs_f64() * 1e6 / runs as f64);
}
