//! The anterior view's layers (authoring frame: the patient's left leg at x < 500, lateral =
//! small x; mirrored to the viewer's right at output).

use super::body::{Body, MID, TOES, areas_anterior, kn_pts};
use super::curves::{Path, Pt, ToKnot, curve, curve_o, ellipse, kn, lp, region, tan};
use super::shapes::{band, band_w, femur, fibula, foot_bones, join_half, join_half_t1, tibia, vert_ant};
use super::writer::{View, fields};

fn hip_bone_ant() -> Path {
    lp(kn![
        (458, 216, 'c'),
        (440, 186),
        (412, 164),
        (380, 157),
        (354, 165),
        (338, 186),
        (334, 211, 'c'),
        (341, 229),
        (348, 243, 'c'),
        (362, 255),
        (373, 272),
        (378, 298),
        (388, 322),
        (404, 350),
        (424, 373),
        (442, 381),
        (460, 374),
        (478, 362),
        (497, 357, 'c'),
        (497, 327, 'c'),
        (478, 318),
        (452, 303),
        (436, 296, 'c'),
        (442, 268),
        (452, 242),
    ])
}

/// Every layer of the anterior view.
pub fn build_anterior(b: &Body) -> View {
    let mut v = View::new("anterior", true);
    v.add_open(
        "outline",
        fields!["id" => "body", "mirror" => "join", "comment" => "Skin silhouette (left half in authoring order; mirrored to the viewer's right)."],
        b.c.path.clone(),
    );
    let creases: [(&str, &str, Path); 6] = [
        ("inguinal_fold", "copy", curve(kn![(366, 258), (420, 292), (470, 322), (492, 334)])),
        // A narrow almond with pointed ends, a slit rather than a ring (a ring reads as "0").
        ("umbilicus", "none", lp(kn![(MID, 101, 'c'), (502.2, 107.5), (MID, 114, 'c'), (497.8, 107.5)])),
        ("patella_outline", "copy", ellipse(421.0, 724.0, 22.0, 27.0, 0.0)),
        ("medial_malleolus", "copy", curve(kn![(450, 1140), (456, 1155), (450, 1170)])),
        ("lateral_malleolus", "copy", curve(kn![(394, 1150), (388, 1168), (394, 1186)])),
        ("tibial_crest", "copy", curve(kn![(428, 800), (430, 950), (426, 1080)])),
    ];
    for (cid, mir, path) in creases {
        let closed = matches!(cid, "umbilicus" | "patella_outline");
        v.add("outline", fields!["id" => cid, "style" => "detail", "mirror" => mir], &[path], closed);
    }
    // Toenails make the toes read as toes from the front.
    let nails: Vec<Path> =
        TOES.iter().map(|&(_, cx, ty, hw)| ellipse(cx, ty - hw * 0.85, hw * 0.45, hw * 0.75, 0.0)).collect();
    v.add("outline", fields!["id" => "toenails", "style" => "detail"], &nails, true);
    for (aid, mir, lab, path) in areas_anterior(b) {
        let label = v.pt(lab);
        v.add("area", fields!["id" => aid, "mirror" => mir, "label" => label], &[path], mir != "join");
    }
    bones(&mut v);
    muscles(&mut v);
    nerves(&mut v);
    skin(&mut v, b);

    // ---- key points
    for (root, at) in [
        ("L1", (440.0, 302.0)),
        ("L2", (420.0, 505.0)),
        ("L3", (472.0, 724.0)),
        ("L4", (452.0, 1152.0)),
        ("L5", (423.0, 1382.0)),
        ("S1", (389.0, 1222.0)),
    ] {
        let at = v.pt(at);
        v.add_fields("key_point", fields!["root" => root, "at" => at]);
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
    ("bone", "L4", (558.0, 142.0), "none"),
    ("bone", "L5", (554.0, 182.0), "none"),
    ("bone", "sacrum", (MID, 300.0), "none"),
    ("bone", "hip_bone", (380.0, 200.0), "copy"),
    ("bone", "femur", (392.0, 520.0), "copy"),
    ("bone", "patella", (421.0, 726.0), "copy"),
    ("bone", "tibia", (428.0, 1000.0), "copy"),
    ("bone", "fibula", (388.0, 1000.0), "copy"),
    ("muscle", "psoas_hip_flexors", (440.0, 200.0), "copy"),
    ("muscle", "adductors", (462.0, 500.0), "copy"),
    ("muscle", "quadriceps", (352.0, 520.0), "copy"),
    ("muscle", "tibialis_anterior", (412.0, 900.0), "copy"),
    ("muscle", "fibularis", (380.0, 930.0), "copy"),
    ("nerve", "femoral", (410.0, 285.0), "copy"),
    ("nerve", "saphenous", (460.0, 900.0), "copy"),
    ("nerve", "lateral_femoral_cutaneous", (344.0, 420.0), "copy"),
    ("nerve", "obturator", (472.0, 440.0), "copy"),
    ("nerve", "common_fibular", (378.0, 790.0), "copy"),
    ("nerve", "superficial_fibular", (378.0, 920.0), "copy"),
    ("nerve", "deep_fibular", (410.0, 980.0), "copy"),
    ("root", "L4", (466.0, 190.0), "copy"),
    ("root", "L5", (464.0, 232.0), "copy"),
    ("root", "S1", (466.0, 250.0), "copy"),
];

fn bones(v: &mut View) {
    v.add1(
        "bone",
        fields!["id" => "hip_bone", "comment" => "Ilium (iliac fossa), pubis and ischium, anterior view."],
        hip_bone_ant(),
    );
    v.add1(
        "bone",
        fields!["id" => "femur", "comment" => "Over the hip bone: the head sits in the acetabulum, then the neck and the greater trochanter."],
        femur(false),
    );
    v.add_open(
        "bone",
        fields!["id" => "pelvic_brim", "style" => "detail"],
        curve(kn![(452, 244), (444, 272), (440, 292), (462, 306), (490, 320)]),
    );
    v.add_open(
        "bone",
        fields!["id" => "acetabulum", "style" => "detail"],
        curve(kn![(378, 268), (396, 262), (418, 272), (424, 292)]),
    );
    v.add1("bone", fields!["id" => "obturator_foramen", "style" => "detail"], ellipse(458.0, 340.0, 15.0, 11.0, 25.0));
    v.add_open(
        "bone",
        fields![
            "id" => "inguinal_ligament",
            "style" => "detail",
            "comment" => "From the anterior superior iliac spine to the pubic tubercle; the femoral nerve passes under it."
        ],
        curve(kn![(338, 214), (380, 262), (430, 300), (474, 322)]),
    );
    v.add1(
        "bone",
        fields!["id" => "sacrum", "mirror" => "join"],
        join_half(kn![
            (MID, 212),
            (478, 210),
            (452, 218, 'c'),
            (455, 250),
            (465, 285),
            (479, 312),
            (491, 327),
            (MID, 332)
        ]),
    );
    v.add(
        "bone",
        fields!["id" => "sacral_foramina", "style" => "detail"],
        &[
            ellipse(475.0, 230.0, 6.0, 5.0, 0.0),
            ellipse(478.0, 256.0, 5.5, 4.5, 0.0),
            ellipse(482.0, 280.0, 4.5, 4.0, 0.0),
            ellipse(487.0, 302.0, 4.0, 3.5, 0.0),
        ],
        true,
    );
    v.add(
        "bone",
        fields!["id" => "sacral_ridges", "style" => "detail"],
        &[
            curve(kn![(472, 243), (486, 246), (MID, 246)]),
            curve(kn![(476, 268), (488, 270), (MID, 270)]),
            curve(kn![(480, 291), (490, 292), (MID, 292)]),
        ],
        false,
    );
    v.add1(
        "bone",
        fields!["id" => "coccyx", "mirror" => "join"],
        join_half_t1(kn![(MID, 335), (492, 338), (493, 349), (MID, 358)], (1.0, 0.6)),
    );
    for (name, yc, tp) in [
        ("T11", -58.0, 448.0),
        ("T12", -18.0, 446.0),
        ("L1", 22.0, 442.0),
        ("L2", 62.0, 438.0),
        ("L3", 102.0, 436.0),
        ("L4", 142.0, 440.0),
        ("L5", 182.0, 446.0),
    ] {
        v.add1("bone", fields!["id" => name, "mirror" => "join"], vert_ant(yc, tp));
    }
    v.add1(
        "bone",
        fields!["id" => "costal_margin", "comment" => "The lower border of the ribcage (costal cartilages of ribs 7-10)."],
        band(&[(470.0, -88.0), (444.0, -70.0), (412.0, -48.0), (384.0, -20.0), (366.0, 4.0), (358.0, 22.0)], 6.0, 3.5),
    );
    v.add1(
        "bone",
        fields!["id" => "patella"],
        lp(kn![(421, 698), (438, 706), (444, 726), (434, 748), (421, 754), (408, 748), (398, 726), (404, 706)]),
    );
    v.add1("bone", fields!["id" => "tibia"], tibia());
    v.add_open(
        "bone",
        fields!["id" => "tibial_tuberosity", "style" => "detail"],
        curve(kn![(418, 776), (424, 790), (430, 776)]),
    );
    v.add1("bone", fields!["id" => "fibula"], fibula());
    let foot = foot_bones(false);
    v.add1("bone", fields!["id" => "talus"], foot.hind);
    v.add("bone", fields!["id" => "tarsals"], &foot.tarsals, true);
    v.add("bone", fields!["id" => "metatarsals"], &foot.metatarsals, true);
    v.add("bone", fields!["id" => "phalanges"], &foot.phalanges, true);
}

fn muscles(v: &mut View) {
    // Iliacus fills the iliac fossa, fanning from the inner lip of the iliac crest down to join
    // the psoas tendon under the inguinal ligament, on its way to the lesser trochanter.
    v.add1(
        "muscle",
        fields!["id" => "psoas_hip_flexors", "part" => "iliacus", "style" => "fill"],
        lp(kn![
            (447, 206),
            (426, 180),
            (394, 167),
            (364, 171),
            (347, 189),
            (344, 213),
            (356, 238),
            (376, 264),
            (392, 294),
            (402, 322),
            (408, 346, 'c'),
            (414, 318),
            (423, 288),
            (435, 258),
            (446, 232)
        ]),
    );
    // Psoas major: slender at T12, its belly widest beside L4-L5, narrowing under the inguinal
    // ligament to the tendon on the lesser trochanter.
    v.add1(
        "muscle",
        fields!["id" => "psoas_hip_flexors", "part" => "psoas", "style" => "fill"],
        band_w(
            &[
                (471.0, -14.0),
                (467.0, 40.0),
                (460.0, 105.0),
                (449.0, 170.0),
                (434.0, 232.0),
                (420.0, 285.0),
                (411.0, 325.0),
                (409.0, 346.0),
            ],
            &[4.0, 8.0, 12.0, 16.0, 17.0, 13.0, 8.0, 5.0],
        ),
    );
    // The adductors fan from the pubis down and out to the back of the femur; the adductor
    // magnus tendon reaches the adductor tubercle above the inner knee.
    v.add1(
        "muscle",
        fields!["id" => "adductors", "style" => "fill"],
        lp(kn![
            (473, 344, 'c'),
            (491, 354, 'c'),
            (489, 410),
            (482, 490),
            (473, 570),
            (464, 630),
            (456, 676),
            (451, 694, 'c'),
            (440, 664),
            (422, 610),
            (410, 540),
            (418, 460),
            (438, 400),
            (458, 362)
        ]),
    );
    // The quadriceps: vastus lateralis along the outer thigh and the teardrop of vastus
    // medialis above the inner knee, both narrowing to the quadriceps tendon on the kneecap;
    // rectus femoris (drawn with the hip flexors) lies over them between the two.
    v.add1(
        "muscle",
        fields!["id" => "quadriceps", "part" => "vastus_lateralis", "style" => "fill"],
        lp(kn![
            (348, 292, 'c'),
            (337, 340),
            (332, 420),
            (334, 510),
            (343, 590),
            (358, 650),
            (380, 692),
            (402, 712, 'c'),
            (398, 672),
            (388, 600),
            (376, 500),
            (366, 410),
            (358, 340)
        ]),
    );
    v.add1(
        "muscle",
        fields!["id" => "quadriceps", "part" => "vastus_medialis", "style" => "fill"],
        lp(kn![
            (428, 478, 'c'),
            (442, 540),
            (455, 604),
            (461, 656),
            (455, 692),
            (438, 714, 'c'),
            (424, 690),
            (418, 640),
            (418, 580),
            (421, 520)
        ]),
    );
    // Rectus femoris and sartorius, the hip flexors of the thigh (femoral nerve).
    v.add1(
        "muscle",
        fields!["id" => "psoas_hip_flexors", "part" => "rectus_femoris", "style" => "fill"],
        band_w(
            &[(374.0, 262.0), (380.0, 330.0), (390.0, 430.0), (402.0, 540.0), (413.0, 630.0), (419.0, 690.0)],
            &[5.0, 13.0, 20.0, 20.0, 14.0, 7.0],
        ),
    );
    v.add1(
        "muscle",
        fields!["id" => "psoas_hip_flexors", "part" => "sartorius", "style" => "fill"],
        band_w(
            &[
                (344.0, 222.0),
                (364.0, 300.0),
                (398.0, 400.0),
                (436.0, 510.0),
                (460.0, 620.0),
                (468.0, 720.0),
                (462.0, 800.0),
            ],
            &[4.0, 7.0, 8.0, 8.0, 8.0, 7.0, 4.0],
        ),
    );
    v.add(
        "muscle",
        fields!["id" => "psoas_hip_flexors", "part" => "fibres", "style" => "detail"],
        &[
            curve(kn![(468, 0), (456, 160), (428, 290)]),
            curve(kn![(372, 186), (386, 250), (402, 318)]),
            curve(kn![(414, 184), (412, 250), (408, 318)]),
            curve(kn![(384, 330), (396, 480), (412, 640)]),
        ],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "quadriceps", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(346, 340), (348, 480), (372, 640)]), curve(kn![(432, 540), (440, 620), (432, 690)])],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "adductors", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(478, 360), (452, 470), (432, 600)]), curve(kn![(486, 376), (472, 500), (458, 640)])],
        false,
    );
    // Tibialis anterior: a fleshy belly on the outer face of the tibia, beside its crest, and a
    // tendon that crosses the front of the ankle to the inner side of the foot.
    v.add1(
        "muscle",
        fields!["id" => "tibialis_anterior", "style" => "fill"],
        band_w(
            &[(405.0, 780.0), (409.0, 824.0), (413.0, 884.0), (415.0, 944.0), (416.0, 996.0), (418.0, 1036.0)],
            &[4.0, 11.0, 14.0, 12.5, 8.0, 3.0],
        ),
    );
    v.add1(
        "muscle",
        fields!["id" => "tibialis_anterior", "part" => "tendon", "style" => "tendon"],
        band_w(
            &[(417.0, 1010.0), (423.0, 1066.0), (434.0, 1130.0), (446.0, 1196.0), (455.0, 1254.0), (459.0, 1296.0)],
            &[2.6, 3.2, 3.2, 3.0, 2.8, 2.2],
        ),
    );
    // Fibularis (peroneus) longus from the head of the fibula and brevis below it, on the outer
    // side of the leg; their tendons pass behind the outer ankle bone to the foot.
    v.add1(
        "muscle",
        fields!["id" => "fibularis", "style" => "fill"],
        band_w(
            &[(378.0, 774.0), (375.0, 822.0), (375.0, 882.0), (378.0, 944.0), (383.0, 1000.0), (389.0, 1052.0)],
            &[4.0, 10.0, 11.5, 10.5, 8.0, 3.0],
        ),
    );
    v.add1(
        "muscle",
        fields!["id" => "fibularis", "part" => "tendon", "style" => "tendon"],
        band_w(
            &[(388.0, 1026.0), (392.0, 1090.0), (395.0, 1150.0), (396.0, 1200.0), (395.0, 1250.0), (397.0, 1296.0)],
            &[2.4, 3.0, 3.0, 2.8, 2.6, 2.2],
        ),
    );
    v.add(
        "muscle",
        fields!["id" => "tibialis_anterior", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(409, 806), (414, 900), (416, 1000)])],
        false,
    );
    v.add(
        "muscle",
        fields!["id" => "fibularis", "part" => "fibres", "style" => "detail"],
        &[curve(kn![(377, 800), (377, 900), (385, 1010)])],
        false,
    );
}

fn nerves(v: &mut View) {
    let plexus: Pt = (458.0, 272.0);
    let roots: [(&str, &[Pt]); 5] = [
        ("L4", &[(472.0, 162.0), (466.0, 190.0), (461.0, 225.0), plexus]),
        ("L5", &[(472.0, 201.0), (464.0, 232.0), plexus]),
        ("S1", &[(475.0, 230.0), (466.0, 250.0), plexus]),
        ("S2", &[(478.0, 256.0), (468.0, 264.0), plexus]),
        ("S3", &[(482.0, 280.0), (470.0, 280.0), plexus]),
    ];
    for (root, pts) in roots {
        let width = if root != "S3" { 5.0 } else { 4.0 };
        v.add_open(
            "nerve",
            fields!["root" => root, "width" => width],
            curve_o(kn_pts(pts), tan(None, Some((-0.5, 1.0)))),
        );
    }
    v.add_open(
        "nerve",
        fields!["id" => "sciatic", "hidden" => true, "width" => 8.0, "comment" => "Behind the hip joint and femur in this view: drawn dashed."],
        curve_o(
            kn_pts(&[plexus, (440.0, 300.0), (420.0, 345.0), (408.0, 420.0), (405.0, 520.0), (415.0, 640.0)]),
            tan(Some((-0.4, 1.0)), None),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "common_fibular", "hidden" => true, "width" => 5.0],
        curve(kn![(415, 640), (402, 700), (388, 748), (378, 778)]),
    );
    v.add_open(
        "nerve",
        fields![
            "id" => "common_fibular",
            "part" => "fibular_neck",
            "width" => 5.0,
            "comment" => "Winds round the neck of the fibula to the front, where it divides."
        ],
        curve_o(kn![(378, 778), (377, 794), (386, 806)], tan(None, Some((1.0, 0.6)))),
    );
    v.add_open(
        "nerve",
        fields!["id" => "superficial_fibular", "width" => 3.5],
        curve_o(
            kn![(386, 806), (378, 860), (376, 960), (386, 1060), (398, 1150), (408, 1220)],
            tan(Some((-0.4, 1.0)), None),
        ),
    );
    v.add(
        "nerve",
        fields!["id" => "superficial_fibular", "part" => "dorsal_digital", "width" => 2.0],
        &[
            curve(kn![(408, 1220), (428, 1300), (436, 1370), (441, 1425)]),
            curve(kn![(408, 1220), (418, 1300), (420, 1370), (423, 1420)]),
            curve(kn![(408, 1220), (404, 1300), (404, 1370), (405, 1418)]),
        ],
        false,
    );
    v.add_open(
        "nerve",
        fields!["id" => "deep_fibular", "width" => 3.2],
        curve_o(
            kn![(386, 806), (402, 840), (409, 950), (414, 1060), (426, 1150), (442, 1260), (452, 1340), (455, 1392)],
            tan(Some((1.0, 0.6)), None),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "femoral", "sciatic" => false, "width" => 6.0],
        curve(kn![(442, 192), (429, 228), (417, 262), (407, 300), (403, 330), (404, 352)]),
    );
    v.add(
        "nerve",
        fields!["id" => "femoral", "part" => "branches", "sciatic" => false, "width" => 2.6],
        &[
            curve(kn![(404, 350), (392, 420), (384, 520), (384, 600)]),
            curve(kn![(404, 352), (410, 440), (414, 560), (418, 660)]),
            curve(kn![(404, 352), (430, 430), (444, 520)]),
        ],
        false,
    );
    v.add_open(
        "nerve",
        fields!["id" => "saphenous", "sciatic" => false, "width" => 3.2],
        curve(kn![
            (404, 352),
            (436, 430),
            (456, 530),
            (467, 630),
            (471, 720),
            (466, 800),
            (460, 900),
            (450, 1020),
            (444, 1140),
            (456, 1220),
            (470, 1300)
        ]),
    );
    v.add_open(
        "nerve",
        fields!["id" => "lateral_femoral_cutaneous", "sciatic" => false, "width" => 3.0],
        curve_o(
            kn![(442, 196), (392, 226), (354, 240), (344, 290), (344, 390), (348, 490), (356, 590)],
            tan(Some((-1.0, 0.4)), None),
        ),
    );
    v.add_open(
        "nerve",
        fields!["id" => "obturator", "sciatic" => false, "width" => 3.2],
        curve(kn![(462, 216), (456, 270), (452, 318), (460, 342), (470, 400), (476, 480), (474, 560)]),
    );
}

fn skin(v: &mut View, b: &Body) {
    let c = &b.c;
    let pc = |x: &str, y: &str| b.pc(x, y);
    // ---- dermatomes
    v.add1(
        "dermatome",
        fields!["root" => "L1"],
        lp(kn![
            (344, 218, 'c'),
            (400, 250),
            (460, 282),
            (MID, 298, 'c'),
            (MID, 366, 'c'),
            (470, 360),
            (420, 322),
            (372, 290),
            (346, 260)
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L2"],
        lp(kn![
            (336, 272),
            (374, 298),
            (424, 330),
            (470, 364),
            (495, 392),
            (489, 470),
            (480, 548),
            (446, 560),
            (404, 530),
            (360, 450),
            (330, 340)
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L3"],
        lp(kn![
            (342, 440),
            (390, 500),
            (440, 548),
            (486, 530),
            (482, 620),
            (478, 720),
            (473, 792),
            (452, 770),
            (440, 712),
            (408, 660),
            (370, 590),
            (350, 524)
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "L4"],
        region(vec![
            pc("bt_med", "knee_bot_med"),
            curve(vec![
                c.pt("knee_bot_med").knot(),
                (450, 760).knot(),
                (438, 700).knot(),
                (404, 696).knot(),
                (396, 750).knot(),
                (420, 800).knot(),
                (444, 860).knot(),
                (440, 960).knot(),
                (434, 1080).knot(),
                (440, 1180).knot(),
                (456, 1280).knot(),
                (470, 1360).knot(),
                c.pt("bt_med").knot(),
            ]),
        ]),
    );
    let l5_lat = pc("knee_bot_lat", "ankle_bot_lat").slice(1..);
    let l5_start = l5_lat.start();
    v.add1(
        "dermatome",
        fields!["root" => "L5"],
        region(vec![
            l5_lat,
            curve(vec![c.pt("ankle_bot_lat").knot(), (402, 1240).knot(), (412, 1330).knot(), c.pt("n34").knot()]),
            pc("n34", "bt_med"),
            curve(vec![
                c.pt("bt_med").knot(),
                (466, 1330).knot(),
                (448, 1240).knot(),
                (438, 1150).knot(),
                (432, 1040).knot(),
                (438, 920).knot(),
                (428, 830).knot(),
                l5_start.knot(),
            ]),
        ]),
    );
    v.add1(
        "dermatome",
        fields!["root" => "S1"],
        region(vec![
            pc("ankle_top_lat", "n34"),
            curve(vec![
                c.pt("n34").knot(),
                (408, 1330).knot(),
                (400, 1240).knot(),
                (406, 1160).knot(),
                (398, 1110).knot(),
                c.pt("ankle_top_lat").knot(),
            ]),
        ]),
    );

    // ---- cutaneous
    v.add1(
        "cutaneous",
        fields!["nerve" => "lateral_femoral_cutaneous"],
        region(vec![
            pc("hip_top", "knee_top_lat"),
            curve(vec![
                c.pt("knee_top_lat").knot(),
                (378, 640).knot(),
                (382, 500).knot(),
                (372, 360).knot(),
                (352, 262).knot(),
                c.pt("hip_top").knot(),
            ]),
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "femoral"],
        lp(kn![
            (372, 330),
            (420, 348),
            (458, 378),
            (470, 480),
            (474, 600),
            (476, 690),
            (450, 716),
            (420, 710),
            (392, 698),
            (380, 600),
            (378, 480)
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "obturator"],
        lp(kn![(468, 404), (488, 424), (484, 520), (478, 600), (466, 560), (462, 470)]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "saphenous"],
        region(vec![
            pc("bt_med", "knee_top_med"),
            curve(vec![
                c.pt("knee_top_med").knot(),
                (458, 720).knot(),
                (452, 800).knot(),
                (446, 900).knot(),
                (440, 1000).knot(),
                (436, 1100).knot(),
                (446, 1200).knot(),
                (462, 1300).knot(),
                (472, 1370).knot(),
                c.pt("bt_med").knot(),
            ]),
        ]),
    );
    let cf = pc("knee_bot_lat", "ankle_top_lat").slice(..2);
    let cf_end = cf.end();
    v.add1(
        "cutaneous",
        fields!["nerve" => "common_fibular"],
        region(vec![cf, curve(vec![cf_end.knot(), (386, 900).knot(), (390, 820).knot(), c.pt("knee_bot_lat").knot()])]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "superficial_fibular"],
        lp(kn![
            (380, 960),
            (406, 950),
            (428, 1000),
            (436, 1100),
            (446, 1200),
            (458, 1300),
            (462, 1362),
            (448, 1372),
            (436, 1402),
            (410, 1402),
            (398, 1370),
            (394, 1300),
            (394, 1200),
            (386, 1100)
        ]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "deep_fibular"],
        lp(kn![(446, 1378), (458, 1370), (465, 1400), (455, 1421), (448, 1420)]),
    );
    v.add1(
        "cutaneous",
        fields!["nerve" => "sural"],
        region(vec![
            pc("ankle_top_lat", "n45"),
            curve(vec![
                c.pt("n45").knot(),
                (398, 1330).knot(),
                (398, 1250).knot(),
                (400, 1180).knot(),
                (396, 1120).knot(),
                c.pt("ankle_top_lat").knot(),
            ]),
        ]),
    );
}
