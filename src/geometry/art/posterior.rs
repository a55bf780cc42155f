//! The posterior view's layers (authoring frame as is: the patient's left leg at x < 500).

use super::body::{Body, MID, areas_posterior, kn_pts};
use super::curves::{
    Contour, Path, Pt, ToKnot, curve, curve_o, ellipse, kn, line, lp, nkn, polygon, region, split_by_region, tan,
};
use super::shapes::{band, band_w, femur, fibula, foot_bones, join_half, join_half_t1, tibia, vert_post};
use super::writer::{View, fields};

/// Where each root leaves the sacrum or the spine and runs to the plexus.
const ROOT_EXITS_POST: [(&str, &[Pt]); 5] = [
    ("L4", &[(471.0, 158.0), (462.0, 180.0), (455.0, 215.0), (458.0, 250.0), (462.0, 268.0)]),
    ("L5", &[(471.0, 197.0), (463.0, 218.0), (459.0, 245.0), (462.0, 268.0)]),
    ("S1", &[(476.0, 224.0), (468.0, 240.0), (463.0, 258.0), (462.0, 268.0)]),
    ("S2", &[(479.0, 251.0), (470.0, 258.0), (462.0, 268.0)]),
    ("S3", &[(483.0, 276.0), (471.0, 276.0), (462.0, 268.0)]),
];
/// The vertebrae drawn: name, centre y, the transverse process's tip x.
const VERTEBRAE: [(&str, f64, f64); 7] = [
    ("T11", -58.0, 446.0),
    ("T12", -18.0, 446.0),
    ("L1", 22.0, 442.0),
    ("L2", 62.0, 436.0),
    ("L3", 102.0, 432.0),
    ("L4", 142.0, 436.0),
    ("L5", 182.0, 442.0),
];
const PLEXUS: Pt = (462.0, 268.0);
const BELOW_PIRI: Pt = (414.0, 338.0);
const DIVISION: Pt = (415.0, 640.0);

/// The piriformis of the posterior view (left side): the sciatic nerve's variants are cut where
/// they cross it.
fn piriformis() -> Path {
    lp(kn![
        (456, 238, 'c'),
        (425, 243),
        (392, 252),
        (366, 262),
        (354, 268),
        (357, 274),
        (374, 276),
        (402, 279),
        (434, 287),
        (464, 300, 'c'),
        (459, 268)
    ])
}

fn pelvis_post() -> Path {
    lp(kn![
        (452, 214, 'c'),
        (440, 190),
        (416, 170),
        (386, 160),
        (358, 164),
        (340, 182),
        (334, 208, 'c'),
        (342, 236),
        (350, 250, 'c'),
        (368, 262),
        (380, 282),
        (386, 306),
        (404, 334),
        (426, 362),
        (442, 381),
        (459, 376),
        (476, 360),
        (497, 352, 'c'),
        (497, 327, 'c'),
        (476, 321),
        (458, 314),
        (462, 304, 'c'),
        (452, 284),
        (446, 258),
        (451, 236),
    ])
}

/// Every layer of the posterior view.
pub fn build_posterior(b: &Body) -> View {
    let mut v = View::new("posterior", false);
    let c = &b.c;
    // ---- outline
    v.add_open(
        "outline",
        fields!["id" => "body", "mirror" => "join", "comment" => "Skin silhouette, lower ribs to the soles (left half; the right is its mirror)."],
        c.path.clone(),
    );
    let creases: [(&str, &str, Path); 9] = [
        // The furrow over the spine between the two columns of back muscles.
        ("spinal_furrow", "none", curve(kn![(MID, -80), (MID, 60), (MID, 190)])),
        ("gluteal_cleft", "none", line(&[(MID, 318.0), (MID, 392.0)])),
        (
            "gluteal_fold",
            "copy",
            curve_o(kn![(488, 406), (462, 422), (428, 428), (398, 418)], tan(Some((-1.0, 0.6)), None)),
        ),
        ("popliteal_crease", "copy", curve(kn![(384, 742), (420, 748), (458, 742)])),
        ("achilles", "copy", curve(kn![(413, 1050), (415, 1110), (413, 1176)])),
        ("achilles_med", "copy", curve(kn![(434, 1050), (431, 1110), (433, 1176)])),
        ("heel_pad", "copy", curve(kn![(394, 1258), (422, 1276), (452, 1258)])),
        ("ball_crease", "copy", curve(kn![(382, 1378), (430, 1392), (482, 1386)])),
        ("sacral_dimple", "copy", ellipse(452.0, 212.0, 3.5, 2.5, 0.0)),
    ];
    for (cid, mir, path) in creases {
        v.add("outline", fields!["id" => cid, "style" => "detail", "mirror" => mir], &[path], cid == "sacral_dimple");
    }

    // ---- bones
    v.add1(
        "bone",
        fields!["id" => "hip_bone", "comment" => "Ilium, ischium and pubis (os coxae), posterior view."],
        pelvis_post(),
    );
    v.add1(
        "bone",
        fields!["id" => "femur", "comment" => "Over the hip bone: the head sits in the acetabulum, then the neck and the greater trochanter."],
        femur(true),
    );
    v.add_open(
        "bone",
        fields!["id" => "acetabular_rim", "style" => "detail"],
        curve(kn![(394, 268), (410, 262), (426, 272), (431, 292)]),
    );
    v.add1("bone", fields!["id" => "ischial_tuberosity", "style" => "detail"], ellipse(443.0, 364.0, 12.0, 7.0, 40.0));
    v.add1("bone", fields!["id" => "obturator_foramen", "style" => "detail"], ellipse(474.0, 337.0, 13.0, 9.0, -25.0));
    v.add(
        "bone",
        fields!["id" => "sacrotuberous_ligament", "style" => "detail", "comment" => "Ligaments closing the greater and lesser sciatic foramina."],
        &[curve(kn![(470, 300), (458, 334), (446, 372)]), curve(kn![(484, 322), (466, 350), (450, 376)])],
        false,
    );
    v.add_open(
        "bone",
        fields!["id" => "sacrospinous_ligament", "style" => "detail"],
        curve(kn![(478, 312), (470, 306), (462, 304)]),
    );
    v.add1(
        "bone",
        fields!["id" => "sacrum", "mirror" => "join"],
        join_half(kn![
            (MID, 206),
            (478, 205),
            (449, 211, 'c'),
            (452, 242),
            (462, 282),
            (476, 312),
            (490, 332),
            (MID, 339)
        ]),
    );
    v.add(
        "bone",
        fields!["id" => "sacral_foramina", "style" => "detail"],
        &[
            ellipse(476.0, 224.0, 6.0, 5.0, 0.0),
            ellipse(480.0, 251.0, 5.5, 4.5, 0.0),
            ellipse(484.0, 276.0, 4.5, 4.0, 0.0),
            ellipse(489.0, 299.0, 4.0, 3.5, 0.0),
        ],
        true,
    );
    v.add_open(
        "bone",
        fields!["id" => "median_sacral_crest", "style" => "detail", "mirror" => "none"],
        curve(kn![(MID, 214), (MID, 320)]),
    );
    v.add1(
        "bone",
        fields!["id" => "coccyx", "mirror" => "join"],
        join_half_t1(kn![(MID, 342), (491, 344), (492, 356), (496, 365), (MID, 371)], (1.0, 0.6)),
    );
    // The lumbar spine in context: T11 and T12 with the last two ribs above L1-L5.
    for (name, yc, tp) in VERTEBRAE {
        v.add1("bone", fields!["id" => name, "mirror" => "join"], vert_post(yc, tp));
        v.add1(
            "bone",
            fields!["id" => name, "part" => "spinous", "mirror" => "none", "style" => "detail"],
            ellipse(MID, yc, 6.0, 12.0, 0.0),
        );
    }
    v.add(
        "bone",
        fields!["id" => "ribs", "comment" => "The 11th and 12th (floating) ribs."],
        &[
            band(&[(446.0, -58.0), (420.0, -50.0), (392.0, -32.0), (368.0, -8.0), (358.0, 8.0)], 5.0, 3.0),
            band(&[(446.0, -18.0), (426.0, -8.0), (405.0, 8.0), (390.0, 22.0)], 4.5, 3.0),
        ],
        true,
    );
    v.add1("bone", fields!["id" => "tibia"], tibia());
    v.add1("bone", fields!["id" => "fibula"], fibula());
    let foot = foot_bones(true);
    v.add1("bone", fields!["id" => "calcaneus"], foot.hind);
    v.add("bone", fields!["id" => "tarsals"], &foot.tarsals, true);
    v.add("bone", fields!["id" => "metatarsals"], &foot.metatarsals, true);
    v.add("bone", fields!["id" => "phalanges"], &foot.phalanges, true);

    // ---- muscles
    v.add1(
        "muscle",
        fields!["id" => "quadratus_lumborum", "style" => "fill"],
        // A quadrilateral sheet: narrow along the 12th rib and the transverse processes, broad
        // on the iliac crest.
        lp(kn![(448, -12, 'c'), (418, 4, 'c'), (404, 80), (390, 166, 'c'), (446, 182, 'c'), (441, 110), (442, 40)]),
    );
    v.add1(
        "muscle",
        fields!["id" => "gluteus_medius", "style" => "fill"],
        lp(kn![
            (448, 206, 'c'),
            (420, 176),
            (380, 163),
            (350, 172),
            (336, 200),
            (340, 236),
            (352, 262, 'c'),
            (384, 250),
            (420, 230)
        ]),
    );
    // Gluteus minimus lies under gluteus medius; its lower edge shows between medius and the
    // piriformis, on its way to the front of the greater trochanter.
    v.add1(
        "muscle",
        fields!["id" => "gluteus_minimus", "style" => "deep"],
        lp(kn![
            (442, 224, 'c'),
            (410, 206),
            (376, 198),
            (350, 210),
            (342, 240),
            (348, 268, 'c'),
            (376, 263),
            (408, 250)
        ]),
    );
    v.add1("muscle", fields!["id" => "piriformis", "style" => "deep"], piriformis());
    v.add1(
        "muscle",
        fields!["id" => "obturator_internus_gemelli", "style" => "deep"],
        lp(kn![
            (459, 305, 'c'),
            (420, 301),
            (386, 294),
            (364, 290),
            (356, 293),
            (364, 299),
            (392, 305),
            (428, 314),
            (460, 321, 'c'),
            (464, 313)
        ]),
    );
    v.add(
        "muscle",
        fields!["id" => "piriformis", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(456, 250), (410, 258), (364, 267)]),
            curve(kn![(458, 266), (412, 266), (364, 270)]),
            curve(kn![(460, 284), (414, 276), (366, 272)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "obturator_internus_gemelli", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(456, 310), (410, 302), (366, 294)]), curve(kn![(456, 316), (412, 309), (368, 297)])],
        false,
    );
    v.add1(
        "muscle",
        fields!["id" => "gluteus_maximus", "style" => "superficial", "comment" => "Drawn as a veil so piriformis and the sciatic nerve show through."],
        // From the ilium, sacrum and coccyx, its thick lower border running obliquely across
        // the gluteal fold to the iliotibial tract and the gluteal tuberosity of the femur.
        lp(kn![
            (446, 200, 'c'),
            (462, 260),
            (480, 318),
            (494, 352, 'c'),
            (474, 388),
            (440, 418),
            (400, 444),
            (368, 458, 'c'),
            (350, 428),
            (338, 370),
            (338, 305),
            (352, 252),
            (398, 220)
        ]),
    );
    // The calf, under the hamstring tendons at the knee. Gastrocnemius: two heads from just
    // above the femoral condyles, bordering the hollow of the knee from below, meeting in the
    // middle of the calf and ending in a broad tendon sheet that becomes the Achilles tendon;
    // the medial head is the larger and reaches lower. Each head is its outer border and its
    // inner one, so the soleus below can share the outer borders.
    let lateral_out = Contour::new(
        nkn![
            ("origin", 394, 704),
            ("", 381, 730),
            ("", 373, 770),
            ("", 371, 812),
            ("emerge", 373, 858),
            ("", 381, 904),
            ("", 398, 940),
            ("tip", 419, 962)
        ],
        tan(Some((-0.55, 1.0)), Some((1.0, 0.7))),
    );
    let lateral_in = curve_o(
        kn![(419, 962), (421, 918), (421, 860), (418, 806), (411, 760), (394, 704)],
        tan(Some((0.0, -1.0)), Some((-0.45, -1.0))),
    );
    let medial_out = Contour::new(
        nkn![
            ("origin", 451, 698),
            ("", 464, 722),
            ("", 474, 764),
            ("", 479, 816),
            ("", 478, 872),
            ("emerge", 470, 930),
            ("", 452, 975),
            ("tip", 428, 998)
        ],
        tan(Some((0.5, 1.0)), Some((-1.0, 0.6))),
    );
    let medial_in = curve_o(
        kn![(428, 998), (424, 950), (423, 880), (424, 812), (430, 762), (451, 698)],
        tan(Some((0.0, -1.0)), Some((0.4, -1.0))),
    );
    // Soleus lies deeper: broad and flat, it shows beside the gastrocnemius and below it, widest
    // low in the calf, and narrows into the Achilles tendon. Only what shows is drawn, so no
    // hidden edge shows through the heads.
    v.add1(
        "muscle",
        fields!["id" => "gastrocnemius_soleus", "part" => "soleus", "style" => "fill"],
        region(vec![
            curve_o(
                vec![
                    lateral_out.pt("emerge").knot(),
                    (368, 904).knot(),
                    (378, 980).knot(),
                    (400, 1044).knot(),
                    (418, 1092).knot(),
                    (431, 1092).knot(),
                    (446, 1044).knot(),
                    (463, 986).knot(),
                    medial_out.pt("emerge").knot(),
                ],
                tan(Some((-0.15, 1.0)), Some((0.1, -1.0))),
            ),
            medial_out.piece("emerge", "tip"),
            line(&[medial_out.pt("tip"), lateral_out.pt("tip")]),
            lateral_out.piece("tip", "emerge"),
        ]),
    );
    v.add1(
        "muscle",
        fields!["id" => "gastrocnemius_soleus", "part" => "lateral_head", "style" => "fill"],
        region(vec![lateral_out.path.clone(), lateral_in]),
    );
    v.add1(
        "muscle",
        fields!["id" => "gastrocnemius_soleus", "part" => "medial_head", "style" => "fill"],
        region(vec![medial_out.path.clone(), medial_in]),
    );
    v.add1(
        "muscle",
        fields!["id" => "gastrocnemius_soleus", "part" => "achilles", "style" => "tendon"],
        band_w(
            &[(424.0, 956.0), (424.0, 1000.0), (423.5, 1060.0), (423.0, 1120.0), (423.0, 1160.0), (423.0, 1186.0)],
            &[2.5, 9.0, 6.5, 5.5, 6.5, 8.5],
        ),
    );
    // The hamstrings from the ischial tuberosity: biceps femoris out to the head of the fibula,
    // semitendinosus and semimembranosus down to the inner side of the tibia.
    v.add1(
        "muscle",
        fields!["id" => "hamstrings", "part" => "biceps_femoris", "style" => "fill"],
        band_w(
            &[(436.0, 376.0), (420.0, 440.0), (401.0, 530.0), (387.0, 620.0), (377.0, 700.0), (373.0, 768.0)],
            &[6.0, 12.0, 16.0, 15.0, 10.0, 4.5],
        ),
    );
    v.add1(
        "muscle",
        fields!["id" => "hamstrings", "part" => "semitendinosus_semimembranosus", "style" => "fill"],
        band_w(
            &[(446.0, 378.0), (455.0, 450.0), (461.0, 550.0), (462.0, 640.0), (461.0, 720.0), (460.0, 788.0)],
            &[6.0, 12.0, 15.0, 14.0, 9.0, 4.5],
        ),
    );
    // Fibre-direction lines: a few faint strokes per muscle make the schematic read as muscle.
    v.add(
        "muscle",
        fields!["id" => "gluteus_medius", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(430, 200), (395, 222), (358, 256)]),
            curve(kn![(400, 178), (372, 210), (354, 254)]),
            curve(kn![(364, 172), (350, 210), (350, 252)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "gluteus_maximus", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(455, 240), (410, 285), (352, 330)]),
            curve(kn![(466, 285), (420, 330), (352, 372)]),
            curve(kn![(482, 336), (430, 388), (370, 440)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "hamstrings", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(428, 400), (398, 560), (378, 700)]),
            curve(kn![(438, 410), (452, 560), (458, 700)]),
            curve(kn![(444, 420), (463, 560), (466, 680)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "gastrocnemius_soleus", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(390, 734), (381, 830), (396, 922)]),
            curve(kn![(402, 742), (409, 840), (414, 940)]),
            curve(kn![(457, 726), (470, 840), (450, 964)]),
            curve(kn![(444, 736), (436, 860), (432, 978)]),
            curve(kn![(378, 930), (396, 1010), (418, 1080)]),
            curve(kn![(464, 940), (450, 1010), (432, 1080)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "quadratus_lumborum", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(422, 14), (412, 90), (404, 164)]), curve(kn![(436, 6), (428, 90), (424, 170)])],
        false,
    );

    nerves(&mut v);
    skin(&mut v, b);

    // ---- pain areas
    for (aid, mir, lab, path) in areas_posterior(b) {
        let label = v.pt(lab);
        v.add("area", fields!["id" => aid, "mirror" => mir, "label" => label], &[path], mir != "join");
    }

    // ---- key points
    for (root, at, mir) in [
        ("S1", (393.0, 1228.0), "copy"),
        ("S2", (420.0, 742.0), "copy"),
        ("S3", (446.0, 392.0), "copy"),
        ("S4-5", (MID, 388.0), "none"),
    ] {
        let at = v.pt(at);
        v.add_fields("key_point", fields!["root" => root, "mirror" => mir, "at" => at]);
    }

    // ---- labels
    for &(kind, lid, at, mir) in LABELS {
        let at = v.pt(at);
        v.add_fields("label", fields!["kind" => kind, "id" => lid, "mirror" => mir, "at" => at]);
    }
    v
}

/// Leader-line anchors: kind, id, point, mirror.
const LABELS: &[(&str, &str, Pt, &str)] = &[
    ("bone", "L4", (440.0, 142.0), "none"),
    ("bone", "L5", (446.0, 182.0), "none"),
    ("bone", "sacrum", (MID, 300.0), "none"),
    ("bone", "coccyx", (MID, 362.0), "none"),
    ("bone", "hip_bone", (380.0, 190.0), "copy"),
    ("bone", "femur", (388.0, 500.0), "copy"),
    ("bone", "tibia", (428.0, 1000.0), "copy"),
    ("bone", "fibula", (390.0, 1000.0), "copy"),
    ("bone", "calcaneus", (422.0, 1230.0), "copy"),
    ("muscle", "quadratus_lumborum", (422.0, 90.0), "copy"),
    ("muscle", "gluteus_medius", (380.0, 200.0), "copy"),
    ("muscle", "gluteus_minimus", (360.0, 258.0), "copy"),
    ("muscle", "gluteus_maximus", (372.0, 380.0), "copy"),
    ("muscle", "piriformis", (392.0, 264.0), "copy"),
    ("muscle", "obturator_internus_gemelli", (400.0, 302.0), "copy"),
    ("muscle", "hamstrings", (384.0, 600.0), "copy"),
    ("muscle", "gastrocnemius_soleus", (450.0, 880.0), "copy"),
    ("nerve", "sciatic", (405.0, 480.0), "copy"),
    ("nerve", "tibial", (430.0, 960.0), "copy"),
    ("nerve", "common_fibular", (384.0, 752.0), "copy"),
    ("nerve", "sural", (402.0, 1060.0), "copy"),
    ("nerve", "posterior_femoral_cutaneous", (426.0, 560.0), "copy"),
    ("nerve", "medial_calcaneal", (434.0, 1215.0), "copy"),
    ("nerve", "medial_plantar", (461.0, 1320.0), "copy"),
    ("nerve", "lateral_plantar", (404.0, 1320.0), "copy"),
    ("nerve", "superior_gluteal", (392.0, 233.0), "copy"),
    ("nerve", "inferior_gluteal", (458.0, 330.0), "copy"),
    ("root", "L4", (462.0, 180.0), "copy"),
    ("root", "L5", (462.0, 218.0), "copy"),
    ("root", "S1", (468.0, 240.0), "copy"),
    ("root", "S2", (471.0, 258.0), "copy"),
    ("root", "S3", (474.0, 276.0), "copy"),
];

fn nerves(v: &mut View) {
    for (root, pts) in ROOT_EXITS_POST {
        let width = if root != "S3" { 5.0 } else { 4.0 };
        v.add_open(
            "nerve",
            fields!["root" => root, "width" => width],
            curve_o(kn_pts(pts), tan(None, Some((-0.5, 1.0)))),
        );
    }
    // The course past the piriformis (Beaton and Anson types; Smoljanović 2015, Poutoglidou
    // 2020): one undivided nerve below the muscle (usual); divided before the muscle, the common
    // fibular part through it and the tibial part below (the commonest variant); divided, the
    // fibular part above the muscle and the tibial part below; the whole nerve through the
    // muscle (rare). The strands of a divided nerve leave the plexus apart and meet again below
    // the muscle, where the shared course starts. Where a strand is out of sight from behind
    // (within the muscle, or in front of it on its way up to the upper border) it is `hidden`:
    // the window leaves it out, so the strand dives into the muscle and comes out of it, and the
    // SVG draws it dashed. The fibular part that leaves above the muscle then runs down behind it
    // (drawn over it) to the tibial part.
    let below = || {
        curve_o(
            kn_pts(&[PLEXUS, (458.0, 296.0), (438.0, 312.0), BELOW_PIRI]),
            tan(Some((-0.2, 1.0)), Some((-0.3, 1.0))),
        )
    };
    let through = || {
        curve_o(
            kn_pts(&[PLEXUS, (446.0, 272.0), (430.0, 282.0), (422.0, 304.0), BELOW_PIRI]),
            tan(Some((-1.0, 0.1)), Some((-0.2, 1.0))),
        )
    };
    let above = curve_o(
        kn_pts(&[PLEXUS, (452.0, 250.0), (444.0, 226.0), (432.0, 228.0), (424.0, 252.0), (418.0, 296.0), BELOW_PIRI]),
        tan(Some((-1.0, -0.8)), Some((-0.1, 1.0))),
    );
    let piri = polygon(&piriformis());

    // One strand: its visible pieces in one record, the pieces hidden by the muscle in a second
    // (`<part>_hidden`). A piece counts as hidden when it lies within the muscle's outline and it
    // is not the part that runs down behind the muscle from above.
    let strand = |v: &mut View,
                  part: &'static str,
                  hidden_part: &'static str,
                  variant: &'static str,
                  width: f64,
                  path: Path| {
        let mut seen_above = false;
        let mut runs: Vec<(Path, bool)> = Vec::new();
        for (piece, within) in split_by_region(&path, &piri) {
            if !within && piece.end().1 < 245.0 {
                seen_above = true;
            }
            let flag = within && !seen_above;
            match runs.last_mut() {
                Some(last) if last.1 == flag => last.0 = last.0.clone() + piece,
                _ => runs.push((piece, flag)),
            }
        }
        let shown: Vec<Path> = runs.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
        let hidden: Vec<Path> = runs.iter().filter(|r| r.1).map(|r| r.0.clone()).collect();
        v.add(
            "nerve",
            fields!["id" => "sciatic", "part" => part, "variant" => variant, "width" => width],
            &shown,
            false,
        );
        if !hidden.is_empty() {
            v.add(
                "nerve",
                fields!["id" => "sciatic", "part" => hidden_part, "variant" => variant, "width" => width, "hidden" => true],
                &hidden,
                false,
            );
        }
    };

    v.add_open(
        "nerve",
        fields![
            "id" => "sciatic",
            "part" => "piriformis",
            "variant" => "below",
            "width" => 9.0,
            "comment" => "The course past the piriformis: below (usual), divided with the fibular part through or above, whole nerve through (rare)."
        ],
        below(),
    );
    v.add_open(
        "nerve",
        fields!["id" => "sciatic", "part" => "tibial_division", "variant" => "divided_through", "width" => 6.5],
        below(),
    );
    strand(v, "fibular_division", "fibular_division_hidden", "divided_through", 5.0, through());
    v.add_open(
        "nerve",
        fields!["id" => "sciatic", "part" => "tibial_division", "variant" => "divided_above", "width" => 6.5],
        below(),
    );
    strand(v, "fibular_division", "fibular_division_hidden", "divided_above", 5.0, above);
    strand(v, "piriformis", "piriformis_hidden", "whole_through", 9.0, through());
    v.add_open(
        "nerve",
        fields!["id" => "sciatic", "width" => 9.0],
        curve_o(
            kn_pts(&[BELOW_PIRI, (406.0, 380.0), (402.0, 450.0), (406.0, 540.0), DIVISION]),
            tan(Some((-0.3, 1.0)), None),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "tibial", "width" => 6.5],
        curve_o(
            kn_pts(&[
                DIVISION,
                (421.0, 700.0),
                (424.0, 780.0),
                (428.0, 880.0),
                (432.0, 1000.0),
                (440.0, 1100.0),
                (449.0, 1160.0),
                (449.0, 1204.0),
            ]),
            tan(None, Some((-0.1, 1.0))),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "common_fibular", "width" => 5.0],
        curve_o(
            kn_pts(&[DIVISION, (404.0, 690.0), (391.0, 740.0), (380.0, 776.0), (375.0, 796.0)]),
            tan(None, Some((-0.2, 1.0))),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "sural", "width" => 3.0],
        curve(kn![(423, 760), (418, 850), (412, 960), (400, 1080), (394, 1150), (388, 1230), (382, 1320), (385, 1395)]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "sural", "part" => "communicating", "width" => 2.2],
        curve(kn![(386, 756), (394, 840), (412, 960)]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "medial_calcaneal", "width" => 2.5],
        curve_o(kn![(449, 1168), (436, 1196), (418, 1226)], tan(Some((-0.3, 1.0)), None)),
    );
    v.add_open(
        "nerve",
        fields!["id" => "medial_plantar", "width" => 3.5],
        curve_o(kn![(449, 1204), (458, 1250), (461, 1310), (464, 1360), (466, 1420)], tan(Some((0.2, 1.0)), None)),
    );
    v.add(
        "nerve",
        fields!["id" => "medial_plantar", "part" => "digital", "width" => 2.0],
        &[curve(kn![(461, 1330), (448, 1370), (441, 1425)]), curve(kn![(455, 1310), (434, 1360), (423, 1420)])],
        false,
    );
    v.add_open(
        "nerve",
        fields!["id" => "lateral_plantar", "width" => 3.2],
        curve_o(kn![(449, 1204), (436, 1250), (412, 1300), (398, 1350), (390, 1405)], tan(Some((-0.3, 1.0)), None)),
    );
    v.add_open(
        "nerve",
        fields!["id" => "lateral_plantar", "part" => "digital", "width" => 2.0],
        curve(kn![(398, 1340), (403, 1380), (405, 1418)]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "superior_gluteal", "sciatic" => false, "width" => 2.6, "comment" => "Above the piriformis to gluteus medius and minimus."],
        curve(kn![(461, 252), (440, 238), (408, 232), (378, 236), (356, 230)]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "inferior_gluteal", "sciatic" => false, "width" => 2.6, "comment" => "Below the piriformis to gluteus maximus."],
        curve(kn![(462, 284), (466, 304), (460, 326), (446, 346)]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "posterior_femoral_cutaneous", "width" => 3.0],
        curve_o(
            kn![(452, 300), (436, 340), (426, 400), (428, 520), (424, 640), (424, 740), (422, 800)],
            tan(Some((-0.3, 1.0)), None),
        ),
    );
}

/// Dermatomes and cutaneous territories: bands of the posterior rami over the back, the sacral
/// dermatomes over buttock, thigh and calf, the foot's sole.
fn skin(v: &mut View, b: &Body) {
    let c = &b.c;
    let pc = |x: &str, y: &str| b.pc(x, y);
    // Posterior rami of L1-L3: bands sloping down and out over the lumbar region to the upper
    // buttock (Lee 2008).
    let hip_upper = pc("hip_top", "hip_bot").slice(..2); // hip_top -> (319, 330)
    v.add1(
        "dermatome",
        fields!["root" => "L1"],
        region(vec![
            b.e("lb_top"),
            pc("lb_top_lat", "crest_lat"),
            curve_o(
                vec![c.pt("crest_lat").knot(), (420, 128).knot(), (MID, 104.0).knot()],
                tan(None, Some((1.0, -0.12))),
            ),
            line(&[(MID, 104.0), (MID, -4.0)]),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L2"],
        region(vec![
            line(&[(MID, 96.0), (MID, 168.0)]),
            curve_o(
                vec![(MID, 168.0).knot(), (420, 192).knot(), c.pt("hip_top").knot()],
                tan(Some((-1.0, 0.12)), None),
            ),
            pc("hip_top", "crest_lat"),
            curve_o(
                vec![c.pt("crest_lat").knot(), (420, 120).knot(), (MID, 96.0).knot()],
                tan(None, Some((1.0, -0.12))),
            ),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L3"],
        region(vec![
            line(&[(MID, 160.0), (MID, 236.0)]),
            curve_o(
                vec![(MID, 236.0).knot(), (430, 258).knot(), (372, 292).knot(), hip_upper.end().knot()],
                tan(Some((-1.0, 0.12)), None),
            ),
            hip_upper.rev(),
            curve_o(
                vec![c.pt("hip_top").knot(), (420, 184).knot(), (MID, 160.0).knot()],
                tan(None, Some((1.0, -0.12))),
            ),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "S3"],
        region(vec![
            curve_o(
                vec![
                    (MID, 296.0).knot(),
                    (466, 300).knot(),
                    (440, 340).knot(),
                    (438, 400).knot(),
                    (462, 432).knot(),
                    (490, 418).knot(),
                    c.pt("crotch").knot(),
                ],
                tan(Some((-1.0, 0.1)), None),
            ),
            line(&[c.pt("crotch"), (MID, 296.0)]),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "S4-5", "mirror" => "join"],
        curve_o(
            vec![(MID, 354.0).knot(), (484, 364).knot(), (480, 384).knot(), (488, 398).knot(), c.pt("crotch").knot()],
            tan(Some((-1.0, 0.2)), Some((1.0, 0.3))),
        ),
    );
    v.add1(
        "dermatome",
        fields!["root" => "S2"],
        lp(kn![
            (436, 418),
            (454, 428),
            (448, 520),
            (440, 640),
            (452, 720),
            (456, 800),
            (444, 880),
            (422, 930),
            (400, 880),
            (392, 800),
            (398, 720),
            (410, 640),
            (424, 520)
        ]),
    );
    let s1_lat = pc("knee_top_lat", "n34");
    v.add1(
        "dermatome",
        fields!["root" => "S1"],
        region(vec![
            s1_lat,
            curve(vec![
                c.pt("n34").knot(),
                (412, 1360).knot(),
                (420, 1300).knot(),
                (440, 1270).knot(),
                (442, 1220).knot(),
                (424, 1120).knot(),
                (418, 1000).knot(),
                (410, 880).knot(),
                (394, 800).knot(),
                (388, 720).knot(),
                c.pt("knee_top_lat").knot(),
            ]),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L5"],
        region(vec![
            pc("n34", "toe1_r"),
            curve(vec![
                c.pt("toe1_r").knot(),
                (472, 1380).knot(),
                (470, 1330).knot(),
                (458, 1292).knot(),
                (438, 1276).knot(),
                (418, 1310).knot(),
                (410, 1370).knot(),
                c.pt("n34").knot(),
            ]),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L4"],
        region(vec![
            pc("toe1_r", "knee_bot_med"),
            curve(vec![
                c.pt("knee_bot_med").knot(),
                (462, 880).knot(),
                (452, 1000).knot(),
                (446, 1100).knot(),
                (452, 1200).knot(),
                (461, 1300).knot(),
                (473, 1380).knot(),
                c.pt("toe1_r").knot(),
            ]),
        ]),
    );

    // ---- cutaneous territories
    v.add1(
        "cutaneous",
        fields!["nerve" => "superior_cluneal"],
        region(vec![
            pc("crest_lat", "hip_top"),
            hip_upper.clone(),
            curve(vec![
                hip_upper.end().knot(),
                (362, 306).knot(),
                (408, 302).knot(),
                (438, 270).knot(),
                (446, 210).knot(),
            ]),
            curve(vec![(446, 210).knot(), (400, 190).knot(), c.pt("crest_lat").knot()]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "middle_cluneal"],
        lp(kn![(448, 214), (462, 260), (478, 316), (462, 330), (440, 300), (432, 250)]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "posterior_femoral_cutaneous"],
        lp(kn![
            (362, 338),
            (410, 322),
            (452, 334),
            (476, 392),
            (466, 480),
            (462, 640),
            (458, 760),
            (452, 860),
            (420, 900),
            (392, 860),
            (384, 760),
            (376, 640),
            (366, 480)
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "pudendal", "mirror" => "join"],
        curve_o(
            vec![(MID, 345.0).knot(), (480, 360).knot(), (472, 388).knot(), (482, 402).knot(), c.pt("crotch").knot()],
            tan(Some((-1.0, 0.3)), Some((1.0, 0.0))),
        ),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "lateral_femoral_cutaneous"],
        region(vec![
            pc("hip_bot", "knee_top_lat"),
            curve(vec![
                c.pt("knee_top_lat").knot(),
                (372, 640).knot(),
                (368, 520).knot(),
                (350, 420).knot(),
                c.pt("hip_bot").knot(),
            ]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "obturator"],
        lp(kn![(470, 450), (484, 460), (482, 560), (476, 640), (468, 600), (466, 520)]),
    );
    let cf = pc("knee_bot_lat", "ankle_top_lat").slice(..2);
    let cf_end = cf.end();
    v.add1(
        "cutaneous",
        fields!["nerve" => "common_fibular"],
        region(vec![cf, curve(vec![cf_end.knot(), (384, 900).knot(), (388, 820).knot(), c.pt("knee_bot_lat").knot()])]),
    );
    let su = pc("knee_bot_lat", "n45").slice(2..);
    let su_start = su.start();
    v.add1(
        "cutaneous",
        fields!["nerve" => "sural"],
        region(vec![
            su,
            // The distal posterolateral calf out to the Achilles tendon, the lateral heel and
            // the outer border of the foot: wide enough to show beside the nerve on its skin.
            curve(vec![
                c.pt("n45").knot(),
                (398, 1330).knot(),
                (400, 1250).knot(),
                (408, 1186).knot(),
                (417, 1120).knot(),
                (419, 1040).knot(),
                (410, 970).knot(),
                su_start.knot(),
            ]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "saphenous"],
        region(vec![
            pc("ankle_bot_med", "knee_bot_med"),
            curve(vec![
                c.pt("knee_bot_med").knot(),
                (462, 880).knot(),
                (450, 1000).knot(),
                (444, 1120).knot(),
                c.pt("ankle_bot_med").knot(),
            ]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "medial_calcaneal"],
        region(vec![
            b.e("hb_lat"),
            b.e("hb_med"),
            pc("heel_bot_med", "ankle_bot_med"),
            curve(vec![
                c.pt("ankle_bot_med").knot(),
                (436, 1200).knot(),
                (410, 1200).knot(),
                c.pt("ankle_bot_lat").knot(),
            ]),
            pc("ankle_bot_lat", "heel_bot_lat"),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "medial_plantar"],
        region(vec![
            pc("n34", "heel_bot_med"),
            curve(vec![
                c.pt("heel_bot_med").knot(),
                (440, 1290).knot(),
                (424, 1330).knot(),
                (420, 1390).knot(),
                c.pt("n34").knot(),
            ]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "lateral_plantar"],
        region(vec![
            pc("heel_bot_lat", "n34"),
            curve(vec![
                c.pt("n34").knot(),
                (420, 1390).knot(),
                (424, 1330).knot(),
                (440, 1290).knot(),
                c.pt("heel_bot_med").knot(),
            ]),
            b.e("hb_med").rev(),
            b.e("hb_lat").rev(),
        ]),
    );
}
