//! The body map: TOML records, the validated per-view model built from them, and queries.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use egui::emath::{Pos2, Rect, Vec2, pos2, vec2};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::Vocabulary;
use super::hit;
use super::path::{PathError, Subpath, parse_path};
use crate::knowledge::{Side, View};

/// Default flattening tolerance, in model units (the canvas is ~1000 units wide, so this is
/// well under a pixel at any sensible zoom).
pub const DEFAULT_TOLERANCE: f32 = 0.35;

// ---------------------------------------------------------------------------------------------
// Errors

/// A problem in the body-map file: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryError {
    /// The file (or name given to [`BodyMap::from_toml_str`]).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The record, e.g. `posterior.area[3] (buttock)`.
    pub record: Option<String>,
    /// The field at fault (`d`, `id`, `root`, `label` …), or `toml` for syntax errors.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(rec) = &self.record {
            write!(f, "{rec}: ")?;
        }
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for GeometryError {}

// ---------------------------------------------------------------------------------------------
// TOML records (the file format; see the header of assets/body_map.toml)

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRec {
    #[serde(default)]
    meta: Option<MetaRec>,
    posterior: Option<Spanned<ViewRec>>,
    anterior: Option<Spanned<ViewRec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaRec {
    #[serde(default)]
    tolerance: Option<f32>,
    #[serde(default)]
    #[allow(dead_code)] // Documentation for editors; read by nothing.
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewRec {
    width: f32,
    height: f32,
    midline: f32,
    #[serde(default)]
    outline: Vec<Spanned<ShapeRec>>,
    #[serde(default)]
    bone: Vec<Spanned<ShapeRec>>,
    #[serde(default)]
    muscle: Vec<Spanned<ShapeRec>>,
    #[serde(default)]
    nerve: Vec<Spanned<NerveRec>>,
    #[serde(default)]
    dermatome: Vec<Spanned<RegionRec>>,
    #[serde(default)]
    cutaneous: Vec<Spanned<RegionRec>>,
    #[serde(default)]
    area: Vec<Spanned<AreaRec>>,
    #[serde(default)]
    key_point: Vec<Spanned<PointRec>>,
    #[serde(default)]
    label: Vec<Spanned<LabelRec>>,
}

/// How a record's geometry becomes the two sides of the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mirror {
    /// The record is the patient's left; the right is its mirror image about the midline.
    #[default]
    Copy,
    /// A midline record, drawn once as given.
    None,
    /// Half of a symmetric midline shape, from the midline back to the midline; the whole is
    /// the path followed by its reversed mirror image.
    Join,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapeRec {
    id: Spanned<String>,
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    mirror: Mirror,
    #[serde(default)]
    style: ShapeStyle,
    d: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NerveRec {
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default)]
    root: Option<Spanned<String>>,
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    variant: Option<PiriformisVariant>,
    #[serde(default)]
    sciatic: Option<bool>,
    #[serde(default)]
    hidden: bool,
    #[serde(default)]
    width: Option<f32>,
    #[serde(default)]
    mirror: Mirror,
    d: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionRec {
    #[serde(default)]
    root: Option<Spanned<String>>,
    #[serde(default)]
    nerve: Option<Spanned<String>>,
    #[serde(default)]
    mirror: Mirror,
    d: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaRec {
    id: Spanned<String>,
    #[serde(default)]
    mirror: Mirror,
    label: Spanned<[f32; 2]>,
    d: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointRec {
    root: Spanned<String>,
    #[serde(default)]
    mirror: Mirror,
    at: [f32; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelRec {
    kind: LabelKind,
    id: Spanned<String>,
    #[serde(default)]
    mirror: Mirror,
    at: [f32; 2],
}

// ---------------------------------------------------------------------------------------------
// The built model

/// How a bone or muscle shape is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeStyle {
    /// A filled body (the default).
    #[default]
    Fill,
    /// Inner detail lines only (joint lines, foramina, fibre direction): stroked, not filled.
    Detail,
    /// A muscle lying under others: drawn solid.
    Deep,
    /// A tendon (Achilles, tibialis anterior tendon): pale, fibrous.
    Tendon,
    /// A superficial muscle drawn as a light veil with a dashed outline so the deep layer
    /// shows through (gluteus maximus over piriformis).
    Superficial,
}

/// Where the sciatic nerve passes the piriformis: the Beaton and Anson types that the
/// meta-analyses of Smoljanović 2015 and Poutoglidou 2020 (source `piriformis_variants_meta`)
/// count. The drawing has every variant; the window and the exports draw the chosen one.
///
/// Serialized in snake case (`"divided_through"`) in the body map and in the window's stored
/// settings. The names of earlier versions still load: `Below`, `Through` (it drew the whole
/// nerve through the muscle) and `Above` (now the divided type it really is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiriformisVariant {
    /// One undivided nerve below the muscle: the usual course (about 83–90 in 100 people).
    #[default]
    #[serde(alias = "Below")]
    Below,
    /// Divided before the muscle: the common fibular part through it, the tibial part below.
    /// The commonest variant (about 10–14 in 100).
    DividedThrough,
    /// Divided: the common fibular part above the muscle, the tibial part below (1–2 in 100).
    #[serde(alias = "above", alias = "Above")]
    DividedAbove,
    /// The whole, undivided nerve through the muscle (rare: under 1 in 100).
    #[serde(alias = "through", alias = "Through")]
    WholeThrough,
}

impl PiriformisVariant {
    /// All variants, commonest first.
    pub const ALL: [PiriformisVariant; 4] = [Self::Below, Self::DividedThrough, Self::DividedAbove, Self::WholeThrough];

    /// The name in the body map, the stored settings and on the command line
    /// (`below`, `divided_through`, `divided_above`, `whole_through`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Below => "below",
            Self::DividedThrough => "divided_through",
            Self::DividedAbove => "divided_above",
            Self::WholeThrough => "whole_through",
        }
    }

    /// The variant with this name ([`Self::as_str`]; `-` may stand for `_`).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().replace('-', "_");
        Self::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// Whether the nerve is divided before the muscle (drawn as two strands).
    pub fn is_divided(self) -> bool {
        matches!(self, Self::DividedThrough | Self::DividedAbove)
    }

    /// The choice as people read it, with how common it is (population frequencies of
    /// anatomy, source `piriformis_variants_meta`): "below the piriformis (usual, about 85 in
    /// 100 people)".
    pub fn label(self) -> &'static str {
        match self {
            Self::Below => "below the piriformis (usual, about 85 in 100 people)",
            Self::DividedThrough => "divided: fibular part through the muscle (commonest variant, about 1 in 10)",
            Self::DividedAbove => "divided: fibular part above the muscle (1–2 in 100)",
            Self::WholeThrough => "whole nerve through the muscle (rare, under 1 in 100)",
        }
    }

    /// A short form of [`Self::label`] for tight places ("divided, fibular part through").
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Below => "below piriformis",
            Self::DividedThrough => "divided, fibular part through",
            Self::DividedAbove => "divided, fibular part above",
            Self::WholeThrough => "whole nerve through",
        }
    }
}

/// What a label anchor names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// A nerve id.
    Nerve,
    /// A spinal root id.
    Root,
    /// A muscle id.
    Muscle,
    /// A bone id (free-form, e.g. `sacrum`).
    Bone,
}

/// One flattened subpath, ready to draw or hit-test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Poly {
    /// Points in model coordinates; closed polylines do not repeat the first point.
    pub points: Vec<Pos2>,
    /// True for closed regions.
    pub closed: bool,
    /// For closed polylines: the outline the fill covers, the stroke's simplified outline (see
    /// [`Poly::stroke_runs`]; within a fraction of a pixel of `points`, under the stroke), or
    /// `points` where that would not triangulate cleanly. Empty for open polylines.
    pub fill: Vec<Pos2>,
    /// For closed polylines: triangles (indices into `fill`) covering the region, for painters
    /// that fill only convex polygons (egui). Empty for open polylines.
    pub triangles: Vec<[u32; 3]>,
    /// The polyline cut at hairpin corners, for stroking: a mitred join at a near-reversal
    /// makes a long spike in egui's tessellator, so runs meet there end to end instead.
    /// When a closed polyline has no hairpin this is one run and `stroke_closed` is true.
    pub stroke_runs: Vec<Vec<Pos2>>,
    pub stroke_closed: bool,
    /// The same outline simplified to [`COARSE_STROKE_TOLERANCE`], for a drawing shown so small
    /// that this stays within [`COARSE_MAX_DEVIATION_PX`] of the curve (see [`Poly::outline_at`]);
    /// `None` where it would not save a tenth of the points, and for the exercise figures.
    pub coarse: Option<Box<CoarseOutline>>,
}

/// A [`Poly`]'s fill and stroke runs simplified further, for small scales.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoarseOutline {
    /// As [`Poly::fill`].
    pub fill: Vec<Pos2>,
    /// As [`Poly::triangles`], indices into `fill`.
    pub triangles: Vec<[u32; 3]>,
    /// As [`Poly::stroke_runs`].
    pub stroke_runs: Vec<Vec<Pos2>>,
    /// As [`Poly::stroke_closed`].
    pub stroke_closed: bool,
}

/// The fill and stroke runs of a [`Poly`] at one level of detail (see [`Poly::outline_at`]).
#[derive(Clone, Copy, Debug)]
pub struct Outline<'a> {
    /// The outline the fill covers.
    pub fill: &'a [Pos2],
    /// Triangles covering the fill, indices into `fill`.
    pub triangles: &'a [[u32; 3]],
    /// The polyline cut at hairpin corners, for stroking.
    pub stroke_runs: &'a [Vec<Pos2>],
    /// True when `stroke_runs` is one closed loop.
    pub stroke_closed: bool,
}

impl Outline<'_> {
    /// The fill as a mesh in screen space, for egui's painter (which fills only convex polygons
    /// itself). Empty for open polylines.
    pub fn fill_mesh(&self, t: &egui::emath::TSTransform, color: egui::Color32) -> egui::epaint::Mesh {
        let mut mesh = egui::epaint::Mesh::default();
        if self.triangles.is_empty() {
            return mesh;
        }
        mesh.reserve_vertices(self.fill.len());
        mesh.reserve_triangles(self.triangles.len());
        for p in self.fill {
            mesh.colored_vertex(t.mul_pos(*p), color);
        }
        for &[a, b, c] in self.triangles {
            mesh.add_triangle(a, b, c);
        }
        mesh
    }
}

/// Corners turning more sharply than this (cosine between successive directions) cut a stroke.
const HAIRPIN_COS: f32 = -0.8;
/// Stroke runs are simplified to this tolerance (model units; about 0.2 px at the fitted scale):
/// curves are flattened finely for hit-testing, far more finely than a stroke needs, and the
/// tessellator's cost grows with every point.
pub(super) const STROKE_TOLERANCE: f32 = 0.4;
/// The coarser level of detail's simplification (model units): each point dropped lies within
/// this of the outline drawn. Used only where that is at most [`COARSE_MAX_DEVIATION_PX`].
pub const COARSE_STROKE_TOLERANCE: f32 = 0.8;
/// How far (in physical pixels) the coarse outline may stray from the curve: half a pixel,
/// within an anti-aliased edge. Windows up to about 1920 × 1080 at zoom 1 draw the coarse level
/// (the first size, 1500 × 950, 0.50 pixels a unit: 0.40 pixels at most), a fifth fewer
/// triangles; zoomed in, or on a screen of two pixels a point, the finer one.
pub const COARSE_MAX_DEVIATION_PX: f32 = 0.5;

/// Ramer–Douglas–Peucker simplification of an open polyline (endpoints kept).
fn simplify(points: &[Pos2], tolerance: f32) -> Vec<Pos2> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0usize, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (mut worst, mut worst_d) = (0, 0.0f32);
        for i in a + 1..b {
            let d = hit::distance_to_segment(points[i], points[a], points[b]);
            if d > worst_d {
                worst = i;
                worst_d = d;
            }
        }
        if worst_d > tolerance {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// Cuts a polyline into runs at hairpin corners, simplified to `tolerance` model units; returns
/// the runs and whether the single run is still a closed loop.
pub(super) fn stroke_runs_within(points: &[Pos2], closed: bool, tolerance: f32) -> (Vec<Vec<Pos2>>, bool) {
    let n = points.len();
    let hairpin = |i: usize| {
        let (a, b, c) = (points[(i + n - 1) % n], points[i], points[(i + 1) % n]);
        let (u, w) = (b - a, c - b);
        u.length() > 1e-6 && w.length() > 1e-6 && u.normalized().dot(w.normalized()) < HAIRPIN_COS
    };
    let cuts: Vec<usize> = if closed {
        (0..n).filter(|&i| hairpin(i)).collect()
    } else {
        (1..n.saturating_sub(1)).filter(|&i| hairpin(i)).collect()
    };
    if cuts.is_empty() {
        if closed && n > 3 {
            // Simplify the loop as two open halves so the join point stays put.
            let half = n / 2;
            let mut first = simplify(&points[..=half], tolerance);
            let mut second_half: Vec<Pos2> = points[half..].to_vec();
            second_half.push(points[0]);
            let second = simplify(&second_half, tolerance);
            first.pop();
            first.extend(&second[..second.len() - 1]);
            return (vec![first], true);
        }
        return (vec![simplify(points, tolerance)], closed);
    }
    let mut runs = Vec::new();
    if closed {
        // Walk the loop from one cut to the next, wrapping around.
        for (k, &start) in cuts.iter().enumerate() {
            let end = cuts[(k + 1) % cuts.len()];
            let mut run = vec![points[start]];
            let mut i = start;
            loop {
                i = (i + 1) % n;
                run.push(points[i]);
                if i == end {
                    break;
                }
            }
            runs.push(simplify(&run, tolerance));
        }
    } else {
        let mut start = 0;
        for &cut in &cuts {
            runs.push(simplify(&points[start..=cut], tolerance));
            start = cut;
        }
        runs.push(simplify(&points[start..], tolerance));
    }
    (runs, false)
}

/// `poly`'s outline at [`COARSE_STROKE_TOLERANCE`], when that saves at least a tenth of its
/// stroke points.
pub(super) fn coarse_outline(poly: &Poly) -> Option<Box<CoarseOutline>> {
    let (stroke_runs, stroke_closed) = stroke_runs_within(&poly.points, poly.closed, COARSE_STROKE_TOLERANCE);
    let count = |runs: &[Vec<Pos2>]| runs.iter().map(Vec::len).sum::<usize>();
    if count(&stroke_runs) * 10 > count(&poly.stroke_runs) * 9 {
        return None;
    }
    let (fill, triangles) =
        if poly.closed { fill_outline(&poly.points, &stroke_runs, stroke_closed) } else { (Vec::new(), Vec::new()) };
    Some(Box::new(CoarseOutline { fill, triangles, stroke_runs, stroke_closed }))
}

/// The outline a closed polyline's fill covers, and its triangles: the stroke runs joined back
/// into a loop (simplified, so a painter fills it from a fraction of the triangles; the stroke
/// drawn over its edge is the same line), or `points` when that loop does not triangulate into
/// exactly its own area (simplifying can fold a thin sliver over itself).
fn fill_outline(points: &[Pos2], runs: &[Vec<Pos2>], stroke_closed: bool) -> (Vec<Pos2>, Vec<[u32; 3]>) {
    let outline: Vec<Pos2> = if stroke_closed {
        runs.first().cloned().unwrap_or_default()
    } else {
        // Each run ends where the next starts, the last where the first starts.
        runs.iter().flat_map(|run| &run[..run.len().saturating_sub(1)]).copied().collect()
    };
    if outline.len() >= 3 && outline.len() < points.len() {
        let triangles = hit::triangulate(&outline);
        let area = hit::signed_area(&outline).abs();
        let covered: f32 = triangles
            .iter()
            .map(|t| hit::signed_area(&[outline[t[0] as usize], outline[t[1] as usize], outline[t[2] as usize]]).abs())
            .sum();
        if triangles.len() == outline.len() - 2 && (covered - area).abs() <= area * 1e-3 {
            return (outline, triangles);
        }
    }
    (points.to_vec(), hit::triangulate(points))
}

impl Poly {
    /// The fill and stroke runs to draw at `pixels_per_unit` (physical pixels per model unit):
    /// the coarse level where it strays at most [`COARSE_MAX_DEVIATION_PX`] from the curve,
    /// else the fine one.
    pub fn outline_at(&self, pixels_per_unit: f32) -> Outline<'_> {
        match &self.coarse {
            Some(coarse) if COARSE_STROKE_TOLERANCE * pixels_per_unit <= COARSE_MAX_DEVIATION_PX => Outline {
                fill: &coarse.fill,
                triangles: &coarse.triangles,
                stroke_runs: &coarse.stroke_runs,
                stroke_closed: coarse.stroke_closed,
            },
            _ => self.outline(),
        }
    }

    /// The fine level: [`Poly::fill`], [`Poly::triangles`] and the stroke runs.
    pub fn outline(&self) -> Outline<'_> {
        Outline {
            fill: &self.fill,
            triangles: &self.triangles,
            stroke_runs: &self.stroke_runs,
            stroke_closed: self.stroke_closed,
        }
    }

    /// The points mapped to screen space.
    pub fn screen_points(&self, t: &egui::emath::TSTransform) -> Vec<Pos2> {
        self.points.iter().map(|p| t.mul_pos(*p)).collect()
    }

    /// A filled mesh of this closed polyline in screen space, for egui's painter (which fills
    /// only convex polygons itself). Empty for open polylines.
    pub fn fill_mesh(&self, t: &egui::emath::TSTransform, color: egui::Color32) -> egui::epaint::Mesh {
        self.outline().fill_mesh(t, color)
    }
}

/// A shape's curves and their cached flattening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    /// The exact curves (lines and cubics), for SVG output.
    pub subpaths: Vec<Subpath>,
    /// The flattened polylines, one per subpath.
    pub polys: Vec<Poly>,
    /// Bounding box of the flattened points.
    pub bounds: Rect,
}

impl Geometry {
    pub(super) fn new(subpaths: Vec<Subpath>, tolerance: f32) -> Self {
        let mut geometry = Self::flattened(subpaths, tolerance, STROKE_TOLERANCE);
        for poly in &mut geometry.polys {
            poly.coarse = coarse_outline(poly);
        }
        geometry
    }

    /// Curves flattened at `tolerance` and stroke runs simplified to `stroke_tolerance`.
    fn flattened(subpaths: Vec<Subpath>, tolerance: f32, stroke_tolerance: f32) -> Self {
        let mut bounds = Rect::NOTHING;
        let polys = subpaths
            .iter()
            .map(|sp| {
                let points = sp.flatten(tolerance);
                for p in &points {
                    bounds.extend_with(*p);
                }
                let (stroke_runs, stroke_closed) = stroke_runs_within(&points, sp.closed, stroke_tolerance);
                let (fill, triangles) = if sp.closed {
                    fill_outline(&points, &stroke_runs, stroke_closed)
                } else {
                    (Vec::new(), Vec::new())
                };
                Poly { points, closed: sp.closed, fill, triangles, stroke_runs, stroke_closed, coarse: None }
            })
            .collect();
        Self { subpaths, polys, bounds }
    }

    /// A shape from curves built in code (the exercise figures), flattened at `tolerance`.
    pub fn from_subpaths(subpaths: Vec<Subpath>, tolerance: f32) -> Self {
        Self::new(subpaths, tolerance)
    }

    /// A shape drawn so small that `tolerance` model units are a fraction of a pixel: flattened
    /// at `tolerance`, and its stroke runs simplified at `tolerance` or at the usual stroke
    /// simplification, whichever is coarser. Far fewer points for a painter to turn into
    /// triangles.
    pub fn for_small_drawing(subpaths: Vec<Subpath>, tolerance: f32) -> Self {
        Self::flattened(subpaths, tolerance, tolerance.max(STROKE_TOLERANCE))
    }

    /// Even-odd containment over all closed subpaths.
    pub fn contains(&self, p: Pos2) -> bool {
        if !self.bounds.contains(p) {
            return false;
        }
        self.polys
            .iter()
            .filter(|poly| poly.closed)
            .fold(false, |inside, poly| inside ^ hit::point_in_polygon(p, &poly.points))
    }

    /// Distance from `p` to the nearest stroke of the geometry.
    pub fn distance(&self, p: Pos2) -> f32 {
        self.polys
            .iter()
            .map(|poly| hit::distance_to_polyline(p, &poly.points, poly.closed))
            .fold(f32::INFINITY, f32::min)
    }

    /// Area-weighted centroid of the closed subpaths (falls back to the bounds' centre).
    pub fn centroid(&self) -> Pos2 {
        let (mut a, mut cx, mut cy) = (0.0f32, 0.0f32, 0.0f32);
        for poly in self.polys.iter().filter(|p| p.closed) {
            let pts = &poly.points;
            for i in 0..pts.len() {
                let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
                let c = p.x * q.y - q.x * p.y;
                a += c;
                cx += (p.x + q.x) * c;
                cy += (p.y + q.y) * c;
            }
        }
        if a.abs() < 1e-6 { self.bounds.center() } else { pos2(cx / (3.0 * a), cy / (3.0 * a)) }
    }
}

/// A bone, muscle or outline shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    /// Bone id (free-form), muscle id (one of the knowledge base's) or outline id.
    pub id: String,
    /// Optional sub-part (e.g. `biceps_femoris` of the hamstrings).
    pub part: Option<String>,
    /// The patient's side.
    pub side: Side,
    /// How it is drawn.
    pub style: ShapeStyle,
    /// The curves.
    pub geometry: Geometry,
}

/// Whether a nerve path is a spinal root or a named nerve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NerveKind {
    /// A spinal root (`L4` … `S3`).
    Root,
    /// A peripheral nerve.
    Nerve,
}

/// An open nerve path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NerveShape {
    /// Nerve id or root id (from the knowledge base).
    pub id: String,
    /// Root or nerve.
    pub kind: NerveKind,
    /// Optional sub-part name (several paths of one nerve).
    pub part: Option<String>,
    /// The patient's side.
    pub side: Side,
    /// True for the sciatic nerve, its branches and the roots; false for neighbours (drawn
    /// lighter).
    pub sciatic: bool,
    /// Set on the alternative courses past the piriformis; draw only the chosen variant's
    /// paths. A divided nerve has a fibular and a tibial strand of one variant, told apart by
    /// `part`; a strand's hidden pieces have their own part (`fibular_division_hidden`).
    pub variant: Option<PiriformisVariant>,
    /// Stroke width in model units.
    pub width: f32,
    /// Out of sight in this view (behind bone, within a muscle or in front of it): draw dashed,
    /// or leave out.
    pub hidden: bool,
    /// The path.
    pub geometry: Geometry,
}

/// A dermatome (id = root id) or cutaneous territory (id = nerve id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Root id for dermatomes, nerve id for cutaneous territories.
    pub id: String,
    /// The patient's side.
    pub side: Side,
    /// One or more closed subpaths.
    pub geometry: Geometry,
}

/// A clickable pain area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// Base id (`lateral_foot`).
    pub id: String,
    /// The patient's side, or midline.
    pub side: Side,
    /// Where its label goes; inside the area.
    pub label: Pos2,
    /// One closed subpath.
    pub geometry: Geometry,
}

/// An ISNCSCI key sensory point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyPoint {
    /// Root id.
    pub root: String,
    /// The patient's side.
    pub side: Side,
    /// Position in model coordinates.
    pub pos: Pos2,
}

/// An anchor for a leader-line label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelAnchor {
    /// What the id names.
    pub kind: LabelKind,
    /// Nerve, root, muscle or bone id.
    pub id: String,
    /// The patient's side.
    pub side: Side,
    /// The point the leader line ends at.
    pub pos: Pos2,
}

/// One view of the body map, all layers, both sides generated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewMap {
    /// Which view.
    pub view: View,
    /// Canvas size in model units; the canvas is `(0,0)..size`, y down.
    pub size: Vec2,
    /// x of the body's midline (the mirror axis).
    pub midline: f32,
    /// The body silhouette.
    pub outline: Vec<Shape>,
    /// Bones and bone details.
    pub bones: Vec<Shape>,
    /// Muscles.
    pub muscles: Vec<Shape>,
    /// Nerves and roots.
    pub nerves: Vec<NerveShape>,
    /// Dermatomes (may overlap).
    pub dermatomes: Vec<Region>,
    /// Cutaneous territories of peripheral nerves (may overlap).
    pub cutaneous: Vec<Region>,
    /// Clickable pain areas (do not overlap).
    pub areas: Vec<Area>,
    /// ISNCSCI key sensory points.
    pub key_points: Vec<KeyPoint>,
    /// Label anchors.
    pub labels: Vec<LabelAnchor>,
}

impl ViewMap {
    /// The canvas rectangle in model coordinates.
    pub fn canvas(&self) -> Rect {
        Rect::from_min_size(Pos2::ZERO, self.size)
    }

    /// The bounding box of the body silhouette: what to fit to the screen.
    pub fn body_bounds(&self) -> Rect {
        let r = self
            .outline
            .iter()
            .filter(|o| o.style != ShapeStyle::Detail)
            .fold(Rect::NOTHING, |r, o| r.union(o.geometry.bounds));
        if r.is_positive() { r } else { self.canvas() }
    }

    /// Which side of the canvas (viewer's left = `true`) shows the patient's left side.
    pub fn patient_left_on_viewer_left(&self) -> bool {
        self.view == View::Posterior
    }

    /// The pain area containing `p`, if any.
    pub fn area_at(&self, p: Pos2) -> Option<&Area> {
        self.areas.iter().find(|a| a.geometry.contains(p))
    }

    /// The pain area with this base id and side.
    pub fn area(&self, id: &str, side: Side) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id && a.side == side)
    }

    /// The nearest nerve or root path within `tolerance` (plus half the stroke width) of `p`.
    /// With `variant` set, the other piriformis variants are ignored.
    pub fn nerve_at(&self, p: Pos2, tolerance: f32, variant: Option<PiriformisVariant>) -> Option<&NerveShape> {
        let mut best: Option<(&NerveShape, f32)> = None;
        for n in &self.nerves {
            if let (Some(want), Some(have)) = (variant, n.variant)
                && want != have
            {
                continue;
            }
            if !n.geometry.bounds.expand(tolerance + n.width).contains(p) {
                continue;
            }
            let d = n.geometry.distance(p) - n.width * 0.5;
            if d <= tolerance && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((n, d));
            }
        }
        best.map(|(n, _)| n)
    }

    /// Mirror image of a point about the midline.
    pub fn mirror_point(&self, p: Pos2) -> Pos2 {
        pos2(2.0 * self.midline - p.x, p.y)
    }
}

/// The whole body map: both views.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BodyMap {
    /// Flattening tolerance used, in model units.
    pub tolerance: f32,
    /// Posterior view (patient's left on the viewer's left).
    pub posterior: ViewMap,
    /// Anterior view (patient's left on the viewer's right).
    pub anterior: ViewMap,
    /// Root ids in spinal order (legends list the dermatomes in this order).
    pub roots: Vec<String>,
}

/// The embedded asset.
pub const BUILTIN_TOML: &str = include_str!("../../assets/body_map.toml");
pub(super) const BUILTIN_NAME: &str = "assets/body_map.toml";

impl BodyMap {
    /// Loads the embedded `assets/body_map.toml`, validated against the built-in knowledge.
    pub fn builtin() -> Result<BodyMap, Vec<GeometryError>> {
        let vocabulary = match crate::knowledge::KnowledgeBase::builtin() {
            Ok(kb) => Vocabulary::from_knowledge(&kb),
            Err(errors) => {
                return Err(errors
                    .into_iter()
                    .map(|e| GeometryError {
                        file: e.file,
                        line: Some(e.line),
                        record: None,
                        field: e.field,
                        message: e.message,
                    })
                    .collect());
            }
        };
        Self::for_vocabulary(&vocabulary)
    }

    /// Loads the embedded map validated against `kb` (a clinic's pack may differ from the
    /// built-in knowledge: the drawing must name only what it knows).
    pub fn for_knowledge(kb: &crate::knowledge::KnowledgeBase) -> Result<BodyMap, Vec<GeometryError>> {
        Self::for_vocabulary(&Vocabulary::from_knowledge(kb))
    }

    /// The embedded map for `vocabulary`: the prebuilt copy when it was built from today's
    /// sources for these ids (see [`super::prebuilt`]), else built and validated now.
    fn for_vocabulary(vocabulary: &Vocabulary) -> Result<BodyMap, Vec<GeometryError>> {
        match super::prebuilt::load(vocabulary) {
            Some(map) => Ok(map),
            None => Self::from_toml_str(BUILTIN_NAME, BUILTIN_TOML, vocabulary),
        }
    }

    /// The embedded map with the built-in knowledge, loaded once per process and shared.
    pub fn shared() -> Result<&'static BodyMap, &'static [GeometryError]> {
        static MAP: std::sync::OnceLock<Result<BodyMap, Vec<GeometryError>>> = std::sync::OnceLock::new();
        match MAP.get_or_init(Self::builtin) {
            Ok(map) => Ok(map),
            Err(errs) => Err(errs.as_slice()),
        }
    }

    /// Parses and validates a body map; `name` is used in error messages. Collects every error
    /// it can rather than stopping at the first.
    pub fn from_toml_str(name: &str, text: &str, vocabulary: &Vocabulary) -> Result<BodyMap, Vec<GeometryError>> {
        Self::from_toml_str_with_tolerance(name, text, vocabulary, None)
    }

    /// As [`BodyMap::from_toml_str`], flattening curves with `tolerance` model units instead of
    /// the file's `meta.tolerance` (or [`DEFAULT_TOLERANCE`]): coarser for speed, finer for
    /// print-resolution hit-testing.
    pub fn from_toml_str_with_tolerance(
        name: &str,
        text: &str,
        vocabulary: &Vocabulary,
        tolerance: Option<f32>,
    ) -> Result<BodyMap, Vec<GeometryError>> {
        let cx = Ctx::new(name, text, vocabulary);
        let file: FileRec = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                return Err(vec![GeometryError {
                    file: name.to_string(),
                    line: e.span().map(|s| cx.line_of(s.start)),
                    record: None,
                    field: "toml".into(),
                    message: e.message().trim().to_string(),
                }]);
            }
        };
        let tolerance = tolerance
            .or(file.meta.and_then(|m| m.tolerance))
            .filter(|t| t.is_finite() && *t > 0.0)
            .unwrap_or(DEFAULT_TOLERANCE);
        let mut errors = Vec::new();
        let build = |rec: Option<Spanned<ViewRec>>, view: View, errors: &mut Vec<GeometryError>| match rec {
            Some(r) => Some(cx.build_view(view, r.into_inner(), tolerance, errors)),
            None => {
                errors.push(cx.err(None, None, view_name(view), "missing view table"));
                None
            }
        };
        let posterior = build(file.posterior, View::Posterior, &mut errors);
        let anterior = build(file.anterior, View::Anterior, &mut errors);
        match (posterior, anterior) {
            (Some(posterior), Some(anterior)) if errors.is_empty() => {
                Ok(BodyMap { tolerance, posterior, anterior, roots: vocabulary.roots.clone() })
            }
            _ => Err(errors),
        }
    }

    /// One view.
    pub fn view(&self, view: View) -> &ViewMap {
        match view {
            View::Posterior => &self.posterior,
            View::Anterior => &self.anterior,
        }
    }

    /// The pain area under a model point: `(base id, side)`.
    pub fn area_at(&self, view: View, p: Pos2) -> Option<(&str, Side)> {
        self.view(view).area_at(p).map(|a| (a.id.as_str(), a.side))
    }

    /// The nerve or root id whose path passes within `tolerance` model units of `p` (all
    /// piriformis variants count; see [`ViewMap::nerve_at`] to pick one).
    pub fn nerve_at(&self, view: View, p: Pos2, tolerance: f32) -> Option<&str> {
        self.view(view).nerve_at(p, tolerance, None).map(|n| n.id.as_str())
    }
}

fn view_name(view: View) -> &'static str {
    match view {
        View::Posterior => "posterior",
        View::Anterior => "anterior",
    }
}

// ---------------------------------------------------------------------------------------------
// Building and validation

struct Ctx<'a> {
    name: &'a str,
    text: &'a str,
    vocabulary: &'a Vocabulary,
    line_starts: Vec<usize>,
}

impl<'a> Ctx<'a> {
    fn new(name: &'a str, text: &'a str, vocabulary: &'a Vocabulary) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { name, text, vocabulary, line_starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    fn err(
        &self,
        span: Option<std::ops::Range<usize>>,
        record: Option<&str>,
        field: &str,
        msg: impl Into<String>,
    ) -> GeometryError {
        GeometryError {
            file: self.name.to_string(),
            line: span.map(|s| self.line_of(s.start)),
            record: record.map(str::to_string),
            field: field.to_string(),
            message: msg.into(),
        }
    }

    /// Byte offset in the file of byte `offset` inside the string value at `span`.
    fn offset_in_string(&self, span: &std::ops::Range<usize>, offset: usize) -> usize {
        let raw = self.text.get(span.clone()).unwrap_or("");
        let mut start = span.start;
        if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            start += 3;
            // TOML trims a newline right after the opening delimiter.
            let rest = self.text.get(start..).unwrap_or("");
            if rest.starts_with("\r\n") {
                start += 2;
            } else if rest.starts_with('\n') {
                start += 1;
            }
        } else {
            start += 1;
        }
        start + offset
    }

    fn parse_d(&self, d: &Spanned<String>, record: &str, errors: &mut Vec<GeometryError>) -> Option<Vec<Subpath>> {
        match parse_path(d.get_ref()) {
            Ok(sp) => Some(sp),
            Err(PathError { offset, message }) => {
                let at = self.offset_in_string(&d.span(), offset);
                errors.push(GeometryError {
                    file: self.name.to_string(),
                    line: Some(self.line_of(at)),
                    record: Some(record.to_string()),
                    field: "d".into(),
                    message: format!("bad path at character {offset}: {message}"),
                });
                None
            }
        }
    }

    /// Applies the mirror mode: returns `(side, subpaths)` for each generated copy.
    #[allow(clippy::too_many_arguments)]
    fn sides(
        &self,
        view: View,
        midline: f32,
        mirror: Mirror,
        subpaths: Vec<Subpath>,
        d: &Spanned<String>,
        record: &str,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<(Side, Vec<Subpath>)> {
        match mirror {
            Mirror::None => vec![(Side::Midline, subpaths)],
            Mirror::Copy => {
                // The record is the patient's left: check it is drawn on the correct half.
                let mut r = Rect::NOTHING;
                for sp in &subpaths {
                    r = r.union(sp.control_bounds());
                }
                let cx = r.center().x;
                let left_is_low_x = view == View::Posterior;
                if (cx < midline) != left_is_low_x && (cx - midline).abs() > 1.0 {
                    errors.push(self.err(
                        Some(d.span()),
                        Some(record),
                        "d",
                        format!(
                            "mirrored records describe the patient's left, which the {} view draws on the viewer's {}",
                            view_name(view),
                            if left_is_low_x { "left" } else { "right" }
                        ),
                    ));
                }
                let right = subpaths.iter().map(|s| s.mirrored(midline)).collect();
                vec![(Side::Left, subpaths), (Side::Right, right)]
            }
            Mirror::Join => {
                let [half] = subpaths.as_slice() else {
                    errors.push(self.err(
                        Some(d.span()),
                        Some(record),
                        "d",
                        "mirror = \"join\" needs exactly one subpath",
                    ));
                    return Vec::new();
                };
                let tol = 0.5;
                if half.closed || (half.start.x - midline).abs() > tol || (half.end().x - midline).abs() > tol {
                    errors.push(self.err(
                        Some(d.span()),
                        Some(record),
                        "d",
                        "mirror = \"join\" needs an open half-path that starts and ends on the midline",
                    ));
                    return Vec::new();
                }
                let back = half.mirrored(midline).reversed();
                let mut segs = half.segs.clone();
                // The mirrored half starts where this one ends (both on the midline).
                segs.extend(back.segs.iter().copied());
                vec![(Side::Midline, vec![Subpath { start: half.start, segs, closed: true }])]
            }
        }
    }

    /// One view from its records, one function per layer, in the file's order (so errors are
    /// listed in that order too).
    fn build_view(&self, view: View, rec: ViewRec, tol: f32, errors: &mut Vec<GeometryError>) -> ViewMap {
        let vname = view_name(view);
        let midline = rec.midline;
        let mut vm = ViewMap {
            view,
            size: vec2(rec.width, rec.height),
            midline,
            outline: Vec::new(),
            bones: Vec::new(),
            muscles: Vec::new(),
            nerves: Vec::new(),
            dermatomes: Vec::new(),
            cutaneous: Vec::new(),
            areas: Vec::new(),
            key_points: Vec::new(),
            labels: Vec::new(),
        };
        if !(rec.width > 0.0 && rec.height > 0.0 && midline > 0.0 && midline < rec.width) {
            errors.push(self.err(
                None,
                None,
                "midline",
                format!("{vname}: need width, height > 0 and 0 < midline < width"),
            ));
        }

        let at = ViewContext { view, name: vname, midline, tol };
        vm.outline = self.build_shapes(&at, "outline", rec.outline, errors);
        vm.bones = self.build_shapes(&at, "bone", rec.bone, errors);
        vm.muscles = self.build_shapes(&at, "muscle", rec.muscle, errors);
        vm.nerves = self.build_nerves(&at, rec.nerve, errors);
        vm.dermatomes = self.build_regions(&at, "dermatome", rec.dermatome, errors);
        vm.cutaneous = self.build_regions(&at, "cutaneous", rec.cutaneous, errors);
        vm.areas = self.build_areas(&at, &vm, rec.area, errors);
        vm.key_points = self.build_key_points(&vm, rec.key_point, errors);
        vm.labels = self.build_labels(&vm, rec.label, errors);
        super::clip::clip_skin_maps_to_silhouette(&mut vm, tol);
        vm
    }

    /// The silhouette, bones or muscles (`layer`: `outline`, `bone`, `muscle`).
    fn build_shapes(
        &self,
        at: &ViewContext,
        layer: &str,
        recs: Vec<Spanned<ShapeRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<Shape> {
        let mut shapes = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in recs.into_iter().enumerate() {
            let r = r.into_inner();
            let record = format!("{}.{layer}[{i}] ({})", at.name, r.id.get_ref());
            if layer == "muscle" && !self.vocabulary.is_muscle(r.id.get_ref()) {
                errors.push(self.err(
                    Some(r.id.span()),
                    Some(&record),
                    "id",
                    format!("unknown {layer} id `{}`", r.id.get_ref()),
                ));
            }
            if !seen.insert((r.id.get_ref().clone(), r.part.clone(), r.style)) {
                errors.push(self.err(
                    Some(r.id.span()),
                    Some(&record),
                    "id",
                    format!("duplicate {layer} id `{}` (use `part` to tell pieces apart)", r.id.get_ref()),
                ));
            }
            let Some(sp) = self.parse_d(&r.d, &record, errors) else {
                continue;
            };
            if layer == "outline"
                && r.style != ShapeStyle::Detail
                && r.mirror != Mirror::Join
                && sp.iter().any(|s| !s.closed)
            {
                errors.push(self.err(
                    Some(r.d.span()),
                    Some(&record),
                    "d",
                    "outline must be closed (end with Z) unless style = \"detail\"",
                ));
            }
            for (side, sp) in self.sides(at.view, at.midline, r.mirror, sp, &r.d, &record, errors) {
                shapes.push(Shape {
                    id: r.id.get_ref().clone(),
                    part: r.part.clone(),
                    side,
                    style: r.style,
                    geometry: Geometry::new(sp, at.tol),
                });
            }
        }
        shapes
    }

    /// The nerves and roots, each piriformis variant checked for every nerve that draws one.
    fn build_nerves(
        &self,
        at: &ViewContext,
        recs: Vec<Spanned<NerveRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<NerveShape> {
        let vname = at.name;
        let mut nerves = Vec::new();
        let mut seen = HashSet::new();
        // Which variants each nerve draws, with the part of each visible path (a divided
        // variant has a visible path per strand).
        let mut variants: BTreeMap<String, Vec<(PiriformisVariant, Option<String>)>> = BTreeMap::new();
        for (i, r) in recs.into_iter().enumerate() {
            let span = r.span();
            let r = r.into_inner();
            let (id, kind) = match (&r.id, &r.root) {
                (Some(id), None) => {
                    if !self.vocabulary.is_nerve(id.get_ref()) {
                        errors.push(self.err(
                            Some(id.span()),
                            Some(&format!("{vname}.nerve[{i}]")),
                            "id",
                            format!("unknown nerve id `{}`", id.get_ref()),
                        ));
                    }
                    (id.get_ref().clone(), NerveKind::Nerve)
                }
                (None, Some(root)) => {
                    if !self.vocabulary.is_root(root.get_ref()) {
                        errors.push(self.err(
                            Some(root.span()),
                            Some(&format!("{vname}.nerve[{i}]")),
                            "root",
                            format!("unknown root id `{}`", root.get_ref()),
                        ));
                    }
                    (root.get_ref().clone(), NerveKind::Root)
                }
                _ => {
                    errors.push(self.err(
                        Some(span),
                        Some(&format!("{vname}.nerve[{i}]")),
                        "id",
                        "a nerve record needs exactly one of `id` and `root`",
                    ));
                    continue;
                }
            };
            let record = format!("{vname}.nerve[{i}] ({id})");
            if !seen.insert((id.clone(), r.part.clone(), r.variant)) {
                errors.push(self.err(
                    Some(r.d.span()),
                    Some(&record),
                    "id",
                    format!("duplicate nerve path `{id}` (same part and variant)"),
                ));
            }
            if let Some(v) = r.variant {
                // A hidden piece belongs to a strand drawn elsewhere; it is no strand itself.
                let visible_part = (!r.hidden).then(|| r.part.clone().unwrap_or_default());
                variants.entry(id.clone()).or_default().push((v, visible_part));
            }
            let Some(sp) = self.parse_d(&r.d, &record, errors) else {
                continue;
            };
            if sp.iter().any(|s| s.closed) {
                errors.push(self.err(Some(r.d.span()), Some(&record), "d", "nerve paths are open: remove Z"));
            }
            let width = r.width.unwrap_or(match kind {
                NerveKind::Root => 7.0,
                NerveKind::Nerve => 5.0,
            });
            let sciatic = r.sciatic.unwrap_or(kind == NerveKind::Root || self.vocabulary.is_sciatic(&id));
            for (side, sp) in self.sides(at.view, at.midline, r.mirror, sp, &r.d, &record, errors) {
                nerves.push(NerveShape {
                    id: id.clone(),
                    kind,
                    part: r.part.clone(),
                    side,
                    sciatic,
                    variant: r.variant,
                    width,
                    hidden: r.hidden,
                    geometry: Geometry::new(sp, at.tol),
                });
            }
        }
        self.check_variants(at.name, &variants, errors);
        nerves
    }

    /// Every nerve drawn per piriformis variant draws all of them, a divided one as two strands.
    fn check_variants(
        &self,
        vname: &str,
        variants: &BTreeMap<String, Vec<(PiriformisVariant, Option<String>)>>,
        errors: &mut Vec<GeometryError>,
    ) {
        for (id, vs) in variants {
            for want in PiriformisVariant::ALL {
                let parts: HashSet<&String> =
                    vs.iter().filter(|(v, _)| *v == want).filter_map(|(_, part)| part.as_ref()).collect();
                let problem = if parts.is_empty() {
                    format!("piriformis variant `{}` missing", want.as_str())
                } else if want.is_divided() && parts.len() < 2 {
                    format!(
                        "piriformis variant `{}` is a divided nerve: draw its two strands (two visible paths with different `part`s)",
                        want.as_str()
                    )
                } else {
                    continue;
                };
                errors.push(self.err(None, Some(&format!("{vname}.nerve ({id})")), "variant", problem));
            }
        }
    }

    /// The dermatomes or the cutaneous territories (`layer`: `dermatome`, `cutaneous`).
    fn build_regions(
        &self,
        at: &ViewContext,
        layer: &str,
        recs: Vec<Spanned<RegionRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<Region> {
        let vname = at.name;
        let mut regions = Vec::new();
        let mut seen = HashSet::new();
        let want_field = if layer == "dermatome" { "root" } else { "nerve" };
        for (i, r) in recs.into_iter().enumerate() {
            let span = r.span();
            let r = r.into_inner();
            let (key, other) = if layer == "dermatome" { (&r.root, &r.nerve) } else { (&r.nerve, &r.root) };
            let Some(key) = key.as_ref().filter(|_| other.is_none()) else {
                errors.push(self.err(
                    Some(span),
                    Some(&format!("{vname}.{layer}[{i}]")),
                    want_field,
                    format!("a {layer} record needs `{want_field}` (and only that)"),
                ));
                continue;
            };
            let id = key.get_ref().clone();
            let record = format!("{vname}.{layer}[{i}] ({id})");
            let known = if layer == "dermatome" { self.vocabulary.is_root(&id) } else { self.vocabulary.is_nerve(&id) };
            if !known {
                errors.push(self.err(
                    Some(key.span()),
                    Some(&record),
                    want_field,
                    format!("unknown {want_field} id `{id}`"),
                ));
            }
            if !seen.insert(id.clone()) {
                errors.push(self.err(
                    Some(key.span()),
                    Some(&record),
                    want_field,
                    format!("duplicate {layer} `{id}` (put several pieces in one `d`)"),
                ));
            }
            let Some(sp) = self.parse_d(&r.d, &record, errors) else {
                continue;
            };
            if r.mirror != Mirror::Join && sp.iter().any(|s| !s.closed) {
                errors.push(self.err(
                    Some(r.d.span()),
                    Some(&record),
                    "d",
                    "regions must be closed (end each subpath with Z)",
                ));
            }
            for (side, sp) in self.sides(at.view, at.midline, r.mirror, sp, &r.d, &record, errors) {
                regions.push(Region { id: id.clone(), side, geometry: Geometry::new(sp, at.tol) });
            }
        }
        regions
    }

    /// The pain areas, checked against the knowledge's areas for this view and their sides.
    fn build_areas(
        &self,
        at: &ViewContext,
        vm: &ViewMap,
        recs: Vec<Spanned<AreaRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<Area> {
        let vname = at.name;
        let view_ids = self.vocabulary.area_ids(at.view);
        let mut areas = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in recs.into_iter().enumerate() {
            let r = r.into_inner();
            let id = r.id.get_ref().clone();
            let record = format!("{vname}.area[{i}] ({id})");
            if !self.vocabulary.is_area(&id) {
                errors.push(self.err(Some(r.id.span()), Some(&record), "id", format!("unknown area id `{id}`")));
            } else if !view_ids.contains(&id.as_str()) {
                errors.push(self.err(
                    Some(r.id.span()),
                    Some(&record),
                    "id",
                    format!("area `{id}` does not belong in the {vname} view"),
                ));
            }
            if !seen.insert(id.clone()) {
                errors.push(self.err(Some(r.id.span()), Some(&record), "id", format!("duplicate area id `{id}`")));
            }
            // Sides must agree with the knowledge base's laterality (data/areas.toml).
            let is_midline = self.vocabulary.is_midline_area(&id);
            if self.vocabulary.is_area(&id) && is_midline != (r.mirror != Mirror::Copy) {
                let want = if is_midline {
                    "a midline area: use mirror = \"join\" (or \"none\")"
                } else {
                    "a sided area: use mirror = \"copy\""
                };
                errors.push(self.err(Some(r.id.span()), Some(&record), "mirror", format!("`{id}` is {want}")));
            }
            let Some(sp) = self.parse_d(&r.d, &record, errors) else {
                continue;
            };
            if sp.len() != 1 || (r.mirror != Mirror::Join && !sp[0].closed) {
                errors.push(self.err(
                    Some(r.d.span()),
                    Some(&record),
                    "d",
                    "a pain area is one closed subpath (ending with Z)",
                ));
                continue;
            }
            let label = pos2(r.label.get_ref()[0], r.label.get_ref()[1]);
            for (side, sp) in self.sides(at.view, at.midline, r.mirror, sp, &r.d, &record, errors) {
                let geometry = Geometry::new(sp, at.tol);
                let label = if side == Side::Right { vm.mirror_point(label) } else { label };
                if !geometry.contains(label) {
                    errors.push(self.err(
                        Some(r.label.span()),
                        Some(&record),
                        "label",
                        format!("label point ({:.0}, {:.0}) lies outside the area", label.x, label.y),
                    ));
                }
                areas.push(Area { id: id.clone(), side, label, geometry });
            }
        }
        areas
    }

    /// The ISNCSCI key points.
    fn build_key_points(
        &self,
        vm: &ViewMap,
        recs: Vec<Spanned<PointRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<KeyPoint> {
        let vname = view_name(vm.view);
        let mut key_points = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in recs.into_iter().enumerate() {
            let r = r.into_inner();
            let root = r.root.get_ref().clone();
            let record = format!("{vname}.key_point[{i}] ({root})");
            if !self.vocabulary.is_root(&root) {
                errors.push(self.err(Some(r.root.span()), Some(&record), "root", format!("unknown root id `{root}`")));
            }
            if !seen.insert(root.clone()) {
                errors.push(self.err(
                    Some(r.root.span()),
                    Some(&record),
                    "root",
                    format!("duplicate key point `{root}`"),
                ));
            }
            let p = pos2(r.at[0], r.at[1]);
            for (side, p) in point_sides(r.mirror, p, vm) {
                key_points.push(KeyPoint { root: root.clone(), side, pos: p });
            }
        }
        key_points
    }

    /// The label anchors.
    fn build_labels(
        &self,
        vm: &ViewMap,
        recs: Vec<Spanned<LabelRec>>,
        errors: &mut Vec<GeometryError>,
    ) -> Vec<LabelAnchor> {
        let vname = view_name(vm.view);
        let mut labels = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in recs.into_iter().enumerate() {
            let r = r.into_inner();
            let id = r.id.get_ref().clone();
            let record = format!("{vname}.label[{i}] ({id})");
            let known = match r.kind {
                LabelKind::Nerve => self.vocabulary.is_nerve(&id),
                LabelKind::Root => self.vocabulary.is_root(&id),
                LabelKind::Muscle => self.vocabulary.is_muscle(&id),
                LabelKind::Bone => true,
            };
            if !known {
                errors.push(self.err(
                    Some(r.id.span()),
                    Some(&record),
                    "id",
                    format!("unknown {:?} id `{id}`", r.kind).to_lowercase(),
                ));
            }
            if !seen.insert((r.kind, id.clone())) {
                errors.push(self.err(Some(r.id.span()), Some(&record), "id", format!("duplicate label `{id}`")));
            }
            let p = pos2(r.at[0], r.at[1]);
            for (side, p) in point_sides(r.mirror, p, vm) {
                labels.push(LabelAnchor { kind: r.kind, id: id.clone(), side, pos: p });
            }
        }
        labels
    }
}

/// What every layer of one view is built with.
struct ViewContext {
    view: View,
    /// `posterior` or `anterior`, for error records.
    name: &'static str,
    midline: f32,
    /// Flattening tolerance, model units.
    tol: f32,
}

fn point_sides(mirror: Mirror, p: Pos2, vm: &ViewMap) -> Vec<(Side, Pos2)> {
    match mirror {
        Mirror::Copy => vec![(Side::Left, p), (Side::Right, vm.mirror_point(p))],
        Mirror::None | Mirror::Join => vec![(Side::Midline, p)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coarse_level_strays_at_most_its_tolerance_and_is_drawn_only_where_that_is_under_half_a_pixel() {
        let kb = crate::knowledge::KnowledgeBase::builtin().expect("the built-in knowledge loads");
        let map = BodyMap::from_toml_str(BUILTIN_NAME, BUILTIN_TOML, &Vocabulary::from_knowledge(&kb))
            .expect("the built-in drawing builds");
        let (mut with_coarse, mut fine_points, mut coarse_points) = (0, 0, 0);
        for vm in [&map.posterior, &map.anterior] {
            let shapes = vm.outline.iter().chain(&vm.bones).chain(&vm.muscles).map(|s| &s.geometry);
            let regions = vm.dermatomes.iter().chain(&vm.cutaneous).map(|r| &r.geometry);
            let rest = vm.nerves.iter().map(|n| &n.geometry).chain(vm.areas.iter().map(|a| &a.geometry));
            for poly in shapes.chain(regions).chain(rest).flat_map(|g| &g.polys) {
                let Some(coarse) = &poly.coarse else { continue };
                with_coarse += 1;
                // Cut at the same hairpins, run for run; each fine point within the tolerance.
                assert_eq!(coarse.stroke_runs.len(), poly.stroke_runs.len());
                assert_eq!(coarse.stroke_closed, poly.stroke_closed);
                for (fine, simple) in poly.stroke_runs.iter().zip(&coarse.stroke_runs) {
                    for p in fine {
                        let d = hit::distance_to_polyline(*p, simple, coarse.stroke_closed);
                        assert!(d <= COARSE_STROKE_TOLERANCE + 1e-3, "a point {d} units off the coarse outline");
                    }
                }
                let count = |runs: &[Vec<Pos2>]| runs.iter().map(Vec::len).sum::<usize>();
                fine_points += count(&poly.stroke_runs);
                coarse_points += count(&coarse.stroke_runs);
                assert!(count(&coarse.stroke_runs) <= count(&poly.stroke_runs));
                // The fill covers exactly its outline's area.
                if poly.closed {
                    assert_eq!(coarse.triangles.len() + 2, coarse.fill.len());
                    let area = hit::signed_area(&coarse.fill).abs();
                    let covered: f32 = coarse
                        .triangles
                        .iter()
                        .map(|t| hit::signed_area(&t.map(|i| coarse.fill[i as usize])).abs())
                        .sum();
                    assert!((covered - area).abs() <= area * 1e-3);
                }
                // The level follows the scale.
                let limit = COARSE_MAX_DEVIATION_PX / COARSE_STROKE_TOLERANCE;
                assert!(std::ptr::eq(poly.outline_at(limit).stroke_runs, coarse.stroke_runs.as_slice()));
                assert!(std::ptr::eq(poly.outline_at(limit * 1.01).stroke_runs, poly.stroke_runs.as_slice()));
                assert!(std::ptr::eq(poly.outline_at(limit * 1.01).triangles, poly.triangles.as_slice()));
            }
        }
        assert!(with_coarse > 100, "only {with_coarse} outlines have a coarse level");
        assert!(coarse_points * 10 < fine_points * 8, "{coarse_points} of {fine_points} points");
    }
}
