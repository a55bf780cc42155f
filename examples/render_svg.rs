//! Writes SVG renders of the body map for looking at while editing `assets/body_map.toml`.
//!
//! `cargo run --example render_svg -- [OUT_DIR] [--map PATH]`: with `--map` the TOML is read at
//! run time (no rebuild needed while iterating on the data); otherwise the embedded asset.

use sciatica_explorer::geometry::{BodyMap, Layers, PiriformisVariant, SkinMap, SvgOptions};
use sciatica_explorer::knowledge::{Side, View};
use sciatica_explorer::pathway::Highlight;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut out_dir = String::from("/tmp");
    let mut map_path: Option<String> = None;
    while let Some(a) = args.next() {
        if a == "--map" {
            map_path = args.next();
        } else {
            out_dir = a;
        }
    }
    let map = match &map_path {
        Some(p) => {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {p}: {e}"));
            let vocabulary = match sciatica_explorer::knowledge::KnowledgeBase::builtin() {
                Ok(kb) => sciatica_explorer::geometry::Vocabulary::from_knowledge(&kb),
                Err(e) => panic!("built-in knowledge invalid: {e:?}"),
            };
            BodyMap::from_toml_str(p, &text, &vocabulary)
        }
        None => BodyMap::builtin(),
    };
    let map = match map {
        Ok(m) => m,
        Err(errs) => {
            for e in errs {
                eprintln!("{e}");
            }
            std::process::exit(1);
        }
    };
    let all = Layers { skin: SkinMap::None, ..Layers::default() };
    let bare = Layers { bones: false, muscles: false, nerves: false, labels: false, ..all };
    // (file suffix, layers, selected areas, highlighted nerves, piriformis variant)
    type Render = (&'static str, Layers, Vec<(String, Side, Option<u8>)>, Vec<String>, PiriformisVariant);
    let renders: Vec<Render> = vec![
        ("anatomy", all, vec![], vec![], PiriformisVariant::Below),
        (
            "divided_through",
            Layers { labels: false, ..all },
            vec![],
            vec!["sciatic".into()],
            PiriformisVariant::DividedThrough,
        ),
        (
            "divided_above",
            Layers { labels: false, ..all },
            vec![],
            vec!["sciatic".into()],
            PiriformisVariant::DividedAbove,
        ),
        ("dermatomes", Layers { skin: SkinMap::Dermatomes, ..bare }, vec![], vec![], PiriformisVariant::Below),
        ("cutaneous", Layers { skin: SkinMap::Cutaneous, ..bare }, vec![], vec![], PiriformisVariant::Below),
        (
            "areas",
            Layers { nerves: true, ..bare },
            vec![
                ("buttock".into(), Side::Left, None),
                ("lateral_foot".into(), Side::Left, None),
                ("sacrum".into(), Side::Midline, None),
                ("lateral_thigh".into(), Side::Right, None),
                ("big_toe".into(), Side::Right, None),
            ],
            vec!["common_fibular".into()],
            PiriformisVariant::Below,
        ),
    ];
    for view in [View::Posterior, View::Anterior] {
        let vname = if view == View::Posterior { "posterior" } else { "anterior" };
        for (name, layers, selected, hi, variant) in &renders {
            let opts = SvgOptions {
                layers: *layers,
                selected_areas: selected.clone(),
                highlight: Highlight { nerves: hi.iter().cloned().collect(), ..Highlight::default() },
                variant: *variant,
                ..SvgOptions::default()
            };
            let path = format!("{out_dir}/{vname}-{name}.svg");
            if let Err(e) = std::fs::write(&path, map.to_svg(view, &opts)) {
                eprintln!("writing {path}: {e}");
            }
        }
    }
}
