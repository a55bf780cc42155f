//! Standalone SVG rendering of one view: used for "export drawing as SVG" and the printable
//! handout, and handy for looking at the data while editing it.

use std::collections::BTreeMap;
use std::fmt::Write;

use egui::emath::{Pos2, pos2};

use super::humanize;
use super::model::{BodyMap, Geometry, LabelKind, NerveKind, PiriformisVariant, ShapeStyle, ViewMap};
use super::palette::{PALETTE, Palette, Rgba, cutaneous_color, dermatome_color};
use super::path::to_svg_d;
use crate::knowledge::{Side, View};

/// Which layers to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers {
    /// Skin silhouette.
    pub outline: bool,
    /// Bones.
    pub bones: bool,
    /// Muscles.
    pub muscles: bool,
    /// Nerves and roots.
    pub nerves: bool,
    /// Dermatomes.
    pub dermatomes: bool,
    /// Peripheral-nerve cutaneous territories.
    pub cutaneous: bool,
    /// Pain-area borders (selected areas are filled whenever this is on).
    pub areas: bool,
    /// ISNCSCI key sensory points.
    pub key_points: bool,
    /// Text labels with leader lines.
    pub labels: bool,
}

impl Default for Layers {
    /// The anatomy: skin, bones, muscles, nerves and pain areas.
    fn default() -> Self {
        Self {
            outline: true,
            bones: true,
            muscles: true,
            nerves: true,
            dermatomes: false,
            cutaneous: false,
            areas: true,
            key_points: false,
            labels: false,
        }
    }
}

impl Layers {
    /// Every layer on.
    pub const ALL: Layers = Layers {
        outline: true,
        bones: true,
        muscles: true,
        nerves: true,
        dermatomes: true,
        cutaneous: true,
        areas: true,
        key_points: true,
        labels: true,
    };

    /// Only the skin and the pain areas (the clickable map).
    pub const AREAS_ONLY: Layers = Layers {
        outline: true,
        bones: false,
        muscles: false,
        nerves: false,
        dermatomes: false,
        cutaneous: false,
        areas: true,
        key_points: false,
        labels: false,
    };
}

/// What [`to_svg`] draws.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    /// Layers on/off.
    pub layers: Layers,
    /// Pain areas to highlight: `(base id, side)`.
    pub selected_areas: Vec<(String, Side)>,
    /// Nerve or root ids to draw emphasised.
    pub highlighted_nerves: Vec<String>,
    /// Which course of the sciatic nerve past the piriformis to draw.
    pub variant: PiriformisVariant,
    /// Output width in pixels (height follows the canvas aspect); `None` = model units.
    pub width_px: Option<f32>,
    /// Optional title printed at the top left.
    pub title: Option<String>,
    /// Display names for label ids (falls back to the id made readable).
    pub names: BTreeMap<String, String>,
    /// Draw a colour legend for the dermatome / cutaneous layers that are on.
    pub legend: bool,
    /// The colours.
    pub palette: Palette,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            layers: Layers::default(),
            selected_areas: Vec::new(),
            highlighted_nerves: Vec::new(),
            variant: PiriformisVariant::Below,
            width_px: None,
            title: None,
            names: BTreeMap::new(),
            legend: true,
            palette: PALETTE,
        }
    }
}

fn fill(c: Rgba) -> String {
    if c.3 == 255 {
        format!("fill=\"{}\"", c.hex())
    } else {
        format!("fill=\"{}\" fill-opacity=\"{:.3}\"", c.hex(), c.opacity())
    }
}

fn stroke(c: Rgba, w: f32) -> String {
    let mut s = format!("stroke=\"{}\" stroke-width=\"{:.2}\"", c.hex(), w);
    if c.3 != 255 {
        let _ = write!(s, " stroke-opacity=\"{:.3}\"", c.opacity());
    }
    s
}

fn d(g: &Geometry) -> String {
    to_svg_d(&g.subpaths)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Renders one view as a standalone SVG document.
pub fn to_svg(map: &BodyMap, view: View, opts: &SvgOptions) -> String {
    let vm = map.view(view);
    let pal = &opts.palette;
    let (w, h) = (vm.size.x, vm.size.y);
    let mut s = String::with_capacity(256 * 1024);
    let (pw, ph) = match opts.width_px {
        Some(px) if px > 0.0 => (px, px * h / w),
        _ => (w, h),
    };
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{pw:.0}" height="{ph:.0}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" stroke-linecap="round" stroke-linejoin="round" shape-rendering="geometricPrecision">"#
    );
    let title = opts.title.clone().unwrap_or_else(|| {
        format!("Sciatica Explorer body map, {} view", if view == View::Posterior { "posterior" } else { "anterior" })
    });
    let _ = writeln!(s, "<title>{}</title>", esc(&title));

    // Where the silhouette starts: the skin fades in over the first ~60 units so the cut at the
    // waist reads as "continues upwards", not as a hard edge.
    let skin = vm.outline.iter().filter(|o| o.style != ShapeStyle::Detail);
    let body_top = skin.clone().map(|o| o.geometry.bounds.min.y).fold(f32::INFINITY, f32::min);
    let body_top = if body_top.is_finite() { body_top } else { 0.0 };
    let outline_d: String = skin.map(|o| d(&o.geometry)).collect();

    s.push_str("<defs>\n");
    let _ = writeln!(s, r#"<clipPath id="body"><path d="{outline_d}"/></clipPath>"#);
    let _ = writeln!(
        s,
        r#"<linearGradient id="fadeGrad" x1="0" y1="{:.1}" x2="0" y2="{:.1}" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="white" stop-opacity="0"/><stop offset="1" stop-color="white" stop-opacity="1"/></linearGradient>"#,
        body_top,
        body_top + 60.0
    );
    let _ = writeln!(
        s,
        r#"<mask id="fade" maskUnits="userSpaceOnUse" x="0" y="0" width="{w}" height="{h}"><rect x="0" y="0" width="{w}" height="{h}" fill="url(#fadeGrad)"/></mask>"#
    );
    // Filter regions in canvas units: relative (bounding-box) regions clip the blur of thin,
    // straight strokes into visible rectangles.
    for (id, blur) in [("soft", 5.0), ("rim", 7.0), ("glow", 4.0)] {
        let _ = writeln!(
            s,
            r#"<filter id="{id}" filterUnits="userSpaceOnUse" x="0" y="0" width="{w}" height="{h}"><feGaussianBlur stdDeviation="{blur}"/></filter>"#
        );
    }
    s.push_str("\n</defs>\n");
    let _ = writeln!(s, r#"<rect x="0" y="0" width="{w}" height="{h}" {}/>"#, fill(pal.background));

    s.push_str("<g mask=\"url(#fade)\">\n");
    if opts.layers.outline {
        s.push_str("<g id=\"outline\">\n");
        let _ = writeln!(s, r#"<path d="{outline_d}" {} stroke="none"/>"#, fill(pal.skin));
        // A soft darker rim inside the silhouette gives the limbs some roundness.
        let _ = writeln!(
            s,
            r#"<g clip-path="url(#body)"><path d="{outline_d}" fill="none" {} filter="url(#rim)"/></g>"#,
            stroke(pal.skin_shade, 22.0)
        );
        for o in vm.outline.iter().filter(|o| o.style == ShapeStyle::Detail) {
            // Skin creases and contours: gluteal cleft and folds, popliteal crease, malleoli.
            let _ = writeln!(
                s,
                r#"<path d="{}" fill="none" {}/>"#,
                d(&o.geometry),
                stroke(pal.skin_stroke.with_alpha(0x90), 1.4)
            );
        }
        let _ = writeln!(s, r#"<path d="{outline_d}" fill="none" {}/>"#, stroke(pal.skin_stroke, 2.2));
        s.push_str("</g>\n");
    }
    if opts.layers.bones {
        s.push_str("<g id=\"bones\">\n");
        for b in &vm.bones {
            match b.style {
                ShapeStyle::Detail => {
                    let _ =
                        writeln!(s, r#"<path d="{}" fill="none" {}/>"#, d(&b.geometry), stroke(pal.bone_detail, 1.4));
                }
                _ => {
                    let _ = writeln!(
                        s,
                        r#"<path d="{}" {} {}/>"#,
                        d(&b.geometry),
                        fill(pal.bone),
                        stroke(pal.bone_stroke, 1.5)
                    );
                }
            }
        }
        s.push_str("</g>\n");
    }
    if opts.layers.muscles {
        s.push_str("<g id=\"muscles\">\n");
        for m in &vm.muscles {
            let path = d(&m.geometry);
            match m.style {
                ShapeStyle::Superficial => {
                    let _ = writeln!(
                        s,
                        r#"<path d="{path}" {} {} stroke-dasharray="7 5"/>"#,
                        fill(pal.muscle_superficial),
                        stroke(pal.muscle_stroke.with_alpha(0xb0), 1.5)
                    );
                }
                ShapeStyle::Detail => {
                    let _ = writeln!(s, r#"<path d="{path}" fill="none" {}/>"#, stroke(pal.muscle_fibre, 1.2));
                }
                ShapeStyle::Deep => {
                    let _ =
                        writeln!(s, r#"<path d="{path}" {} {}/>"#, fill(pal.muscle), stroke(pal.muscle_stroke, 1.5));
                }
                ShapeStyle::Fill => {
                    let _ = writeln!(
                        s,
                        r#"<path d="{path}" {} {}/>"#,
                        fill(pal.muscle_mid),
                        stroke(pal.muscle_stroke.with_alpha(0xc0), 1.3)
                    );
                }
                ShapeStyle::Tendon => {
                    let _ = writeln!(s, r#"<path d="{path}" {} {}/>"#, fill(pal.tendon), stroke(pal.bone_stroke, 1.2));
                }
            }
        }
        s.push_str("</g>\n");
    }
    for (on, layer, regions, color) in [
        (opts.layers.dermatomes, "dermatomes", &vm.dermatomes, dermatome_color as fn(&str) -> Rgba),
        (opts.layers.cutaneous, "cutaneous", &vm.cutaneous, cutaneous_color as fn(&str) -> Rgba),
    ] {
        if !on {
            continue;
        }
        // Soft-edged, translucent, clipped to the skin: dermatome borders are not sharp lines.
        // Both sides of one root go into one path so a region crossing the midline (the lumbar
        // bands behind) has no seam where the two halves meet.
        let _ = writeln!(s, "<g id=\"{layer}\" clip-path=\"url(#body)\"><g filter=\"url(#soft)\">");
        let mut ids: Vec<&str> = Vec::new();
        for r in regions.iter() {
            if !ids.contains(&r.id.as_str()) {
                ids.push(&r.id);
            }
        }
        for id in ids {
            let c = color(id);
            let path: String = regions.iter().filter(|r| r.id == id).map(|r| d(&r.geometry)).collect();
            let _ = writeln!(s, r#"<path d="{path}" {}/>"#, fill(c.with_alpha(0x78)));
        }
        s.push_str("</g></g>\n");
    }
    if opts.layers.areas {
        s.push_str("<g id=\"areas\">\n");
        for a in &vm.areas {
            let selected = opts.selected_areas.iter().any(|(id, side)| *id == a.id && *side == a.side);
            let path = d(&a.geometry);
            if selected {
                let _ = writeln!(
                    s,
                    r#"<path d="{path}" {} {}/>"#,
                    fill(pal.area_selected),
                    stroke(pal.area_selected_stroke, 2.0)
                );
            } else {
                let _ = writeln!(
                    s,
                    r#"<path d="{path}" fill="none" {} stroke-dasharray="2 4"/>"#,
                    stroke(pal.area_border, 1.1)
                );
            }
        }
        s.push_str("</g>\n");
    }
    if opts.layers.nerves {
        nerves_svg(&mut s, vm, opts);
    }
    if opts.layers.key_points {
        s.push_str("<g id=\"key_points\" font-size=\"15\">\n");
        for k in &vm.key_points {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="5.5" {} stroke="white" stroke-width="2"/>"#,
                k.pos.x,
                k.pos.y,
                fill(pal.key_point)
            );
            // One text per root, on the side the labels column would not collide with.
            if k.side != Side::Right {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" {} font-weight="bold" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"#,
                    k.pos.x + 9.0,
                    k.pos.y + 5.0,
                    fill(pal.key_point),
                    esc(&k.root)
                );
            }
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    if opts.layers.labels {
        labels_svg(&mut s, vm, opts);
    }
    if opts.legend {
        legend_svg(&mut s, vm, &map.roots, opts);
    }
    if let Some(t) = &opts.title {
        let _ = writeln!(
            s,
            r#"<text x="24" y="34" font-size="22" font-weight="bold" {}>{}</text>"#,
            fill(pal.text),
            esc(t)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn nerves_svg(s: &mut String, vm: &ViewMap, opts: &SvgOptions) {
    let pal = &opts.palette;
    s.push_str("<g id=\"nerves\" fill=\"none\">\n");
    let visible = vm.nerves.iter().filter(|n| n.variant.is_none_or(|v| v == opts.variant));
    // Neighbours first (under), then roots and the sciatic family; emphasised ones last.
    let mut order: Vec<_> = visible.collect();
    order.sort_by_key(|n| {
        let hi = opts.highlighted_nerves.contains(&n.id);
        (hi, n.sciatic, !n.hidden)
    });
    struct Stroke {
        path: String,
        core: Rgba,
        casing: Rgba,
        width: f32,
        hidden: bool,
        hi: bool,
    }
    let strokes: Vec<Stroke> = order
        .iter()
        .map(|n| {
            let hi = opts.highlighted_nerves.contains(&n.id);
            let (core, casing) = if hi {
                (pal.nerve_highlight, pal.nerve_casing)
            } else if !n.sciatic {
                (pal.nerve_neighbour, pal.nerve_neighbour_casing)
            } else if n.kind == NerveKind::Root {
                (pal.root, pal.nerve_casing)
            } else {
                (pal.nerve, pal.nerve_casing)
            };
            Stroke { path: d(&n.geometry), core, casing, width: n.width, hidden: n.hidden, hi }
        })
        .collect();
    // Glows, then every casing, then every core: segments of one nerve that meet end to end
    // (the piriformis variant and the shared course) join without a visible seam.
    for st in strokes.iter().filter(|st| st.hi) {
        let _ =
            writeln!(s, r#"<path d="{}" {} filter="url(#glow)"/>"#, st.path, stroke(pal.nerve_glow, st.width + 14.0));
    }
    for st in strokes.iter().filter(|st| !st.hidden) {
        let _ = writeln!(s, r#"<path d="{}" {}/>"#, st.path, stroke(st.casing, st.width + 2.6));
    }
    for st in &strokes {
        if st.hidden {
            // Behind bone: dashed and faded.
            let _ = writeln!(
                s,
                r#"<path d="{}" {} stroke-dasharray="{:.1} {:.1}" opacity="0.75"/>"#,
                st.path,
                stroke(st.core, st.width * 0.8),
                st.width * 1.4,
                st.width * 1.2
            );
        } else {
            let _ = writeln!(s, r#"<path d="{}" {}/>"#, st.path, stroke(st.core, st.width));
        }
    }
    for st in strokes.iter().filter(|st| !st.hidden && st.width >= 6.0) {
        // A thin highlight along big nerves reads as a round cord rather than a flat band.
        let _ = writeln!(
            s,
            r#"<path d="{}" stroke="white" stroke-opacity="0.35" stroke-width="{:.1}" transform="translate(-{:.1},-{:.1})"/>"#,
            st.path,
            st.width * 0.25,
            st.width * 0.15,
            st.width * 0.1
        );
    }
    s.push_str("</g>\n");
}

struct PlacedLabel {
    anchor: Pos2,
    text: String,
    y: f32,
}

fn labels_svg(s: &mut String, vm: &ViewMap, opts: &SvgOptions) {
    let pal = &opts.palette;
    // Atlas style: each structure labelled once; nerves and roots in the viewer's right column
    // (using the copy on that side), muscles and bones in the left column.
    let mut left: Vec<PlacedLabel> = Vec::new();
    let mut right: Vec<PlacedLabel> = Vec::new();
    for l in &vm.labels {
        let nerve_like = matches!(l.kind, LabelKind::Nerve | LabelKind::Root);
        let on_viewer_right = l.pos.x > vm.midline;
        // Sided structures come twice: keep the copy on the side of its column.
        if l.side != Side::Midline && on_viewer_right != nerve_like {
            continue;
        }
        let text = opts.names.get(&l.id).cloned().unwrap_or_else(|| match l.kind {
            LabelKind::Root => format!("{} root", l.id),
            _ => humanize(&l.id),
        });
        let placed = PlacedLabel { anchor: l.pos, text, y: l.pos.y };
        if nerve_like { right.push(placed) } else { left.push(placed) }
    }
    for (col, is_right) in [(&mut left, false), (&mut right, true)] {
        col.sort_by(|a, b| a.y.total_cmp(&b.y));
        // Push labels apart to a minimum spacing, then pull back any that ran off the canvas.
        let gap = 24.0;
        for i in 1..col.len() {
            let min = col[i - 1].y + gap;
            if col[i].y < min {
                col[i].y = min;
            }
        }
        let bottom = vm.size.y - 20.0;
        for i in (0..col.len()).rev() {
            let max = if i + 1 < col.len() { col[i + 1].y - gap } else { bottom };
            if col[i].y > max {
                col[i].y = max;
            }
        }
        let x_text = if is_right { vm.size.x - 24.0 } else { 24.0 };
        let x_elbow = if is_right { vm.size.x - 250.0 } else { 250.0 };
        let anchor = if is_right { "end" } else { "start" };
        for l in col.iter() {
            let elbow = pos2(x_elbow, l.y);
            let _ = writeln!(
                s,
                r#"<polyline points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="none" {}/>"#,
                l.anchor.x,
                l.anchor.y,
                elbow.x,
                elbow.y,
                if is_right { x_elbow + 8.0 } else { x_elbow - 8.0 },
                l.y,
                stroke(pal.leader, 1.0)
            );
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="2.6" {}/>"#,
                l.anchor.x,
                l.anchor.y,
                fill(pal.leader.with_alpha(255))
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="15" text-anchor="{anchor}" {}>{}</text>"#,
                x_text,
                l.y + 5.0,
                fill(pal.text),
                esc(&l.text)
            );
        }
    }
}

fn legend_svg(s: &mut String, vm: &ViewMap, roots: &[String], opts: &SvgOptions) {
    let pal = &opts.palette;
    let mut entries: Vec<(String, Rgba)> = Vec::new();
    if opts.layers.dermatomes {
        for root in roots {
            if vm.dermatomes.iter().any(|r| r.id == *root) {
                entries.push((root.to_string(), dermatome_color(root)));
            }
        }
    }
    if opts.layers.cutaneous {
        let mut seen = Vec::new();
        for r in &vm.cutaneous {
            if !seen.contains(&r.id) {
                seen.push(r.id.clone());
                entries
                    .push((opts.names.get(&r.id).cloned().unwrap_or_else(|| humanize(&r.id)), cutaneous_color(&r.id)));
            }
        }
    }
    if entries.is_empty() {
        return;
    }
    let x = 24.0;
    let mut y = vm.size.y - 24.0 - 24.0 * entries.len() as f32;
    s.push_str("<g id=\"legend\" font-size=\"15\">\n");
    for (text, c) in entries {
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="{:.1}" width="22" height="16" rx="3" {} {}/>"#,
            y - 12.0,
            fill(c.with_alpha(0xa0)),
            stroke(c.with_alpha(255), 1.0)
        );
        let _ = writeln!(s, r#"<text x="{:.1}" y="{:.1}" {}>{}</text>"#, x + 30.0, y + 1.0, fill(pal.text), esc(&text));
        y += 24.0;
    }
    s.push_str("</g>\n");
}

impl BodyMap {
    /// Renders one view as a standalone SVG; see [`to_svg`].
    pub fn to_svg(&self, view: View, opts: &SvgOptions) -> String {
        to_svg(self, view, opts)
    }
}
