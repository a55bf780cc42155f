"""Geometry helpers for generating body_map.toml: smooth splines, shared edges, regions."""
import math

R = lambda v: round(v * 10) / 10.0


def P(x, y):
    return (R(x), R(y))


def sub(a, b):
    return (a[0] - b[0], a[1] - b[1])


def add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def mul(a, k):
    return (a[0] * k, a[1] * k)


def length(a):
    return math.hypot(a[0], a[1])


def unit(a):
    l = length(a)
    return (a[0] / l, a[1] / l) if l > 1e-9 else (0.0, 0.0)


class Path:
    """A list of segments: ('C', p0, c1, c2, p3) or ('L', p0, p3)."""

    def __init__(self, segs):
        self.segs = list(segs)

    def start(self):
        return self.segs[0][1]

    def end(self):
        return self.segs[-1][-1]

    def rev(self):
        out = []
        for s in reversed(self.segs):
            if s[0] == 'L':
                out.append(('L', s[2], s[1]))
            else:
                out.append(('C', s[4], s[3], s[2], s[1]))
        return Path(out)

    def __add__(self, other):
        assert close(self.end(), other.start()), f"gap {self.end()} -> {other.start()}"
        return Path(self.segs + other.segs)

    def map(self, f):
        out = []
        for s in self.segs:
            out.append((s[0],) + tuple(f(p) for p in s[1:]))
        return Path(out)

    def d(self, closed=False):
        return to_d([self], closed)


def close(a, b, eps=0.05):
    return abs(a[0] - b[0]) < eps and abs(a[1] - b[1]) < eps


def fmt(v):
    s = f"{v:.1f}"
    if s.endswith('.0'):
        s = s[:-2]
    if s == '-0':
        s = '0'
    return s


def to_d(paths, closed):
    parts = []
    for p in paths:
        cur = [f"M {fmt(p.start()[0])} {fmt(p.start()[1])}"]
        for s in p.segs:
            if s[0] == 'L':
                cur.append(f"L {fmt(s[2][0])} {fmt(s[2][1])}")
            else:
                cur.append("C " + " ".join(f"{fmt(q[0])} {fmt(q[1])}" for q in s[2:]))
        if closed:
            cur.append("Z")
        parts.append(" ".join(cur))
    return " ".join(parts)


def smooth(knots, k=0.36, closed=False, t0=None, t1=None):
    """Smooth spline through knots.

    knots: list of (x, y) or (x, y, flag) where flag is 'c' (corner), 'l' (straight line to
    next knot) or a tangent direction (dx, dy). Returns (Path, list of knot points).
    """
    pts = []
    flags = []
    for kn in knots:
        pts.append(P(kn[0], kn[1]))
        flags.append(kn[2] if len(kn) > 2 else None)
    n = len(pts)

    def tangent(i, side):
        f = flags[i]
        if isinstance(f, tuple):
            return unit(f)
        if closed:
            prev, nxt = pts[(i - 1) % n], pts[(i + 1) % n]
        else:
            if i == 0:
                if t0 is not None:
                    return unit(t0)
                return unit(sub(pts[1], pts[0]))
            if i == n - 1:
                if t1 is not None:
                    return unit(t1)
                return unit(sub(pts[-1], pts[-2]))
            prev, nxt = pts[i - 1], pts[i + 1]
        if f == 'c':
            return unit(sub(nxt, pts[i])) if side == 'out' else unit(sub(pts[i], prev))
        return unit(sub(nxt, prev))

    segs = []
    count = n if closed else n - 1
    for i in range(count):
        a, b = pts[i], pts[(i + 1) % n]
        if flags[i] == 'l':
            segs.append(('L', a, b))
            continue
        L = length(sub(b, a)) * k
        ta = tangent(i, 'out')
        tb = tangent((i + 1) % n, 'in')
        segs.append(('C', a, P(*add(a, mul(ta, L))), P(*add(b, mul(tb, -L))), b))
    return Path(segs), pts


class Contour:
    """A named-knot smooth path whose pieces between named knots can be shared by regions."""

    def __init__(self, knots, **kw):
        names = []
        raw = []
        for kn in knots:
            if isinstance(kn[0], str) or kn[0] is None:
                names.append(kn[0])
                raw.append(kn[1:])
            else:
                names.append(None)
                raw.append(kn)
        self.path, self.pts = smooth(raw, **kw)
        self.idx = {nm: i for i, nm in enumerate(names) if nm}

    def pt(self, name):
        return self.pts[self.idx[name]]

    def piece(self, a, b):
        i, j = self.idx[a], self.idx[b]
        if i < j:
            return Path(self.path.segs[i:j])
        return Path(self.path.segs[j:i]).rev()


def region(*parts):
    p = parts[0]
    for q in parts[1:]:
        p = p + q
    assert close(p.start(), p.end()), f"region not closed {p.start()} {p.end()}"
    return p


def mirror_x(path, mid=500.0):
    return path.map(lambda q: (R(2 * mid - q[0]), q[1]))


def ellipse(cx, cy, rx, ry, rot=0.0):
    """Closed ellipse as 4 cubics (kappa approximation)."""
    kk = 0.5523
    c, s = math.cos(math.radians(rot)), math.sin(math.radians(rot))

    def T(x, y):
        return P(cx + x * c - y * s, cy + x * s + y * c)

    pts = [(rx, 0), (0, ry), (-rx, 0), (0, -ry)]
    segs = []
    for i in range(4):
        a = pts[i]
        b = pts[(i + 1) % 4]
        # tangent at a is perpendicular; handles along axis directions
        ca = (a[0] - kk * a[1] / ry * rx if ry else a[0], a[1] + kk * a[0] / rx * ry if rx else a[1])
        cb = (b[0] + kk * b[1] / ry * rx if ry else b[0], b[1] - kk * b[0] / rx * ry if rx else b[1])
        segs.append(('C', T(*a), T(*ca), T(*cb), T(*b)))
    return Path(segs)


def loop(knots, k=0.36):
    """Closed smooth shape."""
    return smooth(knots, k=k, closed=True)[0]


def line(*pts):
    segs = []
    for a, b in zip(pts, pts[1:]):
        segs.append(('L', P(*a), P(*b)))
    return Path(segs)


def curve(*knots, k=0.36, t0=None, t1=None):
    return smooth(knots, k=k, t0=t0, t1=t1)[0]


def bez(seg, t):
    """Point at parameter t of a segment ('C' cubic or 'L' line)."""
    if seg[0] == 'L':
        a, b = seg[1], seg[2]
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
    p0, p1, p2, p3 = seg[1:]
    u = 1 - t
    return tuple(u**3 * p0[j] + 3 * u * u * t * p1[j] + 3 * u * t * t * p2[j] + t**3 * p3[j] for j in range(2))


def split_seg(seg, t):
    """Two segments, before and after parameter t (de Casteljau)."""
    if seg[0] == 'L':
        m = P(*bez(seg, t))
        return ('L', seg[1], m), ('L', m, seg[2])
    p0, p1, p2, p3 = seg[1:]
    lerp = lambda a, b: (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
    a, b, c = lerp(p0, p1), lerp(p1, p2), lerp(p2, p3)
    d, e = lerp(a, b), lerp(b, c)
    m = P(*lerp(d, e))
    return ('C', p0, P(*a), P(*d), m), ('C', m, P(*e), P(*c), p3)


def polygon(path, steps=32):
    """A closed path flattened to points (for inside tests)."""
    return [bez(s, i / steps) for s in path.segs for i in range(steps)]


def inside(poly, p):
    x, y = p
    c = False
    for i in range(len(poly)):
        a, b = poly[i], poly[i - 1]
        if (a[1] > y) != (b[1] > y) and x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]:
            c = not c
    return c


def split_by_region(path, poly, steps=200):
    """The path cut where it crosses the outline `poly`: a list of (Path, inside) pieces in
    order, each crossing found to a small fraction of a model unit."""
    pieces, cur = [], []
    state = inside(poly, path.start())
    for seg in path.segs:
        rest, t_done = seg, 0.0
        i = 1
        while i <= steps:
            t = i / steps
            if inside(poly, bez(seg, t)) != state:
                lo, hi = (i - 1) / steps, t
                for _ in range(30):
                    mid = (lo + hi) / 2
                    if inside(poly, bez(seg, mid)) == state:
                        lo = mid
                    else:
                        hi = mid
                # Split `rest` (which starts at t_done) at the crossing.
                a, rest = split_seg(rest, (hi - t_done) / (1 - t_done))
                cur.append(a)
                pieces.append((Path(cur), state))
                cur, state, t_done = [], not state, hi
            i += 1
        cur.append(rest)
    pieces.append((Path(cur), state))
    return pieces
