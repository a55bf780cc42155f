//! A placed figure drawn as a [`DisplayList`] in its own units (figure units, `y` down), so the
//! window paints it with egui the same way the body map is drawn, and, from the same shapes, as
//! compact SVG for the handout and the `figures` command ([`FigurePicture::svg_content`]): each
//! limb's capsules one path with arcs, defined once and used for its outline and its fill, in
//! whole figure units (about 3 KB a pose).
//!
//! Paint order: props behind the body, then the body's parts from far to near (each limb a
//! rounded outline under its fill, so a limb's segments join smoothly), props among the limbs (a
//! pillow between the knees, a roller stood beside the body) where they sit by depth, the band,
//! then the arrow and the hold marker. The body and the props are on [`Layer::Silhouette`], the
//! arrow and the hold marker on [`Layer::Labels`]. The arrow and the hold marker are sized as a
//! share of the picture (`mark_unit`), so they read the same on every figure.

use std::fmt::Write;

use egui::emath::{Align2, Pos2, Rect, Vec2, pos2, vec2};

use super::model::{Capsule, H, Part, Side, Skeleton, Vec3};
use super::pose::{
    Facing, FigureRecord, Landmark, PlacedFigure, PlacedPose, PlacedProp, PropKind, PropShape, ViewKind, sizes,
};
use crate::geometry::display::{DisplayList, Item, Layer, Primitive, Stroke};
use crate::geometry::path::{Seg, Subpath};
use crate::geometry::{Geometry, Poly, Rgba};

/// The colours of a figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FigureStyle {
    pub background: Rgba,
    /// The body's near side (and trunk), darker than the far side.
    pub near: Rgba,
    pub far: Rgba,
    pub outline: Rgba,
    /// The part that feels the stretch or the work.
    pub tint_near: Rgba,
    pub tint_far: Rgba,
    pub prop: Rgba,
    pub prop_stroke: Rgba,
    pub floor: Rgba,
    pub band: Rgba,
    pub arrow: Rgba,
    pub text: Rgba,
}

/// The figures' colours on a light page; near and far differ in lightness, so they stay apart in
/// black-and-white print, and the tint is darker than the body it marks.
pub const FIGURE_STYLE: FigureStyle = FigureStyle {
    background: Rgba::rgb(255, 255, 255),
    near: Rgba::rgb(120, 152, 186),
    far: Rgba::rgb(188, 206, 224),
    outline: Rgba::rgb(40, 56, 74),
    tint_near: Rgba::rgb(214, 84, 44),
    tint_far: Rgba::rgb(236, 150, 112),
    prop: Rgba::rgb(226, 220, 206),
    prop_stroke: Rgba::rgb(110, 102, 90),
    floor: Rgba::rgb(110, 102, 90),
    band: Rgba::rgb(128, 64, 150),
    arrow: Rgba::rgb(20, 100, 60),
    text: Rgba::rgb(30, 30, 30),
};

/// Outline width in figure units.
const OUTLINE: f32 = 7.0;
/// Curve flattening tolerance in figure units.
const TOLERANCE: f32 = 0.6;
/// The finest detail a picture on screen keeps, in pixels: at a card's sizes a figure unit is a
/// small fraction of a pixel, so [`TOLERANCE`] (fine enough for a printed page) draws a small
/// picture from several times the points that show.
const SCREEN_TOLERANCE_PX: f32 = 0.25;

/// How figure space maps to the picture: screen point (`y` down) and depth (larger is nearer).
#[derive(Clone, Copy, Debug)]
struct Camera {
    view: ViewKind,
    mirror: bool,
}

/// How far the three-quarter view is turned from the side view towards the front.
const THREE_QUARTER: f32 = 40.0;

impl Camera {
    fn of(figure: &FigureRecord) -> Camera {
        Camera { view: figure.view, mirror: figure.facing == Facing::Left }
    }

    fn project(&self, p: Vec3) -> (Pos2, f32) {
        let m = if self.mirror { -1.0 } else { 1.0 };
        match self.view {
            ViewKind::Side => (pos2(m * p.x, -p.y), m * p.z),
            // From in front: the figure's right on the viewer's left.
            ViewKind::Front => (pos2(-m * p.z, -p.y), m * p.x),
            ViewKind::Top => (pos2(m * p.x, p.z), p.y),
            ViewKind::ThreeQuarter => {
                // Facing left mirrors the body through its midline, then the picture.
                let (s, c) = THREE_QUARTER.to_radians().sin_cos();
                let z = m * p.z;
                (pos2(m * (p.x * c - z * s), -p.y), p.x * s + z * c)
            }
        }
    }

    fn pos(&self, p: Vec3) -> Pos2 {
        self.project(p).0
    }

    /// Where an arrow shows `p`: its point in the picture, with its depth drawn obliquely
    /// (nearer is down and to the left, as in a cabinet drawing), so a move towards or away from
    /// the viewer still shows its direction.
    fn arrow_pos(&self, p: Vec3) -> Pos2 {
        let (at, depth) = self.project(p);
        at + vec2(-0.4, 0.4) * depth
    }
}

/// What a picture draws, before it borrows its shapes.
#[derive(Clone, Debug)]
enum Draw {
    Shape { geometry: usize, fill: Rgba, stroke: Option<Stroke>, layer: Layer },
    Other { primitive: Primitive<'static>, layer: Layer },
}

/// One key pose drawn: owns its shapes; [`FigurePicture::display_list`] lends them, and
/// [`FigurePicture::to_svg`] writes the same picture as compact SVG.
#[derive(Clone, Debug)]
pub struct FigurePicture {
    /// The pose's name (`start`, `end`).
    pub name: String,
    /// The extent shared by every pose of the figure, so the poses line up side by side.
    pub view_box: Rect,
    geometries: Vec<Geometry>,
    /// For each geometry: a convex fill drawn as a fan (see [`convex_fill`]).
    fans: Vec<bool>,
    draws: Vec<Draw>,
    svg_defs: Vec<String>,
    svg: Vec<SvgElement>,
}

/// The hatch laid over the tinted part on a printed page, as a `<pattern>` with id `id`: the
/// tint's colour alone differs from the body's by little grey once printed in black and white.
pub fn hatch_pattern(id: &str) -> String {
    format!(
        "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"20\" height=\"20\" patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"20\" fill=\"#1e1e1e\" fill-opacity=\"0.6\"/></pattern>"
    )
}

impl FigurePicture {
    /// The picture as it shows at `pixels_per_unit` screen pixels a figure unit: its curves
    /// flattened, and its outlines simplified, to [`SCREEN_TOLERANCE_PX`], when that is coarser
    /// than the picture's own flattening; `None` when it is not (the picture is then drawn as
    /// it is). A folded card's thumbnail needs a fraction of the points, and of the triangles a
    /// software renderer must paint. Screen only: the copy has no SVG.
    pub fn for_screen(&self, pixels_per_unit: f32) -> Option<FigurePicture> {
        let tolerance = SCREEN_TOLERANCE_PX / pixels_per_unit.max(f32::EPSILON);
        if !tolerance.is_finite() || tolerance <= 2.0 * TOLERANCE {
            return None;
        }
        let geometries = self
            .geometries
            .iter()
            .zip(&self.fans)
            .map(|(geometry, &fan)| match (fan, geometry.subpaths.first()) {
                (true, Some(path)) => convex_fill(path.clone(), tolerance),
                _ => Geometry::for_small_drawing(geometry.subpaths.clone(), tolerance),
            })
            .collect();
        Some(FigurePicture {
            name: self.name.clone(),
            view_box: self.view_box,
            geometries,
            fans: self.fans.clone(),
            draws: self.draws.clone(),
            svg_defs: Vec::new(),
            svg: Vec::new(),
        })
    }

    /// The picture as a display list in figure units (the renderer fits [`Self::view_box`]).
    pub fn display_list(&self) -> DisplayList<'_> {
        let items = self
            .draws
            .iter()
            .map(|d| match d {
                Draw::Shape { geometry, fill, stroke, layer } => Item {
                    layer: *layer,
                    target: None,
                    emphasised: false,
                    clip_to_body: false,
                    primitive: Primitive::Shape { geometry: &self.geometries[*geometry], fill: *fill, stroke: *stroke },
                },
                Draw::Other { primitive, layer } => Item {
                    layer: *layer,
                    target: None,
                    emphasised: false,
                    clip_to_body: false,
                    primitive: primitive.clone(),
                },
            })
            .collect();
        DisplayList { items, body: Vec::new() }
    }

    /// The view box as SVG's `viewBox` value.
    pub fn view_box_attr(&self) -> String {
        let r = self.view_box;
        format!("{} {} {} {}", n(r.min.x), n(r.min.y), n(r.width()), n(r.height()))
    }

    /// The picture's elements (shared shapes in `<defs>`, drawn by `<use>`), without the `<svg>`
    /// element around them. Its ids start with `id_prefix`; with `hatch`, the id of a
    /// [`hatch_pattern`] on the page, the tinted part is hatched as well as tinted.
    pub fn svg_content(&self, id_prefix: &str, hatch: Option<&str>) -> String {
        let mut s = String::with_capacity(4096);
        if !self.svg_defs.is_empty() {
            s.push_str("<defs>");
            for def in &self.svg_defs {
                s.push_str(def);
            }
            s.push_str("</defs>\n");
        }
        for element in &self.svg {
            match (element.hatch_only, hatch) {
                (false, _) => s.push_str(&element.text),
                (true, Some(id)) => s.push_str(&element.text.replace("url(#)", &format!("url(#{id})"))),
                (true, None) => continue,
            }
            s.push('\n');
        }
        s.replace(ID, &format!("{id_prefix}-"))
    }

    /// The picture as a standalone SVG document, `width_px` wide (its own units without).
    pub fn to_svg(&self, title: &str, width_px: Option<f32>) -> String {
        self.svg_document(title, width_px, "f", false)
    }

    /// The picture as an SVG document whose ids start with `id_prefix`; with `hatch`, the tinted
    /// part hatched for black-and-white print (the pattern defined inside).
    pub fn svg_document(&self, title: &str, width_px: Option<f32>, id_prefix: &str, hatch: bool) -> String {
        let (w, h) = (self.view_box.width(), self.view_box.height());
        let size = match width_px {
            Some(px) if px > 0.0 => format!(" width=\"{}\" height=\"{}\"", n(px), n(px * h / w.max(1.0))),
            _ => String::new(),
        };
        let hatch_id = format!("{id_prefix}-hatch");
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"{size} viewBox=\"{}\" font-family=\"Helvetica, Arial, sans-serif\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n<title>{}</title>\n",
            self.view_box_attr(),
            crate::text::html_escape(title)
        );
        if hatch {
            let _ = writeln!(s, "<defs>{}</defs>", hatch_pattern(&hatch_id));
        }
        let r = self.view_box;
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            n(r.min.x),
            n(r.min.y),
            n(r.width()),
            n(r.height()),
            fill_attr(FIGURE_STYLE.background)
        );
        s.push_str(&self.svg_content(id_prefix, hatch.then_some(hatch_id.as_str())));
        s.push_str("</svg>\n");
        s
    }
}

/// A circular arc as cubic segments (each at most a quarter turn), from angle `start` turning by
/// `sweep` radians (y down: positive turns clockwise on screen).
fn arc(centre: Pos2, r: f32, start: f32, sweep: f32) -> Vec<Seg> {
    let mut segs = Vec::new();
    push_arc(&mut segs, centre, r, start, sweep);
    segs
}

/// Appends [`arc`]'s cubics to `segs` (no allocation of its own: outlines are built for every
/// in-between frame of a moving figure).
fn push_arc(segs: &mut Vec<Seg>, centre: Pos2, r: f32, start: f32, sweep: f32) {
    let n = (sweep.abs() / std::f32::consts::FRAC_PI_2).ceil().max(1.0) as usize;
    let step = sweep / n as f32;
    let k = 4.0 / 3.0 * (step / 4.0).tan();
    let at = |a: f32| centre + vec2(a.cos(), a.sin()) * r;
    let tangent = |a: f32| vec2(-a.sin(), a.cos()) * r;
    segs.extend((0..n).map(|i| {
        let a0 = start + step * i as f32;
        let a1 = a0 + step;
        Seg::Cubic(at(a0) + tangent(a0) * k, at(a1) - tangent(a1) * k, at(a1))
    }));
}

/// A circle as a closed subpath.
fn circle_path(c: Pos2, r: f32) -> Subpath {
    Subpath { start: c + vec2(r, 0.0), segs: arc(c, r, 0.0, std::f32::consts::TAU), closed: true }
}

/// The outline of a capsule with end radii `ra`, `rb`: two tangent lines and two arcs.
fn capsule_path(a: Pos2, b: Pos2, ra: f32, rb: f32) -> Subpath {
    let d = (b - a).length();
    if d <= (ra - rb).abs() + 0.5 {
        return if ra >= rb { circle_path(a, ra) } else { circle_path(b, rb) };
    }
    let u = (b - a) / d;
    let theta = u.y.atan2(u.x);
    let phi = ((ra - rb) / d).asin();
    let half = std::f32::consts::FRAC_PI_2;
    let t1 = theta + half - phi;
    let t2 = theta - half + phi;
    let on = |c: Pos2, r: f32, t: f32| c + vec2(t.cos(), t.sin()) * r;
    // Two lines and two arcs of at most three quarter-turn cubics each.
    let mut segs = Vec::with_capacity(8);
    segs.push(Seg::Line(on(b, rb, t1)));
    push_arc(&mut segs, b, rb, t1, -(std::f32::consts::PI - 2.0 * phi));
    segs.push(Seg::Line(on(a, ra, t2)));
    push_arc(&mut segs, a, ra, t2, -(std::f32::consts::PI + 2.0 * phi));
    Subpath { start: on(a, ra, t1), segs, closed: true }
}

/// A closed polygon.
fn polygon(points: &[Pos2]) -> Subpath {
    Subpath { start: points[0], segs: points[1..].iter().map(|p| Seg::Line(*p)).collect(), closed: true }
}

/// A rectangle with rounded corners.
fn rounded_rect(r: Rect, radius: f32) -> Subpath {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let half = std::f32::consts::FRAC_PI_2;
    let mut segs = Vec::new();
    segs.push(Seg::Line(pos2(r.max.x - radius, r.min.y)));
    segs.extend(arc(pos2(r.max.x - radius, r.min.y + radius), radius, -half, half));
    segs.push(Seg::Line(pos2(r.max.x, r.max.y - radius)));
    segs.extend(arc(pos2(r.max.x - radius, r.max.y - radius), radius, 0.0, half));
    segs.push(Seg::Line(pos2(r.min.x + radius, r.max.y)));
    segs.extend(arc(pos2(r.min.x + radius, r.max.y - radius), radius, half, half));
    segs.push(Seg::Line(pos2(r.min.x, r.min.y + radius)));
    segs.extend(arc(pos2(r.min.x + radius, r.min.y + radius), radius, 2.0 * half, half));
    Subpath { start: pos2(r.min.x + radius, r.min.y), segs, closed: true }
}

/// A convex closed subpath's geometry, filled as a fan from its first point, with no stroke runs
/// (it is not stroked).
fn convex_fill(path: Subpath, tolerance: f32) -> Geometry {
    let points = path.flatten(tolerance);
    let mut bounds = Rect::NOTHING;
    for p in &points {
        bounds.extend_with(*p);
    }
    let last = u32::try_from(points.len()).unwrap_or(u32::MAX).saturating_sub(1);
    let triangles = (1..last).map(|i| [0, i, i + 1]).collect();
    let poly = Poly {
        fill: points.clone(),
        points,
        closed: true,
        triangles,
        stroke_runs: Vec::new(),
        stroke_closed: false,
        coarse: None,
    };
    Geometry { subpaths: vec![path], polys: vec![poly], bounds }
}

/// Writes path data compactly: whole figure units (a unit is 0.1 % of the figure's height, far
/// below what print or a screen shows), no separator before a minus sign.
#[derive(Default)]
struct PathData(String);

impl PathData {
    fn num(&mut self, v: f32) {
        let v = v.round() as i32;
        if v >= 0 && self.0.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            self.0.push(' ');
        }
        let _ = write!(self.0, "{v}");
    }
    fn cmd(&mut self, c: char, nums: &[f32]) {
        self.0.push(c);
        for v in nums {
            self.num(*v);
        }
    }
    /// A capsule's outline (as [`capsule_path`]) with two arcs.
    fn capsule(&mut self, a: Pos2, b: Pos2, ra: f32, rb: f32) {
        let d = (b - a).length();
        if d <= (ra - rb).abs() + 0.5 {
            let (c, r) = if ra >= rb { (a, ra) } else { (b, rb) };
            self.cmd('M', &[c.x + r, c.y]);
            self.cmd('A', &[r, r, 0.0, 1.0, 0.0, c.x - r, c.y]);
            self.cmd('A', &[r, r, 0.0, 1.0, 0.0, c.x + r, c.y]);
            self.0.push('Z');
            return;
        }
        let u = (b - a) / d;
        let theta = u.y.atan2(u.x);
        let phi = ((ra - rb) / d).asin();
        let half = std::f32::consts::FRAC_PI_2;
        let (t1, t2) = (theta + half - phi, theta - half + phi);
        let on = |c: Pos2, r: f32, t: f32| c + vec2(t.cos(), t.sin()) * r;
        let (a1, b1, b2, a2) = (on(a, ra, t1), on(b, rb, t1), on(b, rb, t2), on(a, ra, t2));
        let (large_b, large_a) = (if phi < 0.0 { 1.0 } else { 0.0 }, if phi > 0.0 { 1.0 } else { 0.0 });
        self.cmd('M', &[a1.x, a1.y]);
        self.cmd('L', &[b1.x, b1.y]);
        self.cmd('A', &[rb, rb, 0.0, large_b, 0.0, b2.x, b2.y]);
        self.cmd('L', &[a2.x, a2.y]);
        self.cmd('A', &[ra, ra, 0.0, large_a, 0.0, a1.x, a1.y]);
        self.0.push('Z');
    }
    fn polyline(&mut self, points: &[Pos2], closed: bool) {
        for (i, p) in points.iter().enumerate() {
            self.cmd(if i == 0 { 'M' } else { 'L' }, &[p.x, p.y]);
        }
        if closed {
            self.0.push('Z');
        }
    }
}

/// A whole number, for attributes.
fn n(v: f32) -> i32 {
    v.round() as i32
}

fn stroke_attrs(stroke: Option<Stroke>) -> String {
    match stroke {
        Some(s) => format!(" stroke=\"{}\" stroke-width=\"{}\"", s.color.hex(), n(s.width.max(1.0))),
        None => String::new(),
    }
}

fn fill_attr(fill: Rgba) -> String {
    if fill.3 == 0 {
        " fill=\"none\"".to_string()
    } else if fill.3 == 255 {
        format!(" fill=\"{}\"", fill.hex())
    } else {
        format!(" fill=\"{}\" fill-opacity=\"{:.2}\"", fill.hex(), fill.3 as f32 / 255.0)
    }
}

/// An SVG element of a picture. Ids are written with the placeholder [`ID`], replaced by the
/// picture's prefix, so pictures inlined in one page never share an id.
#[derive(Clone, Debug)]
struct SvgElement {
    text: String,
    /// Written only when the tinted part is hatched (printed pages).
    hatch_only: bool,
}

/// The placeholder for a picture's id prefix in its SVG text.
const ID: &str = "\u{1}";

/// Builds one picture's draws: the display list's shapes and the same picture as compact SVG.
struct Painter {
    /// False for a picture only shown on screen (an in-between pose): no SVG text is built.
    writes_svg: bool,
    geometries: Vec<Geometry>,
    fans: Vec<bool>,
    draws: Vec<Draw>,
    bounds: Rect,
    defs: Vec<String>,
    svg: Vec<SvgElement>,
}

impl Painter {
    fn new(writes_svg: bool) -> Painter {
        Painter {
            writes_svg,
            geometries: Vec::new(),
            fans: Vec::new(),
            draws: Vec::new(),
            bounds: Rect::NOTHING,
            defs: Vec::new(),
            svg: Vec::new(),
        }
    }

    /// Adds an SVG element; `text` is only called when the picture writes SVG.
    fn element(&mut self, text: impl FnOnce() -> String) {
        if self.writes_svg {
            self.svg.push(SvgElement { text: text(), hatch_only: false });
        }
    }

    /// A shape for the display list only (its SVG is written by the caller). A `convex` one
    /// without a stroke (a limb's capsule, a disc) is filled as a fan from its first point and
    /// gets no stroke runs: the general triangulation and the stroke simplification were most of
    /// a picture's cost, for the same covered pixels.
    fn shape(&mut self, path: Subpath, convex: bool, fill: Rgba, stroke: Option<Stroke>, layer: Layer) {
        let fan = convex && stroke.is_none();
        let geometry = if fan { convex_fill(path, TOLERANCE) } else { Geometry::from_subpaths(vec![path], TOLERANCE) };
        self.bounds = self.bounds.union(geometry.bounds.expand(stroke.map_or(0.0, |s| s.width)));
        self.geometries.push(geometry);
        self.fans.push(fan);
        self.draws.push(Draw::Shape { geometry: self.geometries.len() - 1, fill, stroke, layer });
    }

    fn rect(&mut self, r: Rect, radius: f32, fill: Rgba, stroke: Option<Stroke>, layer: Layer) {
        let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
        self.shape(rounded_rect(r, radius), true, fill, stroke, layer);
        self.element(|| {
            let rx = if radius >= 0.5 { format!(" rx=\"{}\"", n(radius)) } else { String::new() };
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{rx}{}{}/>",
                n(r.min.x),
                n(r.min.y),
                n(r.width()),
                n(r.height()),
                fill_attr(fill),
                stroke_attrs(stroke)
            )
        });
    }

    fn disc(&mut self, c: Pos2, r: f32, fill: Rgba, stroke: Option<Stroke>, layer: Layer) {
        self.shape(circle_path(c, r), true, fill, stroke, layer);
        self.element(|| {
            format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                n(c.x),
                n(c.y),
                n(r),
                fill_attr(fill),
                stroke_attrs(stroke)
            )
        });
    }

    fn polygon(&mut self, points: &[Pos2], fill: Rgba, stroke: Option<Stroke>, layer: Layer) {
        self.shape(polygon(points), false, fill, stroke, layer);
        self.element(|| {
            let mut d = PathData::default();
            d.polyline(points, true);
            format!("<path d=\"{}\"{}{}/>", d.0, fill_attr(fill), stroke_attrs(stroke))
        });
    }

    fn line(&mut self, points: Vec<Pos2>, stroke: Stroke, layer: Layer) {
        self.element(|| {
            let mut d = PathData::default();
            d.polyline(&points, false);
            format!("<path d=\"{}\" fill=\"none\"{}/>", d.0, stroke_attrs(Some(stroke)))
        });
        self.line_only(points, stroke, layer);
    }

    /// A line for the display list only (its SVG is written by the caller).
    fn line_only(&mut self, points: Vec<Pos2>, stroke: Stroke, layer: Layer) {
        for p in &points {
            self.bounds.extend_with(*p);
        }
        self.draws.push(Draw::Other { primitive: Primitive::Line { points, stroke }, layer });
    }

    fn dot(&mut self, centre: Pos2, radius: f32, fill: Rgba, layer: Layer) {
        self.draws.push(Draw::Other { primitive: Primitive::Circle { centre, radius, fill, stroke: None }, layer });
        self.element(|| {
            format!("<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>", n(centre.x), n(centre.y), n(radius), fill_attr(fill))
        });
    }

    fn text(&mut self, pos: Pos2, anchor: Align2, text: String, size: f32, color: Rgba) {
        // The SVG's text sits on its baseline: a centred line's baseline is a third of the size
        // below its middle.
        let y = match anchor.y() {
            egui::Align::Min => pos.y + 0.8 * size,
            egui::Align::Center => pos.y + 0.35 * size,
            egui::Align::Max => pos.y,
        };
        let anchor_attr = match anchor.x() {
            egui::Align::Min => "",
            egui::Align::Center => " text-anchor=\"middle\"",
            egui::Align::Max => " text-anchor=\"end\"",
        };
        self.element(|| {
            format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\"{anchor_attr}{}>{}</text>",
                n(pos.x),
                n(y),
                n(size),
                fill_attr(color),
                crate::text::html_escape(&text)
            )
        });
        self.draws.push(Draw::Other {
            primitive: Primitive::Text { pos, anchor, text, size, color, strong: true, wrap: None },
            layer: Layer::Labels,
        });
    }
}

/// A group of parts drawn together, with its depth.
struct Group {
    parts: Vec<Part>,
    depth: f32,
}

/// The body's parts by group, far to near.
fn groups(body: &Skeleton, camera: &Camera) -> (Vec<Group>, f32) {
    let depth_of = |parts: &[Part]| {
        let (sum, n) = body
            .capsules
            .iter()
            .filter(|c| parts.contains(&c.part))
            .fold((0.0, 0.0), |(s, n), c| (s + camera.project(c.a).1 + camera.project(c.b).1, n + 2.0));
        if n > 0.0 { sum / n } else { 0.0 }
    };
    let mut list = Vec::new();
    let trunk = vec![Part::Pelvis, Part::Chest, Part::Neck, Part::Head];
    let trunk_depth = depth_of(&trunk);
    list.push(Group { depth: trunk_depth, parts: trunk });
    for side in [Side::Left, Side::Right] {
        let leg = vec![Part::Thigh(side), Part::Shin(side), Part::Foot(side)];
        let arm = vec![Part::UpperArm(side), Part::Forearm(side), Part::Hand(side)];
        list.push(Group { depth: depth_of(&leg), parts: leg });
        list.push(Group { depth: depth_of(&arm), parts: arm });
    }
    list.sort_by(|a, b| a.depth.total_cmp(&b.depth));
    (list, trunk_depth)
}

/// The size of the picture's marks (arrow, hold marker) in figure units: a hundredth of the
/// picture's larger side as it is shown in a box about 1.75 times as wide as it is high (a card's
/// or the handout's), so they read at the same size on a tall standing figure and a long lying
/// one.
fn mark_unit(span: Rect) -> f32 {
    let (w, h) = (span.width().max(0.0) + 120.0, span.height().max(0.0) + 120.0);
    h.max(w / 1.75) / 100.0
}

/// The extent of the bodies of `poses` in the picture, which the floor spans.
fn body_span<'a>(poses: impl IntoIterator<Item = &'a PlacedPose>, camera: &Camera) -> Rect {
    let mut span = Rect::NOTHING;
    for pose in poses {
        for c in &pose.body.capsules {
            for p in [c.a, c.b] {
                span.extend_with(camera.pos(p));
            }
        }
    }
    span
}

/// Draws every key pose of a placed figure, all with one view box, for the screen and as SVG.
pub fn pictures(figure: &FigureRecord, placed: &PlacedFigure, style: &FigureStyle) -> Vec<FigurePicture> {
    key_pictures(figure, placed, style, true)
}

/// [`pictures`] for the screen only: no SVG text, about two fifths of the work and the memory.
pub fn screen_pictures(figure: &FigureRecord, placed: &PlacedFigure, style: &FigureStyle) -> Vec<FigurePicture> {
    key_pictures(figure, placed, style, false)
}

fn key_pictures(
    figure: &FigureRecord,
    placed: &PlacedFigure,
    style: &FigureStyle,
    writes_svg: bool,
) -> Vec<FigurePicture> {
    let camera = Camera::of(figure);
    let tint: Vec<Part> = figure.tint.iter().filter_map(|t| Part::parse(t)).collect();
    // The floor spans every pose's body.
    let span = body_span(&placed.poses, &camera);
    let unit = mark_unit(span);
    let mut pictures: Vec<(Painter, String)> = Vec::new();
    for (index, pose) in placed.poses.iter().enumerate() {
        let mut painter = Painter::new(writes_svg);
        paint_pose(&mut painter, figure, placed, pose, span, &tint, &camera, style);
        arrow(&mut painter, figure, placed, index, unit, &camera, style);
        let name = figure.pose.get(index).map(|p| p.name.clone()).unwrap_or_default();
        pictures.push((painter, name));
    }
    // One view box for all, with room above for the hold marker.
    let mut view_box = Rect::NOTHING;
    for (painter, _) in &pictures {
        view_box = view_box.union(painter.bounds);
    }
    if !view_box.is_positive() {
        view_box = Rect::from_min_size(Pos2::ZERO, vec2(H, H));
    }
    let view_box = view_box.expand2(vec2(50.0, 40.0));
    // Room above for the hold marker, and across for its words on a narrow standing figure.
    let longest = figure.pose.iter().filter_map(|p| p.hold.as_deref()).map(|h| h.chars().count() + 5).max();
    let (top, wide) = match longest {
        Some(chars) => (15.0 * unit, hold_marker_width(chars, unit)),
        None => (0.0, 0.0),
    };
    let mut view_box = Rect::from_min_max(view_box.min - vec2(0.0, top), view_box.max);
    if view_box.width() < wide {
        view_box = view_box.expand2(vec2((wide - view_box.width()) / 2.0, 0.0));
    }
    pictures
        .into_iter()
        .enumerate()
        .map(|(index, (mut painter, name))| {
            if let Some(hold) = figure.pose.get(index).and_then(|p| p.hold.as_deref()) {
                hold_marker(&mut painter, view_box, hold, unit, style);
            }
            FigurePicture {
                name,
                view_box,
                geometries: painter.geometries,
                fans: painter.fans,
                draws: painter.draws,
                svg_defs: painter.defs,
                svg: painter.svg,
            }
        })
        .collect()
}

/// A pose between key poses, drawn for the screen only (no SVG, no arrow, no hold marker), in
/// the key poses' `view_box`: the floor spans the key poses' bodies and this one's, as on the key
/// pictures, but only this pose is drawn.
pub fn moving_picture(
    figure: &FigureRecord,
    placed: &PlacedFigure,
    pose: &PlacedPose,
    view_box: Rect,
    style: &FigureStyle,
) -> FigurePicture {
    let camera = Camera::of(figure);
    let tint: Vec<Part> = figure.tint.iter().filter_map(|t| Part::parse(t)).collect();
    let span = body_span(std::iter::once(pose).chain(&placed.poses), &camera);
    let mut painter = Painter::new(false);
    paint_pose(&mut painter, figure, placed, pose, span, &tint, &camera, style);
    FigurePicture {
        name: String::new(),
        view_box,
        geometries: painter.geometries,
        fans: painter.fans,
        draws: painter.draws,
        svg_defs: painter.defs,
        svg: painter.svg,
    }
}

/// One pose's floor, props, body, face and bands, far to near (not its arrow or hold marker).
#[allow(clippy::too_many_arguments)]
fn paint_pose(
    painter: &mut Painter,
    figure: &FigureRecord,
    placed: &PlacedFigure,
    pose: &PlacedPose,
    span: Rect,
    tint: &[Part],
    camera: &Camera,
    style: &FigureStyle,
) {
    let body = &pose.body;
    let (groups, trunk_depth) = groups(body, camera);
    // Props among the body (between the knees, a roller stood beside it) are drawn in depth
    // order with its limbs; the others, and the floor, behind everything.
    let between: Vec<(&PlacedProp, f32)> = placed
        .props
        .iter()
        .filter_map(|p| match p.shape {
            PropShape::Between { centre } => Some((p, camera.project(centre).1)),
            // Its far side: the hand resting on its top stays in front of it.
            PropShape::Upright { centre, radius, height } if camera.view != ViewKind::Top => {
                Some((p, camera.project(Vec3::new(centre.x, height / 2.0, centre.z)).1 - radius))
            }
            _ => None,
        })
        .collect();
    floor(painter, figure, placed, span, camera, style);
    for prop in &placed.props {
        if !between.iter().any(|(b, _)| std::ptr::eq(*b, prop))
            && !matches!(prop.shape, PropShape::Band { .. } | PropShape::Mat)
        {
            draw_prop(painter, prop, camera, style);
        }
    }
    let mut between_drawn = vec![false; between.len()];
    for (g, group) in groups.iter().enumerate() {
        for (i, (prop, depth)) in between.iter().enumerate() {
            if !between_drawn[i] && *depth < group.depth {
                draw_prop(painter, prop, camera, style);
                between_drawn[i] = true;
            }
        }
        let near = group.depth > trunk_depth + 1.0 || group.parts.contains(&Part::Chest);
        draw_group(painter, g, body, &group.parts, near, tint, camera, style);
    }
    for (i, (prop, _)) in between.iter().enumerate() {
        if !between_drawn[i] {
            draw_prop(painter, prop, camera, style);
        }
    }
    face(painter, body, camera, style);
    for prop in &placed.props {
        if let PropShape::Band { from, to } = prop.shape {
            let a = camera.pos(band_end(&from, body));
            let b = camera.pos(band_end(&to, body));
            painter.line(vec![a, b], Stroke::new(9.0, style.band), Layer::Silhouette);
        }
    }
}

/// Where a band meets a body point: the sole of a foot, the palm of a hand.
fn band_end(point: &Landmark, body: &Skeleton) -> Vec3 {
    point.centre(body)
}

/// One limb (or the trunk): its outline under its fills, so the segments join without seams and
/// the limb keeps one outline. In SVG each fill's capsules are one path, defined once and used
/// twice (outline and fill).
#[allow(clippy::too_many_arguments)]
fn draw_group(
    painter: &mut Painter,
    index: usize,
    body: &Skeleton,
    parts: &[Part],
    near: bool,
    tint: &[Part],
    camera: &Camera,
    style: &FigureStyle,
) {
    let capsules: Vec<&Capsule> = body.capsules.iter().filter(|c| parts.contains(&c.part)).collect();
    let fill_of = |tinted: bool| match (tinted, near) {
        (true, true) => style.tint_near,
        (true, false) => style.tint_far,
        (false, true) => style.near,
        (false, false) => style.far,
    };
    for c in &capsules {
        let (a, b) = (camera.pos(c.a), camera.pos(c.b));
        painter.shape(capsule_path(a, b, c.ra + OUTLINE, c.rb + OUTLINE), true, style.outline, None, Layer::Silhouette);
    }
    // The tinted and the plain parts of a limb are filled far to near (seen from above, the head
    // is over the pelvis; from the side, the pelvis over the far hip).
    let depth = |tinted: bool| {
        let (sum, n) = capsules
            .iter()
            .filter(|c| tint.contains(&c.part) == tinted)
            .fold((0.0, 0.0), |(s, n), c| (s + camera.project(c.a).1 + camera.project(c.b).1, n + 2.0));
        if n > 0.0 { sum / n } else { 0.0 }
    };
    let order = if depth(true) < depth(false) { [true, false] } else { [false, true] };
    for tinted in order {
        for c in capsules.iter().filter(|c| tint.contains(&c.part) == tinted) {
            let (a, b) = (camera.pos(c.a), camera.pos(c.b));
            painter.shape(capsule_path(a, b, c.ra, c.rb), true, fill_of(tinted), None, Layer::Silhouette);
        }
    }
    if painter.writes_svg {
        group_svg(painter, index, &capsules, order, tint, fill_of, camera, style);
    }
}

/// One limb's SVG: each fill's capsules as one path, defined once and used twice (outline and
/// fill).
#[allow(clippy::too_many_arguments)]
fn group_svg(
    painter: &mut Painter,
    index: usize,
    capsules: &[&Capsule],
    order: [bool; 2],
    tint: &[Part],
    fill_of: impl Fn(bool) -> Rgba,
    camera: &Camera,
    style: &FigureStyle,
) {
    let mut paths: Vec<(bool, String)> = Vec::new();
    for tinted in order {
        let mut d = PathData::default();
        for c in capsules.iter().filter(|c| tint.contains(&c.part) == tinted) {
            d.capsule(camera.pos(c.a), camera.pos(c.b), c.ra, c.rb);
        }
        if !d.0.is_empty() {
            let id = format!("{ID}g{index}{}", if tinted { "t" } else { "" });
            painter.defs.push(format!("<path id=\"{id}\" d=\"{}\"/>", d.0));
            paths.push((tinted, id));
        }
    }
    let outline = style.outline.hex();
    for (_, id) in &paths {
        painter.element(|| {
            format!(
                "<use href=\"#{id}\" fill=\"{outline}\" stroke=\"{outline}\" stroke-width=\"{}\"/>",
                n(2.0 * OUTLINE)
            )
        });
    }
    for (tinted, id) in &paths {
        painter.element(|| format!("<use href=\"#{id}\"{}/>", fill_attr(fill_of(*tinted))));
        if *tinted {
            painter.svg.push(SvgElement { text: format!("<use href=\"#{id}\" fill=\"url(#)\"/>"), hatch_only: true });
        }
    }
}

/// An eye, so the figure's facing reads at a glance.
fn face(painter: &mut Painter, body: &Skeleton, camera: &Camera, style: &FigureStyle) {
    let c = camera.pos(body.head_centre);
    let ahead = camera.pos(body.head_centre.plus(body.face.scale(100.0))) - c;
    // Only where the face is turned across the picture (not towards or away from the viewer).
    if ahead.length() < 60.0 {
        return;
    }
    let dir = ahead.normalized();
    let r = super::model::dims::HEAD_RADIUS * H;
    let up_head = body.head_centre.minus(body.neck_base);
    let up = (camera.pos(body.head_centre.plus(up_head)) - c).normalized();
    let eye = c + dir * (0.5 * r) + up * (0.15 * r);
    painter.dot(eye, 0.12 * r, style.outline, Layer::Silhouette);
}

fn floor(
    painter: &mut Painter,
    figure: &FigureRecord,
    placed: &PlacedFigure,
    span: Rect,
    camera: &Camera,
    style: &FigureStyle,
) {
    let has_mat = placed.props.iter().any(|p| p.kind == PropKind::Mat);
    match figure.view {
        ViewKind::Top => {
            if has_mat {
                let rect = Rect::from_min_max(
                    pos2(span.min.x - 60.0, span.min.y.min(-300.0) - 40.0),
                    pos2(span.max.x + 60.0, span.max.y.max(300.0) + 40.0),
                );
                painter.rect(rect, 14.0, style.prop, Some(Stroke::new(4.0, style.prop_stroke)), Layer::Silhouette);
            }
        }
        ViewKind::Side | ViewKind::Front | ViewKind::ThreeQuarter => {
            let y = camera.pos(Vec3::default()).y;
            let (x0, x1) = (span.min.x - 140.0, span.max.x + 140.0);
            if has_mat {
                let rect = Rect::from_min_max(pos2(span.min.x - 60.0, y), pos2(span.max.x + 60.0, y + sizes::MAT));
                painter.rect(rect, 6.0, style.prop, Some(Stroke::new(3.0, style.prop_stroke)), Layer::Silhouette);
            }
            let y = y + if has_mat { sizes::MAT } else { 0.0 };
            painter.line(vec![pos2(x0, y + 2.0), pos2(x1, y + 2.0)], Stroke::new(5.0, style.floor), Layer::Silhouette);
        }
    }
}

/// A box of the side view given as `[x0, x1] × [y0, y1]`, projected (its depth `z0..z1`).
fn box_rect(camera: &Camera, x: [f32; 2], y: [f32; 2], z: [f32; 2]) -> Rect {
    let mut r = Rect::NOTHING;
    for x in x {
        for y in y {
            for z in z {
                r.extend_with(camera.pos(Vec3::new(x, y, z)));
            }
        }
    }
    r
}

fn draw_prop(painter: &mut Painter, prop: &PlacedProp, camera: &Camera, style: &FigureStyle) {
    let stroke = Some(Stroke::new(5.0, style.prop_stroke));
    let fill = style.prop;
    let layer = Layer::Silhouette;
    let wide = [-180.0, 180.0];
    match &prop.shape {
        PropShape::Box { x0, x1, y0, y1 } => {
            let radius = match prop.kind {
                PropKind::Cushion | PropKind::Pillow => 20.0,
                _ => 6.0,
            };
            painter.rect(box_rect(camera, [*x0, *x1], [*y0, *y1], wide), radius, fill, stroke, layer);
        }
        PropShape::Chair { seat, back } => {
            for x in [seat[0] + 18.0, seat[1] - 18.0] {
                let top = camera.pos(Vec3::new(x, seat[2], 0.0));
                let bottom = camera.pos(Vec3::new(x, 0.0, 0.0));
                painter.line(vec![top, bottom], Stroke::new(16.0, style.prop_stroke), layer);
            }
            painter.rect(box_rect(camera, [seat[0], seat[1]], [seat[2], seat[3]], wide), 6.0, fill, stroke, layer);
            painter.rect(box_rect(camera, [back[0], back[1]], [back[2], back[3]], wide), 8.0, fill, stroke, layer);
        }
        PropShape::Wall { x, dir } => {
            let (x0, x1) = if *dir > 0.0 { (*x, x + 40.0) } else { (x - 40.0, *x) };
            painter.rect(box_rect(camera, [x0, x1], [0.0, sizes::WALL_HEIGHT], wide), 0.0, fill, stroke, layer);
        }
        PropShape::Upright { centre, radius, height } => {
            let r = box_rect(
                camera,
                [centre.x - radius, centre.x + radius],
                [0.0, *height],
                [centre.z - radius, centre.z + radius],
            );
            let round = if camera.view == ViewKind::Top { *radius } else { 30.0 };
            painter.rect(r, round, fill, stroke, layer);
        }
        PropShape::Round { centre, radius } => {
            let c = camera.pos(*centre);
            if prop.kind == PropKind::Roller && camera.view == ViewKind::Side {
                painter.disc(c, *radius, fill, stroke, layer);
                painter.disc(c, radius * 0.35, Rgba(0, 0, 0, 0), Some(Stroke::new(4.0, style.prop_stroke)), layer);
            } else if prop.kind == PropKind::Roller {
                let r = box_rect(
                    camera,
                    [centre.x - radius, centre.x + radius],
                    [centre.y - radius, centre.y + radius],
                    [-250.0, 250.0],
                );
                painter.rect(r, *radius, fill, stroke, layer);
            } else {
                painter.disc(c, *radius, style.band.with_alpha(200), stroke, layer);
            }
        }
        PropShape::Between { centre } => {
            let c = camera.pos(*centre);
            let (w, h, r) = if prop.kind == PropKind::Pillow { (120.0, 170.0, 50.0) } else { (90.0, 130.0, 8.0) };
            painter.rect(Rect::from_center_size(c, vec2(w, h)), r, Rgba::rgb(250, 246, 236), stroke, layer);
        }
        PropShape::Band { .. } | PropShape::Mat => {}
    }
}

/// The arrows of a pose: where its point goes next (on the last pose: where it came from). A
/// short move still gets an arrow long enough to show its direction.
fn arrow(
    painter: &mut Painter,
    figure: &FigureRecord,
    placed: &PlacedFigure,
    index: usize,
    unit: f32,
    camera: &Camera,
    style: &FigureStyle,
) {
    let Some(point) = figure.pose.get(index).and_then(|p| p.arrow.as_deref()).and_then(Landmark::parse) else {
        return;
    };
    let (from, to) = if index + 1 < placed.poses.len() {
        (index, index + 1)
    } else if index > 0 {
        (index - 1, index)
    } else {
        return;
    };
    let (Some(a), Some(b)) = (placed.poses.get(from), placed.poses.get(to)) else { return };
    let pelvis = camera.pos(placed.poses[index].body.waist);
    for (start, end, pivot) in point.turns(&a.body, &b.body) {
        if let Some(pivot) = pivot {
            turn_arrow(painter, camera.arrow_pos(pivot), camera.arrow_pos(start), camera.arrow_pos(end), unit, style);
            continue;
        }
        let (pa, pb) = (camera.arrow_pos(start), camera.arrow_pos(end));
        let mut d = pb - pa;
        if d.length() < 1.0 {
            continue;
        }
        let shortest = 16.0 * unit;
        let (pa, pb) = if d.length() < shortest {
            let middle = pa + d * 0.5;
            d = d.normalized() * shortest;
            (middle - d * 0.5, middle + d * 0.5)
        } else {
            (pa, pb)
        };
        // Beside the limb, away from the trunk, gently curved.
        let here = pa + d * 0.5;
        let mut normal = vec2(-d.y, d.x).normalized();
        if normal.dot(here - pelvis) < 0.0 {
            normal = -normal;
        }
        let offset = normal * (70.0 + 4.0 * unit);
        let (start, end) = (pa + offset, pb + offset);
        let control = start + (end - start) * 0.5 + normal * (0.18 * d.length());
        let bezier = |t: f32| {
            let (u, v) = (1.0 - t, t);
            pos2(
                u * u * start.x + 2.0 * u * v * control.x + v * v * end.x,
                u * u * start.y + 2.0 * u * v * control.y + v * v * end.y,
            )
        };
        let n_points = 16;
        let mut points: Vec<Pos2> = (0..=n_points).map(|i| bezier(i as f32 / n_points as f32)).collect();
        let tip = end;
        let back_dir = (bezier(0.85) - tip).normalized();
        let head = 8.0 * unit;
        let width = 2.4 * unit;
        // Stop the shaft inside the head so its round cap does not poke through the point.
        let shaft_end = tip + back_dir * head * 0.6;
        if let Some(last) = points.last_mut() {
            *last = shaft_end;
        }
        let mut d_svg = PathData::default();
        d_svg.cmd('M', &[start.x, start.y]);
        d_svg.cmd('Q', &[control.x, control.y, shaft_end.x, shaft_end.y]);
        arrow_shaft_and_head(painter, &d_svg, points, tip, back_dir, (head, width, unit), style);
    }
}

/// An arrow's shaft (`points` for egui, `shaft` as SVG path data) and its head at `tip`, pointing
/// away from `back_dir`; `(head, width, unit)` size them. Shared by straight and turning arrows.
fn arrow_shaft_and_head(
    painter: &mut Painter,
    shaft: &PathData,
    points: Vec<Pos2>,
    tip: Pos2,
    back_dir: Vec2,
    (head, width, unit): (f32, f32, f32),
    style: &FigureStyle,
) {
    painter.element(|| {
        format!("<path d=\"{}\" fill=\"none\"{}/>", shaft.0, stroke_attrs(Some(Stroke::new(width, style.arrow))))
    });
    painter.line_only(points, Stroke::new(width, style.arrow), Layer::Labels);
    let side = vec2(-back_dir.y, back_dir.x) * (head * 0.55);
    let base = tip + back_dir * head;
    painter.polygon(
        &[tip, base + side, base - side],
        style.arrow,
        Some(Stroke::new(unit.max(2.0), style.arrow)),
        Layer::Labels,
    );
}

/// The arrow of a point that turns (the pelvis turning, a foot rolling): an arc round the point
/// `centre` from `from` towards `to`, at least a third of a turn so it reads as turning.
fn turn_arrow(painter: &mut Painter, centre: Pos2, from: Pos2, to: Pos2, unit: f32, style: &FigureStyle) {
    use std::f32::consts::{PI, TAU};
    let (va, vb) = (from - centre, to - centre);
    if va.length() < 1.0 || vb.length() < 1.0 {
        return;
    }
    let radius = (va.length().max(vb.length()) + 30.0 + 3.0 * unit).max(14.0 * unit);
    let (mut start, end) = (va.y.atan2(va.x), vb.y.atan2(vb.x));
    let mut sweep = (end - start + PI).rem_euclid(TAU) - PI;
    if sweep.abs() < 1e-3 {
        return;
    }
    let least = PI * 0.6;
    if sweep.abs() < least {
        let middle = start + sweep / 2.0;
        sweep = least * sweep.signum();
        start = middle - sweep / 2.0;
    }
    let head = 8.0 * unit;
    let width = 2.4 * unit;
    let at = |angle: f32| centre + vec2(angle.cos(), angle.sin()) * radius;
    let finish = start + sweep;
    let tip = at(finish);
    // The shaft stops inside the head, a little short of the tip along the arc.
    let shaft_end = start + sweep - sweep.signum() * (head * 0.6 / radius);
    let n = 16;
    let points: Vec<Pos2> = (0..=n).map(|i| at(start + (shaft_end - start) * i as f32 / n as f32)).collect();
    let mut d = PathData::default();
    let (p0, p1) = (at(start), at(shaft_end));
    d.cmd('M', &[p0.x, p0.y]);
    let large = if (shaft_end - start).abs() > PI { 1.0 } else { 0.0 };
    d.cmd('A', &[radius, radius, 0.0, large, if sweep > 0.0 { 1.0 } else { 0.0 }, p1.x, p1.y]);
    let ahead = vec2(-finish.sin(), finish.cos()) * sweep.signum();
    arrow_shaft_and_head(painter, &d, points, tip, -ahead, (head, width, unit), style);
}

/// How wide the hold marker of `chars` characters is (clock and words, with margins).
fn hold_marker_width(chars: usize, unit: f32) -> f32 {
    // Bold sans-serif letters average a little over half their size in width.
    (9.0 + 3.0 + 2.5 + 3.0) * unit + chars as f32 * 5.6 * unit
}

/// "hold 30 s" with a small clock, top left, its size a share of the picture (see [`mark_unit`]).
fn hold_marker(painter: &mut Painter, view_box: Rect, hold: &str, unit: f32, style: &FigureStyle) {
    let r = 4.5 * unit;
    let c = view_box.min + vec2(r + 3.0 * unit, r + 3.0 * unit);
    let pen = Stroke::new(1.2 * unit, style.text);
    painter.disc(c, r, Rgba::rgb(255, 255, 255), Some(pen), Layer::Labels);
    painter.line(vec![c + vec2(0.0, -r * 0.7), c, c + vec2(r * 0.5, 0.0)], pen, Layer::Labels);
    painter.text(c + vec2(r + 2.5 * unit, 0.0), Align2::LEFT_CENTER, format!("hold {hold}"), 10.0 * unit, style.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twice the area covered by a polygon's triangles.
    fn covered(poly: &Poly) -> f32 {
        poly.triangles
            .iter()
            .map(|t| {
                let [a, b, c] = t.map(|i| poly.fill[i as usize]);
                ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs()
            })
            .sum()
    }

    #[test]
    fn the_screen_s_pictures_are_the_handout_s_without_their_svg() {
        let kb = crate::knowledge::KnowledgeBase::builtin().expect("built-in knowledge");
        let set = crate::figures::FigureSet::builtin(&kb).expect("built-in figures");
        for figure in &set.figures {
            let (full, screen) = (figure.pictures(&FIGURE_STYLE), figure.screen_pictures(&FIGURE_STYLE));
            assert_eq!(full.len(), screen.len());
            for (a, b) in full.iter().zip(&screen) {
                assert_eq!((&a.name, a.view_box, &a.fans), (&b.name, b.view_box, &b.fans));
                assert!(a.geometries == b.geometries, "{}: the same shapes", figure.record.id);
                assert_eq!(a.draws.len(), b.draws.len());
                assert!(!a.svg.is_empty(), "the handout's have SVG");
                assert!(b.svg.is_empty() && b.svg_defs.is_empty(), "the screen's have none");
            }
        }
    }

    #[test]
    fn a_picture_drawn_small_keeps_its_shapes_from_fewer_points() {
        let kb = crate::knowledge::KnowledgeBase::builtin().expect("built-in knowledge");
        let set = crate::figures::FigureSet::builtin(&kb).expect("built-in figures");
        let (mut before, mut after) = (0usize, 0usize);
        for figure in &set.figures {
            for picture in figure.pictures(&FIGURE_STYLE) {
                // A folded card's thumbnail (34 points high) and a large picture.
                let thumbnail = 34.0 / picture.view_box.height();
                assert!(picture.for_screen(1.0).is_none(), "a figure unit a pixel wide keeps every point");
                let small = picture.for_screen(thumbnail).expect("a thumbnail is drawn coarser");
                assert_eq!(small.draws.len(), picture.draws.len());
                assert!(small.svg.is_empty() && small.svg_defs.is_empty());
                // Each shape stays where it was, within about a pixel of the thumbnail.
                let pixel = 1.0 / thumbnail;
                for (coarse, fine) in small.geometries.iter().zip(&picture.geometries) {
                    for (a, b) in [(coarse.bounds.min, fine.bounds.min), (coarse.bounds.max, fine.bounds.max)] {
                        assert!((a - b).length() <= pixel, "{:?} moved to {:?}", fine.bounds, coarse.bounds);
                    }
                    // A fill gains or loses at most a band a quarter of a pixel wide along its edge.
                    for (c, f) in coarse.polys.iter().zip(&fine.polys) {
                        if f.closed && !f.triangles.is_empty() {
                            let (a, b) = (covered(c) / 2.0, covered(f) / 2.0);
                            let n = f.points.len();
                            let perimeter: f32 = (0..n).map(|i| (f.points[(i + 1) % n] - f.points[i]).length()).sum();
                            assert!((a - b).abs() <= perimeter * SCREEN_TOLERANCE_PX * pixel, "fill {a} against {b}");
                        }
                    }
                }
                let count = |p: &FigurePicture| -> usize {
                    p.geometries
                        .iter()
                        .flat_map(|g| &g.polys)
                        .map(|poly| poly.points.len() + poly.stroke_runs.iter().map(Vec::len).sum::<usize>())
                        .sum()
                };
                before += count(&picture);
                after += count(&small);
            }
        }
        assert!(after * 2 < before, "thumbnails drawn from {after} of {before} points");
    }

    #[test]
    fn a_convex_fill_covers_what_the_general_triangulation_covers() {
        let shapes = [
            capsule_path(pos2(0.0, 0.0), pos2(300.0, 40.0), 55.0, 30.0),
            capsule_path(pos2(10.0, 0.0), pos2(12.0, 1.0), 40.0, 20.0),
            circle_path(pos2(5.0, 5.0), 70.0),
            rounded_rect(Rect::from_min_max(pos2(-200.0, 0.0), pos2(400.0, 25.0)), 6.0),
        ];
        for path in shapes {
            let general = Geometry::from_subpaths(vec![path.clone()], TOLERANCE);
            let fan = convex_fill(path, TOLERANCE);
            assert_eq!(fan.polys[0].points, general.polys[0].points);
            assert_eq!(fan.bounds, general.bounds);
            let (a, b) = (covered(&fan.polys[0]), covered(&general.polys[0]));
            assert!((a - b).abs() <= 1e-3 * b, "fan {a} against ear clipping {b}");
        }
    }
}
