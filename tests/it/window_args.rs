//! The window's own arguments and stored state, through the binary: a session given with `--open`
//! that is missing or bad, sizes beyond the maximum, and a damaged `app.ron` (the stored settings
//! eframe keeps) at start.

use crate::common;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_sciatica-explorer");

/// Runs the binary with no display: anything that needs a window fails, so an exit code 2 shows
/// the arguments were refused before a window was tried.
fn run_headless(args: &[&str]) -> Output {
    let output = Command::new(BIN).env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY").args(args).output();
    match output {
        Ok(o) => o,
        Err(e) => panic!("could not run the binary: {e}"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_screenshot_of_a_bad_session_exits_2_with_the_located_error_and_no_picture() {
    let dir = TempDir::new("bad-open");
    let bad = dir.file("bad.json");
    std::fs::write(&bad, "{\"format_version\": 1, \"areas\": [{\"area\": \"left.buttock\"").expect("write");
    let png = dir.file("shot.png");
    let (bad_s, png_s) = (bad.to_string_lossy().into_owned(), png.to_string_lossy().into_owned());
    let output = run_headless(&["--screenshot", &png_s, "--open", &bad_s]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("bad.json:1:"), "the error is located: {}", stderr(&output));
    assert!(!png.exists(), "no picture of an error dialog");

    let unknown = dir.file("unknown.json");
    std::fs::write(&unknown, "{\"format_version\": 1, \"areas\": [{\"area\": \"left.elbow\"}]}").expect("write");
    let output = run_headless(&["--screenshot", &png_s, "--open", &unknown.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("areas[0].area"), "{}", stderr(&output));
}

#[test]
fn a_missing_or_irregular_open_file_exits_2_before_any_window() {
    let dir = TempDir::new("missing-open");
    let missing = dir.file("missing.json").to_string_lossy().into_owned();
    let png = dir.file("shot.png").to_string_lossy().into_owned();
    let folder = dir.0.to_string_lossy().into_owned();
    for args in [
        vec!["--open", missing.as_str()],
        vec!["--screenshot", png.as_str(), "--open", missing.as_str()],
        vec!["--open", folder.as_str()],
    ] {
        let output = run_headless(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("--open"), "{args:?}: names the argument: {}", stderr(&output));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_named_pipe_given_with_open_is_refused_without_reading_it() {
    let dir = TempDir::new("fifo-open");
    let fifo = dir.file("pipe.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let mut child = Command::new(BIN)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg("--open")
        .arg(&fifo)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let code = wait_for(&mut child, Duration::from_secs(20));
    assert_eq!(code, Some(2), "refused at once, not waiting on the pipe");
}

#[test]
fn sizes_beyond_the_maximum_are_refused_by_name() {
    for mode in [&["--screenshot", "/nonexistent/never.png"][..], &[][..]] {
        for size in ["8000x8000", "4097x1000", "1000x5000"] {
            let args: Vec<&str> = mode.iter().copied().chain(["--size", size]).collect();
            let output = run_headless(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
            assert!(stderr(&output).contains("4096x4096"), "the maximum is named: {}", stderr(&output));
        }
    }
}

/// The exit code, or `None` (after killing it) when the process runs longer than `limit`.
fn wait_for(child: &mut Child, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

use common::Xvfb;

/// Writes eframe's `app.ron` (a RON map of strings) for a data folder at `xdg`.
fn write_app_ron(xdg: &Path, entries: &[(&str, &str)]) {
    let dir = xdg.join("sciaticaexplorer");
    std::fs::create_dir_all(&dir).expect("create storage dir");
    let mut text = String::from("{\n");
    for (key, value) in entries {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        text.push_str(&format!("    \"{key}\": \"{escaped}\",\n"));
    }
    text.push_str("}\n");
    std::fs::write(dir.join("app.ron"), text).expect("write app.ron");
}

#[test]
fn damaged_stored_settings_never_stop_the_window_from_starting() {
    let x = Xvfb::start();
    let hostile: &[(&str, &[(&str, &str)])] = &[
        ("zoom 0", &[("egui", "(options:(zoom_factor:0.0))")]),
        ("zoom NaN", &[("egui", "(options:(zoom_factor:NaN))")]),
        ("zoom 100", &[("egui", "(options:(zoom_factor:100.0))")]),
        ("zoom -inf", &[("egui", "(options:(zoom_factor:-inf))")]),
        (
            "transforms and tessellation",
            &[(
                "egui",
                "(options:(zoom_factor:1.5,tessellation_options:(feathering_size_in_pixels:NaN,bezier_tolerance:0.0,epsilon:-1.0)),to_global:{})",
            )],
        ),
        (
            "window nowhere, zoomed",
            &[
                ("egui", "(options:(zoom_factor:1.5))"),
                (
                    "window",
                    "(normal_geometry:(outer_position_pixels:Some((x:NaN,y:inf)),scale_factor:0.0,inner_size_points:(x:NaN,y:-5.0)),fullscreen:false,maximized:false)",
                ),
            ],
        ),
        (
            "window too large",
            &[(
                "window",
                "(normal_geometry:(outer_position_pixels:Some((x:1e30,y:-1e30)),scale_factor:NaN,inner_size_points:(x:1e30,y:inf)),fullscreen:true,maximized:true)",
            )],
        ),
        (
            "settings of another shape",
            &[("sciatica-explorer.settings", "(view:Sideways,layers:7,clinic_pack:Some(\"/dev/null\"))")],
        ),
    ];
    for (what, entries) in hostile {
        let xdg = TempDir::new("app-ron");
        write_app_ron(&xdg.0, entries);
        let app_ron = xdg.0.join("sciaticaexplorer").join("app.ron");
        let stored_before = std::fs::read_to_string(&app_ron).expect("read app.ron");
        let started = SystemTime::now();
        let mut child = Command::new(BIN)
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_DATA_HOME", &xdg.0)
            .arg("--exit-after-first-frame")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let code = wait_for(&mut child, Duration::from_secs(60));
        let ended = SystemTime::now();
        let (mut out, mut err) = (String::new(), String::new());
        if let Some(mut pipe) = child.stderr.take() {
            use std::io::Read as _;
            let _ = pipe.read_to_string(&mut err);
        }
        if let Some(mut pipe) = child.stdout.take() {
            use std::io::Read as _;
            let _ = pipe.read_to_string(&mut out);
        }
        assert_eq!(code, Some(0), "{what}: the window did not start: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        // benches/cold_start.sh times the start to the moment this line gives: printed once, after
        // the process started and before it ended.
        let shown: Vec<u128> = out
            .lines()
            .filter_map(|l| l.strip_prefix("first-frame-shown-unix-us "))
            .map(|n| n.parse().expect("a number of microseconds"))
            .collect();
        let micros = |t: SystemTime| t.duration_since(UNIX_EPOCH).expect("after 1970").as_micros();
        assert_eq!(shown.len(), 1, "{what}: one first-frame line expected: {out}");
        assert!(micros(started) <= shown[0] && shown[0] <= micros(ended), "{what}: {out}");
        // The run ends by returning from the event loop (no exit mid-frame), so eframe's save on
        // exit runs: a measuring run must still leave the stored state as it found it.
        let stored_after = std::fs::read_to_string(&app_ron).expect("read app.ron");
        assert_eq!(stored_after, stored_before, "{what}: a measuring run rewrote the stored state");
    }
}

/// The `[possible values: …]` list `--help` shows for one option.
fn possible_values(help: &str, option: &str) -> String {
    let Some(line) = help.lines().find(|l| l.trim_start().starts_with(option)) else {
        panic!("--help does not list {option}: {help}")
    };
    match line.split_once("[possible values: ") {
        Some((_, values)) => values.trim_end().trim_end_matches(']').to_string(),
        None => panic!("{option} lists no possible values: {line}"),
    }
}

#[test]
fn help_lists_the_same_view_theme_and_layer_values_as_before() {
    let output = run_headless(&["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = String::from_utf8_lossy(&output.stdout);
    // The values earlier versions accepted: scripts and desktop shortcuts use them.
    assert_eq!(possible_values(&help, "--view <VIEW>"), "posterior, anterior, both");
    assert_eq!(possible_values(&help, "--theme <THEME>"), "light, dark");
    assert_eq!(
        possible_values(&help, "--layers <LAYERS>"),
        "bones, muscles, nerves, dermatomes, cutaneous, labels, legend"
    );
}

#[test]
fn view_theme_and_layers_take_the_domain_values_and_refuse_others() {
    use clap::Parser as _;
    use sciatica_explorer::app::args::LayerToggle;
    use sciatica_explorer::app::{ThemeChoice, ViewMode};
    use sciatica_explorer::cli::Cli;
    let parse = |args: &[&str]| Cli::try_parse_from(std::iter::once("sciatica-explorer").chain(args.iter().copied()));
    for (arg, want) in [("posterior", ViewMode::Posterior), ("anterior", ViewMode::Anterior), ("both", ViewMode::Both)]
    {
        match parse(&["--view", arg]) {
            Ok(cli) => assert_eq!(cli.window.view, Some(want), "--view {arg}"),
            Err(e) => panic!("--view {arg}: {e}"),
        }
    }
    for (arg, want) in [("light", ThemeChoice::Light), ("dark", ThemeChoice::Dark)] {
        match parse(&["--theme", arg]) {
            Ok(cli) => assert_eq!(cli.window.theme, Some(want), "--theme {arg}"),
            Err(e) => panic!("--theme {arg}: {e}"),
        }
    }
    match parse(&["--layers", "nerves", "cutaneous", "legend"]) {
        Ok(cli) => assert_eq!(cli.window.layers, [LayerToggle::Nerves, LayerToggle::Cutaneous, LayerToggle::Legend]),
        Err(e) => panic!("--layers: {e}"),
    }
    // The toolbar's words and the Rust names are not command-line values.
    for bad in [&["--view", "back"][..], &["--view", "Front"], &["--theme", "Dark"], &["--layers", "skin"]] {
        if let Ok(cli) = parse(bad) {
            panic!("accepted {bad:?}: {:?}", cli.window);
        }
    }
}

#[test]
fn settings_stored_by_earlier_versions_keep_their_view_and_theme() {
    use common::MemoryStorage;
    use sciatica_explorer::app::{SETTINGS_KEY, Settings, ThemeChoice, ViewMode, save_settings, settings_from_storage};
    // Exactly what the version before the domain enums took `--view`/`--theme` stored.
    const OLD: &str = "(view:Anterior,layers:(bones:true,muscles:true,nerves:true,skin:Dermatomes,labels:true,legend:true),theme:Dark,variant:below,exercise_kind:None,exercise_position:None,exercise_equipment:None,exercise_in_bed:false,clinic_pack:None,last_directory:None)";
    let mut storage = MemoryStorage::default();
    eframe::Storage::set_string(&mut storage, SETTINGS_KEY, OLD.to_string());
    let loaded = settings_from_storage(Some(&storage));
    // The stored layers (every one on) load as stored, not as today's calmer default.
    let layers = sciatica_explorer::geometry::Layers::EVERYTHING;
    let want = Settings { view: ViewMode::Anterior, theme: ThemeChoice::Dark, layers, ..Settings::default() };
    assert_eq!(loaded, want);
    for (stored_view, stored_theme, view, theme) in [
        ("Posterior", "Light", ViewMode::Posterior, ThemeChoice::Light),
        ("Both", "Dark", ViewMode::Both, ThemeChoice::Dark),
    ] {
        let old = OLD
            .replace("view:Anterior", &format!("view:{stored_view}"))
            .replace("theme:Dark", &format!("theme:{stored_theme}"));
        eframe::Storage::set_string(&mut storage, SETTINGS_KEY, old.clone());
        let loaded = settings_from_storage(Some(&storage));
        assert_eq!((loaded.view, loaded.theme), (view, theme), "{old}");
    }
    // And it is still stored the same way, so an earlier version reads what this one writes.
    save_settings(&mut storage, &want);
    assert_eq!(eframe::Storage::get_string(&storage, SETTINGS_KEY).as_deref(), Some(OLD));
}

/// The window loads the knowledge while it opens (`app::run`): a broken clinic pack, an unknown
/// area and an unknown pathway are still refused with exit code 2 and the message that names
/// them, never a window, whether or not there is a display to open one on (without one the
/// window fails first, and the input's error is still the one reported).
#[test]
fn bad_input_to_the_window_is_reported_while_it_opens_with_or_without_a_display() {
    let x = Xvfb::start();
    let pack = common::TempPack::copy("window-broken");
    pack.break_three_ways();
    let cases: [(&[&str], &str); 3] = [
        (&["--data", pack.path(), "--exit-after-first-frame"], "areas.toml"),
        (&["--select", "left.nowhere", "--exit-after-first-frame"], "nowhere"),
        (&["--trace", "nerve:imaginary", "--exit-after-first-frame"], "imaginary"),
    ];
    for (args, named) in cases {
        for display in [Some(x.display.as_str()), None] {
            let mut command = Command::new(BIN);
            command.env_remove("WAYLAND_DISPLAY").args(args);
            match display {
                Some(d) => command.env("DISPLAY", d),
                None => command.env_remove("DISPLAY"),
            };
            let output = command.output().expect("run the binary");
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{args:?} on {display:?}: {err}");
            assert!(err.contains("error:") && err.contains(named), "{args:?} on {display:?}: {err}");
            assert!(!err.contains("could not open the window"), "{args:?} on {display:?}: {err}");
            assert!(output.stdout.is_empty(), "{args:?} on {display:?}: a first frame was shown");
        }
    }
}
