//! What eframe keeps between runs besides [`super::Settings`]: egui's own memory (the interface
//! zoom, panel widths, scroll offsets) and the window's size. The stored file is the user's to
//! damage: a zoom of 0, NaN or 100 made every start panic before the first frame. So the window
//! restores egui's memory itself, keeping only the zoom (clamped) and widget state whose numbers
//! are all finite and of a sane size; everything else starts fresh.

use serde::Deserialize;

/// eframe's key for egui's memory.
pub const EGUI_MEMORY_KEY: &str = "egui";
/// eframe's key for the window's position and size.
pub const WINDOW_KEY: &str = "window";

/// The interface zoom's range (egui's own for Ctrl +/−).
pub const MIN_ZOOM_FACTOR: f32 = 0.2;
pub const MAX_ZOOM_FACTOR: f32 = 5.0;

/// A stored value larger than this is not ours (or is damaged): it is ignored unread.
const MAX_STORED_CHARS: usize = 4 * 1024 * 1024;

/// No coordinate, width or offset of a window on any screen is this large.
const MAX_SANE_NUMBER: f64 = 1.0e6;

/// The stored zoom, clamped to what egui itself allows; 1 when it is not a number.
pub fn sane_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() { zoom.clamp(MIN_ZOOM_FACTOR, MAX_ZOOM_FACTOR) } else { 1.0 }
}

/// egui's memory as stored, made safe: a fresh memory with the stored zoom (clamped) and, when
/// every number in it is finite and sane, the stored widget state (panel widths, scroll offsets,
/// open sections). Window positions and layer transforms always start fresh.
pub fn egui_memory(storage: Option<&dyn eframe::Storage>) -> egui::Memory {
    let mut memory = egui::Memory::default();
    let Some(storage) = storage else { return memory };
    let Some(text) = storage.get_string(EGUI_MEMORY_KEY) else { return memory };
    if text.len() > MAX_STORED_CHARS {
        return memory;
    }
    // A value that does not parse is ignored, as eframe would.
    let Some(stored) = eframe::get_value::<egui::Memory>(storage, EGUI_MEMORY_KEY) else { return memory };
    memory.options.zoom_factor = sane_zoom(stored.options.zoom_factor);
    if numbers_are_sane(&text) {
        memory.data = stored.data;
    }
    memory
}

/// The window's stored inner size in points, when it is a sane one.
pub fn window_size(storage: Option<&dyn eframe::Storage>) -> Option<egui::Vec2> {
    #[derive(Deserialize)]
    struct Window {
        normal_geometry: Geometry,
    }
    #[derive(Deserialize)]
    struct Geometry {
        inner_size_points: egui::Vec2,
    }
    let storage = storage?;
    if storage.get_string(WINDOW_KEY)?.len() > MAX_STORED_CHARS {
        return None;
    }
    let size = eframe::get_value::<Window>(storage, WINDOW_KEY)?.normal_geometry.inner_size_points;
    let range = 64.0..=super::screenshot::MAX_SIZE;
    (range.contains(&size.x) && range.contains(&size.y)).then_some(size)
}

/// Whether every number written as a float in the RON text (`1.5`, `NaN`, `inf`) is finite and
/// at most [`MAX_SANE_NUMBER`] in size. Whole numbers are ids and counts, not checked.
pub fn numbers_are_sane(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')))
        .filter(|token| !token.is_empty())
        .all(|token| {
            let bare = token.trim_start_matches(['-', '+']);
            if bare.eq_ignore_ascii_case("nan")
                || bare.eq_ignore_ascii_case("inf")
                || bare.eq_ignore_ascii_case("infinity")
            {
                return false;
            }
            if !token.contains('.') {
                return true;
            }
            token.parse::<f64>().map_or(true, |v| v.is_finite() && v.abs() <= MAX_SANE_NUMBER)
        })
}

/// Puts the stored zoom and widget state, made safe, into a context the window starts with
/// (before its first frame); whatever else the context holds is left as eframe set it.
pub fn restore(ctx: &egui::Context, storage: Option<&dyn eframe::Storage>) {
    let memory = egui_memory(storage);
    ctx.memory_mut(|m| {
        m.options.zoom_factor = memory.options.zoom_factor;
        m.data = memory.data;
    });
}

/// eframe's stored file, read for a look before eframe reads it: the window's loader takes the
/// settings and widget state the first frame will have from it (see [`super::rehearsal`]).
/// Read-only: what is set on it is dropped, and eframe alone writes the file.
#[derive(Default)]
pub struct StoredFile(std::collections::HashMap<String, String>);

impl StoredFile {
    /// The file at `path` as eframe reads it; empty when there is none, or it is too large or
    /// does not parse (eframe then starts afresh too).
    pub fn read(path: &std::path::Path) -> Self {
        // Too large is judged from the file's size, before reading it.
        let too_large = std::fs::metadata(path).map_or(true, |m| m.len() > 4 * MAX_STORED_CHARS as u64);
        if too_large {
            return Self::default();
        }
        let Ok(text) = std::fs::read_to_string(path) else { return Self::default() };
        Self(ron::from_str(&text).unwrap_or_default())
    }
}

impl eframe::Storage for StoredFile {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, _key: &str, _value: String) {}
    fn remove_string(&mut self, _key: &str) {}
    fn flush(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_file_is_read_as_eframe_writes_it_and_a_damaged_or_missing_one_is_empty() {
        use eframe::Storage as _;
        let dir = std::env::temp_dir().join(format!("sciatica-stored-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("app.ron");
        let values: std::collections::HashMap<String, String> =
            [("window".to_string(), "(x: 1)".to_string()), ("egui".to_string(), "()".to_string())].into();
        std::fs::write(&path, ron::to_string(&values).expect("RON")).expect("a stored file");
        let mut file = StoredFile::read(&path);
        assert_eq!(file.get_string("window").as_deref(), Some("(x: 1)"));
        assert_eq!(file.get_string("egui").as_deref(), Some("()"));
        // Read-only: eframe alone writes the file.
        file.set_string("window", "changed".to_string());
        file.flush();
        assert_eq!(file.get_string("window").as_deref(), Some("(x: 1)"));
        assert_eq!(StoredFile::read(&path).get_string("window").as_deref(), Some("(x: 1)"));
        std::fs::write(&path, "{\"window\": (x: 1").expect("a damaged file");
        assert_eq!(StoredFile::read(&path).get_string("window"), None);
        assert_eq!(StoredFile::read(&dir.join("none.ron")).get_string("window"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_zoom_is_clamped_and_a_non_number_is_one() {
        assert_eq!(sane_zoom(0.0), MIN_ZOOM_FACTOR);
        assert_eq!(sane_zoom(-3.0), MIN_ZOOM_FACTOR);
        assert_eq!(sane_zoom(100.0), MAX_ZOOM_FACTOR);
        assert_eq!(sane_zoom(f32::NAN), 1.0);
        assert_eq!(sane_zoom(f32::INFINITY), 1.0);
        assert_eq!(sane_zoom(1.25), 1.25);
    }

    #[derive(Default)]
    struct Memory(std::collections::HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn the_stored_window_size_is_read_when_sane() {
        let window = |x: &str, y: &str| {
            format!(
                "(normal_geometry:(outer_position_pixels:Some((x:10.0,y:20.0)),scale_factor:1.0,inner_size_points:(x:{x},y:{y})),fullscreen:false,maximized:true)"
            )
        };
        let mut storage = Memory::default();
        storage.0.insert(WINDOW_KEY.to_string(), window("1200.0", "800.0"));
        assert_eq!(window_size(Some(&storage)), Some(egui::vec2(1200.0, 800.0)));
        for (x, y) in [("NaN", "800.0"), ("1200.0", "inf"), ("10.0", "800.0"), ("90000.0", "800.0"), ("1200", "oops")] {
            storage.0.insert(WINDOW_KEY.to_string(), window(x, y));
            assert_eq!(window_size(Some(&storage)), None, "{x} x {y}");
        }
        assert_eq!(window_size(None), None);
    }

    #[test]
    fn numbers_that_no_window_has_are_found() {
        assert!(numbers_are_sane(
            "(zoom_factor:1.0,data:{1234567890123456789:(\"(outer_rect:(min:(x:0.0,y:-10.5)))\")})"
        ));
        for bad in [
            "(x:NaN)",
            "(x:inf)",
            "(x:-inf)",
            "(x:1000000000000000000000.0)",
            "(x:-300000000000000000000000000000000000000.0)",
            "\"(y:NaN)\"",
        ] {
            assert!(!numbers_are_sane(bad), "{bad}");
        }
    }
}
