//! The explorer window. Panels (one file each) read the state and return [`Action`]s, which are
//! applied after the frame; the look-up result is recomputed only when the selection changes.

mod anatomy_panel;
mod body_map;
mod results_panel;
pub mod screenshot;
pub mod state;
mod style;
mod toolbar;

use std::sync::Arc;

use crate::geometry::BodyMap;
use crate::knowledge::KnowledgeBase;
use crate::lookup::{self, LookupResult, SelectedArea, Selection};
use crate::pathway::{self, Highlight};
pub use state::{Action, LayerToggles, Session, Settings, SkinMap, ThemeChoice, Variant, ViewMode};

/// The key under which [`Settings`] are persisted.
pub const SETTINGS_KEY: &str = "sciatica-explorer.settings";

/// The persisted settings, or the defaults when none are stored or the stored ones no longer
/// parse (an older or newer version, a damaged file): never an error, never a crash.
pub fn settings_from_storage(storage: Option<&dyn eframe::Storage>) -> Settings {
    storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY)).unwrap_or_default()
}

/// Writes the settings to eframe's storage.
pub fn save_settings(storage: &mut dyn eframe::Storage, settings: &Settings) {
    eframe::set_value(storage, SETTINGS_KEY, settings);
}

/// The whole window: knowledge, drawing, persisted settings and this run's session.
pub struct ExplorerApp {
    pub kb: Arc<KnowledgeBase>,
    pub map: &'static BodyMap,
    pub settings: Settings,
    pub session: Session,
    result: LookupResult,
    highlight: Highlight,
    /// Whether settings should be written back to storage (off for screenshots and tests).
    persist: bool,
    screenshot: Option<screenshot::Job>,
    exit_after_first_frame: bool,
}

impl ExplorerApp {
    /// A window over `kb` and `map` with the given settings.
    pub fn new(kb: Arc<KnowledgeBase>, map: &'static BodyMap, settings: Settings) -> Self {
        let result = lookup::lookup(&kb, &Selection::default());
        ExplorerApp {
            kb,
            map,
            settings,
            session: Session::default(),
            result,
            highlight: Highlight::default(),
            persist: false,
            screenshot: None,
            exit_after_first_frame: false,
        }
    }

    /// Creates the app from eframe's creation context, restoring persisted settings when they
    /// still fit (a stored state that no longer parses is ignored).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, kb: Arc<KnowledgeBase>, map: &'static BodyMap) -> Self {
        let mut app = ExplorerApp::new(kb, map, settings_from_storage(cc.storage));
        app.persist = true;
        app
    }

    /// Selects areas (used by `--select` and tests).
    pub fn select(&mut self, areas: Vec<SelectedArea>) {
        self.session.selection = areas;
        self.refresh();
    }

    /// Renders the window and saves a PNG, then closes (the `--screenshot` mode).
    pub fn with_screenshot(mut self, job: screenshot::Job) -> Self {
        self.screenshot = Some(job);
        self.persist = false;
        self.session.ignore_pointer = true;
        self
    }

    /// The current look-up result (recomputed when the selection changes).
    pub fn result(&self) -> &LookupResult {
        &self.result
    }

    /// What is currently emphasised on the drawing.
    pub fn highlight(&self) -> &Highlight {
        &self.highlight
    }

    fn refresh(&mut self) {
        let selection = Selection { areas: self.session.selection.clone() };
        self.result = lookup::lookup(&self.kb, &selection);
        self.highlight = match &self.session.focus {
            Some(focus) => pathway::highlight(&self.kb, focus),
            None => Highlight::default(),
        };
    }

    /// Draws every panel into `ui` and applies what they ask for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        style::apply(ui.ctx(), self.settings.theme);
        let mut actions = Vec::new();
        egui::Panel::top("toolbar").show(ui, |ui| toolbar::show(ui, &self.settings, &self.session, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        // Side panels take a share of the window so the body map keeps the most room.
        let width = ui.available_width();
        egui::Panel::left("anatomy")
            .resizable(true)
            .default_size((width * 0.17).clamp(200.0, 280.0))
            .size_range(190.0..=(width * 0.24).max(190.0))
            .show(ui, |ui| anatomy_panel::show(ui, &self.kb, &self.session, &self.result, &mut actions));
        egui::Panel::right("results")
            .resizable(true)
            .default_size((width * 0.27).clamp(300.0, 440.0))
            .size_range(280.0..=(width * 0.34).max(280.0))
            .show(ui, |ui| results_panel::show(ui, &self.kb, &self.settings, &self.session, &self.result, &mut actions));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let input = body_map::Input {
                kb: &self.kb,
                map: self.map,
                settings: &self.settings,
                session: &self.session,
                highlight: &self.highlight,
            };
            body_map::show(ui, &input, &mut actions);
        });
        self.handle_keys(ui.ctx(), &mut actions);
        for action in actions {
            self.apply(action);
        }
        if let Some(job) = &mut self.screenshot {
            job.step(ui.ctx());
        }
        if self.exit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new("Education, not a diagnosis — see a clinician for an examination.")
                    .small()
                    .color(ui.visuals().weak_text_color()),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let hint = if let Some(area) = &self.session.hovered_area {
                    area.label(&self.kb)
                } else if let Some(nerve) = &self.session.hovered_nerve {
                    self.kb.name_of(crate::knowledge::LinkKind::Nerve, nerve)
                } else {
                    "Click where it hurts · drag to pan · scroll to zoom · Tab to move between areas".to_string()
                };
                ui.label(egui::RichText::new(hint).small());
            });
        });
    }

    fn handle_keys(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        // Escape clears a trace; typing in a text field keeps its own keys.
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.session.focus.is_some() {
            actions.push(Action::SetFocus(None));
        }
    }

    /// Applies one action to settings or session.
    pub fn apply(&mut self, action: Action) {
        let mut selection_changed = false;
        match action {
            Action::ToggleArea(area) => {
                if self.session.is_selected(&area) {
                    self.session.selection.retain(|s| s.area != area);
                } else {
                    self.session.selection.push(SelectedArea { area, intensity: None });
                }
                selection_changed = true;
            }
            Action::SetHover { area, nerve } => {
                self.session.hovered_area = area;
                self.session.hovered_nerve = nerve;
            }
            Action::RemoveArea(area) => {
                self.session.selection.retain(|s| s.area != area);
                selection_changed = true;
            }
            Action::SetIntensity(area, intensity) => {
                if let Some(s) = self.session.selection.iter_mut().find(|s| s.area == area) {
                    s.intensity = intensity.map(|i| i.min(10));
                    selection_changed = true;
                }
            }
            Action::ClearSelection => {
                self.session.selection.clear();
                selection_changed = true;
            }
            Action::SetFocus(focus) => {
                self.session.focus = focus;
                selection_changed = true;
            }
            Action::ToggleFocus(focus) => {
                self.session.focus = if self.session.focus.as_ref() == Some(&focus) { None } else { Some(focus) };
                selection_changed = true;
            }
            Action::SetView(view) => self.settings.view = view,
            Action::SetLayers(layers) => self.settings.layers = layers,
            Action::SetTheme(theme) => self.settings.theme = theme,
            Action::SetVariant(variant) => self.settings.variant = variant,
            Action::Navigate { view, factor, anchor, pan } => {
                let nav = self.session.navigation_mut(view);
                let zoom = (nav.zoom * factor).clamp(state::MIN_ZOOM, state::MAX_ZOOM);
                let applied = zoom / nav.zoom;
                // Keep the point under the anchor fixed while zooming.
                nav.pan = anchor - (anchor - nav.pan) * applied + pan;
                nav.zoom = zoom;
            }
            Action::ResetNavigation => self.session.navigation = Default::default(),
            Action::SetExerciseFilter { kind, position, equipment, in_bed } => {
                self.settings.exercise_kind = kind;
                self.settings.exercise_position = position;
                self.settings.exercise_equipment = equipment;
                self.settings.exercise_in_bed = in_bed;
            }
            Action::SetExerciseSearch(text) => self.session.exercise_search = text,
            Action::ShowAllCandidates(all) => self.session.show_all_candidates = all,
            Action::ShowAllExercises(all) => self.session.show_all_exercises = all,
        }
        if selection_changed {
            self.refresh();
        }
    }
}

impl eframe::App for ExplorerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            save_settings(storage, &self.settings);
        }
    }
}

/// Opens the window (or renders a screenshot when `args.screenshot` is set); returns the exit code.
pub fn run(kb: KnowledgeBase, args: &crate::cli::WindowArgs) -> i32 {
    // The drawing is checked against the knowledge in use (a clinic's pack may differ), and lives
    // as long as the process, like the window.
    let map: &'static BodyMap = match BodyMap::for_knowledge(&kb) {
        Ok(map) => Box::leak(Box::new(map)),
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            return 1;
        }
    };
    let kb = Arc::new(kb);
    match &args.screenshot {
        Some(path) => screenshot::run(kb, map, args, path),
        None => {
            let exit_after_first_frame = args.exit_after_first_frame;
            let options = eframe::NativeOptions {
                viewport: egui::ViewportBuilder::default()
                    .with_title("Sciatica Explorer")
                    .with_inner_size([1500.0, 950.0])
                    .with_min_inner_size([900.0, 600.0]),
                ..Default::default()
            };
            let result = eframe::run_native(
                "Sciatica Explorer",
                options,
                Box::new(move |cc| {
                    let mut app = ExplorerApp::from_creation_context(cc, kb, map);
                    app.exit_after_first_frame = exit_after_first_frame;
                    Ok(Box::new(app))
                }),
            );
            match result {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: could not open the window: {e}");
                    1
                }
            }
        }
    }
}
