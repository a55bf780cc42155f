//! Properties of the look-up over random selections of the built-in pack: no panic, scores in
//! range and sorted, red flags by urgency, determinism, independence of area order, and red flags
//! that never disappear when an area is added.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use sciatica_explorer::knowledge::{KnowledgeBase, Urgency};
use sciatica_explorer::lookup::{
    AreaRef, LookupResult, SelectedArea, Selection, all_area_refs, intensity_factor, lookup,
};

static KB: LazyLock<KnowledgeBase> = LazyLock::new(|| match KnowledgeBase::builtin() {
    Ok(kb) => kb,
    Err(errors) => panic!("built-in pack is invalid: {errors:?}"),
});
static REFS: LazyLock<Vec<AreaRef>> = LazyLock::new(|| all_area_refs(&KB));

/// A random pick of areas (duplicates allowed) with random intensities.
fn picks(max: usize) -> impl Strategy<Value = Vec<(Index, Option<u8>)>> {
    prop::collection::vec((any::<Index>(), prop::option::of(0u8..=10)), 0..=max)
}

fn selection(picks: &[(Index, Option<u8>)]) -> Selection {
    Selection {
        areas: picks
            .iter()
            .map(|(i, intensity)| SelectedArea { area: i.get(&REFS).clone(), intensity: *intensity, numb: false })
            .collect(),
    }
}

fn candidate_scores(result: &LookupResult) -> BTreeMap<String, f32> {
    result.candidates.iter().map(|c| (c.id.to_string(), c.score)).collect()
}

fn flag_ids(result: &LookupResult) -> BTreeSet<String> {
    result.red_flags.iter().map(|f| f.id.to_string()).collect()
}

fn config() -> ProptestConfig {
    // No regression files written into the tree: failures print their minimal input instead.
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn scores_are_finite_in_range_and_sorted(picks in picks(24)) {
        let result = lookup(&KB, &selection(&picks));
        for c in &result.candidates {
            prop_assert!(c.score.is_finite() && (0.0..=1.0).contains(&c.score), "candidate {} scores {}", c.id, c.score);
            for reason in &c.why {
                prop_assert!(reason.weight.is_finite() && (0.0..=1.0).contains(&reason.weight), "{}: {:?}", c.id, reason);
            }
        }
        for e in &result.exercises {
            prop_assert!(e.score.is_finite() && (0.0..=1.0).contains(&e.score), "exercise {} scores {}", e.id, e.score);
        }
        // Grouped (pathway, cause, mimic), best fit first within each group.
        for pair in result.candidates.windows(2) {
            prop_assert!(pair[0].group <= pair[1].group, "{} ({:?}) before {} ({:?})", pair[0].id, pair[0].group, pair[1].id, pair[1].group);
            if pair[0].group == pair[1].group {
                prop_assert!(pair[0].score >= pair[1].score, "{} {} before {} {}", pair[0].id, pair[0].score, pair[1].id, pair[1].score);
            }
            prop_assert_eq!(pair[0].band, sciatica_explorer::lookup::Band::of(pair[0].score));
        }
        for pair in result.exercises.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score, "{} {} before {} {}", pair[0].id, pair[0].score, pair[1].id, pair[1].score);
        }
        for pair in result.red_flags.windows(2) {
            prop_assert!(
                !(pair[0].urgency == Urgency::Soon && pair[1].urgency == Urgency::Emergency),
                "{} (soon) before {} (emergency)", pair[0].id, pair[1].id
            );
        }
        // Ids are unique within each list.
        let ids: BTreeSet<(_, &str)> = result.candidates.iter().map(|c| (c.kind, &*c.id)).collect();
        prop_assert_eq!(ids.len(), result.candidates.len());
        let ids: BTreeSet<&str> = result.exercises.iter().map(|e| &*e.id).collect();
        prop_assert_eq!(ids.len(), result.exercises.len());
        // Duplicates are merged: one summary per distinct area.
        let distinct: BTreeSet<String> = picks.iter().map(|(i, _)| i.get(&REFS).key()).collect();
        prop_assert_eq!(result.areas.len(), distinct.len());
        // Nothing selected, nothing ranked.
        if picks.is_empty() {
            prop_assert!(result.candidates.is_empty() && result.exercises.is_empty() && result.red_flags.is_empty());
        } else {
            prop_assert!(!result.candidates.is_empty(), "no candidate for {:?}", distinct);
        }
    }

    #[test]
    fn lookup_is_deterministic(picks in picks(24)) {
        let selection = selection(&picks);
        let first = lookup(&KB, &selection);
        let second = lookup(&KB, &selection);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn candidate_scores_do_not_depend_on_area_order(
        (picks, shuffled) in picks(16).prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle()))
    ) {
        let straight = lookup(&KB, &selection(&picks));
        let permuted = lookup(&KB, &selection(&shuffled));
        let a = candidate_scores(&straight);
        let b = candidate_scores(&permuted);
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (id, score) in &a {
            let other = b[id];
            prop_assert!((score - other).abs() <= 1e-6, "{} scores {} vs {} after reordering", id, score, other);
        }
        prop_assert_eq!(flag_ids(&straight), flag_ids(&permuted));
        let reversed: Vec<_> = picks.iter().rev().cloned().collect();
        let backwards = lookup(&KB, &selection(&reversed));
        let c = candidate_scores(&backwards);
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), c.keys().collect::<Vec<_>>());
        for (id, score) in &a {
            prop_assert!((score - c[id]).abs() <= 1e-6, "{} scores {} vs {} reversed", id, score, c[id]);
        }
    }

    #[test]
    fn adding_an_area_never_removes_a_red_flag(picks in picks(16), extra in any::<Index>(), intensity in prop::option::of(0u8..=10)) {
        let before = lookup(&KB, &selection(&picks));
        let mut more = picks.clone();
        more.push((extra, intensity));
        let after = lookup(&KB, &selection(&more));
        let (before, after) = (flag_ids(&before), flag_ids(&after));
        prop_assert!(before.is_subset(&after), "adding {} removed {:?}", extra.get(&REFS).key(), before.difference(&after).collect::<Vec<_>>());
    }

    #[test]
    fn a_duplicated_area_counts_at_its_stronger_intensity(
        area in any::<Index>(),
        first in prop::option::of(0u8..=10),
        second in prop::option::of(0u8..=10),
    ) {
        // "Duplicates merged, keeping the higher intensity": an unsaid intensity counts as 5, so
        // `X X@0` must score like `X`, not like `X@0`.
        let stronger = if intensity_factor(second) > intensity_factor(first) { second } else { first };
        let both = selection(&[(area, first), (area, second)]);
        let single = selection(&[(area, stronger)]);
        prop_assert_eq!(
            candidate_scores(&lookup(&KB, &both)),
            candidate_scores(&lookup(&KB, &single)),
            "{} selected @{:?} and @{:?}", area.get(&REFS).key(), first, second
        );
    }

    #[test]
    fn intensities_above_ten_count_as_ten(picks in picks(12), over in 11u8..=255) {
        let at_ten: Vec<_> = picks.iter().map(|(i, _)| (*i, Some(10))).collect();
        let above = Selection {
            areas: picks.iter().map(|(i, _)| SelectedArea { area: i.get(&REFS).clone(), intensity: Some(over), numb: false }).collect(),
        };
        prop_assert_eq!(lookup(&KB, &above), lookup(&KB, &selection(&at_ten)));
    }
}

#[test]
fn all_areas_at_once_is_well_formed() {
    let everything = Selection {
        areas: REFS.iter().map(|r| SelectedArea { area: r.clone(), intensity: Some(10), numb: false }).collect(),
    };
    let result = lookup(&KB, &everything);
    assert_eq!(result.areas.len(), REFS.len());
    assert!(result.red_flags.iter().any(|f| &*f.id == "saddle_numbness"));
    assert!(result.red_flags.iter().any(|f| &*f.id == "both_legs"));
    assert!(result.red_flags.iter().any(|f| &*f.id == "worsening_radiating_to_foot"));
    assert!(result.candidates.iter().all(|c| (0.0..=1.0).contains(&c.score)));
    assert_eq!(result, lookup(&KB, &everything));
}

#[test]
fn the_area_list_has_both_sides_of_each_sided_area() {
    // The strategies above draw from this list; it must cover every area of the pack.
    let keys: BTreeSet<String> = REFS.iter().map(AreaRef::key).collect();
    assert_eq!(keys.len(), REFS.len());
    assert!(keys.contains("left.lateral_foot") && keys.contains("right.lateral_foot") && keys.contains("saddle"));
    assert!(REFS.len() >= 23);
}
