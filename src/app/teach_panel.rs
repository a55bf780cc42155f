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

/// Large type for a room: sizes in points, and a little smaller on a short screen (a laptop at
/// 1280 x 720), where the story still fits beside the drawing.
struct TypeSizes {
    title: f32,
    text: f32,
    step_list: f32,
}

const LARGE: TypeSizes = TypeSizes { title: 34.0, text: 24.0, step_list: 18.0 };
const COMPACT: TypeSizes = TypeSizes { title: 27.0, text: 20.0, step_list: 16.0 };

/// Below this height (points) teach mode uses the compact type.
const COMPACT_BELOW_HEIGHT: f32 = 820.0;

/// Draws teach mode (the drawing pans, zooms and hovers `map_view`); returns the rectangle of the
/// drawing.
///
/// The drawing is taller than it is wide, so the story sits in a column beside it and the
/// drawing keeps the window's full height; a short window gets smaller type.
pub fn show(ui: &mut egui::Ui, input: &Input<'_>, map_view: &mut MapView, actions: &mut Vec<Action>) -> egui::Rect {
    let teach = input.teach;
    let current = teach.steps.get(teach.step);

    super::show_panel(egui::Panel::top("teach-bar"), ui, |ui| {
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

    let sizes = if ui.available_height() < COMPACT_BELOW_HEIGHT { &COMPACT } else { &LARGE };
    let column = (ui.available_width() * 0.3).clamp(280.0, 460.0);
    let story = egui::Panel::left("teach-story").exact_size(column).resizable(false);
    super::show_panel(story, ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(10.0);
            story_step(ui, input.kb, sizes, teach, actions);
            ui.add_space(12.0);
            ui.separator();
            step_list(ui, sizes, teach, actions);
        });
    });

    body_map::central_panel(ui, |ui| {
        // Lit on the marked side only for a patient marked on one side, as a trace is.
        let side = crate::pathway::one_side(&input.state.selection);
        let highlight = current.map(|s| s.highlight.clone().on_side(side)).unwrap_or_default();
        let map_input = body_map::Input {
            kb: input.kb,
            map: input.map,
            settings: input.settings,
            state: input.state,
            highlight: &highlight,
            comparison: None,
        };
        // The drawing is for looking at here: pan and zoom work, clicks do not change the
        // patient's selection or the trace mid-presentation, so its actions are dropped.
        body_map::show(ui, &map_input, map_view, &mut Vec::new())
    })
}

/// The step shown: where it is in the story, its title and text in large type, its sources,
/// and Back and Next.
fn story_step(ui: &mut egui::Ui, kb: &KnowledgeBase, sizes: &TypeSizes, teach: &Teach, actions: &mut Vec<Action>) {
    let step_count = teach.steps.len();
    match teach.steps.get(teach.step) {
        Some(step) => {
            ui.label(
                egui::RichText::new(format!("Step {} of {step_count}", teach.step + 1)).size(sizes.step_list).weak(),
            );
            ui.label(egui::RichText::new(&step.title).size(sizes.title).strong());
            ui.add_space(4.0);
            ui.label(egui::RichText::new(&step.text).size(sizes.text));
            if !step.sources.is_empty() {
                let sources = crate::lookup::short_citations(kb, &step.sources);
                ui.label(egui::RichText::new(format!("Sources: {sources}")).size(14.0).weak());
            }
        }
        None => {
            ui.label(egui::RichText::new("No pathway to show for this item.").size(sizes.text));
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
}

/// Every step of the story, the one shown marked; a click goes to a step.
fn step_list(ui: &mut egui::Ui, sizes: &TypeSizes, teach: &Teach, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.label(egui::RichText::new("The pathway").size(sizes.step_list).strong());
    ui.add_space(4.0);
    for (i, step) in teach.steps.iter().enumerate() {
        let text = egui::RichText::new(format!("{}. {}", i + 1, step.title)).size(sizes.step_list);
        let text = if i == teach.step { text.strong().color(Accent::FOCUS) } else { text };
        let response = ui.selectable_label(i == teach.step, text);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Go to step {}: {}", i + 1, step.title))
        });
        if response.clicked() && i != teach.step {
            actions.push(Action::Teach(TeachAction::Goto(i)));
        }
    }
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
