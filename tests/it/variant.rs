//! The sciatic nerve's course at the piriformis (Beaton and Anson types): every variant is drawn
//! from the plexus to the shared course below the muscle, a divided nerve as two strands whose
//! fibular strand passes through the muscle or above it; the choice persists (old names too),
//! the toolbar offers it by its accessible name, and `--variant` sets it.

use crate::common;

use clap::Parser as _;
use egui::emath::Pos2;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sciatica_explorer::app::{ExplorerApp, SETTINGS_KEY, Settings, ViewMode, save_settings, settings_from_storage};
use sciatica_explorer::cli::Cli;
use sciatica_explorer::geometry::{
    BUILTIN_TOML, BodyMap, Layers, NerveKind, NerveShape, PiriformisVariant, Shape, ShapeStyle, SvgOptions, Vocabulary,
};
use sciatica_explorer::knowledge::{Side, View};

const FIBULAR: &str = "fibular_division";
const TIBIAL: &str = "tibial_division";

fn map() -> &'static BodyMap {
    common::builtin_map()
}

/// The solid piriformis of the posterior view on this side.
fn piriformis(side: Side) -> &'static Shape {
    let found = map()
        .posterior
        .muscles
        .iter()
        .find(|m| m.id == "piriformis" && m.part.is_none() && m.style == ShapeStyle::Deep && m.side == side);
    match found {
        Some(m) => m,
        None => panic!("no piriformis on the {side:?} side"),
    }
}

/// The sciatic paths of one variant on one side.
fn paths(variant: PiriformisVariant, side: Side) -> Vec<&'static NerveShape> {
    map()
        .posterior
        .nerves
        .iter()
        .filter(|n| n.id == "sciatic" && n.variant == Some(variant) && n.side == side)
        .collect()
}

/// The visible path of a strand (`fibular_division`, `tibial_division`, or `piriformis` for an
/// undivided nerve).
fn visible(variant: PiriformisVariant, side: Side, part: &str) -> &'static NerveShape {
    match paths(variant, side).into_iter().find(|n| n.part.as_deref() == Some(part) && !n.hidden) {
        Some(n) => n,
        None => panic!("{variant:?}: no {part} strand on the {side:?} side"),
    }
}

/// A point of a strand and whether it is drawn hidden (within or in front of the muscle).
#[derive(Clone, Copy, Debug)]
struct StrandPoint {
    at: Pos2,
    hidden: bool,
}

/// A strand from the plexus to where the shared course starts, its pieces (visible subpaths
/// and `<part>_hidden` ones) put end to end; panics if they do not join up into one line.
fn strand(variant: PiriformisVariant, side: Side, part: &str) -> (f32, Vec<StrandPoint>) {
    let hidden_part = format!("{part}_hidden");
    let records: Vec<_> = paths(variant, side)
        .into_iter()
        .filter(|n| n.part.as_deref() == Some(part) || n.part.as_deref() == Some(hidden_part.as_str()))
        .collect();
    let width = visible(variant, side, part).width;
    let mut pieces: Vec<(&[Pos2], bool)> =
        records.iter().flat_map(|n| n.geometry.polys.iter().map(|p| (p.points.as_slice(), n.hidden))).collect();
    let (plexus, start_of_shared) = ends(side);
    let mut line = Vec::new();
    let mut at = plexus;
    while !pieces.is_empty() {
        let Some(next) = pieces.iter().position(|(pts, _)| pts[0].distance(at) < 0.5) else {
            panic!("{variant:?} {part}: no piece goes on from {at:?}; left over: {pieces:?}")
        };
        let (pts, hidden) = pieces.remove(next);
        line.extend(pts.iter().map(|&p| StrandPoint { at: p, hidden }));
        at = pts[pts.len() - 1];
    }
    assert!(
        at.distance(start_of_shared) < 0.5,
        "{variant:?} {part} ends at {at:?}, not where the shared course starts ({start_of_shared:?})"
    );
    (width, line)
}

/// Where the roots meet (the plexus) and where the shared sciatic course below the muscle starts.
fn ends(side: Side) -> (Pos2, Pos2) {
    let nerves = &map().posterior.nerves;
    let root_ends: Vec<Pos2> = nerves
        .iter()
        .filter(|n| n.kind == NerveKind::Root && n.side == side)
        .filter_map(|n| n.geometry.polys[0].points.last().copied())
        .collect();
    let Some(&plexus) = root_ends.first() else { panic!("no roots on the {side:?} side") };
    assert!(root_ends.iter().all(|p| p.distance(plexus) < 0.5), "the roots meet in one point: {root_ends:?}");
    let Some(shared) =
        nerves.iter().find(|n| n.id == "sciatic" && n.variant.is_none() && n.part.is_none() && n.side == side)
    else {
        panic!("no shared sciatic course on the {side:?} side")
    };
    (plexus, shared.geometry.polys[0].points[0])
}

/// Well inside the muscle, not just grazing its edge: more than this far from its outline.
const DEEP: f32 = 6.0;

fn deep_inside(muscle: &Shape, p: Pos2) -> bool {
    muscle.geometry.contains(p) && muscle.geometry.distance(p) > DEEP
}

/// Above the muscle's upper border (y grows downwards) by more than `margin`, over the muscle's
/// belly: beyond its narrow ends (the last `END` units at either side) a point is neither above
/// nor below it.
fn above(muscle: &Shape, p: Pos2, margin: f32) -> bool {
    const END: f32 = 8.0;
    let bounds = muscle.geometry.bounds;
    if p.x < bounds.min.x + END || p.x > bounds.max.x - END {
        return false;
    }
    // Where the vertical line through p crosses the outline.
    let outline = &muscle.geometry.polys[0].points;
    let crossings = outline.iter().zip(outline.iter().cycle().skip(1)).filter_map(|(a, b)| {
        let (lo, hi) = if a.x <= b.x { (a, b) } else { (b, a) };
        (lo.x <= p.x && p.x < hi.x).then(|| lo.y + (hi.y - lo.y) * (p.x - lo.x) / (hi.x - lo.x))
    });
    crossings.fold(f32::INFINITY, f32::min) > p.y + margin
}

#[test]
fn divided_variants_draw_two_strands_and_the_others_one() {
    for side in [Side::Left, Side::Right] {
        for variant in PiriformisVariant::ALL {
            let shown: Vec<_> = paths(variant, side).into_iter().filter(|n| !n.hidden).collect();
            if variant.is_divided() {
                assert_eq!(shown.len(), 2, "{variant:?}: a fibular and a tibial strand");
                let (fibular_width, fibular) = strand(variant, side, FIBULAR);
                let tibial = visible(variant, side, TIBIAL);
                // Two strands, not one nerve drawn twice: somewhere they lie clearly apart.
                let apart = fibular.iter().map(|p| tibial.geometry.distance(p.at)).fold(0.0, f32::max);
                let touching = (fibular_width + tibial.width) / 2.0;
                assert!(apart > touching + 15.0, "{variant:?}: the strands are at most {apart} apart");
                assert!(tibial.width > fibular_width, "{variant:?}: the tibial part is the larger one");
                // The tibial part takes the usual course below the muscle.
                let usual = visible(PiriformisVariant::Below, side, "piriformis");
                assert_eq!(
                    tibial.geometry.polys, usual.geometry.polys,
                    "{variant:?}: the tibial strand leaves the usual course"
                );
            } else {
                assert_eq!(shown.len(), 1, "{variant:?}: one undivided nerve on the {side:?} side");
                assert_eq!(shown[0].part.as_deref(), Some("piriformis"));
            }
        }
    }
}

#[test]
fn every_strand_runs_unbroken_from_the_plexus_to_the_shared_course() {
    for side in [Side::Left, Side::Right] {
        let muscle = piriformis(side);
        for variant in PiriformisVariant::ALL {
            let parts: &[&str] = if variant.is_divided() { &[FIBULAR, TIBIAL] } else { &["piriformis"] };
            for part in parts {
                let (_, line) = strand(variant, side, part);
                // Divided before the muscle: the strands part at the plexus, outside it.
                assert!(!muscle.geometry.contains(line[0].at), "{variant:?} {part}: starts inside the muscle");
                assert!(!line[0].hidden, "{variant:?} {part}: the split at the plexus is out of sight");
            }
        }
    }
}

#[test]
fn the_fibular_strand_passes_through_the_muscle_or_above_it() {
    for side in [Side::Left, Side::Right] {
        let muscle = piriformis(side);
        let deep_points =
            |line: &[StrandPoint]| line.iter().filter(|p| deep_inside(muscle, p.at)).copied().collect::<Vec<_>>();
        let above_points =
            |width: f32, line: &[StrandPoint]| line.iter().any(|p| above(muscle, p.at, width / 2.0 + 2.0));

        // Through: deep inside the muscle, and out of sight there (within it, not over it);
        // never above it.
        for (variant, part) in
            [(PiriformisVariant::DividedThrough, FIBULAR), (PiriformisVariant::WholeThrough, "piriformis")]
        {
            let (width, line) = strand(variant, side, part);
            let deep = deep_points(&line);
            assert!(!deep.is_empty(), "{variant:?} {part} should pass through the muscle");
            assert!(
                deep.iter().all(|p| p.hidden),
                "{variant:?} {part} should run within the muscle, not over it: {deep:?}"
            );
            assert!(!above_points(width, &line), "{variant:?} {part} should not pass above the muscle");
            assert!(
                line.iter().any(|p| !p.hidden && !muscle.geometry.contains(p.at) && p.at.y > line[0].at.y + 10.0),
                "{variant:?} {part} should come out below the muscle"
            );
        }

        // Above: it rises clear of the upper border out of sight behind the muscle, and is seen
        // from there on (it runs down behind the muscle, over it in this view, to the tibial part).
        let (width, line) = strand(PiriformisVariant::DividedAbove, side, FIBULAR);
        let Some(top) = line.iter().enumerate().min_by(|a, b| a.1.at.y.total_cmp(&b.1.at.y)).map(|(i, _)| i) else {
            panic!("empty strand")
        };
        assert!(
            above(muscle, line[top].at, width / 2.0 + 2.0) && !line[top].hidden,
            "the fibular strand's highest point {:?} is not above the muscle in sight",
            line[top]
        );
        assert!(
            line[..top].iter().all(|p| p.hidden || !deep_inside(muscle, p.at)),
            "the fibular strand crosses the muscle in sight before it rises above it"
        );
        assert!(
            line[top..].iter().all(|p| !p.hidden),
            "the fibular strand is out of sight after it left above the muscle"
        );

        // Below the muscle: the usual nerve and every tibial strand, all in sight.
        for (variant, part) in [
            (PiriformisVariant::Below, "piriformis"),
            (PiriformisVariant::DividedThrough, TIBIAL),
            (PiriformisVariant::DividedAbove, TIBIAL),
        ] {
            let (width, line) = strand(variant, side, part);
            assert!(deep_points(&line).is_empty(), "{variant:?} {part} should pass below the muscle, not through it");
            assert!(!above_points(width, &line), "{variant:?} {part} should pass below the muscle, not above it");
            assert!(line.iter().all(|p| !p.hidden), "{variant:?} {part} is in sight all the way");
        }
    }
}

#[test]
fn choosing_a_variant_picks_its_own_strands_only() {
    let posterior = &map().posterior;
    let (_, line) = strand(PiriformisVariant::DividedAbove, Side::Left, FIBULAR);
    let Some(top) = line.iter().map(|p| p.at).min_by(|a, b| a.y.total_cmp(&b.y)) else { panic!("empty strand") };
    let hit = posterior.nerve_at(top, 1.0, Some(PiriformisVariant::DividedAbove));
    assert_eq!(hit.map(|n| (n.id.as_str(), n.part.as_deref())), Some(("sciatic", Some(FIBULAR))));
    let usual = posterior.nerve_at(top, 1.0, Some(PiriformisVariant::Below));
    assert!(usual.is_none_or(|n| n.id != "sciatic"), "the usual course has no strand above the muscle: {usual:?}");

    // The exported drawing shows the chosen variant: two strands more for a divided nerve.
    let svg = |variant| {
        map().to_svg(View::Posterior, &SvgOptions { variant, layers: Layers::default(), ..SvgOptions::default() })
    };
    let below = svg(PiriformisVariant::Below);
    let divided = svg(PiriformisVariant::DividedThrough);
    assert!(
        divided.matches("<path").count() > below.matches("<path").count(),
        "the divided nerve's second strand is missing from the SVG"
    );
}

#[test]
fn a_divided_variant_drawn_as_one_strand_or_a_missing_variant_is_refused() {
    let vocabulary = match sciatica_explorer::knowledge::KnowledgeBase::builtin() {
        Ok(kb) => Vocabulary::from_knowledge(&kb),
        Err(e) => panic!("built-in knowledge invalid: {e:#?}"),
    };
    assert!(BodyMap::from_toml_str("body_map.toml", BUILTIN_TOML, &vocabulary).is_ok());
    let without = |part: &str, variant: &str| {
        let head = format!("[[posterior.nerve]]\nid = \"sciatic\"\npart = \"{part}\"\nvariant = \"{variant}\"\n");
        let Some(start) = BUILTIN_TOML.find(&head) else { panic!("no {part} record of {variant}") };
        let end = BUILTIN_TOML[start + head.len()..].find("[[").map_or(BUILTIN_TOML.len(), |i| start + head.len() + i);
        format!("{}{}", &BUILTIN_TOML[..start], &BUILTIN_TOML[end..])
    };
    let errors = |text: &str| match BodyMap::from_toml_str("body_map.toml", text, &vocabulary) {
        Ok(_) => panic!("expected an error"),
        Err(errors) => errors,
    };
    let one_strand = errors(&without(FIBULAR, "divided_above"));
    assert!(
        one_strand.iter().any(|e| e.field == "variant"
            && e.message.contains("`divided_above`")
            && e.message.contains("two strands")),
        "{one_strand:?}"
    );
    let missing = errors(&without("piriformis", "whole_through"));
    assert!(
        missing.iter().any(|e| e.field == "variant" && e.message.contains("`whole_through` missing")),
        "{missing:?}"
    );
}

#[test]
fn labels_read_as_anatomy_not_likelihoods() {
    for variant in PiriformisVariant::ALL {
        let label = variant.label();
        assert!(!label.contains('%') && !label.contains('~'), "{label}");
        assert!(label.contains(" in 10"), "{variant:?}: say how common it is ({label})");
        assert_eq!(PiriformisVariant::from_name(variant.as_str()), Some(variant));
        assert_eq!(PiriformisVariant::from_name(&variant.as_str().replace('_', "-")), Some(variant));
    }
    assert_eq!(PiriformisVariant::from_name("sideways"), None);
}

use common::MemoryStorage;

#[test]
fn the_stored_variant_round_trips() {
    for variant in PiriformisVariant::ALL {
        let mut storage = MemoryStorage::default();
        let settings = Settings { variant, view: ViewMode::Posterior, ..Settings::default() };
        save_settings(&mut storage, &settings);
        assert_eq!(settings_from_storage(Some(&storage)), settings);
    }
}

#[test]
fn variants_stored_by_earlier_versions_still_load() {
    let mut storage = MemoryStorage::default();
    save_settings(&mut storage, &Settings { view: ViewMode::Anterior, ..Settings::default() });
    let Some(stored) = eframe::Storage::get_string(&storage, SETTINGS_KEY) else { panic!("nothing stored") };
    // Earlier versions stored the variant by its Rust name.
    assert!(stored.contains("variant:below"), "the stored form changed: {stored}");
    for (old, now) in [
        ("Below", PiriformisVariant::Below),
        ("Through", PiriformisVariant::WholeThrough),
        ("Above", PiriformisVariant::DividedAbove),
    ] {
        eframe::Storage::set_string(
            &mut storage,
            SETTINGS_KEY,
            stored.replace("variant:below", &format!("variant:{old}")),
        );
        let loaded = settings_from_storage(Some(&storage));
        assert_eq!(loaded.variant, now, "stored {old}");
        assert_eq!(loaded.view, ViewMode::Anterior, "stored {old}: the other settings are kept, not reset");
    }
}

#[test]
fn the_variant_flag_names_a_course() {
    let parse = |args: &[&str]| Cli::try_parse_from(std::iter::once("sciatica-explorer").chain(args.iter().copied()));
    for (arg, want) in [
        ("divided_through", PiriformisVariant::DividedThrough),
        ("divided-above", PiriformisVariant::DividedAbove),
        ("whole_through", PiriformisVariant::WholeThrough),
    ] {
        match parse(&["--variant", arg]) {
            Ok(cli) => assert_eq!(cli.window.variant, Some(want), "--variant {arg}"),
            Err(e) => panic!("--variant {arg}: {e}"),
        }
    }
    match parse(&["--variant", "sideways"]) {
        Ok(cli) => panic!("accepted --variant sideways: {:?}", cli.window.variant),
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains("sideways") && text.contains("divided_through"), "{text}");
        }
    }
    let settings =
        sciatica_explorer::app::screenshot::settings_from_args(&match parse(&["--variant", "divided_above"]) {
            Ok(cli) => cli.window,
            Err(e) => panic!("{e}"),
        });
    assert_eq!(settings.variant, PiriformisVariant::DividedAbove);
}

#[test]
fn the_toolbar_combo_picks_the_divided_variant() {
    let app = ExplorerApp::new(
        common::builtin_kb(),
        common::window_map(),
        Settings { view: ViewMode::Posterior, ..Settings::default() },
    );
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h.get_by_label("Course of the sciatic nerve at the piriformis").click();
    h.run();
    // The open list says where the figures come from and what the articles claim, with
    // readable citations and no raw source ids.
    let node = h.get_by_label_contains("What two of the articles say");
    // egui gives a label's text as its value.
    let note = node.value().or_else(|| node.accesskit_node().label()).unwrap_or_default();
    let kb = common::builtin_kb();
    for id in ["piriformis_variants_meta", "000_75a3b197296c15eb", "002_7e10b850193f9f66"] {
        let Some(source) = kb.source(id) else { panic!("no source {id}") };
        let citation = source.short_citation();
        assert!(note.contains(&citation), "{citation} missing from: {note}");
    }
    assert!(!note.contains("000_") && !note.contains("002_") && !note.contains("piriformis_variants_meta"), "{note}");
    h.get_by_label("Sciatic nerve divided: fibular part through the muscle (commonest variant, about 1 in 10)").click();
    h.run();
    assert_eq!(h.state().settings.variant, PiriformisVariant::DividedThrough);
    let combo = h.get_by_label("Course of the sciatic nerve at the piriformis");
    assert_eq!(combo.value().as_deref(), Some("Sciatic nerve divided, fibular part through"));
}

#[test]
fn the_longest_choice_fits_the_toolbar_at_any_width() {
    let longest = PiriformisVariant::ALL.into_iter().max_by_key(|v| v.short_label().len()).unwrap_or_default();
    for width in [1000.0, 1300.0, 1600.0, 1900.0] {
        let app = ExplorerApp::new(
            common::builtin_kb(),
            common::window_map(),
            Settings { variant: longest, ..Settings::default() },
        );
        let mut h = Harness::builder()
            .with_size(vec2(width, 1000.0))
            .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
        h.run();
        let combo = h.get_by_label("Course of the sciatic nerve at the piriformis").rect();
        assert!(combo.right() <= width + 0.5, "the combo runs off the window at width {width}");
        for label in common::TOOLBAR_LABELS {
            let other = h.get_by_label(label).rect();
            assert!(
                !combo.shrink(0.5).intersects(other.shrink(0.5)),
                "the combo {combo:?} overlaps {label} {other:?} at width {width}"
            );
        }
    }
}
