"""Stories: validation, ownership, optimistic versions, snapshots."""
import pytest

from storyboard import panels, stories
from storyboard.errors import Conflict, Invalid, NotFound

VALID = {"title": "Het verhaal van Noor", "child_name": "Noor", "child_age": "7",
         "language": "nl"}


def test_create_stores_cleaned_fields_and_first_version(db):
    story_id = stories.create(db, 1, dict(VALID, title="  Het verhaal van Noor "))
    story = stories.get(db, story_id)
    assert story["title"] == "Het verhaal van Noor"
    assert story["child_age"] == 7
    assert story["version"] == 1
    assert [v["version"] for v in stories.versions(db, story_id)] == [1]


@pytest.mark.parametrize("change, code", [
    ({"child_name": " "}, "child_name_required"),
    ({"title": "x" * 121}, "title_too_long"),
    ({"child_age": "zes"}, "age_invalid"),
    ({"child_age": "19"}, "age_invalid"),
    ({"language": "fr"}, "language_invalid"),
    ({"second_language": "klingon-xx"}, "second_language_invalid"),
])
def test_create_refuses_bad_fields(db, change, code):
    with pytest.raises(Invalid) as err:
        stories.create(db, 1, dict(VALID, **change))
    assert err.value.code == code


def test_second_language_may_be_right_to_left_and_same_language_is_dropped(db):
    arabic = stories.get(db, stories.create(db, 1, dict(VALID, second_language="AR")))
    assert arabic["second_language"] == "ar"
    same = stories.get(db, stories.create(db, 1, dict(VALID, second_language="nl")))
    assert same["second_language"] is None


def test_another_workers_story_is_not_found(db):
    with pytest.raises(NotFound):
        stories.get_for_owner(db, 1, 2)
    assert stories.get_for_owner(db, 1, 1)["child_name"] == "Mila"


def test_stale_version_is_refused_and_changes_nothing(db):
    version = stories.update(db, 1, 1, dict(VALID, title="Eerste titel"), 1)
    assert version == 2
    with pytest.raises(Conflict) as err:
        stories.update(db, 1, 1, dict(VALID, title="Tweede titel"), 1)
    assert err.value.current == 2
    assert stories.get(db, 1)["title"] == "Eerste titel"


def test_delete_removes_panels_and_versions(db):
    panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title"}, 1)
    stories.delete(db, 1)
    for table in ("stories", "panels", "story_versions"):
        assert db.execute(f"select count(*) from {table} where "
                          f"{'id' if table == 'stories' else 'story_id'} = 1").fetchone()[0] == 0


def test_content_hash_follows_the_words_not_the_ids(db):
    before = stories.content_hash(stories.content(db, 1))
    panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title"}, 1)
    after = stories.content_hash(stories.content(db, 1))
    assert before != after
    assert after == stories.content_hash(stories.content(db, 1))


def test_every_change_keeps_a_snapshot(db):
    _, v = panels.add(db, 1, 1, {"caption": "Eén.", "section": "title"}, 1)
    panels.add(db, 1, v, {"caption": "Twee.", "section": "people"}, 1)
    rows = list(db.query("select version, snapshot from story_versions where story_id = 1 "
                         "order by version"))
    assert [r["version"] for r in rows] == [1, 2, 3]
    assert "Twee." in rows[-1]["snapshot"] and "Twee." not in rows[1]["snapshot"]


def test_an_empty_title_follows_the_childs_name_in_the_storys_language(db):
    nl = stories.create(db, 1, {"title": " ", "child_name": "Amir", "child_age": 5,
                                "language": "nl"})
    en = stories.create(db, 1, {"child_name": "Amir", "child_age": 5, "language": "en"})
    assert stories.get(db, nl)["title"] == "Het verhaal van Amir"
    assert stories.get(db, en)["title"] == "The story of Amir"
    typed = stories.create(db, 1, {"title": "Amir en de nieuwe school", "child_name": "Amir",
                                   "child_age": 5, "language": "nl"})
    assert stories.get(db, typed)["title"] == "Amir en de nieuwe school"
