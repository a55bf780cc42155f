"""The silhouette, the interior edges that neighbouring pain areas share, and the pain areas.

Authoring frame: the patient's LEFT leg drawn on the viewer's left (x < 500), lateral = small x,
y down, canvas 1000 x 1500. The posterior view uses this frame as is; the anterior view is
mirrored (x -> 1000 - x) at output so the patient's left lands on the viewer's right.
"""
from lib import *

MID = 500.0

# ------------------------------------------------------------------------------------------
# The left half of the silhouette: lateral contour down, around the foot, medial contour up.
# Toes: (name_prefix, centre x, tip y, half width); notches between them are corners.
TOES = [  # lateral (little toe) to medial (big toe)
    (5, 389.0, 1419.0, 8.0),
    (4, 405.5, 1433.0, 8.5),
    (3, 423.0, 1443.0, 9.0),
    (2, 441.0, 1451.0, 9.5),
    (1, 466.0, 1458.0, 14.0),
]
NOTCH_Y = {45: 1401.0, 34: 1407.0, 23: 1411.0, 12: 1412.0}


def toe_knots():
    kn = []
    # little toe lateral side starts from the lateral border
    kn.append(("toe5_base", 380.0, 1396.0))
    for i, (t, cx, ty, hw) in enumerate(TOES):
        if i > 0:
            pass
        # left flank, tip, right flank
        kn.append((f"toe{t}_l", cx - hw * 0.85, ty - 13.0 - (5 if t == 1 else 0)))
        kn.append((f"toe{t}_tip", cx, ty))
        kn.append((f"toe{t}_r", cx + hw * 0.85, ty - 13.0 - (5 if t == 1 else 0)))
        if i + 1 < len(TOES):
            nt = TOES[i + 1]
            key = nt[0] * 10 + t
            nx = (cx + hw + nt[1] - nt[3]) / 2
            kn.append((f"n{key}", nx, NOTCH_Y[key], 'c'))
    return kn


def build_contour():
    kn = [
        ("top_mid", MID, 40.0, 'l'),
        ("top_lat", 356.0, 40.0, 'c'),
        (None, 352.0, 100.0),
        ("crest_lat", 342.0, 165.0),
        ("hip_top", 328.0, 220.0),
        (None, 319.5, 278.0),
        (None, 319.0, 330.0),
        ("hip_bot", 324.0, 385.0),
        (None, 329.0, 470.0),
        (None, 337.5, 560.0),
        (None, 351.0, 640.0),
        ("knee_top_lat", 362.0, 690.0),
        (None, 369.5, 738.0),
        ("knee_bot_lat", 365.5, 790.0),
        (None, 358.0, 845.0),
        (None, 364.0, 925.0),
        (None, 377.0, 1010.0),
        ("ankle_top_lat", 387.0, 1100.0),
        (None, 386.0, 1150.0),
        ("ankle_bot_lat", 389.0, 1185.0),
        (None, 386.0, 1225.0),
        ("heel_bot_lat", 383.0, 1265.0),
        (None, 378.5, 1320.0),
        ("lf_mid", 377.0, 1362.0),
    ]
    kn += toe_knots()
    kn += [
        ("bt_med", 481.0, 1410.0),
        (None, 484.5, 1380.0),
        (None, 480.0, 1340.0),
        (None, 468.0, 1300.0),
        ("heel_bot_med", 460.0, 1265.0),
        (None, 459.0, 1225.0),
        ("ankle_bot_med", 456.0, 1185.0),
        (None, 457.0, 1152.0),
        ("ankle_top_med", 452.0, 1100.0),
        (None, 460.0, 1010.0),
        (None, 472.0, 920.0),
        (None, 479.0, 862.0),
        ("knee_bot_med", 474.0, 790.0),
        (None, 474.5, 740.0),
        ("knee_top_med", 476.0, 690.0),
        (None, 482.0, 620.0),
        (None, 488.0, 530.0),
        (None, 491.0, 455.0),
        ("crotch_l", 495.5, 415.0),
        ("crotch", MID, 402.0, (1.0, -0.0)),
    ]
    return Contour(kn)


C = build_contour()

# ------------------------------------------------------------------------------------------
# Shared interior edges (posterior frame). Splines whose knots include the junction nodes.
PSIS = P(447, 204)
S_TOP = P(MID, 204)
COCCYX = P(MID, 350)


def spl(*kn, **kw):
    c = Contour(kn, **kw)
    return c


E = {}
E['lb_lower'] = curve(C.pt('crest_lat'), (395, 186), PSIS)
E['sac_top'] = line(PSIS, S_TOP)
E['sac_side'] = curve(PSIS, (452, 250), (468, 300), (486, 336), COCCYX, t1=(1, 0.2))
E['cleft'] = curve(COCCYX, (485, 362), (481, 383), C.pt('crotch'), t0=(-1, 0.7), t1=(0.7, 1))
hip = spl(("hip_top", *C.pt('hip_top')), ("asis_n", 358, 252), ("hip_in_mid", 370, 312), ("hip_in_bot", 366, 392), t1=(-0.2, 1))
E['hip_in_a'] = hip.piece('hip_top', 'asis_n')
E['hip_in_b'] = hip.piece('asis_n', 'hip_in_mid')
E['hip_in_c'] = hip.piece('hip_in_mid', 'hip_in_bot')
E['hip_bottom'] = curve(hip.pt('hip_in_bot'), (344, 390), C.pt('hip_bot'))
fold = spl(("hip_in_bot", *hip.pt('hip_in_bot')), (None, 396, 420), (None, 430, 429), ("fold_med", 461, 424), ("crotch_l", *C.pt('crotch_l')), t1=(1, -0.25))
E['fold_a'] = fold.piece('hip_in_bot', 'fold_med')
E['fold_b'] = fold.piece('fold_med', 'crotch_l')
knee_top = spl(("a", *C.pt('knee_top_lat')), ("ksl", 379, 693), (None, 418, 698), ("ksm", 458, 694), ("b", *C.pt('knee_top_med')))
E['kt_lat'] = knee_top.piece('a', 'ksl')
E['kt_mid'] = knee_top.piece('ksl', 'ksm')
E['kt_med'] = knee_top.piece('ksm', 'b')
E['lat_split'] = curve(hip.pt('hip_in_bot'), (371, 520), knee_top.pt('ksl'))
E['med_split'] = curve(fold.pt('fold_med'), (460, 560), knee_top.pt('ksm'))
knee_bot = spl(("a", *C.pt('knee_bot_lat')), ("kbm", 437, 797), ("b", *C.pt('knee_bot_med')))
E['kb_lat'] = knee_bot.piece('a', 'kbm')
E['kb_med'] = knee_bot.piece('kbm', 'b')
ankle_top = spl(("a", *C.pt('ankle_top_lat')), ("am", 421, 1105), ("b", *C.pt('ankle_top_med')))
E['at_lat'] = ankle_top.piece('a', 'am')
E['at_med'] = ankle_top.piece('am', 'b')
ankle_bot = spl(("a", *C.pt('ankle_bot_lat')), ("am", 422, 1191), ("b", *C.pt('ankle_bot_med')))
E['ab_lat'] = ankle_bot.piece('a', 'am')
E['ab_med'] = ankle_bot.piece('am', 'b')
E['ankle_mid'] = curve(ankle_top.pt('am'), (421.5, 1150), ankle_bot.pt('am'))
heel_bot = spl(("a", *C.pt('heel_bot_lat')), ("lf", 400, 1268), (None, 430, 1271), ("b", *C.pt('heel_bot_med')))
E['hb_lat'] = heel_bot.piece('a', 'lf')
E['hb_med'] = heel_bot.piece('lf', 'b')
E['lf_split'] = curve(heel_bot.pt('lf'), (396, 1330), (396, 1380), C.pt('n45'), t1=(0.1, 1))
# anterior-only edges
groin_top = spl(("asis_n", *hip.pt('asis_n')), (None, 420, 289), (None, 468, 318), ("pub", MID, 330, (1, 0.15)))
E['groin_top'] = groin_top.path
crease = spl(("him", *hip.pt('hip_in_mid')), (None, 410, 340), ("cm", 452, 372), ("crotch_l", *C.pt('crotch_l')), t1=(1, -0.35))
E['crease_a'] = crease.piece('him', 'cm')
E['crease_b'] = crease.piece('cm', 'crotch_l')
E['pubic_mid'] = line(groin_top.pt('pub'), C.pt('crotch'))
E['med_split_ant'] = curve(crease.pt('cm'), (458, 540), knee_top.pt('ksm'))
E['shin'] = curve(knee_bot.pt('kbm'), (440, 900), (434, 1000), ankle_top.pt('am'))
bt_base = spl(("bt_med", *C.pt('bt_med')), ("w_r", 462, 1403), ("n12", *C.pt('n12')))
E['bt_base_a'] = bt_base.piece('bt_med', 'w_r')
E['bt_base_b'] = bt_base.piece('w_r', 'n12')
E['web'] = curve(bt_base.pt('w_r'), (457, 1352), (444, 1374), C.pt('toe2_r'), t0=(-0.15, -1), t1=(0.15, 1))

pc = C.piece


def areas_posterior():
    A = []
    # Midline areas (as in data/areas.toml) are stored as halves joined with their mirror image.
    A.append(("low_back", "join", (500, 125), pc('top_mid', 'top_lat') + pc('top_lat', 'crest_lat') + E['lb_lower'] + E['sac_top']))
    A.append(("sacrum", "join", (500, 262), E['sac_top'].rev() + E['sac_side']))
    A.append(("saddle", "join", (500, 378), E['cleft']))
    A.append(("buttock", "copy", (415, 320), region(pc('crest_lat', 'hip_top'), E['hip_in_a'], E['hip_in_b'], E['hip_in_c'], E['fold_a'], E['fold_b'], pc('crotch_l', 'crotch'), E['cleft'].rev(), E['sac_side'].rev(), E['lb_lower'].rev())))
    A.append(("hip_lateral", "copy", (343, 300), region(pc('hip_top', 'hip_bot'), E['hip_bottom'].rev(), E['hip_in_c'].rev(), E['hip_in_b'].rev(), E['hip_in_a'].rev())))
    A.append(("lateral_thigh", "copy", (352, 540), region(pc('hip_bot', 'knee_top_lat'), E['kt_lat'], E['lat_split'].rev(), E['hip_bottom'])))
    A.append(("posterior_thigh", "copy", (416, 560), region(E['fold_a'], E['med_split'], E['kt_mid'].rev(), E['lat_split'].rev())))
    A.append(("medial_thigh", "copy", (473, 560), region(E['med_split'], E['kt_med'], pc('knee_top_med', 'crotch_l'), E['fold_b'].rev())))
    A.append(("popliteal_fossa", "copy", (420, 742), region(pc('knee_top_lat', 'knee_bot_lat'), E['kb_lat'], E['kb_med'], pc('knee_bot_med', 'knee_top_med'), E['kt_med'].rev(), E['kt_mid'].rev(), E['kt_lat'].rev())))
    A.append(("posterior_calf", "copy", (418, 940), region(pc('knee_bot_lat', 'ankle_top_lat'), E['at_lat'], E['at_med'], pc('ankle_top_med', 'knee_bot_med'), E['kb_med'].rev(), E['kb_lat'].rev())))
    A.append(("lateral_ankle", "copy", (404, 1148), region(pc('ankle_top_lat', 'ankle_bot_lat'), E['ab_lat'], E['ankle_mid'].rev(), E['at_lat'].rev())))
    A.append(("medial_ankle", "copy", (439, 1148), region(E['at_med'], pc('ankle_top_med', 'ankle_bot_med'), E['ab_med'].rev(), E['ankle_mid'].rev())))
    A.append(("heel", "copy", (422, 1228), region(pc('ankle_bot_lat', 'heel_bot_lat'), E['hb_lat'], E['hb_med'], pc('heel_bot_med', 'ankle_bot_med'), E['ab_med'].rev(), E['ab_lat'].rev())))
    A.append(("sole", "copy", (440, 1340), region(E['hb_med'], pc('heel_bot_med', 'n45'), E['lf_split'].rev())))
    A.append(("lateral_foot", "copy", (388, 1330), region(pc('heel_bot_lat', 'n45'), E['lf_split'].rev(), E['hb_lat'].rev())))
    return A


def areas_anterior():
    A = []
    A.append(("groin", "copy", (452, 335), region(E['groin_top'], E['pubic_mid'], pc('crotch', 'crotch_l'), E['crease_b'].rev(), E['crease_a'].rev(), E['hip_in_b'].rev())))
    A.append(("hip_lateral", "copy", (343, 300), region(pc('hip_top', 'hip_bot'), E['hip_bottom'].rev(), E['hip_in_c'].rev(), E['hip_in_b'].rev(), E['hip_in_a'].rev())))
    A.append(("anterior_thigh", "copy", (415, 520), region(E['crease_a'], E['med_split_ant'], E['kt_mid'].rev(), E['lat_split'].rev(), E['hip_in_c'].rev())))
    A.append(("lateral_thigh", "copy", (352, 540), region(pc('hip_bot', 'knee_top_lat'), E['kt_lat'], E['lat_split'].rev(), E['hip_bottom'])))
    A.append(("medial_thigh", "copy", (472, 560), region(E['med_split_ant'], E['kt_med'], pc('knee_top_med', 'crotch_l'), E['crease_b'].rev())))
    A.append(("anterior_knee", "copy", (420, 742), region(pc('knee_top_lat', 'knee_bot_lat'), E['kb_lat'], E['kb_med'], pc('knee_bot_med', 'knee_top_med'), E['kt_med'].rev(), E['kt_mid'].rev(), E['kt_lat'].rev())))
    A.append(("anterolateral_leg", "copy", (402, 930), region(pc('knee_bot_lat', 'ankle_top_lat'), E['at_lat'], E['shin'].rev(), E['kb_lat'].rev())))
    A.append(("medial_leg", "copy", (456, 930), region(E['shin'], E['at_med'], pc('ankle_top_med', 'knee_bot_med'), E['kb_med'].rev())))
    A.append(("lateral_ankle", "copy", (404, 1148), region(pc('ankle_top_lat', 'ankle_bot_lat'), E['ab_lat'], E['ankle_mid'].rev(), E['at_lat'].rev())))
    A.append(("medial_ankle", "copy", (439, 1148), region(E['at_med'], pc('ankle_top_med', 'ankle_bot_med'), E['ab_med'].rev(), E['ankle_mid'].rev())))
    A.append(("dorsum_foot", "copy", (428, 1290), region(E['ab_lat'], E['ab_med'], pc('ankle_bot_med', 'bt_med'), E['bt_base_a'], E['web'], pc('toe2_r', 'n45'), E['lf_split'].rev(), E['hb_lat'].rev(), pc('heel_bot_lat', 'ankle_bot_lat'))))
    A.append(("big_toe", "copy", (467, 1432), region(pc('n12', 'bt_med'), E['bt_base_a'], E['bt_base_b'])))
    A.append(("first_web_space", "copy", (453, 1392), region(pc('toe2_r', 'n12'), E['bt_base_b'].rev(), E['web'])))
    A.append(("lateral_foot", "copy", (388, 1330), region(pc('heel_bot_lat', 'n45'), E['lf_split'].rev(), E['hb_lat'].rev())))
    return A

