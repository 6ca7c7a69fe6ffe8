"""Names under figures: sized with their figure, inside the panel, never on one another."""
import itertools
import json
import re

import pytest

from storyboard import labels, panels, scenes

W, H = scenes.WIDTH, scenes.HEIGHT


def touch(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def test_the_font_follows_the_figure_within_readable_bounds():
    assert labels.font_size(1.0) == 20
    assert labels.font_size(0.4) == labels.FONT_MIN == 14
    assert labels.font_size(2.0) == labels.FONT_MAX == 24
    sizes = [labels.font_size(s / 10) for s in range(4, 21)]
    assert sizes == sorted(sizes) and len(set(sizes)) > 5


def test_width_comes_from_the_letters():
    assert labels.text_width("Oma Fatima", 24) == pytest.approx(141.4, abs=0.5)  # Andika Bold
    assert labels.text_width("iii", 20) < labels.text_width("MMM", 20)
    assert labels.text_width("Şükrü", 20) > 0


CROWDS = [
    # two figures side by side, the "MamOma Fatima" of the issue
    [("Mama", 120, 260, 1.0), ("Oma Fatima", 160, 260, 1.0)],
    # eight names wanting the same spot
    [(name, 200, 250, 1.0) for name in ("Mama", "Papa", "Amir", "Lina", "Oma Fatima", "Opa",
                                        "Juf Els", "Ann")],
    # at the edges and big
    [("Oma Fatima", 0, 300, 2.0), ("Opa Jan de Smet", 400, 300, 2.0), ("Lotte", 5, 0, 0.4)],
]


@pytest.mark.parametrize("crowd", CROWDS)
def test_names_never_touch_and_stay_inside_the_panel(crowd):
    wanted = [{"text": t, "cx": x, "top": y, "scale": s} for t, x, y, s in crowd]
    boxes = labels.layout(wanted, W, H)
    assert [b["text"] for b in boxes] == [t for t, *_ in crowd]
    for box in boxes:
        assert 0 <= box["x"] and box["x"] + box["w"] <= W + 1e-9
        assert 0 <= box["y"] and box["y"] + box["h"] <= H + 1e-9
    for a, b in itertools.combinations(boxes, 2):
        assert not touch(a, b), (a, b)
    assert labels.layout(wanted, W, H) == boxes  # the same names, the same places


def test_a_lone_name_stays_under_its_figure():
    box = labels.layout([{"text": "Amir", "cx": 200, "top": 240, "scale": 1.0}], W, H)[0]
    assert box["x"] + box["w"] / 2 == pytest.approx(200)
    text_top = box["y"] + (labels.ASCENT - 0.73) * box["size"]  # the top of the capitals
    assert 240 <= text_top <= 250


def drawn_boxes(svg):
    """Return each drawn name's box from the SVG: x from textLength, y from the line box."""
    boxes = []
    for group in re.finditer(r'<g data-label="(\d+)"[^>]*font-size="([\d.]+)"[^>]*>'
                             r'<text x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"', svg):
        index, size, x, y, width = int(group[1]), *(float(v) for v in group.groups()[1:])
        boxes.append({"index": index, "x": x - width / 2, "w": width,
                      "y": y - labels.ASCENT * size, "h": (labels.ASCENT + labels.DESCENT) * size})
    return boxes


def test_a_scene_lays_its_names_out_together_and_draws_the_same_bytes():
    scene = scenes.clean({"place": "living-room", "bubbles": [], "items": [
        {"id": "figure-adult", "x": 0.3, "y": 0.6, "label": "Mama"},
        {"id": "figure-adult", "x": 0.4, "y": 0.6, "label": "Oma Fatima", "parts": ["headscarf"]},
        {"id": "figure-child", "x": 0.5, "y": 0.62, "scale": 0.7, "label": "Amir"},
        {"id": "suitcase", "x": 0.55, "y": 0.7, "scale": 0.6}]})
    svg = scenes.draw(scene)
    boxes = drawn_boxes(svg)
    assert [b["index"] for b in boxes] == [0, 1, 2]  # a name is known by its item's index
    for a, b in itertools.combinations(boxes, 2):
        assert not touch(a, b)
    assert svg == scenes.draw(json.loads(json.dumps(scene)))
    sizes = re.findall(r'<g data-label="\d+"[^>]*font-size="([\d.]+)"', svg)
    assert sizes == ["20", "20", "14"]  # the child's name is smaller, as the child is


@pytest.mark.parametrize("x, y, scale", [(0.0, 0.5, 1.0), (1.0, 1.0, 1.5), (0.5, 0.0, 2.0),
                                         (0.01, 0.99, 0.4)])
def test_a_thing_at_the_edge_is_drawn_whole_inside_the_panel(x, y, scale):
    scene = scenes.clean({"items": [{"id": "suitcase", "x": x, "y": y, "scale": scale}]})
    svg = scenes.draw(scene)
    cx, cy, k = (float(v) for v in re.search(
        r'data-item="0" transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)', svg).groups())
    side = k * 200  # the picture's 200-unit square
    assert side == pytest.approx(scale * scenes.ITEM_UNITS, abs=1)  # k is written to 2 decimals
    assert cx - side / 2 >= -0.6 and cx + side / 2 <= W + 0.6
    assert cy - side / 2 >= -0.6 and cy + side / 2 <= H + 0.6


def test_the_composer_uses_the_servers_geometry(client, auth, db):
    auth.login()
    panels.add(db, 1, 1, {"caption": "Mama.", "section": "people", "picture": "grandmother"}, 1)
    page = client.get("/stories/1", follow_redirects=True).get_data(as_text=True)
    units = re.search(r'data-item-units="(\d+)"', page)
    assert units and int(units.group(1)) == scenes.ITEM_UNITS
    assert f'data-scale-max="{scenes.SCALE_MAX}"' in page
