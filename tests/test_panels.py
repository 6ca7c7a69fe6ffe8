"""Panels: captions, pictures, sections and order."""
import pytest

from storyboard import panels, stories
from storyboard.errors import Conflict, Invalid


def add(db, caption, version=None, **extra):
    version = version or stories.get(db, 1)["version"]
    return panels.add(db, 1, version, dict({"caption": caption, "section": "happened"}, **extra), 1)


def captions(db):
    return [p["caption"] for p in panels.for_story(db, 1)]


def test_added_panels_keep_their_order_and_bump_the_version(db):
    for text in ("Een.", "Twee.", "Drie."):
        add(db, text)
    assert captions(db) == ["Een.", "Twee.", "Drie."]
    assert stories.get(db, 1)["version"] == 4


def test_add_after_a_panel_inserts_it_there(db):
    first, _ = add(db, "Een.")
    add(db, "Drie.")
    panels.add(db, 1, stories.get(db, 1)["version"], {"caption": "Twee.", "section": "then"},
               1, after=first)
    assert captions(db) == ["Een.", "Twee.", "Drie."]


@pytest.mark.parametrize("caption, code", [
    ("", "caption_empty"), ("   \n ", "caption_empty"), ("a" * 301, "caption_too_long")])
def test_bad_captions_are_refused(db, caption, code):
    with pytest.raises(Invalid) as err:
        add(db, caption)
    assert err.value.code == code
    assert captions(db) == []


def test_caption_at_the_limit_is_kept_whole(db):
    add(db, "a" * panels.CAPTION_MAX)
    assert captions(db) == ["a" * 300]


def test_unknown_picture_and_section_are_refused(db):
    with pytest.raises(Invalid):
        add(db, "Een.", picture="unicorn-that-is-not-there")
    with pytest.raises(Invalid):
        add(db, "Een.", section="epilogue")


def test_shared_with_network_is_off_by_default(db):
    panel_id, _ = add(db, "Een.")
    assert panels.get(db, 1, panel_id)["shared_with_network"] == 0
    shared_id, _ = add(db, "Twee.", shared_with_network="on")
    assert panels.get(db, 1, shared_id)["shared_with_network"] == 1


def test_update_changes_only_given_fields(db):
    panel_id, v = add(db, "Een.", picture="house")
    panels.update(db, 1, panel_id, v, {"caption": "Het huis van oma."}, 1)
    panel = panels.get(db, 1, panel_id)
    assert (panel["caption"], panel["picture"]) == ("Het huis van oma.", "house")


def test_update_on_a_stale_version_overwrites_nothing(db):
    panel_id, v = add(db, "Een.")
    panels.update(db, 1, panel_id, v, {"caption": "Tab één."}, 1)
    with pytest.raises(Conflict):
        panels.update(db, 1, panel_id, v, {"caption": "Tab twee."}, 1)
    assert captions(db) == ["Tab één."]


def test_move_up_and_down(db):
    ids = [add(db, t)[0] for t in ("A.", "B.", "C.")]
    panels.move(db, 1, ids[2], -1, stories.get(db, 1)["version"], 1)
    assert captions(db) == ["A.", "C.", "B."]
    panels.move(db, 1, ids[0], +1, stories.get(db, 1)["version"], 1)
    assert captions(db) == ["C.", "A.", "B."]
    panels.move(db, 1, ids[2], -1, stories.get(db, 1)["version"], 1)
    assert captions(db) == ["C.", "A.", "B."]  # already first: stays


def test_reorder_needs_every_panel_exactly_once(db):
    ids = [add(db, t)[0] for t in ("A.", "B.", "C.")]
    version = stories.get(db, 1)["version"]
    for bad in ([ids[0], ids[1]], [ids[0], ids[0], ids[1]], ids + [999], ["x"]):
        with pytest.raises(Invalid):
            panels.reorder(db, 1, bad, version, 1)
    panels.reorder(db, 1, [ids[2], ids[0], ids[1]], version, 1)
    assert captions(db) == ["C.", "A.", "B."]


def test_delete_closes_the_gap_in_positions(db):
    ids = [add(db, t)[0] for t in ("A.", "B.", "C.")]
    panels.delete(db, 1, ids[1], stories.get(db, 1)["version"], 1)
    assert [(p["caption"], p["position"]) for p in panels.for_story(db, 1)] == [("A.", 0), ("C.", 1)]
