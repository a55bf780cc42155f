//! Crash recovery: while the session has unsaved changes, a copy is kept in the app's data
//! folder (written atomically, at most every few seconds). A clean save, open, new session or
//! quit removes it; after a crash or power cut the next start offers to restore it.
//!
//! Each window keeps its own copy, `recovery-<pid>.json` (with `recovery-<pid>.meta` naming the
//! session file and clinic pack it belongs to), and holds an OS advisory lock on
//! `recovery-<pid>.lock` for as long as it runs. A copy whose lock is free belongs to a window
//! that is gone: it is an orphan, and the next window to start offers it — locking it first, so
//! two windows starting together never offer the same copy, and a live window's copy is never
//! offered to, overwritten or deleted by another.
//!
//! A copy that no longer opens (say, it used a clinic pack that is not loaded) is offered too,
//! with the reason; it is never overwritten, only kept aside under a dated name or discarded
//! when the user says so.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::export::session::{self, Plan, SavedSession};
use crate::export::write_atomic_private;
use crate::knowledge::KnowledgeBase;
use crate::lookup::SelectedArea;

/// The file stem every recovery copy starts with.
const PREFIX: &str = "recovery";
/// The single copy that versions before per-window copies kept, and its origin file.
const LEGACY_STEM: &str = "recovery";
const LEGACY_ORIGIN_FILE: &str = "recovery-origin.txt";
/// A `.meta` file larger than this is not one of ours; it is ignored.
const MAX_META_BYTES: u64 = 64 * 1024;

/// Keeps this window's recovery copy in `dir` up to date, and holds the orphaned copies found at
/// start until the user has answered for each.
#[derive(Debug)]
pub struct Recovery {
    dir: PathBuf,
    /// The shortest time between two writes (typing should not mean a disk write per key).
    interval: Duration,
    /// This window's copy; `None` when the folder cannot be used (then nothing is kept, and the
    /// first update says why).
    own: Option<Slot>,
    /// Orphaned copies, locked by this window, in the order they are offered.
    orphans: Vec<Slot>,
    /// Restored copies: removed once this window's own copy (which now holds their work) is
    /// written, or the work is saved.
    adopted: Vec<Slot>,
    last_hash: Option<u64>,
    last_write: Option<Instant>,
    /// Why the folder cannot be used, reported once by [`Recovery::update`].
    problem: Option<String>,
}

/// One copy: its file stem and the lock that makes it ours.
#[derive(Debug)]
struct Slot {
    stem: String,
    /// Held for as long as the slot lives; closing the file releases the lock.
    _lock: Option<File>,
}

/// What a copy was kept for, beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct Meta {
    /// The session file the work had been opened from or saved to.
    origin: Option<PathBuf>,
    /// The clinic pack that was loaded.
    pack: Option<PathBuf>,
}

/// A recovery copy found at start, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    /// Which copy (its file stem).
    pub stem: String,
    /// The copy's file.
    pub path: PathBuf,
    /// The work in it, or every reason it cannot be restored with the content loaded now.
    pub content: Result<SavedSession, Vec<String>>,
    /// The file the session had been opened from or saved to.
    pub origin: Option<PathBuf>,
    /// The clinic pack in use when the copy was kept.
    pub pack: Option<PathBuf>,
    /// How many more copies wait after this one.
    pub more: usize,
}

impl RecoveryOffer {
    /// The work, when it can be restored.
    pub fn saved(&self) -> Option<&SavedSession> {
        self.content.as_ref().ok()
    }
}

/// What happened to an offered copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Its work is in the window now (boxed: a session with its visits is large).
    Restored(Box<SavedSession>, Option<PathBuf>),
    /// Renamed to this path, out of the way of later starts.
    KeptAside(PathBuf),
    Discarded,
}

impl Recovery {
    /// This window's recovery copy in `dir`, written at most every `interval`; the orphaned
    /// copies found there are locked and held for [`Recovery::offer`].
    pub fn new(dir: PathBuf, interval: Duration) -> Self {
        let mut recovery = Recovery {
            dir,
            interval,
            own: None,
            orphans: Vec::new(),
            adopted: Vec::new(),
            last_hash: None,
            last_write: None,
            problem: None,
        };
        if let Err(e) = std::fs::create_dir_all(&recovery.dir) {
            recovery.problem = Some(format!("cannot create {}: {e}", recovery.dir.display()));
            return recovery;
        }
        let names = recovery.file_names();
        recovery.orphans = recovery.find_orphans(&names);
        recovery.sweep_stale_locks(&names);
        recovery.own = recovery.claim_own_slot();
        if recovery.own.is_none() && recovery.problem.is_none() {
            recovery.problem = Some(format!("cannot lock a recovery copy in {}", recovery.dir.display()));
        }
        recovery
    }

    /// The folder the copies are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This window's own copy (written only while there is unsaved work).
    pub fn own_path(&self) -> Option<PathBuf> {
        self.own.as_ref().map(|slot| self.json_path(&slot.stem))
    }

    /// How many orphaned copies wait for an answer.
    pub fn orphan_count(&self) -> usize {
        self.orphans.len()
    }

    fn json_path(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.json"))
    }

    fn meta_path(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.meta"))
    }

    fn lock_path(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.lock"))
    }

    /// The names of the folder's entries (none when it cannot be read), listed once at start for
    /// both the orphaned copies and the stale lock files.
    fn file_names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        entries.filter_map(Result::ok).filter_map(|e| e.file_name().to_str().map(str::to_string)).collect()
    }

    /// Copies whose lock is free: `recovery.json` (older versions) and `recovery-<pid>[-n].json`.
    /// Each is locked before it is taken, so no other window can take it too.
    fn find_orphans(&mut self, names: &[String]) -> Vec<Slot> {
        let mut orphans = Vec::new();
        for stem in copy_stems(names, ".json") {
            // Only a regular file is a copy: anything else (a pipe, a folder) is not read.
            if !std::fs::symlink_metadata(self.json_path(&stem)).is_ok_and(|m| m.is_file()) {
                continue;
            }
            if let Some(lock) = try_lock(&self.lock_path(&stem)) {
                // A window that ended cleanly between the listing and the lock left nothing.
                if self.json_path(&stem).is_file() {
                    orphans.push(Slot { stem, _lock: Some(lock) });
                }
            }
        }
        orphans
    }

    /// Removes the lock files that guard no copy and that no window holds: those of windows that
    /// were killed with nothing unsaved (a clean close removes its own), which would otherwise
    /// pile up in the folder. Each is locked before it goes, so a live window's lock stays; a
    /// window that opened the file just before it went finds it gone once it has the lock (see
    /// [`try_lock`]) and takes another.
    fn sweep_stale_locks(&self, names: &[String]) {
        for stem in copy_stems(names, ".lock") {
            let lock_path = self.lock_path(&stem);
            // Only a regular file is a lock file of ours: anything else is left where it is.
            if self.json_path(&stem).exists() || !std::fs::symlink_metadata(&lock_path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            if let Some(_lock) = try_lock(&lock_path) {
                // Checked again under the lock: only a window holding this lock writes its copy.
                if !self.json_path(&stem).exists() {
                    let _ = std::fs::remove_file(&lock_path);
                }
            }
        }
    }

    /// `recovery-<pid>`, or `recovery-<pid>-<n>` when that is taken (another window of this
    /// process, or an orphan left by an earlier process with the same id).
    fn claim_own_slot(&mut self) -> Option<Slot> {
        let pid = std::process::id();
        for n in 0..1000 {
            let stem = if n == 0 { format!("{PREFIX}-{pid}") } else { format!("{PREFIX}-{pid}-{n}") };
            if self.orphans.iter().any(|o| o.stem == stem) || self.json_path(&stem).exists() {
                continue;
            }
            if let Some(lock) = try_lock(&self.lock_path(&stem)) {
                return Some(Slot { stem, _lock: Some(lock) });
            }
        }
        None
    }

    /// The first orphaned copy, read and checked against `kb` (read again each time: loading a
    /// clinic pack may make it restorable).
    pub fn offer(&self, kb: &KnowledgeBase) -> Option<RecoveryOffer> {
        let slot = self.orphans.first()?;
        let path = self.json_path(&slot.stem);
        let meta = self.read_meta(&slot.stem);
        let content = session::open(kb, &path).map_err(|errors| errors.iter().map(ToString::to_string).collect());
        Some(RecoveryOffer {
            stem: slot.stem.clone(),
            path,
            content,
            origin: meta.origin,
            pack: meta.pack,
            more: self.orphans.len() - 1,
        })
    }

    /// What the copy was kept for; an unreadable or foreign `.meta` counts as nothing known.
    fn read_meta(&self, stem: &str) -> Meta {
        if stem == LEGACY_STEM {
            let origin = read_small(&self.dir.join(LEGACY_ORIGIN_FILE))
                .map(|text| PathBuf::from(text.trim_end_matches('\n')))
                .filter(|p| !p.as_os_str().is_empty());
            return Meta { origin, pack: None };
        }
        read_small(&self.meta_path(stem)).map(|text| parse_meta(&text)).unwrap_or_default()
    }

    /// Acts on the user's answer for the offered copy `stem`. Keeping aside renames the copy to
    /// `recovery-unrestorable-<date>.json` (or `recovery-kept-<date>.json` for one that could
    /// have been restored) in the same folder; nothing is ever written over.
    pub fn resolve(
        &mut self,
        kb: &KnowledgeBase,
        stem: &str,
        choice: super::state::RecoveryChoice,
    ) -> Result<Resolved, String> {
        use super::state::RecoveryChoice;
        let Some(index) = self.orphans.iter().position(|o| o.stem == stem) else {
            return Err("that copy is no longer offered".to_string());
        };
        match choice {
            RecoveryChoice::Restore => {
                let offer = self.offer_at(kb, index);
                let saved = offer.content.map_err(|errors| errors.join("\n"))?;
                let slot = self.orphans.remove(index);
                self.adopted.push(slot);
                // Written at the next update even if the content matches a previous write.
                self.last_hash = None;
                self.last_write = None;
                Ok(Resolved::Restored(Box::new(saved), offer.origin))
            }
            RecoveryChoice::KeepAside => {
                let restorable = self.offer_at(kb, index).content.is_ok();
                let kind = if restorable { "kept" } else { "unrestorable" };
                let from = self.json_path(stem);
                let to = move_aside(&self.dir, &from, kind)?;
                let slot = self.orphans.remove(index);
                self.remove_files(&slot.stem);
                Ok(Resolved::KeptAside(to))
            }
            RecoveryChoice::Discard => {
                let slot = self.orphans.remove(index);
                let _ = std::fs::remove_file(self.json_path(&slot.stem));
                self.remove_files(&slot.stem);
                Ok(Resolved::Discarded)
            }
        }
    }

    fn offer_at(&self, kb: &KnowledgeBase, index: usize) -> RecoveryOffer {
        let path = self.json_path(&self.orphans[index].stem);
        let meta = self.read_meta(&self.orphans[index].stem);
        RecoveryOffer {
            stem: self.orphans[index].stem.clone(),
            content: session::open(kb, &path).map_err(|errors| errors.iter().map(ToString::to_string).collect()),
            path,
            origin: meta.origin,
            pack: meta.pack,
            more: self.orphans.len() - 1,
        }
    }

    /// Removes a copy's companions (its `.json` is removed or moved by the caller).
    fn remove_files(&self, stem: &str) {
        let _ = std::fs::remove_file(self.meta_path(stem));
        if stem == LEGACY_STEM {
            let _ = std::fs::remove_file(self.dir.join(LEGACY_ORIGIN_FILE));
        }
        let _ = std::fs::remove_file(self.lock_path(stem));
    }

    /// Called after every frame: writes this window's copy when the session is dirty and changed
    /// since the last write, or removes it when there is nothing unsaved. Returns when to look
    /// again if a write is being held back by the interval.
    pub fn update(
        &mut self,
        dirty: bool,
        areas: &[SelectedArea],
        plan: &Plan,
        origin: Option<&Path>,
        pack: Option<&Path>,
        now: Instant,
    ) -> Result<Option<Duration>, String> {
        if !dirty {
            // Only a copy this run wrote (or restored): orphans wait for the user's answer.
            if self.last_hash.is_some() || !self.adopted.is_empty() {
                self.discard();
            }
            return Ok(None);
        }
        if let Some(problem) = self.problem.take() {
            return Err(problem);
        }
        let Some(own) = &self.own else { return Ok(None) };
        // The content itself is hashed: this runs every frame while the session is dirty, and
        // the JSON is only written when something changed.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        areas.hash(&mut hasher);
        plan.hash(&mut hasher);
        origin.hash(&mut hasher);
        pack.hash(&mut hasher);
        let hash = hasher.finish();
        if self.last_hash == Some(hash) {
            return Ok(None);
        }
        if let Some(last) = self.last_write {
            let since = now.saturating_duration_since(last);
            if since < self.interval {
                return Ok(Some(self.interval - since));
            }
        }
        self.last_write = Some(now);
        self.last_hash = Some(hash);
        let meta = Meta { origin: origin.map(Path::to_path_buf), pack: pack.map(Path::to_path_buf) };
        let meta_text = serde_json::to_string(&meta).unwrap_or_default();
        let stem = own.stem.clone();
        write_atomic_private(&self.meta_path(&stem), meta_text.as_bytes())
            .and_then(|()| {
                write_atomic_private(
                    &self.json_path(&stem),
                    session::to_json(areas, plan, &crate::export::utc_now()).as_bytes(),
                )
            })
            .map_err(|e| format!("cannot keep a recovery copy in {}: {e}", self.dir.display()))?;
        // The restored copies' work is safe in this window's copy now.
        for slot in std::mem::take(&mut self.adopted) {
            let _ = std::fs::remove_file(self.json_path(&slot.stem));
            self.remove_files(&slot.stem);
        }
        Ok(None)
    }

    /// Removes this window's copy (and any copy it restored): the session is saved, or the user
    /// chose to discard it. Orphans still waiting for an answer, and other windows' copies, are
    /// left alone.
    pub fn discard(&mut self) {
        if let Some(own) = &self.own {
            let _ = std::fs::remove_file(self.json_path(&own.stem));
            let _ = std::fs::remove_file(self.meta_path(&own.stem));
        }
        for slot in std::mem::take(&mut self.adopted) {
            let _ = std::fs::remove_file(self.json_path(&slot.stem));
            self.remove_files(&slot.stem);
        }
        self.last_hash = None;
        self.last_write = None;
    }
}

impl Drop for Recovery {
    /// A window that closes with nothing unsaved removes its lock file too; one that still has a
    /// copy leaves it (with its lock file, now free) for the next start.
    fn drop(&mut self) {
        if let Some(own) = &self.own
            && !self.json_path(&own.stem).exists()
        {
            let _ = std::fs::remove_file(self.lock_path(&own.stem));
        }
    }
}

/// `recovery` or `recovery-<digits>` or `recovery-<digits>-<digits>`: a copy, not a copy kept
/// aside (`recovery-kept-…`, `recovery-unrestorable-…`).
fn is_copy_stem(stem: &str) -> bool {
    if stem == LEGACY_STEM {
        return true;
    }
    let Some(rest) = stem.strip_prefix("recovery-") else { return false };
    let mut parts = rest.split('-');
    let digits = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let first = parts.next();
    let second = parts.next();
    digits(first) && (second.is_none() || digits(second)) && parts.next().is_none()
}

/// The stems of `names` that end in `suffix` and name a copy (see [`is_copy_stem`]), sorted.
fn copy_stems(names: &[String], suffix: &str) -> Vec<String> {
    let mut stems: Vec<String> = names
        .iter()
        .filter_map(|name| name.strip_suffix(suffix))
        .filter(|stem| is_copy_stem(stem))
        .map(str::to_string)
        .collect();
    stems.sort();
    stems
}

/// Opens (creating) `path` and takes an exclusive advisory lock without waiting; `None` when
/// another open file holds it (a live window), the file cannot be opened, or the file was removed
/// from `path` between the opening and the lock (a lock on a file no longer there guards nothing).
fn try_lock(path: &Path) -> Option<File> {
    let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).ok()?;
    file.try_lock().ok()?;
    still_at(&file, path).then_some(file)
}

/// Whether `file` is still the file at `path` (on Unix, the same device and inode; elsewhere an
/// open file cannot be removed, so it is).
fn still_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(open), Ok(there)) => open.dev() == there.dev() && open.ino() == there.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// A small regular file's text; `None` for anything else.
fn read_small(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_META_BYTES {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(path).ok()?.take(MAX_META_BYTES).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The `.meta` text as written by [`Recovery::update`]; anything else counts as nothing known.
fn parse_meta(text: &str) -> Meta {
    serde_json::from_str(text).unwrap_or_default()
}

/// Renames `from` to `<prefix>-<kind>-<date>.json` in `dir` (`-2`, `-3` … when taken); never
/// replaces a file. Returns the new path.
fn move_aside(dir: &Path, from: &Path, kind: &str) -> Result<PathBuf, String> {
    let stamp = crate::export::utc_now().trim_end_matches('Z').replace(':', "-");
    for n in 1..1000 {
        let name =
            if n == 1 { format!("{PREFIX}-{kind}-{stamp}.json") } else { format!("{PREFIX}-{kind}-{stamp}-{n}.json") };
        let to = dir.join(name);
        // A hard link fails when the name is taken, so nothing is written over; the original
        // name is removed only once the new one exists.
        match std::fs::hard_link(from, &to) {
            Ok(()) => {
                let _ = std::fs::remove_file(from);
                return Ok(to);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) if !to.exists() => {
                // File systems without hard links: a rename, after checking the name is free.
                return std::fs::rename(from, &to)
                    .map(|()| to)
                    .map_err(|e| format!("cannot rename {}: {e}", from.display()));
            }
            Err(_) => continue,
        }
    }
    Err(format!("no free name to keep {} aside in {}", from.display(), dir.display()))
}

/// When a copy was kept, for people: its UTC stamp ("2026-12-01T13:05:00Z") as the time in
/// `zone` with the zone's abbreviation ("2026-12-01 14:05 CET"); a stamp that does not parse is
/// shown as it is, marked UTC.
pub fn kept_at(stamp: &str, zone: &jiff::tz::TimeZone) -> String {
    match stamp.parse::<jiff::Timestamp>() {
        Ok(time) => time.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => format!("{} UTC", stamp.replace('T', " ").trim_end_matches('Z')),
    }
}

/// [`kept_at`] in this computer's time zone (`TZ`, else `/etc/localtime`; UTC when neither says).
pub fn kept_at_local(stamp: &str) -> String {
    kept_at(stamp, &jiff::tz::TimeZone::system())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::RecoveryChoice;

    #[test]
    fn the_time_a_copy_was_kept_is_said_in_the_local_zone_with_its_abbreviation() {
        let paris = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("POSIX zone");
        assert_eq!(kept_at("2026-12-01T13:05:00Z", &paris), "2026-12-01 14:05 CET");
        assert_eq!(kept_at("2026-07-01T23:30:00Z", &paris), "2026-07-02 01:30 CEST", "summer time, past midnight");
        let new_york = jiff::tz::TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").expect("POSIX zone");
        assert_eq!(kept_at("2026-12-01T13:05:00Z", &new_york), "2026-12-01 08:05 EST");
        assert_eq!(kept_at("2026-12-01T13:05:00Z", &jiff::tz::TimeZone::UTC), "2026-12-01 13:05 UTC");
        // Not a time: shown as it is, never a panic.
        assert_eq!(kept_at("yesterday", &paris), "yesterday UTC");
    }

    fn kb() -> KnowledgeBase {
        match KnowledgeBase::builtin() {
            Ok(kb) => kb,
            Err(e) => panic!("built-in data: {e:?}"),
        }
    }

    struct Dir(PathBuf);
    impl Dir {
        fn new(tag: &str) -> Dir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "sciatica-recovery-{}-{tag}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = std::fs::remove_dir_all(&dir);
            Dir(dir)
        }
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(&self.0)
                .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            names.sort();
            names
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn area(kb: &KnowledgeBase, id: &str) -> Vec<SelectedArea> {
        match crate::lookup::Selection::parse_args(kb, &[id]) {
            Ok(selection) => selection.areas,
            Err(e) => panic!("{e}"),
        }
    }

    fn write(recovery: &mut Recovery, areas: &[SelectedArea]) {
        if let Err(e) = recovery.update(true, areas, &Plan::default(), None, None, Instant::now()) {
            panic!("{e}");
        }
    }

    #[test]
    fn stems_of_copies_and_of_copies_kept_aside() {
        for stem in ["recovery", "recovery-12", "recovery-12-3"] {
            assert!(is_copy_stem(stem), "{stem}");
        }
        for stem in [
            "recovery-",
            "recovery-kept-2026-12-01T10-00-00",
            "recovery-unrestorable-2026",
            "recovery-1-2-3",
            "recovery-x",
            "visit",
        ] {
            assert!(!is_copy_stem(stem), "{stem}");
        }
    }

    #[test]
    fn two_windows_keep_separate_copies_and_never_offer_or_delete_each_other() {
        let kb = kb();
        let dir = Dir::new("two");
        // Two windows in one process: each lock is its own open file, so they exclude each other.
        let mut first = Recovery::new(dir.0.clone(), Duration::ZERO);
        let mut second = Recovery::new(dir.0.clone(), Duration::ZERO);
        assert_ne!(first.own_path(), second.own_path());
        write(&mut first, &area(&kb, "saddle"));
        write(&mut second, &area(&kb, "left.heel"));
        let first_copy = first.own_path().unwrap_or_default();
        let second_copy = second.own_path().unwrap_or_default();
        assert_eq!(
            session::open(&kb, &first_copy).map(|s| s.areas),
            Ok(area(&kb, "saddle")),
            "not overwritten by the second window"
        );
        assert_eq!(session::open(&kb, &second_copy).map(|s| s.areas), Ok(area(&kb, "left.heel")));

        // A third window starting now finds no orphan: both copies are live.
        let third = Recovery::new(dir.0.clone(), Duration::ZERO);
        assert_eq!(third.orphan_count(), 0, "{:?}", dir.names());
        assert!(third.offer(&kb).is_none());

        // The second window saves: only its own copy goes.
        second.update(false, &[], &Plan::default(), None, None, Instant::now()).ok();
        assert!(!second_copy.exists());
        assert!(first_copy.exists(), "the first window's live copy is untouched");
        drop(third);
        drop(second);

        // The first window crashes (its lock is released, its copy stays): the next start offers it.
        drop(first);
        assert!(first_copy.exists());
        let mut next = Recovery::new(dir.0.clone(), Duration::ZERO);
        let offer = next.offer(&kb).unwrap_or_else(|| panic!("orphan offered: {:?}", dir.names()));
        assert_eq!(offer.saved().map(|s| s.areas.clone()), Some(area(&kb, "saddle")));
        // Meanwhile another window starts: the orphan is taken, so it is not offered twice.
        let other = Recovery::new(dir.0.clone(), Duration::ZERO);
        assert_eq!(other.orphan_count(), 0);
        // Discarding it in `other`'s place is impossible; in `next` it removes only that copy.
        let stem = offer.stem.clone();
        assert_eq!(next.resolve(&kb, &stem, RecoveryChoice::Discard), Ok(Resolved::Discarded));
        assert!(!first_copy.exists());
        drop(other);
        drop(next);
        assert!(dir.names().iter().all(|n| !n.ends_with(".json")), "{:?}", dir.names());
    }

    #[test]
    fn every_orphan_is_offered_one_after_another() {
        let kb = kb();
        let dir = Dir::new("many");
        let mut a = Recovery::new(dir.0.clone(), Duration::ZERO);
        let mut b = Recovery::new(dir.0.clone(), Duration::ZERO);
        write(&mut a, &area(&kb, "saddle"));
        write(&mut b, &area(&kb, "left.heel"));
        drop((a, b));
        // An older version's single copy is offered too.
        let legacy = session::to_json(&area(&kb, "sacrum"), &Plan::default(), "2026-12-01T10:00:00Z");
        std::fs::write(dir.0.join("recovery.json"), legacy).ok();
        std::fs::write(dir.0.join("recovery-origin.txt"), "/visits/jd.json\n").ok();

        let mut next = Recovery::new(dir.0.clone(), Duration::ZERO);
        assert_eq!(next.orphan_count(), 3);
        let mut seen = Vec::new();
        while let Some(offer) = next.offer(&kb) {
            assert_eq!(offer.more, next.orphan_count() - 1);
            if offer.stem == "recovery" {
                assert_eq!(offer.origin.as_deref(), Some(Path::new("/visits/jd.json")));
            }
            seen.extend(offer.saved().map(|s| s.areas[0].area.key()));
            let resolved = next.resolve(&kb, &offer.stem, RecoveryChoice::KeepAside);
            assert!(matches!(resolved, Ok(Resolved::KeptAside(_))), "{resolved:?}");
        }
        seen.sort();
        assert_eq!(seen, ["left.heel", "sacrum", "saddle"]);
        drop(next);
        let kept: Vec<String> = dir.names().into_iter().filter(|n| n.starts_with("recovery-kept-")).collect();
        assert_eq!(kept.len(), 3, "{:?}", dir.names());
        // Copies kept aside are not offered again.
        assert_eq!(Recovery::new(dir.0.clone(), Duration::ZERO).orphan_count(), 0);
    }

    #[test]
    fn a_copy_that_no_longer_opens_is_offered_with_the_reason_and_kept_aside_never_overwritten() {
        let kb = kb();
        let dir = Dir::new("unrestorable");
        let mut crashed = Recovery::new(dir.0.clone(), Duration::ZERO);
        let mut plan = Plan::default();
        plan.exercises
            .push(session::PlannedExercise { id: "clinic_sling_piriformis".to_string(), ..Default::default() });
        if let Err(e) = crashed.update(true, &[], &plan, None, Some(Path::new("/clinic/pack")), Instant::now()) {
            panic!("{e}");
        }
        let copy = crashed.own_path().unwrap_or_default();
        let before = std::fs::read(&copy).unwrap_or_default();
        drop(crashed);

        let mut next = Recovery::new(dir.0.clone(), Duration::ZERO);
        let offer = next.offer(&kb).unwrap_or_else(|| panic!("offered although it cannot be restored"));
        let errors = offer.content.clone().err().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e.contains("exercises[0].id") && e.contains("clinic_sling_piriformis")),
            "{errors:?}"
        );
        assert_eq!(offer.pack.as_deref(), Some(Path::new("/clinic/pack")), "the pack it needs is known");
        // This window's own work does not touch the orphan.
        write(&mut next, &area(&kb, "saddle"));
        assert_eq!(std::fs::read(&copy).unwrap_or_default(), before, "never overwritten");
        assert!(next.resolve(&kb, &offer.stem, RecoveryChoice::Restore).is_err(), "cannot be restored");
        let Ok(Resolved::KeptAside(kept)) = next.resolve(&kb, &offer.stem, RecoveryChoice::KeepAside) else {
            panic!("kept aside")
        };
        let name = kept.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(name.starts_with("recovery-unrestorable-20") && name.ends_with(".json"), "{name}");
        assert_eq!(std::fs::read(&kept).unwrap_or_default(), before, "the copy itself, byte for byte");
        assert!(!copy.exists());
    }

    #[test]
    fn keeping_aside_never_replaces_a_file() {
        let dir = Dir::new("aside");
        let _ = std::fs::create_dir_all(&dir.0);
        let a = dir.0.join("a.json");
        let b = dir.0.join("b.json");
        std::fs::write(&a, "A").ok();
        std::fs::write(&b, "B").ok();
        let first = move_aside(&dir.0, &a, "kept").unwrap_or_default();
        let second = move_aside(&dir.0, &b, "kept").unwrap_or_default();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(&first).ok().as_deref(), Some("A"));
        assert_eq!(std::fs::read_to_string(&second).ok().as_deref(), Some("B"));
    }

    #[test]
    fn a_restored_copy_is_removed_once_this_window_keeps_its_work() {
        let kb = kb();
        let dir = Dir::new("adopt");
        let mut crashed = Recovery::new(dir.0.clone(), Duration::ZERO);
        write(&mut crashed, &area(&kb, "saddle"));
        let orphan = crashed.own_path().unwrap_or_default();
        drop(crashed);
        let mut next = Recovery::new(dir.0.clone(), Duration::ZERO);
        let offer = next.offer(&kb).unwrap_or_else(|| panic!("offered"));
        let Ok(Resolved::Restored(saved, _)) = next.resolve(&kb, &offer.stem, RecoveryChoice::Restore) else {
            panic!("restored")
        };
        assert!(orphan.exists(), "kept until the work is safe elsewhere");
        write(&mut next, &saved.areas);
        assert!(!orphan.exists(), "the window's own copy holds the work now");
        assert!(next.own_path().is_some_and(|p| p.exists()));
    }

    #[test]
    fn lock_files_of_killed_windows_are_swept_but_a_live_window_s_and_a_copy_s_stay() {
        let kb = kb();
        let dir = Dir::new("stale-locks");
        std::fs::create_dir_all(&dir.0).unwrap_or_else(|e| panic!("{e}"));
        // Left by windows killed with nothing unsaved (no copy beside them), and one beside a copy.
        for stale in ["recovery-4001.lock", "recovery-4002-1.lock", "recovery.lock"] {
            std::fs::write(dir.0.join(stale), "").ok();
        }
        let mut crashed = Recovery::new(dir.0.clone(), Duration::ZERO);
        write(&mut crashed, &area(&kb, "saddle"));
        let copy = crashed.own_path().unwrap_or_default();
        let crashed_lock = copy.with_extension("lock");
        // A live window with nothing unsaved holds its lock.
        let live = Recovery::new(dir.0.clone(), Duration::ZERO);
        let live_lock = live.own_path().unwrap_or_default().with_extension("lock");
        drop(crashed); // gone with its work unsaved: its copy and lock file stay, the lock is free
        // Not ours to touch: a lock file whose name is not a copy's.
        std::fs::write(dir.0.join("recovery-kept-x.lock"), "").ok();

        let next = Recovery::new(dir.0.clone(), Duration::ZERO);
        let names = dir.names();
        for stale in ["recovery-4001.lock", "recovery-4002-1.lock", "recovery.lock"] {
            assert!(!names.iter().any(|n| n == stale), "{stale} swept: {names:?}");
        }
        assert!(live_lock.exists(), "the live window's lock stays: {names:?}");
        assert!(crashed_lock.exists() && copy.exists(), "a copy keeps its lock file: {names:?}");
        assert!(names.iter().any(|n| n == "recovery-kept-x.lock"), "{names:?}");
        assert_eq!(next.orphan_count(), 1, "the killed window's copy is offered");
        drop((live, next));
    }

    #[test]
    fn a_lock_taken_on_a_file_removed_meanwhile_is_refused() {
        let dir = Dir::new("removed-lock");
        std::fs::create_dir_all(&dir.0).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.0.join("recovery-5001.lock");
        let held = try_lock(&path).unwrap_or_else(|| panic!("a fresh lock"));
        assert!(still_at(&held, &path));
        // Another window sweeps the file away while this one holds an open handle on it.
        std::fs::remove_file(&path).ok();
        assert!(!still_at(&held, &path), "the handle's file is no longer at the path");
        std::fs::write(&path, "").ok();
        assert!(!still_at(&held, &path), "another file is at the path now");
        drop(held);
        assert!(try_lock(&path).is_some(), "the file now at the path can be locked");
    }

    #[test]
    fn junk_in_the_folder_is_not_a_copy_and_blocks_nothing() {
        let kb = kb();
        let dir = Dir::new("junk");
        let _ = std::fs::create_dir_all(dir.0.join("recovery-7.json"));
        std::fs::write(dir.0.join("recovery-8.json"), "{\"format_version\": 1, \"areas\": [").ok();
        std::fs::write(dir.0.join("recovery-8.meta"), "not json").ok();
        let next = Recovery::new(dir.0.clone(), Duration::ZERO);
        assert_eq!(next.orphan_count(), 1, "the folder is skipped, the broken file offered");
        let offer = next.offer(&kb).unwrap_or_else(|| panic!("offered"));
        let errors = offer.content.err().unwrap_or_default();
        assert!(errors.iter().any(|e| e.contains("recovery-8.json:1:")), "located: {errors:?}");
        assert_eq!((offer.origin, offer.pack), (None, None));
    }
}
