//! Prints what a frame of the window hands the renderer (meshes, vertices, triangles and the
//! covered area: how hard a software rasteriser such as llvmpipe works), the drawing's fill
//! triangles and stroke points per layer, and the fastest of many frames, unchanged and panning,
//! in the state `benches/frame.rs` measures (1600×1000, both views, every layer, five areas).
//! Criterion's medians swing with the machine's load; the fastest frame shows the work itself.
//! `cargo run --release --example frame_stats [-- cutaneous]`.

use std::sync::Arc;
use std::time::Instant;

use sciatica_explorer::app::{ExplorerApp, Settings, SkinMap};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::{KnowledgeBase, View};

#[path = "../benches/support/frame_state.rs"]
mod frame_state;
use frame_state::{SIZE, input};

const FRAMES: usize = 300;

fn main() {
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let kb = Arc::new(kb);
    let skin = if std::env::args().any(|a| a == "cutaneous") { SkinMap::Cutaneous } else { SkinMap::Dermatomes };
    let mut app = match frame_state::app(&kb, map, skin) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("the areas to mark failed to parse: {e}");
            std::process::exit(1);
        }
    };
    let ctx = egui::Context::default();
    atlas_sizes(&kb, map);
    layer_stats(map);
    tessellated_layers(&ctx, map);
    for frame in 0..2 {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        output.textures_delta.clear();
        let prims = ctx.tessellate(output.shapes, output.pixels_per_point);
        let (mut meshes, mut vertices, mut triangles, mut area) = (0usize, 0usize, 0usize, 0f64);
        for p in &prims {
            if let egui::epaint::Primitive::Mesh(mesh) = &p.primitive {
                meshes += 1;
                if frame == 0 && std::env::args().any(|a| a == "meshes") {
                    println!("  mesh clipped to {:?}: {} triangles", p.clip_rect, mesh.indices.len() / 3);
                }
                vertices += mesh.vertices.len();
                triangles += mesh.indices.len() / 3;
                for t in mesh.indices.chunks_exact(3) {
                    let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.vertices[i as usize].pos);
                    area += f64::from(((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() / 2.0);
                }
            }
        }
        println!(
            "frame {frame}: {meshes} meshes, {vertices} vertices, {triangles} triangles, covered area {:.1}× the window",
            area / f64::from(SIZE.x * SIZE.y)
        );
    }
    // The fastest of many frames: the UI pass, then egui's tessellation.
    let mut step = 1.0f32;
    for panning in [false, true] {
        let (mut ui_best, mut tess_best, mut total_best) = (f64::MAX, f64::MAX, f64::MAX);
        for _ in 0..FRAMES {
            if panning {
                step = -step;
                frame_state::pan(&mut app, step);
            }
            let start = Instant::now();
            let mut output = ctx.run_ui(input(), |ui| app.show(ui));
            let ui_done = Instant::now();
            output.textures_delta.clear();
            std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
            ui_best = ui_best.min((ui_done - start).as_secs_f64());
            tess_best = tess_best.min(ui_done.elapsed().as_secs_f64());
            total_best = total_best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "{} frame, fastest of {FRAMES}: {:.3} ms (run_ui {:.3} ms, tessellate {:.3} ms)",
            if panning { "panning" } else { "unchanged" },
            total_best * 1e3,
            ui_best * 1e3,
            tess_best * 1e3
        );
    }
}

/// Fill triangles and stroke points per layer of the drawing.
fn layer_stats(map: &BodyMap) {
    for view in [View::Posterior, View::Anterior] {
        let vm = map.view(view);
        let count = |polys: &mut dyn Iterator<Item = &sciatica_explorer::geometry::Poly>| {
            let (mut tris, mut pts) = (0usize, 0usize);
            for p in polys {
                tris += p.triangles.len();
                pts += p.stroke_runs.iter().map(Vec::len).sum::<usize>();
            }
            (tris, pts)
        };
        println!("{view:?}: outline {:?}", count(&mut vm.outline.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  bones {:?}", count(&mut vm.bones.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  muscles {:?}", count(&mut vm.muscles.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  nerves {:?}", count(&mut vm.nerves.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  dermatomes {:?}", count(&mut vm.dermatomes.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  cutaneous {:?}", count(&mut vm.cutaneous.iter().flat_map(|s| s.geometry.polys.iter())));
        println!("  areas {:?}", count(&mut vm.areas.iter().flat_map(|s| s.geometry.polys.iter())));
    }
}

/// Vertices and triangles egui makes of each layer of the posterior view's figure, fitted to a
/// 700×900 card with the default layers and no selection.
fn tessellated_layers(ctx: &egui::Context, map: &BodyMap) {
    use sciatica_explorer::app::body_map;
    use sciatica_explorer::geometry::display::{self, Layer, Scene};
    use sciatica_explorer::geometry::{Layers, PALETTE, PiriformisVariant};
    let view = map.view(View::Posterior);
    let figure = display::figure_bounds(view);
    let t = display::fit(figure, egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(700.0, 900.0)));
    let highlight = sciatica_explorer::pathway::Highlight::default();
    let scene = Scene {
        view,
        layers: Layers::default(),
        variant: PiriformisVariant::Below,
        selected: &[],
        highlight: &highlight,
        hovered_area: None,
        hovered_nerve: None,
        palette: &PALETTE,
        points_per_unit: t.scaling,
    };
    let list = display::build_view(&scene);
    ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
    let mut tess = egui::epaint::Tessellator::new(1.0, Default::default(), [2048, 2048], Vec::new());
    for layer in Layer::ALL {
        let mut mesh = egui::Mesh::default();
        for (l, shapes) in body_map::shapes(ctx, &list, t) {
            if l == layer {
                for shape in shapes {
                    tess.tessellate_shape(shape, &mut mesh);
                }
            }
        }
        if !mesh.is_empty() {
            println!("  {:?}: {} vertices, {} triangles", layer, mesh.vertices.len(), mesh.indices.len() / 3);
        }
    }
}

/// The font atlas after the first frame of the window as a user first sees it (nothing marked, the
/// default 1500×950 window), for the largest texture side Mesa's software renderer offers
/// (16 384) and for smaller limits: the atlas is as wide as the limit and its height doubles, so
/// its memory (4 bytes a pixel, kept by egui and again by the renderer) depends on the width. The
/// window caps the limit at `app::MAX_TEXTURE_SIDE`.
fn atlas_sizes(kb: &Arc<KnowledgeBase>, map: &BodyMap) {
    for side in [16_384, 8192, 4096, 2048] {
        let mut app = ExplorerApp::new(kb.clone(), Arc::new(map.clone()), Settings::default());
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1500.0, 950.0))),
            max_texture_side: Some(side),
            ..Default::default()
        };
        // The atlas is only measured here, never uploaded.
        ctx.run_ui(input, |ui| app.show(ui)).textures_delta.clear();
        let [w, h] = ctx.fonts(|f| f.font_image_size());
        println!(
            "font atlas after the first frame, texture side limit {side}: {w}×{h}, {:.1} MiB",
            (w * h * 4) as f64 / (1024.0 * 1024.0)
        );
    }
}
