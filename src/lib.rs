//! Sciatica Explorer: the knowledge base, the pain-site look-up, the body-map geometry and the
//! explorer window. The window, the CLI, the handout and the tests all call the same look-up.

pub mod app;
pub mod cli;
pub mod export;
pub mod figures;
pub mod geometry;
pub mod install;
pub mod knowledge;
pub mod lookup;
pub mod pathway;
pub mod progress;
pub mod report;
pub mod session;
pub mod text;
