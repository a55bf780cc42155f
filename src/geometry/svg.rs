//! The display list ([`super::display`]) written as standalone SVG: "Export drawing as SVG", the
//! printable handout, and a way to look at the data while editing it.
//!
//! Every item becomes one element whose `class` names its layer and, where it draws something
//! that can be traced or clicked, whose `data-target` names it (`nerve:sural`), so the SVG can be
//! checked against the window's drawing.

use std::collections::BTreeMap;
use std::fmt::Write;

use egui::emath::{Align2, Pos2, Rect, TSTransform, pos2, vec2};

use super::display::{
    self, DisplayList, LABEL_FONT, LEGEND_FONT, LabelFrame, Layers, Marked, Primitive, Scene, Stroke,
};
use super::model::{BodyMap, Geometry, PiriformisVariant};
use super::palette::{PALETTE, Palette, Rgba};
use super::path::to_svg_d;
use crate::knowledge::{Side, View};
use crate::pathway::Highlight;

/// Points per model unit the SVG's line widths and text sizes are chosen for: about the scale
/// of a view in a 1600 × 1000 window, so the exported drawing has the window's line weights.
pub const SVG_POINTS_PER_UNIT: f32 = 0.6;

/// What [`to_svg`] draws.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    /// Layers on/off.
    pub layers: Layers,
    /// Pain areas to mark: `(base id, side, pain 0–10)`; a stronger pain is filled more
    /// strongly, no pain given as a middling one.
    pub selected_areas: Vec<(String, Side, Option<u8>)>,
    /// What is traced (drawn emphasised, the rest faded).
    pub highlight: Highlight,
    /// Which course of the sciatic nerve past the piriformis to draw.
    pub variant: PiriformisVariant,
    /// Output width in pixels (height follows the drawing's aspect); `None` = its own units.
    pub width_px: Option<f32>,
    /// Optional title (the SVG's `<title>`).
    pub title: Option<String>,
    /// Display names for label ids (falls back to the id made readable).
    pub names: BTreeMap<String, String>,
    /// The colours.
    pub palette: Palette,
    /// Two visits compared over the drawing ([`display::comparison`]), if any.
    pub comparison: Option<display::Comparison>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            layers: Layers::default(),
            selected_areas: Vec::new(),
            highlight: Highlight::default(),
            variant: PiriformisVariant::Below,
            width_px: None,
            title: None,
            names: BTreeMap::new(),
            palette: PALETTE,
            comparison: None,
        }
    }
}

/// The legend's words for a comparison of visits, on an exported drawing.
pub const COMPARISON_LEGEND: &str = "Dashed outline: areas at the earlier visit; tags: change in pain level (0 to 10)";

/// One view's display list laid out for SVG, in model units: the canvas, widened for the label
/// columns and lengthened for the legend.
#[derive(Clone, Debug)]
pub struct SvgDrawing<'a> {
    pub list: DisplayList<'a>,
    /// The drawing's extent (the SVG's `viewBox`).
    pub view_box: Rect,
}

/// Line height of SVG text, in ems.
const LINE_HEIGHT: f32 = 1.25;

/// A text's width without a font at hand: an average glyph of Helvetica.
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.55
}

/// One view as a display list laid out for SVG.
pub fn svg_drawing<'a>(map: &'a BodyMap, view: View, opts: &SvgOptions) -> SvgDrawing<'a> {
    let vm = map.view(view);
    let marked: Vec<Marked> = opts
        .selected_areas
        .iter()
        .map(|(id, side, intensity)| Marked { id, side: *side, intensity: *intensity })
        .collect();
    let scene = Scene {
        view: vm,
        layers: opts.layers,
        variant: opts.variant,
        selected: &marked,
        highlight: &opts.highlight,
        hovered_area: None,
        hovered_nerve: None,
        palette: &opts.palette,
        points_per_unit: SVG_POINTS_PER_UNIT,
    };
    let mut list = display::build_view(&scene);
    // The page has no card: the trunk fades into the page's background.
    for item in &mut list.items {
        if let Primitive::Fade { color, .. } = &mut item.primitive {
            *color = opts.palette.background;
        }
    }
    if let Some(comparison) = &opts.comparison {
        display::comparison(&mut list, &scene, comparison, &mut |text, size| {
            vec2(text_width(text, size), size * LINE_HEIGHT)
        });
    }
    // Output units are model units: one point is this many of them.
    let unit = 1.0 / SVG_POINTS_PER_UNIT;
    let canvas = vm.canvas();
    let mut view_box = canvas;
    if opts.layers.labels {
        let name = |_, id: &str| opts.names.get(id).cloned();
        let focus = display::LabelFocus { highlight: Some(&opts.highlight), story: None };
        let columns = display::label_columns(
            vm,
            opts.layers,
            focus,
            &name,
            &mut |text| text_width(text, LABEL_FONT * unit),
            unit,
        );
        view_box.min.x -= columns.left_width;
        view_box.max.x += columns.right_width;
        let column_range = egui::Rangef::new(canvas.top(), view_box.bottom() - 6.0 * unit);
        let frame = LabelFrame {
            transform: TSTransform::IDENTITY,
            card: view_box,
            figure: canvas,
            column_range,
            unit,
            font: LABEL_FONT,
        };
        display::labels(&mut list, &columns, &frame, &opts.palette, &mut |text, size| {
            vec2(text_width(text, size), size * LINE_HEIGHT)
        });
    }
    if opts.layers.legend {
        let mut entries = display::legend_entries(opts.layers, &map.roots, &opts.palette);
        // A page has no compare bar to explain the dashes and tags, so the legend does.
        if opts.comparison.is_some() {
            entries.push(display::LegendEntry {
                color: display::earlier_outline_color(&opts.palette),
                text: COMPARISON_LEGEND.to_string(),
                key: display::LegendKey::Swatch,
            });
        }
        let mut width_of = |text: &str| text_width(text, LEGEND_FONT * unit);
        let height = display::legend_height(&entries, view_box.width(), unit, &mut width_of);
        let strip = Rect::from_min_size(pos2(view_box.left(), view_box.bottom()), vec2(view_box.width(), height));
        display::legend(&mut list, &entries, strip, unit, &opts.palette, &mut width_of);
        view_box.max.y += height;
    }
    SvgDrawing { list, view_box }
}

/// Renders one view as a standalone SVG document.
pub fn to_svg(map: &BodyMap, view: View, opts: &SvgOptions) -> String {
    let drawing = svg_drawing(map, view, opts);
    let title = opts.title.clone().unwrap_or_else(|| {
        format!("Sciatica Explorer body map, {} view", if view == View::Posterior { "posterior" } else { "anterior" })
    });
    write_svg(&drawing.list, drawing.view_box, opts.width_px, &title, opts.palette.background)
}

fn fill(c: Rgba) -> String {
    if c.3 == 0 {
        "fill=\"none\"".to_string()
    } else if c.3 == 255 {
        format!("fill=\"{}\"", c.hex())
    } else {
        format!("fill=\"{}\" fill-opacity=\"{:.3}\"", c.hex(), c.opacity())
    }
}

fn stroke(s: Option<Stroke>) -> String {
    match s {
        Some(s) if s.width > 0.0 && s.color.3 > 0 => {
            let mut out = format!("stroke=\"{}\" stroke-width=\"{:.2}\"", s.color.hex(), s.width);
            if s.color.3 != 255 {
                let _ = write!(out, " stroke-opacity=\"{:.3}\"", s.color.opacity());
            }
            out
        }
        _ => "stroke=\"none\"".to_string(),
    }
}

fn points(ps: &[Pos2]) -> String {
    ps.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" ")
}

/// A shape's path: filled where a painter fills it (its closed subpaths only), stroked along all
/// its subpaths. One element, or a group of two when open and closed subpaths mix under a fill.
fn shape(out: &mut String, attrs: &str, g: &Geometry, fill_color: Rgba, line: Option<Stroke>) {
    let all_closed = g.subpaths.iter().all(|s| s.closed);
    // Open subpaths are not filled (as a painter fills only the closed ones).
    let fill_color = if g.subpaths.iter().any(|s| s.closed) { fill_color } else { Rgba(0, 0, 0, 0) };
    if fill_color.3 == 0 || all_closed {
        let _ = writeln!(out, r#"<path {attrs} d="{}" {} {}/>"#, to_svg_d(&g.subpaths), fill(fill_color), stroke(line));
        return;
    }
    let closed: Vec<_> = g.subpaths.iter().filter(|s| s.closed).cloned().collect();
    let _ = writeln!(
        out,
        r#"<g {attrs}><path d="{}" {} stroke="none"/><path d="{}" fill="none" {}/></g>"#,
        to_svg_d(&closed),
        fill(fill_color),
        to_svg_d(&g.subpaths),
        stroke(line)
    );
}

fn text_anchor(anchor: Align2) -> (&'static str, &'static str) {
    let h = match anchor.x() {
        egui::emath::Align::Min => "start",
        egui::emath::Align::Center => "middle",
        egui::emath::Align::Max => "end",
    };
    let v = match anchor.y() {
        egui::emath::Align::Min => "hanging",
        egui::emath::Align::Center => "central",
        egui::emath::Align::Max => "alphabetic",
    };
    (h, v)
}

/// Writes a display list as a standalone SVG document showing `view_box` (in the list's units).
pub fn write_svg(list: &DisplayList, view_box: Rect, width_px: Option<f32>, title: &str, background: Rgba) -> String {
    let (w, h) = (view_box.width(), view_box.height());
    let (pw, ph) = match width_px {
        Some(px) if px > 0.0 => (px, px * h / w),
        _ => (w, h),
    };
    let mut s = String::with_capacity(256 * 1024);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{pw:.0}" height="{ph:.0}" viewBox="{:.1} {:.1} {w:.1} {h:.1}" font-family="Helvetica, Arial, sans-serif" stroke-linecap="round" stroke-linejoin="round" shape-rendering="geometricPrecision">"#,
        view_box.min.x, view_box.min.y
    );
    let _ = writeln!(s, "<title>{}</title>", crate::text::html_escape(title));
    let body: String = list.body.iter().map(|g| to_svg_d(&g.subpaths)).collect();
    let _ = writeln!(s, r#"<defs><clipPath id="body"><path d="{body}"/></clipPath></defs>"#);
    let _ = writeln!(
        s,
        r#"<rect class="background" x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" {}/>"#,
        view_box.min.x,
        view_box.min.y,
        fill(background)
    );
    let mut clipped = false;
    // Gradient ids of their own per document, so two views nested in one page do not share one.
    let fade_id = |index: usize| {
        let hash = title
            .bytes()
            .chain(index.to_le_bytes())
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        format!("fade-{:012x}", hash & 0xffff_ffff_ffff)
    };
    for (index, item) in list.items.iter().enumerate() {
        if item.clip_to_body != clipped {
            s.push_str(if item.clip_to_body { "<g clip-path=\"url(#body)\">\n" } else { "</g>\n" });
            clipped = item.clip_to_body;
        }
        let mut attrs = format!("class=\"{}\"", item.layer.name());
        if let Some(target) = item.target {
            let _ = write!(attrs, " data-target=\"{}\"", crate::text::html_escape(&target.key()));
        }
        match &item.primitive {
            Primitive::Shape { geometry, fill: f, stroke: st } => shape(&mut s, &attrs, geometry, *f, *st),
            Primitive::Line { points: ps, stroke: st } => {
                let _ = writeln!(s, r#"<polyline {attrs} points="{}" fill="none" {}/>"#, points(ps), stroke(Some(*st)));
            }
            Primitive::Circle { centre, radius, fill: f, stroke: st } => {
                let _ = writeln!(
                    s,
                    r#"<circle {attrs} cx="{:.1}" cy="{:.1}" r="{:.2}" {} {}/>"#,
                    centre.x,
                    centre.y,
                    radius,
                    fill(*f),
                    stroke(*st)
                );
            }
            Primitive::Rect { rect, rounding, fill: f } => {
                let _ = writeln!(
                    s,
                    r#"<rect {attrs} x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" {}/>"#,
                    rect.min.x,
                    rect.min.y,
                    rect.width(),
                    rect.height(),
                    rounding,
                    fill(*f)
                );
            }
            Primitive::Fade { rect, color } => {
                let id = fade_id(index);
                let stops: String = display::FADE_STOPS
                    .iter()
                    .map(|(offset, opacity)| {
                        format!(
                            r#"<stop offset="{offset:.2}" stop-color="{}" stop-opacity="{:.3}"/>"#,
                            color.hex(),
                            color.scale_alpha(*opacity).opacity()
                        )
                    })
                    .collect();
                let _ = writeln!(
                    s,
                    r#"<defs><linearGradient id="{id}" x1="0" y1="0" x2="0" y2="1">{stops}</linearGradient></defs>"#
                );
                let _ = writeln!(
                    s,
                    r#"<rect {attrs} x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="url(#{id})"/>"#,
                    rect.min.x,
                    rect.min.y,
                    rect.width(),
                    rect.height()
                );
            }
            Primitive::Text { pos, anchor, text, size, color, strong, wrap: _ } => {
                let (h_anchor, baseline) = text_anchor(*anchor);
                let weight = if *strong { " font-weight=\"bold\"" } else { "" };
                // Lines given (labels break between words), one `tspan` each, the block
                // placed by its anchor as one text would be.
                let lines: Vec<&str> = text.split('\n').collect();
                let content = if lines.len() == 1 {
                    crate::text::html_escape(text)
                } else {
                    let first_dy = match anchor.y() {
                        egui::Align::Min => 0.0,
                        egui::Align::Center => -(lines.len() as f32 - 1.0) * LINE_HEIGHT / 2.0,
                        egui::Align::Max => -(lines.len() as f32 - 1.0) * LINE_HEIGHT,
                    };
                    lines
                        .iter()
                        .enumerate()
                        .map(|(i, line)| {
                            let dy = if i == 0 { first_dy } else { LINE_HEIGHT };
                            format!(
                                r#"<tspan x="{:.1}" dy="{dy:.3}em">{}</tspan>"#,
                                pos.x,
                                crate::text::html_escape(line)
                            )
                        })
                        .collect()
                };
                let _ = writeln!(
                    s,
                    r#"<text {attrs} x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="{h_anchor}" dominant-baseline="{baseline}"{weight} {}>{content}</text>"#,
                    pos.x,
                    pos.y,
                    size,
                    fill(*color),
                );
            }
        }
    }
    if clipped {
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

impl BodyMap {
    /// Renders one view as a standalone SVG; see [`to_svg`].
    pub fn to_svg(&self, view: View, opts: &SvgOptions) -> String {
        to_svg(self, view, opts)
    }
}
