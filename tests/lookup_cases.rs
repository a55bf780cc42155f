//! Clinical cases for the look-up, grounded in `shared/reference/clinical-anatomy.md`: for each
//! selection, the candidates the reference says should lead, the red flags that must (or must
//! not) be raised, and the notes that must appear.

use sciatica_explorer::knowledge::{KnowledgeBase, LinkKind, Urgency};
use sciatica_explorer::lookup::{LookupResult, Selection, all_area_refs, lookup};

fn kb() -> KnowledgeBase {
    match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in data invalid: {errors:#?}"),
    }
}

fn run(kb: &KnowledgeBase, areas: &[&str]) -> LookupResult {
    let selection = Selection::parse_args(kb, areas).unwrap_or_else(|e| panic!("bad test selection {areas:?}: {e}"));
    lookup(kb, &selection)
}

fn top_ids(result: &LookupResult, n: usize) -> Vec<&str> {
    result.candidates.iter().take(n).map(|c| &*c.id).collect()
}

fn rank(result: &LookupResult, id: &str) -> Option<usize> {
    result.candidates.iter().position(|c| &*c.id == id)
}

fn flag_ids(result: &LookupResult) -> Vec<&str> {
    result.red_flags.iter().map(|f| f.id.as_str()).collect()
}

fn note_ids(result: &LookupResult) -> Vec<&str> {
    result.notes.iter().map(|n| n.id.as_str()).collect()
}

/// One clinical expectation.
struct Case {
    areas: &'static [&'static str],
    /// The candidate that must rank first.
    first: Option<&'static str>,
    /// Candidates that must all be within the top `within`.
    top: &'static [&'static str],
    within: usize,
    /// Red flags that must be raised (exactly this set when `exact_flags`).
    flags: &'static [&'static str],
    exact_flags: bool,
    /// Notes that must be present.
    notes: &'static [&'static str],
    /// Notes that must be absent.
    no_notes: &'static [&'static str],
}

const NONE: Case =
    Case { areas: &[], first: None, top: &[], within: 3, flags: &[], exact_flags: true, notes: &[], no_notes: &[] };

fn check(kb: &KnowledgeBase, case: &Case) {
    let r = run(kb, case.areas);
    let label = format!("{:?}", case.areas);
    if let Some(first) = case.first {
        assert_eq!(r.candidates.first().map(|c| &*c.id), Some(first), "{label}: first; top {:?}", top_ids(&r, 6));
    }
    let top = top_ids(&r, case.within);
    for id in case.top {
        assert!(top.contains(id), "{label}: `{id}` not in top {}: {top:?}", case.within);
    }
    let flags = flag_ids(&r);
    for id in case.flags {
        assert!(flags.contains(id), "{label}: flag `{id}` not raised: {flags:?}");
    }
    if case.exact_flags {
        assert_eq!(flags.len(), case.flags.len(), "{label}: unexpected flags {flags:?}");
    }
    let notes = note_ids(&r);
    assert!(notes.contains(&"education"), "{label}: the education note is always present");
    for id in case.notes {
        assert!(notes.contains(id), "{label}: note `{id}` missing: {notes:?}");
    }
    for id in case.no_notes {
        assert!(!notes.contains(id), "{label}: note `{id}` should be absent: {notes:?}");
    }
}

// ---------------------------------------------------------------- one area each: dermatomes,
// key points and cutaneous territories (ISNCSCI 2019, Lee 2008, Gray's/Moore's)

#[test]
fn lateral_foot_is_s1_and_sural() {
    check(&kb(), &Case { areas: &["left.lateral_foot"], first: Some("S1"), top: &["sural", "disc_herniation_l5_s1"], ..NONE });
}

#[test]
fn dorsum_of_foot_is_l5_and_superficial_fibular() {
    check(&kb(), &Case {
        areas: &["left.dorsum_foot"],
        first: Some("L5"),
        top: &["superficial_fibular", "fibular_neck_entrapment", "disc_herniation_l4_l5"],
        within: 4,
        ..NONE
    });
}

#[test]
fn first_web_space_is_deep_fibular() {
    check(&kb(), &Case { areas: &["right.first_web_space"], first: Some("deep_fibular"), top: &["L5", "fibular_neck_entrapment"], ..NONE });
}

#[test]
fn big_toe_is_l5() {
    check(&kb(), &Case { areas: &["left.big_toe"], first: Some("L5"), top: &["disc_herniation_l4_l5"], ..NONE });
}

#[test]
fn heel_is_s1_and_medial_calcaneal() {
    check(&kb(), &Case { areas: &["left.heel"], first: Some("S1"), top: &["medial_calcaneal"], ..NONE });
}

#[test]
fn sole_points_to_tarsal_tunnel_and_plantar_nerves() {
    check(&kb(), &Case { areas: &["left.sole"], first: Some("tarsal_tunnel"), top: &["medial_plantar", "lateral_plantar"], ..NONE });
}

#[test]
fn medial_ankle_is_l4_key_point_and_mostly_saphenous() {
    check(&kb(), &Case {
        areas: &["left.medial_ankle"],
        first: Some("L4"),
        top: &["saphenous", "tarsal_tunnel"],
        within: 5,
        notes: &["outside_sciatic.medial_ankle"],
        ..NONE
    });
}

#[test]
fn lateral_ankle_is_s1_and_sural() {
    check(&kb(), &Case { areas: &["right.lateral_ankle"], first: Some("S1"), top: &["sural"], within: 2, ..NONE });
}

#[test]
fn calf_is_s1_sural_tibial_and_calf_muscles() {
    check(&kb(), &Case {
        areas: &["left.posterior_calf"],
        top: &["S1", "sural", "tibial", "gastrocnemius_soleus"],
        within: 5,
        ..NONE
    });
}

#[test]
fn anterolateral_leg_is_l5_and_superficial_fibular() {
    check(&kb(), &Case {
        areas: &["left.anterolateral_leg"],
        first: Some("L5"),
        top: &["superficial_fibular", "fibular_neck_entrapment"],
        within: 4,
        ..NONE
    });
}

#[test]
fn medial_leg_is_l4_and_saphenous_outside_sciatic() {
    check(&kb(), &Case {
        areas: &["left.medial_leg"],
        top: &["L4", "saphenous"],
        within: 2,
        notes: &["outside_sciatic.medial_leg"],
        ..NONE
    });
}

#[test]
fn back_of_knee_is_s2_and_not_outside_sciatic() {
    // The posterior femoral cutaneous nerve accompanies the sciatic: no "outside" note.
    check(&kb(), &Case {
        areas: &["left.popliteal_fossa"],
        first: Some("S2"),
        top: &["tibial", "posterior_femoral_cutaneous"],
        within: 4,
        no_notes: &["outside_sciatic.popliteal_fossa"],
        ..NONE
    });
}

#[test]
fn front_of_knee_is_l4_outside_sciatic() {
    check(&kb(), &Case {
        areas: &["left.anterior_knee"],
        first: Some("L4"),
        top: &["L3", "femoral"],
        within: 4,
        notes: &["outside_sciatic.anterior_knee"],
        ..NONE
    });
}

#[test]
fn back_of_thigh_is_the_sciatic_course() {
    check(&kb(), &Case {
        areas: &["left.posterior_thigh"],
        first: Some("sciatic"),
        top: &["posterior_femoral_cutaneous", "S2", "ischial_tunnel", "hamstrings"],
        within: 7,
        no_notes: &["outside_sciatic.posterior_thigh"],
        ..NONE
    });
}

#[test]
fn front_of_thigh_is_femoral_not_sciatic() {
    let kb = kb();
    check(&kb, &Case {
        areas: &["left.anterior_thigh"],
        first: Some("femoral"),
        top: &["L2", "L3"],
        notes: &["outside_sciatic.anterior_thigh"],
        ..NONE
    });
    let r = run(&kb, &["left.anterior_thigh"]);
    let note = r.notes.iter().find(|n| n.id == "outside_sciatic.anterior_thigh").map(|n| n.text.as_str()).unwrap_or("");
    assert!(note.contains("Femoral") && note.contains("L2–L4"), "note names the femoral nerve and its roots: {note}");
}

#[test]
fn outer_thigh_is_lateral_femoral_cutaneous_or_gluteus_minimus() {
    check(&kb(), &Case {
        areas: &["left.lateral_thigh"],
        first: Some("lateral_femoral_cutaneous"),
        top: &["gluteus_minimus"],
        within: 2,
        notes: &["outside_sciatic.lateral_thigh"],
        ..NONE
    });
}

#[test]
fn inner_thigh_is_obturator() {
    check(&kb(), &Case {
        areas: &["right.medial_thigh"],
        first: Some("obturator"),
        top: &["L2", "L3", "adductors"],
        within: 4,
        notes: &["outside_sciatic.medial_thigh"],
        ..NONE
    });
}

#[test]
fn groin_is_l1() {
    check(&kb(), &Case { areas: &["left.groin"], first: Some("L1"), notes: &["outside_sciatic.groin"], ..NONE });
}

#[test]
fn outer_hip_is_gluteal_referral() {
    check(&kb(), &Case { areas: &["left.hip_lateral"], top: &["gluteus_minimus", "gluteus_medius"], within: 2, ..NONE });
}

#[test]
fn buttock_is_piriformis_and_sciatic() {
    check(&kb(), &Case {
        areas: &["left.buttock"],
        first: Some("piriformis_syndrome"),
        top: &["sciatic", "piriformis"],
        ..NONE
    });
}

#[test]
fn low_back_is_spinal_and_quadratus_lumborum() {
    check(&kb(), &Case {
        areas: &["low_back"],
        top: &["disc_herniation_l4_l5", "disc_herniation_l5_s1", "quadratus_lumborum"],
        ..NONE
    });
}

#[test]
fn sacrum_is_sacroiliac() {
    check(&kb(), &Case { areas: &["sacrum"], first: Some("sij_dysfunction"), ..NONE });
}

#[test]
fn saddle_is_an_emergency() {
    let kb = kb();
    check(&kb, &Case {
        areas: &["saddle"],
        first: Some("S4-5"),
        top: &["pudendal"],
        flags: &["saddle_numbness"],
        notes: &["seek_care_first"],
        ..NONE
    });
    let r = run(&kb, &["saddle"]);
    assert_eq!(r.most_urgent(), Some(Urgency::Emergency));
}

#[test]
fn sides_mirror_exactly() {
    let kb = kb();
    for pair in all_area_refs(&kb).chunks(1) {
        let area = &pair[0];
        if area.side != sciatica_explorer::knowledge::Side::Left {
            continue;
        }
        let left = run(&kb, &[area.key().as_str()]);
        let right = run(&kb, &[area.key().replace("left.", "right.").as_str()]);
        let l: Vec<(&str, f32)> = left.candidates.iter().map(|c| (&*c.id, c.score)).collect();
        let r: Vec<(&str, f32)> = right.candidates.iter().map(|c| (&*c.id, c.score)).collect();
        assert_eq!(l, r, "{} and its mirror rank differently", area.key());
    }
}

// ---------------------------------------------------------------- combinations

#[test]
fn classic_s1_sciatica_buttock_to_outer_foot() {
    let kb = kb();
    let areas = &["left.buttock", "left.posterior_thigh", "left.posterior_calf", "left.lateral_foot"];
    check(&kb, &Case {
        areas,
        first: Some("S1"),
        top: &["sciatic", "disc_herniation_l5_s1"],
        flags: &["worsening_radiating_to_foot"],
        ..NONE
    });
    let r = run(&kb, areas);
    // Areas one source explains reinforce it: S1 scores higher with all four than with the foot alone.
    assert!(r.score_of("S1") > run(&kb, &["left.lateral_foot"]).score_of("S1"));
    let first_exercise = r.exercises.first().map(|e| e.kind);
    assert_eq!(first_exercise, Some(sciatica_explorer::knowledge::ExerciseKind::NerveGlide), "a nerve glide fits a whole-leg pattern best");
}

#[test]
fn classic_l5_sciatica_to_dorsum_and_big_toe() {
    check(&kb(), &Case {
        areas: &["left.buttock", "left.lateral_thigh", "left.anterolateral_leg", "left.dorsum_foot", "left.big_toe"],
        first: Some("L5"),
        top: &["disc_herniation_l4_l5"],
        flags: &["worsening_radiating_to_foot"],
        ..NONE
    });
}

#[test]
fn l5_and_s1_overlap_caveat_when_both_rank_high() {
    check(&kb(), &Case {
        areas: &["left.posterior_calf", "left.dorsum_foot"],
        top: &["L5", "S1"],
        within: 6,
        notes: &["l5_s1_overlap"],
        ..NONE
    });
    check(&kb(), &Case { areas: &["left.anterior_thigh"], no_notes: &["l5_s1_overlap"], ..NONE });
}

#[test]
fn both_legs_raise_the_emergency_flag_and_favour_stenosis() {
    let kb = kb();
    let areas = &["left.posterior_calf", "right.posterior_calf", "left.lateral_foot", "right.lateral_foot"];
    check(&kb, &Case { areas, top: &["S1", "spinal_stenosis"], within: 6, flags: &["both_legs"], notes: &["seek_care_first"], ..NONE });
    let both = run(&kb, areas);
    let one = run(&kb, &["left.posterior_calf", "left.lateral_foot"]);
    assert!(rank(&both, "spinal_stenosis") < rank(&one, "spinal_stenosis"), "bilateral pain moves stenosis up");
    let stenosis = both.candidates.iter().find(|c| &*c.id == "spinal_stenosis");
    assert!(stenosis.is_some_and(|c| c.why.iter().any(|w| w.text.contains("both sides"))));
}

#[test]
fn both_thighs_raise_both_legs_flag() {
    check(&kb(), &Case { areas: &["left.posterior_thigh", "right.posterior_thigh"], flags: &["both_legs"], ..NONE });
}

#[test]
fn piriformis_pattern_buttock_worse_than_thigh() {
    let kb = kb();
    let areas = &["left.buttock@8", "left.posterior_thigh@3"];
    check(&kb, &Case { areas, top: &["sciatic", "piriformis_syndrome"], within: 2, ..NONE });
    let r = run(&kb, areas);
    let top_exercises: Vec<&str> = r.exercises.iter().take(4).map(|e| e.id.as_str()).collect();
    assert!(top_exercises.contains(&"figure_four_supine"), "the figure-four stretch fits: {top_exercises:?}");
}

#[test]
fn fibular_pattern_below_the_knee() {
    check(&kb(), &Case {
        areas: &["left.anterolateral_leg", "left.dorsum_foot", "left.first_web_space"],
        first: Some("L5"),
        top: &["common_fibular", "fibular_neck_entrapment", "deep_fibular", "superficial_fibular"],
        within: 7,
        ..NONE
    });
}

#[test]
fn tarsal_tunnel_pattern() {
    check(&kb(), &Case { areas: &["left.sole", "left.medial_ankle"], top: &["tarsal_tunnel", "L4"], within: 2, ..NONE });
}

#[test]
fn femoral_l4_pattern_is_all_outside_sciatic() {
    let kb = kb();
    let areas = &["left.anterior_thigh", "left.anterior_knee", "left.medial_leg"];
    check(&kb, &Case {
        areas,
        top: &["femoral", "L4", "disc_herniation_l3_l4"],
        within: 8,
        notes: &["outside_sciatic.anterior_thigh", "outside_sciatic.anterior_knee", "outside_sciatic.medial_leg"],
        ..NONE
    });
    let r = run(&kb, areas);
    assert!(rank(&r, "sciatic").is_none_or(|i| i > 8), "the sciatic nerve does not explain the front of the leg");
}

#[test]
fn gluteus_minimus_pseudo_sciatica() {
    check(&kb(), &Case {
        areas: &["left.hip_lateral", "left.lateral_thigh", "left.posterior_thigh"],
        first: Some("gluteus_minimus"),
        ..NONE
    });
}

#[test]
fn intensity_shifts_the_ranking() {
    let kb = kb();
    let buttock_worse = run(&kb, &["left.buttock@10", "left.lateral_foot@1"]);
    let foot_worse = run(&kb, &["left.buttock@1", "left.lateral_foot@10"]);
    assert!(foot_worse.score_of("S1") > buttock_worse.score_of("S1"));
    assert!(buttock_worse.score_of("piriformis_syndrome") > foot_worse.score_of("piriformis_syndrome"));
}

#[test]
fn radiating_flag_needs_pain_above_and_in_the_foot() {
    let kb = kb();
    assert!(!flag_ids(&run(&kb, &["left.lateral_foot"])).contains(&"worsening_radiating_to_foot"));
    assert!(flag_ids(&run(&kb, &["low_back", "left.heel"])).contains(&"worsening_radiating_to_foot"));
    // Above on one side, foot on the other: not one leg radiating (but both legs are flagged).
    let crossed = run(&kb, &["left.posterior_thigh", "right.heel"]);
    assert!(!flag_ids(&crossed).contains(&"worsening_radiating_to_foot"));
    assert!(flag_ids(&crossed).contains(&"both_legs"));
}

#[test]
fn red_flags_most_urgent_first() {
    let r = run(&kb(), &["saddle", "left.buttock", "left.heel"]);
    let urgencies: Vec<Urgency> = r.red_flags.iter().map(|f| f.urgency).collect();
    assert!(urgencies.len() >= 2, "{urgencies:?}");
    assert!(urgencies.windows(2).all(|w| w[0] <= w[1]), "{urgencies:?}");
    assert_eq!(urgencies[0], Urgency::Emergency);
}

#[test]
fn calf_pain_suggests_calf_stretches() {
    let r = run(&kb(), &["left.posterior_calf"]);
    let top: Vec<&str> = r.exercises.iter().take(4).map(|e| e.id.as_str()).collect();
    assert!(top.contains(&"gastroc_wall_stretch") && top.contains(&"seated_banded_calf"), "{top:?}");
}

#[test]
fn duplicate_areas_merge_keeping_the_higher_intensity() {
    let kb = kb();
    let merged = run(&kb, &["left.buttock@3", "left.buttock@8"]);
    let single = run(&kb, &["left.buttock@8"]);
    assert_eq!(merged.candidates, single.candidates);
    assert_eq!(merged.areas.len(), 1);
    assert_eq!(merged.areas[0].intensity, Some(8));
}

#[test]
fn empty_selection_says_nothing_but_the_disclaimer() {
    let r = run(&kb(), &[]);
    assert!(r.candidates.is_empty() && r.red_flags.is_empty() && r.exercises.is_empty());
    assert_eq!(note_ids(&r), vec!["education"]);
}

#[test]
fn every_reason_names_a_selected_area_or_a_root_or_nerve_and_cites() {
    let kb = kb();
    let r = run(&kb, &["left.buttock", "left.posterior_thigh", "left.heel", "right.dorsum_foot"]);
    let selected: Vec<&str> = r.areas.iter().map(|a| a.id.as_str()).collect();
    for c in &r.candidates {
        assert!(!c.why.is_empty() && !c.sources.is_empty(), "{} has no why or sources", c.id);
        for reason in &c.why {
            assert!(!reason.sources.is_empty(), "{}: reason without a source: {}", c.id, reason.text);
            match &reason.area {
                Some(area) => assert!(selected.contains(&&**area), "{}: reason names unselected {area}", c.id),
                None => assert!(matches!(c.kind, LinkKind::Cause | LinkKind::Entrapment), "{}: only causes reason without an area", c.id),
            }
        }
    }
}

#[test]
fn every_single_area_has_a_plausible_source_and_exercise() {
    let kb = kb();
    for area in all_area_refs(&kb) {
        let r = run(&kb, &[area.key().as_str()]);
        assert!(!r.candidates.is_empty(), "{} explains nothing", area.key());
        assert!(r.candidates[0].score >= 0.3, "{}: weak top candidate {:?}", area.key(), r.candidates[0]);
        if area.base != "saddle" {
            assert!(!r.exercises.is_empty(), "{} has no exercise", area.key());
        }
    }
}

#[test]
fn sciatic_root_disagreement_is_shown_when_the_sciatic_nerve_ranks() {
    let kb = kb();
    let r = run(&kb, &["left.posterior_thigh"]);
    let note = r.notes.iter().find(|n| n.id == "root_accounts.sciatic");
    let text = note.map(|n| n.text.as_str()).unwrap_or("");
    assert!(text.contains("L4–S3") && text.contains("L4–S2"), "{text}");
    let sources = note.map(|n| n.sources.clone()).unwrap_or_default();
    assert!(sources.iter().any(|s| s.starts_with("000_")) && sources.iter().any(|s| s.starts_with("003_")));
    assert!(!note_ids(&run(&kb, &["left.groin"])).contains(&"root_accounts.sciatic"));
}
