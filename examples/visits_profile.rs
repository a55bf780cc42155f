//! Frames of the window with the 100-visit file of `benches/visits.rs` open, for a profiler's
//! instruction counts (repeatable on a busy machine, unlike the bench's wall time):
//! `valgrind --tool=callgrind target/release/examples/visits_profile [FRAMES] [compare|chart]`,
//! less a run of 1 frame.

use std::sync::Arc;

use sciatica_explorer::app::{Action, ExplorerApp, Settings, ViewMode};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;

#[path = "../benches/support/visits_file.rs"]
mod visits_file;

fn main() {
    let frames: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
    let mode = std::env::args().nth(2).unwrap_or_default();
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let kb = Arc::new(kb);
    let dir = std::env::temp_dir().join(format!("sciatica-visits-profile-{}", std::process::id()));
    let path = dir.join("100-visits.json");
    if std::fs::create_dir_all(&dir).is_err() || visits_file::write_visits(&kb, &path).is_none() {
        eprintln!("could not write the 100-visit file in {}", dir.display());
        std::process::exit(1);
    }
    let settings = Settings { view: ViewMode::Both, ..Settings::default() };
    let mut app = ExplorerApp::new(kb, Arc::new(map.clone()), settings);
    let opened = app.open_path(&path);
    let _ = std::fs::remove_dir_all(&dir);
    if !opened {
        eprintln!("the 100-visit file did not open");
        std::process::exit(1);
    }
    app.apply(Action::CompareWith((mode == "compare" || mode == "chart").then_some(0)));
    app.apply(Action::ShowProgress(mode == "chart"));
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..Default::default()
    };
    for _ in 0..frames {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        output.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    }
}
