//! Teach mode: a presenter view of the pathway for the current selection — spine → plexus →
//! sciatic nerve → branch → skin — one step at a time, in large type, with the step lit on the
//! drawing. The window's other controls are hidden; arrow keys step, Esc leaves.

use super::body_map;
use super::map_view::MapView;
use super::state::{Action, Settings, Teach, TeachAction, UiState};
use super::style::Accent;
use crate::geometry::BodyMap;
use crate::knowledge::{CauseKind, KnowledgeBase};
use crate::pathway::Item;

pub struct Input<'a> {
    pub kb: &'a KnowledgeBase,
    pub map: &'a BodyMap,
    pub settings: &'a Settings,
    pub state: &'a UiState,
    pub teach: &'a Teach,
}

/// Large type for a room: sizes in points.
const TITLE_SIZE: f32 = 34.0;
const TEXT_SIZE: f32 = 24.0;
const STEP_LIST_SIZE: f32 = 18.0;

/// Draws teach mode (the drawing pans, zooms and hovers `map_view`); returns the rectangle of the
/// drawing.
pub fn show(ui: &mut egui::Ui, input: &Input<'_>, map_view: &mut MapView, actions: &mut Vec<Action>) -> egui::Rect {
    let teach = input.teach;
    let step_count = teach.steps.len();
    let current = teach.steps.get(teach.step);

    egui::Panel::top("teach-bar").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("Teach mode").size(20.0).strong());
            ui.separator();
            subject_picker(ui, input, actions);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(egui::RichText::new("Leave teach mode (Esc)").size(16.0)).clicked() {
                    actions.push(Action::Teach(TeachAction::Exit));
                }
                ui.label(egui::RichText::new("Arrow keys step through").size(16.0).weak());
            });
        });
        ui.add_space(6.0);
    });

    egui::Panel::bottom("teach-step").show(ui, |ui| {
        ui.add_space(10.0);
        match current {
            Some(step) => {
                ui.label(
                    egui::RichText::new(format!("Step {} of {step_count}", teach.step + 1)).size(STEP_LIST_SIZE).weak(),
                );
                ui.label(egui::RichText::new(&step.title).size(TITLE_SIZE).strong());
                ui.add_space(4.0);
                ui.label(egui::RichText::new(&step.text).size(TEXT_SIZE));
                if !step.sources.is_empty() {
                    let sources: Vec<&str> = step.sources.iter().map(|s| &**s).collect();
                    ui.label(egui::RichText::new(format!("Sources: {}", sources.join(", "))).size(14.0).weak());
                }
            }
            None => {
                ui.label(egui::RichText::new("No pathway to show for this item.").size(TEXT_SIZE));
            }
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let back = ui.add_enabled(teach.step > 0, egui::Button::new(egui::RichText::new("Back").size(22.0)));
            if back.clicked() {
                actions.push(Action::Teach(TeachAction::Step(-1)));
            }
            let more = teach.step + 1 < step_count;
            let next = ui.add_enabled(more, egui::Button::new(egui::RichText::new("Next").size(22.0)));
            if next.clicked() {
                actions.push(Action::Teach(TeachAction::Step(1)));
            }
        });
        ui.add_space(10.0);
    });

    egui::Panel::left("teach-steps").default_size(300.0).resizable(false).show(ui, |ui| {
        ui.add_space(8.0);
        ui.label(egui::RichText::new("The pathway").size(STEP_LIST_SIZE).strong());
        ui.add_space(4.0);
        for (i, step) in teach.steps.iter().enumerate() {
            let text = egui::RichText::new(format!("{}. {}", i + 1, step.title)).size(STEP_LIST_SIZE);
            let text = if i == teach.step { text.strong().color(Accent::FOCUS) } else { text };
            let response = ui.selectable_label(i == teach.step, text);
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Go to step {}: {}", i + 1, step.title))
            });
            if response.clicked() && i != teach.step {
                actions.push(Action::Teach(TeachAction::Goto(i)));
            }
        }
    });

    let mut rect = egui::Rect::NOTHING;
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let highlight = current.map(|s| s.highlight.clone()).unwrap_or_default();
        let map_input = body_map::Input {
            kb: input.kb,
            map: input.map,
            settings: input.settings,
            state: input.state,
            highlight: &highlight,
        };
        // The drawing is for looking at here: pan and zoom work, clicks do not change the
        // patient's selection or the trace mid-presentation, so its actions are dropped.
        rect = body_map::show(ui, &map_input, map_view, &mut Vec::new());
    });
    rect
}

fn subject_picker(ui: &mut egui::Ui, input: &Input<'_>, actions: &mut Vec<Action>) {
    let subjects = &input.teach.subjects;
    let name = |item: &Item| {
        let kind = match item {
            Item::Root(_) => "root",
            Item::Nerve(_) => "nerve",
            Item::Muscle(_) => "muscle",
            Item::Cause(id) if input.kb.cause(id).is_some_and(|c| c.kind == CauseKind::Entrapment) => "entrapment",
            Item::Cause(_) => "cause",
            Item::Area(_) => "area",
        };
        format!("{} ({kind})", item.name(input.kb))
    };
    ui.label(egui::RichText::new("Story of").size(16.0));
    let mut chosen = input.teach.subject.clone();
    egui::ComboBox::from_id_salt("teach-subject")
        .selected_text(egui::RichText::new(name(&chosen)).size(16.0))
        .width(360.0)
        .show_ui(ui, |ui| {
            for subject in subjects {
                ui.selectable_value(&mut chosen, subject.clone(), name(subject));
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Story of"));
    if chosen != input.teach.subject {
        actions.push(Action::Teach(TeachAction::Subject(chosen)));
    }
}
