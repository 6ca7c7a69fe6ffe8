"""Pen strokes in a scene: validation (hostile shapes included), smoothing, drawing, saving."""
import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyboard import exchange, panels, scenes, stories, strokes
from storyboard.errors import Invalid
from storyboard.error_texts import MESSAGES
from tests.test_scenes import compare_golden

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

fraction = st.floats(0, 1, allow_nan=False)
point = st.tuples(fraction, fraction).map(list)
good_stroke = st.fixed_dictionaries(
    {"points": st.lists(point, min_size=1, max_size=40)},
    optional={"width": st.floats(strokes.WIDTH_MIN, strokes.WIDTH_MAX) | st.integers(1, 40)})

hostile_number = (st.booleans() | st.text(max_size=5) | st.none() | st.floats() |
                  st.integers() | st.lists(st.integers(), max_size=2))
hostile_point = (point | st.lists(hostile_number, max_size=3) | hostile_number |
                 st.dictionaries(st.text(max_size=3), hostile_number, max_size=2))
hostile_stroke = (good_stroke | hostile_number | st.dictionaries(
    st.sampled_from(["points", "width", "color", "x"]),
    hostile_number | st.lists(hostile_point, max_size=6), max_size=3))


@FAST
@given(st.lists(good_stroke, max_size=12))
def test_accepted_strokes_round_trip(lines):
    scene = scenes.clean({"items": [], "strokes": lines})
    assert scenes.clean(json.loads(json.dumps(scene))) == scene
    assert scenes.parse(json.dumps(scene)) == scene
    for given_line, kept in zip(lines, scene.get("strokes", [])):
        rounded = [[round(x, 4), round(y, 4)] for x, y in given_line["points"]]
        assert kept["points"][0] == rounded[0] and kept["points"][-1] == rounded[-1]
        assert all(p in rounded for p in kept["points"])  # simplified: a subset, in order
    assert scenes.draw(scene).count("<path data-stroke=") == len(lines)


@FAST
@given(st.lists(hostile_stroke, max_size=4) | hostile_number |
       st.dictionaries(st.text(max_size=4), hostile_number, max_size=2))
def test_hostile_strokes_are_refused_with_invalid_and_nothing_else(value):
    try:
        scene = scenes.clean({"strokes": value})
    except Invalid as error:
        assert error.code in MESSAGES
        return
    # whatever passed is well-formed: finite fractions and a sensible width
    for line in scene.get("strokes", []):
        assert strokes.WIDTH_MIN <= line["width"] <= strokes.WIDTH_MAX
        for x, y in line["points"]:
            assert type(x) is float and type(y) is float
            assert 0 <= x <= 1 and 0 <= y <= 1 and math.isfinite(x + y)


@pytest.mark.parametrize("value, code", [
    ([{"points": [[True, 0.5]]}], "scene_bad_stroke"),
    ([{"points": [["0.5", 0.5]]}], "scene_bad_stroke"),
    ([{"points": [[0.5, 0.5, 0.5]]}], "scene_bad_stroke"),
    ([{"points": []}], "scene_bad_stroke"),
    ([{"points": [[0.5, 0.5]], "width": 0}], "scene_bad_stroke"),
    ([{"points": [[0.5, 0.5]], "width": 1000}], "scene_bad_stroke"),
    ([{"points": [[0.5, 0.5]], "width": False}], "scene_bad_stroke"),
    ([{"points": [[0.5, 0.5]], "colour": "red"}], "scene_bad_stroke"),
    ([{"points": [[1.5, 0.5]]}], "scene_out_of_range"),
    ([{"points": [[float("nan"), 0.5]]}], "scene_out_of_range"),
    ([{"points": [[float("inf"), 0.5]]}], "scene_out_of_range"),
    ([{"points": [[0.5, 0.5]] * (strokes.MAX_POINTS + 1)}], "scene_stroke_too_long"),
    ([{"points": [[0.5, 0.5]]}] * (strokes.MAX_STROKES + 1), "scene_too_many_strokes"),
    ("lines", "scene_bad_stroke"),
    (False, "scene_bad_stroke"),
])
def test_each_hostile_shape_has_its_plain_reason(value, code):
    with pytest.raises(Invalid) as caught:
        scenes.clean({"strokes": value})
    assert caught.value.code == code


def test_the_largest_drawing_fits_the_json_limit_but_other_padding_does_not():
    line = {"points": [[0.1234, 0.5678]] * strokes.MAX_POINTS, "width": 12.3456}
    biggest = json.dumps({"items": [], "strokes": [line] * strokes.MAX_STROKES})
    assert scenes.MAX_JSON < len(biggest) <= strokes.MAX_JSON
    assert len(scenes.parse(biggest)["strokes"]) == strokes.MAX_STROKES
    padded = json.dumps({"items": [{"id": "dog", "label": " " * 30_000}],
                         "strokes": [line]})
    with pytest.raises(Invalid) as caught:
        scenes.parse(padded)
    assert caught.value.code == "scene_too_big"
    with pytest.raises(Invalid) as caught:
        scenes.parse(" " * (strokes.MAX_JSON + 1))
    assert caught.value.code == "scene_too_big"


def test_strokes_are_drawn_at_least_one_and_a_half_millimetre_wide_in_print():
    # 400 units print 120 mm wide at the narrowest: 1.5 mm is 5 units
    assert strokes.PRINT_MIN_WIDTH == pytest.approx(1.5 / (120 / scenes.WIDTH))
    svg = scenes.draw(scenes.clean({"strokes": [{"points": [[0.1, 0.1], [0.9, 0.9]],
                                                 "width": 1}]}))
    assert 'transform="scale(.1)"' in svg  # stroke paths are written in tenths of a unit
    widths = [float(w) / 10 for w in re.findall(r'stroke-width="([\d.]+)" d=', svg)]
    assert widths and min(widths) * 120 / scenes.WIDTH >= 1.5 - 1e-9
    assert 'stroke-linecap="round"' in svg and 'stroke-linejoin="round"' in svg
    assert 'stroke="#000"' in svg and 'fill="none"' in svg


def test_smoothing_drops_jitter_and_keeps_corners():
    line = [(x, 100 + (0.2 if x % 2 else -0.2)) for x in range(0, 200)] + [(199, 250)]
    simple = strokes.simplify(line, sx=1, sy=1)
    assert simple[0] == line[0] and simple[-1] == line[-1] and len(simple) <= 4
    assert (199, 100 + 0.2) in simple or (198, 100 - 0.2) in simple  # the corner stays
    assert strokes.path([(1.2, 2)]) == "M1 2l0 0"
    assert strokes.path([(1, 2), (3, 4)]) == "M1 2L3 4"
    assert strokes.path([(0, 0), (10, 0), (20, 0)]).count("C") == 2


def test_golden_svg_with_strokes():
    wave = [[0.1 + i / 100, 0.5 + 0.1 * math.sin(i / 6)] for i in range(60)]
    scene = {"place": None, "items": [{"id": "dog", "x": 0.75, "y": 0.7, "scale": 0.8}],
             "bubbles": [{"kind": "speech", "text": "Kijk!", "x": 0.3, "y": 0.2}],
             "strokes": [{"points": wave, "width": 8},
                         {"points": [[0.2, 0.8], [0.25, 0.85], [0.3, 0.8]], "width": 2},
                         {"points": [[0.9, 0.1]], "width": 16}]}
    compare_golden("strokes", scenes.draw(scenes.clean(scene)))


def test_saving_strokes_through_the_editor_and_refusing_hostile_ones(client, auth, db):
    auth.login()
    panel_id, version = panels.add(db, 1, 1, {"caption": "Mila tekent.", "section": "people"}, 1)
    drawing = {"items": [], "strokes": [{"points": [[0.1, 0.1], [0.5, 0.52], [0.9, 0.1]],
                                         "width": 6}]}
    reply = auth.post(f"/stories/1/panels/{panel_id}",
                      {"scene": json.dumps(drawing), "version": version}, json_reply=True)
    assert reply.status_code == 200 and 'data-stroke="0"' in reply.json["svg"]
    assert json.loads(panels.get(db, 1, panel_id)["scene"])["strokes"][0]["width"] == 6
    version = reply.json["version"]
    hostile = {"items": [], "strokes": [{"points": [[True, "x"]], "width": 6}]}
    reply = auth.post(f"/stories/1/panels/{panel_id}",
                      {"scene": json.dumps(hostile), "version": version}, json_reply=True)
    assert reply.status_code == 400
    assert "lijn" in reply.json["error"] and "ongedaan" in reply.json["error"]
    assert json.loads(panels.get(db, 1, panel_id)["scene"]) == scenes.clean(drawing)


def test_lines_seen_before_come_back_equal_and_unshared():
    line = {"points": [[0.1, 0.2], [0.3, 0.25], [0.5, 0.2], [0.7, 0.4]], "width": 8}
    first = strokes.clean([line])
    first[0]["points"][0][0] = 0.9   # a caller changing its copy changes nothing cached
    again = strokes.clean([line])
    assert again[0]["points"][0] == [0.1, 0.2]
    assert scenes.draw({"place": None, "items": [], "bubbles": [], "strokes": again}) == \
        scenes.draw({"place": None, "items": [], "bubbles": [],
                     "strokes": json.loads(json.dumps(again))})


def test_pen_lines_survive_export_and_import(db):
    drawing = {"items": [{"id": "dog"}], "strokes": [
        {"points": [[0.1, 0.1], [0.3, 0.4], [0.6, 0.2], [0.9, 0.5]], "width": 6},
        {"points": [[0.5, 0.5]], "width": 16}]}
    version = stories.get(db, 1)["version"]
    panel_id, version = panels.add(db, 1, version, {"caption": "Mila tekent.",
                                                    "section": "people"}, 1)
    panels.update(db, 1, panel_id, version, {"scene": json.dumps(drawing)}, 1)
    new_id = exchange.import_story(db, exchange.export_story(db, 1), owner_id=2)
    [panel] = stories.content(db, new_id)["panels"]
    assert panel["scene"]["strokes"] == scenes.clean(drawing)["strokes"]


def test_a_snapshot_taking_the_stored_scene_as_it_is_hashes_and_reads_as_one_decoded(db):
    """The save path embeds a known scene text instead of decoding it; nothing may differ."""
    drawing = {"items": [{"id": "dog", "label": "Rex, \"de hond\": é"}], "strokes": [
        {"points": [[0.1, 0.1], [0.3, 0.4], [0.6, 0.2]], "width": 6}]}
    version = stories.get(db, 1)["version"]
    panel_id, version = panels.add(db, 1, version, {"caption": "Mila tekent.",
                                                    "section": "people"}, 1)
    version = panels.update(db, 1, panel_id, version, {"scene": json.dumps(drawing)}, 1)
    kept = stories.snapshot(db, 1, version)
    assert kept["content_hash"] == stories.content_hash(stories.content(db, 1))
    assert [p["scene"] for p in kept["panels"]] == \
        [p["scene"] for p in stories.content(db, 1)["panels"]]
    assert kept["panel_ids"][-1] == panel_id
