//! The right panel: the look-up of the selection — red flags (not dismissable while they apply),
//! the red-flag checklist (foldable, never removed), candidates in groups with their evidence
//! bands, the checks that tell close ones apart, notes, and exercise cards with filters (withheld
//! while an emergency applies).

use super::figure_view::{FigureView, THUMBNAIL_HEIGHT};
use super::lazy;
use super::state::{Action, FigureMotion, PlanAction, SelectionAction, SettingAction, Settings, UiState};
use super::style::Accent;
use crate::geometry::humanize;
use crate::knowledge::{Exercise, ExerciseKind, KnowledgeBase, LinkKind, Position, Urgency};
use crate::lookup::{self, Candidate, ChecklistItem, Group, LookupResult, short_citations};
use crate::pathway::Item;
use crate::report::{WITHHELD, checklist_heading, dosage_text, raised_by_text, source_name, urgency_label};
use crate::session::Answer;

/// How many candidates of each group show before "show all".
const TOP_PER_GROUP: usize = 4;
/// How many exercise cards show before "show all".
const TOP_EXERCISES: usize = 10;
/// How many exercise cards a window of the first size (950 points tall) shows before its list
/// is scrolled; a taller one draws the pictures of the rest itself.
const FIRST_SCREEN_CARDS: usize = 4;

/// The exercises whose cards head the list before any area is marked, as many as a first screen
/// shows, in order: the window's loader draws their pictures ahead when it cannot rehearse the
/// first frame (see `FigureView::warm_pictures`).
pub(super) fn first_cards<'kb>(kb: &'kb KnowledgeBase, settings: &Settings) -> Vec<&'kb Exercise> {
    let mut list = lookup::filter_exercises(kb, &settings.exercise_filter(""));
    list.truncate(TOP_EXERCISES.min(FIRST_SCREEN_CARDS));
    list
}

/// The results panel's own state, kept by the panel (as egui's demos keep it), not routed
/// through actions: nothing else reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultsPanel {
    /// Show every candidate instead of the top ones.
    pub show_all_candidates: bool,
    /// Show every exercise card instead of the top ones.
    pub show_all_exercises: bool,
    /// The exercise search text (not kept between runs).
    pub exercise_search: String,
}

// The panel threads the window's parts through to the cards, as body_map does.
#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    state: &UiState,
    result: &LookupResult,
    panel: &mut ResultsPanel,
    figures: &mut FigureView,
    actions: &mut Vec<Action>,
) {
    // Long names wrap instead of widening the panel over the body map.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    // The red-flag banner is drawn above the tabs (see `red_flags`), in view whichever is open.
    // Its own scroll position, apart from the plan tab's.
    egui::ScrollArea::vertical().id_salt("lookup-scroll").auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        // Blocks out of view are not laid out (see `lazy`): with areas marked, the checklist
        // alone fills most of the panel and the exercise cards are below it.
        let signs = result.checklist.iter().map(|i| (&i.id, i.raised)).collect::<Vec<_>>();
        let checklist_key = lazy::key((std::ptr::from_ref(kb), !result.areas.is_empty(), signs, &state.plan.red_flags));
        lazy::block(ui, "checklist", checklist_key, |ui| checklist(ui, state, result, actions));
        ui.add_space(6.0);
        if result.areas.is_empty() {
            intro(ui);
        } else {
            candidates(ui, kb, state, result, panel, actions);
            ui.add_space(6.0);
            let pairs = result.distinguish.iter().map(|d| &d.between).collect::<Vec<_>>();
            lazy::block(ui, "distinguish", lazy::key((std::ptr::from_ref(kb), pairs)), |ui| {
                distinguish(ui, kb, result)
            });
            // By position too: two notes may be about records of different kinds with one id.
            for (i, note) in result.notes.iter().enumerate() {
                let note_key = lazy::key((std::ptr::from_ref(kb), &note.text, &note.sources));
                lazy::block(ui, ("note", i, &note.id), note_key, |ui| notes(ui, kb, std::slice::from_ref(note)));
            }
        }
        ui.add_space(10.0);
        exercises(ui, kb, settings, state, result, panel, figures, actions);
        ui.add_space(12.0);
    });
}

/// Every red flag as an "ask about" list, most urgent first: most cannot be seen on a body map.
/// It folds, but it is always there.
fn checklist(ui: &mut egui::Ui, state: &UiState, result: &LookupResult, actions: &mut Vec<Action>) {
    // Open whenever areas are marked or signs asked about (a separate fold state from the empty
    // map, where it starts folded so the exercise browser stays in view).
    let marked = !result.areas.is_empty() || !state.plan.red_flags.is_empty();
    let header =
        super::style::wrapping_header(ui, egui::RichText::new("Ask about these signs — get care now if…").strong());
    egui::CollapsingHeader::new(header).id_salt(("red-flag-checklist", marked)).default_open(marked).show(ui, |ui| {
        ui.label(
            egui::RichText::new("Record each answer for this visit: a yes raises the sign like a marked area.")
                .small()
                .weak(),
        );
        ui.label(egui::RichText::new(checklist_heading(Urgency::Emergency)).strong());
        checklist_items(ui, state, result, Urgency::Emergency, actions);
        // The "soon" signs fold on their own (open when one is raised), so the emergency
        // signs and the sources stay in view on a small screen.
        let soon = result.checklist.iter().filter(|i| i.urgency == Urgency::Soon).count();
        let raised = result
            .checklist
            .iter()
            .any(|i| i.urgency == Urgency::Soon && (i.raised || state.plan.red_flag_answer(&i.id).is_some()));
        egui::CollapsingHeader::new(super::style::wrapping_header(
            ui,
            egui::RichText::new(format!("{} ({soon} signs)", checklist_heading(Urgency::Soon).trim_end_matches(':')))
                .strong(),
        ))
        .id_salt(("red-flag-checklist-soon", raised))
        .default_open(raised)
        .show(ui, |ui| checklist_items(ui, state, result, Urgency::Soon, actions));
    });
}

/// The checklist's signs of one urgency: each sign in a line (its examples on hover), and once
/// below them any note on how the articles grade them differently.
fn checklist_items(
    ui: &mut egui::Ui,
    state: &UiState,
    result: &LookupResult,
    urgency: Urgency,
    actions: &mut Vec<Action>,
) {
    let color = match urgency {
        Urgency::Emergency => Accent::emergency_text(ui.visuals().dark_mode),
        Urgency::Soon => Accent::soon_text(ui.visuals().dark_mode),
    };
    let mut grading_notes: Vec<&str> = Vec::new();
    for item in result.checklist.iter().filter(|i| i.urgency == urgency) {
        if let Some(note) = &item.grading_note
            && !grading_notes.contains(&&**note)
        {
            grading_notes.push(note);
        }
        let raised_by =
            result.red_flags.iter().find(|f| f.id == item.id).map(|hit| raised_by_text(hit.raised_by, false));
        let answer = state.plan.red_flag_answer(&item.id);
        // Each sign is a block of its own (see `lazy`): on a short screen most of the list is
        // scrolled away, and its 44 answer buttons were the largest part of a frame.
        let sign_key = lazy::key((&item.text, &item.grading_note, item.raised, &raised_by, answer));
        lazy::block(ui, ("sign", &item.id), sign_key, |ui| sign(ui, item, raised_by, answer, color, actions));
    }
    for note in grading_notes {
        ui.label(egui::RichText::new(format!("* {note}")).small().weak());
    }
    ui.add_space(2.0);
}

/// One sign of the checklist: its line (examples on hover, what raised it) and its answers.
fn sign(
    ui: &mut egui::Ui,
    item: &ChecklistItem,
    raised_by: Option<&str>,
    given: Option<Answer>,
    color: egui::Color32,
    actions: &mut Vec<Action>,
) {
    let hover = match &item.grading_note {
        Some(note) => format!("{}\n\n* {note}", item.text),
        None => item.text.to_string(),
    };
    let head = item.text.split(" — ").next().unwrap_or(&item.text);
    let response = ui
        .horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            // Red is kept for what the marked areas raise.
            let marker = egui::RichText::new(if item.raised { "!" } else { "•" });
            ui.label(if item.raised { marker.strong().color(color) } else { marker.weak() });
            let star = if item.grading_note.is_some() { " *" } else { "" };
            let text = egui::RichText::new(format!("{head}{star}")).small();
            ui.label(if item.raised { text.strong() } else { text }).on_hover_text(&hover);
            if let Some(by) = raised_by {
                ui.label(egui::RichText::new(format!("(raised by {by})")).small().color(color));
            }
        })
        .response;
    let name = format!("Ask about: {}", item.text);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ListItem, true, &name));
    answer_buttons(ui, given, &item.id, head, actions);
}

/// The answers a sign can have at this visit, with their words; `None` is "not asked".
const ANSWERS: [(Option<Answer>, &str); 4] =
    [(Some(Answer::Yes), "Yes"), (Some(Answer::No), "No"), (Some(Answer::Unsure), "Unsure"), (None, "Not asked")];

/// The accessible name of an answer button: "Answer Yes: Numbness in the saddle area".
pub fn answer_label(answer: &str, sign: &str) -> String {
    format!("Answer {answer}: {sign}")
}

/// Yes / No / Unsure / Not asked for one sign, stored in the visit on screen (an undo step).
fn answer_buttons(ui: &mut egui::Ui, given: Option<Answer>, id: &str, sign: &str, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        ui.add_space(12.0);
        for (answer, word) in ANSWERS {
            let chosen = given == answer;
            let text = egui::RichText::new(word).small();
            let text = if chosen && answer == Some(Answer::Yes) { text.strong() } else { text };
            let response = ui.selectable_label(chosen, text);
            let label = answer_label(word, sign);
            response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, chosen, &label));
            if response.clicked() && !chosen {
                actions.push(Action::Plan(PlanAction::SetRedFlagAnswer { id: id.to_string(), answer }));
            }
        }
    });
}

/// The banner of the raised red flags, an emergency first: drawn at the top of the right panel,
/// above its tabs and outside any scroll area, so it is in view on the look-up and the plan alike.
pub fn red_flags(ui: &mut egui::Ui, kb: &KnowledgeBase, result: &LookupResult) {
    if result.red_flags.is_empty() {
        return;
    }
    ui.add_space(6.0);
    for flag in &result.red_flags {
        let color = match flag.urgency {
            Urgency::Emergency => Accent::EMERGENCY,
            Urgency::Soon => Accent::SOON,
        };
        let response = egui::Frame::new()
            .fill(color)
            .corner_radius(6.0)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    egui::RichText::new(urgency_label(flag.urgency).to_uppercase())
                        .strong()
                        .color(egui::Color32::WHITE),
                );
                ui.label(egui::RichText::new(&*flag.text).color(egui::Color32::WHITE));
                ui.label(egui::RichText::new(&*flag.advice).strong().color(egui::Color32::WHITE));
                ui.label(
                    egui::RichText::new(format!(
                        "Raised because: {} · Sources: {}",
                        flag.because,
                        short_citations(kb, &flag.sources)
                    ))
                    .small()
                    .color(egui::Color32::from_white_alpha(220)),
                );
            })
            .response;
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Alert, true, format!("Red flag: {} {}", flag.text, flag.advice))
        });
        ui.add_space(4.0);
    }
    if result.exercises_withheld.is_some() {
        let response =
            ui.label(egui::RichText::new(WITHHELD).strong().color(Accent::emergency_text(ui.visuals().dark_mode)));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, WITHHELD));
    }
}

fn intro(ui: &mut egui::Ui) {
    ui.heading("Where does it hurt?");
    ui.label(
        "Click one or more areas on the body map. The explorer then lists, in groups, the nerve roots \
         and nerves the pain may travel along, the causes and pinch points that may irritate them, and \
         the muscles that can feel like it — best fit first, each with its evidence — and the \
         exercises that fit.",
    );
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Click a root or nerve on the left to trace it from the spine to the skin.").weak());
}

fn candidates(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    state: &UiState,
    result: &LookupResult,
    panel: &mut ResultsPanel,
    actions: &mut Vec<Action>,
) {
    ui.heading("Possible sources");
    ui.label(
        egui::RichText::new(
            "Best fit first within each group. The groups are not rivals: a nerve root, the nerve it feeds \
             and a disc pressing on it can all be true at once. Click one to see it on the drawing.",
        )
        .small()
        .weak(),
    );
    ui.add_space(4.0);
    let mut hidden = 0;
    for group in Group::ALL {
        let members: Vec<&Candidate> = result.group(group).collect();
        if members.is_empty() {
            continue;
        }
        ui.add_space(4.0);
        ui.label(egui::RichText::new(group.title()).strong());
        let shown = if panel.show_all_candidates { members.len() } else { TOP_PER_GROUP };
        for candidate in members.iter().take(shown) {
            let focused = state.trace.as_ref() == Some(&Item::from_link(candidate.kind, &*candidate.id));
            let reasons = candidate.why.iter().map(|r| (&r.text, r.against)).collect::<Vec<_>>();
            let row_key = lazy::key((std::ptr::from_ref(kb), candidate.score.to_bits(), focused, reasons));
            lazy::block(ui, ("candidate", candidate.kind, &candidate.id), row_key, |ui| {
                candidate_row(ui, kb, state, candidate, actions);
            });
        }
        hidden += members.len().saturating_sub(TOP_PER_GROUP);
    }
    if hidden > 0 {
        let label =
            if panel.show_all_candidates { "Show fewer".to_string() } else { format!("Show {hidden} more sources") };
        if ui.link(label).clicked() {
            panel.show_all_candidates = !panel.show_all_candidates;
        }
    }
}

fn kind_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Root => "root",
        LinkKind::Nerve => "nerve",
        LinkKind::Entrapment => "pinch point",
        LinkKind::Muscle => "muscle",
        LinkKind::Cause => "cause",
    }
}

fn candidate_row(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    state: &UiState,
    candidate: &Candidate,
    actions: &mut Vec<Action>,
) {
    let item = Item::from_link(candidate.kind, &*candidate.id);
    let focused = state.trace.as_ref() == Some(&item);
    let color = Accent::kind(candidate.kind);
    ui.horizontal(|ui| {
        chip(ui, kind_label(candidate.kind), color);
        let response = ui.add(egui::Button::selectable(focused, egui::RichText::new(&*candidate.name).strong()).wrap());
        if response.clicked() {
            actions.push(Action::Selection(SelectionAction::ToggleTrace(item.clone())));
        }
    });
    // The bar shows the evidence weight as a picture; people read the band, never a number.
    let band = candidate.band.label();
    ui.horizontal(|ui| {
        let width = (ui.available_width() - 110.0).clamp(60.0, 300.0);
        let (rect, bar) = ui.allocate_exact_size(egui::vec2(width, 8.0), egui::Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 4.0, ui.visuals().faint_bg_color.gamma_multiply(2.0));
        let mut filled = rect;
        filled.set_width(rect.width() * candidate.score.clamp(0.0, 1.0));
        painter.rect_filled(filled, 4.0, color);
        bar.on_hover_text(format!("Evidence from the marked areas: {band}. A weight, not a probability.")).widget_info(
            || egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, format!("{}: {band}", candidate.name)),
        );
        ui.label(egui::RichText::new(band).small());
    });
    egui::CollapsingHeader::new(egui::RichText::new("Why").small()).id_salt(("why", &candidate.id)).show(ui, |ui| {
        for reason in &candidate.why {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                if reason.against {
                    ui.label(
                        egui::RichText::new("Against:")
                            .small()
                            .strong()
                            .color(Accent::soon_text(ui.visuals().dark_mode)),
                    );
                } else {
                    ui.label(egui::RichText::new("•").weak());
                }
                ui.label(egui::RichText::new(&*reason.text).small());
                ui.label(egui::RichText::new(format!("[{}]", short_citations(kb, &reason.sources))).small().weak());
            });
        }
    });
    ui.add_space(4.0);
}

/// What an examiner checks to separate close candidates.
fn distinguish(ui: &mut egui::Ui, kb: &KnowledgeBase, result: &LookupResult) {
    if result.distinguish.is_empty() {
        return;
    }
    ui.heading("How a clinician tells them apart");
    for d in &result.distinguish {
        let title = format!("{} or {}?", d.names[0], lookup::lower_first(&d.names[1]));
        egui::CollapsingHeader::new(super::style::wrapping_header(ui, egui::RichText::new(&title).strong()))
            .id_salt(("distinguish", &d.between[0], &d.between[1]))
            .default_open(true)
            .show(ui, |ui| {
                for check in &d.checks {
                    ui.label(egui::RichText::new(&*check.name).strong());
                    ui.label(format!("{} {}", check.how, check.finding));
                    if let Some(accuracy) = &check.accuracy {
                        ui.label(egui::RichText::new(&**accuracy).small().italics());
                    }
                    ui.label(egui::RichText::new(short_citations(kb, &check.sources)).small().weak());
                    ui.add_space(3.0);
                }
            });
    }
    ui.add_space(6.0);
}

fn chip(ui: &mut egui::Ui, text: &str, color: egui::Color32) {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.16))
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(egui::RichText::new(text).small().color(color));
        });
}

fn notes(ui: &mut egui::Ui, kb: &KnowledgeBase, notes: &[lookup::Note]) {
    for note in notes {
        let strong = note.kind.is_emphasised();
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .corner_radius(6.0)
            .inner_margin(egui::Margin::same(8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let text = egui::RichText::new(&*note.text);
                ui.label(if strong { text } else { text.weak() });
                ui.label(egui::RichText::new(short_citations(kb, &note.sources)).small().weak());
            });
        ui.add_space(3.0);
    }
}

const KINDS: [(ExerciseKind, &str); 7] = [
    (ExerciseKind::Stretch, "Stretch"),
    (ExerciseKind::NerveGlide, "Nerve glide"),
    (ExerciseKind::Strengthening, "Strengthening"),
    (ExerciseKind::Release, "Release"),
    (ExerciseKind::Mobility, "Mobility"),
    (ExerciseKind::Posture, "Posture"),
    (ExerciseKind::Advice, "Advice"),
];

const POSITIONS: [(Position, &str); 8] = [
    (Position::Supine, "Lying on back"),
    (Position::Prone, "Lying on front"),
    (Position::SideLying, "Lying on side"),
    (Position::Seated, "Seated"),
    (Position::Standing, "Standing"),
    (Position::Kneeling, "Kneeling"),
    (Position::Quadruped, "Hands and knees"),
    (Position::Any, "Any position"),
];

fn kind_name(kind: ExerciseKind) -> &'static str {
    KINDS.iter().find(|(k, _)| *k == kind).map_or("", |(_, n)| n)
}

fn position_name(position: Position) -> &'static str {
    POSITIONS.iter().find(|(p, _)| *p == position).map_or("", |(_, n)| n)
}

// The panel threads the window's parts through to the cards, as body_map does.
#[allow(clippy::too_many_arguments)]
fn exercises(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    state: &UiState,
    result: &LookupResult,
    panel: &mut ResultsPanel,
    figures: &mut FigureView,
    actions: &mut Vec<Action>,
) {
    let matching = !result.areas.is_empty();
    ui.heading(if matching { "Exercises that fit" } else { "All exercises" });
    if result.exercises_withheld.is_some() {
        // An emergency comes before everything else: no exercise is suggested beside it, nor
        // offered to browse (an answered "yes" raises one with no area marked).
        ui.label(egui::RichText::new(WITHHELD).strong().color(Accent::emergency_text(ui.visuals().dark_mode)));
        return;
    }
    filters(ui, kb, settings, &mut panel.exercise_search, actions);
    figures.animate = settings.figure_motion == FigureMotion::Animated;
    let filter = settings.exercise_filter(&panel.exercise_search);
    let list: Vec<(&Exercise, Option<&lookup::ExerciseHit>)> = if matching {
        result
            .exercises
            .iter()
            .filter_map(|hit| kb.exercise(&hit.id).map(|e| (e, Some(hit))))
            .filter(|(e, _)| filter.matches(e))
            .collect()
    } else {
        lookup::filter_exercises(kb, &filter).into_iter().map(|e| (e, None)).collect()
    };
    ui.label(egui::RichText::new(format!("{} shown", list.len())).small().weak());
    if list.is_empty() {
        ui.label("No exercise matches these filters.");
    }
    let shown = if panel.show_all_exercises { list.len() } else { TOP_EXERCISES };
    for (i, (exercise, hit)) in list.iter().take(shown).enumerate() {
        let planned = state.plan.has_exercise(&exercise.id);
        let open = i < 2 && matching;
        let fit = hit.map(|h| (h.band, &h.why));
        let card_key = lazy::key((std::ptr::from_ref(kb), &exercise.id, planned, open, fit, settings.figure_motion));
        lazy::block(ui, ("exercise-card", &exercise.id), card_key, |ui| {
            exercise_card(ui, kb, exercise, *hit, open, planned, figures, actions);
        });
    }
    if list.len() > TOP_EXERCISES {
        let label = if panel.show_all_exercises {
            "Show fewer".to_string()
        } else {
            format!("Show all {} exercises", list.len())
        };
        if ui.link(label).clicked() {
            panel.show_all_exercises = !panel.show_all_exercises;
        }
    }
}

/// A combo box choosing one of `options` or none ("Any …"), with an accessible name.
fn optional_combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: &str,
    accessible_name: &str,
    any: &str,
    value: &mut Option<T>,
    options: &[(T, &str)],
) {
    let selected = value.and_then(|v| options.iter().find(|(o, _)| *o == v)).map_or(any, |(_, name)| name);
    egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, any);
            for (option, name) in options {
                ui.selectable_value(value, Some(*option), *name);
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, accessible_name));
}

fn filters(ui: &mut egui::Ui, kb: &KnowledgeBase, settings: &Settings, search: &mut String, actions: &mut Vec<Action>) {
    let mut kind = settings.exercise_kind;
    let mut position = settings.exercise_position;
    let mut equipment = settings.exercise_equipment.clone();
    let mut in_bed = settings.exercise_in_bed;
    ui.horizontal_wrapped(|ui| {
        optional_combo(ui, "exercise-kind", "Exercise kind", "Any kind", &mut kind, &KINDS);
        optional_combo(ui, "exercise-position", "Exercise position", "Any position", &mut position, &POSITIONS);
        let mut all_equipment: Vec<&str> =
            kb.exercises.iter().flat_map(|e| e.equipment.iter().map(String::as_str)).collect();
        all_equipment.sort_unstable();
        all_equipment.dedup();
        egui::ComboBox::from_id_salt("exercise-equipment")
            .selected_text(match equipment.as_deref() {
                None => "Any equipment".to_string(),
                Some("none") => "No equipment".to_string(),
                Some(e) => humanize(e),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut equipment, None, "Any equipment");
                ui.selectable_value(&mut equipment, Some("none".to_string()), "No equipment");
                for e in all_equipment {
                    ui.selectable_value(&mut equipment, Some(e.to_string()), humanize(e));
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Exercise equipment"));
        ui.checkbox(&mut in_bed, "Can do in bed");
    });
    if kind != settings.exercise_kind
        || position != settings.exercise_position
        || equipment != settings.exercise_equipment
        || in_bed != settings.exercise_in_bed
    {
        actions.push(Action::Setting(SettingAction::SetExerciseFilter { kind, position, equipment, in_bed }));
    }
    let response =
        ui.add(egui::TextEdit::singleline(search).hint_text("Search exercises…").desired_width(ui.available_width()));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search exercises"));
}

// The panel threads the window's parts through to the cards, as body_map does.
#[allow(clippy::too_many_arguments)]
fn exercise_card(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    exercise: &Exercise,
    hit: Option<&lookup::ExerciseHit>,
    open: bool,
    planned: bool,
    figures: &mut FigureView,
    actions: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style()).inner_margin(egui::Margin::same(8)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = match hit {
            Some(hit) => format!("{}  ·  {}", exercise.name, hit.band.label()),
            None => exercise.name.to_string(),
        };
        let id = ui.make_persistent_id(("exercise", &exercise.id));
        let mut fold = egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, open);
        card_header(ui, &mut fold, &title, planned);
        // Folded: the key poses as thumbnails under the title; open: larger, first in the body.
        if !fold.is_open() {
            figures.pose_row(ui, exercise, THUMBNAIL_HEIGHT);
        }
        fold.show_body_unindented(ui, |ui| {
            figures.open_figure(ui, exercise);
            let (label, hover) = if planned {
                ("In the plan (click to remove)", "Remove from the patient's plan")
            } else {
                ("+ Add to plan", "Add to the patient's plan and handout")
            };
            let button = ui.add(egui::Button::new(label).selected(planned)).on_hover_text(hover);
            let name = if planned {
                format!("Remove {} from the plan", exercise.name)
            } else {
                format!("Add {} to the plan", exercise.name)
            };
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if button.clicked() {
                actions.push(Action::Plan(PlanAction::ToggleExercise(exercise.id.to_string())));
            }
            ui.horizontal_wrapped(|ui| {
                chip(ui, kind_name(exercise.kind), Accent::kind(LinkKind::Cause));
                chip(ui, position_name(exercise.position), ui.visuals().weak_text_color());
                if exercise.equipment.is_empty() {
                    chip(ui, "No equipment", ui.visuals().weak_text_color());
                }
                for e in &exercise.equipment {
                    chip(ui, &humanize(e), ui.visuals().weak_text_color());
                }
                if exercise.in_bed {
                    chip(ui, "Can do in bed", Accent::FOCUS);
                }
            });
            ui.label(&exercise.summary);
            if let Some(hit) = hit
                && !hit.why.is_empty()
            {
                ui.label(egui::RichText::new(format!("Fits because it {}.", hit.why.join("; "))).small().weak());
            }
            ui.add_space(2.0);
            for (i, step) in exercise.steps.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(format!("{}.", i + 1)).strong());
                    ui.label(step);
                });
            }
            if !exercise.dosage.is_empty() {
                ui.add_space(2.0);
                ui.label(egui::RichText::new("Dose").strong());
                for dose in &exercise.dosage {
                    ui.label(format!("{} — {}", dosage_text(dose), source_name(kb, &dose.source)));
                }
            }
            if !exercise.cautions.is_empty() {
                ui.add_space(2.0);
                ui.label(egui::RichText::new("Cautions").strong().color(Accent::soon_text(ui.visuals().dark_mode)));
                for caution in exercise.cautions.iter() {
                    ui.label(format!("• {caution}"));
                }
            }
            if let Some(note) = &exercise.note {
                ui.label(egui::RichText::new(note).small().italics().weak());
            }
            // Short citations to read; the full title and section on hover.
            let ids = lookup::cite_ids(&exercise.cites);
            let full: Vec<String> = exercise
                .cites
                .iter()
                .map(|c| {
                    let title = kb
                        .source(&c.id)
                        .map_or_else(|| c.id.to_string(), |s| format!("{}: {}", s.short_citation(), s.title));
                    match &c.section {
                        Some(section) => format!("{title} — section \"{section}\""),
                        None => title,
                    }
                })
                .collect();
            ui.label(egui::RichText::new(format!("Sources: {}", short_citations(kb, &ids))).small().weak())
                .on_hover_text(full.join("\n"));
        });
    });
    ui.add_space(4.0);
}

/// A card's title row: the whole row opens and folds the card (a pointing hand and a tint on
/// hover say so), long names wrap, and a card in the plan says so even when folded.
fn card_header(ui: &mut egui::Ui, fold: &mut egui::collapsing_header::CollapsingState, title: &str, planned: bool) {
    // The tint goes under the row, painted once the row's size is known.
    let tint = ui.painter().add(egui::Shape::Noop);
    let icon_width = ui.spacing().indent;
    let row = ui.horizontal(|ui| {
        let (icon_rect, _) =
            ui.allocate_exact_size(egui::vec2(icon_width, ui.spacing().icon_width), egui::Sense::hover());
        if planned {
            // Before the title, so it stays in view however the title wraps.
            chip(ui, "In plan", Accent::FOCUS);
        }
        // Painted rather than a label: the row is the one node assistive technology reads.
        let text = egui::WidgetText::from(egui::RichText::new(title).strong());
        let galley = text.into_galley(ui, Some(egui::TextWrapMode::Wrap), ui.available_width(), egui::TextStyle::Body);
        let (text_rect, _) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
        ui.painter().galley(text_rect.min, galley, ui.visuals().text_color());
        icon_rect
    });
    let mut rect = row.response.rect;
    rect.set_right(rect.right().max(ui.max_rect().right()));
    let response = ui.interact(rect.expand(2.0), fold.id().with("title"), egui::Sense::click());
    if response.clicked() {
        fold.toggle(ui);
    }
    let label = if planned { format!("{title} (in the plan)") } else { title.to_string() };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::DisclosureTriangle, true, &label));
    let open = fold.is_open();
    ui.ctx().accesskit_node_builder(response.id, |node| node.set_expanded(open));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        ui.painter()
            .set(tint, egui::Shape::rect_filled(rect.expand(2.0), 4.0, ui.visuals().widgets.hovered.weak_bg_fill));
    }
    let openness = fold.openness(ui.ctx());
    egui::collapsing_header::paint_default_icon(ui, openness, &response.clone().with_new_rect(row.inner.shrink(2.0)));
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{ExplorerApp, lazy};
    use super::*;
    use crate::geometry::BodyMap;
    use crate::lookup::Selection;

    /// The ids under which the checklist's signs are laid out, as [`lazy::take_skipped`] names
    /// them, in the checklist's order.
    fn sign_salts(result: &LookupResult) -> Vec<String> {
        result.checklist.iter().map(|item| format!("{:?}", ("sign", &item.id))).collect()
    }

    #[test]
    fn the_checklist_lays_out_only_the_signs_in_view_unless_a_screen_reader_reads_them() {
        let kb = Arc::new(KnowledgeBase::builtin().unwrap_or_else(|e| panic!("built-in data: {e:?}")));
        let map = BodyMap::shared().unwrap_or_else(|e| panic!("built-in drawing: {e:?}"));
        let mut app = ExplorerApp::new(kb.clone(), Arc::new(map.clone()), Settings::default());
        // Areas down one leg: every sign is listed, both urgencies open (one is raised).
        let selection = Selection::parse_args(&kb, &["left.buttock", "left.posterior_thigh", "left.lateral_foot"])
            .unwrap_or_else(|e| panic!("areas: {e:?}"));
        let result = crate::lookup::lookup(&kb, &selection);
        app.select(selection.areas);
        let signs = sign_salts(&result);
        assert!(signs.len() >= 8, "the whole checklist: {signs:?}");
        let ctx = egui::Context::default();
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0))),
            ..Default::default()
        };
        let mut frame = |ctx: &egui::Context| {
            lazy::take_skipped();
            let mut output = ctx.run_ui(input(), |ui| app.show(ui));
            output.textures_delta.clear();
            lazy::take_skipped().into_iter().filter(|salt| signs.contains(salt)).collect::<Vec<_>>()
        };
        for _ in 0..3 {
            frame(&ctx);
        }
        // On a 720-point screen the banners and the first signs fill the panel.
        let skipped = frame(&ctx);
        assert!(!skipped.contains(&signs[0]), "the first sign is in view: {skipped:?}");
        assert!(skipped.contains(&signs[signs.len() - 1]), "the last sign is scrolled away: {skipped:?}");
        assert!(skipped.len() * 2 > signs.len(), "most signs are out of view: {skipped:?} of {signs:?}");
        // A screen reader reads the whole list, in view or not.
        ctx.enable_accesskit();
        frame(&ctx);
        assert_eq!(frame(&ctx), Vec::<String>::new(), "every sign for the screen reader");
    }
}
