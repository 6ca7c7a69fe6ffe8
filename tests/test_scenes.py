"""Scene JSON validation (hostile input included) and deterministic SVG drawing."""
import json
import os
import re
from pathlib import Path

import pytest

from storyboard import library, panels, scenes, stories
from storyboard.errors import Invalid

GOLDEN = Path(__file__).parent / "golden"

GOOD = {"place": "house", "items": [
    {"id": "grandmother", "x": 0.3, "y": 0.6, "scale": 1.2, "label": "Oma Rita"},
    {"id": "dog", "x": 0.7, "y": 0.75, "scale": 0.8, "flip": True, "feeling": "happy"}],
    "bubbles": [{"kind": "speech", "text": "Dag Lotte!", "x": 0.7, "y": 0.2}]}


def item(**extra):
    return {"items": [dict({"id": "dog"}, **extra)]}


def test_a_good_scene_is_normalised():
    scene = scenes.parse(json.dumps(GOOD))
    assert scene["place"] == "house"
    assert scene["items"][0] == {"id": "grandmother", "x": 0.3, "y": 0.6, "scale": 1.2,
                                 "flip": False, "label": "Oma Rita", "feeling": None, "parts": []}
    assert scene["bubbles"][0]["kind"] == "speech"
    assert scenes.parse("") is None


@pytest.mark.parametrize("raw, code", [
    ("not json", "scene_bad_json"),
    ('{"items": [{"id": "dog", "x": NaN}]}', "scene_bad_json"),
    ('{"items": [{"id": "dog", "x": Infinity}]}', "scene_bad_json"),
    ("[" * 5000 + "]" * 5000, "scene_bad_json"),
    ("[" * 15000 + "]" * 15000, "scene_too_big"),
    ("[]", "scene_bad_json"),
    ('"a string"', "scene_bad_json"),
    (json.dumps({"items": [], "script": "alert(1)"}), "scene_bad_json"),
    (json.dumps({"items": "dog"}), "scene_bad_json"),
    (json.dumps(item(x="0.5")), "scene_bad_json"),
    (json.dumps(item(x=True)), "scene_bad_json"),
    (json.dumps(item(flip="yes")), "scene_bad_json"),
    (json.dumps(item(onload="x")), "scene_bad_json"),
    (json.dumps(item(x=1.5)), "scene_out_of_range"),
    (json.dumps(item(y=-0.1)), "scene_out_of_range"),
    (json.dumps(item(scale=50)), "scene_out_of_range"),
    (json.dumps(item(scale=0)), "scene_out_of_range"),
    (json.dumps({"items": [{"id": "../../etc/passwd"}]}), "scene_unknown_picture"),
    (json.dumps({"items": [{"id": 7}]}), "scene_unknown_picture"),
    (json.dumps({"place": "dog", "items": []}), "scene_unknown_picture"),
    (json.dumps({"items": [{"id": "dog"}] * 9}), "scene_too_many_items"),
    (json.dumps({"bubbles": [{"text": "a"}] * 4}), "scene_too_many_bubbles"),
    (json.dumps(item(label="x" * 25)), "scene_label_too_long"),
    (json.dumps(item(feeling="furious")), "scene_unknown_feeling"),
    (json.dumps(item(parts=["glasses"])), "scene_parts_need_figure"),
    (json.dumps({"bubbles": [{"text": "woord " * 20}]}), "scene_bubble_too_long"),
    (json.dumps({"bubbles": [{"kind": "shout", "text": "a"}]}), "scene_bad_json"),
])
def test_hostile_or_wrong_scenes_are_refused_with_a_reason(raw, code):
    with pytest.raises(Invalid) as err:
        scenes.parse(raw)
    assert err.value.code == code


def test_labels_lose_control_characters_and_are_escaped_when_drawn():
    scene = scenes.parse(json.dumps(item(label="<b>Bru\nno</b>")))
    assert scene["items"][0]["label"] == "<b>Bru no</b>"
    svg = scenes.draw(scene)
    assert "<b>" not in svg and "&lt;b&gt;Bru no&lt;/b&gt;" in svg


def test_drawing_is_deterministic_and_colouring_ready():
    scene = scenes.parse(json.dumps(GOOD))
    first, second = scenes.draw(scene), scenes.draw(json.loads(json.dumps(scene)))
    assert first == second
    assert first.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"')
    for forbidden in ("<image", "<script", "href", "style=", "url("):
        assert forbidden not in first
    colours = {c for c in __import__("re").findall(r'(?:fill|stroke)="([^"]+)"', first)}
    assert colours <= {"#000", "#fff", "none"}


@pytest.mark.parametrize("name, scene", [
    ("house-oma-dog-bubble", GOOD),
    ("single-picture", scenes.from_picture("teddy")),
    ("empty", {"place": None, "items": [], "bubbles": []}),
    ("dressed-figures", {"place": "house", "items": [
        {"id": "figure-adult", "x": 0.3, "y": 0.55, "scale": 1.3, "label": "Opa Jan",
         "feeling": "happy", "parts": ["glasses", "beard", "hair-short", "walking-stick"]},
        {"id": "figure-child", "x": 0.7, "y": 0.6, "feeling": "sad",
         "parts": ["hair-curly", "cap"]}], "bubbles": []}),
    ("thought-flipped", {"items": [{"id": "girl", "x": 0.25, "y": 0.65, "flip": True,
                                    "label": "Lotte", "feeling": "worried"}],
                         "bubbles": [{"kind": "thought", "text": "Waar is mama?",
                                      "x": 0.65, "y": 0.25, "flip": True}]}),
])
def test_golden_svg(name, scene):
    compare_golden(name, scenes.draw(scenes.clean(scene)))


def compare_golden(name, svg, folder=GOLDEN):
    """Compare with the stored drawing; (re)write it only when STORYBOARD_UPDATE_GOLDEN=1."""
    path = folder / f"{name}.svg"
    if os.environ.get("STORYBOARD_UPDATE_GOLDEN") == "1":
        folder.mkdir(exist_ok=True)
        path.write_text(svg + "\n")
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: run with STORYBOARD_UPDATE_GOLDEN=1 once, "
                    "look at the drawing, and commit it")
    assert svg + "\n" == path.read_text()


def test_a_missing_golden_file_fails_unless_asked_to_write_it(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYBOARD_UPDATE_GOLDEN", raising=False)
    with pytest.raises(pytest.fail.Exception):
        compare_golden("new", "<svg/>", tmp_path)
    assert not (tmp_path / "new.svg").exists()
    with pytest.raises(AssertionError):
        (tmp_path / "old.svg").write_text("<svg>before</svg>\n")
        compare_golden("old", "<svg>after</svg>", tmp_path)
    monkeypatch.setenv("STORYBOARD_UPDATE_GOLDEN", "1")
    compare_golden("new", "<svg/>", tmp_path)
    assert (tmp_path / "new.svg").read_text() == "<svg/>\n"


def drawn(part_id):
    """Return a part's first shape as it appears in a scene (stroke widths may be raised)."""
    return re.search(r'<(path|circle|ellipse|rect|line|polyline|polygon) [^>]*?(d|cx|x|points)="[^"]+"',
                     library.inner_markup(part_id)).group()


def test_parts_fit_only_their_figures_and_are_drawn_in_layer_order():
    scene = scenes.clean({"items": [{"id": "figure-adult", "parts": ["glasses", "wheelchair",
                                                                     "hair-long"]}]})
    svg = scenes.draw(scene)
    glasses, wheelchair, hair = (drawn(part) for part in ("glasses", "wheelchair", "hair-long"))
    assert svg.index(wheelchair) < svg.index(hair) < svg.index(glasses)
    assert drawn("expr-calm") in svg  # a face even when no feeling is chosen
    with pytest.raises(Invalid):
        scenes.clean({"items": [{"id": "figure-baby", "parts": ["walking-stick"]}]})
    with pytest.raises(Invalid):
        scenes.clean({"items": [{"id": "figure-adult", "parts": ["expr-happy"]}]})


def test_panel_save_with_a_bad_scene_is_refused_and_keeps_the_old_one(client, auth, db):
    auth.login()
    panel_id, version = panels.add(db, 1, 1, {"caption": "Mila en de hond.",
                                              "section": "people", "picture": "dog"}, 1)
    reply = auth.post(f"/stories/1/panels/{panel_id}",
                      {"scene": json.dumps({"items": [{"id": "dog"}] * 9}),
                       "version": version}, json_reply=True)
    assert reply.status_code == 400
    assert "hoogstens 8 dingen" in reply.json["error"]
    assert panels.get(db, 1, panel_id)["scene"] is None


def test_panel_save_with_a_scene_returns_the_drawn_svg(client, auth, db):
    auth.login()
    panel_id, version = panels.add(db, 1, 1, {"caption": "Oma.", "section": "people"}, 1)
    reply = auth.post(f"/stories/1/panels/{panel_id}",
                      {"scene": json.dumps(GOOD), "version": version}, json_reply=True)
    assert reply.json["ok"] and "Oma Rita" in reply.json["svg"]
    stored = panels.get(db, 1, panel_id)
    assert stored["picture"] == "grandmother" and json.loads(stored["scene"])["place"] == "house"
    assert stories.content(db, 1)["panels"][0]["scene"]["items"][1]["flip"] is True


def test_the_no_script_add_button_adds_to_the_scene(client, auth, db):
    auth.login()
    panel_id, version = panels.add(db, 1, 1, {"caption": "Oma.", "section": "people",
                                              "picture": "grandmother"}, 1)
    auth.post(f"/stories/1/panels/{panel_id}", {"add_item": "dog", "version": version})
    scene = json.loads(panels.get(db, 1, panel_id)["scene"])
    assert [i["id"] for i in scene["items"]] == ["grandmother", "dog"]


def test_names_are_drawn_last_on_a_white_halo_inside_the_panel():
    scene = scenes.parse(json.dumps({"place": "living-room", "bubbles": [
        {"kind": "speech", "text": "Hallo", "x": 0.5, "y": 0.3}], "items": [
        {"id": "figure-adult", "x": 0.02, "y": 0.9, "scale": 1.0, "label": "Oma Fatima"},
        {"id": "dog", "x": 0.1, "y": 0.95, "scale": 1.0}]}))
    svg = scenes.draw(scene)
    label = svg.index('<g data-label="0"')
    assert label > svg.rindex("data-item=") and label > svg.rindex("data-bubble=")
    x, width = (float(v) for v in re.search(r'<text x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)"',
                                            svg[label:]).groups())
    assert x - width / 2 >= 0 and x + width / 2 <= scenes.WIDTH  # "Oma Fatima" is never cut off
    assert 'fill="#fff" stroke="#fff"' in svg[label:]  # the halo, under the hollow letters


def test_small_items_keep_lines_thick_enough_for_crayons():
    from storyboard import strokes
    scene = scenes.parse(json.dumps({"place": None, "bubbles": [], "items": [
        {"id": "teddy", "x": 0.5, "y": 0.5, "scale": 0.4}]}))
    svg = scenes.draw(scene)
    k = 0.4 * scenes.ITEM_UNITS / 200
    widths = [float(w) for w in re.findall(r'stroke-width="([\d.]+)"', svg)]
    assert widths and min(widths) * k >= strokes.PRINT_MIN_WIDTH - 0.01  # 1.5 mm printed
