//! The left panel: the selected areas with their intensity, the root profile cards L1–S5 and the
//! nerves, each of which traces its pathway on the drawing.

use super::state::{Action, SelectionAction, UiState};
use super::style::Accent;
use crate::knowledge::{KnowledgeBase, LinkKind};
use crate::lookup::LookupResult;
use crate::pathway::Item;

pub fn show(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, result: &LookupResult, actions: &mut Vec<Action>) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        selected_areas(ui, kb, state, actions);
        ui.add_space(8.0);
        ui.separator();
        roots(ui, kb, state, result, actions);
        ui.add_space(8.0);
        ui.separator();
        nerves(ui, kb, state, actions);
        ui.add_space(8.0);
    });
}

fn selected_areas(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, actions: &mut Vec<Action>) {
    ui.heading("Where it hurts");
    if state.selection.is_empty() {
        ui.label(egui::RichText::new("Click the body map to mark painful areas. Several areas can be marked.").weak());
        return;
    }
    for selected in &state.selection {
        let label = selected.area.label(kb);
        ui.horizontal(|ui| {
            let remove = ui.small_button("×").on_hover_text("Remove");
            remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Remove {label}")));
            if remove.clicked() {
                actions.push(Action::Selection(SelectionAction::RemoveArea(selected.area.clone())));
            }
            ui.label(egui::RichText::new(&label).strong());
        });
        ui.horizontal(|ui| {
            ui.add_space(24.0);
            // An area nobody rated shows no level: what is shown is what is saved (and printed).
            // Its slider is greyed at the bottom; the first touch sets the level.
            let rated = selected.intensity.is_some();
            let mut level = i32::from(selected.intensity.unwrap_or(0));
            ui.spacing_mut().slider_width = (ui.available_width() - 240.0).clamp(60.0, 140.0);
            let response = ui
                .scope(|ui| {
                    if !rated {
                        ui.set_opacity(0.45);
                    }
                    let slider = egui::Slider::new(&mut level, 0..=10).show_value(rated);
                    ui.add(slider).on_hover_text(if rated {
                        "Pain level, 0 (none) to 10 (worst imaginable)"
                    } else {
                        "Not rated yet: click or drag to set a pain level, 0 to 10"
                    })
                })
                .inner;
            ui.label(if rated {
                egui::RichText::new("pain")
            } else {
                egui::RichText::new("not rated").weak().italics()
            });
            response.widget_info(|| {
                let mut info = egui::WidgetInfo::labeled(egui::Role::Slider, true, format!("{label} intensity"));
                info.value = rated.then(|| f64::from(level));
                info.current_text_value = (!rated).then(|| "not rated".to_string());
                info
            });
            // A click at the slider's very start changes no value, yet rates the area 0.
            let first_touch = !rated && (response.clicked() || response.drag_stopped());
            if response.changed() || first_touch {
                actions.push(Action::Selection(SelectionAction::SetIntensity(
                    selected.area.clone(),
                    u8::try_from(level).ok(),
                )));
            }
            // Numbness is recorded apart from pain: it weighs nerve evidence up, muscle referral down.
            let mut numb = selected.numb;
            let toggle = ui.checkbox(&mut numb, "numb / tingling").on_hover_text(
                "Mark numbness or tingling here (with or without pain). Saddle numbness is an emergency.",
            );
            toggle.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::CheckBox, true, numb, format!("{label} numb or tingling"))
            });
            if toggle.changed() {
                actions.push(Action::Selection(SelectionAction::SetNumb(selected.area.clone(), numb)));
            }
        });
    }
}

fn roots(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, result: &LookupResult, actions: &mut Vec<Action>) {
    ui.heading("Nerve roots");
    ui.label(egui::RichText::new("Click a root to show its dermatome and the nerves it feeds.").small().weak());
    for root in &kb.roots {
        let item = Item::Root(root.id.clone());
        let focused = state.trace.as_ref() == Some(&item);
        let score = result.score_of(&root.id);
        let stroke = if focused {
            egui::Stroke::new(2.0, Accent::FOCUS)
        } else if score > 0.0 {
            egui::Stroke::new(1.5, Accent::kind(LinkKind::Root).gamma_multiply(0.4 + 0.6 * score))
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        let frame = egui::Frame::group(ui.style()).stroke(stroke).inner_margin(egui::Margin::same(8));
        let response = frame
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let dot = crate::geometry::dermatome_color(&root.id).color32();
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().circle_filled(rect.center(), 6.0, dot);
                    ui.label(egui::RichText::new(&root.name).strong());
                    if score > 0.0 {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(egui::RichText::new(crate::lookup::Band::of(score).label()).small());
                        });
                    }
                });
                // One text job for the four lines: nine cards of separate widgets cost a
                // noticeable share of every frame.
                let mut job = egui::text::LayoutJob::default();
                let small = egui::FontId::proportional(12.5);
                let (weak, strong) = (ui.visuals().weak_text_color(), ui.visuals().text_color());
                for (i, (label, text)) in [
                    ("Skin", &root.skin_area),
                    ("Key point", &root.key_sensory_point),
                    ("Key muscle", &root.key_muscle),
                    ("Reflex", &root.reflex),
                ]
                .into_iter()
                .enumerate()
                {
                    let prefix = if i == 0 { "" } else { "\n" };
                    job.append(&format!("{prefix}{label}: "), 0.0, egui::TextFormat::simple(small.clone(), weak));
                    job.append(text, 0.0, egui::TextFormat::simple(small.clone(), strong));
                }
                job.wrap.max_width = ui.available_width();
                ui.label(job);
            })
            .response;
        let response = ui.interact(response.rect, ui.make_persistent_id(("root-card", &root.id)), egui::Sense::click());
        response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, focused, &root.name));
        if response.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        if response.clicked() {
            actions.push(Action::Selection(SelectionAction::ToggleTrace(item)));
        }
    }
}

fn nerves(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, actions: &mut Vec<Action>) {
    ui.heading("Nerves");
    ui.label(egui::RichText::new("Click a nerve to trace it from the roots to the skin.").small().weak());
    for (title, sciatic) in [("Sciatic nerve and branches", true), ("Neighbours (not sciatic)", false)] {
        ui.add_space(4.0);
        ui.label(egui::RichText::new(title).small().strong());
        for nerve in kb.nerves.iter().filter(|n| (n.sciatic || n.accompanies_sciatic) == sciatic) {
            let item = Item::Nerve(nerve.id.clone());
            let focused = state.trace.as_ref() == Some(&item);
            let depth = depth(kb, &nerve.id);
            ui.horizontal(|ui| {
                ui.add_space(12.0 * depth as f32);
                let response = ui.selectable_label(focused, &nerve.name).on_hover_text(format!(
                    "Roots {} · {}",
                    kb.root_range(&nerve.roots),
                    nerve.skin
                ));
                if response.clicked() {
                    actions.push(Action::Selection(SelectionAction::ToggleTrace(item.clone())));
                }
            });
        }
    }
}

fn depth(kb: &KnowledgeBase, id: &str) -> usize {
    let mut depth = 0;
    let mut at = kb.nerve(id);
    while let Some(parent) = at.and_then(|n| n.parent.as_deref()) {
        depth += 1;
        at = kb.nerve(parent);
        if depth > kb.nerves.len() {
            break;
        }
    }
    depth
}
