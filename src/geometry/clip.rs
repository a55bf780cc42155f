//! Clipping the skin maps (dermatomes, cutaneous territories) to the body silhouette at load.
//!
//! The skin maps are authored past the silhouette's edge, and the window used to paint all of
//! them and then cover the spill; under a software renderer every covered pixel is paid for.
//! Clipping once at load leaves only the skin to paint.
//!
//! The silhouette is concave (two legs, toes), so Sutherland–Hodgman, which clips only to convex
//! regions, does not do. The intersection here is computed by edge classification, which copes
//! with what the drawing has many of: skin-map borders that run along the silhouette itself (the
//! generator builds them from the same contour pieces, so they coincide exactly):
//!
//! 1. Both polygons are oriented alike and their edges are split at every point where they cross
//!    or touch, with points closer than [`SNAP`] merged into one vertex, so a stretch they share
//!    becomes the same edges in both.
//! 2. Every split edge is kept or dropped: a subject edge inside the silhouette, a silhouette edge
//!    inside the subject, and a shared edge running the same way (once) make the boundary of the
//!    intersection; the rest lies outside one of the two.
//! 3. The kept edges are linked end to start into closed loops; where several leave one vertex
//!    (two pieces touching) the walk takes the sharpest turn towards the inside, so touching
//!    pieces come out as separate loops.

use std::collections::HashMap;

use egui::emath::{Pos2, pos2};

use super::model::{COARSE_STROKE_TOLERANCE, Geometry, STROKE_TOLERANCE, ShapeStyle, ViewMap};
use super::path::{Seg, Subpath};

/// Points closer than this (model units, on a 1000 × 1500 canvas) are one vertex.
const SNAP: f64 = 1e-2;

type P = [f64; 2];

fn sub(a: P, b: P) -> P {
    [a[0] - b[0], a[1] - b[1]]
}

fn cross(a: P, b: P) -> f64 {
    a[0] * b[1] - a[1] * b[0]
}

fn dot(a: P, b: P) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

fn len(a: P) -> f64 {
    dot(a, a).sqrt()
}

fn signed_area(poly: &[P]) -> f64 {
    let n = poly.len();
    (0..n).map(|i| cross(poly[i], poly[(i + 1) % n])).sum::<f64>() * 0.5
}

/// What clipping a subject polygon to the silhouette gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Clipped {
    /// The subject lies wholly inside: keep it as it is (with its curves).
    Unchanged,
    /// The parts of the subject inside the silhouette (none when it lies wholly outside).
    Pieces(Vec<Vec<Pos2>>),
}

/// The edges of a polygon bucketed by horizontal bands, for point-in-polygon tests and for
/// finding the edges that may cross a segment without trying all of them.
struct Bands {
    poly: Vec<P>,
    y0: f64,
    height: f64,
    /// Edge `i` runs from `poly[i]` to `poly[i + 1]` (wrapping).
    bands: Vec<Vec<usize>>,
    min: P,
    max: P,
}

impl Bands {
    fn new(poly: Vec<P>) -> Bands {
        let n = poly.len();
        let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in &poly {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        let count = (n / 4).clamp(1, 4096);
        let height = ((max[1] - min[1]) / count as f64).max(1e-9);
        let mut bands = vec![Vec::new(); count];
        for i in 0..n {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            let (lo, hi) = (a[1].min(b[1]), a[1].max(b[1]));
            let (first, last) = (Self::index(min[1], height, count, lo), Self::index(min[1], height, count, hi));
            for band in &mut bands[first..=last] {
                band.push(i);
            }
        }
        Bands { poly, y0: min[1], height, bands, min, max }
    }

    fn index(y0: f64, height: f64, count: usize, y: f64) -> usize {
        (((y - y0) / height).floor().max(0.0) as usize).min(count - 1)
    }

    fn band_range(&self, lo: f64, hi: f64) -> std::ops::RangeInclusive<usize> {
        let count = self.bands.len();
        Self::index(self.y0, self.height, count, lo)..=Self::index(self.y0, self.height, count, hi)
    }

    /// Even-odd containment with the half-open crossing rule (as `hit::point_in_polygon`).
    fn contains(&self, p: P) -> bool {
        if p[0] < self.min[0] || p[0] > self.max[0] || p[1] < self.min[1] || p[1] > self.max[1] {
            return false;
        }
        let n = self.poly.len();
        let band = &self.bands[Self::index(self.y0, self.height, self.bands.len(), p[1])];
        let mut inside = false;
        for &i in band {
            let (a, b) = (self.poly[i], self.poly[(i + 1) % n]);
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if p[0] < x {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

/// Merges points closer than [`SNAP`]: the id of each point's first close neighbour in sorted
/// order (a sweep along x), so coincident vertices of the two polygons become one vertex.
fn merge_close(points: &[P]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| points[a][0].total_cmp(&points[b][0]));
    let mut canonical: Vec<usize> = (0..points.len()).collect();
    for (k, &i) in order.iter().enumerate() {
        if canonical[i] != i {
            continue;
        }
        for &j in &order[k + 1..] {
            if points[j][0] - points[i][0] > SNAP {
                break;
            }
            if canonical[j] == j && len(sub(points[j], points[i])) <= SNAP {
                canonical[j] = i;
            }
        }
    }
    canonical
}

/// A polygon without repeated consecutive points, oriented with a positive signed area.
fn prepare(points: &[Pos2]) -> Vec<P> {
    let mut poly: Vec<P> = Vec::with_capacity(points.len());
    for p in points {
        let q = [f64::from(p.x), f64::from(p.y)];
        if poly.last().is_none_or(|l| len(sub(*l, q)) > SNAP) {
            poly.push(q);
        }
    }
    while poly.len() > 1 && poly.first().zip(poly.last()).is_some_and(|(a, b)| len(sub(*a, *b)) <= SNAP) {
        poly.pop();
    }
    if signed_area(&poly) < 0.0 {
        poly.reverse();
    }
    poly
}

/// A clip outline prepared once for many subjects.
pub struct Outline {
    bands: Bands,
}

impl Outline {
    /// `None` for a degenerate outline (fewer than three points, no area).
    pub fn new(points: &[Pos2]) -> Option<Outline> {
        let poly = prepare(points);
        (poly.len() >= 3 && signed_area(&poly).abs() > 1e-9).then(|| Outline { bands: Bands::new(poly) })
    }
}

impl Outline {
    /// Whether `p` lies on the outline, within `tolerance`.
    fn touches(&self, p: Pos2, tolerance: f64) -> bool {
        let (b, p) = (&self.bands, [f64::from(p.x), f64::from(p.y)]);
        let n = b.poly.len();
        b.band_range(p[1] - tolerance, p[1] + tolerance).any(|band| {
            b.bands[band].iter().any(|&i| {
                let (a, c) = (b.poly[i], b.poly[(i + 1) % n]);
                let ac = sub(c, a);
                let t = (dot(sub(p, a), ac) / dot(ac, ac).max(1e-18)).clamp(0.0, 1.0);
                len(sub(p, [a[0] + ac[0] * t, a[1] + ac[1] * t])) <= tolerance
            })
        })
    }
}

/// How far a skin map's edge may lie from the silhouette and still count as running along it
/// (model units): clipping merges points up to [`SNAP`] apart.
const ON_OUTLINE: f64 = 4.0 * SNAP;

/// The pieces of a closed skin-map polygon's outline that do not run along the silhouette, or
/// `None` when none of it does. A skin map's soft border is a wide stroke; along the silhouette
/// half of it would lie off the skin, where nothing covers it now that the window paints no mask
/// (the silhouette's own outline is drawn there).
fn inner_pieces(points: &[Pos2], outline: &Outline) -> Option<Vec<Vec<Pos2>>> {
    let n = points.len();
    let on_outline: Vec<bool> = (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            [a, b, a.lerp(b, 0.5)].into_iter().all(|p| outline.touches(p, ON_OUTLINE))
        })
        .collect();
    // Start the walk just after an edge on the silhouette, so every piece is whole.
    let first = on_outline.iter().position(|&on| on)?;
    let mut pieces = Vec::new();
    let mut piece: Vec<Pos2> = Vec::new();
    for k in 1..=n {
        let i = (first + k) % n;
        if on_outline[i] {
            if piece.len() >= 2 {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.clear();
        } else {
            if piece.is_empty() {
                piece.push(points[i]);
            }
            piece.push(points[(i + 1) % n]);
        }
    }
    Some(pieces)
}

/// The stroke runs of `pieces` (see [`inner_pieces`]), simplified to `tolerance` model units.
fn stroke_runs_of(pieces: &[Vec<Pos2>], tolerance: f32) -> Vec<Vec<Pos2>> {
    pieces.iter().flat_map(|piece| super::model::stroke_runs_within(piece, false, tolerance).0).collect()
}

/// The part of the simple polygon `subject` (implicitly closed, either orientation) that lies
/// inside the outline. Only the outline's edges near the subject are looked at, so clipping many
/// small regions to one long outline stays cheap.
pub fn intersect_outline(subject: &[Pos2], outline: &Outline) -> Clipped {
    let s = prepare(subject);
    if s.len() < 3 || signed_area(&s).abs() < 1e-9 {
        return Clipped::Pieces(Vec::new());
    }
    let (s, c) = (Bands::new(s), &outline.bands);
    let (lo, hi) = ([s.min[0] - SNAP, s.min[1] - SNAP], [s.max[0] + SNAP, s.max[1] + SNAP]);
    if hi[0] < c.min[0] || c.max[0] < lo[0] || hi[1] < c.min[1] || c.max[1] < lo[1] {
        return Clipped::Pieces(Vec::new());
    }
    let (ns, nc) = (s.poly.len(), c.poly.len());
    // The outline's edges whose boxes meet the subject's: the others lie outside the subject,
    // cross none of its edges, and are not part of the result.
    let mut near: Vec<usize> = c
        .band_range(lo[1], hi[1])
        .flat_map(|band| c.bands[band].iter().copied())
        .filter(|&j| {
            let (q, q2) = (c.poly[j], c.poly[(j + 1) % nc]);
            q[0].max(q2[0]) >= lo[0] && q[0].min(q2[0]) <= hi[0] && q[1].max(q2[1]) >= lo[1] && q[1].min(q2[1]) <= hi[1]
        })
        .collect();
    near.sort_unstable();
    near.dedup();
    // Vertex ids: the subject's points, then the near outline points; coincident ones merged.
    let mut points: Vec<P> = s.poly.clone();
    let mut c_id = vec![usize::MAX; nc];
    for &j in &near {
        for k in [j, (j + 1) % nc] {
            if c_id[k] == usize::MAX {
                c_id[k] = points.len();
                points.push(c.poly[k]);
            }
        }
    }
    let canonical = merge_close(&points);
    let s_ids: Vec<usize> = (0..ns).map(|i| canonical[i]).collect();
    for id in c_id.iter_mut().filter(|id| **id != usize::MAX) {
        *id = canonical[*id];
    }
    // Split points per edge: (parameter along the edge, vertex id).
    let mut s_splits: Vec<Vec<(f64, usize)>> = vec![Vec::new(); ns];
    let mut c_splits: Vec<Vec<(f64, usize)>> = vec![Vec::new(); nc];
    let mut seen = vec![usize::MAX; nc];
    for i in 0..ns {
        let (p, p2) = (s.poly[i], s.poly[(i + 1) % ns]);
        let r = sub(p2, p);
        let r_len = len(r);
        if r_len <= SNAP {
            continue;
        }
        let (ylo, yhi) = (p[1].min(p2[1]) - SNAP, p[1].max(p2[1]) + SNAP);
        let (xlo, xhi) = (p[0].min(p2[0]) - SNAP, p[0].max(p2[0]) + SNAP);
        // The outline's edges in the bands this edge spans (each once); all of them that meet
        // the edge's box are in `near`.
        let candidates = c.band_range(ylo, yhi).flat_map(|band| c.bands[band].iter().copied());
        for j in candidates {
            if seen[j] == i {
                continue;
            }
            seen[j] = i;
            let (q, q2) = (c.poly[j], c.poly[(j + 1) % nc]);
            if q[1].max(q2[1]) < ylo || q[1].min(q2[1]) > yhi || q[0].max(q2[0]) < xlo || q[0].min(q2[0]) > xhi {
                continue;
            }
            let sv = sub(q2, q);
            let s_len = len(sv);
            if s_len <= SNAP {
                continue;
            }
            let denom = cross(r, sv);
            if denom.abs() > 1e-9 * r_len * s_len {
                let t = cross(sub(q, p), sv) / denom;
                let u = cross(sub(q, p), r) / denom;
                let (et, eu) = (SNAP / r_len, SNAP / s_len);
                if t >= -et && t <= 1.0 + et && u >= -eu && u <= 1.0 + eu {
                    let (t, u) = (t.clamp(0.0, 1.0), u.clamp(0.0, 1.0));
                    let x = [p[0] + t * r[0], p[1] + t * r[1]];
                    // A crossing at (or within SNAP of) an end of either edge is that vertex.
                    let ends = [(p, s_ids[i]), (p2, s_ids[(i + 1) % ns]), (q, c_id[j]), (q2, c_id[(j + 1) % nc])];
                    let id = match ends.iter().find(|(e, _)| len(sub(*e, x)) <= SNAP) {
                        Some(&(_, id)) => id,
                        None => {
                            points.push(x);
                            points.len() - 1
                        }
                    };
                    s_splits[i].push((t, id));
                    c_splits[j].push((u, id));
                }
            } else if (cross(r, sub(q, p)) / r_len).abs() <= SNAP {
                // Collinear: each edge is split where the other's ends lie on it.
                for k in [j, (j + 1) % nc] {
                    let t = dot(sub(c.poly[k], p), r) / (r_len * r_len);
                    if t > 0.0 && t < 1.0 {
                        s_splits[i].push((t, c_id[k]));
                    }
                }
                for (end, id) in [(p, s_ids[i]), (p2, s_ids[(i + 1) % ns])] {
                    let u = dot(sub(end, q), sv) / (s_len * s_len);
                    if u > 0.0 && u < 1.0 {
                        c_splits[j].push((u, id));
                    }
                }
            }
        }
    }
    // Each edge cut at its split points into sub-edges between distinct vertices.
    fn cut(from: usize, to: usize, splits: Option<&mut Vec<(f64, usize)>>, out: &mut Vec<(usize, usize)>) {
        let mut prev = from;
        let mut ids: Vec<usize> = Vec::new();
        if let Some(list) = splits {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            ids.extend(list.iter().map(|&(_, id)| id));
        }
        ids.push(to);
        for id in ids {
            if id != prev {
                out.push((prev, id));
                prev = id;
            }
        }
    }
    let mut s_edges = Vec::with_capacity(ns);
    for (i, splits) in s_splits.iter_mut().enumerate() {
        cut(s_ids[i], s_ids[(i + 1) % ns], Some(splits), &mut s_edges);
    }
    let mut c_edges = Vec::new();
    for &j in &near {
        cut(c_id[j], c_id[(j + 1) % nc], Some(&mut c_splits[j]), &mut c_edges);
    }
    let sorted = |edges: &[(usize, usize)]| {
        let mut v = edges.to_vec();
        v.sort_unstable();
        v
    };
    let (c_set, s_set) = (sorted(&c_edges), sorted(&s_edges));
    let has = |set: &[(usize, usize)], e: (usize, usize)| set.binary_search(&e).is_ok();
    let mid = |(a, b): (usize, usize)| {
        let (a, b) = (points[a], points[b]);
        [(a[0] + b[0]) * 0.5, (a[1] + b[1]) * 0.5]
    };
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut subject_whole = true;
    for &e in &s_edges {
        let keep = if has(&c_set, e) {
            true
        } else if has(&c_set, (e.1, e.0)) {
            false
        } else {
            c.contains(mid(e))
        };
        subject_whole &= keep;
        if keep {
            kept.push(e);
        }
    }
    let mut clip_used = false;
    for &e in &c_edges {
        if !has(&s_set, e) && !has(&s_set, (e.1, e.0)) && s.contains(mid(e)) {
            kept.push(e);
            clip_used = true;
        }
    }
    if subject_whole && !clip_used {
        return Clipped::Unchanged;
    }
    Clipped::Pieces(link(&kept, &points))
}

/// Links directed edges end to start into closed loops.
fn link(edges: &[(usize, usize)], points: &[P]) -> Vec<Vec<Pos2>> {
    let mut outgoing: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, e) in edges.iter().enumerate() {
        outgoing.entry(e.0).or_default().push(k);
    }
    let mut used = vec![false; edges.len()];
    let mut loops = Vec::new();
    for first in 0..edges.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let start = edges[first].0;
        let mut ring = vec![start];
        let mut current = first;
        loop {
            let (from, at) = edges[current];
            if at == start {
                break;
            }
            ring.push(at);
            let incoming = sub(points[at], points[from]);
            // The sharpest left turn: with both polygons oriented positively the inside is on
            // the left, so touching pieces stay apart.
            let next = outgoing.get(&at).and_then(|ks| {
                ks.iter().copied().filter(|k| !used[*k]).max_by(|a, b| {
                    let turn = |k: usize| {
                        let d = sub(points[edges[k].1], points[at]);
                        cross(incoming, d).atan2(dot(incoming, d))
                    };
                    turn(*a).total_cmp(&turn(*b))
                })
            });
            match next {
                Some(k) => {
                    used[k] = true;
                    current = k;
                }
                // A chain that does not close (points merged differently on the two polygons):
                // close it where it stops rather than lose the piece.
                None => break,
            }
        }
        let ring: Vec<P> = ring.iter().map(|&id| points[id]).collect();
        if ring.len() >= 3 && signed_area(&ring).abs() > 1e-6 {
            loops.push(ring.iter().map(|p| pos2(p[0] as f32, p[1] as f32)).collect());
        }
    }
    loops
}

/// Clips every dermatome and cutaneous territory of the view to its skin silhouette (the
/// outline with the fill style). A region wholly on the skin keeps its curves; a clipped one
/// becomes the polygons of its flattened outline inside the silhouette.
pub(super) fn clip_skin_maps_to_silhouette(vm: &mut ViewMap, tolerance: f32) {
    let Some(body) = vm
        .outline
        .iter()
        .find(|s| s.style == ShapeStyle::Fill)
        .and_then(|s| s.geometry.polys.iter().find(|p| p.closed))
        .and_then(|p| Outline::new(&p.points))
    else {
        return;
    };
    for region in vm.dermatomes.iter_mut().chain(vm.cutaneous.iter_mut()) {
        let polys = &region.geometry.polys;
        if polys.iter().any(|p| !p.closed) {
            continue;
        }
        let results: Vec<Clipped> = polys.iter().map(|p| intersect_outline(&p.points, &body)).collect();
        if results.iter().all(|r| *r == Clipped::Unchanged) {
            continue;
        }
        let mut subpaths = Vec::new();
        for (poly, result) in polys.iter().zip(results) {
            let pieces = match result {
                Clipped::Unchanged => vec![poly.points.clone()],
                Clipped::Pieces(pieces) => pieces,
            };
            for piece in pieces {
                let (Some(&start), Some(rest)) = (piece.first(), piece.get(1..)) else { continue };
                subpaths.push(Subpath { start, segs: rest.iter().map(|p| Seg::Line(*p)).collect(), closed: true });
            }
        }
        region.geometry = Geometry::new(subpaths, tolerance);
    }
    for region in vm.dermatomes.iter_mut().chain(vm.cutaneous.iter_mut()) {
        for poly in region.geometry.polys.iter_mut().filter(|p| p.closed) {
            if let Some(pieces) = inner_pieces(&poly.points, &body) {
                poly.stroke_runs = stroke_runs_of(&pieces, STROKE_TOLERANCE);
                poly.stroke_closed = false;
                // The coarse level leaves out the same edges.
                if let Some(coarse) = &mut poly.coarse {
                    coarse.stroke_runs = stroke_runs_of(&pieces, COARSE_STROKE_TOLERANCE);
                    coarse.stroke_closed = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::hit::{distance_to_polyline, point_in_polygon};
    use crate::geometry::path::parse_path;
    use crate::geometry::{BUILTIN_TOML, BodyMap, Region};
    use crate::knowledge::Side;

    fn intersect(subject: &[Pos2], clip: &[Pos2]) -> Clipped {
        match Outline::new(clip) {
            Some(outline) => intersect_outline(subject, &outline),
            None => panic!("degenerate outline {clip:?}"),
        }
    }

    fn area(poly: &[Pos2]) -> f32 {
        crate::geometry::hit::signed_area(poly).abs()
    }

    fn pieces(result: Clipped) -> Vec<Vec<Pos2>> {
        match result {
            Clipped::Pieces(p) => p,
            Clipped::Unchanged => panic!("expected the subject to be clipped"),
        }
    }

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Pos2> {
        vec![pos2(x0, y0), pos2(x1, y0), pos2(x1, y1), pos2(x0, y1)]
    }

    /// A U: two prongs 0..10 and 20..30 wide joined by a base below y = 30.
    fn u_shape() -> Vec<Pos2> {
        [(0.0, 0.0), (10.0, 0.0), (10.0, 30.0), (20.0, 30.0), (20.0, 0.0), (30.0, 0.0), (30.0, 40.0), (0.0, 40.0)]
            .into_iter()
            .map(|(x, y)| pos2(x, y))
            .collect()
    }

    #[test]
    fn a_bar_across_a_concave_outline_is_cut_into_the_pieces_inside() {
        // Sutherland–Hodgman would keep the gap between the prongs; the bar must come out as two.
        let out = pieces(intersect(&rect(-5.0, 10.0, 35.0, 20.0), &u_shape()));
        assert_eq!(out.len(), 2, "{out:?}");
        for piece in &out {
            assert!((area(piece) - 100.0).abs() < 1e-3, "{piece:?}");
        }
        // Either orientation of either polygon gives the same.
        let mut reversed = u_shape();
        reversed.reverse();
        let again = pieces(intersect(&rect(-5.0, 10.0, 35.0, 20.0), &reversed));
        assert_eq!(again.len(), 2);
    }

    #[test]
    fn inside_outside_and_around() {
        assert_eq!(intersect(&rect(2.0, 2.0, 8.0, 8.0), &u_shape()), Clipped::Unchanged);
        assert_eq!(intersect(&rect(12.0, 2.0, 18.0, 8.0), &u_shape()), Clipped::Pieces(Vec::new()), "in the gap");
        assert_eq!(intersect(&rect(100.0, 0.0, 110.0, 10.0), &u_shape()), Clipped::Pieces(Vec::new()));
        // A subject around the whole outline is clipped to the outline itself.
        let out = pieces(intersect(&rect(-10.0, -10.0, 50.0, 50.0), &u_shape()));
        assert_eq!(out.len(), 1);
        assert!((area(&out[0]) - area(&u_shape())).abs() < 1e-3);
    }

    #[test]
    fn borders_shared_with_the_outline_are_kept_once() {
        // The subject runs along the outline's left, top and bottom edges, then out to the right.
        let clip = rect(0.0, 0.0, 10.0, 10.0);
        let out = pieces(intersect(&rect(0.0, 0.0, 15.0, 10.0), &clip));
        assert_eq!(out.len(), 1, "{out:?}");
        assert!((area(&out[0]) - 100.0).abs() < 1e-3);
        // Sharing only a part of an edge, with the outline's corner on the subject's edge.
        let out = pieces(intersect(&rect(5.0, 0.0, 15.0, 10.0), &clip));
        assert!((out.iter().map(|p| area(p)).sum::<f32>() - 50.0).abs() < 1e-3, "{out:?}");
        // Wholly inside while touching the border: unchanged.
        assert_eq!(intersect(&rect(0.0, 0.0, 5.0, 10.0), &clip), Clipped::Unchanged);
        // Touching from outside along an edge: nothing.
        assert_eq!(intersect(&rect(10.0, 0.0, 20.0, 10.0), &clip), Clipped::Pieces(Vec::new()));
    }

    /// The regions as the file draws them, before clipping: flattened like the loader does,
    /// sides generated by the same mirror rules.
    fn unclipped(map: &BodyMap, view: &str, layer: &str, key: &str) -> Vec<(String, Side, Vec<Vec<Pos2>>)> {
        let file: toml::Value = match toml::from_str(BUILTIN_TOML) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        let Some(records) = file.get(view).and_then(|v| v.get(layer)).and_then(|v| v.as_array()) else {
            panic!("no {view}.{layer}")
        };
        let midline = 500.0;
        let mut out = Vec::new();
        for r in records {
            let (Some(id), Some(d)) = (r.get(key).and_then(|v| v.as_str()), r.get("d").and_then(|v| v.as_str())) else {
                panic!("{view}.{layer}: {r:?}")
            };
            let subpaths = match parse_path(d) {
                Ok(sp) => sp,
                Err(e) => panic!("{e:?}"),
            };
            let flat = |sps: &[Subpath]| sps.iter().map(|sp| sp.flatten(map.tolerance)).collect::<Vec<_>>();
            match r.get("mirror").and_then(|v| v.as_str()).unwrap_or("copy") {
                "copy" => {
                    let right: Vec<Subpath> = subpaths.iter().map(|s| s.mirrored(midline)).collect();
                    out.push((id.to_string(), Side::Left, flat(&subpaths)));
                    out.push((id.to_string(), Side::Right, flat(&right)));
                }
                "none" => out.push((id.to_string(), Side::Midline, flat(&subpaths))),
                _ => {
                    let half = &subpaths[0];
                    let mut segs = half.segs.clone();
                    segs.extend(half.mirrored(midline).reversed().segs);
                    let whole = Subpath { start: half.start, segs, closed: true };
                    out.push((id.to_string(), Side::Midline, flat(&[whole])));
                }
            }
        }
        out
    }

    #[test]
    fn the_maps_skin_maps_are_clipped_to_the_silhouette() {
        let map = match BodyMap::builtin() {
            Ok(m) => m,
            Err(e) => panic!("{e:?}"),
        };
        for (name, vm) in [("posterior", &map.posterior), ("anterior", &map.anterior)] {
            let Some(body) = vm.outline.iter().find(|s| s.style == ShapeStyle::Fill) else { panic!("no silhouette") };
            let body = &body.geometry.polys[0].points;
            let (mut before, mut after, mut clipped_regions) = (0.0f32, 0.0f32, 0);
            for (layer, key, regions) in [("dermatome", "root", &vm.dermatomes), ("cutaneous", "nerve", &vm.cutaneous)]
            {
                let raw = unclipped(&map, name, layer, key);
                assert_eq!(raw.len(), regions.len(), "{name}.{layer}");
                for (id, side, raw_polys) in &raw {
                    let Some(region): Option<&Region> = regions.iter().find(|r| &r.id == id && r.side == *side) else {
                        panic!("{name}.{layer} {id} {side:?} missing")
                    };
                    let what = format!("{name}.{layer} {id} {side:?}");
                    // Every vertex on the skin (inside or on the silhouette).
                    for poly in &region.geometry.polys {
                        for p in &poly.points {
                            assert!(
                                point_in_polygon(*p, body) || distance_to_polyline(*p, body, true) < 0.01,
                                "{what}: {p:?} off the skin"
                            );
                        }
                    }
                    let raw_area: f32 = raw_polys.iter().map(|p| area(p)).sum();
                    let new_area: f32 = region.geometry.polys.iter().map(|p| area(&p.points)).sum();
                    assert!(new_area <= raw_area * 1.0001 + 0.01, "{what}: area grew from {raw_area} to {new_area}");
                    before += raw_area;
                    after += new_area;
                    clipped_regions += usize::from(new_area < raw_area - 1.0);
                    // The same skin is covered: sample the region's box away from both borders.
                    let raw_contains =
                        |p: Pos2| raw_polys.iter().fold(false, |inside, poly| inside ^ point_in_polygon(p, poly));
                    let near_border = |p: Pos2| {
                        distance_to_polyline(p, body, true) < 0.5
                            || raw_polys.iter().any(|poly| distance_to_polyline(p, poly, true) < 0.5)
                    };
                    let bounds = raw_polys
                        .iter()
                        .flatten()
                        .fold(egui::Rect::NOTHING, |r, p| r.union(egui::Rect::from_min_max(*p, *p)));
                    let mut checked = 0;
                    for i in 0..40 {
                        for j in 0..40 {
                            let p = pos2(
                                bounds.left() + bounds.width() * (i as f32 + 0.5) / 40.0,
                                bounds.top() + bounds.height() * (j as f32 + 0.5) / 40.0,
                            );
                            if near_border(p) {
                                continue;
                            }
                            let expected = raw_contains(p) && point_in_polygon(p, body);
                            assert_eq!(region.geometry.contains(p), expected, "{what} at {p:?}");
                            checked += 1;
                        }
                    }
                    assert!(checked > 400, "{what}: {checked}");
                }
            }
            // Some of the drawing spills past the skin (S3 behind; L2, L3 and four territories in
            // front), so clipping removes paint.
            assert!(clipped_regions >= 2, "{name}: only {clipped_regions} regions clipped");
            assert!(after < before, "{name}: {after} vs {before}");
        }
    }
}
