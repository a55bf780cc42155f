//! Figures as data (`data/figures.toml`): the typed records, the words they use for body points
//! and props, and the placement of a posed body on the floor or a prop.

use serde::{Deserialize, Serialize};

use super::model::{Angles, Capsule, H, Limbs, Part, Root, Side, Skeleton, Trunk, Vec3, forward_kinematics};

/// The picture's viewpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// From the figure's side (its right side nearest, when facing right).
    #[default]
    Side,
    /// From in front (`+x`), e.g. a standing side bend, or from the feet of a lying figure.
    Front,
    /// From above, e.g. a figure lying on the floor seen from the ceiling.
    Top,
    /// From the front and the figure's right side at once (turned 40° from the side view), so a
    /// forward tilt, a sideways hitch and a turn of the pelvis all show in one picture.
    ThreeQuarter,
}

/// Which way the figure faces in a side view; facing left shows its left side nearest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facing {
    #[default]
    Right,
    Left,
}

/// A prop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropKind {
    /// An exercise mat on the floor (the floor is always there).
    Mat,
    Chair,
    Wall,
    /// A pillow between the knees, or under the point it is `at` (the head).
    Pillow,
    /// A yoga block between the knees.
    Block,
    /// A band or strap from `at` to `to`.
    Band,
    /// A massage ball under `at`.
    Ball,
    /// A foam roller under `at`, lying across the figure; stood on end under a hand (`at =
    /// "right.hand"`) to lean on.
    Roller,
    /// A step or box under `at`.
    Step,
    /// A low stool under `at`.
    Stool,
    /// A cushion on the chair seat.
    Cushion,
}

impl PropKind {
    /// The prop's name in the data (`roller`).
    pub fn name(self) -> &'static str {
        match self {
            PropKind::Mat => "mat",
            PropKind::Chair => "chair",
            PropKind::Wall => "wall",
            PropKind::Pillow => "pillow",
            PropKind::Block => "block",
            PropKind::Band => "band",
            PropKind::Ball => "ball",
            PropKind::Roller => "roller",
            PropKind::Step => "step",
            PropKind::Stool => "stool",
            PropKind::Cushion => "cushion",
        }
    }

    /// The exercise `equipment` id this prop is (`massage_ball`).
    pub fn equipment(self) -> &'static str {
        match self {
            PropKind::Ball => "massage_ball",
            PropKind::Roller => "foam_roller",
            PropKind::Stool => "step",
            other => other.name(),
        }
    }

    const ALL: [PropKind; 11] = [
        PropKind::Mat,
        PropKind::Chair,
        PropKind::Wall,
        PropKind::Pillow,
        PropKind::Block,
        PropKind::Band,
        PropKind::Ball,
        PropKind::Roller,
        PropKind::Step,
        PropKind::Stool,
        PropKind::Cushion,
    ];

    /// The prop called `name`.
    pub fn parse(name: &str) -> Option<PropKind> {
        PropKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the prop is placed between the knees rather than under a body point.
    fn between_knees(self, at: &Landmark) -> bool {
        matches!(self, PropKind::Pillow | PropKind::Block) && at.kind == LandmarkKind::Knee && at.side.is_none()
    }
}

/// A prop of a figure: where it is and, for a band, where its other end is held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropSpec {
    pub kind: PropKind,
    /// The body point it is under, behind, between (`knees`) or looped round (a band).
    #[serde(default)]
    pub at: Option<String>,
    /// A band's other end (`right.hand`, `hands`).
    #[serde(default)]
    pub to: Option<String>,
    /// Moves the prop along the floor (figure units; positive in the direction the figure faces),
    /// e.g. a chair sat on near its front edge.
    #[serde(default)]
    pub shift: f32,
}

/// One key pose: the angles, what the body rests on, and its marks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoseSpec {
    /// Short name: `start`, `middle`, `end`.
    pub name: String,
    /// How the pelvis is turned in the world.
    #[serde(default)]
    pub pelvis: Root,
    /// `"POINT on SURFACE"`, the first placing the body (`"pelvis on mat"`, `"right.foot on step"`,
    /// `"back on wall"`); the others must touch too.
    pub rests: Vec<String>,
    #[serde(default)]
    pub trunk: Trunk,
    #[serde(default)]
    pub left: Limbs,
    #[serde(default)]
    pub right: Limbs,
    /// A body point whose movement to the next pose (from the previous one, on the last pose) an
    /// arrow shows.
    #[serde(default)]
    pub arrow: Option<String>,
    /// A hold marker: `"30 s"` is shown as "hold 30 s".
    #[serde(default)]
    pub hold: Option<String>,
}

impl PoseSpec {
    /// The pose's angles.
    pub fn angles(&self) -> Angles {
        Angles { root: self.pelvis, trunk: self.trunk, left: self.left, right: self.right }
    }
}

/// The figure of one exercise: its key poses, or why it has none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    /// The exercise's id.
    pub id: String,
    /// Why the exercise has no figure on purpose (advice, not a movement); no poses then.
    #[serde(default)]
    pub no_figure: Option<String>,
    #[serde(default)]
    pub view: ViewKind,
    #[serde(default)]
    pub facing: Facing,
    /// The side that works or stretches, where the steps say "one leg": its parts are tinted and
    /// its moves get the arrows.
    #[serde(default)]
    pub side: Option<Side>,
    #[serde(default)]
    pub props: Vec<PropSpec>,
    /// Parts tinted as the place that feels the stretch or the work (`right.thigh`, `pelvis`).
    #[serde(default)]
    pub tint: Vec<String>,
    #[serde(default)]
    pub pose: Vec<PoseSpec>,
}

/// A kind of body point named in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LandmarkKind {
    Head,
    /// The chest, front or back.
    Back,
    /// The pelvis and buttocks.
    Pelvis,
    Thigh,
    Knee,
    Shin,
    Ankle,
    Foot,
    Heel,
    Toes,
    Hand,
    Forearm,
    Elbow,
}

/// A body point: `head`, `back`, `pelvis`; `right.knee`; or both sides, `knees`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Landmark {
    pub kind: LandmarkKind,
    /// The side of a limb's point; `None` for a midline point or both sides.
    pub side: Option<Side>,
}

const LANDMARKS: [(&str, &str, LandmarkKind); 13] = [
    ("head", "head", LandmarkKind::Head),
    ("back", "back", LandmarkKind::Back),
    ("pelvis", "pelvis", LandmarkKind::Pelvis),
    ("thigh", "thighs", LandmarkKind::Thigh),
    ("knee", "knees", LandmarkKind::Knee),
    ("shin", "shins", LandmarkKind::Shin),
    ("ankle", "ankles", LandmarkKind::Ankle),
    ("foot", "feet", LandmarkKind::Foot),
    ("heel", "heels", LandmarkKind::Heel),
    ("toes", "toes", LandmarkKind::Toes),
    ("hand", "hands", LandmarkKind::Hand),
    ("forearm", "forearms", LandmarkKind::Forearm),
    ("elbow", "elbows", LandmarkKind::Elbow),
];

impl Landmark {
    /// Every name [`Landmark::parse`] knows, for messages.
    pub fn names() -> String {
        let midline = ["head", "back", "pelvis"];
        let limbs: Vec<String> =
            LANDMARKS[3..].iter().map(|(one, both, _)| format!("left.{one}/right.{one}/{both}")).collect();
        format!("{}, {}", midline.join(", "), limbs.join(", "))
    }

    /// `right.knee`, `knees`, `pelvis`.
    pub fn parse(text: &str) -> Option<Landmark> {
        let text = text.trim();
        if let Some((side, name)) = text.split_once('.') {
            let side = match side {
                "left" => Side::Left,
                "right" => Side::Right,
                _ => return None,
            };
            let (_, _, kind) = LANDMARKS[3..].iter().find(|(one, _, _)| *one == name)?;
            return Some(Landmark { kind: *kind, side: Some(side) });
        }
        let (_, _, kind) = LANDMARKS
            .iter()
            .find(|(one, both, _)| (*one == text && LANDMARKS[..3].iter().any(|m| m.0 == text)) || *both == text)?;
        Some(Landmark { kind: *kind, side: None })
    }

    /// The name in the data.
    pub fn name(&self) -> String {
        let Some((one, both, _)) = LANDMARKS.iter().find(|(_, _, k)| *k == self.kind) else { return String::new() };
        match self.side {
            Some(side) => format!("{}.{one}", side.name()),
            None => both.to_string(),
        }
    }

    /// In plain words ("the right knee", "the knees").
    pub fn words(&self) -> String {
        format!("the {}", self.name().replace('.', " "))
    }

    /// Whether the point is both sides' (`knees`): "the knees float", not "floats".
    pub fn plural(&self) -> bool {
        self.side.is_none() && !matches!(self.kind, LandmarkKind::Head | LandmarkKind::Back | LandmarkKind::Pelvis)
    }

    /// The verb agreeing with the point: `verb("floats", "float")`.
    pub fn verb<'a>(&self, one: &'a str, many: &'a str) -> &'a str {
        if self.plural() { many } else { one }
    }

    /// The balls (centre and radius) the point is made of, in the posed body.
    pub fn balls(&self, body: &Skeleton) -> Vec<(Vec3, f32)> {
        let sides: Vec<Side> = match self.side {
            Some(side) => vec![side],
            None => vec![Side::Left, Side::Right],
        };
        let sampled = |part: Part| -> Vec<(Vec3, f32)> {
            body.capsules_of(part).flat_map(|c: &Capsule| (0..=6).map(move |i| c.at(i as f32 / 6.0))).collect()
        };
        let mut out = Vec::new();
        match self.kind {
            LandmarkKind::Head => out.extend(sampled(Part::Head)),
            LandmarkKind::Back => out.extend(sampled(Part::Chest)),
            LandmarkKind::Pelvis => out.extend(sampled(Part::Pelvis)),
            _ => {
                for side in sides {
                    let j = body.side(side);
                    match self.kind {
                        LandmarkKind::Thigh => out.extend(sampled(Part::Thigh(side))),
                        LandmarkKind::Knee => out.push((j.knee, 0.042 * H)),
                        LandmarkKind::Shin => out.extend(sampled(Part::Shin(side))),
                        LandmarkKind::Ankle => out.push((j.ankle, 0.025 * H)),
                        LandmarkKind::Foot => out.extend(sampled(Part::Foot(side))),
                        LandmarkKind::Heel => out.push((j.heel, 0.02 * H)),
                        LandmarkKind::Toes => out.push((j.toes, 0.012 * H)),
                        LandmarkKind::Hand => out.extend(sampled(Part::Hand(side))),
                        LandmarkKind::Forearm => out.extend(sampled(Part::Forearm(side))),
                        LandmarkKind::Elbow => out.push((j.elbow, 0.027 * H)),
                        LandmarkKind::Head | LandmarkKind::Back | LandmarkKind::Pelvis => {}
                    }
                }
            }
        }
        out
    }

    /// The middle of the point (for arrows).
    pub fn centre(&self, body: &Skeleton) -> Vec3 {
        let balls = self.balls(body);
        let n = balls.len().max(1) as f32;
        balls.iter().fold(Vec3::default(), |acc, (c, _)| acc.plus(*c)).scale(1.0 / n)
    }

    /// How the point moves from `from` to `to`, as the start and end of each arrow that shows it.
    ///
    /// A point that turns more than it travels (the pelvis turning, a foot rolling) is followed
    /// by its part that moves most; both sides' point (`knees`) moving apart or together gets an
    /// arrow per side, moving the same way one arrow.
    pub fn moves(&self, from: &Skeleton, to: &Skeleton) -> Vec<(Vec3, Vec3)> {
        self.turns(from, to).into_iter().map(|(a, b, _)| (a, b)).collect()
    }

    /// [`Landmark::moves`], each with the point it turns about when it turns more than it
    /// travels (the middle of the point), so the arrow can curve round it.
    pub fn turns(&self, from: &Skeleton, to: &Skeleton) -> Vec<(Vec3, Vec3, Option<Vec3>)> {
        let one = |point: &Landmark| -> (Vec3, Vec3, Option<Vec3>) {
            let (ca, cb) = (point.centre(from), point.centre(to));
            let best = point
                .balls(from)
                .into_iter()
                .zip(point.balls(to))
                .map(|((a, _), (b, _))| (a, b))
                .max_by(|p, q| p.1.minus(p.0).length().total_cmp(&q.1.minus(q.0).length()));
            match best {
                Some((a, b)) if cb.minus(ca).length() < 0.5 * b.minus(a).length() => (a, b, Some(ca.lerp(cb, 0.5))),
                _ => (ca, cb, None),
            }
        };
        if !self.plural() {
            return vec![one(self)];
        }
        let sides: Vec<(Vec3, Vec3, Option<Vec3>)> =
            [Side::Left, Side::Right].map(|side| one(&Landmark { kind: self.kind, side: Some(side) })).into();
        let (l, r) = (sides[0].1.minus(sides[0].0), sides[1].1.minus(sides[1].0));
        if l.x * r.x + l.y * r.y + l.z * r.z >= 0.0 {
            let pivot = match (sides[0].2, sides[1].2) {
                (Some(p), Some(q)) => Some(p.lerp(q, 0.5)),
                _ => None,
            };
            vec![(sides[0].0.lerp(sides[1].0, 0.5), sides[0].1.lerp(sides[1].1, 0.5), pivot)]
        } else {
            sides
        }
    }

    /// How far the point moves from `from` to `to` (its arrows' longest, in 3-D).
    pub fn travel(&self, from: &Skeleton, to: &Skeleton) -> f32 {
        self.moves(from, to).iter().map(|(a, b)| b.minus(*a).length()).fold(0.0, f32::max)
    }

    /// The lowest height the point reaches.
    pub fn bottom(&self, body: &Skeleton) -> f32 {
        self.balls(body).iter().map(|(c, r)| c.y - r).fold(f32::INFINITY, f32::min)
    }

    /// The furthest the point reaches along `x` in direction `dir` (±1).
    pub fn extreme_x(&self, body: &Skeleton, dir: f32) -> f32 {
        self.balls(body).iter().map(|(c, r)| dir * (c.x + dir * r)).fold(f32::NEG_INFINITY, f32::max) * dir
    }
}

/// What a body point rests on: the floor (or the mat on it) or a prop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Floor,
    Prop(PropKind),
}

/// `"POINT on SURFACE"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rest {
    pub point: Landmark,
    pub surface: Surface,
}

impl Rest {
    /// Parses `"pelvis on mat"`; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Rest, String> {
        let Some((point, surface)) = text.split_once(" on ") else {
            return Err(format!("`{text}` is not `POINT on SURFACE` (e.g. `pelvis on mat`, `right.foot on step`)"));
        };
        let point = Landmark::parse(point)
            .ok_or_else(|| format!("unknown body point `{}`; one of {}", point.trim(), Landmark::names()))?;
        let surface = match surface.trim() {
            "floor" | "mat" => Surface::Floor,
            other => Surface::Prop(
                PropKind::parse(other)
                    .ok_or_else(|| format!("unknown surface `{other}`; the floor, the mat or a prop"))?,
            ),
        };
        Ok(Rest { point, surface })
    }
}

/// Heights and sizes of the props, in figure units.
pub mod sizes {
    /// Top of a chair seat (about knee height, 0.265 H).
    pub const SEAT: f32 = 265.0;
    pub const SEAT_THICKNESS: f32 = 30.0;
    pub const BACKREST: f32 = 300.0;
    pub const STEP: f32 = 100.0;
    pub const STEP_DEPTH: f32 = 260.0;
    pub const STOOL: f32 = 140.0;
    pub const STOOL_DEPTH: f32 = 200.0;
    pub const ROLLER_RADIUS: f32 = 75.0;
    /// A foam roller stood on end (about 90 cm tall, 15 cm across).
    pub const ROLLER_LENGTH: f32 = 530.0;
    pub const UPRIGHT_ROLLER_RADIUS: f32 = 45.0;
    pub const BALL_RADIUS: f32 = 38.0;
    pub const CUSHION: f32 = 40.0;
    pub const PILLOW: f32 = 60.0;
    pub const MAT: f32 = 12.0;
    pub const WALL_HEIGHT: f32 = 1150.0;
}

/// A prop's shape in place (side-view coordinates: `x`, height `y`).
#[derive(Clone, Debug, PartialEq)]
pub enum PropShape {
    /// A box `[x0, x1] × [y0, y1]` (seat, step, stool, cushion, pillow).
    Box { x0: f32, x1: f32, y0: f32, y1: f32 },
    /// A chair: seat box and backrest box.
    Chair { seat: [f32; 4], back: [f32; 4] },
    /// A wall whose face is at `x`, solid on the side `dir` (±1).
    Wall { x: f32, dir: f32 },
    /// A ball or a roller seen end on.
    Round { centre: Vec3, radius: f32 },
    /// A foam roller stood on end: a cylinder on the floor round `centre` (its `y` is 0).
    Upright { centre: Vec3, radius: f32, height: f32 },
    /// A pillow or block between the knees (not a support).
    Between { centre: Vec3 },
    /// A band between two body points (recomputed per pose).
    Band { from: Landmark, to: Landmark },
    /// The mat (drawn under the figure).
    Mat,
}

/// A prop in place, and the height of its top surface (what rests on it rests there).
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedProp {
    pub kind: PropKind,
    pub shape: PropShape,
    /// Height of the surface a body point rests on; `None` for props nothing rests on.
    pub top: Option<f32>,
}

impl PlacedProp {
    /// How deep a ball (centre, radius) sinks into the prop (0 when outside).
    pub fn penetration(&self, c: Vec3, r: f32) -> f32 {
        fn boxed(b: [f32; 4], c: Vec3, r: f32) -> f32 {
            let [x0, x1, y0, y1] = b;
            // Depth along the shallowest way out.
            let depth = [c.x + r - x0, x1 - (c.x - r), c.y + r - y0, y1 - (c.y - r)];
            depth.into_iter().fold(f32::INFINITY, f32::min).max(0.0)
        }
        match &self.shape {
            PropShape::Box { x0, x1, y0, y1 } => boxed([*x0, *x1, *y0, *y1], c, r),
            PropShape::Chair { seat, back } => boxed(*seat, c, r).max(boxed(*back, c, r)),
            PropShape::Wall { x, dir } => (dir * (c.x - x) + r).max(0.0),
            PropShape::Round { centre, radius } => {
                let d = ((c.x - centre.x).powi(2) + (c.y - centre.y).powi(2)).sqrt();
                (radius + r - d).max(0.0)
            }
            PropShape::Upright { centre, radius, height } => {
                let across = radius + r - ((c.x - centre.x).powi(2) + (c.z - centre.z).powi(2)).sqrt();
                across.min(height + r - c.y).min(c.y + r).max(0.0)
            }
            PropShape::Between { .. } | PropShape::Band { .. } | PropShape::Mat => 0.0,
        }
    }

    /// Whether `x` lies over the prop's top surface (with some slack).
    pub fn under(&self, x: f32) -> bool {
        let slack = 20.0;
        match &self.shape {
            PropShape::Box { x0, x1, .. } => x >= x0 - slack && x <= x1 + slack,
            PropShape::Chair { seat, .. } => x >= seat[0] - slack && x <= seat[1] + slack,
            PropShape::Round { centre, radius } | PropShape::Upright { centre, radius, .. } => {
                (x - centre.x).abs() <= radius + slack
            }
            _ => true,
        }
    }
}

/// A pose in place: the body moved onto its support.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedPose {
    pub body: Skeleton,
    pub rests: Vec<Rest>,
}

/// A figure in place: its props (placed from the first pose) and every pose on its support.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlacedFigure {
    pub props: Vec<PlacedProp>,
    pub poses: Vec<PlacedPose>,
    /// What later poses are placed against: the first pose, set on its first rest, and that
    /// rest. Kept so an in-between pose is placed without parsing and placing the figure again.
    pub anchor: Option<Anchor>,
}

/// The first pose of a figure, set on its first rest (`primary`): every other pose keeps its own
/// first rest where that point was here.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub first: Skeleton,
    pub primary: Rest,
}

/// Why a figure cannot be placed: the data names something that does not exist or is missing.
/// Located by the validator through `field` (`pose[0].rests[1]`, `props[2].at`).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceError {
    pub field: String,
    pub needle: String,
    pub message: String,
}

/// The shape moved by `dx` along the floor.
fn shifted(shape: PropShape, dx: f32) -> PropShape {
    match shape {
        PropShape::Box { x0, x1, y0, y1 } => PropShape::Box { x0: x0 + dx, x1: x1 + dx, y0, y1 },
        PropShape::Chair { seat, back } => PropShape::Chair {
            seat: [seat[0] + dx, seat[1] + dx, seat[2], seat[3]],
            back: [back[0] + dx, back[1] + dx, back[2], back[3]],
        },
        PropShape::Wall { x, dir } => PropShape::Wall { x: x + dx, dir },
        PropShape::Round { centre, radius } => {
            PropShape::Round { centre: Vec3::new(centre.x + dx, centre.y, centre.z), radius }
        }
        PropShape::Upright { centre, radius, height } => {
            PropShape::Upright { centre: Vec3::new(centre.x + dx, centre.y, centre.z), radius, height }
        }
        other => other,
    }
}

/// The surface height a surface offers (the top of the first prop of that kind).
fn surface_top(props: &[PlacedProp], surface: Surface) -> Option<f32> {
    match surface {
        Surface::Floor => Some(0.0),
        Surface::Prop(kind) => props.iter().find(|p| p.kind == kind).and_then(|p| p.top),
    }
}

/// Places a figure: the first pose's first rest sets its height; props go under, behind or
/// between the body points they are `at`; later poses keep that first rest where it was.
pub fn place(figure: &FigureRecord) -> Result<PlacedFigure, Vec<PlaceError>> {
    let mut errors = Vec::new();
    let err = |field: String, needle: &str, message: String| PlaceError { field, needle: needle.to_string(), message };
    // Parse everything first.
    let mut rests: Vec<Vec<Rest>> = Vec::new();
    for (i, pose) in figure.pose.iter().enumerate() {
        if pose.rests.is_empty() {
            errors.push(err(
                format!("pose[{i}].rests"),
                "rests",
                "a pose rests on something: give at least one `POINT on SURFACE` (e.g. `pelvis on mat`)".into(),
            ));
        }
        let mut list = Vec::new();
        for (j, text) in pose.rests.iter().enumerate() {
            match Rest::parse(text) {
                Ok(rest) => {
                    if let Surface::Prop(kind) = rest.surface
                        && !figure.props.iter().any(|p| p.kind == kind)
                    {
                        errors.push(err(
                            format!("pose[{i}].rests[{j}]"),
                            text,
                            format!("rests on a {} that is not among the figure's `props`", kind.name()),
                        ));
                    }
                    list.push(rest);
                }
                Err(message) => errors.push(err(format!("pose[{i}].rests[{j}]"), text, message)),
            }
        }
        rests.push(list);
    }
    let mut anchors = Vec::new();
    for (i, prop) in figure.props.iter().enumerate() {
        let at = match (&prop.at, prop.kind) {
            (None, PropKind::Mat) => None,
            (None, kind) => {
                errors.push(err(
                    format!("props[{i}]"),
                    kind.name(),
                    format!(
                        "say where the {} is with `at` (a body point, e.g. `pelvis`, `right.foot`, `knees`)",
                        kind.name()
                    ),
                ));
                None
            }
            (Some(text), _) => match Landmark::parse(text) {
                Some(l) => Some(l),
                None => {
                    errors.push(err(
                        format!("props[{i}].at"),
                        text,
                        format!("unknown body point `{text}`; one of {}", Landmark::names()),
                    ));
                    None
                }
            },
        };
        let to = match (&prop.to, prop.kind) {
            (Some(text), PropKind::Band) => match Landmark::parse(text) {
                Some(l) => Some(l),
                None => {
                    errors.push(err(
                        format!("props[{i}].to"),
                        text,
                        format!("unknown body point `{text}`; one of {}", Landmark::names()),
                    ));
                    None
                }
            },
            (None, PropKind::Band) => {
                errors.push(err(
                    format!("props[{i}]"),
                    "band",
                    "a band needs `to`: the body point holding its other end".into(),
                ));
                None
            }
            (Some(text), kind) => {
                errors.push(err(
                    format!("props[{i}].to"),
                    text,
                    format!("only a band has `to`, not a {}", kind.name()),
                ));
                None
            }
            (None, _) => None,
        };
        anchors.push((at, to));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(first_rests) = rests.first() else {
        return Ok(PlacedFigure::default());
    };
    let Some(primary) = first_rests.first().copied() else { return Err(errors) };

    // Heights of the props' tops, known before the body is placed.
    let roller_upright = anchors
        .iter()
        .zip(&figure.props)
        .any(|((at, _), p)| p.kind == PropKind::Roller && at.as_ref().is_some_and(|a| a.kind == LandmarkKind::Hand));
    let top_of = |kind: PropKind| -> Option<f32> {
        let seat = sizes::SEAT;
        let chair_under = figure.props.iter().any(|p| p.kind == PropKind::Chair);
        match kind {
            PropKind::Mat => Some(0.0),
            PropKind::Chair => Some(seat),
            PropKind::Step => Some(sizes::STEP),
            PropKind::Stool => Some(sizes::STOOL),
            // Stood on end under a hand it is a support to lean on; else it lies across.
            PropKind::Roller if roller_upright => Some(sizes::ROLLER_LENGTH),
            PropKind::Roller => Some(2.0 * sizes::ROLLER_RADIUS),
            PropKind::Ball => Some(2.0 * sizes::BALL_RADIUS + if chair_under { seat } else { 0.0 }),
            PropKind::Cushion => Some(seat + sizes::CUSHION),
            PropKind::Pillow => Some(sizes::PILLOW),
            PropKind::Wall | PropKind::Block | PropKind::Band => None,
        }
    };
    let height_of = |surface: Surface| match surface {
        Surface::Floor => Some(0.0),
        Surface::Prop(kind) => top_of(kind),
    };

    let mut first = forward_kinematics(&figure.pose[0].angles());
    let Some(first_height) = height_of(primary.surface) else {
        return Err(vec![err(
            "pose[0].rests[0]".into(),
            &figure.pose[0].rests[0],
            "nothing rests on a wall, a band or a block: rest on the floor, the mat or a prop with a top".into(),
        )]);
    };
    first.translate(Vec3::new(0.0, first_height - primary.point.bottom(&first), 0.0));

    // Props, placed at their points in the first pose.
    let mut props = Vec::new();
    let hip_x = (first.left.hip.x + first.right.hip.x) / 2.0;
    let knees_x = (first.left.knee.x + first.right.knee.x) / 2.0;
    for (prop, (at, to)) in figure.props.iter().zip(anchors) {
        let kind = prop.kind;
        let shape = match (kind, at) {
            (PropKind::Mat, _) => PropShape::Mat,
            (PropKind::Band, Some(at)) => PropShape::Band { from: at, to: to.unwrap_or(at) },
            (_, Some(at)) if kind.between_knees(&at) => {
                let c = first.left.knee.lerp(first.right.knee, 0.5);
                PropShape::Between { centre: c }
            }
            (PropKind::Chair, Some(at)) => {
                let x = at.centre(&first).x;
                let (near, far, back_at_far) = if at.kind == LandmarkKind::Pelvis {
                    // Sitting: the seat reaches under the thighs, the backrest behind.
                    let k = if knees_x >= x { 1.0 } else { -1.0 };
                    (x - 90.0 * k, x + 170.0 * k, false)
                } else {
                    // Legs resting on the seat: the knees just off its front edge.
                    let k = if x >= hip_x { 1.0 } else { -1.0 };
                    (x - 60.0 * k, x + 180.0 * k, true)
                };
                let (x0, x1) = (near.min(far), near.max(far));
                let back_x = if back_at_far { far } else { near };
                let k = if far > near { 1.0 } else { -1.0 };
                let (b0, b1) = if back_at_far { (back_x - 25.0 * k, back_x) } else { (back_x, back_x + 25.0 * k) };
                PropShape::Chair {
                    seat: [x0, x1, sizes::SEAT - sizes::SEAT_THICKNESS, sizes::SEAT],
                    back: [b0.min(b1), b0.max(b1), sizes::SEAT, sizes::SEAT + sizes::BACKREST],
                }
            }
            (PropKind::Wall, Some(at)) => {
                let c = at.centre(&first).x;
                let dir = if matches!(at.kind, LandmarkKind::Back | LandmarkKind::Pelvis | LandmarkKind::Head) {
                    -1.0
                } else if c >= hip_x {
                    1.0
                } else {
                    -1.0
                };
                PropShape::Wall { x: at.extreme_x(&first, dir), dir }
            }
            (PropKind::Step | PropKind::Stool, Some(at)) => {
                let (depth, top) = if kind == PropKind::Step {
                    (sizes::STEP_DEPTH, sizes::STEP)
                } else {
                    (sizes::STOOL_DEPTH, sizes::STOOL)
                };
                let x = at.centre(&first).x;
                PropShape::Box { x0: x - depth / 2.0, x1: x + depth / 2.0, y0: 0.0, y1: top }
            }
            (PropKind::Cushion, Some(at)) => {
                let x = at.centre(&first).x;
                PropShape::Box { x0: x - 110.0, x1: x + 110.0, y0: sizes::SEAT, y1: sizes::SEAT + sizes::CUSHION }
            }
            (PropKind::Pillow | PropKind::Block, Some(at)) => {
                let x = at.centre(&first).x;
                PropShape::Box { x0: x - 90.0, x1: x + 90.0, y0: 0.0, y1: sizes::PILLOW }
            }
            (PropKind::Roller, Some(at)) if roller_upright => {
                // Under the hand, just outside it, so the palm rests on its top.
                let c = at.centre(&first);
                PropShape::Upright {
                    centre: Vec3::new(c.x, 0.0, c.z),
                    radius: sizes::UPRIGHT_ROLLER_RADIUS,
                    height: sizes::ROLLER_LENGTH,
                }
            }
            (PropKind::Ball | PropKind::Roller, Some(at)) => {
                let radius = if kind == PropKind::Ball { sizes::BALL_RADIUS } else { sizes::ROLLER_RADIUS };
                let base = top_of(kind).unwrap_or(0.0) - 2.0 * radius;
                let c = at.centre(&first);
                PropShape::Round { centre: Vec3::new(c.x, base + radius, 0.0), radius }
            }
            (_, None) => PropShape::Mat,
        };
        let shape = shifted(shape, prop.shift);
        props.push(PlacedProp { kind, shape, top: top_of(kind) });
    }

    let anchor = Anchor { first, primary };
    let poses =
        figure.pose.iter().zip(rests).map(|(pose, rests)| place_pose(&anchor, &props, &pose.angles(), rests)).collect();
    Ok(PlacedFigure { props, poses, anchor: Some(anchor) })
}

/// Places one pose of a figure whose first pose and props are placed (`anchor`, `props`): its
/// first rest stays where that point was in the first pose, on the surface it names.
pub fn place_pose(anchor: &Anchor, props: &[PlacedProp], angles: &Angles, rests: Vec<Rest>) -> PlacedPose {
    let Anchor { first, primary } = anchor;
    let primary = *primary;
    let mut body = forward_kinematics(angles);
    // The pose's first rest stays where that point was in the first pose (a foot planted on
    // a step stays on it while the body moves).
    let rest = rests.first().copied().unwrap_or(primary);
    let height = surface_top(props, rest.surface).unwrap_or(0.0);
    let mut dx = rest.point.centre(first).x - rest.point.centre(&body).x;
    // A foot put on a step or stool (another than in the first pose: swapping feet) stands
    // in its middle.
    if let Surface::Prop(kind @ (PropKind::Step | PropKind::Stool)) = rest.surface
        && let Some(PropShape::Box { x0, x1, .. }) = props.iter().find(|p| p.kind == kind).map(|p| &p.shape)
    {
        dx = (x0 + x1) / 2.0 - rest.point.centre(&body).x;
    }
    // A point resting on a wall keeps the body at the wall (back to the wall in a wall sit).
    let on_wall = rests.iter().find(|r| r.surface == Surface::Prop(PropKind::Wall));
    let wall = props.iter().find_map(|p| match p.shape {
        PropShape::Wall { x, dir } => Some((x, dir)),
        _ => None,
    });
    if let (Some(on_wall), Some((x, dir))) = (on_wall, wall) {
        dx = x - on_wall.point.extreme_x(&body, dir);
    }
    body.translate(Vec3::new(dx, height - rest.point.bottom(&body), 0.0));
    PlacedPose { body, rests }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landmarks_and_rests_parse() {
        assert_eq!(Landmark::parse("right.knee"), Some(Landmark { kind: LandmarkKind::Knee, side: Some(Side::Right) }));
        assert_eq!(Landmark::parse("knees"), Some(Landmark { kind: LandmarkKind::Knee, side: None }));
        assert_eq!(Landmark::parse("pelvis"), Some(Landmark { kind: LandmarkKind::Pelvis, side: None }));
        assert_eq!(Landmark::parse("knee"), None);
        assert_eq!(Landmark::parse("middle.knee"), None);
        assert_eq!(Rest::parse("pelvis on mat").map(|r| r.surface), Ok(Surface::Floor));
        assert_eq!(Rest::parse("right.foot on step").map(|r| r.surface), Ok(Surface::Prop(PropKind::Step)));
        assert!(Rest::parse("pelvis mat").is_err());
        assert!(Rest::parse("pelvis on sofa").is_err());
        for l in LANDMARKS {
            let parsed = Landmark::parse(l.1).map(|p| p.name());
            assert_eq!(parsed.as_deref(), Some(l.1));
        }
    }
}
