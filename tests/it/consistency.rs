//! The drawing and the knowledge base must agree: every pain area drawn is one the look-up knows,
//! in the views the data says, on the right sides; every drawn nerve, root, muscle and territory
//! exists in the knowledge base.

use crate::common;

use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, Laterality, Side, View};
use sciatica_explorer::lookup::AreaRef;

fn load() -> (KnowledgeBase, &'static BodyMap) {
    let kb = match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(e) => panic!("built-in data invalid: {e:#?}"),
    };
    let map = match BodyMap::shared() {
        Ok(map) => map,
        Err(e) => panic!("built-in body map invalid: {e:#?}"),
    };
    (kb, map)
}

#[test]
fn every_drawn_area_is_a_valid_selection_in_its_view() {
    let (kb, map) = load();
    for view in [View::Posterior, View::Anterior] {
        for area in &map.view(view).areas {
            let r = AreaRef::new(&area.id, area.side);
            let parsed = AreaRef::parse(&kb, &r.key());
            assert_eq!(
                parsed.as_ref().ok(),
                Some(&r),
                "{view:?}: drawn area {} is not a valid selection: {parsed:?}",
                r.key()
            );
            let def = kb.area(&area.id).map(|d| d.views.clone()).unwrap_or_default();
            assert!(def.contains(&view), "{}: drawn in {view:?} but areas.toml lists {def:?}", r.key());
        }
    }
}

#[test]
fn every_area_of_the_data_is_drawn_in_each_of_its_views_on_each_side() {
    let (kb, map) = load();
    for def in &kb.areas {
        let sides: &[Side] = match def.laterality {
            Laterality::Midline => &[Side::Midline],
            Laterality::Sided => &[Side::Left, Side::Right],
        };
        for view in &def.views {
            for side in sides {
                let drawn = map.view(*view).areas.iter().filter(|a| a.id == def.id && a.side == *side).count();
                assert_eq!(drawn, 1, "{} ({side:?}) should be drawn once in the {view:?} view", def.id);
            }
        }
    }
}

#[test]
fn drawn_structures_exist_in_the_knowledge_base() {
    let (kb, map) = load();
    for view in [View::Posterior, View::Anterior] {
        let v = map.view(view);
        for n in &v.nerves {
            assert!(kb.nerve(&n.id).is_some() || kb.root(&n.id).is_some(), "{view:?}: nerve path `{}` unknown", n.id);
        }
        for m in &v.muscles {
            assert!(kb.muscle(&m.id).is_some(), "{view:?}: muscle `{}` unknown", m.id);
        }
        for d in &v.dermatomes {
            assert!(kb.root(&d.id).is_some(), "{view:?}: dermatome `{}` unknown", d.id);
        }
        for c in &v.cutaneous {
            assert!(kb.nerve(&c.id).is_some(), "{view:?}: territory `{}` unknown", c.id);
        }
        for k in &v.key_points {
            assert!(kb.root(&k.root).is_some(), "{view:?}: key point `{}` unknown", k.root);
        }
    }
}

#[test]
fn sciatic_flag_of_drawn_nerves_matches_the_data() {
    let (kb, map) = load();
    for view in [View::Posterior, View::Anterior] {
        for n in &map.view(view).nerves {
            if let Some(nerve) = kb.nerve(&n.id) {
                assert_eq!(n.sciatic, nerve.sciatic, "{view:?}: `{}` drawn with the wrong colour family", n.id);
            }
        }
    }
}

#[test]
fn a_pack_that_disagrees_with_the_drawing_is_refused_by_name() {
    // A clinic's pack that makes the sacrum a sided area: the drawing has it on the midline.
    let pack = common::TempPack::copy("geometry");
    pack.edit_after("areas.toml", "id = \"sacrum\"", "laterality = \"midline\"", "laterality = \"sided\"");
    let kb = match KnowledgeBase::from_dir(&pack.dir) {
        Ok(kb) => kb,
        Err(e) => panic!("the edited pack is itself valid: {e:#?}"),
    };
    let errors = match BodyMap::for_knowledge(&kb) {
        Ok(_) => panic!("a drawing that disagrees with the pack must be refused"),
        Err(errors) => errors,
    };
    assert!(
        errors.iter().any(|e| {
            let t = e.to_string();
            t.contains("sacrum") && t.contains("sided")
        }),
        "the error names the area and the disagreement: {errors:#?}"
    );
    // The window (and a screenshot) refuses to open with it and says why, even where no display
    // could have been opened anyway: as a pack (`--data`) it is a bad pack (exit 2), blamed on
    // the pack's own areas.toml, since a pack may not change how a built-in area is drawn.
    for mode in [&["--screenshot", "/nonexistent/never.png"][..], &[][..]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .args(["--data", pack.path()])
            .args(mode)
            .output();
        let output = match output {
            Ok(o) => o,
            Err(e) => panic!("could not run the binary: {e}"),
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{mode:?}: {stderr}");
        assert!(stderr.contains("sacrum"), "{mode:?}: {stderr}");
        let areas = pack.dir.join("areas.toml").display().to_string();
        assert!(stderr.contains(&format!("error: {areas}:")) && !stderr.contains("body_map"), "{mode:?}: {stderr}");
    }
}
