//! Shapes both views draw: rods, vertebrae, leg and foot bones (authoring frame).

use super::body::{MID, TOES};
use super::curves::{Knot, Path, Pt, ToKnot, curve_o, kn, lp, tan, unit};

/// A bone-like rod from `a` to `b` with half widths `wa`, `wb` and rounded ends.
pub fn rod(a: Pt, b: Pt, wa: f64, wb: f64) -> Path {
    let (ax, ay) = a;
    let (bx, by) = b;
    let d = unit((bx - ax, by - ay));
    let n = (-d.1, d.0);
    let pa1 = (ax + n.0 * wa, ay + n.1 * wa);
    let pa2 = (ax - n.0 * wa, ay - n.1 * wa);
    let pb1 = (bx + n.0 * wb, by + n.1 * wb);
    let pb2 = (bx - n.0 * wb, by - n.1 * wb);
    let ea = (ax - d.0 * wa, ay - d.1 * wa);
    let eb = (bx + d.0 * wb, by + d.1 * wb);
    let mid1 = ((pa1.0 + pb1.0) / 2.0 + n.0 * -0.15 * (wa + wb), (pa1.1 + pb1.1) / 2.0 + n.1 * -0.15 * (wa + wb));
    let mid2 = ((pa2.0 + pb2.0) / 2.0 - n.0 * -0.15 * (wa + wb), (pa2.1 + pb2.1) / 2.0 - n.1 * -0.15 * (wa + wb));
    lp(kn![ea, pa1, mid1, pb1, eb, pb2, mid2, pa2])
}

/// A smooth band along `spine` (a rib, a strap muscle), its half width running from `w0` at the
/// first point to `w1` at the last, with rounded ends.
pub fn band(spine: &[Pt], w0: f64, w1: f64) -> Path {
    let widths: Vec<f64> = (0..spine.len()).map(|i| w0 + (w1 - w0) * i as f64 / (spine.len() - 1) as f64).collect();
    band_w(spine, &widths)
}

/// A smooth band along `spine` with the half width `widths[i]` at each point: a muscle belly
/// swelling in the middle and tapering to its tendons.
pub fn band_w(spine: &[Pt], widths: &[f64]) -> Path {
    let n = spine.len();
    let dir = |i: usize| unit(sub(spine[(i + 1).min(n - 1)], spine[i.saturating_sub(1)]));
    let side = |i: usize, s: f64| {
        let d = dir(i);
        (spine[i].0 - d.1 * widths[i] * s, spine[i].1 + d.0 * widths[i] * s)
    };
    let mut knots = Vec::with_capacity(2 * n + 2);
    let (d0, dn) = (dir(0), dir(n - 1));
    knots.push((spine[0].0 - d0.0 * widths[0], spine[0].1 - d0.1 * widths[0]).knot());
    knots.extend((0..n).map(|i| side(i, 1.0).knot()));
    knots.push((spine[n - 1].0 + dn.0 * widths[n - 1], spine[n - 1].1 + dn.1 * widths[n - 1]).knot());
    knots.extend((0..n).rev().map(|i| side(i, -1.0).knot()));
    lp(knots)
}

fn sub(a: Pt, b: Pt) -> Pt {
    (a.0 - b.0, a.1 - b.1)
}

/// An open path from the midline to the midline with horizontal end tangents.
pub fn join_half(knots: Vec<Knot>) -> Path {
    curve_o(knots, tan(Some((-1.0, 0.0)), Some((1.0, 0.0))))
}

/// [`join_half`] with another end tangent.
pub fn join_half_t1(knots: Vec<Knot>, t1: Pt) -> Path {
    curve_o(knots, tan(Some((-1.0, 0.0)), Some(t1)))
}

/// Posterior view of a lumbar vertebra (half): spinous process, lamina, transverse process.
pub fn vert_post(yc: f64, tp: f64) -> Path {
    join_half(kn![
        (MID, yc - 17.0),
        (490.0, yc - 17.0),
        (484.0, yc - 22.0),
        (476.0, yc - 21.0, 'c'),
        (472.0, yc - 12.0),
        (458.0, yc - 6.0),
        (tp, yc - 5.0),
        (tp - 5.0, yc, 'c'),
        (tp, yc + 5.0),
        (458.0, yc + 5.0),
        (471.0, yc + 8.0),
        (476.0, yc + 17.0),
        (482.0, yc + 24.0, 'c'),
        (490.0, yc + 20.0),
        (MID, yc + 19.0),
    ])
}

/// Anterior view of a lumbar vertebra (half): the body with its waist, the transverse process
/// behind.
pub fn vert_ant(yc: f64, tp: f64) -> Path {
    join_half(kn![
        (MID, yc - 16.0),
        (476.0, yc - 17.0),
        (472.0, yc - 13.0, 'c'),
        (470.0, yc - 6.0),
        (452.0, yc - 5.0),
        (tp, yc - 3.0),
        (tp - 4.0, yc + 1.0, 'c'),
        (tp, yc + 5.0),
        (452.0, yc + 5.0),
        (470.0, yc + 6.0),
        (472.0, yc + 13.0, 'c'),
        (476.0, yc + 17.0),
        (MID, yc + 16.0),
    ])
}

/// The bones of the foot: the hindfoot bone (calcaneus seen from below, or talus from above),
/// the other tarsals, the metatarsals and the phalanges.
pub struct FootBones {
    /// Calcaneus (plantar) or talus (dorsal).
    pub hind: Path,
    /// The other tarsals.
    pub tarsals: Vec<Path>,
    /// Metatarsals 5 to 1.
    pub metatarsals: Vec<Path>,
    /// Two phalanges per toe.
    pub phalanges: Vec<Path>,
}

/// Metatarsals and phalanges (same rays in both views), plus tarsals.
pub fn foot_bones(plantar: bool) -> FootBones {
    // (base, head, half width at the base, at the head) of metatarsals 5..1.
    let rays: [(Pt, Pt, f64, f64); 5] = [
        ((393.0, 1300.0), (386.0, 1378.0), 4.5, 5.5),
        ((406.0, 1320.0), (403.0, 1388.0), 3.5, 5.0),
        ((419.0, 1322.0), (421.0, 1394.0), 3.5, 5.0),
        ((433.0, 1322.0), (439.0, 1398.0), 3.8, 5.2),
        ((451.0, 1318.0), (464.0, 1392.0), 6.0, 8.0),
    ];
    let metatarsals = rays.iter().map(|&(b, h, wb, wh)| rod(b, h, wb, wh)).collect();
    let mut phalanges = Vec::new();
    for (&(_, h, _, wh), &(t, cx, ty, _)) in rays.iter().zip(TOES.iter()) {
        // Two phalanges per toe (the small middle and distal phalanges drawn as one).
        let tip = (cx, ty - 6.0);
        let start = (h.0 + (cx - h.0) * 0.15, h.1 + wh + 2.5);
        let m = (start.0 + (tip.0 - start.0) * 0.58, start.1 + (tip.1 - start.1) * 0.58);
        let w = if t == 1 { 6.2 } else { 3.6 };
        phalanges.push(rod(start, m, w, w * 0.85));
        phalanges.push(rod((m.0 + (tip.0 - m.0) * 0.1, m.1 + (tip.1 - m.1) * 0.1 + 1.5), tip, w * 0.85, w * 0.8));
    }
    if plantar {
        let hind = lp(kn![
            (406, 1192),
            (424, 1187),
            (442, 1192),
            (448, 1212),
            (446, 1242),
            (436, 1272),
            (420, 1290),
            (406, 1284),
            (399, 1258),
            (398, 1220)
        ]);
        let tarsals = vec![
            lp(kn![(396, 1298), (414, 1300), (418, 1318), (410, 1326), (396, 1322), (392, 1310)]), // cuboid
            lp(kn![(432, 1290), (452, 1292), (462, 1306), (452, 1316), (434, 1312)]),              // navicular
            lp(kn![(414, 1320), (426, 1318), (427, 1322, 'c'), (427, 1330), (414, 1332)]),
            lp(kn![(429, 1317), (440, 1316), (441, 1330), (429, 1330)]),
            lp(kn![(443, 1316), (458, 1316), (460, 1329), (443, 1330)]),
        ];
        return FootBones { hind, tarsals, metatarsals, phalanges };
    }
    let hind =
        lp(kn![(402, 1176), (420, 1170), (442, 1176), (446, 1196), (440, 1230), (426, 1250), (408, 1246), (400, 1222)]);
    let tarsals = vec![
        lp(kn![(430, 1252), (450, 1248), (462, 1262), (456, 1280), (432, 1276)]), // navicular
        lp(kn![(394, 1238), (408, 1250), (416, 1290), (404, 1300), (392, 1292), (388, 1262)]), // cuboid & calcaneus front
        lp(kn![(418, 1280), (428, 1280), (429, 1318), (416, 1318)]),
        lp(kn![(431, 1279), (442, 1280), (443, 1316), (431, 1318)]),
        lp(kn![(445, 1280), (459, 1282), (460, 1314), (446, 1316)]),
    ];
    FootBones { hind, tarsals, metatarsals, phalanges }
}

/// The femur: head, neck, trochanters, shaft and condyles (the intercondylar notch from behind).
pub fn femur(posterior: bool) -> Path {
    let mut k = kn![
        (404, 269),
        (420, 276),
        (426, 292),
        (418, 309),
        (400, 314),
        (390, 318),
        (401, 334),
        (408, 344, 'c'),
        (399, 358),
        (397, 450),
        (402, 560),
        (410, 636),
        (428, 672),
        (452, 690),
        (464, 712),
        (460, 738),
        (446, 748),
    ];
    if posterior {
        k.extend(kn![(430, 742), (424, 730, 'c'), (416, 742), (396, 750)]);
    } else {
        k.extend(kn![(424, 748), (400, 750)]);
    }
    k.extend(kn![
        (382, 738),
        (378, 712),
        (388, 672),
        (382, 600),
        (376, 480),
        (368, 360),
        (355, 330),
        (341, 306),
        (339, 282),
        (347, 264),
        (360, 262),
        (368, 272),
        (384, 280),
        (392, 270)
    ]);
    lp(k)
}

/// The tibia.
pub fn tibia() -> Path {
    lp(kn![
        (388, 754),
        (412, 750),
        (427, 756, 'c'),
        (444, 750),
        (466, 754),
        (469, 772),
        (455, 800),
        (444, 880),
        (440, 1040),
        (447, 1118),
        (456, 1148),
        (454, 1172, 'c'),
        (441, 1163),
        (426, 1156),
        (411, 1152),
        (412, 1100),
        (415, 1000),
        (413, 880),
        (406, 808),
        (390, 786),
        (384, 768),
    ])
}

/// The fibula.
pub fn fibula() -> Path {
    lp(kn![
        (367, 770),
        (378, 762),
        (388, 768),
        (389, 790),
        (392, 880),
        (398, 1060),
        (403, 1128),
        (401, 1168),
        (392, 1190, 'c'),
        (384, 1170),
        (385, 1130),
        (384, 1020),
        (379, 880),
        (376, 800),
        (369, 787),
    ])
}
