//! A contact sheet: every exercise's key poses on one page, a row per exercise under its name,
//! written as one SVG (each pose a nested `<svg>` with its own view box) and rendered to PNG
//! with the same renderer as "Export drawing as PNG".

use std::fmt::Write;

use super::{FIGURE_STYLE, Figure};
use crate::knowledge::KnowledgeBase;

/// Height of a pose's picture on the sheet, in sheet units (pixels at width [`SHEET_WIDTH`]).
const POSE_HEIGHT: f32 = 150.0;
/// Width of one column of rows.
const COLUMN_WIDTH: f32 = 820.0;
/// Columns of rows side by side.
const COLUMNS: usize = 2;
const GAP: f32 = 10.0;
const LABEL: f32 = 26.0;
/// The sheet's width in its own units.
pub const SHEET_WIDTH: f32 = COLUMNS as f32 * COLUMN_WIDTH + (COLUMNS + 1) as f32 * GAP;

/// The contact sheet of `figures` (those without a figure on purpose are left out) as SVG.
pub fn contact_sheet_svg(kb: &KnowledgeBase, figures: &[&Figure]) -> String {
    let drawn: Vec<&Figure> = figures.iter().copied().filter(|f| f.no_figure().is_none()).collect();
    let rows = drawn.len().div_ceil(COLUMNS).max(1);
    let row_height = LABEL + POSE_HEIGHT + GAP;
    let height = rows as f32 * row_height + GAP;
    let mut s = String::with_capacity(drawn.len() * 12 * 1024);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{SHEET_WIDTH}\" height=\"{height}\" viewBox=\"0 0 {SHEET_WIDTH} {height}\" font-family=\"Helvetica, Arial, sans-serif\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n<title>Exercise figures: contact sheet</title>\n<rect width=\"{SHEET_WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    for (n, figure) in drawn.iter().enumerate() {
        let (column, row) = (n / rows, n % rows);
        let x0 = GAP + column as f32 * (COLUMN_WIDTH + GAP);
        let y0 = GAP + row as f32 * row_height;
        let name = kb.exercise(&figure.record.id).map_or(figure.record.id.as_str(), |e| &*e.name);
        let _ = writeln!(
            s,
            "<text x=\"{x0}\" y=\"{}\" font-size=\"17\" font-weight=\"700\" fill=\"#1e1e1e\">{}</text>",
            y0 + 18.0,
            crate::text::html_escape(name)
        );
        let pictures = figure.pictures(&FIGURE_STYLE);
        // Every pose of a figure shares its view box: one width for all, shrunk to fit the row.
        let Some(first) = pictures.first() else { continue };
        let aspect = first.view_box.width() / first.view_box.height().max(1.0);
        let count = pictures.len() as f32;
        let width = (POSE_HEIGHT * aspect).min((COLUMN_WIDTH - (count - 1.0) * GAP) / count);
        let height = (width / aspect).min(POSE_HEIGHT);
        for (k, picture) in pictures.iter().enumerate() {
            let x = x0 + k as f32 * (width + GAP);
            let y = y0 + LABEL;
            let _ = writeln!(
                s,
                "<rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"none\" stroke=\"#cccccc\" stroke-width=\"1\"/>\n<svg x=\"{x:.0}\" y=\"{y:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"{}\" preserveAspectRatio=\"xMidYMid meet\">\n{}</svg>",
                picture.view_box_attr(),
                picture.svg_content(&format!("s{n}p{k}"), None)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// The contact sheet rendered as PNG, `width` pixels wide.
pub fn contact_sheet_png(kb: &KnowledgeBase, figures: &[&Figure], width: u32) -> Result<Vec<u8>, String> {
    crate::export::drawing_png::svg_to_png(&contact_sheet_svg(kb, figures), width)
}
