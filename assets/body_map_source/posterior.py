"""Posterior view layers (authoring frame as is: the patient's left leg at x < 500)."""
from lib import *
import body
from body import C, E, MID, pc
from shapes import *
from writer import View


# ------------------------------------------------------------------------------------------
# Nerves (frame)

ROOT_EXITS_POST = {
    'L4': [(471, 158), (462, 180), (455, 215), (458, 250), (462, 268)],
    'L5': [(471, 197), (463, 218), (459, 245), (462, 268)],
    'S1': [(476, 224), (468, 240), (463, 258), (462, 268)],
    'S2': [(479, 251), (470, 258), (462, 268)],
    'S3': [(483, 276), (471, 276), (462, 268)],
}
PLEXUS = (462, 268)
# The piriformis of the posterior view (left side): the sciatic nerve's variants are cut where
# they cross it.
PIRIFORMIS = loop([(456, 238, 'c'), (425, 243), (392, 252), (366, 262), (354, 268), (357, 274), (374, 276), (402, 279), (434, 287), (464, 300, 'c'), (459, 268)])
BELOW_PIRI = (414, 338)
DIVISION = (415, 640)


def pelvis_post():
    ilium = loop([
        (452, 214, 'c'), (440, 190), (416, 170), (386, 160), (358, 164), (340, 182), (334, 208, 'c'),
        (342, 236), (350, 250, 'c'), (368, 262), (380, 282), (386, 306), (404, 334), (426, 362),
        (442, 381), (459, 376), (476, 360), (497, 352, 'c'), (497, 327, 'c'), (476, 321), (458, 314), (462, 304, 'c'),
        (452, 284), (446, 258), (451, 236),
    ])
    return ilium


def build_posterior():
    v = View('posterior', False)
    # ---- outline
    v.add('outline', {'id': 'body', 'mirror': 'join', 'comment': 'Skin silhouette, lower back to the soles (left half; the right is its mirror).'}, C.path, closed=False)
    creases = [
        ('gluteal_cleft', 'none', line((MID, 318), (MID, 392))),
        ('gluteal_fold', 'copy', curve((488, 406), (462, 422), (428, 428), (398, 418), t0=(-1, 0.6))),
        ('popliteal_crease', 'copy', curve((384, 742), (420, 748), (458, 742))),
        ('achilles', 'copy', curve((410, 1030), (413, 1110), (410, 1180))),
        ('achilles_med', 'copy', curve((438, 1030), (433, 1110), (436, 1180))),
        ('heel_pad', 'copy', curve((394, 1258), (422, 1276), (452, 1258))),
        ('ball_crease', 'copy', curve((382, 1378), (430, 1392), (482, 1386))),
        ('sacral_dimple', 'copy', ellipse(452, 212, 3.5, 2.5)),
    ]
    for cid, mir, p in creases:
        v.add('outline', {'id': cid, 'style': 'detail', 'mirror': mir}, p, closed=cid == 'sacral_dimple')

    # ---- bones
    v.add('bone', {'id': 'femur', 'comment': 'Drawn before the hip bone so the acetabular rim covers the femoral head.'}, femur(True))
    v.add('bone', {'id': 'hip_bone', 'comment': 'Ilium, ischium and pubis (os coxae), posterior view.'}, pelvis_post())
    v.add('bone', {'id': 'obturator_foramen', 'style': 'detail'}, ellipse(474, 337, 13, 9, -25))
    v.add('bone', {'id': 'sacrotuberous_ligament', 'style': 'detail', 'comment': 'Ligaments closing the greater and lesser sciatic foramina.'},
          [curve((470, 300), (458, 334), (446, 372)), curve((484, 322), (466, 350), (450, 376))], closed=False)
    v.add('bone', {'id': 'sacrospinous_ligament', 'style': 'detail'}, [curve((478, 312), (470, 306), (462, 304))], closed=False)
    v.add('bone', {'id': 'sacrum', 'mirror': 'join'}, join_half([(MID, 206), (478, 205), (449, 211, 'c'), (452, 242), (462, 282), (476, 312), (490, 332), (MID, 339)]))
    v.add('bone', {'id': 'sacral_foramina', 'style': 'detail'}, [ellipse(476, 224, 6, 5), ellipse(480, 251, 5.5, 4.5), ellipse(484, 276, 4.5, 4), ellipse(489, 299, 4, 3.5)])
    v.add('bone', {'id': 'median_sacral_crest', 'style': 'detail', 'mirror': 'none'}, curve((MID, 214), (MID, 320)), closed=False)
    v.add('bone', {'id': 'coccyx', 'mirror': 'join'}, join_half([(MID, 342), (491, 344), (492, 356), (496, 365), (MID, 371)], t1=(1, 0.6)))
    for name, yc, tp in [('L3', 72, 432), ('L4', 112, 436), ('L5', 152, 442)]:
        v.add('bone', {'id': name, 'mirror': 'join'}, vert_post(yc + 30, tp))
        v.add('bone', {'id': name, 'part': 'spinous', 'mirror': 'none', 'style': 'detail'}, ellipse(MID, yc + 30, 6, 12))
    v.add('bone', {'id': 'tibia'}, tibia())
    v.add('bone', {'id': 'fibula'}, fibula())
    calc, tars, mets, phal = foot_bones(True)
    v.add('bone', {'id': 'calcaneus'}, calc)
    v.add('bone', {'id': 'tarsals'}, tars)
    v.add('bone', {'id': 'metatarsals'}, mets)
    v.add('bone', {'id': 'phalanges'}, phal)

    # ---- muscles
    v.add('muscle', {'id': 'quadratus_lumborum', 'style': 'fill'}, loop([(468, 40, 'c'), (432, 40, 'c'), (424, 100), (416, 166, 'c'), (440, 176), (463, 174, 'c'), (470, 120)]))
    v.add('muscle', {'id': 'gluteus_medius', 'style': 'fill'}, loop([(448, 206, 'c'), (420, 176), (380, 163), (350, 172), (336, 200), (340, 236), (352, 262, 'c'), (384, 250), (420, 230)]))
    v.add('muscle', {'id': 'piriformis', 'style': 'deep'}, PIRIFORMIS)
    v.add('muscle', {'id': 'obturator_internus_gemelli', 'style': 'deep'}, loop([(459, 305, 'c'), (420, 301), (386, 294), (364, 290), (356, 293), (364, 299), (392, 305), (428, 314), (460, 321, 'c'), (464, 313)]))
    v.add('muscle', {'id': 'piriformis', 'part': 'fibres', 'style': 'detail'}, [curve((456, 250), (410, 258), (364, 267)), curve((458, 266), (412, 266), (364, 270)), curve((460, 284), (414, 276), (366, 272))], closed=False)
    v.add('muscle', {'id': 'obturator_internus_gemelli', 'part': 'fibres', 'style': 'detail'}, [curve((456, 310), (410, 302), (366, 294)), curve((456, 316), (412, 309), (368, 297))], closed=False)
    v.add('muscle', {'id': 'gluteus_maximus', 'style': 'superficial', 'comment': 'Drawn as a veil so piriformis and the sciatic nerve show through.'}, loop([(448, 208, 'c'), (470, 290), (494, 352, 'c'), (470, 392), (430, 418), (380, 426), (346, 408, 'c'), (336, 360), (338, 300), (350, 250), (395, 222)]))
    v.add('muscle', {'id': 'hamstrings', 'part': 'biceps_femoris', 'style': 'fill'}, loop([(436, 380, 'c'), (422, 430), (408, 520), (396, 610), (386, 668), (379, 720), (377, 768, 'c'), (369, 760), (367, 700), (370, 620), (374, 540), (388, 440)]))
    v.add('muscle', {'id': 'hamstrings', 'part': 'semitendinosus_semimembranosus', 'style': 'fill'}, loop([(446, 381, 'c'), (462, 450), (472, 550), (474, 640), (470, 700), (466, 760), (463, 792, 'c'), (455, 780), (452, 720), (446, 640), (436, 550), (430, 450)]))
    v.add('muscle', {'id': 'gastrocnemius_soleus', 'part': 'soleus', 'style': 'fill'}, loop([(384, 800), (420, 808), (462, 800), (470, 880), (456, 980), (436, 1040, 'c'), (412, 1040, 'c'), (384, 960), (368, 870)]))
    v.add('muscle', {'id': 'gastrocnemius_soleus', 'part': 'lateral_head', 'style': 'fill'}, loop([(386, 712), (398, 705), (410, 716), (418, 790), (418, 860), (412, 930), (404, 962, 'c'), (386, 920), (369, 850), (369, 770), (374, 724)]))
    v.add('muscle', {'id': 'gastrocnemius_soleus', 'part': 'medial_head', 'style': 'fill'}, loop([(444, 708), (458, 701), (469, 714), (476, 790), (478, 870), (466, 950), (446, 990, 'c'), (428, 930), (424, 850), (428, 780), (436, 722)]))
    v.add('muscle', {'id': 'gastrocnemius_soleus', 'part': 'achilles', 'style': 'tendon'}, loop([(414, 1000, 'c'), (436, 1000, 'c'), (430, 1100), (433, 1182, 'c'), (413, 1182, 'c'), (417, 1100)]))

    # Fibre-direction lines: a few faint strokes per muscle make the schematic read as muscle.
    v.add('muscle', {'id': 'gluteus_medius', 'part': 'fibres', 'style': 'detail'}, [curve((430, 200), (395, 222), (358, 256)), curve((400, 178), (372, 210), (354, 254)), curve((364, 172), (350, 210), (350, 252))], closed=False)
    v.add('muscle', {'id': 'gluteus_maximus', 'part': 'fibres', 'style': 'detail'}, [curve((455, 240), (410, 285), (352, 330)), curve((466, 285), (420, 330), (352, 372)), curve((480, 330), (430, 372), (360, 400))], closed=False)
    v.add('muscle', {'id': 'hamstrings', 'part': 'fibres', 'style': 'detail'}, [curve((428, 400), (398, 560), (378, 700)), curve((438, 410), (452, 560), (458, 700)), curve((444, 420), (463, 560), (466, 680))], closed=False)
    v.add('muscle', {'id': 'gastrocnemius_soleus', 'part': 'fibres', 'style': 'detail'}, [curve((390, 730), (380, 840), (396, 935)), curve((402, 740), (408, 850), (406, 930)), curve((456, 725), (466, 850), (452, 960)), curve((444, 735), (440, 860), (436, 950))], closed=False)
    v.add('muscle', {'id': 'quadratus_lumborum', 'part': 'fibres', 'style': 'detail'}, [curve((440, 60), (434, 120), (430, 165)), curve((456, 60), (454, 120), (452, 170))], closed=False)

    # ---- nerves
    for root, pts in ROOT_EXITS_POST.items():
        v.add('nerve', {'root': root, 'width': 5.0 if root != 'S3' else 4.0}, curve(*pts, t1=(-0.5, 1)), closed=False)
    # The course past the piriformis (Beaton and Anson types; Smoljanović 2015, Poutoglidou
    # 2020): one undivided nerve below the muscle (usual); divided before the muscle, the common
    # fibular part through it and the tibial part below (the commonest variant); divided, the
    # fibular part above the muscle and the tibial part below; the whole nerve through the
    # muscle (rare). The strands of a divided nerve leave the plexus apart and meet again below
    # the muscle, where the shared course starts. Where a strand is out of sight from behind
    # (within the muscle, or in front of it on its way up to the upper border) it is `hidden`:
    # the window leaves it out, so the strand dives into the muscle and comes out of it, and the
    # SVG draws it dashed. The fibular part that leaves above the muscle then runs down behind it
    # (drawn over it) to the tibial part.
    below_knots = (PLEXUS, (458, 296), (438, 312), BELOW_PIRI)
    below = dict(t0=(-0.2, 1), t1=(-0.3, 1))
    through_knots = (PLEXUS, (446, 272), (430, 282), (422, 304), BELOW_PIRI)
    through = dict(t0=(-1, 0.1), t1=(-0.2, 1))
    above_knots = (PLEXUS, (452, 250), (444, 226), (432, 228), (424, 252), (418, 296), BELOW_PIRI)
    above = dict(t0=(-1, -0.8), t1=(-0.1, 1))
    piri = polygon(PIRIFORMIS)

    def strand(part, variant, width, knots, tangents):
        """One strand: its visible pieces in one record, the pieces hidden by the muscle in a
        second (`<part>_hidden`). A piece counts as hidden when it lies within the muscle's
        outline and it is not the part that runs down behind the muscle from above."""
        pieces = split_by_region(curve(*knots, **tangents), piri)
        seen_above = False
        runs = []  # (path, hidden), neighbours with the same flag joined
        for path, within in pieces:
            if not within and path.end()[1] < 245:
                seen_above = True
            flag = within and not seen_above
            if runs and runs[-1][1] == flag:
                runs[-1] = (runs[-1][0] + path, flag)
            else:
                runs.append((path, flag))
        shown = [p for p, flag in runs if not flag]
        hidden = [p for p, flag in runs if flag]
        v.add('nerve', {'id': 'sciatic', 'part': part, 'variant': variant, 'width': width}, shown, closed=False)
        if hidden:
            v.add('nerve', {'id': 'sciatic', 'part': part + '_hidden', 'variant': variant, 'width': width, 'hidden': True}, hidden, closed=False)

    v.add('nerve', {'id': 'sciatic', 'part': 'piriformis', 'variant': 'below', 'width': 9.0, 'comment': 'The course past the piriformis: below (usual), divided with the fibular part through or above, whole nerve through (rare).'},
          curve(*below_knots, **below), closed=False)
    v.add('nerve', {'id': 'sciatic', 'part': 'tibial_division', 'variant': 'divided_through', 'width': 6.5}, curve(*below_knots, **below), closed=False)
    strand('fibular_division', 'divided_through', 5.0, through_knots, through)
    v.add('nerve', {'id': 'sciatic', 'part': 'tibial_division', 'variant': 'divided_above', 'width': 6.5}, curve(*below_knots, **below), closed=False)
    strand('fibular_division', 'divided_above', 5.0, above_knots, above)
    strand('piriformis', 'whole_through', 9.0, through_knots, through)
    v.add('nerve', {'id': 'sciatic', 'width': 9.0}, curve(BELOW_PIRI, (406, 380), (402, 450), (406, 540), DIVISION, t0=(-0.3, 1)), closed=False)
    v.add('nerve', {'id': 'tibial', 'width': 6.5}, curve(DIVISION, (421, 700), (424, 780), (428, 880), (432, 1000), (440, 1100), (449, 1160), (449, 1204), t1=(-0.1, 1)), closed=False)
    v.add('nerve', {'id': 'common_fibular', 'width': 5.0}, curve(DIVISION, (404, 690), (391, 740), (380, 776), (375, 796), t1=(-0.2, 1)), closed=False)
    v.add('nerve', {'id': 'sural', 'width': 3.0}, curve((423, 760), (418, 850), (412, 960), (400, 1080), (394, 1150), (388, 1230), (382, 1320), (385, 1395)), closed=False)
    v.add('nerve', {'id': 'sural', 'part': 'communicating', 'width': 2.2}, curve((386, 756), (394, 840), (412, 960)), closed=False)
    v.add('nerve', {'id': 'medial_calcaneal', 'width': 2.5}, curve((449, 1168), (436, 1196), (418, 1226), t0=(-0.3, 1)), closed=False)
    v.add('nerve', {'id': 'medial_plantar', 'width': 3.5}, curve((449, 1204), (458, 1250), (461, 1310), (464, 1360), (466, 1420), t0=(0.2, 1)), closed=False)
    v.add('nerve', {'id': 'medial_plantar', 'part': 'digital', 'width': 2.0}, [curve((461, 1330), (448, 1370), (441, 1425)), curve((455, 1310), (434, 1360), (423, 1420))], closed=False)
    v.add('nerve', {'id': 'lateral_plantar', 'width': 3.2}, curve((449, 1204), (436, 1250), (412, 1300), (398, 1350), (390, 1405), t0=(-0.3, 1)), closed=False)
    v.add('nerve', {'id': 'lateral_plantar', 'part': 'digital', 'width': 2.0}, curve((398, 1340), (403, 1380), (405, 1418)), closed=False)
    v.add('nerve', {'id': 'superior_gluteal', 'sciatic': False, 'width': 2.6, 'comment': 'Above the piriformis to gluteus medius and minimus.'}, curve((461, 252), (440, 238), (408, 232), (378, 236), (356, 230)), closed=False)
    v.add('nerve', {'id': 'inferior_gluteal', 'sciatic': False, 'width': 2.6, 'comment': 'Below the piriformis to gluteus maximus.'}, curve((462, 284), (466, 304), (460, 326), (446, 346)), closed=False)
    v.add('nerve', {'id': 'posterior_femoral_cutaneous', 'width': 3.0}, curve((452, 300), (436, 340), (426, 400), (428, 520), (424, 640), (424, 740), (422, 800), t0=(-0.3, 1)), closed=False)

    # ---- dermatomes (posterior): bands of the posterior rami over the back, the sacral
    # dermatomes over buttock, thigh and calf, the foot's sole.
    top_mid, top_lat = C.pt('top_mid'), C.pt('top_lat')
    k100 = Path(pc('top_lat', 'crest_lat').segs[:1])  # contour top_lat -> (352, 100)
    k100b = Path(pc('crest_lat', 'hip_top').segs)  # crest_lat -> hip_top
    # Posterior rami of L1-L3: bands sloping down and out over the lumbar region to the upper
    # buttock (Lee 2008).
    hip_upper = Path(pc('hip_top', 'hip_bot').segs[:2])  # hip_top -> (319, 330)
    v.add('dermatome', {'root': 'L1'}, region(pc('top_mid', 'top_lat'), pc('top_lat', 'crest_lat'), curve(C.pt('crest_lat'), (420, 128), (MID, 104), t1=(1, -0.12)), line((MID, 104), top_mid)))
    v.add('dermatome', {'root': 'L2'}, region(line((MID, 96), (MID, 168)), curve((MID, 168), (420, 192), C.pt('hip_top'), t0=(-1, 0.12)), pc('hip_top', 'crest_lat'), curve(C.pt('crest_lat'), (420, 120), (MID, 96), t1=(1, -0.12))))
    v.add('dermatome', {'root': 'L3'}, region(line((MID, 160), (MID, 236)), curve((MID, 236), (430, 258), (372, 292), hip_upper.end(), t0=(-1, 0.12)), hip_upper.rev(), curve(C.pt('hip_top'), (420, 184), (MID, 160), t1=(1, -0.12))))
    v.add('dermatome', {'root': 'S3'}, region(curve((MID, 296), (466, 300), (440, 340), (438, 400), (462, 432), (490, 418), C.pt('crotch'), t0=(-1, 0.1)), line(C.pt('crotch'), (MID, 296))))
    v.add('dermatome', {'root': 'S4-5', 'mirror': 'join'}, join_half([(MID, 354), (484, 364), (480, 384), (488, 398), C.pt('crotch')], t0=(-1, 0.2), t1=(1, 0.3)))
    v.add('dermatome', {'root': 'S2'}, loop([(436, 418), (454, 428), (448, 520), (440, 640), (452, 720), (456, 800), (444, 880), (422, 930), (400, 880), (392, 800), (398, 720), (410, 640), (424, 520)]))
    s1_lat = pc('knee_top_lat', 'n34')
    v.add('dermatome', {'root': 'S1'}, region(s1_lat, curve(C.pt('n34'), (412, 1360), (420, 1300), (440, 1270), (442, 1220), (424, 1120), (418, 1000), (410, 880), (394, 800), (388, 720), C.pt('knee_top_lat'))))
    v.add('dermatome', {'root': 'L5'}, region(pc('n34', 'toe1_r'), curve(C.pt('toe1_r'), (472, 1380), (470, 1330), (458, 1292), (438, 1276), (418, 1310), (410, 1370), C.pt('n34'))))
    v.add('dermatome', {'root': 'L4'}, region(pc('toe1_r', 'knee_bot_med'), curve(C.pt('knee_bot_med'), (462, 880), (452, 1000), (446, 1100), (452, 1200), (461, 1300), (473, 1380), C.pt('toe1_r'))))

    # ---- cutaneous territories
    v.add('cutaneous', {'nerve': 'superior_cluneal'}, region(pc('crest_lat', 'hip_top'), hip_upper, curve(hip_upper.end(), (362, 306), (408, 302), (438, 270), (446, 210)), curve((446, 210), (400, 190), C.pt('crest_lat'))))
    v.add('cutaneous', {'nerve': 'middle_cluneal'}, loop([(448, 214), (462, 260), (478, 316), (462, 330), (440, 300), (432, 250)]))
    v.add('cutaneous', {'nerve': 'posterior_femoral_cutaneous'}, loop([(362, 338), (410, 322), (452, 334), (476, 392), (466, 480), (462, 640), (458, 760), (452, 860), (420, 900), (392, 860), (384, 760), (376, 640), (366, 480)]))
    v.add('cutaneous', {'nerve': 'pudendal', 'mirror': 'join'}, join_half([(MID, 345), (480, 360), (472, 388), (482, 402), C.pt('crotch')], t0=(-1, 0.3), t1=(1, 0)))
    v.add('cutaneous', {'nerve': 'lateral_femoral_cutaneous'}, region(pc('hip_bot', 'knee_top_lat'), curve(C.pt('knee_top_lat'), (372, 640), (368, 520), (350, 420), C.pt('hip_bot'))))
    v.add('cutaneous', {'nerve': 'obturator'}, loop([(470, 450), (484, 460), (482, 560), (476, 640), (468, 600), (466, 520)]))
    cf = Path(pc('knee_bot_lat', 'ankle_top_lat').segs[:2])
    v.add('cutaneous', {'nerve': 'common_fibular'}, region(cf, curve(cf.end(), (384, 900), (388, 820), C.pt('knee_bot_lat'))))
    su = Path(pc('knee_bot_lat', 'n45').segs[2:])
    v.add('cutaneous', {'nerve': 'sural'}, region(su, curve(C.pt('n45'), (398, 1330), (400, 1250), (410, 1180), (410, 1080), (404, 960), su.start())))
    v.add('cutaneous', {'nerve': 'saphenous'}, region(pc('ankle_bot_med', 'knee_bot_med'), curve(C.pt('knee_bot_med'), (462, 880), (450, 1000), (444, 1120), C.pt('ankle_bot_med'))))
    v.add('cutaneous', {'nerve': 'medial_calcaneal'}, region(E['hb_lat'], E['hb_med'], pc('heel_bot_med', 'ankle_bot_med'), curve(C.pt('ankle_bot_med'), (436, 1200), (410, 1200), C.pt('ankle_bot_lat')), pc('ankle_bot_lat', 'heel_bot_lat')))
    v.add('cutaneous', {'nerve': 'medial_plantar'}, region(pc('n34', 'heel_bot_med'), curve(C.pt('heel_bot_med'), (440, 1290), (424, 1330), (420, 1390), C.pt('n34'))))
    v.add('cutaneous', {'nerve': 'lateral_plantar'}, region(pc('heel_bot_lat', 'n34'), curve(C.pt('n34'), (420, 1390), (424, 1330), (440, 1290), C.pt('heel_bot_med')), E['hb_med'].rev(), E['hb_lat'].rev()))

    # ---- pain areas
    for aid, mir, lab, p in body.areas_posterior():
        v.add('area', {'id': aid, 'mirror': mir, 'label': tuple(v.pt(lab))}, p, closed=(mir != 'join'))

    # ---- key points
    for root, at, mir in [('S1', (393, 1228), 'copy'), ('S2', (420, 742), 'copy'), ('S3', (446, 392), 'copy'), ('S4-5', (MID, 388), 'none')]:
        v.add('key_point', {'root': root, 'mirror': mir, 'at': tuple(v.pt(at))})

    # ---- labels
    for kind, lid, at, mir in [
        ('bone', 'L4', (440, 142), 'none'), ('bone', 'L5', (446, 182), 'none'), ('bone', 'sacrum', (MID, 300), 'none'),
        ('bone', 'coccyx', (MID, 362), 'none'), ('bone', 'hip_bone', (380, 190), 'copy'), ('bone', 'femur', (388, 500), 'copy'),
        ('bone', 'tibia', (428, 1000), 'copy'), ('bone', 'fibula', (390, 1000), 'copy'), ('bone', 'calcaneus', (422, 1230), 'copy'),
        ('muscle', 'quadratus_lumborum', (440, 90), 'copy'), ('muscle', 'gluteus_medius', (380, 200), 'copy'),
        ('muscle', 'gluteus_maximus', (372, 380), 'copy'), ('muscle', 'piriformis', (392, 264), 'copy'),
        ('muscle', 'obturator_internus_gemelli', (400, 302), 'copy'), ('muscle', 'hamstrings', (384, 600), 'copy'),
        ('muscle', 'gastrocnemius_soleus', (450, 880), 'copy'),
        ('nerve', 'sciatic', (405, 480), 'copy'), ('nerve', 'tibial', (430, 960), 'copy'), ('nerve', 'common_fibular', (384, 752), 'copy'),
        ('nerve', 'sural', (402, 1060), 'copy'), ('nerve', 'posterior_femoral_cutaneous', (426, 560), 'copy'),
        ('nerve', 'medial_calcaneal', (434, 1215), 'copy'), ('nerve', 'medial_plantar', (461, 1320), 'copy'), ('nerve', 'lateral_plantar', (404, 1320), 'copy'),
        ('nerve', 'superior_gluteal', (392, 233), 'copy'), ('nerve', 'inferior_gluteal', (458, 330), 'copy'),
        ('root', 'L4', (462, 180), 'copy'), ('root', 'L5', (462, 218), 'copy'), ('root', 'S1', (468, 240), 'copy'), ('root', 'S2', (471, 258), 'copy'), ('root', 'S3', (474, 276), 'copy'),
    ]:
        v.add('label', {'kind': kind, 'id': lid, 'mirror': mir, 'at': tuple(v.pt(at))})
    return v
