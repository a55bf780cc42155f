//! `--screenshot FILE.png`: open the window with the given view, selection, layers, size and
//! theme, render it, save the PNG and exit.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::state::{LayerToggles, Settings, SkinMap, ThemeChoice, ViewMode};
use super::ExplorerApp;
use crate::cli::{LayerArg, ThemeArg, ViewArg, WindowArgs};
use crate::geometry::BodyMap;
use crate::knowledge::KnowledgeBase;
use crate::lookup::Selection;

/// Frames to run before capturing, so fonts, layout and first-frame sizing have settled.
const SETTLE_FRAMES: u32 = 5;

type Outcome = Arc<Mutex<Option<Result<(), String>>>>;

/// A pending screenshot: counts frames, requests the capture, closes the window when saved.
pub struct Job {
    path: PathBuf,
    frames: u32,
    requested: bool,
    outcome: Outcome,
}

impl Job {
    fn new(path: &Path) -> (Job, Outcome) {
        let outcome: Outcome = Arc::new(Mutex::new(None));
        (Job { path: path.to_path_buf(), frames: 0, requested: false, outcome: outcome.clone() }, outcome)
    }

    /// Called at the end of every frame.
    pub fn step(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        if !self.requested && self.frames >= SETTLE_FRAMES {
            self.requested = true;
            let path = self.path.clone();
            let outcome = self.outcome.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let saved = save_png(&path, &image);
                if let Ok(mut slot) = outcome.lock() {
                    *slot = Some(saved);
                }
                repaint.request_repaint();
            });
        }
        let done = self.outcome.lock().map(|o| o.is_some()).unwrap_or(true);
        if done {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            ctx.request_repaint();
        }
    }
}

/// Writes an egui image as an RGBA PNG (atomically: a failed write leaves any old file).
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let bytes = encode_png(image)?;
    crate::export::write_atomic(path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// An egui image as RGBA PNG bytes.
pub fn encode_png(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [width, height] = image.size;
    let mut bytes = Vec::with_capacity(width * height * 4);
    for pixel in &image.pixels {
        bytes.extend_from_slice(&pixel.to_srgba_unmultiplied());
    }
    let (w, h) = (u32::try_from(width).map_err(|e| e.to_string())?, u32::try_from(height).map_err(|e| e.to_string())?);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| format!("cannot encode the PNG: {e}"))?;
    writer.write_image_data(&bytes).map_err(|e| format!("cannot encode the PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(out)
}

/// Parses `1600x1000`.
pub fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| format!("size `{text}` must look like 1600x1000"))?;
    let w: f32 = w.trim().parse().map_err(|_| format!("width in `{text}` is not a number"))?;
    let h: f32 = h.trim().parse().map_err(|_| format!("height in `{text}` is not a number"))?;
    if !(320.0..=8000.0).contains(&w) || !(240.0..=8000.0).contains(&h) {
        return Err(format!("size `{text}` is out of range (320x240 to 8000x8000)"));
    }
    Ok([w, h])
}

/// The settings a window started with these arguments shows.
pub fn settings_from_args(args: &WindowArgs) -> Settings {
    let mut settings = Settings::default();
    if let Some(view) = args.view {
        settings.view = match view {
            ViewArg::Posterior => ViewMode::Posterior,
            ViewArg::Anterior => ViewMode::Anterior,
            ViewArg::Both => ViewMode::Both,
        };
    }
    if let Some(theme) = args.theme {
        settings.theme = match theme {
            ThemeArg::Light => ThemeChoice::Light,
            ThemeArg::Dark => ThemeChoice::Dark,
        };
    }
    if !args.layers.is_empty() {
        let has = |l: LayerArg| args.layers.contains(&l);
        settings.layers = LayerToggles {
            bones: has(LayerArg::Bones),
            muscles: has(LayerArg::Muscles),
            nerves: has(LayerArg::Nerves),
            skin: if has(LayerArg::Cutaneous) {
                SkinMap::Cutaneous
            } else if has(LayerArg::Dermatomes) {
                SkinMap::Dermatomes
            } else {
                SkinMap::None
            },
            labels: has(LayerArg::Labels),
            legend: has(LayerArg::Legend),
        };
    }
    settings
}

/// Parses `kind:id` (`nerve:sural`, `root:L5` …) against the knowledge base.
pub fn parse_focus(kb: &KnowledgeBase, text: &str) -> Result<crate::pathway::Focus, String> {
    use crate::knowledge::LinkKind;
    let (kind, id) = text.split_once(':').ok_or_else(|| format!("trace `{text}` must look like nerve:sural or root:L5"))?;
    let kind = match kind {
        "root" => LinkKind::Root,
        "nerve" => LinkKind::Nerve,
        "muscle" => LinkKind::Muscle,
        "entrapment" => LinkKind::Entrapment,
        "cause" => LinkKind::Cause,
        other => return Err(format!("unknown kind `{other}` in `{text}`: root, nerve, muscle, entrapment or cause")),
    };
    let known = match kind {
        LinkKind::Root => kb.root(id).is_some(),
        LinkKind::Nerve => kb.nerve(id).is_some(),
        LinkKind::Muscle => kb.muscle(id).is_some(),
        LinkKind::Entrapment | LinkKind::Cause => kb.cause(id).is_some(),
    };
    if known { Ok(crate::pathway::Focus::new(kind, id)) } else { Err(format!("unknown {} `{id}`", kind.as_str())) }
}

/// Runs the screenshot mode; returns the exit code.
pub fn run(kb: Arc<KnowledgeBase>, map: &'static BodyMap, args: &WindowArgs, path: &Path, pack: Option<PathBuf>) -> i32 {
    let size = match args.size.as_deref().map(parse_size).unwrap_or(Ok([1600.0, 1000.0])) {
        Ok(size) => size,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::cli::EXIT_USAGE;
        }
    };
    let selection = match Selection::parse_args(&kb, &args.select) {
        Ok(selection) => selection,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::cli::EXIT_USAGE;
        }
    };
    let settings = settings_from_args(args);
    let focus = match args.trace.as_deref().map(|t| parse_focus(&kb, t)).transpose() {
        Ok(focus) => focus,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::cli::EXIT_USAGE;
        }
    };
    let (job, outcome) = Job::new(path);
    let open = args.open.clone();
    let teach = args.teach;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_title("Sciatica Explorer").with_inner_size(size).with_resizable(false),
        persist_window: false,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Sciatica Explorer (screenshot)",
        options,
        Box::new(move |_cc| {
            let mut app = ExplorerApp::new(kb, map, settings).with_screenshot(job).with_pack(pack);
            app.select(selection.areas);
            if let Some(session) = &open {
                app.open_path(session);
            }
            if teach {
                app.apply(super::Action::EnterTeach);
            }
            if focus.is_some() {
                app.apply(super::Action::SetFocus(focus));
            }
            Ok(Box::new(app))
        }),
    );
    if let Err(e) = result {
        eprintln!("error: could not open the window: {e}");
        return 1;
    }
    match outcome.lock().map(|o| o.clone()) {
        Ok(Some(Ok(()))) => {
            println!("saved {}", path.display());
            0
        }
        Ok(Some(Err(e))) => {
            eprintln!("error: {e}");
            1
        }
        _ => {
            eprintln!("error: the window closed before the screenshot was taken");
            1
        }
    }
}
