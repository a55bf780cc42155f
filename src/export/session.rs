//! Session files: one patient's marked areas, chosen exercises and notes, saved as versioned JSON
//! so that the next visit opens where this one ended.
//!
//! The format is documented in the README ("Session files"). Any change to it bumps
//! [`FORMAT_VERSION`]; a file from a newer version is refused with a clear message rather than
//! half-read, and unknown fields are errors (they would otherwise be silently dropped on save).

use std::io::Read as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::knowledge::KnowledgeBase;
use crate::lookup::{AreaRef, SelectedArea, Selection};

/// The session format this version writes and the newest it reads. Format 2 added `numb` on
/// areas; format 1 files (no numbness recorded) still open.
pub const FORMAT_VERSION: u32 = 2;

/// Larger files are refused before they are read: a session is a few kilobytes, so anything
/// near this is not a session (or is damaged) and must not stall the window.
pub const MAX_SESSION_BYTES: u64 = 2 * 1024 * 1024;

/// The longest note or patient label kept, in characters (far beyond any real note).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// An exercise the clinician chose for this patient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedExercise {
    /// The exercise id in the knowledge base.
    pub id: String,
    /// The clinician's dose for this patient; when absent the handout gives the articles' doses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dosage: Option<String>,
    /// A remark for this patient ("left side only").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Everything of a session besides the marked areas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Plan {
    /// An optional label for the patient (initials, a record number): whatever the clinic uses.
    pub patient: String,
    /// Free-text notes printed on the handout.
    pub notes: String,
    /// The chosen exercises, in the order they are printed.
    pub exercises: Vec<PlannedExercise>,
    /// When the session was first saved (`YYYY-MM-DDTHH:MM:SSZ`), if it has been.
    pub created: Option<String>,
}

impl Plan {
    /// Whether the exercise is in the plan.
    pub fn has_exercise(&self, id: &str) -> bool {
        self.exercises.iter().any(|e| e.id == id)
    }

    /// Adds the exercise, or removes it when it is already in the plan.
    pub fn toggle_exercise(&mut self, id: &str) {
        if self.has_exercise(id) {
            self.exercises.retain(|e| e.id != id);
        } else {
            self.exercises.push(PlannedExercise { id: id.to_string(), ..Default::default() });
        }
    }

    /// The planned exercise with this id.
    pub fn exercise_mut(&mut self, id: &str) -> Option<&mut PlannedExercise> {
        self.exercises.iter_mut().find(|e| e.id == id)
    }
}

/// A session as read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedSession {
    pub areas: Vec<SelectedArea>,
    pub plan: Plan,
    /// When it was last saved.
    pub modified: Option<String>,
}

impl SavedSession {
    /// The marked areas as a look-up selection.
    pub fn selection(&self) -> Selection {
        Selection { areas: self.areas.clone() }
    }
}

/// The file as stored: plain ids and strings, so the format does not change when internal
/// types do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionFile {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_version: Option<String>,
    #[serde(default)]
    patient: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(default)]
    areas: Vec<FileArea>,
    #[serde(default)]
    exercises: Vec<PlannedExercise>,
    #[serde(default)]
    notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileArea {
    /// `left.buttock`, or a midline id such as `saddle`.
    area: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    intensity: Option<u8>,
    /// Numbness or tingling in this area (format 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    numb: bool,
}

/// Why a session file could not be opened: the file, line, column and field, as for data packs.
pub type SessionError = crate::knowledge::DataError;

/// A problem with the file as a whole (no line).
fn whole(file: &str, message: impl Into<String>) -> SessionError {
    SessionError { file: file.to_string(), line: 0, column: 0, field: String::new(), message: message.into() }
}

/// The session as JSON text, stamped with `now` as its modification time (and creation time
/// when it has none).
pub fn to_json(areas: &[SelectedArea], plan: &Plan, now: &str) -> String {
    let file = SessionFile {
        format_version: FORMAT_VERSION,
        app_version: Some(env!("CARGO_PKG_VERSION").to_string()),
        patient: plan.patient.clone(),
        created: Some(plan.created.clone().unwrap_or_else(|| now.to_string())),
        modified: Some(now.to_string()),
        areas: areas.iter().map(|a| FileArea { area: a.area.key(), intensity: a.intensity, numb: a.numb }).collect(),
        exercises: plan.exercises.clone(),
        notes: plan.notes.clone(),
    };
    // Plain strings and numbers only: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Saves the session atomically (see [`super::write_atomic`]); returns the creation time the
/// file now carries, for the caller to keep.
pub fn save(path: &Path, areas: &[SelectedArea], plan: &Plan, now: &str) -> std::io::Result<String> {
    super::write_atomic(path, to_json(areas, plan, now).as_bytes())?;
    Ok(plan.created.clone().unwrap_or_else(|| now.to_string()))
}

/// Reads and checks a session file. Nothing is returned unless the whole file is good.
pub fn open(kb: &KnowledgeBase, path: &Path) -> Result<SavedSession, Vec<SessionError>> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| vec![whole(&name, format!("cannot open: {e}"))])?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(vec![whole(&name, "is a folder, not a session file")]);
        }
        if meta.len() > MAX_SESSION_BYTES {
            return Err(vec![too_large(&name, meta.len())]);
        }
    }
    // The size is checked again while reading: a file can grow, and some files report no size.
    let mut bytes = Vec::new();
    file.take(MAX_SESSION_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| vec![whole(&name, format!("cannot read: {e}"))])?;
    if bytes.len() as u64 > MAX_SESSION_BYTES {
        return Err(vec![too_large(&name, bytes.len() as u64)]);
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| vec![whole(&name, format!("not a text file (invalid UTF-8 at byte {})", e.utf8_error().valid_up_to()))])?;
    parse(kb, &text, &name)
}

fn too_large(name: &str, bytes: u64) -> SessionError {
    whole(
        name,
        format!(
            "is {:.1} MB; a session file is at most {} MB, so this is not one (or it is damaged)",
            bytes as f64 / 1_048_576.0,
            MAX_SESSION_BYTES / 1_048_576
        ),
    )
}

/// Parses and checks session text; `name` is used in the errors.
pub fn parse(kb: &KnowledgeBase, text: &str, name: &str) -> Result<SavedSession, Vec<SessionError>> {
    let json_error = |e: &serde_json::Error, field: String| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the location is reported separately.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        let message = if e.is_eof() { format!("the file ends too early (truncated?): {message}") } else { message };
        SessionError { file: name.to_string(), line: e.line(), column: e.column(), field, message }
    };
    let probe: serde_json::Value = serde_json::from_str(text).map_err(|e| vec![json_error(&e, String::new())])?;
    let Some(probe) = probe.as_object() else {
        return Err(vec![whole(name, "not a Sciatica Explorer session (expected a JSON object)")]);
    };
    // The version is read first so that a newer file is named as such rather than failing on
    // whatever field changed.
    match probe.get("format_version") {
        None => return Err(vec![whole(name, "not a Sciatica Explorer session (it has no format_version)")]),
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(vec![SessionError {
                    field: "format_version".to_string(),
                    ..whole(
                        name,
                        format!(
                            "saved by a newer version of Sciatica Explorer (session format {v}); this version reads format {FORMAT_VERSION} and older. Update the app to open it."
                        ),
                    )
                }]);
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(vec![SessionError {
                    field: "format_version".to_string(),
                    ..whole(name, format!("`{n}` is not a session format version"))
                }]);
            }
        },
        Some(other) => {
            return Err(vec![SessionError {
                field: "format_version".to_string(),
                ..whole(name, format!("expected a whole number, found {other}"))
            }]);
        }
    }
    // Parsed a second time, typed, for errors that name the field and line.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file: SessionFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        vec![json_error(e.inner(), field)]
    })?;
    check(kb, file, name)
}

/// Checks ids against the knowledge base and limits; lists every problem.
fn check(kb: &KnowledgeBase, file: SessionFile, name: &str) -> Result<SavedSession, Vec<SessionError>> {
    let mut errors = Vec::new();
    let error = |field: String, message: String| SessionError { field, ..whole(name, message) };
    let mut areas: Vec<SelectedArea> = Vec::new();
    for (i, saved) in file.areas.iter().enumerate() {
        match AreaRef::parse(kb, &saved.area) {
            Ok(area) if areas.iter().any(|a| a.area == area) => {
                errors.push(error(format!("areas[{i}].area"), format!("`{}` is listed twice", saved.area)));
            }
            Ok(area) => match saved.intensity {
                Some(level) if level > 10 => {
                    errors.push(error(format!("areas[{i}].intensity"), format!("{level} is not a pain level from 0 to 10")))
                }
                intensity => areas.push(SelectedArea { area, intensity, numb: saved.numb }),
            },
            Err(e) => errors.push(error(
                format!("areas[{i}].area"),
                format!("{e} (was the session saved with a clinic pack that is not loaded?)"),
            )),
        }
    }
    for (i, exercise) in file.exercises.iter().enumerate() {
        if kb.exercise(&exercise.id).is_none() {
            let suggestions = crate::lookup::closest(&exercise.id, kb.exercises.iter().map(|e| e.id.clone()), 2);
            errors.push(error(
                format!("exercises[{i}].id"),
                format!(
                    "unknown exercise `{}`; did you mean {}? (was the session saved with a clinic pack that is not loaded?)",
                    exercise.id,
                    suggestions.join(", ")
                ),
            ));
        } else if file.exercises[..i].iter().any(|e| e.id == exercise.id) {
            errors.push(error(format!("exercises[{i}].id"), format!("`{}` is listed twice", exercise.id)));
        }
    }
    for (field, text) in [("patient", &file.patient), ("notes", &file.notes)] {
        if text.chars().count() > MAX_TEXT_CHARS {
            errors.push(error(field.to_string(), format!("longer than {MAX_TEXT_CHARS} characters")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SavedSession {
        areas,
        plan: Plan { patient: file.patient, notes: file.notes, exercises: file.exercises, created: file.created },
        modified: file.modified,
    })
}
