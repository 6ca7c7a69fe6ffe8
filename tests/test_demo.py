"""The demo story is one a Flemish worker would write: it passes the coach, blame-free."""
from storyboard import coach, demo, library

NAMES = ["Lotte", "Rita", "Bruno", "Els", "Ann", "Gent"]


def test_every_demo_caption_passes_the_coach_for_a_six_year_old():
    for _section, _picture, caption, _shared in demo.PANELS:
        result = coach.check_text(caption, "nl", 6, names=NAMES, child="Lotte")
        assert result["issues"] == [], caption


def test_the_demo_tells_the_whole_story_the_method_asks_for():
    sections = [section for section, *_ in demo.PANELS]
    for section in ("title", "people", "memories", "worries", "happened", "then", "safety",
                    "next"):
        assert section in sections
    captions = " ".join(caption for _s, _p, caption, _sh in demo.PANELS)
    assert "Papa" in captions and "niet de schuld van Lotte" in captions
    assert "drank" not in captions.split()  # a child thinks of lemonade: say alcohol
    assert all(library.exists(picture) for _s, picture, *_ in demo.PANELS)


def test_the_demo_story_travels_through_export_and_import(app, db):
    from storyboard import exchange, panels, stories
    worker, _ = demo.ensure_worker(db, "demo-password-123")
    story_id = demo.ensure_story(db, worker["id"])
    blob = exchange.export_story(db, story_id, app.config["UPLOAD_DIR"])
    copy = exchange.import_story(db, blob, worker["id"], app.config["UPLOAD_DIR"])
    original, imported = stories.content(db, story_id), stories.content(db, copy)
    for panel in original["panels"]:
        panel["shared_with_network"] = False  # an import arrives unshared
    assert imported == original
    assert all(p["picture"] is None or library.exists(p["picture"])
               for p in panels.for_story(db, copy))


def test_the_demo_story_is_told_with_a_cast_each_on_two_pages_or_more(db):
    from storyboard import cast, stories
    worker, _ = demo.ensure_worker(db, "a long demo password")
    story_id = demo.ensure_story(db, worker["id"])
    members = cast.of_story(stories.get(db, story_id))
    names = {m["name"] for m in members}
    assert {"Lotte", "Mama", "Oma Rita", "Juf Els", "Ann"} <= names
    for member in members:
        if member["name"] != "Papa":
            assert len(cast.pages_with(db, story_id, member["id"])) >= 2, member["name"]
