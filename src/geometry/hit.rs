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

/// Triangulates a simple polygon by ear clipping; returns index triples into `poly`.
///
/// O(n²), fine for the few hundred points of a flattened schematic region, done once at load.
/// Degenerate or self-intersecting input still yields triangles covering most of it rather
/// than failing: the loop falls back to clipping any convex corner.
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
    tris
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
}
