"""Erasing a story removes everything about it; the log keeps only that it happened."""
import io
import json
from pathlib import Path

from PIL import Image

from storyboard import audit, links, network, panels, reviews


def count(db, table, story_id=1):
    return db.execute(f"select count(*) from {table} where story_id = ?", [story_id]).fetchone()[0]


def test_erase_removes_rows_photos_cache_links_and_contributions(app, client, auth, db, runner):
    auth.login()
    panel_id, v = panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title",
                                        "shared_with_network": "1"}, 1, consent_by="parents")
    photo = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(photo, "JPEG")
    auth.post(f"/stories/1/panels/{panel_id}/photo", {"photo": (io.BytesIO(photo.getvalue()), "a.jpg"),
                                                      "version": v}, content_type="multipart/form-data")
    client.get("/stories/1/print")
    _, invite = links.make(db, 1, "invite", "Oma", "oma", "family")
    network.contribute(db, invite, "detail", "De deur is rood.", panel_id)
    _, review = links.make(db, 1, "review", "Sarah")
    reviews.add_comment(db, review, "Mooi.")
    cache = Path(app.config["CACHE_DIR"]) / "story-1"
    assert any(cache.iterdir()) and any(Path(app.config["UPLOAD_DIR"]).iterdir())
    assert runner.invoke(args=["erase", "1", "--yes"]).exit_code == 0
    for table in ("panels", "story_versions", "links", "contributions", "comments", "images",
                  "consents", "agreements"):
        assert count(db, table) == 0, table
    assert list(db["stories"].rows_where("id = 1")) == []
    assert not cache.exists() and list(Path(app.config["UPLOAD_DIR"]).iterdir()) == []
    erased = [r for r in audit.for_story(db, 1) if r["action"] == "story-erased"]
    assert len(erased) == 1 and erased[0]["actor"] == "cli"
    assert "Mila" not in json.dumps(audit.for_story(db, 1))


def test_untouched_stories_are_listed_for_archive_export_or_erase(client, auth, db):
    import zipfile
    auth.login()
    db.execute("update stories set updated = '2020-01-01T00:00:00+00:00' where id = 1")
    page = client.get("/stories").get_data(as_text=True)
    assert 'data-untouched="1"' in page and "12 maanden" in page
    case = client.get("/stories/1/case-file")
    names = zipfile.ZipFile(io.BytesIO(case.data)).namelist()
    assert sorted(names) == ["agreement-record.pdf", "audit-log.csv", "book.pdf"]
    assert b"at,actor,action,detail" in zipfile.ZipFile(io.BytesIO(case.data)).read("audit-log.csv")
    auth.post("/stories/1/archive", {"archived": "1"})
    page = client.get("/stories").get_data(as_text=True)
    assert 'data-untouched="1"' not in page and 'data-archived="1"' in page
    auth.post("/stories/1/archive", {"archived": "0"})
    assert 'data-archived="1"' not in client.get("/stories").get_data(as_text=True)
    actions = [r["action"] for r in audit.for_story(db, 1)]
    assert "story-archived" in actions and "case-file-exported" in actions
