//! The window's state, split into what persists between runs ([`Settings`]) and what lives only
//! for this run ([`Session`]), and the [`Action`]s panels return to change them.

use serde::{Deserialize, Serialize};

use crate::export::session::Plan;
use crate::geometry::PiriformisVariant;
use crate::knowledge::{ExerciseKind, Position, View};
use crate::lookup::{AreaRef, ExerciseFilter, SelectedArea};
use crate::pathway::{Focus, PathStep};

/// Which views the body map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    Posterior,
    Anterior,
    #[default]
    Both,
}

impl ViewMode {
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

/// The drawing's layers: the one layer model of the geometry, by the name the window's code
/// used before it moved there (the stored settings' JSON is the same).
pub type LayerToggles = Layers;

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
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
    /// The clinic pack last loaded from the window, loaded again at start.
    pub clinic_pack: Option<std::path::PathBuf>,
    /// Where the last session was opened or saved, to start the next dialog there.
    pub last_directory: Option<std::path::PathBuf>,
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

/// Pan and zoom of one view, relative to fitting the view in its rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Navigation {
    pub zoom: f32,
    pub pan: egui::Vec2,
}

impl Default for Navigation {
    fn default() -> Self {
        Navigation { zoom: 1.0, pan: egui::Vec2::ZERO }
    }
}

/// Zoom limits relative to the fitted view.
pub const MIN_ZOOM: f32 = 0.5;
pub const MAX_ZOOM: f32 = 8.0;

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
    pub subject: Focus,
    pub steps: Vec<PathStep>,
    pub step: usize,
    /// What "Story of" offers: the ranked sources with a story, found once when teach mode
    /// starts (each needs its story built, too much for every frame).
    pub subjects: Vec<Focus>,
}

/// State of this run: the patient's session and what is traced, hovered and typed.
#[derive(Clone, Debug, Default)]
pub struct Session {
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
    /// The traced or highlighted root, nerve, muscle or cause.
    pub focus: Option<Focus>,
    pub hovered_area: Option<AreaRef>,
    pub hovered_nerve: Option<String>,
    pub navigation: [Navigation; 2],
    pub exercise_search: String,
    /// Show every candidate instead of the top ones.
    pub show_all_candidates: bool,
    /// Show every exercise card instead of the top ones.
    pub show_all_exercises: bool,
    /// Ignore the pointer for hover effects (screenshots: the pointer is wherever the display left it).
    pub ignore_pointer: bool,
}

impl Session {
    pub fn navigation(&self, view: View) -> Navigation {
        self.navigation[view_index(view)]
    }

    pub fn navigation_mut(&mut self, view: View) -> &mut Navigation {
        &mut self.navigation[view_index(view)]
    }

    pub fn is_selected(&self, area: &AreaRef) -> bool {
        self.selection.iter().any(|s| &s.area == area)
    }
}

fn view_index(view: View) -> usize {
    match view {
        View::Posterior => 0,
        View::Anterior => 1,
    }
}

/// A change requested by a panel, applied after the frame so that every panel of a frame sees
/// the same state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    ToggleArea(AreaRef),
    /// What the pointer is over on the body map.
    SetHover {
        area: Option<AreaRef>,
        nerve: Option<String>,
    },
    RemoveArea(AreaRef),
    SetIntensity(AreaRef, Option<u8>),
    /// Mark an area as numb or tingling (or not).
    SetNumb(AreaRef, bool),
    ClearSelection,
    /// Trace or highlight something; `None` clears.
    SetFocus(Option<Focus>),
    /// Focus the item, or clear the focus if it is already the focus.
    ToggleFocus(Focus),
    SetView(ViewMode),
    SetLayers(Layers),
    SetTheme(ThemeChoice),
    SetVariant(PiriformisVariant),
    /// Zoom a view by `factor` about `anchor` (relative to the view rect's centre), then pan.
    Navigate {
        view: View,
        factor: f32,
        anchor: egui::Vec2,
        pan: egui::Vec2,
    },
    ResetNavigation,
    SetExerciseFilter {
        kind: Option<ExerciseKind>,
        position: Option<Position>,
        equipment: Option<String>,
        in_bed: bool,
    },
    SetExerciseSearch(String),
    ShowAllCandidates(bool),
    ShowAllExercises(bool),
    /// Adds the exercise to the patient's plan, or removes it.
    TogglePlanExercise(String),
    SetPlanDosage {
        id: String,
        dosage: Option<String>,
    },
    SetPlanNote {
        id: String,
        note: String,
    },
    MovePlanExercise {
        id: String,
        up: bool,
    },
    SetPatient(String),
    SetNotes(String),
    ShowTab(SideTab),
    File(FileCommand),
    ResolvePrompt(PromptChoice),
    DismissNotice,
    /// The answer for the recovery copy offered (by its stem).
    ResolveRecovery(String, RecoveryChoice),
    /// Load the clinic pack an offered recovery copy needs, then offer it again.
    RecoveryLoadPack(std::path::PathBuf),
    EnterTeach,
    /// Tell the story of another candidate.
    TeachSubject(Focus),
    /// Step forward (+1) or back (-1).
    TeachStep(isize),
    TeachGoto(usize),
    ExitTeach,
}
