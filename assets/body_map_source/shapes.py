"""Shapes both views draw: rods, vertebrae, leg and foot bones (authoring frame)."""
from lib import *
from body import MID, TOES


# ------------------------------------------------------------------------------------------
# Shape helpers

def rod(a, b, wa, wb, k=0.5):
    """A bone-like rod from a to b with half widths wa, wb and rounded ends."""
    ax, ay = a
    bx, by = b
    d = unit((bx - ax, by - ay))
    n = (-d[1], d[0])
    pa1 = (ax + n[0] * wa, ay + n[1] * wa)
    pa2 = (ax - n[0] * wa, ay - n[1] * wa)
    pb1 = (bx + n[0] * wb, by + n[1] * wb)
    pb2 = (bx - n[0] * wb, by - n[1] * wb)
    ea = (ax - d[0] * wa, ay - d[1] * wa)
    eb = (bx + d[0] * wb, by + d[1] * wb)
    mid1 = ((pa1[0] + pb1[0]) / 2 + n[0] * -0.15 * (wa + wb), (pa1[1] + pb1[1]) / 2 + n[1] * -0.15 * (wa + wb))
    mid2 = ((pa2[0] + pb2[0]) / 2 - n[0] * -0.15 * (wa + wb), (pa2[1] + pb2[1]) / 2 - n[1] * -0.15 * (wa + wb))
    return loop([ea, pa1, mid1, pb1, eb, pb2, mid2, pa2])


def join_half(knots, **kw):
    """Open path from the midline to the midline with horizontal end tangents."""
    return curve(*knots, t0=kw.get('t0', (-1, 0)), t1=kw.get('t1', (1, 0)), k=kw.get('k', 0.36))


def vert_post(yc, tp):
    # Posterior view of a lumbar vertebra (half): spinous process, lamina, transverse process.
    return join_half([
        (MID, yc - 17),
        (490, yc - 17),
        (484, yc - 22),
        (476, yc - 21, 'c'),
        (472, yc - 12),
        (458, yc - 6),
        (tp, yc - 5),
        (tp - 5, yc, 'c'),
        (tp, yc + 5),
        (458, yc + 5),
        (471, yc + 8),
        (476, yc + 17),
        (482, yc + 24, 'c'),
        (490, yc + 20),
        (MID, yc + 19),
    ])


def vert_ant(yc, tp):
    # Anterior view (half): vertebral body with waist, transverse process behind.
    return join_half([
        (MID, yc - 16),
        (476, yc - 17),
        (472, yc - 13, 'c'),
        (470, yc - 6),
        (452, yc - 5),
        (tp, yc - 3),
        (tp - 4, yc + 1, 'c'),
        (tp, yc + 5),
        (452, yc + 5),
        (470, yc + 6),
        (472, yc + 13, 'c'),
        (476, yc + 17),
        (MID, yc + 16),
    ])


def foot_bones(plantar):
    """Metatarsals and phalanges (same rays in both views), plus tarsals."""
    rays = [  # (base, head) of metatarsals 5..1, then toe tips
        ((393, 1300), (386, 1378), 4.5, 5.5),
        ((406, 1320), (403, 1388), 3.5, 5.0),
        ((419, 1322), (421, 1394), 3.5, 5.0),
        ((433, 1322), (439, 1398), 3.8, 5.2),
        ((451, 1318), (464, 1392), 6.0, 8.0),
    ]
    mets = [rod(b, h, wb, wh) for b, h, wb, wh in rays]
    phal = []
    for i, ((b, h, wb, wh), (t, cx, ty, hw)) in enumerate(zip(rays, TOES)):
        # Two phalanges per toe (the small middle and distal phalanges drawn as one).
        tip = (cx, ty - 6)
        start = (h[0] + (cx - h[0]) * 0.15, h[1] + wh + 2.5)
        m = (start[0] + (tip[0] - start[0]) * 0.58, start[1] + (tip[1] - start[1]) * 0.58)
        w = 6.2 if t == 1 else 3.6
        phal.append(rod(start, m, w, w * 0.85))
        phal.append(rod((m[0] + (tip[0] - m[0]) * 0.1, m[1] + (tip[1] - m[1]) * 0.1 + 1.5), tip, w * 0.85, w * 0.8))
    if plantar:
        calc = loop([(406, 1192), (424, 1187), (442, 1192), (448, 1212), (446, 1242), (436, 1272), (420, 1290), (406, 1284), (399, 1258), (398, 1220)])
        tars = [
            loop([(396, 1298), (414, 1300), (418, 1318), (410, 1326), (396, 1322), (392, 1310)]),  # cuboid
            loop([(432, 1290), (452, 1292), (462, 1306), (452, 1316), (434, 1312)]),  # navicular
            loop([(414, 1320), (426, 1318), (427, 1322, 'c'), (427, 1330), (414, 1332)]),
            loop([(429, 1317), (440, 1316), (441, 1330), (429, 1330)]),
            loop([(443, 1316), (458, 1316), (460, 1329), (443, 1330)]),
        ]
        return calc, tars, mets, phal
    talus = loop([(402, 1176), (420, 1170), (442, 1176), (446, 1196), (440, 1230), (426, 1250), (408, 1246), (400, 1222)])
    tars = [
        loop([(430, 1252), (450, 1248), (462, 1262), (456, 1280), (432, 1276)]),  # navicular
        loop([(394, 1238), (408, 1250), (416, 1290), (404, 1300), (392, 1292), (388, 1262)]),  # cuboid & calcaneus front
        loop([(418, 1280), (428, 1280), (429, 1318), (416, 1318)]),
        loop([(431, 1279), (442, 1280), (443, 1316), (431, 1318)]),
        loop([(445, 1280), (459, 1282), (460, 1314), (446, 1316)]),
    ]
    return talus, tars, mets, phal


# ------------------------------------------------------------------------------------------
# Common leg bones (frame coordinates)

def femur(posterior):
    kn = [
        (404, 269), (420, 276), (426, 292), (418, 309), (400, 314), (390, 318),
        (401, 334), (408, 344, 'c'), (399, 358), (397, 450), (402, 560), (410, 636),
        (428, 672), (452, 690), (464, 712), (460, 738), (446, 748),
    ]
    if posterior:
        kn += [(430, 742), (424, 730, 'c'), (416, 742), (396, 750)]
    else:
        kn += [(424, 748), (400, 750)]
    kn += [(382, 738), (378, 712), (388, 672), (382, 600), (376, 480), (368, 360), (355, 330),
           (341, 306), (339, 282), (347, 264), (360, 262), (368, 272), (384, 280), (392, 270)]
    return loop(kn)


def tibia():
    return loop([
        (388, 754), (412, 750), (427, 756, 'c'), (444, 750), (466, 754), (469, 772), (455, 800),
        (444, 880), (440, 1040), (447, 1118), (456, 1148), (454, 1172, 'c'), (441, 1163), (426, 1156), (411, 1152),
        (412, 1100), (415, 1000), (413, 880), (406, 808), (390, 786), (384, 768),
    ])


def fibula():
    return loop([
        (367, 770), (378, 762), (388, 768), (389, 790), (392, 880), (398, 1060), (403, 1128),
        (401, 1168), (392, 1190, 'c'), (384, 1170), (385, 1130), (384, 1020), (379, 880), (376, 800), (369, 787),
    ])
