//! The left panel: the selected areas with their intensity (and a search to mark one by name),
//! the root profile cards L1–S5 and the nerves, each of which traces its pathway on the drawing.

use super::lazy;
use super::state::{Action, SelectionAction, UiState};
use super::style::Accent;
use crate::knowledge::{KnowledgeBase, LinkKind};
use crate::lookup::{AreaRef, LookupResult, all_area_refs, closest};
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
        // Below the root cards: out of view unless scrolled to (see `lazy`).
        let nerves_key = lazy::key((std::ptr::from_ref(kb), &state.trace));
        lazy::block(ui, "nerves", nerves_key, |ui| nerves(ui, kb, state, actions));
        ui.add_space(8.0);
    });
}

fn selected_areas(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, actions: &mut Vec<Action>) {
    ui.heading("Where it hurts");
    find_area(ui, kb, state, actions);
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
        // Wrapped: in a narrow panel the numbness toggle goes to a line of its own.
        ui.horizontal_wrapped(|ui| {
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

/// Areas shown for a search at most (both sides of a few areas).
const MAX_FOUND: usize = 8;

/// "Find an area": type part of a name ("heel"), then click one of the areas listed or press
/// Enter for the first. The text is this panel's own, kept in egui's memory.
fn find_area(ui: &mut egui::Ui, kb: &KnowledgeBase, state: &UiState, actions: &mut Vec<Action>) {
    let id = ui.make_persistent_id("find-area");
    let mut query = ui.data(|d| d.get_temp::<String>(id)).unwrap_or_default();
    let response = ui
        .add(egui::TextEdit::singleline(&mut query).hint_text("Find an area, e.g. heel").desired_width(f32::INFINITY));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find an area"));
    let (found, exact) = areas_matching(kb, &query);
    let mut chosen = None;
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        chosen = found.first().cloned();
    }
    if !query.trim().is_empty() {
        if !exact && !found.is_empty() {
            ui.label(egui::RichText::new("No area by that name; did you mean:").small().weak());
        } else if found.is_empty() {
            ui.label(egui::RichText::new("No area by that name.").small().weak());
        }
        for area in &found {
            let label = area.label(kb);
            let marked = state.is_selected(area);
            let text = if marked { format!("{label} (marked)") } else { label.clone() };
            let button = ui.selectable_label(marked, text).on_hover_text("Mark this area");
            button.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, marked, &label));
            if button.clicked() {
                chosen = Some(area.clone());
            }
        }
        ui.add_space(4.0);
    }
    if let Some(area) = chosen {
        // Finding marks the area; one already marked stays marked.
        if !state.is_selected(&area) {
            actions.push(Action::Selection(SelectionAction::ToggleArea(area)));
        }
        query.clear();
    }
    ui.data_mut(|d| d.insert_temp(id, query));
}

/// The areas whose name holds every word of `query` (then those whose description does), or,
/// when none does, the closest names by spelling; and whether the match was by the words.
fn areas_matching(kb: &KnowledgeBase, query: &str) -> (Vec<AreaRef>, bool) {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return (Vec::new(), true);
    }
    let areas = all_area_refs(kb);
    let holds_all = |text: &str| {
        let text = text.to_lowercase();
        words.iter().all(|w| text.contains(w.as_str()))
    };
    let description = |area: &AreaRef| kb.area(&area.base).map_or("", |a| a.description.as_str());
    let by_name = areas.iter().filter(|a| holds_all(&a.label(kb)));
    let by_description =
        areas.iter().filter(|a| !holds_all(&a.label(kb)) && holds_all(&format!("{} {}", a.label(kb), description(a))));
    let found: Vec<AreaRef> = by_name.chain(by_description).take(MAX_FOUND).cloned().collect();
    if !found.is_empty() {
        return (found, true);
    }
    // A misspelling ("heal"): the nearest names without their side, then both sides of each.
    let names = kb.areas.iter().map(|a| a.label.clone());
    let near = closest(query.trim(), names, 2);
    let found = areas
        .into_iter()
        .filter(|a| kb.area(&a.base).is_some_and(|d| near.contains(&d.label)))
        .take(MAX_FOUND)
        .collect();
    (found, false)
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
        // Only the cards in view are laid out (see `lazy`); the focus and the score change them.
        let card_key = lazy::key((std::ptr::from_ref(kb), focused, score.to_bits()));
        lazy::block(ui, ("root-card", &root.id), card_key, |ui| root_card(ui, root, focused, score, stroke, actions));
    }
}

/// One root's card: its name and evidence band, where its skin is, its key point, muscle and
/// reflex; a click traces it.
fn root_card(
    ui: &mut egui::Ui,
    root: &crate::knowledge::Root,
    focused: bool,
    score: f32,
    stroke: egui::Stroke,
    actions: &mut Vec<Action>,
) {
    let item = Item::Root(root.id.clone());
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
                // Wrapped: a long name under a deep indent would run past a narrow panel.
                let response = ui.add(egui::Button::selectable(focused, &nerve.name).wrap()).on_hover_text(format!(
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
