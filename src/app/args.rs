//! The window's command-line options and the process exit codes. They belong to the app: the
//! command line parses them and hands them over, so the app does not depend on the command line
//! (`tests/it/architecture.rs` checks that no app module names it).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::state::{ThemeChoice, ViewMode};
use crate::geometry::{Layers, SkinMap};

/// Exit code for success.
pub const EXIT_OK: i32 = 0;

/// Exit code for a failure that is not the user's input (the window did not open, a write failed).
pub const EXIT_FAILURE: i32 = 1;

/// Exit code for bad input (unknown area, bad pack given with --data).
pub const EXIT_USAGE: i32 = 2;

/// Options of the window (no subcommand).
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// Render the window to this PNG and exit (works under Xvfb).
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,
    /// View to show.
    #[arg(long, value_enum)]
    pub view: Option<ViewMode>,
    /// Pain areas to select, e.g. `left.buttock@7 saddle`.
    #[arg(long, num_args = 1.., value_name = "AREA[@INTENSITY]")]
    pub select: Vec<String>,
    /// Layers to show (default: the stored layers; at first bones, muscles, nerves, labels and legend).
    #[arg(long, num_args = 1.., value_enum)]
    pub layers: Vec<LayerToggle>,
    /// Window size in logical points, e.g. 1600x1000.
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// Colour theme.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeChoice>,
    /// Course of the sciatic nerve at the piriformis: below, divided_through, divided_above or whole_through.
    #[arg(long, value_name = "COURSE", value_parser = parse_variant)]
    pub variant: Option<crate::geometry::PiriformisVariant>,
    /// Trace a pathway, e.g. `nerve:sural`, `root:L5`, `muscle:piriformis`, `entrapment:piriformis_syndrome`.
    #[arg(long, value_name = "KIND:ID")]
    pub trace: Option<String>,
    /// Open this session file in the window.
    #[arg(long, value_name = "SESSION.json")]
    pub open: Option<PathBuf>,
    /// Start in teach mode (the pathway of the selection, step by step, in large type).
    #[arg(long)]
    pub teach: bool,
    /// With --open: compare the latest visit with an earlier one on the drawing, given by its
    /// number (1 = the first) or date (YYYY-MM-DD).
    #[arg(long, value_name = "N|DATE", requires = "open")]
    pub compare_with: Option<String>,
    /// Open the Progress window: the verdict, the changes and the chart over the visits.
    #[arg(long)]
    pub progress: bool,
    /// Exit as soon as the first frame has been shown (for measuring cold start).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
}

/// `--variant`: a piriformis variant by name (`divided_through`; `divided-through` too).
fn parse_variant(text: &str) -> Result<crate::geometry::PiriformisVariant, String> {
    use crate::geometry::PiriformisVariant;
    PiriformisVariant::from_name(text).ok_or_else(|| {
        let names: Vec<_> = PiriformisVariant::ALL.iter().map(|v| v.as_str()).collect();
        format!("unknown course `{text}`: use one of {}", names.join(", "))
    })
}

/// One `--layers` value: a layer of [`Layers`], the one layer model, turned on.
///
/// The variants' names are what the command line accepts (no doc comments on them: `--help`
/// would list them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayerToggle {
    Bones,
    Muscles,
    Nerves,
    Dermatomes,
    Cutaneous,
    Labels,
    Legend,
}

impl LayerToggle {
    /// The layers a `--layers` list turns on; the others are off. One skin map shows at a
    /// time: cutaneous wins over dermatomes.
    pub fn layers(toggles: &[LayerToggle]) -> Layers {
        let has = |toggle: LayerToggle| toggles.contains(&toggle);
        Layers {
            bones: has(LayerToggle::Bones),
            muscles: has(LayerToggle::Muscles),
            nerves: has(LayerToggle::Nerves),
            skin: if has(LayerToggle::Cutaneous) {
                SkinMap::Cutaneous
            } else if has(LayerToggle::Dermatomes) {
                SkinMap::Dermatomes
            } else {
                SkinMap::None
            },
            labels: has(LayerToggle::Labels),
            legend: has(LayerToggle::Legend),
        }
    }
}
