//! Release builds of the window's binary place the functions a window's start runs together
//! (`packaging/startup-order.txt`, written by `benches/startup_order.sh`): the kernel maps code
//! 64 KiB at a time around each page touched, so start-up code spread over the binary kept most of
//! it resident (13.9 MiB of pages at the first frame, against 7.0 MiB grouped).
//!
//! Only where the linker is known to be LLD, Rust's default for `x86_64-unknown-linux-gnu` (GNU
//! ld has no such option): a build that names another linker is linked as it asks, unordered.

use std::env;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=packaging/startup-order.txt");
    println!("cargo::rerun-if-changed=build.rs");
    let release = env::var("PROFILE").is_ok_and(|profile| profile == "release");
    let default_lld = env::var("TARGET").is_ok_and(|target| target == "x86_64-unknown-linux-gnu");
    let rustflags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let other_linker = env::var_os("RUSTC_LINKER").is_some()
        || ["linker", "fuse-ld", "link-self-contained"].iter().any(|flag| rustflags.contains(flag));
    let Ok(manifest_dir) = env::var("CARGO_MANIFEST_DIR") else { return };
    let order = Path::new(&manifest_dir).join("packaging").join("startup-order.txt");
    if release && default_lld && !other_linker && order.is_file() {
        println!("cargo::rustc-link-arg-bin=sciatica-explorer=-Wl,--symbol-ordering-file={}", order.display());
        // Names the start no longer runs (renamed, or from other dependency versions) only lose
        // their place; they are not errors.
        println!("cargo::rustc-link-arg-bin=sciatica-explorer=-Wl,--no-warn-symbol-ordering");
    }
}
