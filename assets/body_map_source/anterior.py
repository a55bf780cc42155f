"""Anterior view layers (authoring frame: patient's left leg at x < 500, lateral = small x;
mirrored to the viewer's right at output)."""
from lib import *
import body
from body import C, E, MID, pc
from shapes import *
from writer import View


def hip_bone_ant():
    return loop([
        (458, 216, 'c'), (440, 186), (412, 164), (380, 157), (354, 165), (338, 186), (334, 211, 'c'),
        (341, 229), (348, 243, 'c'), (362, 255), (373, 272), (378, 298), (388, 322), (404, 350),
        (424, 373), (442, 381), (460, 374), (478, 362), (497, 357, 'c'), (497, 327, 'c'), (478, 318),
        (452, 303), (436, 296, 'c'), (442, 268), (452, 242),
    ])


def fill(v):
    # ---- bones
    v.add('bone', {'id': 'femur', 'comment': 'Drawn before the hip bone so the acetabulum covers the femoral head.'}, femur(False))
    v.add('bone', {'id': 'hip_bone', 'comment': 'Ilium (iliac fossa), pubis and ischium, anterior view.'}, hip_bone_ant())
    v.add('bone', {'id': 'pelvic_brim', 'style': 'detail'}, curve((452, 244), (444, 272), (440, 292), (462, 306), (490, 320)), closed=False)
    v.add('bone', {'id': 'acetabulum', 'style': 'detail'}, curve((378, 268), (396, 262), (418, 272), (424, 292)), closed=False)
    v.add('bone', {'id': 'obturator_foramen', 'style': 'detail'}, ellipse(458, 340, 15, 11, 25))
    v.add('bone', {'id': 'inguinal_ligament', 'style': 'detail', 'comment': 'From the anterior superior iliac spine to the pubic tubercle; the femoral nerve passes under it.'},
          curve((338, 214), (380, 262), (430, 300), (474, 322)), closed=False)
    v.add('bone', {'id': 'sacrum', 'mirror': 'join'}, join_half([(MID, 212), (478, 210), (452, 218, 'c'), (455, 250), (465, 285), (479, 312), (491, 327), (MID, 332)]))
    v.add('bone', {'id': 'sacral_foramina', 'style': 'detail'}, [ellipse(475, 230, 6, 5), ellipse(478, 256, 5.5, 4.5), ellipse(482, 280, 4.5, 4), ellipse(487, 302, 4, 3.5)])
    v.add('bone', {'id': 'sacral_ridges', 'style': 'detail'}, [curve((472, 243), (486, 246), (MID, 246)), curve((476, 268), (488, 270), (MID, 270)), curve((480, 291), (490, 292), (MID, 292))], closed=False)
    v.add('bone', {'id': 'coccyx', 'mirror': 'join'}, join_half([(MID, 335), (492, 338), (493, 349), (MID, 358)], t1=(1, 0.6)))
    for name, yc, tp in [('L3', 102, 436), ('L4', 142, 440), ('L5', 182, 446)]:
        v.add('bone', {'id': name, 'mirror': 'join'}, vert_ant(yc, tp))
    v.add('bone', {'id': 'patella'}, loop([(421, 698), (438, 706), (444, 726), (434, 748), (421, 754), (408, 748), (398, 726), (404, 706)]))
    v.add('bone', {'id': 'tibia'}, tibia())
    v.add('bone', {'id': 'tibial_tuberosity', 'style': 'detail'}, curve((418, 776), (424, 790), (430, 776)), closed=False)
    v.add('bone', {'id': 'fibula'}, fibula())
    talus, tars, mets, phal = foot_bones(False)
    v.add('bone', {'id': 'talus'}, talus)
    v.add('bone', {'id': 'tarsals'}, tars)
    v.add('bone', {'id': 'metatarsals'}, mets)
    v.add('bone', {'id': 'phalanges'}, phal)

    # ---- muscles
    v.add('muscle', {'id': 'psoas_hip_flexors', 'part': 'iliacus', 'style': 'fill'}, loop([(446, 200), (412, 172), (376, 168), (350, 186), (346, 214), (366, 238), (392, 262), (410, 300, 'c'), (424, 276), (440, 236)]))
    v.add('muscle', {'id': 'psoas_hip_flexors', 'part': 'psoas', 'style': 'deep'}, loop([(476, 40, 'c'), (452, 40, 'c'), (444, 120), (438, 190), (424, 250), (412, 300), (404, 338, 'c'), (416, 346, 'c'), (430, 300), (446, 256), (462, 200), (472, 120)]))
    v.add('muscle', {'id': 'psoas_hip_flexors', 'part': 'fibres', 'style': 'detail'}, [curve((462, 60), (454, 180), (428, 290)), curve((400, 190), (404, 240), (414, 290))], closed=False)
    v.add('muscle', {'id': 'adductors', 'style': 'fill'}, loop([(470, 344, 'c'), (492, 358, 'c'), (489, 420), (480, 520), (464, 620), (448, 668, 'c'), (436, 640), (424, 560), (418, 460), (430, 396)]))
    v.add('muscle', {'id': 'adductors', 'part': 'fibres', 'style': 'detail'}, [curve((478, 360), (460, 480), (444, 630)), curve((486, 380), (474, 500), (458, 620))], closed=False)
    v.add('muscle', {'id': 'tibialis_anterior', 'style': 'fill'}, loop([(398, 782, 'c'), (420, 792), (426, 880), (424, 960), (420, 1040, 'c'), (406, 1000), (398, 900)]))
    v.add('muscle', {'id': 'tibialis_anterior', 'part': 'tendon', 'style': 'tendon'}, loop([(414, 1020, 'c'), (422, 1030), (432, 1100), (446, 1160), (460, 1250, 'c'), (452, 1252, 'c'), (436, 1165), (422, 1100)]))
    v.add('muscle', {'id': 'fibularis', 'style': 'fill'}, loop([(372, 784, 'c'), (388, 792), (393, 880), (391, 980), (388, 1040, 'c'), (374, 1000), (367, 900), (366, 820)]))
    v.add('muscle', {'id': 'fibularis', 'part': 'tendon', 'style': 'tendon'}, loop([(378, 1010, 'c'), (388, 1020), (392, 1100), (398, 1160), (392, 1250), (386, 1300, 'c'), (382, 1296, 'c'), (388, 1240), (388, 1160), (382, 1100)]))

    v.add('muscle', {'id': 'tibialis_anterior', 'part': 'fibres', 'style': 'detail'}, [curve((408, 800), (414, 900), (412, 1000))], closed=False)
    v.add('muscle', {'id': 'fibularis', 'part': 'fibres', 'style': 'detail'}, [curve((378, 800), (382, 900), (380, 1000))], closed=False)

    # ---- nerves
    plexus = (458, 272)
    roots = {
        'L4': [(472, 162), (466, 190), (461, 225), plexus],
        'L5': [(472, 201), (464, 232), plexus],
        'S1': [(475, 230), (466, 250), plexus],
        'S2': [(478, 256), (468, 264), plexus],
        'S3': [(482, 280), (470, 280), plexus],
    }
    for root, pts in roots.items():
        v.add('nerve', {'root': root, 'width': 5.0 if root != 'S3' else 4.0}, curve(*pts, t1=(-0.5, 1)), closed=False)
    v.add('nerve', {'id': 'sciatic', 'hidden': True, 'width': 8.0, 'comment': 'Behind the hip joint and femur in this view: drawn dashed.'},
          curve(plexus, (440, 300), (420, 345), (408, 420), (405, 520), (415, 640), t0=(-0.4, 1)), closed=False)
    v.add('nerve', {'id': 'common_fibular', 'hidden': True, 'width': 5.0}, curve((415, 640), (402, 700), (388, 748), (378, 778)), closed=False)
    v.add('nerve', {'id': 'common_fibular', 'part': 'fibular_neck', 'width': 5.0, 'comment': 'Winds round the neck of the fibula to the front, where it divides.'}, curve((378, 778), (377, 794), (386, 806), t1=(1, 0.6)), closed=False)
    v.add('nerve', {'id': 'superficial_fibular', 'width': 3.5}, curve((386, 806), (378, 860), (376, 960), (386, 1060), (398, 1150), (408, 1220), t0=(-0.4, 1)), closed=False)
    v.add('nerve', {'id': 'superficial_fibular', 'part': 'dorsal_digital', 'width': 2.0}, [
        curve((408, 1220), (428, 1300), (436, 1370), (441, 1425)),
        curve((408, 1220), (418, 1300), (420, 1370), (423, 1420)),
        curve((408, 1220), (404, 1300), (404, 1370), (405, 1418)),
    ], closed=False)
    v.add('nerve', {'id': 'deep_fibular', 'width': 3.2}, curve((386, 806), (402, 840), (409, 950), (414, 1060), (426, 1150), (442, 1260), (452, 1340), (455, 1392), t0=(1, 0.6)), closed=False)
    v.add('nerve', {'id': 'femoral', 'sciatic': False, 'width': 6.0}, curve((442, 192), (429, 228), (417, 262), (407, 300), (403, 330), (404, 352)), closed=False)
    v.add('nerve', {'id': 'femoral', 'part': 'branches', 'sciatic': False, 'width': 2.6}, [
        curve((404, 350), (392, 420), (384, 520), (384, 600)),
        curve((404, 352), (410, 440), (414, 560), (418, 660)),
        curve((404, 352), (430, 430), (444, 520)),
    ], closed=False)
    v.add('nerve', {'id': 'saphenous', 'sciatic': False, 'width': 3.2}, curve((404, 352), (436, 430), (456, 530), (467, 630), (471, 720), (466, 800), (460, 900), (450, 1020), (444, 1140), (456, 1220), (470, 1300)), closed=False)
    v.add('nerve', {'id': 'lateral_femoral_cutaneous', 'sciatic': False, 'width': 3.0}, curve((442, 196), (392, 226), (354, 240), (344, 290), (344, 390), (348, 490), (356, 590), t0=(-1, 0.4)), closed=False)
    v.add('nerve', {'id': 'obturator', 'sciatic': False, 'width': 3.2}, curve((462, 216), (456, 270), (452, 318), (460, 342), (470, 400), (476, 480), (474, 560)), closed=False)

    # ---- dermatomes
    v.add('dermatome', {'root': 'L1'}, loop([(344, 218, 'c'), (400, 250), (460, 282), (MID, 298, 'c'), (MID, 366, 'c'), (470, 360), (420, 322), (372, 290), (346, 260)]))
    v.add('dermatome', {'root': 'L2'}, loop([(336, 272), (374, 298), (424, 330), (470, 364), (495, 392), (489, 470), (480, 548), (446, 560), (404, 530), (360, 450), (330, 340)]))
    v.add('dermatome', {'root': 'L3'}, loop([(342, 440), (390, 500), (440, 548), (486, 530), (482, 620), (478, 720), (473, 792), (452, 770), (440, 712), (408, 660), (370, 590), (350, 524)]))
    v.add('dermatome', {'root': 'L4'}, region(pc('bt_med', 'knee_bot_med'), curve(C.pt('knee_bot_med'), (450, 760), (438, 700), (404, 696), (396, 750), (420, 800), (444, 860), (440, 960), (434, 1080), (440, 1180), (456, 1280), (470, 1360), C.pt('bt_med'))))
    v.add('dermatome', {'root': 'L5'}, region(Path(pc('knee_bot_lat', 'ankle_bot_lat').segs[1:]), curve(C.pt('ankle_bot_lat'), (402, 1240), (412, 1330), C.pt('n34')), pc('n34', 'bt_med'),
                                             curve(C.pt('bt_med'), (466, 1330), (448, 1240), (438, 1150), (432, 1040), (438, 920), (428, 830), Path(pc('knee_bot_lat', 'ankle_bot_lat').segs[1:]).start())))
    v.add('dermatome', {'root': 'S1'}, region(pc('ankle_top_lat', 'n34'), curve(C.pt('n34'), (408, 1330), (400, 1240), (406, 1160), (398, 1110), C.pt('ankle_top_lat'))))

    # ---- cutaneous
    v.add('cutaneous', {'nerve': 'lateral_femoral_cutaneous'}, region(pc('hip_top', 'knee_top_lat'), curve(C.pt('knee_top_lat'), (378, 640), (382, 500), (372, 360), (352, 262), C.pt('hip_top'))))
    v.add('cutaneous', {'nerve': 'femoral'}, loop([(372, 330), (420, 348), (458, 378), (470, 480), (474, 600), (476, 690), (450, 716), (420, 710), (392, 698), (380, 600), (378, 480)]))
    v.add('cutaneous', {'nerve': 'obturator'}, loop([(468, 404), (488, 424), (484, 520), (478, 600), (466, 560), (462, 470)]))
    v.add('cutaneous', {'nerve': 'saphenous'}, region(pc('bt_med', 'knee_top_med'), curve(C.pt('knee_top_med'), (458, 720), (452, 800), (446, 900), (440, 1000), (436, 1100), (446, 1200), (462, 1300), (472, 1370), C.pt('bt_med'))))
    cf = Path(pc('knee_bot_lat', 'ankle_top_lat').segs[:2])
    v.add('cutaneous', {'nerve': 'common_fibular'}, region(cf, curve(cf.end(), (386, 900), (390, 820), C.pt('knee_bot_lat'))))
    v.add('cutaneous', {'nerve': 'superficial_fibular'}, loop([(380, 960), (406, 950), (428, 1000), (436, 1100), (446, 1200), (458, 1300), (462, 1362), (448, 1372), (436, 1402), (410, 1402), (398, 1370), (394, 1300), (394, 1200), (386, 1100)]))
    v.add('cutaneous', {'nerve': 'deep_fibular'}, loop([(446, 1378), (458, 1370), (465, 1400), (455, 1421), (448, 1420)]))
    v.add('cutaneous', {'nerve': 'sural'}, region(pc('ankle_top_lat', 'n45'), curve(C.pt('n45'), (398, 1330), (398, 1250), (400, 1180), (396, 1120), C.pt('ankle_top_lat'))))

    # ---- key points
    for root, at in [('L1', (440, 302)), ('L2', (420, 505)), ('L3', (472, 724)), ('L4', (452, 1152)), ('L5', (423, 1382)), ('S1', (389, 1222))]:
        v.add('key_point', {'root': root, 'at': tuple(v.pt(at))})

    # ---- labels
    for kind, lid, at, mir in [
        ('bone', 'L4', (558, 142), 'none'), ('bone', 'L5', (554, 182), 'none'), ('bone', 'sacrum', (MID, 300), 'none'),
        ('bone', 'hip_bone', (380, 200), 'copy'), ('bone', 'femur', (392, 520), 'copy'), ('bone', 'patella', (421, 726), 'copy'),
        ('bone', 'tibia', (428, 1000), 'copy'), ('bone', 'fibula', (388, 1000), 'copy'),
        ('muscle', 'psoas_hip_flexors', (440, 200), 'copy'), ('muscle', 'adductors', (462, 500), 'copy'),
        ('muscle', 'tibialis_anterior', (412, 900), 'copy'), ('muscle', 'fibularis', (380, 930), 'copy'),
        ('nerve', 'femoral', (410, 285), 'copy'), ('nerve', 'saphenous', (460, 900), 'copy'), ('nerve', 'lateral_femoral_cutaneous', (344, 420), 'copy'),
        ('nerve', 'obturator', (472, 440), 'copy'), ('nerve', 'sciatic', (405, 500), 'copy'), ('nerve', 'common_fibular', (378, 790), 'copy'),
        ('nerve', 'superficial_fibular', (378, 920), 'copy'), ('nerve', 'deep_fibular', (410, 980), 'copy'),
        ('root', 'L4', (466, 190), 'copy'), ('root', 'L5', (464, 232), 'copy'), ('root', 'S1', (466, 250), 'copy'),
    ]:
        v.add('label', {'kind': kind, 'id': lid, 'mirror': mir, 'at': tuple(v.pt(at))})


def build_anterior():
    v = View('anterior', True)
    v.add('outline', {'id': 'body', 'mirror': 'join', 'comment': 'Skin silhouette (left half in authoring order; mirrored to the viewer\'s right).'}, C.path, closed=False)
    creases = [
        ('inguinal_fold', 'copy', curve((366, 258), (420, 292), (470, 322), (492, 334))),
        ('umbilicus', 'none', ellipse(MID, 62, 4, 6)),
        ('patella_outline', 'copy', ellipse(421, 724, 22, 27)),
        ('medial_malleolus', 'copy', curve((450, 1140), (456, 1155), (450, 1170))),
        ('lateral_malleolus', 'copy', curve((394, 1150), (388, 1168), (394, 1186))),
        ('tibial_crest', 'copy', curve((428, 800), (430, 950), (426, 1080))),
    ]
    for cid, mir, p in creases:
        v.add('outline', {'id': cid, 'style': 'detail', 'mirror': mir}, p, closed=cid in ('umbilicus', 'patella_outline'))
    for aid, mir, lab, pth in body.areas_anterior():
        v.add('area', {'id': aid, 'mirror': mir, 'label': tuple(v.pt(lab))}, pth, closed=(mir != 'join'))
    fill(v)
    return v

