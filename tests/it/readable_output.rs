//! What people read never shows raw source ids or numbers that read as likelihoods: the look-up
//! text (the CLI), the plain-text plan and the printed handout, over many selections. Scores stay
//! in the JSON only; people read bands and short citations.

use crate::common;

use sciatica_explorer::export::handout::{HandoutOptions, handout_html};
use sciatica_explorer::export::session::{Plan, PlannedExercise};
use sciatica_explorer::geometry::PiriformisVariant;
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::{Selection, all_area_refs, lookup};
use sciatica_explorer::report::{lookup_text, plan_text};

/// Selections that between them raise every kind of flag, group, note and check.
const SELECTIONS: &[&[&str]] = &[
    &["left.buttock"],
    &["left.buttock", "left.posterior_thigh", "left.posterior_calf", "left.lateral_foot@8"],
    &[
        "low_back",
        "left.buttock",
        "left.lateral_thigh",
        "left.anterolateral_leg",
        "left.dorsum_foot+numb",
        "left.big_toe",
    ],
    &["saddle+numb", "left.posterior_thigh", "right.posterior_calf"],
    &["left.groin", "right.groin"],
    &["left.heel"],
    &["left.lateral_thigh+numb"],
    &["sacrum", "left.buttock@9"],
    &["left.anterior_thigh", "left.anterior_knee", "left.medial_leg", "left.medial_ankle"],
];

/// Problems with text people read: raw source ids, percentages, and decimals such as "0.82".
fn unreadable(kb: &KnowledgeBase, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for source in &kb.sources {
        if text.contains(&source.id) {
            problems.push(format!("raw source id `{}`", source.id));
        }
    }
    if let Some(at) = text.find('%') {
        problems
            .push(format!("a percentage near `{}`", &text[text.floor_char_boundary(at.saturating_sub(40))..at + 1]));
    }
    let bytes = text.as_bytes();
    for i in 1..bytes.len().saturating_sub(1) {
        // "0.82", ".5": a decimal point between digits (or leading), which reads as a likelihood.
        let mut end = i + 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        // A version number such as 0.1.0 is not a score.
        let version = end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit();
        if !version
            && bytes[i] == b'.'
            && bytes[i + 1].is_ascii_digit()
            && (bytes[i - 1] == b'0' || bytes[i - 1] == b' ')
        {
            let from = text.floor_char_boundary(i.saturating_sub(30));
            let to = text.floor_char_boundary((i + 10).min(text.len()));
            problems.push(format!("a decimal near `{}`", &text[from..to]));
        }
    }
    problems
}

/// The text a reader sees on the handout: no style sheet, no drawing, no markup.
fn visible_text(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<svg", "</svg>"), ("<head", "</head>")] {
        while let (Some(start), Some(end)) = (text.find(open), text.find(close)) {
            if end < start {
                break;
            }
            text.replace_range(start..end + close.len(), " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn plan() -> Plan {
    Plan {
        patient: "AB 12".to_string(),
        notes: String::new(),
        exercises: ["figure_four_supine", "sciatic_nerve_glide_supine", "gastroc_wall_stretch"]
            .into_iter()
            .map(|id| PlannedExercise { id: id.to_string(), dosage: None, note: String::new() })
            .collect(),
        created: None,
        ..Plan::default()
    }
}

#[test]
fn the_lookup_text_the_plan_and_the_handout_show_no_raw_ids_percentages_or_decimals() {
    let kb = common::builtin_kb();
    let map = common::builtin_map();
    let options = HandoutOptions { date: "2026-12-01".to_string(), variant: PiriformisVariant::Below };
    let mut failures = Vec::new();
    for areas in SELECTIONS {
        let selection = Selection::parse_args(&kb, areas).unwrap_or_else(|e| panic!("{areas:?}: {e}"));
        let result = lookup(&kb, &selection);
        for (what, text) in [
            ("lookup text", lookup_text(&kb, &result)),
            ("plan text", plan_text(&kb, &selection.areas, &plan(), "2026-12-01")),
            ("handout", visible_text(&handout_html(&kb, map, &selection.areas, &plan(), &options))),
        ] {
            for problem in unreadable(&kb, &text) {
                failures.push(format!("{areas:?} {what}: {problem}"));
            }
        }
    }
    failures.dedup();
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_single_area_reads_cleanly_in_the_lookup_text() {
    let kb = common::builtin_kb();
    for area in all_area_refs(&kb) {
        let selection = Selection::parse_args(&kb, &[area.key()]).unwrap_or_else(|e| panic!("{e}"));
        let text = lookup_text(&kb, &lookup(&kb, &selection));
        let problems = unreadable(&kb, &text);
        assert!(problems.is_empty(), "{}: {problems:?}", area.key());
    }
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    // A test that cannot fail is a defect: the checker must see each kind of problem.
    let kb = common::builtin_kb();
    assert!(!unreadable(&kb, "see 000_75a3b197296c15eb").is_empty());
    assert!(!unreadable(&kb, "a 62 % chance").is_empty());
    assert!(!unreadable(&kb, "score 0.82 here").is_empty());
    assert!(unreadable(&kb, "Made with version 0.1.0 today").is_empty(), "a version is not a score");
    assert!(unreadable(&kb, "L4–S3, strong fit, Stendahl 2022, 30–60 s. Done.").is_empty());
}

#[test]
fn the_window_text_has_an_emergency_first_and_the_checklist_in_the_cli_text() {
    let kb = common::builtin_kb();
    let selection = Selection::parse_args(&kb, &["saddle+numb", "left.buttock"]).unwrap_or_else(|e| panic!("{e}"));
    let text = lookup_text(&kb, &lookup(&kb, &selection));
    let emergency = text.find("EMERGENCY").expect("the emergency is shown");
    let sources = text.find("POSSIBLE SOURCES").expect("sources shown");
    assert!(emergency < sources, "the emergency comes first");
    assert!(text.contains("ASK ABOUT THESE SIGNS") && text.contains("bladder or bowel"), "the checklist is printed");
    assert!(text.contains("held back") && !text.contains("EXERCISES THAT FIT"), "exercises withheld, and it says why");
    assert!(!text.contains("less likely to be sciatica"), "no reassurance beside an emergency");
}
