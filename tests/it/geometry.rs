//! The body-map geometry: the embedded asset loads, pain areas tile without overlapping, sides
//! come out right in both views, nerves are hit, transforms round-trip, bad data is reported.

use egui::emath::{Rect, pos2, vec2};
use sciatica_explorer::geometry::{
    BodyMap, GeometryError, Layers, NerveKind, PiriformisVariant, ShapeStyle, SkinMap, SvgOptions, Vocabulary, display,
    hit,
};
use sciatica_explorer::knowledge::{Side, View};

const VIEWS: [View; 2] = [View::Posterior, View::Anterior];

fn map() -> BodyMap {
    match BodyMap::builtin() {
        Ok(m) => m,
        Err(errs) => {
            let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
            panic!("builtin body map has errors:\n{}", msgs.join("\n"));
        }
    }
}

#[test]
fn builtin_loads_with_both_views_and_all_layers() {
    let m = map();
    for view in VIEWS {
        let v = m.view(view);
        assert_eq!(v.view, view);
        assert!(v.size.x > 0.0 && v.size.y > 0.0);
        assert!(!v.outline.is_empty(), "{view:?}: no outline");
        assert!(!v.bones.is_empty(), "{view:?}: no bones");
        assert!(!v.muscles.is_empty(), "{view:?}: no muscles");
        assert!(!v.nerves.is_empty(), "{view:?}: no nerves");
        assert!(!v.dermatomes.is_empty(), "{view:?}: no dermatomes");
        assert!(!v.cutaneous.is_empty(), "{view:?}: no cutaneous territories");
        assert!(!v.key_points.is_empty(), "{view:?}: no key points");
        assert!(!v.labels.is_empty(), "{view:?}: no labels");
        // Every closed region got fill triangles covering its fill outline exactly (the egui
        // painter relies on them), and that outline (simplified, under the stroke) covers the
        // region within a band of the stroke simplification's tolerance along its edge.
        let regions = v.outline.iter().chain(&v.bones).chain(&v.muscles).map(|s| (&s.id, &s.geometry));
        let regions = regions.chain(v.dermatomes.iter().chain(&v.cutaneous).map(|r| (&r.id, &r.geometry)));
        let regions = regions.chain(v.areas.iter().map(|a| (&a.id, &a.geometry)));
        let mut bad = Vec::new();
        for (id, g) in regions {
            for poly in g.polys.iter().filter(|p| p.closed) {
                let pts = &poly.fill;
                assert!(pts.len() <= poly.points.len(), "{view:?} {id}: the fill has more points than the outline");
                assert_eq!(poly.triangles.len(), pts.len() - 2, "{view:?} {id}: triangulation incomplete");
                let area = hit::signed_area(pts).abs();
                let region = hit::signed_area(&poly.points).abs();
                let n = poly.points.len();
                let perimeter: f32 = (0..n).map(|i| (poly.points[(i + 1) % n] - poly.points[i]).length()).sum();
                // 0.4 model units: the stroke simplification's tolerance.
                if (area - region).abs() > perimeter * 0.4 + 0.5 {
                    bad.push(format!("{id}: the fill covers {area}, the region {region}"));
                }
                let tri: f32 = poly
                    .triangles
                    .iter()
                    .map(|t| hit::signed_area(&[pts[t[0] as usize], pts[t[1] as usize], pts[t[2] as usize]]).abs())
                    .sum();
                if (area - tri).abs() > area * 2e-3 + 0.5 {
                    bad.push(format!("{id}: triangles cover {tri}, polygon {area}"));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{view:?}: triangulation does not match (self-intersecting outline?):\n{}",
            bad.join("\n")
        );
    }
}

#[test]
fn painter_helpers_fit_the_body_and_mesh_the_areas() {
    let m = map();
    let v = &m.anterior;
    let body = v.body_bounds();
    assert!(v.canvas().contains_rect(body) && body.height() > 1000.0, "{body:?}");
    let screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 800.0));
    let t = display::fit(body, screen);
    let area = v.area("dorsum_foot", Side::Left).expect("dorsum_foot");
    let mesh = area.geometry.polys[0].fill_mesh(&t, egui::Color32::RED);
    assert_eq!(mesh.vertices.len(), area.geometry.polys[0].fill.len());
    assert!(mesh.vertices.len() < area.geometry.polys[0].points.len(), "filled from the simplified outline");
    assert_eq!(mesh.indices.len(), 3 * area.geometry.polys[0].triangles.len());
    // The mesh covers its outline: its triangle areas add up to the outline's area.
    let pts = &area.geometry.polys[0].fill;
    let poly_area: f32 = hit::signed_area(pts).abs();
    let tri_area: f32 = area.geometry.polys[0]
        .triangles
        .iter()
        .map(|tr| hit::signed_area(&[pts[tr[0] as usize], pts[tr[1] as usize], pts[tr[2] as usize]]).abs())
        .sum();
    assert!((poly_area - tri_area).abs() < poly_area * 1e-3, "{poly_area} vs {tri_area}");
    for p in area.geometry.polys[0].screen_points(&t) {
        assert!(screen.expand(1.0).contains(p));
    }
}

/// The ids the drawing may use, from the built-in knowledge base.
fn vocabulary() -> Vocabulary {
    match sciatica_explorer::knowledge::KnowledgeBase::builtin() {
        Ok(kb) => Vocabulary::from_knowledge(&kb),
        Err(e) => panic!("built-in knowledge invalid: {e:#?}"),
    }
}

#[test]
fn every_area_of_the_vocabulary_exists_once_per_side_and_no_other() {
    let m = map();
    let vocab = vocabulary();
    for view in [View::Posterior, View::Anterior] {
        let v = m.view(view);
        let ids = vocab.area_ids(view);
        assert!(!ids.is_empty());
        for id in &ids {
            let sides: &[Side] = if vocab.is_midline_area(id) { &[Side::Midline] } else { &[Side::Left, Side::Right] };
            for side in sides {
                let n = v.areas.iter().filter(|a| a.id == *id && a.side == *side).count();
                assert_eq!(n, 1, "{view:?}: area {id} {side:?} appears {n} times");
            }
            let total = v.areas.iter().filter(|a| a.id == *id).count();
            assert_eq!(total, sides.len(), "{view:?}: area {id} has unexpected sides");
        }
        assert_eq!(
            v.areas.len(),
            ids.iter().map(|id| if vocab.is_midline_area(id) { 1 } else { 2 }).sum::<usize>(),
            "{view:?}: areas outside the vocabulary"
        );
    }
}

#[test]
fn every_label_point_hits_its_own_area() {
    let m = map();
    for view in VIEWS {
        for a in &m.view(view).areas {
            assert_eq!(
                m.area_at(view, a.label),
                Some((a.id.as_str(), a.side)),
                "{view:?}: label of {} {:?}",
                a.id,
                a.side
            );
        }
    }
}

#[test]
fn pain_areas_do_not_overlap_and_cover_the_legs() {
    let m = map();
    for view in VIEWS {
        let v = m.view(view);
        let step = 2.0;
        // The trunk above the highest pain area (up to the lower ribs) is drawn for context only.
        let areas_top = v.areas.iter().map(|a| a.geometry.bounds.top()).fold(f32::INFINITY, f32::min);
        let (mut inside_body, mut covered) = (0usize, 0usize);
        let (mut leg_body, mut leg_covered) = (0usize, 0usize);
        let mut y = 0.5;
        while y < v.size.y {
            let mut x = 0.5;
            while x < v.size.x {
                let p = pos2(x, y);
                let hits: Vec<_> = v.areas.iter().filter(|a| a.geometry.contains(p)).map(|a| (&a.id, a.side)).collect();
                assert!(hits.len() <= 1, "{view:?}: ({x}, {y}) lies in several areas: {hits:?}");
                if y >= areas_top
                    && v.outline.iter().any(|o| o.geometry.polys.iter().all(|p| p.closed) && o.geometry.contains(p))
                {
                    inside_body += 1;
                    covered += hits.len();
                    if y > 430.0 {
                        leg_body += 1;
                        leg_covered += hits.len();
                    }
                }
                // Areas stay on the skin.
                if let Some((id, side)) = hits.first() {
                    assert!(
                        v.outline.iter().any(|o| o.geometry.contains(p))
                            || v.outline.iter().any(|o| o.geometry.distance(p) < 1.0),
                        "{view:?}: area {id} {side:?} outside the silhouette at ({x}, {y})"
                    );
                }
                x += step;
            }
            y += step;
        }
        // Small gaps are fine (the lower abdomen in front has no area), but the areas should
        // tile most of the skin below their top, and the legs below the buttocks and groin
        // almost entirely.
        let share = covered as f32 / inside_body as f32;
        assert!(share > 0.9, "{view:?}: pain areas cover only {:.0}% of the body", share * 100.0);
        let leg_share = leg_covered as f32 / leg_body as f32;
        assert!(leg_share > 0.97, "{view:?}: pain areas cover only {:.1}% of the legs", leg_share * 100.0);
    }
}

#[test]
fn sides_are_mirrored_correctly_in_each_view() {
    let m = map();
    for (view, left_on_viewer_left) in [(View::Posterior, true), (View::Anterior, false)] {
        let v = m.view(view);
        assert_eq!(v.patient_left_on_viewer_left(), left_on_viewer_left);
        for a in &v.areas {
            let cx = a.geometry.centroid().x;
            match a.side {
                Side::Left => assert_eq!(cx < v.midline, left_on_viewer_left, "{view:?}: left {} at x = {cx}", a.id),
                Side::Right => assert_eq!(cx > v.midline, left_on_viewer_left, "{view:?}: right {} at x = {cx}", a.id),
                Side::Midline => assert!((cx - v.midline).abs() < 1.0, "{view:?}: midline {} at x = {cx}", a.id),
            }
        }
        // The left and right copies are exact mirror images.
        let l = v.area("lateral_thigh", Side::Left).map(|a| a.label);
        let r = v.area("lateral_thigh", Side::Right).map(|a| a.label);
        match (l, r) {
            (Some(l), Some(r)) => {
                assert!((l.x + r.x - 2.0 * v.midline).abs() < 1e-3 && (l.y - r.y).abs() < 1e-3);
            }
            _ => panic!("{view:?}: lateral_thigh missing"),
        }
        // Lateral really is lateral: the left lateral thigh lies further from the midline than
        // the left medial thigh.
        let lat = v.area("lateral_thigh", Side::Left).map(|a| (a.geometry.centroid().x - v.midline).abs());
        let med = v.area("medial_thigh", Side::Left).map(|a| (a.geometry.centroid().x - v.midline).abs());
        assert!(lat > med, "{view:?}: lateral thigh not lateral of medial thigh");
    }
}

#[test]
fn key_points_lie_on_the_skin_inside_their_dermatome() {
    let m = map();
    for view in VIEWS {
        let v = m.view(view);
        for k in &v.key_points {
            assert!(
                v.outline.iter().any(|o| o.style != ShapeStyle::Detail && o.geometry.contains(k.pos)),
                "{view:?}: key point {} {:?} off the body",
                k.root,
                k.side
            );
            let inside = v.dermatomes.iter().any(|d| d.id == k.root && d.side == k.side && d.geometry.contains(k.pos));
            assert!(inside, "{view:?}: key point {} {:?} outside its dermatome", k.root, k.side);
        }
    }
    // The ISNCSCI points of the lower limb are all shown somewhere.
    for root in ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5"] {
        assert!(
            m.posterior.key_points.iter().chain(&m.anterior.key_points).any(|k| k.root == root),
            "no key point for {root}"
        );
    }
}

#[test]
fn nerve_hit_testing_finds_the_sciatic_and_branches() {
    let m = map();
    let v = &m.posterior;
    let sciatic = v
        .nerves
        .iter()
        .find(|n| n.id == "sciatic" && n.variant.is_none() && n.side == Side::Left)
        .expect("shared sciatic path");
    let pts = &sciatic.geometry.polys[0].points;
    let mid = pts[pts.len() / 2];
    assert_eq!(m.nerve_at(View::Posterior, mid, 2.0), Some("sciatic"));
    assert_eq!(m.nerve_at(View::Posterior, mid + vec2(sciatic.width * 0.5 + 1.0, 0.0), 2.0), Some("sciatic"));
    // Far from every nerve: nothing.
    assert_eq!(m.nerve_at(View::Posterior, pos2(20.0, 20.0), 5.0), None);
    // The posterior view has the sciatic family and the roots.
    for id in [
        "tibial",
        "common_fibular",
        "sural",
        "medial_plantar",
        "lateral_plantar",
        "medial_calcaneal",
        "posterior_femoral_cutaneous",
    ] {
        assert!(v.nerves.iter().any(|n| n.id == id), "posterior view lacks {id}");
    }
    for root in ["L4", "L5", "S1", "S2", "S3"] {
        assert!(v.nerves.iter().any(|n| n.id == root && n.kind == NerveKind::Root), "posterior view lacks root {root}");
    }
    for id in ["superficial_fibular", "deep_fibular", "femoral", "saphenous", "lateral_femoral_cutaneous"] {
        assert!(m.anterior.nerves.iter().any(|n| n.id == id), "anterior view lacks {id}");
    }
    // Neighbours are flagged as not sciatic.
    assert!(m.anterior.nerves.iter().filter(|n| n.id == "femoral").all(|n| !n.sciatic));
    assert!(v.nerves.iter().filter(|n| n.id == "tibial").all(|n| n.sciatic));
}

#[test]
fn every_piriformis_variant_exists_and_differs() {
    let m = map();
    let v = &m.posterior;
    let mut lasts = Vec::new();
    for variant in PiriformisVariant::ALL {
        let paths: Vec<_> = v.nerves.iter().filter(|n| n.id == "sciatic" && n.variant == Some(variant)).collect();
        // One visible path per side, two (the fibular and the tibial strand) for a divided
        // nerve; pieces out of sight (within the muscle) are extra, hidden paths.
        let per_side = if variant.is_divided() { 2 } else { 1 };
        for side in [Side::Left, Side::Right] {
            assert_eq!(
                paths.iter().filter(|n| n.side == side && !n.hidden).count(),
                per_side,
                "variant {variant:?}: paths on the {side:?} side"
            );
        }
        // The whole nerve, or the fibular strand where it is divided (the tibial strand takes
        // the usual course).
        let Some(own) =
            paths.iter().find(|n| n.side == Side::Left && !n.hidden && n.part.as_deref() != Some("tibial_division"))
        else {
            panic!("variant {variant:?}: no left path of its own")
        };
        // Its last piece: the one below the muscle where the first is a stub at the plexus.
        let Some(last) = own.geometry.polys.last() else { panic!("variant {variant:?}: an empty path") };
        let pts = &last.points;
        lasts.push(pts[pts.len() / 3]);
        // Picking that variant, its own path is hit.
        let hit = v.nerve_at(pts[pts.len() / 3], 1.0, Some(variant));
        assert_eq!(hit.map(|n| (n.id.as_str(), n.variant)), Some(("sciatic", Some(variant))));
    }
    assert!(
        lasts[0].distance(lasts[1]) > 5.0 && lasts[1].distance(lasts[2]) > 5.0,
        "variants should take different courses: {lasts:?}"
    );
}

#[test]
fn transform_round_trips_and_fit_keeps_aspect() {
    let model = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 1500.0));
    let screen = Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0));
    let t = display::fit(model, screen);
    // Uniform scale: limited by the height here, centred horizontally.
    assert!((t.scaling - 0.4).abs() < 1e-6);
    let fitted = t.mul_rect(model);
    assert!((fitted.width() / fitted.height() - model.width() / model.height()).abs() < 1e-4);
    assert!(
        (fitted.center().x - screen.center().x).abs() < 1e-3 && (fitted.center().y - screen.center().y).abs() < 1e-3
    );
    assert!(screen.expand(1e-3).contains_rect(fitted));
    let inv = t.inverse();
    for p in [pos2(0.0, 0.0), pos2(123.4, 987.6), pos2(1000.0, 1500.0)] {
        let back = inv.mul_pos(t.mul_pos(p));
        assert!(back.distance(p) < 1e-3, "{p:?} -> {back:?}");
    }
    // A degenerate model rect fits at scale 1 rather than dividing by zero.
    assert_eq!(display::fit(Rect::from_min_size(pos2(5.0, 5.0), vec2(0.0, 0.0)), screen).scaling, 1.0);
}

#[test]
fn navigation_zooms_about_the_view_centre_and_pans_in_screen_points() {
    use sciatica_explorer::app::body_map::screen_from_model;
    use sciatica_explorer::app::state::Navigation;
    let figure = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 1500.0));
    let rect = Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0));
    let fitted = screen_from_model(figure, rect, Navigation::default());
    assert_eq!(fitted, display::fit(figure, rect), "no pan or zoom: the fitted view");
    // Zoom 2 about the centre of the view: the model point at the centre stays there.
    let centre = fitted.inverse().mul_pos(rect.center());
    let zoomed = screen_from_model(figure, rect, Navigation { zoom: 2.0, pan: egui::Vec2::ZERO });
    assert!((zoomed.scaling - 2.0 * fitted.scaling).abs() < 1e-6);
    assert!(zoomed.mul_pos(centre).distance(rect.center()) < 1e-3);
    // Panning moves every point by the pan, in screen points.
    let panned = screen_from_model(figure, rect, Navigation { zoom: 2.0, pan: vec2(5.0, -7.0) });
    let p = pos2(123.0, 456.0);
    assert!(panned.mul_pos(p).distance(zoomed.mul_pos(p) + vec2(5.0, -7.0)) < 1e-3);
}

#[test]
fn svg_export_is_standalone_and_reflects_options() {
    let m = map();
    let opts = SvgOptions {
        layers: Layers { skin: SkinMap::Dermatomes, labels: true, ..Layers::default() },
        selected_areas: vec![("buttock".into(), Side::Left, None)],
        highlight: sciatica_explorer::pathway::Highlight {
            nerves: ["sciatic".to_string()].into_iter().collect(),
            ..Default::default()
        },
        ..SvgOptions::default()
    };
    let svg = m.to_svg(View::Posterior, &opts);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("class=\"skin-map\" data-target=\"skin:S1\"") && svg.contains("class=\"nerves\""));
    assert!(svg.contains(&opts.palette.area_selected.hex()), "selected area not highlighted");
    assert!(svg.contains(&opts.palette.nerve_highlight.hex()), "highlighted nerve not emphasised");
    let plain = m.to_svg(
        View::Anterior,
        &SvgOptions { layers: Layers { nerves: false, ..Layers::default() }, ..SvgOptions::default() },
    );
    assert!(!plain.contains("class=\"nerves\""));
    assert!(!plain.contains(&opts.palette.area_selected.hex()));
}

const MINI_HEAD: &str = "[posterior]\nwidth = 1000.0\nheight = 1500.0\nmidline = 500.0\n";
const MINI_TAIL: &str = "\n[anterior]\nwidth = 1000.0\nheight = 1500.0\nmidline = 500.0\n";

fn errors_of(body: &str) -> Vec<GeometryError> {
    let text = format!("{MINI_HEAD}{body}{MINI_TAIL}");
    match BodyMap::from_toml_str("mini.toml", &text, &vocabulary()) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn a_small_valid_map_loads() {
    let text = format!(
        "{MINI_HEAD}[[posterior.area]]\nid = \"buttock\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 300 L 450 350 L 400 350 Z\"\n\
         [[posterior.area]]\nid = \"saddle\"\nmirror = \"join\"\nlabel = [500.0, 380.0]\nd = \"M 500 360 C 490 370 490 390 500 400\"\n{MINI_TAIL}"
    );
    let m = BodyMap::from_toml_str("mini.toml", &text, &vocabulary()).expect("valid");
    assert_eq!(m.area_at(View::Posterior, pos2(420.0, 320.0)), Some(("buttock", Side::Left)));
    assert_eq!(m.area_at(View::Posterior, pos2(580.0, 320.0)), Some(("buttock", Side::Right)));
    assert_eq!(m.area_at(View::Posterior, pos2(500.0, 380.0)), Some(("saddle", Side::Midline)));
    assert_eq!(m.area_at(View::Posterior, pos2(100.0, 100.0)), None);
}

#[test]
fn malformed_path_is_reported_with_field_and_line() {
    let errs =
        errors_of("[[posterior.area]]\nid = \"buttock\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 X 300 Z\"\n");
    let e = errs.iter().find(|e| e.field == "d").unwrap_or_else(|| panic!("no `d` error in {errs:?}"));
    assert_eq!(e.file, "mini.toml");
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.record.as_deref().is_some_and(|r| r.contains("buttock")), "{e}");
    assert!(e.to_string().contains("mini.toml:8"), "{e}");
}

#[test]
fn unclosed_area_and_bad_label_are_reported() {
    let errs =
        errors_of("[[posterior.area]]\nid = \"heel\"\nlabel = [900.0, 900.0]\nd = \"M 400 300 L 450 300 L 450 350\"\n");
    assert!(errs.iter().any(|e| e.field == "d" && e.message.contains("closed")), "{errs:?}");
    let errs = errors_of(
        "[[posterior.area]]\nid = \"heel\"\nlabel = [300.0, 300.0]\nd = \"M 400 300 L 450 300 L 450 350 Z\"\n",
    );
    assert!(errs.iter().any(|e| e.field == "label" && e.message.contains("outside")), "{errs:?}");
}

#[test]
fn duplicate_ids_are_reported() {
    let area = "[[posterior.area]]\nid = \"heel\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 300 L 450 350 L 400 350 Z\"\n";
    let errs = errors_of(&format!("{area}{area}"));
    let e = errs.iter().find(|e| e.message.contains("duplicate")).unwrap_or_else(|| panic!("{errs:?}"));
    assert_eq!(e.field, "id");
    assert_eq!(e.line, Some(10), "{e}");
    let nerve = "[[posterior.nerve]]\nid = \"sural\"\nd = \"M 400 300 L 410 400\"\n";
    let errs = errors_of(&format!("{nerve}{nerve}"));
    assert!(errs.iter().any(|e| e.field == "id" && e.message.contains("duplicate")), "{errs:?}");
}

#[test]
fn unknown_ids_are_reported() {
    let errs = errors_of("[[posterior.nerve]]\nroot = \"L9\"\nd = \"M 400 300 L 410 400\"\n");
    let e = errs.iter().find(|e| e.field == "root").unwrap_or_else(|| panic!("{errs:?}"));
    assert!(e.message.contains("L9") && e.line == Some(6), "{e}");
    let errs = errors_of("[[posterior.dermatome]]\nroot = \"S6\"\nd = \"M 400 300 L 450 300 L 450 350 Z\"\n");
    assert!(errs.iter().any(|e| e.field == "root" && e.message.contains("S6")), "{errs:?}");
    let errs = errors_of("[[posterior.nerve]]\nid = \"vagus\"\nd = \"M 400 300 L 410 400\"\n");
    assert!(errs.iter().any(|e| e.field == "id" && e.message.contains("vagus")), "{errs:?}");
    let errs = errors_of(
        "[[posterior.area]]\nid = \"big_toe\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 300 L 450 350 L 400 350 Z\"\n",
    );
    assert!(errs.iter().any(|e| e.field == "id" && e.message.contains("does not belong")), "{errs:?}");
    let errs = errors_of("[[posterior.muscle]]\nid = \"biceps\"\nd = \"M 400 300 L 450 300 L 450 350 Z\"\n");
    assert!(errs.iter().any(|e| e.field == "id" && e.message.contains("biceps")), "{errs:?}");
}

#[test]
fn wrong_side_variant_gaps_and_syntax_errors_are_reported() {
    // A mirrored record must describe the patient's left: in the posterior view, x < midline.
    let errs = errors_of(
        "[[posterior.area]]\nid = \"heel\"\nlabel = [620.0, 320.0]\nd = \"M 600 300 L 650 300 L 650 350 L 600 350 Z\"\n",
    );
    assert!(errs.iter().any(|e| e.message.contains("patient's left")), "{errs:?}");
    // A sided area drawn as a midline one, and the reverse.
    let errs = errors_of(
        "[[posterior.area]]\nid = \"heel\"\nmirror = \"none\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 300 L 450 350 L 400 350 Z\"\n",
    );
    assert!(errs.iter().any(|e| e.field == "mirror" && e.message.contains("sided")), "{errs:?}");
    let errs = errors_of(
        "[[posterior.area]]\nid = \"saddle\"\nlabel = [420.0, 320.0]\nd = \"M 400 300 L 450 300 L 450 350 L 400 350 Z\"\n",
    );
    assert!(errs.iter().any(|e| e.field == "mirror" && e.message.contains("midline")), "{errs:?}");
    // Only one of the piriformis variants.
    let errs = errors_of("[[posterior.nerve]]\nid = \"sciatic\"\nvariant = \"below\"\nd = \"M 400 300 L 410 400\"\n");
    assert!(errs.iter().any(|e| e.field == "variant" && e.message.contains("through")), "{errs:?}");
    // Unknown field and TOML syntax errors carry a line too.
    let errs = errors_of("[[posterior.area]]\nid = \"heel\"\ncolour = \"red\"\n");
    assert!(errs[0].field == "toml" && errs[0].line.is_some(), "{errs:?}");
    let errs = BodyMap::from_toml_str("x.toml", "[posterior\nwidth = 1", &vocabulary()).expect_err("syntax");
    assert_eq!(errs[0].line, Some(1));
    let errs = BodyMap::from_toml_str("x.toml", MINI_HEAD, &vocabulary()).expect_err("anterior missing");
    assert!(errs.iter().any(|e| e.message.contains("missing view")), "{errs:?}");
}

// The time to load the drawing is measured, not bounded here: `cargo bench --bench lookup`
// ("load+validate built-in body map").

mod robustness {
    use super::*;
    use proptest::prelude::*;
    use sciatica_explorer::geometry::BUILTIN_TOML;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        // The path parser's properties (never panics, round trip) are in src/geometry/path.rs.

        /// Damaged copies of the real file load or report errors; they never panic.
        #[test]
        fn damaged_map_never_panics(start in 0usize..BUILTIN_TOML.len(), len in 0usize..40, junk in "[\\[\\]a-z0-9=\"'. \\n-]{0,8}") {
            let mut text = BUILTIN_TOML.to_string();
            let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let end = (start + len..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
            text.replace_range(start..end, &junk);
            if let Err(errs) = BodyMap::from_toml_str("damaged.toml", &text, &vocabulary()) {
                prop_assert!(!errs.is_empty());
                for e in &errs {
                    prop_assert!(!e.message.is_empty() && !e.field.is_empty());
                }
            }
        }
    }
}

#[test]
fn skin_maps_stroke_no_edge_along_the_silhouette() {
    // The skin maps are clipped to the silhouette and the window paints no mask: a wide soft
    // border stroked along the silhouette would show half outside the body.
    let map = map();
    for view in VIEWS {
        let vm = map.view(view);
        let Some(body) = vm.outline.iter().find(|s| s.style == ShapeStyle::Fill) else { panic!("no silhouette") };
        let Some(outline) = body.geometry.polys.iter().find(|p| p.closed) else { panic!("no closed silhouette") };
        let (mut on_silhouette, mut kept) = (0, 0);
        for region in vm.dermatomes.iter().chain(&vm.cutaneous) {
            for poly in region.geometry.polys.iter().filter(|p| p.closed) {
                let n = poly.points.len();
                let along = (0..n)
                    .filter(|&i| {
                        let mid = poly.points[i].lerp(poly.points[(i + 1) % n], 0.5);
                        hit::distance_to_polyline(mid, &outline.points, true) < 0.01
                    })
                    .count();
                on_silhouette += along;
                for run in &poly.stroke_runs {
                    kept += run.len();
                    for pair in run.windows(2) {
                        let mid = pair[0].lerp(pair[1], 0.5);
                        let d = hit::distance_to_polyline(mid, &outline.points, true);
                        assert!(d > 0.01, "{view:?} {}: stroked along the silhouette at {mid:?}", region.id);
                    }
                }
            }
        }
        assert!(on_silhouette > 100, "{view:?}: the clipped maps follow the silhouette ({on_silhouette} edges)");
        assert!(kept > 100, "{view:?}: the maps keep their inner borders");
    }
}
