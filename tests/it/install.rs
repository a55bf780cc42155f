//! Installing as a desktop app: the hidden `man` and `completions` subcommands through the real
//! binary, the desktop entry's command, the icon files, and the Debian package's asset list in
//! Cargo.toml (the package itself is a release step, `packaging/build-deb.sh`).

use crate::common::TempDir;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sciatica-explorer");

/// The subcommands a user runs; each has its own man page.
const SUBCOMMANDS: [&str; 7] = ["areas", "lookup", "exercises", "validate", "handout", "history", "figures"];

/// The PNG sizes rendered from the SVG by packaging/render-icons.sh.
const ICON_SIZES: [u32; 7] = [16, 32, 48, 64, 128, 256, 512];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary, which must succeed; returns its standard output.
fn stdout(args: &[&str]) -> String {
    let output = Command::new(BIN).args(args).output().expect("run the binary");
    assert!(output.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

#[test]
fn the_man_page_describes_every_subcommand_and_the_window_options() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "not roff:\n{page}");
    assert!(page.contains(".TH sciatica-explorer 1"), "no title line:\n{page}");
    // roff escapes the hyphens of the page names.
    for sub in SUBCOMMANDS {
        assert!(page.contains(&format!("sciatica\\-explorer\\-{sub}(1)")), "the page does not list `{sub}`:\n{page}");
    }
    assert!(page.contains("screenshot"), "the window options are missing:\n{page}");
    // The packaging helpers stay out of the user's manual, as clap's `help` does.
    for hidden in ["man", "completions", "help"] {
        assert!(!page.contains(&format!("explorer\\-{hidden}(1)")), "the page lists `{hidden}`");
    }
}

#[test]
fn man_writes_the_page_to_a_file_and_every_page_to_a_folder() {
    let tmp = TempDir::new("man");
    let file = tmp.file("sciatica-explorer.1");
    stdout(&["man", "-o", &file.to_string_lossy()]);
    let page = std::fs::read_to_string(&file).expect("read the written page");
    assert_eq!(page, stdout(&["man"]), "-o FILE writes another page than standard output");

    let dir = tmp.file("man1");
    stdout(&["man", "--dir", &dir.to_string_lossy()]);
    let mut expected: Vec<String> = SUBCOMMANDS.iter().map(|s| format!("sciatica-explorer-{s}.1")).collect();
    expected.push("sciatica-explorer.1".to_string());
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the man folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    let lookup = std::fs::read_to_string(dir.join("sciatica-explorer-lookup.1")).expect("read the lookup page");
    assert!(lookup.contains("numb"), "the lookup page does not explain its areas:\n{lookup}");
}

#[test]
fn completions_know_the_subcommands_in_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains("sciatica-explorer"), "{shell}: the binary is not named:\n{script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: `{sub}` is not completed:\n{script}");
        }
    }
    let output = Command::new(BIN).args(["completions", "tcsh"]).output().expect("run the binary");
    assert_eq!(output.status.code(), Some(2), "an unknown shell is a usage error");
    assert!(String::from_utf8_lossy(&output.stderr).contains("bash"), "the error does not list the shells");
}

#[test]
fn the_desktop_entry_starts_the_installed_binary() {
    let name = Path::new(BIN).file_name().and_then(|n| n.to_str()).expect("binary name");
    let desktop = std::fs::read_to_string(repo().join("packaging/org.sciaticaexplorer.SciaticaExplorer.desktop"))
        .expect("read the desktop entry");
    let exec: Vec<&str> = desktop.lines().filter_map(|l| l.strip_prefix("Exec=")).collect();
    assert_eq!(exec, [name], "Exec= must run the binary that `cargo install` and the package put on PATH");
}

fn decode_png(path: &Path) -> (u32, u32, png::ColorType) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{}: not a PNG: {e}", path.display()));
    let info = reader.info();
    (info.width, info.height, info.color_type)
}

#[test]
fn every_icon_size_is_a_square_rgba_png_of_its_size() {
    let icons = repo().join("packaging/icons/hicolor");
    assert!(icons.join("scalable/apps/org.sciaticaexplorer.SciaticaExplorer.svg").is_file(), "the SVG is missing");
    for size in ICON_SIZES {
        let path = icons.join(format!("{size}x{size}/apps/org.sciaticaexplorer.SciaticaExplorer.png"));
        assert_eq!(decode_png(&path), (size, size, png::ColorType::Rgba), "{}", path.display());
    }
}

/// The `[package.metadata.deb]` asset sources of Cargo.toml.
fn deb_asset_sources() -> Vec<String> {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("read Cargo.toml");
    let manifest: toml::Table = toml::from_str(&manifest).expect("Cargo.toml is TOML");
    let assets = manifest
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("deb"))
        .and_then(|d| d.get("assets"))
        .and_then(|a| a.as_array())
        .expect("[package.metadata.deb] assets");
    assets.iter().map(|asset| asset.get(0).and_then(|s| s.as_str()).expect("an asset's source").to_string()).collect()
}

#[test]
fn the_debian_package_lists_every_packaging_file_and_what_build_deb_writes() {
    let sources = deb_asset_sources();
    // Every file of packaging/ that belongs on the system is packed.
    let mut packaging = vec![
        "packaging/org.sciaticaexplorer.SciaticaExplorer.desktop".to_string(),
        "packaging/org.sciaticaexplorer.SciaticaExplorer.metainfo.xml".to_string(),
        "packaging/icons/hicolor/scalable/apps/org.sciaticaexplorer.SciaticaExplorer.svg".to_string(),
    ];
    packaging.extend(
        ICON_SIZES.map(|size| {
            format!("packaging/icons/hicolor/{size}x{size}/apps/org.sciaticaexplorer.SciaticaExplorer.png")
        }),
    );
    for file in &packaging {
        assert!(sources.contains(file), "the package lacks {file}");
    }
    // Sources in the tree exist; those under target/ are what the build script makes.
    let script = std::fs::read_to_string(repo().join("packaging/build-deb.sh")).expect("read build-deb.sh");
    for source in &sources {
        match source.strip_prefix("target/packaging/") {
            Some(generated) => {
                let made = match generated.strip_suffix("*.1") {
                    Some(folder) => script.contains(&format!("man --dir \"$out/{}\"", folder.trim_end_matches('/'))),
                    None => script.contains(&format!("\"$out/{generated}\"")),
                };
                assert!(made, "build-deb.sh does not write {source}");
            }
            None if source.starts_with("target/release/") => {
                let name = Path::new(BIN).file_name().and_then(|n| n.to_str()).expect("binary name");
                assert_eq!(source, &format!("target/release/{name}"));
            }
            None => assert!(PathBuf::from(repo()).join(source).is_file(), "{source} is not in the tree"),
        }
    }
}

/// `benches/cold_start.sh` judges the budgets on the explorer as it ships. A binary whose start-up
/// ordering did not take (built with the examples' dev-dependency features, or, as here, a debug
/// build) is refused with the reason, before anything is run or timed.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_cold_start_bench_refuses_an_explorer_whose_start_up_ordering_did_not_take() {
    let nm = std::process::Command::new("nm").arg("--version").output();
    assert!(nm.is_ok_and(|o| o.status.success()), "nm (binutils, beside the Rust toolchain's gcc) runs");
    let target = TempDir::new("cold-start-target");
    let release = target.0.join("release");
    std::fs::create_dir_all(release.join("examples")).expect("the fake target folders");
    std::os::unix::fs::symlink(BIN, release.join("sciatica-explorer")).expect("link the explorer");
    std::os::unix::fs::symlink(BIN, release.join("examples/empty_window")).expect("link the baseline");
    let output = std::process::Command::new("bash")
        .arg(repo().join("benches/cold_start.sh"))
        .arg("1")
        .env("CARGO_TARGET_DIR", &target.0)
        .env_remove("ALLOW_UNORDERED")
        .output()
        .expect("run cold_start.sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "refused: {stderr}");
    assert!(stderr.contains("defines only") && stderr.contains("startup-order.txt"), "says why: {stderr}");
    assert!(stderr.contains("cargo build --release --locked --bin sciatica-explorer"), "says how: {stderr}");
    assert!(output.stdout.is_empty(), "nothing measured: {}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn release_builds_place_the_functions_a_window_s_start_runs_together() {
    // packaging/startup-order.txt, from benches/startup_order.sh, names them; build.rs hands it to
    // the linker (benches/HISTORY.md, session 11: 13.9 -> 7.0 MiB of the binary resident at the first frame).
    let text = std::fs::read_to_string(repo().join("packaging/startup-order.txt")).expect("the ordering file");
    assert!(text.starts_with('#'), "the file says where it comes from");
    // build.rs warns a release build whose compiler or dependencies differ from these.
    for field in ["# rustc: rustc ", "# Cargo.lock cksum: "] {
        assert!(text.lines().any(|line| line.starts_with(field)), "no {field:?} line");
    }
    let names: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
    assert!(names.len() > 1000, "only {} functions", names.len());
    for name in &names {
        let symbol = name.chars().all(|c| c.is_ascii_alphanumeric() || "_.$".contains(c));
        assert!(symbol && !name.is_empty(), "not a symbol name: {name:?}");
    }
    // The start's own rooms: the window's interface pass, and loading the drawing and the knowledge.
    for room in ["11ExplorerApp4show", "7BodyMap", "13KnowledgeBase"] {
        assert!(names.iter().any(|name| name.contains(room)), "no {room} function in the ordering");
    }
    let script = std::fs::read_to_string(repo().join("benches/startup_order.sh")).expect("the script");
    assert!(script.contains("> packaging/startup-order.txt"), "the script writes the file");
    let build = std::fs::read_to_string(repo().join("build.rs")).expect("build.rs");
    assert!(build.contains("\"startup-order.txt\"") && build.contains("--symbol-ordering-file="));
}
