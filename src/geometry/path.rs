//! The compact SVG-like path syntax of `body_map.toml`, its parsed form and its flattening.
//!
//! Supported commands (upper case absolute, lower case relative): `M`, `L`, `H`, `V`, `C`, `S`,
//! `Q`, `T`, `Z`. Arcs (`A`) are not supported: the schematic uses Béziers only. Numbers are
//! separated by spaces and/or commas. Quadratic segments are stored as their exact cubic
//! equivalents so everything downstream deals with lines and cubics only.

use egui::emath::{Pos2, Rect, pos2};

/// One segment of a subpath, starting where the previous one ended.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Seg {
    /// A straight line to the point.
    Line(Pos2),
    /// A cubic Bézier: first control point, second control point, end point.
    Cubic(Pos2, Pos2, Pos2),
}

impl Seg {
    /// The end point of the segment.
    pub fn end(&self) -> Pos2 {
        match *self {
            Seg::Line(p) | Seg::Cubic(_, _, p) => p,
        }
    }

    fn map(&self, f: impl Fn(Pos2) -> Pos2) -> Seg {
        match *self {
            Seg::Line(p) => Seg::Line(f(p)),
            Seg::Cubic(a, b, c) => Seg::Cubic(f(a), f(b), f(c)),
        }
    }
}

/// A connected run of segments; closed subpaths end with `Z` in the source.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Subpath {
    /// Where the subpath starts (the `M` point).
    pub start: Pos2,
    /// The segments in drawing order.
    pub segs: Vec<Seg>,
    /// True when the source closed it with `Z`.
    pub closed: bool,
}

impl Subpath {
    /// The last point (the start if there are no segments).
    pub fn end(&self) -> Pos2 {
        self.segs.last().map_or(self.start, Seg::end)
    }

    /// The same curve, run backwards.
    pub fn reversed(&self) -> Subpath {
        let mut segs = Vec::with_capacity(self.segs.len());
        let mut points = vec![self.start];
        points.extend(self.segs.iter().map(Seg::end));
        for (i, seg) in self.segs.iter().enumerate().rev() {
            let from = points[i];
            segs.push(match *seg {
                Seg::Line(_) => Seg::Line(from),
                Seg::Cubic(c1, c2, _) => Seg::Cubic(c2, c1, from),
            });
        }
        Subpath { start: self.end(), segs, closed: self.closed }
    }

    /// The subpath mirrored about the vertical line `x = midline` (direction kept).
    pub fn mirrored(&self, midline: f32) -> Subpath {
        let f = |p: Pos2| pos2(2.0 * midline - p.x, p.y);
        Subpath { start: f(self.start), segs: self.segs.iter().map(|s| s.map(f)).collect(), closed: self.closed }
    }

    /// Flattens the subpath into a polyline with at most `tolerance` deviation from the curve.
    ///
    /// Each cubic is cut into equal parameter steps whose count depends only on the control
    /// polygon, so a curve and its reverse flatten to the same points: regions that share a
    /// border (pain areas) then share it exactly and neither overlap nor leave slivers.
    pub fn flatten(&self, tolerance: f32) -> Vec<Pos2> {
        let tol = tolerance.max(1e-3);
        // Steps per cubic: uniform-step error bound |B''|max / (8 n²) with |B''| ≤ 6 max(d1, d2).
        let steps = |from: Pos2, c1: Pos2, c2: Pos2, p: Pos2| {
            let d1 = (from.to_vec2() - 2.0 * c1.to_vec2() + c2.to_vec2()).length();
            let d2 = (c1.to_vec2() - 2.0 * c2.to_vec2() + p.to_vec2()).length();
            ((0.75 * d1.max(d2) / tol).sqrt().ceil() as usize).clamp(1, 256)
        };
        // Counted first, so the points are written into one allocation of the right size (this
        // runs for every in-between frame of a moving exercise figure).
        let mut count = 1;
        let mut from = self.start;
        for seg in &self.segs {
            count += match *seg {
                Seg::Line(_) => 1,
                Seg::Cubic(c1, c2, p) => steps(from, c1, c2, p),
            };
            from = seg.end();
        }
        let mut out = Vec::with_capacity(count);
        out.push(self.start);
        let mut from = self.start;
        for seg in &self.segs {
            match *seg {
                Seg::Line(p) => out.push(p),
                Seg::Cubic(c1, c2, p) => {
                    let n = steps(from, c1, c2, p);
                    for i in 1..n {
                        out.push(cubic_point(from, c1, c2, p, i as f32 / n as f32));
                    }
                    out.push(p);
                }
            }
            from = seg.end();
        }
        if self.closed && out.len() > 1 {
            // The polygon is implicitly closed; drop a duplicated final point.
            if let (Some(first), Some(last)) = (out.first(), out.last())
                && first.distance(*last) < 1e-4
            {
                out.pop();
            }
        }
        out
    }

    /// The bounding box of the control points (contains the curve).
    pub fn control_bounds(&self) -> Rect {
        let mut r = Rect::from_min_max(self.start, self.start);
        for seg in &self.segs {
            match *seg {
                Seg::Line(p) => r.extend_with(p),
                Seg::Cubic(a, b, c) => {
                    r.extend_with(a);
                    r.extend_with(b);
                    r.extend_with(c);
                }
            }
        }
        r
    }
}

/// Evaluates a cubic Bézier at parameter `t` (Bernstein form: symmetric under reversal).
pub fn cubic_point(p0: Pos2, p1: Pos2, p2: Pos2, p3: Pos2, t: f32) -> Pos2 {
    let u = 1.0 - t;
    let (b0, b1, b2, b3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    pos2(b0 * p0.x + b1 * p1.x + b2 * p2.x + b3 * p3.x, b0 * p0.y + b1 * p1.y + b2 * p2.y + b3 * p3.y)
}

/// A path parse error: what went wrong and the byte offset in the path text.
#[derive(Clone, Debug, PartialEq)]
pub struct PathError {
    /// Byte offset into the path string.
    pub offset: usize,
    /// What went wrong.
    pub message: String,
}

/// Parses path text into subpaths.
pub fn parse_path(text: &str) -> Result<Vec<Subpath>, PathError> {
    let mut lx = Lexer { s: text.as_bytes(), i: 0 };
    let mut subpaths: Vec<Subpath> = Vec::new();
    let mut cur: Option<Subpath> = None;
    let mut pos = pos2(0.0, 0.0);
    // Reflection sources for S and T.
    let mut last_c2: Option<Pos2> = None;
    let mut last_q: Option<Pos2> = None;
    let mut cmd: Option<u8> = None;

    loop {
        lx.skip_ws();
        if lx.at_end() {
            break;
        }
        let at = lx.i;
        if let Some(c) = lx.peek_command() {
            lx.i += 1;
            cmd = Some(c);
        } else if cmd.is_none() {
            return Err(PathError { offset: at, message: "path must start with M".into() });
        } else if matches!(cmd, Some(b'Z' | b'z')) {
            return Err(PathError { offset: at, message: "numbers after Z".into() });
        }
        let Some(c) = cmd else { break };
        let rel = c.is_ascii_lowercase();
        let base = if rel { pos } else { pos2(0.0, 0.0) };
        let upper = c.to_ascii_uppercase();
        if upper != b'M' && upper != b'Z' && cur.is_none() {
            return Err(PathError { offset: at, message: "drawing command before M".into() });
        }
        match upper {
            b'M' => {
                let p = lx.point(base)?;
                if let Some(sp) = cur.take() {
                    subpaths.push(sp);
                }
                cur = Some(Subpath { start: p, segs: Vec::new(), closed: false });
                pos = p;
                // Further coordinate pairs after M are implicit line-tos.
                cmd = Some(if rel { b'l' } else { b'L' });
                last_c2 = None;
                last_q = None;
            }
            b'Z' => {
                let Some(mut sp) = cur.take() else {
                    return Err(PathError { offset: at, message: "Z without a subpath".into() });
                };
                sp.closed = true;
                pos = sp.start;
                subpaths.push(sp);
                last_c2 = None;
                last_q = None;
            }
            _ => {
                let seg = match upper {
                    b'L' => Seg::Line(lx.point(base)?),
                    b'H' => Seg::Line(pos2(lx.number()? + base.x, pos.y)),
                    b'V' => Seg::Line(pos2(pos.x, lx.number()? + base.y)),
                    b'C' => {
                        let c1 = lx.point(base)?;
                        let c2 = lx.point(base)?;
                        Seg::Cubic(c1, c2, lx.point(base)?)
                    }
                    b'S' => {
                        let c1 = last_c2.map_or(pos, |c| pos2(2.0 * pos.x - c.x, 2.0 * pos.y - c.y));
                        let c2 = lx.point(base)?;
                        Seg::Cubic(c1, c2, lx.point(base)?)
                    }
                    b'Q' | b'T' => {
                        let q = if upper == b'Q' {
                            lx.point(base)?
                        } else {
                            last_q.map_or(pos, |c| pos2(2.0 * pos.x - c.x, 2.0 * pos.y - c.y))
                        };
                        let end = lx.point(base)?;
                        last_q = Some(q);
                        // Exact degree elevation of the quadratic.
                        let c1 = pos + (q - pos) * (2.0 / 3.0);
                        let c2 = end + (q - end) * (2.0 / 3.0);
                        Seg::Cubic(c1, c2, end)
                    }
                    other => {
                        return Err(PathError {
                            offset: at,
                            message: format!("unsupported command '{}'", other as char),
                        });
                    }
                };
                if !matches!(upper, b'Q' | b'T') {
                    last_q = None;
                }
                last_c2 = match seg {
                    Seg::Cubic(_, c2, _) if matches!(upper, b'C' | b'S') => Some(c2),
                    _ => None,
                };
                pos = seg.end();
                if let Some(sp) = cur.as_mut() {
                    sp.segs.push(seg);
                }
            }
        }
    }
    if let Some(sp) = cur.take() {
        subpaths.push(sp);
    }
    if subpaths.is_empty() {
        return Err(PathError { offset: 0, message: "empty path".into() });
    }
    Ok(subpaths)
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl Lexer<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i].is_ascii_whitespace() || self.s[self.i] == b',') {
            self.i += 1;
        }
    }

    fn peek_command(&self) -> Option<u8> {
        let c = *self.s.get(self.i)?;
        // 'e'/'E' are exponents, never commands here.
        matches!(c.to_ascii_uppercase(), b'M' | b'L' | b'H' | b'V' | b'C' | b'S' | b'Q' | b'T' | b'Z' | b'A')
            .then_some(c)
    }

    fn number(&mut self) -> Result<f32, PathError> {
        self.skip_ws();
        let start = self.i;
        let s = self.s;
        let mut j = self.i;
        if j < s.len() && (s[j] == b'-' || s[j] == b'+') {
            j += 1;
        }
        let digits_start = j;
        while j < s.len() && (s[j].is_ascii_digit() || s[j] == b'.') {
            j += 1;
        }
        if j < s.len() && (s[j] == b'e' || s[j] == b'E') && j > digits_start {
            let mut k = j + 1;
            if k < s.len() && (s[k] == b'-' || s[k] == b'+') {
                k += 1;
            }
            if k < s.len() && s[k].is_ascii_digit() {
                j = k;
                while j < s.len() && s[j].is_ascii_digit() {
                    j += 1;
                }
            }
        }
        let text = std::str::from_utf8(&s[start..j]).unwrap_or("");
        match text.parse::<f32>() {
            Ok(v) if v.is_finite() => {
                self.i = j;
                Ok(v)
            }
            _ => {
                let found = s.get(start).map_or("end of path".to_string(), |c| format!("'{}'", *c as char));
                Err(PathError { offset: start, message: format!("expected a number, found {found}") })
            }
        }
    }

    fn point(&mut self, base: Pos2) -> Result<Pos2, PathError> {
        let x = self.number()?;
        let y = self.number()?;
        Ok(pos2(x + base.x, y + base.y))
    }
}

/// Formats subpaths as SVG path data (absolute commands, one decimal).
pub fn to_svg_d(subpaths: &[Subpath]) -> String {
    use std::fmt::Write;
    let mut d = String::new();
    for sp in subpaths {
        let _ = write!(d, "M{:.1} {:.1}", sp.start.x, sp.start.y);
        for seg in &sp.segs {
            let _ = match *seg {
                Seg::Line(p) => write!(d, "L{:.1} {:.1}", p.x, p.y),
                Seg::Cubic(a, b, c) => {
                    write!(d, "C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}", a.x, a.y, b.x, b.y, c.x, c.y)
                }
            };
        }
        if sp.closed {
            d.push('Z');
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_writes_its_points_into_one_allocation_of_the_right_size() {
        // Lines and cubics, open and closed (a closed one drops its repeated last point).
        for d in ["M 0 0 C 10 0 20 10 20 20 Q 20 40 0 40 Z", "M 0 0 C 30 0 30 30 0 30 L -5 12", "M 0 0 L 9 0 L 9 9 Z"] {
            let Ok(subpaths) = parse_path(d) else { panic!("{d}") };
            for sp in &subpaths {
                for tolerance in [0.01, 0.1, 1.0] {
                    let points = sp.flatten(tolerance);
                    let repeated_end = usize::from(sp.closed && sp.segs.last().is_some_and(|s| s.end() == sp.start));
                    assert_eq!(points.capacity(), points.len() + repeated_end, "{d} at {tolerance}");
                }
            }
        }
    }

    #[test]
    fn parses_and_reverses() {
        let sp = parse_path("M 0 0 C 10 0 20 10 20 20 Q 20 40 0 40 Z").unwrap();
        assert_eq!(sp.len(), 1);
        assert!(sp[0].closed);
        // An open curve and its reverse flatten to the same points (shared borders match).
        let open = Subpath { closed: false, ..sp[0].clone() };
        let fwd = open.flatten(0.1);
        let mut back = open.reversed().flatten(0.1);
        back.reverse();
        assert!(fwd.len() > 4);
        assert_eq!(fwd.len(), back.len());
        for (a, b) in fwd.iter().zip(&back) {
            assert!(a.distance(*b) < 1e-3, "{a:?} vs {b:?}");
        }
        assert!(parse_path("M 0 0 L 1").is_err());
        assert!(parse_path("L 0 0").is_err());
        assert!(parse_path("M 0 0 A 1 1 0 0 0 2 2").is_err());
        let rel = parse_path("m 10 10 l 5 0 v 5 h -5 z").unwrap();
        assert_eq!(rel[0].segs[1].end(), pos2(15.0, 15.0));
    }

    /// `to_svg_d` writes one decimal, so a coordinate may move by half a tenth (plus f32 error).
    const ROUND_TRIP_TOLERANCE: f32 = 0.051;

    /// Why `a` and `b` are not the same subpaths within `tol`, if they are not.
    fn difference(a: &[Subpath], b: &[Subpath], tol: f32) -> Option<String> {
        if a.len() != b.len() {
            return Some(format!("{} subpaths became {}", a.len(), b.len()));
        }
        let near = |p: Pos2, q: Pos2| (p.x - q.x).abs() <= tol && (p.y - q.y).abs() <= tol;
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            if x.closed != y.closed || x.segs.len() != y.segs.len() || !near(x.start, y.start) {
                return Some(format!("subpath {i}: {x:?} became {y:?}"));
            }
            for (j, (s, t)) in x.segs.iter().zip(&y.segs).enumerate() {
                let same = match (*s, *t) {
                    (Seg::Line(p), Seg::Line(q)) => near(p, q),
                    (Seg::Cubic(p1, p2, p3), Seg::Cubic(q1, q2, q3)) => near(p1, q1) && near(p2, q2) && near(p3, q3),
                    _ => false,
                };
                if !same {
                    return Some(format!("subpath {i}, segment {j}: {s:?} became {t:?}"));
                }
            }
        }
        None
    }

    /// Parses the written form of `subpaths` and says how it differs from them, if it does.
    fn round_trip(subpaths: &[Subpath]) -> Option<String> {
        let d = to_svg_d(subpaths);
        match parse_path(&d) {
            Ok(back) => difference(subpaths, &back, ROUND_TRIP_TOLERANCE).map(|why| format!("{why} in {d:?}")),
            Err(e) => Some(format!("{d:?} does not parse: {e:?}")),
        }
    }

    fn all_finite(subpaths: &[Subpath]) -> bool {
        let finite = |p: Pos2| p.x.is_finite() && p.y.is_finite();
        subpaths.iter().all(|sp| {
            finite(sp.start)
                && sp.segs.iter().all(|s| match *s {
                    Seg::Line(p) => finite(p),
                    Seg::Cubic(a, b, c) => finite(a) && finite(b) && finite(c),
                })
        })
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn point() -> impl Strategy<Value = Pos2> {
            (-2000.0f32..2000.0, -2000.0f32..2000.0).prop_map(|(x, y)| pos2(x, y))
        }

        fn seg() -> impl Strategy<Value = Seg> {
            prop_oneof![
                point().prop_map(Seg::Line),
                (point(), point(), point()).prop_map(|(a, b, c)| Seg::Cubic(a, b, c))
            ]
        }

        fn subpath() -> impl Strategy<Value = Subpath> {
            (point(), proptest::collection::vec(seg(), 0..8), any::<bool>()).prop_map(|(start, segs, closed)| Subpath {
                start,
                segs,
                closed,
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            /// Written out and parsed back, generated paths keep their subpaths, segment kinds,
            /// closing and points (to the one decimal written).
            #[test]
            fn written_paths_parse_back_to_the_same_subpaths(subpaths in proptest::collection::vec(subpath(), 1..5)) {
                if let Some(why) = round_trip(&subpaths) {
                    prop_assert!(false, "{}", why);
                }
            }

            /// Any path text parses or returns an error (it never panics), and whatever parses
            /// (relative commands, H/V, S/T reflections, quadratics) is written as absolute
            /// commands that parse back to the same subpaths.
            #[test]
            fn any_text_that_parses_round_trips(text in "[MmLlHhVvCcSsQqTtZzAa0-9eE.,+\\- ]{0,60}") {
                if let Ok(subpaths) = parse_path(&text) {
                    // Relative steps can add up past f32; there is nothing finite to write then.
                    prop_assume!(all_finite(&subpaths));
                    if let Some(why) = round_trip(&subpaths) {
                        prop_assert!(false, "{:?}: {}", text, why);
                    }
                }
            }
        }
    }

    /// Every path of the built-in drawing survives the round trip.
    #[test]
    fn the_maps_paths_round_trip() {
        fn collect_d(value: &toml::Value, out: &mut Vec<String>) {
            match value {
                toml::Value::Table(table) => {
                    for (key, v) in table {
                        match v {
                            toml::Value::String(d) if key == "d" => out.push(d.clone()),
                            _ => collect_d(v, out),
                        }
                    }
                }
                toml::Value::Array(items) => items.iter().for_each(|v| collect_d(v, out)),
                _ => {}
            }
        }
        let file: toml::Value = match toml::from_str(crate::geometry::BUILTIN_TOML) {
            Ok(v) => v,
            Err(e) => panic!("built-in map is not TOML: {e}"),
        };
        let mut paths = Vec::new();
        collect_d(&file, &mut paths);
        assert_eq!(paths.len(), crate::geometry::BUILTIN_TOML.matches("\nd = ").count(), "every `d` of the file");
        for d in &paths {
            let subpaths = match parse_path(d) {
                Ok(sp) => sp,
                Err(e) => panic!("{d:?}: {e:?}"),
            };
            if let Some(why) = round_trip(&subpaths) {
                panic!("{why}");
            }
        }
    }
}
