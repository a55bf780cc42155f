//! The printable patient handout: one self-contained HTML page with the marked areas on the body
//! map, the chosen exercises, the clinician's notes and when to seek care.
//!
//! The page loads nothing and runs nothing: styles are inline, the drawing is inline SVG, and a
//! Content-Security-Policy forbids scripts in case a hostile string ever slipped past escaping.
//! Every string that comes from the user or from a data file (a clinic pack can supply the
//! knowledge too) goes through [`html_escape`]. Red flags come from the look-up only.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::figures::render::hatch_pattern;
use crate::figures::{FIGURE_STYLE, FigureSet};
use crate::geometry::{BodyMap, Layers, PALETTE, PiriformisVariant, SvgOptions};
use crate::knowledge::{KnowledgeBase, RedFlag, Urgency, View};
use crate::lookup::{AreaRef, LookupResult, NoteKind, SelectedArea};
use crate::report::{dosage_text, urgency_label};
use crate::session::{Plan, PlannedExercise};
use crate::text::{cite_ids, extend_unique, html_escape as esc};

/// How the handout is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoutOptions {
    /// The date printed on the page (`YYYY-MM-DD`).
    pub date: String,
    /// Which course of the sciatic nerve past the piriformis the drawing shows.
    pub variant: PiriformisVariant,
}

impl Default for HandoutOptions {
    /// Today's date (UTC) and the usual course of the nerve.
    fn default() -> Self {
        HandoutOptions { date: crate::text::today(), variant: PiriformisVariant::Below }
    }
}

/// Print styles. The content is at most 180 mm wide, which fits inside the 14 mm margins of both
/// A4 (210 mm) and Letter (216 mm); nothing relies on a page height, so either paper works.
const STYLE: &str = r#"
@page { size: auto; margin: 14mm; }
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Helvetica, Arial, sans-serif; color: #555; } }
* { box-sizing: border-box; }
html { background: #fff; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 180mm; padding: 12mm 0 16mm; font: 10.5pt/1.4 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
h1, h2, h3, h4 { line-height: 1.2; margin: 0; }
h1 { font-size: 20pt; font-weight: 700; letter-spacing: -0.01em; }
h2 { font-size: 13pt; margin: 6mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #1d4f5c; color: #1d4f5c; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; }
h4 { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.06em; color: #444; margin: 0 0 1mm; }
p { margin: 0 0 2mm; }
ul, ol { margin: 0 0 2mm; padding-left: 6mm; }
li { margin: 0 0 0.5mm; }
.masthead { display: flex; justify-content: space-between; align-items: flex-end; gap: 6mm; border-bottom: 3pt solid #1d4f5c; padding-bottom: 3mm; }
.masthead .kicker { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.12em; color: #1d4f5c; font-weight: 700; margin-bottom: 1mm; }
.masthead dl { display: grid; grid-template-columns: auto auto; gap: 0.5mm 3mm; margin: 0; font-size: 10.5pt; text-align: left; }
.masthead dt { color: #555; }
.masthead dd { margin: 0; font-weight: 700; }
.overview { display: flex; gap: 6mm; align-items: flex-start; margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.maps { flex: 0 0 auto; display: flex; gap: 3mm; }
.maps figure { margin: 0; width: 40mm; text-align: center; }
.maps figure svg { display: block; width: 100%; height: auto; border: 0.75pt solid #ccc; border-radius: 2mm; }
.maps figcaption { font-size: 8.5pt; color: #444; margin-top: 1mm; line-height: 1.25; }
.where { flex: 1 1 auto; min-width: 0; }
.where h2 { margin-top: 0; }
ol.areas { list-style: none; padding: 0; }
ol.areas li { display: flex; align-items: baseline; gap: 2.5mm; margin-bottom: 1.2mm; }
.pin { display: inline-block; flex: 0 0 auto; min-width: 5.2mm; height: 5.2mm; line-height: 5.2mm; border-radius: 50%; background: #c62828; color: #fff; font-size: 8.5pt; font-weight: 700; text-align: center; }
.level { color: #444; }
.alert { border: 2pt solid #b71c1c; border-radius: 2mm; padding: 3mm 4mm; margin: 4mm 0 0; break-inside: avoid; page-break-inside: avoid; }
.where .alert h2 { border: 0; color: #b71c1c; margin: 0 0 2mm; padding: 0; font-size: 12pt; }
.alert.soon { border-color: #8a5a00; }
.where .alert.soon h2 { color: #8a5a00; }
.flag { margin-bottom: 2mm; }
.flag:last-child { margin-bottom: 0; }
.tag { display: inline-block; font-size: 8pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; padding: 0.2mm 1.5mm; border: 1pt solid currentColor; border-radius: 1mm; margin-right: 1.5mm; vertical-align: 0.15em; }
.tag.emergency { color: #b71c1c; }
.tag.soon { color: #8a5a00; }
.advice { font-weight: 700; }
.because { font-size: 9.5pt; color: #444; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.exercise { border: 0.75pt solid #bbb; border-radius: 2mm; padding: 3mm 4mm 2.5mm; margin: 0 0 3.5mm; break-inside: avoid; page-break-inside: avoid; }
.exercise h3 { display: flex; align-items: baseline; gap: 2.5mm; margin-bottom: 1.5mm; }
.exercise h3 .n { flex: 0 0 auto; font-size: 10pt; color: #fff; background: #1d4f5c; border-radius: 1mm; padding: 0.3mm 1.6mm; }
.summary { font-style: italic; color: #333; margin-bottom: 1.5mm; }
.poses { display: flex; gap: 3mm; margin: 0 0 2mm; }
.poses figure { flex: 0 1 calc((100% - 6mm) / 3); margin: 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.poses svg { display: block; width: 100%; height: 32mm; border: 0.75pt solid #ccc; border-radius: 1.5mm; }
.poses figcaption { font-size: 8.5pt; color: #333; margin-top: 0.8mm; line-height: 1.2; }
.poses figure:first-child figcaption, .poses figure:last-child figcaption { font-weight: 700; }
.cols { display: flex; gap: 5mm; align-items: flex-start; }
.cols ol.steps { flex: 1 1 auto; }
.dose { flex: 0 0 52mm; border-left: 2pt solid #1d4f5c; padding: 0.5mm 0 0.5mm 3mm; font-size: 10.5pt; }
.dose p { margin-bottom: 1.2mm; }
.dose .mine { font-weight: 700; font-size: 11pt; }
.src { font-size: 8.5pt; color: #555; white-space: nowrap; }
.pnote { border-left: 2pt solid #c62828; padding-left: 3mm; margin: 1mm 0 2mm; white-space: pre-wrap; }
.cautions ul { margin-bottom: 1mm; }
.cites { font-size: 9pt; color: #444; margin: 1.5mm 0 0; }
.missing { color: #555; font-style: italic; }
.overview.with-progress { break-inside: auto; page-break-inside: auto; }
.maps figure { break-inside: avoid; page-break-inside: avoid; }
.where .progress h2 { margin-top: 5mm; }
.progress svg.chart { display: block; width: 100%; height: auto; margin: 0 0 2mm; }
.progress ul.changes { margin-bottom: 1.5mm; }
.progress .verdict { border-left: 2pt solid #888; padding-left: 3mm; }
.progress .verdict.better { border-left-color: #2e7d32; }
.progress .verdict.worse { border-left-color: #b71c1c; font-weight: 700; }
.notes { white-space: pre-wrap; border: 0.75pt solid #bbb; border-radius: 2mm; padding: 3mm 4mm; break-inside: avoid; page-break-inside: avoid; }
.care p.intro { margin-bottom: 2mm; }
.care h3 { font-size: 11pt; margin: 3mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
.care h3.emergency { color: #b71c1c; }
.care h3.soon { color: #8a5a00; }
.care ul { list-style: none; padding: 0; columns: 2; column-gap: 6mm; }
.care li { border-left: 2pt solid #8a5a00; padding-left: 2.5mm; margin-bottom: 2.5mm; break-inside: avoid; page-break-inside: avoid; }
.care li p { margin: 0; }
.care li .sign { font-weight: 700; }
.care li .todo { color: #222; }
.care .grading { color: #555; font-size: 9pt; font-style: italic; margin: 0 0 2mm; }
.plan .onhold { color: #a40000; font-weight: bold; border: 1.5pt solid #a40000; padding: 2mm 3mm; }
.care li.emergency { border-left-color: #b71c1c; }
.care li.raised { border-left-width: 4pt; }
.disclaimer { margin-top: 7mm; padding: 3mm 4mm; border: 0.75pt solid #bbb; border-radius: 2mm; font-size: 10.5pt; break-inside: avoid; page-break-inside: avoid; }
ol.sources { font-size: 9pt; padding-left: 0; list-style: none; }
ol.sources li { margin-bottom: 1mm; }
ol.sources .id { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #555; }
@media screen {
  html { background: #e9ecef; }
  body { background: #fff; padding: 14mm 15mm 16mm; max-width: 210mm; margin: 8mm auto; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
}
@media screen and (max-width: 640px) {
  body { padding: 6mm; margin: 0; }
  .overview, .cols, .masthead { flex-direction: column; }
  .dose { flex-basis: auto; }
}
@media print {
  body { padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
"#;

/// The handout as a complete HTML5 document. `areas` are the marked pain areas; the plan holds
/// the patient label, the chosen exercises (printed in plan order) and the clinician's notes.
/// The exercises' pictures are the built-in figures (embedded, nothing is read); see
/// [`handout_html_with_figures`] for a clinic pack's.
pub fn handout_html(
    kb: &KnowledgeBase,
    map: &BodyMap,
    areas: &[SelectedArea],
    plan: &Plan,
    options: &HandoutOptions,
) -> String {
    // Built-in figures that do not fit this content (a pack that removed an exercise) leave the
    // handout without pictures rather than without a plan.
    let figures = FigureSet::builtin(kb).unwrap_or_default();
    handout_html_with_figures(kb, map, areas, plan, options, &figures)
}

/// [`handout_html`] with the exercises' key poses taken from `figures` (a clinic pack's, say).
pub fn handout_html_with_figures(
    kb: &KnowledgeBase,
    map: &BodyMap,
    areas: &[SelectedArea],
    plan: &Plan,
    options: &HandoutOptions,
    figures: &FigureSet,
) -> String {
    let result = crate::report::visit_lookup(kb, areas, &plan.red_flags);
    let shown = shown_areas(&result, areas);
    let mut cited = CitedSources::default();
    let mut s = String::with_capacity(256 * 1024);

    head(&mut s, plan, options);
    masthead(&mut s, plan, options);
    // The drawing beside the list of areas it numbers, and the flags those areas raise.
    // With progress beside the drawing the column may outgrow the page: it may then break (the
    // drawing and the chart each stay whole) rather than leave the first page empty.
    let overview = if plan.current_index() > 0 { "overview with-progress" } else { "overview" };
    let _ = writeln!(s, "<section class=\"{overview}\">\n<div class=\"maps\">");
    for view in views_for(map, &shown) {
        s.push_str(&figure(map, view, &shown, options.variant));
    }
    s.push_str("</div>\n<div class=\"where\">\n");
    where_it_hurts(&mut s, &shown);
    raised_flags(&mut s, &result, &mut cited);
    // Beside the drawing too, in the room its height leaves.
    progress_section(&mut s, kb, areas, plan, options, &mut cited);
    s.push_str("</div>\n</section>\n");
    clinician_notes(&mut s, plan);
    exercises(&mut s, kb, figures, plan, &result, &mut cited);
    seek_care(&mut s, kb, &result, &mut cited);
    disclaimer(&mut s, &result, &mut cited);
    sources_list(&mut s, kb, &cited);
    let _ = writeln!(
        s,
        "<footer>Made with Sciatica Explorer {} on {}.</footer>\n</body>\n</html>",
        esc(env!("CARGO_PKG_VERSION")),
        esc(&options.date)
    );
    s
}

/// The document head: the title (patient and date), a policy that forbids scripts, the styles.
fn head(s: &mut String, plan: &Plan, options: &HandoutOptions) {
    let patient = plan.patient.trim();
    let title = if patient.is_empty() {
        format!("Exercise plan — {}", options.date)
    } else {
        format!("Exercise plan for {patient} — {}", options.date)
    };
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>{}</title>", esc(&title));
    let _ = writeln!(s, "<style>{STYLE}</style>\n</head>\n<body>");
}

/// The header: what this is, for whom, when.
fn masthead(s: &mut String, plan: &Plan, options: &HandoutOptions) {
    let patient = plan.patient.trim();
    s.push_str("<header class=\"masthead\">\n<div>\n<div class=\"kicker\">Patient handout</div>\n");
    s.push_str("<h1>Your sciatica exercise plan</h1>\n</div>\n<dl>\n");
    if !patient.is_empty() {
        let _ = writeln!(s, "<dt>Patient</dt><dd>{}</dd>", esc(patient));
    }
    let _ = writeln!(s, "<dt>Date</dt><dd>{}</dd>", esc(&options.date));
    let _ = writeln!(s, "<dt>Exercises</dt><dd>{}</dd>", plan.exercises.len());
    s.push_str("</dl>\n</header>\n");
}

/// The marked areas, numbered as on the drawing, with their pain levels.
fn where_it_hurts(s: &mut String, shown: &[ShownArea]) {
    s.push_str("<h2>Where it hurts</h2>\n");
    if shown.is_empty() {
        s.push_str("<p class=\"missing\">No pain areas were marked.</p>\n");
        return;
    }
    s.push_str("<ol class=\"areas\">\n");
    for (n, area) in shown.iter().enumerate() {
        let mut level = area.intensity.map_or(String::new(), |i| format!(" <span class=\"level\">— {i}/10</span>"));
        if area.numb {
            level.push_str(" <span class=\"level\">— numb or tingling</span>");
        }
        let _ = writeln!(s, "<li><span class=\"pin\">{}</span><span>{}{level}</span></li>", n + 1, esc(&area.label));
    }
    s.push_str("</ol>\n");
    s.push_str(
        "<p class=\"because\">The numbered areas on the drawing are the ones you marked. Pain levels are from 0 \
         (none) to 10 (the worst imaginable).</p>\n",
    );
}

/// The flags the marked areas (or the patient's "yes" when asked) raise, beside the drawing: before anything a patient might act on,
/// and in the room the tall drawing leaves.
fn raised_flags(s: &mut String, result: &LookupResult, cited: &mut CitedSources) {
    if result.red_flags.is_empty() {
        return;
    }
    let emergency = result.most_urgent() == Some(Urgency::Emergency);
    let _ = writeln!(s, "<div class=\"alert{}\">", if emergency { "" } else { " soon" });
    let _ = writeln!(s, "<h2>Raised by {}</h2>", crate::report::raised_by_words(result, true));
    if let Some(note) = result.note(NoteKind::SeekCareFirst) {
        let _ = writeln!(s, "<p class=\"advice\">{}</p>", esc(&note.text));
        cited.add_ids(&note.sources);
    }
    for flag in &result.red_flags {
        let _ = writeln!(
            s,
            "<div class=\"flag\"><p>{} {}</p><p class=\"advice\">{}</p><p class=\"because\">Why this is shown: {}</p></div>",
            urgency_tag(flag.urgency),
            esc(&flag.text),
            esc(&flag.advice),
            esc(&flag.because)
        );
    }
    s.push_str("</div>\n");
}

/// "Your progress", from the second visit on: a small chart of the worst and average pain at
/// each visit up to this one, what changed since the last visit and where the pain is heading
/// (see [`crate::progress`]). Nothing at a first visit.
fn progress_section(
    s: &mut String,
    kb: &KnowledgeBase,
    areas: &[SelectedArea],
    plan: &Plan,
    options: &HandoutOptions,
    cited: &mut CitedSources,
) {
    use crate::progress;
    let visits = plan.visits_so_far(areas, &options.date);
    let [.., last_visit, this_visit] = visits.as_slice() else { return };
    let summaries = progress::summaries(kb, None, &visits);
    let verdict = progress::verdict(kb, &summaries);
    s.push_str("<section class=\"progress\">\n<div class=\"keep\">\n<h2>Your progress</h2>\n");
    s.push_str(&progress_chart(&summaries));
    s.push_str("</div>\n");
    let _ = writeln!(
        s,
        "<h4>Since your last visit ({})</h4>\n<ul class=\"changes\">",
        esc(&progress::day_month(&last_visit.date, &this_visit.date))
    );
    for line in progress::change_lines(kb, last_visit, this_visit) {
        let _ = writeln!(s, "<li>{}</li>", esc(&line));
    }
    s.push_str("</ul>\n");
    let class = match verdict.trend {
        progress::Trend::Peripheralising => " worse",
        progress::Trend::Centralising => " better",
        _ => "",
    };
    let _ = writeln!(s, "<p class=\"verdict{class}\">{}</p>", esc(&verdict.sentence));
    cited.add(progress::CENTRALISATION_SOURCE);
    s.push_str("</section>\n");
}

/// A small inline SVG line chart of the worst and the average pain (0 to 10) at each visit, with
/// the dates under it (at most eight, evenly spread, so they never overlap). A visit without a
/// rated area has no point. Every text is escaped; the chart has no script or link.
fn progress_chart(summaries: &[crate::progress::VisitSummary]) -> String {
    const WIDTH: f32 = 520.0;
    const HEIGHT: f32 = 200.0;
    const LEFT: f32 = 44.0;
    const RIGHT: f32 = 16.0;
    const TOP: f32 = 14.0;
    const BOTTOM: f32 = 48.0;
    let n = summaries.len();
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| if n <= 1 { LEFT + plot_w / 2.0 } else { LEFT + plot_w * i as f32 / (n - 1) as f32 };
    let y = |level: f32| TOP + plot_h * (1.0 - level / 10.0);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Worst and average pain at each visit" font-family="Helvetica, Arial, sans-serif" font-size="12">"#
    );
    svg.push_str("<title>Worst and average pain at each visit (0 = none, 10 = worst imaginable)</title>\n");
    for level in [0u8, 5, 10] {
        let ly = y(f32::from(level));
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="#cccccc" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555555">{level}/10</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            ly + 4.0
        );
    }
    // Dates under the points: every `step`-th, `step` chosen so that the widest date ("23 Mar
    // 2026", about 6.6 units a character at this size) fits between two, the first starting at
    // its point and the last ending at its own (half a label more); and the last, with a full
    // step before it so they never meet. The year is said on the first date and where it changes.
    let widest = "23 Mar 2026".len() as f32 * 6.6 + 10.0;
    let spacing = if n > 1 { plot_w / (n - 1) as f32 } else { plot_w };
    let step = ((widest * 1.5 / spacing).ceil() as usize).max(1);
    let mut year_shown = String::new();
    for (i, summary) in summaries.iter().enumerate() {
        if (i % step == 0 && n - 1 - i >= step) || i + 1 == n {
            let label = crate::progress::day_month(&summary.date, &year_shown);
            year_shown = summary.date.chars().take(4).collect();
            let anchor = match i {
                0 if n > 1 => "start",
                _ if i + 1 == n && n > 1 => "end",
                _ => "middle",
            };
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="#333333">{}</text>"##,
                x(i),
                HEIGHT - BOTTOM + 22.0,
                esc(&label)
            );
        }
    }
    /// A line of the chart: its name, colour, dash attribute and points (visit index, level).
    type Series<'a> = (&'a str, &'a str, &'a str, Vec<(usize, f32)>);
    let series: [Series; 2] = [
        (
            "Worst pain",
            "#c62828",
            "",
            summaries.iter().enumerate().filter_map(|(i, s)| s.worst.map(|w| (i, f32::from(w)))).collect(),
        ),
        (
            "Average pain",
            "#1d4f5c",
            r#" stroke-dasharray="6 4""#,
            summaries.iter().enumerate().filter_map(|(i, s)| s.mean.map(|m| (i, m as f32))).collect(),
        ),
    ];
    for (name, colour, dash, points) in &series {
        let path: Vec<String> = points.iter().map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v))).collect();
        let _ = writeln!(
            svg,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash} points="{}"><title>{}</title></polyline>"#,
            path.join(" "),
            esc(name)
        );
        for &(i, v) in points {
            let _ = writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{colour}"/>"#, x(i), y(v));
        }
    }
    // The legend, under the dates.
    let ly = HEIGHT - 8.0;
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#c62828" stroke-width="2.5"/><text x="{:.1}" y="{:.1}" fill="#333333">Worst pain</text><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1d4f5c" stroke-width="2.5" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" fill="#333333">Average pain</text>"##,
        ly - 4.0,
        LEFT + 24.0,
        ly - 4.0,
        LEFT + 30.0,
        ly,
        LEFT + 130.0,
        ly - 4.0,
        LEFT + 154.0,
        ly - 4.0,
        LEFT + 160.0,
        ly
    );
    svg.push_str("</svg>\n");
    svg
}

/// What the clinician wrote for this patient, before the exercises: it matters most.
/// `white-space: pre-wrap` keeps its line breaks without any markup in them.
fn clinician_notes(s: &mut String, plan: &Plan) {
    if plan.notes.trim().is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<section>\n<h2>Notes from your clinician</h2>\n<div class=\"notes\">{}</div>\n</section>",
        esc(plan.notes.trim_end())
    );
}

/// The exercises, in the clinician's order. The heading, its advice and the first card are kept
/// on one page (`break-after: avoid` alone does not hold them together in every browser).
fn exercises(
    s: &mut String,
    kb: &KnowledgeBase,
    figures: &FigureSet,
    plan: &Plan,
    result: &LookupResult,
    cited: &mut CitedSources,
) {
    s.push_str("<section class=\"plan\">\n<div class=\"keep\">\n<h2>Your exercises</h2>\n");
    // The hatch every exercise picture lays over its tinted part, defined once for the page.
    if plan.exercises.iter().any(|p| figures.get(&p.id).is_some_and(|f| f.no_figure().is_none())) {
        let _ = writeln!(
            s,
            "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>{}</defs></svg>",
            hatch_pattern(FIGURE_HATCH)
        );
    }
    if result.exercises_withheld.is_some() && !plan.exercises.is_empty() {
        // The emergency comes before the plan: said again where a patient starts reading it.
        let _ = writeln!(s, "<p class=\"onhold\">{}</p>", esc(crate::report::PLAN_ON_HOLD));
    }
    if plan.exercises.is_empty() {
        s.push_str("<p class=\"missing\">No exercises were chosen at this visit.</p>\n");
    } else {
        s.push_str(
            "<p>Move slowly and breathe normally. A gentle stretch is fine; stop if pain, tingling or numbness \
             spreads further down the leg or gets worse, and tell your clinician.</p>\n",
        );
    }
    for (n, planned) in plan.exercises.iter().enumerate() {
        exercise_card(s, kb, figures, n + 1, planned, cited);
        if n == 0 {
            s.push_str("</div>\n");
        }
    }
    if plan.exercises.is_empty() {
        s.push_str("</div>\n");
    }
    s.push_str("</section>\n");
}

/// Education, not a diagnosis: the look-up's own note, which every result carries.
fn disclaimer(s: &mut String, result: &LookupResult, cited: &mut CitedSources) {
    s.push_str("<section class=\"disclaimer\">\n<h4>About this handout</h4>\n");
    match result.note(NoteKind::Education) {
        Some(note) => {
            let _ = writeln!(s, "<p>{}</p>", esc(&note.text));
            cited.add_ids(&note.sources);
        }
        None => s.push_str("<p>This is education, not a diagnosis.</p>\n"),
    }
    s.push_str(
        "<p>It supports your clinician's advice and does not replace it. The exercise descriptions are \
         summaries of published patient-education articles, listed below.</p>\n</section>\n",
    );
}

/// A marked area as the handout lists it: its place on the drawing, label and pain level.
struct ShownArea {
    area: AreaRef,
    label: String,
    intensity: Option<u8>,
    numb: bool,
}

/// The areas as the look-up understood them (duplicates merged, unknown ones dropped), so the
/// handout numbers exactly what the flags were computed from.
fn shown_areas(result: &LookupResult, areas: &[SelectedArea]) -> Vec<ShownArea> {
    result
        .areas
        .iter()
        .filter_map(|summary| {
            let selected = areas.iter().find(|a| a.area.key() == summary.id)?;
            Some(ShownArea {
                area: selected.area.clone(),
                label: summary.label.clone(),
                intensity: summary.intensity,
                numb: summary.numb,
            })
        })
        .collect()
}

/// The back view always (where sciatic pain mostly is); the front view too when a marked area is
/// drawn on it.
fn views_for(map: &BodyMap, shown: &[ShownArea]) -> Vec<View> {
    let front = map.view(View::Anterior);
    let mut views = vec![View::Posterior];
    if shown.iter().any(|a| front.area(&a.area.base, a.area.side).is_some()) {
        views.push(View::Anterior);
    }
    views
}

/// One view as an inline `<figure>`: skin, pain areas and nerves only (bones and muscles make a
/// busy picture once printed small), cropped to the body and numbered like the list.
fn figure(map: &BodyMap, view: View, shown: &[ShownArea], variant: PiriformisVariant) -> String {
    let vm = map.view(view);
    let options = SvgOptions {
        layers: Layers::HANDOUT,
        selected_areas: shown.iter().map(|a| (a.area.base.clone(), a.area.side, None)).collect(),
        variant,
        width_px: None,
        palette: PALETTE,
        ..SvgOptions::default()
    };
    let prefix = match view {
        View::Posterior => "back",
        View::Anterior => "front",
    };
    let svg = inline_svg(&map.to_svg(view, &options), prefix);

    // Crop to the body with a little room for the numbers at its edge.
    let b = vm.body_bounds();
    let pad = 24.0;
    let (x, y) = ((b.min.x - pad).max(0.0), (b.min.y - pad).max(0.0));
    let (w, h) = ((b.max.x + pad).min(vm.size.x) - x, (b.max.y + pad).min(vm.size.y) - y);
    let svg = set_view_box(&svg, &format!("{x:.0} {y:.0} {w:.0} {h:.0}"));

    let mut pins = String::from(
        "<g class=\"pins\" font-family=\"Helvetica, Arial, sans-serif\" font-weight=\"bold\" text-anchor=\"middle\">\n",
    );
    for (n, a) in shown.iter().enumerate() {
        if let Some(area) = vm.area(&a.area.base, a.area.side) {
            let _ = writeln!(
                pins,
                r##"<circle cx="{:.1}" cy="{:.1}" r="25" fill="{}" stroke="#ffffff" stroke-width="4"/><text x="{:.1}" y="{:.1}" font-size="30" fill="#ffffff">{}</text>"##,
                area.label.x,
                area.label.y,
                PALETTE.area_selected_stroke.hex(),
                area.label.x,
                area.label.y + 10.5,
                n + 1
            );
        }
    }
    pins.push_str("</g>\n");
    let svg = match svg.rfind("</svg>") {
        Some(end) => format!("{}{pins}{}", &svg[..end], &svg[end..]),
        None => svg,
    };
    let caption = match view {
        View::Posterior => "From behind: your left side is on the left.",
        View::Anterior => "From the front: your left side is on the right.",
    };
    format!("<figure>\n{svg}<figcaption>{caption}</figcaption>\n</figure>\n")
}

/// Makes a standalone SVG document fit to inline in a page: no XML prolog, and element ids
/// prefixed, because ids are global in an HTML page and the two views' clip paths and masks
/// would otherwise resolve to whichever view came first.
fn inline_svg(svg: &str, prefix: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..].replace("id=\"", &format!("id=\"{prefix}-")).replace("url(#", &format!("url(#{prefix}-"))
}

/// Replaces the root element's size with a view box, so the drawing scales to its box (CSS gives
/// it the width; the height follows the view box).
fn set_view_box(svg: &str, view_box: &str) -> String {
    let Some(end) = svg.find('>') else { return svg.to_string() };
    let mut tag = svg[..end].to_string();
    for attr in [" width=\"", " height=\"", " viewBox=\""] {
        if let Some(at) = tag.find(attr)
            && let Some(len) = tag[at + attr.len()..].find('"')
        {
            tag.replace_range(at..at + attr.len() + len + 1, "");
        }
    }
    format!("{tag} viewBox=\"{view_box}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\"{}", &svg[end..])
}

fn urgency_tag(urgency: Urgency) -> String {
    let class = match urgency {
        Urgency::Emergency => "emergency",
        Urgency::Soon => "soon",
    };
    format!("<span class=\"tag {class}\">{}</span>", esc(urgency_label(urgency)))
}

/// One exercise: name, summary, steps, dose, the patient's note, cautions and sources.
fn exercise_card(
    s: &mut String,
    kb: &KnowledgeBase,
    figures: &FigureSet,
    n: usize,
    planned: &PlannedExercise,
    cited: &mut CitedSources,
) {
    s.push_str("<article class=\"exercise\">\n");
    let Some(exercise) = kb.exercise(&planned.id) else {
        // A session saved with a clinic pack that is not loaded (or an exercise since removed): say
        // so, with its id, and keep the clinician's words, so the plan is not lost.
        let _ = writeln!(
            s,
            "<h3><span class=\"n\">{n}</span><span>An exercise not in the current content (id {})</span></h3>\n<p class=\"missing\">Its instructions are not in this app's content; ask your clinician for them.</p>",
            esc(&planned.id)
        );
        if let Some(dose) = planned.dosage.as_deref().filter(|d| !d.trim().is_empty()) {
            let _ = writeln!(s, "<p><strong>Your dose:</strong> {}</p>", esc(dose));
        }
        if !planned.note.trim().is_empty() {
            let _ = writeln!(s, "<p class=\"pnote\"><strong>Note for you:</strong> {}</p>", esc(planned.note.trim()));
        }
        s.push_str("</article>\n");
        return;
    };
    let _ = writeln!(s, "<h3><span class=\"n\">{n}</span><span>{}</span></h3>", esc(&exercise.name));
    let _ = writeln!(s, "<p class=\"summary\">{}</p>", esc(&exercise.summary));
    key_poses(s, figures, n, &exercise.name, &planned.id);
    s.push_str("<div class=\"cols\">\n<ol class=\"steps\">\n");
    for step in &exercise.steps {
        let _ = writeln!(s, "<li>{}</li>", esc(step));
    }
    s.push_str("</ol>\n<div class=\"dose\">\n");
    match planned.dosage.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(dose) => {
            let _ = writeln!(s, "<h4>Your dose</h4>\n<p class=\"mine\">{}</p>", esc(dose.trim()));
        }
        None if exercise.dosage.is_empty() => {
            s.push_str("<h4>Dose</h4>\n<p>As comfortable; your clinician will tell you how often.</p>\n");
        }
        None => {
            s.push_str("<h4>Dose in the articles</h4>\n");
            for dose in &exercise.dosage {
                let _ = writeln!(
                    s,
                    "<p>{} <span class=\"src\">[{}]</span></p>",
                    esc(&dosage_text(dose)),
                    esc(&crate::report::source_name(kb, &dose.source))
                );
                cited.add(&dose.source);
            }
        }
    }
    s.push_str("</div>\n</div>\n");
    if !planned.note.trim().is_empty() {
        let _ = writeln!(s, "<p class=\"pnote\"><strong>Note for you:</strong> {}</p>", esc(planned.note.trim()));
    }
    if !exercise.cautions.is_empty() {
        s.push_str("<div class=\"cautions\">\n<h4>Take care</h4>\n<ul>\n");
        for caution in exercise.cautions.iter() {
            let _ = writeln!(s, "<li>{}</li>", esc(caution));
        }
        s.push_str("</ul>\n</div>\n");
    }
    let ids = cite_ids(&exercise.cites);
    if !ids.is_empty() {
        // Short citations here; the full titles are in the sources list at the end.
        let _ = writeln!(s, "<p class=\"cites\">Sources: {}</p>", esc(&crate::lookup::short_citations(kb, &ids)));
        cited.add_ids(&ids);
    }
    s.push_str("</article>\n");
}

/// The id of the page's hatch pattern for the figures' tinted parts.
const FIGURE_HATCH: &str = "fig-tint-hatch";

/// The exercise's key poses in a row, start to end, each captioned; nothing for an exercise
/// without a figure (advice, or none drawn yet). Each picture's ids are prefixed with the card's
/// number and the pose's, so no two inline drawings share one. The pictures are compact SVG (the
/// shapes of each limb defined once and used for outline and fill, whole units), so a handout of
/// ten exercises stays small; the tinted part is hatched for black-and-white print.
fn key_poses(s: &mut String, figures: &FigureSet, n: usize, name: &str, id: &str) {
    let Some(figure) = figures.get(id).filter(|f| f.no_figure().is_none()) else { return };
    let pictures = figure.pictures(&FIGURE_STYLE);
    if pictures.is_empty() {
        return;
    }
    let last = pictures.len() - 1;
    s.push_str("<div class=\"poses\">\n");
    for (k, picture) in pictures.iter().enumerate() {
        let pose = picture.name.trim();
        let step = match k {
            0 => "Start",
            k if k == last => "End",
            _ => "Then",
        };
        // A pose named only "start" or "end" says nothing more than its step.
        let caption = if pose.is_empty() || pose.eq_ignore_ascii_case(step) {
            step.to_string()
        } else {
            format!("{step}: {pose}")
        };
        let title = format!("{name}, {} of {}: {pose}", k + 1, pictures.len());
        let _ = write!(
            s,
            "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" stroke-linecap=\"round\" stroke-linejoin=\"round\" font-family=\"Helvetica, Arial, sans-serif\">\n<title>{}</title>\n{}</svg><figcaption>{}</figcaption>\n</figure>\n",
            picture.view_box_attr(),
            esc(&title),
            picture.svg_content(&format!("ex{n}-pose{}", k + 1), Some(FIGURE_HATCH)),
            esc(&caption)
        );
    }
    s.push_str("</div>\n");
}

/// Every red flag of the knowledge base, emergency first; those the marked areas raise are
/// tagged. Always printed, even with no areas or exercises: most red flags (cancer, fever, bladder)
/// cannot be seen on a body map, so the patient has to know them.
fn seek_care(s: &mut String, kb: &KnowledgeBase, result: &LookupResult, cited: &mut CitedSources) {
    s.push_str("<section class=\"care\">\n<h2>When to seek care</h2>\n");
    s.push_str(
        "<p class=\"intro\">Exercises help most sciatic pain settle, but some signs need a clinician. \
         Keep this page and check it if anything changes.</p>\n",
    );
    let raised = |flag: &RedFlag| result.red_flags.iter().find(|hit| hit.id == flag.id);
    let mut grading_notes: Vec<Arc<str>> = Vec::new();
    for (urgency, heading) in [
        (Urgency::Emergency, "Get emergency care the same day if you have"),
        (Urgency::Soon, "See your doctor or physical therapist soon if"),
    ] {
        let flags: Vec<&RedFlag> = kb.red_flags.iter().filter(|f| f.urgency == urgency).collect();
        if flags.is_empty() {
            continue;
        }
        let class = match urgency {
            Urgency::Emergency => "emergency",
            Urgency::Soon => "soon",
        };
        let _ = writeln!(s, "<h3 class=\"{class}\">{heading}:</h3>\n<ul>");
        // Raised ones first within their group, so a patient reading down meets them first.
        let (hit, rest): (Vec<&RedFlag>, Vec<&RedFlag>) = flags.into_iter().partition(|f| raised(f).is_some());
        for flag in hit.into_iter().chain(rest) {
            let raised_tag = match raised(flag) {
                Some(hit) => format!(
                    "<span class=\"tag {class}\">Raised by {}</span>",
                    crate::report::raised_by_text(hit.raised_by, true)
                ),
                None => String::new(),
            };
            // A sign an article grades differently is starred; the note is said once, below the list.
            let star = match &flag.grading_note {
                Some(note) => {
                    if !grading_notes.contains(note) {
                        grading_notes.push(note.clone());
                    }
                    " *"
                }
                None => "",
            };
            let _ = writeln!(
                s,
                "<li class=\"{class}{}\"><p>{raised_tag}<span class=\"sign\">{}{star}</span></p><p class=\"todo\">{}</p></li>",
                if raised_tag.is_empty() { "" } else { " raised" },
                esc(&flag.text),
                esc(&flag.advice)
            );
            cited.add_ids(&cite_ids(&flag.cites));
        }
        s.push_str("</ul>\n");
        for note in grading_notes.drain(..) {
            let _ = writeln!(s, "<p class=\"grading\">* {}</p>", esc(&note));
        }
    }
    s.push_str("</section>\n");
}

/// The sources cited anywhere on the page, each with its title and author.
fn sources_list(s: &mut String, kb: &KnowledgeBase, cited: &CitedSources) {
    if cited.ids.is_empty() {
        return;
    }
    s.push_str("<section class=\"sources\">\n<h2>Sources</h2>\n<ol class=\"sources\">\n");
    for id in &cited.ids {
        match kb.source(id) {
            Some(source) => {
                let _ = writeln!(
                    s,
                    "<li><span class=\"id\">{}</span> — {}. {}.</li>",
                    esc(&source.short_citation()),
                    esc(&source.title),
                    esc(source.author.trim_end_matches('.'))
                );
            }
            None => {
                let _ = writeln!(s, "<li><span class=\"id\">an unlisted source</span></li>");
            }
        }
    }
    s.push_str("</ol>\n</section>\n");
}

/// Source ids in order of first citation, each once.
#[derive(Default)]
struct CitedSources {
    ids: Vec<String>,
}

impl CitedSources {
    fn add(&mut self, id: &str) {
        self.add_ids(&[id]);
    }

    fn add_ids<S: AsRef<str>>(&mut self, ids: &[S]) {
        extend_unique(&mut self.ids, ids.iter().map(|id| id.as_ref().to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_element_gets_a_view_box_and_loses_its_size() {
        let svg = r#"<svg xmlns="x" width="1000" height="1500" viewBox="0 0 1000 1500" stroke-linejoin="round"><rect width="5"/></svg>"#;
        let out = set_view_box(svg, "10 20 30 40");
        assert!(out.starts_with(r#"<svg xmlns="x" stroke-linejoin="round" viewBox="10 20 30 40""#), "{out}");
        assert!(out.contains(r#"<rect width="5"/>"#), "{out}");
    }

    #[test]
    fn ids_and_their_references_are_prefixed() {
        let out =
            inline_svg(r#"<?xml version="1.0"?><svg><clipPath id="body"/><g clip-path="url(#body)"/></svg>"#, "back");
        assert_eq!(out, r#"<svg><clipPath id="back-body"/><g clip-path="url(#back-body)"/></svg>"#);
    }
}
