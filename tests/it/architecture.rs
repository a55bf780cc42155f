//! The direction of dependencies between the rooms of `src/`: the command line depends on the
//! app and the domain, never the reverse. A `use crate::cli::…` in the app would make the window
//! need the command line's types again (as `LayerArg` once did).

use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Whether a line names the `cli` module as a path (`crate::cli`, `super::cli::X`,
/// `sciatica_explorer::cli`, `use crate::{cli, …}`), not merely a word holding "cli" (`clip`).
fn names_the_cli_module(line: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices("cli").any(|(at, word)| {
        let (before, after) = (&line[..at], &line[at + word.len()..]);
        if before.chars().next_back().is_some_and(is_ident) || after.chars().next().is_some_and(is_ident) {
            return false;
        }
        let before = before.trim_end();
        after.starts_with("::")
            || before.ends_with("::")
            || (line.trim_start().starts_with("use ") && (before.ends_with('{') || before.ends_with(',')))
    })
}

#[test]
fn the_cli_module_name_is_recognised() {
    assert!(names_the_cli_module("use crate::cli::LayerToggle;"));
    assert!(names_the_cli_module("    let x = crate::cli::EXIT_OK;"));
    assert!(names_the_cli_module("use crate::{cli, lookup};"));
    assert!(names_the_cli_module("use crate::cli;"));
    assert!(names_the_cli_module("use crate::{lookup, cli::Cli};"));
    assert!(!names_the_cli_module("None => panic!(\"degenerate outline {clip:?}\"),"));
    assert!(!names_the_cli_module("let clicked = cli;"));
    assert!(!names_the_cli_module("super::clip::clip_skin_maps_to_silhouette(&mut vm, tol);"));
    assert!(!names_the_cli_module("// a click on the map"));
}

#[test]
fn no_app_or_domain_module_depends_on_the_command_line() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Everything but the command line itself, its packaging subcommands and the binary.
    let command_line = ["cli.rs", "install.rs", "main.rs"];
    let mut offending = Vec::new();
    for file in rust_files(&src) {
        if file.parent() == Some(src.as_path())
            && file.file_name().is_some_and(|n| command_line.iter().any(|c| n == *c))
        {
            continue;
        }
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => panic!("cannot read {}: {e}", file.display()),
        };
        for (number, line) in text.lines().enumerate() {
            if names_the_cli_module(line) {
                offending.push(format!("{}:{}: {}", file.display(), number + 1, line.trim()));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "the command line is for the binary only; these depend on it:\n{}",
        offending.join("\n")
    );
}
