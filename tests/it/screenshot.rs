//! `--screenshot` end to end: the real window opens under Xvfb (installed by `.ci/run`), renders,
//! saves a PNG of the requested size showing what was asked for, and exits 0. Without Xvfb or
//! Mesa the test fails, saying what to install; it is never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_sciatica-explorer");

use common::{XVFB_INSTALL, Xvfb};

/// Takes a screenshot on `display`; on failure the message has the app's error and, as a window
/// that cannot open usually lacks Mesa's software OpenGL, the packages that provide it.
fn screenshot(display: &str, path: &Path, args: &[&str]) {
    let output = Command::new(BIN)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .arg("--screenshot")
        .arg(path)
        .args(args)
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => panic!("could not run the binary: {e}"),
    };
    assert!(
        output.status.success(),
        "screenshot failed: {}\n(a window that cannot open under Xvfb usually lacks Mesa: {XVFB_INSTALL})",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn temp_png(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sciatica-screenshot-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// Width, height and RGBA pixels of a PNG.
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => panic!("no screenshot at {}: {e}", path.display()),
    };
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = match decoder.read_info() {
        Ok(r) => r,
        Err(e) => panic!("not a PNG: {e}"),
    };
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = match reader.next_frame(&mut buf) {
        Ok(i) => i,
        Err(e) => panic!("cannot decode: {e}"),
    };
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn count_near(pixels: &[u8], rgb: [u8; 3], tolerance: i32) -> usize {
    pixels.chunks_exact(4).filter(|p| (0..3).all(|i| (i32::from(p[i]) - i32::from(rgb[i])).abs() <= tolerance)).count()
}

#[test]
fn screenshot_renders_the_requested_window_to_png() {
    let x = Xvfb::start();
    let emergency_path = temp_png("saddle.png");
    screenshot(
        &x.display,
        &emergency_path,
        &["--size", "1200x800", "--view", "posterior", "--theme", "light", "--select", "saddle", "left.heel@7"],
    );
    let (w, h, pixels) = decode(&emergency_path);
    assert_eq!((w, h), (1200, 800), "the PNG has the requested size");
    // The emergency banner (the saddle area) is drawn in its red.
    assert!(count_near(&pixels, [0xB4, 0x1E, 0x22], 6) > 2_000, "no emergency banner in the screenshot");

    // Without the saddle there is no emergency red, and the dark theme darkens the window.
    let calm_path = temp_png("calm.png");
    screenshot(
        &x.display,
        &calm_path,
        &["--size", "1000x700", "--view", "both", "--theme", "dark", "--select", "left.heel"],
    );
    let (w, h, pixels) = decode(&calm_path);
    assert_eq!((w, h), (1000, 700));
    assert!(count_near(&pixels, [0xB4, 0x1E, 0x22], 6) < 200, "an emergency banner without a red flag");
    let mean: u64 = pixels.chunks_exact(4).map(|p| u64::from(p[0]) + u64::from(p[1]) + u64::from(p[2])).sum::<u64>()
        / (pixels.len() as u64 / 4 * 3);
    assert!(mean < 110, "the dark theme is dark (mean brightness {mean})");
}

#[test]
fn without_xvfb_the_test_fails_naming_the_package_to_install() {
    // A PATH with no Xvfb on it, as on a machine where it is not installed.
    let empty = common::TempDir::new("no-xvfb");
    match Xvfb::try_start(Some(empty.0.as_os_str())) {
        Ok(_) => panic!("Xvfb started from an empty PATH"),
        Err(message) => {
            assert!(message.starts_with("Xvfb not found"), "{message}");
            assert!(message.contains("apt-get install xvfb xauth libgl1-mesa-dri"), "{message}");
            assert!(message.contains(".ci/run"), "{message}");
        }
    }
}

#[test]
fn the_window_and_screenshots_reject_bad_arguments_before_opening_a_window() {
    // The window takes the same --size, --select and --trace as a screenshot, checked alike.
    for (mode, args) in [&["--screenshot", "/nonexistent/never.png"][..], &[][..]].into_iter().flat_map(|mode| {
        [
            vec!["--size", "huge"],
            vec!["--size", "10x10"],
            vec!["--select", "left.nowhere"],
            vec!["--trace", "nerve:nowhere"],
            vec!["--trace", "sural"],
        ]
        .into_iter()
        .map(move |args| (mode, args))
    }) {
        let output =
            Command::new(BIN).env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY").args(mode).args(&args).output();
        let output = match output {
            Ok(o) => o,
            Err(e) => panic!("could not run the binary: {e}"),
        };
        assert_eq!(output.status.code(), Some(2), "{mode:?} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(!String::from_utf8_lossy(&output.stderr).is_empty());
    }
}
