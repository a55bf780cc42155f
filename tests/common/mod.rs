//! Helpers shared by the integration tests that work on copies of `data/`.

#![allow(dead_code)] // each test crate uses a different part

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's `data/`.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A private copy of `data/` in the temp dir, removed on drop.
pub struct TempPack {
    pub dir: PathBuf,
}

impl TempPack {
    /// A fresh copy of every file of `data/`.
    pub fn copy(tag: &str) -> TempPack {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sciatica-pack-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp pack dir");
        for entry in std::fs::read_dir(data_dir()).expect("read data/") {
            let entry = entry.expect("data/ entry");
            if entry.file_type().expect("file type").is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy data file");
            }
        }
        TempPack { dir }
    }

    pub fn path(&self) -> &str {
        self.dir.to_str().expect("temp dir path is UTF-8")
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).expect("read pack file")
    }

    pub fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).expect("write pack file");
    }

    /// Replaces the first `from` that follows the first `anchor` in `file`.
    pub fn edit_after(&self, file: &str, anchor: &str, from: &str, to: &str) {
        let text = self.read(file);
        let start = text.find(anchor).unwrap_or_else(|| panic!("anchor {anchor:?} not in {file}"));
        let at = start + text[start..].find(from).unwrap_or_else(|| panic!("{from:?} not after {anchor:?} in {file}"));
        let edited = format!("{}{}{}", &text[..at], to, &text[at + from.len()..]);
        self.write(file, &edited);
    }
}

impl Drop for TempPack {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
