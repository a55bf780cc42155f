//! The sciatic nerve's course at the piriformis (Beaton and Anson types): every variant is drawn
//! from the plexus to the shared course below the muscle, a divided nerve as two strands whose
//! fibular strand passes through the muscle or above it; the choice persists (old names too),
//! the toolbar offers it by its accessible name, and `--variant` sets it.

mod common;

use std::collections::HashMap;

use clap::Parser as _;
use egui::emath::Pos2;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
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
fn strands(variant: PiriformisVariant, side: Side) -> Vec<&'static NerveShape> {
    map().posterior.nerves.iter().filter(|n| n.id == "sciatic" && n.variant == Some(variant) && n.side == side).collect()
}

fn strand(variant: PiriformisVariant, side: Side, part: &str) -> &'static NerveShape {
    match strands(variant, side).into_iter().find(|n| n.part.as_deref() == Some(part)) {
        Some(n) => n,
        None => panic!("{variant:?}: no {part} strand on the {side:?} side"),
    }
}

fn points(n: &NerveShape) -> &[Pos2] {
    &n.geometry.polys[0].points
}

/// Well inside the muscle, not just grazing its edge: more than this far from its outline.
const DEEP: f32 = 6.0;

fn deep_inside(muscle: &Shape, p: Pos2) -> bool {
    muscle.geometry.contains(p) && muscle.geometry.distance(p) > DEEP
}

/// Above the muscle's upper border (y grows downwards), by at least `margin`, at the muscle's
/// own width: a point beyond the muscle's ends is neither above nor below it.
fn above(muscle: &Shape, p: Pos2, margin: f32) -> bool {
    let outline = &muscle.geometry.polys[0].points;
    let near: Vec<f32> = outline.iter().filter(|q| (q.x - p.x).abs() < 3.0).map(|q| q.y).collect();
    !near.is_empty() && !muscle.geometry.contains(p) && near.iter().all(|&y| y > p.y + margin)
}

#[test]
fn divided_variants_draw_two_strands_and_the_others_one_path() {
    for side in [Side::Left, Side::Right] {
        for variant in PiriformisVariant::ALL {
            let paths = strands(variant, side);
            if variant.is_divided() {
                let fibular = strand(variant, side, FIBULAR);
                let tibial = strand(variant, side, TIBIAL);
                assert_eq!(paths.len(), 2, "{variant:?}: a fibular and a tibial strand");
                // Two strands, not one nerve drawn twice: somewhere they lie clearly apart.
                let apart = points(fibular).iter().map(|&p| tibial.geometry.distance(p)).fold(0.0, f32::max);
                let touching = (fibular.width + tibial.width) / 2.0;
                assert!(apart > touching + 15.0, "{variant:?}: the strands are at most {apart} apart");
                assert!(tibial.width > fibular.width, "{variant:?}: the tibial part is the larger one");
            } else {
                assert_eq!(paths.len(), 1, "{variant:?}: one undivided nerve on the {side:?} side");
                assert_eq!(paths[0].part.as_deref(), Some("piriformis"));
            }
        }
    }
}

#[test]
fn every_strand_leaves_the_plexus_and_rejoins_the_shared_course() {
    let nerves = &map().posterior.nerves;
    for side in [Side::Left, Side::Right] {
        let root_ends: Vec<Pos2> = nerves
            .iter()
            .filter(|n| n.kind == NerveKind::Root && n.side == side)
            .filter_map(|n| points(n).last().copied())
            .collect();
        let Some(&plexus) = root_ends.first() else { panic!("no roots on the {side:?} side") };
        assert!(root_ends.iter().all(|p| p.distance(plexus) < 0.5), "the roots meet in one point: {root_ends:?}");
        let Some(shared) = nerves.iter().find(|n| n.id == "sciatic" && n.variant.is_none() && n.part.is_none() && n.side == side) else {
            panic!("no shared sciatic course on the {side:?} side")
        };
        let below_the_muscle = points(shared)[0];
        for variant in PiriformisVariant::ALL {
            for s in strands(variant, side) {
                let (first, last) = (points(s)[0], points(s)[points(s).len() - 1]);
                assert!(first.distance(plexus) < 0.5, "{variant:?} {:?} starts at {first:?}, not at the plexus", s.part);
                assert!(last.distance(below_the_muscle) < 0.5, "{variant:?} {:?} ends at {last:?}, not where the shared course starts", s.part);
                // Divided before the muscle: the strands part at the plexus, not inside it.
                assert!(!piriformis(side).geometry.contains(first), "{variant:?}: starts inside the muscle");
            }
        }
    }
}

#[test]
fn the_fibular_strand_passes_through_the_muscle_or_above_it() {
    for side in [Side::Left, Side::Right] {
        let muscle = piriformis(side);
        let passes_through = |n: &NerveShape| points(n).iter().any(|&p| deep_inside(muscle, p));
        let goes_above = |n: &NerveShape| points(n).iter().any(|&p| above(muscle, p, n.width / 2.0 + 2.0));

        // Through: deep inside the muscle, never above it.
        for through in [strand(PiriformisVariant::DividedThrough, side, FIBULAR), strands(PiriformisVariant::WholeThrough, side)[0]] {
            assert!(passes_through(through), "{:?} {:?} should pass through the muscle", through.variant, through.part);
            assert!(!goes_above(through), "{:?} {:?} should not pass above the muscle", through.variant, through.part);
        }

        // Above: it rises clear of the upper border before it reaches the muscle's middle (it
        // then descends behind the muscle, over it in this view, to meet the tibial part).
        let fibular_above = strand(PiriformisVariant::DividedAbove, side, FIBULAR);
        let pts = points(fibular_above);
        let Some(top) = pts.iter().enumerate().min_by(|a, b| a.1.y.total_cmp(&b.1.y)).map(|(i, _)| i) else {
            panic!("empty strand")
        };
        assert!(above(muscle, pts[top], fibular_above.width / 2.0 + 2.0), "the fibular strand's highest point {:?} is not above the muscle", pts[top]);
        assert!(!pts[..top].iter().any(|&p| deep_inside(muscle, p)), "the fibular strand goes through the muscle before it rises above it");

        // Below the muscle: the usual nerve and every tibial strand.
        for below in [strands(PiriformisVariant::Below, side)[0], strand(PiriformisVariant::DividedThrough, side, TIBIAL), strand(PiriformisVariant::DividedAbove, side, TIBIAL)] {
            assert!(!passes_through(below), "{:?} {:?} should pass below the muscle, not through it", below.variant, below.part);
            assert!(!goes_above(below), "{:?} {:?} should pass below the muscle, not above it", below.variant, below.part);
        }
    }
}

#[test]
fn choosing_a_variant_picks_its_own_strands_only() {
    let posterior = &map().posterior;
    let pts = points(strand(PiriformisVariant::DividedAbove, Side::Left, FIBULAR));
    let Some(&top) = pts.iter().min_by(|a, b| a.y.total_cmp(&b.y)) else { panic!("empty strand") };
    let hit = posterior.nerve_at(top, 1.0, Some(PiriformisVariant::DividedAbove));
    assert_eq!(hit.map(|n| (n.id.as_str(), n.part.as_deref())), Some(("sciatic", Some(FIBULAR))));
    let usual = posterior.nerve_at(top, 1.0, Some(PiriformisVariant::Below));
    assert!(usual.is_none_or(|n| n.id != "sciatic"), "the usual course has no strand above the muscle: {usual:?}");

    // The exported drawing shows the chosen variant: two strands more for a divided nerve.
    let svg = |variant| map().to_svg(View::Posterior, &SvgOptions { variant, layers: Layers::default(), ..SvgOptions::default() });
    let below = svg(PiriformisVariant::Below);
    let divided = svg(PiriformisVariant::DividedThrough);
    assert!(divided.matches("<path").count() > below.matches("<path").count(), "the divided nerve's second strand is missing from the SVG");
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
        one_strand.iter().any(|e| e.field == "variant" && e.message.contains("`divided_above`") && e.message.contains("two strands")),
        "{one_strand:?}"
    );
    let missing = errors(&without("piriformis", "whole_through"));
    assert!(missing.iter().any(|e| e.field == "variant" && e.message.contains("`whole_through` missing")), "{missing:?}");
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

/// An in-memory eframe storage.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

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
        eframe::Storage::set_string(&mut storage, SETTINGS_KEY, stored.replace("variant:below", &format!("variant:{old}")));
        let loaded = settings_from_storage(Some(&storage));
        assert_eq!(loaded.variant, now, "stored {old}");
        assert_eq!(loaded.view, ViewMode::Anterior, "stored {old}: the other settings are kept, not reset");
    }
}

#[test]
fn the_variant_flag_names_a_course() {
    let parse = |args: &[&str]| Cli::try_parse_from(std::iter::once("sciatica-explorer").chain(args.iter().copied()));
    for (arg, want) in [("divided_through", PiriformisVariant::DividedThrough), ("divided-above", PiriformisVariant::DividedAbove), ("whole_through", PiriformisVariant::WholeThrough)] {
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
    let settings = sciatica_explorer::app::screenshot::settings_from_args(&match parse(&["--variant", "divided_above"]) {
        Ok(cli) => cli.window,
        Err(e) => panic!("{e}"),
    });
    assert_eq!(settings.variant, PiriformisVariant::DividedAbove);
}

#[test]
fn the_toolbar_combo_picks_the_divided_variant() {
    let app = ExplorerApp::new(common::builtin_kb(), map(), Settings { view: ViewMode::Posterior, ..Settings::default() });
    let mut h = Harness::builder().with_size(vec2(1600.0, 1000.0)).build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app);
    h.run();
    h.get_by_label("Course of the sciatic nerve at the piriformis").click();
    h.run();
    // The open list says where the figures come from and what the articles claim, with
    // readable citations and no raw source ids.
    let note = h.get_by_label_contains("What two of the articles say").label().unwrap_or_default();
    for citation in ["Smoljanović 2015", "\"Sciatica: 3 Exercises\"", "\"Sciatic Nerve Pain 101\""] {
        assert!(note.contains(citation), "{citation} missing from: {note}");
    }
    assert!(!note.contains("000_") && !note.contains("002_") && !note.contains("piriformis_variants_meta"), "{note}");
    h.get_by_label("Sciatic nerve divided: fibular part through the muscle (commonest variant, about 1 in 10)").click();
    h.run();
    assert_eq!(h.state().settings.variant, PiriformisVariant::DividedThrough);
    let combo = h.get_by_label("Course of the sciatic nerve at the piriformis");
    assert_eq!(combo.value().as_deref(), Some("Sciatic nerve divided, fibular part through"));
}
