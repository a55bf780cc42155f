//! The central panel: the body map painted with egui from the drawing's display list
//! ([`crate::geometry::display`], the same list the SVG export writes), with hit-testing, pan and
//! zoom, and one AccessKit node per pain area (at its label point) so every area is reachable by
//! keyboard and by its name.

use std::sync::Arc;

use egui::emath::{Align2, GuiRounding as _, TSTransform};
use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::map_view::MapView;
use super::state::{Action, SelectionAction, Settings, UiState};
use crate::geometry::display::{
    self, DisplayList, Item as DrawItem, LABEL_FONT, LEGEND_FONT, LabelColumns, LabelFrame, Layer, Marked, Primitive,
    Scene,
};
use crate::geometry::{self, BodyMap, LabelKind, NerveKind, NerveShape, Palette, Rgba, ViewMap};
use crate::knowledge::{KnowledgeBase, LinkKind, View};
use crate::lookup::AreaRef;
use crate::pathway::{Highlight, Item};

/// What the body map reads.
pub struct Input<'a> {
    pub kb: &'a KnowledgeBase,
    pub map: &'a BodyMap,
    pub settings: &'a Settings,
    pub state: &'a UiState,
    pub highlight: &'a Highlight,
    /// Two visits compared over the drawing, if comparing (see `progress_panel`).
    pub comparison: Option<&'a display::Comparison>,
}

/// Screen pixels within which the pointer is over a nerve (named on hover, traced by Alt-click, or
/// by a plain click where no pain area is under it).
const NERVE_PICK_PX: f32 = 4.0;

/// What [`show`] drew: the rectangle it filled and its views' cards in it.
pub struct Shown {
    pub rect: Rect,
    /// The views' cards (rounded by [`CARD_ROUNDING`]), which [`backdrop_around`] leaves out.
    pub cards: Vec<Rect>,
}

/// Draws the body map into the available space, panning, zooming and hovering `map_view`;
/// returns the rectangle it filled and its cards. The backdrop around the cards is the caller's
/// to paint, under everything else in its panel (see [`backdrop_around`]).
pub fn show(ui: &mut egui::Ui, input: &Input<'_>, map_view: &mut MapView, actions: &mut Vec<Action>) -> Shown {
    let full = ui.available_rect_before_wrap();
    let mut views_rect = full;
    if input.settings.layers.legend {
        let palette = Palette::for_theme(ui.visuals().dark_mode);
        let entries = display::legend_entries(input.settings.layers, &input.map.roots, palette);
        let mut width_of = |text: &str| text_width(ui, text, LEGEND_FONT);
        let legend_h = display::legend_height(&entries, full.width(), 1.0, &mut width_of);
        views_rect.max.y -= legend_h;
        let strip = Rect::from_min_max(pos2(full.left(), views_rect.bottom()), full.max);
        // The legend's list is in screen points.
        let mut list = DisplayList::default();
        display::legend(&mut list, &entries, strip, 1.0, palette, &mut width_of);
        let painter = ui.painter_at(strip);
        for (_, item_shapes) in shapes(ui.ctx(), &list, TSTransform::IDENTITY) {
            painter.extend(item_shapes);
        }
    }
    views_rect.min.y += trace_caption(ui, input, views_rect, actions);
    let views = input.settings.view.views();
    let gap = 10.0;
    let width = (views_rect.width() - gap * (views.len() as f32 + 1.0)) / views.len() as f32;
    let mut hovered: Option<Item> = None;
    let mut cards = Vec::with_capacity(views.len());
    for (i, view) in views.iter().enumerate() {
        let rect = Rect::from_min_size(
            views_rect.min + vec2(gap + i as f32 * (width + gap), gap),
            vec2(width.max(50.0), (views_rect.height() - 2.0 * gap).max(50.0)),
        );
        if let Some(h) = draw_view(ui, input, map_view, *view, rect, views.len() > 1 && i > 0, actions) {
            hovered = Some(h);
        }
        cards.push(rect);
    }
    map_view.hovered = hovered;
    ui.allocate_rect(full, Sense::hover());
    Shown { rect: full, cards }
}

/// The window's central panel, where `add_contents` draws the body map (with [`show`], after
/// anything above it) on the backdrop, which is painted under it all once the cards are known
/// (see [`backdrop_around`]); returns the rectangle the body map filled.
pub fn central_panel(ui: &mut egui::Ui, add_contents: impl FnOnce(&mut egui::Ui) -> Shown) -> Rect {
    egui::CentralPanel::no_frame()
        .show(ui, |ui| {
            let backdrop = ui.painter().add(egui::Shape::Noop);
            let shown = add_contents(ui);
            let (dark, painted) = (ui.visuals().dark_mode, cards_painted(ui.visuals()));
            let shape = backdrop_around(ui.max_rect(), &shown.cards, ui.pixels_per_point(), dark, painted);
            ui.painter().set(backdrop, shape);
            shown.rect
        })
        .inner
}

/// The corner radius of a view's card.
pub const CARD_ROUNDING: f32 = 10.0;

/// Whether the views' cards are painted: not when the window is cleared to the card's colour
/// already (the light theme, whose cards are egui's panel colour), where the backdrop around them
/// draws their edges and corners instead. Why: a software rasteriser (llvmpipe) pays for every
/// pixel painted, and the two cards were some 40 % of a window's pixels painted over the clear
/// colour, at the first frame a fifth of the 4 × 4 pixel blocks llvmpipe shades.
pub fn cards_painted(visuals: &egui::Visuals) -> bool {
    Palette::for_theme(visuals.dark_mode).card.color32() != visuals.panel_fill
}

/// The backdrop of `area` around the views' `cards`: a mesh of plain rectangles (no anti-aliased
/// edges, so pieces meet without seams), painted only where it shows, since the window is
/// cleared to the panels' colour and the side panels paint no fill over it. Why: a software
/// rasteriser (llvmpipe) pays for every pixel painted, and the panels' fills and a backdrop
/// under the cards were half a window's worth of pixels painted twice.
///
/// - `cards_painted` (see [`cards_painted`]): under each card the backdrop stops two pixels
///   inside the card's edge and its rounded corners, so the card's anti-aliased edge blends with
///   the backdrop as it would over a backdrop painted everywhere.
/// - Otherwise the clear colour is the cards' own: the backdrop stops at each card's edge
///   (snapped to pixels, as egui snaps a painted card) and covers its corners' squares, and a
///   quarter disc in the card's colour on each corner rounds it, with the arc and anti-aliased
///   edge of egui's rounded rectangle.
pub fn backdrop_around(
    area: Rect,
    cards: &[Rect],
    pixels_per_point: f32,
    dark: bool,
    cards_painted: bool,
) -> egui::Shape {
    let inset = if cards_painted { 2.0 / pixels_per_point.max(0.1) } else { 0.0 };
    let cards: Vec<Rect> = if cards_painted {
        cards.to_vec()
    } else {
        cards.iter().map(|card| card.round_to_pixels(pixels_per_point)).collect()
    };
    // Each card less its edge (when painted) and corners: a cross of two rectangles.
    let holes: Vec<Rect> = cards
        .iter()
        .map(|card| card.shrink(inset))
        .filter(|hole| hole.width() > 2.0 * CARD_ROUNDING && hole.height() > 2.0 * CARD_ROUNDING)
        .flat_map(|hole| [hole.shrink2(vec2(CARD_ROUNDING, 0.0)), hole.shrink2(vec2(0.0, CARD_ROUNDING))])
        .collect();
    let mut mesh = egui::Mesh::default();
    let color = backdrop(dark);
    // Bands between the holes' tops and bottoms; in each, what no hole covers.
    let mut ys: Vec<f32> = vec![area.top(), area.bottom()];
    ys.extend(holes.iter().flat_map(|h| [h.top(), h.bottom()]).filter(|y| area.y_range().contains(*y)));
    ys.sort_by(f32::total_cmp);
    ys.dedup();
    for band in ys.windows(2) {
        let (top, bottom) = (band[0], band[1]);
        let mut covered: Vec<(f32, f32)> = holes
            .iter()
            .filter(|h| h.top() <= top && h.bottom() >= bottom)
            .map(|h| (h.left().max(area.left()), h.right().min(area.right())))
            .collect();
        covered.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut x = area.left();
        for (left, right) in covered.into_iter().chain([(area.right(), area.right())]) {
            if left > x {
                mesh.add_colored_rect(Rect::from_min_max(pos2(x, top), pos2(left, bottom)), color);
            }
            x = x.max(right);
        }
    }
    if cards_painted {
        return egui::Shape::mesh(mesh);
    }
    let card_color = Palette::for_theme(dark).card.color32();
    let corners = cards
        .iter()
        .filter(|card| card.width() > 2.0 * CARD_ROUNDING && card.height() > 2.0 * CARD_ROUNDING)
        .flat_map(|card| {
            let inner = card.shrink(CARD_ROUNDING);
            // egui's quadrants, as its rounded rectangles number them: 0 the bottom right, then
            // clockwise on screen.
            [(inner.right_bottom(), 0.0), (inner.left_bottom(), 1.0), (inner.left_top(), 2.0), (inner.right_top(), 3.0)]
        })
        .map(|(centre, quadrant)| {
            // The corner's quarter disc, its arc egui's own; its straight sides lie on the card.
            let mut sector = vec![centre];
            egui::epaint::tessellator::path::add_circle_quadrant(&mut sector, centre, CARD_ROUNDING, quadrant);
            egui::Shape::convex_polygon(sector, card_color, Stroke::NONE)
        });
    egui::Shape::Vec(std::iter::once(egui::Shape::mesh(mesh)).chain(corners).collect())
}

/// The colour behind the drawing's cards (painted only where it shows, see [`backdrop_around`]).
pub fn backdrop(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x20, 0x23, 0x28) } else { Color32::from_rgb(0xEE, 0xEB, 0xE6) }
}

/// The transform of a view: fit the figure in `rect`, then apply the user's pan and zoom (the
/// zoom about the centre of `rect`, as [`MapView::navigate`] expects).
pub fn screen_from_model(figure: Rect, rect: Rect, nav: super::map_view::Navigation) -> TSTransform {
    let centre = rect.center().to_vec2();
    TSTransform::from_translation(centre + nav.pan)
        * TSTransform::from_scaling(nav.zoom)
        * TSTransform::from_translation(-centre)
        * display::fit(figure, rect)
}

/// The egui shapes of a display list, item by item with its layer, in screen space (`t` maps
/// the list's units to screen points).
pub fn shapes(ctx: &egui::Context, list: &DisplayList<'_>, t: TSTransform) -> Vec<(Layer, Vec<egui::Shape>)> {
    list.items
        .iter()
        .map(|item| {
            let shapes = match screen_text(item, &t) {
                Some(text) => vec![text.shape(ctx)],
                None => geometry_shapes(item, &t, ctx.pixels_per_point()),
            };
            (item.layer, shapes)
        })
        .collect()
}

/// An item's shapes, except text (laid out each frame, see [`ScreenText`]), for a screen of
/// `pixels_per_point`.
fn geometry_shapes(item: &DrawItem<'_>, t: &TSTransform, pixels_per_point: f32) -> Vec<egui::Shape> {
    geometry_shapes_with(item, t, pixels_per_point, false)
}

/// [`geometry_shapes`]; with `profiled`, the outlines [`profile_strip`] can draw are strips of
/// the stroke-profile texture's coordinates, for a mesh painted with that texture (the cached
/// drawing, see [`CachedDrawing::new`]).
fn geometry_shapes_with(
    item: &DrawItem<'_>,
    t: &TSTransform,
    pixels_per_point: f32,
    profiled: bool,
) -> Vec<egui::Shape> {
    let s = t.scaling;
    let stroke = |st: display::Stroke| Stroke::new(st.width * s, st.color.color32());
    let mut out = Vec::new();
    match &item.primitive {
        Primitive::Shape { geometry, fill, stroke: line } => {
            // The level of detail for this many pixels a model unit (see `Poly::outline_at`).
            let pixels_per_unit = s * pixels_per_point;
            if fill.3 > 0 {
                for poly in geometry.polys.iter().filter(|p| p.closed) {
                    out.push(egui::Shape::mesh(poly.outline_at(pixels_per_unit).fill_mesh(t, fill.color32())));
                }
            }
            if let Some(line) = line.filter(|l| l.width > 0.0 && l.color.3 > 0) {
                // Stroked run by run, cut at hairpins so egui draws no miter spikes.
                for poly in &geometry.polys {
                    let outline = poly.outline_at(pixels_per_unit);
                    for run in outline.stroke_runs {
                        let points: Vec<Pos2> = run.iter().map(|p| t.mul_pos(*p)).collect();
                        let width = line.width * s;
                        if profiled
                            && let Some(strip) = profile_strip(
                                &points,
                                outline.stroke_closed,
                                width,
                                pixels_per_point,
                                line.color.color32(),
                            )
                        {
                            out.push(egui::Shape::mesh(strip));
                            continue;
                        }
                        if outline.stroke_closed && is_ridge_width(width, pixels_per_point) {
                            out.push(egui::Shape::mesh(ridge_loop(&points, width, line.color.color32())));
                            continue;
                        }
                        out.push(if outline.stroke_closed {
                            egui::Shape::closed_line(points, stroke(line))
                        } else {
                            egui::Shape::line(points, stroke(line))
                        });
                    }
                }
            }
        }
        Primitive::Line { points, stroke: line } => {
            let points: Vec<Pos2> = points.iter().map(|p| t.mul_pos(*p)).collect();
            out.push(match points[..] {
                // A segment as egui's own, which it snaps to pixels.
                [a, b] => egui::Shape::line_segment([a, b], stroke(*line)),
                _ => egui::Shape::line(points, stroke(*line)),
            });
        }
        Primitive::Circle { centre, radius, fill, stroke: line } => {
            let (c, r) = (t.mul_pos(*centre), radius * s);
            if profiled
                && line.is_none()
                && fill.3 > 0
                && let Some(quad) = disc_quad(c, r, pixels_per_point, fill.color32())
            {
                out.push(egui::Shape::mesh(quad));
                return out;
            }
            if fill.3 > 0 {
                out.push(egui::Shape::circle_filled(c, r, fill.color32()));
            }
            if let Some(line) = line {
                out.push(egui::Shape::circle_stroke(c, r, stroke(*line)));
            }
        }
        Primitive::Rect { rect, rounding, fill } => {
            out.push(egui::Shape::rect_filled(t.mul_rect(*rect), rounding * s, fill.color32()));
        }
        Primitive::Fade { rect, color } => {
            // A row of vertices per stop, each in the colour at its opacity; egui interpolates
            // the (premultiplied) colours between them, so the fade thins out without greying.
            let r = t.mul_rect(*rect);
            let mut mesh = egui::Mesh::default();
            for (i, (offset, opacity)) in display::FADE_STOPS.iter().enumerate() {
                let y = r.top() + r.height() * offset;
                let c = color.scale_alpha(*opacity).color32();
                mesh.colored_vertex(pos2(r.left(), y), c);
                mesh.colored_vertex(pos2(r.right(), y), c);
                if i > 0 {
                    let k = 2 * i as u32;
                    mesh.add_triangle(k - 2, k - 1, k);
                    mesh.add_triangle(k - 1, k + 1, k);
                }
            }
            out.push(egui::Shape::mesh(mesh));
        }
        Primitive::Text { .. } => {}
    }
    out
}

/// Closed strokes wider than egui's hairline (0.9 px) and at most this wide, in pixels, are
/// drawn as a ridge (see [`ridge_loop`]).
const RIDGE_MAX_PX: f32 = 1.15;

/// Whether a closed stroke `width` points wide is drawn as a ridge on a screen of
/// `pixels_per_point`. Thinner strokes take egui's own hairline path, which is a ridge already.
fn is_ridge_width(width: f32, pixels_per_point: f32) -> bool {
    let px = width * pixels_per_point;
    px > 0.9 && px <= RIDGE_MAX_PX
}

/// Each point's offset, as a unit of the line's half-width, for a line through `points` with
/// mitred joins as egui mitres them: the mean of the normals of the segments either side,
/// lengthened by the join's angle. A repeated point has no direction of its own and takes its
/// neighbour's; the ends of an open line take their one segment's normal.
fn mitred_normals(points: &[Pos2], closed: bool) -> Vec<Vec2> {
    let n = points.len();
    // The normal of the segment from point `i` to the next (none after an open line's end).
    let segment = |i: usize| {
        if closed || i + 1 < n { (points[(i + 1) % n] - points[i]).normalized().rot90() } else { Vec2::ZERO }
    };
    let mut n0 = if closed && n > 0 { segment(n - 1) } else { Vec2::ZERO };
    (0..n)
        .map(|i| {
            let mut n1 = segment(i);
            if n0 == Vec2::ZERO {
                n0 = n1;
            } else if n1 == Vec2::ZERO {
                n1 = n0;
            }
            let mid = (n0 + n1) * 0.5;
            let normal = if mid.length_sq() > 1e-6 { mid / mid.length_sq() } else { n1 };
            n0 = n1;
            normal
        })
        .collect()
}

/// A closed line about a pixel wide as a ridge: opaque along the path, fading to nothing
/// `width` to either side, with the same ink as a line `width` wide. egui tessellates such a line
/// as a flat core a tenth of a pixel wide (none at all at 1 px) between two one-pixel fades:
/// three strips, six triangles a segment. The ridge is two strips, four triangles a segment,
/// and no pixel differs by more than 7 % of the line's colour (`(width - 1) / 2 width` of it, at
/// the edges of egui's core and fades: 5 % at 1.1 px). Under a software
/// renderer every triangle costs time and memory: the bones' and muscles' outlines, most of
/// the drawing, are such lines. Joins are mitred as egui mitres closed lines.
fn ridge_loop(points: &[Pos2], width: f32, color: Color32) -> egui::Mesh {
    let mut mesh = egui::Mesh::default();
    let n = points.len();
    if n < 2 {
        return mesh;
    }
    mesh.reserve_vertices(3 * n);
    mesh.reserve_triangles(4 * n);
    for (p, normal) in points.iter().zip(mitred_normals(points, true)) {
        mesh.colored_vertex(*p + normal * width, Color32::TRANSPARENT);
        mesh.colored_vertex(*p, color);
        mesh.colored_vertex(*p - normal * width, Color32::TRANSPARENT);
    }
    let n = n as u32;
    for i1 in 0..n {
        let i0 = if i1 == 0 { n - 1 } else { i1 - 1 };
        let (a, b) = (3 * i0, 3 * i1);
        mesh.add_triangle(a, a + 1, b);
        mesh.add_triangle(a + 1, b, b + 1);
        mesh.add_triangle(a + 1, a + 2, b + 1);
        mesh.add_triangle(a + 2, b + 1, b + 2);
    }
    mesh
}

/// Texels across each stroke profile: odd, so a tent's peak falls on a texel.
const PROFILE_TEXELS: usize = 65;
/// Stroke widths the flat-topped profiles are made for, in sixteenths of a pixel above one pixel.
const PROFILE_STEPS: usize = 16 * 15;
/// The texture's rows: opaque white (where egui's untextured shapes sample), the tent, then one
/// flat-topped profile per width step.
const PROFILE_ROWS: usize = 2 + PROFILE_STEPS;
/// The widest line drawn from a profile, in pixels; wider ones keep egui's tessellation.
const PROFILE_MAX_PX: f32 = 1.0 + PROFILE_STEPS as f32 / 16.0;
/// The texture holding the profiles (in its top-left corner), with sides a power of two like the
/// font atlas's. Mesa's software renderer (llvmpipe) compiles a fragment shader per kind of
/// texture it samples, and a side that is not a power of two is another kind: a second compile in
/// the first frame, about 250 M instructions (45 ms here) wherever Mesa's shader cache does not
/// hold it yet, as on a first start after installing.
const PROFILE_TEXTURE_SIZE: [usize; 2] = [PROFILE_TEXELS.next_power_of_two(), PROFILE_ROWS.next_power_of_two()];

/// The stroke profiles: how opaque a line is across its width, one row a profile, for
/// [`profile_strip`]. Row 0 is opaque white, so the untextured shapes egui tessellates (which
/// sample the font texture's white texel at `WHITE_UV`, the origin) paint the same with this
/// texture; row 1 a tent, opaque in the middle, nothing at the edges (egui's hairline, and
/// [`ridge_loop`]'s ridge); row `2 + k` the profile egui gives a line `1 + (k + 1) / 16` pixels
/// wide: opaque across its width less a pixel, fading to nothing over a pixel on either side.
/// Premultiplied white, multiplied by the vertex colour as egui's shader does; egui's textures
/// are not sRGB-decoded, so a texture's linear filtering between texels is the same linear
/// interpolation egui applies to vertex colours. Right of the profiles, the discs small dots are
/// drawn from ([`DISCS`], [`disc_quad`]).
fn stroke_profile_image() -> egui::ColorImage {
    let [width, height] = PROFILE_TEXTURE_SIZE;
    let mut pixels = vec![Color32::WHITE; width * height];
    let last = (PROFILE_TEXELS - 1) as f32;
    let mut row = |r: usize, opacity: &dyn Fn(f32) -> f32| {
        for (i, px) in pixels[r * width..r * width + PROFILE_TEXELS].iter_mut().enumerate() {
            // Across the line from -1 to 1, texel centres at the ends.
            let x = 2.0 * i as f32 / last - 1.0;
            let v = (opacity(x).clamp(0.0, 1.0) * 255.0).round() as u8;
            *px = Color32::from_rgba_premultiplied(v, v, v, v);
        }
    };
    row(1, &|x| 1.0 - x.abs());
    for k in 0..PROFILE_STEPS {
        let width = 1.0 + (k + 1) as f32 / 16.0;
        let half = (width + 1.0) / 2.0;
        row(2 + k, &|x| half - x.abs() * half);
    }
    for disc in DISCS {
        let ([x0, y0], side, centre) = (disc.origin(), disc.side(), disc.side() as f32 / 2.0);
        for y in 0..side {
            for x in 0..side {
                let d = (vec2(x as f32 + 0.5, y as f32 + 0.5) - Vec2::splat(centre)).length();
                let v = ((disc.radius + 0.5 - d).clamp(0.0, 1.0) * 255.0).round() as u8;
                pixels[(y0 + y) * width + x0 + x] = Color32::from_rgba_premultiplied(v, v, v, v);
            }
        }
    }
    egui::ColorImage::new(PROFILE_TEXTURE_SIZE, pixels)
}

/// A filled disc in the stroke-profile texture, for [`disc_quad`]: the ink egui's feathered
/// circle gives (opaque to half a pixel inside the edge, nothing half a pixel outside), drawn as a
/// true circle `radius` pixels round, in a square of its own whose outer ring of texels is clear.
#[derive(Clone, Copy, Debug)]
struct Disc {
    radius: f32,
    /// Its square's top-left texel.
    top: usize,
}

impl Disc {
    /// The square's side in texels: the disc, its fade, and a clear ring.
    const fn side(self) -> usize {
        2 * (self.radius + 0.5).ceil() as usize + 2
    }

    fn origin(self) -> [usize; 2] {
        [DISC_COLUMN, self.top]
    }
}

/// Where the discs' squares start, right of the profiles (whose strips sample no texel beyond
/// [`PROFILE_TEXELS`]), with a texel between.
const DISC_COLUMN: usize = PROFILE_TEXELS + 1;

/// The discs' radii in pixels, smallest first: a dot `r` pixels round is drawn from the smallest
/// at least as large, scaled down by at most a third (as egui picks its prepared discs), so its
/// fading edge stays between two thirds of a pixel and a pixel wide.
const DISC_RADII: [f32; 7] = [1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0];

/// The discs of [`DISC_RADII`], stacked down the texture a texel apart.
const DISCS: [Disc; DISC_RADII.len()] = {
    let mut discs = [Disc { radius: 0.0, top: 0 }; DISC_RADII.len()];
    let (mut i, mut top) = (0, 0);
    while i < discs.len() {
        discs[i] = Disc { radius: DISC_RADII[i], top };
        top += discs[i].side() + 1;
        i += 1;
    }
    discs
};

/// A filled dot at `centre` (screen points), `radius` points round, as one quad of the
/// stroke-profile texture's discs: two triangles where egui's feathered circle takes 22 or more,
/// and a true circle where egui's is a polygon. `None` for dots under two thirds of a pixel round
/// or over the largest disc's radius, which egui draws.
fn disc_quad(centre: Pos2, radius: f32, pixels_per_point: f32, color: Color32) -> Option<egui::Mesh> {
    let radius_px = radius * pixels_per_point;
    if radius_px < DISCS[0].radius * 2.0 / 3.0 {
        return None;
    }
    let disc = DISCS.iter().find(|d| d.radius >= radius_px)?;
    // Points a texel: the disc scaled to the dot's radius.
    let scale = radius / disc.radius;
    // From the centres of the clear ring's texels, so linear filtering never reaches outside it.
    let half_texels = disc.side() as f32 / 2.0 - 0.5;
    let rect = Rect::from_center_size(centre, Vec2::splat(2.0 * half_texels * scale));
    let [x0, y0] = disc.origin().map(|t| t as f32 + 0.5);
    let far = (disc.side() - 1) as f32;
    let [width, height] = PROFILE_TEXTURE_SIZE.map(|side| side as f32);
    let uv = Rect::from_min_max(pos2(x0 / width, y0 / height), pos2((x0 + far) / width, (y0 + far) / height));
    let mut mesh = egui::Mesh::default();
    mesh.add_rect_with_uv(rect, uv, color);
    Some(mesh)
}

/// The stroke-profile texture of `ctx`, loaded on first use and kept in its memory.
fn stroke_profiles(ctx: &egui::Context) -> egui::TextureHandle {
    let id = egui::Id::unique("sciatica-explorer.stroke-profiles");
    if let Some(handle) = ctx.data(|d| d.get_temp::<egui::TextureHandle>(id)) {
        return handle;
    }
    let handle = ctx.load_texture("stroke-profiles", stroke_profile_image(), egui::TextureOptions::LINEAR);
    ctx.data_mut(|d| d.insert_temp(id, handle.clone()));
    handle
}

/// A line through `points` (screen points) `width` points wide, as one strip of two triangles a
/// segment whose texture coordinates take its opacity across from [`stroke_profile_image`]: the
/// ink of egui's line, with a third to a half of its triangles (egui: four a segment for a
/// hairline, six for a wider line, fades and core apart). Joins as [`mitred_normals`] makes them.
/// An open line a pixel wide or wider ends as egui ends it, fading to nothing a pixel beyond
/// each end (two triangles an end, as egui's). `None` for what egui draws better: open lines
/// between a hairline and a pixel, and lines wider than [`PROFILE_MAX_PX`].
fn profile_strip(
    points: &[Pos2],
    closed: bool,
    width: f32,
    pixels_per_point: f32,
    color: Color32,
) -> Option<egui::Mesh> {
    let px = width * pixels_per_point;
    let n = points.len();
    if n < 2 || px <= 0.0 {
        return None;
    }
    // Half the strip's width in pixels, the profile's row, and the colour at its peak.
    let (half_px, row, color) = if px <= 0.9 {
        // egui's hairline: a tent a pixel to either side, as opaque as the line is wide.
        (1.0, 1, color.gamma_multiply(px))
    } else if closed && px <= RIDGE_MAX_PX {
        (px, 1, color)
    } else if px <= PROFILE_MAX_PX && (closed || px >= 1.0) {
        let step = ((px - 1.0) * 16.0).round().clamp(1.0, PROFILE_STEPS as f32) as usize;
        ((px + 1.0) / 2.0, 1 + step, color)
    } else {
        return None;
    };
    // egui fades a wide open line's ends over a pixel beyond them; a hairline it leaves square.
    let caps = !closed && row > 1;
    let half = half_px / pixels_per_point;
    let [width, height] = PROFILE_TEXTURE_SIZE.map(|side| side as f32);
    let v = (row as f32 + 0.5) / height;
    let (u_left, u_right) = (0.5 / width, (PROFILE_TEXELS as f32 - 0.5) / width);
    let normals = mitred_normals(points, closed);
    let mut mesh = egui::Mesh::default();
    mesh.reserve_vertices(2 * n + 4);
    mesh.reserve_triangles(2 * n + 4);
    for (p, normal) in points.iter().zip(&normals) {
        mesh.vertices.push(egui::epaint::Vertex { pos: *p + *normal * half, uv: pos2(u_left, v), color });
        mesh.vertices.push(egui::epaint::Vertex { pos: *p - *normal * half, uv: pos2(u_right, v), color });
    }
    let segments = if closed { n } else { n - 1 };
    for i0 in 0..segments {
        let i1 = (i0 + 1) % n;
        let (a, b) = (2 * i0 as u32, 2 * i1 as u32);
        mesh.add_triangle(a, a + 1, b);
        mesh.add_triangle(a + 1, b, b + 1);
    }
    if caps {
        // An end's normal is its segment's (unit), turned a quarter back it points out of the
        // line: the cap's far edge lies a pixel out, where the profile fades to nothing.
        let feather = 1.0 / pixels_per_point;
        for (end, out) in [(0, normals[0].rot90()), (n - 1, -normals[n - 1].rot90())] {
            let (p, normal, k) = (points[end] + out * feather, normals[end], mesh.vertices.len() as u32);
            let clear = Color32::TRANSPARENT;
            mesh.vertices.push(egui::epaint::Vertex { pos: p + normal * half, uv: pos2(u_left, v), color: clear });
            mesh.vertices.push(egui::epaint::Vertex { pos: p - normal * half, uv: pos2(u_right, v), color: clear });
            let a = 2 * end as u32;
            mesh.add_triangle(a, a + 1, k);
            mesh.add_triangle(a + 1, k, k + 1);
        }
    }
    Some(mesh)
}

/// A text item mapped to the screen: laid out (and cached by egui) every frame, never baked into
/// a cached mesh, whose glyph positions would go stale when the font atlas grows.
#[derive(Clone, Debug)]
struct ScreenText {
    pos: Pos2,
    anchor: Align2,
    text: String,
    size: f32,
    color: Color32,
    wrap: Option<f32>,
}

fn screen_text(item: &DrawItem<'_>, t: &TSTransform) -> Option<ScreenText> {
    let Primitive::Text { pos, anchor, text, size, color, strong: _, wrap } = &item.primitive else { return None };
    Some(ScreenText {
        pos: t.mul_pos(*pos),
        anchor: *anchor,
        text: text.clone(),
        size: size * t.scaling,
        color: color.color32(),
        wrap: wrap.map(|w| w * t.scaling),
    })
}

impl ScreenText {
    /// Laid out with its lines aligned as its anchor is (a label right of its text is
    /// right-aligned), wrapped only where the item asks for it.
    fn galley(&self, ctx: &egui::Context) -> Arc<egui::Galley> {
        let font = egui::FontId::proportional(self.size);
        let mut job =
            egui::text::LayoutJob::simple(self.text.clone(), font, self.color, self.wrap.unwrap_or(f32::INFINITY));
        job.halign = self.anchor.x();
        ctx.fonts_mut(|f| f.layout_job(job))
    }

    fn shape(&self, ctx: &egui::Context) -> egui::Shape {
        let galley = self.galley(ctx);
        // An aligned galley's rows start left of its origin: place its rectangle, not its origin.
        let min = self.anchor.anchor_size(self.pos, galley.size()).min - galley.rect.min.to_vec2();
        egui::Shape::galley(min, galley, self.color)
    }
}

/// A text's size on one line at `size` points, as egui lays it out.
fn one_line_size(ctx: &egui::Context, text: &str, size: f32) -> Vec2 {
    let font = egui::FontId::proportional(size);
    ctx.fonts_mut(|f| f.layout_no_wrap(text.to_string(), font, Color32::WHITE).size())
}

/// A text's width on one line, in points.
fn text_width(ui: &egui::Ui, text: &str, size: f32) -> f32 {
    one_line_size(ui.ctx(), text, size).x
}

/// Sizes of the drawing's label texts on one line, as egui lays them out, kept across frames by
/// font size and text. Placing the labels measures each label and each way of breaking it into
/// lines, again on every frame of a pan (the leader lines move with the figure); a look-up in
/// egui's own cache copies the text and hashes its whole layout job each time. A text is kept by
/// its egui [`egui::Id`] (its aHash, as egui's own galley cache keys a layout by its hash): the
/// standard library's SipHash of the text made a panning frame about 1 % slower.
#[derive(Clone, Default)]
struct TextSizes {
    pixels_per_point: f32,
    /// Sizes by the text's id, by the font size's bits.
    by_size: egui::IdMap<egui::IdMap<Vec2>>,
}

impl TextSizes {
    /// Past this many texts the sizes are forgotten and measured again (labels of other zooms,
    /// layers and windows pile up otherwise).
    const MAX_TEXTS: usize = 20_000;

    fn id() -> egui::Id {
        egui::Id::unique("body-map-label-text-sizes")
    }

    /// Runs `f` with the sizes kept in `ctx` (measured at its pixel density), then keeps them.
    fn with<R>(ctx: &egui::Context, f: impl FnOnce(&mut TextSizes) -> R) -> R {
        let ppp = ctx.pixels_per_point();
        let mut sizes = ctx.data_mut(|d| d.remove_temp::<TextSizes>(Self::id())).unwrap_or_default();
        if sizes.pixels_per_point != ppp || sizes.len() > Self::MAX_TEXTS {
            sizes = TextSizes { pixels_per_point: ppp, ..TextSizes::default() };
        }
        let result = f(&mut sizes);
        ctx.data_mut(|d| d.insert_temp(Self::id(), sizes));
        result
    }

    /// How many texts are kept, at all sizes.
    fn len(&self) -> usize {
        self.by_size.values().map(egui::IdMap::len).sum()
    }

    /// `text`'s size at `size` points on one line.
    fn measure(&mut self, ctx: &egui::Context, text: &str, size: f32) -> Vec2 {
        let texts = self.by_size.entry(egui::Id::unique(size.to_bits())).or_default();
        *texts.entry(egui::Id::unique(text)).or_insert_with(|| one_line_size(ctx, text, size))
    }
}

/// What a frame drew in one view, item by item: for tests and tools to check the drawing
/// (e.g. what a teach step lights) without reading pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub items: Vec<DrawnItem>,
}

/// One item of a [`Drawn`] drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnItem {
    pub layer: Layer,
    /// `kind:id` of what it draws ([`display::Target::key`]).
    pub target: Option<String>,
    pub emphasised: bool,
    /// "shape", "line", "circle", "rect", "fade" or "text".
    pub primitive: &'static str,
    /// Fill colour (shapes, circles, rects), when visible.
    pub fill: Option<Rgba>,
    /// The text of a text item.
    pub text: Option<String>,
}

impl Drawn {
    fn of(list: &DisplayList<'_>) -> Drawn {
        let items = list
            .items
            .iter()
            .map(|item| {
                let (primitive, fill, text) = match &item.primitive {
                    Primitive::Shape { fill, .. } => ("shape", Some(*fill), None),
                    Primitive::Line { .. } => ("line", None, None),
                    Primitive::Circle { fill, .. } => ("circle", Some(*fill), None),
                    Primitive::Rect { fill, .. } => ("rect", Some(*fill), None),
                    // A gradient, not a fill.
                    Primitive::Fade { .. } => ("fade", None, None),
                    Primitive::Text { text, .. } => ("text", None, Some(text.clone())),
                };
                DrawnItem {
                    layer: item.layer,
                    target: item.target.map(|t| t.key()),
                    emphasised: item.emphasised,
                    primitive,
                    fill: fill.filter(|f| f.3 > 0),
                    text,
                }
            })
            .collect();
        Drawn { items }
    }

    /// The targets drawn emphasised (`nerve:sural`, `skin:S1` …), sorted, without repeats.
    pub fn emphasised(&self) -> Vec<String> {
        let mut keys: Vec<String> =
            self.items.iter().filter(|i| i.emphasised).filter_map(|i| i.target.clone()).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The items of one layer.
    pub fn layer(&self, layer: Layer) -> impl Iterator<Item = &DrawnItem> {
        self.items.iter().filter(move |i| i.layer == layer)
    }
}

fn drawn_id(view: View) -> egui::Id {
    egui::Id::unique(("body-map-drawn", view))
}

fn figure_id(view: View) -> egui::Id {
    egui::Id::unique(("body-map-figure", view))
}

fn labels_id(view: View) -> egui::Id {
    egui::Id::unique(("body-map-labels", view))
}

fn hidden_labels_id(view: View) -> egui::Id {
    egui::Id::unique(("body-map-hidden-labels", view))
}

/// How many labels the last frame left out of `view` for want of room (0 when all fit or the
/// view was not drawn).
pub fn hidden_labels(ctx: &egui::Context, view: View) -> usize {
    ctx.data(|d| d.get_temp::<usize>(hidden_labels_id(view))).unwrap_or(0)
}

fn recording_id() -> egui::Id {
    egui::Id::unique("body-map-record-drawn")
}

/// From the next frame on, keep what each frame draws for [`last_drawn`] (tests and tools). The
/// window itself does not: naming every item of the labels, drawn anew each panning frame, cost
/// that frame about 2 % of its work.
pub fn record_drawing(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(recording_id(), true));
}

fn recording(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(recording_id())).unwrap_or(false)
}

/// What the last frame drew in `view`, if it showed that view and [`record_drawing`] asked for it.
pub fn last_drawn(ctx: &egui::Context, view: View) -> Option<Arc<Drawn>> {
    let (figure, labels) = ctx.data(|d| d.get_temp::<(Arc<Drawn>, Arc<Drawn>)>(drawn_id(view)))?;
    let items = figure.items.iter().chain(&labels.items).cloned().collect();
    Some(Arc::new(Drawn { items }))
}

/// The cached mesh of `view`'s figure (everything but the labels and texts) that the last frame
/// painted: it is built without the pan, so panning paints the same mesh moved (for tests).
pub fn figure_mesh(ctx: &egui::Context, view: View) -> Option<Arc<egui::Mesh>> {
    ctx.data(|d| d.get_temp::<CachedDrawing>(figure_id(view))).map(|c| c.mesh)
}

/// Part of a view's drawing made ready to paint: the display list's items tessellated into one
/// mesh, its texts, and a hash of the inputs it was made from.
#[derive(Clone)]
struct CachedDrawing {
    key: u64,
    /// The texture `mesh` is painted with, kept as long as the mesh.
    _profiles: egui::TextureHandle,
    mesh: Arc<egui::Mesh>,
    texts: Arc<Vec<ScreenText>>,
    /// What it draws, item by item, when [`record_drawing`] asked for it.
    drawn: Option<Arc<Drawn>>,
    /// The mesh filled ahead into a picture, when [`rasterise_figures`] asked for it.
    raster: Option<Arc<FigureRaster>>,
}

/// A view's figure filled into a picture on the CPU ([`super::raster`]), pixel for pixel as the
/// renderer would fill its mesh, in a texture laid over the window in place of the mesh.
///
/// The window's loader makes it while rehearsing the first frame: a software renderer (Mesa's
/// llvmpipe, as in a virtual machine) spends most of a first frame setting up and filling the
/// figures' fifteen thousand triangles on the window's thread, where a picture is a few quads. It is
/// painted while the figure it was made from is, unmoved and clipped as it was; the first change
/// (a hover, a pan, a mark) makes a new figure, painted as a mesh.
struct FigureRaster {
    /// The picture in pieces whose sides are powers of two, as the other textures' are (Mesa's
    /// llvmpipe compiles its shaders again for a texture of another kind), and which waste little:
    /// one texture of a power-of-two size would be about twice the picture.
    tiles: Vec<RasterTile>,
    /// The clip it was filled within.
    clip: Rect,
}

/// A piece of a [`FigureRaster`]: its texture and where it lies in the window, in points, on
/// whole pixels.
struct RasterTile {
    texture: egui::TextureHandle,
    rect: Rect,
}

fn rasterising_id() -> egui::Id {
    egui::Id::unique("body-map-rasterise-figures")
}

/// Asks the frames of `ctx` to fill their figures into pictures ([`FigureRaster`]), or no longer.
pub fn rasterise_figures(ctx: &egui::Context, on: bool) {
    ctx.data_mut(|d| d.insert_temp(rasterising_id(), on));
}

fn rasterising(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(rasterising_id())).unwrap_or(false)
}

impl FigureRaster {
    /// `mesh` filled within `clip` ([`figure_picture`]) and cut into tiles whose textures are
    /// loaded into `ctx`; `None` where it covers no pixel, or more than a texture may.
    fn new(ctx: &egui::Context, mesh: &egui::Mesh, clip: Rect) -> Option<Self> {
        let ppp = ctx.pixels_per_point();
        let (image, pixels) = figure_picture(mesh, clip, ppp)?;
        let [columns, rows] = image.size.map(tile_sides);
        let mut tiles = Vec::with_capacity(columns.len() * rows.len());
        let mut top = 0;
        for &height in &rows {
            let mut left = 0;
            for &width in &columns {
                // The picture's edge tiles reach past it, clear.
                let mut texels = vec![Color32::TRANSPARENT; width * height];
                for y in 0..height.min(image.size[1].saturating_sub(top)) {
                    let from = (top + y) * image.size[0] + left;
                    let n = width.min(image.size[0] - left);
                    texels[y * width..y * width + n].copy_from_slice(&image.pixels[from..from + n]);
                }
                // Fully clear tiles are not drawn (the legs' gap, the feet's corners).
                if texels.iter().any(|&t| t != Color32::TRANSPARENT) {
                    let tile = egui::ColorImage::new([width, height], texels);
                    let min = pixels.min + vec2(left as f32, top as f32);
                    tiles.push(RasterTile {
                        texture: ctx.load_texture("figure-raster", tile, egui::TextureOptions::LINEAR),
                        rect: Rect::from_min_size(min / ppp, vec2(width as f32, height as f32) / ppp),
                    });
                }
                left += width;
            }
            top += height;
        }
        Some(FigureRaster { tiles, clip })
    }

    /// The textures it is painted with (for tests).
    fn textures(&self) -> impl Iterator<Item = egui::TextureId> + '_ {
        self.tiles.iter().map(|t| t.texture.id())
    }
}

/// Tile sides, powers of two no larger than [`RASTER_TILE_MAX`], that cover `length` pixels
/// with less than 64 to spare: the largest that fit, then the rest rounded up.
fn tile_sides(length: usize) -> Vec<usize> {
    let mut sides = Vec::new();
    let mut left = length;
    while left > 0 {
        let side = if left <= 64 { left.next_power_of_two() } else { RASTER_TILE_MAX.min(1 << left.ilog2()) };
        sides.push(side);
        left = left.saturating_sub(side);
    }
    sides
}

/// The largest tile side: a window's figure is a few tiles.
const RASTER_TILE_MAX: usize = 512;

/// The textures `view`'s figure was painted with by the last frame, if it was painted from a
/// picture filled ahead (for tests).
pub fn figure_raster_textures(ctx: &egui::Context, view: View) -> Vec<egui::TextureId> {
    let cached = ctx.data(|d| d.get_temp::<CachedDrawing>(figure_id(view)));
    cached.and_then(|c| c.raster).map(|r| r.textures().collect()).unwrap_or_default()
}

/// `mesh` (a figure's, in points) filled as egui's renderer fills it, `pixels_per_point` pixels a
/// point, into a picture of the pixels it covers within `clip` (the scissor's edges rounded to
/// pixels as egui_glow rounds them), with where those pixels lie in the window. `None` where it
/// covers none, or more than a texture may.
pub fn figure_picture(mesh: &egui::Mesh, clip: Rect, pixels_per_point: f32) -> Option<(egui::ColorImage, Rect)> {
    let bounds = mesh.calc_bounds();
    let min = (bounds.min * pixels_per_point).floor().max((clip.min * pixels_per_point).round());
    let max = (bounds.max * pixels_per_point).ceil().min((clip.max * pixels_per_point).round());
    if !(min.x < max.x && min.y < max.y) || (max - min).max_elem() > super::MAX_TEXTURE_SIDE as f32 {
        return None;
    }
    let size = [(max.x - min.x) as usize, (max.y - min.y) as usize];
    let mut image = egui::ColorImage::new(size, vec![Color32::TRANSPARENT; size[0] * size[1]]);
    super::raster::fill(&mut image, [min.x as i32, min.y as i32], mesh, &stroke_profile_image(), pixels_per_point);
    Some((image, Rect::from_min_max(min, max)))
}

impl CachedDrawing {
    fn new(ctx: &egui::Context, list: &DisplayList<'_>, t: &TSTransform) -> Self {
        let mut shapes = Vec::new();
        let mut texts = Vec::new();
        for item in &list.items {
            match screen_text(item, t) {
                Some(text) => texts.push(text),
                None => shapes.extend(geometry_shapes_with(item, t, ctx.pixels_per_point(), true)),
            }
        }
        // The whole figure is painted with the stroke profiles: the outlines sample their rows,
        // everything else its white texel where egui's white one was.
        let profiles = stroke_profiles(ctx);
        let mut mesh = tessellate(ctx, shapes);
        Arc::make_mut(&mut mesh).texture_id = profiles.id();
        let drawn = recording(ctx).then(|| Arc::new(Drawn::of(list)));
        CachedDrawing { key: 0, _profiles: profiles, mesh, texts: Arc::new(texts), drawn, raster: None }
    }

    /// The cached drawing under `id` if it was made from `key` (and recorded, if asked), else a
    /// new one from `build`.
    fn reuse_or(ctx: &egui::Context, id: egui::Id, key: u64, build: impl FnOnce() -> Self) -> Self {
        let record = recording(ctx);
        let reusable = |c: &CachedDrawing| c.key == key && (c.drawn.is_some() || !record);
        if let Some(cached) = ctx.data(|d| d.get_temp::<CachedDrawing>(id)).filter(reusable) {
            return cached;
        }
        let drawing = CachedDrawing { key, ..build() };
        ctx.data_mut(|d| d.insert_temp(id, drawing.clone()));
        drawing
    }

    /// Paints the mesh moved by `offset` within `clip`, then the texts, laid out this frame.
    /// egui moves the mesh's vertices as it copies them into its output, after tessellation
    /// (a copy of the mesh moved here would cost an allocation, and page faults, every frame);
    /// whole pixels keep the tessellator's pixel snapping.
    fn paint(&self, ctx: &egui::Context, layer: egui::LayerId, clip: Rect, offset: Vec2) {
        if let Some(raster) = self.raster.as_ref().filter(|r| offset == Vec2::ZERO && r.clip == clip) {
            let painter = egui::Painter::new(ctx.clone(), layer, clip);
            for tile in &raster.tiles {
                // Texel centres on pixel centres: each pixel takes its texel unfiltered.
                let mut picture = egui::Mesh::with_texture(tile.texture.id());
                let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
                picture.add_rect_with_uv(tile.rect, uv, Color32::WHITE);
                painter.add(egui::Shape::mesh(picture));
            }
        } else {
            // The clip is moved with the shape: give it where it lands before the move.
            let painter = egui::Painter::new(ctx.clone(), layer, clip.translate(-offset));
            let mesh = painter.add(egui::Shape::mesh(self.mesh.clone()));
            if offset != Vec2::ZERO {
                let moved = TSTransform::from_translation(offset);
                let next = egui::layers::ShapeIdx(mesh.0 + 1);
                ctx.graphics_mut(|g| g.entry(layer).transform_after_rounding_range(mesh, next, moved));
            }
        }
        let painter = egui::Painter::new(ctx.clone(), layer, clip);
        for text in self.texts.iter() {
            let mut text = text.clone();
            text.pos += offset;
            painter.add(text.shape(ctx));
        }
    }
}

/// A view's label columns as the last frame chose and measured them, kept until what they
/// depend on changes ([`columns_key`]): choosing them names and measures every label and every
/// word of it, a good part of a frame's work, for a result that changes only with the layers,
/// the trace, teach mode's story and the label size. Items are kept by their index in the
/// view's labels, which they borrow from.
#[derive(Clone)]
struct CachedColumns {
    key: u64,
    left: Vec<(usize, Pos2, String, u8)>,
    right: Vec<(usize, Pos2, String, u8)>,
    left_width: f32,
    right_width: f32,
    min_width: f32,
}

fn columns_id(view: View) -> egui::Id {
    egui::Id::unique(("body-map-label-columns", view))
}

/// Which choice of label columns the last frame used in `view` (the same number while they are
/// reused), if it drew labels there: for tests.
pub fn label_columns_made(ctx: &egui::Context, view: View) -> Option<usize> {
    ctx.data(|d| d.get_temp::<Arc<CachedColumns>>(columns_id(view))).map(|c| Arc::as_ptr(&c) as usize)
}

impl CachedColumns {
    /// The columns made from `key` last time, or `build`'s (then kept).
    fn reuse_or<'a>(
        ctx: &egui::Context,
        view: View,
        view_map: &'a ViewMap,
        key: u64,
        build: impl FnOnce() -> LabelColumns<'a>,
    ) -> LabelColumns<'a> {
        let cached = ctx.data(|d| d.get_temp::<Arc<CachedColumns>>(columns_id(view))).filter(|c| c.key == key);
        let cached = cached.unwrap_or_else(|| {
            let columns = build();
            // An item borrows its id from the view's label: that label's index finds it again.
            let index = |item: &display::LabelItem<'_>| {
                view_map.labels.iter().position(|l| std::ptr::eq(l.id.as_str(), item.id) && l.kind == item.kind)
            };
            let keep = |items: &[display::LabelItem<'_>]| {
                items.iter().filter_map(|i| Some((index(i)?, i.anchor, i.text.clone(), i.priority))).collect()
            };
            let cached = Arc::new(CachedColumns {
                key,
                left: keep(&columns.left),
                right: keep(&columns.right),
                left_width: columns.left_width,
                right_width: columns.right_width,
                min_width: columns.min_width,
            });
            ctx.data_mut(|d| d.insert_temp(columns_id(view), cached.clone()));
            cached
        });
        let items = |kept: &[(usize, Pos2, String, u8)]| {
            kept.iter()
                .filter_map(|(index, anchor, text, priority)| {
                    let label = view_map.labels.get(*index)?;
                    Some(display::LabelItem {
                        anchor: *anchor,
                        text: text.clone(),
                        kind: label.kind,
                        id: &label.id,
                        priority: *priority,
                    })
                })
                .collect()
        };
        LabelColumns {
            left: items(&cached.left),
            right: items(&cached.right),
            left_width: cached.left_width,
            right_width: cached.right_width,
            min_width: cached.min_width,
        }
    }
}

/// A hash of what a view's label columns depend on: the map and knowledge in use (names come
/// from it), the view, the layers, what is traced and teach mode's story (they choose and rank
/// the labels), the label size and the pixel density (text is measured at it).
fn columns_key(
    input: &Input<'_>,
    view: View,
    layers: geometry::Layers,
    focus: display::LabelFocus<'_>,
    font: f32,
    pixels_per_point: f32,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::ptr::from_ref(input.map).hash(&mut h);
    std::ptr::from_ref(input.kb).hash(&mut h);
    view.hash(&mut h);
    layers.hash(&mut h);
    for highlight in [focus.highlight, focus.story] {
        highlight.is_some().hash(&mut h);
        if let Some(hl) = highlight {
            for set in [&hl.roots, &hl.nerves, &hl.muscles, &hl.territories, &hl.dermatomes] {
                set.hash(&mut h);
            }
            hl.side.hash(&mut h);
        }
    }
    font.to_bits().hash(&mut h);
    pixels_per_point.to_bits().hash(&mut h);
    h.finish()
}

/// Tessellates shapes into one mesh, as egui would at the end of the frame.
fn tessellate(ctx: &egui::Context, shapes: Vec<egui::Shape>) -> Arc<egui::Mesh> {
    let options = ctx.tessellation_options(|o| *o);
    let size = ctx.fonts(|f| f.font_image_size());
    // Prepared discs only speed up tiny circles; without them the tessellator draws paths.
    let mut tessellator = egui::epaint::Tessellator::new(ctx.pixels_per_point(), options, size, Vec::new());
    let mut mesh = egui::Mesh::default();
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    Arc::new(mesh)
}

/// A hash of everything a view's figure depends on: the map and knowledge in use, the view,
/// its rectangle and its transform without the pan (see [`draw_view`]), the theme, layers and
/// variant, the selection, the highlight (which a teach step sets without changing the trace),
/// the hover and the pixel density. The labels' key adds the pan (their leader lines run from
/// the moving figure to the columns, which stay).
#[allow(clippy::too_many_arguments)]
fn cache_key(
    input: &Input<'_>,
    view: View,
    rect: Rect,
    t: &TSTransform,
    dark: bool,
    labels_on: bool,
    hovered_area: Option<&AreaRef>,
    hovered_nerve: Option<&str>,
    pixels_per_point: f32,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::ptr::from_ref(input.map).hash(&mut h);
    std::ptr::from_ref(input.kb).hash(&mut h);
    view.hash(&mut h);
    for x in
        [rect.min.x, rect.min.y, rect.max.x, rect.max.y, t.scaling, t.translation.x, t.translation.y, pixels_per_point]
    {
        x.to_bits().hash(&mut h);
    }
    dark.hash(&mut h);
    labels_on.hash(&mut h);
    input.settings.layers.hash(&mut h);
    input.settings.variant.as_str().hash(&mut h);
    for s in &input.state.selection {
        s.area.hash(&mut h);
        s.intensity.hash(&mut h);
    }
    let hl = input.highlight;
    for set in [&hl.roots, &hl.nerves, &hl.muscles, &hl.territories, &hl.dermatomes] {
        set.hash(&mut h);
    }
    hl.side.hash(&mut h);
    hovered_area.hash(&mut h);
    hovered_nerve.hash(&mut h);
    input.comparison.hash(&mut h);
    h.finish()
}

fn area_ref(area: &geometry::Area) -> AreaRef {
    AreaRef::new(&area.id, area.side)
}

/// A label's name from the knowledge in use.
fn label_name(kb: &KnowledgeBase, kind: LabelKind, id: &str) -> Option<String> {
    match kind {
        LabelKind::Nerve => Some(kb.name_of(LinkKind::Nerve, id)),
        LabelKind::Muscle => Some(kb.name_of(LinkKind::Muscle, id)),
        LabelKind::Root | LabelKind::Bone => None,
    }
}

/// The item a drawn nerve or root stands for.
fn nerve_item(nerve: &NerveShape) -> Item {
    match nerve.kind {
        NerveKind::Root => Item::Root(nerve.id.clone()),
        NerveKind::Nerve => Item::Nerve(nerve.id.clone()),
    }
}

/// Views narrower than this leave labels out.
const MIN_VIEW_WIDTH_FOR_LABELS: f32 = 170.0;
/// Room left above the label columns for the side marks ("L", "R"), and below them for the
/// hidden-labels note, in points.
const MARK_ROOM: f32 = 22.0;
const NOTE_ROOM: f32 = 18.0;
/// A view this wide or wider has labels at full size; narrower ones shrink them towards
/// [`display::LABEL_FONT_MIN`] at [`SMALL_VIEW_WIDTH`].
const FULL_VIEW_WIDTH: f32 = 440.0;
const SMALL_VIEW_WIDTH: f32 = 200.0;

/// The label text size for a view `width` points wide, in half points: a handful of sizes whose
/// glyphs are rasterised once (and the window's usual ones while it opens, see
/// [`super::style::warm_glyphs`]), not a new size for every width of the window.
fn label_font(width: f32) -> f32 {
    let t = ((width - SMALL_VIEW_WIDTH) / (FULL_VIEW_WIDTH - SMALL_VIEW_WIDTH)).clamp(0.0, 1.0);
    let size = display::LABEL_FONT_MIN + t * (LABEL_FONT - display::LABEL_FONT_MIN);
    (size * 2.0).round() / 2.0
}

/// Everything teach mode's story lights (all its steps): the labels it keeps.
fn story_highlight(state: &UiState) -> Option<Highlight> {
    let teach = state.teach.as_ref()?;
    let mut all = Highlight::default();
    for step in &teach.steps {
        let h = &step.highlight;
        all.roots.extend(h.roots.iter().cloned());
        all.nerves.extend(h.nerves.iter().cloned());
        all.muscles.extend(h.muscles.iter().cloned());
        all.territories.extend(h.territories.iter().cloned());
        all.dermatomes.extend(h.dermatomes.iter().cloned());
    }
    Some(all)
}

/// Draws one view; returns what the pointer is over when it is over this view.
#[allow(clippy::too_many_arguments)]
fn draw_view(
    ui: &mut egui::Ui,
    input: &Input<'_>,
    map_view: &mut MapView,
    view: View,
    rect: Rect,
    secondary: bool,
    actions: &mut Vec<Action>,
) -> Option<Item> {
    let dark = ui.visuals().dark_mode;
    let palette = Palette::for_theme(dark);
    let view_map = input.map.view(view);
    let layers = input.settings.layers;
    let painter = ui.painter_at(rect);
    if cards_painted(ui.visuals()) {
        painter.rect_filled(rect, CARD_ROUNDING, palette.card.color32());
    }

    // Title and orientation.
    let title_h = 44.0;
    let (title, subtitle) = match view {
        View::Posterior => ("Back view", "seen from behind"),
        View::Anterior => ("Front view", "seen from the front"),
    };
    let text_color = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();

    // Labels need room beside the figure; a narrow view shows the drawing alone.
    let labels_on = layers.labels && rect.width() >= MIN_VIEW_WIDTH_FOR_LABELS;
    let patient_left_on_viewer_left = view_map.patient_left_on_viewer_left();
    let mut figure_rect = rect;
    figure_rect.min.y += title_h;
    figure_rect = figure_rect.shrink(8.0);
    let figure = display::figure_bounds(view_map);
    let font = label_font(rect.width());
    let story = story_highlight(input.state);
    let focus = display::LabelFocus { highlight: Some(input.highlight), story: story.as_ref() };
    let mut columns = if labels_on {
        let key = columns_key(input, view, layers, focus, font, ui.ctx().pixels_per_point());
        CachedColumns::reuse_or(ui.ctx(), view, view_map, key, || {
            let name = |kind, id: &str| label_name(input.kb, kind, id);
            display::label_columns(view_map, layers, focus, &name, &mut |text| text_width(ui, text, font), 1.0)
        })
    } else {
        LabelColumns::default()
    };
    if labels_on {
        // The figure takes the full height if it can; the label columns share what is left of
        // the width, never narrower than their longest word (labels break between words only,
        // so a narrow view gives the figure up a little instead).
        let height_scale = figure_rect.height() / figure.height().max(1.0);
        let spare = (figure_rect.width() - figure.width() * height_scale).max(0.0) / 2.0;
        // The figure gives up width for whole words only, and not much: in a
        // narrow view the labels whose words do not fit are left out (and counted).
        let want = columns.left_width.max(columns.right_width);
        let least = columns.min_width.min(figure_rect.width() * 0.3);
        let column = spare.clamp(least, want.max(least));
        columns.left_width = if columns.left.is_empty() { 0.0 } else { column };
        columns.right_width = if columns.right.is_empty() { 0.0 } else { column };
    }
    figure_rect.min.x += columns.left_width;
    figure_rect.max.x -= columns.right_width;
    frame_highlight(ui, input, map_view, view, figure, figure_rect);
    let nav = map_view.navigation(view);
    let t = screen_from_model(figure, figure_rect, nav);
    let inverse = t.inverse();

    let id = ui.make_persistent_id(("body-map", view));
    // Not focusable: Tab goes to the areas, and Space or Enter never acts on whatever the mouse
    // happens to rest on (it would trace a nerve, or mark an area, unseen by a keyboard user).
    let response = ui.interact(rect, id, Sense::CLICK | Sense::DRAG);

    let pointer = response.hover_pos().filter(|p| rect.contains(*p) && !map_view.ignore_pointer);
    let model_pointer = pointer.map(|p| inverse.mul_pos(p));
    let hovered_nerve = if layers.nerves {
        model_pointer.and_then(|p| {
            view_map
                .nerve_at(p, NERVE_PICK_PX / t.scaling.max(1e-3), Some(input.settings.variant))
                .filter(|n| !n.hidden)
        })
    } else {
        None
    };
    // A click marks the area under the pointer, nerve lines or not (they cover much of the back
    // of the thigh); a nerve takes the click with Alt held, or where no area is under it.
    let area_under = model_pointer.and_then(|p| view_map.area_at(p)).map(area_ref);
    let alt = ui.input(|i| {
        i.modifiers.alt
            || i.events.iter().any(|e| matches!(e, egui::Event::PointerButton { modifiers, .. } if modifiers.alt))
    });
    let click_traces = hovered_nerve.is_some() && (alt || area_under.is_none());
    let hovered_area = if click_traces { None } else { area_under };
    // The drawing is a pure function of these inputs: build its display list and tessellate it
    // once, and reuse the meshes until one of them changes. The figure is built without the pan
    // (to the nearest pixel) and moved when painted, so panning reuses it; the labels, whose
    // leader lines join the moving figure to the fixed columns, are built again.
    let ppp = ui.ctx().pixels_per_point();
    let pan = (nav.pan * ppp).round() / ppp;
    let unpanned = TSTransform::from_translation(-pan) * t;
    let hovered_nerve_id = hovered_nerve.map(|n| n.id.as_str());
    let key = |t: &TSTransform| {
        cache_key(input, view, rect, t, dark, labels_on, hovered_area.as_ref(), hovered_nerve_id, ppp)
    };
    let mut figure_drawing = CachedDrawing::reuse_or(ui.ctx(), figure_id(view), key(&unpanned), || {
        let selected: Vec<Marked> = input
            .state
            .selection
            .iter()
            .map(|s| Marked { id: &s.area.base, side: s.area.side, intensity: s.intensity })
            .collect();
        let scene = Scene {
            view: view_map,
            layers,
            variant: input.settings.variant,
            selected: &selected,
            highlight: input.highlight,
            hovered_area: hovered_area.as_ref().map(|a| (a.base.as_str(), a.side)),
            hovered_nerve: hovered_nerve_id,
            palette,
            points_per_unit: t.scaling,
        };
        let mut list = display::build_view(&scene);
        if let Some(comparison) = input.comparison {
            display::comparison(&mut list, &scene, comparison, &mut |text, size| one_line_size(ui.ctx(), text, size));
        }
        CachedDrawing::new(ui.ctx(), &list, &unpanned)
    });
    // The labels also follow teach mode's story.
    let labels_key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key(&t).hash(&mut h);
        input.state.teach.as_ref().map(|teach| &teach.subject).hash(&mut h);
        h.finish()
    };
    let labels_drawing = CachedDrawing::reuse_or(ui.ctx(), labels_id(view), labels_key, || {
        let mut list = DisplayList::default();
        if labels_on {
            let column_range = egui::Rangef::new(figure_rect.top() + MARK_ROOM, rect.bottom() - NOTE_ROOM);
            // In a wide card the columns hug the figure as drawn (short leader lines) and the
            // margins stay empty; a zoomed figure fills the room between the columns.
            let drawn = t.mul_rect(figure).x_range().intersection(figure_rect.x_range());
            let hugged =
                if drawn.span() > 0.0 { Rect::from_x_y_ranges(drawn, figure_rect.y_range()) } else { figure_rect };
            let frame = LabelFrame { transform: t, card: rect, figure: hugged, column_range, unit: 1.0, font };
            let report = TextSizes::with(ui.ctx(), |sizes| {
                display::labels(&mut list, &columns, &frame, palette, &mut |text, size| {
                    sizes.measure(ui.ctx(), text, size)
                })
            });
            ui.ctx().data_mut(|d| d.insert_temp(hidden_labels_id(view), report.hidden.len()));
        } else {
            ui.ctx().data_mut(|d| d.insert_temp(hidden_labels_id(view), 0usize));
        }
        CachedDrawing::new(ui.ctx(), &list, &t)
    });
    let hidden = hidden_labels(ui.ctx(), view);
    if let (Some(figure), Some(labels)) = (&figure_drawing.drawn, &labels_drawing.drawn) {
        ui.ctx().data_mut(|d| d.insert_temp(drawn_id(view), (figure.clone(), labels.clone())));
    }
    // Clipped a point inside the card, so egui's tessellator starts a new output mesh for the
    // figure and copies its vertices once, into a buffer of the right size, instead of growing the
    // card's mesh to take them (each growth copies everything again: most of a frame's time).
    let clip = rect.shrink(1.0).intersect(painter.clip_rect());
    // A software renderer keeps a frame's triangles until the frame ends: finishing what came
    // before each view's drawing holds about a third of them at a time (see `renderer`).
    super::renderer::finish_what_came_before(&painter.with_clip_rect(clip), clip);
    if rasterising(ui.ctx()) && pan == Vec2::ZERO && figure_drawing.raster.as_ref().is_none_or(|r| r.clip != clip) {
        figure_drawing.raster = FigureRaster::new(ui.ctx(), &figure_drawing.mesh, clip).map(Arc::new);
        let kept = figure_drawing.clone();
        ui.ctx().data_mut(|d| d.insert_temp(figure_id(view), kept));
    }
    figure_drawing.paint(ui.ctx(), ui.layer_id(), clip, pan);
    labels_drawing.paint(ui.ctx(), ui.layer_id(), painter.clip_rect(), Vec2::ZERO);
    // Side markers beside the thighs, just outside the silhouette, where nothing else is drawn.
    let (left_mark, right_mark) = if patient_left_on_viewer_left { ("L", "R") } else { ("R", "L") };
    let mark_font = egui::FontId::proportional(18.0);
    // With labels beside the figure, at its top corners, above the label columns (which leave
    // the room); alone, level with the thighs.
    let mark_y = if labels_on {
        figure_rect.top() + MARK_ROOM / 2.0
    } else {
        t.mul_pos(pos2(figure.center().x, figure.top() + figure.height() * 0.36)).y
    };
    let mark_color = weak.gamma_multiply(0.9);
    painter.text(
        pos2(t.mul_pos(figure.left_top()).x - 2.0, mark_y),
        egui::Align2::RIGHT_CENTER,
        left_mark,
        mark_font.clone(),
        mark_color,
    );
    painter.text(
        pos2(t.mul_pos(figure.right_top()).x + 2.0, mark_y),
        egui::Align2::LEFT_CENTER,
        right_mark,
        mark_font,
        mark_color,
    );
    // The title last, over anything a zoomed drawing put under it.
    painter.text(
        rect.min + vec2(14.0, 10.0),
        egui::Align2::LEFT_TOP,
        title,
        egui::FontId::proportional(18.0),
        text_color,
    );
    painter.text(rect.min + vec2(14.0, 31.0), egui::Align2::LEFT_TOP, subtitle, egui::FontId::proportional(12.0), weak);
    if hidden > 0 {
        let note = if hidden == 1 {
            "1 label hidden: zoom in".to_string()
        } else {
            format!("{hidden} labels hidden: zoom in")
        };
        painter.text(
            rect.left_bottom() + vec2(10.0, -5.0),
            egui::Align2::LEFT_BOTTOM,
            note,
            egui::FontId::proportional(11.0),
            weak,
        );
    }

    // Interaction: accessible area widgets, clicks, drags, zoom.
    area_widgets(ui, input, view, view_map, &t, rect, secondary, actions);
    if response.clicked_by(egui::PointerButton::Primary) {
        if let Some(nerve) = hovered_nerve.filter(|_| click_traces) {
            actions.push(Action::Selection(SelectionAction::ToggleTrace(nerve_item(nerve))));
        } else if let Some(area) = &hovered_area {
            actions.push(Action::Selection(SelectionAction::ToggleArea(area.clone())));
        }
    }
    let drag = response.drag_delta();
    if drag != Vec2::ZERO {
        map_view.navigate(view, 1.0, Vec2::ZERO, drag);
    }
    if let Some(p) = pointer {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = zoom * (scroll * 0.002).exp();
        if (factor - 1.0).abs() > 1e-4 {
            map_view.navigate(view, factor, p - figure_rect.center(), Vec2::ZERO);
        }
    }
    if let Some(p) = pointer {
        let hovered = hovered_nerve.map(nerve_item).or(hovered_area.clone().map(Item::Area));
        if let Some(item) = &hovered {
            let marks = hovered_area.as_ref().filter(|_| hovered_nerve.is_some());
            tooltip(&painter, input.kb, p, rect, item, marks, dark);
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        return hovered;
    }
    None
}

/// A new trace or teach step pans and zooms `view` to what it lights (eased, unless egui's
/// animations are off), and the glide under way moves on: another frame is asked for only while
/// it runs.
fn frame_highlight(
    ui: &egui::Ui,
    input: &Input<'_>,
    map_view: &mut MapView,
    view: View,
    figure: Rect,
    figure_rect: Rect,
) {
    let now = ui.input(|i| i.time);
    if map_view.needs_framing(view, input.highlight) {
        let scene = Scene {
            view: input.map.view(view),
            layers: input.settings.layers,
            variant: input.settings.variant,
            selected: &[],
            highlight: input.highlight,
            hovered_area: None,
            hovered_nerve: None,
            palette: Palette::for_theme(ui.visuals().dark_mode),
            points_per_unit: 1.0,
        };
        let to = super::map_view::framing(figure, figure_rect, geometry::frame::frame_box(&scene));
        let animate = ui.style().animation_time > 0.0;
        map_view.frame(view, input.highlight, to, now, animate);
    }
    if map_view.advance(view, now) {
        ui.ctx().request_repaint();
    }
}

/// Height of the strip above the views that names the trace.
const CAPTION_HEIGHT: f32 = 34.0;

/// "Tracing: Sural nerve — Esc to clear" in a strip above the views while something is traced
/// (teach mode names its steps itself); a click on it clears the trace too. Returns the height
/// it took from the top of `rect`.
fn trace_caption(ui: &mut egui::Ui, input: &Input<'_>, rect: Rect, actions: &mut Vec<Action>) -> f32 {
    let Some(item) = input.state.trace.as_ref().filter(|_| input.state.teach.is_none()) else { return 0.0 };
    let text = format!("Tracing: {} — Esc to clear", item.name(input.kb));
    let visuals = ui.visuals();
    let (fill, color) = (visuals.panel_fill, visuals.strong_text_color());
    let accent = Palette::for_theme(visuals.dark_mode).nerve_highlight.color32();
    let galley = ui.painter().layout_no_wrap(text.clone(), egui::FontId::proportional(15.0), color);
    let strip = Rect::from_min_size(rect.min, vec2(rect.width(), CAPTION_HEIGHT));
    let pill = Rect::from_center_size(strip.center() + vec2(0.0, 4.0), galley.size() + vec2(24.0, 10.0));
    let response = ui.interact(pill, ui.make_persistent_id("trace-caption"), Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
    let painter = ui.painter_at(strip);
    let stroke = Stroke::new(if response.hovered() { 3.0 } else { 2.0 }, accent);
    painter.rect(pill, pill.height() / 2.0, fill, stroke, egui::StrokeKind::Inside);
    painter.galley(pill.center() - galley.size() / 2.0, galley, color);
    if response.on_hover_text("Click or press Esc to clear the trace").clicked() {
        actions.push(Action::Selection(SelectionAction::SetTrace(None)));
    }
    CAPTION_HEIGHT
}

/// The name of what the pointer is over; over a nerve that crosses an area, also the area a
/// plain click marks (`marks`).
fn tooltip(
    painter: &egui::Painter,
    kb: &KnowledgeBase,
    p: Pos2,
    within: Rect,
    item: &Item,
    marks: Option<&AreaRef>,
    dark: bool,
) {
    let text = match (item, marks) {
        (Item::Area(area), _) => area.label(kb),
        (other, Some(area)) => format!("{} — Alt-click to trace\nClick to mark {}", other.name(kb), area.label(kb)),
        (other, None) => format!("{} — click to trace", other.name(kb)),
    };
    let font = egui::FontId::proportional(14.0);
    let color = if dark { Color32::WHITE } else { Color32::from_rgb(0x1E, 0x1E, 0x24) };
    let galley = painter.layout_no_wrap(text, font, color);
    // Below-right of the pointer, moved back inside the card when it would overflow.
    let size = galley.size();
    let mut pos = p + vec2(14.0, 14.0);
    pos.x = pos.x.min(within.right() - size.x - 10.0).max(within.left() + 10.0);
    pos.y = pos.y.min(within.bottom() - size.y - 8.0);
    let bg = Rect::from_min_size(pos, size).expand2(vec2(7.0, 4.0));
    let fill = if dark {
        Color32::from_rgba_unmultiplied(0x10, 0x12, 0x16, 0xE8)
    } else {
        Color32::from_rgba_unmultiplied(0xFF, 0xFF, 0xFF, 0xF0)
    };
    painter.rect(bg, 5.0, fill, Stroke::new(1.0, Color32::from_gray(150)), egui::StrokeKind::Outside);
    painter.galley(pos, galley, color);
}

/// One focusable, labelled node per pain area, centred on its label point (inside the area), so
/// screen readers, keyboard users and tests can reach every area by name. The focused area has a
/// ring and its name beside it (the status bar names it too); Space or Enter marks it.
#[allow(clippy::too_many_arguments)]
fn area_widgets(
    ui: &mut egui::Ui,
    input: &Input<'_>,
    view: View,
    view_map: &ViewMap,
    t: &TSTransform,
    rect: Rect,
    secondary: bool,
    actions: &mut Vec<Action>,
) {
    // The skip control or its key asked for the drawing: its first area shown takes focus.
    let mut give_focus = !secondary && super::keyboard::take_drawing_focus_request(ui.ctx());
    for area in &view_map.areas {
        let centre = t.mul_pos(area.label);
        if !rect.contains(centre) {
            continue;
        }
        // Every area's widget, every frame: nothing here formats or allocates unless asked.
        let selected = input.state.is_marked(&area.id, area.side);
        let widget_rect = Rect::from_center_size(centre, vec2(14.0, 14.0));
        let id = ui.make_persistent_id(("area", view, area.id.as_str(), area.side));
        let response = ui.interact(widget_rect, id, Sense::click());
        if std::mem::take(&mut give_focus) {
            response.request_focus();
        }
        let label = || {
            let mut label = area_ref(area).label(input.kb);
            if secondary {
                // The same area appears in both views: keep names unique for assistive technology.
                label.push_str(" (front view)");
            }
            // Comparing two visits: the area's change, as its tag on the drawing says it.
            if let Some(tag) = input.comparison.and_then(|c| c.tag(&area.id, area.side)) {
                label.push_str(": ");
                label.push_str(&tag.text);
            }
            label
        };
        // Named only when asked (assistive technology, tests): not every frame.
        response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, selected, label()));
        if response.has_focus() {
            let dark = ui.visuals().dark_mode;
            let ring = super::style::focus_stroke(dark);
            ui.painter().circle_stroke(centre, 9.0, ring);
            ui.painter().circle_filled(centre, 3.0, ring.color);
            focus_caption(ui, &area_ref(area).label(input.kb), centre, rect, dark);
            super::keyboard::draws_own_focus_ring(ui.ctx(), response.id);
            super::keyboard::set_focused_area(ui.ctx(), response.id, label());
        }
        if response.clicked() {
            actions.push(Action::Selection(SelectionAction::ToggleArea(area_ref(area))));
        }
    }
}

/// The focused area's name beside its ring, kept inside the view's card.
fn focus_caption(ui: &egui::Ui, name: &str, centre: Pos2, within: Rect, dark: bool) {
    let painter = ui.painter_at(within);
    let color = if dark { Color32::WHITE } else { Color32::from_rgb(0x1E, 0x1E, 0x24) };
    let galley = painter.layout_no_wrap(name.to_string(), egui::FontId::proportional(14.0), color);
    let size = galley.size();
    // Above-right of the ring, so the mouse's tooltip (below-right of the pointer) rarely covers it.
    let mut pos = centre + vec2(14.0, -14.0 - size.y);
    pos.x = pos.x.min(within.right() - size.x - 10.0).max(within.left() + 10.0);
    pos.y = pos.y.max(within.top() + 8.0);
    let bg = Rect::from_min_size(pos, size).expand2(vec2(6.0, 3.0));
    let fill = if dark { Color32::from_rgb(0x10, 0x12, 0x16) } else { Color32::WHITE };
    painter.rect(bg, 5.0, fill, super::style::focus_stroke(dark), egui::StrokeKind::Outside);
    painter.galley(pos, galley, color);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept label sizes are egui's own, kept between frames, and measured again at another
    /// pixel density (the text's size in points can change with the pixel grid).
    #[test]
    fn label_text_sizes_are_egui_s_kept_between_frames_and_redone_at_another_density() {
        let ctx = egui::Context::default();
        let egui_size = |text: &str| {
            ctx.fonts_mut(|f| {
                f.layout_no_wrap(text.to_string(), egui::FontId::proportional(13.0), Color32::WHITE).size()
            })
        };
        ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
        let first = TextSizes::with(&ctx, |sizes| sizes.measure(&ctx, "Sciatic nerve", 13.0));
        assert_eq!(first, egui_size("Sciatic nerve"));
        let kept =
            TextSizes::with(&ctx, |sizes| (sizes.len(), sizes.measure(&ctx, "Sciatic nerve", 13.0), sizes.len()));
        assert_eq!(kept, (1, first, 1), "measured once, then kept");
        ctx.set_pixels_per_point(2.0);
        ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
        let count = TextSizes::with(&ctx, |sizes| sizes.len());
        assert_eq!(count, 0, "another pixel density measures again");
    }

    /// The first triangle of the mesh that holds `q`, and `q`'s barycentric weights in it (the
    /// strips of a line never overlap).
    fn triangle_at(mesh: &egui::Mesh, q: Pos2) -> Option<([egui::epaint::Vertex; 3], [f32; 3])> {
        let cross = |a: Pos2, b: Pos2, c: Pos2| (b - a).x * (c - a).y - (b - a).y * (c - a).x;
        mesh.indices.chunks_exact(3).find_map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.vertices[i as usize]);
            let area = cross(a.pos, b.pos, c.pos);
            if area.abs() < 1e-9 {
                return None;
            }
            let weights = [cross(b.pos, c.pos, q) / area, cross(c.pos, a.pos, q) / area, cross(a.pos, b.pos, q) / area];
            weights.iter().all(|w| *w >= 0.0).then_some(([a, b, c], weights))
        })
    }

    /// The vertex colours' alpha (0..1) interpolated at `q` in the triangle that holds it.
    fn vertex_alpha(vertices: &[egui::epaint::Vertex; 3], weights: &[f32; 3]) -> f32 {
        vertices.iter().zip(weights).map(|(v, w)| w * f32::from(v.color.a()) / 255.0).sum()
    }

    /// The colour's alpha (0..1) the mesh paints at `q`.
    fn alpha_at(mesh: &egui::Mesh, q: Pos2) -> f32 {
        triangle_at(mesh, q).map_or(0.0, |(vertices, weights)| vertex_alpha(&vertices, &weights))
    }

    /// egui's own tessellation of a line, closed or open.
    fn egui_line(points: &[Pos2], closed: bool, width: f32, color: Color32) -> egui::Mesh {
        let mut tessellator =
            egui::epaint::Tessellator::new(1.0, egui::epaint::TessellationOptions::default(), [64, 64], Vec::new());
        let mut mesh = egui::Mesh::default();
        let stroke = Stroke::new(width, color);
        let shape = if closed {
            egui::Shape::closed_line(points.to_vec(), stroke)
        } else {
            egui::Shape::line(points.to_vec(), stroke)
        };
        tessellator.tessellate_shape(shape, &mut mesh);
        mesh
    }

    #[test]
    fn a_closed_line_about_a_pixel_wide_is_a_ridge_of_two_thirds_the_triangles_and_the_same_ink() {
        let square = [pos2(10.0, 10.0), pos2(110.0, 10.0), pos2(110.0, 110.0), pos2(10.0, 110.0)];
        let color = Color32::from_rgb(0xa8, 0x9b, 0x84);
        for width in [1.0, 1.1, 1.15] {
            assert!(is_ridge_width(width, 1.0));
            let ridge = ridge_loop(&square, width, color);
            let egui = egui_line(&square, true, width, color);
            assert_eq!(ridge.indices.len() / 3, 4 * square.len(), "four triangles a segment");
            assert_eq!(egui.indices.len() / 3, 6 * square.len(), "egui: six triangles a segment");
            // Across the middle of the top edge, in twentieths of a pixel: the same ink, and
            // nowhere more than 7 % apart.
            let (mut ink_ridge, mut ink_egui) = (0.0, 0.0);
            for step in -30..=30 {
                let q = pos2(60.0, 10.0 + step as f32 * 0.05);
                let (r, e) = (alpha_at(&ridge, q), alpha_at(&egui, q));
                assert!((r - e).abs() <= 0.07, "width {width}, {q:?}: ridge {r} vs egui {e}");
                ink_ridge += r * 0.05;
                ink_egui += e * 0.05;
            }
            assert!((ink_ridge - width).abs() < 0.03 && (ink_egui - width).abs() < 0.03, "{ink_ridge} {ink_egui}");
        }
    }

    /// The alpha (0..1) a mesh painted with `texture` shows at `q`: the vertex colour and the
    /// texture coordinate interpolated in the triangle that holds `q`, the texture sampled with
    /// linear filtering (clamped at its edges), multiplied as egui's shader multiplies them.
    fn textured_alpha_at(mesh: &egui::Mesh, texture: &egui::ColorImage, q: Pos2) -> f32 {
        let Some((vertices, weights)) = triangle_at(mesh, q) else { return 0.0 };
        let texel = |x: i64, y: i64| {
            let (x, y) = (x.clamp(0, texture.width() as i64 - 1), y.clamp(0, texture.height() as i64 - 1));
            f32::from(texture[(x as usize, y as usize)].a()) / 255.0
        };
        let uv: Vec2 = vertices.iter().zip(&weights).fold(Vec2::ZERO, |sum, (v, w)| sum + v.uv.to_vec2() * *w);
        let (x, y) = (uv.x * texture.width() as f32 - 0.5, uv.y * texture.height() as f32 - 0.5);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let sampled = texel(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + texel(x0 + 1, y0) * fx * (1.0 - fy)
            + texel(x0, y0 + 1) * (1.0 - fx) * fy
            + texel(x0 + 1, y0 + 1) * fx * fy;
        vertex_alpha(&vertices, &weights) * sampled
    }

    #[test]
    fn outlines_drawn_from_the_stroke_profiles_paint_egui_s_ink_from_fewer_triangles() {
        let square = [pos2(10.0, 10.0), pos2(110.0, 10.0), pos2(110.0, 110.0), pos2(10.0, 110.0)];
        let open = [pos2(10.0, 10.0), pos2(110.0, 10.0), pos2(110.0, 60.0)];
        let color = Color32::from_rgb(0xa8, 0x9b, 0x84);
        let profiles = stroke_profile_image();
        // Untextured shapes sample the origin: opaque white.
        assert_eq!(profiles[(0, 0)], Color32::WHITE);
        let cases: [(&[Pos2], bool, f32); 12] = [
            (&square, true, 0.8),
            (&open, false, 0.6),
            (&square, true, 1.1),
            (&square, true, 1.4),
            (&square, true, 1.6),
            (&square, true, 2.5),
            (&square, true, 6.0),
            (&open, false, 1.0),
            (&open, false, 1.6),
            (&open, false, 2.5),
            (&open, false, 6.0),
            (&open, false, 16.0),
        ];
        for (points, closed, width) in cases {
            let strip = profile_strip(points, closed, width, 1.0, color).expect("drawn from a profile");
            let egui = egui_line(points, closed, width, color);
            let segments = if closed { points.len() } else { points.len() - 1 };
            // An open line a pixel wide or wider has two triangles at each end, as egui's.
            let caps = if !closed && width >= 1.0 { 4 } else { 0 };
            assert_eq!(strip.indices.len() / 3, 2 * segments + caps, "two triangles a segment");
            assert!(strip.indices.len() < egui.indices.len(), "{width}: fewer triangles than egui's");
            // Across the middle of the top edge, in twentieths of a pixel: the ink of egui's line,
            // nowhere more than 7 % of the colour apart (the ridge's difference, see `ridge_loop`;
            // the other profiles are egui's own).
            for step in -120..=120 {
                let q = pos2(60.0, 10.0 + step as f32 * 0.05);
                let (p, e) = (textured_alpha_at(&strip, &profiles, q), alpha_at(&egui, q));
                assert!((p - e).abs() <= 0.07, "width {width}, {q:?}: profile {p} vs egui {e}");
            }
            // Around the open line's ends, in a box reaching two pixels beyond them: the ink of
            // egui's faded end within a quarter of a pixel's worth (egui's cap slants the side
            // fades over the last pixel, the strip's fades straight out; without the caps the
            // strip would lack half its width's worth at each end).
            if !closed {
                let reach = width / 2.0 + 2.0;
                for (end, along) in [(points[0], vec2(1.0, 0.0)), (points[2], vec2(0.0, 1.0))] {
                    let (mut p_ink, mut e_ink) = (0.0, 0.0);
                    for i in -80..=80 {
                        for j in -60..=60 {
                            let q = end + along.rot90() * (i as f32 * reach / 80.0) + along * (j as f32 * 3.0 / 60.0);
                            p_ink += textured_alpha_at(&strip, &profiles, q);
                            e_ink += alpha_at(&egui, q);
                        }
                    }
                    let cell = (reach / 80.0) * (3.0 / 60.0);
                    let (p_ink, e_ink) = (p_ink * cell, e_ink * cell);
                    assert!((p_ink - e_ink).abs() <= 0.25, "width {width}, end {end:?}: ink {p_ink} vs egui {e_ink}");
                }
            }
        }
        // Open lines between a hairline and a pixel, and very wide lines, keep egui's tessellation.
        assert!(profile_strip(&open, false, 0.95, 1.0, color).is_none());
        assert!(profile_strip(&open, false, PROFILE_MAX_PX + 0.5, 1.0, color).is_none());
        assert!(profile_strip(&square, true, PROFILE_MAX_PX + 0.5, 1.0, color).is_none());
    }

    #[test]
    fn a_small_dot_is_one_quad_of_the_profile_texture_s_discs_with_a_true_circle_s_ink() {
        let profiles = stroke_profile_image();
        // The discs lie right of the profiles, each in a square of its own with a clear ring (so
        // linear filtering at a quad's edge finds nothing), one below another, all in the texture.
        for pair in DISCS.windows(2) {
            assert!(pair[0].radius < pair[1].radius && pair[0].top + pair[0].side() < pair[1].top, "{pair:?}");
        }
        for disc in DISCS {
            let ([x0, y0], side) = (disc.origin(), disc.side());
            assert!(x0 > PROFILE_TEXELS && x0 + side <= profiles.size[0] && y0 + side <= profiles.size[1]);
            for i in 0..side {
                for (x, y) in [(x0 + i, y0), (x0 + i, y0 + side - 1), (x0, y0 + i), (x0 + side - 1, y0 + i)] {
                    assert_eq!(profiles[(x, y)].a(), 0, "{disc:?}: texel {x}, {y} of its ring");
                }
            }
        }
        let color = Color32::from_rgb(0x55, 0x5b, 0x66);
        let centre = pos2(40.3, 30.7);
        // The labels' dots (2 points round) on common screens, and dots between the discs' sizes.
        for (radius, ppp) in
            [(2.0, 1.0), (2.0, 1.25), (2.0, 1.5), (2.0, 2.0), (0.8, 1.0), (2.6, 1.0), (3.6, 1.5), (7.9, 1.0)]
        {
            let quad = disc_quad(centre, radius, ppp, color).expect("drawn from a disc");
            assert_eq!(quad.indices.len(), 6, "two triangles");
            // In a grid of a tenth of a pixel over the dot and two pixels around it: the ink of a
            // disc `radius` round within 4 %, and a fading edge about a pixel wide (opaque a pixel
            // and a half inside the edge, nothing as far outside: linear filtering spreads the
            // texels' ramp by up to half a texel's diagonal), nothing at the quad's edge.
            let (step, reach) = (0.1 / ppp, radius + 2.0 / ppp);
            let n = (reach / step).ceil() as i32;
            let mut ink = 0.0;
            for i in -n..=n {
                for j in -n..=n {
                    let q = centre + vec2(i as f32, j as f32) * step;
                    let a = textured_alpha_at(&quad, &profiles, q);
                    ink += a * step * step;
                    let d = (q - centre).length();
                    if d <= radius - 1.5 / ppp {
                        assert!(a > 0.99, "r {radius} at {ppp}: {a} at {d} from the centre");
                    }
                    if d >= radius + 1.5 / ppp {
                        assert!(a < 0.01, "r {radius} at {ppp}: {a} at {d} from the centre");
                    }
                }
            }
            let area = std::f32::consts::PI * radius * radius;
            assert!((ink / area - 1.0).abs() <= 0.04, "r {radius} at {ppp}: ink {ink} against {area}");
            let corner = quad.vertices.iter().map(|v| v.pos).fold(centre, |far, p| if p.x < far.x { p } else { far });
            assert_eq!(textured_alpha_at(&quad, &profiles, corner + Vec2::splat(0.01)), 0.0, "r {radius} at {ppp}");
        }
        // Smaller than the smallest disc allows, and larger than the largest: egui draws them.
        assert!(disc_quad(centre, 0.6, 1.0, color).is_none());
        assert!(disc_quad(centre, 8.5, 1.0, color).is_none());
        assert!(disc_quad(centre, 4.5, 2.0, color).is_none());
    }

    #[test]
    fn the_stroke_profile_texture_has_sides_a_power_of_two_like_the_font_atlas() {
        // llvmpipe keys its compiled fragment shaders on whether a sampled texture's sides are
        // powers of two; one that is not costs the first frame a second shader (45 ms at a
        // start without Mesa's shader cache, `benches/cold_start.sh`).
        let profiles = stroke_profile_image();
        assert!(profiles.size.iter().all(|side| side.is_power_of_two()), "{:?}", profiles.size);
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.label("The font atlas grows by doubling its height");
        });
        output.textures_delta.clear();
        let font_atlas = ctx.fonts(|fonts| fonts.font_image_size());
        assert!(font_atlas.iter().all(|side| side.is_power_of_two()), "{font_atlas:?}");
        // Every profile fits, and the texels beyond them are never sampled: the widest profile's
        // last texel centre is where its strips' texture coordinates end.
        assert!(profiles.size[0] >= PROFILE_TEXELS && profiles.size[1] >= PROFILE_ROWS);
        let strip = profile_strip(
            &[pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0)],
            true,
            PROFILE_MAX_PX,
            1.0,
            Color32::RED,
        )
        .expect("drawn from a profile");
        let widest_u = strip.vertices.iter().map(|v| v.uv.x).fold(0.0, f32::max);
        let widest_v = strip.vertices.iter().map(|v| v.uv.y).fold(0.0, f32::max);
        assert_eq!(widest_u * profiles.size[0] as f32, PROFILE_TEXELS as f32 - 0.5);
        assert_eq!(widest_v * profiles.size[1] as f32, PROFILE_ROWS as f32 - 0.5);
    }

    /// Points of `area` a grid `step` points apart, from a quarter point in from its top-left
    /// corner (off the pixel edges the shapes under test run along).
    fn grid(area: Rect, step: f32) -> impl Iterator<Item = Pos2> {
        let along = move |from: f32, to: f32| {
            std::iter::successors(Some(from + 0.25), move |v| Some(v + step)).take_while(move |v| *v < to)
        };
        along(area.top(), area.bottom()).flat_map(move |y| along(area.left(), area.right()).map(move |x| pos2(x, y)))
    }

    /// How many of a mesh of rectangles (two triangles each, as [`backdrop_around`] makes them)
    /// cover `p`, each taken as half-open on its right and bottom edges.
    fn rectangles_covering(mesh: &egui::Mesh, p: Pos2) -> usize {
        mesh.indices
            .chunks_exact(6)
            .filter(|quad| {
                let r = Rect::from_points(&quad.iter().map(|&i| mesh.vertices[i as usize].pos).collect::<Vec<_>>());
                r.x_range().contains(p.x) && r.y_range().contains(p.y) && p.x < r.right() && p.y < r.bottom()
            })
            .count()
    }

    #[test]
    fn the_backdrop_covers_the_area_around_the_cards_once_and_runs_under_their_edges_and_corners() {
        let area = Rect::from_min_max(pos2(255.0, 100.0), pos2(1095.0, 921.0));
        let cards = [
            Rect::from_min_max(pos2(265.0, 110.0), pos2(670.0, 881.0)),
            Rect::from_min_max(pos2(680.0, 110.0), pos2(1085.0, 881.0)),
        ];
        for ppp in [1.0, 2.0] {
            let egui::Shape::Mesh(mesh) = backdrop_around(area, &cards, ppp, false, true) else {
                panic!("the backdrop is one mesh");
            };
            let inset = 2.0 / ppp;
            assert!(mesh.vertices.iter().all(|v| v.color == backdrop(false) && v.uv == egui::epaint::WHITE_UV));
            // Sample a grid: every point of the area is covered exactly once, except the cards
            // less their edge and corners, which are not covered at all.
            let covers = |p: Pos2| rectangles_covering(&mesh, p);
            for p in grid(area, 3.5) {
                let inside_card = cards.iter().any(|c| {
                    let hole = c.shrink(inset);
                    let corner = hole.shrink(CARD_ROUNDING);
                    hole.contains(p) && (corner.x_range().contains(p.x) || corner.y_range().contains(p.y))
                });
                assert_eq!(covers(p), usize::from(!inside_card), "{p:?} at {ppp}x");
            }
            // The card's own edge and rounded corner stand on the backdrop.
            assert_eq!(covers(cards[0].min + vec2(0.5, 300.0)), 1);
            assert_eq!(covers(cards[0].min + vec2(1.5, 1.5)), 1);
            assert_eq!(covers(cards[1].max - vec2(4.0, 4.0)), 1);
        }
        // No cards: the whole area, as one rectangle.
        let egui::Shape::Mesh(mesh) = backdrop_around(area, &[], 1.0, true, true) else { panic!("a mesh") };
        assert_eq!(mesh.indices.len(), 6);
    }

    #[test]
    fn unpainted_cards_are_the_clear_colour_rounded_by_the_backdrop_and_quarter_discs_of_their_colour() {
        let area = Rect::from_min_max(pos2(255.0, 100.0), pos2(1095.0, 921.0));
        // Cards laid out at fractions of a point, as the views' cards may be.
        let cards = [
            Rect::from_min_max(pos2(265.0, 110.0), pos2(669.8, 881.3)),
            Rect::from_min_max(pos2(679.8, 110.0), pos2(1084.6, 881.3)),
        ];
        for (ppp, dark) in [(1.0, false), (2.0, false), (1.0, true)] {
            let egui::Shape::Vec(shapes) = backdrop_around(area, &cards, ppp, dark, false) else {
                panic!("the backdrop and the corners");
            };
            let egui::Shape::Mesh(mesh) = &shapes[0] else { panic!("the backdrop first, as one mesh") };
            assert!(mesh.vertices.iter().all(|v| v.color == backdrop(dark)));
            // Each corner's quarter disc: its centre, then its arc.
            let sectors: Vec<Vec<Pos2>> = shapes[1..]
                .iter()
                .map(|shape| match shape {
                    egui::Shape::Path(path) => {
                        assert_eq!(path.fill, Palette::for_theme(dark).card.color32());
                        assert!(path.closed && path.stroke.is_empty());
                        path.points.clone()
                    }
                    other => panic!("a corner's quarter disc, not {other:?}"),
                })
                .collect();
            assert_eq!(sectors.len(), 4 * cards.len());
            for sector in &sectors {
                let centre = sector[0];
                assert!(sector[1..].iter().all(|p| (p.distance(centre) - CARD_ROUNDING).abs() < 1e-3));
            }
            // Within a sector: on its centre's side of each of its sides (it is convex).
            let in_sector = |sector: &[Pos2], p: Pos2| {
                let n = sector.len();
                let side = |k: usize| {
                    let (a, b) = (sector[k], sector[(k + 1) % n]);
                    (b - a).x * (p - a).y - (b - a).y * (p - a).x
                };
                let signs: Vec<f32> = (0..n).map(side).collect();
                signs.iter().all(|s| *s >= 0.0) || signs.iter().all(|s| *s <= 0.0)
            };
            let in_disc = |p: Pos2| sectors.iter().any(|sector| in_sector(sector, p));
            let covers = |p: Pos2| rectangles_covering(mesh, p);
            // Sample a grid: outside the cards (snapped to whole pixels) the backdrop covers each
            // point once, and no disc reaches there; inside, the backdrop covers only the corners'
            // squares, where a disc covers every point inside the card's rounded edge.
            let snapped: Vec<Rect> = cards.iter().map(|c| c.round_to_pixels(ppp)).collect();
            assert!(
                snapped
                    .iter()
                    .all(|c| c.min.x * ppp == (c.min.x * ppp).round() && c.max.y * ppp == (c.max.y * ppp).round())
            );
            for p in grid(area, 2.5) {
                match snapped.iter().find(|c| c.contains(p)) {
                    None => {
                        assert_eq!(covers(p), 1, "{p:?} at {ppp}x");
                        assert!(!in_disc(p), "{p:?} at {ppp}x");
                    }
                    Some(card) => {
                        let inner = card.shrink(CARD_ROUNDING);
                        let in_corner = !inner.x_range().contains(p.x) && !inner.y_range().contains(p.y);
                        assert_eq!(covers(p), usize::from(in_corner), "{p:?} at {ppp}x");
                        let nearest = inner.clamp(p);
                        if in_corner && nearest.distance(p) < CARD_ROUNDING - 1.0 {
                            assert!(in_disc(p), "{p:?} at {ppp}x");
                        }
                        if in_corner && nearest.distance(p) > CARD_ROUNDING + 1.0 {
                            assert!(!in_disc(p), "{p:?} at {ppp}x");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn label_sizes_come_in_half_points_and_the_usual_window_s_are_the_warmed_size() {
        let mut last = 0.0;
        for width in (100..=600).map(|w| w as f32) {
            let size = label_font(width);
            assert_eq!(size * 2.0, (size * 2.0).round(), "{width}: {size}");
            assert!((display::LABEL_FONT_MIN..=LABEL_FONT).contains(&size), "{width}: {size}");
            assert!(size >= last, "labels never shrink as the view widens");
            last = size;
        }
        // Each view of the window at its first size (1500 × 950) is 405 points wide: its labels
        // are at the size `style::warm_glyphs` rasterises while the window opens.
        assert_eq!(label_font(405.0), display::LEGEND_FONT);
        assert_eq!(label_font(FULL_VIEW_WIDTH), LABEL_FONT);
    }

    #[test]
    fn a_drawing_shown_small_is_painted_from_the_coarse_outlines_and_one_zoomed_in_from_the_fine() {
        let map = BodyMap::shared().expect("the built-in drawing");
        let (kb_highlight, palette) = (Highlight::default(), geometry::PALETTE);
        // Triangles of the first window's layers (silhouette, bones, muscles; no skin map) at
        // `pixels` physical pixels a model unit.
        let triangles = |pixels: f32, pixels_per_point: f32| -> usize {
            let points_per_unit = pixels / pixels_per_point;
            let scene = geometry::display::Scene {
                view: &map.posterior,
                layers: geometry::Layers { skin: geometry::SkinMap::None, ..geometry::Layers::default() },
                variant: geometry::PiriformisVariant::default(),
                selected: &[],
                highlight: &kb_highlight,
                hovered_area: None,
                hovered_nerve: None,
                palette: &palette,
                points_per_unit,
            };
            let list = geometry::display::build_view(&scene);
            let t = TSTransform::from_scaling(points_per_unit);
            let mut tessellator = egui::epaint::Tessellator::new(
                pixels_per_point,
                egui::epaint::TessellationOptions::default(),
                [1, 1],
                Vec::new(),
            );
            list.items
                .iter()
                .filter(|item| matches!(item.primitive, Primitive::Shape { .. }))
                .flat_map(|item| geometry_shapes_with(item, &t, pixels_per_point, false))
                .map(|shape| {
                    let mut mesh = egui::Mesh::default();
                    tessellator.tessellate_shape(shape, &mut mesh);
                    mesh.indices.len() / 3
                })
                .sum()
        };
        let limit = geometry::COARSE_MAX_DEVIATION_PX / geometry::COARSE_STROKE_TOLERANCE;
        // A window's first size: views 405 points wide, about 0.47 pixels a unit.
        let (small, zoomed) = (triangles(0.47, 1.0), triangles(limit * 1.01, 1.0));
        assert!(small * 10 < zoomed * 8, "{small} triangles shown small, {zoomed} zoomed in");
        // Pixels, not points, decide: the same size on a screen of two pixels a point is drawn fine.
        let dense = triangles(0.94, 2.0);
        assert!(dense > small * 11 / 10, "{dense} on a dense screen, {small} on a plain one");
    }

    #[test]
    fn a_figure_picture_is_cut_into_few_tiles_with_sides_a_power_of_two_and_little_to_spare() {
        assert_eq!(tile_sides(191), [128, 64]);
        assert_eq!(tile_sides(703), [512, 128, 64]);
        for length in 1..3000 {
            let sides = tile_sides(length);
            let covered: usize = sides.iter().sum();
            assert!(covered >= length && covered - length < 64, "{length}: {sides:?}");
            assert!(sides.iter().all(|s| s.is_power_of_two() && *s <= RASTER_TILE_MAX), "{length}: {sides:?}");
            assert!(sides.len() <= length / RASTER_TILE_MAX + 4, "{length}: {sides:?}");
        }
    }

    #[test]
    fn hairlines_and_wider_lines_keep_egui_tessellation() {
        assert!(!is_ridge_width(0.8, 1.0), "egui draws hairlines as a ridge already");
        assert!(!is_ridge_width(1.2, 1.0), "a wider line keeps its flat core");
        assert!(!is_ridge_width(1.6, 1.0));
        assert!(!is_ridge_width(1.1, 2.0), "2.2 pixels on a dense screen");
        assert!(is_ridge_width(0.55, 2.0), "1.1 pixels");
    }
}
