//! Release builds of the window's binary place the functions a window's start runs together
//! (`packaging/startup-order.txt`, written by `benches/startup_order.sh`): the kernel maps code
//! 64 KiB at a time around each page touched, so start-up code spread over the binary kept most of
//! it resident (13.9 MiB of pages at the first frame, against 7.0 MiB grouped).
//!
//! Only where the linker is known to be LLD, Rust's default for `x86_64-unknown-linux-gnu` (GNU
//! ld has no such option): a build that names another linker is linked as it asks, unordered.
//!
//! Every build also fingerprints what the built-in drawing is made from (the drawing and the
//! builder's source files): the prebuilt drawing (`assets/body_map.prebuilt`) is used only when it
//! was written from the same (`geometry::prebuilt`).

use std::env;
use std::path::Path;

/// What the built-in drawing is built from: the drawing, and the source of the code that builds
/// it (a file added to the builder belongs here too; `geometry::prebuilt`'s test catches a
/// prebuilt drawing that is stale all the same).
const DRAWING_SOURCES: [&str; 6] = [
    "assets/body_map.toml",
    "src/geometry/model.rs",
    "src/geometry/path.rs",
    "src/geometry/hit.rs",
    "src/geometry/clip.rs",
    "src/geometry/vocabulary.rs",
];

fn main() {
    println!("cargo::rerun-if-changed=packaging/startup-order.txt");
    println!("cargo::rerun-if-changed=build.rs");
    let Ok(manifest_dir) = env::var("CARGO_MANIFEST_DIR") else { return };
    drawing_fingerprint(Path::new(&manifest_dir));
    let release = env::var("PROFILE").is_ok_and(|profile| profile == "release");
    let default_lld = env::var("TARGET").is_ok_and(|target| target == "x86_64-unknown-linux-gnu");
    let rustflags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let other_linker = env::var_os("RUSTC_LINKER").is_some()
        || ["linker", "fuse-ld", "link-self-contained"].iter().any(|flag| rustflags.contains(flag));
    let order = Path::new(&manifest_dir).join("packaging").join("startup-order.txt");
    if release && default_lld && !other_linker && order.is_file() {
        println!("cargo::rustc-link-arg-bin=sciatica-explorer=-Wl,--symbol-ordering-file={}", order.display());
        // Names the start no longer runs (renamed, or from other dependency versions) only lose
        // their place; they are not errors.
        println!("cargo::rustc-link-arg-bin=sciatica-explorer=-Wl,--no-warn-symbol-ordering");
        println!("cargo::rerun-if-changed=Cargo.lock");
        if let Some(why) = stale(&order, &Path::new(&manifest_dir).join("Cargo.lock")) {
            println!(
                "cargo::warning=packaging/startup-order.txt is stale ({why}): its names no longer \
                 match, and the start's code is spread out again; run benches/startup_order.sh \
                 and build again (README, Performance)"
            );
        }
    }
}

/// Hands the compiler the FNV-1a hash of the drawing's sources (carriage returns left out, so a
/// checkout with Windows line endings hashes alike) as `SCIATICA_DRAWING_SOURCE_HASH`.
fn drawing_fingerprint(manifest_dir: &Path) {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in DRAWING_SOURCES {
        println!("cargo::rerun-if-changed={file}");
        // A file that cannot be read hashes as missing: the prebuilt drawing then goes unused.
        let bytes = std::fs::read(manifest_dir.join(file)).unwrap_or_default();
        for byte in file.bytes().chain([0]).chain(bytes.into_iter().filter(|&b| b != b'\r')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo::rustc-env=SCIATICA_DRAWING_SOURCE_HASH={hash:016x}");
}

/// Why the ordering was written for another build (symbol names carry hashes of the compiler and
/// the dependencies): its header's compiler or Cargo.lock checksum differs from this build's.
fn stale(order: &Path, lock: &Path) -> Option<String> {
    let header = std::fs::read_to_string(order).ok()?;
    let field = |name: &str| header.lines().find_map(|line| line.strip_prefix(name)).map(str::trim).map(String::from);
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let version = std::process::Command::new(rustc).arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    if field("# rustc: ").as_deref() != Some(version.as_str()) {
        return Some(format!("written with another compiler than {version}"));
    }
    let lock = std::fs::read(lock).ok()?;
    let checksum = format!("{} {}", posix_cksum(&lock), lock.len());
    if field("# Cargo.lock cksum: ").as_deref() != Some(checksum.as_str()) {
        return Some("written for other dependencies (Cargo.lock changed)".to_string());
    }
    None
}

/// The checksum POSIX `cksum` prints: CRC-32 (polynomial 0x04C11DB7, most significant bit first)
/// over the bytes and then the length's bytes, least significant first, complemented.
fn posix_cksum(data: &[u8]) -> u32 {
    let mut crc: u32 = 0;
    let mut feed = |byte: u8| {
        crc ^= u32::from(byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04C1_1DB7 } else { crc << 1 };
        }
    };
    data.iter().for_each(|&byte| feed(byte));
    let mut length = data.len();
    while length > 0 {
        feed((length & 0xff) as u8);
        length >>= 8;
    }
    !crc
}
