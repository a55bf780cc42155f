//! Prints what the first frames of the window hand the renderer: meshes, vertices, triangles and
//! the covered area (how hard a software rasteriser such as llvmpipe works), and the drawing's
//! fill triangles and stroke points per layer. `cargo run --release --example frame_stats`.

use std::sync::Arc;

use sciatica_explorer::app::{ExplorerApp, Settings};
use sciatica_explorer::geometry::BodyMap;
use sciatica_explorer::knowledge::KnowledgeBase;

fn main() {
    let (Ok(kb), Ok(map)) = (KnowledgeBase::builtin(), BodyMap::shared()) else {
        eprintln!("built-in data failed to load");
        std::process::exit(1);
    };
    let mut app = ExplorerApp::new(Arc::new(kb), Arc::new(map.clone()), Settings::default());
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1500.0, 950.0))),
        ..Default::default()
    };
    layer_stats(map);
    for frame in 0..2 {
        let output = ctx.run_ui(input(), |ui| app.show(ui));
        let prims = ctx.tessellate(output.shapes, output.pixels_per_point);
        let (mut meshes, mut vertices, mut triangles, mut area) = (0usize, 0usize, 0usize, 0f64);
        for p in &prims {
            if let egui::epaint::Primitive::Mesh(mesh) = &p.primitive {
                meshes += 1;
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
            area / (1500.0 * 950.0)
        );
    }
}

/// Fill triangles and stroke points per layer of the drawing.
fn layer_stats(map: &BodyMap) {
    use sciatica_explorer::knowledge::View;
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
        println!("  areas {:?}", count(&mut vm.areas.iter().flat_map(|s| s.geometry.polys.iter())));
    }
}
