//! The 100-visit patient file of `benches/visits.rs` and `examples/visits_profile.rs` (included
//! by both with `#[path]`).

use std::path::Path;

use sciatica_explorer::export::session::{self, Plan};
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::Selection;

/// How many visits the file holds.
pub const VISITS: usize = 100;

/// Writes a file of [`VISITS`] visits, a week apart: the pain wanders between the back of the
/// leg and the foot, five or six areas each time, its levels changing.
pub fn write_visits(kb: &KnowledgeBase, path: &Path) -> Option<()> {
    let pool = [
        "low_back",
        "left.buttock",
        "left.posterior_thigh",
        "left.lateral_thigh",
        "left.posterior_calf",
        "left.lateral_foot",
        "left.heel",
        "left.sole",
        "right.buttock",
    ];
    let day = |i: usize| {
        let (month, day) = (1 + i / 28 % 12, 1 + i % 28);
        format!("{}-{month:02}-{day:02}", 2024 + i / (28 * 12))
    };
    let mut plan = Plan { patient: "Bench 100".into(), visit_date: Some(day(0)), ..Plan::default() };
    let mut areas = Vec::new();
    for visit in 0..VISITS {
        if visit > 0 {
            plan.start_new_visit(&mut areas, true, &day(visit * 7));
        }
        let args: Vec<String> = (0..5 + visit % 2)
            .map(|k| format!("{}@{}", pool[(visit + k * 2) % pool.len()], (visit * 3 + k) % 11))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        areas = Selection::parse_args(kb, &args).ok()?.areas;
    }
    session::save(path, &areas, &plan, "2026-12-01T10:00:00Z").ok()?;
    Some(())
}
