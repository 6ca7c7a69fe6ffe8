"""Property-based tests on everything that parses input: only our own errors, and what is
accepted is kept exactly as cleaned."""
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from storyboard import coach, exchange, library, links, panels, scenes, stories
from storyboard.errors import DomainError, Invalid

FAST = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=25)


@FAST
@given(st.text(max_size=400))
def test_an_accepted_caption_is_stored_as_its_cleaned_form(db, text):
    try:
        caption = panels.clean_caption(text)
    except Invalid as err:
        assert err.code in ("caption_empty", "caption_too_long")
        return
    assert caption == text.replace("\r\n", "\n").strip()
    assert 0 < len(caption) <= panels.CAPTION_MAX
    rows = panels.for_story(db, 1)
    version = stories.get(db, 1)["version"]
    if not rows:
        panel_id, version = panels.add(db, 1, version, {"caption": "Eerst.", "section": "title"}, 1)
    else:
        panel_id = rows[0]["id"]
    version = panels.update(db, 1, panel_id, version, {"caption": text}, 1)
    assert panels.get(db, 1, panel_id)["caption"] == caption
    assert stories.content(db, 1)["panels"][0]["caption"] == caption
    assert stories.snapshot(db, 1, version)["panels"][0]["caption"] == caption


PICTURES = [p["id"] for p in library.pictures()]
PLACES = [i for i in PICTURES if library.category(i) == "places"]
FIGURES = [p["id"] for p in library.parts() if p.get("kind") == "base"]
PARTS = [p["id"] for p in library.parts() if p.get("kind") in ("head", "body")]
coordinate = st.floats(-0.1, 1.1, allow_nan=False) | st.integers(-1, 2)
scene_items = st.fixed_dictionaries({"id": st.sampled_from(PICTURES + FIGURES)}, optional={
    "x": coordinate, "y": coordinate, "scale": st.floats(0.3, 2.2), "flip": st.booleans(),
    "label": st.text(max_size=30), "feeling": st.sampled_from(scenes.FEELINGS + ("furious",)),
    "parts": st.lists(st.sampled_from(PARTS), max_size=4)})
scene_bubbles = st.fixed_dictionaries({}, optional={
    "kind": st.sampled_from(["speech", "thought"]), "text": st.text(max_size=70),
    "x": coordinate, "y": coordinate, "flip": st.booleans()})
scene_like = st.fixed_dictionaries({}, optional={
    "place": st.none() | st.sampled_from(PLACES), "items": st.lists(scene_items, max_size=4),
    "bubbles": st.lists(scene_bubbles, max_size=3)})


def plain(text):
    return " ".join(text.split()) or None


@FAST
@given(scene_like | json_values)
def test_an_accepted_scene_keeps_what_was_given_and_round_trips(value):
    try:
        scene = scenes.clean(value)
    except Invalid:
        return
    if scene is None:
        return
    event("accepted")
    assert scene["place"] == value.get("place")
    for given_item, kept in zip(value.get("items", []), scene["items"], strict=True):
        assert kept["id"] == given_item["id"] and kept["flip"] == given_item.get("flip", False)
        assert kept["x"] == round(float(given_item.get("x", 0.5)), 4)
        assert kept["label"] == plain(given_item.get("label") or "")
        assert kept["feeling"] == given_item.get("feeling")
        assert kept["parts"] == list(dict.fromkeys(given_item.get("parts", [])))
    for given_bubble, kept in zip(value.get("bubbles", []), scene["bubbles"], strict=True):
        assert kept["text"] == (plain(given_bubble.get("text") or "") or "")
    stored = json.dumps(scene, ensure_ascii=False, sort_keys=True)  # as a panel keeps it
    assert scenes.parse(stored) == scene == scenes.clean(scene)
    svg = scenes.draw(scene)
    assert svg == scenes.draw(scenes.parse(stored))
    assert svg.startswith("<svg") and "<script" not in svg


@FAST
@given(st.dictionaries(st.sampled_from(["id", "x", "y", "scale", "flip", "label", "feeling", "parts"]),
                       json_values, max_size=8))
def test_hostile_scene_items_never_crash(item):
    try:
        scenes.clean({"items": [dict(item, id=item.get("id", "dog"))]})
    except Invalid:
        pass


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_raw_scene_bytes_never_crash(raw):
    try:
        scenes.parse(raw)
    except Invalid:
        pass


@FAST
@given(st.text(max_size=200), st.sampled_from(["nl", "en"]), st.integers(0, 20))
def test_check_text_returns_the_contract_for_any_text(text, lang, age):
    result = coach.check_text(text, lang, age)
    assert set(result) >= {"ok", "score", "issues"}
    for issue in result["issues"]:
        assert issue["text"] in text and issue["kind"] in coach.KINDS


@FAST
@given(st.text(max_size=120))
def test_tokens_of_any_shape_are_unknown_not_errors(db, token):
    try:
        links.check(db, token, "invite")
    except DomainError as err:
        assert err.code == "link"


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@FAST
@given(json_values)
def test_any_story_json_imports_or_is_refused_plainly(db, value):
    blob = zipped({"story.json": json.dumps(value)})
    try:
        exchange.import_story(db, blob, 1)
    except DomainError:
        pass


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_are_not_an_export(db, blob):
    with pytest.raises(DomainError):
        exchange.import_story(db, blob, 1)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "images/../../x", "C:\\x"])
def test_import_refuses_odd_paths(db, name):
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, zipped({"story.json": "{}", name: "x"}), 1)
    assert err.value.code == "import_bad_path"


def test_import_refuses_symlinks(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("story.json", '{"panels": []}')
        link = zipfile.ZipInfo("images/panel-1.jpg")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, out.getvalue(), 1)
    assert err.value.code == "import_bad_path"


def test_import_refuses_a_zip_bomb_before_inflating_it(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.json", '{"panels": []}')
        zf.writestr("images/panel-1.jpg", b"\0" * (20 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, out.getvalue(), 1)
    assert err.value.code == "import_too_big"


story_like = st.fixed_dictionaries({}, optional={
    "title": json_values, "child_name": json_values, "child_age": json_values,
    "language": json_values, "second_language": json_values,
    "panels": st.lists(st.fixed_dictionaries({}, optional={
        "caption": json_values, "caption_2": json_values, "section": json_values,
        "kind": json_values, "picture": json_values, "shared_with_network": json_values,
        "scene": json_values, "image": json_values}), max_size=3)})


@FAST
@given(story_like)
def test_story_shaped_json_with_wrong_types_is_refused_plainly(db, value):
    blob = zipped({"story.json": json.dumps(value)})
    try:
        exchange.import_story(db, blob, 1)
    except DomainError:
        pass


words = st.text(min_size=1, max_size=40)


def mostly(good, bad):
    """Good values seven times in eight, so that many examples get through the checks."""
    return st.integers(0, 7).flatmap(lambda n: bad if n == 0 else good)


plausible_story = st.fixed_dictionaries({
    "title": mostly(words, json_values), "child_name": mostly(words, json_values),
    "child_age": mostly(st.integers(0, 18), st.integers(-1, 19) | json_values),
    "language": mostly(st.sampled_from(["nl", "en"]), st.just("xx")),
    "panels": st.lists(st.fixed_dictionaries({"caption": mostly(words, json_values)}, optional={
        "caption_2": st.none() | words, "section": st.sampled_from(panels.SECTIONS + ("x",)),
        "kind": st.sampled_from(panels.KINDS), "picture": st.none() | st.sampled_from(PICTURES),
        "shared_with_network": st.booleans(), "scene": st.none() | scene_like}), max_size=4)},
    optional={"second_language": st.sampled_from(["", "ar", "tr", "nl"])})


@FAST
@given(plausible_story)
def test_an_accepted_import_keeps_what_was_sent_and_round_trips(db, value):
    try:
        new_id = exchange.import_story(db, zipped({"story.json": json.dumps(value)}), 1)
    except DomainError as err:
        event(f"refused: {err.code}")
        return
    event("accepted")
    content = stories.content(db, new_id)
    assert content["title"] == str(value["title"]).strip()  # numbers are accepted as text
    assert content["child_name"] == str(value["child_name"]).strip()
    assert content["child_age"] == int(str(value["child_age"]))
    assert len(content["panels"]) == len(value["panels"])
    for sent, kept in zip(value["panels"], content["panels"]):
        assert kept["caption"] == str(sent["caption"]).replace("\r\n", "\n").strip()
        assert kept["caption_2"] == ((sent.get("caption_2") or "").replace("\r\n", "\n")
                                     .strip() or None)
        assert kept["section"] == sent.get("section", "happened")
        assert kept["kind"] == sent.get("kind", "picture")
        assert kept["shared_with_network"] is False  # consent does not travel
        scene = scenes.clean(sent.get("scene"))
        assert kept["scene"] == scene
        assert kept["picture"] == (scenes.main_picture(scene) if scene else sent.get("picture"))
    again = exchange.import_story(db, exchange.export_story(db, new_id), 1)
    assert stories.content(db, again) == content


DAMAGEABLE = zipped({"story.json": json.dumps({
    "title": "Het verhaal", "child_name": "Mila", "child_age": 5, "language": "nl",
    "panels": [{"caption": f"Prent {n}.", "section": "happened"} for n in range(8)]})})


@FAST
@given(st.integers(0, len(DAMAGEABLE) - 1), st.integers(1, 255), st.booleans())
def test_a_damaged_export_is_refused_plainly_or_imports_unchanged(db, position, flip, cut):
    blob = bytearray(DAMAGEABLE)
    if cut:
        del blob[position:]
    else:
        blob[position] ^= flip
    try:
        new_id = exchange.import_story(db, bytes(blob), 1)
    except DomainError:
        return
    assert stories.content(db, new_id)["panels"][7]["caption"] == "Prent 7."
    assert stories.content(db, new_id)["title"] == "Het verhaal"
