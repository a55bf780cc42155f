//! Polygon and polyline queries on flattened shapes: point-in-polygon, distance to a polyline,
//! and ear-clipping triangulation (egui fills only convex polygons, so non-convex regions are
//! painted as triangle meshes).

use egui::emath::Pos2;

/// Even-odd point-in-polygon test against an implicitly closed polygon.
///
/// Uses the half-open crossing rule, so a point on an edge shared by two adjacent polygons
/// (traversed in opposite directions) is inside exactly one of them.
pub fn point_in_polygon(p: Pos2, poly: &[Pos2]) -> bool {
    let n = poly.len();
    if n < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Distance from `p` to a polyline (closed polylines include the closing edge).
pub fn distance_to_polyline(p: Pos2, points: &[Pos2], closed: bool) -> f32 {
    match points {
        [] => f32::INFINITY,
        [only] => p.distance(*only),
        _ => {
            let mut best = f32::INFINITY;
            for w in points.windows(2) {
                best = best.min(distance_to_segment(p, w[0], w[1]));
            }
            if closed && let (Some(first), Some(last)) = (points.first(), points.last()) {
                best = best.min(distance_to_segment(p, *last, *first));
            }
            best
        }
    }
}

/// Signed area (positive when counter-clockwise in a y-up frame, i.e. clockwise on screen).
pub fn signed_area(poly: &[Pos2]) -> f32 {
    let n = poly.len();
    let mut sum = 0.0;
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        sum += a.x * b.y - b.x * a.y;
    }
    sum * 0.5
}

/// Triangulates a simple polygon by ear clipping, then flips diagonals until the triangulation is
/// the constrained Delaunay one (see [`Triangulation::flip_all`]); returns index triples into
/// `poly`.
///
/// O(n²), fine for the few hundred points of a flattened schematic region, done once at load.
/// Degenerate or self-intersecting input still yields triangles covering most of it rather
/// than failing: the loop falls back to clipping any convex corner.
///
/// Why the flips: ear clipping leaves fans of long, thin triangles reaching across a region, and
/// a software rasteriser (llvmpipe, on machines without a GPU) works through every 4 × 4 pixel
/// block a triangle's edges cross, so slivers cost many times their area. The same region from
/// Delaunay triangles (across a limb rather than along it) costs about a third less to paint.
pub fn triangulate(poly: &[Pos2]) -> Vec<[u32; 3]> {
    let n = poly.len();
    if n < 3 {
        return Vec::new();
    }
    let ccw = signed_area(poly) > 0.0;
    let mut idx: Vec<usize> = (0..n).collect();
    let mut tris = Vec::with_capacity(n - 2);
    let cross = |a: Pos2, b: Pos2, c: Pos2| (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    let convex = |a: Pos2, b: Pos2, c: Pos2| {
        let z = cross(a, b, c);
        if ccw { z > 0.0 } else { z < 0.0 }
    };
    // The search goes on from the last ear instead of restarting at the first corner, which
    // keeps ear clipping near O(n²) on the long outlines.
    let mut k = 0;
    let mut misses = 0;
    while idx.len() > 3 {
        let m = idx.len();
        k %= m;
        let (ia, ib, ic) = (idx[(k + m - 1) % m], idx[k], idx[(k + 1) % m]);
        let (a, b, c) = (poly[ia], poly[ib], poly[ic]);
        let ear = convex(a, b, c)
            && !idx.iter().any(|&j| {
                if j == ia || j == ib || j == ic {
                    return false;
                }
                let p = poly[j];
                let (d1, d2, d3) = (cross(a, b, p), cross(b, c, p), cross(c, a, p));
                if ccw { d1 >= 0.0 && d2 >= 0.0 && d3 >= 0.0 } else { d1 <= 0.0 && d2 <= 0.0 && d3 <= 0.0 }
            });
        if ear {
            tris.push([ia as u32, ib as u32, ic as u32]);
            idx.remove(k);
            k = (k + m - 2) % (m - 1);
            misses = 0;
        } else if misses >= m {
            // No clean ear (degenerate input): clip the first corner to guarantee progress.
            tris.push([idx[m - 1] as u32, idx[0] as u32, idx[1] as u32]);
            idx.remove(0);
            k = 0;
            misses = 0;
        } else {
            k += 1;
            misses += 1;
        }
    }
    if idx.len() == 3 {
        tris.push([idx[0] as u32, idx[1] as u32, idx[2] as u32]);
    }
    let mut triangulation = Triangulation::new(poly, tris);
    triangulation.flip_all();
    triangulation.triangles
}

/// No neighbour: the edge is on the outline.
const NONE: usize = usize::MAX;

/// A polygon's triangulation being improved: its triangles, each one's neighbours across its
/// edges, and the orientation the polygon's triangles share.
struct Triangulation<'a> {
    points: &'a [Pos2],
    triangles: Vec<[u32; 3]>,
    /// `neighbours[t][k]`: the triangle across edge k of triangle t (corner k to corner k + 1).
    neighbours: Vec<[usize; 3]>,
    /// The sign of every triangle's [`Triangulation::orient`].
    sign: f64,
}

impl<'a> Triangulation<'a> {
    fn new(points: &'a [Pos2], triangles: Vec<[u32; 3]>) -> Self {
        let mut neighbours = vec![[NONE; 3]; triangles.len()];
        let mut edges: Vec<(u32, u32, usize, usize)> = Vec::with_capacity(3 * triangles.len());
        for (t, tri) in triangles.iter().enumerate() {
            for k in 0..3 {
                let (a, b) = (tri[k], tri[(k + 1) % 3]);
                edges.push((a.min(b), a.max(b), t, k));
            }
        }
        edges.sort_unstable();
        for pair in edges.windows(2) {
            let ((a0, b0, t0, k0), (a1, b1, t1, k1)) = (pair[0], pair[1]);
            if (a0, b0) == (a1, b1) {
                neighbours[t0][k0] = t1;
                neighbours[t1][k1] = t0;
            }
        }
        let mut triangulation = Self { points, triangles, neighbours, sign: 0.0 };
        if let Some(&[a, b, c]) = triangulation.triangles.first() {
            triangulation.sign = triangulation.orient(a, b, c).signum();
        }
        triangulation
    }

    fn at(&self, i: u32) -> (f64, f64) {
        let p = self.points[i as usize];
        (f64::from(p.x), f64::from(p.y))
    }

    /// Twice the signed area of triangle a, b, c.
    fn orient(&self, a: u32, b: u32, c: u32) -> f64 {
        let ((ax, ay), (bx, by), (cx, cy)) = (self.at(a), self.at(b), self.at(c));
        (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    }

    /// Positive when d lies inside the circle through a, b, c (counter-clockwise in this frame).
    fn in_circle(&self, a: u32, b: u32, c: u32, d: u32) -> f64 {
        let (dx, dy) = self.at(d);
        let rel = |i: u32| {
            let (x, y) = self.at(i);
            (x - dx, y - dy, (x - dx) * (x - dx) + (y - dy) * (y - dy))
        };
        let ((ax, ay, aw), (bx, by, bw), (cx, cy, cw)) = (rel(a), rel(b), rel(c));
        ax * (by * cw - bw * cy) - ay * (bx * cw - bw * cx) + aw * (bx * cy - by * cx)
    }

    /// The slot of the triangle's edge from a to b.
    fn slot(tri: [u32; 3], a: u32, b: u32) -> Option<usize> {
        (0..3).find(|&k| tri[k] == a && tri[(k + 1) % 3] == b)
    }

    /// Lawson's flips until the triangulation is the constrained Delaunay one: a diagonal whose
    /// far corner lies in the circle through the near triangle is flipped, and the four edges
    /// around it are checked again. No triangle's circumcircle then holds the far corner of its
    /// neighbour: the triangles are as round as the outline allows.
    fn flip_all(&mut self) {
        // Queued edges: a triangle and the ends of one of its edges, each diagonal once.
        let mut pending = Vec::with_capacity(3 * self.triangles.len());
        for (t, tri) in self.triangles.iter().enumerate() {
            for k in 0..3 {
                if self.neighbours[t][k] != NONE && t < self.neighbours[t][k] {
                    pending.push((t, tri[k], tri[(k + 1) % 3]));
                }
            }
        }
        // Each flip makes the triangulation strictly closer to Delaunay, so this ends; the cap
        // only guards against rounding on degenerate input.
        let mut budget = 16 * self.triangles.len() + 64;
        while let Some((t1, u, v)) = pending.pop() {
            // The edge may have been flipped away since it was queued.
            let Some(k) = Self::slot(self.triangles[t1], u, v).or_else(|| Self::slot(self.triangles[t1], v, u)) else {
                continue;
            };
            let [u, v, c] = [0, 1, 2].map(|i| self.triangles[t1][(k + i) % 3]);
            let t2 = self.neighbours[t1][k];
            if t2 == NONE {
                continue;
            }
            let Some(j) = Self::slot(self.triangles[t2], v, u) else { continue };
            let d = self.triangles[t2][(j + 2) % 3];
            // Only a strictly convex quadrilateral can be flipped, and only when d is in the circle.
            if self.orient(u, d, c) * self.sign <= 0.0
                || self.orient(v, c, d) * self.sign <= 0.0
                || self.in_circle(u, v, c, d) * self.sign <= 0.0
            {
                continue;
            }
            if budget == 0 {
                break;
            }
            budget -= 1;
            let across_vc = self.neighbours[t1][(k + 1) % 3];
            let across_cu = self.neighbours[t1][(k + 2) % 3];
            let across_ud = self.neighbours[t2][(j + 1) % 3];
            let across_dv = self.neighbours[t2][(j + 2) % 3];
            self.triangles[t1] = [u, d, c];
            self.neighbours[t1] = [across_ud, t2, across_cu];
            self.triangles[t2] = [v, c, d];
            self.neighbours[t2] = [across_vc, t1, across_dv];
            // The edges that changed triangles point back to their new one.
            self.repoint(across_vc, t1, t2);
            self.repoint(across_ud, t2, t1);
            pending.extend([(t1, u, d), (t1, c, u), (t2, v, c), (t2, d, v)]);
        }
    }

    /// Triangle `outer`'s neighbour `from` becomes `to`.
    fn repoint(&mut self, outer: usize, from: usize, to: usize) {
        if outer != NONE
            && let Some(s) = self.neighbours[outer].iter().position(|&n| n == from)
        {
            self.neighbours[outer][s] = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::emath::pos2;

    #[test]
    fn square_and_l_shape() {
        let sq = [pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0), pos2(0.0, 10.0)];
        assert!(point_in_polygon(pos2(5.0, 5.0), &sq));
        assert!(!point_in_polygon(pos2(15.0, 5.0), &sq));
        assert_eq!(triangulate(&sq).len(), 2);
        let l = [pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 4.0), pos2(4.0, 4.0), pos2(4.0, 10.0), pos2(0.0, 10.0)];
        let tris = triangulate(&l);
        assert_eq!(tris.len(), 4);
        let area: f32 =
            tris.iter().map(|t| signed_area(&[l[t[0] as usize], l[t[1] as usize], l[t[2] as usize]]).abs()).sum();
        assert!((area - 64.0).abs() < 1e-3);
        assert!((distance_to_polyline(pos2(5.0, 3.0), &sq, true) - 3.0).abs() < 1e-5);
    }

    /// Checks that `tris` triangulate `poly` exactly: n − 2 triangles, all turning the polygon's
    /// way, covering its area, each inside it.
    fn assert_triangulates(poly: &[Pos2], tris: &[[u32; 3]]) {
        assert_eq!(tris.len(), poly.len() - 2);
        let area = signed_area(poly);
        let mut covered = 0.0;
        for t in tris {
            let [a, b, c] = t.map(|i| poly[i as usize]);
            let part = signed_area(&[a, b, c]);
            assert!(part * area > 0.0, "a triangle turned over: {t:?}");
            covered += part;
            let centre = pos2((a.x + b.x + c.x) / 3.0, (a.y + b.y + c.y) / 3.0);
            assert!(point_in_polygon(centre, poly), "a triangle outside the polygon: {t:?}");
        }
        assert!((covered - area).abs() <= area.abs() * 1e-4, "covered {covered} of {area}");
    }

    #[test]
    fn long_regions_are_cut_across_not_along() {
        // A limb-like band 200 long and 12 wide, its long sides sampled every 4 units: ear
        // clipping alone fans triangles from one end along its whole length.
        let mut band: Vec<Pos2> = (0..=50).map(|i| pos2(4.0 * i as f32, 0.0)).collect();
        band.extend((0..=50).rev().map(|i| pos2(4.0 * i as f32, 12.0 + (i as f32 * 0.3).sin())));
        let tris = triangulate(&band);
        assert_triangulates(&band, &tris);
        let longest = tris
            .iter()
            .flat_map(|t| [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])])
            .map(|(a, b)| (band[a as usize] - band[b as usize]).length())
            .fold(0.0, f32::max);
        assert!(longest < 20.0, "a triangle reaches {longest} along the band");
        // Delaunay: across every shared edge, the far corner lies outside the near triangle's
        // circumcircle.
        for (i, t) in tris.iter().enumerate() {
            for u in tris.iter().skip(i + 1) {
                let shared: Vec<u32> = t.iter().copied().filter(|v| u.contains(v)).collect();
                if shared.len() != 2 {
                    continue;
                }
                let far = u.iter().copied().find(|v| !shared.contains(v)).map(|v| band[v as usize]);
                let [a, b, c] = t.map(|v| band[v as usize]);
                let (ax, ay, bx, by) = (b.x - a.x, b.y - a.y, c.x - a.x, c.y - a.y);
                let d = 2.0 * (ax * by - ay * bx);
                let centre = a + egui::emath::vec2(
                    (by * (ax * ax + ay * ay) - ay * (bx * bx + by * by)) / d,
                    (ax * (bx * bx + by * by) - bx * (ax * ax + ay * ay)) / d,
                );
                let radius = (a - centre).length();
                if let Some(far) = far {
                    assert!((far - centre).length() >= radius * (1.0 - 1e-4), "{t:?} and {u:?} are not Delaunay");
                }
            }
        }
    }

    #[test]
    fn flipping_keeps_concave_and_spiral_outlines_whole() {
        // A comb: deep notches a flip must never cut across.
        let mut comb = vec![pos2(0.0, 0.0), pos2(60.0, 0.0)];
        for k in (0..6).rev() {
            let x = 10.0 * k as f32;
            comb.extend([
                pos2(x + 10.0, 40.0),
                pos2(x + 6.0, 40.0),
                pos2(x + 6.0, 5.0),
                pos2(x + 4.0, 5.0),
                pos2(x + 4.0, 40.0),
            ]);
        }
        comb.push(pos2(0.0, 40.0));
        assert_triangulates(&comb, &triangulate(&comb));
        // Both turning directions, and a round outline whose points all lie on one circle.
        let reversed: Vec<Pos2> = comb.iter().rev().copied().collect();
        assert_triangulates(&reversed, &triangulate(&reversed));
        let circle: Vec<Pos2> = (0..64)
            .map(|i| {
                let a = i as f32 * std::f32::consts::TAU / 64.0;
                pos2(50.0 * a.cos(), 50.0 * a.sin())
            })
            .collect();
        assert_triangulates(&circle, &triangulate(&circle));
    }
}
