//! The window's command-line options and the process exit codes. They belong to the app: the
//! command line ([`crate::cli`]) parses them and hands them over, so the app does not depend on
//! the command line.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

// The layer flags stay with the command line until the layer models are unified.
use crate::cli::LayerArg;

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
    pub view: Option<ViewArg>,
    /// Pain areas to select, e.g. `left.buttock@7 saddle`.
    #[arg(long, num_args = 1.., value_name = "AREA[@INTENSITY]")]
    pub select: Vec<String>,
    /// Layers to show (default: all but cutaneous territories).
    #[arg(long, num_args = 1.., value_enum)]
    pub layers: Vec<LayerArg>,
    /// Window size in logical points, e.g. 1600x1000.
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// Colour theme.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
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

/// `--view`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    Posterior,
    Anterior,
    Both,
}

/// `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}
