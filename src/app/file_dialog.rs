//! The window's own file dialog, for desktops that have none (no file-chooser portal and no
//! zenity, where the native dialog would silently do nothing): a modal listing the folders and
//! files of one folder, with a folder field, Up, a file name, Open/Save and Cancel. No
//! `egui-file-dialog` release supports egui 0.37 yet, hence this small one.

use std::path::{Path, PathBuf};

/// What the dialog picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// An existing file.
    Open,
    /// A file to write (asks before replacing one).
    Save,
    /// A folder (the one shown when the user confirms).
    Folder,
}

/// What a frame of the dialog ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still open.
    Open,
    Chosen(PathBuf),
    Cancelled,
}

/// One row of the listing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    name: String,
    is_dir: bool,
}

/// The state of one in-app file dialog, from opening to the user's answer.
#[derive(Clone, Debug)]
pub struct FileDialog {
    title: String,
    mode: Mode,
    /// Files with this extension are listed (and added to a saved name without one).
    extension: Option<&'static str>,
    /// Why the window's own dialog is shown (no desktop dialog found).
    note: String,
    dir: PathBuf,
    dir_field: String,
    name: String,
    listing: Result<Vec<Entry>, String>,
    error: Option<String>,
    /// A file that exists, shown as "replace it?" until confirmed.
    replace: Option<PathBuf>,
}

impl FileDialog {
    /// A dialog titled `title`, starting in `start` (else the home folder), with `suggested` as
    /// the file name; `note` says why this dialog is used.
    pub fn new(
        title: &str,
        mode: Mode,
        extension: Option<&'static str>,
        start: Option<&Path>,
        suggested: &str,
        note: &str,
    ) -> Self {
        let dir = start
            .filter(|d| d.is_dir())
            .map(Path::to_path_buf)
            .or_else(home_dir)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut dialog = FileDialog {
            title: title.to_string(),
            mode,
            extension,
            note: note.to_string(),
            dir: PathBuf::new(),
            dir_field: String::new(),
            name: suggested.to_string(),
            listing: Ok(Vec::new()),
            error: None,
            replace: None,
        };
        dialog.enter(dir);
        dialog
    }

    /// The folder shown.
    pub fn directory(&self) -> &Path {
        &self.dir
    }

    fn enter(&mut self, dir: PathBuf) {
        self.listing = list(&dir, self.mode, self.extension);
        self.dir_field = dir.display().to_string();
        self.dir = dir;
        self.error = None;
        self.replace = None;
    }

    /// Draws the dialog; returns the user's answer once given.
    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Open;
        let response = egui::Modal::new(egui::Id::unique("in-app-file-dialog")).show(ctx, |ui| {
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 40.0));
            ui.heading(&self.title);
            ui.label(egui::RichText::new(&self.note).small().weak());
            ui.add_space(4.0);
            self.folder_row(ui);
            self.listing_rows(ui);
            if self.mode != Mode::Folder {
                ui.horizontal(|ui| {
                    let label = ui.label("File name:");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY))
                        .labelled_by(label.id);
                    if field.changed() {
                        self.replace = None;
                        self.error = None;
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        outcome = self.confirm();
                    }
                });
            }
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.add_space(4.0);
            if let Some(existing) = self.replace.clone() {
                ui.label(format!(
                    "{} already exists. Replace it?",
                    existing.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        outcome = Outcome::Chosen(existing.clone());
                    }
                    if ui.button("Keep it").clicked() {
                        self.replace = None;
                    }
                });
                return;
            }
            ui.horizontal(|ui| {
                let confirm = match self.mode {
                    Mode::Open => "Open",
                    Mode::Save => "Save",
                    Mode::Folder => "Choose this folder",
                };
                if ui.button(confirm).clicked() {
                    outcome = self.confirm();
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Cancelled;
                }
            });
        });
        if outcome == Outcome::Open && response.should_close() {
            outcome = Outcome::Cancelled;
        }
        outcome
    }

    fn folder_row(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let up = self.dir.parent().map(Path::to_path_buf);
            if ui.add_enabled(up.is_some(), egui::Button::new("Up")).clicked()
                && let Some(up) = up
            {
                self.enter(up);
            }
            let label = ui.label("Folder:");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.dir_field).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let typed = PathBuf::from(self.dir_field.trim());
                if typed.is_dir() {
                    self.enter(typed);
                } else {
                    self.error = Some(format!("There is no folder {}.", typed.display()));
                }
            }
        });
    }

    fn listing_rows(&mut self, ui: &mut egui::Ui) {
        let mut enter = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::ScrollArea::vertical().max_height(260.0).auto_shrink([false, false]).show(ui, |ui| {
                match &self.listing {
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    Ok(entries) if entries.is_empty() => {
                        ui.weak("(empty)");
                    }
                    Ok(entries) => {
                        for entry in entries {
                            let text = if entry.is_dir { format!("{}/", entry.name) } else { entry.name.clone() };
                            let selected = !entry.is_dir && entry.name == self.name;
                            if ui.selectable_label(selected, text).clicked() {
                                if entry.is_dir {
                                    enter = Some(self.dir.join(&entry.name));
                                } else {
                                    self.name = entry.name.clone();
                                    self.replace = None;
                                    self.error = None;
                                }
                            }
                        }
                    }
                }
            });
        });
        if let Some(dir) = enter {
            self.enter(dir);
        }
    }

    /// Checks the answer; a bad name or a missing file is said in the dialog, which stays open.
    fn confirm(&mut self) -> Outcome {
        if self.mode == Mode::Folder {
            return Outcome::Chosen(self.dir.clone());
        }
        let name = self.name.trim();
        if let Err(e) = validate_name(name) {
            self.error = Some(e);
            return Outcome::Open;
        }
        let mut path = self.dir.join(name);
        if let (Mode::Save, Some(ext)) = (self.mode, self.extension) {
            path = super::dialogs::with_extension(path, ext);
        }
        match self.mode {
            Mode::Open if !path.is_file() => {
                self.error = Some(format!("There is no file {name} in this folder."));
                Outcome::Open
            }
            Mode::Save if path.is_dir() => {
                self.error = Some(format!("{name} is a folder."));
                Outcome::Open
            }
            Mode::Save if path.exists() => {
                self.replace = Some(path);
                Outcome::Open
            }
            _ => Outcome::Chosen(path),
        }
    }
}

/// A file name the dialog accepts: not empty, one name (no folder separator), not `.`/`..`, no
/// control characters.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Type a file name.".to_string());
    }
    if name == "." || name == ".." {
        return Err(format!("{name} is not a file name."));
    }
    if name.contains(['/', '\\']) {
        return Err("A file name cannot contain / or \\; choose the folder above.".to_string());
    }
    if name.chars().any(char::is_control) {
        return Err("A file name cannot contain control characters.".to_string());
    }
    Ok(())
}

/// The folders, then the files with `extension` (all files without one), of `dir`, each sorted
/// by name; hidden entries are left out. A folder that cannot be read gives the reason.
fn list(dir: &Path, mode: Mode, extension: Option<&str>) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("Cannot read {}: {e}", dir.display()))?;
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.path().is_dir();
            let wanted = is_dir
                || (mode != Mode::Folder
                    && extension
                        .is_none_or(|ext| Path::new(&name).extension().is_some_and(|x| x.eq_ignore_ascii_case(ext))));
            (wanted && !name.starts_with('.')).then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by_key(|e| (!e.is_dir, e.name.to_lowercase()));
    Ok(entries)
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(PathBuf::from).filter(|d| d.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_separators_or_nothing_are_refused() {
        assert!(validate_name("visit.json").is_ok());
        for bad in ["", ".", "..", "a/b", "a\\b", "bad\u{7}"] {
            assert!(validate_name(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn saving_over_a_file_asks_first_and_a_bad_name_keeps_the_dialog_open() {
        let dir = std::env::temp_dir().join(format!("sciatica-file-dialog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join("old.json"), "{}").ok();
        let mut dialog = FileDialog::new("Save", Mode::Save, Some("json"), Some(&dir), "old", "");
        assert_eq!(dialog.confirm(), Outcome::Open, "an existing file is not replaced unasked");
        assert_eq!(dialog.replace.as_deref(), Some(dir.join("old.json").as_path()));
        dialog.name = "a/b".to_string();
        assert_eq!(dialog.confirm(), Outcome::Open);
        assert!(dialog.error.is_some());
        dialog.name = "new".to_string();
        assert_eq!(dialog.confirm(), Outcome::Chosen(dir.join("new.json")));
        let mut open = FileDialog::new("Open", Mode::Open, Some("json"), Some(&dir), "missing.json", "");
        assert_eq!(open.confirm(), Outcome::Open, "a missing file is not opened");
        assert_eq!(open.listing, Ok(vec![Entry { name: "old.json".to_string(), is_dir: false }]));
        std::fs::remove_dir_all(&dir).ok();
    }
}
