//! The window's state that `benches/frame.rs` times and `examples/frame_stats.rs` and
//! `examples/frame_profile.rs` count (included by each with `#[path]`): 1600×1000 logical points,
//! both views, every layer, five areas marked.

use std::sync::Arc;

use sciatica_explorer::app::{ExplorerApp, Settings, SkinMap, ViewMode};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, View};
use sciatica_explorer::lookup::Selection;

/// The window's size in logical points.
pub const SIZE: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// The marked areas, with their pain levels where given.
pub const AREAS: [&str; 5] =
    ["left.buttock", "left.posterior_thigh@6", "left.posterior_calf", "left.lateral_foot@8", "right.heel"];

/// The window showing both views with the `skin` map and [`AREAS`] marked, or why it could not.
pub fn app(kb: &Arc<KnowledgeBase>, map: &BodyMap, skin: SkinMap) -> Result<ExplorerApp, String> {
    let mut settings = Settings { view: ViewMode::Both, ..Settings::default() };
    settings.layers.skin = skin;
    let mut app = ExplorerApp::new(kb.clone(), Arc::new(map.clone()), settings);
    let selection = Selection::parse_args(kb, &AREAS).map_err(|e| format!("{e:?}"))?;
    app.select(selection.areas);
    Ok(app)
}

/// One frame's input: the window's size, nothing else.
pub fn input() -> egui::RawInput {
    egui::RawInput { screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)), ..Default::default() }
}

/// Pans both views by `step` points sideways (alternate the sign to pan to and fro).
pub fn pan(app: &mut ExplorerApp, step: f32) {
    app.navigate(View::Posterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
    app.navigate(View::Anterior, 1.0, egui::Vec2::ZERO, egui::vec2(step, 0.0));
}
