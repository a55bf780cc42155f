//! The central panel: the body map drawn with egui's painter from the geometry data, with
//! hit-testing, pan and zoom, leader-line labels, a legend, and one AccessKit node per pain area
//! (at its label point) so every area is reachable by keyboard and by its name.

use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::map_view::MapView;
use super::state::{Action, Settings, SkinMap, UiState};
use super::style::Accent;
use crate::geometry::{
    self, BodyMap, Geometry, LabelKind, NerveKind, NerveShape, PALETTE, Rgba, ScreenFromModel, ShapeStyle, ViewMap,
};
use crate::knowledge::{KnowledgeBase, LinkKind, Side, View};
use crate::lookup::AreaRef;
use crate::pathway::{Highlight, Item};

/// What the body map reads.
pub struct Input<'a> {
    pub kb: &'a KnowledgeBase,
    pub map: &'a BodyMap,
    pub settings: &'a Settings,
    pub state: &'a UiState,
    pub highlight: &'a Highlight,
}

/// Screen pixels within which a click picks a nerve rather than the area under it.
const NERVE_PICK_PX: f32 = 4.0;

/// Draws the body map into the available space, panning, zooming and hovering `map_view`;
/// returns the rectangle it filled.
pub fn show(ui: &mut egui::Ui, input: &Input<'_>, map_view: &mut MapView, actions: &mut Vec<Action>) -> Rect {
    let full = ui.available_rect_before_wrap();
    let dark = ui.visuals().dark_mode;
    // The backdrop around the cards is the window's clear colour (see `backdrop`), not a fill:
    // a software rasteriser pays for every pixel painted, and this one would be painted twice.
    let mut views_rect = full;
    if input.settings.layers.legend {
        let legend_h = legend_height(ui, input, full.width());
        views_rect.max.y -= legend_h;
        draw_legend(ui, input, Rect::from_min_max(pos2(full.left(), views_rect.bottom()), full.max), dark);
    }
    let views = input.settings.view.views();
    let gap = 10.0;
    let width = (views_rect.width() - gap * (views.len() as f32 + 1.0)) / views.len() as f32;
    let mut hovered: Option<Item> = None;
    for (i, view) in views.iter().enumerate() {
        let rect = Rect::from_min_size(
            views_rect.min + vec2(gap + i as f32 * (width + gap), gap),
            vec2(width.max(50.0), (views_rect.height() - 2.0 * gap).max(50.0)),
        );
        if let Some(h) = draw_view(ui, input, map_view, *view, rect, views.len() > 1 && i > 0, actions) {
            hovered = Some(h);
        }
    }
    map_view.hovered = hovered;
    ui.allocate_rect(full, Sense::hover());
    full
}

/// The colour behind the drawing's cards, which the window is cleared to each frame.
pub fn backdrop(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x20, 0x23, 0x28) } else { Color32::from_rgb(0xEE, 0xEB, 0xE6) }
}

/// The transform of a view: fit the figure in `rect`, then apply the user's pan and zoom.
pub fn screen_from_model(figure: Rect, rect: Rect, nav: super::map_view::Navigation) -> ScreenFromModel {
    let fitted = ScreenFromModel::fit(figure, rect);
    let centre = rect.center().to_vec2();
    ScreenFromModel {
        scale: fitted.scale * nav.zoom,
        translation: (fitted.translation - centre) * nav.zoom + centre + nav.pan,
    }
}

/// The model-space bounds of the figure: the outline, with room for the labels on one side.
fn figure_bounds(view_map: &ViewMap) -> Rect {
    let mut bounds = Rect::NOTHING;
    for shape in &view_map.outline {
        bounds = bounds.union(shape.geometry.bounds);
    }
    if bounds.is_positive() { bounds.expand(12.0) } else { view_map.canvas() }
}

fn rgba(c: Rgba) -> Color32 {
    c.color32()
}

fn faded(c: Color32, factor: f32) -> Color32 {
    c.gamma_multiply(factor)
}

/// Fills a closed geometry with its cached triangles and strokes its outline (anti-aliased).
fn paint_geometry(out: &mut Vec<egui::Shape>, t: &ScreenFromModel, g: &Geometry, fill: Color32, stroke: Stroke) {
    if fill.a() > 0 {
        for poly in g.polys.iter().filter(|p| p.closed) {
            out.push(egui::Shape::mesh(poly.fill_mesh(t, fill)));
        }
    }
    if stroke.width > 0.0 && stroke.color.a() > 0 {
        stroke_open(out, t, g, stroke);
    }
}

/// Strokes every polyline of a geometry, cut at hairpins so egui draws no miter spikes.
fn stroke_open(out: &mut Vec<egui::Shape>, t: &ScreenFromModel, g: &Geometry, stroke: Stroke) {
    for poly in &g.polys {
        for run in &poly.stroke_runs {
            let points: Vec<Pos2> = run.iter().map(|p| t.apply(*p)).collect();
            if poly.stroke_closed {
                out.push(egui::Shape::closed_line(points, stroke));
            } else {
                out.push(egui::Shape::line(points, stroke));
            }
        }
    }
}

/// Fills triangles as one mesh.
fn paint_triangles(out: &mut Vec<egui::Shape>, t: &ScreenFromModel, triangles: &[[Pos2; 3]], fill: Color32) {
    if fill.a() == 0 || triangles.is_empty() {
        return;
    }
    let mut mesh = egui::Mesh::default();
    mesh.reserve_vertices(triangles.len() * 3);
    mesh.reserve_triangles(triangles.len());
    for tri in triangles {
        let base = mesh.vertices.len() as u32;
        for p in tri {
            mesh.colored_vertex(t.apply(*p), fill);
        }
        mesh.add_triangle(base, base + 1, base + 2);
    }
    out.push(egui::Shape::mesh(mesh));
}

/// The tessellated drawing of a view, below and above the skin mask, and the inputs it was made from.
#[derive(Clone)]
struct CachedMeshes {
    key: u64,
    below: std::sync::Arc<egui::Mesh>,
    above: std::sync::Arc<egui::Mesh>,
}

/// Tessellates shapes into one mesh, as egui would at the end of the frame.
fn tessellate(ctx: &egui::Context, shapes: Vec<egui::Shape>) -> std::sync::Arc<egui::Mesh> {
    let options = ctx.tessellation_options(|o| *o);
    let size = ctx.fonts(|f| f.font_image_size());
    // Prepared discs only speed up tiny circles; without them the tessellator draws paths.
    let mut tessellator = egui::epaint::Tessellator::new(ctx.pixels_per_point(), options, size, Vec::new());
    let mut mesh = egui::Mesh::default();
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    std::sync::Arc::new(mesh)
}

/// A hash of everything the cached drawing depends on.
#[allow(clippy::too_many_arguments)]
fn cache_key(
    input: &Input<'_>,
    view: View,
    rect: Rect,
    t: &ScreenFromModel,
    dark: bool,
    hovered_area: Option<&AreaRef>,
    hovered_nerve: Option<&NerveShape>,
    pixels_per_point: f32,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    view.hash(&mut h);
    for x in
        [rect.min.x, rect.min.y, rect.max.x, rect.max.y, t.scale, t.translation.x, t.translation.y, pixels_per_point]
    {
        x.to_bits().hash(&mut h);
    }
    dark.hash(&mut h);
    format!("{:?}{:?}", input.settings.layers, input.settings.variant).hash(&mut h);
    for s in &input.state.selection {
        s.area.hash(&mut h);
        s.intensity.hash(&mut h);
    }
    input.state.trace.hash(&mut h);
    hovered_area.hash(&mut h);
    hovered_nerve.map(|n| &n.id).hash(&mut h);
    h.finish()
}

fn area_ref(area: &geometry::Area) -> AreaRef {
    AreaRef::new(&area.id, area.side)
}

/// The item a drawn nerve or root stands for.
fn nerve_item(nerve: &NerveShape) -> Item {
    match nerve.kind {
        NerveKind::Root => Item::Root(nerve.id.clone()),
        NerveKind::Nerve => Item::Nerve(nerve.id.clone()),
    }
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
    let view_map = input.map.view(view);
    let layers = input.settings.layers;
    let painter = ui.painter_at(rect);
    let card = if dark { Color32::from_rgb(0x2A, 0x2E, 0x35) } else { Color32::from_rgb(0xFC, 0xFB, 0xF8) };
    painter.rect_filled(rect, 10.0, card);

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
    let figure = figure_bounds(view_map);
    let mut columns = if labels_on { label_columns(ui, input, view_map) } else { LabelColumns::default() };
    if labels_on {
        // The figure takes the full height if it can; the label columns share what is left of
        // the width, never less than a readable minimum (labels wrap within them).
        let height_scale = figure_rect.height() / figure.height().max(1.0);
        let spare = (figure_rect.width() - figure.width() * height_scale).max(0.0) / 2.0;
        let want = columns.left_width.max(columns.right_width);
        let column = spare.clamp(MIN_LABEL_COLUMN.min(figure_rect.width() * 0.3), want.max(MIN_LABEL_COLUMN));
        columns.left_width = if columns.left.is_empty() { 0.0 } else { column };
        columns.right_width = if columns.right.is_empty() { 0.0 } else { column };
    }
    figure_rect.min.x += columns.left_width;
    figure_rect.max.x -= columns.right_width;
    let nav = map_view.navigation(view);
    let t = screen_from_model(figure, figure_rect, nav);
    let inverse = t.inverse();

    let id = ui.make_persistent_id(("body-map", view));
    let response = ui.interact(rect, id, Sense::click_and_drag());
    let focus_active = !input.highlight.is_empty();
    let dim = |c: Color32, emphasised: bool| if focus_active && !emphasised { faded(c, 0.35) } else { c };

    let pointer = response.hover_pos().filter(|p| rect.contains(*p) && !map_view.ignore_pointer);
    let model_pointer = pointer.map(|p| inverse.apply(p));
    let hovered_nerve = if layers.nerves {
        model_pointer.and_then(|p| {
            view_map.nerve_at(p, NERVE_PICK_PX / t.scale.max(1e-3), Some(input.settings.variant)).filter(|n| !n.hidden)
        })
    } else {
        None
    };
    let hovered_area =
        if hovered_nerve.is_none() { model_pointer.and_then(|p| view_map.area_at(p)).map(area_ref) } else { None };
    // Everything below is a pure function of these inputs: tessellate it once and reuse the
    // meshes until one of them changes (pan, zoom, selection, trace, hover, layers, theme).
    let key = cache_key(input, view, rect, &t, dark, hovered_area.as_ref(), hovered_nerve, ui.ctx().pixels_per_point());
    let cache_id = ui.make_persistent_id(("body-map-meshes", view));
    let cached = ui.ctx().data(|d| d.get_temp::<CachedMeshes>(cache_id)).filter(|c| c.key == key);
    let skin_regions: &[geometry::Region] = match layers.skin {
        SkinMap::Dermatomes => &view_map.dermatomes,
        SkinMap::Cutaneous => &view_map.cutaneous,
        SkinMap::None => &[],
    };
    // Skin the trace reaches that the current skin map does not show.
    let traced_skin: Vec<(Rgba, &geometry::Region)> = {
        let mut extra = Vec::new();
        if layers.skin != SkinMap::Cutaneous {
            for region in view_map.cutaneous.iter().filter(|r| input.highlight.territories.contains(&r.id)) {
                extra.push((geometry::cutaneous_color(&region.id), region));
            }
        }
        if layers.skin != SkinMap::Dermatomes {
            for region in view_map.dermatomes.iter().filter(|r| input.highlight.dermatomes.contains(&r.id)) {
                extra.push((geometry::dermatome_color(&region.id), region));
            }
        }
        extra
    };
    let needs_mask = !skin_regions.is_empty() || !traced_skin.is_empty();
    let meshes = match cached {
        Some(meshes) => meshes,
        None => {
            let mut below: Vec<egui::Shape> = Vec::new();
            let mut above: Vec<egui::Shape> = Vec::new();
            // 1. Silhouette.
            for shape in &view_map.outline {
                paint_geometry(
                    &mut below,
                    &t,
                    &shape.geometry,
                    rgba(PALETTE.skin),
                    Stroke::new(1.6, rgba(PALETTE.skin_stroke)),
                );
            }
            // 2. Bones, under the muscles: every muscle drawn is on the viewer's side of the
            //    skeleton (the piriformis lies behind the pelvis in the back view), as in the SVG.
            if layers.bones {
                for shape in &view_map.bones {
                    if shape.style == ShapeStyle::Detail {
                        stroke_open(&mut below, &t, &shape.geometry, Stroke::new(0.9, rgba(PALETTE.bone_detail)));
                    } else {
                        paint_geometry(
                            &mut below,
                            &t,
                            &shape.geometry,
                            rgba(PALETTE.bone),
                            Stroke::new(1.1, rgba(PALETTE.bone_stroke)),
                        );
                    }
                }
            }
            // 3. Muscles (deep first, superficial last).
            if layers.muscles {
                let order = [
                    ShapeStyle::Deep,
                    ShapeStyle::Fill,
                    ShapeStyle::Tendon,
                    ShapeStyle::Detail,
                    ShapeStyle::Superficial,
                ];
                for style in order {
                    for shape in view_map.muscles.iter().filter(|s| s.style == style) {
                        let emphasised = input.highlight.muscles.contains(&shape.id);
                        let fill = match shape.style {
                            ShapeStyle::Deep => PALETTE.muscle,
                            ShapeStyle::Tendon => PALETTE.tendon,
                            ShapeStyle::Superficial => PALETTE.muscle_superficial,
                            ShapeStyle::Detail => PALETTE.muscle_fibre,
                            ShapeStyle::Fill => PALETTE.muscle_mid,
                        };
                        let (fill, stroke) = if emphasised {
                            (Color32::from_rgba_unmultiplied(0xE0, 0x55, 0x4A, 0xE0), Stroke::new(2.5, Accent::FOCUS))
                        } else if shape.style == ShapeStyle::Detail {
                            (Color32::TRANSPARENT, Stroke::new(0.8, dim(rgba(PALETTE.muscle_fibre), false)))
                        } else {
                            (dim(rgba(fill), false), Stroke::new(1.0, dim(rgba(PALETTE.muscle_stroke), false)))
                        };
                        paint_geometry(&mut below, &t, &shape.geometry, fill, stroke);
                    }
                }
            }
            // 4. Skin map: dermatomes or cutaneous territories, translucent with soft edges.
            for region in skin_regions {
                let (color, emphasised) = match layers.skin {
                    SkinMap::Dermatomes => {
                        (geometry::dermatome_color(&region.id), input.highlight.dermatomes.contains(&region.id))
                    }
                    _ => (geometry::cutaneous_color(&region.id), input.highlight.territories.contains(&region.id)),
                };
                let base = rgba(color);
                let fill = if emphasised { base.gamma_multiply(1.4) } else { dim(base.gamma_multiply(0.75), false) };
                // A wide, faint stroke of the same colour softens the border: dermatomes are not lines.
                paint_geometry(
                    &mut below,
                    &t,
                    &region.geometry,
                    fill,
                    Stroke::new(if emphasised { 2.0 } else { 5.0 }, base.gamma_multiply(0.25)),
                );
                if emphasised {
                    stroke_open(&mut below, &t, &region.geometry, Stroke::new(1.6, base.gamma_multiply(1.8)));
                }
            }
            // A traced nerve's skin territory, or a traced root's dermatome, shows whichever skin
            // map is on (or none): the trace runs from the spine to the painful skin.
            for (color, region) in &traced_skin {
                let base = rgba(*color);
                paint_geometry(
                    &mut below,
                    &t,
                    &region.geometry,
                    base.gamma_multiply(1.3),
                    Stroke::new(2.0, base.gamma_multiply(0.3)),
                );
                stroke_open(&mut below, &t, &region.geometry, Stroke::new(1.6, base.gamma_multiply(1.8)));
            }
            // Over the skin mask, the silhouette's outline again.
            if needs_mask {
                for shape in view_map.outline.iter().filter(|s| s.style == ShapeStyle::Fill) {
                    stroke_open(&mut above, &t, &shape.geometry, Stroke::new(1.6, rgba(PALETTE.skin_stroke)));
                }
            }
            // 5. Pain areas: faint borders, hovered and selected fills.
            for area in &view_map.areas {
                let r = area_ref(area);
                let selected = input.state.selection.iter().find(|s| s.area == r);
                let hovered = hovered_area.as_ref() == Some(&r);
                let (fill, stroke) = match (selected, hovered) {
                    (Some(s), _) => {
                        let strength = 0.55 + 0.045 * f32::from(s.intensity.unwrap_or(5));
                        (
                            rgba(PALETTE.area_selected).gamma_multiply(strength * if hovered { 1.2 } else { 1.0 }),
                            Stroke::new(2.2, rgba(PALETTE.area_selected_stroke)),
                        )
                    }
                    (None, true) => (
                        rgba(PALETTE.area_hover),
                        Stroke::new(1.6, rgba(PALETTE.area_selected_stroke).gamma_multiply(0.7)),
                    ),
                    (None, false) => (Color32::TRANSPARENT, Stroke::new(0.8, rgba(PALETTE.area_border))),
                };
                paint_geometry(&mut above, &t, &area.geometry, fill, stroke);
            }
            // 6. Nerves, with casing; emphasised ones glow.
            if layers.nerves {
                let variant = input.settings.variant;
                for nerve in view_map.nerves.iter().filter(|n| !n.hidden && n.variant.is_none_or(|v| v == variant)) {
                    let emphasised = match nerve.kind {
                        NerveKind::Root => input.highlight.roots.contains(&nerve.id),
                        NerveKind::Nerve => input.highlight.nerves.contains(&nerve.id),
                    };
                    let hovered = hovered_nerve.is_some_and(|h| h.id == nerve.id);
                    let width = (nerve.width * t.scale).clamp(1.2, 14.0);
                    let (core, casing) = match (nerve.kind, nerve.sciatic) {
                        (NerveKind::Root, _) => (PALETTE.root, PALETTE.nerve_casing),
                        (NerveKind::Nerve, true) => (PALETTE.nerve, PALETTE.nerve_casing),
                        (NerveKind::Nerve, false) => (PALETTE.nerve_neighbour, PALETTE.nerve_neighbour_casing),
                    };
                    if emphasised || hovered {
                        stroke_open(
                            &mut above,
                            &t,
                            &nerve.geometry,
                            Stroke::new(width + 8.0, rgba(PALETTE.nerve_glow)),
                        );
                    }
                    stroke_open(
                        &mut above,
                        &t,
                        &nerve.geometry,
                        Stroke::new(width + 1.6, dim(rgba(casing), emphasised)),
                    );
                    let core = if emphasised { rgba(PALETTE.nerve_highlight) } else { dim(rgba(core), false) };
                    stroke_open(&mut above, &t, &nerve.geometry, Stroke::new(width, core));
                }
            }
            // 7. ISNCSCI key points on the dermatome map.
            if layers.skin == SkinMap::Dermatomes {
                for kp in &view_map.key_points {
                    let p = t.apply(kp.pos);
                    above.push(egui::Shape::circle_filled(p, 3.6, rgba(PALETTE.key_point)));
                    above.push(egui::Shape::circle_stroke(p, 3.6, Stroke::new(1.2, Color32::WHITE)));
                }
            }
            let meshes = CachedMeshes { key, below: tessellate(ui.ctx(), below), above: tessellate(ui.ctx(), above) };
            ui.ctx().data_mut(|d| d.insert_temp(cache_id, meshes.clone()));
            meshes
        }
    };
    painter.add(egui::Shape::mesh(meshes.below.clone()));
    // The overlays extend past the skin; paint the outside back in the card colour (egui
    // cannot clip to a path), inside the card's rounded corners.
    if needs_mask {
        let mut mask = Vec::new();
        paint_triangles(&mut mask, &t, &view_map.outside_mask, card);
        ui.painter_at(rect.shrink(8.0)).extend(mask);
    }
    painter.add(egui::Shape::mesh(meshes.above.clone()));
    // 8. Side markers and labels with leader lines.
    let (left_mark, right_mark) = if patient_left_on_viewer_left { ("L", "R") } else { ("R", "L") };
    // Beside the thighs, just outside the silhouette, where nothing else is drawn.
    let mark_font = egui::FontId::proportional(18.0);
    let mark_y = t.apply(pos2(figure.center().x, figure.top() + figure.height() * 0.36)).y;
    let mark_color = weak.gamma_multiply(0.9);
    painter.text(
        pos2(t.apply(figure.left_top()).x - 2.0, mark_y),
        egui::Align2::RIGHT_CENTER,
        left_mark,
        mark_font.clone(),
        mark_color,
    );
    painter.text(
        pos2(t.apply(figure.right_top()).x + 2.0, mark_y),
        egui::Align2::LEFT_CENTER,
        right_mark,
        mark_font,
        mark_color,
    );
    if labels_on {
        draw_labels(&painter, &columns, &t, rect, figure_rect, dark);
    }
    // The title last, over anything a zoomed drawing or the skin mask put under it.
    painter.text(
        rect.min + vec2(14.0, 10.0),
        egui::Align2::LEFT_TOP,
        title,
        egui::FontId::proportional(18.0),
        text_color,
    );
    painter.text(rect.min + vec2(14.0, 31.0), egui::Align2::LEFT_TOP, subtitle, egui::FontId::proportional(12.0), weak);

    // Interaction: accessible area widgets, clicks, drags, zoom.
    area_widgets(ui, input, view, view_map, &t, rect, secondary, actions);
    if response.clicked() {
        if let Some(nerve) = hovered_nerve {
            actions.push(Action::ToggleTrace(nerve_item(nerve)));
        } else if let Some(area) = &hovered_area {
            actions.push(Action::ToggleArea(area.clone()));
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
        let hovered = hovered_nerve.map(nerve_item).or(hovered_area.map(Item::Area));
        if let Some(item) = &hovered {
            tooltip(&painter, input.kb, p, rect, item, dark);
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        return hovered;
    }
    None
}

fn tooltip(painter: &egui::Painter, kb: &KnowledgeBase, p: Pos2, within: Rect, item: &Item, dark: bool) {
    let text = match item {
        Item::Area(area) => area.label(kb),
        other => format!("{} — click to trace", other.name(kb)),
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
/// screen readers, keyboard users and tests can reach every area by name.
#[allow(clippy::too_many_arguments)]
fn area_widgets(
    ui: &mut egui::Ui,
    input: &Input<'_>,
    view: View,
    view_map: &ViewMap,
    t: &ScreenFromModel,
    rect: Rect,
    secondary: bool,
    actions: &mut Vec<Action>,
) {
    for area in &view_map.areas {
        let r = area_ref(area);
        let centre = t.apply(area.label);
        if !rect.contains(centre) {
            continue;
        }
        let selected = input.state.is_selected(&r);
        let mut label = r.label(input.kb);
        if secondary {
            // The same area appears in both views: keep names unique for assistive technology.
            label.push_str(" (front view)");
        }
        let widget_rect = Rect::from_center_size(centre, vec2(14.0, 14.0));
        let response = ui.interact(widget_rect, ui.make_persistent_id(("area", view, r.key())), Sense::click());
        response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, selected, &label));
        if response.has_focus() {
            ui.painter().circle_stroke(centre, 9.0, Stroke::new(2.5, Accent::FOCUS));
            ui.painter().circle_filled(centre, 3.0, Accent::FOCUS);
        }
        if response.clicked() {
            actions.push(Action::ToggleArea(r));
        }
    }
}

/// A label and the model point it names.
struct LabelItem {
    anchor: Pos2,
    text: String,
}

/// Labels split into two columns: nerves and roots on one side of the figure, muscles and bones
/// on the other (mirrored there, since both sides have them), each column as wide as its text.
#[derive(Default)]
struct LabelColumns {
    left: Vec<LabelItem>,
    right: Vec<LabelItem>,
    left_width: f32,
    right_width: f32,
}

fn label_text(input: &Input<'_>, kind: LabelKind, id: &str) -> String {
    match kind {
        LabelKind::Nerve => short_name(&input.kb.name_of(LinkKind::Nerve, id)),
        LabelKind::Root => format!("{id} root"),
        LabelKind::Muscle => short_name(&input.kb.name_of(LinkKind::Muscle, id)),
        LabelKind::Bone if id.len() <= 3 && id.starts_with(['L', 'S', 'T']) => format!("{id} vertebra"),
        LabelKind::Bone => geometry::humanize(id),
    }
}

const LABEL_FONT: f32 = 12.5;
/// Views narrower than this leave labels out.
const MIN_VIEW_WIDTH_FOR_LABELS: f32 = 380.0;
/// Narrowest label column; labels wrap to fit.
const MIN_LABEL_COLUMN: f32 = 96.0;

fn label_columns(ui: &egui::Ui, input: &Input<'_>, view_map: &ViewMap) -> LabelColumns {
    let layers = input.settings.layers;
    let nerves_left = view_map.patient_left_on_viewer_left();
    let mut columns = LabelColumns::default();
    for anchor in &view_map.labels {
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
        // Nerves keep their side; muscles and bones move to the mirror image on the other side.
        let on_left_column = nerve_group == nerves_left;
        let pos =
            if nerve_group || anchor.side == Side::Midline { anchor.pos } else { view_map.mirror_point(anchor.pos) };
        let item = LabelItem { anchor: pos, text: label_text(input, anchor.kind, &anchor.id) };
        if on_left_column { columns.left.push(item) } else { columns.right.push(item) }
    }
    let font = egui::FontId::proportional(LABEL_FONT);
    let width_of = |items: &[LabelItem]| {
        items
            .iter()
            .map(|l| ui.fonts_mut(|f| f.layout_no_wrap(l.text.clone(), font.clone(), Color32::WHITE).size().x))
            .fold(0.0f32, f32::max)
    };
    columns.left_width = if columns.left.is_empty() { 0.0 } else { width_of(&columns.left) + 26.0 };
    columns.right_width = if columns.right.is_empty() { 0.0 } else { width_of(&columns.right) + 26.0 };
    columns
}

fn draw_labels(
    painter: &egui::Painter,
    columns: &LabelColumns,
    t: &ScreenFromModel,
    rect: Rect,
    figure_rect: Rect,
    dark: bool,
) {
    let font = egui::FontId::proportional(LABEL_FONT);
    let text_color = if dark { Color32::from_gray(225) } else { rgba(PALETTE.text) };
    let leader = if dark { Color32::from_gray(150) } else { rgba(PALETTE.leader) };
    for (items, left) in [(&columns.left, true), (&columns.right, false)] {
        let width = if left { columns.left_width } else { columns.right_width };
        if width <= 0.0 {
            continue;
        }
        let wrap = (width - 22.0).max(30.0);
        // (anchor, galley, centre y)
        let mut placed: Vec<(Pos2, std::sync::Arc<egui::Galley>, f32)> = items
            .iter()
            .map(|l| (t.apply(l.anchor), l))
            .filter(|(p, _)| figure_rect.expand(4.0).contains(*p))
            .map(|(p, l)| (p, painter.layout(l.text.clone(), font.clone(), text_color, wrap), p.y))
            .collect();
        placed.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
        // Stack labels by their real heights: push down past the previous one, then back up if
        // the column overflows the bottom.
        let gap = 3.0;
        let mut bottom_of_previous = figure_rect.top();
        for (_, galley, y) in &mut placed {
            let half = galley.size().y / 2.0;
            *y = y.max(bottom_of_previous + half);
            bottom_of_previous = *y + half + gap;
        }
        let mut top_of_next = rect.bottom() - 6.0;
        for (_, galley, y) in placed.iter_mut().rev() {
            let half = galley.size().y / 2.0;
            *y = y.min(top_of_next - half);
            top_of_next = *y - half - gap;
        }
        for (anchor, galley, y) in placed {
            let size = galley.size();
            let (text_x, elbow_x) = if left {
                let x = rect.left() + 8.0;
                (x, x + size.x + 5.0)
            } else {
                let x = rect.right() - 8.0 - size.x;
                (x, x - 5.0)
            };
            painter.line_segment([anchor, pos2(elbow_x, y)], Stroke::new(0.9, leader));
            painter.circle_filled(anchor, 2.0, leader);
            painter.galley(pos2(text_x, y - size.y * 0.5), galley, text_color);
        }
    }
}

/// "Common fibular (peroneal) nerve" → "Common fibular n." keeps the label columns narrow.
fn short_name(name: &str) -> String {
    let without_aside = match (name.find(" ("), name.find(')')) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &name[..a], &name[b + 1..]),
        _ => name.to_string(),
    };
    without_aside.replace(" nerve", " n.").trim().to_string()
}

/// The legend entries for the current layers: colour, text, drawn as a line (nerves) or a swatch.
fn legend_rows(input: &Input<'_>) -> Vec<(Color32, String, bool)> {
    let layers = input.settings.layers;
    let mut rows: Vec<(Color32, String, bool)> = Vec::new();
    if layers.nerves {
        rows.push((rgba(PALETTE.nerve), "Sciatic nerve and branches".into(), true));
        rows.push((rgba(PALETTE.nerve_neighbour), "Other nerves".into(), true));
    }
    rows.push((rgba(PALETTE.area_selected_stroke), "Marked pain area".into(), false));
    match layers.skin {
        SkinMap::Dermatomes => {
            for root in &input.map.roots {
                rows.push((rgba(geometry::dermatome_color(root)), root.clone(), false));
            }
            rows.push((rgba(PALETTE.key_point), "Key point".into(), false));
        }
        SkinMap::Cutaneous => {
            rows.push((rgba(geometry::cutaneous_color("sural")), "Sciatic skin territories (warm)".into(), false));
            rows.push((rgba(geometry::cutaneous_color("femoral")), "Other nerves' territories (cool)".into(), false));
        }
        SkinMap::None => {}
    }
    rows
}

const LEGEND_FONT: f32 = 12.0;
const LEGEND_ROW: f32 = 20.0;

fn legend_item_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::FontId::proportional(LEGEND_FONT);
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_string(), font, Color32::WHITE).size().x) + 34.0
}

/// Height of the legend strip when it wraps within `width`.
fn legend_height(ui: &egui::Ui, input: &Input<'_>, width: f32) -> f32 {
    let mut rows = 1;
    let mut x = 12.0;
    for (_, text, _) in legend_rows(input) {
        let w = legend_item_width(ui, &text);
        if x + w > width - 12.0 {
            rows += 1;
            x = 12.0;
        }
        x += w;
    }
    rows as f32 * LEGEND_ROW + 10.0
}

/// The legend strip along the bottom of the body map.
fn draw_legend(ui: &egui::Ui, input: &Input<'_>, strip: Rect, dark: bool) {
    let painter = ui.painter_at(strip);
    let text_color = if dark { Color32::from_gray(220) } else { Color32::from_gray(45) };
    let font = egui::FontId::proportional(LEGEND_FONT);
    let mut x = strip.left() + 12.0;
    let mut y = strip.top() + LEGEND_ROW * 0.5 + 2.0;
    for (color, text, line) in legend_rows(input) {
        let w = legend_item_width(ui, &text);
        if x + w > strip.right() - 12.0 {
            x = strip.left() + 12.0;
            y += LEGEND_ROW;
        }
        let swatch = Rect::from_center_size(pos2(x + 9.0, y), vec2(18.0, 10.0));
        if line {
            painter.line_segment(
                [swatch.left_center(), swatch.right_center()],
                Stroke::new(5.0, rgba(PALETTE.nerve_casing)),
            );
            painter.line_segment([swatch.left_center(), swatch.right_center()], Stroke::new(3.4, color));
        } else {
            painter.rect_filled(swatch, 3.0, color);
        }
        painter.text(pos2(x + 24.0, y), egui::Align2::LEFT_CENTER, text, font.clone(), text_color);
        x += w;
    }
}
