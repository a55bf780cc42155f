//! The window's shared state, split into what persists between runs ([`Settings`]) and what
//! lives only for this run ([`UiState`]), and the [`Action`]s panels return to change them.
//!
//! State that only one panel reads and writes (the map's pan, zoom and hover, the results
//! panel's "show all" and search text) is kept by that panel, as egui's demos keep it, and does
//! not go through actions.

use serde::{Deserialize, Serialize};

use crate::export::session::Plan;
use crate::geometry::PiriformisVariant;
use crate::knowledge::{ExerciseKind, Position, Side, View};
use crate::lookup::{AreaRef, ExerciseFilter, SelectedArea};
use crate::pathway::{Item, PathStep};

/// Which views the body map shows; also `--view` (`posterior`, `anterior`, `both`).
///
/// The variants' names are what the stored settings hold and what the command line accepts, so
/// renaming one breaks both (the variants carry no doc comments: `--help` would list them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum ViewMode {
    Posterior,
    Anterior,
    #[default]
    Both,
}

impl ViewMode {
    /// Every choice, in the toolbar's order.
    pub const ALL: [ViewMode; 3] = [ViewMode::Posterior, ViewMode::Anterior, ViewMode::Both];

    /// The toolbar's word for it.
    pub fn label(self) -> &'static str {
        match self {
            ViewMode::Posterior => "Back",
            ViewMode::Anterior => "Front",
            ViewMode::Both => "Both",
        }
    }

    /// The views shown, left to right.
    pub fn views(self) -> &'static [View] {
        match self {
            ViewMode::Posterior => &[View::Posterior],
            ViewMode::Anterior => &[View::Anterior],
            ViewMode::Both => &[View::Posterior, View::Anterior],
        }
    }
}

pub use crate::geometry::{Layers, SkinMap};

/// The colour theme; also `--theme` (`light`, `dark`). Stored by variant name, as [`ViewMode`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

impl ThemeChoice {
    /// Its name as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    /// The theme the toolbar's button switches to.
    pub fn other(self) -> ThemeChoice {
        match self {
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::Light,
        }
    }
}

/// Whether the exercise cards' figures move; also off when the desktop asks for less motion
/// (where the platform tells). Stored by variant name, as [`ThemeChoice`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FigureMotion {
    /// An open card's figure moves between its key poses.
    #[default]
    Animated,
    /// An open card shows its key poses side by side, still.
    Still,
}

impl FigureMotion {
    /// Whether figures move (the default).
    pub fn is_animated(&self) -> bool {
        *self == FigureMotion::Animated
    }
}

/// Persisted with eframe's storage. Every field has a default, so a stored state from another
/// version loads what still fits and a state that does not parse is ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub view: ViewMode,
    pub layers: Layers,
    pub theme: ThemeChoice,
    /// The course of the sciatic nerve at the piriformis (stored by name; the names earlier
    /// versions stored, `Below`, `Through` and `Above`, still load).
    pub variant: PiriformisVariant,
    /// Exercise filters of the side panel (the search text is not kept).
    pub exercise_kind: Option<ExerciseKind>,
    pub exercise_position: Option<Position>,
    pub exercise_equipment: Option<String>,
    pub exercise_in_bed: bool,
    /// Whether an open exercise card's figure moves. Not written while it has its default, so
    /// the stored settings stay what earlier versions wrote and read.
    #[serde(skip_serializing_if = "FigureMotion::is_animated")]
    pub figure_motion: FigureMotion,
    /// The clinic pack last loaded from the window, loaded again at start.
    pub clinic_pack: Option<std::path::PathBuf>,
    /// The folder a session was last opened or saved in, or a handout or drawing exported to:
    /// every file dialog (the desktop's or the window's own) starts there.
    pub last_directory: Option<std::path::PathBuf>,
    /// New visits start empty instead of from the previous visit's areas and plan. Stored only
    /// when on, so the default settings are stored exactly as earlier versions stored them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub new_visit_blank: bool,
}

impl Settings {
    /// The side panel's exercise filter.
    pub fn exercise_filter(&self, search: &str) -> ExerciseFilter {
        ExerciseFilter {
            target: None,
            kind: self.exercise_kind,
            position: self.exercise_position,
            equipment: self.exercise_equipment.clone(),
            search: search.to_string(),
            in_bed: self.exercise_in_bed,
        }
    }
}

pub use super::map_view::{MAX_ZOOM, MIN_ZOOM, Navigation};

/// The right panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideTab {
    #[default]
    Lookup,
    Plan,
}

/// What waits for the answer to "save the changes first?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    New,
    Open,
    Close,
}

/// The answers to "save the changes first?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptChoice {
    Save,
    Discard,
    Cancel,
}

/// The answers to "restore unsaved work?" for one recovery copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Put its work in the window (it stays unsaved until saved).
    Restore,
    /// Rename it to a dated name in the same folder, to open later with File ▸ Open.
    KeepAside,
    /// Delete it.
    Discard,
}

/// A message the user acknowledges: why a file did not open or save, what a pack changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub summary: String,
    /// One line per problem (`file:line:col: field: message`).
    pub details: Vec<String>,
    pub error: bool,
}

/// The File menu's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileCommand {
    New,
    Open,
    Save,
    SaveAs,
    ExportHandout,
    CopyPlan,
    ExportSvg,
    ExportPng,
    LoadPack,
    UseBuiltinContent,
    Quit,
}

/// Teach mode: the story being told and the step shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Teach {
    /// What the story is about (a nerve, root, muscle or cause).
    pub subject: Item,
    pub steps: Vec<PathStep>,
    pub step: usize,
    /// What "Story of" offers: the ranked sources with a story, found once when teach mode
    /// starts (each needs its story built, too much for every frame).
    pub subjects: Vec<Item>,
}

/// The Help menu's windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpWindow {
    Shortcuts,
    About,
}

/// State of this run that panels share: the patient's session, what is traced, the open tab,
/// teach mode and the dialogs waiting for an answer.
#[derive(Clone, Debug, Default)]
pub struct UiState {
    /// The marked areas (part of the saved session).
    pub selection: Vec<SelectedArea>,
    /// Patient label, notes and chosen exercises (the rest of the saved session).
    pub plan: Plan,
    pub tab: SideTab,
    /// Teach mode, when on.
    pub teach: Option<Teach>,
    /// Waiting for "save the changes first?".
    pub prompt: Option<Pending>,
    pub notice: Option<Notice>,
    /// Unsaved work left by a run that did not end cleanly, waiting for "restore?".
    pub recovery_offer: Option<super::recovery::RecoveryOffer>,
    /// The last file operation's outcome, shown in the status bar.
    pub status: String,
    /// The traced root, nerve, muscle or cause, lit on the drawing.
    pub trace: Option<Item>,
    /// The help window open, if any.
    pub help: Option<HelpWindow>,
    /// Edits of an earlier visit waiting for "change it anyway?".
    pub visit_prompt: Option<Vec<Action>>,
    /// The earlier visit (its index and date) the user chose to change anyway: edits of it no
    /// longer ask, until another visit is shown.
    pub unlocked_visit: Option<(usize, Option<String>)>,
    /// The earlier visit compared with the one on screen (its index among all visits, 0 = the
    /// first), drawn as outlines with each area's change; see `progress_panel`.
    pub compare_with: Option<usize>,
    /// The Progress window (the verdict, the changes and the chart) is open.
    pub progress_open: bool,
}

impl UiState {
    /// Whether the area is marked.
    pub fn is_selected(&self, area: &AreaRef) -> bool {
        self.is_marked(&area.base, area.side)
    }

    /// Whether the area `base` on `side` is marked, for callers holding the drawing's ids (no
    /// [`AreaRef`] to build).
    pub fn is_marked(&self, base: &str, side: Side) -> bool {
        self.selection.iter().any(|s| s.area.side == side && s.area.base == base)
    }
}

/// A change requested by a panel, applied after the frame so that every panel of a frame sees
/// the same state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The marked areas and the trace.
    Selection(SelectionAction),
    /// The persisted view, layers, theme, variant and exercise filters.
    Setting(SettingAction),
    /// The patient's plan.
    Plan(PlanAction),
    /// Teach mode.
    Teach(TeachAction),
    /// Go back one edit of the marked areas or the plan (Ctrl+Z).
    Undo,
    /// Redo the edit last undone (Ctrl+Shift+Z, Ctrl+Y).
    Redo,
    /// "Reset zoom" (the toolbar's; the map pans and zooms its own views).
    ResetNavigation,
    ShowTab(SideTab),
    File(FileCommand),
    ResolvePrompt(PromptChoice),
    DismissNotice,
    /// The answer for the recovery copy offered (by its stem).
    ResolveRecovery(String, RecoveryChoice),
    /// Load the clinic pack an offered recovery copy needs, then offer it again.
    RecoveryLoadPack(std::path::PathBuf),
    /// Open a help window, or close it (`None`).
    ShowHelp(Option<HelpWindow>),
    /// The patient's visits: a new one, showing another, the answer to "change it anyway?".
    Visit(VisitAction),
    /// Compare the visit on screen with an earlier one (its index among all visits), or stop.
    CompareWith(Option<usize>),
    /// Open or close the Progress window.
    ShowProgress(bool),
}

/// The patient's visits (see [`crate::session::Plan`]).
#[derive(Clone, Debug, PartialEq)]
pub enum VisitAction {
    /// Start the next visit (from the previous one's areas and plan unless the setting says not).
    New,
    /// Show visit `n` (0 = the first); an earlier one is read-only until the user confirms.
    Show(usize),
    /// "Change it anyway": the edits waiting are applied and the visit stays editable.
    ConfirmChange,
    /// The edits waiting are dropped.
    CancelChange,
}

/// Changes to the marked areas and the trace; the look-up and the highlight follow them.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectionAction {
    ToggleArea(AreaRef),
    RemoveArea(AreaRef),
    SetIntensity(AreaRef, Option<u8>),
    /// Mark an area as numb or tingling (or not).
    SetNumb(AreaRef, bool),
    Clear,
    /// Trace or highlight something; `None` clears.
    SetTrace(Option<Item>),
    /// Trace the item, or clear the trace if it is already traced.
    ToggleTrace(Item),
}

/// Changes to the persisted settings.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingAction {
    SetView(ViewMode),
    SetLayers(Layers),
    SetTheme(ThemeChoice),
    SetVariant(PiriformisVariant),
    SetFigureMotion(FigureMotion),
    SetExerciseFilter {
        kind: Option<ExerciseKind>,
        position: Option<Position>,
        equipment: Option<String>,
        in_bed: bool,
    },
    /// New visits start empty (`true`) or from the previous visit.
    SetNewVisitBlank(bool),
}

/// Changes to the patient's plan.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanAction {
    /// Adds the exercise to the plan, or removes it.
    ToggleExercise(String),
    SetDosage {
        id: String,
        dosage: Option<String>,
    },
    SetNote {
        id: String,
        note: String,
    },
    MoveExercise {
        id: String,
        up: bool,
    },
    SetPatient(String),
    SetNotes(String),
    /// The answer to a red flag asked about at this visit (`None`: not asked).
    SetRedFlagAnswer {
        id: String,
        answer: Option<crate::session::Answer>,
    },
}

/// Teach mode.
#[derive(Clone, Debug, PartialEq)]
pub enum TeachAction {
    Enter,
    /// Tell the story of another candidate.
    Subject(Item),
    /// Step forward (+1) or back (-1).
    Step(isize),
    Goto(usize),
    Exit,
}
