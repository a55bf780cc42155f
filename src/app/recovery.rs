//! Crash recovery: while the session has unsaved changes, a copy is kept in the app's data
//! folder (written atomically, at most every few seconds). A clean save, open, new session or
//! quit removes it; after a crash or power cut the next start offers to restore it.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::export::session::{self, Plan, SavedSession};
use crate::export::write_atomic;
use crate::knowledge::KnowledgeBase;
use crate::lookup::SelectedArea;

/// The copy of the unsaved session.
const SESSION_FILE: &str = "recovery.json";
/// The session file the copy belongs to, if it had one.
const ORIGIN_FILE: &str = "recovery-origin.txt";

/// Keeps the recovery copy in `dir` up to date.
#[derive(Debug)]
pub struct Recovery {
    dir: PathBuf,
    /// The shortest time between two writes (typing should not mean a disk write per key).
    interval: Duration,
    last_hash: Option<u64>,
    last_write: Option<Instant>,
}

/// A recovery copy found at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    pub saved: SavedSession,
    /// The file the session had been opened from or saved to.
    pub origin: Option<PathBuf>,
}

impl Recovery {
    /// Recovery copies in `dir`, written at most every `interval`.
    pub fn new(dir: PathBuf, interval: Duration) -> Self {
        Recovery { dir, interval, last_hash: None, last_write: None }
    }

    fn session_path(&self) -> PathBuf {
        self.dir.join(SESSION_FILE)
    }

    /// A copy left by a run that did not end cleanly, if it still opens. A copy that no longer
    /// opens (say, it used a clinic pack that is gone) is left on disk for the user to rescue.
    pub fn pending(&self, kb: &KnowledgeBase) -> Option<RecoveryOffer> {
        let path = self.session_path();
        if !path.is_file() {
            return None;
        }
        let saved = session::open(kb, &path).ok()?;
        let origin = std::fs::read_to_string(self.dir.join(ORIGIN_FILE))
            .ok()
            .map(|text| PathBuf::from(text.trim_end_matches('\n')))
            .filter(|p| !p.as_os_str().is_empty());
        Some(RecoveryOffer { saved, origin })
    }

    /// Called after every frame: writes the copy when the session is dirty and changed since
    /// the last write, or removes it when there is nothing unsaved. Returns when to look again
    /// if a write is being held back by the interval.
    pub fn update(
        &mut self,
        dirty: bool,
        areas: &[SelectedArea],
        plan: &Plan,
        origin: Option<&Path>,
        now: Instant,
    ) -> Result<Option<Duration>, String> {
        if !dirty {
            // Only a copy this run wrote: one found at start waits for the user's answer.
            if self.last_hash.is_some() {
                self.discard();
            }
            return Ok(None);
        }
        // The content itself is hashed: this runs every frame while the session is dirty, and
        // the JSON is only written when something changed.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        areas.hash(&mut hasher);
        plan.hash(&mut hasher);
        origin.hash(&mut hasher);
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
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let origin_text = origin.map(|p| p.display().to_string()).unwrap_or_default();
        write_atomic(&self.dir.join(ORIGIN_FILE), origin_text.as_bytes())
            .and_then(|()| write_atomic(&self.session_path(), session::to_json(areas, plan, &crate::export::utc_now()).as_bytes()))
            .map_err(|e| format!("cannot keep a recovery copy in {}: {e}", self.dir.display()))?;
        Ok(None)
    }

    /// Removes the copy: the session is saved, or the user chose to discard it.
    pub fn discard(&mut self) {
        let _ = std::fs::remove_file(self.session_path());
        let _ = std::fs::remove_file(self.dir.join(ORIGIN_FILE));
        self.last_hash = None;
        self.last_write = None;
    }
}
