//! Exercise figures drawn from data: a friendly rounded human figure posed by joint angles
//! (`data/figures.toml`), resting on the floor or the props the exercise names, drawn through the
//! same display list as the body map (so egui paints it and SVG writes it).
//!
//! - [`model`]: proportions, joint angles and forward kinematics (pure).
//! - [`animate`]: the looping timeline over the key poses and the blended poses between them.
//! - [`pose`]: the data records, body points, props and placing a pose on its support.
//! - [`validate`]: angle ranges, no floating, no limb through a prop, sides, exercise ids.
//! - [`render`]: a placed figure as one [`render::FigurePicture`] per key pose.
//! - [`sheet`]: every figure's poses on one contact sheet (SVG, PNG).
//!
//! The built-in `figures.toml` is embedded ([`crate::knowledge::BUILTIN_FIGURES`]); a clinic
//! pack's `figures.toml` adds figures for its exercises or replaces built-in ones by id.

pub mod animate;
pub mod model;
pub mod pose;
pub mod render;
pub mod sheet;
pub mod validate;

use std::path::Path;

use crate::knowledge::load::{Located, SourceText, parse_records, read_path};
use crate::knowledge::{DataError, FIGURES_FILE, KnowledgeBase};
pub use pose::{FigureRecord, PlacedFigure};
pub use render::{FIGURE_STYLE, FigurePicture, FigureStyle};

/// One exercise's figure, validated and placed.
#[derive(Clone, Debug)]
pub struct Figure {
    pub record: FigureRecord,
    /// The poses in place (empty for a `no_figure` record).
    pub placed: PlacedFigure,
}

impl Figure {
    /// Why the exercise has no figure, when it has none on purpose.
    pub fn no_figure(&self) -> Option<&str> {
        self.record.no_figure.as_deref()
    }

    /// One picture per key pose, in order.
    pub fn pictures(&self, style: &FigureStyle) -> Vec<FigurePicture> {
        render::pictures(&self.record, &self.placed, style)
    }

    /// [`Figure::pictures`] for the screen only, without their SVG text.
    pub fn screen_pictures(&self, style: &FigureStyle) -> Vec<FigurePicture> {
        render::screen_pictures(&self.record, &self.placed, style)
    }
}

/// Every figure of the loaded data, by exercise id.
#[derive(Clone, Debug, Default)]
pub struct FigureSet {
    pub figures: Vec<Figure>,
}

impl FigureSet {
    /// The embedded figures, validated against `kb`.
    pub fn builtin(kb: &KnowledgeBase) -> Result<FigureSet, Vec<DataError>> {
        FigureSet::from_texts(kb, vec![builtin_text()])
    }

    /// The embedded figures overlaid with `pack`'s `figures.toml`, when the pack has one.
    pub fn load(kb: &KnowledgeBase, pack: Option<&Path>) -> Result<FigureSet, Vec<DataError>> {
        let mut texts = vec![builtin_text()];
        if let Some(dir) = pack {
            let path = dir.join(FIGURES_FILE);
            if path.exists() {
                texts.push(read_path(&path).map_err(|e| vec![e])?);
            }
        }
        FigureSet::from_texts(kb, texts)
    }

    /// Parses the texts in order (later ones replace earlier figures of the same exercise),
    /// validates them and places every pose; every error found.
    pub fn from_texts(kb: &KnowledgeBase, texts: Vec<SourceText>) -> Result<FigureSet, Vec<DataError>> {
        let mut errors = Vec::new();
        let mut records: Vec<Located<FigureRecord>> = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let (parsed, mut errs) = parse_records::<FigureRecord>(text, index, "figure");
            errors.append(&mut errs);
            // A later file's figure replaces an earlier file's figure of the same exercise.
            let earlier = records.len();
            for record in parsed {
                match records[..earlier].iter().position(|r| r.value.id == record.value.id) {
                    Some(at) => records[at] = record,
                    None => records.push(record),
                }
            }
        }
        errors.extend(validate::validate(&records, &texts, kb));
        if !errors.is_empty() {
            return Err(errors);
        }
        let figures = records
            .into_iter()
            .map(|r| {
                // Validated: placing cannot fail; an empty placement is drawn as nothing.
                let placed = pose::place(&r.value).unwrap_or_default();
                Figure { record: r.value, placed }
            })
            .collect();
        Ok(FigureSet { figures })
    }

    /// The figure of an exercise.
    pub fn get(&self, exercise_id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.record.id == exercise_id)
    }
}

fn builtin_text() -> SourceText {
    SourceText { name: format!("data/{FIGURES_FILE}"), text: crate::knowledge::BUILTIN_FIGURES.to_string() }
}
