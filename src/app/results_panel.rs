//! The right panel: the look-up of the selection — red flags (not dismissable while they apply),
//! ranked candidates with their evidence, notes, and exercise cards with filters.

use super::state::{Action, Session, Settings};
use super::style::Accent;
use crate::knowledge::{Exercise, ExerciseKind, KnowledgeBase, LinkKind, Position, Urgency};
use crate::lookup::{self, Candidate, LookupResult};
use crate::geometry::humanize;
use crate::pathway::Focus;
use crate::report::{dosage_text, urgency_label};

/// How many candidates show before "show all".
const TOP_CANDIDATES: usize = 8;
/// How many exercise cards show before "show all".
const TOP_EXERCISES: usize = 10;

pub fn show(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    session: &Session,
    result: &LookupResult,
    actions: &mut Vec<Action>,
) {
    // Long names wrap instead of widening the panel over the body map.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    // The banner stays above the scroll area so it is always in view.
    red_flags(ui, result);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        if result.areas.is_empty() {
            intro(ui);
        } else {
            candidates(ui, session, result, actions);
            ui.add_space(6.0);
            notes(ui, result);
        }
        ui.add_space(10.0);
        exercises(ui, kb, settings, session, result, actions);
        ui.add_space(12.0);
    });
}

fn red_flags(ui: &mut egui::Ui, result: &LookupResult) {
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
                ui.label(egui::RichText::new(urgency_label(flag.urgency).to_uppercase()).strong().color(egui::Color32::WHITE));
                ui.label(egui::RichText::new(&flag.text).color(egui::Color32::WHITE));
                ui.label(egui::RichText::new(&flag.advice).strong().color(egui::Color32::WHITE));
                ui.label(
                    egui::RichText::new(format!("Raised by: {} · Sources: {}", flag.because, flag.sources.join(", ")))
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
}

fn intro(ui: &mut egui::Ui) {
    ui.heading("Where does it hurt?");
    ui.label(
        "Click one or more areas on the body map. The explorer then lists the nerve roots, nerves, \
         entrapment sites, muscles and spinal causes that can produce pain there — most plausible \
         first, each with its evidence — and the exercises that fit.",
    );
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Click a root or nerve on the left to trace it from the spine to the skin.").weak());
}

fn candidates(ui: &mut egui::Ui, session: &Session, result: &LookupResult, actions: &mut Vec<Action>) {
    ui.heading("Possible sources");
    ui.label(egui::RichText::new("Most plausible first. Click one to see it on the drawing.").small().weak());
    ui.add_space(4.0);
    let shown = if session.show_all_candidates { result.candidates.len() } else { TOP_CANDIDATES };
    for candidate in result.candidates.iter().take(shown) {
        candidate_row(ui, session, candidate, actions);
    }
    if result.candidates.len() > TOP_CANDIDATES {
        let label = if session.show_all_candidates {
            "Show fewer".to_string()
        } else {
            format!("Show all {} sources", result.candidates.len())
        };
        if ui.link(label).clicked() {
            actions.push(Action::ShowAllCandidates(!session.show_all_candidates));
        }
    }
}

fn kind_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Root => "root",
        LinkKind::Nerve => "nerve",
        LinkKind::Entrapment => "entrapment",
        LinkKind::Muscle => "muscle",
        LinkKind::Cause => "cause",
    }
}

fn candidate_row(ui: &mut egui::Ui, session: &Session, candidate: &Candidate, actions: &mut Vec<Action>) {
    let focus = Focus::new(candidate.kind, &*candidate.id);
    let focused = session.focus.as_ref() == Some(&focus);
    let color = Accent::kind(candidate.kind);
    ui.horizontal(|ui| {
        chip(ui, kind_label(candidate.kind), color);
        let response = ui.add(egui::Button::selectable(focused, egui::RichText::new(&*candidate.name).strong()).wrap());
        if response.clicked() {
            actions.push(Action::ToggleFocus(focus.clone()));
        }
    });
    // Score bar.
    let width = ui.available_width().min(380.0);
    let (rect, bar) = ui.allocate_exact_size(egui::vec2(width, 8.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 4.0, ui.visuals().faint_bg_color.gamma_multiply(2.0));
    let mut filled = rect;
    filled.set_width(rect.width() * candidate.score.clamp(0.0, 1.0));
    painter.rect_filled(filled, 4.0, color);
    bar.on_hover_text(format!("Score {:.2} of 1", candidate.score))
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, format!("{} score {:.0} %", candidate.name, candidate.score * 100.0)));
    egui::CollapsingHeader::new(egui::RichText::new(format!("Why · {:.0} %", candidate.score * 100.0)).small())
        .id_salt(("why", &candidate.id))
        .show(ui, |ui| {
            for reason in &candidate.why {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    ui.label(egui::RichText::new("•").weak());
                    ui.label(egui::RichText::new(&reason.text).small());
                    ui.label(egui::RichText::new(format!("[{}]", reason.sources.join(", "))).small().weak());
                });
            }
        });
    ui.add_space(4.0);
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

fn notes(ui: &mut egui::Ui, result: &LookupResult) {
    for note in &result.notes {
        let strong = note.id == "l5_s1_overlap" || note.id.starts_with("outside_sciatic") || note.id == "seek_care_first";
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .corner_radius(6.0)
            .inner_margin(egui::Margin::same(8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let text = egui::RichText::new(note.text.as_str());
                ui.label(if strong { text } else { text.weak() });
                ui.label(egui::RichText::new(note.sources.join(", ")).small().weak());
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

fn exercises(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    settings: &Settings,
    session: &Session,
    result: &LookupResult,
    actions: &mut Vec<Action>,
) {
    let matching = !result.areas.is_empty();
    ui.heading(if matching { "Exercises that fit" } else { "All exercises" });
    filters(ui, kb, settings, session, actions);
    let filter = settings.exercise_filter(&session.exercise_search);
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
    let shown = if session.show_all_exercises { list.len() } else { TOP_EXERCISES };
    for (i, (exercise, hit)) in list.iter().take(shown).enumerate() {
        let planned = session.plan.has_exercise(&exercise.id);
        exercise_card(ui, kb, exercise, *hit, i < 2 && matching, planned, actions);
    }
    if list.len() > TOP_EXERCISES {
        let label = if session.show_all_exercises { "Show fewer".to_string() } else { format!("Show all {} exercises", list.len()) };
        if ui.link(label).clicked() {
            actions.push(Action::ShowAllExercises(!session.show_all_exercises));
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

fn filters(ui: &mut egui::Ui, kb: &KnowledgeBase, settings: &Settings, session: &Session, actions: &mut Vec<Action>) {
    let mut kind = settings.exercise_kind;
    let mut position = settings.exercise_position;
    let mut equipment = settings.exercise_equipment.clone();
    let mut in_bed = settings.exercise_in_bed;
    ui.horizontal_wrapped(|ui| {
        optional_combo(ui, "exercise-kind", "Exercise kind", "Any kind", &mut kind, &KINDS);
        optional_combo(ui, "exercise-position", "Exercise position", "Any position", &mut position, &POSITIONS);
        let mut all_equipment: Vec<&str> = kb.exercises.iter().flat_map(|e| e.equipment.iter().map(String::as_str)).collect();
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
        actions.push(Action::SetExerciseFilter { kind, position, equipment, in_bed });
    }
    let mut search = session.exercise_search.clone();
    let response = ui.add(egui::TextEdit::singleline(&mut search).hint_text("Search exercises…").desired_width(ui.available_width()));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search exercises"));
    if response.changed() {
        actions.push(Action::SetExerciseSearch(search));
    }
}

fn exercise_card(
    ui: &mut egui::Ui,
    kb: &KnowledgeBase,
    exercise: &Exercise,
    hit: Option<&lookup::ExerciseHit>,
    open: bool,
    planned: bool,
    actions: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style()).inner_margin(egui::Margin::same(8)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = match hit {
            Some(hit) => format!("{}  ·  fit {:.0} %", exercise.name, hit.score * 100.0),
            None => exercise.name.clone(),
        };
        // A custom header so long names wrap instead of widening the panel.
        let id = ui.make_persistent_id(("exercise", &exercise.id));
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, open)
            .show_header(ui, |ui| {
                let response = ui.add(egui::Label::new(egui::RichText::new(&title).strong()).wrap().sense(egui::Sense::click()));
                if response.clicked() {
                    let mut state = egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, open);
                    state.toggle(ui);
                    state.store(ui.ctx());
                }
            })
            .body(|ui| {
                let (label, hover) = if planned {
                    ("In the plan (click to remove)", "Remove from the patient's plan")
                } else {
                    ("+ Add to plan", "Add to the patient's plan and handout")
                };
                let button = ui.add(egui::Button::new(label).selected(planned)).on_hover_text(hover);
                let name = if planned { format!("Remove {} from the plan", exercise.name) } else { format!("Add {} to the plan", exercise.name) };
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if button.clicked() {
                    actions.push(Action::TogglePlanExercise(exercise.id.clone()));
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
                        let source = kb.source(&dose.source).map_or(dose.source.as_str(), |s| s.id.as_str());
                        ui.label(format!("{} — {}", dosage_text(dose), source));
                    }
                }
                if !exercise.cautions.is_empty() {
                    ui.add_space(2.0);
                    ui.label(egui::RichText::new("Cautions").strong().color(Accent::SOON));
                    for caution in exercise.cautions.iter() {
                        ui.label(format!("• {caution}"));
                    }
                }
                if let Some(note) = &exercise.note {
                    ui.label(egui::RichText::new(note).small().italics().weak());
                }
                let sources: Vec<String> = exercise
                    .cites
                    .iter()
                    .map(|c| match &c.section {
                        Some(section) => format!("{} ({section})", c.id),
                        None => c.id.to_string(),
                    })
                    .collect();
                ui.label(egui::RichText::new(format!("Sources: {}", sources.join("; "))).small().weak());
            });
    });
    ui.add_space(4.0);
}
