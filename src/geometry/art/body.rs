//! The silhouette, the interior edges that neighbouring pain areas share, and the pain areas.
//!
//! Authoring frame: the patient's LEFT leg drawn on the viewer's left (x < 500), lateral = small
//! x, y down; the midline is x = 500, the iliac crest near y = 165, the lower ribs above y = 0
//! and the soles near y = 1450. [`super::writer::frame`] maps it onto the file's 1000 x 1500
//! canvas; the posterior view uses it as is, the anterior view is also mirrored (x -> 1000 - x)
//! so the patient's left lands on the viewer's right.

use std::collections::HashMap;

use super::curves::{Contour, Knot, Path, Pt, ToKnot, ToNamedKnot, curve, curve_o, line, nkn, p, region, tan};

/// The body's midline.
pub const MID: f64 = 500.0;

/// Toes, lateral (little toe) to medial (big toe): (number, centre x, tip y, half width).
pub const TOES: [(u8, f64, f64, f64); 5] = [
    (5, 389.5, 1414.0, 8.5),
    (4, 406.0, 1425.0, 8.5),
    (3, 423.0, 1434.0, 9.0),
    (2, 441.0, 1442.0, 9.5),
    (1, 466.0, 1450.0, 15.0),
];

/// The y of the notch between two toes, keyed `10 * next + this`.
fn notch_y(key: u8) -> f64 {
    // Shallow: the toes lie side by side and part only at their rounded tips.
    match key {
        45 => 1403.0,
        34 => 1413.0,
        23 => 1421.0,
        _ => 1426.0,
    }
}

/// The knot names of each toe (lateral flank, tip, medial flank), in [`TOES`] order.
const TOE_NAMES: [[&str; 3]; 5] = [
    ["toe5_l", "toe5_tip", "toe5_r"],
    ["toe4_l", "toe4_tip", "toe4_r"],
    ["toe3_l", "toe3_tip", "toe3_r"],
    ["toe2_l", "toe2_tip", "toe2_r"],
    ["toe1_l", "toe1_tip", "toe1_r"],
];

/// The notches between neighbouring toes, in [`TOES`] order.
const NOTCH_NAMES: [&str; 4] = ["n45", "n34", "n23", "n12"];

fn toe_knots() -> Vec<(&'static str, Knot)> {
    let mut kn = vec![("toe5_base", 380.0, 1396.0).named()];
    for (i, &(t, cx, ty, hw)) in TOES.iter().enumerate() {
        let drop = if t == 1 { 4.0 } else { 0.0 };
        let [l, tip, r] = TOE_NAMES[i];
        kn.push((l, (cx - hw * 0.8, ty - 6.0 - drop).knot()));
        kn.push((tip, (cx, ty).knot()));
        kn.push((r, (cx + hw * 0.8, ty - 6.0 - drop).knot()));
        if let Some(nt) = TOES.get(i + 1) {
            let key = nt.0 * 10 + t;
            let nx = (cx + hw + nt.1 - nt.3) / 2.0;
            kn.push((NOTCH_NAMES[i], (nx, notch_y(key), 'c').knot()));
        }
    }
    kn
}

fn build_contour() -> Contour {
    let mut kn = nkn![
        // The trunk up to the lower ribs: the flank narrows from the ribcage to the waist and
        // widens again over the iliac crest to the hips.
        ("top_mid", MID, -92.0, 'l'),
        ("top_lat", 335.0, -92.0, 'c'),
        ("", 340.0, -35.0),
        ("lb_top_lat", 350.0, 22.0),
        ("waist", 356.0, 78.0),
        ("", 352.0, 125.0),
        ("crest_lat", 342.0, 165.0),
        ("hip_top", 328.0, 220.0),
        ("", 319.5, 278.0),
        ("", 319.0, 330.0),
        ("hip_bot", 324.0, 385.0),
        // The outer thigh full over vastus lateralis, then tapering into the knee.
        ("", 326.0, 470.0),
        ("", 333.0, 560.0),
        ("", 346.0, 640.0),
        ("knee_top_lat", 362.0, 690.0),
        ("", 369.5, 738.0),
        ("knee_bot_lat", 365.5, 790.0),
        ("", 358.0, 845.0),
        ("", 364.0, 925.0),
        ("", 377.0, 1010.0),
        ("ankle_top_lat", 387.0, 1100.0),
        // The ankle bones show as bumps: the lateral malleolus lower than the medial one.
        ("", 382.5, 1162.0),
        ("ankle_bot_lat", 388.0, 1188.0),
        ("", 386.0, 1225.0),
        ("heel_bot_lat", 383.0, 1265.0),
        ("", 378.5, 1320.0),
        ("lf_mid", 377.0, 1362.0),
    ];
    kn.extend(toe_knots());
    kn.extend(nkn![
        ("bt_med", 481.0, 1410.0),
        ("", 484.5, 1380.0),
        ("", 480.0, 1340.0),
        ("", 468.0, 1300.0),
        ("heel_bot_med", 460.0, 1265.0),
        ("", 459.0, 1225.0),
        ("ankle_bot_med", 456.0, 1185.0),
        ("", 460.0, 1148.0),
        ("ankle_top_med", 452.0, 1100.0),
        // The calf's medial bulge (the medial head of gastrocnemius) above a slim ankle, the
        // knee's bony width, and the inner thigh tapering from the groin to the knee.
        ("", 461.0, 1010.0),
        ("", 476.0, 925.0),
        ("", 482.0, 858.0),
        ("knee_bot_med", 473.0, 790.0),
        ("", 474.0, 740.0),
        ("knee_top_med", 470.0, 690.0),
        ("", 473.5, 625.0),
        ("", 482.0, 545.0),
        ("", 489.0, 465.0),
        ("crotch_l", 495.5, 415.0),
        ("crotch", MID, 402.0, (1.0, -0.0)),
    ]);
    Contour::new(kn, Default::default())
}

fn spl(knots: Vec<(&'static str, Knot)>) -> Contour {
    Contour::new(knots, Default::default())
}

fn spl_o(knots: Vec<(&'static str, Knot)>, t1: Pt) -> Contour {
    Contour::new(knots, tan(None, Some(t1)))
}

/// The silhouette and the shared interior edges (posterior frame).
pub struct Body {
    /// The left half of the silhouette: lateral contour down, around the foot, medial contour up.
    pub c: Contour,
    edges: HashMap<&'static str, Path>,
}

impl Default for Body {
    fn default() -> Self {
        Self::new()
    }
}

impl Body {
    /// Builds the silhouette and every shared edge.
    pub fn new() -> Self {
        let c = build_contour();
        let psis = p(447.0, 204.0);
        let s_top = p(MID, 204.0);
        // Where the sacrum area ends above the cleft: the buttock's inner border runs on down the
        // cleft from here without a corner, and the saddle area starts below it.
        let cleft_top = p(485.0, 348.0);
        let coccyx = p(MID, 354.0);
        let mut e: HashMap<&'static str, Path> = HashMap::new();
        let k = |x: f64, y: f64| (x, y).knot();
        // The low back's upper border, along the 12th rib from the spine to the flank.
        e.insert(
            "lb_top",
            curve_o(kn_pts(&[(MID, -4.0), (430.0, 6.0), c.pt("lb_top_lat")]), tan(Some((-1.0, 0.08)), None)),
        );
        // The iliac crest: an arc from the flank over to the dimple at the posterior superior
        // iliac spine, the upper border of the buttock.
        e.insert(
            "lb_lower",
            curve_o(
                vec![c.pt("crest_lat").knot(), k(372.0, 160.0), k(412.0, 172.0), psis.knot()],
                tan(Some((1.0, -0.45)), Some((0.8, 1.0))),
            ),
        );
        e.insert("sac_top", line(&[psis, s_top]));
        e.insert(
            "sac_side",
            curve_o(
                kn_pts(&[psis, (452.0, 250.0), (468.0, 298.0), (480.0, 326.0), cleft_top]),
                tan(None, Some((0.08, 1.0))),
            ),
        );
        e.insert("sac_bottom", curve_o(kn_pts(&[cleft_top, coccyx]), tan(Some((1.0, 0.15)), Some((1.0, 0.0)))));
        // The buttock's lateral border curves into the gluteal fold without a corner.
        let hip = spl_o(
            nkn![
                ("hip_top", c.pt("hip_top")),
                ("asis_n", 358, 252),
                ("hip_in_mid", 368, 312),
                ("hip_in_bot", 370, 392)
            ],
            (0.45, 1.0),
        );
        e.insert("hip_in_a", hip.piece("hip_top", "asis_n"));
        e.insert("hip_in_b", hip.piece("asis_n", "hip_in_mid"));
        e.insert("hip_in_c", hip.piece("hip_in_mid", "hip_in_bot"));
        e.insert("hip_bottom", curve(kn_pts(&[hip.pt("hip_in_bot"), (344.0, 390.0), c.pt("hip_bot")])));
        let fold = Contour::new(
            nkn![
                ("hip_in_bot", hip.pt("hip_in_bot")),
                ("", 394, 421),
                ("", 430, 429),
                ("fold_med", 461, 424),
                ("crotch_l", c.pt("crotch_l"))
            ],
            // Curling up at its inner end into the cleft, as the buttock crease does.
            tan(Some((0.7, 1.0)), Some((0.4, -1.0))),
        );
        e.insert("fold_a", fold.piece("hip_in_bot", "fold_med"));
        e.insert("fold_b", fold.piece("fold_med", "crotch_l"));
        // The cleft between the buttocks, from the sacrum down to where the buttock crease meets
        // it: one smooth border for the buttock from the sacrum to its crease.
        e.insert("cleft", curve_o(kn_pts(&[cleft_top, c.pt("crotch_l")]), tan(Some((0.08, 1.0)), Some((0.25, 1.0)))));
        let knee_top = spl(nkn![
            ("a", c.pt("knee_top_lat")),
            ("ksl", 379, 693),
            ("", 418, 698),
            ("ksm", 458, 694),
            ("b", c.pt("knee_top_med"))
        ]);
        e.insert("kt_lat", knee_top.piece("a", "ksl"));
        e.insert("kt_mid", knee_top.piece("ksl", "ksm"));
        e.insert("kt_med", knee_top.piece("ksm", "b"));
        e.insert("lat_split", curve(kn_pts(&[hip.pt("hip_in_bot"), (371.0, 520.0), knee_top.pt("ksl")])));
        e.insert("med_split", curve(kn_pts(&[fold.pt("fold_med"), (460.0, 560.0), knee_top.pt("ksm")])));
        let knee_bot = spl(nkn![("a", c.pt("knee_bot_lat")), ("kbm", 437, 797), ("b", c.pt("knee_bot_med"))]);
        e.insert("kb_lat", knee_bot.piece("a", "kbm"));
        e.insert("kb_med", knee_bot.piece("kbm", "b"));
        let ankle_top = spl(nkn![("a", c.pt("ankle_top_lat")), ("am", 421, 1105), ("b", c.pt("ankle_top_med"))]);
        e.insert("at_lat", ankle_top.piece("a", "am"));
        e.insert("at_med", ankle_top.piece("am", "b"));
        let ankle_bot = spl(nkn![("a", c.pt("ankle_bot_lat")), ("am", 422, 1191), ("b", c.pt("ankle_bot_med"))]);
        e.insert("ab_lat", ankle_bot.piece("a", "am"));
        e.insert("ab_med", ankle_bot.piece("am", "b"));
        e.insert("ankle_mid", curve(kn_pts(&[ankle_top.pt("am"), (421.5, 1150.0), ankle_bot.pt("am")])));
        let heel_bot =
            spl(nkn![("a", c.pt("heel_bot_lat")), ("lf", 400, 1268), ("", 430, 1271), ("b", c.pt("heel_bot_med"))]);
        e.insert("hb_lat", heel_bot.piece("a", "lf"));
        e.insert("hb_med", heel_bot.piece("lf", "b"));
        e.insert(
            "lf_split",
            curve_o(
                kn_pts(&[heel_bot.pt("lf"), (396.0, 1330.0), (396.0, 1380.0), c.pt("n45")]),
                tan(None, Some((0.1, 1.0))),
            ),
        );
        // Anterior-only edges.
        let groin_top =
            spl(nkn![("asis_n", hip.pt("asis_n")), ("", 420, 289), ("", 468, 318), ("pub", MID, 330, (1, 0.15))]);
        e.insert("groin_top", groin_top.path.clone());
        let crease = spl_o(
            nkn![("him", hip.pt("hip_in_mid")), ("", 410, 340), ("cm", 452, 372), ("crotch_l", c.pt("crotch_l"))],
            (1.0, -0.35),
        );
        e.insert("crease_a", crease.piece("him", "cm"));
        e.insert("crease_b", crease.piece("cm", "crotch_l"));
        e.insert("pubic_mid", line(&[groin_top.pt("pub"), c.pt("crotch")]));
        e.insert("med_split_ant", curve(kn_pts(&[crease.pt("cm"), (458.0, 540.0), knee_top.pt("ksm")])));
        e.insert("shin", curve(kn_pts(&[knee_bot.pt("kbm"), (440.0, 900.0), (434.0, 1000.0), ankle_top.pt("am")])));
        let bt_base = spl(nkn![("bt_med", c.pt("bt_med")), ("w_r", 462, 1403), ("n12", c.pt("n12"))]);
        e.insert("bt_base_a", bt_base.piece("bt_med", "w_r"));
        e.insert("bt_base_b", bt_base.piece("w_r", "n12"));
        e.insert(
            "web",
            curve_o(
                kn_pts(&[bt_base.pt("w_r"), (457.0, 1352.0), (444.0, 1374.0), c.pt("toe2_r")]),
                tan(Some((-0.15, -1.0)), Some((0.15, 1.0))),
            ),
        );
        Body { c, edges: e }
    }

    /// The shared edge `name`.
    pub fn e(&self, name: &str) -> Path {
        match self.edges.get(name) {
            Some(path) => path.clone(),
            None => panic!("no edge {name}"),
        }
    }

    /// The piece of the silhouette between two named knots.
    pub fn pc(&self, a: &str, b: &str) -> Path {
        self.c.piece(a, b)
    }

    /// The point of the silhouette's knot `name`.
    pub fn pt(&self, name: &str) -> Pt {
        self.c.pt(name)
    }
}

/// Knots at plain points.
pub fn kn_pts(pts: &[Pt]) -> Vec<Knot> {
    pts.iter().map(|q| q.knot()).collect()
}

/// A pain area: id, mirror, label point, outline.
pub type AreaDef = (&'static str, &'static str, Pt, Path);

/// The pain areas of the posterior view.
pub fn areas_posterior(b: &Body) -> Vec<AreaDef> {
    let e = |n: &str| b.e(n);
    let pc = |x: &str, y: &str| b.pc(x, y);
    vec![
        // Midline areas (as in data/areas.toml) are stored as halves joined with their mirror image.
        ("low_back", "join", (500.0, 90.0), e("lb_top") + pc("lb_top_lat", "crest_lat") + e("lb_lower") + e("sac_top")),
        ("sacrum", "join", (500.0, 262.0), e("sac_top").rev() + e("sac_side") + e("sac_bottom")),
        ("saddle", "join", (500.0, 378.0), e("sac_bottom").rev() + e("cleft") + pc("crotch_l", "crotch")),
        (
            "buttock",
            "copy",
            (415.0, 320.0),
            region(vec![
                pc("crest_lat", "hip_top"),
                e("hip_in_a"),
                e("hip_in_b"),
                e("hip_in_c"),
                e("fold_a"),
                e("fold_b"),
                e("cleft").rev(),
                e("sac_side").rev(),
                e("lb_lower").rev(),
            ]),
        ),
        hip_lateral(b),
        lateral_thigh(b),
        (
            "posterior_thigh",
            "copy",
            (416.0, 560.0),
            region(vec![e("fold_a"), e("med_split"), e("kt_mid").rev(), e("lat_split").rev()]),
        ),
        (
            "medial_thigh",
            "copy",
            (473.0, 560.0),
            region(vec![e("med_split"), e("kt_med"), pc("knee_top_med", "crotch_l"), e("fold_b").rev()]),
        ),
        knee_ring(b, "popliteal_fossa"),
        (
            "posterior_calf",
            "copy",
            (418.0, 940.0),
            region(vec![
                pc("knee_bot_lat", "ankle_top_lat"),
                e("at_lat"),
                e("at_med"),
                pc("ankle_top_med", "knee_bot_med"),
                e("kb_med").rev(),
                e("kb_lat").rev(),
            ]),
        ),
        lateral_ankle(b),
        medial_ankle(b),
        (
            "heel",
            "copy",
            (422.0, 1228.0),
            region(vec![
                pc("ankle_bot_lat", "heel_bot_lat"),
                e("hb_lat"),
                e("hb_med"),
                pc("heel_bot_med", "ankle_bot_med"),
                e("ab_med").rev(),
                e("ab_lat").rev(),
            ]),
        ),
        ("sole", "copy", (440.0, 1340.0), region(vec![e("hb_med"), pc("heel_bot_med", "n45"), e("lf_split").rev()])),
        lateral_foot(b),
    ]
}

fn hip_lateral(b: &Body) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        "hip_lateral",
        "copy",
        (343.0, 300.0),
        region(vec![
            b.pc("hip_top", "hip_bot"),
            e("hip_bottom").rev(),
            e("hip_in_c").rev(),
            e("hip_in_b").rev(),
            e("hip_in_a").rev(),
        ]),
    )
}

fn lateral_thigh(b: &Body) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        "lateral_thigh",
        "copy",
        (352.0, 540.0),
        region(vec![b.pc("hip_bot", "knee_top_lat"), e("kt_lat"), e("lat_split").rev(), e("hip_bottom")]),
    )
}

fn knee_ring(b: &Body, id: &'static str) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        id,
        "copy",
        (420.0, 742.0),
        region(vec![
            b.pc("knee_top_lat", "knee_bot_lat"),
            e("kb_lat"),
            e("kb_med"),
            b.pc("knee_bot_med", "knee_top_med"),
            e("kt_med").rev(),
            e("kt_mid").rev(),
            e("kt_lat").rev(),
        ]),
    )
}

fn lateral_ankle(b: &Body) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        "lateral_ankle",
        "copy",
        (404.0, 1148.0),
        region(vec![b.pc("ankle_top_lat", "ankle_bot_lat"), e("ab_lat"), e("ankle_mid").rev(), e("at_lat").rev()]),
    )
}

fn medial_ankle(b: &Body) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        "medial_ankle",
        "copy",
        (439.0, 1148.0),
        region(vec![e("at_med"), b.pc("ankle_top_med", "ankle_bot_med"), e("ab_med").rev(), e("ankle_mid").rev()]),
    )
}

fn lateral_foot(b: &Body) -> AreaDef {
    let e = |n: &str| b.e(n);
    (
        "lateral_foot",
        "copy",
        (388.0, 1330.0),
        region(vec![b.pc("heel_bot_lat", "n45"), e("lf_split").rev(), e("hb_lat").rev()]),
    )
}

/// The pain areas of the anterior view (authoring frame).
pub fn areas_anterior(b: &Body) -> Vec<AreaDef> {
    let e = |n: &str| b.e(n);
    let pc = |x: &str, y: &str| b.pc(x, y);
    vec![
        (
            "groin",
            "copy",
            (452.0, 335.0),
            region(vec![
                e("groin_top"),
                e("pubic_mid"),
                pc("crotch", "crotch_l"),
                e("crease_b").rev(),
                e("crease_a").rev(),
                e("hip_in_b").rev(),
            ]),
        ),
        hip_lateral(b),
        (
            "anterior_thigh",
            "copy",
            (415.0, 520.0),
            region(vec![
                e("crease_a"),
                e("med_split_ant"),
                e("kt_mid").rev(),
                e("lat_split").rev(),
                e("hip_in_c").rev(),
            ]),
        ),
        lateral_thigh(b),
        (
            "medial_thigh",
            "copy",
            (472.0, 560.0),
            region(vec![e("med_split_ant"), e("kt_med"), pc("knee_top_med", "crotch_l"), e("crease_b").rev()]),
        ),
        knee_ring(b, "anterior_knee"),
        (
            "anterolateral_leg",
            "copy",
            (402.0, 930.0),
            region(vec![pc("knee_bot_lat", "ankle_top_lat"), e("at_lat"), e("shin").rev(), e("kb_lat").rev()]),
        ),
        (
            "medial_leg",
            "copy",
            (456.0, 930.0),
            region(vec![e("shin"), e("at_med"), pc("ankle_top_med", "knee_bot_med"), e("kb_med").rev()]),
        ),
        lateral_ankle(b),
        medial_ankle(b),
        (
            "dorsum_foot",
            "copy",
            (428.0, 1290.0),
            region(vec![
                e("ab_lat"),
                e("ab_med"),
                pc("ankle_bot_med", "bt_med"),
                e("bt_base_a"),
                e("web"),
                pc("toe2_r", "n45"),
                e("lf_split").rev(),
                e("hb_lat").rev(),
                pc("heel_bot_lat", "ankle_bot_lat"),
            ]),
        ),
        ("big_toe", "copy", (467.0, 1432.0), region(vec![pc("n12", "bt_med"), e("bt_base_a"), e("bt_base_b")])),
        ("first_web_space", "copy", (453.0, 1392.0), region(vec![pc("toe2_r", "n12"), e("bt_base_b").rev(), e("web")])),
        lateral_foot(b),
    ]
}
