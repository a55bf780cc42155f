//! What installing the app as a desktop application needs from the binary: the app id and icon
//! the window announces (so the desktop matches it to `packaging/*.desktop`), and the hidden
//! `man` and `completions` subcommands that write the man pages and shell completions for
//! `packaging/build-deb.sh`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{CommandFactory as _, Subcommand};

/// The reverse-DNS id shared by the desktop entry (`packaging/APP_ID.desktop`), the AppStream
/// metainfo, the icon files and the window (the Wayland app id and the X11 `WM_CLASS`), so the
/// desktop shows the running window under the menu entry's name and icon.
///
/// The stored settings stay under [`crate::app::APP_ID`]: changing their folder would lose them.
pub const DESKTOP_APP_ID: &str = "org.sciaticaexplorer.SciaticaExplorer";

/// The 256 px app icon, embedded so the installed binary needs no file beside it.
pub const ICON_PNG: &[u8] =
    include_bytes!("../packaging/icons/hicolor/256x256/apps/org.sciaticaexplorer.SciaticaExplorer.png");

/// The width and height of [`ICON_PNG`] in pixels.
pub const ICON_SIZE: u32 = 256;

/// [`ICON_PNG`] decoded for the window, or what is wrong with it.
pub fn window_icon() -> Result<egui::IconData, String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(ICON_PNG));
    let mut reader = decoder.read_info().map_err(|e| format!("the app icon is not a PNG: {e}"))?;
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buf).map_err(|e| format!("the app icon cannot be decoded: {e}"))?;
    buf.truncate(info.buffer_size());
    let rgba = match (info.color_type, info.bit_depth) {
        (png::ColorType::Rgba, png::BitDepth::Eight) => buf,
        (png::ColorType::Rgb, png::BitDepth::Eight) => {
            buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], u8::MAX]).collect()
        }
        (color, depth) => return Err(format!("the app icon is {color:?} at {depth:?}; render it as 8-bit RGBA")),
    };
    Ok(egui::IconData { rgba, width: info.width, height: info.height })
}

/// The hidden packaging subcommands (flattened into [`crate::cli::Command`]).
#[derive(Debug, Subcommand)]
pub enum InstallCommand {
    /// Write the man page (roff): the main page to standard output or FILE, or with --dir every
    /// page (one per subcommand too) into DIR.
    #[command(hide = true)]
    Man {
        /// Write the main page here (replaced atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE", conflicts_with = "dir")]
        output: Option<PathBuf>,
        /// Write `sciatica-explorer.1` and one `sciatica-explorer-SUBCOMMAND.1` per subcommand here.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Write the shell completion script for SHELL to standard output.
    #[command(hide = true)]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// Runs a packaging subcommand; returns the process exit code.
pub fn run(command: &InstallCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        InstallCommand::Man { output: None, dir: None } => {
            write_man_page(out).map_err(|e| format!("cannot write the man page: {e}"))
        }
        InstallCommand::Man { output: Some(path), .. } => {
            let mut page = Vec::new();
            write_man_page(&mut page)
                .and_then(|()| crate::export::write_atomic(path, &page))
                .map_err(|e| format!("cannot write the man page to {}: {e}", path.display()))
        }
        InstallCommand::Man { dir: Some(dir), .. } => write_man_pages(dir),
        InstallCommand::Completions { shell } => {
            clap_complete::generate(*shell, &mut crate::cli::Cli::command(), BIN_NAME, out);
            Ok(())
        }
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
}

/// The installed binary's name, as the completions call it.
const BIN_NAME: &str = "sciatica-explorer";

/// The command line as the man pages describe it: without clap's `help` subcommand, which needs
/// no page of its own.
fn man_command() -> clap::Command {
    let mut cmd = crate::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The main page, `sciatica-explorer(1)`.
pub fn write_man_page(out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(man_command()).render(out)
}

/// The main page and one page per visible subcommand (`sciatica-explorer-lookup.1`, …), as the
/// main page's SUBCOMMANDS section refers to them, written into `dir` (created if missing).
fn write_man_pages(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let root = man_command();
    let pages = std::iter::once(root.clone()).chain(root.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    for cmd in pages {
        let man = clap_mangen::Man::new(cmd);
        let path = dir.join(man.get_filename());
        let mut page = Vec::new();
        man.render(&mut page)
            .and_then(|()| crate::export::write_atomic(&path, &page))
            .map_err(|e| format!("cannot write the man page {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_its_size_in_rgba() {
        let icon = window_icon().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((icon.width, icon.height), (ICON_SIZE, ICON_SIZE));
        assert_eq!(icon.rgba.len(), (ICON_SIZE * ICON_SIZE * 4) as usize);
        // Not blank: the rounded tile is opaque in the middle, transparent in the corner.
        assert_eq!(icon.rgba[((ICON_SIZE / 2 * ICON_SIZE + ICON_SIZE / 2) * 4 + 3) as usize], u8::MAX);
        assert_eq!(icon.rgba[3], 0);
    }

    #[test]
    fn the_app_id_names_the_desktop_entry_and_the_metainfo() {
        // The desktop matches a window to its entry by the entry's file name.
        let packaging = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging");
        let entries: Vec<String> = std::fs::read_dir(&packaging)
            .unwrap_or_else(|e| panic!("{}: {e}", packaging.display()))
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".desktop").map(str::to_string))
            .collect();
        assert_eq!(entries, [DESKTOP_APP_ID], "the desktop entry's file name is not the app id");
        let read = |name: String| {
            std::fs::read_to_string(packaging.join(&name)).unwrap_or_else(|e| panic!("packaging/{name}: {e}"))
        };
        let desktop = read(format!("{DESKTOP_APP_ID}.desktop"));
        let metainfo = read(format!("{DESKTOP_APP_ID}.metainfo.xml"));
        assert!(desktop.lines().any(|l| l == format!("Icon={DESKTOP_APP_ID}")), "Icon= is not the app id");
        assert!(
            desktop.lines().any(|l| l == format!("StartupWMClass={DESKTOP_APP_ID}")),
            "StartupWMClass= is not the app id"
        );
        assert!(metainfo.contains(&format!("<id>{DESKTOP_APP_ID}</id>")), "the metainfo <id> is not the app id");
        assert!(
            metainfo.contains(&format!(r#"<launchable type="desktop-id">{DESKTOP_APP_ID}.desktop</launchable>"#)),
            "the metainfo does not launch the desktop entry"
        );
    }
}
