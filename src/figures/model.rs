//! The figure's body: proportions, joint angles and forward kinematics.
//!
//! The figure is a small 3-D mannequin of rounded segments (capsules), posed by joint angles and
//! drawn by projecting it onto the picture plane: a capsule projects to a capsule, so the drawing
//! stays smooth in the side, front and top views alike.
//!
//! **Frame.** Units are thousandths of the standing height H (so H = 1000; proportions from
//! Drillis and Contini, `figure-proportions.md`). World axes: `x` to the right of the picture,
//! `y` up, `z` towards the viewer of the side view. The figure stands facing `+x`, so its right
//! side faces the viewer of the side view (its near side). The hip centre (between the hip
//! joints) is the origin of the pelvis.
//!
//! **Angles** are in degrees from the anatomical standing position, signed as the clinical words
//! say: flexion, abduction, external rotation and dorsiflexion positive; extension, adduction,
//! internal rotation and plantarflexion negative.

use serde::{Deserialize, Serialize};

/// Standing height in figure units.
pub const H: f32 = 1000.0;

/// A side of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    /// `left` / `right`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }

    /// +1 for the right side (towards `+z`), −1 for the left.
    fn sign(self) -> f32 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }

    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

/// A point or direction in figure space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

impl Vec3 {
    pub const fn new(x: f32, y: f32, z: f32) -> Self {
        Vec3 { x, y, z }
    }
    pub fn plus(self, o: Vec3) -> Vec3 {
        Vec3::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
    pub fn minus(self, o: Vec3) -> Vec3 {
        Vec3::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
    pub fn scale(self, k: f32) -> Vec3 {
        Vec3::new(self.x * k, self.y * k, self.z * k)
    }
    pub fn length(self) -> f32 {
        (self.x * self.x + self.y * self.y + self.z * self.z).sqrt()
    }
    /// The point a fraction `t` of the way to `o`.
    pub fn lerp(self, o: Vec3, t: f32) -> Vec3 {
        self.plus(o.minus(self).scale(t))
    }
}

/// A rotation (orthonormal 3 × 3 matrix; columns are the rotated axes).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rot([[f32; 3]; 3]);

impl Rot {
    const IDENTITY: Rot = Rot([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);

    /// Rotation by `deg` about the x axis (forward).
    fn x(deg: f32) -> Rot {
        let (s, c) = deg.to_radians().sin_cos();
        Rot([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    }
    /// Rotation by `deg` about the y axis (up).
    fn y(deg: f32) -> Rot {
        let (s, c) = deg.to_radians().sin_cos();
        Rot([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    }
    /// Rotation by `deg` about the z axis (towards the viewer): positive turns `+x` towards `+y`.
    fn z(deg: f32) -> Rot {
        let (s, c) = deg.to_radians().sin_cos();
        Rot([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    }
    fn then(self, o: Rot) -> Rot {
        let (a, b) = (self.0, o.0);
        let mut m = [[0.0; 3]; 3];
        for (i, row) in m.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (0..3).map(|k| a[i][k] * b[k][j]).sum();
            }
        }
        Rot(m)
    }
    fn apply(self, v: Vec3) -> Vec3 {
        let m = self.0;
        Vec3::new(
            m[0][0] * v.x + m[0][1] * v.y + m[0][2] * v.z,
            m[1][0] * v.x + m[1][1] * v.y + m[1][2] * v.z,
            m[2][0] * v.x + m[2][1] * v.y + m[2][2] * v.z,
        )
    }
}

/// How the pelvis (the root of the body) is turned in the world.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Root {
    /// Tipped about the axis towards the viewer, positive backwards (counter-clockwise as seen
    /// facing right): 0 upright, 90 lying on the back with the head to the left, −90 lying face
    /// down (or on all fours) with the head to the right.
    pub pitch: f32,
    /// Turned about the body's long axis, positive turning the front towards the figure's left:
    /// lying on the back, the knees fall to the right.
    pub twist: f32,
    /// Tipped sideways about the pelvis's front-to-back axis (lateral pelvic tilt), positive
    /// raising the right hip and lowering the left: hitching the right side of the pelvis up, or
    /// sitting with the weight on the left buttock.
    pub tilt: f32,
}

/// The angles of the spine and neck.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Trunk {
    /// Low back (lumbar) bending forward; negative arches it back.
    pub lumbar_flexion: f32,
    /// Low back bending sideways; positive to the figure's right.
    pub lumbar_side_bend: f32,
    /// Trunk turning on the pelvis; positive turns the chest to the figure's left.
    pub lumbar_rotation: f32,
    /// Neck bending forward (chin to chest); negative looks up.
    pub neck_flexion: f32,
}

/// The angles of one side's arm and leg.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limbs {
    pub hip_flexion: f32,
    pub hip_abduction: f32,
    /// External (outward) rotation positive.
    pub hip_rotation: f32,
    pub knee_flexion: f32,
    /// Toes towards the shin positive; pointing the foot (plantarflexion) negative.
    pub ankle_dorsiflexion: f32,
    /// The sole turned inwards, the weight rolling to the foot's outer edge (inversion, as in
    /// supination) positive; turned outwards (eversion) negative.
    pub foot_inversion: f32,
    pub shoulder_flexion: f32,
    pub shoulder_abduction: f32,
    pub elbow_flexion: f32,
    /// Bending the hand back positive; bending it towards the palm negative.
    pub wrist_extension: f32,
}

/// Every angle of a pose.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Angles {
    pub root: Root,
    pub trunk: Trunk,
    pub left: Limbs,
    pub right: Limbs,
}

impl Angles {
    /// One side's limbs.
    pub fn limbs(&self, side: Side) -> &Limbs {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }
}

/// A segment of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Head,
    Neck,
    Chest,
    Pelvis,
    UpperArm(Side),
    Forearm(Side),
    Hand(Side),
    Thigh(Side),
    Shin(Side),
    Foot(Side),
}

impl Part {
    /// Every part.
    pub const ALL: [Part; 16] = [
        Part::Head,
        Part::Neck,
        Part::Chest,
        Part::Pelvis,
        Part::UpperArm(Side::Left),
        Part::Forearm(Side::Left),
        Part::Hand(Side::Left),
        Part::Thigh(Side::Left),
        Part::Shin(Side::Left),
        Part::Foot(Side::Left),
        Part::UpperArm(Side::Right),
        Part::Forearm(Side::Right),
        Part::Hand(Side::Right),
        Part::Thigh(Side::Right),
        Part::Shin(Side::Right),
        Part::Foot(Side::Right),
    ];

    /// The side, for a limb's part.
    pub fn side(self) -> Option<Side> {
        match self {
            Part::UpperArm(s) | Part::Forearm(s) | Part::Hand(s) | Part::Thigh(s) | Part::Shin(s) | Part::Foot(s) => {
                Some(s)
            }
            _ => None,
        }
    }

    /// The name used in the data (`right.thigh`, `pelvis`).
    pub fn name(self) -> String {
        let (side, base) = match self {
            Part::Head => (None, "head"),
            Part::Neck => (None, "neck"),
            Part::Chest => (None, "chest"),
            Part::Pelvis => (None, "pelvis"),
            Part::UpperArm(s) => (Some(s), "upper_arm"),
            Part::Forearm(s) => (Some(s), "forearm"),
            Part::Hand(s) => (Some(s), "hand"),
            Part::Thigh(s) => (Some(s), "thigh"),
            Part::Shin(s) => (Some(s), "shin"),
            Part::Foot(s) => (Some(s), "foot"),
        };
        match side {
            Some(s) => format!("{}.{base}", s.name()),
            None => base.to_string(),
        }
    }

    /// In plain words, for messages ("the right shin").
    pub fn words(self) -> String {
        format!("the {}", self.name().replace(['.', '_'], " "))
    }

    /// The part named `name` (see [`Part::name`]).
    pub fn parse(name: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One rounded segment: a capsule from `a` (radius `ra`) to `b` (radius `rb`). A part may have
/// several (the chest is two, side by side, so it is wider seen from the front than the side).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capsule {
    pub part: Part,
    pub a: Vec3,
    pub b: Vec3,
    pub ra: f32,
    pub rb: f32,
}

impl Capsule {
    /// The point and radius a fraction `t` along the capsule.
    pub fn at(&self, t: f32) -> (Vec3, f32) {
        (self.a.lerp(self.b, t), self.ra + (self.rb - self.ra) * t)
    }

    /// The lowest height the capsule reaches.
    pub fn bottom(&self) -> f32 {
        (self.a.y - self.ra).min(self.b.y - self.rb)
    }
}

/// Joint centres of one side.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SideJoints {
    pub hip: Vec3,
    pub knee: Vec3,
    pub ankle: Vec3,
    pub heel: Vec3,
    pub toes: Vec3,
    pub shoulder: Vec3,
    pub elbow: Vec3,
    pub wrist: Vec3,
    pub fingers: Vec3,
}

/// A posed body: joint centres and the capsules drawn between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Skeleton {
    pub left: SideJoints,
    pub right: SideJoints,
    /// Top of the pelvis, where the low back bends.
    pub waist: Vec3,
    /// Base of the neck, between the shoulders.
    pub neck_base: Vec3,
    pub head_centre: Vec3,
    /// Where the face looks (a unit vector).
    pub face: Vec3,
    pub capsules: Vec<Capsule>,
}

impl Skeleton {
    /// One side's joints.
    pub fn side(&self, side: Side) -> &SideJoints {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    /// The capsules of a part.
    pub fn capsules_of(&self, part: Part) -> impl Iterator<Item = &Capsule> {
        self.capsules.iter().filter(move |c| c.part == part)
    }

    /// Every capsule moved by `d`.
    pub fn translate(&mut self, d: Vec3) {
        for joints in [&mut self.left, &mut self.right] {
            for p in [
                &mut joints.hip,
                &mut joints.knee,
                &mut joints.ankle,
                &mut joints.heel,
                &mut joints.toes,
                &mut joints.shoulder,
                &mut joints.elbow,
                &mut joints.wrist,
                &mut joints.fingers,
            ] {
                *p = p.plus(d);
            }
        }
        for p in [&mut self.waist, &mut self.neck_base, &mut self.head_centre] {
            *p = p.plus(d);
        }
        for c in &mut self.capsules {
            c.a = c.a.plus(d);
            c.b = c.b.plus(d);
        }
    }
}

/// Segment lengths and radii as fractions of H (Drillis and Contini; radii drawn to look right).
pub mod dims {
    /// Hip centre to top of the pelvis.
    pub const PELVIS: f32 = 0.10;
    /// Top of the pelvis to the base of the neck (shoulder height).
    pub const CHEST: f32 = 0.19;
    pub const NECK: f32 = 0.05;
    pub const HEAD_RADIUS: f32 = 0.065;
    /// Hip joints either side of the midline.
    pub const HIP_HALF_WIDTH: f32 = 0.05;
    /// Shoulder joints either side of the midline (shoulder width 0.259 H, outer edges).
    pub const SHOULDER_HALF_WIDTH: f32 = 0.105;
    /// Shoulder joints below the base of the neck.
    pub const SHOULDER_DROP: f32 = 0.025;
    pub const UPPER_ARM: f32 = 0.186;
    pub const FOREARM: f32 = 0.146;
    pub const HAND: f32 = 0.08;
    pub const THIGH: f32 = 0.245;
    pub const SHANK: f32 = 0.246;
    /// Ankle joint above the sole.
    pub const ANKLE_HEIGHT: f32 = 0.039;
}

/// Forward kinematics: the body posed by `angles`, with its hip centre at the origin (placing it
/// on the floor or a prop is [`super::pose`]'s job). Pure: the same angles give the same body.
pub fn forward_kinematics(angles: &Angles) -> Skeleton {
    use dims::*;
    let h = H;
    let up = Vec3::new(0.0, 1.0, 0.0);
    let down = Vec3::new(0.0, -1.0, 0.0);
    let fwd = Vec3::new(1.0, 0.0, 0.0);
    let right = Vec3::new(0.0, 0.0, 1.0);
    let t = &angles.trunk;

    let pelvis = Rot::z(angles.root.pitch).then(Rot::y(angles.root.twist)).then(Rot::x(-angles.root.tilt));
    let origin = Vec3::default();
    let waist = origin.plus(pelvis.apply(up.scale(PELVIS * h)));
    // Flexion bends the chest forward: clockwise as seen facing right.
    let chest = pelvis.then(Rot::z(-t.lumbar_flexion)).then(Rot::x(t.lumbar_side_bend)).then(Rot::y(t.lumbar_rotation));
    let neck_base = waist.plus(chest.apply(up.scale(CHEST * h)));
    let head = chest.then(Rot::z(-t.neck_flexion));
    let neck_top = neck_base.plus(head.apply(up.scale(NECK * h)));
    let head_centre = neck_top.plus(head.apply(Vec3::new(0.005, HEAD_RADIUS, 0.0).scale(h)));
    let face = head.apply(fwd);

    let mut capsules = Vec::with_capacity(24);
    // Pelvis and chest as two capsules side by side: narrow from the side, wide from the front.
    for half in [-1.0, 1.0] {
        let side_offset = |frame: Rot, w: f32| frame.apply(right.scale(half * w * h));
        capsules.push(Capsule {
            part: Part::Pelvis,
            a: origin.plus(pelvis.apply(Vec3::new(-0.012, -0.01, 0.0).scale(h))).plus(side_offset(pelvis, 0.045)),
            b: waist.plus(side_offset(pelvis, 0.04)),
            ra: 0.068 * h,
            rb: 0.058 * h,
        });
        capsules.push(Capsule {
            part: Part::Chest,
            a: waist.plus(side_offset(chest, 0.04)),
            b: neck_base.plus(chest.apply(Vec3::new(-0.005, -0.05, 0.0).scale(h))).plus(side_offset(chest, 0.055)),
            ra: 0.058 * h,
            rb: 0.068 * h,
        });
    }
    capsules.push(Capsule { part: Part::Neck, a: neck_base, b: neck_top, ra: 0.03 * h, rb: 0.027 * h });
    capsules.push(Capsule {
        part: Part::Head,
        a: head_centre,
        b: head_centre,
        ra: HEAD_RADIUS * h,
        rb: HEAD_RADIUS * h,
    });

    let mut sides = [SideJoints::default(), SideJoints::default()];
    for (slot, side) in sides.iter_mut().zip([Side::Left, Side::Right]) {
        let s = side.sign();
        let l = angles.limbs(side);
        // Leg: flexion swings the thigh forward; abduction outwards (towards this side);
        // external rotation turns the knee outwards, which carries a bent knee's foot inwards.
        let hip = origin.plus(pelvis.apply(right.scale(s * HIP_HALF_WIDTH * h)));
        let thigh =
            pelvis.then(Rot::z(l.hip_flexion)).then(Rot::x(-s * l.hip_abduction)).then(Rot::y(-s * l.hip_rotation));
        let knee = hip.plus(thigh.apply(down.scale(THIGH * h)));
        let shin = thigh.then(Rot::z(-l.knee_flexion));
        let ankle = knee.plus(shin.apply(down.scale(SHANK * h)));
        // Inversion rolls the foot about its long axis: the sole turns towards the midline.
        let foot = shin.then(Rot::z(l.ankle_dorsiflexion)).then(Rot::x(s * l.foot_inversion));
        let heel = ankle.plus(foot.apply(Vec3::new(-0.028, -0.019, 0.0).scale(h)));
        let toes = ankle.plus(foot.apply(Vec3::new(0.10, -0.027, 0.0).scale(h)));
        capsules.push(Capsule { part: Part::Thigh(side), a: hip, b: knee, ra: 0.06 * h, rb: 0.042 * h });
        capsules.push(Capsule { part: Part::Shin(side), a: knee, b: ankle, ra: 0.042 * h, rb: 0.025 * h });
        // The foot as its inner and outer edges side by side (foot width 0.055 H), so it is
        // wider seen from the front than from the side and an inverted foot shows its tilt.
        for edge in [-1.0, 1.0] {
            let across = foot.apply(right.scale(edge * s * 0.011 * h));
            capsules.push(Capsule {
                part: Part::Foot(side),
                a: heel.plus(across.scale(0.6)),
                b: toes.plus(across),
                ra: 0.017 * h,
                rb: 0.011 * h,
            });
        }

        // Arm: flexion raises it forward, abduction sideways; elbow flexion brings the forearm up.
        let shoulder = neck_base.plus(chest.apply(Vec3::new(0.0, -SHOULDER_DROP, s * SHOULDER_HALF_WIDTH).scale(h)));
        let upper = chest.then(Rot::z(l.shoulder_flexion)).then(Rot::x(-s * l.shoulder_abduction));
        let elbow = shoulder.plus(upper.apply(down.scale(UPPER_ARM * h)));
        let fore = upper.then(Rot::z(l.elbow_flexion));
        let wrist = elbow.plus(fore.apply(down.scale(FOREARM * h)));
        let hand = fore.then(Rot::z(l.wrist_extension));
        let fingers = wrist.plus(hand.apply(down.scale(HAND * h)));
        capsules.push(Capsule { part: Part::UpperArm(side), a: shoulder, b: elbow, ra: 0.033 * h, rb: 0.027 * h });
        capsules.push(Capsule { part: Part::Forearm(side), a: elbow, b: wrist, ra: 0.027 * h, rb: 0.02 * h });
        capsules.push(Capsule { part: Part::Hand(side), a: wrist, b: fingers, ra: 0.021 * h, rb: 0.016 * h });
        *slot = SideJoints { hip, knee, ankle, heel, toes, shoulder, elbow, wrist, fingers };
    }
    let [left, right] = sides;
    let _ = Rot::IDENTITY;
    Skeleton { left, right, waist, neck_base, head_centre, face, capsules }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Vec3, b: Vec3) -> bool {
        a.minus(b).length() < 0.5
    }

    #[test]
    fn standing_landmarks_match_the_proportions() {
        let s = forward_kinematics(&Angles::default());
        // Hip centre at the origin; the ankle 0.491 H below (thigh + shank), the knee 0.245 H.
        assert!(close(s.right.knee, Vec3::new(0.0, -245.0, 50.0)), "{:?}", s.right.knee);
        assert!(close(s.right.ankle, Vec3::new(0.0, -491.0, 50.0)), "{:?}", s.right.ankle);
        // Shoulder 0.818 − 0.53 above the hip centre, less the drop to the joint centre.
        assert!((s.right.shoulder.y - (100.0 + 190.0 - 25.0)).abs() < 0.5);
        // Top of the head about 0.47 H above the hips (1.0 − 0.53).
        let top = s.head_centre.y + dims::HEAD_RADIUS * H;
        assert!((top - 470.0).abs() < 15.0, "{top}");
    }

    #[test]
    fn flexion_moves_limbs_forward_and_the_knee_bends_back() {
        let mut a = Angles::default();
        a.right.hip_flexion = 90.0;
        a.right.knee_flexion = 90.0;
        let s = forward_kinematics(&a);
        // Thigh straight forward, shin straight down from the knee.
        assert!(close(s.right.knee, Vec3::new(245.0, 0.0, 50.0)), "{:?}", s.right.knee);
        assert!(close(s.right.ankle, Vec3::new(245.0, -246.0, 50.0)), "{:?}", s.right.ankle);
        // The left leg did not move.
        assert!(close(s.left.knee, Vec3::new(0.0, -245.0, -50.0)));
    }

    #[test]
    fn lying_on_the_back_puts_the_head_left_and_the_face_up() {
        let mut a = Angles::default();
        a.root.pitch = 90.0;
        let s = forward_kinematics(&a);
        assert!(s.head_centre.x < -400.0 && s.head_centre.y.abs() < 20.0, "{:?}", s.head_centre);
        assert!(s.face.y > 0.99, "{:?}", s.face);
        assert!(s.right.ankle.x > 480.0);
    }

    #[test]
    fn abduction_and_external_rotation_go_outwards() {
        let mut a = Angles::default();
        a.left.hip_abduction = 30.0;
        a.right.hip_abduction = 30.0;
        let s = forward_kinematics(&a);
        assert!(s.right.knee.z > 50.0 + 100.0 && s.left.knee.z < -150.0, "{:?} {:?}", s.right.knee, s.left.knee);
        // Seated (hip and knee at right angles), turning the hip out carries the foot inwards.
        let mut a = Angles::default();
        a.right.hip_flexion = 90.0;
        a.right.knee_flexion = 90.0;
        a.right.hip_rotation = 40.0;
        let s = forward_kinematics(&a);
        assert!(s.right.ankle.z < 0.0, "{:?}", s.right.ankle);
        assert!(close(s.right.knee, Vec3::new(245.0, 0.0, 50.0)));
    }

    #[test]
    fn a_lateral_tilt_hitches_the_right_hip_and_inversion_turns_the_sole_in() {
        let mut a = Angles::default();
        a.root.tilt = 10.0;
        let s = forward_kinematics(&a);
        assert!(s.right.hip.y > 5.0 && s.left.hip.y < -5.0, "{:?} {:?}", s.right.hip, s.left.hip);
        // Standing, the right foot's inner edge (towards the midline) lifts when it turns in.
        let edges = |s: &Skeleton, side: Side| -> (f32, f32) {
            let feet: Vec<&Capsule> = s.capsules_of(Part::Foot(side)).collect();
            let (inner, outer) =
                if feet[0].b.z.abs() < feet[1].b.z.abs() { (feet[0], feet[1]) } else { (feet[1], feet[0]) };
            (inner.b.y, outer.b.y)
        };
        let flat = forward_kinematics(&Angles::default());
        let (inner, outer) = edges(&flat, Side::Right);
        assert!((inner - outer).abs() < 0.5);
        let mut a = Angles::default();
        a.right.foot_inversion = 30.0;
        a.left.foot_inversion = 30.0;
        let s = forward_kinematics(&a);
        for side in [Side::Left, Side::Right] {
            let (inner, outer) = edges(&s, side);
            assert!(inner > outer + 5.0, "{side:?}: inner {inner}, outer {outer}");
        }
    }
}
