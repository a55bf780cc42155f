//! Exercise figures on the exercise cards: each key pose as a small static picture, start to end,
//! painted from the figure's display list (the one the handout's SVG uses) with egui's painter.
//!
//! The figure set is loaded with the knowledge (and again when a clinic pack replaces it); the
//! pictures of an exercise and the shapes of each pose at each size and theme are cached, so a
//! card costs a copy of its shapes per frame, not a rebuild. Nothing here requests a repaint.
//! An animated figure (a later step) can draw its in-between poses through [`FigureView::paint`]
//! the same way, by pose index.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Weak};

use egui::emath::TSTransform;

use super::body_map::shapes;
use crate::figures::{FIGURE_STYLE, FigurePicture, FigureSet, FigureStyle};
use crate::geometry::Rgba;
use crate::geometry::display::fit;
use crate::knowledge::{Exercise, KnowledgeBase, Position};

/// The figures' colours on a dark panel: the body lighter than the panel, the near side still
/// lighter than the far side so they read apart, the outline dark enough to separate the limbs.
pub const DARK_FIGURE_STYLE: FigureStyle = FigureStyle {
    background: Rgba::rgb(27, 27, 27),
    near: Rgba::rgb(150, 182, 214),
    far: Rgba::rgb(92, 114, 140),
    outline: Rgba::rgb(18, 24, 32),
    tint_near: Rgba::rgb(236, 120, 80),
    tint_far: Rgba::rgb(170, 88, 60),
    prop: Rgba::rgb(88, 84, 76),
    prop_stroke: Rgba::rgb(170, 162, 150),
    floor: Rgba::rgb(170, 162, 150),
    band: Rgba::rgb(196, 130, 220),
    arrow: Rgba::rgb(110, 210, 140),
    text: Rgba::rgb(225, 225, 225),
};

/// The figure colours for a theme.
pub fn style_for(dark: bool) -> &'static FigureStyle {
    if dark { &DARK_FIGURE_STYLE } else { &FIGURE_STYLE }
}

/// Picture height of a folded card's thumbnails, in points.
pub const THUMBNAIL_HEIGHT: f32 = 34.0;
/// Picture height on an open card, in points.
pub const OPEN_HEIGHT: f32 = 104.0;

/// What a pose's cached shapes were built for.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct ShapeKey {
    exercise: String,
    pose: usize,
    /// The picture's size in points, as bits (sizes are a few fixed values).
    size: [u32; 2],
    dark: bool,
}

/// The loaded figures and the caches of their pictures and shapes.
#[derive(Default)]
pub struct FigureView {
    /// The knowledge the figures were loaded for (compared by pointer).
    kb: Weak<KnowledgeBase>,
    set: FigureSet,
    /// Why the figures could not be loaded, for the status line (the cards then show none).
    pub problem: Option<String>,
    /// Every pose of an exercise drawn, by exercise id and theme.
    pictures: HashMap<(String, bool), Vec<FigurePicture>>,
    /// Shapes at the picture's top-left corner.
    shapes: HashMap<ShapeKey, Vec<egui::Shape>>,
}

impl FigureView {
    /// Loads the figures for `kb` (built in, overlaid by `pack`'s) when `kb` is not the knowledge
    /// they were loaded for; cheap otherwise. A pack whose figures do not load falls back to the
    /// built-in ones, and figures that do not fit the knowledge at all are left out. Returns
    /// whether they were (re)loaded.
    pub fn sync(&mut self, kb: &Arc<KnowledgeBase>, pack: Option<&Path>) -> bool {
        if std::ptr::eq(self.kb.as_ptr(), Arc::as_ptr(kb)) {
            return false;
        }
        self.kb = Arc::downgrade(kb);
        self.pictures.clear();
        self.shapes.clear();
        let describe = |errors: Vec<crate::knowledge::DataError>| {
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        };
        (self.set, self.problem) = match FigureSet::load(kb, pack) {
            Ok(set) => (set, None),
            Err(errors) if pack.is_some() => {
                let why = format!("The clinic pack's exercise figures were not loaded: {}", describe(errors));
                match FigureSet::builtin(kb) {
                    Ok(set) => (set, Some(why)),
                    Err(_) => (FigureSet::default(), Some(why)),
                }
            }
            Err(errors) => (FigureSet::default(), Some(format!("Exercise figures not loaded: {}", describe(errors)))),
        };
        true
    }

    /// The figures loaded (a clinic pack's when it has any), for the printed handout.
    pub fn set(&self) -> &FigureSet {
        &self.set
    }

    /// How many key poses `exercise_id` has a picture of (none for advice without a figure).
    pub fn pose_count(&self, exercise_id: &str) -> usize {
        self.set.get(exercise_id).map_or(0, |f| if f.no_figure().is_some() { 0 } else { f.placed.poses.len() })
    }

    /// The key poses' names, in order.
    fn pose_names(&self, exercise_id: &str) -> Vec<String> {
        self.set.get(exercise_id).map(|f| f.record.pose.iter().map(|p| p.name.clone()).collect()).unwrap_or_default()
    }

    /// The pictures of an exercise in a theme, drawn on first use.
    fn pictures(&mut self, exercise_id: &str, dark: bool) -> Option<&Vec<FigurePicture>> {
        let key = (exercise_id.to_string(), dark);
        if !self.pictures.contains_key(&key) {
            let figure = self.set.get(exercise_id)?;
            self.pictures.insert(key.clone(), figure.pictures(style_for(dark)));
        }
        self.pictures.get(&key)
    }

    /// The size a pose picture takes at `height` points (every pose of a figure shares its
    /// view box, so they line up).
    pub fn picture_size(&mut self, exercise_id: &str, height: f32, dark: bool) -> egui::Vec2 {
        let aspect = self
            .pictures(exercise_id, dark)
            .and_then(|p| p.first())
            .map_or(1.0, |p| p.view_box.width() / p.view_box.height().max(1.0));
        egui::vec2((height * aspect).clamp(height * 0.6, height * 2.2).round(), height)
    }

    /// Paints pose `pose` of `exercise_id` into `rect` (shapes cached by exercise, pose, size and
    /// theme).
    pub fn paint(&mut self, ui: &egui::Ui, exercise_id: &str, pose: usize, rect: egui::Rect) {
        let dark = ui.visuals().dark_mode;
        let key = ShapeKey {
            exercise: exercise_id.to_string(),
            pose,
            size: [rect.width().to_bits(), rect.height().to_bits()],
            dark,
        };
        if !self.shapes.contains_key(&key) {
            let Some(picture) = self.pictures(exercise_id, dark).and_then(|p| p.get(pose)) else { return };
            let local = egui::Rect::from_min_size(egui::Pos2::ZERO, rect.size());
            let transform: TSTransform = fit(picture.view_box, local);
            let built: Vec<egui::Shape> =
                shapes(ui.ctx(), &picture.display_list(), transform).into_iter().flat_map(|(_, s)| s).collect();
            if self.shapes.len() >= MAX_CACHED {
                self.shapes.clear();
            }
            self.shapes.insert(key.clone(), built);
        }
        let Some(cached) = self.shapes.get(&key) else { return };
        let painter = ui.painter_at(rect);
        let offset = rect.min.to_vec2();
        painter.extend(cached.iter().cloned().map(|mut s| {
            s.translate(offset);
            s
        }));
    }

    /// A row of every key pose of `exercise`, start to end, `height` points high, each an image
    /// with an accessible description. Shows nothing for an exercise without a figure.
    pub fn pose_row(&mut self, ui: &mut egui::Ui, exercise: &Exercise, height: f32) {
        let count = self.pose_count(&exercise.id);
        if count == 0 {
            return;
        }
        let names = self.pose_names(&exercise.id);
        let dark = ui.visuals().dark_mode;
        let gap = if height > THUMBNAIL_HEIGHT { 6.0 } else { 3.0 };
        // One row, start to end: pictures shrink to fit a narrow panel rather than wrap (whole
        // points, so a resized panel adds few cache entries).
        let between = ARROW_WIDTH + 2.0 * gap;
        let natural = self.picture_size(&exercise.id, height, dark);
        let room = ui.available_width() - between * (count - 1) as f32;
        let height = if natural.x * count as f32 > room {
            (height * room / (natural.x * count as f32)).floor().max(MIN_HEIGHT)
        } else {
            height
        };
        let size = self.picture_size(&exercise.id, height, dark);
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for pose in 0..count {
                if pose > 0 {
                    // The order is start to end; a small arrow says so between the pictures.
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(ARROW_WIDTH, height), egui::Sense::hover());
                    arrow(ui, rect);
                }
                let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
                if ui.is_rect_visible(rect) {
                    let fill = ui.visuals().extreme_bg_color;
                    ui.painter().rect_filled(rect, 4.0, fill);
                    self.paint(ui, &exercise.id, pose, rect);
                }
                let name = names.get(pose).map_or("", String::as_str);
                let label = pose_description(exercise, name, pose, count);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
                // Which exercise, for a screen reader that lists the images apart from the card
                // (kept out of the label, which the card's title already says).
                let whose = format!("{}, key pose {} of {count}", exercise.name, pose + 1);
                ui.ctx().accesskit_node_builder(response.id, |node| node.set_description(whose.clone()));
                response.on_hover_text(format!("{label}\n{}", exercise.name));
            }
        });
    }
}

/// The width of the arrow between two pose pictures, in points.
const ARROW_WIDTH: f32 = 12.0;
/// The smallest picture height, however narrow the panel.
const MIN_HEIGHT: f32 = 24.0;
/// The shape cache is emptied when it grows past this (panel widths seen while resizing).
const MAX_CACHED: usize = 400;

/// A small arrow pointing to the next pose, centred in `rect`.
fn arrow(ui: &egui::Ui, rect: egui::Rect) {
    let color = ui.visuals().weak_text_color();
    let c = rect.center();
    let w = (rect.width() * 0.5).min(6.0);
    let stroke = egui::Stroke::new(1.5, color);
    ui.painter().line_segment([c - egui::vec2(w, 0.0), c + egui::vec2(w, 0.0)], stroke);
    ui.painter().line_segment([c + egui::vec2(w, 0.0), c + egui::vec2(w - 3.5, -3.5)], stroke);
    ui.painter().line_segment([c + egui::vec2(w, 0.0), c + egui::vec2(w - 3.5, 3.5)], stroke);
}

/// An accessible description of one key pose, from the data: "Start: lying on the back
/// (picture 1 of 2)".
pub fn pose_description(exercise: &Exercise, pose_name: &str, index: usize, count: usize) -> String {
    let mut name = pose_name.to_string();
    if let Some(first) = name.get(..1) {
        name = format!("{}{}", first.to_uppercase(), &name[1..]);
    }
    let position = position_words(exercise.position);
    let place = if position.is_empty() { String::new() } else { format!(": {position}") };
    format!("{name}{place} (picture {} of {count})", index + 1)
}

/// How a position reads in a sentence.
fn position_words(position: Position) -> &'static str {
    match position {
        Position::Supine => "lying on the back",
        Position::Prone => "lying on the front",
        Position::SideLying => "lying on the side",
        Position::Seated => "sitting",
        Position::Standing => "standing",
        Position::Kneeling => "kneeling",
        Position::Quadruped => "on hands and knees",
        Position::Any => "",
    }
}
