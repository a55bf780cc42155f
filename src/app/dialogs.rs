//! Native file dialogs behind a small trait, so tests script the answers and never open one.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a save dialog is for: its title, filter and extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveKind {
    Session,
    Handout,
    Svg,
    Png,
}

impl SaveKind {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            SaveKind::Session => "json",
            SaveKind::Handout => "html",
            SaveKind::Svg => "svg",
            SaveKind::Png => "png",
        }
    }

    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            SaveKind::Session => "Save session",
            SaveKind::Handout => "Save the patient handout",
            SaveKind::Svg => "Export the drawing as SVG",
            SaveKind::Png => "Export the drawing as PNG",
        }
    }

    fn filter(self) -> &'static str {
        match self {
            SaveKind::Session => "Sciatica Explorer session",
            SaveKind::Handout => "Web page (prints on A4 and Letter)",
            SaveKind::Svg => "SVG drawing",
            SaveKind::Png => "PNG image",
        }
    }
}

/// The file dialogs the window uses. Each returns `None` when the user cancels.
pub trait Dialogs {
    /// Asks for a session file to open.
    fn open_session(&mut self, start: Option<&Path>) -> Option<PathBuf>;
    /// Asks where to save; `suggested` is a file name.
    fn save(&mut self, kind: SaveKind, suggested: &str, start: Option<&Path>) -> Option<PathBuf>;
    /// Asks for a clinic pack directory.
    fn pick_pack(&mut self, start: Option<&Path>) -> Option<PathBuf>;
    /// Why these dialogs cannot open now (no desktop dialog to ask), or `None` when they can.
    /// The window then uses its own dialog ([`super::file_dialog`]) instead.
    fn unavailable(&mut self) -> Option<String> {
        None
    }
    /// Opens a written file (the handout) in the desktop's browser, to print it from there.
    fn open_in_browser(&mut self, path: &Path) -> Result<(), String>;
}

/// The desktop's own dialogs (through the XDG portal on Linux).
#[derive(Debug, Default)]
pub struct NativeDialogs {
    /// A desktop dialog was found once: it is not looked for again at every dialog (a D-Bus round
    /// trip). A missing one is looked for again, so one started later is used.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    desktop_dialog_found: bool,
}

impl Dialogs for NativeDialogs {
    fn open_session(&mut self, start: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open session")
            .add_filter(SaveKind::Session.filter(), &["json"])
            .add_filter("All files", &["*"]);
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        dialog.pick_file()
    }

    fn save(&mut self, kind: SaveKind, suggested: &str, start: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(kind.title())
            .add_filter(kind.filter(), &[kind.extension()])
            .set_file_name(suggested);
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        // Some dialogs return the name without the extension the filter implies.
        dialog.save_file().map(|path| with_extension(path, kind.extension()))
    }

    fn pick_pack(&mut self, start: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title("Choose a clinic pack folder");
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        dialog.pick_folder()
    }

    fn open_in_browser(&mut self, path: &Path) -> Result<(), String> {
        let mut command = if cfg!(target_os = "macos") {
            std::process::Command::new("open")
        } else if cfg!(windows) {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        } else {
            std::process::Command::new("xdg-open")
        };
        let mut child = command
            .arg(path)
            .spawn()
            .map_err(|e| format!("Could not start the desktop's opener ({e}). Open {} yourself.", path.display()))?;
        // Reaped on a thread of its own: the opener may wait for the browser.
        std::thread::spawn(move || child.wait());
        Ok(())
    }

    /// rfd answers "cancelled" both for a cancel and for a dialog it could not open, so what it
    /// needs is looked for first: on Linux, the desktop's file-chooser portal on the session bus
    /// or zenity on `PATH` (its fallback).
    fn unavailable(&mut self) -> Option<String> {
        #[cfg(target_os = "linux")]
        {
            if self.desktop_dialog_found {
                return None;
            }
            self.desktop_dialog_found = portal_on_session_bus() || on_path("zenity");
            if !self.desktop_dialog_found {
                return Some(
                    "This desktop has no file dialog (no file-chooser portal, no zenity), so the window's own is used."
                        .to_string(),
                );
            }
        }
        None
    }
}

/// The D-Bus name of the desktop portal that shows file choosers.
#[cfg(target_os = "linux")]
const PORTAL: &str = "org.freedesktop.portal.Desktop";

/// Whether the session bus has the desktop portal, running or startable. A bus that does not
/// answer within two seconds counts as none (the check runs on a thread so it cannot hang the
/// window).
#[cfg(target_os = "linux")]
fn portal_on_session_bus() -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let found = pollster::block_on(async {
            let Ok(connection) = zbus::Connection::session().await else { return false };
            let Ok(bus) = zbus::fdo::DBusProxy::new(&connection).await else { return false };
            let Ok(name) = zbus::names::BusName::try_from(PORTAL) else { return false };
            if bus.name_has_owner(name).await.unwrap_or(false) {
                return true;
            }
            bus.list_activatable_names().await.is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
        });
        let _ = tx.send(found);
    });
    rx.recv_timeout(std::time::Duration::from_secs(2)).unwrap_or(false)
}

/// Whether an executable `program` is in a folder on `PATH`.
#[cfg(target_os = "linux")]
fn on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program)).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// `path`, with `.ext` added when it has no extension.
pub fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_some() { path } else { path.with_extension(ext) }
}

/// Dialogs that answer from a script, for tests: each call takes the next answer (and records
/// what was asked); an empty script answers "cancelled".
#[derive(Clone, Debug, Default)]
pub struct ScriptedDialogs {
    answers: Arc<Mutex<VecDeque<Option<PathBuf>>>>,
    asked: Arc<Mutex<Vec<String>>>,
    unavailable: Arc<Mutex<Option<String>>>,
}

impl ScriptedDialogs {
    /// Queues the answer to the next dialog (`None` = the user cancels).
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push_back(path);
        }
    }

    /// From now on the dialogs report that they cannot open (as on a desktop without a file
    /// dialog), for `reason`.
    pub fn set_unavailable(&self, reason: &str) {
        if let Ok(mut unavailable) = self.unavailable.lock() {
            *unavailable = Some(reason.to_string());
        }
    }

    /// The dialogs opened so far, e.g. `save:json:untitled.json` (a save dialog by the extension
    /// it saves, not by the Rust name of its kind).
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }

    fn next(&self, what: String) -> Option<PathBuf> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(what);
        }
        self.answers.lock().ok().and_then(|mut a| a.pop_front()).flatten()
    }
}

impl Dialogs for ScriptedDialogs {
    fn open_session(&mut self, _start: Option<&Path>) -> Option<PathBuf> {
        self.next("open".to_string())
    }

    fn save(&mut self, kind: SaveKind, suggested: &str, _start: Option<&Path>) -> Option<PathBuf> {
        self.next(format!("save:{}:{suggested}", kind.extension()))
    }

    fn pick_pack(&mut self, _start: Option<&Path>) -> Option<PathBuf> {
        self.next("pack".to_string())
    }

    fn unavailable(&mut self) -> Option<String> {
        self.unavailable.lock().ok().and_then(|u| u.clone())
    }

    /// Records `browser:PATH`; nothing is launched.
    fn open_in_browser(&mut self, path: &Path) -> Result<(), String> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(format!("browser:{}", path.display()));
        }
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_program_is_found_on_path_only_when_it_is_there() {
        assert!(on_path("sh"), "sh is on PATH on any Linux");
        assert!(!on_path("sciatica-explorer-no-such-program"));
    }
}
