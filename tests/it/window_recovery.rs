//! Recovery copies across processes: a window in another process keeps its copy locked, so it is
//! neither offered nor touched here; once that process dies (killed, as in a crash) its copy is
//! offered. The other process is this test binary again, running `window_recovery::child_window`.

use crate::common;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TempDir;
use sciatica_explorer::app::RecoveryChoice;
use sciatica_explorer::app::recovery::Recovery;
use sciatica_explorer::export::session::Plan;
use sciatica_explorer::lookup::Selection;

/// Set only for the child: the folder it keeps its copy in.
const CHILD_DIR: &str = "SCIATICA_RECOVERY_CHILD_DIR";

/// The other window: keeps a copy of unsaved work, says so, and waits to be killed.
#[test]
fn child_window() {
    let Ok(dir) = std::env::var(CHILD_DIR) else { return };
    let kb = common::builtin_kb();
    let areas = Selection::parse_args(&kb, &["saddle"]).expect("area").areas;
    let mut recovery = Recovery::new(dir.into(), Duration::ZERO);
    recovery.update(true, &areas, &Plan::default(), None, None, Instant::now()).expect("copy written");
    println!("READY");
    // Until the parent kills this process (or closes its input).
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    std::thread::sleep(Duration::from_secs(60));
}

fn copies(dir: &TempDir) -> Vec<String> {
    dir.entries().into_iter().filter(|n| n.starts_with("recovery-") && n.ends_with(".json")).collect()
}

#[test]
fn another_process_keeps_its_copy_until_it_dies_then_it_is_offered() {
    let dir = TempDir::new("child");
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args(["window_recovery::child_window", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, &dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the child window");
    let stdout = child.stdout.take().expect("child output");
    let ready = BufReader::new(stdout).lines().map_while(Result::ok).any(|line| line.contains("READY"));
    assert!(ready, "the child kept a copy");
    assert_eq!(copies(&dir).len(), 1, "{:?}", dir.entries());

    // A window here: the child's copy is live, so it is not offered, and this window's own
    // save (nothing unsaved) removes nothing of the child's.
    let kb = common::builtin_kb();
    let mut here = Recovery::new(dir.0.clone(), Duration::ZERO);
    assert_eq!(here.orphan_count(), 0, "a live process's copy is not an orphan");
    assert!(here.offer(&kb).is_none());
    here.update(false, &[], &Plan::default(), None, None, Instant::now()).ok();
    here.discard();
    assert_eq!(copies(&dir).len(), 1, "the child's copy is untouched");
    drop(here);

    // The child dies without saving: its lock goes with it, its copy stays and is offered.
    let _ = child.kill();
    let _ = child.wait();
    let mut next = Recovery::new(dir.0.clone(), Duration::ZERO);
    let offer = next.offer(&kb).expect("offered once its window is gone");
    let saved = offer.saved().expect("restorable");
    assert_eq!(saved.areas[0].area.key(), "saddle");
    assert!(next.resolve(&kb, &offer.stem, RecoveryChoice::Discard).is_ok());
    assert!(copies(&dir).is_empty());
}
