//! The TOML writer: records per view and layer, and the file header with its "generated"
//! banner.

use super::curves::{Path, Pt, fmt, mirror_x, r, to_d};

/// The layers of a view, in the order the file lists them.
const LAYERS: [&str; 9] =
    ["outline", "bone", "muscle", "nerve", "dermatome", "cutaneous", "area", "key_point", "label"];

/// A field value of a record.
#[derive(Clone, Debug)]
pub enum Val {
    /// A string (written quoted).
    S(&'static str),
    /// A number (written with at most one decimal).
    F(f64),
    /// A boolean.
    B(bool),
    /// A point (written `[x, y]`).
    P(Pt),
}

impl From<&'static str> for Val {
    fn from(v: &'static str) -> Self {
        Val::S(v)
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Val::F(v)
    }
}

impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::B(v)
    }
}

impl From<Pt> for Val {
    fn from(v: Pt) -> Self {
        Val::P(v)
    }
}

/// The fields of a record, in order (`comment` is written above it).
pub type Fields = Vec<(&'static str, Val)>;

/// Fields from `key => value` pairs.
macro_rules! fields {
    ($($k:literal => $v:expr),* $(,)?) => {
        vec![$(($k, $crate::geometry::art::writer::Val::from($v))),*]
    };
}
pub(crate) use fields;

struct Record {
    fields: Fields,
    d: Option<String>,
}

/// The records of one view.
pub struct View {
    name: &'static str,
    flip: bool,
    recs: Vec<(&'static str, Vec<Record>)>,
}

impl View {
    /// An empty view; `flip` mirrors the authoring frame (x -> 1000 - x) at output.
    pub fn new(name: &'static str, flip: bool) -> Self {
        View { name, flip, recs: LAYERS.iter().map(|l| (*l, Vec::new())).collect() }
    }

    /// A point of the authoring frame in the view's frame.
    pub fn pt(&self, q: Pt) -> Pt {
        let (x, y) = frame(q);
        (if self.flip { r(1000.0 - x) } else { x }, y)
    }

    /// Adds a record without a path.
    pub fn add_fields(&mut self, layer: &str, fields: Fields) {
        self.push(layer, Record { fields, d: None });
    }

    /// Adds a record drawn as `paths` (closed ones end in `Z`; a "join" half is always open).
    pub fn add(&mut self, layer: &str, fields: Fields, paths: &[Path], closed: bool) {
        let join = fields.iter().any(|(k, v)| *k == "mirror" && matches!(v, Val::S("join")));
        let out: Vec<Path> = paths
            .iter()
            .map(|p| {
                let p = p.map(frame);
                if self.flip { mirror_x(&p) } else { p }
            })
            .collect();
        let d = to_d(&out, closed && !join);
        self.push(layer, Record { fields, d: Some(d) });
    }

    /// Adds a closed record of one path.
    pub fn add1(&mut self, layer: &str, fields: Fields, path: Path) {
        self.add(layer, fields, &[path], true);
    }

    /// Adds an open record of one path.
    pub fn add_open(&mut self, layer: &str, fields: Fields, path: Path) {
        self.add(layer, fields, &[path], false);
    }

    fn push(&mut self, layer: &str, record: Record) {
        match self.recs.iter_mut().find(|(l, _)| *l == layer) {
            Some((_, recs)) => recs.push(record),
            None => panic!("no layer {layer}"),
        }
    }
}

/// The vertical scale from the authoring frame to the file's canvas.
pub const SCALE: f64 = 0.9;

/// The horizontal scale, about the midline: the authoring frame's body is drawn a little slim
/// for an adult's proportions (hip width about a third of the height from the lower ribs to the
/// soles), so it is widened at output.
pub const SCALE_X: f64 = 1.02;

/// Where the authoring frame's y = 0 lands on the canvas: the trunk is authored above it (up to
/// the lower ribs, y < 0), the soles near y = 1460.
pub const TOP: f64 = 130.0;

/// A point of the authoring frame on the canvas (before the anterior view's mirroring).
pub fn frame(q: Pt) -> Pt {
    (r(500.0 + (q.0 - 500.0) * SCALE_X), r(TOP + q.1 * SCALE))
}

fn tstr(v: &Val) -> String {
    match v {
        Val::B(b) => b.to_string(),
        Val::F(x) => fmt(*x),
        Val::P((x, y)) => {
            let coord = |v: f64| {
                let s = fmt(v);
                if s.contains('.') { s } else { s + ".0" }
            };
            format!("[{}, {}]", coord(*x), coord(*y))
        }
        Val::S(s) => format!("\"{s}\""),
    }
}

/// One drawing command per line keeps long paths editable and line numbers meaningful.
fn wrap_d(d: &str) -> String {
    if d.len() < 90 {
        return format!("\"{d}\"");
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for t in d.split(' ') {
        if matches!(t, "M" | "C" | "L" | "Z") && !cur.is_empty() {
            lines.push(cur.join(" "));
            cur.clear();
        }
        cur.push(t);
    }
    if !cur.is_empty() {
        lines.push(cur.join(" "));
    }
    let body: Vec<String> = lines.iter().map(|l| format!("  {l}")).collect();
    format!("'''\n{}\n'''", body.join("\n"))
}

/// The whole file as text.
pub fn render(views: &[View], header: &str) -> String {
    let mut out = String::from(header);
    for v in views {
        out += &format!("\n# {}\n[{}]\nwidth = 1000.0\nheight = 1500.0\nmidline = 500.0\n", "=".repeat(90), v.name);
        for (layer, recs) in &v.recs {
            if !recs.is_empty() {
                out += &format!("\n# ---- {}: {} {}\n", v.name, layer, "-".repeat(70 - layer.len() - v.name.len()));
            }
            for rec in recs {
                if let Some((_, Val::S(comment))) = rec.fields.iter().find(|(k, _)| *k == "comment") {
                    out += &format!("# {comment}\n");
                }
                out += &format!("[[{}.{}]]\n", v.name, layer);
                for (k, val) in &rec.fields {
                    if *k != "comment" {
                        out += &format!("{k} = {}\n", tstr(val));
                    }
                }
                if let Some(d) = &rec.d {
                    out += &format!("d = {}\n", wrap_d(d));
                }
            }
        }
    }
    out
}
