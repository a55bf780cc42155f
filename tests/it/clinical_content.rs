//! The built-in content agrees with `shared/reference/clinical-anatomy.md` where a physiotherapist
//! reviewing it found it did not (issue 9, "Correct content, 100 % backed"): skin territories of
//! the groin and outer hip, the pudendal roots, the psoas supply, which exercises can be done in
//! bed, the cautions a physiotherapist expects, and plain words in patient-facing text.

use sciatica_explorer::knowledge::{AreaDef, Exercise, ExerciseKind, KnowledgeBase, LinkKind, Position};
use sciatica_explorer::lookup::{Selection, lookup};

fn kb() -> KnowledgeBase {
    match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in data invalid: {errors:#?}"),
    }
}

fn area<'a>(kb: &'a KnowledgeBase, id: &str) -> &'a AreaDef {
    kb.areas.iter().find(|a| a.id == id).unwrap_or_else(|| panic!("no area `{id}`"))
}

fn exercise<'a>(kb: &'a KnowledgeBase, id: &str) -> &'a Exercise {
    kb.exercises.iter().find(|e| &*e.id == id).unwrap_or_else(|| panic!("no exercise `{id}`"))
}

/// The weight of the area's link to a nerve (0 when there is none).
fn nerve_weight(area: &AreaDef, nerve: &str) -> f32 {
    area.links.iter().find(|l| l.kind == LinkKind::Nerve && l.target == nerve).map_or(0.0, |l| l.weight)
}

fn cautions(e: &Exercise) -> String {
    e.cautions.join(" ")
}

fn cites(e: &Exercise, id: &str) -> bool {
    e.cites.iter().any(|c| &*c.id == id)
}

// ---------------------------------------------------------------- skin territories

#[test]
fn groin_skin_is_ilioinguinal_and_genitofemoral_not_obturator() {
    let kb = kb();
    let groin = area(&kb, "groin");
    assert!(nerve_weight(groin, "ilioinguinal") > 0.5, "the ilioinguinal nerve supplies the groin");
    assert!(nerve_weight(groin, "genitofemoral") > 0.0, "the genitofemoral nerve supplies groin skin");
    assert_eq!(nerve_weight(groin, "obturator"), 0.0, "the obturator's skin is the middle of the inner thigh");
    for nerve in ["ilioinguinal", "genitofemoral"] {
        let n = kb.nerve(nerve).unwrap_or_else(|| panic!("no nerve `{nerve}`"));
        assert!(n.roots.contains(&"L1".to_string()), "{nerve} carries L1");
        assert!(!n.sciatic && !n.accompanies_sciatic);
    }
    // The note that says whose territory the groin is names the right nerve.
    let selection = Selection::parse_args(&kb, &["left.groin"]).unwrap_or_else(|e| panic!("{e}"));
    let notes: Vec<String> = lookup(&kb, &selection).notes.into_iter().map(|n| n.text.to_string()).collect();
    assert!(notes.iter().any(|n| n.contains("Ilioinguinal nerve") && n.contains("(L1)")), "{notes:#?}");
    assert!(!notes.iter().any(|n| n.contains("Obturator")), "{notes:#?}");
}

#[test]
fn outer_hip_skin_is_iliohypogastric_and_superior_cluneal() {
    let kb = kb();
    let hip = area(&kb, "hip_lateral");
    let iliohypogastric = nerve_weight(hip, "iliohypogastric");
    let cluneal = nerve_weight(hip, "superior_cluneal");
    let lateral_femoral = nerve_weight(hip, "lateral_femoral_cutaneous");
    assert!(iliohypogastric > 0.0 && cluneal > 0.0);
    assert!(
        lateral_femoral < iliohypogastric && lateral_femoral < cluneal,
        "the lateral femoral cutaneous nerve is the thigh's, not the hip's"
    );
    // ...whose skin is the outer front of the thigh.
    assert!(nerve_weight(area(&kb, "lateral_thigh"), "lateral_femoral_cutaneous") > 0.5);
    assert!(nerve_weight(area(&kb, "anterior_thigh"), "lateral_femoral_cutaneous") > 0.0);
}

#[test]
fn nerve_root_ranges_read_as_the_reference_gives_them() {
    let kb = kb();
    for (nerve, range) in [
        ("pudendal", "S2–S4"),
        ("sciatic", "L4–S3"),
        ("lateral_femoral_cutaneous", "L2–L3"),
        ("genitofemoral", "L1–L2"),
    ] {
        let n = kb.nerve(nerve).unwrap_or_else(|| panic!("no nerve `{nerve}`"));
        assert_eq!(kb.root_range(&n.roots), range, "{nerve}");
    }
    // A range that does not end on the grouped record is unchanged, and so is the record alone.
    assert_eq!(kb.root_range(&["S4-5".to_string()]), "S4-5");
}

#[test]
fn psoas_is_supplied_by_the_lumbar_rami_not_the_femoral_nerve() {
    let kb = kb();
    let femoral = kb.nerve("femoral").unwrap_or_else(|| panic!("no femoral nerve"));
    assert!(!femoral.supplies.iter().any(|m| m == "psoas_hip_flexors"));
    let psoas = kb.muscle("psoas_hip_flexors").unwrap_or_else(|| panic!("no psoas"));
    assert_eq!(psoas.nerve, None);
    assert!(
        psoas.innervation.contains("L1–L3") && psoas.innervation.contains("not by the femoral nerve"),
        "{}",
        psoas.innervation
    );
}

// ---------------------------------------------------------------- citations

#[test]
fn claims_the_articles_do_not_make_cite_the_reference_that_does() {
    let kb = kb();
    let article = |id: &str| id.starts_with("00");
    // "Disc pain starts in the back" is said by neither 000 nor 003.
    for link in area(&kb, "low_back").links.iter().filter(|l| l.target.starts_with("disc_herniation")) {
        assert!(!link.cites.iter().any(|c| article(&c.id)), "{}: {:?}", link.target, link.cites);
        assert!(link.cites.iter().any(|c| &*c.id == "koes_2007"));
    }
    // No article describes the ischial tunnel; 001 says nothing of stenosis at the saddle.
    for a in &kb.areas {
        for link in &a.links {
            if link.target == "ischial_tunnel" || (a.id == "saddle" && link.target == "spinal_stenosis") {
                assert!(!link.cites.iter().any(|c| article(&c.id)), "{}→{}: {:?}", a.id, link.target, link.cites);
            }
        }
    }
    // SI-joint referral is Cohen's finding, not 000's.
    for a in ["buttock", "posterior_thigh"] {
        let link = area(&kb, a).links.iter().find(|l| l.target == "sij_dysfunction");
        assert!(link.is_some_and(|l| l.cites.iter().all(|c| &*c.id == "cohen_2005")), "{a}: {link:?}");
    }
}

// ---------------------------------------------------------------- exercises

#[test]
fn in_bed_only_where_an_article_or_the_note_says_why() {
    for e in kb().exercises.iter().filter(|e| e.in_bed) {
        let article_says = e.cites.iter().any(|c| c.section.as_deref().is_some_and(|s| s.contains("in bed")));
        let note_says = e.note.as_deref().is_some_and(|n| n.contains("bed"));
        assert!(article_says || note_says, "{}: in_bed without a reason", e.id);
    }
    // Pelvic tilts need a firm surface: no article puts them in bed.
    assert!(!exercise(&kb(), "pelvic_tilts_circles").in_bed);
}

#[test]
fn the_more_intense_figure_four_is_004s_hands_over_the_knee() {
    let kb = kb();
    let deep = exercise(&kb, "figure_four_supine_deep");
    let steps = deep.steps.join(" ");
    assert!(steps.contains("clasp them together over the knee of the supporting leg"), "{steps}");
    assert!(steps.contains("bringing that knee with you"), "{steps}");
    let section =
        deep.cites.iter().find(|c| c.id.starts_with("004_")).and_then(|c| c.section.clone()).unwrap_or_default();
    assert!(section.contains("More intense"), "{section}");
    // 001's knee-and-ankle-to-the-opposite-shoulder is its own, attributed step.
    assert!(deep.steps.iter().any(|s| s.contains("Stendahl's article") && s.contains("opposite shoulder")));
}

#[test]
fn nerve_glides_name_tensioners_and_carry_the_stop_rule() {
    let kb = kb();
    let glides: Vec<&Exercise> = kb.exercises.iter().filter(|e| e.kind == ExerciseKind::NerveGlide).collect();
    assert!(glides.len() >= 3);
    for e in glides {
        let name = e.name.to_lowercase();
        assert!(name.contains("tensioner") || name.contains("slider"), "{}: {}", e.id, e.name);
        assert!(cautions(e).contains("Stop if symptoms spread further down the leg, if numbness or weakness increases, or if tingling lingers"), "{}", e.id);
        assert!(cites(e, "coppieters_butler_2008"), "{}", e.id);
        if name.contains("tensioner") {
            assert!(e.steps.iter().any(|s| s.starts_with("Slider version")), "{}: a tensioner offers its slider", e.id);
        }
    }
}

#[test]
fn the_cautions_a_physiotherapist_expects_are_there() {
    let kb = kb();
    let has = |id: &str, words: &[&str]| {
        let e = exercise(&kb, id);
        let text = cautions(e);
        for w in words {
            assert!(text.contains(w), "{id}: caution with `{w}` missing: {text}");
        }
        assert!(cites(e, "exercise_precautions"), "{id} cites the precautions it states");
    };
    for id in ["pigeon", "posterior_hip_stretch", "hip_90_90_stretch", "figure_four_supine_deep", "figure_four_seated"]
    {
        has(id, &["hip replacement", "past a right angle", "across the middle of the body", "turning the leg inwards"]);
    }
    has("self_massage_ball_roller", &["swollen, warm, red or tender", "blood clot", "saddle"]);
    has("ball_release_seated", &["saddle", "numb"]);
    for id in ["standing_hip_flexor_stretch", "half_kneeling_hip_flexor_reach"] {
        has(id, &["front of the thigh tingles", "femoral nerve"]);
    }
    has("wall_sit_flat_back", &["breathing", "hold your breath"]);
    // Every exercise done lying on the back warns about lying flat in later pregnancy.
    for e in kb.exercises.iter().filter(|e| e.position == Position::Supine) {
        let text = cautions(e);
        assert!(text.contains("20 weeks pregnant") && text.contains("flat on your back"), "{}: {text}", e.id);
    }
}

// ---------------------------------------------------------------- plain words

/// Anatomical terms a patient may not know: wherever patient-facing text uses one, it is in
/// brackets after the plain words.
const JARGON: [&str; 14] = [
    "greater sciatic foramen",
    "lesser sciatic foramen",
    "posterolateral",
    "anterolateral",
    "first web space",
    "dorsum",
    "popliteal fossa",
    "malleolus",
    "ischial tuberosity",
    "greater trochanter",
    "inguinal",
    "perineum",
    "perianal",
    "iliac crest",
];

/// The jargon terms that appear in `text` outside brackets.
fn bare_jargon(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut bare = Vec::new();
    for term in JARGON {
        for (at, _) in lower.match_indices(term) {
            let before = &lower[..at];
            let inside = before.matches('(').count() > before.matches(')').count();
            if !inside && !bare.contains(&term) {
                bare.push(term);
            }
        }
    }
    bare
}

#[test]
fn patient_facing_text_puts_anatomical_terms_in_brackets() {
    let kb = kb();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for a in &kb.areas {
        texts.push((format!("area {} label", a.id), &a.label));
        texts.push((format!("area {} description", a.id), &a.description));
        for l in &a.links {
            texts.push((format!("area {} → {} why", a.id, l.target), &l.why));
        }
    }
    for e in &kb.exercises {
        texts.push((format!("exercise {} summary", e.id), &e.summary));
        for s in e.steps.iter().chain(e.cautions.iter()) {
            texts.push((format!("exercise {} step/caution", e.id), s));
        }
    }
    for n in &kb.nerves {
        texts.push((format!("nerve {} skin", n.id), &n.skin));
        texts.push((format!("nerve {} course", n.id), &n.course));
    }
    for r in &kb.roots {
        texts.push((format!("root {} skin_area", r.id), &r.skin_area));
        texts.push((format!("root {} key_sensory_point", r.id), &r.key_sensory_point));
    }
    let bare: Vec<String> = texts
        .iter()
        .filter_map(|(what, text)| {
            let terms = bare_jargon(text);
            (!terms.is_empty()).then(|| format!("{what}: {terms:?}"))
        })
        .collect();
    assert!(bare.is_empty(), "anatomical terms without plain words:\n{}", bare.join("\n"));
}

#[test]
fn the_jargon_check_can_fail() {
    assert_eq!(bare_jargon("Skin of the first web space."), vec!["first web space"]);
    assert!(bare_jargon("The skin between the big and second toe (first web space).").is_empty());
}
