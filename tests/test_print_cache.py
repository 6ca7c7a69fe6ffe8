"""The render cache forgets: only current and agreed versions stay, deleted photos go at once."""
import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from storyboard import links, panels, reviews, stories
from storyboard.printing import book as printbook
from storyboard.printing import cache
from storyboard.printing.cache import (cached, cached_sheet, cached_sheets, forget_renders, prune,
                                       render_name, story_cache)


class FakeRenderer:
    """Renders instantly; calls during() mid-job, as another request might."""

    def __init__(self, during=None):
        self.jobs = 0
        self.during = during

    def render(self, html, fmt="pdf", landscape=False, on_sheet=None):
        self.jobs += 1
        if self.during:
            self.during()
        if fmt == "sheets":
            sheets = [b"\x89PNG one", b"\x89PNG two"]
            for number, png in enumerate(sheets, start=1):
                if on_sheet:
                    on_sheet(number, png)
            return sheets
        return f"{fmt}:{html}".encode()


def renders(folder):
    """Return the names of the renders in a folder, hidden bookkeeping left out."""
    folder = Path(folder)
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) \
        if folder.exists() else []


def version_of(name):
    return int(name.split("-")[0][1:])


def test_a_render_is_named_after_its_version_and_slot(tmp_path):
    fake = FakeRenderer()
    assert cached(fake, tmp_path, "<p>een</p>", version=3, slot="book-single-child") == \
        b"pdf:<p>een</p>"
    [name] = renders(tmp_path)
    assert name.startswith("v3-book-single-child-") and name.endswith(".pdf")
    assert cached(fake, tmp_path, "<p>een</p>", version=3, slot="book-single-child")
    assert fake.jobs == 1
    with pytest.raises(ValueError):
        render_name("a" * 64, "pdf", 3, "../../etc")


def test_a_new_render_keeps_only_current_and_agreed_versions(tmp_path):
    fake = FakeRenderer()
    for version in (1, 2, 3):
        cached(fake, tmp_path, f"<p>versie {version}</p>", version=version, keep={1, version})
    cached(fake, tmp_path, "<p>record</p>")  # of no known version
    assert sorted(version_of(n) for n in renders(tmp_path) if n.startswith("v")) == [1, 3]
    cached(fake, tmp_path, "<p>versie 4</p>", version=4, keep={1})
    assert sorted(version_of(n) for n in renders(tmp_path)) == [1, 4]  # record went too


def test_a_newer_render_of_the_same_slot_replaces_the_older(tmp_path):
    fake = FakeRenderer()
    cached(fake, tmp_path, "<p>plan, eerste</p>", version=2, keep={2}, slot="plan")
    cached(fake, tmp_path, "<p>boek</p>", version=2, keep={2}, slot="book-single-child")
    cached(fake, tmp_path, "<p>plan, nieuw</p>", version=2, keep={2}, slot="plan")
    names = renders(tmp_path)
    assert sorted(n.split("-")[1] for n in names) == ["book", "plan"]
    [plan] = [n for n in names if n.startswith("v2-plan-")]
    assert (tmp_path / plan).read_bytes() == b"pdf:<p>plan, nieuw</p>"


def test_prune_removes_half_written_files_of_crashed_jobs_only_when_stale(tmp_path):
    stale, fresh = tmp_path / ".tmp-old", tmp_path / ".tmp-new"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    prune(tmp_path, {1})
    assert not stale.exists() and fresh.exists()


def test_forget_renders_removes_a_storys_renders_and_no_other(tmp_path):
    fake = FakeRenderer()
    cached(fake, story_cache(tmp_path, 1), "<p>een</p>", version=1)
    cached_sheets(fake, story_cache(tmp_path, 1), "<p>een</p>", version=1)
    cached(fake, story_cache(tmp_path, 2), "<p>twee</p>", version=1)
    forget_renders(tmp_path, 1)
    assert not story_cache(tmp_path, 1).exists()
    assert len(renders(story_cache(tmp_path, 2))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story-2"]  # no trash left behind
    forget_renders(tmp_path, 1)  # nothing left to forget: fine


def test_a_render_in_flight_when_its_story_is_forgotten_is_not_stored(tmp_path):
    folder = story_cache(tmp_path, 1)
    fake = FakeRenderer(during=lambda: forget_renders(tmp_path, 1))
    assert cached(fake, folder, "<p>met de foto</p>", version=1) == b"pdf:<p>met de foto</p>"
    assert cached_sheets(fake, folder, "<p>met de foto</p>", version=1) == []
    assert renders(folder) == []
    fake.during = None
    assert len(cached_sheets(fake, folder, "<p>zonder</p>", version=1)) == 2


def pruned_between_look_and_read(monkeypatch):
    """Make the first look at a stored set find it, and the set vanish before it is read."""
    import shutil
    real, looks = cache._sheet_paths, []

    def look(path):
        found = real(path)
        if found and not looks:
            shutil.rmtree(path)   # another request, or another process, pruned it just now
        looks.append(path)
        return found
    monkeypatch.setattr(cache, "_sheet_paths", look)


def test_a_preview_set_pruned_while_it_is_read_is_made_again_not_an_error(tmp_path, monkeypatch):
    fake = FakeRenderer()
    assert len(cached_sheets(fake, tmp_path, "<p>een</p>", version=1)) == 2
    pruned_between_look_and_read(monkeypatch)
    assert cached_sheet(fake, tmp_path, "<p>een</p>", 2, version=1) == b"\x89PNG two"
    assert fake.jobs == 2   # rendered again, in the background, instead of a FileNotFoundError


def test_stored_sheets_pruned_while_they_are_read_are_rendered_again(tmp_path, monkeypatch):
    fake, heard = FakeRenderer(), []
    cached_sheets(fake, tmp_path, "<p>een</p>", version=1)
    pruned_between_look_and_read(monkeypatch)
    cached_sheets(fake, tmp_path, "<p>een</p>", version=1,
                  on_sheet=lambda number, png: heard.append((number, png)))
    assert heard == [(1, b"\x89PNG one"), (2, b"\x89PNG two")] and fake.jobs == 2


def test_kept_versions_are_the_current_and_the_agreed_ones(db):
    version = 1
    for text in ("Een.", "Twee."):
        _, version = panels.add(db, 1, version, {"caption": text, "section": "people"}, 1)
    _, link = links.make(db, 1, "review", "Sarah")
    reviews.decide(db, link, version, True, name="Sarah")
    _, other = links.make(db, 1, "review", "Tom")
    reviews.decide(db, other, version, False, reason="Nog niet.")
    agreed = version
    _, version = panels.add(db, 1, version, {"caption": "Drie.", "section": "people"}, 1)
    assert printbook.kept_versions(db, 1) == {agreed, version}


def story_renders(app):
    return renders(story_cache(app.config["CACHE_DIR"], 1))


def test_printing_a_changed_story_forgets_the_unagreed_versions(app, client, auth, db):
    auth.login()
    _, version = panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title"}, 1)
    assert client.get("/stories/1/print").status_code == 200
    assert client.get("/stories/1/print/preview/1.png").status_code == 200
    _, review = links.make(db, 1, "review", "Sarah")
    reviews.decide(db, review, version, True, name="Sarah")
    agreed = version
    _, version = panels.add(db, 1, version, {"caption": "Mila woont bij oma.",
                                             "section": "safety"}, 1)
    assert client.get("/stories/1/print").status_code == 200
    _, version = panels.add(db, 1, version, {"caption": "Oma helpt.", "section": "safety"}, 1)
    assert client.get("/stories/1/print").status_code == 200
    kept = {version_of(name) for name in story_renders(app)}
    assert kept == {agreed, version}


def tiny_photo():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, "JPEG")
    return out.getvalue()


def upload(auth, db, panel_id):
    reply = auth.post(f"/stories/1/panels/{panel_id}/photo",
                      {"photo": (io.BytesIO(tiny_photo()), "kat.jpg"),
                       "version": stories.get(db, 1)["version"]},
                      json_reply=True, content_type="multipart/form-data")
    assert reply.status_code == 200
    return reply.json["image_id"]


def printed(client, app):
    assert client.get("/stories/1/print").status_code == 200
    assert client.get("/stories/1/print/preview/1.png").status_code == 200
    assert story_renders(app)


@pytest.mark.parametrize("change", ["delete", "replace", "retune"])
def test_renders_holding_a_photo_go_when_the_photo_does(app, client, auth, db, change):
    auth.login()
    panel_id, _ = panels.add(db, 1, 1, {"caption": "Dit is Minou.", "section": "people"}, 1)
    image_id = upload(auth, db, panel_id)
    _, review = links.make(db, 1, "review", "Sarah")
    reviews.decide(db, review, stories.get(db, 1)["version"], True, name="Sarah")  # kept, too
    printed(client, app)
    if change == "delete":
        reply = auth.post(f"/stories/1/panels/{panel_id}/photo/delete",
                          {"version": stories.get(db, 1)["version"]}, json_reply=True)
    elif change == "replace":
        upload(auth, db, panel_id)
        reply = None
    else:
        reply = auth.post(f"/stories/1/images/{image_id}/detail",
                          {"detail": "5", "panel": panel_id}, json_reply=True)
    assert reply is None or reply.status_code == 200
    assert story_renders(app) == []
