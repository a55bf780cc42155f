//! Files on disk as a user has them: the atomic write keeps a file's mode and writes through
//! symbolic links, replaces only regular files, never touches a temporary file it did not make,
//! and copes with the longest file name; reading refuses named pipes and devices at once.

use crate::common;

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use common::TempDir;

use sciatica_explorer::export::session::{self, Plan};
use sciatica_explorer::export::{read_user_file, write_atomic, write_atomic_private};
use sciatica_explorer::knowledge::KnowledgeBase;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

fn set_mode(path: &Path, bits: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).expect("chmod");
}

/// A named pipe at `path` (made with the system's `mkfifo`: no FFI in the tests).
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// Runs `f` on another thread and fails the test if it takes longer than `seconds` (a read that
/// blocks on a pipe would otherwise hang the whole test run).
fn within<T: Send + 'static>(seconds: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    match receive.recv_timeout(Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(_) => panic!("{what} did not return within {seconds} s (blocked?)"),
    }
}

fn kb() -> KnowledgeBase {
    KnowledgeBase::builtin().expect("built-in pack")
}

#[test]
fn an_existing_file_keeps_its_permission_bits() {
    let dir = TempDir::new("keep-mode");
    for bits in [0o600, 0o640, 0o604, 0o755] {
        let path = dir.file(&format!("file-{bits:o}"));
        std::fs::write(&path, "old").expect("write");
        set_mode(&path, bits);
        write_atomic(&path, b"new").expect("replace");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        assert_eq!(mode(&path), bits, "the mode of {} changed", path.display());
    }
    // A session saved over a file kept at 600 stays 600 (it was 644 after a save).
    let visit = dir.file("visit.json");
    std::fs::write(&visit, "{}").expect("write");
    set_mode(&visit, 0o600);
    session::save(&visit, &[], &Plan::default(), "2026-11-22T09:30:00Z").expect("save");
    assert_eq!(mode(&visit), 0o600);
}

#[test]
fn a_new_session_file_is_private_and_other_new_files_are_not() {
    let dir = TempDir::new("new-mode");
    let visit = dir.file("visit.json");
    session::save(&visit, &[], &Plan::default(), "2026-11-22T09:30:00Z").expect("save");
    assert_eq!(mode(&visit), 0o600, "a session holds patient data");
    write_atomic_private(&dir.file("copy.json"), b"{}").expect("write");
    assert_eq!(mode(&dir.file("copy.json")), 0o600);
    // A handout or drawing is an ordinary file: readable by others unless the umask says no.
    write_atomic(&dir.file("page.html"), b"<p>").expect("write");
    assert_eq!(mode(&dir.file("page.html")) & 0o600, 0o600);
    assert_eq!(dir.entries(), ["copy.json", "page.html", "visit.json"], "no temporary file left");
}

#[test]
fn saving_through_a_symbolic_link_writes_its_target() {
    let dir = TempDir::new("symlink");
    std::fs::create_dir(dir.file("real")).expect("mkdir");
    let target = dir.file("real/visit.json");
    std::fs::write(&target, "old").expect("write");
    set_mode(&target, 0o640);
    // A relative link, and a link to that link.
    let link = dir.file("visit.json");
    std::os::unix::fs::symlink("real/visit.json", &link).expect("symlink");
    let link2 = dir.file("again.json");
    std::os::unix::fs::symlink(&link, &link2).expect("symlink");

    write_atomic(&link, b"through the link").expect("write");
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read(&target).expect("target"), b"through the link", "the real file is stale");
    assert_eq!(mode(&target), 0o640);

    session::save(&link2, &[], &Plan::default(), "2026-11-22T09:30:00Z").expect("save");
    assert!(std::fs::symlink_metadata(&link2).expect("link").file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).expect("target").contains("format_version"));
    assert_eq!(dir.entries(), ["again.json", "real", "visit.json"]);
    let mut real: Vec<String> = std::fs::read_dir(dir.file("real"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    real.sort();
    assert_eq!(real, ["visit.json"], "no temporary file left beside the target");

    // A link whose target does not exist yet: the target is created, the link kept.
    let dangling = dir.file("new.json");
    std::os::unix::fs::symlink("real/new-target.json", &dangling).expect("symlink");
    write_atomic(&dangling, b"created").expect("write");
    assert!(std::fs::symlink_metadata(&dangling).expect("link").file_type().is_symlink());
    assert_eq!(std::fs::read(dir.file("real/new-target.json")).expect("target"), b"created");
}

#[test]
fn only_a_regular_file_or_a_new_path_is_replaced() {
    let dir = TempDir::new("not-regular");
    // A named pipe stays a named pipe.
    let fifo = dir.file("pipe.html");
    mkfifo(&fifo);
    let e = write_atomic(&fifo, b"x").expect_err("a pipe is refused");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    assert!(is_fifo(&fifo), "the pipe was replaced");
    // A folder too.
    std::fs::create_dir(dir.file("folder.html")).expect("mkdir");
    let e = write_atomic(&dir.file("folder.html"), b"x").expect_err("a folder is refused");
    assert!(e.to_string().contains("folder"), "{e}");
    // A device through a link (as root, renaming over /dev/null itself would replace the device;
    // the link is the safe way to test the same check).
    let null = dir.file("null.html");
    std::os::unix::fs::symlink("/dev/null", &null).expect("symlink");
    let e = write_atomic(&null, b"x").expect_err("a device is refused");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    assert!(std::fs::symlink_metadata(&null).expect("link").file_type().is_symlink());
    assert!(std::fs::metadata("/dev/null").expect("/dev/null").file_type().is_char_device());
    assert_eq!(dir.entries(), ["folder.html", "null.html", "pipe.html"], "no temporary file left");
}

#[test]
fn a_leftover_temporary_file_is_neither_deleted_nor_in_the_way() {
    let dir = TempDir::new("leftover");
    let path = dir.file("visit.json");
    // Whatever a killed process (or anyone) left beside the file, under the names this process
    // could pick: the write must go round them and leave them be.
    let pid = std::process::id();
    let mut leftovers = Vec::new();
    for n in 0..200 {
        leftovers.push(dir.file(&format!(".visit.json.{pid}.{n}.tmp")));
    }
    leftovers.push(dir.file(".visit.json.tmp"));
    for leftover in &leftovers {
        std::fs::write(leftover, "someone else's").expect("write leftover");
    }
    write_atomic(&path, b"saved").expect("the write goes round the leftovers");
    assert_eq!(std::fs::read(&path).expect("read"), b"saved");
    for leftover in &leftovers {
        assert_eq!(std::fs::read(leftover).expect("the leftover is still there"), b"someone else's");
    }
    assert_eq!(dir.entries().len(), leftovers.len() + 1, "one new file and nothing else");
}

#[test]
fn the_longest_file_name_can_be_written() {
    let dir = TempDir::new("long-name");
    let name = format!("{}.html", "a".repeat(250));
    assert_eq!(name.len(), 255);
    let path = dir.file(&name);
    write_atomic(&path, b"first").expect("a 255-byte name");
    write_atomic(&path, b"second").expect("replacing it");
    assert_eq!(std::fs::read(&path).expect("read"), b"second");
    // Multi-byte characters: the temporary name is cut on a character boundary.
    let name = format!("{}.json", "é".repeat(125));
    assert_eq!(name.len(), 255);
    write_atomic(&dir.file(&name), b"x").expect("a 255-byte name of two-byte characters");
    assert_eq!(dir.entries().len(), 2);
}

#[test]
fn reading_a_named_pipe_or_a_device_is_refused_at_once() {
    let dir = TempDir::new("fifo-read");
    let fifo = dir.file("visit.json");
    mkfifo(&fifo);
    let path = fifo.clone();
    let e = within(10, "read_user_file on a pipe", move || read_user_file(&path, 1024, "a session file"))
        .expect_err("a pipe is refused");
    assert!(e.message.contains("not a regular file"), "{e}");
    assert_eq!(e.file, fifo.display().to_string());

    // Through `session::open`, which `--open` and the window use.
    let path = fifo.clone();
    let errors = within(10, "session::open on a pipe", move || session::open(&kb(), &path)).expect_err("refused");
    assert!(errors[0].message.contains("not a regular file"), "{errors:?}");

    // A device that never ends.
    let e = within(10, "read_user_file on /dev/zero", || read_user_file(Path::new("/dev/zero"), 1024, "a data file"))
        .expect_err("a device is refused");
    assert!(e.message.contains("not a regular file"), "{e}");

    // A clinic pack with a pipe for one of its files.
    let pack = dir.file("pack");
    std::fs::create_dir(&pack).expect("mkdir");
    mkfifo(&pack.join("exercises.toml"));
    let pack_dir: PathBuf = pack.clone();
    let errors = within(10, "a pack with a pipe", move || KnowledgeBase::with_pack(&pack_dir)).expect_err("refused");
    assert!(
        errors.iter().any(|e| e.file.ends_with("exercises.toml") && e.message.contains("not a regular file")),
        "{errors:?}"
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let dir = TempDir::new("bom");
    let path = dir.file("visit.json");
    let text = session::to_json(&[], &Plan { patient: "JD".into(), ..Plan::default() }, "2026-11-22T09:30:00Z");
    std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
    let opened = session::open(&kb(), &path).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(opened.plan.patient, "JD");

    // A pack file saved with a byte-order mark.
    let pack = dir.file("pack");
    std::fs::create_dir(&pack).expect("mkdir");
    std::fs::write(pack.join("exercises.toml"), format!("\u{feff}{}", common::SLING_STRETCH)).expect("write");
    let kb = KnowledgeBase::with_pack(&pack).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(kb.exercise("clinic_sling_piriformis").is_some());
}
