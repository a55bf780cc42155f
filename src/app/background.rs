//! Loading that reads files the user chose (a clinic pack, the session given with `--open`) runs
//! on a thread of its own: a slow disk, a network folder or a named pipe in a pack must never
//! freeze the window. The window polls the job every frame and shows "Loading …" meanwhile; the
//! thread asks for a repaint when it is done.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::export::session::{self, SavedSession};
use crate::geometry::BodyMap;
use crate::knowledge::KnowledgeBase;

/// A clinic pack checked over the built-in content and against the drawing, and what it changes.
/// Boxed: a knowledge base and a drawing are large, and the message is moved through a channel.
pub type LoadedPack = Box<(KnowledgeBase, BodyMap, String)>;

/// What a finished job brings back.
pub enum Loaded {
    Pack { dir: PathBuf, result: Result<LoadedPack, Vec<String>> },
    Session { path: PathBuf, result: Result<SavedSession, Vec<String>> },
}

/// The window's context, once known: the thread wakes the window through it.
pub type Waker = Arc<OnceLock<egui::Context>>;

/// One job running on its own thread.
pub struct Job {
    /// What is loading, for "Loading …" ("clinic pack “clinic”").
    pub label: String,
    receiver: Receiver<Loaded>,
    /// What the job was for, in case its thread ends without an answer.
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Pack(PathBuf),
    Session(PathBuf),
}

impl Job {
    /// Loads the clinic pack in `dir` over the built-in content and checks the drawing against it.
    pub fn pack(dir: PathBuf, waker: &Waker) -> Job {
        let label = format!("clinic pack “{}”", super::document::file_label(&dir));
        let kind = Kind::Pack(dir.clone());
        Job::spawn(label, kind, waker, move || {
            let result = KnowledgeBase::with_pack_report(&dir)
                .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())
                .and_then(|(kb, report)| match BodyMap::for_knowledge(&kb) {
                    Ok(map) => Ok(Box::new((kb, map, report.to_string()))),
                    Err(errors) => Err(errors.iter().map(ToString::to_string).collect()),
                });
            Loaded::Pack { dir, result }
        })
    }

    /// Reads and checks the session file at `path` against `kb`.
    pub fn session(kb: Arc<KnowledgeBase>, path: PathBuf, waker: &Waker) -> Job {
        let label = format!("session “{}”", super::document::file_label(&path));
        let kind = Kind::Session(path.clone());
        Job::spawn(label, kind, waker, move || {
            let result = session::open(&kb, &path).map_err(|errors| errors.iter().map(ToString::to_string).collect());
            Loaded::Session { path, result }
        })
    }

    fn spawn(label: String, kind: Kind, waker: &Waker, work: impl FnOnce() -> Loaded + Send + 'static) -> Job {
        let (sender, receiver) = mpsc::channel();
        let waker = Arc::clone(waker);
        let spawned = std::thread::Builder::new().name("sciatica-loader".to_string()).spawn(move || {
            let _ = sender.send(work());
            if let Some(ctx) = waker.get() {
                ctx.request_repaint();
            }
        });
        if let Err(e) = spawned {
            // No thread: the receiver reports the job as failed at the first poll.
            eprintln!("warning: cannot start loading {label}: {e}");
        }
        Job { label, receiver, kind }
    }

    /// Whether it loads a clinic pack.
    pub fn is_pack(&self) -> bool {
        matches!(self.kind, Kind::Pack(_))
    }

    /// The result, if the job has finished (without waiting).
    pub fn poll(&self) -> Option<Loaded> {
        match self.receiver.try_recv() {
            Ok(loaded) => Some(loaded),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(self.failed()),
        }
    }

    /// The result, waiting at most `timeout` for it (tests, and nothing on the window's thread).
    pub fn wait(&self, timeout: Duration) -> Option<Loaded> {
        match self.receiver.recv_timeout(timeout) {
            Ok(loaded) => Some(loaded),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(self.failed()),
        }
    }

    /// The thread ended without an answer (it panicked, or never started).
    fn failed(&self) -> Loaded {
        let errors = vec![format!("loading the {} failed unexpectedly", self.label)];
        match self.kind.clone() {
            Kind::Pack(dir) => Loaded::Pack { dir, result: Err(errors) },
            Kind::Session(path) => Loaded::Session { path, result: Err(errors) },
        }
    }
}
