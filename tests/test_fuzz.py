"""Property-based tests on everything that parses input: never a crash, only our own errors."""
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storyboard import exchange, language, links, panels, scenes
from storyboard.errors import DomainError, Invalid

FAST = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=25)


@FAST
@given(st.text(max_size=400))
def test_captions_are_cleaned_or_refused(text):
    try:
        caption = panels.clean_caption(text)
    except Invalid as err:
        assert err.code in ("caption_empty", "caption_too_long")
    else:
        assert caption == caption.strip() and 0 < len(caption) <= panels.CAPTION_MAX


@FAST
@given(json_values)
def test_any_json_value_is_a_scene_or_a_clear_refusal(value):
    try:
        scene = scenes.clean(value)
    except Invalid:
        return
    if scene is not None:
        svg = scenes.draw(scene)
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
    result = language.check_text(text, lang, age)
    assert set(result) >= {"ok", "score", "issues"}
    for issue in result["issues"]:
        assert issue["text"] in text and issue["kind"] in language.KINDS


@FAST
@given(st.text(max_size=120))
def test_tokens_of_any_shape_are_unknown_not_errors(db, token):
    try:
        links.check(db, token, "invite")
    except DomainError as err:
        assert err.code == "link"


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
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
