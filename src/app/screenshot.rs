//! `--screenshot FILE.png`: open the window with the given view, selection, layers, size,
//! theme and piriformis variant, render it, save the PNG and exit.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::ExplorerApp;
use super::args::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE, LayerToggle, WindowArgs};
use super::state::{SelectionAction, Settings, TeachAction};
use crate::geometry::BodyMap;
use crate::knowledge::KnowledgeBase;
use crate::lookup::Selection;
use crate::pathway::Item;

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

/// The largest `--size`, per side: a window (and a screenshot) larger than the screen is
/// shrunk to it by the window system, so a larger size could not be honoured.
pub const MAX_SIZE: f32 = 4096.0;

/// Parses `1600x1000` (320x240 to 4096x4096).
pub fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| format!("size `{text}` must look like 1600x1000"))?;
    let w: f32 = w.trim().parse().map_err(|_| format!("width in `{text}` is not a number"))?;
    let h: f32 = h.trim().parse().map_err(|_| format!("height in `{text}` is not a number"))?;
    if !(320.0..=MAX_SIZE).contains(&w) || !(240.0..=MAX_SIZE).contains(&h) {
        return Err(format!("size `{text}` is out of range (320x240 to {MAX_SIZE}x{MAX_SIZE})"));
    }
    Ok([w, h])
}

/// `--open FILE` must name a regular file: a missing file is a bad argument (exit 2 before any
/// window opens), and a named pipe or device is never read (it could block for ever).
fn check_open_path(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) if meta.is_dir() => Err(format!("--open {}: is a folder, not a session file", path.display())),
        Ok(_) => Err(format!("--open {}: not a regular file (a pipe or a device?), so it is not read", path.display())),
        Err(e) => Err(format!("--open {}: cannot open: {e}", path.display())),
    }
}

/// The settings a window started with these arguments shows.
pub fn settings_from_args(args: &WindowArgs) -> Settings {
    let mut settings = Settings::default();
    apply_args(&mut settings, args);
    settings
}

/// Overrides `settings` with what the arguments name (view, theme, piriformis variant, layers);
/// the rest is kept.
pub fn apply_args(settings: &mut Settings, args: &WindowArgs) {
    if let Some(view) = args.view {
        settings.view = view;
    }
    if let Some(theme) = args.theme {
        settings.theme = theme;
    }
    if let Some(variant) = args.variant {
        settings.variant = variant;
    }
    if !args.layers.is_empty() {
        settings.layers = LayerToggle::layers(&args.layers);
    }
}

/// Parses `--trace kind:id` (`nerve:sural`, `root:L5` …) against the knowledge base.
pub fn parse_trace(kb: &KnowledgeBase, text: &str) -> Result<Item, String> {
    let (kind, id) =
        text.split_once(':').ok_or_else(|| format!("trace `{text}` must look like nerve:sural or root:L5"))?;
    let (item, known) = match kind {
        "root" => (Item::Root(id.to_string()), kb.root(id).is_some()),
        "nerve" => (Item::Nerve(id.to_string()), kb.nerve(id).is_some()),
        "muscle" => (Item::Muscle(id.to_string()), kb.muscle(id).is_some()),
        // An entrapment site is a cause of kind `entrapment`: either word finds it.
        "entrapment" | "cause" => (Item::Cause(id.to_string()), kb.cause(id).is_some()),
        other => return Err(format!("unknown kind `{other}` in `{text}`: root, nerve, muscle, entrapment or cause")),
    };
    if known { Ok(item) } else { Err(format!("unknown {kind} `{id}`")) }
}

/// What the window arguments ask of a starting window, checked against the knowledge.
pub struct StartArgs {
    /// `--size`, in logical points.
    pub size: Option<[f32; 2]>,
    /// `--select`.
    pub selection: Selection,
    /// `--trace`.
    pub trace: Option<Item>,
    /// `--open`.
    pub open: Option<PathBuf>,
    /// `--teach`.
    pub teach: bool,
    /// `--compare-with`: an earlier visit's number or date.
    pub compare_with: Option<String>,
    /// `--progress`.
    pub progress: bool,
}

impl StartArgs {
    /// The checks that need no knowledge, made before the window opens: `--open` names a
    /// regular file and `--size` parses (returned); the message names the bad argument.
    pub fn check_without_knowledge(args: &WindowArgs) -> Result<Option<[f32; 2]>, String> {
        if let Some(path) = &args.open {
            check_open_path(path)?;
        }
        args.size.as_deref().map(parse_size).transpose()
    }

    /// Parses `--size`, `--select` and `--trace`, and checks that `--open` names a regular file;
    /// the message names the bad argument.
    pub fn parse(kb: &KnowledgeBase, args: &WindowArgs) -> Result<StartArgs, String> {
        let size = Self::check_without_knowledge(args)?;
        Ok(StartArgs {
            size,
            selection: Selection::parse_args(kb, &args.select).map_err(|e| e.to_string())?,
            trace: args.trace.as_deref().map(|t| parse_trace(kb, t)).transpose()?,
            open: args.open.clone(),
            teach: args.teach,
            compare_with: args.compare_with.clone(),
            progress: args.progress,
        })
    }

    /// Opens the session, selects the areas, starts teach mode and traces the pathway asked for,
    /// in that order (the selection amends an opened session; teach mode tells its story).
    pub fn apply_to(self, app: &mut ExplorerApp) {
        if let Some(path) = &self.open {
            app.open_path(path);
        }
        if !self.selection.areas.is_empty() {
            app.select(self.selection.areas);
        }
        if self.teach {
            app.apply(super::Action::Teach(TeachAction::Enter));
        }
        if self.trace.is_some() {
            app.apply(super::Action::Selection(SelectionAction::SetTrace(self.trace)));
        }
        if let Some(which) = &self.compare_with
            && let Err(e) = app.compare_with_visit(which)
        {
            app.ui_state.status = format!("Not compared: {e}");
        }
        if self.progress {
            app.apply(super::Action::ShowProgress(true));
        }
    }

    /// [`StartArgs::apply_to`] for the window: the session is read in the background (the
    /// window shows "Loading …"), then the rest is applied over it.
    pub(super) fn apply_deferred(mut self, app: &mut ExplorerApp) {
        if let Some(path) = self.open.take() {
            let job = super::background::Job::session(Arc::clone(&app.kb), path, &app.waker);
            app.start_job(job);
            app.pending_start = Some(self);
            return;
        }
        self.apply_to(app);
    }
}

/// Runs the screenshot mode; returns the exit code.
pub fn run(kb: Arc<KnowledgeBase>, map: Arc<BodyMap>, args: &WindowArgs, path: &Path, pack: Option<PathBuf>) -> i32 {
    let mut start = match StartArgs::parse(&kb, args) {
        Ok(start) => start,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    // A session that does not open is a bad argument: no picture of an error dialog.
    let opened = match start.open.take() {
        Some(path) => match crate::export::session::open(&kb, &path) {
            Ok(saved) => {
                // So is a visit to compare with that the file does not hold.
                if let Some(which) = &start.compare_with {
                    let dates: Vec<String> = saved.plan.earlier_visits().iter().map(|v| v.date.clone()).collect();
                    if let Err(e) = crate::progress::earlier_visit(&dates, which) {
                        eprintln!("error: --compare-with {which}: {e}");
                        return EXIT_USAGE;
                    }
                }
                Some((path, saved))
            }
            Err(errors) => {
                for e in &errors {
                    eprintln!("error: {e}");
                }
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let size = start.size.unwrap_or([1600.0, 1000.0]);
    let settings = settings_from_args(args);
    let (job, outcome) = Job::new(path);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Sciatica Explorer")
            .with_inner_size(size)
            .with_resizable(false),
        persist_window: false,
        dithering: super::DITHERING,
        ..Default::default()
    };
    // A fresh context: a screenshot shows what the arguments ask, never a stored zoom or scroll.
    let result = eframe::run_native_ext(
        "Sciatica Explorer (screenshot)",
        options,
        Some(super::window_context()),
        Box::new(move |cc| {
            super::renderer::note(cc);
            let mut app = ExplorerApp::new(kb, map, settings).with_screenshot(job).with_pack(pack);
            if let Some((path, saved)) = opened {
                app.show_opened(&path, saved);
            }
            start.apply_to(&mut app);
            Ok(Box::new(app))
        }),
    );
    if let Err(e) = result {
        eprintln!("error: could not open the window: {e}");
        return EXIT_FAILURE;
    }
    match outcome.lock().map(|o| o.clone()) {
        Ok(Some(Ok(()))) => {
            println!("saved {}", path.display());
            EXIT_OK
        }
        Ok(Some(Err(e))) => {
            eprintln!("error: {e}");
            EXIT_FAILURE
        }
        _ => {
            eprintln!("error: the window closed before the screenshot was taken");
            EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{ThemeChoice, ViewMode};
    use crate::geometry::SkinMap;

    #[test]
    fn window_flags_override_only_what_they_name() {
        let mut stored = Settings {
            theme: ThemeChoice::Dark,
            variant: crate::geometry::PiriformisVariant::DividedAbove,
            ..Settings::default()
        };
        stored.layers.labels = false;
        let args = WindowArgs { view: Some(ViewMode::Anterior), ..WindowArgs::default() };
        apply_args(&mut stored, &args);
        assert_eq!(stored.view, ViewMode::Anterior);
        assert_eq!(stored.theme, ThemeChoice::Dark, "the stored theme is kept");
        assert_eq!(stored.variant, crate::geometry::PiriformisVariant::DividedAbove, "the stored variant is kept");
        assert!(!stored.layers.labels, "the stored layers are kept");

        let args = WindowArgs { layers: vec![LayerToggle::Nerves, LayerToggle::Cutaneous], ..WindowArgs::default() };
        apply_args(&mut stored, &args);
        assert!(stored.layers.nerves && !stored.layers.bones && !stored.layers.labels);
        assert_eq!(stored.layers.skin, SkinMap::Cutaneous);
        assert_eq!(stored.view, ViewMode::Anterior);

        let args =
            WindowArgs { variant: Some(crate::geometry::PiriformisVariant::DividedThrough), ..WindowArgs::default() };
        apply_args(&mut stored, &args);
        assert_eq!(
            stored.variant,
            crate::geometry::PiriformisVariant::DividedThrough,
            "--variant wins over the stored one"
        );
        assert_eq!(stored.layers.skin, SkinMap::Cutaneous, "the stored layers are kept");
    }

    #[test]
    fn trace_arguments_name_typed_items() {
        let Ok(kb) = KnowledgeBase::builtin() else { panic!("built-in knowledge") };
        assert_eq!(parse_trace(&kb, "root:L5"), Ok(Item::Root("L5".to_string())));
        assert_eq!(parse_trace(&kb, "muscle:piriformis"), Ok(Item::Muscle("piriformis".to_string())));
        let cause = Ok(Item::Cause("piriformis_syndrome".to_string()));
        assert_eq!(parse_trace(&kb, "entrapment:piriformis_syndrome"), cause);
        assert_eq!(parse_trace(&kb, "cause:piriformis_syndrome"), cause);
        assert!(parse_trace(&kb, "root:sural").is_err(), "a nerve is not a root");
        assert!(parse_trace(&kb, "area:left.heel").is_err(), "areas are selected, not traced");
    }

    #[test]
    fn items_are_stored_as_the_earlier_focus_was() {
        let stored = |json: &str| serde_json::from_str::<Item>(json).map_err(|e| e.to_string());
        assert_eq!(stored(r#"{"kind":"nerve","id":"sural"}"#), Ok(Item::Nerve("sural".to_string())));
        assert_eq!(
            stored(r#"{"kind":"entrapment","id":"piriformis_syndrome"}"#),
            Ok(Item::Cause("piriformis_syndrome".to_string()))
        );
        let area = Item::Area(crate::lookup::AreaRef::new("heel", crate::knowledge::Side::Left));
        for item in [Item::Root("L5".to_string()), Item::Muscle("piriformis".to_string()), area] {
            let json = serde_json::to_string(&item).map_err(|e| e.to_string());
            assert_eq!(json.and_then(|j| stored(&j)), Ok(item.clone()), "{item:?} round-trips");
        }
        assert_eq!(
            serde_json::to_string(&Item::Root("L5".to_string())).ok().as_deref(),
            Some(r#"{"kind":"root","id":"L5"}"#)
        );
    }

    #[test]
    fn start_args_are_checked_against_the_knowledge() {
        let Ok(kb) = KnowledgeBase::builtin() else { panic!("built-in knowledge") };
        let args = WindowArgs {
            size: Some("1200x800".into()),
            select: vec!["left.buttock@7".into()],
            trace: Some("nerve:sural".into()),
            ..WindowArgs::default()
        };
        let start = match StartArgs::parse(&kb, &args) {
            Ok(start) => start,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(start.size, Some([1200.0, 800.0]));
        assert_eq!(start.selection.areas.len(), 1);
        assert_eq!(start.trace, Some(Item::Nerve("sural".to_string())));
        for bad in [
            WindowArgs { size: Some("wide".into()), ..WindowArgs::default() },
            WindowArgs { select: vec!["left.elbow".into()], ..WindowArgs::default() },
            WindowArgs { trace: Some("nerve:elbow".into()), ..WindowArgs::default() },
        ] {
            assert!(StartArgs::parse(&kb, &bad).is_err(), "{bad:?}");
        }
    }
}
