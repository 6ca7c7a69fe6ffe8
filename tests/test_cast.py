"""A story's people: defined once, placed on many pages, changed everywhere at once."""
import json
import re

import pytest

from storyboard import cast, exchange, panels, scenes, stories
from storyboard.errors import Invalid, NotFound


def version(db):
    return stories.get(db, 1)["version"]


def add_person(db, name="Oma Rita", figure="adult", parts=("hair-bun",)):
    member_id, _ = cast.add(db, 1, version(db), {"name": name, "figure": figure,
                                                 "parts": list(parts)}, 1)
    return member_id


def page_with(db, member_id, **placed):
    panel_id, new_version = panels.add(db, 1, version(db), {"caption": "Oma Rita komt.",
                                                            "section": "people"}, 1)
    scene = {"items": [dict({"cast": member_id, "x": 0.4, "y": 0.6}, **placed)]}
    panels.update(db, 1, panel_id, new_version, {"scene": json.dumps(scene)}, 1)
    return panel_id


def drawn(db, panel_id):
    story = stories.get(db, 1)
    return scenes.draw(panels.scene_of(panels.get(db, 1, panel_id)),
                       cast=cast.of_story(story))


def test_a_person_gets_an_id_from_their_name_and_is_kept_with_the_story(db):
    first = add_person(db)
    second = add_person(db, name="Oma  Rita")
    assert (first, second) == ("oma-rita", "oma-rita-2")
    assert [m["name"] for m in cast.of_story(stories.get(db, 1))] == ["Oma Rita", "Oma Rita"]
    assert cast.new_id("Émile & Zoë", set()) == "emile-zoe"
    assert cast.new_id("مريم", set()) == "persoon"


def test_changing_a_person_changes_every_page_that_shows_them(db):
    rita = add_person(db, parts=["hair-bun"])
    one, two = page_with(db, rita), page_with(db, rita, pose="sitting", feeling="happy")
    before = drawn(db, one), drawn(db, two)
    assert all("Oma Rita" in svg for svg in before)
    cast.update(db, 1, rita, version(db), {"name": "Oma Fatima", "figure": "adult",
                                           "parts": ["headscarf"]}, 1)
    after = drawn(db, one), drawn(db, two)
    assert all("Oma Fatima" in svg and "Oma Rita" not in svg for svg in after)
    assert all(a != b for a, b in zip(before, after))
    # The pose and the feeling belong to the page; who she is belongs to the cast.
    assert panels.scene_of(panels.get(db, 1, two))["items"][0]["pose"] == "sitting"


def test_a_placed_person_draws_as_the_posed_figure_with_their_details(db):
    rita = add_person(db, parts=["glasses", "wheelchair"])
    placed = {"cast": rita, "x": 0.5, "y": 0.5, "scale": 1, "flip": False, "pose": "sitting",
              "feeling": "sad"}
    item = cast.as_item(placed, cast.of_story(stories.get(db, 1))[0])
    assert item["id"] == "figure-adult-sitting"
    assert item["parts"] == ["glasses"]   # a wheelchair goes with the standing figure only
    assert item["label"] == "Oma Rita" and item["feeling"] == "sad"


@pytest.mark.parametrize("placed, code", [
    ({"cast": "nobody", "x": 0.5}, "scene_unknown_person"),
    ({"cast": 7}, "scene_unknown_person"),
    ({"cast": "oma-rita", "pose": "flying"}, "scene_unknown_pose"),
    ({"cast": "oma-rita", "pose": "crawling"}, "scene_unknown_pose"),   # babies crawl
    ({"cast": "oma-rita", "label": "Someone else"}, "scene_bad_json"),
    ({"cast": "oma-rita", "parts": ["glasses"]}, "scene_bad_json"),
    ({"cast": "oma-rita", "x": 3}, "scene_out_of_range"),
])
def test_hostile_or_stale_placements_are_refused_plainly(db, placed, code):
    add_person(db)
    with pytest.raises(Invalid) as refused:
        scenes.clean({"items": [placed]}, cast.of_story(stories.get(db, 1)))
    assert refused.value.code == code


@pytest.mark.parametrize("data, code", [
    ({"name": "", "figure": "adult"}, "cast_name_empty"),
    ({"name": "x" * 25, "figure": "adult"}, "cast_name_too_long"),
    ({"name": "Mama", "figure": "dragon"}, "cast_invalid"),
    ({"name": "Mama", "figure": "baby", "parts": ["wheelchair"]}, "scene_unknown_part"),
    ({"name": "Mama", "figure": "adult", "parts": ["expr-happy"]}, "scene_unknown_part"),
    ({"name": "Mama", "figure": "adult", "parts": "glasses"}, "cast_too_many_parts"),
])
def test_bad_people_are_refused_and_nothing_changes(db, data, code):
    before = version(db)
    with pytest.raises(Invalid) as refused:
        cast.add(db, 1, before, data, 1)
    assert refused.value.code == code
    assert version(db) == before and cast.of_story(stories.get(db, 1)) == []


def test_a_person_on_a_page_cannot_be_removed_and_the_pages_are_named(db):
    rita = add_person(db)
    page_with(db, rita)
    page_with(db, rita)
    with pytest.raises(Invalid) as refused:
        cast.remove(db, 1, rita, version(db), 1)
    assert refused.value.code == "cast_in_use" and refused.value.params["pages"] == "1, 2"
    with pytest.raises(NotFound):
        cast.remove(db, 1, "nobody", version(db), 1)


def test_the_cast_is_in_every_version_and_a_restore_brings_it_back(db):
    rita = add_person(db)
    kept = version(db)
    cast.update(db, 1, rita, kept, {"name": "Oma Fatima", "figure": "adult"}, 1)
    assert stories.snapshot(db, 1, kept)["cast"][0]["name"] == "Oma Rita"
    stories.restore(db, 1, kept, version(db), 1)
    assert cast.of_story(stories.get(db, 1))[0]["name"] == "Oma Rita"


def test_export_carries_the_cast_and_import_keeps_it(db):
    rita = add_person(db, parts=["headscarf"])
    page_with(db, rita, pose="hugging")
    data = json.loads(_story_json(exchange.export_story(db, 1)))
    assert data["cast"] == [{"id": "oma-rita", "name": "Oma Rita", "figure": "adult",
                             "parts": ["headscarf"]}]
    assert data["panels"][0]["scene"]["items"][0]["cast"] == "oma-rita"
    new_id = exchange.import_story(db, exchange.export_story(db, 1), owner_id=2)
    copy = stories.get(db, new_id)
    assert cast.of_story(copy) == data["cast"]
    [panel] = panels.for_story(db, new_id)
    assert "Oma Rita" in scenes.draw(panels.scene_of(panel), cast=cast.of_story(copy))


def test_an_import_placing_someone_not_in_its_cast_is_refused(db):
    rita = add_person(db)
    page_with(db, rita)
    blob = exchange.export_story(db, 1)
    data = json.loads(_story_json(blob))
    data["cast"] = []
    with pytest.raises(Invalid) as refused:
        exchange.import_story(db, _zip(data), owner_id=2)
    assert refused.value.code == "scene_unknown_person"


def _story_json(blob):
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return zf.read("story.json")


def _zip(data):
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("story.json", json.dumps(data))
    return buffer.getvalue()


# --- through the web ------------------------------------------------------------------------

def test_the_people_page_adds_changes_and_refuses_with_the_text_kept(client, auth, db):
    auth.login()
    page = client.get("/stories/1/people").get_data(as_text=True)
    assert "Een persoon toevoegen" in page or "Add a person" in page
    reply = auth.post("/stories/1/people", {"name": "Mama", "figure": "adult",
                                            "parts": ["hair-long"], "version": version(db)})
    assert reply.status_code == 302
    assert cast.of_story(stories.get(db, 1))[0]["parts"] == ["hair-long"]
    reply = auth.post("/stories/1/people", {"name": "x" * 30, "figure": "child",
                                            "version": version(db)})
    assert reply.status_code == 400
    assert "x" * 30 in reply.get_data(as_text=True)   # what was typed is still in the form
    stale = auth.post("/stories/1/people/mama", {"name": "Mama Sara", "figure": "adult",
                                                 "version": version(db) - 1})
    assert stale.status_code == 409 and "Mama Sara" in stale.get_data(as_text=True)


def test_another_worker_cannot_see_or_change_the_people(client, auth, db):
    add_person(db)
    auth.login("b@example.org", "another long password")
    assert client.get("/stories/1/people").status_code == 404
    reply = auth.post("/stories/1/people/oma-rita", {"name": "Hacked", "version": version(db)})
    assert reply.status_code == 404
    assert cast.of_story(stories.get(db, 1))[0]["name"] == "Oma Rita"


def test_the_editor_offers_the_people_and_puts_one_in_free_space_without_script(client, auth,
                                                                                  db):
    rita = add_person(db)
    mama = add_person(db, name="Mama")
    panel_id, _ = panels.add(db, 1, version(db), {"caption": "Samen.", "section": "people"}, 1)
    auth.login()
    page = client.get(f"/stories/1?panel={panel_id}").get_data(as_text=True)
    assert f'data-add-cast="{rita}"' in page and f'data-add-cast="{mama}"' in page
    for member in (rita, mama):
        reply = auth.post(f"/stories/1/panels/{panel_id}", {"add_cast": member,
                                                            "version": version(db)})
        assert reply.status_code == 302
    items = panels.scene_of(panels.get(db, 1, panel_id))["items"]
    assert [i["cast"] for i in items] == [rita, mama]
    assert abs(items[0]["x"] - items[1]["x"]) >= 0.2   # not stacked on one another
    svg = client.get(f"/stories/1?panel={panel_id}").get_data(as_text=True)
    assert re.search(r"Oma Rita.*Mama|Mama.*Oma Rita", svg, re.S)
