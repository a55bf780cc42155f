//! The drawing's labels and layers as a user meets them (issue 12): labels break between words,
//! never inside one, at 1280 × 720, 1600 × 1000 and 130 % interface zoom; their leader lines do
//! not cross; when there is no room for all they thin by priority and say how many are hidden;
//! the front view names no nerve it cannot show; teach mode keeps only the story's labels. The
//! default layers are calm and the Layers menu offers presets; a traced piriformis is lit, over
//! the skin map.

use crate::common;

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::emath::{Pos2, Rangef, Rect, TSTransform, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sciatica_explorer::app::body_map::{self, Drawn};
use sciatica_explorer::app::{ExplorerApp, Settings};
use sciatica_explorer::geometry::display::{
    self, DisplayList, LABEL_FONT, LabelColumns, LabelFocus, LabelFrame, LabelReport, Layer, Marked, Primitive, Scene,
};
use sciatica_explorer::geometry::{BodyMap, LabelKind, Layers, PALETTE, PiriformisVariant, SkinMap, ViewMap};
use sciatica_explorer::knowledge::{LinkKind, View};
use sciatica_explorer::lookup::Selection;
use sciatica_explorer::pathway::{self, Highlight, Item};

fn map() -> &'static BodyMap {
    common::builtin_map()
}

type H = Harness<'static, ExplorerApp>;

/// The window at `size` points and `zoom` pixels per point (130 % interface zoom of a 1280 × 720
/// screen is 985 × 554 points at 1.3).
fn harness(settings: Settings, size: egui::Vec2, zoom: f32) -> H {
    let app = ExplorerApp::new(common::builtin_kb(), common::window_map(), settings);
    let mut h = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(zoom)
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    body_map::record_drawing(&h.ctx);
    h.run();
    h
}

fn drawn(h: &H, view: View) -> Arc<Drawn> {
    body_map::last_drawn(&h.ctx, view).unwrap_or_else(|| panic!("the {view:?} view was not drawn"))
}

fn label_texts(h: &H, view: View) -> Vec<String> {
    drawn(h, view).layer(Layer::Labels).filter_map(|i| i.text.clone()).collect()
}

/// Every word of every label a view may show, from the knowledge's names.
fn label_words(vm: &ViewMap) -> BTreeSet<String> {
    let kb = common::builtin_kb();
    let mut words = BTreeSet::new();
    for anchor in &vm.labels {
        let name = match anchor.kind {
            LabelKind::Nerve => Some(kb.name_of(LinkKind::Nerve, &anchor.id)),
            LabelKind::Muscle => Some(kb.name_of(LinkKind::Muscle, &anchor.id)),
            LabelKind::Root | LabelKind::Bone => None,
        };
        let text = display::label_text(anchor.kind, &anchor.id, name.as_deref());
        words.extend(text.split_whitespace().map(str::to_string));
    }
    words
}

/// The sizes the issue names: (what, window size in points, pixels per point).
const SIZES: [(&str, [f32; 2], f32); 3] =
    [("1280x720", [1280.0, 720.0], 1.0), ("1600x1000", [1600.0, 1000.0], 1.0), ("130 %", [985.0, 554.0], 1.3)];

#[test]
fn labels_are_never_split_inside_a_word_at_1280x720_1600x1000_and_130_percent_zoom() {
    for (what, [w, hgt], zoom) in SIZES {
        let h = harness(Settings::default(), vec2(w, hgt), zoom);
        // Every text egui laid out this frame, with its rows.
        let galleys: Vec<Arc<egui::Galley>> = h
            .output()
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                egui::Shape::Text(t) => Some(t.galley.clone()),
                _ => None,
            })
            .collect();
        for view in [View::Posterior, View::Anterior] {
            let words = label_words(map().view(view));
            let texts = label_texts(&h, view);
            assert!(texts.len() >= 6, "{what}, {view:?}: labels left out: {texts:?}");
            for text in &texts {
                for word in text.split_whitespace() {
                    assert!(words.contains(word), "{what}, {view:?}: {word:?} of {text:?} is not a whole word");
                }
                // Painted as given: one row per line, nothing wrapped by the painter.
                let galley = galleys
                    .iter()
                    .find(|g| g.text() == text)
                    .unwrap_or_else(|| panic!("{what}, {view:?}: {text:?} not painted"));
                assert_eq!(galley.rows.len(), text.lines().count(), "{what}, {view:?}: {text:?} wrapped by egui");
            }
        }
    }
}

#[test]
fn the_front_view_has_no_sciatic_label_the_back_view_has() {
    let name = |_: LabelKind, id: &str| (id == "sciatic").then(|| "Sciatic nerve".to_string());
    let columns = |view: View| {
        display::label_columns(
            map().view(view),
            Layers::EVERYTHING,
            LabelFocus::default(),
            &name,
            &mut |t: &str| t.len() as f32 * 7.0,
            1.0,
        )
    };
    let ids = |c: &LabelColumns| c.left.iter().chain(&c.right).map(|l| l.id.to_string()).collect::<Vec<_>>();
    assert!(!ids(&columns(View::Anterior)).contains(&"sciatic".to_string()), "{:?}", ids(&columns(View::Anterior)));
    assert!(ids(&columns(View::Posterior)).contains(&"sciatic".to_string()));
    // In the window too, with the sciatic nerve traced (its label then comes first).
    let mut h = harness(Settings::default(), vec2(1600.0, 1000.0), 1.0);
    h.state_mut().apply(sciatica_explorer::app::state::Action::Selection(
        sciatica_explorer::app::state::SelectionAction::SetTrace(Some(Item::Nerve("sciatic".into()))),
    ));
    h.run();
    assert!(
        !label_texts(&h, View::Anterior).iter().any(|t| t.contains("Sciatic")),
        "{:?}",
        label_texts(&h, View::Anterior)
    );
    assert!(label_texts(&h, View::Posterior).iter().any(|t| t == "Sciatic n."));
}

/// A text's size on one line: an average glyph, as a font would give.
fn measure(text: &str, size: f32) -> egui::Vec2 {
    vec2(text.chars().count() as f32 * size * 0.52, size * 1.2)
}

/// One view laid out as the window lays it out in a card of `card` points: the figure fitted
/// between the label columns.
fn lay_out<'a>(vm: &'a ViewMap, card: Rect, focus: LabelFocus<'_>, font: f32) -> (DisplayList<'a>, LabelReport<'a>) {
    let name = |kind: LabelKind, id: &str| {
        let kb = common::builtin_kb();
        match kind {
            LabelKind::Nerve => Some(kb.name_of(LinkKind::Nerve, id)),
            LabelKind::Muscle => Some(kb.name_of(LinkKind::Muscle, id)),
            _ => None,
        }
    };
    let mut columns =
        display::label_columns(vm, Layers::EVERYTHING, focus, &name, &mut |t: &str| measure(t, font).x, 1.0);
    let figure = display::figure_bounds(vm);
    let inner = card.shrink(8.0);
    let spare = (inner.width() - figure.width() * inner.height() / figure.height()).max(0.0) / 2.0;
    let least = columns.min_width.min(inner.width() * 0.3);
    let column = spare.clamp(least, columns.left_width.max(columns.right_width).max(least));
    columns.left_width = column;
    columns.right_width = column;
    let mut figure_rect = inner;
    figure_rect.min.x += column;
    figure_rect.max.x -= column;
    let frame = LabelFrame {
        transform: display::fit(figure, figure_rect),
        card,
        figure: figure_rect,
        column_range: Rangef::new(figure_rect.top() + 20.0, card.bottom() - 16.0),
        unit: 1.0,
        font,
    };
    let mut list = DisplayList::default();
    let report = display::labels(&mut list, &columns, &frame, &PALETTE, &mut |t, s| measure(t, s));
    // Back to screen points, where the test measures.
    for item in &mut list.items {
        let t: TSTransform = frame.transform;
        match &mut item.primitive {
            Primitive::Line { points, .. } => points.iter_mut().for_each(|p| *p = t.mul_pos(*p)),
            Primitive::Text { pos, size, .. } => {
                *pos = t.mul_pos(*pos);
                *size *= t.scaling;
            }
            Primitive::Circle { centre, .. } => *centre = t.mul_pos(*centre),
            _ => {}
        }
    }
    (list, report)
}

/// Whether two segments cross at a point inside both (independent of the code under test).
fn cross(a: [Pos2; 2], b: [Pos2; 2]) -> bool {
    let (p, r) = (a[0], a[1] - a[0]);
    let (q, s) = (b[0], b[1] - b[0]);
    let denom = r.x * s.y - r.y * s.x;
    if denom.abs() < 1e-9 {
        return false;
    }
    let qp = q - p;
    let t = (qp.x * s.y - qp.y * s.x) / denom;
    let u = (qp.x * r.y - qp.y * r.x) / denom;
    (0.001..0.999).contains(&t) && (0.001..0.999).contains(&u)
}

/// Cards of the sizes a view gets: both views at 130 % zoom, at 1280 × 720, at 1600 × 1000, one
/// view at 1920 × 1080.
const CARDS: [[f32; 2]; 5] = [[200.0, 380.0], [303.0, 560.0], [420.0, 780.0], [560.0, 900.0], [250.0, 700.0]];

#[test]
fn leader_lines_do_not_cross_and_labels_do_not_overlap() {
    let kb = common::builtin_kb();
    let traces = [None, Some(Item::Nerve("sural".into())), Some(Item::Cause("piriformis_syndrome".into()))];
    for view in [View::Posterior, View::Anterior] {
        let vm = map().view(view);
        for [w, hgt] in CARDS {
            for trace in &traces {
                let highlight = trace.as_ref().map(|t| pathway::highlight(&kb, t));
                let focus = LabelFocus { highlight: highlight.as_ref(), story: None };
                let card = Rect::from_min_size(pos2(10.0, 40.0), vec2(w, hgt));
                let font = if w < 300.0 { 9.5 } else { LABEL_FONT };
                let (list, report) = lay_out(vm, card, focus, font);
                let at = format!("{view:?}, {w}x{hgt}, {trace:?}");
                assert!(!report.shown.is_empty(), "{at}: no labels");
                let leaders: Vec<[Pos2; 2]> = list
                    .items
                    .iter()
                    .filter_map(|i| match &i.primitive {
                        Primitive::Line { points, .. } => Some([points[0], points[points.len() - 1]]),
                        _ => None,
                    })
                    .collect();
                assert_eq!(leaders.len(), report.shown.len(), "{at}");
                for (i, a) in leaders.iter().enumerate() {
                    for b in &leaders[i + 1..] {
                        assert!(!cross(*a, *b), "{at}: leaders {a:?} and {b:?} cross");
                    }
                }
                // The texts' blocks do not overlap and stay in the card.
                let blocks: Vec<Rect> = list
                    .items
                    .iter()
                    .filter_map(|i| match &i.primitive {
                        Primitive::Text { pos, anchor, text, size, .. } => {
                            let width = text.lines().map(|l| measure(l, *size).x).fold(0.0, f32::max);
                            let height = text.lines().count() as f32 * measure("Ag", *size).y;
                            Some(anchor.anchor_size(*pos, vec2(width, height)))
                        }
                        _ => None,
                    })
                    .collect();
                for (i, a) in blocks.iter().enumerate() {
                    assert!(card.expand(0.5).contains_rect(*a), "{at}: {a:?} outside the card {card:?}");
                    for b in &blocks[i + 1..] {
                        assert!(!a.shrink(0.5).intersects(b.shrink(0.5)), "{at}: labels {a:?} and {b:?} overlap");
                    }
                }
            }
        }
    }
}

#[test]
fn thinning_keeps_the_higher_priority_labels_and_says_how_many_are_hidden() {
    let kb = common::builtin_kb();
    let vm = map().view(View::Posterior);
    let highlight = pathway::highlight(&kb, &Item::Nerve("sural".into()));
    let focus = LabelFocus { highlight: Some(&highlight), story: None };
    // A short card: not every label fits.
    let card = Rect::from_min_size(pos2(0.0, 0.0), vec2(230.0, 330.0));
    let (list, report) = lay_out(vm, card, focus, 9.5);
    // The traced labels in the trace's colour, the others in the text colour.
    for item in &list.items {
        if let Primitive::Text { text, color, .. } = &item.primitive {
            let traced = item.target.is_some_and(|t| {
                let key = t.key();
                key.strip_prefix("nerve:")
                    .is_some_and(|id| highlight.nerves.contains(id) || highlight.roots.contains(id))
            });
            assert_eq!(*color, if traced { PALETTE.text_traced } else { PALETTE.text }, "{text}");
        }
    }
    let (shown, hidden) = (&report.shown, &report.hidden);
    assert!(!hidden.is_empty() && shown.len() >= 5, "shown {shown:?}, hidden {hidden:?}");
    let named = |id: &str| shown.iter().any(|l| l.id == id);
    // The traced nerves come first, then the sciatic nerve's branches.
    assert!(named("sural") && named("tibial") && named("sciatic"), "{shown:?}");
    for l in shown.iter().chain(hidden) {
        let expected = display::label_priority(vm, l.kind, l.id, Some(&highlight));
        assert_eq!(l.priority, expected, "{l:?}");
    }
    let traced_hidden = hidden.iter().filter(|l| l.priority == 0).count();
    assert_eq!(traced_hidden, 0, "a traced label hidden: {hidden:?}");
    let bones_shown = shown.iter().filter(|l| l.kind == LabelKind::Bone).count();
    let bones_hidden = hidden.iter().filter(|l| l.kind == LabelKind::Bone).count();
    let sciatic_hidden = hidden.iter().filter(|l| l.priority <= 1).count();
    assert!(bones_hidden > 0 && sciatic_hidden <= bones_shown, "bones go before the sciatic branches: {report:?}");
    let mean = |ls: &[display::LabelItem]| ls.iter().map(|l| f32::from(l.priority)).sum::<f32>() / ls.len() as f32;
    assert!(mean(hidden) > mean(shown) + 1.0, "{report:?}");

    // The window at 130 % zoom keeps labels in both views and says how many it left out.
    let h = harness(Settings::default(), vec2(985.0, 554.0), 1.3);
    let hidden = body_map::hidden_labels(&h.ctx, View::Posterior);
    assert!(hidden > 0, "everything fits at 130 %?");
    let note = format!("{hidden} label{} hidden: zoom in", if hidden == 1 { "" } else { "s" });
    let painted = h.output().shapes.iter().any(|c| matches!(&c.shape, egui::Shape::Text(t) if t.galley.text() == note));
    assert!(painted, "no note {note:?}");
    // 1600 × 1000 has room for every label: no note.
    let h = harness(Settings::default(), vec2(1600.0, 1000.0), 1.0);
    assert_eq!(body_map::hidden_labels(&h.ctx, View::Posterior), 0);
}

#[test]
fn the_default_layers_are_calm_and_the_layers_menu_offers_presets() {
    let default = Layers::default();
    assert!(default.nerves && default.muscles && default.labels, "{default:?}");
    assert_eq!(default.skin, SkinMap::None, "the skin map and the muscles are not both on by default");
    assert_eq!(Settings::default().layers, default);
    let mut h = harness(Settings::default(), vec2(1600.0, 1000.0), 1.0);
    assert_eq!(drawn(&h, View::Posterior).layer(Layer::SkinMap).count(), 0, "a skin map by default");
    for (name, preset) in Layers::PRESETS {
        h.get_by_label("Layers").click();
        h.run();
        h.get_by_label(name).click();
        h.run();
        assert_eq!(h.state().settings.layers, preset, "{name}");
    }
    // Dermatomes over the muscles are fainter than alone.
    let skin_alpha = |layers: Layers| {
        let (vm, highlight) = (map().view(View::Posterior), Highlight::default());
        let scene = scene(vm, layers, &highlight);
        let list = display::build_view(&scene);
        list.items
            .iter()
            .find_map(|i| match (&i.primitive, i.target.map(|t| t.key())) {
                (Primitive::Shape { fill, .. }, Some(key)) if key == "skin:S1" => Some(fill.3),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no S1 dermatome drawn with {layers:?}"))
    };
    assert!(skin_alpha(Layers::EVERYTHING) < skin_alpha(Layers::SKIN_MAP));
    // A preset keeps the kind of skin map chosen.
    let cutaneous = Layers { skin: SkinMap::Cutaneous, ..Layers::SKIN_MAP };
    assert_eq!(cutaneous.apply_preset(Layers::EVERYTHING).skin, SkinMap::Cutaneous);
    assert_eq!(cutaneous.preset(), Some("Skin map"));
}

fn scene<'a, 's>(vm: &'a ViewMap, layers: Layers, highlight: &'s Highlight) -> Scene<'a, 's> {
    const NONE: &[Marked] = &[];
    Scene {
        view: vm,
        layers,
        variant: PiriformisVariant::Below,
        selected: NONE,
        highlight,
        hovered_area: None,
        hovered_nerve: None,
        palette: &PALETTE,
        points_per_unit: 0.6,
    }
}

#[test]
fn tracing_the_piriformis_or_a_cause_naming_it_lights_the_muscle_over_the_overlays() {
    let kb = common::builtin_kb();
    let vm = map().view(View::Posterior);
    for item in [Item::Muscle("piriformis".into()), Item::Cause("piriformis_syndrome".into())] {
        let highlight = pathway::highlight(&kb, &item);
        for layers in [Layers::EVERYTHING, Layers::SKIN_MAP, Layers::NERVES_AND_MUSCLES] {
            let list = display::build_view(&scene(vm, layers, &highlight));
            let key = |i: &display::Item| i.target.map(|t| t.key());
            let lit: Vec<usize> = (0..list.items.len())
                .filter(|&i| key(&list.items[i]).as_deref() == Some("muscle:piriformis"))
                .collect();
            assert!(!lit.is_empty(), "{item:?}, {layers:?}: the piriformis is not drawn");
            for &i in &lit {
                let it = &list.items[i];
                assert!(it.emphasised, "{item:?}, {layers:?}: not lit");
                if let Primitive::Shape { fill, .. } = it.primitive
                    && fill.3 > 0
                {
                    assert_eq!(fill, PALETTE.muscle_highlight, "{item:?}, {layers:?}");
                }
            }
            // Over every skin-map region and every other muscle.
            let first = lit[0];
            let over = list.items[first..].iter().all(|i| {
                // (The key points are dots over everything, nerves too.)
                let region = i.layer == Layer::SkinMap && matches!(i.primitive, Primitive::Shape { .. });
                !region && (i.layer != Layer::Muscles || key(i).as_deref() == Some("muscle:piriformis"))
            });
            assert!(over, "{item:?}, {layers:?}: drawn under an overlay");
        }
    }
    // Untraced, it is still drawn over the gluteus maximus that covers it.
    let none = Highlight::default();
    let list = display::build_view(&scene(vm, Layers::NERVES_AND_MUSCLES, &none));
    let position =
        |id: &str| list.items.iter().rposition(|i| i.target.map(|t| t.key()) == Some(format!("muscle:{id}")));
    assert!(position("piriformis") > position("gluteus_maximus"), "the piriformis is under the gluteus maximus");

    // The window lights it when traced from the side panel's source.
    let mut h = harness(Settings::default(), vec2(1600.0, 1000.0), 1.0);
    h.state_mut().apply(sciatica_explorer::app::state::Action::Selection(
        sciatica_explorer::app::state::SelectionAction::SetTrace(Some(Item::Cause("piriformis_syndrome".into()))),
    ));
    h.run();
    assert!(drawn(&h, View::Posterior).emphasised().contains(&"muscle:piriformis".to_string()));
}

#[test]
fn teach_mode_keeps_only_the_labels_of_the_story() {
    let mut h = harness(Settings::default(), vec2(1600.0, 1000.0), 1.0);
    let kb = common::builtin_kb();
    let selection = Selection::parse_args(&kb, &["left.lateral_foot@6"]).expect("areas");
    h.state_mut().select(selection.areas);
    h.run();
    let before = label_texts(&h, View::Posterior);
    assert!(before.iter().any(|t| t == "Femur"), "{before:?}");
    h.get_by_label("Teach").click();
    h.run();
    let teach = h.state().ui_state.teach.clone().expect("teach mode on");
    let mut story = BTreeSet::new();
    for step in &teach.steps {
        let hl = &step.highlight;
        story.extend(hl.nerves.iter().chain(&hl.roots).map(|id| format!("nerve:{id}")));
        story.extend(hl.muscles.iter().map(|id| format!("muscle:{id}")));
    }
    for view in [View::Posterior, View::Anterior] {
        let d = drawn(&h, view);
        let labels: Vec<_> = d.layer(Layer::Labels).collect();
        for l in &labels {
            let target = l.target.clone().unwrap_or_else(|| panic!("{view:?}: a label not on the story: {l:?}"));
            assert!(story.contains(&target), "{view:?}: {target} is not on the story {story:?}");
        }
        if view == View::Posterior {
            assert!(!labels.is_empty(), "the story's labels are shown");
        }
    }
}
