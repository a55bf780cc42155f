//! The figure in motion: a looping timeline over the key poses (a pause at each, a longer one at
//! a hold, an eased move between them) and the in-between poses, blended joint by joint and
//! placed on their support as [`super::pose::place`] places the key poses. Pure: the window asks
//! for a moment of the timeline and draws the pose it gets.

use super::model::{Angles, Limbs, Root, Skeleton, Trunk, Vec3};
use super::pose::{FigureRecord, PlacedFigure, PlacedPose, PlacedProp, PropKind, Rest, Surface, place, place_pose};
use super::render::{self, FigurePicture, FigureStyle};

/// Seconds a move from one key pose to the next takes.
pub const MOVE_SECONDS: f32 = 1.4;
/// Seconds the figure rests at a key pose.
pub const PAUSE_SECONDS: f32 = 0.7;
/// Seconds it rests at a key pose with a hold marker ("hold 30 s"): longer, so the hold reads as
/// one, but not the real hold's length.
pub const HOLD_SECONDS: f32 = 2.2;

/// Ease in and out (smoothstep): 0 at 0, 1 at 1, rising throughout, still at both ends so the
/// figure starts and stops a move gently. Outside `0..=1` it is clamped.
pub fn ease(t: f32) -> f32 {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    t * t * (3.0 - 2.0 * t)
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

/// The angles a fraction `t` of the way from `a` to `b`, every joint alike. Each field is named
/// (no `..`), so a new joint angle in the model does not compile until it is blended here too.
pub fn blend(a: &Angles, b: &Angles, t: f32) -> Angles {
    let Angles { root, trunk, left, right } = a;
    Angles {
        root: blend_root(root, &b.root, t),
        trunk: blend_trunk(trunk, &b.trunk, t),
        left: blend_limbs(left, &b.left, t),
        right: blend_limbs(right, &b.right, t),
    }
}

fn blend_root(a: &Root, b: &Root, t: f32) -> Root {
    let Root { pitch, twist, tilt } = *a;
    Root { pitch: lerp(pitch, b.pitch, t), twist: lerp(twist, b.twist, t), tilt: lerp(tilt, b.tilt, t) }
}

fn blend_trunk(a: &Trunk, b: &Trunk, t: f32) -> Trunk {
    let Trunk { lumbar_flexion, lumbar_side_bend, lumbar_rotation, neck_flexion } = *a;
    Trunk {
        lumbar_flexion: lerp(lumbar_flexion, b.lumbar_flexion, t),
        lumbar_side_bend: lerp(lumbar_side_bend, b.lumbar_side_bend, t),
        lumbar_rotation: lerp(lumbar_rotation, b.lumbar_rotation, t),
        neck_flexion: lerp(neck_flexion, b.neck_flexion, t),
    }
}

fn blend_limbs(a: &Limbs, b: &Limbs, t: f32) -> Limbs {
    let Limbs {
        hip_flexion,
        hip_abduction,
        hip_rotation,
        knee_flexion,
        ankle_dorsiflexion,
        foot_inversion,
        shoulder_flexion,
        shoulder_abduction,
        elbow_flexion,
        wrist_extension,
    } = *a;
    Limbs {
        hip_flexion: lerp(hip_flexion, b.hip_flexion, t),
        hip_abduction: lerp(hip_abduction, b.hip_abduction, t),
        hip_rotation: lerp(hip_rotation, b.hip_rotation, t),
        knee_flexion: lerp(knee_flexion, b.knee_flexion, t),
        ankle_dorsiflexion: lerp(ankle_dorsiflexion, b.ankle_dorsiflexion, t),
        foot_inversion: lerp(foot_inversion, b.foot_inversion, t),
        shoulder_flexion: lerp(shoulder_flexion, b.shoulder_flexion, t),
        shoulder_abduction: lerp(shoulder_abduction, b.shoulder_abduction, t),
        elbow_flexion: lerp(elbow_flexion, b.elbow_flexion, t),
        wrist_extension: lerp(wrist_extension, b.wrist_extension, t),
    }
}

/// Where the timeline is: resting at a key pose, or on the way between two (`t` already eased).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Moment {
    At(usize),
    Between { from: usize, to: usize, t: f32 },
}

impl Moment {
    /// The key pose shown, or the nearer one on the way between two (for the step scrubber).
    pub fn step(self) -> usize {
        match self {
            Moment::At(i) => i,
            Moment::Between { from, to, t } => {
                if t < 0.5 {
                    from
                } else {
                    to
                }
            }
        }
    }
}

/// The loop over a figure's key poses: rest at pose 0, move to 1, rest, …, move back to 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// How long the figure rests at each key pose.
    rests: Vec<f32>,
}

impl Timeline {
    /// The timeline of a figure's key poses (a longer rest where a pose has a hold marker).
    pub fn of(record: &FigureRecord) -> Timeline {
        Timeline::from_holds(record.pose.iter().map(|p| p.hold.is_some()))
    }

    /// The timeline of key poses, given whether each has a hold.
    pub fn from_holds(holds: impl IntoIterator<Item = bool>) -> Timeline {
        Timeline { rests: holds.into_iter().map(|h| if h { HOLD_SECONDS } else { PAUSE_SECONDS }).collect() }
    }

    /// How many key poses.
    pub fn steps(&self) -> usize {
        self.rests.len()
    }

    /// Whether there is anything to animate (two key poses or more).
    pub fn moves(&self) -> bool {
        self.rests.len() >= 2
    }

    /// One loop, in seconds (0 with fewer than two key poses).
    pub fn period(&self) -> f32 {
        if self.moves() { self.rests.iter().map(|r| r + MOVE_SECONDS).sum() } else { 0.0 }
    }

    /// When the figure arrives at key pose `step` (the start of its rest), in seconds.
    pub fn arrival(&self, step: usize) -> f32 {
        self.rests.iter().take(step.min(self.rests.len())).map(|r| r + MOVE_SECONDS).sum()
    }

    /// `seconds` wrapped into one loop.
    pub fn wrap(&self, seconds: f32) -> f32 {
        let period = self.period();
        if period <= 0.0 || !seconds.is_finite() { 0.0 } else { seconds.rem_euclid(period) }
    }

    /// The moment at `seconds` (looping), and how long until the next change of phase (the end
    /// of a rest or of a move), so a window can sleep through a rest.
    pub fn at(&self, seconds: f32) -> (Moment, f32) {
        if !self.moves() {
            return (Moment::At(0), f32::INFINITY);
        }
        let mut s = self.wrap(seconds);
        let n = self.rests.len();
        for (i, rest) in self.rests.iter().enumerate() {
            if s < *rest {
                return (Moment::At(i), rest - s);
            }
            s -= rest;
            if s < MOVE_SECONDS {
                let t = ease(s / MOVE_SECONDS);
                return (Moment::Between { from: i, to: (i + 1) % n, t }, MOVE_SECONDS - s);
            }
            s -= MOVE_SECONDS;
        }
        // Rounding at the very end of the loop: the start again.
        (Moment::At(0), self.rests[0])
    }
}

/// The pose a fraction `t` (eased already) of the way from key pose `from` to key pose `to`,
/// placed on its support: placed as [`place`] places a key pose, once on `from`'s rests and once
/// on `to`'s, the two places blended by `t`. So it meets each key pose exactly at its end, and
/// what both key poses rest on stays rested on (within the validator's tolerance) on the way.
/// `None` when the figure does not place (it was validated, so only for indexes out of range).
pub fn between(record: &FigureRecord, from: usize, to: usize, t: f32) -> Option<PlacedPose> {
    between_keys(record, &place(record).ok()?, from, to, t)
}

/// [`between`], with the key poses, the props and the anchor taken from `placed` (the record
/// placed by [`place`](super::pose::place)): nothing is parsed or placed again but the two
/// blended poses (this runs for every in-between frame drawn).
fn between_keys(record: &FigureRecord, placed: &PlacedFigure, from: usize, to: usize, t: f32) -> Option<PlacedPose> {
    let (a, b) = (record.pose.get(from)?, record.pose.get(to)?);
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let angles = blend(&a.angles(), &b.angles(), t);
    let anchor = placed.anchor.as_ref()?;
    let (key_a, key_b) = (placed.poses.get(from)?, placed.poses.get(to)?);
    // The blended angles placed as a key pose is, once on each end's rests.
    let by_from = place_pose(anchor, &placed.props, &angles, key_a.rests.clone());
    let by_to = place_pose(anchor, &placed.props, &angles, key_b.rests.clone());
    Some(blend_places(by_from, &by_to, key_a, key_b, &placed.props, t))
}

/// The in-between pose from the blended angles placed on `from`'s rests (`by_from`) and on `to`'s
/// (`by_to`), between key poses `key_a` and `key_b`, a fraction `t` of the way.
fn blend_places(
    mut by_from: PlacedPose,
    by_to: &PlacedPose,
    key_a: &PlacedPose,
    key_b: &PlacedPose,
    props: &[PlacedProp],
    t: f32,
) -> PlacedPose {
    // Both are the same body, moved: blend where each put it.
    let d = by_to.body.waist.minus(by_from.body.waist).scale(t);
    by_from.body.translate(d);
    // Blended angles do not keep a closed chain closed (two feet planted, one on a step): the
    // rests both ends share are evened out, up or down, by as much more as they are uneven than
    // at the ends, so the ends stay exact.
    let shared: Vec<Rest> = key_a.rests.iter().filter(|r| key_b.rests.contains(r)).copied().collect();
    let evened = |body: &Skeleton| evening(&shared, props, body);
    let dy = evened(&by_from.body) - lerp(evened(&key_a.body), evened(&key_b.body), t);
    by_from.body.translate(Vec3::new(0.0, dy, 0.0));
    by_from
}

/// The in-between pose of [`between`] drawn as the key poses are (the same props, floor and
/// colours), without their arrow and hold marker, in `view_box` (the key poses' own, so the
/// figure does not jump or scale while it moves).
pub fn picture(
    record: &FigureRecord,
    placed: &PlacedFigure,
    view_box: egui::Rect,
    (from, to, t): (usize, usize, f32),
    style: &FigureStyle,
) -> Option<FigurePicture> {
    let pose = between_keys(record, placed, from, to, t)?;
    // The floor and the mat span every key pose (as on the key pictures) and this one; only this
    // pose is drawn, and for the screen only (no SVG text).
    Some(render::moving_picture(record, placed, &pose, view_box, style))
}

/// The height that puts the rests' gaps (each point above what it rests on; walls aside) half
/// above and half below their surfaces; 0 with no such rest.
fn evening(rests: &[Rest], props: &[PlacedProp], body: &Skeleton) -> f32 {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for rest in rests {
        let top = match rest.surface {
            Surface::Floor => Some(0.0),
            Surface::Prop(PropKind::Wall) => None,
            Surface::Prop(kind) => props.iter().find(|p| p.kind == kind).and_then(|p| p.top),
        };
        if let Some(top) = top {
            let gap = rest.point.bottom(body) - top;
            lo = lo.min(gap);
            hi = hi.max(gap);
        }
    }
    if lo.is_finite() && hi.is_finite() { -(lo + hi) / 2.0 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::validate::{CONTACT_TOLERANCE, PENETRATION_TOLERANCE};

    fn figures() -> Vec<crate::figures::Figure> {
        let kb = match crate::knowledge::KnowledgeBase::builtin() {
            Ok(kb) => kb,
            Err(e) => panic!("{e:?}"),
        };
        match crate::figures::FigureSet::builtin(&kb) {
            Ok(set) => set.figures.into_iter().filter(|f| f.placed.poses.len() >= 2).collect(),
            Err(e) => panic!("{e:?}"),
        }
    }

    /// [`between`] the long way: the blended poses and the two key poses placed afresh as one
    /// figure behind the record's first pose (which places the props and anchors the others).
    fn between_placed_afresh(record: &FigureRecord, from: usize, to: usize, t: f32) -> Option<PlacedPose> {
        use super::super::pose::PoseSpec;
        let (a, b) = (record.pose.get(from)?, record.pose.get(to)?);
        let Angles { root, trunk, left, right } = blend(&a.angles(), &b.angles(), t);
        let pose = |rests: Vec<String>| PoseSpec {
            name: String::new(),
            pelvis: root,
            rests,
            trunk,
            left,
            right,
            arrow: None,
            hold: None,
        };
        let mut probe = record.clone();
        probe.pose =
            vec![record.pose.first()?.clone(), pose(a.rests.clone()), pose(b.rests.clone()), a.clone(), b.clone()];
        let PlacedFigure { props, poses, .. } = place(&probe).ok()?;
        let [_, by_from, by_to, key_a, key_b] = <[PlacedPose; 5]>::try_from(poses).ok()?;
        Some(blend_places(by_from, &by_to, &key_a, &key_b, &props, t))
    }

    #[test]
    fn the_placed_key_poses_give_the_same_in_between_pose_as_placing_them_again() {
        for figure in figures() {
            let n = figure.placed.poses.len();
            for (from, to) in [(0, 1), (n - 2, n - 1), (n - 1, 0)] {
                for t in [0.0, 0.3, 0.77, 1.0] {
                    let again = between_placed_afresh(&figure.record, from, to, t);
                    let reused = between_keys(&figure.record, &figure.placed, from, to, t);
                    assert!(again.is_some(), "{} {from}->{to} at {t}", figure.record.id);
                    assert_eq!(reused, again, "{} {from}->{to} at {t}", figure.record.id);
                }
            }
        }
    }

    fn limbs(seed: f32) -> Limbs {
        Limbs {
            hip_flexion: 10.0 + seed,
            hip_abduction: -5.0 + seed,
            hip_rotation: 20.0 - seed,
            knee_flexion: 90.0 - seed,
            ankle_dorsiflexion: -30.0 + seed,
            foot_inversion: 5.0 + seed,
            shoulder_flexion: 120.0 - seed,
            shoulder_abduction: 15.0 + seed,
            elbow_flexion: 45.0 + seed,
            wrist_extension: -20.0 + seed,
        }
    }

    fn angles(seed: f32) -> Angles {
        Angles {
            root: Root { pitch: 90.0 - 2.0 * seed, twist: seed, tilt: -seed },
            trunk: Trunk {
                lumbar_flexion: seed,
                lumbar_side_bend: -seed,
                lumbar_rotation: 2.0 * seed,
                neck_flexion: 10.0 - seed,
            },
            left: limbs(seed),
            right: limbs(-seed),
        }
    }

    /// Every angle of a pose, in one list (by the model's debug output, so a new field is in it).
    fn numbers(a: &Angles) -> Vec<f32> {
        format!("{a:?}")
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter_map(|s| s.parse::<f32>().ok())
            .collect()
    }

    #[test]
    fn blending_starts_at_the_first_pose_ends_at_the_next_and_stays_between_them() {
        let (a, b) = (angles(0.0), angles(30.0));
        assert_eq!(blend(&a, &b, 0.0), a);
        assert_eq!(blend(&a, &b, 1.0), b);
        let (na, nb) = (numbers(&a), numbers(&b));
        assert_eq!(na.len(), nb.len());
        // Every field is blended: halfway, every angle that differs has moved.
        let half = numbers(&blend(&a, &b, 0.5));
        for (k, ((x, y), m)) in na.iter().zip(&nb).zip(&half).enumerate() {
            let (lo, hi) = (x.min(*y), x.max(*y));
            assert!((lo..=hi).contains(m), "angle {k}: {m} not between {x} and {y}");
            if x != y {
                assert!(m != x && m != y, "angle {k} is not blended: {m}");
            }
        }
    }

    #[test]
    fn easing_is_still_at_both_ends_and_rises_throughout() {
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
        assert_eq!(ease(-1.0), 0.0);
        assert_eq!(ease(2.0), 1.0);
        assert_eq!(ease(f32::NAN), 0.0);
        let mut last = 0.0;
        for i in 1..=100 {
            let e = ease(i as f32 / 100.0);
            assert!(e > last, "rising at {i}: {e} after {last}");
            last = e;
        }
        // Gentle at the ends: the first and last hundredth move less than the middle one.
        assert!(ease(0.01) < 0.01 && 1.0 - ease(0.99) < 0.01);
    }

    #[test]
    fn the_timeline_rests_at_each_pose_longer_at_a_hold_and_loops() {
        let timeline = Timeline::from_holds([false, true, false]);
        assert_eq!(timeline.steps(), 3);
        assert_eq!(timeline.at(0.0).0, Moment::At(0));
        assert_eq!(timeline.arrival(1), PAUSE_SECONDS + MOVE_SECONDS);
        // A move starts and ends still.
        let (m, _) = timeline.at(PAUSE_SECONDS + 0.001);
        assert!(matches!(m, Moment::Between { from: 0, to: 1, t } if t < 0.001), "{m:?}");
        let (m, left) = timeline.at(PAUSE_SECONDS + MOVE_SECONDS / 2.0);
        assert!(matches!(m, Moment::Between { from: 0, to: 1, t } if (t - 0.5).abs() < 1e-4), "{m:?}");
        assert!((left - MOVE_SECONDS / 2.0).abs() < 1e-4);
        // The hold is rested at longer than a pause.
        assert_eq!(timeline.at(timeline.arrival(1) + HOLD_SECONDS - 0.01).0, Moment::At(1));
        assert_eq!(timeline.at(timeline.arrival(2) + PAUSE_SECONDS - 0.01).0, Moment::At(2));
        const { assert!(HOLD_SECONDS > PAUSE_SECONDS) };
        // After the last pose it moves back to the first, and the loop starts again.
        let (m, _) = timeline.at(timeline.arrival(2) + PAUSE_SECONDS + 0.5);
        assert!(matches!(m, Moment::Between { from: 2, to: 0, .. }), "{m:?}");
        assert!((timeline.period() - (3.0 * MOVE_SECONDS + 2.0 * PAUSE_SECONDS + HOLD_SECONDS)).abs() < 1e-4);
        assert_eq!(timeline.at(timeline.period() + 0.1).0, Moment::At(0));
        assert_eq!(timeline.at(-0.1).0.step(), 0, "just before the loop starts: arriving at the first pose");
        // One key pose: nothing moves.
        let still = Timeline::from_holds([true]);
        assert!(!still.moves());
        assert_eq!(still.at(5.0), (Moment::At(0), f32::INFINITY));
    }

    #[test]
    fn the_in_between_poses_meet_the_key_poses_at_both_ends() {
        for figure in figures() {
            let n = figure.placed.poses.len();
            for from in 0..n {
                let to = (from + 1) % n;
                for (t, key) in [(0.0, from), (1.0, to)] {
                    let Some(pose) = between(&figure.record, from, to, t) else {
                        panic!("{}: {from} to {to} does not place", figure.record.id)
                    };
                    let want = &figure.placed.poses[key].body;
                    for (c, k) in pose.body.capsules.iter().zip(&want.capsules) {
                        let off = c.a.minus(k.a).length().max(c.b.minus(k.b).length());
                        assert!(
                            off < 1.0,
                            "{}: the move {from} to {to} at t = {t} is {off} units off key pose {key}",
                            figure.record.id
                        );
                    }
                }
            }
        }
    }

    /// How far a point of the pose floats above (positive) or sinks into (negative) what it
    /// rests on, in figure units (walls aside).
    fn gap(placed: &PlacedFigure, pose: &PlacedPose, rest: &crate::figures::pose::Rest) -> Option<f32> {
        let top = match rest.surface {
            Surface::Floor => 0.0,
            Surface::Prop(kind) => placed.props.iter().find(|p| p.kind == kind)?.top?,
        };
        Some(rest.point.bottom(&pose.body) - top)
    }

    #[test]
    fn mid_move_the_figure_rests_on_its_support_and_goes_through_nothing() {
        for figure in figures() {
            let placed = &figure.placed;
            let n = placed.poses.len();
            for from in 0..n {
                let to = (from + 1) % n;
                let shared: Vec<_> =
                    placed.poses[from].rests.iter().filter(|r| placed.poses[to].rests.contains(r)).copied().collect();
                for i in 1..10 {
                    let t = i as f32 / 10.0;
                    let Some(pose) = between(&figure.record, from, to, t) else { panic!("{}", figure.record.id) };
                    let at = format!("{}: {from} to {to} at t = {t}", figure.record.id);
                    // What both ends rest on is rested on all the way.
                    for rest in &shared {
                        if let Some(gap) = gap(placed, &pose, rest) {
                            assert!(
                                gap.abs() <= CONTACT_TOLERANCE,
                                "{at}: {} is {gap} units off its support",
                                rest.point.name()
                            );
                        }
                    }
                    // No floating as a whole: something is on the ground, a prop or a wall.
                    let lowest = pose.body.capsules.iter().map(|c| c.bottom()).fold(f32::INFINITY, f32::min);
                    let supported = lowest <= CONTACT_TOLERANCE
                        || placed.props.iter().any(|p| {
                            pose.body.capsules.iter().any(|c| {
                                (0..=6).any(|k| {
                                    let (c, r) = c.at(k as f32 / 6.0);
                                    p.penetration(c, r + CONTACT_TOLERANCE) > 0.0
                                })
                            })
                        });
                    assert!(supported, "{at}: the figure floats (lowest point {lowest})");
                    // Nor sinks through the floor.
                    assert!(lowest >= -PENETRATION_TOLERANCE * 2.0, "{at}: the figure sinks into the floor ({lowest})");
                }
            }
        }
    }

    #[test]
    fn an_in_between_picture_at_a_key_pose_draws_what_the_key_picture_draws_but_the_marks() {
        use crate::geometry::display::Layer;
        let style = &crate::figures::FIGURE_STYLE;
        for figure in figures() {
            let keys = figure.pictures(style);
            let n = keys.len();
            for from in 0..n {
                let to = (from + 1) % n;
                for (t, key) in [(0.0, from), (1.0, to)] {
                    let Some(drawn) = picture(&figure.record, &figure.placed, keys[0].view_box, (from, to, t), style)
                    else {
                        panic!("{}", figure.record.id)
                    };
                    let body = |p: &FigurePicture| -> Vec<String> {
                        p.display_list()
                            .items
                            .into_iter()
                            .filter(|i| i.layer == Layer::Silhouette)
                            .map(|i| format!("{:?}", i.primitive))
                            .collect()
                    };
                    // The same body, props, floor and mat (the mat spans every key pose).
                    assert!(body(&drawn) == body(&keys[key]), "{}: {from} to {to} at t = {t}", figure.record.id);
                    assert_eq!(drawn.view_box, keys[0].view_box);
                    // No arrow or hold marker while it moves.
                    assert!(drawn.display_list().items.iter().all(|i| i.layer == Layer::Silhouette));
                }
            }
        }
    }

    #[test]
    fn a_move_whose_ends_rest_differently_blends_the_placement_without_a_jump() {
        // Take any figure and step through a move finely: no frame jumps far from the last.
        for figure in figures() {
            let n = figure.placed.poses.len();
            for from in 0..n {
                let to = (from + 1) % n;
                let mut last: Option<Vec3> = None;
                for i in 0..=40 {
                    let t = ease(i as f32 / 40.0);
                    let Some(pose) = between(&figure.record, from, to, t) else { panic!("{}", figure.record.id) };
                    let waist = pose.body.waist;
                    if let Some(prev) = last {
                        let step = waist.minus(prev).length();
                        assert!(step < 60.0, "{}: {from} to {to} jumps {step} units at t = {t}", figure.record.id);
                    }
                    last = Some(waist);
                }
            }
        }
    }
}
