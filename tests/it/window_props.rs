//! Properties and fuzzing of what the window reads and writes: every plan the window can save it
//! can open again (or refuses to save, leaving nothing); stored settings and recovery copies of
//! arbitrary bytes and mutations never panic or hang, and a recovery copy's errors name the file.
//!
//! `FUZZ_CASES=N` runs N cases per property (default 48, for `cargo test`).

use crate::common;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use sciatica_explorer::app::recovery::Recovery;
use sciatica_explorer::app::{Action, ExplorerApp, PlanAction, SETTINGS_KEY, Settings, settings_from_storage, stored};
use sciatica_explorer::export::session::{self, MAX_TEXT_CHARS, Plan};
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::{SelectedArea, all_area_refs};

static KB: LazyLock<std::sync::Arc<KnowledgeBase>> = LazyLock::new(common::builtin_kb);

/// The longest any one case may take: reading and checking is milliseconds; a hang is not.
const CASE_LIMIT: Duration = Duration::from_secs(5);

fn config() -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

use common::MemoryStorage;

/// Text of a chosen length made of one character: empty, short, or around the session limit,
/// with characters JSON escapes (quotes, control characters) or that take several bytes.
fn text() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec!['a', 'é', '"', '\\', '\u{1}', '\n', '\u{1F600}', '\u{0}', '\u{202E}']);
    let lengths = prop::sample::select(vec![0usize, 1, 40, MAX_TEXT_CHARS - 1, MAX_TEXT_CHARS, MAX_TEXT_CHARS + 7]);
    (chars, lengths).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect())
}

/// A session file's text mutated: cut short, a byte changed, a piece inserted or repeated.
fn mutated(base: String) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    let pieces = prop::sample::select(vec![
        "",
        "\"",
        "{",
        "}",
        "]",
        ",",
        "null",
        "-1",
        "1e999",
        "\u{FEFF}",
        "\"format_version\": 99",
        "\"areas\": 7",
        "\\u0000",
        "\u{0}",
    ]);
    (0..=len, 0..=len, any::<u8>(), pieces, 0..4u8).prop_map(move |(at, to, byte, piece, how)| {
        let mut bytes = base.clone().into_bytes();
        let (a, b) = (at.min(to), at.max(to));
        match how {
            0 => bytes.truncate(a),
            1 => {
                if let Some(slot) = bytes.get_mut(a) {
                    *slot = byte;
                }
            }
            2 => {
                bytes.splice(a..a, piece.bytes());
            }
            _ => {
                let slice = bytes[a..b].to_vec();
                bytes.splice(b..b, slice);
            }
        }
        bytes
    })
}

fn valid_session() -> String {
    let areas: Vec<SelectedArea> = all_area_refs(&KB)
        .into_iter()
        .take(3)
        .map(|area| SelectedArea { area, intensity: Some(4), numb: true })
        .collect();
    let mut plan = Plan { patient: "JD".to_string(), notes: "Walk.\nRest.".to_string(), ..Plan::default() };
    plan.toggle_exercise(&KB.exercises[0].id);
    session::to_json(&areas, &plan, "2026-12-01T10:00:00Z")
}

fn temp_dir(tag: &str) -> common::TempDir {
    common::TempDir::new(tag)
}

/// Reads the one orphan copy in `dir` as a starting window would; every error names the file.
fn check_recovery_copy(dir: &std::path::Path) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let recovery = Recovery::new(dir.to_path_buf(), Duration::ZERO);
    let offer = recovery.offer(&KB);
    prop_assert!(started.elapsed() < CASE_LIMIT, "took {:?}", started.elapsed());
    let Some(offer) = offer else { return Err(TestCaseError::fail("the copy was not offered")) };
    if let Err(errors) = &offer.content {
        prop_assert!(!errors.is_empty());
        let name = offer.path.display().to_string();
        for e in errors {
            prop_assert!(e.starts_with(&name), "not located in the copy: {e}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_plan_the_window_saves_opens_again_or_is_refused_leaving_nothing(
        patient in text(),
        notes in text(),
        picks in prop::collection::vec((any::<Index>(), text(), prop::option::of(text())), 0..4),
    ) {
        let dir = temp_dir("props-save");
        let path = dir.file("visit.json");
        let mut app = ExplorerApp::new(KB.clone(), common::window_map(), Settings::default());
        app.apply(Action::Plan(PlanAction::SetPatient(patient)));
        app.apply(Action::Plan(PlanAction::SetNotes(notes)));
        for (index, note, dosage) in picks {
            let id = index.get(&KB.exercises).id.to_string();
            if !app.ui_state.plan.has_exercise(&id) {
                app.apply(Action::Plan(PlanAction::ToggleExercise(id.clone())));
            }
            app.apply(Action::Plan(PlanAction::SetNote { id: id.clone(), note }));
            app.apply(Action::Plan(PlanAction::SetDosage { id, dosage }));
        }
        prop_assert!(app.ui_state.plan.patient.chars().count() <= MAX_TEXT_CHARS);
        prop_assert!(app.ui_state.plan.notes.chars().count() <= MAX_TEXT_CHARS);
        if app.save_to(&path) {
            let opened = session::open(&KB, &path);
            prop_assert!(opened.is_ok(), "saved but does not open: {:?}", opened.err());
            if let Ok(opened) = opened {
                prop_assert_eq!(&opened.plan, &app.ui_state.plan);
            }
        } else {
            prop_assert!(!path.exists(), "a refused save wrote a file");
            prop_assert!(app.ui_state.notice.as_ref().is_some_and(|n| n.error), "refused without a message");
        }
    }

    #[test]
    fn stored_settings_of_any_bytes_restore_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut storage = MemoryStorage::default();
        for key in [SETTINGS_KEY, stored::EGUI_MEMORY_KEY, stored::WINDOW_KEY] {
            storage.0.insert(key.to_string(), text.clone());
        }
        let started = Instant::now();
        let _ = settings_from_storage(Some(&storage));
        let memory = stored::egui_memory(Some(&storage));
        let size = stored::window_size(Some(&storage));
        prop_assert!(started.elapsed() < CASE_LIMIT);
        prop_assert!((stored::MIN_ZOOM_FACTOR..=stored::MAX_ZOOM_FACTOR).contains(&memory.options.zoom_factor));
        prop_assert!(size.is_none_or(|s| s.x.is_finite() && s.y.is_finite()));
    }

    #[test]
    fn stored_egui_memory_with_any_number_restores_a_sane_zoom(
        zoom in prop::sample::select(vec!["0.0", "-0.0", "NaN", "inf", "-inf", "100.0", "1e30", "0.0000001", "1.25", "-7.0", "18446744073709551616.0"]),
        offset in prop::sample::select(vec!["0.0", "NaN", "inf", "-1e300", "35.5"]),
    ) {
        let mut storage = MemoryStorage::default();
        let text = format!("(options:(zoom_factor:{zoom}),to_global:{{}})");
        storage.0.insert(stored::EGUI_MEMORY_KEY.to_string(), text);
        let window = format!("(normal_geometry:(outer_position_pixels:Some((x:{offset},y:{offset})),scale_factor:{zoom},inner_size_points:(x:{offset},y:{offset})),fullscreen:false,maximized:false)");
        storage.0.insert(stored::WINDOW_KEY.to_string(), window);
        let memory = stored::egui_memory(Some(&storage));
        prop_assert!((stored::MIN_ZOOM_FACTOR..=stored::MAX_ZOOM_FACTOR).contains(&memory.options.zoom_factor));
        if let Some(size) = stored::window_size(Some(&storage)) {
            prop_assert!(size.x.is_finite() && size.x >= 64.0 && size.x <= 4096.0);
        }
    }

    #[test]
    fn a_recovery_copy_of_any_bytes_is_offered_with_located_errors(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        meta in prop::collection::vec(any::<u8>(), 0..100),
    ) {
        let dir = temp_dir("fuzz-recovery");
        std::fs::write(dir.file("recovery-4000000001.json"), &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(dir.file("recovery-4000000001.meta"), &meta).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_recovery_copy(&dir.0)?;
    }

    #[test]
    fn a_mutated_recovery_copy_is_offered_with_located_errors(bytes in mutated(valid_session())) {
        let dir = temp_dir("mutate-recovery");
        std::fs::write(dir.file("recovery-4000000002.json"), &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_recovery_copy(&dir.0)?;
    }
}
