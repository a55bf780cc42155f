//! Visits over time in the window: the visit on screen compared with an earlier one on the
//! drawing (the "Compare with" bar over the drawing, and its toggle in the Layers menu), and the
//! Progress window: whether the pain is moving towards the back or down the leg, said in plain
//! words with its source, what changed since the last visit, and the progress chart (worst and
//! mean pain, how much of the leg is marked, how far down the leg the pain reaches).
//!
//! Every sentence and number comes from [`crate::progress`] (pure, tested there): this file only
//! lays them out.

use std::sync::Arc;

use egui::{Color32, RichText};
use egui_plot::{AxisHints, GridInput, GridMark, HoverPosition, Legend, Line, LineStyle, Plot, Points};

use super::state::{Action, UiState};
use crate::geometry::BodyMap;
use crate::geometry::display::{ChangeTone, Comparison};
use crate::knowledge::{KnowledgeBase, Level};
use crate::lookup::SelectedArea;
use crate::progress::{self, AreaSizes, Trend, Verdict, VisitSummary};
use crate::session::OtherVisits;
use crate::session::Visit;

/// The earlier visit compared with the one on screen, with its index among all visits: none when
/// not comparing, or when the index no longer names an earlier visit (another file opened).
pub fn compared_visit(state: &UiState) -> Option<(usize, &Visit)> {
    let index = state.compare_with?;
    state.plan.earlier_visits().get(index).map(|visit| (index, visit))
}

/// What the drawing shows while comparing: the compared visit's areas as outlines and each
/// area's change against the visit on screen.
pub fn comparison(kb: &KnowledgeBase, state: &UiState) -> Option<Comparison> {
    let (_, earlier) = compared_visit(state)?;
    let now = Visit { areas: state.selection.clone(), ..Visit::default() };
    Some(progress::drawing_comparison(kb, earlier, &now))
}

impl super::ExplorerApp {
    /// Compares the visit on screen with the earlier visit `which` names (its number, 1 = the
    /// first, or its date), as `--compare-with` asks.
    pub fn compare_with_visit(&mut self, which: &str) -> Result<(), String> {
        let dates: Vec<String> = self.ui_state.plan.earlier_visits().iter().map(|v| v.date.clone()).collect();
        let index = progress::earlier_visit(&dates, which)?;
        self.apply(Action::CompareWith(Some(index)));
        Ok(())
    }
}

/// "Visit 2 · 17 Nov" (the year when it is not the year of `now`).
fn visit_name(index: usize, visit: &Visit, now: &str) -> String {
    format!("Visit {} · {}", index + 1, progress::day_month(&visit.date, now))
}

/// The accessible name of the "Compare with" choice (its visible text is the visit chosen).
pub const COMPARE_COMBO_NAME: &str = "Compare with an earlier visit";

/// The strip over the drawing while the patient has earlier visits: "Compare with: [visit]",
/// what the outlines and tags mean while comparing, and the button that opens the Progress
/// window. Nothing for a first visit.
pub fn compare_bar(ui: &mut egui::Ui, state: &UiState, actions: &mut Vec<Action>) {
    let earlier = state.plan.earlier_visits();
    if earlier.is_empty() {
        return;
    }
    let now = state.plan.visit_date.clone().unwrap_or_default();
    let compared = compared_visit(state);
    egui::Frame::new().inner_margin(egui::Margin::symmetric(10, 4)).show(ui, |ui| {
        // The controls first; the key after them wraps to a second row in a narrow window.
        ui.horizontal_wrapped(|ui| {
            ui.label("Compare with:");
            let selected = compared.map_or_else(|| "No comparison".to_string(), |(i, v)| visit_name(i, v, &now));
            egui::ComboBox::from_id_salt("compare-with")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(compared.is_none(), "No comparison").clicked() && compared.is_some() {
                        actions.push(Action::CompareWith(None));
                    }
                    // The latest first: the previous visit is the usual comparison.
                    for (i, visit) in earlier.iter().enumerate().rev() {
                        let chosen = compared.map(|(c, _)| c) == Some(i);
                        if ui.selectable_label(chosen, visit_name(i, visit, &now)).clicked() && !chosen {
                            actions.push(Action::CompareWith(Some(i)));
                        }
                    }
                })
                .response
                .accessible_name(COMPARE_COMBO_NAME)
                .on_hover_text("Show an earlier visit's areas as dashed outlines, and how each area changed");
            if ui
                .button("Progress chart…")
                .on_hover_text("The pain, its extent and how far down the leg it reaches, visit by visit")
                .clicked()
            {
                actions.push(Action::ShowProgress(true));
            }
            if let Some((_, visit)) = compared {
                comparison_key(ui, &progress::day_month(&visit.date, &now));
            }
        });
    });
}

/// "- - - areas on 3 Nov | change in pain level (0 to 10): better worse new gone", the dashes
/// and the tags' colours as the drawing has them.
fn comparison_key(ui: &mut egui::Ui, date: &str) {
    ui.separator();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(30.0, 12.0), egui::Sense::hover());
    // The drawing's dashes are dark on the skin; here they are on the panel.
    let color = ui.visuals().text_color();
    let y = rect.center().y;
    for i in 0..3 {
        let x = rect.left() + i as f32 * 11.0;
        ui.painter().line_segment([egui::pos2(x, y), egui::pos2(x + 7.0, y)], egui::Stroke::new(1.8, color));
    }
    // Each phrase whole: the row wraps between them, never inside one.
    ui.add(egui::Label::new(format!("areas on {date}")).extend());
    ui.separator();
    ui.add(egui::Label::new("change in pain level (0 to 10):").extend());
    for (tone, word) in [
        (ChangeTone::Better, "better"),
        (ChangeTone::Worse, "worse"),
        (ChangeTone::New, "new"),
        (ChangeTone::Gone, "gone"),
    ] {
        let text = RichText::new(format!(" {word} ")).color(Color32::WHITE).background_color(tone.fill().color32());
        ui.label(text.small().strong());
    }
}

/// The Layers menu's entries for visits: compare with the previous visit (on or off), and the
/// Progress window.
pub fn menu_items(ui: &mut egui::Ui, state: &UiState, actions: &mut Vec<Action>) {
    ui.separator();
    ui.label(RichText::new("Visits").small().weak());
    let earlier = state.plan.earlier_visits().len();
    let mut comparing = compared_visit(state).is_some();
    let toggle = ui
        .add_enabled(earlier > 0, egui::Checkbox::new(&mut comparing, "Compare with an earlier visit"))
        .on_disabled_hover_text("The patient's file has no earlier visit yet");
    if toggle.changed() {
        actions.push(Action::CompareWith(comparing.then(|| earlier.saturating_sub(1))));
    }
    if ui.button("Progress chart…").clicked() {
        actions.push(Action::ShowProgress(true));
        ui.close();
    }
}

/// What the Progress window shows, worked out once per change of the visits (100 visits are
/// summarised in a few milliseconds, too slow for every frame).
#[derive(Debug)]
struct ProgressData {
    /// What changed since the visit before the one on screen, in plain words.
    since_previous: Vec<String>,
    visits: Vec<Visit>,
    summaries: Vec<VisitSummary>,
    verdict: Verdict,
    /// The index of the visit on screen.
    current: usize,
}

/// What [`ProgressData`] was worked out from, and what changes it: the visits (a growing file
/// of them), the areas on screen and their date.
#[derive(Debug, PartialEq)]
struct DataKey {
    kb: usize,
    map: usize,
    visits: OtherVisits,
    selection: Vec<SelectedArea>,
    visit_date: Option<String>,
}

impl DataKey {
    /// Whether the data cached for this key still holds: compared in place, every frame the
    /// window is open, without copying the visits (a hundred visits copied per frame cost more
    /// than drawing the chart).
    fn holds_for(&self, kb: usize, map: usize, state: &UiState) -> bool {
        self.kb == kb
            && self.map == map
            && self.visits == state.plan.visits
            && self.selection == state.selection
            && self.visit_date == state.plan.visit_date
    }
}

/// The Progress window's cache: the area sizes of the drawing in use, and the summaries; and the
/// comparison on the drawing with what it was worked out from.
#[derive(Debug, Default)]
pub struct ProgressPanel {
    sizes: Option<(usize, Arc<AreaSizes>)>,
    data: Option<(DataKey, Arc<ProgressData>)>,
    comparison: Option<(ComparisonKey, Arc<Comparison>)>,
    /// What changed since the visit compared on the drawing, for the data and the visit it was
    /// worked out for.
    since_compared: Option<(Arc<ProgressData>, usize, Arc<Vec<String>>)>,
}

/// What a [`Comparison`] was worked out from: the knowledge, the earlier visit and the areas on
/// screen.
#[derive(Debug)]
struct ComparisonKey {
    kb: usize,
    index: usize,
    earlier: Visit,
    selection: Vec<SelectedArea>,
}

impl ProgressPanel {
    /// [`comparison`], kept while the visits compared and the areas on screen stay the same:
    /// asked every frame while comparing, it changes only when they do.
    pub fn comparison(&mut self, kb: &Arc<KnowledgeBase>, state: &UiState) -> Option<Arc<Comparison>> {
        let (index, earlier) = compared_visit(state)?;
        let kb_key = Arc::as_ptr(kb) as usize;
        if let Some((key, cached)) = &self.comparison
            && key.kb == kb_key
            && key.index == index
            && key.earlier == *earlier
            && key.selection == state.selection
        {
            return Some(Arc::clone(cached));
        }
        let made = Arc::new(comparison(kb, state)?);
        let key = ComparisonKey { kb: kb_key, index, earlier: earlier.clone(), selection: state.selection.clone() };
        self.comparison = Some((key, Arc::clone(&made)));
        Some(made)
    }

    fn data(&mut self, kb: &Arc<KnowledgeBase>, map: &Arc<BodyMap>, state: &UiState) -> Arc<ProgressData> {
        let map_key = Arc::as_ptr(map) as usize;
        let sizes = match &self.sizes {
            Some((key, sizes)) if *key == map_key => Arc::clone(sizes),
            _ => {
                let sizes = Arc::new(AreaSizes::from_map(map));
                self.sizes = Some((map_key, Arc::clone(&sizes)));
                sizes
            }
        };
        let kb_key = Arc::as_ptr(kb) as usize;
        if let Some((cached, data)) = &self.data
            && cached.holds_for(kb_key, map_key, state)
        {
            return Arc::clone(data);
        }
        let key = DataKey {
            kb: kb_key,
            map: map_key,
            visits: state.plan.visits.clone(),
            selection: state.selection.clone(),
            visit_date: state.plan.visit_date.clone(),
        };
        let visits = state.plan.all_visits(&state.selection, &crate::text::today());
        let summaries = progress::summaries(kb, Some(&sizes), &visits);
        let verdict = progress::verdict(kb, &summaries);
        let current = state.plan.current_index();
        let since_previous = current
            .checked_sub(1)
            .and_then(|i| visits.get(i))
            .map(|previous| changes_since(kb, previous, state))
            .unwrap_or_default();
        let data = Arc::new(ProgressData { since_previous, visits, summaries, verdict, current });
        self.data = Some((key, Arc::clone(&data)));
        data
    }

    /// The Progress window, when open.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        kb: &Arc<KnowledgeBase>,
        map: &Arc<BodyMap>,
        state: &UiState,
        actions: &mut Vec<Action>,
    ) {
        if !state.progress_open {
            return;
        }
        let data = self.data(kb, map, state);
        // Only for a visit other than the last one, whose lines `data` has already.
        let since_compared =
            compared_visit(state).filter(|(index, _)| index + 1 != data.current).map(|(index, visit)| {
                // Held, not just its address: a later summary can never be mistaken for this one.
                match &self.since_compared {
                    Some((d, i, lines)) if Arc::ptr_eq(d, &data) && *i == index => Arc::clone(lines),
                    _ => {
                        let lines = Arc::new(changes_since(kb, visit, state));
                        self.since_compared = Some((Arc::clone(&data), index, Arc::clone(&lines)));
                        lines
                    }
                }
            });
        let screen = ctx.content_rect();
        // Over the right-hand panel, as tall as the window allows: the drawing stays in view
        // beside it, the comparison and the chart together.
        let width = (screen.width() * 0.4).clamp(420.0, 620.0);
        let height = (screen.height() - 110.0).clamp(300.0, 900.0);
        let mut open = true;
        egui::Window::new("Progress over the visits")
            .id(egui::Id::unique("progress-window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([width, height])
            .default_pos(egui::pos2(screen.right() - 12.0 - width, 64.0))
            .max_height(screen.height() - 90.0)
            .vscroll(true)
            .show(ctx, |ui| contents(ui, kb, &data, since_compared.as_deref(), state, actions));
        if !open {
            actions.push(Action::ShowProgress(false));
        }
    }
}

/// What changed between `earlier` and the areas on screen, one plain line each.
fn changes_since(kb: &KnowledgeBase, earlier: &Visit, state: &UiState) -> Vec<String> {
    let current = Visit { areas: state.selection.clone(), ..Visit::default() };
    progress::change_lines(kb, earlier, &current)
}

/// The window's contents: the patient and the span of the visits, the verdict, the chart, and the
/// changes since the last visit (and since the visit compared on the drawing, `since_compared`,
/// when that is another visit).
fn contents(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    data: &ProgressData,
    since_compared: Option<&Vec<String>>,
    state: &UiState,
    actions: &mut Vec<Action>,
) {
    let now = data.visits.get(data.current).map_or("", |v| v.date.as_str());
    let span = match (data.visits.first(), data.visits.last()) {
        (Some(first), Some(last)) if data.visits.len() > 1 => format!(
            "{} visits, {} to {}",
            data.visits.len(),
            progress::day_month(&first.date, &last.date),
            progress::day_month(&last.date, &last.date)
        ),
        _ => "1 visit".to_string(),
    };
    let patient = state.plan.patient.trim();
    ui.label(RichText::new(if patient.is_empty() { span } else { format!("{patient} · {span}") }).weak());
    ui.add_space(4.0);
    verdict_box(ui, kb, &data.verdict);
    ui.add_space(6.0);
    chart(ui, data);
    ui.add_space(8.0);
    let changes = |ui: &mut egui::Ui, heading: String, lines: &[String]| {
        ui.label(RichText::new(heading).strong());
        for line in lines {
            ui.label(format!("• {line}"));
        }
    };
    if let Some(previous) = data.current.checked_sub(1).and_then(|i| data.visits.get(i)) {
        let heading = format!("Since the last visit ({})", progress::day_month(&previous.date, now));
        changes(ui, heading, &data.since_previous);
    }
    match compared_visit(state) {
        Some((i, visit)) if i + 1 != data.current => {
            ui.add_space(4.0);
            let heading = format!("Since {} (compared on the drawing)", progress::day_month(&visit.date, now));
            changes(ui, heading, since_compared.map_or(&[][..], Vec::as_slice));
        }
        None if data.current > 0
            && ui
                .button("Compare with the previous visit on the drawing")
                .on_hover_text("Dashed outlines for the previous visit's areas, a tag for each change")
                .clicked() =>
        {
            actions.push(Action::CompareWith(Some(data.current - 1)));
        }
        _ => {}
    }
}

/// The verdict, in a tinted box: green for pain moving towards the back, amber for pain
/// spreading down the leg, neutral otherwise; then its source in full.
fn verdict_box(ui: &mut egui::Ui, kb: &KnowledgeBase, verdict: &Verdict) {
    let dark = ui.visuals().dark_mode;
    let (fill, stroke) = match (verdict.trend, dark) {
        (Trend::Centralising, false) => (Color32::from_rgb(0xe3, 0xf4, 0xe8), Color32::from_rgb(0x1b, 0x7a, 0x3a)),
        (Trend::Centralising, true) => (Color32::from_rgb(0x1c, 0x36, 0x26), Color32::from_rgb(0x5c, 0xc0, 0x7c)),
        (Trend::Peripheralising, false) => (Color32::from_rgb(0xfd, 0xee, 0xdc), Color32::from_rgb(0xb3, 0x5c, 0x00)),
        (Trend::Peripheralising, true) => (Color32::from_rgb(0x3d, 0x2a, 0x14), Color32::from_rgb(0xf0, 0xa4, 0x4b)),
        _ => (ui.visuals().faint_bg_color, ui.visuals().weak_text_color()),
    };
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.5, stroke))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(egui::Label::new(RichText::new(&verdict.sentence).size(15.0).strong()).wrap());
            if let Some(source) = kb.source(progress::CENTRALISATION_SOURCE) {
                ui.add_space(2.0);
                let text = format!("Source: {}, “{}”", source.short_citation(), source.title.trim());
                ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap());
            }
        });
}

/// The y of a level on the chart: the back at the top, the foot at the bottom, so pain that
/// retreats towards the back climbs; no pain marked above the back.
fn level_y(level: Option<Level>) -> f64 {
    match level {
        Some(level) => (Level::ALL.len() - 1 - Level::ALL.iter().position(|l| *l == level).unwrap_or(0)) as f64,
        None => Level::ALL.len() as f64,
    }
}

/// The level at a chart y ("thigh"), "none" above the back.
fn level_name(y: f64) -> Option<&'static str> {
    let rounded = y.round();
    if (y - rounded).abs() > 1e-6 || rounded < 0.0 {
        return None;
    }
    let from_top = Level::ALL.len() as i64 - 1 - rounded as i64;
    match from_top {
        -1 => Some("none"),
        i => Level::ALL.get(usize::try_from(i).ok()?).map(|l| l.as_str()),
    }
}

/// A share of the leg at a chart y, in words (the axis reads as a part of the leg, never as a
/// likelihood).
fn share_name(y: f64) -> Option<&'static str> {
    const MARKS: [(f64, &str); 5] =
        [(0.0, "none"), (0.25, "a quarter"), (0.5, "half"), (0.75, "three quarters"), (1.0, "all")];
    MARKS.iter().find(|(v, _)| (v - y).abs() < 1e-6).map(|(_, name)| *name)
}

/// Grid marks at `values`, each `step` apart.
fn marks(values: impl Iterator<Item = f64>, step: f64) -> Vec<GridMark> {
    values.map(|value| GridMark { value, step_size: step }).collect()
}

/// The most visits the chart marks one by one (see [`chart`]).
const MARKED_VISITS: usize = 40;

/// One x mark every few visits, so that dates never crowd.
fn visit_marks(count: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    let every = [1, 2, 5, 10, 20, 50, 100].into_iter().find(|k| count.div_ceil(*k) <= 7).unwrap_or(200);
    move |_| marks((0..count).step_by(every).map(|i| i as f64), every as f64)
}

/// The chart's three panels, one above the other on the same visits: pain (worst and mean, 0 to
/// 10), how much of the leg is marked, and the lowest level the pain reaches (a step line with
/// the levels named).
fn chart(ui: &mut egui::Ui, data: &ProgressData) {
    let n = data.summaries.len();
    let dates: Vec<String> = data.visits.iter().map(|v| v.date.clone()).collect();
    let last = dates.last().cloned().unwrap_or_default();
    let date_at = move |x: f64| -> Option<String> {
        let rounded = x.round();
        if (x - rounded).abs() > 1e-6 || rounded < 0.0 {
            return None;
        }
        dates.get(rounded as usize).map(|d| progress::day_month(d, &last))
    };
    let short = ui.ctx().content_rect().height() < 800.0;
    let heights = if short { [110.0, 76.0, 124.0] } else { [140.0, 92.0, 140.0] };
    let dark = ui.visuals().dark_mode;
    let worst_color = if dark { Color32::from_rgb(0xff, 0x7a, 0x6e) } else { Color32::from_rgb(0xc0, 0x26, 0x26) };
    let mean_color = if dark { Color32::from_rgb(0xf5, 0xb4, 0x5c) } else { Color32::from_rgb(0xa8, 0x5a, 0x00) };
    let extent_color = if dark { Color32::from_rgb(0x7d, 0xb8, 0xff) } else { Color32::from_rgb(0x1f, 0x5f, 0xb0) };
    let level_color = if dark { Color32::from_rgb(0xc9, 0x9b, 0xff) } else { Color32::from_rgb(0x6a, 0x3d, 0xa8) };
    let link = egui::Id::unique("progress-chart-visits");
    // A marker on each visit while they stand apart; with many visits they would merge into a
    // thick band (a few points apart), and the line alone reads better.
    let markers = n <= MARKED_VISITS;
    let y_width = 104.0;
    let base = |id: &str, height: f32, bottom: bool| {
        let date_at = date_at.clone();
        Plot::new(id)
            .height(height)
            .link_axis(link, [true, false])
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_x(false)
            .show_y(false)
            .default_x_bounds(-0.4, n.max(1) as f64 - 0.6)
            .x_grid_spacer(visit_marks(n))
            .show_axes([bottom, true])
            .x_axis_formatter(move |mark, _| date_at(mark.value).unwrap_or_default())
            .y_axis_min_width(y_width)
    };
    let points = |ys: Vec<Option<f64>>| -> Vec<[f64; 2]> {
        ys.into_iter().enumerate().filter_map(|(i, y)| y.map(|y| [i as f64, y])).collect()
    };

    let worst = points(data.summaries.iter().map(|s| s.worst.map(f64::from)).collect());
    let mean = points(data.summaries.iter().map(|s| s.mean).collect());
    let hover_dates = date_at.clone();
    ui.label(RichText::new("Pain (0 to 10)").strong());
    base("progress-pain", heights[0], false)
        .default_y_bounds(0.0, 10.0)
        .y_grid_spacer(|_| marks((0..=10).step_by(2).map(f64::from), 2.0))
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .label_formatter(move |hover| match hover {
            HoverPosition::NearDataPoint { plot_name, position, .. } => {
                Some(format!("{}: {} {}/10", hover_dates(position.x)?, plot_name.to_lowercase(), position.y))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(Line::new("Worst pain", worst.clone()).color(worst_color).width(2.5));
            if markers {
                plot.add(Points::new("Worst pain", worst).color(worst_color).radius(4.0));
            }
            plot.line(
                Line::new("Mean pain", mean.clone())
                    .color(mean_color)
                    .width(2.0)
                    .style(LineStyle::Dashed { length: 8.0 }),
            );
            if markers {
                plot.add(Points::new("Mean pain", mean).color(mean_color).radius(3.0));
            }
        });

    let extent = points(data.summaries.iter().map(|s| s.extent).collect());
    let hover_dates = date_at.clone();
    ui.label(RichText::new("How much of the leg is marked").strong());
    base("progress-extent", heights[1], false)
        .default_y_bounds(0.0, 1.0)
        .y_grid_spacer(|_| marks([0.0, 0.25, 0.5, 0.75, 1.0].into_iter(), 0.25))
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(|mark, _| share_name(mark.value).unwrap_or_default().to_string())
                .label_spacing(12.0..=14.0)
                .min_thickness(y_width),
        ])
        .label_formatter(move |hover| match hover {
            HoverPosition::NearDataPoint { position, .. } => {
                Some(format!("{}: {} of the leg", hover_dates(position.x)?, progress::share_words(position.y)))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(Line::new("Extent", extent.clone()).color(extent_color).width(2.0).fill(0.0));
            if markers {
                plot.add(Points::new("Extent", extent).color(extent_color).radius(3.5));
            }
        });

    // A step line: the level holds from one visit until the next.
    let levels: Vec<f64> = data.summaries.iter().map(|s| level_y(s.level)).collect();
    let mut steps: Vec<[f64; 2]> = Vec::with_capacity(levels.len() * 2);
    for (i, y) in levels.iter().enumerate() {
        if i > 0 {
            steps.push([i as f64, levels[i - 1]]);
        }
        steps.push([i as f64, *y]);
    }
    let any_none = data.summaries.iter().any(|s| s.level.is_none());
    let top = if any_none { Level::ALL.len() as f64 } else { Level::ALL.len() as f64 - 1.0 };
    let level_points: Vec<[f64; 2]> = levels.iter().enumerate().map(|(i, y)| [i as f64, *y]).collect();
    let hover_dates = date_at.clone();
    ui.label(RichText::new("How far down the leg it reaches").strong());
    base("progress-level", heights[2], true)
        .default_y_bounds(-0.4, top + 0.4)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(|mark, _| level_name(mark.value).unwrap_or_default().to_string())
                .label_spacing(12.0..=14.0)
                .min_thickness(y_width),
        ])
        .y_grid_spacer(move |_| marks((0..=top as usize).map(|i| i as f64), 1.0))
        .label_formatter(move |hover| match hover {
            HoverPosition::NearDataPoint { position, .. } => {
                Some(format!("{}: down to the {}", hover_dates(position.x)?, level_name(position.y)?))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(Line::new("Lowest level", steps).color(level_color).width(2.5).allow_band(false));
            if markers {
                plot.add(Points::new("Lowest level", level_points).color(level_color).radius(4.0));
            }
        });
    ui.label(
        RichText::new("Higher on the lowest chart is nearer the back: pain that climbs it is retreating from the leg.")
            .small()
            .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_axis_runs_from_the_foot_up_to_the_back_and_none() {
        assert_eq!(level_y(Some(Level::Foot)), 0.0);
        assert_eq!(level_y(Some(Level::Back)), 5.0);
        assert_eq!(level_y(None), 6.0);
        for level in Level::ALL {
            assert_eq!(level_name(level_y(Some(level))), Some(level.as_str()));
        }
        assert_eq!(level_name(6.0), Some("none"));
        assert_eq!(level_name(2.5), None, "between levels: no tick label");
        assert_eq!(level_name(-1.0), None);
    }

    #[test]
    fn the_extent_axis_is_in_words_never_numbers() {
        let names: Vec<_> = [0.0, 0.25, 0.5, 0.75, 1.0].into_iter().filter_map(share_name).collect();
        assert_eq!(names, ["none", "a quarter", "half", "three quarters", "all"]);
        assert_eq!(share_name(0.3), None);
    }

    #[test]
    fn dates_on_the_chart_never_crowd() {
        for (count, expected) in [(1, 1), (3, 3), (7, 7), (8, 4), (100, 5)] {
            let marks = visit_marks(count)(GridInput { bounds: (0.0, count as f64), base_step_size: 0.1 });
            assert_eq!(marks.len(), expected, "{count} visits");
        }
    }
}
