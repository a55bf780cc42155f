//! Framing: the part of a view that a trace or a teach step lights, as a box in model units that
//! the window pans and zooms to (the spine and plexus for a root, the foot for the skin a nerve
//! supplies). Read from the display list, so it frames exactly what is drawn lit.
//!
//! No UI code lives here.

use egui::emath::{Rect, vec2};

use super::display::{DisplayList, Primitive, Scene, Target, build_view, figure_bounds};

/// Room left around the lit structures, in model units (a view's canvas is 1000 x 1500).
pub const FRAME_MARGIN: f32 = 40.0;

/// The bounds of what a display list draws lit — traced nerves and roots, muscles and skin — in
/// the list's units; `None` when nothing is. Marked and hovered pain areas belong to the patient,
/// not to the trace, and are left out.
pub fn lit_bounds(list: &DisplayList<'_>) -> Option<Rect> {
    let mut bounds = Rect::NOTHING;
    for item in list.items.iter().filter(|i| i.emphasised && !matches!(i.target, None | Some(Target::Area(..)))) {
        let rect = match &item.primitive {
            Primitive::Shape { geometry, .. } => geometry.bounds,
            Primitive::Line { points, .. } => Rect::from_points(points),
            Primitive::Circle { centre, radius, .. } => Rect::from_center_size(*centre, vec2(2.0, 2.0) * *radius),
            Primitive::Rect { rect, .. } | Primitive::Fade { rect, .. } => *rect,
            Primitive::Text { pos, .. } => Rect::from_min_max(*pos, *pos),
        };
        bounds = bounds.union(rect);
    }
    bounds.is_finite().then_some(bounds)
}

/// The box to frame in a scene's view for its highlight: what is lit, with [`FRAME_MARGIN`]
/// around it, within the figure's bounds; `None` when the view lights nothing.
pub fn frame_box(scene: &Scene<'_, '_>) -> Option<Rect> {
    if scene.highlight.is_empty() {
        return None;
    }
    let lit = lit_bounds(&build_view(scene))?;
    let framed = lit.expand(FRAME_MARGIN).intersect(figure_bounds(scene.view));
    framed.is_positive().then_some(framed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::display::{Layers, Primitive, SkinMap, UNTRACED_NERVE_WIDTH};
    use crate::geometry::{BodyMap, PALETTE, PiriformisVariant, ViewMap};
    use crate::knowledge::{KnowledgeBase, Side};
    use crate::pathway::{self, Highlight, Item};

    fn map() -> &'static BodyMap {
        BodyMap::shared().unwrap_or_else(|e| panic!("built-in drawing invalid: {e:#?}"))
    }

    fn kb() -> KnowledgeBase {
        KnowledgeBase::builtin().unwrap_or_else(|e| panic!("built-in data invalid: {e:#?}"))
    }

    fn scene<'a, 's>(view: &'a ViewMap, highlight: &'s Highlight) -> Scene<'a, 's> {
        Scene {
            view,
            layers: Layers { skin: SkinMap::Dermatomes, ..Layers::default() },
            variant: PiriformisVariant::default(),
            selected: &[],
            highlight,
            hovered_area: None,
            hovered_nerve: None,
            palette: &PALETTE,
            points_per_unit: 1.0,
        }
    }

    /// The box as fractions of the figure: (left, top, right, bottom), 0 at the figure's top or
    /// left edge, 1 at its bottom or right.
    fn fractions(view: &ViewMap, highlight: &Highlight) -> [f32; 4] {
        let figure = figure_bounds(view);
        let b = frame_box(&scene(view, highlight)).unwrap_or_else(|| panic!("nothing framed for {highlight:?}"));
        let x = |v: f32| (v - figure.left()) / figure.width();
        let y = |v: f32| (v - figure.top()) / figure.height();
        [x(b.left()), y(b.top()), x(b.right()), y(b.bottom())]
    }

    fn step<'s>(steps: &'s [pathway::PathStep], title: &str) -> &'s Highlight {
        &steps.iter().find(|s| s.title == title).unwrap_or_else(|| panic!("no step {title:?}")).highlight
    }

    #[test]
    fn a_root_step_frames_the_spine_and_plexus() {
        let kb = kb();
        let steps = pathway::story(&kb, &Item::Nerve("sural".to_string()));
        let [left, top, right, bottom] = fractions(&map().posterior, step(&steps, "S1 nerve root"));
        assert!(bottom < 0.45, "the low back and pelvis, not the leg: bottom at {bottom}");
        assert!(bottom - top < 0.3, "a close view: {top}..{bottom}");
        assert!(left > 0.2 && right < 0.8, "around the spine: {left}..{right}");
    }

    #[test]
    fn a_traced_nerve_frames_its_whole_course_on_the_marked_side() {
        let kb = kb();
        let view = &map().posterior;
        let sural = pathway::highlight(&kb, &Item::Nerve("sural".to_string()));
        let [_, top, _, bottom] = fractions(view, &sural);
        assert!(top < 0.35 && bottom > 0.85, "from the spine to the foot: {top}..{bottom}");
        // The patient's left is on the viewer's left from behind: the box stays on that side.
        let left = sural.on_side(Some(Side::Left));
        let [l, _, r, _] = fractions(view, &left);
        let midline = (view.midline - figure_bounds(view).left()) / figure_bounds(view).width();
        assert!(r < midline + 0.05 && l < midline - 0.2, "the left leg only: {l}..{r}, midline {midline}");
    }

    #[test]
    fn where_it_is_felt_frames_the_lower_leg_and_foot() {
        let kb = kb();
        let steps = pathway::story(&kb, &Item::Nerve("sural".to_string()));
        let [_, top, _, bottom] = fractions(&map().posterior, step(&steps, "Where it is felt"));
        assert!(top > 0.55, "below the knee: top at {top}");
        assert!(bottom > 0.9, "down to the foot: bottom at {bottom}");
    }

    #[test]
    fn nothing_traced_frames_nothing() {
        assert_eq!(frame_box(&scene(&map().posterior, &Highlight::default())), None);
    }

    /// For each drawn sural nerve (by side): its items in paint order.
    fn sural_items<'l>(
        list: &'l DisplayList<'l>,
        view: &ViewMap,
        side: Side,
    ) -> Vec<&'l crate::geometry::display::Item<'l>> {
        let shapes: Vec<_> = view
            .nerves
            .iter()
            .filter(|n| n.id == "sural" && n.side == side && !n.hidden)
            .map(|n| &n.geometry)
            .collect();
        assert!(!shapes.is_empty(), "no {side:?} sural drawn");
        list.items
            .iter()
            .filter(|i| matches!(&i.primitive, Primitive::Shape { geometry, .. } if shapes.iter().any(|g| std::ptr::eq(*g, *geometry))))
            .collect()
    }

    /// The core line of a nerve (painted last): width and alpha.
    fn core(items: &[&crate::geometry::display::Item<'_>]) -> (f32, u8) {
        match items.last().map(|i| &i.primitive) {
            Some(Primitive::Shape { stroke: Some(s), .. }) => (s.width, s.color.3),
            other => panic!("no core line: {other:?}"),
        }
    }

    #[test]
    fn the_traced_path_stands_out_and_a_one_sided_patient_lights_one_side() {
        let kb = kb();
        let view = &map().posterior;
        let rest = Highlight::default();
        let at_rest = build_view(&scene(view, &rest));
        let (rest_width, rest_alpha) = core(&sural_items(&at_rest, view, Side::Left));

        let traced = pathway::highlight(&kb, &Item::Nerve("sural".to_string())).on_side(Some(Side::Left));
        let list = build_view(&scene(view, &traced));
        let left = sural_items(&list, view, Side::Left);
        let right = sural_items(&list, view, Side::Right);
        assert!(left.iter().all(|i| i.emphasised), "the marked side is lit");
        assert!(right.iter().all(|i| !i.emphasised), "the other side is not");
        let (traced_width, _) = core(&left);
        let (untraced_width, untraced_alpha) = core(&right);
        assert!(traced_width >= rest_width * 1.4, "bold: {traced_width} vs {rest_width} at rest");
        assert!(untraced_width <= rest_width * (UNTRACED_NERVE_WIDTH + 0.05), "thin: {untraced_width}");
        assert!(untraced_alpha < rest_alpha, "faded");
        assert!(left.len() > right.len(), "a halo and a glow under the traced nerve");
        // Every lit item of a sided structure is on the marked side; skin too.
        for region in view.cutaneous.iter().filter(|r| r.id == "sural") {
            let lit = list.items.iter().any(|i| {
                i.emphasised && matches!(&i.primitive, Primitive::Shape { geometry, .. } if std::ptr::eq(*geometry, &region.geometry))
            });
            assert_eq!(lit, region.side != Side::Right, "sural skin on the {:?}", region.side);
        }
        // Both sides when both are marked (or none).
        let both = pathway::highlight(&kb, &Item::Nerve("sural".to_string()));
        let list = build_view(&scene(view, &both));
        assert!(sural_items(&list, view, Side::Right).iter().all(|i| i.emphasised));
    }
}
