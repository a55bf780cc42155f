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

/// The allocator of the window, the CLI, the tests and the benches alike. glibc's malloc handed the
/// megabyte-sized buffers every frame allocates and frees (the drawing's meshes, copied into the
/// frame's output by egui's tessellator) back to the kernel at each free and faulted them in
/// again on the next frame: depending on where they fell in the heap, a frame took up to three
/// times as long (see benches/HISTORY.md, session 8). jemalloc keeps freed pages for seconds.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
