//! The window's first frame, rehearsed on the loader's thread while eframe opens the window.
//!
//! A first frame lays out every text it shows and rasterises their glyphs, builds each view's
//! drawing and chooses its label columns, and draws the exercise cards' pictures: most of the
//! main thread's work between the GL context and the first frame shown. All of it is kept, keyed
//! by what it was made from, in the window's context (egui's galley cache and font atlas, the
//! drawing's caches in its data) or in the [`FigureView`]. So the loader, once the knowledge is
//! in, runs the interface as the window will first show it, in the window's own context, before
//! eframe calls the app's creator; the first real frame then finds it all made.
//!
//! Nothing of the rehearsal is shown or kept but those caches: its shapes and requests to the
//! window are dropped, its texture uploads are handed back to egui for the first frame to make,
//! and the app it ran is thrown away (eframe's creation callback makes the window's own, as
//! before). A first frame that differs from the rehearsal (the window given another size, a
//! screen of another scale) makes what it needs itself, as without one.

use std::sync::Arc;

use super::figure_view::FigureView;
use super::{ExplorerApp, MAX_TEXTURE_SIDE, Settings, body_map, style};
use crate::geometry::BodyMap;
use crate::knowledge::KnowledgeBase;

/// Passes rehearsed: the first lays everything out; the second settles what egui sizes from the
/// pass before (the drawing's area comes out 0.4 point narrower from the second pass on, beside
/// side panels of unchanged width, which moves the drawing's cards), as the window's second
/// frame would.
pub const PASSES: usize = 2;

/// Rehearses the first frame of a window of `size` points with `settings` (the stored ones, the
/// command line's flags applied) in `ctx`, whose widget state the window's start has restored,
/// drawing with `figures`; gives them back with the pictures drawn.
pub fn rehearse(
    ctx: &egui::Context,
    kb: &Arc<KnowledgeBase>,
    map: &Arc<BodyMap>,
    settings: Settings,
    figures: FigureView,
    size: egui::Vec2,
) -> FigureView {
    // The first frame's theme before egui makes its fonts: the glyphs' colour transfer follows
    // the theme, and a change of it makes the font atlas again.
    style::apply(ctx, settings.theme);
    let mut app = ExplorerApp::new(Arc::clone(kb), Arc::clone(map), settings);
    app.figures = figures;
    // egui tells the window its theme once, when it changes, from the pass that changed it: that
    // must be the window's own first frame, not a rehearsal whose requests are dropped.
    let sync_window_theme = ctx.options(|o| o.sync_window_theme);
    ctx.options_mut(|o| o.sync_window_theme = false);
    for pass in 0..PASSES {
        // The settled pass fills the figures into pictures for the first frame to lay down (see
        // `body_map::FigureRaster`).
        body_map::rasterise_figures(ctx, pass + 1 == PASSES);
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            max_texture_side: Some(MAX_TEXTURE_SIDE),
            // The clock's start: the window's frames come after it, so egui's time does not run
            // backwards.
            time: Some(0.0),
            ..Default::default()
        };
        let output = ctx.run_ui(input, |ui| app.show(ui));
        style::hand_back_textures(ctx, output.textures_delta);
    }
    body_map::rasterise_figures(ctx, false);
    ctx.options_mut(|o| o.sync_window_theme = sync_window_theme);
    std::mem::take(&mut app.figures)
}

#[cfg(test)]
mod tests {
    use super::super::{
        Loaded, LoaderWindow, SETTINGS_KEY, ThemeChoice, WindowArgs, body_map, limit_texture_side, load_in_background,
        restore_stored_state, settings_from_storage, stored, wait_for, window_context,
    };
    use super::*;
    use crate::knowledge::View;

    /// A first run's window at its first size.
    const FIRST_SIZE: egui::Vec2 = egui::vec2(1500.0, 950.0);

    /// What the window's loader brings, for a window of `first_size` (none: eframe never said)
    /// with eframe's stored file at `stored`.
    fn load(first_size: Option<egui::Vec2>, stored: Option<std::path::PathBuf>) -> (egui::Context, Loaded) {
        let ctx = window_context();
        let window = LoaderWindow { ctx: ctx.clone(), first_size, args: WindowArgs::default(), stored };
        let loaded = wait_for(load_in_background(KnowledgeBase::builtin, Some(window), None))
            .unwrap_or_else(|_| panic!("the built-in knowledge loads"));
        (ctx, loaded)
    }

    /// The window's app as eframe's creator makes it, with the loader's figures.
    fn window_app(loaded: Loaded, storage: Option<&dyn eframe::Storage>) -> ExplorerApp {
        let mut app = ExplorerApp::new(loaded.kb, loaded.map, settings_from_storage(storage));
        app.use_loaded_figures(loaded.figures.expect("a window's loader brings the figures"));
        app
    }

    /// A frame of the window as eframe runs it, at its first size.
    fn window_frame(ctx: &egui::Context, app: &mut ExplorerApp) -> egui::FullOutput {
        window_frame_with(ctx, app, 0.05, Vec::new())
    }

    /// A frame of the window at its first size, at `time`, with `events`.
    fn window_frame_with(
        ctx: &egui::Context,
        app: &mut ExplorerApp,
        time: f64,
        events: Vec<egui::Event>,
    ) -> egui::FullOutput {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, FIRST_SIZE)),
            // What llvmpipe reports, capped as the app's input hook caps it.
            max_texture_side: Some(16_384),
            time: Some(time),
            events,
            ..Default::default()
        };
        limit_texture_side(&mut input);
        ctx.run_ui(input, |ui| app.show(ui))
    }

    fn drawings(ctx: &egui::Context) -> [Option<Arc<egui::Mesh>>; 2] {
        [View::Posterior, View::Anterior].map(|view| body_map::figure_mesh(ctx, view))
    }

    #[test]
    fn a_rehearsed_first_frame_finds_its_glyphs_drawings_and_pictures_made_and_the_renderer_gets_every_texture() {
        let (ctx, loaded) = load(Some(FIRST_SIZE), None);
        assert!(loaded.rehearsed);
        let mut app = window_app(loaded, None);
        let pictures = app.figures.pictures_drawn();
        assert!(pictures >= 4, "the first screen's cards' pictures, {pictures}");
        let [Some(back), Some(front)] = drawings(&ctx) else { panic!("the rehearsal drew both views") };
        let atlas = ctx.fonts(|f| f.image());
        let mut output = window_frame(&ctx, &mut app);
        assert!(ctx.fonts(|f| f.image()).pixels == atlas.pixels, "the first frame rasterised no glyph");
        let [Some(back_now), Some(front_now)] = drawings(&ctx) else { panic!("the first frame shows both views") };
        assert!(Arc::ptr_eq(&back, &back_now) && Arc::ptr_eq(&front, &front_now), "the drawings were not made again");
        assert_eq!(app.figures.pictures_drawn(), pictures, "no picture was drawn again");
        // The renderer still gets every texture, with the first frame: the font texture as egui
        // holds it, and the drawing's stroke profiles.
        let sets = std::mem::take(&mut output.textures_delta.set);
        output.textures_delta.clear();
        let font = sets.get(&egui::TextureId::default()).map(|d| d.clone().into_vec()).unwrap_or_default();
        let uploaded = style::uploaded(&font, None).expect("the font texture");
        assert!(
            uploaded.size == atlas.size && uploaded.pixels == atlas.pixels,
            "the renderer's font texture is egui's"
        );
        assert!(sets.contains_key(&back.texture_id), "the stroke profiles are uploaded");

        // A window whose size eframe never gave is not rehearsed: its first frame draws its views.
        let (cold_ctx, cold) = load(None, None);
        assert!(!cold.rehearsed);
        assert!(drawings(&cold_ctx).iter().all(Option::is_none));
        let mut cold_app = window_app(cold, None);
        window_frame(&cold_ctx, &mut cold_app).textures_delta.clear();
        assert!(drawings(&cold_ctx).iter().all(Option::is_some));
    }

    /// The frame's meshes as a renderer gets them, with their clip rectangles.
    fn painted(ctx: &egui::Context, output: egui::FullOutput) -> Vec<(egui::Rect, egui::Mesh)> {
        ctx.tessellate(output.shapes, output.pixels_per_point)
            .into_iter()
            .filter_map(|p| match p.primitive {
                egui::epaint::Primitive::Mesh(mesh) => Some((p.clip_rect, mesh)),
                egui::epaint::Primitive::Callback(_) => None,
            })
            .collect()
    }

    /// A mesh's triangles' corners' positions and colours (their texture coordinates depend on
    /// where each glyph sits in the atlas, which the order of rasterising decides).
    fn corners(mesh: &egui::Mesh) -> Vec<(egui::Pos2, egui::Color32)> {
        mesh.indices.iter().map(|&i| mesh.vertices[i as usize]).map(|v| (v.pos, v.color)).collect()
    }

    #[test]
    fn the_rehearsed_first_frame_paints_what_a_window_without_one_settles_on() {
        let (ctx, loaded) = load(Some(FIRST_SIZE), None);
        let mut app = window_app(loaded, None);
        let mut output = window_frame(&ctx, &mut app);
        let uploads = std::mem::take(&mut output.textures_delta.set);
        output.textures_delta.clear();
        let rehearsed = painted(&ctx, output);
        let views = [View::Posterior, View::Anterior];
        let tiles = views.map(|view| body_map::figure_raster_textures(&ctx, view));
        assert!(tiles.iter().all(|t| !t.is_empty()), "the rehearsal filled both views' figures into pictures");
        // Without a rehearsal the window's first frames lay out and settle themselves.
        let (cold_ctx, cold) = load(None, None);
        let mut cold_app = window_app(cold, None);
        let mut frames = (0..PASSES + 1).map(|_| {
            let mut output = window_frame(&cold_ctx, &mut cold_app);
            output.textures_delta.clear();
            painted(&cold_ctx, output)
        });
        let first = frames.next().expect("a first frame");
        let settled = frames.last().expect("a settled frame");
        let figures = views.map(|view| body_map::figure_mesh(&cold_ctx, view).expect("the settled frame's figure"));
        let figure_of = |mesh: &egui::Mesh| figures.iter().position(|f| f.vertices == mesh.vertices);
        let tile_of = |mesh: &egui::Mesh| tiles.iter().position(|t| t.contains(&mesh.texture_id));
        // Everything else is painted alike, in the same order.
        let others = |frame: &[(egui::Rect, egui::Mesh)], figure: &dyn Fn(&egui::Mesh) -> Option<usize>| {
            frame.iter().filter(|(_, mesh)| figure(mesh).is_none()).map(|(clip, mesh)| (*clip, corners(mesh))).collect()
        };
        let rehearsed_others: Vec<_> = others(&rehearsed, &tile_of);
        let settled_others: Vec<_> = others(&settled, &figure_of);
        assert_eq!(rehearsed_others.len(), settled_others.len());
        for (i, (a, b)) in rehearsed_others.iter().zip(&settled_others).enumerate() {
            assert_eq!(a.0, b.0, "mesh {i}'s clip");
            assert!(a.1 == b.1, "mesh {i}: {} and {} corners", a.1.len(), b.1.len());
        }
        // Each figure is laid down as tiles of a picture: the settled frame's mesh filled within
        // the same clip, one texel a pixel, each tile where its part of the picture lies.
        for (v, figure) in figures.iter().enumerate() {
            let (clip, _) = settled.iter().find(|(_, mesh)| mesh.vertices == figure.vertices).expect("painted");
            let (want, pixels) = body_map::figure_picture(figure, *clip, 1.0).expect("the figure covers pixels");
            let mut laid = vec![egui::Color32::TRANSPARENT; want.pixels.len()];
            let mut count = 0;
            for (tile_clip, quad) in rehearsed.iter().filter(|(_, mesh)| tile_of(mesh) == Some(v)) {
                count += 1;
                assert_eq!(tile_clip, clip, "a tile is clipped as the figure was");
                let egui::ImageData::Color(image) = &uploads[&quad.texture_id][0].image;
                let rect = quad.calc_bounds();
                assert_eq!(rect.size(), egui::vec2(image.size[0] as f32, image.size[1] as f32), "a texel a pixel");
                let uv: Vec<_> = quad.vertices.iter().map(|c| c.uv).collect();
                let corners: Vec<_> =
                    quad.vertices.iter().map(|c| ((c.pos - rect.min) / rect.size()).to_pos2()).collect();
                assert_eq!(uv, corners, "the tile's texture spans the quad");
                for y in 0..image.size[1] {
                    for x in 0..image.size[0] {
                        let (px, py) = (rect.min.x - pixels.min.x + x as f32, rect.min.y - pixels.min.y + y as f32);
                        let texel = image.pixels[y * image.size[0] + x];
                        if px < pixels.width() && py < pixels.height() {
                            laid[py as usize * want.size[0] + px as usize] = texel;
                        } else {
                            assert_eq!(texel, egui::Color32::TRANSPARENT, "past the picture, the tile is clear");
                        }
                    }
                }
            }
            assert!(count >= 2, "{count} tiles");
            assert!(laid == want.pixels, "view {v}'s tiles lay down the settled mesh's picture");
        }
        // The first change of a figure (here the pointer over the back view's, which lights the
        // area under it) paints it as a mesh again; the front view keeps its picture.
        let back = figures[0].calc_bounds();
        // On the thigh, at the side of the back view that shows the left leg.
        let hover = egui::Event::PointerMoved(back.lerp_inside(egui::vec2(0.3, 0.45)));
        let mut output = window_frame_with(&ctx, &mut app, 0.1, vec![hover]);
        output.textures_delta.clear();
        let now = painted(&ctx, output);
        assert!(body_map::figure_raster_textures(&ctx, View::Posterior).is_empty(), "the hovered figure is made again");
        assert_eq!(now.iter().filter(|(_, mesh)| tile_of(mesh) == Some(0)).count(), 0, "the back view is a mesh");
        assert!(now.iter().any(|(_, mesh)| tile_of(mesh) == Some(1)), "the front view is still a picture");
        // The control: an unrehearsed first frame is not yet settled (the drawing's area narrows
        // by a fraction of a point on the second), which is why the rehearsal takes two passes.
        let first: Vec<_> = first.iter().map(|(clip, mesh)| (*clip, corners(mesh))).collect();
        let settled: Vec<_> = settled.iter().map(|(clip, mesh)| (*clip, corners(mesh))).collect();
        assert!(first != settled, "the window's first frame no longer differs from its second");
    }

    /// eframe's stored file with `settings` and egui's memory at `zoom`, in a fresh folder.
    fn stored_file(name: &str, settings: &Settings, zoom: f32) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sciatica-rehearsal-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let mut memory = egui::Memory::default();
        memory.options.zoom_factor = zoom;
        let values: std::collections::HashMap<String, String> = [
            (SETTINGS_KEY.to_string(), ron::to_string(settings).expect("settings as RON")),
            (stored::EGUI_MEMORY_KEY.to_string(), ron::to_string(&memory).expect("egui's memory as RON")),
        ]
        .into();
        let path = dir.join("app.ron");
        std::fs::write(&path, ron::to_string(&values).expect("the file as RON")).expect("the stored file");
        path
    }

    #[test]
    fn the_rehearsal_takes_the_stored_settings_and_a_stored_zoom_is_left_to_the_window() {
        let dark = Settings { theme: ThemeChoice::Dark, ..Settings::default() };
        let path = stored_file("dark", &dark, 1.0);
        let (ctx, loaded) = load(Some(FIRST_SIZE), Some(path.clone()));
        assert!(loaded.rehearsed);
        assert_eq!(ctx.theme(), egui::Theme::Dark, "rehearsed in the stored theme");
        // The window's app, from the same file, finds its first frame made.
        let file = stored::StoredFile::read(&path);
        restore_stored_state(&ctx, Some(&file), loaded.rehearsed);
        let mut app = window_app(loaded, Some(&file));
        assert_eq!(app.settings.theme, ThemeChoice::Dark);
        let drawn = drawings(&ctx);
        let atlas = ctx.fonts(|f| f.image());
        let mut first = window_frame(&ctx, &mut app);
        first.textures_delta.clear();
        assert!(ctx.fonts(|f| f.image()).pixels == atlas.pixels, "the first frame rasterised no glyph");
        // The window itself is told the theme (its title bar follows), by its first frame.
        let commands =
            first.viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.commands.clone()).unwrap_or_default();
        assert!(
            commands.contains(&egui::ViewportCommand::SetTheme(egui::SystemTheme::Dark)),
            "the first frame tells the window its theme: {commands:?}"
        );
        let now = drawings(&ctx);
        assert!(drawn.iter().zip(&now).all(|(a, b)| matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b))));

        // A stored zoom: the window opens at zoom 1 and zooms once open, so its first frame is
        // not rehearsed; the fonts are still made in the stored theme, and the first cards' pictures drawn.
        let zoomed = stored_file("zoomed", &dark, 1.5);
        let (ctx, loaded) = load(Some(FIRST_SIZE), Some(zoomed.clone()));
        assert!(!loaded.rehearsed);
        assert_eq!(ctx.theme(), egui::Theme::Dark);
        assert!(drawings(&ctx).iter().all(Option::is_none));
        assert_eq!(loaded.figures.as_ref().map(FigureView::pictures_drawn), Some(4));
        for path in [path, zoomed] {
            let _ = std::fs::remove_dir_all(path.parent().expect("its folder"));
        }
    }
}
