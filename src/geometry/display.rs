//! The drawing as a backend-neutral **display list**: styled shapes, lines, dots and text, each
//! tagged with the [`Layer`] it belongs to and, where it can be clicked or traced, the
//! [`Target`] it draws. The window (`app::body_map`, with egui's painter) and the SVG writer
//! ([`super::svg`]) both draw from it, so the screen, the exported drawing and the handout show
//! the same thing.
//!
//! One function per layer builds its part from the map, the one [`Layers`] model, the selection,
//! the traced [`Highlight`] and a [`Palette`]: [`silhouette`], [`bones`], [`muscles`],
//! [`skin_map`], [`selection_marks`], [`nerves`], [`key_points`], [`labels`] and [`legend`];
//! [`build_view`] calls them in paint order. [`comparison`] adds two visits compared (the earlier
//! one's areas dashed, each area's change tagged) over a view's drawing.
//!
//! **Units.** Items are in the list's units: model units for a view (the renderer maps them
//! with a [`TSTransform`]), output units for a legend strip. Widths, radii and text sizes are in
//! the same units; they are computed from sizes in points divided by
//! [`Scene::points_per_unit`], so hairlines keep their weight on screen at any zoom.
//!
//! No UI code lives here.

use egui::emath::{Align2, Pos2, Rangef, Rect, TSTransform, Vec2, pos2, vec2};
use serde::{Deserialize, Serialize};

use super::humanize;
use super::model::{Geometry, LabelKind, NerveKind, PiriformisVariant, ShapeStyle, ViewMap};
use super::palette::{Palette, Rgba, cutaneous_color, dermatome_color};
use crate::knowledge::Side;
use crate::pathway::Highlight;

/// The skin overlay: segmental (dermatomes) or peripheral (cutaneous nerve territories).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SkinMap {
    None,
    #[default]
    Dermatomes,
    Cutaneous,
}

/// Which layers of the drawing are on: the one layer model of the window's settings, the
/// exports and the command line. The skin silhouette and the pain areas are always drawn.
///
/// Stored in the window's settings as JSON with these field names; every field has a default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    /// Bones.
    pub bones: bool,
    /// Muscles.
    pub muscles: bool,
    /// Nerves and roots.
    pub nerves: bool,
    /// The skin map: none, dermatomes (with the ISNCSCI key points) or cutaneous territories.
    pub skin: SkinMap,
    /// Text labels with leader lines.
    pub labels: bool,
    /// The colour legend.
    pub legend: bool,
}

impl Default for Layers {
    /// [`Layers::NERVES_AND_MUSCLES`]: a calm first picture (the skin map is one click away, and
    /// a traced root or nerve shows its skin all the same).
    fn default() -> Self {
        Layers::NERVES_AND_MUSCLES
    }
}

impl Layers {
    /// The printed handout: skin, pain areas and nerves (bones and muscles make a busy picture
    /// once printed small).
    pub const HANDOUT: Layers =
        Layers { bones: false, muscles: false, nerves: true, skin: SkinMap::None, labels: false, legend: false };

    /// The skin map with the nerves over it: which root or nerve supplies which skin.
    pub const SKIN_MAP: Layers =
        Layers { bones: false, muscles: false, nerves: true, skin: SkinMap::Dermatomes, labels: true, legend: true };

    /// Bones, muscles and nerves without a skin map: where the nerve runs and what it passes.
    pub const NERVES_AND_MUSCLES: Layers =
        Layers { bones: true, muscles: true, nerves: true, skin: SkinMap::None, labels: true, legend: true };

    /// Every layer; the skin map is drawn fainter over the muscles.
    pub const EVERYTHING: Layers =
        Layers { bones: true, muscles: true, nerves: true, skin: SkinMap::Dermatomes, labels: true, legend: true };

    /// The presets the Layers menu offers, with their names.
    pub const PRESETS: [(&'static str, Layers); 3] = [
        ("Skin map", Layers::SKIN_MAP),
        ("Nerves and muscles", Layers::NERVES_AND_MUSCLES),
        ("Everything", Layers::EVERYTHING),
    ];

    /// The preset these layers are, if any (the skin map may be either kind for "Skin map" and
    /// "Everything").
    pub fn preset(self) -> Option<&'static str> {
        let with_dermatomes =
            if self.skin == SkinMap::Cutaneous { Layers { skin: SkinMap::Dermatomes, ..self } } else { self };
        Layers::PRESETS.iter().find(|(_, preset)| *preset == with_dermatomes).map(|(name, _)| *name)
    }

    /// `preset`, keeping the kind of skin map already chosen (dermatomes or nerve territories)
    /// where the preset shows one.
    pub fn apply_preset(self, preset: Layers) -> Layers {
        if preset.skin != SkinMap::None && self.skin != SkinMap::None {
            Layers { skin: self.skin, ..preset }
        } else {
            preset
        }
    }
}

/// The part of the drawing an item belongs to (paint order is the list's order, not this one's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Skin silhouette and creases.
    Silhouette,
    /// Bones.
    Bones,
    /// Muscles.
    Muscles,
    /// Dermatomes or cutaneous territories, the traced skin, and the ISNCSCI key points.
    SkinMap,
    /// Pain areas: borders, the hovered and the selected ones.
    Selection,
    /// Nerves and roots.
    Nerves,
    /// Labels with leader lines.
    Labels,
    /// The colour legend.
    Legend,
    /// Two visits compared: the earlier visit's areas dashed, each area's change tagged.
    Comparison,
}

impl Layer {
    /// Every layer.
    pub const ALL: [Layer; 9] = [
        Layer::Silhouette,
        Layer::Bones,
        Layer::Muscles,
        Layer::SkinMap,
        Layer::Selection,
        Layer::Nerves,
        Layer::Labels,
        Layer::Legend,
        Layer::Comparison,
    ];

    /// A short name (the SVG elements' `class`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Silhouette => "silhouette",
            Layer::Bones => "bones",
            Layer::Muscles => "muscles",
            Layer::SkinMap => "skin-map",
            Layer::Selection => "selection",
            Layer::Nerves => "nerves",
            Layer::Labels => "labels",
            Layer::Legend => "legend",
            Layer::Comparison => "comparison",
        }
    }

    /// The layer of a name given by [`Layer::name`].
    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// What an item draws, where that is something a user can point at or trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target<'a> {
    /// A pain area: base id and side.
    Area(&'a str, Side),
    /// A nerve or root id.
    Nerve(&'a str),
    /// A muscle id.
    Muscle(&'a str),
    /// A skin region: a root's dermatome or a nerve's cutaneous territory.
    Skin(&'a str),
}

impl Target<'_> {
    /// `kind:id` (`area:left.buttock`, `nerve:sural`, `muscle:piriformis`, `skin:S1`).
    pub fn key(&self) -> String {
        match self {
            Target::Area(id, side) => match side {
                Side::Left => format!("area:left.{id}"),
                Side::Right => format!("area:right.{id}"),
                Side::Midline => format!("area:{id}"),
            },
            Target::Nerve(id) => format!("nerve:{id}"),
            Target::Muscle(id) => format!("muscle:{id}"),
            Target::Skin(id) => format!("skin:{id}"),
        }
    }
}

/// A line's width and colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Rgba,
}

impl Stroke {
    pub fn new(width: f32, color: Rgba) -> Self {
        Stroke { width, color }
    }
}

/// One drawing primitive, in the list's units.
#[derive(Clone, Debug, PartialEq)]
pub enum Primitive<'a> {
    /// A shape of the map: its closed subpaths filled with `fill` (transparent: none), every
    /// subpath outlined with `stroke`. Painters use its flattening, SVG its curves.
    Shape { geometry: &'a Geometry, fill: Rgba, stroke: Option<Stroke> },
    /// An open polyline (leader lines, legend keys).
    Line { points: Vec<Pos2>, stroke: Stroke },
    /// A dot or ring (key points, leader-line ends).
    Circle { centre: Pos2, radius: f32, fill: Rgba, stroke: Option<Stroke> },
    /// A rounded rectangle (legend swatches).
    Rect { rect: Rect, rounding: f32, fill: Rgba },
    /// Text placed by `anchor` at `pos`, wrapped at `wrap` where a painter can wrap.
    Text { pos: Pos2, anchor: Align2, text: String, size: f32, color: Rgba, strong: bool, wrap: Option<f32> },
    /// A vertical fade over `rect`: `color` at its top edge thinning out to nothing at its
    /// bottom edge, through [`FADE_STOPS`] (where the drawing ends without a hard cut).
    Fade { rect: Rect, color: Rgba },
}

/// The opacity of a [`Primitive::Fade`]'s colour down its height: `(offset, opacity)`, offset 0
/// at the top edge and 1 at the bottom; both painters interpolate linearly between the stops.
/// The first stretch stays opaque, so the outline's stroke along the cut is hidden whole.
pub const FADE_STOPS: [(f32, f32); 4] = [(0.0, 1.0), (0.1, 1.0), (0.5, 0.4), (1.0, 0.0)];

/// How far down from the top of the silhouette the trunk fades out, in model units (the top
/// is where the drawing stops, at the lower ribs, not the end of the body).
pub const TRUNK_FADE: f32 = 60.0;

/// One item of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Item<'a> {
    pub layer: Layer,
    /// What it draws, where that can be pointed at or traced.
    pub target: Option<Target<'a>>,
    /// Drawn emphasised: traced, selected or hovered.
    pub emphasised: bool,
    /// Clipped to the skin silhouette ([`DisplayList::body`]).
    pub clip_to_body: bool,
    pub primitive: Primitive<'a>,
}

/// The drawing of one view (or one legend strip), in paint order.
#[derive(Clone, Debug, Default)]
pub struct DisplayList<'a> {
    pub items: Vec<Item<'a>>,
    /// The skin silhouette that items with `clip_to_body` are clipped to. The skin maps are
    /// clipped to it when the map loads and stroke only their edges on the skin, so a painter
    /// that cannot clip to a path (egui) draws them as they are; SVG clips them all the same.
    pub body: Vec<&'a Geometry>,
}

impl<'a> DisplayList<'a> {
    fn push(&mut self, layer: Layer, target: Option<Target<'a>>, emphasised: bool, primitive: Primitive<'a>) {
        self.items.push(Item { layer, target, emphasised, clip_to_body: false, primitive });
    }
}

/// A marked pain area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marked<'a> {
    pub id: &'a str,
    pub side: Side,
    /// Pain 0–10, when given: a stronger pain is filled more strongly.
    pub intensity: Option<u8>,
}

/// Everything one view's drawing depends on: the map (`'a`, which the list borrows) and the
/// state of the moment (`'s`).
#[derive(Clone, Copy, Debug)]
pub struct Scene<'a, 's> {
    pub view: &'a ViewMap,
    pub layers: Layers,
    pub variant: PiriformisVariant,
    pub selected: &'s [Marked<'s>],
    pub highlight: &'s Highlight,
    pub hovered_area: Option<(&'s str, Side)>,
    pub hovered_nerve: Option<&'s str>,
    pub palette: &'s Palette,
    /// Output points per model unit: line widths, radii and text sizes are given in points.
    pub points_per_unit: f32,
}

impl Scene<'_, '_> {
    /// A length in points as model units.
    fn pt(&self, points: f32) -> f32 {
        points / self.points_per_unit.max(1e-3)
    }

    /// Faded when something is traced and this is not part of it.
    fn dim(&self, c: Rgba, emphasised: bool) -> Rgba {
        if !self.highlight.is_empty() && !emphasised { c.scale_alpha(0.35) } else { c }
    }
}

/// The largest uniform scale that shows all of `model` inside `screen`, centred; the aspect ratio
/// is kept (the spare room goes to the margins). A degenerate rect gives scale 1.
pub fn fit(model: Rect, screen: Rect) -> TSTransform {
    let mut scale = (screen.width() / model.width()).min(screen.height() / model.height());
    if !scale.is_finite() || scale <= 0.0 {
        scale = 1.0;
    }
    TSTransform::new(screen.center().to_vec2() - model.center().to_vec2() * scale, scale)
}

/// The model-space bounds of a view's figure: the silhouette, with a little room around it.
pub fn figure_bounds(view: &ViewMap) -> Rect {
    let mut bounds = Rect::NOTHING;
    for shape in &view.outline {
        bounds = bounds.union(shape.geometry.bounds);
    }
    if bounds.is_positive() { bounds.expand(12.0) } else { view.canvas() }
}

/// One view's drawing without labels and legend (they need a layout around the figure:
/// [`labels`], [`legend`]), in paint order.
pub fn build_view<'a>(scene: &Scene<'a, '_>) -> DisplayList<'a> {
    let vm = scene.view;
    let mut list = DisplayList {
        items: Vec::with_capacity(512),
        body: vm.outline.iter().filter(|s| s.style == ShapeStyle::Fill).map(|s| &s.geometry).collect(),
    };
    silhouette(&mut list, scene);
    // Bones under the muscles: every muscle drawn is on the viewer's side of the skeleton (the
    // piriformis lies behind the pelvis in the back view).
    bones(&mut list, scene);
    muscles(&mut list, scene);
    if skin_map(&mut list, scene) {
        // The skin map covers the inner half of the outline: draw it again over the map, and
        // not under it too, where the same opaque line would hide it.
        for (item, shape) in list.items.iter_mut().zip(&vm.outline) {
            if shape.style == ShapeStyle::Fill
                && let Primitive::Shape { stroke, .. } = &mut item.primitive
            {
                *stroke = None;
            }
        }
        for shape in vm.outline.iter().filter(|s| s.style == ShapeStyle::Fill) {
            let stroke = Stroke::new(scene.pt(1.6), scene.palette.skin_stroke);
            list.push(
                Layer::Silhouette,
                None,
                false,
                Primitive::Shape { geometry: &shape.geometry, fill: Rgba(0, 0, 0, 0), stroke: Some(stroke) },
            );
        }
    }
    traced_muscles(&mut list, scene);
    selection_marks(&mut list, scene);
    nerves(&mut list, scene);
    key_points(&mut list, scene);
    trunk_fade(&mut list, scene);
    list
}

/// The trunk is drawn up to the lower ribs: its top fades into the card behind the drawing, as
/// an anatomy chart ends a part of the body, rather than ending in a straight cut. Over
/// everything in the figure, under the labels.
pub fn trunk_fade<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    let body = list.body.iter().fold(Rect::NOTHING, |bounds, g| bounds.union(g.bounds));
    if !body.is_positive() {
        return;
    }
    let rect =
        Rect::from_min_max(pos2(body.min.x - 2.0, body.min.y - 2.0), pos2(body.max.x + 2.0, body.min.y + TRUNK_FADE));
    list.push(Layer::Silhouette, None, false, Primitive::Fade { rect, color: scene.palette.card });
}

/// The skin silhouette and its creases.
pub fn silhouette<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    let pal = scene.palette;
    for shape in &scene.view.outline {
        let stroke = Stroke::new(scene.pt(1.6), pal.skin_stroke);
        // Creases and contours are lines on the skin, not regions.
        let fill = if shape.style == ShapeStyle::Detail { Rgba(0, 0, 0, 0) } else { pal.skin };
        list.push(
            Layer::Silhouette,
            None,
            false,
            Primitive::Shape { geometry: &shape.geometry, fill, stroke: Some(stroke) },
        );
    }
}

/// Bones, with their inner detail lines.
pub fn bones<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    if !scene.layers.bones {
        return;
    }
    let pal = scene.palette;
    for shape in &scene.view.bones {
        let (fill, stroke) = if shape.style == ShapeStyle::Detail {
            (Rgba(0, 0, 0, 0), Stroke::new(scene.pt(0.9), pal.bone_detail))
        } else {
            (pal.bone, Stroke::new(scene.pt(1.1), pal.bone_stroke))
        };
        list.push(
            Layer::Bones,
            None,
            false,
            Primitive::Shape { geometry: &shape.geometry, fill, stroke: Some(stroke) },
        );
    }
}

/// Muscles as light tinted shapes with outlines, deep first and superficial last, the key
/// muscles ([`KEY_MUSCLES`]) over the rest. A traced muscle is left out here: [`traced_muscles`]
/// draws it over the skin map.
pub fn muscles<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    if !scene.layers.muscles {
        return;
    }
    let pal = scene.palette;
    let order = [ShapeStyle::Deep, ShapeStyle::Fill, ShapeStyle::Tendon, ShapeStyle::Detail, ShapeStyle::Superficial];
    let traced = |s: &super::model::Shape| scene.highlight.lights_muscle(&s.id, s.side);
    let key = |id: &str| KEY_MUSCLES.contains(&id);
    let layered = order
        .iter()
        .flat_map(|style| scene.view.muscles.iter().filter(move |s| s.style == *style && !key(&s.id) && !traced(s)));
    let key_muscles = scene.view.muscles.iter().filter(|s| key(&s.id) && !traced(s));
    for shape in layered.chain(key_muscles) {
        let fill = match shape.style {
            ShapeStyle::Deep if key(&shape.id) => pal.muscle_key,
            ShapeStyle::Deep => pal.muscle,
            ShapeStyle::Tendon => pal.tendon,
            ShapeStyle::Superficial => pal.muscle_superficial,
            ShapeStyle::Detail => pal.muscle_fibre,
            ShapeStyle::Fill => pal.muscle_mid,
        };
        let (fill, stroke) = if shape.style == ShapeStyle::Detail {
            (Rgba(0, 0, 0, 0), Stroke::new(scene.pt(0.8), scene.dim(pal.muscle_fibre, false)))
        } else {
            let width = if key(&shape.id) { 1.4 } else { 1.0 };
            (scene.dim(fill, false), Stroke::new(scene.pt(width), scene.dim(pal.muscle_stroke, false)))
        };
        list.push(
            Layer::Muscles,
            Some(Target::Muscle(&shape.id)),
            false,
            Primitive::Shape { geometry: &shape.geometry, fill, stroke: Some(stroke) },
        );
    }
}

/// The traced muscles, lit, over the skin map and the other muscles (under the pain areas and
/// the nerves): a trace of the piriformis, or of a cause that names it, shows the muscle
/// whatever the layers.
pub fn traced_muscles<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    let pal = scene.palette;
    for shape in scene.view.muscles.iter().filter(|s| scene.highlight.lights_muscle(&s.id, s.side)) {
        let (fill, stroke) = if shape.style == ShapeStyle::Detail {
            (Rgba(0, 0, 0, 0), Stroke::new(scene.pt(0.8), pal.muscle_fibre))
        } else {
            (pal.muscle_highlight, Stroke::new(scene.pt(2.5), pal.muscle_highlight_stroke))
        };
        list.push(
            Layer::Muscles,
            Some(Target::Muscle(&shape.id)),
            true,
            Primitive::Shape { geometry: &shape.geometry, fill, stroke: Some(stroke) },
        );
    }
}

/// The skin map (dermatomes or cutaneous territories, translucent with soft edges), and the skin
/// a trace reaches that the map on shows not (a traced nerve's territory, a traced root's
/// dermatome): the trace runs from the spine to the painful skin. Every item is clipped to the
/// silhouette. Returns whether anything was drawn.
pub fn skin_map<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) -> bool {
    let (vm, hl, skin) = (scene.view, scene.highlight, scene.layers.skin);
    let before = list.items.len();
    let regions: &[super::model::Region] = match skin {
        SkinMap::Dermatomes => &vm.dermatomes,
        SkinMap::Cutaneous => &vm.cutaneous,
        SkinMap::None => &[],
    };
    // Over the muscles the map fades, so that both read; alone it is a soft wash on the skin.
    let quiet = if scene.layers.muscles { 0.4 } else { 0.7 };
    for region in regions {
        let (base, emphasised) = match skin {
            SkinMap::Dermatomes => (dermatome_color(&region.id), hl.lights_dermatome(&region.id, region.side)),
            _ => (cutaneous_color(&region.id), hl.lights_territory(&region.id, region.side)),
        };
        let fill = if emphasised { base.scale_alpha(1.4) } else { scene.dim(base.scale_alpha(quiet), false) };
        // A wide, faint stroke of the same colour softens the border: dermatomes are not lines.
        let soft = Stroke::new(scene.pt(if emphasised { 2.0 } else { 5.0 }), base.scale_alpha(quiet / 3.0));
        let target = Some(Target::Skin(&region.id));
        list.push(
            Layer::SkinMap,
            target,
            emphasised,
            Primitive::Shape { geometry: &region.geometry, fill, stroke: Some(soft) },
        );
        if emphasised {
            let edge = Stroke::new(scene.pt(1.6), base.scale_alpha(1.8));
            list.push(
                Layer::SkinMap,
                target,
                true,
                Primitive::Shape { geometry: &region.geometry, fill: Rgba(0, 0, 0, 0), stroke: Some(edge) },
            );
        }
    }
    let mut traced: Vec<(Rgba, &'a super::model::Region)> = Vec::new();
    if skin != SkinMap::Cutaneous {
        for region in vm.cutaneous.iter().filter(|r| hl.lights_territory(&r.id, r.side)) {
            traced.push((cutaneous_color(&region.id), region));
        }
    }
    if skin != SkinMap::Dermatomes {
        for region in vm.dermatomes.iter().filter(|r| hl.lights_dermatome(&r.id, r.side)) {
            traced.push((dermatome_color(&region.id), region));
        }
    }
    for (base, region) in traced {
        let target = Some(Target::Skin(&region.id));
        let soft = Stroke::new(scene.pt(2.0), base.scale_alpha(0.3));
        list.push(
            Layer::SkinMap,
            target,
            true,
            Primitive::Shape { geometry: &region.geometry, fill: base.scale_alpha(1.3), stroke: Some(soft) },
        );
        let edge = Stroke::new(scene.pt(1.6), base.scale_alpha(1.8));
        list.push(
            Layer::SkinMap,
            target,
            true,
            Primitive::Shape { geometry: &region.geometry, fill: Rgba(0, 0, 0, 0), stroke: Some(edge) },
        );
    }
    for item in &mut list.items[before..] {
        item.clip_to_body = true;
    }
    list.items.len() > before
}

/// The pain areas: faint borders, the hovered area and the selected ones filled (stronger for
/// stronger pain).
pub fn selection_marks<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    let pal = scene.palette;
    for area in &scene.view.areas {
        let selected = scene.selected.iter().find(|s| s.id == area.id && s.side == area.side);
        let hovered = scene.hovered_area == Some((area.id.as_str(), area.side));
        let (fill, stroke) = match (selected, hovered) {
            (Some(s), _) => {
                let strength = 0.55 + 0.045 * f32::from(s.intensity.unwrap_or(5));
                (
                    pal.area_selected.scale_alpha(strength * if hovered { 1.2 } else { 1.0 }),
                    Stroke::new(scene.pt(2.2), pal.area_selected_stroke),
                )
            }
            (None, true) => (pal.area_hover, Stroke::new(scene.pt(1.6), pal.area_selected_stroke.scale_alpha(0.7))),
            (None, false) => (Rgba(0, 0, 0, 0), Stroke::new(scene.pt(0.8), pal.area_border)),
        };
        list.push(
            Layer::Selection,
            Some(Target::Area(&area.id, area.side)),
            selected.is_some() || hovered,
            Primitive::Shape { geometry: &area.geometry, fill, stroke: Some(stroke) },
        );
    }
}

/// A traced nerve's width relative to its width at rest.
pub const TRACED_NERVE_WIDTH: f32 = 1.5;
/// The width of a nerve that is not traced, while something else is, relative to its width at rest.
pub const UNTRACED_NERVE_WIDTH: f32 = 0.6;

/// Nerves and roots of the chosen piriformis variant, with a dark casing; traced and hovered
/// ones glow, traced ones bold with a halo, the rest thin and faded while something is traced.
pub fn nerves<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    if !scene.layers.nerves {
        return;
    }
    let (pal, hl) = (scene.palette, scene.highlight);
    let variant = scene.variant;
    for nerve in scene.view.nerves.iter().filter(|n| !n.hidden && n.variant.is_none_or(|v| v == variant)) {
        let emphasised = match nerve.kind {
            NerveKind::Root => hl.lights_root(&nerve.id, nerve.side),
            NerveKind::Nerve => hl.lights_nerve(&nerve.id, nerve.side),
        };
        let hovered = scene.hovered_nerve == Some(nerve.id.as_str());
        // Widths in points, kept bold at every zoom.
        let width = (nerve.width * scene.points_per_unit * 1.15).clamp(if nerve.sciatic { 2.2 } else { 1.6 }, 14.0);
        // While something is traced its path stands out: bolder, with a halo of the card's
        // colour that parts it from what lies under it; the other nerves thin out.
        let traced = !hl.is_empty();
        let width = match (traced, emphasised) {
            (true, true) => (width * TRACED_NERVE_WIDTH).max(width + 1.5),
            (true, false) => (width * UNTRACED_NERVE_WIDTH).max(1.0),
            (false, _) => width,
        };
        let (core, casing) = match (nerve.kind, nerve.sciatic) {
            (NerveKind::Root, _) => (pal.root, pal.nerve_casing),
            (NerveKind::Nerve, true) => (pal.nerve, pal.nerve_casing),
            (NerveKind::Nerve, false) => (pal.nerve_neighbour, pal.nerve_neighbour_casing),
        };
        let target = Some(Target::Nerve(&nerve.id));
        let mut line = |width: f32, color: Rgba| {
            let stroke = Some(Stroke::new(scene.pt(width), color));
            list.push(
                Layer::Nerves,
                target,
                emphasised,
                Primitive::Shape { geometry: &nerve.geometry, fill: Rgba(0, 0, 0, 0), stroke },
            );
        };
        if emphasised && traced {
            line(width + 11.0, pal.card.scale_alpha(0.9));
        }
        if emphasised || hovered {
            line(width + 8.0, pal.nerve_glow);
        }
        line(width + 2.0, scene.dim(casing, emphasised));
        line(width, if emphasised { pal.nerve_highlight } else { scene.dim(core, false) });
    }
}

/// The ISNCSCI key sensory points, on the dermatome map.
pub fn key_points<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>) {
    if scene.layers.skin != SkinMap::Dermatomes {
        return;
    }
    let pal = scene.palette;
    for kp in &scene.view.key_points {
        list.push(
            Layer::SkinMap,
            None,
            false,
            Primitive::Circle {
                centre: kp.pos,
                radius: scene.pt(3.6),
                fill: pal.key_point,
                stroke: Some(Stroke::new(scene.pt(1.2), pal.key_point_ring)),
            },
        );
    }
}

/// How an area changed between two visits, as the comparison colours its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeTone {
    /// Less pain now.
    Better,
    /// More pain now.
    Worse,
    /// Marked now, not before.
    New,
    /// Marked before, not now.
    Gone,
    /// The same level, or a level missing at one of the visits.
    Same,
}

impl ChangeTone {
    /// The tag's fill: solid and dark enough for white text in either theme (a ring of the
    /// card's colour parts it from the drawing under it).
    pub fn fill(self) -> Rgba {
        match self {
            ChangeTone::Better => Rgba::rgb(0x1b, 0x7a, 0x3a),
            ChangeTone::Worse => Rgba::rgb(0xb7, 0x1c, 0x1c),
            ChangeTone::New => Rgba::rgb(0x8f, 0x45, 0x00),
            ChangeTone::Gone => Rgba::rgb(0x45, 0x57, 0x66),
            ChangeTone::Same => Rgba::rgb(0x55, 0x5a, 0x61),
        }
    }
}

/// The text colour of a change tag.
pub const CHANGE_TAG_TEXT: Rgba = Rgba::rgb(0xff, 0xff, 0xff);

/// Change tag text size, in points.
pub const CHANGE_TAG_FONT: f32 = 11.5;

/// One area's change, tagged on the drawing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChangeTag {
    /// The area's base id (`lateral_foot`).
    pub id: String,
    pub side: Side,
    /// What changed, in a word or two: "better −3", "worse +2", "new", "gone".
    pub text: String,
    pub tone: ChangeTone,
}

/// Two visits compared on the drawing (`progress::drawing_comparison` makes one): the earlier
/// visit's areas as dashed outlines over the current visit's drawing, and a tag for each area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Comparison {
    /// The earlier visit's areas (base id and side).
    pub earlier: Vec<(String, Side)>,
    /// Every area marked at either visit, with its change.
    pub tags: Vec<ChangeTag>,
}

impl Comparison {
    /// The tag of an area, if it was marked at either visit.
    pub fn tag(&self, id: &str, side: Side) -> Option<&ChangeTag> {
        self.tags.iter().find(|t| t.id == id && t.side == side)
    }
}

/// The dashed outline's colour: it is drawn on the skin, so dark on light skin (both themes'
/// skin is light) and light on dark skin.
pub fn earlier_outline_color(palette: &Palette) -> Rgba {
    if palette.skin.relative_luminance() < 0.2 { Rgba::rgb(0xe6, 0xea, 0xef) } else { Rgba::rgb(0x22, 0x2d, 0x33) }
}

/// `points` (a polyline) cut into dashes `dash` long with `gap` between them.
fn dashes(points: &[Pos2], dash: f32, gap: f32) -> Vec<Vec<Pos2>> {
    let mut out: Vec<Vec<Pos2>> = Vec::new();
    if dash <= 0.0 || gap < 0.0 {
        return out;
    }
    // Where along the pattern the walk is, and whether it is drawing.
    let (mut left, mut drawing) = (dash, true);
    let mut current: Vec<Pos2> = points.first().map(|p| vec![*p]).unwrap_or_default();
    for pair in points.windows(2) {
        let (mut from, to) = (pair[0], pair[1]);
        let mut length = from.distance(to);
        while length > 0.0 {
            let step = left.min(length);
            let at = from + (to - from) * (step / length);
            if drawing {
                current.push(at);
            }
            length -= step;
            left -= step;
            from = at;
            if left <= 1e-6 {
                if drawing {
                    out.push(std::mem::take(&mut current));
                } else {
                    current = vec![at];
                }
                drawing = !drawing;
                left = if drawing { dash } else { gap };
            }
        }
    }
    if drawing && current.len() > 1 {
        out.push(current);
    }
    out
}

/// Two visits compared over one view's drawing: the earlier visit's areas as dashed outlines
/// (no fill: the current visit's areas are filled under them), and on every area marked at
/// either visit a small tag saying how it changed ("better −3", "new", "gone"), coloured by
/// [`ChangeTone`]. Tags keep clear of each other and of the label leader lines' end points,
/// inside the figure; one moved away from its area points to it. `measure(text, size)` gives a
/// text's size on one line, both in points.
pub fn comparison<'a>(
    list: &mut DisplayList<'a>,
    scene: &Scene<'a, '_>,
    comparison: &Comparison,
    measure: &mut dyn FnMut(&str, f32) -> Vec2,
) {
    let vm = scene.view;
    let outline = earlier_outline_color(scene.palette);
    let find = |id: &str, side: Side| vm.areas.iter().find(|a| a.id == id && a.side == side);
    let ghost = Stroke::new(scene.pt(1.8), outline);
    for area in comparison.earlier.iter().filter_map(|(id, side)| find(id, *side)) {
        let target = Some(Target::Area(&area.id, area.side));
        for poly in &area.geometry.polys {
            for run in &poly.stroke_runs {
                let mut points = run.clone();
                if poly.stroke_closed
                    && let Some(first) = run.first()
                {
                    points.push(*first);
                }
                for dash in dashes(&points, scene.pt(7.0), scene.pt(4.5)) {
                    list.push(Layer::Comparison, target, false, Primitive::Line { points: dash, stroke: ghost });
                }
            }
        }
    }

    // The label leader lines end on the figure: keep the tags off their dots.
    let mut taken: Vec<Rect> = Vec::new();
    if scene.layers.labels {
        for anchor in vm.labels.iter().filter(|l| l.side != Side::Right) {
            let nerve_group = matches!(anchor.kind, LabelKind::Nerve | LabelKind::Root);
            let pos =
                if nerve_group || anchor.side == Side::Midline { anchor.pos } else { vm.mirror_point(anchor.pos) };
            taken.push(Rect::from_center_size(pos, Vec2::splat(scene.pt(7.0))));
        }
    }
    let figure = figure_bounds(vm);
    let mut tags: Vec<(&ChangeTag, &'a super::model::Area)> =
        comparison.tags.iter().filter_map(|t| find(&t.id, t.side).map(|a| (t, a))).collect();
    // Top to bottom, so a crowded foot gives way downwards in a stable order.
    tags.sort_by(|a, b| a.1.label.y.total_cmp(&b.1.label.y).then(a.1.label.x.total_cmp(&b.1.label.x)));
    let per_point = 1.0 / scene.points_per_unit.max(1e-3);
    let (pad, margin) = (vec2(scene.pt(5.0), scene.pt(2.0)), scene.pt(1.5));
    for (tag, area) in tags {
        let size = measure(&tag.text, CHANGE_TAG_FONT) * per_point + 2.0 * pad;
        let anchor = area.label;
        let (dx, dy) = (size.x * 0.6 + scene.pt(3.0), size.y + scene.pt(3.0));
        let inside = |r: &Rect| figure.contains_rect(*r);
        let overlap = |r: &Rect| -> f32 {
            taken.iter().map(|t| t.intersect(r.expand(margin))).filter(|o| o.is_positive()).map(|o| o.area()).sum()
        };
        let candidates = (0..=8).flat_map(|ring| {
            let r = ring as f32;
            let moves = [
                (0.0, 0.0),
                (0.0, -1.0),
                (0.0, 1.0),
                (-1.0, 0.0),
                (1.0, 0.0),
                (-1.0, -1.0),
                (1.0, -1.0),
                (-1.0, 1.0),
                (1.0, 1.0),
            ];
            let (skip, take) = if ring == 0 { (0, 1) } else { (1, 8) };
            moves
                .into_iter()
                .skip(skip)
                .take(take)
                .map(move |(x, y)| Rect::from_center_size(anchor + vec2(x * r * dx, y * r * dy), size))
        });
        // The nearest free spot; failing that, the least crowded one in the figure.
        let mut best: Option<(f32, Rect)> = None;
        for candidate in candidates.filter(inside) {
            let crowding = overlap(&candidate);
            if crowding <= 0.0 {
                best = Some((0.0, candidate));
                break;
            }
            if best.is_none_or(|(least, _)| crowding < least) {
                best = Some((crowding, candidate));
            }
        }
        let spot = best.map_or_else(
            || {
                // No room in the figure at all (a figure smaller than a tag): keep it on its area.
                Rect::from_center_size(anchor, size)
            },
            |(_, spot)| spot,
        );
        taken.push(spot);
        let target = Some(Target::Area(&area.id, area.side));
        let fill = tag.tone.fill();
        if !spot.contains(anchor) {
            let end = pos2(anchor.x.clamp(spot.left(), spot.right()), anchor.y.clamp(spot.top(), spot.bottom()));
            let stroke = Stroke::new(scene.pt(1.4), fill);
            list.push(Layer::Comparison, target, false, Primitive::Line { points: vec![anchor, end], stroke });
            list.push(
                Layer::Comparison,
                target,
                false,
                Primitive::Circle {
                    centre: anchor,
                    radius: scene.pt(2.6),
                    fill,
                    stroke: Some(Stroke::new(scene.pt(1.0), scene.palette.card)),
                },
            );
        }
        let ring = spot.expand(margin);
        list.push(
            Layer::Comparison,
            target,
            false,
            Primitive::Rect { rect: ring, rounding: ring.height() / 2.0, fill: scene.palette.card },
        );
        list.push(
            Layer::Comparison,
            target,
            false,
            Primitive::Rect { rect: spot, rounding: spot.height() / 2.0, fill },
        );
        list.push(
            Layer::Comparison,
            target,
            false,
            Primitive::Text {
                pos: spot.center(),
                anchor: Align2::CENTER_CENTER,
                text: tag.text.clone(),
                size: scene.pt(CHANGE_TAG_FONT),
                color: CHANGE_TAG_TEXT,
                strong: true,
                wrap: None,
            },
        );
    }
}

/// "Common fibular (peroneal) nerve" → "Common fibular n." keeps the label columns narrow.
pub fn short_name(name: &str) -> String {
    let without_aside = match (name.find(" ("), name.find(')')) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &name[..a], &name[b + 1..]),
        _ => name.to_string(),
    };
    without_aside.replace(" nerve", " n.").trim().to_string()
}

/// A label's text: the structure's name (`name`, from the knowledge in use) shortened, a root
/// as "L5 root", a vertebra as "L4 vertebra", other bones from their id.
pub fn label_text(kind: LabelKind, id: &str, name: Option<&str>) -> String {
    let named = || short_name(&name.map_or_else(|| humanize(id), str::to_string));
    match kind {
        LabelKind::Nerve | LabelKind::Muscle => named(),
        LabelKind::Root => format!("{id} root"),
        LabelKind::Bone if id.len() <= 3 && id.starts_with(['L', 'S', 'T']) => format!("{id} vertebra"),
        LabelKind::Bone => humanize(id),
    }
}

/// A label and the model point it names.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelItem<'a> {
    pub anchor: Pos2,
    pub text: String,
    pub kind: LabelKind,
    pub id: &'a str,
    /// Which labels stay when there is no room for all (lower first): see [`label_priority`].
    pub priority: u8,
}

/// What the labels are chosen by besides the layers: the trace comes first, and teach mode shows
/// only the story's labels.
#[derive(Clone, Copy, Debug, Default)]
pub struct LabelFocus<'s> {
    /// What is traced (or lit by the teach step): its labels are kept first.
    pub highlight: Option<&'s Highlight>,
    /// Teach mode's story (every step's structures): the other labels are left out.
    pub story: Option<&'s Highlight>,
}

/// Whether a highlight lights the structure a label names.
fn lights(highlight: &Highlight, kind: LabelKind, id: &str) -> bool {
    match kind {
        LabelKind::Nerve => highlight.nerves.contains(id),
        LabelKind::Root => highlight.roots.contains(id),
        LabelKind::Muscle => highlight.muscles.contains(id),
        LabelKind::Bone => false,
    }
}

/// The muscles that carry the story of sciatica: drawn above the other muscles and labelled
/// before them.
pub const KEY_MUSCLES: [&str; 1] = ["piriformis"];

/// A label's rank when labels are thinned (0 is kept first): traced structures, then the sciatic
/// nerve and its branches, the roots, the key muscles, the other muscles and nerves, the bones.
pub fn label_priority(view: &ViewMap, kind: LabelKind, id: &str, highlight: Option<&Highlight>) -> u8 {
    if highlight.is_some_and(|h| lights(h, kind, id)) {
        return 0;
    }
    match kind {
        LabelKind::Nerve if view.nerves.iter().any(|n| n.id == id && n.sciatic) => 1,
        LabelKind::Root => 2,
        LabelKind::Muscle if KEY_MUSCLES.contains(&id) => 3,
        LabelKind::Nerve | LabelKind::Muscle => 4,
        LabelKind::Bone => 5,
    }
}

/// Labels split into two columns: nerves and roots on one side of the figure, muscles and bones
/// on the other (mirrored there, since both sides have them), each column as wide as its text
/// plus room for the leader lines (in output units).
#[derive(Clone, Debug, Default)]
pub struct LabelColumns<'a> {
    pub left: Vec<LabelItem<'a>>,
    pub right: Vec<LabelItem<'a>>,
    pub left_width: f32,
    pub right_width: f32,
    /// The narrowest a column may be: its longest word and the room around it (labels break
    /// between words, never inside one).
    pub min_width: f32,
}

/// Label text size, in points.
pub const LABEL_FONT: f32 = 12.5;
/// The smallest label text size a narrow view may use, in points.
pub const LABEL_FONT_MIN: f32 = 9.5;
/// A label column's room besides its text, in points: the margin at the card's edge and the
/// gap to the figure where the leader lines start.
pub const LABEL_COLUMN_PADDING: f32 = 12.0;

/// The labels of the layers that are on, in their columns; `width_of` measures a text on one
/// line at the label size the columns are for, in output units; `unit` is output units per point.
/// A nerve's label is left out of a view that shows none of the nerve (the sciatic nerve lies
/// out of sight behind the femur in the front view).
pub fn label_columns<'a>(
    view: &'a ViewMap,
    layers: Layers,
    focus: LabelFocus<'_>,
    name: &dyn Fn(LabelKind, &str) -> Option<String>,
    width_of: &mut dyn FnMut(&str) -> f32,
    unit: f32,
) -> LabelColumns<'a> {
    let nerves_left = view.patient_left_on_viewer_left();
    let mut columns = LabelColumns::default();
    for anchor in &view.labels {
        // Anchors are given on the patient's left (or the midline); one label per structure.
        if anchor.side == Side::Right {
            continue;
        }
        let nerve_group = matches!(anchor.kind, LabelKind::Nerve | LabelKind::Root);
        let shown = match anchor.kind {
            LabelKind::Nerve | LabelKind::Root => layers.nerves,
            LabelKind::Muscle => layers.muscles,
            LabelKind::Bone => layers.bones,
        };
        if !shown {
            continue;
        }
        if nerve_group && !view.nerves.iter().any(|n| n.id == anchor.id && !n.hidden) {
            continue;
        }
        if focus.story.is_some_and(|story| !lights(story, anchor.kind, &anchor.id)) {
            continue;
        }
        // Nerves keep their side; muscles and bones move to the mirror image on the other side.
        let on_left_column = nerve_group == nerves_left;
        let pos = if nerve_group || anchor.side == Side::Midline { anchor.pos } else { view.mirror_point(anchor.pos) };
        let text = label_text(anchor.kind, &anchor.id, name(anchor.kind, &anchor.id).as_deref());
        let priority = label_priority(view, anchor.kind, &anchor.id, focus.highlight);
        let item = LabelItem { anchor: pos, text, kind: anchor.kind, id: &anchor.id, priority };
        if on_left_column { columns.left.push(item) } else { columns.right.push(item) }
    }
    let padding = LABEL_COLUMN_PADDING * unit;
    let mut widest = |items: &[LabelItem]| items.iter().map(|l| width_of(&l.text)).fold(0.0f32, f32::max);
    columns.left_width = if columns.left.is_empty() { 0.0 } else { widest(&columns.left) + padding };
    columns.right_width = if columns.right.is_empty() { 0.0 } else { widest(&columns.right) + padding };
    let longest_word = columns
        .left
        .iter()
        .chain(&columns.right)
        .flat_map(|l| l.text.split_whitespace())
        .map(&mut *width_of)
        .fold(0.0f32, f32::max);
    columns.min_width = if columns.left.is_empty() && columns.right.is_empty() { 0.0 } else { longest_word + padding };
    columns
}

/// Where the labels go: all in output units.
#[derive(Clone, Copy, Debug)]
pub struct LabelFrame {
    /// Output from model.
    pub transform: TSTransform,
    /// The card of the view: the columns sit between its edges and the figure's.
    pub card: Rect,
    /// Where the figure is drawn (between the columns).
    pub figure: Rect,
    /// The heights the label columns may fill.
    pub column_range: Rangef,
    /// Output units per point.
    pub unit: f32,
    /// Label text size, in points.
    pub font: f32,
}

/// What [`labels`] showed and what it left out for want of room.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelReport<'a> {
    pub shown: Vec<LabelItem<'a>>,
    /// Labels whose point is in view but that did not fit (fewest-priority first to go).
    pub hidden: Vec<LabelItem<'a>>,
}

/// `text` broken into lines between words so that each fits `width` where it can; a word wider
/// than `width` keeps a line of its own, whole.
pub fn break_lines(text: &str, width: f32, width_of: &mut dyn FnMut(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // One buffer for every trial join: labels are broken again each frame the view pans.
    let mut joined = String::new();
    for word in text.split_whitespace() {
        if let Some(last) = lines.last_mut() {
            joined.clear();
            joined.push_str(last);
            joined.push(' ');
            joined.push_str(word);
            if width_of(&joined) <= width {
                std::mem::swap(last, &mut joined);
                continue;
            }
        }
        lines.push(word.to_string());
    }
    // "Superior gluteal / n." reads badly: take the word before an orphaned abbreviation down
    // with it where that fits.
    if let [.., before, last] = &mut lines[..]
        && last.len() <= 2
        && let Some((rest, word)) = before.rsplit_once(' ')
    {
        let joined = format!("{word} {last}");
        if width_of(&joined) <= width {
            *last = joined;
            *before = rest.to_string();
        }
    }
    lines
}

/// A label being laid out in its column: output units.
#[derive(Clone, Debug)]
struct Placing<'x, 'a> {
    item: &'x LabelItem<'a>,
    anchor: Pos2,
    /// Shared: placing a label tries each column layout on a copy of those kept so far.
    lines: std::rc::Rc<[String]>,
    height: f32,
    /// Centre of the text block.
    y: f32,
}

/// Whether segments `a` and `b` cross (touching at an end does not count).
pub fn segments_cross(a: [Pos2; 2], b: [Pos2; 2]) -> bool {
    // Leader lines run mostly across, so most pairs a label layout tries (every label's trial,
    // again each frame of a pan) are at different heights: settled before the arithmetic.
    if !spans_meet(a, b) {
        return false;
    }
    let orient = |p: Pos2, q: Pos2, r: Pos2| (q - p).x * (r - p).y - (q - p).y * (r - p).x;
    let eps = 1e-3;
    let apart = |d1: f32, d2: f32| (d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps);
    apart(orient(b[0], b[1], a[0]), orient(b[0], b[1], a[1]))
        && apart(orient(a[0], a[1], b[0]), orient(a[0], a[1], b[1]))
}

/// One column's layout: the labels stacked in order between `top` and `bottom` as near their
/// anchors as they fit, leader lines from `edge_x` uncrossed by swapping neighbours. `None` when
/// they do not fit, a label would sit too far from its point, or a leader crosses an `obstacle`
/// or another leader.
fn layout_column<'x, 'a>(
    mut placed: Vec<Placing<'x, 'a>>,
    edge_x: f32,
    (top, bottom): (f32, f32),
    gap: f32,
    obstacles: &[[Pos2; 2]],
) -> Option<Vec<Placing<'x, 'a>>> {
    // A column packed full is a wall of text: leave some air.
    let total: f32 = placed.iter().map(|p| p.height + gap).sum();
    if total > (bottom - top) * 0.85 + gap {
        return None;
    }
    // A leader may slant, not run the height of the card.
    let max_shift = ((bottom - top) * 0.22).max(3.0 * placed.iter().map(|p| p.height).fold(0.0, f32::max));
    placed.sort_by(|a, b| a.anchor.y.total_cmp(&b.anchor.y));
    let stack = |placed: &mut [Placing]| {
        let mut below = top;
        for p in placed.iter_mut() {
            p.y = p.anchor.y.max(below + p.height / 2.0);
            below = p.y + p.height / 2.0 + gap;
        }
        let mut above = bottom;
        for p in placed.iter_mut().rev() {
            p.y = p.y.min(above - p.height / 2.0);
            above = p.y - p.height / 2.0 - gap;
        }
    };
    let leader = |p: &Placing| [pos2(edge_x, p.y), p.anchor];
    let mut leaders: Vec<[Pos2; 2]> = Vec::with_capacity(placed.len());
    // Swapping two crossing leaders' labels uncrosses them and shortens the pair; bounded.
    for _ in 0..placed.len() * placed.len() + 1 {
        stack(&mut placed);
        leaders.clear();
        leaders.extend(placed.iter().map(leader));
        match first_crossing(&leaders) {
            Some((i, j)) => placed.swap(i, j),
            None => {
                let fits = placed.iter().all(|p| (p.y - p.anchor.y).abs() <= max_shift)
                    && leaders.iter().all(|l| obstacles.iter().all(|o| !segments_cross(*l, *o)));
                return fits.then_some(placed);
            }
        }
    }
    None
}

/// A segment's highest point's height (y grows downwards).
fn segment_top(s: &[Pos2; 2]) -> f32 {
    s[0].y.min(s[1].y)
}

/// A segment's lowest point's height.
fn segment_bottom(s: &[Pos2; 2]) -> f32 {
    s[0].y.max(s[1].y)
}

/// Whether two segments' heights overlap: segments whose heights do not cannot cross.
fn spans_meet(a: [Pos2; 2], b: [Pos2; 2]) -> bool {
    segment_top(&a) <= segment_bottom(&b) && segment_top(&b) <= segment_bottom(&a)
}

/// The first pair of crossing segments, `(i, j)` with `i < j`, in the order a scan of every
/// pair finds it (by `i`, then `j`): which pair is swapped first decides the layout. A column's
/// leaders come stacked top to bottom, so the scan for `i`'s partners stops at the first `j`
/// below which every segment starts lower than `i` ends: about a few pairs per label instead of
/// every pair, each trial of each label, each frame of a pan.
fn first_crossing(segments: &[[Pos2; 2]]) -> Option<(usize, usize)> {
    // The highest top of each segment and all after it.
    let mut highest_top_from = vec![f32::INFINITY; segments.len() + 1];
    for (j, s) in segments.iter().enumerate().rev() {
        highest_top_from[j] = highest_top_from[j + 1].min(segment_top(s));
    }
    (0..segments.len()).find_map(|i| {
        let lowest = segment_bottom(&segments[i]);
        (i + 1..segments.len())
            .take_while(|&j| highest_top_from[j] <= lowest)
            .find(|&j| segments_cross(segments[i], segments[j]))
            .map(|j| (i, j))
    })
}

/// The labels with leader lines, in two columns beside the figure, added in model units: each
/// label broken into lines between words to fit its column, stacked without overlapping, its
/// leader line crossing no other. When a column has no room for all, labels are left out by
/// [`LabelItem::priority`] (the traced ones stay longest). `measure(text, size)` gives a text's
/// size on one line in output units.
pub fn labels<'a>(
    list: &mut DisplayList<'a>,
    columns: &LabelColumns<'a>,
    frame: &LabelFrame,
    palette: &Palette,
    measure: &mut dyn FnMut(&str, f32) -> Vec2,
) -> LabelReport<'a> {
    let (t, u) = (frame.transform, frame.unit);
    let inverse = t.inverse();
    let to_model = |len: f32| len / t.scaling;
    let size = frame.font * u;
    let line_height = measure("Ag", size).y;
    let gap = 3.0 * u;
    let range = (frame.column_range.min, frame.column_range.max);
    let mut report = LabelReport::default();
    let mut obstacles: Vec<[Pos2; 2]> = Vec::new();
    for (items, left) in [(&columns.left, true), (&columns.right, false)] {
        let width = if left { columns.left_width } else { columns.right_width };
        if width <= 0.0 {
            continue;
        }
        // Text runs from the card's edge to the leader lines' start, beside the figure.
        let (edge_x, text_x) = if left {
            (frame.figure.left() - 3.0 * u, frame.figure.left() - 6.0 * u)
        } else {
            (frame.figure.right() + 3.0 * u, frame.figure.right() + 6.0 * u)
        };
        let text_width = if left { text_x - frame.card.left() } else { frame.card.right() - text_x } - 6.0 * u;
        let mut candidates: Vec<Placing> = Vec::new();
        for (item, anchor) in
            items.iter().map(|l| (l, t.mul_pos(l.anchor))).filter(|(_, p)| frame.figure.expand(4.0 * u).contains(*p))
        {
            let lines = break_lines(&item.text, text_width, &mut |s| measure(s, size).x);
            // A word wider than the column would be cut at the card's edge: no room for it.
            if lines.iter().any(|line| measure(line, size).x > text_width + 0.5 * u) {
                report.hidden.push(item.clone());
                continue;
            }
            let height = lines.len() as f32 * line_height;
            candidates.push(Placing { item, anchor, lines: lines.into(), height, y: anchor.y });
        }
        // Most important first; a stable sort keeps the data's order within a rank.
        candidates.sort_by_key(|p| p.item.priority);
        let mut kept: Vec<Placing> = Vec::new();
        for candidate in candidates {
            let mut trial = kept.clone();
            trial.push(candidate.clone());
            match layout_column(trial, edge_x, range, gap, &obstacles) {
                Some(laid) => kept = laid,
                None => report.hidden.push(candidate.item.clone()),
            }
        }
        for p in &kept {
            obstacles.push([pos2(edge_x, p.y), p.anchor]);
        }
        // In order down the column.
        kept.sort_by(|a, b| a.y.total_cmp(&b.y));
        for p in kept {
            let item = p.item;
            let target = match item.kind {
                LabelKind::Nerve | LabelKind::Root => Some(Target::Nerve(item.id)),
                LabelKind::Muscle => Some(Target::Muscle(item.id)),
                LabelKind::Bone => None,
            };
            let traced = item.priority == 0;
            let leader = Stroke::new(to_model(if traced { 1.4 } else { 0.9 } * u), palette.leader);
            let model_anchor = inverse.mul_pos(p.anchor);
            list.push(
                Layer::Labels,
                target,
                traced,
                Primitive::Line { points: vec![inverse.mul_pos(pos2(edge_x, p.y)), model_anchor], stroke: leader },
            );
            list.push(
                Layer::Labels,
                target,
                traced,
                Primitive::Circle {
                    centre: model_anchor,
                    radius: to_model(2.0 * u),
                    fill: palette.leader,
                    stroke: None,
                },
            );
            let align = if left { Align2::RIGHT_CENTER } else { Align2::LEFT_CENTER };
            list.push(
                Layer::Labels,
                target,
                traced,
                Primitive::Text {
                    pos: inverse.mul_pos(pos2(text_x, p.y)),
                    anchor: align,
                    text: p.lines.join("\n"),
                    size: to_model(size),
                    color: if traced { palette.text_traced } else { palette.text },
                    strong: traced,
                    wrap: None,
                },
            );
            report.shown.push(item.clone());
        }
    }
    report
}

/// One legend entry: a colour key and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub color: Rgba,
    pub text: String,
    /// How the key is drawn: as the drawing shows the thing it names.
    pub key: LegendKey,
}

/// The shape of a legend entry's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendKey {
    /// A rounded swatch of the colour (areas, skin maps).
    Swatch,
    /// A cased line (nerves).
    Line,
    /// A disc with a light ring, as the key points are drawn: a plain dark swatch all but
    /// vanished on the dark theme's strip.
    Marker,
}

/// The legend entries of the layers that are on; `roots` are the dermatome roots in order.
pub fn legend_entries(layers: Layers, roots: &[String], palette: &Palette) -> Vec<LegendEntry> {
    let entry = |color: Rgba, text: &str, key: LegendKey| LegendEntry { color, text: text.to_string(), key };
    let mut rows = Vec::new();
    if layers.nerves {
        rows.push(entry(palette.nerve, "Sciatic nerve and branches", LegendKey::Line));
        rows.push(entry(palette.nerve_neighbour, "Other nerves", LegendKey::Line));
    }
    rows.push(entry(palette.area_selected_stroke, "Marked pain area", LegendKey::Swatch));
    match layers.skin {
        SkinMap::Dermatomes => {
            for root in roots {
                rows.push(entry(dermatome_color(root), root, LegendKey::Swatch));
            }
            rows.push(entry(palette.key_point, "Key point", LegendKey::Marker));
        }
        SkinMap::Cutaneous => {
            rows.push(entry(cutaneous_color("sural"), "Sciatic skin territories (warm)", LegendKey::Swatch));
            rows.push(entry(cutaneous_color("femoral"), "Other nerves' territories (cool)", LegendKey::Swatch));
        }
        SkinMap::None => {}
    }
    rows
}

/// Legend text size, in points.
pub const LEGEND_FONT: f32 = 12.0;
/// Legend row height, in points.
pub const LEGEND_ROW: f32 = 20.0;

/// The legend entries flowed into rows within `width`: each entry's left x (from the strip's
/// left) and row. `width_of` measures a text at [`LEGEND_FONT`]; all in output units.
fn legend_flow(
    entries: &[LegendEntry],
    width: f32,
    unit: f32,
    width_of: &mut dyn FnMut(&str) -> f32,
) -> Vec<(f32, usize)> {
    let mut out = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (12.0 * unit, 0);
    for e in entries {
        let w = width_of(&e.text) + 34.0 * unit;
        if x + w > width - 12.0 * unit && x > 12.0 * unit {
            row += 1;
            x = 12.0 * unit;
        }
        out.push((x, row));
        x += w;
    }
    out
}

/// The height of the legend strip when it wraps within `width` (output units).
pub fn legend_height(entries: &[LegendEntry], width: f32, unit: f32, width_of: &mut dyn FnMut(&str) -> f32) -> f32 {
    let rows = legend_flow(entries, width, unit, width_of).last().map_or(1, |(_, row)| row + 1);
    (rows as f32 * LEGEND_ROW + 10.0) * unit
}

/// The legend strip, in output units (the list's units for a legend).
pub fn legend<'a>(
    list: &mut DisplayList<'a>,
    entries: &[LegendEntry],
    strip: Rect,
    unit: f32,
    palette: &Palette,
    width_of: &mut dyn FnMut(&str) -> f32,
) {
    for (e, (x, row)) in entries.iter().zip(legend_flow(entries, strip.width(), unit, width_of)) {
        let x = strip.left() + x;
        let y = strip.top() + (LEGEND_ROW * (row as f32 + 0.5) + 2.0) * unit;
        let swatch = Rect::from_center_size(pos2(x + 9.0 * unit, y), vec2(18.0, 10.0) * unit);
        match e.key {
            LegendKey::Line => {
                let points = vec![swatch.left_center(), swatch.right_center()];
                let casing = Stroke::new(5.0 * unit, palette.nerve_casing);
                list.push(Layer::Legend, None, false, Primitive::Line { points: points.clone(), stroke: casing });
                let stroke = Stroke::new(3.4 * unit, e.color);
                list.push(Layer::Legend, None, false, Primitive::Line { points, stroke });
            }
            LegendKey::Swatch => {
                let rect = Primitive::Rect { rect: swatch, rounding: 3.0 * unit, fill: e.color };
                list.push(Layer::Legend, None, false, rect);
            }
            LegendKey::Marker => {
                // A little larger than on the drawing, where it sits on skin: the ring must
                // show on either theme's strip.
                let marker = Primitive::Circle {
                    centre: swatch.center(),
                    radius: 4.6 * unit,
                    fill: e.color,
                    stroke: Some(Stroke::new(1.4 * unit, palette.key_point_ring)),
                };
                list.push(Layer::Legend, None, false, marker);
            }
        }
        list.push(
            Layer::Legend,
            None,
            false,
            Primitive::Text {
                pos: pos2(x + 24.0 * unit, y),
                anchor: Align2::LEFT_CENTER,
                text: e.text.clone(),
                size: LEGEND_FONT * unit,
                color: palette.text,
                strong: false,
                wrap: None,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::PALETTE;

    #[test]
    fn leader_lines_cross_only_where_they_pass_through_each_other() {
        let seg = |a: (f32, f32), b: (f32, f32)| [pos2(a.0, a.1), pos2(b.0, b.1)];
        // An X crosses, whichever segment comes first and whichever way each runs.
        let (x1, x2) = (seg((0.0, 0.0), (10.0, 10.0)), seg((0.0, 10.0), (10.0, 0.0)));
        assert!(segments_cross(x1, x2) && segments_cross(x2, x1));
        assert!(segments_cross([x1[1], x1[0]], x2));
        // Touching at an end, meeting in a T, parallel, on one line or far apart: no crossing.
        assert!(!segments_cross(seg((0.0, 0.0), (10.0, 0.0)), seg((10.0, 0.0), (20.0, 5.0))));
        assert!(!segments_cross(seg((0.0, 0.0), (10.0, 0.0)), seg((5.0, 0.0), (5.0, 5.0))));
        assert!(!segments_cross(seg((0.0, 0.0), (10.0, 0.0)), seg((0.0, 1.0), (10.0, 1.0))));
        assert!(!segments_cross(seg((0.0, 0.0), (10.0, 0.0)), seg((5.0, 0.0), (15.0, 0.0))));
        assert!(!segments_cross(seg((0.0, 0.0), (1.0, 1.0)), seg((5.0, 0.0), (6.0, -3.0))));
        // One segment's line cuts the other, but the segment stops short of it.
        assert!(!segments_cross(seg((0.0, 0.0), (10.0, 0.0)), seg((5.0, 1.0), (5.0, 5.0))));
    }

    /// A small generator of segments on a coarse grid, so that crossings, touches and shared
    /// heights are common.
    fn segments() -> impl proptest::strategy::Strategy<Value = Vec<[Pos2; 2]>> {
        use proptest::prelude::*;
        let point = (0..12i32, 0..12i32).prop_map(|(x, y)| pos2(x as f32 * 2.5, y as f32 * 2.5));
        proptest::collection::vec([point.clone(), point], 0..12)
    }

    proptest::proptest! {
        /// The pruned search finds the very pair a scan of every pair with `segments_cross`
        /// finds: the layout swaps that pair first.
        #[test]
        fn the_first_crossing_is_the_one_every_pair_scanned_finds(segments in segments()) {
            let scanned = (0..segments.len()).find_map(|i| {
                (i + 1..segments.len()).find(|&j| segments_cross(segments[i], segments[j])).map(|j| (i, j))
            });
            proptest::prop_assert_eq!(first_crossing(&segments), scanned);
        }

        /// Skipping pairs at different heights changes no answer: the orientation tests alone
        /// say the same.
        #[test]
        fn segments_at_different_heights_never_cross(segments in segments()) {
            let orient = |p: Pos2, q: Pos2, r: Pos2| (q - p).x * (r - p).y - (q - p).y * (r - p).x;
            let apart = |d1: f32, d2: f32| (d1 > 1e-3 && d2 < -1e-3) || (d1 < -1e-3 && d2 > 1e-3);
            for (a, b) in segments.iter().zip(segments.iter().skip(1)) {
                let (a, b) = (*a, *b);
                let by_arithmetic = apart(orient(b[0], b[1], a[0]), orient(b[0], b[1], a[1]))
                    && apart(orient(a[0], a[1], b[0]), orient(a[0], a[1], b[1]));
                proptest::prop_assert_eq!(segments_cross(a, b), by_arithmetic);
            }
        }
    }

    #[test]
    fn labels_break_between_words_to_fit_and_keep_an_abbreviation_with_its_word() {
        // Each character is 1 wide.
        let mut width_of = |s: &str| s.chars().count() as f32;
        assert_eq!(break_lines("Common fibular n.", 20.0, &mut width_of), ["Common fibular n."]);
        assert_eq!(break_lines("Quadratus lumborum", 12.0, &mut width_of), ["Quadratus", "lumborum"]);
        assert_eq!(
            break_lines("Obturator internus and gemelli", 13.0, &mut width_of),
            ["Obturator", "internus and", "gemelli"]
        );
        // "n." alone on the last line takes "gluteal" down with it.
        assert_eq!(break_lines("Superior gluteal n.", 16.0, &mut width_of), ["Superior", "gluteal n."]);
        // A word wider than the column stays whole, on its own line.
        assert_eq!(break_lines("Gastrocnemius and soleus", 8.0, &mut width_of), ["Gastrocnemius", "and", "soleus"]);
        assert!(break_lines("  ", 8.0, &mut width_of).is_empty());
    }

    #[test]
    fn labels_are_short_names_roots_and_vertebrae() {
        assert_eq!(
            label_text(LabelKind::Nerve, "common_fibular", Some("Common fibular (peroneal) nerve")),
            "Common fibular n."
        );
        assert_eq!(label_text(LabelKind::Nerve, "sural", None), "Sural");
        assert_eq!(label_text(LabelKind::Root, "L5", Some("L5 nerve root")), "L5 root");
        assert_eq!(label_text(LabelKind::Bone, "L4", None), "L4 vertebra");
        assert_eq!(label_text(LabelKind::Bone, "hip_bone", None), "Hip bone");
    }

    #[test]
    fn the_legend_wraps_into_rows_and_grows_with_them() {
        let entries = legend_entries(Layers::EVERYTHING, &["L4".to_string(), "L5".to_string()], &PALETTE);
        let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["Sciatic nerve and branches", "Other nerves", "Marked pain area", "L4", "L5", "Key point"]);
        let mut width_of = |text: &str| text.len() as f32 * 6.0;
        let one_row = legend_height(&entries, 2000.0, 1.0, &mut width_of);
        let narrow = legend_height(&entries, 300.0, 1.0, &mut width_of);
        assert_eq!(one_row, LEGEND_ROW + 10.0);
        assert!(narrow > one_row, "{narrow} rows in a narrow strip");
        let mut list = DisplayList::default();
        let strip = Rect::from_min_size(pos2(0.0, 0.0), vec2(300.0, narrow));
        legend(&mut list, &entries, strip, 1.0, &PALETTE, &mut width_of);
        for item in &list.items {
            if let Primitive::Text { pos, .. } = item.primitive {
                assert!(strip.contains(pos), "{pos:?} outside the strip");
            }
        }
        // Each key is drawn as the drawing shows what it names: nerves as cased lines, the key
        // point as a ringed disc, the rest as swatches.
        let keys: Vec<&str> = list
            .items
            .iter()
            .filter_map(|item| match &item.primitive {
                Primitive::Line { .. } => Some("line"),
                Primitive::Rect { .. } => Some("swatch"),
                Primitive::Circle { stroke: Some(_), .. } => Some("marker"),
                _ => None,
            })
            .collect();
        assert_eq!(keys, ["line", "line", "line", "line", "swatch", "swatch", "swatch", "marker"]);
    }

    #[test]
    fn dashes_follow_the_line_with_gaps_between() {
        let line = [pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0)];
        let got = dashes(&line, 4.0, 2.0);
        // 20 long: dashes at 0–4, 6–10 (to the corner), 12–16, 18–20.
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], [pos2(0.0, 0.0), pos2(4.0, 0.0)]);
        assert_eq!(got[1], [pos2(6.0, 0.0), pos2(10.0, 0.0)]);
        assert_eq!(got[2], [pos2(10.0, 2.0), pos2(10.0, 6.0)]);
        assert_eq!(got[3], [pos2(10.0, 8.0), pos2(10.0, 10.0)]);
        // A dash that turns a corner keeps the corner.
        let turning = dashes(&line, 12.0, 100.0);
        assert_eq!(turning, [vec![pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 2.0)]]);
        assert!(dashes(&line, 0.0, 2.0).is_empty());
    }

    #[test]
    fn change_tags_are_readable_in_both_themes() {
        use super::super::palette::{DARK_PALETTE, contrast_ratio};
        for tone in [ChangeTone::Better, ChangeTone::Worse, ChangeTone::New, ChangeTone::Gone, ChangeTone::Same] {
            let ratio = contrast_ratio(CHANGE_TAG_TEXT, tone.fill());
            assert!(ratio >= 4.5, "{tone:?}: white on its fill {ratio:.2}");
        }
        for palette in [&PALETTE, &DARK_PALETTE] {
            let ratio = contrast_ratio(earlier_outline_color(palette), palette.skin);
            assert!(ratio >= 4.5, "the dashed outline on the skin: {ratio:.2}");
        }
    }

    #[test]
    fn change_tags_sit_on_their_areas_inside_the_figure_without_overlapping() {
        let map = crate::geometry::BodyMap::shared().expect("map");
        // Every area of the left leg tagged at once, the worst crowding there can be.
        for view in [crate::knowledge::View::Posterior, crate::knowledge::View::Anterior] {
            let vm = map.view(view);
            let tags: Vec<ChangeTag> = vm
                .areas
                .iter()
                .filter(|a| a.side != Side::Right)
                .map(|a| ChangeTag {
                    id: a.id.clone(),
                    side: a.side,
                    text: "better \u{2212}3".into(),
                    tone: ChangeTone::Better,
                })
                .collect();
            let comparison = Comparison { earlier: tags.iter().map(|t| (t.id.clone(), t.side)).collect(), tags };
            let scene = Scene {
                view: vm,
                layers: Layers::EVERYTHING,
                variant: PiriformisVariant::Below,
                selected: &[],
                highlight: &Highlight::default(),
                hovered_area: None,
                hovered_nerve: None,
                palette: &PALETTE,
                points_per_unit: 0.6,
            };
            let mut list = DisplayList::default();
            comparison_layer(&mut list, &scene, &comparison);
            assert!(list.items.iter().all(|i| i.layer == Layer::Comparison));
            let pills: Vec<(Rect, Option<Target>)> = list
                .items
                .iter()
                .filter_map(|i| match i.primitive {
                    Primitive::Rect { rect, fill, .. } if fill != PALETTE.card => Some((rect, i.target)),
                    _ => None,
                })
                .collect();
            let texts = list.items.iter().filter(|i| matches!(i.primitive, Primitive::Text { .. })).count();
            assert_eq!((pills.len(), texts), (comparison.tags.len(), comparison.tags.len()), "{view:?}: one tag each");
            let figure = figure_bounds(vm);
            for (i, (a, target)) in pills.iter().enumerate() {
                assert!(figure.contains_rect(*a), "{view:?}: {target:?} outside the figure");
                for (b, other) in &pills[i + 1..] {
                    assert!(!a.intersects(*b), "{view:?}: {target:?} overlaps {other:?}");
                }
            }
            // A tag moved off its area points to it.
            for (pill, target) in &pills {
                let Some(Target::Area(id, side)) = *target else { panic!("{view:?}: an untargeted tag") };
                let Some(area) = vm.areas.iter().find(|a| a.id == id && a.side == side) else { panic!("{id}") };
                let leader = list.items.iter().any(|i| {
                    i.target == *target
                        && matches!(&i.primitive, Primitive::Line { points, stroke } if points.first() == Some(&area.label) && stroke.color == ChangeTone::Better.fill())
                });
                assert!(pill.contains(area.label) || leader, "{view:?}: {id} neither on its area nor pointing to it");
            }
            // Dashed outlines for the earlier areas: lines, no fills.
            assert!(list.items.iter().any(|i| matches!(i.primitive, Primitive::Line { .. })));
            assert!(!list.items.iter().any(|i| matches!(i.primitive, Primitive::Shape { .. })));
        }
    }

    /// [`comparison`] with text measured as the SVG writer does.
    fn comparison_layer<'a>(list: &mut DisplayList<'a>, scene: &Scene<'a, '_>, c: &Comparison) {
        comparison(list, scene, c, &mut |text, size| vec2(text.chars().count() as f32 * size * 0.6, size * 1.25));
    }

    #[test]
    fn alpha_scales_and_clamps() {
        let c = Rgba(10, 20, 30, 128);
        assert_eq!(c.scale_alpha(0.5), Rgba(10, 20, 30, 64));
        assert_eq!(c.scale_alpha(4.0), Rgba(10, 20, 30, 255));
        assert_eq!(c.scale_alpha(-1.0), Rgba(10, 20, 30, 0));
    }
}
