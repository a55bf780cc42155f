//! A patient file of 100 visits: opening it, and a full frame of the window (`Context::run_ui` +
//! `tessellate`, 1600×1000, both views, every layer the window starts with): without comparing
//! (the baseline), with the latest visit compared with the first on the drawing, then with the
//! Progress window's chart open too. The frame budget is 1 ms, as for `benches/frame.rs`.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sciatica_explorer::app::{Action, ExplorerApp, Settings, ViewMode};
use sciatica_explorer::export::session;
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;

#[path = "support/visits_file.rs"]
mod visits_file;
use visits_file::write_visits;

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..Default::default()
    }
}

/// One frame, laid out and tessellated (the font texture's updates are dropped: no renderer).
fn frame(ctx: &egui::Context, app: &mut ExplorerApp) -> usize {
    let mut output = ctx.run_ui(input(), |ui| app.show(ui));
    output.textures_delta.clear();
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point)).len()
}

fn visits(c: &mut Criterion) {
    let Ok(kb) = KnowledgeBase::builtin() else {
        eprintln!("built-in data failed to load");
        return;
    };
    let kb = Arc::new(kb);
    let dir = std::env::temp_dir().join(format!("sciatica-bench-visits-{}", std::process::id()));
    let path: PathBuf = dir.join("100-visits.json");
    if std::fs::create_dir_all(&dir).is_err() || write_visits(&kb, &path).is_none() {
        eprintln!("could not write the 100-visit file in {}", dir.display());
        return;
    }
    c.bench_function("open_100_visits", |b| b.iter(|| std::hint::black_box(session::open(&kb, &path).is_ok())));

    let Ok(map) = BodyMap::shared() else {
        eprintln!("the built-in drawing failed to load");
        return;
    };
    let mut app =
        ExplorerApp::new(kb.clone(), Arc::new(map.clone()), Settings { view: ViewMode::Both, ..Settings::default() });
    if !app.open_path(&path) {
        eprintln!("the 100-visit file did not open");
        return;
    }
    let ctx = egui::Context::default();
    // The same file without the comparison first: the baseline, measured back to back.
    for (name, compare, progress) in [
        ("frame_1600x1000_100_visits", None, false),
        ("frame_1600x1000_compare_100_visits", Some(0), false),
        ("frame_1600x1000_compare_100_visits_chart", Some(0), true),
    ] {
        app.apply(Action::CompareWith(compare));
        app.apply(Action::ShowProgress(progress));
        // Warm up fonts and layout caches, as a running window has.
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
        c.bench_function(name, |b| b.iter(|| frame(&ctx, &mut app)));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, visits);
criterion_main!(benches);
