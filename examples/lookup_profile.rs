//! Runs the five-area look-up of `benches/lookup.rs` many times, for a profiler's instruction
//! counts (repeatable on a busy machine, unlike wall time):
//! `valgrind --tool=callgrind target/release/examples/lookup_profile [RUNS]`.

use std::hint::black_box;

use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::{Selection, lookup};

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let Ok(kb) = KnowledgeBase::builtin() else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let areas = ["left.buttock", "left.posterior_thigh", "left.posterior_calf", "left.lateral_foot", "left.heel"];
    let selection = match Selection::parse_args(&kb, &areas) {
        Ok(selection) => selection,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let start = std::time::Instant::now();
    for _ in 0..runs {
        black_box(lookup(black_box(&kb), black_box(&selection)));
    }
    println!("{runs} look-ups of 5 areas: {:.1} µs each", start.elapsed().as_secs_f64() * 1e6 / runs as f64);
}
