//! All integration tests in one crate, so eframe and the app link once instead of once per file.
//! Each module is one area of behaviour; `common` holds the helpers they share.

mod common;

mod architecture;
mod art;
mod cli;
mod clinical_content;
mod compare_window;
mod consistency;
mod data_pack;
mod display;
mod editing;
#[cfg(unix)]
mod figure_cards;
mod figures;
mod files;
mod framing;
mod fuzz_files;
mod geometry;
mod handout;
mod install;
mod keyboard;
mod labels;
mod lookup_cases;
mod lookup_props;
mod notes_data;
mod pack_safety;
mod readable_output;
mod screenshot;
mod session;
mod ui;
mod ui_random;
mod variant;
mod visits;
mod visits_window;
mod window_args;
mod window_props;
mod window_recovery;
mod window_ux;
mod workflow;
