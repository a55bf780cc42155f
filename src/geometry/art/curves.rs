//! Path and spline primitives of the art generator: smooth splines through knots, shared edges
//! (named pieces of a [`Contour`]), regions, ellipses and the cutting of a path by an outline.
//!
//! Every point written out is rounded to 0.1 model unit ([`r`]), so the generated file stays
//! short and its text does not depend on float noise.

use std::ops::Add;

/// A point in model units (authoring frame: x right, y down).
pub type Pt = (f64, f64);

/// Rounds to 0.1 unit, ties to even (the file's precision).
pub fn r(v: f64) -> f64 {
    (v * 10.0).round_ties_even() / 10.0
}

/// A rounded point.
pub fn p(x: f64, y: f64) -> Pt {
    (r(x), r(y))
}

fn sub(a: Pt, b: Pt) -> Pt {
    (a.0 - b.0, a.1 - b.1)
}

fn add(a: Pt, b: Pt) -> Pt {
    (a.0 + b.0, a.1 + b.1)
}

fn mul(a: Pt, k: f64) -> Pt {
    (a.0 * k, a.1 * k)
}

fn length(a: Pt) -> f64 {
    a.0.hypot(a.1)
}

/// The unit vector along `a` (zero for a zero vector).
pub fn unit(a: Pt) -> Pt {
    let l = length(a);
    if l > 1e-9 { (a.0 / l, a.1 / l) } else { (0.0, 0.0) }
}

/// One segment of a path: a straight line or a cubic Bézier (start, controls, end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    /// A straight line from the first point to the second.
    L(Pt, Pt),
    /// A cubic from the first point to the last, with the two control points between.
    C(Pt, Pt, Pt, Pt),
}

impl Seg {
    fn start(&self) -> Pt {
        match *self {
            Seg::L(a, _) | Seg::C(a, ..) => a,
        }
    }

    fn end(&self) -> Pt {
        match *self {
            Seg::L(_, b) | Seg::C(.., b) => b,
        }
    }

    fn rev(&self) -> Seg {
        match *self {
            Seg::L(a, b) => Seg::L(b, a),
            Seg::C(a, b, c, d) => Seg::C(d, c, b, a),
        }
    }

    fn map(&self, f: impl Fn(Pt) -> Pt) -> Seg {
        match *self {
            Seg::L(a, b) => Seg::L(f(a), f(b)),
            Seg::C(a, b, c, d) => Seg::C(f(a), f(b), f(c), f(d)),
        }
    }
}

/// A connected run of segments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    /// The segments in order; each starts where the previous one ends.
    pub segs: Vec<Seg>,
}

impl Path {
    /// A path of these segments.
    pub fn new(segs: Vec<Seg>) -> Self {
        Path { segs }
    }

    /// The first point.
    pub fn start(&self) -> Pt {
        self.segs.first().map_or((0.0, 0.0), Seg::start)
    }

    /// The last point.
    pub fn end(&self) -> Pt {
        self.segs.last().map_or((0.0, 0.0), Seg::end)
    }

    /// The same path run backwards.
    pub fn rev(&self) -> Path {
        Path::new(self.segs.iter().rev().map(Seg::rev).collect())
    }

    /// Every point mapped through `f`.
    pub fn map(&self, f: impl Fn(Pt) -> Pt + Copy) -> Path {
        Path::new(self.segs.iter().map(|s| s.map(f)).collect())
    }

    /// The segments `range` as a path of their own.
    pub fn slice(&self, range: impl std::slice::SliceIndex<[Seg], Output = [Seg]>) -> Path {
        Path::new(self.segs[range].to_vec())
    }
}

/// Joins two paths end to start; the generator's own shapes must meet (a gap is a bug in them).
impl Add for Path {
    type Output = Path;

    fn add(mut self, other: Path) -> Path {
        assert!(close(self.end(), other.start()), "gap {:?} -> {:?}", self.end(), other.start());
        self.segs.extend(other.segs);
        self
    }
}

fn close(a: Pt, b: Pt) -> bool {
    (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05
}

/// A coordinate as written in the file: at most one decimal, no trailing `.0`, no `-0`.
pub fn fmt(v: f64) -> String {
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_string);
    if s == "-0" { "0".to_string() } else { s }
}

/// The SVG path data of `paths`, each closed with `Z` when `closed`.
pub fn to_d(paths: &[Path], closed: bool) -> String {
    let mut parts = Vec::new();
    for path in paths {
        let (sx, sy) = path.start();
        let mut cur = vec![format!("M {} {}", fmt(sx), fmt(sy))];
        for seg in &path.segs {
            match *seg {
                Seg::L(_, b) => cur.push(format!("L {} {}", fmt(b.0), fmt(b.1))),
                Seg::C(_, c1, c2, e) => cur.push(format!(
                    "C {} {} {} {} {} {}",
                    fmt(c1.0),
                    fmt(c1.1),
                    fmt(c2.0),
                    fmt(c2.1),
                    fmt(e.0),
                    fmt(e.1)
                )),
            }
        }
        if closed {
            cur.push("Z".to_string());
        }
        parts.push(cur.join(" "));
    }
    parts.join(" ")
}

/// How a spline passes a knot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Flag {
    /// Smoothly, its tangent along the neighbours' chord.
    Smooth,
    /// A corner: each side's tangent points at its neighbour.
    Corner,
    /// Smoothly, then a straight line to the next knot.
    Line,
    /// With this tangent direction.
    Dir(Pt),
}

/// A knot of a spline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knot {
    /// Where (rounded when the spline is built).
    pub at: Pt,
    /// How the spline passes it.
    pub flag: Flag,
}

/// A number of the art's tables: integer and float literals both.
pub trait Num: Copy {
    /// As `f64`.
    fn f(self) -> f64;
}

impl Num for i32 {
    fn f(self) -> f64 {
        f64::from(self)
    }
}

impl Num for f64 {
    fn f(self) -> f64 {
        self
    }
}

/// What a knot list accepts: `(x, y)`, `(x, y, 'c')` (corner), `(x, y, 'l')` (line to the next)
/// and `(x, y, (dx, dy))` (tangent), so the tables read as plain coordinates.
pub trait ToKnot {
    /// The knot.
    fn knot(self) -> Knot;
}

impl<A: Num, B: Num> ToKnot for (A, B) {
    fn knot(self) -> Knot {
        Knot { at: (self.0.f(), self.1.f()), flag: Flag::Smooth }
    }
}

impl<A: Num, B: Num> ToKnot for (A, B, char) {
    fn knot(self) -> Knot {
        let flag = match self.2 {
            'c' => Flag::Corner,
            'l' => Flag::Line,
            other => panic!("unknown knot flag {other:?}"),
        };
        Knot { at: (self.0.f(), self.1.f()), flag }
    }
}

impl<A: Num, B: Num, C: Num, D: Num> ToKnot for (A, B, (C, D)) {
    fn knot(self) -> Knot {
        Knot { at: (self.0.f(), self.1.f()), flag: Flag::Dir((self.2.0.f(), self.2.1.f())) }
    }
}

impl ToKnot for Knot {
    fn knot(self) -> Knot {
        self
    }
}

/// A knot list from tuples (see [`ToKnot`]).
macro_rules! kn {
    ($($k:expr),* $(,)?) => {
        vec![$($crate::geometry::art::curves::ToKnot::knot($k)),*]
    };
}
pub(crate) use kn;

/// Spline options: handle length `k` (a fraction of the chord) and end tangents of open curves.
#[derive(Clone, Copy, Debug)]
pub struct Opts {
    /// Handle length as a fraction of the chord.
    pub k: f64,
    /// The start tangent (default: towards the second knot).
    pub t0: Option<Pt>,
    /// The end tangent (default: from the last but one knot).
    pub t1: Option<Pt>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts { k: 0.36, t0: None, t1: None }
    }
}

/// Options with the end tangents `t0` and `t1`.
pub fn tan(t0: Option<Pt>, t1: Option<Pt>) -> Opts {
    Opts { t0, t1, ..Opts::default() }
}

/// Smooth spline through `knots`; returns the path and the (rounded) knot points.
pub fn smooth(knots: &[Knot], opts: Opts, closed: bool) -> (Path, Vec<Pt>) {
    let pts: Vec<Pt> = knots.iter().map(|k| p(k.at.0, k.at.1)).collect();
    let flags: Vec<Flag> = knots.iter().map(|k| k.flag).collect();
    let n = pts.len();
    let tangent = |i: usize, out: bool| -> Pt {
        if let Flag::Dir(d) = flags[i] {
            return unit(d);
        }
        let (prev, nxt) = if closed {
            (pts[(i + n - 1) % n], pts[(i + 1) % n])
        } else {
            if i == 0 {
                return unit(opts.t0.unwrap_or_else(|| sub(pts[1], pts[0])));
            }
            if i == n - 1 {
                return unit(opts.t1.unwrap_or_else(|| sub(pts[n - 1], pts[n - 2])));
            }
            (pts[i - 1], pts[i + 1])
        };
        if flags[i] == Flag::Corner {
            return if out { unit(sub(nxt, pts[i])) } else { unit(sub(pts[i], prev)) };
        }
        unit(sub(nxt, prev))
    };
    let count = if closed { n } else { n - 1 };
    let mut segs = Vec::with_capacity(count);
    for i in 0..count {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        if flags[i] == Flag::Line {
            segs.push(Seg::L(a, b));
            continue;
        }
        let l = length(sub(b, a)) * opts.k;
        let ta = tangent(i, true);
        let tb = tangent((i + 1) % n, false);
        let c1 = add(a, mul(ta, l));
        let c2 = add(b, mul(tb, -l));
        segs.push(Seg::C(a, p(c1.0, c1.1), p(c2.0, c2.1), b));
    }
    (Path::new(segs), pts)
}

/// A named-knot smooth path whose pieces between named knots can be shared by regions.
pub struct Contour {
    /// The whole spline.
    pub path: Path,
    pts: Vec<Pt>,
    names: Vec<&'static str>,
}

/// A knot of a [`Contour`], named (`""` for none).
pub trait ToNamedKnot {
    /// The name and the knot.
    fn named(self) -> (&'static str, Knot);
}

impl<A: Num, B: Num> ToNamedKnot for (&'static str, A, B) {
    fn named(self) -> (&'static str, Knot) {
        (self.0, (self.1, self.2).knot())
    }
}

impl<A: Num, B: Num> ToNamedKnot for (&'static str, A, B, char) {
    fn named(self) -> (&'static str, Knot) {
        (self.0, (self.1, self.2, self.3).knot())
    }
}

impl<A: Num, B: Num, C: Num, D: Num> ToNamedKnot for (&'static str, A, B, (C, D)) {
    fn named(self) -> (&'static str, Knot) {
        (self.0, (self.1, self.2, self.3).knot())
    }
}

impl ToNamedKnot for (&'static str, Pt) {
    fn named(self) -> (&'static str, Knot) {
        (self.0, self.1.knot())
    }
}

/// A named knot list (see [`ToNamedKnot`]).
macro_rules! nkn {
    ($($k:expr),* $(,)?) => {
        vec![$($crate::geometry::art::curves::ToNamedKnot::named($k)),*]
    };
}
pub(crate) use nkn;

impl Contour {
    /// The open spline through `knots`.
    pub fn new(knots: Vec<(&'static str, Knot)>, opts: Opts) -> Self {
        let raw: Vec<Knot> = knots.iter().map(|k| k.1).collect();
        let (path, pts) = smooth(&raw, opts, false);
        Contour { path, pts, names: knots.iter().map(|k| k.0).collect() }
    }

    fn index(&self, name: &str) -> usize {
        // The last knot of that name, as a dict built in order keeps it.
        match self.names.iter().rposition(|n| !n.is_empty() && *n == name) {
            Some(i) => i,
            None => panic!("no knot named {name}"),
        }
    }

    /// The (rounded) point of the knot `name`.
    pub fn pt(&self, name: &str) -> Pt {
        self.pts[self.index(name)]
    }

    /// The piece from knot `a` to knot `b` (reversed when `b` comes first).
    pub fn piece(&self, a: &str, b: &str) -> Path {
        let (i, j) = (self.index(a), self.index(b));
        if i < j { self.path.slice(i..j) } else { self.path.slice(j..i).rev() }
    }
}

/// The closed outline made of `parts` joined in order.
pub fn region(parts: Vec<Path>) -> Path {
    let mut parts = parts.into_iter();
    let mut path = parts.next().unwrap_or_default();
    for part in parts {
        path = path + part;
    }
    assert!(close(path.start(), path.end()), "region not closed {:?} {:?}", path.start(), path.end());
    path
}

/// The path mirrored about the midline x = 500.
pub fn mirror_x(path: &Path) -> Path {
    path.map(|q| (r(2.0 * 500.0 - q.0), q.1))
}

/// A closed ellipse as 4 cubics (kappa approximation), rotated by `rot` degrees.
pub fn ellipse(cx: f64, cy: f64, rx: f64, ry: f64, rot: f64) -> Path {
    let kk = 0.5523;
    let rad = rot.to_radians();
    let (c, s) = (rad.cos(), rad.sin());
    let t = |x: f64, y: f64| p(cx + x * c - y * s, cy + x * s + y * c);
    let pts = [(rx, 0.0), (0.0, ry), (-rx, 0.0), (0.0, -ry)];
    let mut segs = Vec::new();
    for i in 0..4 {
        let a: Pt = pts[i];
        let b: Pt = pts[(i + 1) % 4];
        let ca = (
            if ry != 0.0 { a.0 - kk * a.1 / ry * rx } else { a.0 },
            if rx != 0.0 { a.1 + kk * a.0 / rx * ry } else { a.1 },
        );
        let cb = (
            if ry != 0.0 { b.0 + kk * b.1 / ry * rx } else { b.0 },
            if rx != 0.0 { b.1 - kk * b.0 / rx * ry } else { b.1 },
        );
        segs.push(Seg::C(t(a.0, a.1), t(ca.0, ca.1), t(cb.0, cb.1), t(b.0, b.1)));
    }
    Path::new(segs)
}

/// A closed smooth shape through `knots`.
pub fn lp(knots: Vec<Knot>) -> Path {
    smooth(&knots, Opts::default(), true).0
}

/// A closed smooth shape with handle length `k`.
pub fn lp_k(knots: Vec<Knot>, k: f64) -> Path {
    smooth(&knots, Opts { k, ..Opts::default() }, true).0
}

/// Straight lines through `pts`.
pub fn line(pts: &[Pt]) -> Path {
    Path::new(pts.windows(2).map(|w| Seg::L(p(w[0].0, w[0].1), p(w[1].0, w[1].1))).collect())
}

/// An open smooth curve through `knots`.
pub fn curve(knots: Vec<Knot>) -> Path {
    smooth(&knots, Opts::default(), false).0
}

/// An open smooth curve with options.
pub fn curve_o(knots: Vec<Knot>, opts: Opts) -> Path {
    smooth(&knots, opts, false).0
}

/// The point at parameter `t` of a segment.
pub fn bez(seg: &Seg, t: f64) -> Pt {
    match *seg {
        Seg::L(a, b) => (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t),
        Seg::C(p0, p1, p2, p3) => {
            let u = 1.0 - t;
            let at = |j: usize| {
                let g = |q: Pt| if j == 0 { q.0 } else { q.1 };
                u.powf(3.0) * g(p0) + 3.0 * u * u * t * g(p1) + 3.0 * u * t * t * g(p2) + t.powf(3.0) * g(p3)
            };
            (at(0), at(1))
        }
    }
}

/// The two segments before and after parameter `t` (de Casteljau).
fn split_seg(seg: &Seg, t: f64) -> (Seg, Seg) {
    match *seg {
        Seg::L(a, b) => {
            let m = bez(seg, t);
            let m = p(m.0, m.1);
            (Seg::L(a, m), Seg::L(m, b))
        }
        Seg::C(p0, p1, p2, p3) => {
            let lerp = |a: Pt, b: Pt| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            let (a, b, c) = (lerp(p0, p1), lerp(p1, p2), lerp(p2, p3));
            let (d, e) = (lerp(a, b), lerp(b, c));
            let m = lerp(d, e);
            let m = p(m.0, m.1);
            (Seg::C(p0, p(a.0, a.1), p(d.0, d.1), m), Seg::C(m, p(e.0, e.1), p(c.0, c.1), p3))
        }
    }
}

/// A closed path flattened to points (for inside tests).
pub fn polygon(path: &Path) -> Vec<Pt> {
    let steps = 32;
    path.segs.iter().flat_map(|s| (0..steps).map(move |i| bez(s, f64::from(i) / f64::from(steps)))).collect()
}

/// Whether `q` lies inside the polygon (even-odd).
pub fn inside(poly: &[Pt], q: Pt) -> bool {
    let (x, y) = q;
    let mut c = false;
    for i in 0..poly.len() {
        let a = poly[i];
        let b = poly[(i + poly.len() - 1) % poly.len()];
        if (a.1 > y) != (b.1 > y) && x < (b.0 - a.0) * (y - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
    }
    c
}

/// The path cut where it crosses the outline `poly`: its pieces in order, each with whether it
/// lies inside, each crossing found to a small fraction of a model unit.
pub fn split_by_region(path: &Path, poly: &[Pt]) -> Vec<(Path, bool)> {
    let steps = 200;
    let mut pieces = Vec::new();
    let mut cur = Vec::new();
    let mut state = inside(poly, path.start());
    for seg in &path.segs {
        let (mut rest, mut t_done) = (*seg, 0.0);
        for i in 1..=steps {
            let t = f64::from(i) / f64::from(steps);
            if inside(poly, bez(seg, t)) != state {
                let (mut lo, mut hi) = (f64::from(i - 1) / f64::from(steps), t);
                for _ in 0..30 {
                    let mid = (lo + hi) / 2.0;
                    if inside(poly, bez(seg, mid)) == state {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let (a, after) = split_seg(&rest, (hi - t_done) / (1.0 - t_done));
                rest = after;
                cur.push(a);
                pieces.push((Path::new(std::mem::take(&mut cur)), state));
                state = !state;
                t_done = hi;
            }
        }
        cur.push(rest);
    }
    pieces.push((Path::new(cur), state));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_short_and_without_negative_zero() {
        assert_eq!(fmt(352.0), "352");
        assert_eq!(fmt(319.5), "319.5");
        assert_eq!(fmt(-0.0), "0");
        assert_eq!(fmt(r(-0.04)), "0");
        // Ties round to even, so a file written twice never differs by float noise.
        assert_eq!(r(0.25), 0.2);
        assert_eq!(r(1.25), 1.2);
        assert_eq!(r(0.75), 0.8);
    }

    #[test]
    fn a_contour_piece_read_backwards_is_the_reversed_piece() {
        let c = Contour::new(nkn![("a", 0, 0), ("", 10, 5), ("b", 20, 0), ("c", 30, 10)], Opts::default());
        assert_eq!(c.piece("c", "a"), c.piece("a", "c").rev());
        assert_eq!(c.piece("a", "b").end(), c.pt("b"));
        assert_eq!(c.piece("a", "b").segs.len(), 2);
    }

    #[test]
    fn a_path_is_cut_where_it_crosses_an_outline() {
        let square = polygon(&line(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]));
        let pieces = split_by_region(&line(&[(-5.0, 5.0), (15.0, 5.0)]), &square);
        let inside: Vec<bool> = pieces.iter().map(|(_, within)| *within).collect();
        assert_eq!(inside, [false, true, false]);
        assert!((pieces[0].0.end().0 - 0.0).abs() < 0.1 && (pieces[1].0.end().0 - 10.0).abs() < 0.1);
    }
}
