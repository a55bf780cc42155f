//! One drawing, two renderers: the display list painted with egui and written as SVG shows the
//! same primitives; the window's "Export drawing as SVG" is the window's drawing (its layers,
//! selection and trace); teach mode's drawing lights each step's structures; stored layer
//! settings of earlier versions still load.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::TempDir;
use egui::emath::{Rect, TSTransform};
use egui::{Color32, Key, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::body_map::{self, Drawn};
use sciatica_explorer::app::dialogs::ScriptedDialogs;
use sciatica_explorer::app::{ExplorerApp, Settings, ThemeChoice};
use sciatica_explorer::geometry::display::{
    ChangeTag, ChangeTone, Comparison, Item, Layer, Primitive, Scene, build_view,
};
use sciatica_explorer::geometry::path::parse_path;
use sciatica_explorer::geometry::{
    BodyMap, DARK_PALETTE, Layers, PALETTE, PiriformisVariant, Rgba, SkinMap, SvgOptions, svg_drawing, write_svg,
};
use sciatica_explorer::knowledge::{Side, View};
use sciatica_explorer::lookup::Selection;
use sciatica_explorer::pathway::Highlight;

fn map() -> &'static BodyMap {
    common::builtin_map()
}

/// One SVG element: its name, attributes and (for `<text>`) its text.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: Option<String>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Every element of an SVG document, in document order (a small parser for what `write_svg`
/// writes: no comments, no CDATA, attributes in double quotes).
fn elements(svg: &str) -> Vec<Element> {
    let mut out = Vec::new();
    for chunk in svg.split('<').skip(1) {
        if chunk.starts_with('/') {
            continue;
        }
        // A text's further lines: part of its text.
        if let Some(line) = chunk.strip_prefix("tspan ") {
            let content = unescape(line.split_once('>').map_or("", |(_, c)| c));
            if let Some(text) = out.last_mut().and_then(|e: &mut Element| e.text.as_mut()) {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&content);
            }
            continue;
        }
        let Some(end) = chunk.find('>') else { panic!("unclosed tag: {chunk}") };
        let tag = chunk[..end].trim_end_matches('/');
        let name = tag.split_whitespace().next().unwrap_or_default().to_string();
        let mut attrs = BTreeMap::new();
        let mut rest = &tag[name.len()..];
        while let Some(eq) = rest.find("=\"") {
            let key = rest[..eq].trim().to_string();
            let value_start = eq + 2;
            let Some(len) = rest[value_start..].find('"') else { panic!("unclosed attribute in {tag}") };
            attrs.insert(key, unescape(&rest[value_start..value_start + len]));
            rest = &rest[value_start + len + 1..];
        }
        let text = (name == "text").then(|| unescape(&chunk[end + 1..]));
        out.push(Element { name, attrs, text });
    }
    out
}

/// The elements that draw an item of the list (they carry its layer as their class). A shape
/// that mixes open and closed subpaths under a fill is a group of two paths (the fill of its
/// closed subpaths, the outline of all): read back as one path with the fill and the outline.
fn drawing_elements(svg: &str) -> Vec<Element> {
    let mut all = elements(svg).into_iter();
    let mut out = Vec::new();
    while let Some(mut e) = all.next() {
        if e.attrs.get("class").is_none_or(|c| Layer::from_name(c).is_none()) {
            continue;
        }
        if e.name == "g" {
            let (Some(filled), Some(outline)) = (all.next(), all.next()) else { panic!("a short group: {e:?}") };
            e.name = "path".to_string();
            for key in ["fill", "fill-opacity"] {
                if let Some(v) = filled.attrs.get(key) {
                    e.attrs.insert(key.to_string(), v.clone());
                }
            }
            for (key, v) in outline.attrs {
                if key != "fill" {
                    e.attrs.insert(key, v);
                }
            }
        }
        out.push(e);
    }
    out
}

/// `fill="#rrggbb" fill-opacity="…"` read back as a colour.
fn svg_fill(e: &Element) -> Option<Rgba> {
    let hex = e.attrs.get("fill").filter(|f| f.starts_with('#'))?;
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_else(|_| panic!("bad colour {hex}"));
    let alpha = e.attrs.get("fill-opacity").map_or(255, |o| {
        let o: f32 = o.parse().unwrap_or_else(|_| panic!("bad opacity {o}"));
        (o * 255.0).round() as u8
    });
    Some(Rgba(channel(1), channel(3), channel(5), alpha))
}

fn visible_fill(c: Rgba) -> Option<Rgba> {
    (c.3 > 0).then_some(c)
}

/// The bounding box of points.
fn bbox(points: impl IntoIterator<Item = egui::Pos2>) -> Rect {
    let mut r = Rect::NOTHING;
    for p in points {
        r.extend_with(p);
    }
    r
}

fn close(a: Rect, b: Rect, tolerance: f32) -> bool {
    (a.min - b.min).length() <= tolerance && (a.max - b.max).length() <= tolerance
}

/// The fill colour of egui shapes (meshes, circles, rects), when they fill.
fn egui_fills(shapes: &[egui::Shape]) -> Vec<Color32> {
    let mut fills = Vec::new();
    for s in shapes {
        match s {
            egui::Shape::Mesh(mesh) => fills.extend(mesh.vertices.iter().map(|v| v.color)),
            egui::Shape::Circle(c) if c.fill != Color32::TRANSPARENT => fills.push(c.fill),
            egui::Shape::Rect(r) => fills.push(r.fill),
            _ => {}
        }
    }
    fills
}

/// The points of egui's paths and meshes.
fn egui_points(shapes: &[egui::Shape]) -> Vec<egui::Pos2> {
    let mut points = Vec::new();
    for s in shapes {
        match s {
            egui::Shape::Path(p) => points.extend(p.points.iter().copied()),
            egui::Shape::LineSegment { points: ends, .. } => points.extend(ends.iter().copied()),
            egui::Shape::Mesh(mesh) => points.extend(mesh.vertices.iter().map(|v| v.pos)),
            _ => {}
        }
    }
    points
}

/// Renders one state both ways from the same display list and checks that egui's shapes and
/// the SVG's elements agree item by item: layer, target, fill, text, geometry.
fn same_both_ways(opts: &SvgOptions, what: &str) -> Vec<(View, Vec<Element>)> {
    let ctx = egui::Context::default();
    let mut out = Vec::new();
    for view in [View::Posterior, View::Anterior] {
        let drawing = svg_drawing(map(), view, opts);
        let svg = write_svg(&drawing.list, drawing.view_box, None, "test", opts.palette.background);
        let els = drawing_elements(&svg);
        let mut painted = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            painted = body_map::shapes(ui.ctx(), &drawing.list, TSTransform::IDENTITY);
        });
        // No painter here takes the font texture.
        output.textures_delta.clear();
        let items: &[Item] = &drawing.list.items;
        assert_eq!(els.len(), items.len(), "{what}, {view:?}: one SVG element per item");
        assert_eq!(painted.len(), items.len(), "{what}, {view:?}: egui shapes for every item");
        for layer in Layer::ALL {
            let svg_count =
                els.iter().filter(|e| e.attrs.get("class").map(String::as_str) == Some(layer.name())).count();
            let egui_count = painted.iter().filter(|(l, shapes)| *l == layer && !shapes.is_empty()).count();
            assert_eq!(svg_count, egui_count, "{what}, {view:?}: {} items", layer.name());
        }
        for (i, ((item, el), (_, shapes))) in items.iter().zip(&els).zip(&painted).enumerate() {
            let at = format!("{what}, {view:?}, item {i} ({:?} {:?})", item.layer, item.target);
            assert_eq!(el.attrs.get("class").map(String::as_str), Some(item.layer.name()), "{at}");
            assert_eq!(el.attrs.get("data-target").cloned(), item.target.map(|t| t.key()), "{at}");
            match &item.primitive {
                Primitive::Shape { geometry, fill, .. } => {
                    let Some(d) = el.attrs.get("d") else { panic!("{at}: no path data: {el:?}") };
                    assert_eq!(el.name, "path", "{at}");
                    // Only closed subpaths are filled.
                    let fill = if geometry.polys.iter().any(|p| p.closed) { *fill } else { Rgba(0, 0, 0, 0) };
                    assert_eq!(svg_fill(el), visible_fill(fill), "{at}: SVG fill");
                    let fills = egui_fills(shapes);
                    if fill.3 > 0 {
                        assert!(!fills.is_empty() && fills.iter().all(|c| *c == fill.color32()), "{at}: egui fill");
                    } else {
                        assert!(fills.is_empty(), "{at}: egui fills an unfilled shape");
                    }
                    // The SVG's curves, parsed back and flattened, cover what egui drew.
                    let subpaths = parse_path(d).unwrap_or_else(|e| panic!("{at}: bad path data: {e:?}"));
                    let svg_box = bbox(subpaths.iter().flat_map(|s| s.flatten(0.2)));
                    let egui_box = bbox(egui_points(shapes));
                    if item.clip_to_body && fill.3 == 0 {
                        // A skin map's outline: egui strokes only its edges on the skin (the SVG
                        // strokes all and clips to the body), so it may cover less.
                        assert!(
                            svg_box.expand(1.5).contains_rect(egui_box),
                            "{at}: SVG {svg_box:?} vs egui {egui_box:?}"
                        );
                    } else {
                        assert!(close(svg_box, egui_box, 1.5), "{at}: SVG {svg_box:?} vs egui {egui_box:?}");
                    }
                    assert!(close(svg_box, geometry.bounds, 1.5), "{at}: SVG {svg_box:?} vs {:?}", geometry.bounds);
                }
                Primitive::Line { points, stroke } => {
                    assert_eq!(el.name, "polyline", "{at}");
                    let svg_points = el.attrs.get("points").map_or(0, |p| p.split_whitespace().count());
                    assert_eq!(svg_points, points.len(), "{at}");
                    let drawn = match &shapes[0] {
                        egui::Shape::Path(path) => path.points.clone(),
                        egui::Shape::LineSegment { points, .. } => points.to_vec(),
                        other => panic!("{at}: not a line: {other:?}"),
                    };
                    assert_eq!(drawn, *points, "{at}");
                    assert_eq!(el.attrs.get("stroke").cloned(), Some(stroke.color.hex()), "{at}");
                }
                Primitive::Circle { fill, .. } => {
                    assert_eq!(el.name, "circle", "{at}");
                    assert_eq!(svg_fill(el), visible_fill(*fill), "{at}");
                    assert_eq!(egui_fills(shapes), vec![fill.color32()], "{at}");
                }
                Primitive::Rect { fill, .. } => {
                    assert_eq!(el.name, "rect", "{at}");
                    assert_eq!(svg_fill(el), Some(*fill), "{at}");
                    assert_eq!(egui_fills(shapes), vec![fill.color32()], "{at}");
                }
                Primitive::Fade { rect, .. } => {
                    // Its gradient is checked in `the_trunk_fades_out_alike_in_the_window_and_the_svg`.
                    assert_eq!(el.name, "rect", "{at}");
                    assert!(el.attrs.get("fill").is_some_and(|f| f.starts_with("url(#")), "{at}: {el:?}");
                    let coordinate =
                        |key: &str| el.attrs.get(key).and_then(|v| v.parse::<f32>().ok()).unwrap_or(f32::NAN);
                    let svg_box = Rect::from_min_size(
                        egui::pos2(coordinate("x"), coordinate("y")),
                        vec2(coordinate("width"), coordinate("height")),
                    );
                    assert!(close(svg_box, *rect, 0.2), "{at}: SVG {svg_box:?} vs {rect:?}");
                    assert!(close(bbox(egui_points(shapes)), *rect, 0.01), "{at}: egui vs {rect:?}");
                }
                Primitive::Text { text, color, .. } => {
                    assert_eq!(el.name, "text", "{at}");
                    assert_eq!(el.text.as_deref(), Some(text.as_str()), "{at}");
                    assert_eq!(svg_fill(el), Some(*color), "{at}");
                    let egui::Shape::Text(shown) = &shapes[0] else { panic!("{at}: not text: {shapes:?}") };
                    assert_eq!(shown.galley.text(), text, "{at}");
                }
            }
        }
        out.push((view, els));
    }
    out
}

fn class_of(els: &[Element], layer: Layer) -> impl Iterator<Item = &Element> {
    els.iter().filter(move |e| e.attrs.get("class").map(String::as_str) == Some(layer.name()))
}

fn targets(els: &[Element], layer: Layer) -> Vec<String> {
    class_of(els, layer).filter_map(|e| e.attrs.get("data-target").cloned()).collect()
}

fn texts(els: &[Element], layer: Layer) -> Vec<String> {
    class_of(els, layer).filter_map(|e| e.text.clone()).collect()
}

#[test]
fn the_same_state_draws_the_same_primitives_with_egui_and_as_svg() {
    let names: BTreeMap<String, String> = [("sciatic", "Sciatic nerve"), ("piriformis", "Piriformis")]
        .into_iter()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    let base = SvgOptions { names, layers: Layers::EVERYTHING, ..SvgOptions::default() };

    // Every layer drawn, dermatomes with their key points, labels and legend, and two visits
    // compared (the outer foot, in both views, gone since).
    let gone = ChangeTag { id: "lateral_foot".into(), side: Side::Left, text: "gone".into(), tone: ChangeTone::Gone };
    let comparison = Comparison { earlier: vec![("lateral_foot".into(), Side::Left)], tags: vec![gone] };
    let every = SvgOptions { comparison: Some(comparison), ..base.clone() };
    for (view, els) in same_both_ways(&every, "every layer") {
        for layer in Layer::ALL {
            assert!(class_of(&els, layer).count() > 0, "{view:?}: nothing in {layer:?}");
        }
        assert!(targets(&els, Layer::SkinMap).contains(&"skin:L5".to_string()), "{view:?}: no L5 dermatome");
        assert!(class_of(&els, Layer::SkinMap).any(|e| e.name == "circle"), "{view:?}: no key points");
        if view == View::Posterior {
            assert!(texts(&els, Layer::Labels).contains(&"Sciatic n.".to_string()), "{view:?}: the sciatic label");
            assert!(texts(&els, Layer::Labels).contains(&"Piriformis".to_string()));
        }
        assert!(texts(&els, Layer::Legend).contains(&"S1".to_string()), "{view:?}: the dermatome key");
    }

    // Dermatomes off, cutaneous territories on: their own regions and legend, no key points.
    let cutaneous = SvgOptions { layers: Layers { skin: SkinMap::Cutaneous, ..Layers::EVERYTHING }, ..base.clone() };
    for (view, els) in same_both_ways(&cutaneous, "cutaneous") {
        let skin = targets(&els, Layer::SkinMap);
        assert!(skin.iter().any(|t| t == "skin:saphenous"), "{view:?}: {skin:?}");
        assert!(!skin.iter().any(|t| t == "skin:L5"), "{view:?}: a dermatome on the cutaneous map");
        assert!(!class_of(&els, Layer::SkinMap).any(|e| e.name == "circle"), "{view:?}: key points");
        assert!(texts(&els, Layer::Legend).iter().any(|t| t.contains("(warm)")));
        assert!(!texts(&els, Layer::Legend).contains(&"S1".to_string()));
    }

    // Labels and legend off.
    let bare = SvgOptions { layers: Layers { labels: false, legend: false, ..Layers::EVERYTHING }, ..base.clone() };
    for (view, els) in same_both_ways(&bare, "labels off") {
        assert_eq!(class_of(&els, Layer::Labels).count(), 0, "{view:?}");
        assert_eq!(class_of(&els, Layer::Legend).count(), 0, "{view:?}");
        assert!(class_of(&els, Layer::Nerves).count() > 0, "{view:?}");
    }

    // A selection: the marked areas filled (a stronger pain more strongly), the others not.
    let selection = SvgOptions {
        selected_areas: vec![("buttock".into(), Side::Left, Some(9)), ("saddle".into(), Side::Midline, None)],
        ..base.clone()
    };
    let (_, els) = &same_both_ways(&selection, "a selection")[0];
    let filled: Vec<_> = class_of(els, Layer::Selection).filter(|e| svg_fill(e).is_some()).collect();
    let mut marked: Vec<_> = filled.iter().filter_map(|e| e.attrs.get("data-target").cloned()).collect();
    marked.sort();
    assert_eq!(marked, ["area:left.buttock", "area:saddle"]);
    let alpha = |target: &str| {
        let e = filled.iter().find(|e| e.attrs.get("data-target").map(String::as_str) == Some(target));
        e.and_then(|e| svg_fill(e)).map_or(0, |c| c.3)
    };
    assert!(alpha("area:left.buttock") > alpha("area:saddle"), "pain 9 is filled more strongly than none given");
    assert!(filled.iter().all(|e| svg_fill(e).map(|c| c.hex()) == Some(PALETTE.area_selected.hex())));

    // A traced nerve: lit in the highlight colour with its skin; the rest faded.
    let traced = SvgOptions {
        layers: Layers { skin: SkinMap::None, ..Layers::default() },
        highlight: Highlight {
            nerves: ["sural".to_string()].into_iter().collect(),
            territories: ["sural".to_string()].into_iter().collect(),
            ..Highlight::default()
        },
        ..base.clone()
    };
    let (_, els) = &same_both_ways(&traced, "a traced nerve")[0];
    let sural: Vec<_> = class_of(els, Layer::Nerves)
        .filter(|e| e.attrs.get("data-target").map(String::as_str) == Some("nerve:sural"))
        .collect();
    assert!(sural.iter().any(|e| e.attrs.get("stroke") == Some(&PALETTE.nerve_highlight.hex())), "sural not lit");
    assert!(sural.iter().any(|e| e.attrs.get("stroke") == Some(&PALETTE.nerve_glow.hex())), "sural does not glow");
    assert!(targets(els, Layer::SkinMap).contains(&"skin:sural".to_string()), "its skin is not shown");
    let tibial_core = class_of(els, Layer::Nerves)
        .filter(|e| e.attrs.get("data-target").map(String::as_str) == Some("nerve:tibial"))
        .filter_map(|e| e.attrs.get("stroke-opacity"))
        .count();
    assert!(tibial_core > 0, "the untraced tibial nerve is not faded");

    // The dark theme: the anatomy keeps its colours, the text around it turns light.
    let dark = SvgOptions { palette: DARK_PALETTE, ..base };
    let (_, els) = &same_both_ways(&dark, "dark theme")[0];
    assert!(class_of(els, Layer::Labels).filter(|e| e.name == "text").all(|e| svg_fill(e) == Some(DARK_PALETTE.text)));
    assert!(class_of(els, Layer::Silhouette).any(|e| svg_fill(e) == Some(PALETTE.skin)));
}

/// The trunk is drawn up to the lower ribs and ends there in a fade, not a straight cut: one
/// fade over the top of the silhouette, over the whole figure and under the labels, going from
/// the colour behind the drawing (the card in the window, the page in the SVG) to nothing,
/// through the same stops in egui's mesh and the SVG's gradient.
#[test]
fn the_trunk_fades_out_alike_in_the_window_and_the_svg() {
    use sciatica_explorer::geometry::display::FADE_STOPS;
    for palette in [PALETTE, DARK_PALETTE] {
        let opts = SvgOptions { palette: palette.clone(), ..SvgOptions::default() };
        for view in [View::Posterior, View::Anterior] {
            let drawing = svg_drawing(map(), view, &opts);
            let items = &drawing.list.items;
            let fades: Vec<(usize, Rect, Rgba)> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item.primitive {
                    Primitive::Fade { rect, color } => Some((i, rect, color)),
                    _ => None,
                })
                .collect();
            let [(index, rect, color)] = fades[..] else { panic!("{view:?}: one fade, not {fades:?}") };
            // At the top of the silhouette, across its width.
            let body = drawing.list.body.iter().fold(Rect::NOTHING, |b, g| b.union(g.bounds));
            assert!(rect.top() <= body.top() && rect.bottom() > body.top() + 20.0, "{view:?}: {rect:?} vs {body:?}");
            assert!(rect.left() <= body.left() && rect.right() >= body.right(), "{view:?}: {rect:?} vs {body:?}");
            assert!(rect.bottom() < body.top() + 0.1 * body.height(), "{view:?}: the fade reaches too far down");
            // Over everything the figure draws, under the labels and the legend.
            assert!(
                items[..index].iter().any(|i| i.layer == Layer::Nerves)
                    && items[index + 1..].iter().all(|i| matches!(i.layer, Layer::Labels | Layer::Legend)),
                "{view:?}: the fade is not over the figure and under the labels"
            );
            // The SVG page has no card: the fade ends in its background.
            assert_eq!(color, palette.background, "{view:?}");

            // The SVG: a gradient from that colour, stop by stop.
            let svg = write_svg(&drawing.list, drawing.view_box, None, "test", palette.background);
            let els = elements(&svg);
            let fill = drawing_elements(&svg)[index].attrs.get("fill").cloned().unwrap_or_default();
            let id = fill.trim_start_matches("url(#").trim_end_matches(')');
            let at = els
                .iter()
                .position(|e| e.name == "linearGradient" && e.attrs.get("id").map(String::as_str) == Some(id))
                .unwrap_or_else(|| panic!("{view:?}: no gradient {id}"));
            let stops: Vec<(f32, String, f32)> = els[at + 1..]
                .iter()
                .take_while(|e| e.name == "stop")
                .map(|e| {
                    let number = |k: &str| e.attrs.get(k).and_then(|v| v.parse::<f32>().ok()).unwrap_or(f32::NAN);
                    (number("offset"), e.attrs.get("stop-color").cloned().unwrap_or_default(), number("stop-opacity"))
                })
                .collect();
            assert_eq!(stops.len(), FADE_STOPS.len(), "{view:?}: {stops:?}");
            for ((offset, hex, opacity), (want_offset, want_opacity)) in stops.iter().zip(FADE_STOPS) {
                assert!((offset - want_offset).abs() < 0.01 && (opacity - want_opacity).abs() < 0.01, "{stops:?}");
                assert_eq!(*hex, color.hex());
            }
            assert!(stops[0].2 > 0.99 && stops[stops.len() - 1].2 < 0.01, "opaque at the top, gone at the bottom");

            // The window: a mesh whose rows of vertices carry the same colours at the same heights.
            let ctx = egui::Context::default();
            let mut painted = Vec::new();
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                painted = body_map::shapes(ui.ctx(), &drawing.list, TSTransform::IDENTITY);
            });
            output.textures_delta.clear();
            let egui::Shape::Mesh(mesh) = &painted[index].1[0] else { panic!("{view:?}: the fade is not a mesh") };
            for (offset, opacity) in FADE_STOPS {
                let y = rect.top() + rect.height() * offset;
                let row: Vec<Color32> =
                    mesh.vertices.iter().filter(|v| (v.pos.y - y).abs() < 0.01).map(|v| v.color).collect();
                assert_eq!(row.len(), 2, "{view:?}: a row of two vertices at {offset}");
                assert!(
                    row.iter().all(|c| *c == color.scale_alpha(opacity).color32()),
                    "{view:?} at {offset}: {row:?}"
                );
            }
        }
    }
    // In the window the trunk fades into the card the view is drawn on.
    let scene = Scene {
        view: map().view(View::Posterior),
        layers: Layers::default(),
        variant: PiriformisVariant::Below,
        selected: &[],
        highlight: &Highlight::default(),
        hovered_area: None,
        hovered_nerve: None,
        palette: &DARK_PALETTE,
        points_per_unit: 1.0,
    };
    let colours: Vec<Rgba> = build_view(&scene)
        .items
        .iter()
        .filter_map(|i| match i.primitive {
            Primitive::Fade { color, .. } => Some(color),
            _ => None,
        })
        .collect();
    assert_eq!(colours, [DARK_PALETTE.card]);
    let (h, _) = harness(Settings { theme: ThemeChoice::Light, ..Settings::default() });
    assert_eq!(drawn(&h, View::Posterior).items.iter().filter(|i| i.primitive == "fade").count(), 1);
}

type H = Harness<'static, ExplorerApp>;

fn harness(settings: Settings) -> (H, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let app =
        ExplorerApp::new(common::builtin_kb(), common::window_map(), settings).with_dialogs(Box::new(dialogs.clone()));
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    body_map::record_drawing(&h.ctx);
    h.run();
    (h, dialogs)
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn select(h: &mut H, areas: &[&str]) {
    let kb = common::builtin_kb();
    let selection = Selection::parse_args(&kb, areas).expect("areas");
    h.state_mut().select(selection.areas);
    h.run();
}

fn drawn(h: &H, view: View) -> Arc<Drawn> {
    body_map::last_drawn(&h.ctx, view).unwrap_or_else(|| panic!("the {view:?} view was not drawn"))
}

/// Exports the drawing from the File menu; the nested views' elements, in view order.
fn export_svg(h: &mut H, dialogs: &ScriptedDialogs, dir: &TempDir) -> Vec<Vec<Element>> {
    let path = dir.file("drawing.svg");
    dialogs.answer(Some(path.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export drawing as SVG…").click();
    h.run();
    let svg = std::fs::read_to_string(&path).expect("the drawing was exported");
    // The document, then one nested <svg> per view.
    svg.split("<svg ").skip(2).map(drawing_elements).collect()
}

#[test]
fn the_exported_svg_is_the_windows_drawing_with_its_layers_selection_and_trace() {
    let dir = TempDir::new("display-export");
    let settings = Settings { theme: ThemeChoice::Light, layers: Layers::EVERYTHING, ..Settings::default() };
    let (mut h, dialogs) = harness(settings);
    select(&mut h, &["left.lateral_foot@8", "left.buttock"]);
    // The root card (the look-up's list may name the root too).
    h.get_all_by_label("L5 nerve root").next().expect("the L5 root card").scroll_to_me();
    h.run();
    h.get_all_by_label("L5 nerve root").next().expect("the L5 root card").click();
    h.run();
    assert!(!h.state().highlight().is_empty(), "the root is traced");
    // The trace framed the root; the export draws whole views, so the window shows them whole too
    // (labels outside a zoomed view are left out).
    click(&mut h, "Reset zoom");
    let views = export_svg(&mut h, &dialogs, &dir);
    assert_eq!(views.len(), 2, "both views, as the window shows them");
    for (view, els) in [View::Posterior, View::Anterior].into_iter().zip(&views) {
        // The window's layers: dermatomes with key points, labels, a legend (under the first view).
        assert!(targets(els, Layer::SkinMap).contains(&"skin:L5".to_string()), "{view:?}: no dermatomes");
        assert!(class_of(els, Layer::SkinMap).any(|e| e.name == "circle"), "{view:?}: no key points");
        assert!(texts(els, Layer::Labels).contains(&"L5 root".to_string()), "{view:?}: no labels");
        if view == View::Posterior {
            let legend = texts(els, Layer::Legend);
            assert!(
                legend.contains(&"Marked pain area".to_string()) && legend.contains(&"L5".to_string()),
                "{legend:?}"
            );
        }
        // The same items as the window drew, in the same order, with the same fills; labels
        // with the same texts (the SVG lays them out for its own page).
        let window = drawn(&h, view);
        let same = |layer: &Layer| !matches!(layer, Layer::Labels | Layer::Legend);
        let window_items: Vec<_> = window
            .items
            .iter()
            .filter(|i| same(&i.layer))
            .map(|i| (i.layer.name().to_string(), i.target.clone(), i.fill))
            .collect();
        let svg_items: Vec<_> = els
            .iter()
            .filter_map(|e| {
                let layer = Layer::from_name(e.attrs.get("class")?)?;
                same(&layer).then(|| (layer.name().to_string(), e.attrs.get("data-target").cloned(), svg_fill(e)))
            })
            .collect();
        assert_eq!(window_items.len(), svg_items.len(), "{view:?}: item counts");
        for (i, (w, s)) in window_items.iter().zip(&svg_items).enumerate() {
            assert_eq!(w, s, "{view:?}: item {i}");
        }
        // Each page breaks them into lines for its own columns.
        let words = |text: &String| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut window_labels: Vec<_> =
            window.layer(Layer::Labels).filter_map(|i| i.text.as_ref().map(words)).collect();
        let mut svg_labels: Vec<_> = texts(els, Layer::Labels).iter().map(words).collect();
        window_labels.sort();
        svg_labels.sort();
        assert_eq!(window_labels, svg_labels, "{view:?}: label texts");
        // The trace and the selection are marked as on screen.
        assert!(window.emphasised().contains(&"nerve:L5".to_string()), "{view:?}: {:?}", window.emphasised());
    }
    let back = &views[0];
    assert!(targets(back, Layer::Selection).contains(&"area:left.buttock".to_string()));
    assert!(class_of(back, Layer::Nerves).any(|e| e.attrs.get("stroke") == Some(&PALETTE.nerve_highlight.hex())));

    // Layers off in the window are off in the export.
    let mut layers = h.state().settings.layers;
    layers.skin = SkinMap::None;
    layers.labels = false;
    h.state_mut().settings.layers = layers;
    h.run();
    let views = export_svg(&mut h, &dialogs, &dir);
    for els in &views {
        assert!(!targets(els, Layer::SkinMap).contains(&"skin:S1".to_string()), "dermatomes off");
        assert_eq!(class_of(els, Layer::Labels).count(), 0, "labels off");
    }
}

/// What a highlight lights in a view: the keys the drawing should show emphasised.
fn expected_lit(highlight: &Highlight, view: View, settings: &Settings) -> Vec<String> {
    let vm = map().view(view);
    let mut keys = Vec::new();
    for id in highlight.nerves.iter().chain(&highlight.roots) {
        if vm.nerves.iter().any(|n| n.id == *id && !n.hidden && n.variant.is_none_or(|v| v == settings.variant)) {
            keys.push(format!("nerve:{id}"));
        }
    }
    for id in &highlight.muscles {
        if vm.muscles.iter().any(|m| m.id == *id) {
            keys.push(format!("muscle:{id}"));
        }
    }
    for id in &highlight.dermatomes {
        if vm.dermatomes.iter().any(|r| r.id == *id) {
            keys.push(format!("skin:{id}"));
        }
    }
    for id in &highlight.territories {
        if vm.cutaneous.iter().any(|r| r.id == *id) {
            keys.push(format!("skin:{id}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn lit(h: &H, view: View) -> Vec<String> {
    drawn(h, view).emphasised().into_iter().filter(|k| !k.starts_with("area:")).collect()
}

#[test]
fn teach_mode_draws_what_each_step_lights_going_forward_back_and_jumping() {
    let (mut h, _dialogs) = harness(Settings::default());
    select(&mut h, &["left.lateral_foot@6"]);
    click(&mut h, "Teach");
    let steps = h.state().ui_state.teach.as_ref().expect("teach mode on").steps.clone();
    assert!(steps.len() >= 4, "{steps:?}");
    let settings = h.state().settings.clone();
    let check = |h: &H, step: usize, how: &str| {
        assert_eq!(h.state().ui_state.teach.as_ref().map(|t| t.step), Some(step), "{how}");
        let mut any = false;
        for view in [View::Posterior, View::Anterior] {
            let expected = expected_lit(&steps[step].highlight, view, &settings);
            any |= !expected.is_empty();
            assert_eq!(lit(h, view), expected, "{how}: step {} ({}), {view:?} view", step + 1, steps[step].title);
        }
        assert!(any, "step {} lights nothing on either view", step + 1);
    };
    check(&h, 0, "at the start");
    for step in 1..steps.len() {
        h.key_press(Key::ArrowRight);
        h.run();
        check(&h, step, "forward");
    }
    // The report of issue 12: End, then Home, showed the last step's drawing under step 1.
    h.key_press(Key::Home);
    h.run();
    check(&h, 0, "Home after the last step");
    h.key_press(Key::End);
    h.run();
    check(&h, steps.len() - 1, "End");
    h.key_press(Key::ArrowLeft);
    h.run();
    check(&h, steps.len() - 2, "back");
}

#[test]
fn layers_stored_by_earlier_versions_still_load() {
    use sciatica_explorer::app::settings_from_storage;
    // As eframe stored the settings when the layers were the window's `LayerToggles`.
    let stored = "(view:Posterior,layers:(bones:false,muscles:true,nerves:true,skin:Cutaneous,labels:false,legend:true),theme:Dark)";
    let mut storage = common::MemoryStorage::default();
    eframe::Storage::set_string(&mut storage, sciatica_explorer::app::SETTINGS_KEY, stored.to_string());
    let settings = settings_from_storage(Some(&storage));
    assert_eq!(
        settings.layers,
        Layers { bones: false, muscles: true, nerves: true, skin: SkinMap::Cutaneous, labels: false, legend: true }
    );
    assert_eq!(settings.theme, ThemeChoice::Dark, "the rest of the stored settings is kept");
    // A stored state with fewer layer fields keeps the defaults for the others.
    eframe::Storage::set_string(&mut storage, sciatica_explorer::app::SETTINGS_KEY, "(layers:(skin:None))".to_string());
    assert_eq!(settings_from_storage(Some(&storage)).layers, Layers { skin: SkinMap::None, ..Layers::default() });
    // The command line's toggles map into the same model.
    use sciatica_explorer::app::args::LayerToggle;
    assert_eq!(
        LayerToggle::layers(&[
            LayerToggle::Nerves,
            LayerToggle::Dermatomes,
            LayerToggle::Cutaneous,
            LayerToggle::Legend
        ]),
        Layers { bones: false, muscles: false, nerves: true, skin: SkinMap::Cutaneous, labels: false, legend: true }
    );
}

#[test]
fn panning_moves_the_cached_figure_and_zooming_rebuilds_it() {
    let (mut h, _) = harness(Settings::default());
    let mesh = |h: &H| body_map::figure_mesh(&h.ctx, View::Posterior).unwrap_or_else(|| panic!("no figure drawn"));
    let leaders = |h: &H| {
        let drawn = drawn(h, View::Posterior);
        drawn.layer(Layer::Labels).filter(|i| i.primitive == "line").count()
    };
    let before = mesh(&h);
    let labelled = leaders(&h);
    assert!(labelled > 0, "the view has labels");
    // A drag pans by whole points, as `body_map` does with the pointer's drag delta.
    for pan in [vec2(25.0, -12.0), vec2(-3.0, 40.0)] {
        h.state_mut().navigate(View::Posterior, 1.0, vec2(0.0, 0.0), pan);
        h.run();
        assert!(Arc::ptr_eq(&before, &mesh(&h)), "panning by {pan:?} rebuilt the figure");
    }
    assert_eq!(h.state().navigation(View::Posterior).pan, vec2(22.0, 28.0));
    // Painted moved by the pan, after tessellation, clipped to the card as before.
    let figure = mesh(&h);
    let painted: Vec<&egui::epaint::ClippedShape> = h
        .output()
        .shapes
        .iter()
        .filter(|c| matches!(&c.shape, egui::Shape::Mesh(m) if Arc::ptr_eq(m, &figure)))
        .collect();
    assert_eq!(painted.len(), 1, "the figure is painted once");
    assert_eq!(painted[0].transform_after_tessellation, TSTransform::from_translation(vec2(22.0, 28.0)));
    // The labels stay in their columns and follow the figure with their leader lines.
    assert_eq!(leaders(&h), labelled);
    // Zooming changes the figure's shape: it is built again.
    h.state_mut().navigate(View::Posterior, 1.5, vec2(0.0, 0.0), vec2(0.0, 0.0));
    h.run();
    assert!(!Arc::ptr_eq(&before, &mesh(&h)), "zooming reused the figure");
}

#[test]
fn the_window_names_what_it_drew_only_once_asked() {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), Settings::default());
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    assert!(body_map::figure_mesh(&h.ctx, View::Posterior).is_some(), "the back view was drawn");
    assert_eq!(body_map::last_drawn(&h.ctx, View::Posterior), None, "named unasked");
    // Asked after its drawings were made and kept: they are made again, named.
    body_map::record_drawing(&h.ctx);
    h.run();
    let drawn = drawn(&h, View::Posterior);
    assert!(drawn.layer(Layer::Labels).any(|i| i.primitive == "text"), "no labels named");
    assert!(drawn.layer(Layer::Nerves).any(|i| i.target.as_deref() == Some("nerve:sciatic")), "no sciatic nerve named");
}

#[test]
fn label_columns_are_chosen_once_and_again_when_the_layers_change() {
    let (mut h, _) = harness(Settings::default());
    let made = |h: &H| body_map::label_columns_made(&h.ctx, View::Posterior).unwrap_or_else(|| panic!("no labels"));
    let first = made(&h);
    // Panning and further frames reuse them (checked frame by frame: a choice made again would
    // be a new allocation while the old one is still kept).
    h.state_mut().navigate(View::Posterior, 1.0, vec2(0.0, 0.0), vec2(30.0, 10.0));
    for _ in 0..2 {
        h.run();
        assert_eq!(made(&h), first, "the labels were chosen again for an unchanged view");
    }
    let shown = drawn(&h, View::Posterior).layer(Layer::Labels).filter(|i| i.primitive == "text").count();
    assert!(shown > 0);
    // Without the muscles their labels go: chosen again.
    let mut settings = h.state().settings.clone();
    settings.layers.muscles = false;
    h.state_mut().settings = settings;
    h.run();
    assert_ne!(made(&h), first, "the labels were not chosen again for other layers");
    let fewer = drawn(&h, View::Posterior).layer(Layer::Labels).filter(|i| i.primitive == "text").count();
    assert!(fewer < shown, "{fewer} labels without the muscles, {shown} with");
}
