//! The explorer window. Panels (one file each) read the state and return [`Action`]s, which are
//! applied after the frame; the look-up result is recomputed only when the selection changes.

mod anatomy_panel;
pub mod args;
pub mod background;
pub mod body_map;
pub mod dialogs;
mod document;
pub mod figure_view;
pub mod file_dialog;
mod help;
pub mod keyboard;
mod lazy;
mod map_view;
mod modals;
mod plan_panel;
mod png_export;
pub mod progress_panel;
mod raster;
pub mod recovery;
mod rehearsal;
pub mod renderer;
mod results_panel;
pub mod screenshot;
pub mod state;
pub mod stored;
pub mod style;
mod teach_panel;
mod toolbar;
mod undo;
pub mod visits_panel;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::geometry::BodyMap;
use crate::knowledge::{DataError, KnowledgeBase};
use crate::lookup::{self, LookupResult, SelectedArea, Selection};
use crate::pathway::{self, Highlight};
use args::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE, WindowArgs};
use dialogs::Dialogs;
pub use state::{
    Action, FileCommand, HelpWindow, Layers, Navigation, Notice, Pending, PlanAction, PromptChoice, RecoveryChoice,
    SelectionAction, SettingAction, Settings, SideTab, SkinMap, TeachAction, ThemeChoice, UiState, ViewMode,
    VisitAction,
};

/// The name eframe files the app's settings under (and the recovery copy beside them).
pub const APP_ID: &str = "Sciatica Explorer";

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

/// The whole window: knowledge, drawing, persisted settings, the state panels share and the
/// state each panel keeps for itself.
pub struct ExplorerApp {
    pub kb: Arc<KnowledgeBase>,
    /// The drawing, checked against `kb`; replaced (and the old one dropped) when a clinic pack
    /// loads.
    pub map: Arc<BodyMap>,
    pub settings: Settings,
    pub ui_state: UiState,
    /// The body map's pan, zoom and hover (kept by the map panel, also in teach mode).
    map_view: map_view::MapView,
    /// The results panel's "show all" and search text.
    results_panel: results_panel::ResultsPanel,
    /// The exercise figures, loaded with `kb` (again when a clinic pack replaces it), and their
    /// cached pictures.
    figures: figure_view::FigureView,
    result: LookupResult,
    highlight: Highlight,
    /// Whether settings should be written back to storage (off for screenshots and tests).
    persist: bool,
    screenshot: Option<screenshot::Job>,
    exit_after_first_frame: bool,
    /// With `exit_after_first_frame`: the first frame has been laid out (and, once the next one
    /// starts, painted).
    first_frame_done: bool,
    /// With `exit_after_first_frame`: the moment the first frame was shown has been printed.
    first_frame_reported: bool,
    /// `--size` for the window: sent on the first frame, since eframe restores the stored size
    /// over the one the window is created with.
    requested_size: Option<egui::Vec2>,
    dialogs: Box<dyn Dialogs>,
    /// The window's own file dialog, open where the desktop has none, and what its answer is for.
    in_app_dialog: Option<(file_dialog::FileDialog, document::AfterDialog)>,
    /// A handout just written, offered to open in the browser for printing.
    print_offer: Option<PathBuf>,
    document: document::Document,
    /// Effects that need the egui context, queued by [`ExplorerApp::apply`] and run at the end of
    /// the frame.
    effects: Vec<Effect>,
    /// The window may close: the user answered the unsaved-changes prompt (or there was nothing
    /// to save).
    close_confirmed: bool,
    /// Where the body map was drawn last frame (the PNG export's "twice the size on screen").
    map_rect: egui::Rect,
    /// The panels' rectangles last frame, by name (layout tests).
    panel_rects: Vec<(&'static str, egui::Rect)>,
    /// The PNG export's size choice.
    png_export: png_export::PngExport,
    /// The outcome of a PNG export, reported by the thread that renders it.
    png_outcome: png_export::Outcome,
    /// The window title last sent, so it is sent only when it changes.
    title: String,
    /// The clinic pack in use, if any.
    pack: Option<PathBuf>,
    /// The crash-recovery copy of unsaved work (off in tests unless asked for).
    recovery: Option<recovery::Recovery>,
    /// Clinic packs and sessions loading on threads of their own, oldest first.
    jobs: Vec<background::Job>,
    /// Lets a finished job wake the window.
    waker: background::Waker,
    /// `--open`, `--select`, `--teach`, `--trace`: applied once the remembered clinic pack has
    /// loaded (the session may use its exercises).
    pending_start: Option<screenshot::StartArgs>,
    /// Undo and redo of the marked areas and the plan.
    history: undo::History,
    /// The visits strip's summaries.
    visits_panel: visits_panel::VisitsPanel,
    /// The Progress window's cached summaries.
    progress: progress_panel::ProgressPanel,
}

/// Something [`ExplorerApp::apply`] asks of the egui context.
#[derive(Clone, Debug, PartialEq)]
enum Effect {
    Copy(String),
    ExportPng(PathBuf),
    Close,
}

impl ExplorerApp {
    /// A window over `kb` and `map` with the given settings.
    pub fn new(kb: Arc<KnowledgeBase>, map: Arc<BodyMap>, settings: Settings) -> Self {
        let result = lookup::lookup(&kb, &Selection::default());
        ExplorerApp {
            kb,
            map,
            settings,
            ui_state: UiState::default(),
            map_view: map_view::MapView::default(),
            results_panel: results_panel::ResultsPanel::default(),
            figures: figure_view::FigureView::default(),
            result,
            highlight: Highlight::default(),
            persist: false,
            screenshot: None,
            exit_after_first_frame: false,
            first_frame_done: false,
            first_frame_reported: false,
            requested_size: None,
            // Tests get dialogs that answer "cancel"; the real window swaps in native ones.
            dialogs: Box::new(dialogs::ScriptedDialogs::default()),
            in_app_dialog: None,
            print_offer: None,
            document: document::Document::default(),
            effects: Vec::new(),
            close_confirmed: false,
            map_rect: egui::Rect::NOTHING,
            png_export: png_export::PngExport::default(),
            panel_rects: Vec::new(),
            png_outcome: Arc::new(Mutex::new(None)),
            title: String::new(),
            pack: None,
            recovery: None,
            jobs: Vec::new(),
            waker: background::Waker::default(),
            pending_start: None,
            history: undo::History::default(),
            visits_panel: visits_panel::VisitsPanel::default(),
            progress: progress_panel::ProgressPanel::default(),
        }
    }

    /// Keeps a recovery copy of unsaved work in `dir`, written at most every `interval`, and
    /// offers the copies earlier runs left behind — from the first frame on which nothing is
    /// loading (a remembered clinic pack may be what a copy needs).
    pub fn with_recovery(mut self, dir: PathBuf, interval: std::time::Duration) -> Self {
        self.recovery = Some(recovery::Recovery::new(dir, interval));
        self
    }

    /// Uses these dialogs (tests pass [`dialogs::ScriptedDialogs`]).
    pub fn with_dialogs(mut self, dialogs: Box<dyn Dialogs>) -> Self {
        self.dialogs = dialogs;
        self
    }

    /// Records that the knowledge in use includes the clinic pack at `dir`.
    pub fn with_pack(mut self, dir: Option<PathBuf>) -> Self {
        self.pack = dir;
        self
    }

    /// Creates the app from eframe's creation context, restoring persisted settings when they
    /// still fit (a stored state that no longer parses is ignored).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, kb: Arc<KnowledgeBase>, map: Arc<BodyMap>) -> Self {
        let mut app = ExplorerApp::new(kb, map, settings_from_storage(cc.storage))
            .with_dialogs(Box::new(dialogs::NativeDialogs::default()));
        app.persist = true;
        let _ = app.waker.set(cc.egui_ctx.clone());
        app
    }

    /// Takes the exercise figures the start loaded for this knowledge on the loader's thread (see
    /// `run`), so that the first frame does not load them; why they did not load, if they did
    /// not, goes to the status line.
    fn use_loaded_figures(&mut self, figures: figure_view::FigureView) {
        if let Some(problem) = &figures.problem {
            self.ui_state.status = problem.clone();
        }
        self.figures = figures;
    }

    /// At start: `--data` (already in the knowledge) wins; otherwise the pack chosen in the window
    /// last time is loaded again, in the background. One that no longer loads is reported and the
    /// built-in content used — the stored choice is kept, so fixing the pack brings it back next
    /// time.
    pub fn restore_pack(&mut self, cli_pack: Option<PathBuf>) {
        match (cli_pack, self.settings.clinic_pack.clone()) {
            (Some(dir), _) => self.pack = Some(dir),
            (None, Some(saved)) => self.load_pack(&saved),
            (None, None) => {}
        }
    }

    /// Applies the start arguments once nothing is loading: the session given with `--open` is
    /// read in the background, then the selection, teach mode and trace are applied over it.
    pub fn start_with(&mut self, start: screenshot::StartArgs) {
        self.pending_start = Some(start);
        self.poll_background();
    }

    /// What is loading in the background ("clinic pack “clinic”"), if anything.
    pub fn loading(&self) -> Option<&str> {
        self.jobs.first().map(|job| job.label.as_str())
    }

    /// Waits up to `timeout` for each background job and applies what it brings (tests; the
    /// window itself never waits). Returns whether nothing is loading any more.
    pub fn finish_loading(&mut self, timeout: std::time::Duration) -> bool {
        while let Some(job) = self.jobs.first() {
            let Some(loaded) = job.wait(timeout) else { return false };
            self.jobs.remove(0);
            self.finish_job(loaded);
            self.poll_background();
        }
        self.poll_background();
        self.jobs.is_empty()
    }

    /// Applies finished jobs; once nothing is loading, the start arguments and then the recovery
    /// copies waiting for an answer.
    fn poll_background(&mut self) {
        while let Some(loaded) = self.jobs.first().and_then(background::Job::poll) {
            self.jobs.remove(0);
            self.finish_job(loaded);
        }
        if !self.jobs.is_empty() {
            return;
        }
        if let Some(start) = self.pending_start.take() {
            start.apply_deferred(self);
        }
        if self.jobs.is_empty()
            && self.ui_state.recovery_offer.is_none()
            && let Some(recovery) = &self.recovery
        {
            self.ui_state.recovery_offer = recovery.offer(&self.kb);
        }
    }

    fn finish_job(&mut self, loaded: background::Loaded) {
        let kb_before = Arc::clone(&self.kb);
        match loaded {
            background::Loaded::Pack { dir, result } => self.finish_pack(&dir, result),
            background::Loaded::Session { path, result } => match result {
                Ok(saved) => {
                    self.show_opened(&path, saved);
                    // An opened session starts a history of its own.
                    self.history.clear();
                }
                Err(errors) => self.report_open_failure(&path, errors),
            },
        }
        self.forget_history_if_knowledge_changed(&kb_before);
    }

    /// Undo must not bring back exercises the knowledge now in use may not have: other
    /// knowledge (a clinic pack loaded or dropped) starts a new history.
    fn forget_history_if_knowledge_changed(&mut self, kb_before: &Arc<KnowledgeBase>) {
        if !Arc::ptr_eq(kb_before, &self.kb) {
            self.history.clear();
        }
    }

    /// Starts a background job (the window keeps working meanwhile).
    fn start_job(&mut self, job: background::Job) {
        self.ui_state.status = format!("Loading {}…", job.label);
        self.jobs.push(job);
    }

    /// The open session file, if it has been saved or opened.
    pub fn document_path(&self) -> Option<&Path> {
        self.document.path.as_deref()
    }

    /// Whether the session has changes that are not in its file.
    pub fn is_dirty(&self) -> bool {
        self.document.is_dirty(&self.ui_state.selection, &self.ui_state.plan)
    }

    /// The window's title: the app and the open file, "Sciatica Explorer - visit.json (unsaved)"
    /// while there are unsaved changes, and the clinic pack in use in brackets.
    pub fn window_title(&self) -> String {
        let name = self.document.display_name();
        let unsaved = if self.is_dirty() { " (unsaved)" } else { "" };
        let pack = self.pack.as_ref().map_or(String::new(), |p| format!(" [clinic pack {}]", document::file_label(p)));
        format!("Sciatica Explorer - {name}{unsaved}{pack}")
    }

    /// Selects areas (used by `--select` and tests).
    pub fn select(&mut self, areas: Vec<SelectedArea>) {
        self.ui_state.selection = areas;
        self.refresh();
    }

    /// Renders the window and saves a PNG, then closes (the `--screenshot` mode).
    pub fn with_screenshot(mut self, job: screenshot::Job) -> Self {
        self.screenshot = Some(job);
        self.persist = false;
        self.map_view.ignore_pointer = true;
        // Frames come faster than time passes here: frame a trace at once, not eased.
        self.map_view.jump = true;
        self
    }

    /// The toolbar's, status bar's and side panels' rectangles last frame, by name (`toolbar`,
    /// `status`, `anatomy`, `results`), for layout tests.
    pub fn panel_rects(&self) -> &[(&'static str, egui::Rect)] {
        &self.panel_rects
    }

    /// The current look-up result (recomputed when the selection changes).
    pub fn result(&self) -> &LookupResult {
        &self.result
    }

    /// The pan and zoom of a view of the body map.
    pub fn navigation(&self, view: crate::knowledge::View) -> Navigation {
        self.map_view.navigation(view)
    }

    /// Zooms a view by `factor` about `anchor` (relative to its centre), then pans it, as
    /// scrolling and dragging on the map do (benches pan with it).
    pub fn navigate(&mut self, view: crate::knowledge::View, factor: f32, anchor: egui::Vec2, pan: egui::Vec2) {
        self.map_view.navigate(view, factor, anchor, pan);
    }

    /// Where the body map was drawn in the last frame (in teach mode too).
    pub fn map_rect(&self) -> egui::Rect {
        self.map_rect
    }

    /// What the pointer is over on the body map: an area, a nerve or a root.
    pub fn hovered(&self) -> Option<&crate::pathway::Item> {
        self.map_view.hovered.as_ref()
    }

    /// The text in the results panel's exercise search box.
    pub fn exercise_search(&self) -> &str {
        &self.results_panel.exercise_search
    }

    /// What is currently emphasised on the drawing.
    pub fn highlight(&self) -> &Highlight {
        &self.highlight
    }

    /// Recomputes the look-up and the highlight (after the selection, trace or knowledge changed).
    fn refresh(&mut self) {
        // The visit's red-flag answers too: a "yes" raises its flag as an area would.
        let selection = Selection { areas: self.ui_state.selection.clone() };
        self.result = lookup::lookup_with_answers(&self.kb, &selection, &self.ui_state.plan.red_flags);
        // A patient marked on one side only has the trace lit on that side.
        self.highlight = match &self.ui_state.trace {
            Some(item) => pathway::highlight(&self.kb, item).on_side(pathway::one_side(&self.ui_state.selection)),
            None => Highlight::default(),
        };
    }

    /// Draws every panel into `ui` and applies what they ask for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if self.exit_after_first_frame && self.first_frame_done {
            // The first frame has been painted and shown: the moment a cold start is measured to,
            // printed for `benches/cold_start.sh` (examples/empty_window.rs prints the same line at
            // the same point), so the time eframe then takes to close the window and free
            // everything is not counted as start-up. The close sent with the first frame ends the
            // event loop after this one; `run` then returns the exit code to `main`.
            if !self.first_frame_reported {
                self.first_frame_reported = true;
                println!("{}", first_frame_shown_line(std::time::SystemTime::now()));
            }
            return;
        }
        style::apply(ui.ctx(), self.settings.theme);
        if self.waker.get().is_none() {
            let _ = self.waker.set(ui.ctx().clone());
        }
        self.poll_background();
        // After any pack that finished loading: the figures follow the knowledge in use.
        if self.figures.sync(&self.kb, self.pack.as_deref())
            && let Some(problem) = &self.figures.problem
        {
            self.ui_state.status = problem.clone();
        }
        let mut actions = Vec::new();
        if let Some(teach) = &self.ui_state.teach {
            let input = teach_panel::Input {
                kb: &self.kb,
                map: &self.map,
                settings: &self.settings,
                state: &self.ui_state,
                teach,
            };
            self.map_rect = teach_panel::show(ui, &input, &mut self.map_view, &mut actions);
        } else {
            self.show_workspace(ui, &mut actions);
        }
        let window = modals::WindowState {
            document_name: self.document.display_name(),
            dirty: self.is_dirty(),
            pack: self.pack.clone(),
        };
        modals::show(ui.ctx(), &self.ui_state, &window, &mut actions);
        if !self.other_modal_open() {
            visits_panel::prompt(ui.ctx(), &self.ui_state, &mut actions);
        }
        self.show_in_app_dialog(ui.ctx());
        self.show_print_offer(ui.ctx());
        if self.png_export.show(ui.ctx(), self.map_rect.width() * ui.ctx().pixels_per_point()) {
            self.export_png_at_chosen_size();
        }
        help::show(ui.ctx(), &self.kb, &self.ui_state, &mut actions);
        if self.ui_state.teach.is_none() {
            self.progress.show(ui.ctx(), &self.kb, &self.map, &self.ui_state, &mut actions);
        }
        self.handle_keys(ui.ctx(), &mut actions);
        self.handle_close_request(ui.ctx());
        for action in actions {
            self.apply(action);
        }
        self.run_effects(ui.ctx());
        self.update_recovery(ui.ctx());
        let title = self.window_title();
        if title != self.title {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        // Assistive technology reads the window's name from the accessibility tree's root, which
        // is built anew each frame.
        ui.ctx().accesskit_node_builder(egui::accesskit_root_id(), |root| root.set_label(self.title.as_str()));
        if let Some(size) = self.requested_size.take() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
        }
        // Last, over everything the frame drew (modal windows included).
        keyboard::paint_focus_ring(ui.ctx());
        if let Some(job) = &mut self.screenshot {
            job.step(ui.ctx());
        }
        if self.exit_after_first_frame {
            self.first_frame_done = true;
            // Closing makes eframe start the next frame as soon as this one is shown.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The normal layout: toolbar, anatomy panel, results or plan panel, body map.
    fn show_workspace(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        keyboard::handle_skip_key(ui.ctx());
        let file = toolbar::FileState {
            name: self.document.display_name(),
            dirty: self.is_dirty(),
            pack: self.pack.as_deref().map(document::file_label),
        };
        let toolbar = show_panel(egui::Panel::top("toolbar"), ui, |ui| {
            toolbar::show(ui, &self.kb, &self.settings, &self.ui_state, &file, actions);
        });
        show_panel(egui::Panel::top("visits"), ui, |ui| {
            visits_panel::show(ui, &self.kb, &self.settings, &self.ui_state, &mut self.visits_panel, actions);
        });
        let status = show_panel(egui::Panel::bottom("status"), ui, |ui| self.status_bar(ui));
        // Side panels take a share of the window so the body map keeps the most room.
        let width = ui.available_width();
        let anatomy = egui::Panel::left("anatomy")
            .resizable(true)
            .default_size((width * 0.17).clamp(200.0, 280.0))
            .size_range(190.0..=(width * 0.24).max(190.0));
        let anatomy =
            show_panel(anatomy, ui, |ui| anatomy_panel::show(ui, &self.kb, &self.ui_state, &self.result, actions));
        let results = egui::Panel::right("results")
            .resizable(true)
            .default_size((width * 0.27).clamp(300.0, 440.0))
            .size_range(280.0..=(width * 0.34).max(280.0));
        let results = show_panel(results, ui, |ui| {
            // A software renderer holds a frame's triangles until the frame ends (see `renderer`):
            // the toolbar's and the left panel's finished first, the first frame peaks 1.4 MiB lower.
            renderer::finish_what_came_before(ui.painter(), ui.max_rect().shrink(2.0));
            // Raised red flags before everything else, whichever tab is open.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            results_panel::red_flags(ui, &self.kb, &self.result);
            side_tabs(ui, &self.ui_state, actions);
            match self.ui_state.tab {
                SideTab::Lookup => results_panel::show(
                    ui,
                    &self.kb,
                    &self.settings,
                    &self.ui_state,
                    &self.result,
                    &mut self.results_panel,
                    &mut self.figures,
                    actions,
                ),
                SideTab::Plan => plan_panel::show(ui, &self.kb, &self.ui_state, &self.result, actions),
            }
        });
        self.panel_rects = vec![
            ("toolbar", toolbar.response.rect),
            ("status", status.response.rect),
            ("anatomy", anatomy.response.rect),
            ("results", results.response.rect),
        ];
        self.map_rect = body_map::central_panel(ui, |ui| {
            progress_panel::compare_bar(ui, &self.ui_state, actions);
            let comparison = self.progress.comparison(&self.kb, &self.ui_state);
            let input = body_map::Input {
                kb: &self.kb,
                map: &self.map,
                settings: &self.settings,
                state: &self.ui_state,
                highlight: &self.highlight,
                comparison: comparison.as_deref(),
            };
            body_map::show(ui, &input, &mut self.map_view, actions)
        });
    }

    /// The caveat, what just happened, and (right-aligned) what the pointer or keyboard focus is
    /// on. One row at any width: on a narrow window the caveat is shortened and the other two are
    /// cut with "…", whole on hover, rather than drawn over each other.
    fn status_bar(&self, ui: &mut egui::Ui) {
        const CAVEAT: &str = "Education, not a diagnosis — see a clinician for an examination.";
        ui.horizontal(|ui| {
            let narrow = ui.available_width() < 1300.0;
            let caveat = if narrow { "Education, not a diagnosis" } else { CAVEAT };
            ui.label(egui::RichText::new(caveat).small().color(ui.visuals().weak_text_color())).on_hover_text(CAVEAT);
            let status = match self.loading() {
                Some(label) => Some(egui::RichText::new(format!("Loading {label}…")).small().strong()),
                None if !self.ui_state.status.is_empty() => Some(egui::RichText::new(&self.ui_state.status).small()),
                None => None,
            };
            if let Some(status) = status {
                ui.separator();
                // At most half of what is left, so the hint keeps room too.
                let room = (ui.available_width() * 0.5).max(80.0);
                ui.scope(|ui| {
                    ui.set_max_width(room);
                    // A cut text is given whole on hover (egui's own tooltip for an elided label).
                    ui.add(egui::Label::new(status).truncate());
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let hint = match (keyboard::focused_area(ui.ctx()), &self.map_view.hovered) {
                    // Keyboard focus on the drawing: its area is named, and what Space does said.
                    (Some(focused), _) => focused_area_hint(&focused),
                    (None, Some(item @ pathway::Item::Area(_))) => item.name(&self.kb),
                    (None, Some(item)) => format!("{} · Alt-click to trace", item.name(&self.kb)),
                    (None, None) => {
                        "Click where it hurts · Alt-click a nerve to trace it · drag to pan · scroll to zoom · F6 \
                             goes to the drawing, Tab between areas"
                            .to_string()
                    }
                };
                ui.add(egui::Label::new(egui::RichText::new(hint).small()).truncate());
            });
        });
    }

    fn handle_keys(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        // File shortcuts work even while typing a note (Ctrl+S mid-sentence is the point).
        let shortcuts = [
            (KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S), FileCommand::SaveAs),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::S), FileCommand::Save),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::O), FileCommand::Open),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::N), FileCommand::New),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::P), FileCommand::ExportHandout),
            // Quitting goes through the unsaved-changes prompt, as closing the window does.
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::Q), FileCommand::Quit),
        ];
        // egui's own Ctrl+Q closes the window outright; the window's shortcut asks first.
        if ctx.options(|o| !o.quit_shortcuts.is_empty()) {
            ctx.options_mut(|o| o.quit_shortcuts.clear());
        }
        let modal = self.other_modal_open() || self.ui_state.visit_prompt.is_some();
        let new_visit = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
        if !modal && self.ui_state.teach.is_none() && ctx.input_mut(|i| i.consume_shortcut(&new_visit)) {
            actions.push(Action::Visit(VisitAction::New));
        }
        if !modal {
            for (shortcut, command) in shortcuts {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    actions.push(Action::File(command));
                }
            }
        }
        // Undo and redo of the document; a text field being typed in keeps its own undo.
        if !modal && self.ui_state.teach.is_none() && !ctx.text_edit_focused() {
            let redo = [
                KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
            ];
            if redo.iter().any(|s| ctx.input_mut(|i| i.consume_shortcut(s))) {
                actions.push(Action::Redo);
            } else if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z))) {
                actions.push(Action::Undo);
            }
        }
        // Escape and arrows; typing in a text field keeps its own keys, and Escape closes an open
        // help window only.
        if ctx.egui_wants_keyboard_input() || modal || self.ui_state.help.is_some() {
            return;
        }
        if self.ui_state.teach.is_some() {
            let pressed = |keys: &[Key]| ctx.input(|i| keys.iter().any(|k| i.key_pressed(*k)));
            if pressed(&[Key::Escape]) {
                actions.push(Action::Teach(TeachAction::Exit));
            } else if pressed(&[Key::ArrowRight, Key::ArrowDown, Key::PageDown, Key::Space]) {
                actions.push(Action::Teach(TeachAction::Step(1)));
            } else if pressed(&[Key::ArrowLeft, Key::ArrowUp, Key::PageUp]) {
                actions.push(Action::Teach(TeachAction::Step(-1)));
            } else if pressed(&[Key::Home]) {
                actions.push(Action::Teach(TeachAction::Goto(0)));
            } else if pressed(&[Key::End]) {
                actions.push(Action::Teach(TeachAction::Goto(usize::MAX)));
            }
            return;
        }
        if ctx.input(|i| i.key_pressed(Key::Escape)) && self.ui_state.trace.is_some() {
            actions.push(Action::Selection(SelectionAction::SetTrace(None)));
        }
    }

    /// Whether a modal dialog other than "change an earlier visit?" is open.
    fn other_modal_open(&self) -> bool {
        self.ui_state.prompt.is_some() || self.ui_state.notice.is_some() || self.ui_state.recovery_offer.is_some()
    }

    /// Closing the window with unsaved changes asks first.
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.close_confirmed
            && self.screenshot.is_none()
            && self.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui_state.prompt = Some(Pending::Close);
        }
    }

    /// Keeps this window's recovery copy in step with the unsaved work. It is a file of its own:
    /// copies found at start (waiting for an answer) are never written over.
    fn update_recovery(&mut self, ctx: &egui::Context) {
        let dirty = self.is_dirty();
        let Some(recovery) = &mut self.recovery else { return };
        let (origin, pack) = (self.document.path.as_deref(), self.pack.as_deref());
        match recovery.update(
            dirty,
            &self.ui_state.selection,
            &self.ui_state.plan,
            origin,
            pack,
            std::time::Instant::now(),
        ) {
            Ok(Some(later)) => ctx.request_repaint_after(later),
            Ok(None) => {}
            // Not worth a dialog: the work itself is fine; the status bar says what is wrong.
            Err(e) => self.ui_state.status = format!("Warning: {e}"),
        }
    }

    fn run_effects(&mut self, ctx: &egui::Context) {
        if let Some(outcome) = self.png_outcome.lock().ok().and_then(|mut o| o.take()) {
            match outcome {
                Ok(path) => {
                    self.remember_directory(&path);
                    self.ui_state.status = format!("Exported {}", document::file_label(&path));
                }
                Err(e) => self.notify_error("The drawing was not exported", e, Vec::new()),
            }
        }
        for effect in std::mem::take(&mut self.effects) {
            match effect {
                Effect::Copy(text) => {
                    ctx.copy_text(text);
                    self.ui_state.status = "Plan copied to the clipboard".to_string();
                }
                Effect::ExportPng(path) => {
                    let width = self.png_export.size.width_px(self.map_rect.width() * ctx.pixels_per_point());
                    self.ui_state.status = format!("Exporting {}…", document::file_label(&path));
                    let outcome = Arc::clone(&self.png_outcome);
                    png_export::render_in_background(self.drawing_svg_now(), width, path, outcome, ctx.clone());
                }
                Effect::Close => {
                    // The user saved or chose not to: nothing is left to recover.
                    if let Some(recovery) = &mut self.recovery {
                        recovery.discard();
                    }
                    self.close_confirmed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Applies one action to the settings or the shared state, through the function for its
    /// group.
    pub fn apply(&mut self, action: Action) {
        // An earlier visit is history: a change to it waits for "change it anyway?".
        let Some(action) = self.ask_before_changing_earlier_visit(action) else { return };
        let before = self.snapshot();
        let kb_before = Arc::clone(&self.kb);
        // Edits of the document are undo steps; `Some(field)` merges rapid edits of one field.
        let edit = match &action {
            Action::Selection(action) => Some(undo::selection_field(action)),
            Action::Plan(action) => Some(undo::plan_field(action)),
            Action::Visit(VisitAction::New) => Some(None),
            _ => None,
        };
        // Showing another visit changes no content; the answer to "change it anyway?" applies
        // edits that record their own steps.
        let history_step = matches!(
            action,
            Action::Undo
                | Action::Redo
                | Action::Visit(VisitAction::Show(_) | VisitAction::ConfirmChange | VisitAction::CancelChange)
        );
        match action {
            Action::Selection(action) => self.apply_selection(action),
            Action::Plan(action) => self.apply_plan(action),
            Action::Undo => self.step_history(true, before.clone()),
            Action::Redo => self.step_history(false, before.clone()),
            Action::Setting(action) => self.apply_setting(action),
            Action::Teach(action) => self.apply_teach(action),
            Action::ResetNavigation => self.map_view.reset_navigation(),
            Action::ShowTab(tab) => self.ui_state.tab = tab,
            Action::File(command) => self.file_command(command),
            Action::ResolvePrompt(choice) => self.resolve_prompt(choice),
            Action::DismissNotice => self.ui_state.notice = None,
            Action::ShowHelp(window) => self.ui_state.help = window,
            Action::Visit(action) => self.apply_visit(action),
            Action::CompareWith(index) => self.ui_state.compare_with = index,
            Action::ShowProgress(open) => self.ui_state.progress_open = open,
            Action::ResolveRecovery(stem, choice) => self.resolve_recovery(&stem, choice),
            Action::RecoveryLoadPack(dir) => {
                // Offered again once the pack has loaded (restorable then, if it was the reason).
                self.ui_state.recovery_offer = None;
                self.load_pack(&dir);
            }
        }
        let after = self.snapshot();
        match edit {
            Some(field) => self.history.record(before, &after, field, std::time::Instant::now()),
            // Whatever else replaced the document (New, a restored recovery copy, a clinic pack
            // dropping exercises) starts a new history: its steps would undo into another
            // patient's session.
            None if !history_step && after != before => self.history.clear(),
            None => {}
        }
        self.forget_history_if_knowledge_changed(&kb_before);
    }

    /// The document as undo sees it.
    fn snapshot(&self) -> undo::Snapshot {
        undo::Snapshot::of(&self.ui_state.selection, &self.ui_state.plan)
    }

    /// Undoes (`back`) or redoes one step from the `current` document. The session's `created`
    /// stamp stays (saving is not undone), so the unsaved mark follows the file's contents.
    fn step_history(&mut self, back: bool, current: undo::Snapshot) {
        let target = if back { self.history.undo(current) } else { self.history.redo(current) };
        let Some(target) = target else {
            self.ui_state.status = if back { "Nothing to undo" } else { "Nothing to redo" }.to_string();
            return;
        };
        let created = self.ui_state.plan.created.take();
        let visit_date = self.ui_state.plan.visit_date.take();
        self.ui_state.selection = target.selection;
        self.ui_state.plan = target.plan;
        self.ui_state.plan.created = created;
        // A save dates the visit; like `created`, that date is not undone.
        if self.ui_state.plan.visit_date.is_none() {
            self.ui_state.plan.visit_date = visit_date;
        }
        self.ui_state.status = if back { "Undone" } else { "Redone" }.to_string();
        self.refresh();
    }

    /// The marked areas and the trace; the look-up and the highlight follow them.
    fn apply_selection(&mut self, action: SelectionAction) {
        let selection = &mut self.ui_state.selection;
        match action {
            SelectionAction::ToggleArea(area) => {
                if selection.iter().any(|s| s.area == area) {
                    selection.retain(|s| s.area != area);
                } else {
                    selection.push(SelectedArea { area, intensity: None, numb: false });
                }
            }
            SelectionAction::RemoveArea(area) => selection.retain(|s| s.area != area),
            SelectionAction::SetIntensity(area, intensity) => match selection.iter_mut().find(|s| s.area == area) {
                Some(s) => s.intensity = intensity.map(|i| i.min(10)),
                None => return,
            },
            SelectionAction::SetNumb(area, numb) => match selection.iter_mut().find(|s| s.area == area) {
                Some(s) => s.numb = numb,
                None => return,
            },
            SelectionAction::Clear => selection.clear(),
            SelectionAction::SetTrace(item) => self.ui_state.trace = item,
            SelectionAction::ToggleTrace(item) => {
                let traced = self.ui_state.trace.as_ref() == Some(&item);
                self.ui_state.trace = if traced { None } else { Some(item) };
            }
        }
        self.refresh();
    }

    /// The persisted view, layers, theme, variant and exercise filters.
    fn apply_setting(&mut self, action: SettingAction) {
        let settings = &mut self.settings;
        match action {
            SettingAction::SetView(view) => settings.view = view,
            SettingAction::SetLayers(layers) => settings.layers = layers,
            SettingAction::SetTheme(theme) => settings.theme = theme,
            SettingAction::SetVariant(variant) => settings.variant = variant,
            SettingAction::SetFigureMotion(motion) => settings.figure_motion = motion,
            SettingAction::SetExerciseFilter { kind, position, equipment, in_bed } => {
                settings.exercise_kind = kind;
                settings.exercise_position = position;
                settings.exercise_equipment = equipment;
                settings.exercise_in_bed = in_bed;
            }
            SettingAction::SetNewVisitBlank(blank) => settings.new_visit_blank = blank,
        }
    }

    /// The patient's plan: exercises, doses, notes, the patient label.
    fn apply_plan(&mut self, action: PlanAction) {
        let plan = &mut self.ui_state.plan;
        match action {
            PlanAction::ToggleExercise(id) => plan.toggle_exercise(&id),
            PlanAction::SetDosage { id, dosage } => {
                if let Some(e) = plan.exercise_mut(&id) {
                    e.dosage = dosage.filter(|d| !d.trim().is_empty()).map(limit_chars);
                }
            }
            PlanAction::SetNote { id, note } => {
                if let Some(e) = plan.exercise_mut(&id) {
                    e.note = limit_chars(note);
                }
            }
            PlanAction::MoveExercise { id, up } => {
                let list = &mut plan.exercises;
                if let Some(i) = list.iter().position(|e| e.id == id) {
                    let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < list.len()) };
                    if let Some(j) = j {
                        list.swap(i, j);
                    }
                }
            }
            // The editors stop at the limit; text set any other way is held to it too, so the
            // window never keeps what a session file may not hold.
            PlanAction::SetPatient(patient) => plan.patient = limit_chars(patient),
            PlanAction::SetNotes(notes) => plan.notes = limit_chars(notes),
            // A "yes" raises its red flag at once, as marking an area would.
            PlanAction::SetRedFlagAnswer { id, answer } => {
                plan.set_red_flag_answer(&id, answer);
                self.refresh();
            }
        }
    }

    /// Teach mode: entering, the subject, stepping, leaving.
    fn apply_teach(&mut self, action: TeachAction) {
        match action {
            TeachAction::Enter => {
                let subject = pathway::teach_subject(&self.kb, &self.result, self.ui_state.trace.as_ref());
                self.start_teach(subject);
            }
            TeachAction::Subject(subject) => self.start_teach(subject),
            TeachAction::Step(delta) => {
                if let Some(teach) = &mut self.ui_state.teach {
                    let last = teach.steps.len().saturating_sub(1);
                    teach.step = teach.step.saturating_add_signed(delta).min(last);
                }
            }
            TeachAction::Goto(step) => {
                if let Some(teach) = &mut self.ui_state.teach {
                    teach.step = step.min(teach.steps.len().saturating_sub(1));
                }
            }
            TeachAction::Exit => self.ui_state.teach = None,
        }
    }
}

/// `text`, cut to the longest text a session file holds ([`crate::export::session::MAX_TEXT_CHARS`]).
fn limit_chars(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(crate::export::session::MAX_TEXT_CHARS) {
        text.truncate(cut);
    }
    text
}

/// The status bar's words for the drawing's area with keyboard focus: its name, and that Space
/// marks it (nerves are traced from the list, the root cards or with Alt-click, never by Space).
pub fn focused_area_hint(name: &str) -> String {
    format!("{name}: Space marks or unmarks it · trace a nerve from the list on the left")
}

/// The tabs above the right panel: the look-up, and the patient's plan.
fn side_tabs(ui: &mut egui::Ui, state: &UiState, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let planned = state.plan.exercises.len();
        let plan_label = if planned == 0 { "Patient plan".to_string() } else { format!("Patient plan ({planned})") };
        for (tab, label) in [(SideTab::Lookup, "Sources & exercises".to_string()), (SideTab::Plan, plan_label)] {
            let text = egui::RichText::new(label).strong();
            if ui.selectable_label(state.tab == tab, text).clicked() && state.tab != tab {
                actions.push(Action::ShowTab(tab));
            }
        }
    });
    ui.separator();
}

impl eframe::App for ExplorerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    /// egui's font atlas is as wide as the largest texture the renderer takes (16 384 pixels under
    /// Mesa's software renderer), and it is kept twice, by egui and by the renderer. No wider than
    /// [`MAX_TEXTURE_SIDE`], it holds the same glyphs in a quarter of the memory.
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        limit_texture_side(raw_input);
    }

    /// The panels' colour: the side panels paint no fill of their own over it, and the drawing's
    /// backdrop is painted only around its cards (see [`show_panel`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            save_settings(storage, &self.settings);
        }
    }

    /// A measuring run (`--exit-after-first-frame`) leaves egui's stored state as it found it.
    fn persist_egui_memory(&self) -> bool {
        self.persist
    }
}

/// Shows a side, top or bottom panel the app's way: its frame without the fill, since the window
/// is cleared to the panels' colour (see [`ExplorerApp::clear_color`](eframe::App::clear_color))
/// and under a software rasteriser (llvmpipe) the panels' fills were a third of a window's pixels
/// painted again; and its contents told that colour is behind them, so egui's scroll areas still
/// fade their edges into it.
pub(crate) fn show_panel<R>(
    panel: egui::Panel,
    ui: &mut egui::Ui,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::InnerResponse<R> {
    let unfilled = egui::Frame::side_top_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    let behind = egui::Frame::NONE.fill(ui.visuals().panel_fill);
    panel.frame(unfilled).show(ui, |ui| {
        let builder = egui::UiBuilder::new().ui_stack_info(egui::UiStackInfo::default().with_frame(behind));
        ui.scope_builder(builder, add_contents).inner
    })
}

/// A context for a window of the app (the explorer's or a screenshot's): viewports as native
/// windows, and the type scale and text options set before the first frame, which makes the
/// fonts with them.
fn window_context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_embed_viewports(false);
    style::configure(&ctx);
    ctx
}

/// The line `--exit-after-first-frame` prints once the first frame has been shown: the moment in
/// microseconds since the Unix epoch, which `benches/cold_start.sh` compares with the moment it
/// started the process.
pub fn first_frame_shown_line(now: std::time::SystemTime) -> String {
    let micros = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
    format!("first-frame-shown-unix-us {micros}")
}

/// The widest texture the window asks of the renderer: 4 096 × 4 096 holds every glyph the
/// window shows many times over, at any zoom.
pub const MAX_TEXTURE_SIDE: usize = 4096;

/// Caps the texture side the renderer reported at [`MAX_TEXTURE_SIDE`] (see
/// [`ExplorerApp::raw_input_hook`](eframe::App::raw_input_hook)).
pub fn limit_texture_side(raw_input: &mut egui::RawInput) {
    if let Some(side) = &mut raw_input.max_texture_side {
        *side = (*side).min(MAX_TEXTURE_SIDE);
    }
}

/// Dithering hides banding in gradients; the drawing has none, and under a software renderer
/// (remote desktops, virtual machines) it costs a large share of painting every pixel.
const DITHERING: bool = false;

/// Opens the window (or renders a screenshot when `args.screenshot` is set) with the knowledge
/// `load_knowledge` loads, and returns the exit code; `Err` with the knowledge's errors when it
/// does not load, for the caller to report (the window never shows). The knowledge and the
/// drawing load on another core while eframe opens the window and its GL context, most of the
/// start-up. `pack` is the clinic pack the knowledge is loaded from (`--data`); without one, the
/// pack chosen in the window last time is loaded again.
pub fn run(
    load_knowledge: impl FnOnce() -> Result<KnowledgeBase, Vec<DataError>> + Send + 'static,
    args: &WindowArgs,
    pack: Option<PathBuf>,
) -> Result<i32, Vec<DataError>> {
    // The window's context, which the loader makes the fonts of and readies the first frame in
    // while the window opens (a screenshot makes its own context).
    let window_ctx = args.screenshot.is_none().then(window_context);
    let ctx_for_loader = window_ctx.clone();
    let pack_for_loader = pack.clone();
    let args_for_loader = args.clone();
    let start_loading = move |first_size: Option<egui::Vec2>| {
        let window =
            ctx_for_loader.map(|ctx| LoaderWindow { ctx, first_size, args: args_for_loader, stored: storage_file() });
        load_in_background(load_knowledge, window, pack_for_loader)
    };
    if let Some(path) = &args.screenshot {
        return match wait_for(start_loading(None)) {
            Ok(Loaded { kb, map, .. }) => Ok(screenshot::run(kb, map, args, path, pack)),
            Err(failure) => failure.report(),
        };
    }
    // What can be checked without the knowledge is checked before the window opens; the other
    // arguments once it has loaded. The knowledge's own errors are reported first.
    let size = match screenshot::StartArgs::check_without_knowledge(args) {
        Ok(size) => size,
        Err(e) => {
            return match wait_for(start_loading(None)) {
                Err(failure @ StartFailure::Knowledge(_)) => failure.report(),
                _ => StartFailure::Usage(e).report(),
            };
        }
    };
    let exit_after_first_frame = args.exit_after_first_frame;
    let args_in = args.clone();
    let mut options = window_options(size.unwrap_or([1500.0, 950.0]));
    // A measuring run leaves the stored window size and position as they were.
    options.persist_window = !exit_after_first_frame;
    // The load starts once eframe has opened the display, when it asks for the window's builder:
    // glibc's stdio and malloc take their locks only once a process has a second thread, and
    // while the display opens libX11 reads its compose table a character at a time, which took
    // about 10 ms longer with the loader already running. Opening the GL context, the longest
    // part of the start, still overlaps the whole load. The builder is the window's as eframe
    // opens it (the stored size and the monitor's bounds applied): the loader rehearses the first
    // frame at its size.
    let loader = Arc::new(Mutex::new(Loading::Waiting(Box::new(start_loading))));
    let loader_at_window = Arc::clone(&loader);
    options.window_builder = Some(Box::new(move |builder| {
        if let Ok(mut loading) = loader_at_window.lock() {
            loading.start(builder.inner_size);
        }
        builder
    }));
    // The creation callback takes the load's result; should the window fail to open first, what
    // the loader finds wrong is still the error to report.
    let loader_in = Arc::clone(&loader);
    let failure = Arc::new(Mutex::new(None));
    let failure_out = Arc::clone(&failure);
    let result = eframe::run_native_ext(
        APP_ID,
        options,
        // The window brings its own context, so eframe does not restore egui's stored memory
        // unchecked: a damaged zoom panicked before the first frame (see `stored`).
        window_ctx,
        Box::new(move |cc| {
            let loaded = loader_in.lock().ok().and_then(|mut loading| loading.finish());
            let ready = match loaded {
                Some(Ok(loaded)) => screenshot::StartArgs::parse(&loaded.kb, &args_in)
                    .map(|start| (loaded, start))
                    .map_err(StartFailure::Usage),
                Some(Err(failure)) => Err(failure),
                None => Err(StartFailure::Drawing(vec!["the drawing was not loaded".to_string()])),
            };
            let (Loaded { kb, map, figures, rehearsed }, start) = match ready {
                Ok(ready) => ready,
                Err(why) => {
                    if let Ok(mut stash) = failure_out.lock() {
                        *stash = Some(why);
                    }
                    return Err("the window's start failed".into());
                }
            };
            restore_stored_state(&cc.egui_ctx, cc.storage, rehearsed);
            renderer::note(cc);
            let mut app = ExplorerApp::from_creation_context(cc, kb, map);
            if let Some(figures) = figures {
                app.use_loaded_figures(figures);
            }
            if let Some(dir) = eframe::storage_dir(APP_ID) {
                app = app.with_recovery(dir, std::time::Duration::from_secs(3));
            }
            app.exit_after_first_frame = exit_after_first_frame;
            // The window opened at zoom 1, so a stored size (kept in zoomed points) is sent
            // again now that the zoom is restored; `--size` wins.
            let zoomed = cc.egui_ctx.zoom_factor() != 1.0;
            let stored_size = if zoomed { stored::window_size(cc.storage) } else { None };
            app.requested_size = start.size.map(egui::Vec2::from).or(stored_size);
            // A measuring run leaves the stored settings as they were.
            app.persist &= !exit_after_first_frame;
            app.restore_pack(pack);
            // Flags given on the command line win over the stored settings.
            screenshot::apply_args(&mut app.settings, &args_in);
            app.start_with(start);
            Ok(Box::new(app))
        }),
    );
    let mut failure = failure.lock().ok().and_then(|mut f| f.take());
    // The window did not get as far as its creation (no display, say): what was wrong with the
    // input is still the error to report.
    if let Some(loaded) = loader.lock().ok().and_then(|mut loading| loading.finish()) {
        failure = match loaded {
            Err(why) => Some(why),
            Ok(loaded) => screenshot::StartArgs::parse(&loaded.kb, args).err().map(StartFailure::Usage),
        };
    }
    match (result, failure) {
        (Ok(()), _) => Ok(EXIT_OK),
        (Err(_), Some(failure)) => failure.report(),
        (Err(e), None) => {
            eprintln!("error: could not open the window: {e}");
            Ok(EXIT_FAILURE)
        }
    }
}

/// Why the window could not start with what it was given.
enum StartFailure {
    /// The knowledge (built in, or the clinic pack given with `--data`) did not load.
    Knowledge(Vec<DataError>),
    /// An argument does not fit the knowledge (an unknown area, a bad size).
    Usage(String),
    /// The drawing does not fit the knowledge in use.
    Drawing(Vec<String>),
}

impl StartFailure {
    /// Reports the failure on stderr and returns the exit code; the knowledge's errors go back
    /// to the caller, who reports them as the command line reports a pack's.
    fn report(self) -> Result<i32, Vec<DataError>> {
        match self {
            StartFailure::Knowledge(errors) => Err(errors),
            StartFailure::Usage(e) => {
                eprintln!("error: {e}");
                Ok(EXIT_USAGE)
            }
            StartFailure::Drawing(errors) => {
                for e in &errors {
                    eprintln!("error: {e}");
                }
                Ok(EXIT_FAILURE)
            }
        }
    }
}

/// How the window opens: its title, size, the desktop app id and icon (see [`crate::install`]).
pub(crate) fn window_options(size: [f32; 2]) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Sciatica Explorer")
        .with_inner_size(size)
        .with_min_inner_size([900.0, 600.0])
        .with_app_id(crate::install::DESKTOP_APP_ID);
    // The icon is embedded and checked by a test; should it not decode, the window still opens.
    if let Ok(icon) = crate::install::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        // With an app id eframe would keep its settings under it; they stay where they were,
        // under the window's name.
        persistence_path: storage_file(),
        dithering: DITHERING,
        // eframe is built without its `system_fonts` feature, so this fallback would only log
        // that a glyph is missing; adding it would also make egui make its fonts again on the
        // first frame, losing the glyphs warmed while the window opened (`style::warm_glyphs`).
        system_font_fallback: false,
        ..Default::default()
    }
}

/// Puts egui's stored zoom and widget state into the window's context before its first frame,
/// unless the loader rehearsed that frame: it put the widget state in already, from the same
/// file, and found the zoom 1 (see [`load_in_background`]); putting it in again would drop what
/// the rehearsal made, which the context's data holds too.
fn restore_stored_state(ctx: &egui::Context, storage: Option<&dyn eframe::Storage>, rehearsed: bool) {
    if !rehearsed {
        stored::restore(ctx, storage);
    }
}

/// What the loader brings: the knowledge, the drawing checked against it, and for a window the
/// exercise figures loaded for them, and whether it rehearsed the window's first frame.
struct Loaded {
    kb: Arc<KnowledgeBase>,
    map: Arc<BodyMap>,
    figures: Option<figure_view::FigureView>,
    rehearsed: bool,
}

/// The window a load is for, and what is known of its first frame before it opens.
struct LoaderWindow {
    ctx: egui::Context,
    /// Its inner size in points as eframe opens it, once eframe has said (see `run`).
    first_size: Option<egui::Vec2>,
    /// The command line, whose flags override the stored settings.
    args: WindowArgs,
    /// eframe's stored file, which eframe reads for the window (none: nowhere to keep one).
    stored: Option<PathBuf>,
}

/// The knowledge and the drawing loading on another thread.
type Loader = std::thread::JoinHandle<Result<Loaded, StartFailure>>;

/// Loads the knowledge, then the drawing checked against it (a clinic's pack may differ), on
/// another core; then, for a window, the exercise figures for the knowledge and `pack`, and
/// rehearses the window's first frame in its context ([`rehearsal`]) with the settings and
/// widget state eframe will restore, all while eframe opens the window. Where the first frame
/// cannot be rehearsed (its size unknown, or a stored zoom other than 1: the window opens at zoom
/// 1 and takes the stored one once open), the fonts are made, the first screen's cards' pictures
/// drawn and the panels' glyphs rasterised instead ([`style::warm_glyphs`]).
fn load_in_background(
    load_knowledge: impl FnOnce() -> Result<KnowledgeBase, Vec<DataError>> + Send + 'static,
    window: Option<LoaderWindow>,
    pack: Option<PathBuf>,
) -> Loader {
    std::thread::spawn(move || {
        let kb = Arc::new(load_knowledge().map_err(StartFailure::Knowledge)?);
        let map = match BodyMap::for_knowledge(&kb) {
            Ok(map) => Arc::new(map),
            Err(errors) => return Err(StartFailure::Drawing(errors.iter().map(ToString::to_string).collect())),
        };
        let Some(window) = window else {
            return Ok(Loaded { kb, map, figures: None, rehearsed: false });
        };
        let ctx = &window.ctx;
        let file = window.stored.as_deref().map(stored::StoredFile::read).unwrap_or_default();
        let storage: Option<&dyn eframe::Storage> = Some(&file);
        let mut settings = settings_from_storage(storage);
        screenshot::apply_args(&mut settings, &window.args);
        let mut figures = figure_view::FigureView::default();
        figures.sync(&kb, pack.as_deref());
        let memory = stored::egui_memory(storage);
        if let Some(size) = window.first_size.filter(|_| memory.options.zoom_factor == 1.0) {
            // The widget state the window's start would restore (it does not again, see `run`).
            ctx.memory_mut(|m| m.data = memory.data);
            let figures = rehearsal::rehearse(ctx, &kb, &map, settings, figures, size);
            return Ok(Loaded { kb, map, figures: Some(figures), rehearsed: true });
        }
        // The first frame's theme before the fonts are made (see `rehearsal::rehearse`).
        style::apply(ctx, settings.theme);
        style::load_fonts(ctx);
        let first_cards = results_panel::first_cards(&kb, &settings);
        figures.warm_pictures(first_cards.iter().map(|e| &*e.id));
        style::warm_glyphs(ctx);
        Ok(Loaded { kb, map, figures: Some(figures), rehearsed: false })
    })
}

/// eframe's stored file: the settings, egui's memory and the window's size between runs.
fn storage_file() -> Option<PathBuf> {
    eframe::storage_dir(APP_ID).map(|dir| dir.join("app.ron"))
}

/// The load of the knowledge and the drawing for the window: waiting for its moment, running, or
/// its result taken.
enum Loading {
    /// Not started; the closure starts it, given the window's size when it is known (see `run`
    /// for when).
    Waiting(Box<dyn FnOnce(Option<egui::Vec2>) -> Loader + Send>),
    Running(Loader),
    Taken,
}

impl Loading {
    /// Starts the load on its thread, for a window of `first_size` when it is known, unless it
    /// has started already.
    fn start(&mut self, first_size: Option<egui::Vec2>) {
        if matches!(self, Loading::Waiting(_))
            && let Loading::Waiting(spawn) = std::mem::replace(self, Loading::Taken)
        {
            *self = Loading::Running(spawn(first_size));
        }
    }

    /// Waits for the load, starting it first if it has not started, and takes its result: `None`
    /// once it has been taken.
    fn finish(&mut self) -> Option<Result<Loaded, StartFailure>> {
        self.start(None);
        match std::mem::replace(self, Loading::Taken) {
            Loading::Running(loader) => Some(wait_for(loader)),
            Loading::Waiting(_) | Loading::Taken => None,
        }
    }
}

/// The loaded knowledge and drawing, or what was wrong with them.
fn wait_for(loader: Loader) -> Result<Loaded, StartFailure> {
    loader.join().unwrap_or_else(|_| {
        Err(StartFailure::Drawing(vec!["loading the knowledge and the drawing failed unexpectedly".to_string()]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unrehearsed_first_frame_finds_the_pictures_of_its_exercise_cards_drawn_by_the_loader() {
        // A window whose first frame the loader cannot rehearse (see `rehearsal`): the loader
        // still draws the first screen's cards' pictures.
        let ctx = window_context();
        let window = LoaderWindow { ctx: ctx.clone(), first_size: None, args: WindowArgs::default(), stored: None };
        let loaded = wait_for(load_in_background(KnowledgeBase::builtin, Some(window), None))
            .unwrap_or_else(|_| panic!("the built-in knowledge loads"));
        let (kb, map) = (Arc::clone(&loaded.kb), Arc::clone(&loaded.map));
        let mut app = ExplorerApp::new(loaded.kb, loaded.map, Settings::default());
        app.use_loaded_figures(loaded.figures.expect("a window's loader brings the figures"));
        let warmed = app.figures.pictures_drawn();
        // A first run's window at its first size.
        let first_frame = |ctx: &egui::Context, app: &mut ExplorerApp| {
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1500.0, 950.0))),
                ..Default::default()
            };
            ctx.run_ui(input, |ui| app.show(ui)).textures_delta.clear();
        };
        first_frame(&ctx, &mut app);
        assert_eq!(app.figures.pictures_drawn(), warmed, "the first frame drew pictures the loader had not");
        // Without them the same frame draws as many itself.
        let cold_ctx = window_context();
        style::load_fonts(&cold_ctx);
        let mut figures = figure_view::FigureView::default();
        figures.sync(&kb, None);
        let mut cold = ExplorerApp::new(kb, map, Settings::default());
        cold.use_loaded_figures(figures);
        first_frame(&cold_ctx, &mut cold);
        assert_eq!(cold.figures.pictures_drawn(), warmed);
    }

    #[test]
    fn figures_the_loader_brings_are_the_first_frame_s_and_a_pack_s_broken_ones_are_reported() {
        let pack = std::env::temp_dir().join(format!("sciatica-loader-figures-{}", std::process::id()));
        std::fs::create_dir_all(&pack).expect("a pack folder");
        std::fs::write(pack.join(crate::knowledge::FIGURES_FILE), "[[figure]]\nid = 3\n")
            .expect("a broken figures file");
        // What the loader's thread does for a window started with `--data pack` (not rehearsed,
        // so the first screen's pictures are drawn ahead).
        let window =
            LoaderWindow { ctx: window_context(), first_size: None, args: WindowArgs::default(), stored: None };
        let loader = load_in_background(KnowledgeBase::builtin, Some(window), Some(pack.clone()));
        let loaded = wait_for(loader).unwrap_or_else(|_| panic!("the built-in knowledge loads"));
        let figures = loaded.figures.expect("a window's loader brings the figures");
        assert!(figures.problem.as_deref().is_some_and(|p| p.contains("clinic pack")), "{:?}", figures.problem);
        assert!(!figures.set().figures.is_empty(), "the built-in figures stand in");
        // The pictures of the first screen's cards drawn too (the light theme).
        assert_eq!(figures.pictures_drawn(), 4);
        let mut app = ExplorerApp::new(loaded.kb, loaded.map, Settings::default());
        app.pack = Some(pack.clone());
        app.use_loaded_figures(figures);
        assert!(app.ui_state.status.contains("clinic pack"), "{}", app.ui_state.status);
        // The first frame finds them loaded for its knowledge: nothing is loaded again.
        assert!(!app.figures.sync(&app.kb, app.pack.as_deref()));
        let _ = std::fs::remove_dir_all(&pack);
    }

    #[test]
    fn the_font_atlas_is_no_wider_than_the_texture_side_limit() {
        let mut input = egui::RawInput { max_texture_side: Some(16_384), ..Default::default() };
        limit_texture_side(&mut input);
        assert_eq!(input.max_texture_side, Some(MAX_TEXTURE_SIDE));
        // A renderer that takes less keeps its own limit.
        let mut input = egui::RawInput { max_texture_side: Some(2048), ..Default::default() };
        limit_texture_side(&mut input);
        assert_eq!(input.max_texture_side, Some(2048));
        // And the atlas follows it.
        let ctx = egui::Context::default();
        let mut input = egui::RawInput { max_texture_side: Some(16_384), ..Default::default() };
        limit_texture_side(&mut input);
        let mut output = ctx.run_ui(input, |ui| {
            ui.label("Sciatica Explorer");
        });
        output.textures_delta.clear();
        assert_eq!(ctx.fonts(|f| f.font_image_size())[0], MAX_TEXTURE_SIDE);
    }

    #[test]
    fn a_software_renderer_finishes_before_the_right_panel_and_each_view_and_a_graphics_card_waits_for_none() {
        let kb = Arc::new(KnowledgeBase::builtin().expect("built-in knowledge"));
        let map = Arc::new(BodyMap::for_knowledge(&kb).expect("built-in drawing"));
        for software in [false, true] {
            let settings = Settings { view: ViewMode::Both, ..Settings::default() };
            let mut app = ExplorerApp::new(kb.clone(), map.clone(), settings);
            let ctx = window_context();
            renderer::set_software(&ctx, software);
            let input = || egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1500.0, 950.0))),
                ..Default::default()
            };
            ctx.run_ui(input(), |ui| app.show(ui)).textures_delta.clear();
            let mut output = ctx.run_ui(input(), |ui| app.show(ui));
            output.textures_delta.clear();
            // Each view's drawing, and whether the shape just before it is the wait.
            let figures: Vec<_> = [crate::knowledge::View::Posterior, crate::knowledge::View::Anterior]
                .into_iter()
                .map(|view| body_map::figure_mesh(&ctx, view).expect("the view was drawn"))
                .collect();
            let shapes: Vec<&egui::Shape> = output.shapes.iter().map(|clipped| &clipped.shape).collect();
            let callbacks: Vec<egui::Rect> = shapes
                .iter()
                .filter_map(|shape| match shape {
                    egui::Shape::Callback(callback) => Some(callback.rect),
                    _ => None,
                })
                .collect();
            assert_eq!(callbacks.len(), if software { 3 } else { 0 }, "software {software}");
            // The first wait comes before the right panel, on the panel itself.
            let results = app.panel_rects.iter().find(|(name, _)| *name == "results").expect("the right panel").1;
            if software {
                assert!(results.contains_rect(callbacks[0]), "{:?} outside {results:?}", callbacks[0]);
            }
            for figure in &figures {
                let at = shapes
                    .iter()
                    .position(|shape| matches!(shape, egui::Shape::Mesh(mesh) if Arc::ptr_eq(mesh, figure)))
                    .expect("the drawing is painted");
                let waits = at > 0 && matches!(shapes[at - 1], egui::Shape::Callback(_));
                assert_eq!(waits, software, "software {software}: the shape before the drawing");
            }
        }
    }

    #[test]
    fn the_panels_and_light_cards_stand_on_the_clear_colour_and_the_backdrop_is_painted_only_around_the_cards() {
        use eframe::App as _;
        let kb = Arc::new(KnowledgeBase::builtin().expect("built-in knowledge"));
        let map = Arc::new(BodyMap::for_knowledge(&kb).expect("built-in drawing"));
        for dark in [false, true] {
            let theme = if dark { ThemeChoice::Dark } else { ThemeChoice::Light };
            let mut app = ExplorerApp::new(kb.clone(), map.clone(), Settings { theme, ..Settings::default() });
            let ctx = window_context();
            let size = egui::vec2(1500.0, 950.0);
            let input = || egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
                ..Default::default()
            };
            ctx.run_ui(input(), |ui| app.show(ui)).textures_delta.clear();
            let mut output = ctx.run_ui(input(), |ui| app.show(ui));
            output.textures_delta.clear();
            let visuals = ctx.style_of(ctx.theme()).visuals.clone();
            assert_eq!(app.clear_color(&visuals), visuals.panel_fill.to_normalized_gamma_f32());
            // The area painted in each colour, in windows.
            let painted = |colour: egui::Color32| {
                let mut area = 0.0;
                for clipped in ctx.tessellate(output.shapes.clone(), output.pixels_per_point) {
                    if let egui::epaint::Primitive::Mesh(mesh) = &clipped.primitive {
                        for t in mesh.indices.chunks_exact(3) {
                            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.vertices[i as usize]);
                            if [a, b, c].iter().all(|v| v.color == colour) {
                                area += crate::geometry::hit::signed_area(&[a.pos, b.pos, c.pos]).abs();
                            }
                        }
                    }
                }
                area / (size.x * size.y)
            };
            // The side panels were a third of the window painted over the clear colour.
            assert!(painted(visuals.panel_fill) < 0.02, "{dark}: {}", painted(visuals.panel_fill));
            // The backdrop shows only around the two cards: far less than the central area.
            let backdrop = painted(body_map::backdrop(dark));
            assert!((0.01..0.12).contains(&backdrop), "{dark}: {backdrop}");
            // The light theme's cards are the clear colour, left unpainted but for their corners;
            // the dark theme's are painted over it (two cards of 405 × 771 points).
            let card = crate::geometry::Palette::for_theme(dark).card.color32();
            assert_eq!(body_map::cards_painted(&visuals), dark);
            if dark {
                assert!(painted(card) > 0.4, "{}", painted(card));
            } else {
                assert_eq!(visuals.panel_fill, card);
                assert!(painted(card) < 0.005, "{}", painted(card));
            }
        }
    }

    #[test]
    fn the_window_carries_the_desktop_app_id_and_icon_and_keeps_its_settings_folder() {
        let options = window_options([1500.0, 950.0]);
        assert_eq!(options.viewport.app_id.as_deref(), Some(crate::install::DESKTOP_APP_ID));
        let icon = options.viewport.icon.as_deref().unwrap_or_else(|| panic!("the window has no icon"));
        assert_eq!((icon.width, icon.height), (crate::install::ICON_SIZE, crate::install::ICON_SIZE));
        // Settings saved before the window had an app id are found again.
        assert_eq!(options.persistence_path, eframe::storage_dir(APP_ID).map(|dir| dir.join("app.ron")));
    }
}
