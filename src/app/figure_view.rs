//! Exercise figures on the exercise cards, painted from the figure's display list (the one the
//! handout's SVG uses): a folded card shows its key poses small, start to end;
//! an open card shows its figure moving between them ([`crate::figures::animate`]: eased, looping,
//! resting at each key pose and longer at a hold), with a pause/play button and a step scrubber.
//! With animation off (the setting) an open card shows its key poses side by side, and the
//! scrubber picks one.
//!
//! The key poses of a row are the list written as SVG and rasterised once into an image (see
//! [`PoseImage`]); the moving figure's frames are the list's shapes, painted by egui.
//!
//! The figure set is loaded with the knowledge (and again when a clinic pack replaces it); the
//! pictures of an exercise, the images of each key pose and the shapes of each frame at each size
//! and theme are cached, so a card costs an image or a copy of its shapes per frame, not a
//! rebuild.
//!
//! No CPU at rest: a repaint is asked for only while a playing figure is painted inside the
//! visible part of its panel in a window that is not minimised or hidden, at [`FRAME_SECONDS`]
//! while it moves and once at the end of a rest while it rests.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Weak};

use egui::emath::TSTransform;

use super::body_map::shapes;
use crate::figures::animate::{self, Moment, Timeline};
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
/// Picture height of the moving figure on an open card, in points.
pub const ANIMATED_HEIGHT: f32 = 136.0;
/// Seconds between frames while a figure moves (30 a second: smooth enough for a slow move).
pub const FRAME_SECONDS: f32 = 1.0 / 30.0;
/// In-between frames drawn per move; each is drawn once and cached.
const FRAMES_PER_MOVE: f32 = 36.0;
/// A longer gap between two frames of a playing figure than this means it was not shown (scrolled
/// away, window hidden): it goes on from where it was rather than jumping ahead.
const LONGEST_GAP: f64 = animate::HOLD_SECONDS as f64 + 0.5;

/// What a pose's cached shapes were built for.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct ShapeKey {
    exercise: String,
    pose: usize,
    /// An in-between frame: the pose it moves to and the frame's number on the way.
    toward: Option<(usize, u16)>,
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
    /// Key poses of the pose rows rasterised, by pose, size, theme and pixel density (`None`: it
    /// could not be, and the shapes are painted instead).
    images: HashMap<(ShapeKey, u32), Option<PoseImage>>,
    /// Whether open cards' figures move (the stored setting, given each frame by the panel).
    pub animate: bool,
    /// Each exercise's place in its loop, paused or playing, and chosen step.
    playback: HashMap<String, Playback>,
}

/// A key pose rasterised for a pose row: a software renderer's cost grows with each triangle it
/// is handed (a folded card's three pictures were some 1 400 of them, the pictures of the cards a
/// first window shows an eighth of its triangles), and one image is two. The picture's shapes
/// are rendered from its display list as SVG (the drawing's PNG export's path), at full detail;
/// its texts, if any, are egui's, on top, as elsewhere in the window.
#[derive(Clone)]
struct PoseImage {
    texture: egui::TextureHandle,
    /// The image's size in pixels, at the texture's top-left corner.
    pixels: [usize; 2],
    /// The texture's size in texels.
    texture_size: [usize; 2],
    /// The picture's texts at its top-left corner.
    texts: Vec<egui::Shape>,
}

/// One figure's playback.
#[derive(Clone, Copy, Debug, Default)]
struct Playback {
    /// Where in the loop, in seconds.
    seconds: f32,
    paused: bool,
    /// The window's clock when it was last advanced while shown and playing.
    seen: Option<f64>,
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
        self.images.clear();
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
            // The window only paints them: the handout writes its own, with their SVG.
            self.pictures.insert(key.clone(), figure.screen_pictures(style_for(dark)));
        }
        self.pictures.get(&key)
    }

    /// Draws the light theme's pictures of `exercise_ids` (the cards a first frame shows): the
    /// window's loader runs this while eframe opens the window when it cannot rehearse the first
    /// frame (see `app::rehearsal`, which draws the pictures the frame shows), so the first frame
    /// finds them drawn (about a million instructions each). A window in the dark theme sizes
    /// those rows from them too (see [`Self::picture_size`]) and draws the pictures it shows
    /// itself.
    pub fn warm_pictures<'a>(&mut self, exercise_ids: impl IntoIterator<Item = &'a str>) {
        for id in exercise_ids {
            self.pictures(id, false);
        }
    }

    /// How many exercises' pictures are drawn, in either theme.
    pub fn pictures_drawn(&self) -> usize {
        self.pictures.len()
    }

    /// The size a pose picture takes at `height` points (every pose of a figure shares its
    /// view box, so they line up; the themes differ only in colour, so either theme's pictures
    /// give it).
    pub fn picture_size(&mut self, exercise_id: &str, height: f32, dark: bool) -> egui::Vec2 {
        let view_box = match self.pictures.get(&(exercise_id.to_string(), !dark)) {
            Some(other_theme) => other_theme.first().map(|p| p.view_box),
            None => self.pictures(exercise_id, dark).and_then(|p| p.first()).map(|p| p.view_box),
        };
        let aspect = view_box.map_or(1.0, |v| v.width() / v.height().max(1.0));
        egui::vec2((height * aspect).clamp(height * 0.6, height * 2.2).round(), height)
    }

    /// Paints pose `pose` of `exercise_id` into `rect` (shapes cached by exercise, pose, size and
    /// theme).
    pub fn paint(&mut self, ui: &egui::Ui, exercise_id: &str, pose: usize, rect: egui::Rect) {
        self.paint_frame(ui, exercise_id, pose, None, rect);
    }

    /// Paints key pose `pose` into `rect` of a pose row: its image ([`PoseImage`]), made on
    /// first use, placed on whole pixels; its shapes if it could not be made.
    fn paint_key_pose(&mut self, ui: &egui::Ui, exercise_id: &str, pose: usize, rect: egui::Rect) {
        let ctx = ui.ctx();
        let ppp = ctx.pixels_per_point();
        let dark = ui.visuals().dark_mode;
        let shape_key = ShapeKey {
            exercise: exercise_id.to_string(),
            pose,
            toward: None,
            size: [rect.width().to_bits(), rect.height().to_bits()],
            dark,
        };
        let key = (shape_key, ppp.to_bits());
        if !self.images.contains_key(&key) {
            let picture = self.pictures(exercise_id, dark).and_then(|p| p.get(pose)).cloned();
            let image = picture.and_then(|picture| pose_image(ctx, &picture, rect.size(), &key.0));
            if self.images.len() >= MAX_CACHED {
                self.images.clear();
            }
            self.images.insert(key.clone(), image);
        }
        let Some(Some(image)) = self.images.get(&key) else {
            self.paint(ui, exercise_id, pose, rect);
            return;
        };
        // On whole pixels, one texel a pixel: sharp as rendered.
        let min = ((rect.min.to_vec2() * ppp).round() / ppp).to_pos2();
        let size = egui::vec2(image.pixels[0] as f32, image.pixels[1] as f32) / ppp;
        let painter = ui.painter_at(rect.expand(1.0));
        let [w, h] = image.pixels.map(|p| p as f32);
        let [tw, th] = image.texture_size.map(|t| t as f32);
        let uv = egui::Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(w / tw, h / th));
        painter.image(image.texture.id(), egui::Rect::from_min_size(min, size), uv, egui::Color32::WHITE);
        let offset = rect.min.to_vec2();
        painter.extend(image.texts.iter().cloned().map(|mut s| {
            s.translate(offset);
            s
        }));
    }

    /// Paints key pose `pose` or, with `toward`, the in-between frame of the move from it to
    /// `toward.0` (frame `toward.1` of [`FRAMES_PER_MOVE`]).
    fn paint_frame(
        &mut self,
        ui: &egui::Ui,
        exercise_id: &str,
        pose: usize,
        toward: Option<(usize, u16)>,
        rect: egui::Rect,
    ) {
        let dark = ui.visuals().dark_mode;
        let key = ShapeKey {
            exercise: exercise_id.to_string(),
            pose,
            toward,
            size: [rect.width().to_bits(), rect.height().to_bits()],
            dark,
        };
        if !self.shapes.contains_key(&key) {
            let picture = match toward {
                None => self.pictures(exercise_id, dark).and_then(|p| p.get(pose)).cloned(),
                Some((to, frame)) => self.in_between(exercise_id, dark, (pose, to, f32::from(frame) / FRAMES_PER_MOVE)),
            };
            let Some(picture) = picture else { return };
            let built = picture_shapes(ui.ctx(), &picture, rect.size(), toward.is_none());
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

    /// The picture of an in-between pose (`from`, `to`, eased `t`), in the key poses' view box.
    fn in_between(&mut self, exercise_id: &str, dark: bool, move_at: (usize, usize, f32)) -> Option<FigurePicture> {
        let view_box = self.pictures(exercise_id, dark)?.first()?.view_box;
        let figure = self.set.get(exercise_id)?;
        animate::picture(&figure.record, &figure.placed, view_box, move_at, style_for(dark))
    }

    /// The figure of an open card: moving, with its controls, when animation is on; otherwise
    /// its key poses side by side, with the scrubber picking one. Nothing for advice without a
    /// figure.
    pub fn open_figure(&mut self, ui: &mut egui::Ui, exercise: &Exercise) {
        let count = self.pose_count(&exercise.id);
        if count == 0 {
            return;
        }
        if !self.animate || count < 2 {
            let chosen =
                self.playback.get(&*exercise.id).map_or(0, |p| self.timeline(&exercise.id).at(p.seconds).0.step());
            self.pose_row_marked(ui, exercise, OPEN_HEIGHT, Some(chosen));
            if count >= 2 {
                self.controls(ui, exercise, false);
            }
            return;
        }
        let dark = ui.visuals().dark_mode;
        let natural = self.picture_size(&exercise.id, ANIMATED_HEIGHT, dark);
        let room = ui.available_width();
        let height = if natural.x > room {
            (ANIMATED_HEIGHT * room / natural.x).floor().max(MIN_HEIGHT)
        } else {
            ANIMATED_HEIGHT
        };
        let size = self.picture_size(&exercise.id, height, dark);
        let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
        let shown = ui.is_rect_visible(rect) && window_shown(ui.ctx());
        let timeline = self.timeline(&exercise.id);
        let now = ui.input(|i| i.time);
        let playback = self.playback.entry(exercise.id.to_string()).or_default();
        // The clock runs only while the figure plays where it can be seen.
        if shown && !playback.paused {
            if let Some(seen) = playback.seen {
                let gap = now - seen;
                if gap > 0.0 && gap <= LONGEST_GAP {
                    playback.seconds = timeline.wrap(playback.seconds + gap as f32);
                }
            }
            playback.seen = Some(now);
        } else {
            playback.seen = None;
        }
        let playing = shown && !playback.paused;
        let (moment, until_change) = timeline.at(playback.seconds);
        if playing {
            // Moving: the next frame soon; resting: wake at the end of the rest.
            let wait = match moment {
                Moment::Between { .. } => FRAME_SECONDS,
                Moment::At(_) => until_change.max(FRAME_SECONDS),
            };
            ui.ctx().request_repaint_after_secs(wait);
        }
        if shown {
            ui.painter().rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
            match moment {
                Moment::At(pose) => self.paint(ui, &exercise.id, pose, rect),
                Moment::Between { from, to, t } => {
                    let frame = (t * FRAMES_PER_MOVE).round() as u16;
                    self.paint_frame(ui, &exercise.id, from, Some((to, frame)), rect);
                }
            }
        }
        let label = self.set.get(&exercise.id).map_or_else(String::new, |f| figure_description(exercise, &f.record));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        let whose = format!("{}, moving figure", exercise.name);
        ui.ctx().accesskit_node_builder(response.id, |node| node.set_description(whose.clone()));
        response.on_hover_text(format!("{label}\n{}", exercise.name));
        self.controls(ui, exercise, true);
    }

    /// The timeline of an exercise's figure.
    fn timeline(&self, exercise_id: &str) -> Timeline {
        self.set.get(exercise_id).map_or_else(|| Timeline::from_holds([]), |f| Timeline::of(&f.record))
    }

    /// Pause/play (when the figure moves) and the step scrubber: dragging it shows that key pose
    /// and pauses the figure there.
    fn controls(&mut self, ui: &mut egui::Ui, exercise: &Exercise, moving: bool) {
        let timeline = self.timeline(&exercise.id);
        let names = self.pose_names(&exercise.id);
        let count = timeline.steps();
        let playback = self.playback.entry(exercise.id.to_string()).or_default();
        let mut step = timeline.at(playback.seconds).0.step() + 1;
        let name = names.get(step - 1).map_or("", String::as_str);
        let text = step_label(step, count, name);
        ui.horizontal(|ui| {
            if moving {
                let (word, label) = if playback.paused { ("Play", PLAY_LABEL) } else { ("Pause", PAUSE_LABEL) };
                let button = ui.small_button(word);
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
                if button.on_hover_text(label).clicked() {
                    playback.paused = !playback.paused;
                    playback.seen = None;
                }
            }
            // The slider takes the row's room (never more: the panel must not widen); its text
            // goes on the line below, wrapped, and is its accessible name.
            ui.spacing_mut().slider_width = ui.available_width().clamp(40.0, 200.0);
            let slider = ui.add(egui::Slider::new(&mut step, 1..=count).show_value(false));
            slider.widget_info(|| egui::WidgetInfo::slider(true, step as f64, &text));
            if slider.changed() {
                playback.seconds = timeline.arrival(step - 1);
                playback.paused = true;
                playback.seen = None;
            }
        });
        ui.add(egui::Label::new(egui::RichText::new(&text).small()).wrap());
    }

    /// A row of every key pose of `exercise`, start to end, `height` points high, each an image
    /// with an accessible description. Shows nothing for an exercise without a figure.
    pub fn pose_row(&mut self, ui: &mut egui::Ui, exercise: &Exercise, height: f32) {
        self.pose_row_marked(ui, exercise, height, None);
    }

    /// [`Self::pose_row`], with key pose `marked` framed (the scrubber's step).
    fn pose_row_marked(&mut self, ui: &mut egui::Ui, exercise: &Exercise, height: f32, marked: Option<usize>) {
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
                    self.paint_key_pose(ui, &exercise.id, pose, rect);
                    if marked == Some(pose) {
                        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
                        ui.painter().rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
                    }
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
/// The shape cache is emptied when it grows past this (panel widths seen while resizing, the
/// in-between frames of the open cards' figures).
const MAX_CACHED: usize = 500;

/// The pause button's accessible name.
pub const PAUSE_LABEL: &str = "Pause animation";
/// The play button's accessible name.
pub const PLAY_LABEL: &str = "Play animation";

/// A picture's shapes, fitted to `size` at the origin. A key pose keeps only the detail that
/// shows at that size ([`FigurePicture::for_screen`]): its shapes are cached, so the cost is
/// paid once a size. An in-between pose (`key_pose` false) is drawn as it comes, on the path
/// whose cost `benches/figures.rs` measures.
fn picture_shapes(ctx: &egui::Context, picture: &FigurePicture, size: egui::Vec2, key_pose: bool) -> Vec<egui::Shape> {
    let local = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    let transform: TSTransform = fit(picture.view_box, local);
    let coarse = if key_pose { picture.for_screen(transform.scaling * ctx.pixels_per_point()) } else { None };
    let picture = coarse.as_ref().unwrap_or(picture);
    shapes(ctx, &picture.display_list(), transform).into_iter().flat_map(|(_, s)| s).collect()
}

/// `picture` fitted to `size` points, its shapes rasterised at the context's pixel density into
/// a texture named after `key`, its texts as egui shapes; `None` when it cannot be rendered.
fn pose_image(ctx: &egui::Context, picture: &FigurePicture, size: egui::Vec2, key: &ShapeKey) -> Option<PoseImage> {
    use crate::geometry::display::{DisplayList, Primitive};
    let ppp = ctx.pixels_per_point();
    let pixels = [(size.x * ppp).round() as u32, (size.y * ppp).round() as u32];
    let (texts, drawn): (Vec<_>, Vec<_>) =
        picture.display_list().items.into_iter().partition(|item| matches!(item.primitive, Primitive::Text { .. }));
    let svg = crate::geometry::write_svg(
        &DisplayList { items: drawn, body: Vec::new() },
        picture.view_box,
        None,
        "",
        Rgba(0, 0, 0, 0),
    );
    // Padded to powers of two, as the window's other textures are: images of their own sizes
    // made the first frame no faster (llvmpipe keys the shaders it compiles by, among others,
    // whether a texture's sides are powers of two), padded ones 1.3 ms faster.
    let canvas = pixels.map(u32::next_power_of_two);
    let rgba = crate::export::drawing_png::svg_to_pixels_fitted(&svg, pixels, canvas).ok()?;
    let [w, h] = pixels.map(|p| p as usize);
    let texture_size = canvas.map(|c| c as usize);
    let image = egui::ColorImage::from_rgba_premultiplied(texture_size, &rgba);
    let name = format!("pose {} {} {}x{}{}", key.exercise, key.pose, w, h, if key.dark { " dark" } else { "" });
    let texture = ctx.load_texture(name, image, egui::TextureOptions::LINEAR);
    let local = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    let texts = shapes(ctx, &DisplayList { items: texts, body: Vec::new() }, fit(picture.view_box, local))
        .into_iter()
        .flat_map(|(_, s)| s)
        .collect();
    Some(PoseImage { texture, pixels: [w, h], texture_size, texts })
}

/// Whether the window can be seen (not minimised, not hidden behind other windows, as far as
/// the platform tells).
fn window_shown(ctx: &egui::Context) -> bool {
    ctx.input(|i| {
        let viewport = i.viewport();
        viewport.minimized != Some(true) && viewport.occluded != Some(true)
    })
}

/// The scrubber's text: "Step 2 of 3: knee to chest".
pub fn step_label(step: usize, count: usize, name: &str) -> String {
    if name.is_empty() { format!("Step {step} of {count}") } else { format!("Step {step} of {count}: {name}") }
}

/// The moving figure's accessible description, from the data: the position, the working side,
/// and the key poses in order with their holds ("Lying on the back, working the right side: start,
/// then knee to chest, hold 30 s").
pub fn figure_description(exercise: &Exercise, record: &crate::figures::FigureRecord) -> String {
    let mut head = position_words(exercise.position).to_string();
    if let Some(side) = record.side {
        let working = format!("working the {} side", side.name());
        head = if head.is_empty() { working } else { format!("{head}, {working}") };
    }
    let steps: Vec<String> = record
        .pose
        .iter()
        .map(|p| match &p.hold {
            Some(hold) => format!("{}, hold {hold}", p.name),
            None => p.name.clone(),
        })
        .collect();
    let text = if head.is_empty() { steps.join(", then ") } else { format!("{head}: {}", steps.join(", then ")) };
    match text.get(..1) {
        Some(first) => format!("{}{}", first.to_uppercase(), &text[1..]),
        None => text,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warmed_pictures_size_every_row_in_either_theme_and_a_dark_row_s_size_draws_nothing() {
        let kb = Arc::new(crate::knowledge::KnowledgeBase::builtin().expect("the built-in knowledge loads"));
        let mut view = FigureView::default();
        view.sync(&kb, None);
        assert_eq!(view.pictures_drawn(), 0);
        let all: Vec<String> = view.set().figures.iter().map(|f| f.record.id.clone()).collect();
        view.warm_pictures(all.iter().map(String::as_str));
        let drawn = view.pictures_drawn();
        assert_eq!(drawn, view.set().figures.len());
        for figure in view.set().figures.clone() {
            let id = &figure.record.id;
            assert_eq!(view.picture_size(id, 40.0, false), view.picture_size(id, 40.0, true), "{id}");
        }
        assert_eq!(view.pictures_drawn(), drawn, "sizing the dark theme's rows drew nothing more");
        // A dark window draws the pictures it shows.
        let id = view.set().figures[0].record.id.clone();
        assert!(view.pictures(&id, true).is_some());
        assert_eq!(view.pictures_drawn(), drawn + 1);
    }

    /// The pixels' bounds where anything is drawn (a thin line's pixels too) in the top-left
    /// `size` of a texture `width` texels wide.
    fn ink_bounds(texels: &[egui::Color32], width: usize, size: [usize; 2]) -> egui::Rect {
        let mut ink = egui::Rect::NOTHING;
        for y in 0..size[1] {
            for x in 0..size[0] {
                if texels[y * width + x].a() > 16 {
                    ink.extend_with(egui::pos2(x as f32, y as f32));
                    ink.extend_with(egui::pos2(x as f32 + 1.0, y as f32 + 1.0));
                }
            }
        }
        ink
    }

    #[test]
    fn a_pose_row_paints_each_key_pose_as_one_image_of_its_picture_on_whole_pixels() {
        use crate::geometry::display::Primitive;
        let kb = Arc::new(crate::knowledge::KnowledgeBase::builtin().expect("the built-in knowledge loads"));
        let mut view = FigureView::default();
        view.sync(&kb, None);
        let exercise = kb.exercises.iter().find(|e| view.pose_count(&e.id) >= 2).expect("an exercise with a figure");
        let poses = view.pose_count(&exercise.id);
        for ppp in [1.0, 1.5] {
            let ctx = egui::Context::default();
            ctx.set_pixels_per_point(ppp);
            // At 1.5 pixels a point the row's rectangles fall between pixels.
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| view.pose_row(ui, exercise, THUMBNAIL_HEIGHT));
            let images: Vec<(egui::TextureId, egui::Rect)> = output
                .shapes
                .iter()
                .filter(|s| s.shape.texture_id() != egui::TextureId::default())
                .map(|s| (s.shape.texture_id(), s.shape.visual_bounding_rect()))
                .collect();
            assert_eq!(images.len(), poses, "one image a key pose at {ppp}");
            for (_, rect) in &images {
                let whole = |v: f32| ((v * ppp) - (v * ppp).round()).abs() < 1e-3;
                assert!(whole(rect.min.x) && whole(rect.min.y), "{rect:?} on whole pixels at {ppp}");
            }
            // Each image is its picture, fitted as the window fits it: where it has ink is where
            // the picture's shapes lie (within a pixel and a stroke's half-width).
            let uploads: HashMap<egui::TextureId, egui::ImageData> = output
                .textures_delta
                .set
                .iter()
                .filter(|(id, _)| **id != egui::TextureId::default())
                .flat_map(|(id, deltas)| deltas.iter().map(|delta| (*id, delta.image.clone())))
                .collect();
            output.textures_delta.clear();
            assert_eq!(uploads.len(), poses, "a texture a key pose");
            let pictures = view.pictures(&exercise.id, false).expect("pictures").clone();
            for (picture, (texture, rect)) in pictures.iter().zip(&images) {
                let egui::ImageData::Color(image) = &uploads[texture];
                let [tw, th] = image.size;
                assert!(tw.is_power_of_two() && th.is_power_of_two(), "{tw}×{th}");
                let pixels = [(rect.width() * ppp).round() as usize, (rect.height() * ppp).round() as usize];
                let ink = ink_bounds(&image.pixels, tw, pixels);
                let t = fit(
                    picture.view_box,
                    egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(pixels[0] as f32, pixels[1] as f32)),
                );
                let mut drawn = egui::Rect::NOTHING;
                for item in picture.display_list().items {
                    match item.primitive {
                        Primitive::Shape { geometry, .. } => drawn = drawn.union(t.mul_rect(geometry.bounds)),
                        Primitive::Line { points, .. } => points.iter().for_each(|p| drawn.extend_with(t.mul_pos(*p))),
                        Primitive::Circle { centre, radius, .. } => {
                            drawn = drawn.union(
                                t.mul_rect(egui::Rect::from_center_size(centre, egui::Vec2::splat(2.0 * radius))),
                            );
                        }
                        _ => {}
                    }
                }
                // What lies outside the picture's box is cut off.
                let drawn = drawn.intersect(t.mul_rect(picture.view_box));
                for (got, want) in [(ink.min, drawn.min), (ink.max, drawn.max)] {
                    assert!((got - want).abs().max_elem() <= 2.0 * ppp, "ink {ink:?}, shapes {drawn:?} at {ppp}");
                }
            }
        }
    }
}
