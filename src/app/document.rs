//! The open session file: New, Open, Save, Save As, exports and clinic packs, with the
//! unsaved-changes prompt in front of anything that would discard work.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::dialogs::SaveKind;
use super::file_dialog::{self, FileDialog};
use super::recovery::Resolved;
use super::state::{FileCommand, Notice, Pending, PromptChoice, RecoveryChoice};
use super::{Effect, ExplorerApp};
use crate::export::session::{self, Plan};
use crate::export::{self, write_atomic};
use crate::geometry::BodyMap;
use crate::knowledge::{KnowledgeBase, View};
use crate::lookup::SelectedArea;

/// What the window does with the path its own file dialog ([`file_dialog`]) returns: the rest
/// of the command that asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterDialog {
    OpenSession,
    /// Save the session there, then go on with what waited for the save.
    SaveSession {
        then: Option<Pending>,
    },
    Export(SaveKind),
    Pack,
}

/// The session file and what it held when last opened or saved.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub path: Option<PathBuf>,
    saved_selection: Vec<SelectedArea>,
    saved_plan: Plan,
}

impl Document {
    /// Whether `selection` and `plan` differ from what the file holds (a new session counts as
    /// saved while it is empty). Which visit is on screen does not count: viewing is no change.
    pub fn is_dirty(&self, selection: &[SelectedArea], plan: &Plan) -> bool {
        !plan.same_document(selection, &self.saved_plan, &self.saved_selection)
    }

    /// The file name, or "Untitled session".
    pub fn display_name(&self) -> String {
        self.path.as_deref().map_or_else(|| "Untitled session".to_string(), file_label)
    }

    fn mark_saved(&mut self, path: Option<PathBuf>, selection: &[SelectedArea], plan: &Plan) {
        self.path = path;
        self.saved_selection = selection.to_vec();
        self.saved_plan = plan.clone();
    }
}

/// The last component of a path, for titles and messages.
pub fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A file name from the patient label and today's date: `jd-2026-11-22.json`. Only letters,
/// digits and dashes survive, so no label can make a path.
pub fn suggested_name(patient: &str, date: &str, ext: &str) -> String {
    let mut stem: String = patient
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    stem.truncate(stem.char_indices().nth(40).map_or(stem.len(), |(i, _)| i));
    if stem.is_empty() {
        stem = "session".to_string();
    }
    format!("{stem}-{date}.{ext}")
}

impl ExplorerApp {
    /// Runs a File menu command (or its shortcut).
    pub(super) fn file_command(&mut self, command: FileCommand) {
        match command {
            FileCommand::New => self.guard(Pending::New),
            FileCommand::Open => self.guard(Pending::Open),
            FileCommand::Quit => self.guard(Pending::Close),
            FileCommand::Save => {
                self.save(false);
            }
            FileCommand::SaveAs => {
                self.save(true);
            }
            FileCommand::ExportHandout => self.export_handout(),
            FileCommand::CopyPlan => {
                let text = crate::report::plan_text(&self.kb, &self.ui_state.selection, &self.ui_state.plan, &today());
                self.effects.push(Effect::Copy(text));
            }
            FileCommand::ExportSvg => self.export_svg(),
            // The size is chosen first; then `export_png_at_chosen_size` asks where.
            FileCommand::ExportPng => self.png_export.open = true,
            FileCommand::LoadPack => {
                let start = self.start_directory();
                if let Some(reason) = self.dialogs.unavailable() {
                    let dialog = FileDialog::new(
                        "Choose a clinic pack folder",
                        file_dialog::Mode::Folder,
                        None,
                        start.as_deref(),
                        "",
                        &reason,
                    );
                    self.open_in_app_dialog(dialog, AfterDialog::Pack, &reason);
                } else if let Some(dir) = self.dialogs.pick_pack(start.as_deref()) {
                    self.load_pack(&dir);
                }
            }
            FileCommand::UseBuiltinContent => self.use_builtin_content(),
        }
    }

    /// Runs `pending` now when nothing would be lost, else asks first.
    fn guard(&mut self, pending: Pending) {
        if self.is_dirty() {
            self.ui_state.prompt = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    pub(super) fn resolve_prompt(&mut self, choice: PromptChoice) {
        let Some(pending) = self.ui_state.prompt.take() else { return };
        match choice {
            // A cancelled or failed save keeps the work and the window as they are.
            PromptChoice::Save => {
                if self.save_then(false, Some(pending)) {
                    self.proceed(pending);
                }
            }
            PromptChoice::Discard => self.proceed(pending),
            PromptChoice::Cancel => {}
        }
    }

    fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::New => {
                self.ui_state.selection.clear();
                self.ui_state.plan = Plan::default();
                self.ui_state.trace = None;
                self.ui_state.teach = None;
                self.ui_state.compare_with = None;
                self.document = Document::default();
                self.ui_state.status = "New session".to_string();
                self.refresh();
            }
            Pending::Open => {
                let start = self.start_directory();
                if let Some(reason) = self.dialogs.unavailable() {
                    let dialog = FileDialog::new(
                        "Open session",
                        file_dialog::Mode::Open,
                        Some(SaveKind::Session.extension()),
                        start.as_deref(),
                        "",
                        &reason,
                    );
                    self.open_in_app_dialog(dialog, AfterDialog::OpenSession, &reason);
                } else if let Some(path) = self.dialogs.open_session(start.as_deref()) {
                    self.open_session_file(path);
                }
            }
            Pending::Close => self.effects.push(Effect::Close),
        }
    }

    /// Reads the session file at `path` in the background: a file on a slow or stalled disk never
    /// freezes the window (the session on screen stays until the file has been read and checked).
    fn open_session_file(&mut self, path: PathBuf) {
        let job = super::background::Job::session(Arc::clone(&self.kb), path, &self.waker);
        self.start_job(job);
    }

    /// Shows the window's own file dialog (the desktop has none, for `reason`); `after` is done
    /// with the path it returns.
    fn open_in_app_dialog(&mut self, dialog: FileDialog, after: AfterDialog, reason: &str) {
        self.ui_state.status = reason.to_string();
        self.in_app_dialog = Some((dialog, after));
    }

    /// Draws the window's own file dialog, if open, and carries out the command that asked for
    /// it once a path is chosen.
    pub(super) fn show_in_app_dialog(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = &mut self.in_app_dialog else { return };
        match dialog.show(ctx) {
            file_dialog::Outcome::Open => {}
            file_dialog::Outcome::Cancelled => self.in_app_dialog = None,
            file_dialog::Outcome::Chosen(path) => {
                let Some((_, after)) = self.in_app_dialog.take() else { return };
                self.finish_in_app_dialog(after, path);
            }
        }
    }

    fn finish_in_app_dialog(&mut self, after: AfterDialog, path: PathBuf) {
        match after {
            AfterDialog::OpenSession => self.open_session_file(path),
            AfterDialog::SaveSession { then } => {
                if self.save_to(&path)
                    && let Some(pending) = then
                {
                    self.proceed(pending);
                }
            }
            AfterDialog::Export(SaveKind::Session) => {
                self.save_to(&path);
            }
            AfterDialog::Export(SaveKind::Handout) => self.export_handout_to(&path),
            AfterDialog::Export(SaveKind::Svg) => self.export_svg_to(&path),
            AfterDialog::Export(SaveKind::Png) => self.effects.push(Effect::ExportPng(path)),
            AfterDialog::Pack => self.load_pack(&path),
        }
    }

    /// Opens a session file. On any error the current session is left exactly as it was and the
    /// problems are listed.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match session::open(&self.kb, path) {
            Ok(saved) => {
                self.show_opened(path, saved);
                true
            }
            Err(errors) => {
                self.report_open_failure(path, errors.iter().map(ToString::to_string).collect());
                false
            }
        }
    }

    /// Puts an opened session on screen, marked as saved in `path`.
    pub(super) fn show_opened(&mut self, path: &Path, saved: session::SavedSession) {
        let older_format = saved.read_format < session::FORMAT_VERSION;
        self.ui_state.selection = saved.areas;
        self.ui_state.plan = saved.plan;
        self.ui_state.trace = None;
        self.ui_state.teach = None;
        // Another patient's visits, or the same file again: nothing is compared until asked.
        self.ui_state.compare_with = None;
        self.document.mark_saved(Some(path.to_path_buf()), &self.ui_state.selection, &self.ui_state.plan);
        self.remember_directory(path);
        self.ui_state.status = format!("Opened {}", file_label(path));
        if older_format {
            // Said once, in passing: nothing is written until the user saves.
            self.ui_state.status =
                format!("Opened {}, an older file; saving will write the new format (visits)", file_label(path));
        }
        self.ui_state.unlocked_visit = None;
        // A session with a plan opens on it: that is what the visit continues from.
        let plan = &self.ui_state.plan;
        if !plan.exercises.is_empty() || !plan.notes.is_empty() {
            self.ui_state.tab = super::state::SideTab::Plan;
        }
        self.refresh();
    }

    /// Lists why `path` did not open; the session on screen is left as it was.
    pub(super) fn report_open_failure(&mut self, path: &Path, errors: Vec<String>) {
        let summary = format!("{} could not be opened, so the session on screen is unchanged.", file_label(path));
        self.notify_error("The session did not open", summary, errors);
    }

    /// Saves to the session's file, or asks where first (`as_new`, or never saved). Returns
    /// whether the session is now saved.
    fn save(&mut self, as_new: bool) -> bool {
        self.save_then(as_new, None)
    }

    /// [`Self::save`]; when the window's own dialog has to ask where, `then` runs after it saves
    /// (the answer comes in a later frame, so this returns `false`).
    fn save_then(&mut self, as_new: bool, then: Option<Pending>) -> bool {
        let path = match (&self.document.path, as_new) {
            (Some(path), false) => path.clone(),
            _ => match self.ask_save(SaveKind::Session, AfterDialog::SaveSession { then }) {
                Some(path) => path,
                None => return false,
            },
        };
        self.save_to(&path)
    }

    /// Saves the session to `path` atomically; on failure the old file is intact and the work
    /// stays on screen, unsaved.
    pub fn save_to(&mut self, path: &Path) -> bool {
        let now = export::utc_now();
        // Only what this version can open again is written: the file the reader would refuse
        // (too long a note, too large a file) is never made, and any earlier file stays.
        let problems = unreadable_save(&self.kb, &self.ui_state.selection, &self.ui_state.plan, &now, path);
        if !problems.is_empty() {
            let summary = format!(
                "{} was not written: the session could not be opened again. Shorten the notes listed below; your work is still open and any earlier file is unchanged.",
                path.display()
            );
            self.notify_error("The session was not saved", summary, problems);
            return false;
        }
        match session::save(path, &self.ui_state.selection, &self.ui_state.plan, &now) {
            Ok(created) => {
                self.ui_state.plan.created = Some(created);
                self.ui_state.plan.date_visit(now.get(..10).unwrap_or(&now));
                self.document.mark_saved(Some(path.to_path_buf()), &self.ui_state.selection, &self.ui_state.plan);
                self.remember_directory(path);
                self.ui_state.status = format!("Saved {}", file_label(path));
                true
            }
            Err(e) => {
                let summary = format!(
                    "Could not write {}: {e}. Your work is still open and any earlier file is unchanged.",
                    path.display()
                );
                self.notify_error("The session was not saved", summary, Vec::new());
                false
            }
        }
    }

    /// Asks where to save; `None` when cancelled, or when the window's own dialog asks instead
    /// (it does `after` with the answer).
    fn ask_save(&mut self, kind: SaveKind, after: AfterDialog) -> Option<PathBuf> {
        let suggested = suggested_name(&self.ui_state.plan.patient, &today(), kind.extension());
        let suggested = match (kind, &self.document.path) {
            (SaveKind::Session, Some(path)) => file_label(path),
            _ => suggested,
        };
        let start = self.start_directory();
        if let Some(reason) = self.dialogs.unavailable() {
            let dialog = FileDialog::new(
                kind.title(),
                file_dialog::Mode::Save,
                Some(kind.extension()),
                start.as_deref(),
                &suggested,
                &reason,
            );
            self.open_in_app_dialog(dialog, after, &reason);
            return None;
        }
        let path = self.dialogs.save(kind, &suggested, start.as_deref())?;
        Some(super::dialogs::with_extension(path, kind.extension()))
    }

    fn start_directory(&self) -> Option<PathBuf> {
        self.document
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.settings.last_directory.clone())
    }

    pub(super) fn remember_directory(&mut self, path: &Path) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.settings.last_directory = Some(dir.to_path_buf());
        }
    }

    fn export_handout(&mut self) {
        if let Some(path) = self.ask_save(SaveKind::Handout, AfterDialog::Export(SaveKind::Handout)) {
            self.export_handout_to(&path);
        }
    }

    fn export_handout_to(&mut self, path: &Path) {
        let options = crate::export::handout::HandoutOptions { date: today(), variant: self.settings.variant };
        // The figures the cards show (a clinic pack's too), so the print matches the window.
        let html = crate::export::handout::handout_html_with_figures(
            &self.kb,
            &self.map,
            &self.ui_state.selection,
            &self.ui_state.plan,
            &options,
            self.figures.set(),
        );
        if self.write_export(path, html.as_bytes(), "The handout was not saved") {
            // Printing happens in the browser: the handout is offered to open there.
            self.print_offer = Some(path.to_path_buf());
        }
    }

    /// Asks where to save the PNG whose size was just chosen, then exports it.
    pub(super) fn export_png_at_chosen_size(&mut self) {
        if let Some(path) = self.ask_save(SaveKind::Png, AfterDialog::Export(SaveKind::Png)) {
            self.effects.push(Effect::ExportPng(path));
        }
    }

    /// The drawing as the window shows it (its views, layers, marks and trace), as one SVG.
    pub(super) fn drawing_svg_now(&self) -> String {
        let views = self.settings.view.views();
        let comparison = super::progress_panel::comparison(&self.kb, &self.ui_state);
        drawing_svg(&self.kb, &self.map, &self.ui_state.selection, &self.highlight, &self.settings, views, comparison)
    }

    fn export_svg(&mut self) {
        if let Some(path) = self.ask_save(SaveKind::Svg, AfterDialog::Export(SaveKind::Svg)) {
            self.export_svg_to(&path);
        }
    }

    fn export_svg_to(&mut self, path: &Path) {
        let svg = self.drawing_svg_now();
        self.write_export(path, svg.as_bytes(), "The drawing was not exported");
    }

    /// Writes an export atomically; returns whether it was written (a failure is reported).
    fn write_export(&mut self, path: &Path, bytes: &[u8], failure: &str) -> bool {
        match write_atomic(path, bytes) {
            Ok(()) => {
                self.remember_directory(path);
                self.ui_state.status = format!("Exported {}", file_label(path));
                true
            }
            Err(e) => {
                self.notify_error(failure, format!("Could not write {}: {e}", path.display()), Vec::new());
                false
            }
        }
    }

    /// The offer to open a just-written handout in the browser (to print it there): a small
    /// window in the corner that leaves the rest of the window usable.
    pub(super) fn show_print_offer(&mut self, ctx: &egui::Context) {
        let Some(path) = self.print_offer.clone() else { return };
        let mut open = false;
        let mut close = false;
        egui::Window::new("Handout saved")
            .id(egui::Id::unique("print-offer"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -40.0))
            .show(ctx, |ui| {
                ui.label(format!("{} is saved. Open it in your browser and print it from there.", file_label(&path)));
                ui.horizontal(|ui| {
                    open = ui.button("Open in browser").clicked();
                    close = ui.button("Close").clicked();
                });
            });
        if open {
            self.print_offer = None;
            match self.dialogs.open_in_browser(&path) {
                Ok(()) => self.ui_state.status = format!("Opened {} in the browser", file_label(&path)),
                Err(e) => self.notify_error("The browser did not open", e, Vec::new()),
            }
        } else if close {
            self.print_offer = None;
        }
    }

    pub(super) fn notify_error(&mut self, title: &str, summary: String, details: Vec<String>) {
        self.ui_state.status = format!("{title}: see the message");
        self.ui_state.notice = Some(Notice { title: title.to_string(), summary, details, error: true });
    }

    /// Loads a clinic pack over the built-in content, in the background (the status bar says
    /// "Loading …"; the window keeps working). A bad pack changes nothing: its errors are listed
    /// and the content in use stays.
    pub fn load_pack(&mut self, dir: &Path) {
        // A newer choice replaces a pack still loading.
        self.jobs.retain(|job| !job.is_pack());
        let job = super::background::Job::pack(dir.to_path_buf(), &self.waker);
        self.start_job(job);
    }

    /// Applies a loaded clinic pack, or lists why it did not load.
    pub(super) fn finish_pack(&mut self, dir: &Path, loaded: Result<super::background::LoadedPack, Vec<String>>) {
        // The drawing was checked against the pack too: an area it cannot draw is refused.
        match loaded {
            Ok(loaded) => {
                let (kb, map, report) = *loaded;
                self.swap_knowledge(kb, Arc::new(map));
                self.pack = Some(dir.to_path_buf());
                self.settings.clinic_pack = Some(dir.to_path_buf());
                self.ui_state.status = format!("Clinic pack {} loaded: {report}", file_label(dir));
                self.ui_state.notice = Some(Notice {
                    title: "Clinic pack loaded".to_string(),
                    summary: format!("{}: {report}. The built-in content is still there.", dir.display()),
                    details: Vec::new(),
                    error: false,
                });
            }
            Err(errors) => {
                let summary = format!(
                    "{} has {} problem{}; nothing was loaded and the content in use is unchanged.",
                    dir.display(),
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                );
                self.notify_error("The clinic pack was not loaded", summary, errors);
            }
        }
    }

    /// Goes back to the built-in content, unless the plan uses the pack's exercises (they would
    /// vanish from the session).
    fn use_builtin_content(&mut self) {
        // A pack still loading is not wanted any more.
        self.jobs.retain(|job| !job.is_pack());
        if self.pack.is_none() {
            return;
        }
        let kb = match KnowledgeBase::builtin() {
            Ok(kb) => kb,
            Err(errors) => {
                self.notify_error(
                    "Built-in content failed",
                    "This build's own data did not load.".to_string(),
                    errors.iter().map(ToString::to_string).collect(),
                );
                return;
            }
        };
        let missing: Vec<String> = self
            .ui_state
            .plan
            .exercises
            .iter()
            .filter(|e| kb.exercise(&e.id).is_none())
            .map(|e| e.id.clone())
            .collect();
        if !missing.is_empty() {
            self.notify_error(
                "Still using the clinic pack",
                "The patient plan uses exercises that only the clinic pack has. Remove them from the plan first."
                    .to_string(),
                missing,
            );
            return;
        }
        let map = match builtin_map() {
            Ok(map) => map,
            Err(errors) => {
                let details = errors.iter().map(ToString::to_string).collect();
                self.notify_error(
                    "Built-in drawing failed",
                    "This build's own drawing did not load.".to_string(),
                    details,
                );
                return;
            }
        };
        self.swap_knowledge(kb, map);
        self.pack = None;
        self.settings.clinic_pack = None;
        self.ui_state.status = "Using the built-in content".to_string();
    }

    /// Puts new knowledge and its drawing in use; the old drawing is dropped with its last user.
    fn swap_knowledge(&mut self, kb: KnowledgeBase, map: Arc<BodyMap>) {
        self.kb = Arc::new(kb);
        self.map = map;
        self.refresh();
    }

    /// Acts on the answer for the recovery copy `stem`: restores its work (unsaved until the
    /// user saves it), keeps it aside under a dated name and says where, or discards it. The
    /// next copy waiting, if any, is offered after.
    pub(super) fn resolve_recovery(&mut self, stem: &str, choice: RecoveryChoice) {
        if choice == RecoveryChoice::Restore && self.is_dirty() {
            // The modal does not offer it then; restoring would replace unsaved work.
            return;
        }
        self.ui_state.recovery_offer = None;
        let Some(recovery) = &mut self.recovery else { return };
        match recovery.resolve(&self.kb, stem, choice) {
            Ok(Resolved::Restored(saved, origin)) => {
                self.ui_state.selection = saved.areas;
                self.ui_state.plan = saved.plan;
                self.document = Document { path: origin, ..Document::default() };
                self.ui_state.status = "Unsaved work restored: save it to keep it".to_string();
                self.refresh();
            }
            Ok(Resolved::KeptAside(path)) => {
                self.ui_state.status = format!("Unsaved work kept as {}", path.display());
                self.ui_state.notice = Some(Notice {
                    title: "Unsaved work kept aside".to_string(),
                    summary: format!(
                        "The copy was kept as {}. It is a session file: open it with Open session… in the File menu (with the clinic pack it needs loaded).",
                        path.display()
                    ),
                    details: Vec::new(),
                    error: false,
                });
            }
            Ok(Resolved::Discarded) => self.ui_state.status = "Unsaved work from an earlier run discarded".to_string(),
            Err(e) => self.notify_error("The unsaved work was not restored", e, Vec::new()),
        }
    }

    /// Starts teach mode on `subject`.
    pub(super) fn start_teach(&mut self, subject: crate::pathway::Item) {
        let steps = crate::pathway::teach_story(&self.kb, &subject, &self.result);
        let mut subjects = crate::pathway::teach_subjects(&self.kb, &self.result, 8);
        if !subjects.contains(&subject) {
            subjects.insert(0, subject.clone());
        }
        self.ui_state.teach = Some(super::state::Teach { subject, steps, step: 0, subjects });
    }
}

/// The built-in drawing for the built-in knowledge, shared by every window that goes back to it:
/// parsed (and copied out of [`BodyMap::shared`]) once per process.
fn builtin_map() -> Result<Arc<BodyMap>, &'static [crate::geometry::GeometryError]> {
    static MAP: std::sync::OnceLock<Arc<BodyMap>> = std::sync::OnceLock::new();
    let map = BodyMap::shared()?;
    Ok(Arc::clone(MAP.get_or_init(|| Arc::new(map.clone()))))
}

/// Why the session, saved now to `path`, could not be opened again by this version with the
/// content loaded: every problem the reader would report (none when it can be saved).
pub fn unreadable_save(
    kb: &KnowledgeBase,
    selection: &[SelectedArea],
    plan: &Plan,
    now: &str,
    path: &Path,
) -> Vec<String> {
    let text = session::to_json(selection, plan, now);
    let size = text.len() as u64;
    if size > session::MAX_SESSION_BYTES {
        return vec![format!(
            "{}: the session would be {:.1} MB; a session file is at most {} MB (the notes and exercise notes are too long)",
            path.display(),
            size as f64 / 1_048_576.0,
            session::MAX_SESSION_BYTES / 1_048_576
        )];
    }
    match session::parse(kb, &text, &path.display().to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Today as `YYYY-MM-DD` (UTC); one copy, in `text`.
pub use crate::text::today;

/// The drawing as one SVG, as the window shows it: the shown views side by side with the
/// window's layers, the marked areas (with their pain) and the highlight, and the earlier visit
/// compared with (its outlines and each area's change) while comparing; one legend, under the
/// first view.
pub fn drawing_svg(
    kb: &KnowledgeBase,
    map: &BodyMap,
    selection: &[SelectedArea],
    highlight: &crate::pathway::Highlight,
    settings: &crate::app::Settings,
    views: &[View],
    comparison: Option<crate::geometry::display::Comparison>,
) -> String {
    let options = crate::geometry::SvgOptions {
        comparison,
        layers: settings.layers,
        selected_areas: selection.iter().map(|s| (s.area.base.clone(), s.area.side, s.intensity)).collect(),
        highlight: highlight.clone(),
        variant: settings.variant,
        names: label_names(kb),
        ..Default::default()
    };
    // One document with the views side by side, each a nested <svg> keeping its own viewBox.
    let gap = 20.0;
    let mut width = 0.0f32;
    let mut height = 0.0f32;
    let mut body = String::new();
    for (i, view) in views.iter().enumerate() {
        let mut layers = options.layers;
        layers.legend &= i == 0;
        let view_options = crate::geometry::SvgOptions { layers, ..options.clone() };
        let drawing = crate::geometry::svg_drawing(map, *view, &view_options);
        let size = drawing.view_box.size();
        let title =
            format!("Sciatica Explorer body map, {} view", if *view == View::Posterior { "back" } else { "front" });
        let part =
            crate::geometry::write_svg(&drawing.list, drawing.view_box, None, &title, options.palette.background)
                // The views' clip paths need ids of their own in one document.
                .replace("id=\"body\"", &format!("id=\"body-{i}\""))
                .replace("url(#body)", &format!("url(#body-{i})"));
        let x = if width > 0.0 { width + gap } else { 0.0 };
        body.push_str(&part.replacen("<svg ", &format!("<svg x=\"{x}\" y=\"0\" "), 1));
        body.push('\n');
        width = x + size.x;
        height = height.max(size.y);
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.1} {height:.1}\">\n{body}</svg>\n"
    )
}

/// Display names for the drawing's labels, from the knowledge in use.
fn label_names(kb: &KnowledgeBase) -> std::collections::BTreeMap<String, String> {
    let mut names = std::collections::BTreeMap::new();
    names.extend(kb.nerves.iter().map(|n| (n.id.clone(), n.name.clone())));
    names.extend(kb.muscles.iter().map(|m| (m.id.clone(), m.name.clone())));
    names.extend(kb.roots.iter().map(|r| (r.id.clone(), r.id.clone())));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_cannot_make_paths() {
        assert_eq!(suggested_name("JD 0042", "2026-11-22", "json"), "jd-0042-2026-11-22.json");
        assert_eq!(suggested_name("../../etc/passwd", "2026-11-22", "html"), "etc-passwd-2026-11-22.html");
        assert_eq!(suggested_name("", "2026-11-22", "svg"), "session-2026-11-22.svg");
        assert_eq!(suggested_name("Zoë", "d", "png"), "zoë-d.png");
    }
}
