"""Panels: captions, pictures, sections and order."""
import pytest

from storyboard import audit, network, panels, stories
from storyboard.errors import Conflict, Invalid


def add(db, caption, version=None, consent_by=None, **extra):
    version = version or stories.get(db, 1)["version"]
    return panels.add(db, 1, version, dict({"caption": caption, "section": "happened"}, **extra),
                      1, consent_by=consent_by)


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
    shared_id, _ = add(db, "Twee.", shared_with_network="on", consent_by="mother")
    assert panels.get(db, 1, shared_id)["shared_with_network"] == 1
    assert [c["who"] for c in network.consent_log(db, 1)] == ["mother"]


def test_no_panel_is_added_shared_without_a_recorded_agreement(db):
    before = (captions(db), stories.get(db, 1)["version"])
    for who in (None, "", "neighbour"):
        with pytest.raises(Invalid) as err:
            add(db, "Gedeeld.", shared_with_network="1", consent_by=who)
        assert err.value.code == "consent_needed"
    assert (captions(db), stories.get(db, 1)["version"]) == before
    assert network.consent_log(db, 1) == []


def test_sharing_on_save_needs_an_agreement_and_logs_only_real_changes(db):
    panel_id, v = add(db, "Een.")
    with pytest.raises(Invalid):
        panels.update(db, 1, panel_id, v, {"shared_with_network": "1"}, 1)
    assert panels.get(db, 1, panel_id)["shared_with_network"] == 0
    v = panels.update(db, 1, panel_id, v, {"shared_with_network": "1"}, 1, consent_by="father")
    v = panels.update(db, 1, panel_id, v, {"shared_with_network": "1", "caption": "Twee."}, 1)
    for _ in range(3):  # autosaves of an unshared panel write no log rows
        v = panels.update(db, 1, panel_id, v, {"shared_with_network": "0"}, 1)
    actions = [r["action"] for r in audit.for_story(db, 1)]
    assert actions.count("panel-shared") == 1 and actions.count("panel-unshared") == 1


def test_a_story_holds_at_most_200_panels(db):
    v = stories.get(db, 1)["version"]
    for n in range(panels.MAX_PANELS):
        _, v = add(db, f"Prent {n}.", version=v)
    with pytest.raises(Invalid) as err:
        add(db, "Eén te veel.", version=v)
    assert err.value.code == "too_many_panels" and len(captions(db)) == panels.MAX_PANELS


def test_a_place_that_is_not_a_number_is_refused_plainly(db):
    for after in ("abc", str(2**70), "-1", "²"):
        with pytest.raises(Invalid) as err:
            panels.add(db, 1, stories.get(db, 1)["version"],
                       {"caption": "Na wat?", "section": "happened"}, 1, after=after)
        assert err.value.code == "after_invalid"
    assert captions(db) == []


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
