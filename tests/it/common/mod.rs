//! Helpers shared by the integration tests that work on copies of `data/` and on clinic packs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's `data/`.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A private pack directory in the temp dir (a copy of `data/`, or a clinic pack built file by
/// file), removed on drop.
pub struct TempPack {
    pub dir: PathBuf,
}

impl TempPack {
    /// A fresh, empty directory: write a clinic pack's files into it.
    pub fn empty(tag: &str) -> TempPack {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sciatica-pack-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp pack dir");
        TempPack { dir }
    }

    /// A fresh copy of every file of `data/`.
    pub fn copy(tag: &str) -> TempPack {
        let pack = TempPack::empty(tag);
        let dir = &pack.dir;
        for entry in std::fs::read_dir(data_dir()).expect("read data/") {
            let entry = entry.expect("data/ entry");
            if entry.file_type().expect("file type").is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy data file");
            }
        }
        pack
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

/// A clinic's exercise that the built-in pack does not have: it targets the piriformis and the
/// buttock, so a buttock look-up ranks it. `sling` appears in no built-in exercise.
pub const SLING_STRETCH: &str = r#"# A clinic's own exercise.
[[exercise]]
id = "clinic_sling_piriformis"
name = "Towel-sling piriformis stretch"
kind = "stretch"
position = "supine"
equipment = []
summary = "Lying on your back, a towel sling round the shin draws the bent knee towards the opposite shoulder to stretch the piriformis."
steps = [
  "Lie on your back and loop a towel sling round the shin of the sore side, just below the knee.",
  "Pull the sling gently so the knee moves towards the opposite shoulder until the buttock feels a stretch; hold, breathing slowly.",
]
cautions = ["Stop if tingling or numbness runs down the leg."]
in_bed = true
cites = [{ id = "travell_simons", section = "Piriformis" }]
[exercise.targets]
muscles = ["piriformis"]
causes = ["piriformis_syndrome"]
areas = ["buttock"]
"#;

impl TempPack {
    /// A clinic pack holding only `exercises.toml` with [`SLING_STRETCH`].
    pub fn clinic(tag: &str) -> TempPack {
        let pack = TempPack::empty(tag);
        pack.write("exercises.toml", SLING_STRETCH);
        pack
    }
}

/// The built-in knowledge, shared as the window holds it.
pub fn builtin_kb() -> std::sync::Arc<sciatica_explorer::knowledge::KnowledgeBase> {
    match sciatica_explorer::knowledge::KnowledgeBase::builtin() {
        Ok(kb) => std::sync::Arc::new(kb),
        Err(e) => panic!("built-in data invalid: {e:#?}"),
    }
}

/// The built-in drawing.
pub fn builtin_map() -> &'static sciatica_explorer::geometry::BodyMap {
    match sciatica_explorer::geometry::BodyMap::shared() {
        Ok(map) => map,
        Err(e) => panic!("built-in body map invalid: {e:#?}"),
    }
}

/// The built-in drawing as a window holds it: shared, copied out of [`builtin_map`] once.
pub fn window_map() -> std::sync::Arc<sciatica_explorer::geometry::BodyMap> {
    static MAP: std::sync::OnceLock<std::sync::Arc<sciatica_explorer::geometry::BodyMap>> = std::sync::OnceLock::new();
    std::sync::Arc::clone(MAP.get_or_init(|| std::sync::Arc::new(builtin_map().clone())))
}

/// A private directory in the temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sciatica-tmp-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The names in the directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("read temp dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The complete `[[key]]` record `id` of a file of `data/`, from its header to the next record.
pub fn data_record(file: &str, key: &str, id: &str) -> String {
    let text = std::fs::read_to_string(data_dir().join(file)).expect("read data file");
    let header = format!("[[{key}]]\nid = \"{id}\"\n");
    let start = text.find(&header).unwrap_or_else(|| panic!("no {key} `{id}` in data/{file}"));
    let body = &text[start + header.len()..];
    let end = body.find(&format!("\n[[{key}]]\n")).map_or(body.len(), |i| i + 1);
    format!("{header}{}", &body[..end])
}

/// The toolbar controls a layout test checks at several widths (by accessible label).
pub const TOOLBAR_LABELS: [&str; 13] = [
    "File",
    "Help",
    "Back",
    "Front",
    "Both",
    "Layers",
    "Dermatomes",
    "Nerve territories",
    "Off",
    "Clear all",
    "Reset zoom",
    "Dark theme",
    "Teach",
];

/// An in-memory eframe storage, for tests of what the window stores and restores.
#[derive(Default)]
pub struct MemoryStorage(pub std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// What to install when Xvfb is missing or does not start (`.ci/run` installs the same).
pub const XVFB_INSTALL: &str =
    "install xvfb (Debian: apt-get install xvfb xauth libgl1-mesa-dri libegl1), .ci/run does this";

/// An Xvfb server on a free display of its own, stopped when dropped. `.ci/run` installs Xvfb;
/// without it a test fails (never skips) saying what to install.
pub struct Xvfb {
    child: std::process::Child,
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb from `PATH`, or panics naming the package to install.
    pub fn start() -> Xvfb {
        match Xvfb::try_start(None) {
            Ok(x) => x,
            Err(message) => panic!("{message}"),
        }
    }

    /// Starts Xvfb, looked up in `path` instead of the inherited `PATH` when given; the error
    /// says what is missing and which package to install.
    pub fn try_start(path: Option<&std::ffi::OsStr>) -> Result<Xvfb, String> {
        use std::process::{Command, Stdio};
        use std::time::{Duration, Instant};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        // A display no other server (or test running at the same time) has: its socket and lock
        // file are both absent.
        let base = 40 + (std::process::id() as usize % 200) * 8;
        let number = (0..64)
            .map(|i| base + (NEXT.fetch_add(1, Ordering::Relaxed) + i) % 1600)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .unwrap_or(base);
        let display = format!(":{number}");
        let mut command = Command::new("Xvfb");
        command
            .args([display.as_str(), "-screen", "0", "1920x1200x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(path) = path {
            command.env("PATH", path);
        }
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("Xvfb not found: {XVFB_INSTALL}"));
            }
            Err(e) => return Err(format!("Xvfb could not be started ({e}): {XVFB_INSTALL}")),
        };
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let start = Instant::now();
        while !socket.exists() && start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("Xvfb exited ({status}) before opening display {display}: {XVFB_INSTALL}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !socket.exists() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("Xvfb did not open display {display} within 10 s: {XVFB_INSTALL}"));
        }
        Ok(Xvfb { child, display })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
