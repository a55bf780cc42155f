//! egui's meshes filled on the CPU as the window's renderer fills them, for a first frame drawn
//! ahead on the loader's thread (see `body_map::FigureRaster`).
//!
//! egui's meshes carry their own anti-aliasing (feathered edges, the stroke profiles' fading
//! strips), so a renderer fills them without multisampling: each pixel whose centre a triangle
//! covers takes the triangle's colour there, interpolated from its vertices, times its texture's
//! texel, blended over what is below in gamma space with premultiplied alpha (egui's shader and
//! blend function). Filled here onto a clear image, the same triangles blended in the same order
//! give a premultiplied picture that, laid over the window by that blend, paints what the
//! triangles would have painted one by one: "over" is associative. What differs is rounding (a
//! level of 255 here and there; the window turns egui's dithering off).

/// Vertex positions are snapped to 1/256 of a pixel, as Mesa's software renderer snaps them.
const SUBPIXEL: f32 = 256.0;

/// The farthest a vertex may lie from the image on the fixed-point grid (about four million
/// pixels): products of two such coordinates stay well within 64 bits.
const FAR: i64 = 1 << 30;

/// A texture sampled as OpenGL samples egui's: bilinear between texel centres, clamped at the
/// edges; channels as numbers from 0 to 1.
struct Sampler {
    size: [usize; 2],
    /// Each texel's channels, unless `grey` holds them.
    texels: Vec<[f32; 4]>,
    /// The texels' one value, where every channel of every texel has the same (premultiplied
    /// white of some opacity, as the stroke profiles are).
    grey: Option<Vec<f32>>,
}

impl Sampler {
    fn new(texture: &egui::ColorImage) -> Self {
        let grey = texture.pixels.iter().all(|c| c.r() == c.a() && c.g() == c.a() && c.b() == c.a());
        let value = |v: u8| f32::from(v) / 255.0;
        if grey {
            let grey = texture.pixels.iter().map(|c| value(c.a())).collect();
            return Sampler { size: texture.size, texels: Vec::new(), grey: Some(grey) };
        }
        let texels = texture.pixels.iter().map(|c| c.to_array().map(value)).collect();
        Sampler { size: texture.size, texels, grey: None }
    }

    fn texel(&self, x: isize, y: isize) -> [f32; 4] {
        let x = x.clamp(0, self.size[0] as isize - 1) as usize;
        let y = y.clamp(0, self.size[1] as isize - 1) as usize;
        let i = y * self.size[0] + x;
        match &self.grey {
            Some(grey) => [grey.get(i).copied().unwrap_or(0.0); 4],
            None => self.texels.get(i).copied().unwrap_or([0.0; 4]),
        }
    }

    /// The row of a grey texture that texture coordinate `v` lies on the centre of, if any: a
    /// line drawn from a stroke profile samples one row, between two texels across it.
    fn grey_row(&self, v: f32) -> Option<&[f32]> {
        let t = v * self.size[1] as f32 - 0.5;
        let row = t as usize;
        let exact = t >= 0.0 && row as f32 == t && row < self.size[1];
        self.grey.as_deref().filter(|_| exact)?.get(row * self.size[0]..(row + 1) * self.size[0])
    }

    /// A grey row sampled at texture coordinate `u`, as [`Sampler::sample`] would.
    fn sample_row(&self, row: &[f32], u: f32) -> f32 {
        let (x, fraction) = texel_and_fraction(u, self.size[0]);
        let last = row.len() as isize - 1;
        let at = |x: isize| row.get(x.clamp(0, last) as usize).copied().unwrap_or(0.0);
        let (a, b) = (at(x), at(x + 1));
        a + (b - a) * fraction
    }

    fn sample(&self, uv: [f32; 2]) -> [f32; 4] {
        let ((x, fx), (y, fy)) = (texel_and_fraction(uv[0], self.size[0]), texel_and_fraction(uv[1], self.size[1]));
        let [a, b] = [self.texel(x, y), self.texel(x + 1, y)];
        if fy == 0.0 {
            // On a row of texel centres, as the stroke profiles are sampled.
            return std::array::from_fn(|i| a[i] + (b[i] - a[i]) * fx);
        }
        let [c, d] = [self.texel(x, y + 1), self.texel(x + 1, y + 1)];
        std::array::from_fn(|i| {
            let top = a[i] + (b[i] - a[i]) * fx;
            let bottom = c[i] + (d[i] - c[i]) * fx;
            top + (bottom - top) * fy
        })
    }
}

/// The texel at or before texture coordinate `t` across `side` texels (its centres at half
/// texels), and how far on towards the next one `t` lies: bilinear filtering's two texels and
/// weight. Shifted to positive before truncating: `floor` is a call into libm on x86-64's
/// baseline, and this runs for every textured pixel.
fn texel_and_fraction(t: f32, side: usize) -> (isize, f32) {
    const SHIFT: f32 = 1024.0;
    let shifted = t * side as f32 - 0.5 + SHIFT;
    let whole = shifted as isize;
    (whole - SHIFT as isize, shifted - whole as f32)
}

/// A vertex in fixed-point pixels relative to the image, with its colour (0 to 1, premultiplied)
/// and texture coordinates.
#[derive(Clone, Copy)]
struct Corner {
    x: i64,
    y: i64,
    color: [f32; 4],
    uv: [f32; 2],
}

/// Which side of the edge `a → b` the point `(x, y)` is on, times twice the area it spans with it
/// (positive inside a triangle wound as [`fill`] winds them).
fn edge(a: &Corner, b: &Corner, x: i64, y: i64) -> i64 {
    (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
}

/// The triangle's corners in the order that makes its [`edge`] functions positive inside, with
/// twice its area; `None` for one with no area.
fn wound(a: Corner, b: Corner, c: Corner) -> Option<(Corner, Corner, Corner, i64)> {
    let area = edge(&a, &b, c.x, c.y);
    match area.cmp(&0) {
        std::cmp::Ordering::Greater => Some((a, b, c, area)),
        std::cmp::Ordering::Less => Some((a, c, b, -area)),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether a pixel centre exactly on the edge `a → b` belongs to the triangle: of two triangles
/// sharing an edge, each wound the same way, exactly one takes it, so no pixel is blended twice.
/// Which one is Mesa's choice for a window's pixels (compared under Xvfb: the other choice moved
/// a few outline ends by a row, by up to 25 levels of 255).
fn owns_ties(a: &Corner, b: &Corner) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    dy < 0 || (dy == 0 && dx < 0)
}

/// Blends `mesh` (positions in points, `pixels_per_point` pixels each), textured with `texture`,
/// over `image`, whose top-left pixel is the window's pixel `origin`; what falls outside the image
/// is left out. Triangles are filled in the mesh's order; indices that name no vertex are skipped.
pub fn fill(
    image: &mut egui::ColorImage,
    origin: [i32; 2],
    mesh: &egui::Mesh,
    texture: &egui::ColorImage,
    pixels_per_point: f32,
) {
    let sampler = Sampler::new(texture);
    let [width, height] = image.size.map(|side| side as i64);
    let corner = |index: u32| {
        let v = mesh.vertices.get(index as usize)?;
        let fixed = |p: f32, o: i32| ((p * pixels_per_point - o as f32) * SUBPIXEL).round() as i64;
        Some(Corner {
            x: fixed(v.pos.x, origin[0]),
            y: fixed(v.pos.y, origin[1]),
            color: v.color.to_array().map(|c| f32::from(c) / 255.0),
            uv: [v.uv.x, v.uv.y],
        })
    };
    let half = (SUBPIXEL / 2.0) as i64;
    let unit = SUBPIXEL as i64;
    for triangle in mesh.indices.chunks_exact(3) {
        let (Some(a), Some(b), Some(c)) = (corner(triangle[0]), corner(triangle[1]), corner(triangle[2])) else {
            continue;
        };
        // Far outside any window (an infinite position too): left out, so no product below
        // overflows.
        if [&a, &b, &c].iter().any(|v| v.x.abs() > FAR || v.y.abs() > FAR) {
            continue;
        }
        let Some((a, b, c, area)) = wound(a, b, c) else { continue };
        // The pixels whose centres (x + ½, y + ½) lie within the triangle's bounds.
        let first = |min: i64| (min - half).div_euclid(unit) + i64::from((min - half).rem_euclid(unit) != 0);
        let last = |max: i64| (max - half).div_euclid(unit);
        let x0 = first(a.x.min(b.x).min(c.x)).max(0);
        let x1 = last(a.x.max(b.x).max(c.x)).min(width - 1);
        let y0 = first(a.y.min(b.y).min(c.y)).max(0);
        let y1 = last(a.y.max(b.y).max(c.y)).min(height - 1);
        if x0 > x1 || y0 > y1 {
            continue;
        }
        // Each edge's function at a pixel centre, `ex·cx + ey·cy + e0` (positive inside), and
        // the least value a pixel inside has on it: 0 where the triangle owns ties, else 1.
        let edges = [(&b, &c), (&c, &a), (&a, &b)].map(|(p, q)| {
            let (ex, ey) = (-(q.y - p.y), q.x - p.x);
            (ex, ey, -(ex * p.x + ey * p.y), i64::from(!owns_ties(p, q)))
        });
        // Attributes as planes over the weights of `a` and `b`: `c`'s value, plus each weight
        // times the difference from it.
        let color_plane = |v: &Corner| -> [f32; 4] { std::array::from_fn(|i| v.color[i] - c.color[i]) };
        let (color_a, color_b) = (color_plane(&a), color_plane(&b));
        let uv_plane = |v: &Corner| [v.uv[0] - c.uv[0], v.uv[1] - c.uv[1]];
        let (uv_a, uv_b) = (uv_plane(&a), uv_plane(&b));
        // A fill samples one texel everywhere (egui's untextured shapes): look it up once.
        let uniform = (a.uv == b.uv && b.uv == c.uv).then(|| sampler.sample(a.uv));
        let same_color = a.color == b.color && b.color == c.color;
        let constant = uniform.filter(|_| same_color).map(|texel| to_bytes(c.color, texel));
        let profile_row = (uniform.is_none() && same_color && uv_a[1] == 0.0 && uv_b[1] == 0.0)
            .then(|| sampler.grey_row(c.uv[1]))
            .flatten();
        let color_255 = c.color.map(|v| v * 255.0);
        if constant == Some([0; 4]) {
            continue;
        }
        let inverse_area = 1.0 / area as f64;
        let step = [edges[0].0, edges[1].0].map(|ex| ((ex * unit) as f64 * inverse_area) as f32);
        // Where each edge crosses the rows' centres, estimated (stepped a row at a time), then
        // made exact on the fixed-point grid: a figure's fills are long slivers of a pixel or two
        // a row, where finding the rows' bounds is a good part of the work.
        let mut crossings = edges.map(|(ex, ey, e0, least)| {
            let at = |y: i64| (least - (ey * (y * unit + half) + e0)) as f64 / ex as f64;
            let first = if ex == 0 { 0.0 } else { (at(y0) - half as f64) / unit as f64 };
            let per_row = if ex == 0 { 0.0 } else { -(ey as f64) / ex as f64 };
            (first, per_row)
        });
        for y in y0..=y1 {
            let cy = y * unit + half;
            // The row's pixels inside every edge: each bounds x from one side (or none).
            let (mut from, mut to) = (x0, x1);
            for (&(ex, ey, e0, least), (estimate, per_row)) in edges.iter().zip(&mut crossings) {
                let need = least - (ey * cy + e0);
                let guess = *estimate as i64;
                *estimate += *per_row;
                match ex.cmp(&0) {
                    std::cmp::Ordering::Greater => from = from.max(first_inside(ex, need, guess, [x0, x1])),
                    std::cmp::Ordering::Less => to = to.min(last_inside(ex, need, guess, [x0, x1])),
                    std::cmp::Ordering::Equal if need > 0 => to = from - 1,
                    std::cmp::Ordering::Equal => {}
                }
            }
            if from > to {
                continue;
            }
            let row = y as usize * image.size[0];
            let Some(pixels) = image.pixels.get_mut(row + from as usize..=row + to as usize) else { continue };
            if let Some(source) = constant {
                // Most of a figure's pixels: its fills, one colour and one texel throughout.
                for pixel in pixels {
                    *pixel = over(source, pixel.to_array());
                }
                continue;
            }
            let cx = from * unit + half;
            let at = |(ex, ey, e0, _): (i64, i64, i64, i64)| ((ex * cx + ey * cy + e0) as f64 * inverse_area) as f32;
            let (mut la, mut lb) = (at(edges[0]), at(edges[1]));
            if let Some(row) = profile_row {
                // A line from a stroke profile: one colour, its opacity from one row of a grey
                // texture (most of a figure's textured pixels), a quarter of the general way's
                // sampling.
                for pixel in pixels {
                    let opacity = sampler.sample_row(row, c.uv[0] + la * uv_a[0] + lb * uv_b[0]);
                    la += step[0];
                    lb += step[1];
                    let source: [u8; 4] = std::array::from_fn(|i| (color_255[i] * opacity + 0.5) as u8);
                    if source != [0; 4] {
                        *pixel = over(source, pixel.to_array());
                    }
                }
                continue;
            }
            for pixel in pixels {
                let color: [f32; 4] = if same_color {
                    c.color
                } else {
                    std::array::from_fn(|i| c.color[i] + la * color_a[i] + lb * color_b[i])
                };
                let texel = uniform.unwrap_or_else(|| {
                    sampler.sample([c.uv[0] + la * uv_a[0] + lb * uv_b[0], c.uv[1] + la * uv_a[1] + lb * uv_b[1]])
                });
                la += step[0];
                lb += step[1];
                let source = to_bytes(color, texel);
                if source != [0; 4] {
                    *pixel = over(source, pixel.to_array());
                }
            }
        }
    }
}

/// The centre of pixel `x` on the fixed-point grid.
fn centre(x: i64) -> i64 {
    x * SUBPIXEL as i64 + SUBPIXEL as i64 / 2
}

/// The first pixel from `x0` to `x1 + 1` (none) of a row whose centre `cx` has
/// `ex · cx ≥ need`, for `ex > 0`, found from `guess`, which is off by a pixel or so (or far off
/// for an edge near level, clamped).
fn first_inside(ex: i64, need: i64, guess: i64, [x0, x1]: [i64; 2]) -> i64 {
    let mut x = guess.clamp(x0, x1 + 1);
    while x <= x1 && ex * centre(x) < need {
        x += 1;
    }
    while x > x0 && ex * centre(x - 1) >= need {
        x -= 1;
    }
    x
}

/// The last pixel from `x0 - 1` (none) to `x1` of a row whose centre `cx` has `ex · cx ≥ need`,
/// for `ex < 0`, from `guess`.
fn last_inside(ex: i64, need: i64, guess: i64, [x0, x1]: [i64; 2]) -> i64 {
    let mut x = guess.clamp(x0 - 1, x1);
    while x >= x0 && ex * centre(x) < need {
        x -= 1;
    }
    while x < x1 && ex * centre(x + 1) >= need {
        x += 1;
    }
    x
}

/// `color` times `texel` (channels from 0 to 1) in eight bits, rounded to the nearest (`as`
/// saturates, where `round` would be a call into libm).
fn to_bytes(color: [f32; 4], texel: [f32; 4]) -> [u8; 4] {
    std::array::from_fn(|i| (color[i] * texel[i] * 255.0 + 0.5) as u8)
}

/// `source` over `below`, both premultiplied, in eight bits (egui's blend: one, one minus the
/// source's alpha).
fn over(source: [u8; 4], below: [u8; 4]) -> egui::Color32 {
    if source[3] == 255 {
        return egui::Color32::from_rgba_premultiplied(source[0], source[1], source[2], source[3]);
    }
    let keep = 255 - u32::from(source[3]);
    // Two channels at a time in 16-bit lanes; `(x + 128 + ((x + 128) >> 8)) >> 8` is x / 255
    // rounded, for any x up to 255².
    let below = u32::from_le_bytes(below);
    let scale = |lanes: u32| {
        let x = lanes * keep + 0x0080_0080;
        ((x + ((x >> 8) & 0x00FF_00FF)) >> 8) & 0x00FF_00FF
    };
    let kept = scale(below & 0x00FF_00FF) | (scale((below >> 8) & 0x00FF_00FF) << 8);
    // Premultiplied, each channel's sum stays within 255 (the source's channels are at most its
    // alpha); saturate anyway for a source that is not.
    let [r, g, b, a] = kept.to_le_bytes();
    let add = |k: u8, s: u8| k.saturating_add(s);
    egui::Color32::from_rgba_premultiplied(add(r, source[0]), add(g, source[1]), add(b, source[2]), add(a, source[3]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, Pos2, Rect, pos2, vec2};

    fn white_texture() -> egui::ColorImage {
        egui::ColorImage::new([4, 4], vec![Color32::WHITE; 16])
    }

    fn clear(size: [usize; 2]) -> egui::ColorImage {
        egui::ColorImage::new(size, vec![Color32::TRANSPARENT; size[0] * size[1]])
    }

    #[test]
    fn a_rectangle_fills_the_pixels_whose_centres_it_covers_once() {
        // From (1.5, 2.0) to (5.5, 4.0) at two pixels a point: pixels 3 to 10 across, 4 to 7 down.
        let mut mesh = egui::Mesh::default();
        mesh.add_colored_rect(Rect::from_min_max(pos2(1.5, 2.0), pos2(5.5, 4.0)), Color32::from_rgb(200, 100, 50));
        let mut image = clear([16, 12]);
        fill(&mut image, [0, 0], &mesh, &white_texture(), 2.0);
        for y in 0..12 {
            for x in 0..16 {
                let inside = (3..11).contains(&x) && (4..8).contains(&y);
                let want = if inside { Color32::from_rgb(200, 100, 50) } else { Color32::TRANSPARENT };
                assert_eq!(image.pixels[y * 16 + x], want, "pixel ({x}, {y})");
            }
        }
        // The image's origin moves the mesh: the window's pixel (3, 4) is the image's (0, 0).
        let mut moved = clear([4, 4]);
        fill(&mut moved, [3, 4], &mesh, &white_texture(), 2.0);
        assert!(moved.pixels.iter().all(|&p| p == Color32::from_rgb(200, 100, 50)));
    }

    #[test]
    fn triangles_sharing_an_edge_through_pixel_centres_blend_each_pixel_once() {
        // A fan of half-transparent triangles around a centre on a pixel centre, edges along
        // rows, columns and diagonals of pixel centres: a pixel blended twice would come out
        // darker than the colour.
        let color = Color32::from_rgba_premultiplied(60, 30, 0, 128);
        let centre = pos2(8.5, 8.5);
        let mut mesh = egui::Mesh::default();
        mesh.colored_vertex(centre, color);
        let ring =
            [(-6.0, -6.0), (0.0, -6.0), (6.0, -6.0), (6.0, 0.0), (6.0, 6.0), (0.0, 6.0), (-6.0, 6.0), (-6.0, 0.0)];
        for (x, y) in ring {
            mesh.colored_vertex(centre + vec2(x, y), color);
        }
        for i in 0..8u32 {
            mesh.add_triangle(0, 1 + i, 1 + (i + 1) % 8);
        }
        let mut image = clear([18, 18]);
        fill(&mut image, [0, 0], &mesh, &white_texture(), 1.0);
        for y in 3..14 {
            for x in 3..14 {
                assert_eq!(image.pixels[y * 18 + x], color, "pixel ({x}, {y})");
            }
        }
    }

    #[test]
    fn a_triangle_reaching_far_past_the_window_is_left_out_without_overflowing() {
        let mut mesh = egui::Mesh::default();
        for pos in [pos2(0.0, 0.0), pos2(1e12, 3.0), pos2(f32::INFINITY, -1e12), pos2(2.0, 8.0)] {
            mesh.colored_vertex(pos, Color32::RED);
        }
        mesh.add_triangle(0, 1, 3);
        mesh.add_triangle(0, 2, 3);
        let mut image = clear([8, 8]);
        fill(&mut image, [0, 0], &mesh, &white_texture(), 1.0);
        assert!(image.pixels.iter().all(|&p| p == Color32::TRANSPARENT));
        // The control: the same triangle within reach paints.
        mesh.vertices[1].pos = pos2(12.0, 3.0);
        fill(&mut image, [0, 0], &mesh, &white_texture(), 1.0);
        assert!(image.pixels.contains(&Color32::RED));
    }

    /// `image` laid over `below`, as the window's renderer lays a texture over what it painted.
    fn composite(image: &egui::ColorImage, below: Color32) -> Vec<Color32> {
        image.pixels.iter().map(|p| over(p.to_array(), below.to_array())).collect()
    }

    #[test]
    fn filled_onto_a_clear_image_and_laid_over_a_background_it_paints_what_the_triangles_paint_one_by_one() {
        // Overlapping strips and fills of different colours and opacities, textured from a
        // gradient: blended triangle by triangle over an opaque card, and filled onto a clear
        // image laid over the same card afterwards.
        let gradient: Vec<Color32> = (0..64)
            .map(|i| {
                let v = (i % 8 * 36) as u8;
                Color32::from_rgba_premultiplied(v, v, v, v)
            })
            .collect();
        let texture = egui::ColorImage::new([8, 8], gradient);
        let mut mesh = egui::Mesh::default();
        let colors = [
            Color32::from_rgba_premultiplied(120, 20, 20, 160),
            Color32::from_rgba_premultiplied(10, 90, 160, 200),
            Color32::from_rgba_premultiplied(200, 180, 0, 255),
            Color32::from_rgba_premultiplied(5, 5, 5, 40),
        ];
        for (i, color) in colors.into_iter().enumerate() {
            let o = i as f32 * 3.3;
            let base = mesh.vertices.len() as u32;
            for (p, uv) in [
                (pos2(2.0 + o, 3.0), pos2(0.0, 0.0)),
                (pos2(20.0 + o, 5.5 + o), pos2(1.0, 0.2)),
                (pos2(4.0, 24.0 - o), pos2(0.3, 1.0)),
                (pos2(23.0, 22.0), pos2(0.9, 0.9)),
            ] {
                mesh.vertices.push(egui::epaint::Vertex { pos: p, uv, color });
            }
            mesh.add_triangle(base, base + 1, base + 2);
            mesh.add_triangle(base + 1, base + 2, base + 3);
        }
        let card = Color32::from_rgb(250, 246, 240);
        let mut direct = egui::ColorImage::new([28, 28], vec![card; 28 * 28]);
        fill(&mut direct, [0, 0], &mesh, &texture, 1.0);
        let mut layer = clear([28, 28]);
        fill(&mut layer, [0, 0], &mesh, &texture, 1.0);
        let laid = composite(&layer, card);
        for (i, (a, b)) in direct.pixels.iter().zip(&laid).enumerate() {
            let most = a.to_array().iter().zip(b.to_array()).map(|(x, y)| x.abs_diff(y)).max().unwrap_or(0);
            assert!(most <= 2, "pixel {i}: {a:?} painted, {b:?} laid over");
        }
        // The control: the mesh painted most of the card.
        assert!(direct.pixels.iter().filter(|&&p| p != card).count() > 400);
    }

    #[test]
    fn texture_coordinates_sample_between_texel_centres_and_clamp_at_the_edges() {
        // A two-texel ramp, black to white: a quad spanning from the first texel's centre to the
        // second's paints a ramp across, and one past the texture's edge the edge texel.
        let texture = egui::ColorImage::new([2, 1], vec![Color32::TRANSPARENT, Color32::WHITE]);
        let mut mesh = egui::Mesh::default();
        let uv = Rect::from_min_max(pos2(0.25, 0.5), pos2(0.75, 0.5));
        mesh.add_rect_with_uv(Rect::from_min_size(Pos2::ZERO, vec2(4.0, 1.0)), uv, Color32::WHITE);
        let mut image = clear([4, 1]);
        fill(&mut image, [0, 0], &mesh, &texture, 1.0);
        let alphas: Vec<u8> = image.pixels.iter().map(|p| p.a()).collect();
        // Pixel centres at an eighth, three eighths... of the way: 32, 96, 159, 223 of 255.
        assert_eq!(alphas, [32, 96, 159, 223]);
        let mut past = egui::Mesh::default();
        past.add_rect_with_uv(
            Rect::from_min_size(Pos2::ZERO, vec2(4.0, 1.0)),
            Rect::from_min_max(pos2(1.0, 0.5), pos2(2.0, 0.5)),
            Color32::WHITE,
        );
        let mut image = clear([4, 1]);
        fill(&mut image, [0, 0], &past, &texture, 1.0);
        assert!(image.pixels.iter().all(|&p| p == Color32::WHITE));
    }

    /// Each pixel tested against each triangle on its own, weights computed afresh: what
    /// [`fill`]'s row spans and stepped weights must agree with.
    fn fill_pixel_by_pixel(image: &mut egui::ColorImage, mesh: &egui::Mesh, texture: &egui::ColorImage) {
        let sampler = Sampler::new(texture);
        let corner = |i: u32| {
            let v = mesh.vertices[i as usize];
            Corner {
                x: (v.pos.x * SUBPIXEL).round() as i64,
                y: (v.pos.y * SUBPIXEL).round() as i64,
                color: v.color.to_array().map(|c| f32::from(c) / 255.0),
                uv: [v.uv.x, v.uv.y],
            }
        };
        for t in mesh.indices.chunks_exact(3) {
            let Some((a, b, c, area)) = wound(corner(t[0]), corner(t[1]), corner(t[2])) else { continue };
            for y in 0..image.size[1] {
                for x in 0..image.size[0] {
                    let (cx, cy) = (x as i64 * 256 + 128, y as i64 * 256 + 128);
                    let w = [(&b, &c), (&c, &a), (&a, &b)].map(|(p, q)| (edge(p, q, cx, cy), owns_ties(p, q)));
                    if !w.iter().all(|&(e, tie)| e > 0 || (e == 0 && tie)) {
                        continue;
                    }
                    let l = w.map(|(e, _)| e as f32 / area as f32);
                    let color: [f32; 4] =
                        std::array::from_fn(|i| a.color[i] * l[0] + b.color[i] * l[1] + c.color[i] * l[2]);
                    let uv = [0, 1].map(|i| a.uv[i] * l[0] + b.uv[i] * l[1] + c.uv[i] * l[2]);
                    let texel = sampler.sample(uv);
                    let source: [u8; 4] =
                        std::array::from_fn(|i| (color[i] * texel[i] * 255.0).round().clamp(0.0, 255.0) as u8);
                    let pixel = &mut image.pixels[y * image.size[0] + x];
                    *pixel = over(source, pixel.to_array());
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn row_spans_fill_the_pixels_a_pixel_by_pixel_test_fills(
            triangles in proptest::collection::vec(
                (proptest::array::uniform6(-4.0f32..36.0), proptest::array::uniform4(0u8..=255), 0u8..=255),
                1..8,
            ),
            quarter_pixels in proptest::bool::ANY,
        ) {
            // Premultiplied white of some opacities, as the stroke profiles are: lines along a
            // row's centres take the one-row way, the others the general one.
            let white = |v: u8| Color32::from_rgba_premultiplied(v, v, v, v);
            let texture = egui::ColorImage::new(
                [4, 2],
                [0, 80, 255, 30, 255, 0, 128, 64].into_iter().map(white).collect(),
            );
            let mut mesh = egui::Mesh::default();
            for (k, (xy, rgba, alpha)) in triangles.iter().enumerate() {
                // Corners on quarter pixels (and so on pixel centres and edges) or anywhere.
                let snap = |v: f32| if quarter_pixels { (v * 4.0).round() / 4.0 } else { v };
                let color = Color32::from_rgba_premultiplied(
                    rgba[0].min(*alpha), rgba[1].min(*alpha), rgba[2].min(*alpha), *alpha,
                );
                for (i, corner) in xy.chunks_exact(2).enumerate() {
                    // Even triangles: one colour, along the first row's centres; odd ones: colours
                    // and rows apart.
                    let (uv, color) = if k % 2 == 0 {
                        (pos2(i as f32 * 0.45 - 0.2, 0.25), color)
                    } else {
                        (pos2(i as f32 * 0.4, i as f32 * 0.35), color.gamma_multiply(1.0 - i as f32 * 0.3))
                    };
                    mesh.vertices.push(egui::epaint::Vertex { pos: pos2(snap(corner[0]), snap(corner[1])), uv, color });
                }
                let base = 3 * k as u32;
                mesh.add_triangle(base, base + 1, base + 2);
            }
            let mut spans = clear([32, 32]);
            fill(&mut spans, [0, 0], &mesh, &texture, 1.0);
            let mut reference = clear([32, 32]);
            fill_pixel_by_pixel(&mut reference, &mesh, &texture);
            for (i, (a, b)) in spans.pixels.iter().zip(&reference.pixels).enumerate() {
                let most = a.to_array().iter().zip(b.to_array()).map(|(x, y)| x.abs_diff(y)).max().unwrap_or(0);
                proptest::prop_assert!(most <= 1, "pixel {}: {:?} by spans, {:?} pixel by pixel", i, a, b);
            }
        }
    }
}
