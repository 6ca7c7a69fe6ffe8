"""Draw the posed base figures (static/panels/parts/figure-*-<pose>.svg) and their manifest entries.

Run: python tools/draw_poses.py FRAGMENT.json  — writes the SVGs and a manifest fragment
({"parts": [...]}) with each pose's own head anchor. The standing figures are hand-made and
stay as they are; every pose here uses the same body style (capsule limbs, round hands,
rounded torso, stroke 5).
"""
import json
import math
import sys
from pathlib import Path

PARTS = Path(__file__).resolve().parent.parent / "static" / "panels" / "parts"

# Body measures per figure size, in the 200-unit box (taken from the standing figures).
ADULT = {"head": 28, "W": 56, "H": 61, "arm": (28, 28), "aw": 7, "hand": 8,
         "leg": (23, 23), "lw": 10, "shoe": 13, "sw": 5.5, "sh": 12, "hip": 12}
CHILD = {"shoe_off": 2, "rest": 45, "head": 30, "W": 46, "H": 38, "arm": (18, 18), "aw": 6,
         "hand": 7,
         "leg": (13, 13), "lw": 8, "shoe": 11, "sw": 5, "sh": 10, "hip": 10}


def _f(v):
    t = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if t in ("-0", "") else t


def _dir(angle):
    """Unit vector for an angle in degrees: 0 points down, 90 to the viewer's right."""
    a = math.radians(angle)
    return math.sin(a), math.cos(a)


class Figure:
    def __init__(self, m, rotate=0.0, pivot=(100, 100), shift=(0, 0)):
        self.m, self.shapes = m, []
        self.rot, self.pivot, self.shift = rotate, pivot, shift

    def t(self, p):
        a = math.radians(self.rot)
        x, y = p[0] - self.pivot[0], p[1] - self.pivot[1]
        return (x * math.cos(a) - y * math.sin(a) + self.pivot[0] + self.shift[0],
                x * math.sin(a) + y * math.cos(a) + self.pivot[1] + self.shift[1])

    def limb(self, points, w):
        pts = [self.t(p) for p in points]
        left, right = [], []
        for i, p in enumerate(pts):
            normals = []
            for j in (i - 1, i):
                if 0 <= j < len(pts) - 1:
                    dx, dy = pts[j + 1][0] - pts[j][0], pts[j + 1][1] - pts[j][1]
                    d = math.hypot(dx, dy)
                    normals.append((-dy / d, dx / d))
            nx = sum(n[0] for n in normals)
            ny = sum(n[1] for n in normals)
            d = math.hypot(nx, ny)
            nx, ny = nx / d, ny / d
            k = w / max(0.35, nx * normals[0][0] + ny * normals[0][1])
            left.append((p[0] + nx * k, p[1] + ny * k))
            right.append((p[0] - nx * k, p[1] - ny * k))
        d = " L ".join(f"{_f(x)} {_f(y)}" for x, y in left)
        back = " L ".join(f"{_f(x)} {_f(y)}" for x, y in reversed(right))
        self.shapes.append(
            f'<path d="M {d} A {_f(w)} {_f(w)} 0 0 0 {back} '
            f'A {_f(w)} {_f(w)} 0 0 0 {_f(left[0][0])} {_f(left[0][1])} Z" fill="#fff"/>')

    def circle(self, c, r):
        x, y = self.t(c)
        self.shapes.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="#fff"/>')

    def torso(self, top, angle):
        """The rounded trunk from the neck point `top`, leaning `angle` (0 upright)."""
        m = self.m
        w, h = m["W"] / 2, m["H"]
        local = [("M", (-w + 14, 0)), ("L", (w - 14, 0)), ("Q", (w, 0), (w, 16)),
                 ("L", (w - 6, h)), ("L", (-w + 6, h)), ("L", (-w, 16)),
                 ("Q", (-w, 0), (-w + 14, 0))]
        a = math.radians(-angle)
        parts = []
        for cmd, *pts in local:
            out = []
            for x, y in pts:
                p = (top[0] + x * math.cos(a) - y * math.sin(a),
                     top[1] + x * math.sin(a) + y * math.cos(a))
                q = self.t(p)
                out.append(f"{_f(q[0])} {_f(q[1])}")
            parts.append(f"{cmd} {' '.join(out)}")
        self.shapes.append(f'<path d="{" ".join(parts)} Z" fill="#fff"/>')

    def svg(self, title):
        body = "\n    ".join(self.shapes)
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">\n'
                f"  <title>{title}</title>\n"
                '  <g fill="#fff" stroke="#000" stroke-width="5" stroke-linecap="round" '
                'stroke-linejoin="round">\n'
                f"    {body}\n  </g>\n</svg>\n")


def _local(top, angle, x, y):
    a = math.radians(-angle)
    return (top[0] + x * math.cos(a) - y * math.sin(a), top[1] + x * math.sin(a) + y * math.cos(a))


def _chain(start, lengths, angles):
    pts, p, total = [start], start, 0
    for length, a in zip(lengths, angles):
        total += a
        d = _dir(total)
        p = (p[0] + d[0] * length, p[1] + d[1] * length)
        pts.append(p)
    return pts


def build(m, pose, rotate=0.0, pivot=(100, 100), shift=(0, 0)):
    """pose: top (neck point), lean, arms [(upper, elbow bend)] for the viewer's left and right
    arm, legs [(upper, knee bend)], `front` (which limbs go over the trunk), `hands` override."""
    f = Figure(m, rotate, pivot, shift)
    top, lean = pose["top"], pose.get("lean", 0)
    w = m["W"] / 2
    shoulders = [_local(top, lean, -w + 12, 12), _local(top, lean, w - 12, 12)]
    hip = pose.get("hip", m["hip"])
    hips = [_local(top, lean, -hip, m["H"] - 6), _local(top, lean, hip, m["H"] - 6)]
    arms = [pose.get("arm_pts", [None, None])[i] or
            _chain(shoulders[i], m["arm"], pose["arms"][i]) for i in range(2)]
    legs = [pose.get("leg_pts", [None, None])[i] or
            _chain(hips[i], m["leg"], pose["legs"][i]) for i in range(2)]
    front = pose.get("front", set())
    for i in (0, 1):   # an arm over the trunk covers its edge: no thin slivers beside it
        if f"arm{i}" in front:
            sgn = -1 if i == 0 else 1
            arms[i] = [_local(top, lean, sgn * (w - 12 + m["aw"] - 1), 15)] + arms[i][1:]

    def draw_leg(i):
        pts = legs[i]
        f.limb(pts, m["lw"])
        # the shoe points away from the body (outward when facing us, forward in profile)
        side = pose.get("feet", ["out", "out"])[i]
        dx, dy = pts[-1][0] - pts[-2][0], pts[-1][1] - pts[-2][1]
        d = math.hypot(dx, dy)
        px, py = -dy / d, dx / d   # left-hand normal
        if side == "out":
            sgn = -1 if i == 0 else 1
        else:
            sgn = 1 if side == "right" else -1
        if px * sgn < 0 or (abs(px) < 0.01 and py * sgn < 0):
            px, py = -px, -py
        off = m.get("shoe_off", 4)
        end = (pts[-1][0] + dx / d * off, pts[-1][1] + dy / d * off)
        toe = (end[0] + px * m["shoe"], end[1] + py * m["shoe"])
        f.limb([end, toe], m["sw"] + 1)

    def draw_arm(i):
        f.limb(arms[i], m["aw"])
        f.circle(arms[i][-1], m["hand"])

    for i in (0, 1):
        if f"leg{i}" not in front:
            draw_leg(i)
    for i in (0, 1):
        if f"arm{i}" not in front:
            draw_arm(i)
    f.torso(top, lean)
    for i in (0, 1):
        if f"leg{i}" in front:
            draw_leg(i)
    head_r = m["head"]
    hd = _local(top, lean, 0, -(head_r - 6))
    hc = pose.get("head_at", hd)
    f.circle(hc, head_r)
    for i in (0, 1):
        if f"arm{i}" in front:
            draw_arm(i)
    x, y = f.t(hc)
    anchor = {"cx": round(x, 1), "cy": round(y, 1), "r": head_r}
    if rotate:
        anchor["rotate"] = rotate
    return f, anchor


def poses(m, y, crouch_y, sit_y, lying_pivot, lying_shift):
    """The poses for one figure size; y is the neck point of the standing figure."""
    w = m["W"] / 2
    sx0, sx1, sy = 100 - w + 12, 100 + w - 12, y + 12       # shoulders when upright at x 100
    r = m["head"]
    hy = y - (r - 6)                                         # head centre when upright
    arm = sum(m["arm"])
    still = [(-6, 0), (6, 0)]
    rest = m.get("rest", 25)
    p = {}
    p["sitting"] = dict(top=(96, sit_y), arms=[(10, 60), (25, 45)], legs=[(90, -90), (86, -86)],
                        feet=["right", "right"], front={"arm0", "arm1"})
    p["lying"] = dict(top=(100, y), arms=[(-rest - 3, 0), (rest + 3, 0)], legs=[(-3, 0), (3, 0)],
                      rotate=-90, pivot=lying_pivot, shift=lying_shift)
    p["walking"] = dict(top=(100, y), arms=[(-rest, 10), (25, 25)], legs=[(-18, 8), (20, -4)],
                        hip=m["hip"] - 3,
                        feet=["right", "right"], front={"arm1"})
    p["running"] = dict(top=(100, y + 3), lean=-10, arms=[(-50, 80), (50, 75)],
                        legs=[(-30, -55), (65, -75)], feet=["right", "right"], front={"arm1"},
                        hip=m["hip"] - 8)
    p["waving"] = dict(top=(100, y), arms=[(-rest, 0), (110, 35)], legs=still)
    p["reaching"] = dict(top=(98, y), arms=[(-rest, 0), (92, 0)], legs=still)
    p["hugging"] = dict(top=(96, y), arms=[(20, 62), (95, 5)], legs=still,
                        front={"arm0", "arm1"})
    p["carrying"] = dict(top=(94, y), lean=4, arms=[(12, 68), (28, 62)], legs=still,
                         front={"arm0", "arm1"})
    cy = crouch_y
    hip_y = cy + m["H"] - 6
    knee = (m["leg"][0] * 0.5, hip_y - m["leg"][0] * 0.87)
    p["crouching"] = dict(
        top=(100, cy), legs=[(-150, 150), (150, -150)], front={"arm0", "arm1"},
        arm_pts=[[(sx0, cy + 12), (sx0 - 14, cy + 12 + arm * 0.3),
                  (100 - m["hip"] - knee[0] + 2, knee[1] - 2)],
                 [(sx1, cy + 12), (sx1 + 14, cy + 12 + arm * 0.3),
                  (100 + m["hip"] + knee[0] - 2, knee[1] - 2)]])
    p["crying"] = dict(
        top=(100, y), legs=still, front={"arm0", "arm1"},
        arm_pts=[[(sx0, sy), (sx0 - r * 0.55, sy + arm * 0.28), (100 - r * 0.68, hy + r * 0.3)],
                 [(sx1, sy), (sx1 + r * 0.55, sy + arm * 0.28), (100 + r * 0.68, hy + r * 0.3)]])
    return p


def adult_poses(m):
    return poses(m, 79, 118, 95, (100, 110), (0, 34))


def child_poses(m):
    p = poses(m, 128, 146, 140, (100, 130), (0, 28))
    p["waving"]["arms"] = [(-45, 0), (100, 45)]
    p["hugging"]["arms"] = [(30, 50), (95, 5)]
    p["running"].update(top=(100, 123), legs=[(-40, 0), (50, -20)], arms=[(-75, 20), (50, 75)],
                        hip=2, front=set())
    p["sitting"]["hip"] = 0
    p["walking"].update(arms=[(-60, 0), (40, 30)], legs=[(-22, 8), (24, -4)])
    p["lying"].update(arms=[(-60, 0), (60, 0)], shift=(0, 12))

    return p


NAMES = {
    "sitting": ("zit", "sitting"), "lying": ("ligt (slaapt of is ziek)", "lying down"),
    "walking": ("loopt", "walking"), "running": ("rent", "running"),
    "waving": ("zwaait", "waving"), "reaching": ("steekt een hand uit", "reaching out"),
    "hugging": ("knuffelt", "hugging"), "carrying": ("draagt iemand", "carrying"),
    "crouching": ("zit gehurkt (verstopt)", "crouching"),
    "crying": ("huilt (handen bij gezicht)", "crying"),
    "crawling": ("kruipt", "crawling"),
}
WHO = {"adult": ("volwassene", "adult"), "child": ("kind", "child"), "baby": ("baby", "baby")}


def main(out):
    entries = []
    for size, m, poses in (("adult", ADULT, adult_poses(ADULT)),
                           ("child", CHILD, child_poses(CHILD))):
        for name, spec in poses.items():
            spec = dict(spec)
            rot = spec.pop("rotate", 0)
            pivot = spec.pop("pivot", (100, 100))
            shift = spec.pop("shift", (0, 0))
            fig, anchor = build(m, spec, rot, pivot, shift)
            if size == "child" and name == "crouching":
                # the child's own limbs are too short to fold: the adult's crouch, smaller,
                # with a child's big head (a 46-unit trunk, as the standing child has)
                k = 0.82
                fig, anchor = build(dict(ADULT, head=36, hand=10),
                                    dict(adult_poses(ADULT)["crouching"], hip=14))
                fig.shapes = [f'<g transform="translate({_f(100 - 100 * k)} {_f(190 - 190 * k)}) '
                              f'scale({k})">'] + fig.shapes + ["</g>"]
                anchor = {"cx": round(100 + (anchor["cx"] - 100) * k, 1),
                          "cy": round(190 + (anchor["cy"] - 190) * k, 1),
                          "r": round(anchor["r"] * k, 1)}
            pid = f"figure-{size}-{name}"
            (PARTS / f"{pid}.svg").write_text(fig.svg(f"{WHO[size][1]} {NAMES[name][1]}"))
            entries.append({"id": pid, "file": f"parts/{pid}.svg", "kind": "base",
                            "fits": [size], "pose": name,
                            "name": {"nl": f"{WHO[size][0]} {NAMES[name][0]}",
                                     "en": f"{WHO[size][1]} {NAMES[name][1]}"},
                            "head": anchor})
    entries += baby()
    Path(out).write_text(json.dumps({"parts": entries}, indent=2, ensure_ascii=False))
    print(len(entries), "poses")


BABY_BODY = ('<path d="M 78 138 L 122 138 Q 136 150 136 168 Q 136 184 120 184 L 80 184 '
             'Q 64 184 64 168 Q 64 150 78 138 Z" fill="#fff"/>')
BABY_FEET = ('<ellipse cx="70" cy="182" rx="15" ry="9" fill="#fff"/>'
             '<ellipse cx="130" cy="182" rx="15" ry="9" fill="#fff"/>')


def baby():
    entries = []
    m = {"aw": 7.5, "hand": 8.5, "W": 64, "H": 44}

    def save(name, fig_shapes, anchor):
        pid = f"figure-baby-{name}"
        f = Figure(m)
        f.shapes = fig_shapes
        (PARTS / f"{pid}.svg").write_text(f.svg(f"baby {NAMES[name][1]}"))
        entries.append({"id": pid, "file": f"parts/{pid}.svg", "kind": "base", "fits": ["baby"],
                        "pose": name, "name": {"nl": f"baby {NAMES[name][0]}",
                                               "en": f"baby {NAMES[name][1]}"},
                        "head": anchor})

    # sitting, both arms up (wants to be picked up)
    f = Figure(m)
    f.limb([(84, 150), (62, 128), (56, 100)], 7.5)
    f.circle((56, 100), 8.5)
    f.limb([(116, 150), (138, 128), (144, 100)], 7.5)
    f.circle((144, 100), 8.5)
    save("sitting", f.shapes + [BABY_BODY, BABY_FEET,
                                '<circle cx="100" cy="114" r="32" fill="#fff"/>'],
         {"cx": 100, "cy": 114, "r": 32})
    # crawling, in profile towards the viewer's left, face turned to us
    f = Figure(m)
    f.limb([(146, 146), (140, 172), (172, 176)], 10)          # far leg
    f.limb([(86, 146), (90, 178)], 7.5)                        # far arm
    f.circle((90, 178), 8.5)
    f.shapes.append('<ellipse cx="116" cy="144" rx="38" ry="24" fill="#fff"/>')
    f.limb([(122, 158), (116, 180), (150, 184)], 10)          # near leg
    f.limb([(74, 148), (70, 180)], 7.5)                        # near arm
    f.circle((70, 180), 8.5)
    f.circle((66, 116), 30)
    save("crawling", f.shapes, {"cx": 66, "cy": 116, "r": 30})
    # lying on its back, asleep or ill, head to the left
    f = Figure(m, shift=(0, -12))     # high enough for a cap's peak
    f.limb([(150, 146), (180, 140)], 10)
    f.shapes.append('<ellipse cx="118" cy="144" rx="36" ry="24" fill="#fff"/>')
    f.limb([(146, 168), (180, 170)], 10)
    f.limb([(96, 146), (122, 152), (140, 142)], 7.5)
    f.circle((140, 142), 8.5)
    f.circle((62, 150), 32)
    save("lying", f.shapes, {"cx": 62, "cy": 138, "r": 32, "rotate": -90})
    return entries


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/poses.json")
