//! Checks of `figures.toml`: every angle within the normal human range, every figure resting on
//! what the exercise names (no floating, no limb through a prop), sides consistent, every figure
//! for an exercise that exists. Each problem is a [`DataError`] with file, line and field.

use std::collections::HashMap;

use super::model::{Capsule, Limbs, Part, Root, Side, Skeleton, Trunk, Vec3, forward_kinematics};
use super::pose::{FigureRecord, Landmark, PlacedFigure, PropKind, PropShape, Rest, Surface, place};
use crate::knowledge::load::{Located, SourceText};
use crate::knowledge::{DataError, ExerciseKind, KnowledgeBase, Position};

/// How far a body point resting on a surface may be from it (figure units: about 4 cm).
pub const CONTACT_TOLERANCE: f32 = 25.0;
/// How far a body part may sink into the floor or a prop (soft tissue, a soft mat).
pub const PENETRATION_TOLERANCE: f32 = 25.0;
/// The most the pelvis tips sideways (lateral pelvic tilt, degrees): on a standing or sitting
/// body the hips' adduction (0–30°, `figure-proportions.md`) bounds it.
pub const PELVIC_TILT_RANGE: f32 = 30.0;
/// How deep two parts of the body may press into each other (figure units: about 5 cm of soft
/// tissue, an ankle resting on a knee); deeper, one passes through the other.
pub const BODY_CONTACT_TOLERANCE: f32 = 30.0;
/// How far an arrow's point must move to the next pose to show a direction (about 3.5 cm).
pub const ARROW_MIN_TRAVEL: f32 = 20.0;
/// Centimetres per figure unit, for messages (a figure 170 cm tall).
const CM_PER_UNIT: f32 = 0.17;

/// Normal active ranges (degrees; `figure-proportions.md`, AAOS), negative the other way.
pub const TRUNK_RANGES: [(&str, f32, f32); 4] = [
    ("lumbar_flexion", -25.0, 60.0),
    ("lumbar_side_bend", -25.0, 25.0),
    ("lumbar_rotation", -30.0, 30.0),
    ("neck_flexion", -45.0, 45.0),
];

/// Normal active ranges of a side's joints (degrees), in the order of [`limb_angles`].
pub const LIMB_RANGES: [(&str, f32, f32); 10] = [
    ("hip_flexion", -30.0, 120.0),
    ("hip_abduction", -30.0, 45.0),
    ("hip_rotation", -45.0, 45.0),
    ("knee_flexion", -5.0, 135.0),
    ("ankle_dorsiflexion", -50.0, 20.0),
    ("foot_inversion", -15.0, 35.0),
    ("shoulder_flexion", -60.0, 180.0),
    ("shoulder_abduction", 0.0, 180.0),
    ("elbow_flexion", 0.0, 150.0),
    ("wrist_extension", -80.0, 70.0),
];

fn trunk_angles(t: &Trunk) -> [f32; 4] {
    [t.lumbar_flexion, t.lumbar_side_bend, t.lumbar_rotation, t.neck_flexion]
}

fn limb_angles(l: &Limbs) -> [f32; 10] {
    [
        l.hip_flexion,
        l.hip_abduction,
        l.hip_rotation,
        l.knee_flexion,
        l.ankle_dorsiflexion,
        l.foot_inversion,
        l.shoulder_flexion,
        l.shoulder_abduction,
        l.elbow_flexion,
        l.wrist_extension,
    ]
}

fn cm(units: f32) -> String {
    format!("about {} cm", (units * CM_PER_UNIT).round().max(1.0))
}

/// Collects errors located in one record.
struct Report<'a> {
    text: &'a SourceText,
    record: &'a Located<FigureRecord>,
    label: String,
    errors: &'a mut Vec<DataError>,
}

impl Report<'_> {
    fn error(&mut self, field: &str, needle: &str, message: impl Into<String>) {
        let offset = self.text.locate(self.record.site(), field, needle);
        let full = if field.is_empty() { self.label.clone() } else { format!("{}.{field}", self.label) };
        self.errors.push(self.text.error_at(offset, full, message));
    }
}

/// Validates the figures (their texts in `texts`, as [`Located::text`] indexes) against the
/// knowledge base; every error found.
pub fn validate(records: &[Located<FigureRecord>], texts: &[SourceText], kb: &KnowledgeBase) -> Vec<DataError> {
    let mut errors = Vec::new();
    let mut seen: HashMap<(usize, &str), ()> = HashMap::new();
    for record in records {
        let Some(text) = texts.get(record.text) else { continue };
        let figure = &record.value;
        let mut report = Report { text, record, label: format!("figure[{}]", figure.id), errors: &mut errors };
        if seen.insert((record.text, figure.id.as_str()), ()).is_some() {
            report.error(
                "id",
                &figure.id,
                "a second figure for this exercise in the same file; give each exercise one figure",
            );
        }
        check_figure(&mut report, figure, kb);
    }
    errors
}

fn check_figure(report: &mut Report<'_>, figure: &FigureRecord, kb: &KnowledgeBase) {
    let Some(exercise) = kb.exercise(&figure.id) else {
        let suggestions = crate::knowledge::closest(&figure.id, kb.exercises.iter().map(|e| e.id.to_string()), 3);
        report.error(
            "id",
            &figure.id,
            format!(
                "no exercise has this id; a figure's id is its exercise's id (did you mean {}?)",
                suggestions.join(", ")
            ),
        );
        return;
    };
    match (&figure.no_figure, figure.pose.len()) {
        (Some(reason), n) => {
            if reason.trim().is_empty() {
                report.error("no_figure", "no_figure", "say why the exercise has no figure");
            }
            if n > 0 {
                report.error(
                    "no_figure",
                    "no_figure",
                    "a figure with `no_figure` has no poses; remove one or the other",
                );
            }
            if exercise.kind != ExerciseKind::Advice {
                report.error(
                    "no_figure",
                    "no_figure",
                    "only advice goes without a figure; a movement is shown with 2–4 key poses",
                );
            }
            return;
        }
        (None, 2..=4) => {}
        (None, n) => {
            report.error(
                "pose",
                "pose",
                format!(
                    "a figure shows 2–4 key poses (start, middle, end), not {n}; or mark it `no_figure` with a reason"
                ),
            );
            if n == 0 {
                return;
            }
        }
    }

    // Left and right: the tinted parts and the arrows belong to the working side.
    let side_word = |s: Side| s.name();
    for (i, name) in figure.tint.iter().enumerate() {
        match Part::parse(name) {
            None => report.error(
                &format!("tint[{i}]"),
                name,
                format!("unknown body part `{name}`; one of {}", Part::ALL.map(|p| p.name()).join(", ")),
            ),
            Some(part) => {
                if let (Some(side), Some(working)) = (part.side(), figure.side)
                    && side != working
                {
                    report.error(
                        &format!("tint[{i}]"),
                        name,
                        format!(
                            "the figure works the {} side (`side`), but tints the {} side",
                            side_word(working),
                            side_word(side)
                        ),
                    );
                }
            }
        }
    }

    // An exercise done one side at a time shows which side works.
    if figure.side.is_none() && exercise.dosage.iter().any(|d| d.per_side) {
        report.error(
            "id",
            &figure.id,
            "the exercise is done one side at a time: name the side the figure works with `side`",
        );
    }

    // Props and the exercise's equipment agree.
    for (i, prop) in figure.props.iter().enumerate() {
        if !matches!(prop.kind, PropKind::Mat) && !exercise.equipment.iter().any(|e| e == prop.kind.equipment()) {
            report.error(
                &format!("props[{i}].kind"),
                prop.kind.name(),
                format!(
                    "the exercise names no {} among its equipment ({})",
                    prop.kind.equipment().replace('_', " "),
                    if exercise.equipment.is_empty() { "none".to_string() } else { exercise.equipment.join(", ") }
                ),
            );
        }
    }
    for needed in ["chair", "wall", "step"] {
        if exercise.equipment.iter().any(|e| e == needed) && !figure.props.iter().any(|p| p.kind.equipment() == needed)
        {
            report.error("props", "props", format!("the exercise uses a {needed}: draw it among the `props`"));
        }
    }

    for (i, pose) in figure.pose.iter().enumerate() {
        let at = |field: &str| format!("pose[{i}].{field}");
        for ((name, lo, hi), value) in TRUNK_RANGES.iter().zip(trunk_angles(&pose.trunk)) {
            if !(lo..=hi).contains(&&value) {
                report.error(&at(&format!("trunk.{name}")), name, range_message(name, value, *lo, *hi));
            }
        }
        for (side, limbs) in [("left", &pose.left), ("right", &pose.right)] {
            for ((name, lo, hi), value) in LIMB_RANGES.iter().zip(limb_angles(limbs)) {
                if !(lo..=hi).contains(&&value) {
                    report.error(&at(&format!("{side}.{name}")), name, range_message(name, value, *lo, *hi));
                }
            }
        }
        check_root(report, &pose.pelvis, i);
        if let Some(arrow) = &pose.arrow {
            match Landmark::parse(arrow) {
                None => report.error(
                    &at("arrow"),
                    arrow,
                    format!("unknown body point `{arrow}`; one of {}", Landmark::names()),
                ),
                Some(point) => {
                    if let (Some(side), Some(working)) = (point.side, figure.side)
                        && side != working
                    {
                        report.error(
                            &at("arrow"),
                            arrow,
                            format!(
                                "the figure works the {} side (`side`), but the arrow moves the {} side",
                                side_word(working),
                                side_word(side)
                            ),
                        );
                    }
                }
            }
        }
        if let Some(hold) = &pose.hold
            && hold.trim().is_empty()
        {
            report.error(&at("hold"), "hold", "an empty hold marker; write how long (`30 s`) or leave it out");
        }
    }
    check_position(report, figure, exercise.position);

    match place(figure) {
        Err(problems) => {
            for p in problems {
                report.error(&p.field, &p.needle, p.message);
            }
        }
        Ok(placed) => {
            check_physics(report, figure, &placed);
            check_arrows(report, figure, &placed);
        }
    }
}

/// Every pose that moves to the next shows the move with an arrow, on a point that visibly moves.
fn check_arrows(report: &mut Report<'_>, figure: &FigureRecord, placed: &PlacedFigure) {
    let last = figure.pose.len().saturating_sub(1);
    for (i, pose) in figure.pose.iter().enumerate() {
        let (from, to) = if i < last { (i, i + 1) } else { (i.saturating_sub(1), i) };
        let (Some(a), Some(b)) = (placed.poses.get(from), placed.poses.get(to)) else { continue };
        match pose.arrow.as_deref().map(|text| (text, Landmark::parse(text))) {
            None if i < last && pose.angles() != figure.pose[i + 1].angles() => report.error(
                &format!("pose[{i}]"),
                &pose.name,
                format!(
                    "the body moves from `{}` to `{}` but the pose has no `arrow`: name the point that moves most (e.g. `right.knee`)",
                    pose.name,
                    figure.pose[i + 1].name
                ),
            ),
            Some((text, Some(point))) if from != to => {
                let travel = point.travel(&a.body, &b.body);
                if travel < ARROW_MIN_TRAVEL {
                    report.error(
                        &format!("pose[{i}].arrow"),
                        text,
                        format!(
                            "{} {} only {} between `{}` and `{}`: put the arrow on the point that moves most",
                            point.words(),
                            point.verb("moves", "move"),
                            cm(travel),
                            figure.pose[from].name,
                            figure.pose[to].name
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Whether two parts may overlap freely: neighbours joined at a joint, the hands (they hold and
/// rest on the body), and the arms against the trunk they hang beside.
fn may_overlap(a: Part, b: Part) -> bool {
    use Part::*;
    let trunk = |p: Part| matches!(p, Head | Neck | Chest | Pelvis);
    let arm = |p: Part| matches!(p, UpperArm(_) | Forearm(_));
    if a == b || matches!(a, Hand(_)) || matches!(b, Hand(_)) {
        return true;
    }
    if (trunk(a) && trunk(b)) || (arm(a) && trunk(b)) || (trunk(a) && arm(b)) || (arm(a) && arm(b)) {
        return true;
    }
    // The chest's lower end sits over the hip joints, and a bent hip brings the thigh to the
    // chest: drawn as capsules they overlap wherever a body would only touch.
    if matches!((a, b), (Chest, Thigh(_)) | (Thigh(_), Chest)) {
        return true;
    }
    let joined = |p: Part, q: Part| match (p, q) {
        (Pelvis, Thigh(_)) => true,
        (Thigh(s), Shin(t)) | (Shin(s), Foot(t)) => s == t,
        _ => false,
    };
    joined(a, b) || joined(b, a)
}

/// The closest points of segments `p0p1` and `q0q1`, as fractions along each.
fn closest_fractions(p0: Vec3, p1: Vec3, q0: Vec3, q1: Vec3) -> (f32, f32) {
    let dot = |a: Vec3, b: Vec3| a.x * b.x + a.y * b.y + a.z * b.z;
    let (d1, d2, r) = (p1.minus(p0), q1.minus(q0), p0.minus(q0));
    let (a, e, f) = (dot(d1, d1), dot(d2, d2), dot(d2, r));
    if a <= 1e-6 && e <= 1e-6 {
        return (0.0, 0.0);
    }
    if a <= 1e-6 {
        return (0.0, (f / e).clamp(0.0, 1.0));
    }
    let c = dot(d1, r);
    if e <= 1e-6 {
        return ((-c / a).clamp(0.0, 1.0), 0.0);
    }
    let b = dot(d1, d2);
    let denom = a * e - b * b;
    let mut s = if denom > 1e-6 { ((b * f - c * e) / denom).clamp(0.0, 1.0) } else { 0.0 };
    let mut t = (b * s + f) / e;
    if t < 0.0 {
        t = 0.0;
        s = (-c / a).clamp(0.0, 1.0);
    } else if t > 1.0 {
        t = 1.0;
        s = ((b - c) / a).clamp(0.0, 1.0);
    }
    (s, t)
}

/// How deep two capsules press into each other (0 when apart).
fn capsule_overlap(p: &Capsule, q: &Capsule) -> f32 {
    let (s, t) = closest_fractions(p.a, p.b, q.a, q.b);
    let ((cp, rp), (cq, rq)) = (p.at(s), q.at(t));
    (rp + rq - cp.minus(cq).length()).max(0.0)
}

/// Where the body passes through itself: each pair of parts that may not overlap, pressed deeper
/// than [`BODY_CONTACT_TOLERANCE`], with the depth, deepest first.
pub fn body_collisions(body: &Skeleton) -> Vec<(f32, Part, Part)> {
    let mut found: Vec<(f32, Part, Part)> = Vec::new();
    for (i, p) in body.capsules.iter().enumerate() {
        for q in &body.capsules[i + 1..] {
            if may_overlap(p.part, q.part) {
                continue;
            }
            let depth = capsule_overlap(p, q);
            if depth <= BODY_CONTACT_TOLERANCE {
                continue;
            }
            let (a, b) = if p.part <= q.part { (p.part, q.part) } else { (q.part, p.part) };
            match found.iter_mut().find(|f| f.1 == a && f.2 == b) {
                Some(f) => f.0 = f.0.max(depth),
                None => found.push((depth, a, b)),
            }
        }
    }
    found.sort_by(|x, y| y.0.total_cmp(&x.0));
    found
}

fn range_message(name: &str, value: f32, lo: f32, hi: f32) -> String {
    format!(
        "{value}° is outside the normal range of {} ({lo}° to {hi}°); a pose beyond it is a drawing error",
        name.replace('_', " ")
    )
}

fn check_root(report: &mut Report<'_>, root: &Root, i: usize) {
    if !(-180.0..=180.0).contains(&root.pitch) {
        report.error(
            &format!("pose[{i}].pelvis.pitch"),
            "pitch",
            format!("{}° is not between −180° and 180°", root.pitch),
        );
    }
    if !(-90.0..=90.0).contains(&root.twist) {
        report.error(
            &format!("pose[{i}].pelvis.twist"),
            "twist",
            format!("{}° is not between −90° and 90°", root.twist),
        );
    }
    if !(-PELVIC_TILT_RANGE..=PELVIC_TILT_RANGE).contains(&root.tilt) {
        report.error(
            &format!("pose[{i}].pelvis.tilt"),
            "tilt",
            format!(
                "{}° is outside the normal range of the pelvis tipping sideways ({}° to {PELVIC_TILT_RANGE}°); a pose beyond it is a drawing error",
                root.tilt, -PELVIC_TILT_RANGE
            ),
        );
    }
}

/// The first pose shows the position the exercise names (lying on the back, sitting …).
fn check_position(report: &mut Report<'_>, figure: &FigureRecord, position: Position) {
    let Some(first) = figure.pose.first() else { return };
    // The pelvis's own axes in the world, from an unbent body turned like it: up along the
    // spine, forward out of the belly.
    let turned = forward_kinematics(&super::model::Angles { root: first.pelvis, ..Default::default() });
    let spine = turned.waist.y / (super::model::dims::PELVIS * super::model::H);
    let belly_up = turned.face.y;
    let (ok, words) = match position {
        Position::Supine => (belly_up > 0.5, "lying on the back (pelvis pitch about 90, face up)"),
        Position::Prone | Position::Quadruped => (belly_up < -0.5, "face down (pelvis pitch about −90)"),
        Position::Standing | Position::Seated | Position::Kneeling => (spine > 0.5, "upright (pelvis pitch near 0)"),
        _ => (true, ""),
    };
    if !ok {
        report.error("pose[0].pelvis", "pelvis", format!("the exercise is done {words}; the first pose is not"));
    }
}

fn check_physics(report: &mut Report<'_>, figure: &FigureRecord, placed: &PlacedFigure) {
    for (i, pose) in placed.poses.iter().enumerate() {
        let body = &pose.body;
        // Every rest touches its surface: nothing floats above it or sinks into it.
        for (j, rest) in pose.rests.iter().enumerate() {
            let needle = figure.pose[i].rests.get(j).cloned().unwrap_or_default();
            let field = format!("pose[{i}].rests[{j}]");
            if let Some(message) = rest_gap(rest, placed, body) {
                report.error(&field, &needle, message);
            }
        }
        // Nothing goes through the floor or a prop. The worst part per prop is reported.
        let mut worst: Vec<(f32, Part, &str)> = Vec::new();
        for capsule in &body.capsules {
            for k in 0..=6 {
                let (c, r) = capsule.at(k as f32 / 6.0);
                let mut check = |depth: f32, what: &'static str| {
                    if depth > PENETRATION_TOLERANCE {
                        match worst.iter_mut().find(|w| w.2 == what) {
                            Some(w) if w.0 < depth => *w = (depth, capsule.part, what),
                            Some(_) => {}
                            None => worst.push((depth, capsule.part, what)),
                        }
                    }
                };
                check(r - c.y, "floor");
                for prop in &placed.props {
                    check(prop.penetration(c, r), prop.kind.name());
                }
            }
        }
        // Nor through itself: a shin through the other thigh (an ankle resting on a knee, or a
        // hand on the body, is contact, not that).
        for (depth, a, b) in body_collisions(body) {
            let (mover, other) =
                if matches!(a, Part::Thigh(_) | Part::Chest | Part::Pelvis | Part::Head) { (b, a) } else { (a, b) };
            report.error(
                &format!("pose[{i}]"),
                &figure.pose[i].name,
                format!(
                    "{} goes through {} by {}: change the angles so they rest against each other",
                    mover.words(),
                    other.words(),
                    cm(depth)
                ),
            );
        }
        for (depth, part, what) in worst {
            report.error(
                &format!("pose[{i}]"),
                &figure.pose[i].name,
                format!(
                    "{} goes through the {what} by {}: change the angles or what the pose rests on",
                    part.words(),
                    cm(depth)
                ),
            );
        }
    }
}

/// Why a rest does not touch its surface, if it does not.
fn rest_gap(rest: &Rest, placed: &PlacedFigure, body: &super::model::Skeleton) -> Option<String> {
    let point = rest.point;
    let (top, name, prop) = match rest.surface {
        Surface::Floor => (Some(0.0), "floor", None),
        Surface::Prop(kind) => {
            let prop = placed.props.iter().find(|p| p.kind == kind)?;
            (prop.top, kind.name(), Some(prop))
        }
    };
    if let Some(prop) = prop
        && let PropShape::Wall { x, dir } = prop.shape
    {
        let reach = point.extreme_x(body, dir);
        let gap = dir * (x - reach);
        return (gap.abs() > CONTACT_TOLERANCE).then(|| {
            if gap > 0.0 {
                format!(
                    "{} {} {} away from the wall {} on",
                    point.words(),
                    point.verb("is", "are"),
                    cm(gap),
                    point.verb("it rests", "they rest")
                )
            } else {
                format!("{} {} {} into the wall", point.words(), point.verb("goes", "go"), cm(-gap))
            }
        });
    }
    let top = top?;
    let gap = point.bottom(body) - top;
    if gap > CONTACT_TOLERANCE {
        return Some(format!(
            "{} {} {} above the {name} {} on",
            point.words(),
            point.verb("floats", "float"),
            cm(gap),
            point.verb("it rests", "they rest")
        ));
    }
    if gap < -CONTACT_TOLERANCE {
        return Some(format!(
            "{} {} {} into the {name} {} on",
            point.words(),
            point.verb("sinks", "sink"),
            cm(-gap),
            point.verb("it rests", "they rest")
        ));
    }
    if let Some(prop) = prop
        && !prop.under(point.centre(body).x)
    {
        return Some(format!("{} {} beside the {name}, not on it", point.words(), point.verb("is", "are")));
    }
    None
}
