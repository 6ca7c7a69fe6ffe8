"""Figures in poses: every posed base part carries its own head anchor, and every head part
(hair, headwear, glasses, beard, expressions) sits on that anchor in every pose."""
import io
import json
import math
import re
import xml.etree.ElementTree as ET

import pytest

from storyboard import library, scenes
from storyboard.errors import Invalid

SVG = "{http://www.w3.org/2000/svg}"
POSES = {"standing", "sitting", "lying", "walking", "running", "waving", "reaching", "hugging",
         "carrying", "crouching", "crying"}
BASES = [p for p in library.parts() if p.get("kind") == "base"]
HEAD_PARTS = [p for p in library.parts() if p.get("kind") == "head"]


def pose(entry):
    return entry.get("pose", "standing")


def test_adult_and_child_have_every_pose_and_the_baby_lies_sits_and_crawls():
    have = {}
    for entry in BASES:
        have.setdefault(entry["fits"][0], set()).add(pose(entry))
    assert have["adult"] >= POSES and have["child"] >= POSES
    assert have["baby"] >= {"standing", "sitting", "lying", "crawling"}


@pytest.mark.parametrize("entry", BASES, ids=[p["id"] for p in BASES])
def test_a_pose_is_a_base_part_named_for_its_pose(entry):
    assert len(entry["fits"]) == 1 and entry["fits"][0] in ("adult", "child", "baby")
    size = entry["fits"][0]
    expected = f"figure-{size}" if pose(entry) == "standing" else f"figure-{size}-{pose(entry)}"
    assert entry["id"] == expected and entry["file"] == f"parts/{entry['id']}.svg"
    assert entry["name"]["nl"] and entry["name"]["en"]
    assert entry["name"]["en"].startswith(size)
    head = entry["head"]
    assert 0 < head["r"] <= 40 and head["r"] <= head["cx"] <= 200 - head["r"]
    assert head["r"] <= head["cy"] <= 200 - head["r"]
    assert head.get("rotate", 0) in (0, -90, 90)
    assert (head.get("rotate", 0) != 0) == (pose(entry) == "lying")


def _circles(path):
    """Every circle of a part with the translate/scale of the groups around it applied."""
    found = []

    def walk(el, tx, ty, k):
        m = re.match(r"translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)",
                     el.get("transform", "translate(0 0) scale(1)"))
        x0, y0, k0 = (float(v) for v in m.groups())
        tx, ty, k = tx + x0 * k, ty + y0 * k, k * k0
        for child in el:
            if child.tag == SVG + "circle":
                found.append((tx + float(child.get("cx")) * k, ty + float(child.get("cy")) * k,
                              float(child.get("r")) * k))
            walk(child, tx, ty, k)
    walk(ET.parse(path).getroot(), 0, 0, 1)
    return found


@pytest.mark.parametrize("entry", BASES, ids=[p["id"] for p in BASES])
def test_the_head_anchor_is_the_drawn_head(entry):
    head = entry["head"]
    circles = _circles(library.PANELS_DIR / entry["file"])
    assert any(abs(x - head["cx"]) < 0.6 and abs(y - head["cy"]) < 0.6 and
               abs(r - head["r"]) < 0.6 for x, y, r in circles), circles


def _figure(base_id, parts=(), feeling=None):
    return scenes.clean({"items": [{"id": base_id, "parts": list(parts), "feeling": feeling}]})


def test_a_posed_figure_is_its_posed_base_and_old_figures_stay_valid():
    scene = scenes.parse(json.dumps({"items": [
        {"id": "figure-adult-carrying", "parts": ["hair-long", "glasses"], "feeling": "happy"},
        {"id": "figure-child", "parts": ["cap"]}]}))
    assert [i["id"] for i in scene["items"]] == ["figure-adult-carrying", "figure-child"]
    assert scene["items"][0]["parts"] == ["hair-long", "glasses"]
    svg = scenes.draw(scene)
    from .test_scenes import drawn
    assert drawn("figure-adult-carrying") in svg


def test_parts_follow_the_figure_size_and_body_parts_need_the_standing_figure():
    assert _figure("figure-adult", ["wheelchair"])["items"][0]["parts"] == ["wheelchair"]
    with pytest.raises(Invalid) as caught:
        _figure("figure-adult-running", ["wheelchair"])
    assert caught.value.code == "scene_unknown_part"
    with pytest.raises(Invalid):
        _figure("figure-child-sitting", ["walking-stick"])
    assert _figure("figure-baby-crawling", ["hair-curly"])["items"][0]["parts"] == ["hair-curly"]


def test_a_lying_head_turns_its_parts_with_it():
    svg = scenes.draw(_figure("figure-adult-lying", ["hair-short"], "sad"))
    head = library.part("figure-adult-lying")["head"]
    assert f"translate({scenes._n(head['cx'])} {scenes._n(head['cy'])}) rotate(-90)" in svg
    standing = scenes._head_transform(library.part("figure-adult")["head"])
    assert "rotate" not in standing   # standing figures draw exactly as before


# --- every head part on every pose, rendered ------------------------------------------------

CELL = 200
PER_ROW = 10


def _matrix(transform):
    """The affine matrix (a, b, c, d, e, f) of an SVG transform list of translate/rotate/scale."""
    a, b, c, d, e, f = 1, 0, 0, 1, 0, 0
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform):
        v = [float(x) for x in args.split()]
        if name == "translate":
            m = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            m = (v[0], 0, 0, v[-1], 0, 0)
        else:
            t = math.radians(v[0])
            m = (math.cos(t), math.sin(t), -math.sin(t), math.cos(t), 0, 0)
        a, b, c, d, e, f = (a * m[0] + c * m[1], b * m[0] + d * m[1], a * m[2] + c * m[3],
                            b * m[2] + d * m[3], a * m[4] + c * m[5] + e,
                            b * m[4] + d * m[5] + f)
    return a, b, c, d, e, f


def test_the_matrix_helper_agrees_with_svg():
    a, b, c, d, e, f = _matrix("translate(10 20) rotate(-90) scale(2) translate(-100 -100)")
    assert (round(a * 100 + c * 100 + e), round(b * 100 + d * 100 + f)) == (10, 20)
    assert (round(a * 110 + c * 100 + e), round(b * 110 + d * 100 + f)) == (10, 0)


@pytest.fixture(scope="module")
def placed():
    """Render each head part alone on each pose's anchor (the server's own transform) and
    return (base, part) -> the bounding box of its ink."""
    import numpy as np
    from PIL import Image

    from storyboard.printing.browser import Renderer
    combos = [(b, p) for b in BASES for p in HEAD_PARTS if b["fits"][0] in p["fits"]]
    cells = "".join(
        f'<svg viewBox="0 0 200 200"><g transform="{scenes._head_transform(b["head"])}">'
        f'{library.inner_markup(p["id"])}</g></svg>' for b, p in combos)
    html = (f"<html><head><style>body{{margin:0;background:#fff;width:{CELL * PER_ROW}px;"
            f"line-height:0}} svg{{width:{CELL}px;height:{CELL}px;display:inline-block;"
            f"vertical-align:top;overflow:hidden}}</style></head><body>{cells}</body></html>")
    renderer = Renderer(timeout=90)
    try:
        png = renderer.render(html, fmt="png")
    finally:
        renderer.close()
    sheet = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    out = {}
    for index, (b, p) in enumerate(combos):
        row, col = divmod(index, PER_ROW)
        ink = sheet[row * CELL:(row + 1) * CELL, col * CELL:(col + 1) * CELL] < 128
        ys, xs = np.nonzero(ink)
        out[b["id"], p["id"]] = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1) if len(xs) \
            else None
    return out


def _canonical_box(part_id, head):
    """Where the part's ink should be: its box on the canonical head, moved by the anchor."""
    cx0, cy0, r0 = scenes.CANONICAL_HEAD
    box = _standing_box(part_id)
    rel = [((x - cx0) / r0, (y - cy0) / r0) for x in box[::2] for y in box[1::2]]
    t = math.radians(head.get("rotate", 0))
    pts = [(head["cx"] + head["r"] * (x * math.cos(t) - y * math.sin(t)),
            head["cy"] + head["r"] * (x * math.sin(t) + y * math.cos(t))) for x, y in rel]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


_BOXES = {}


def _standing_box(part_id):
    return _BOXES[part_id]


def test_every_head_part_sits_on_the_head_of_every_pose(placed):
    # the part's box on a head of radius 40 at (100, 100) is what every pose must reproduce
    cx0, cy0, r0 = scenes.CANONICAL_HEAD
    problems = []
    for (base_id, part_id), box in placed.items():
        assert box is not None, (base_id, part_id)
        head = library.part(base_id)["head"]
        if part_id not in _BOXES:
            # measured once from the standing adult: the part scaled back to the canonical head
            ref = library.part("figure-adult")["head"]
            rb = placed["figure-adult", part_id]
            k = r0 / ref["r"]
            _BOXES[part_id] = (cx0 + (rb[0] - ref["cx"]) * k, cy0 + (rb[1] - ref["cy"]) * k,
                               cx0 + (rb[2] - ref["cx"]) * k, cy0 + (rb[3] - ref["cy"]) * k)
        want = _canonical_box(part_id, head)
        tolerance = 2 + 0.06 * head["r"]
        if any(abs(g - w) > tolerance for g, w in zip(box, want)):
            problems.append((base_id, part_id, box, [round(w) for w in want]))
        # and within the head circle with a margin (a bun or a cap reaches past it)
        reach = 1.9 * head["r"]
        if not (head["cx"] - reach <= box[0] and box[2] <= head["cx"] + reach and
                head["cy"] - reach <= box[1] and box[3] <= head["cy"] + reach):
            problems.append((base_id, part_id, box, "outside the head"))
    assert "\n".join(f"{b} {p} {tuple(int(v) for v in g)} {w}" for b, p, g, w in problems) == ""


# --- a posed interaction, drawn the same every time ------------------------------------------

CARRYING = {"items": [
    {"id": "figure-child-sitting", "x": 0.63, "y": 0.35, "scale": 1.2, "flip": True,
     "parts": ["hair-curly"], "feeling": "happy"},
    {"id": "figure-adult-carrying", "x": 0.45, "y": 0.5, "scale": 2.0, "parts": ["hair-long"],
     "feeling": "calm"}]}


def test_golden_svg_of_a_grown_up_carrying_a_child():
    from .test_scenes import compare_golden
    scene = scenes.parse(json.dumps(CARRYING))
    compare_golden("pose-carrying", scenes.draw(scene))


HUGGING = {"items": [
    {"id": "figure-adult-hugging", "x": 0.6, "y": 0.5, "scale": 2.0, "flip": True,
     "parts": ["hair-bun"], "feeling": "sad"},
    {"id": "figure-adult-hugging", "x": 0.42, "y": 0.5, "scale": 2.0, "parts": ["hair-short"],
     "feeling": "calm"}]}


def test_golden_svg_of_two_grown_ups_hugging():
    from .test_scenes import compare_golden
    compare_golden("pose-hugging", scenes.draw(scenes.parse(json.dumps(HUGGING))))
