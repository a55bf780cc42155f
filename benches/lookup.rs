//! Look-up speed for one, five and every area, and the time to load and validate the built-in pack
//! and the built-in drawing (parsed, flattened and triangulated once at start-up).
//!
//! Run with `cargo bench --bench lookup` (add `-- --quick` for a fast estimate).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::{SelectedArea, Selection, all_area_refs, lookup};

fn builtin() -> KnowledgeBase {
    match KnowledgeBase::builtin() {
        Ok(kb) => kb,
        Err(errors) => panic!("built-in pack is invalid: {errors:?}"),
    }
}

fn parse(kb: &KnowledgeBase, args: &[&str]) -> Selection {
    match Selection::parse_args(kb, args) {
        Ok(selection) => selection,
        Err(e) => panic!("bad benchmark selection: {e}"),
    }
}

fn bench_lookup(c: &mut Criterion) {
    let kb = builtin();
    let one = parse(&kb, &["left.lateral_foot"]);
    let five =
        parse(&kb, &["left.buttock", "left.posterior_thigh", "left.posterior_calf", "left.lateral_foot", "left.heel"]);
    let all = Selection {
        areas: all_area_refs(&kb).into_iter().map(|area| SelectedArea { area, intensity: None, numb: false }).collect(),
    };
    assert!(all.areas.len() >= 23);

    let mut group = c.benchmark_group("lookup");
    group.bench_function("1 area", |b| b.iter(|| lookup(black_box(&kb), black_box(&one))));
    group.bench_function("5 areas", |b| b.iter(|| lookup(black_box(&kb), black_box(&five))));
    group.bench_function(format!("all {} areas", all.areas.len()), |b| {
        b.iter(|| lookup(black_box(&kb), black_box(&all)))
    });
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    c.bench_function("load+validate built-in pack", |b| b.iter(KnowledgeBase::builtin));
    let kb = builtin();
    c.bench_function("load+validate built-in body map", |b| b.iter(|| BodyMap::for_knowledge(black_box(&kb))));
}

criterion_group!(benches, bench_lookup, bench_load);
criterion_main!(benches);
