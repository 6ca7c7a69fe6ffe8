"""Export, import and backup."""
import io
import json
import sqlite3
import struct
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from PIL import Image
from skimage import data as samples

from storyboard import db as database
from storyboard import exchange, lineart, panels, stories, uploads
from storyboard.errors import Invalid
from storyboard.error_texts import message


def exported(story, photos=None, compression=zipfile.ZIP_STORED):
    """Return a zip holding story.json and the given {name: bytes} photos."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        zf.writestr("story.json", json.dumps(story) if not isinstance(story, str) else story)
        for name, blob in (photos or {}).items():
            zf.writestr(name, blob)
    return out.getvalue()


def message_in(app, err, locale):
    with app.test_request_context(), force_locale(locale):
        return message(err)


def fill(db):
    v = stories.update(db, 1, 1, {"title": "Het verhaal van Mila", "child_name": "Mila",
                                  "child_age": 5, "language": "nl", "second_language": "ar"}, 1)
    _, v = panels.add(db, 1, v, {"caption": "Dag Mila.", "section": "title", "picture": "girl",
                                 "shared_with_network": "1"}, 1, consent_by="parents")
    panel_id, v = panels.add(db, 1, v, {"caption": "Mama is ziek.", "section": "happened"}, 1)
    panels.update(db, 1, panel_id, v, {"caption_2": "ماما مريضة."}, 1)


def test_export_holds_story_json_with_the_contract_fields(db):
    fill(db)
    with zipfile.ZipFile(io.BytesIO(exchange.export_story(db, 1))) as zf:
        data = json.loads(zf.read("story.json"))
    for key in ("title", "child_name", "child_age", "language", "second_language", "panels"):
        assert key in data
    first, second = data["panels"]
    assert first["shared_with_network"] is True and second["shared_with_network"] is False
    assert first["picture"] == "girl" and second["caption_2"] == "ماما مريضة."
    assert first["caption_2"] is None and first["section"] == "title"


def unshared(content):
    return dict(content, panels=[dict(p, shared_with_network=False) for p in content["panels"]])


def test_import_gives_back_a_new_story_with_the_same_content(db):
    fill(db)
    new_id = exchange.import_story(db, exchange.export_story(db, 1), owner_id=2)
    assert new_id != 1
    assert stories.content(db, new_id) == unshared(stories.content(db, 1))
    assert stories.get(db, new_id)["owner_id"] == 2
    assert stories.get(db, new_id)["version"] == 1


def test_an_import_arrives_unshared_whatever_story_json_says(db):
    fill(db)
    blob = exported({"title": "T", "child_name": "K", "child_age": 4, "language": "nl",
                     "panels": [{"caption": "Gedeeld.", "section": "title",
                                 "shared_with_network": value} for value in (True, 1, "1", "on")]})
    new_id = exchange.import_story(db, blob, 1)
    assert [p["shared_with_network"] for p in panels.for_story(db, new_id)] == [0, 0, 0, 0]
    assert stories.snapshot(db, new_id, 1)["panels"][0]["shared_with_network"] is False


def story_with(count):
    return {"title": "T", "child_name": "K", "child_age": 4, "language": "nl",
            "panels": [{"caption": f"Prent {n}.", "section": "happened"} for n in range(count)]}


def test_an_import_with_too_many_panels_is_refused_plainly(app, db):
    assert len(panels.for_story(db, exchange.import_story(
        db, exported(story_with(panels.MAX_PANELS)), 1))) == panels.MAX_PANELS
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, exported(story_with(panels.MAX_PANELS + 1)), 1)
    assert err.value.code == "import_too_many_panels"
    assert "more than 200 panels" in message_in(app, err.value, "en")
    assert "meer dan 200 prenten" in message_in(app, err.value, "nl")


@pytest.mark.parametrize("blob, code", [
    (b"not a zip at all", "import_not_zip"),
    (None, "import_no_story"),
    ("{broken", "import_bad_json"),
    ('{"title": "x"}', "import_bad_json"),
])
def test_import_refuses_malformed_files_with_a_reason(db, blob, code):
    if blob is None or isinstance(blob, str):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("other.txt" if blob is None else "story.json", blob or "x")
        blob = buffer.getvalue()
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, blob, 1)
    assert err.value.code == code
    assert len(stories.list_for_owner(db, 1)) == 1


def test_import_validates_captions_like_the_editor(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("story.json", json.dumps({
            "title": "T", "child_name": "K", "child_age": 4, "language": "nl",
            "panels": [{"caption": "x" * 999, "section": "title"}]}))
    with pytest.raises(Invalid):
        exchange.import_story(db, buffer.getvalue(), 1)


def row_counts(conn):
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                        "and name not like 'sqlite_%'")]
    return {n: conn.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}


def test_backup_is_a_complete_readable_copy(db, tmp_path):
    fill(db)
    (tmp_path / "copies").mkdir()
    out = tmp_path / "copies" / "backup.db"
    counts = exchange.backup(db, out)
    copy = sqlite3.connect(out)
    assert copy.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert row_counts(copy) == row_counts(db.conn) == counts
    assert counts["panels"] == 2 and counts["story_versions"] >= 4
    copy.close()
    assert [p.name for p in out.parent.iterdir()] == ["backup.db"]


class CopiesNothing:
    """A connection whose backup copies nothing, as a full disk or a broken copy would."""

    def __init__(self, conn):
        self._conn = conn

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def backup(self, target):
        pass


def test_a_backup_that_does_not_check_out_is_refused_and_not_kept(db, tmp_path):
    fill(db)
    (tmp_path / "copies").mkdir()
    out = tmp_path / "copies" / "backup.db"
    with pytest.raises(Invalid) as err:
        exchange.backup(SimpleNamespace(conn=CopiesNothing(db.conn)), out)
    assert err.value.code == "backup_failed"
    assert list(out.parent.iterdir()) == []


def test_export_and_import_through_the_editor(client, auth, db):
    fill(db)
    auth.login()
    blob = client.get("/stories/1/export").data
    response = auth.post("/stories/import", {"file": (io.BytesIO(blob), "mila.zip")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    assert len(stories.list_for_owner(db, 1)) == 2
    bad = auth.post("/stories/import", {"file": (io.BytesIO(b"nonsense"), "x.zip")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "geen zipbestand" in bad.get_data(as_text=True)


# --- hostile and damaged zips -------------------------------------------------------------

GOOD = {"title": "T", "child_name": "K", "child_age": 4, "language": "nl",
        "panels": [{"caption": "Dag.", "section": "title"}]}
WITH_PHOTO = dict(GOOD, panels=[dict(GOOD["panels"][0], image={"original": "images/a.jpg",
                                                                 "detail": 3})])
CENTRAL = b"PK\x01\x02"


def patched(blob, name, local_at, central_at, value):
    """Set a 2-byte field of one member's local and central headers, as another tool might."""
    data = bytearray(blob)
    info = zipfile.ZipFile(io.BytesIO(blob)).getinfo(name)
    struct.pack_into("<H", data, info.header_offset + local_at, value)
    central = data.index(CENTRAL)
    while data[central + 46:central + 46 + len(name)] != name.encode():
        central = data.index(CENTRAL, central + 4)
    struct.pack_into("<H", data, central + central_at, value)
    return bytes(data)


def hostile(kind):
    blob = exported(GOOD)
    if kind == "encrypted":
        return patched(blob, "story.json", 6, 8, 0x1)
    if kind == "bad-crc":
        return blob.replace(b'"title": "T"', b'"title": "X"')
    if kind == "unknown-compression":
        return patched(blob, "story.json", 8, 10, 99)
    if kind == "huge-number":
        return exported(json.dumps(GOOD)[:-1] + ', "format": ' + "9" * 5000 + "}")
    if kind == "huge-age":
        return exported(json.dumps(GOOD).replace('"child_age": 4', '"child_age": ' + "4" * 5000))
    if kind == "truncated":
        return blob[:len(blob) // 2]
    if kind == "corrupt-photo":
        photo = exported(WITH_PHOTO, {"images/a.jpg": jpeg("chelsea")}, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipFile(io.BytesIO(photo)).getinfo("images/a.jpg")
        middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
        return photo[:middle] + bytes(64) + photo[middle + 64:]  # a damaged copy
    raise AssertionError(kind)


HOSTILE = {"encrypted": "import_encrypted", "bad-crc": "import_damaged",
           "unknown-compression": "import_compression", "huge-number": "import_bad_json",
           "huge-age": "import_bad_json", "truncated": "import_damaged",
           "corrupt-photo": "import_damaged"}


def jpeg(name):
    out = io.BytesIO()
    Image.fromarray(getattr(samples, name)()).convert("RGB").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_or_damaged_zip_is_refused_with_its_own_reason(app, db, kind):
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, hostile(kind), 1, app.config["UPLOAD_DIR"])
    assert err.value.code == HOSTILE[kind]
    assert len(stories.list_for_owner(db, 1)) == 1
    sentence = message_in(app, err.value, "nl")
    assert sentence and "\n" not in sentence and "Something went wrong" not in sentence


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_editor_answers_a_hostile_zip_with_a_plain_sentence(client, auth, db, kind):
    auth.login()
    reply = auth.post("/stories/import", {"file": (io.BytesIO(hostile(kind)), "x.zip")},
                      content_type="multipart/form-data")
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert message_in(client.application, Invalid(HOSTILE[kind]), "nl") in page
    assert len(stories.list_for_owner(db, 1)) == 1


# --- photos in an import ------------------------------------------------------------------

def photo_story(names):
    """Return a zip whose panels carry the given sample photos (a name may repeat)."""
    members, items = {}, []
    for n, name in enumerate(names):
        member = f"images/panel-{n + 1}.jpg"
        members[member] = jpeg(name)
        items.append({"caption": f"Foto {n + 1}.", "section": "people",
                      "image": {"original": member, "detail": 3}})
    return exported(dict(GOOD, panels=items), members)


def uploaded(app):
    return sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir())


def test_each_distinct_photo_is_converted_once(app, db, monkeypatch):
    calls = []
    real = lineart.convert
    monkeypatch.setattr(lineart, "convert", lambda data, detail=3: calls.append(1) or
                        real(data, detail))
    new_id = exchange.import_story(db, photo_story(["coffee", "camera", "coffee", "coffee"]), 1,
                                   app.config["UPLOAD_DIR"])
    assert len(calls) == 2 and len(uploaded(app)) == 8
    ids = [p["image_id"] for p in panels.for_story(db, new_id)]
    assert len(set(ids)) == 4 and None not in ids  # each panel owns its photo
    assert stories.snapshot(db, new_id, 1)["image_ids"] == ids
    folder = Path(app.config["UPLOAD_DIR"])
    outlines = [(folder / uploads.get(db, new_id, i)["outline"]).read_bytes() for i in ids]
    assert outlines[0] == outlines[2] == outlines[3] != outlines[1]


def test_a_failed_import_leaves_no_files_and_no_story(app, db, monkeypatch):
    members = {"images/panel-1.jpg": jpeg("coffee"), "images/panel-2.jpg": b"not a photo"}
    refused = exported(dict(GOOD, panels=[
        {"caption": "Een.", "image": {"original": "images/panel-1.jpg"}},
        {"caption": "Twee.", "image": {"original": "images/panel-2.jpg"}}]), members)
    with pytest.raises(Invalid) as err:
        exchange.import_story(db, refused, 1, app.config["UPLOAD_DIR"])
    assert err.value.code == "photo_unsupported" and uploaded(app) == []

    def fail(*args):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(stories, "record_version", fail)
    with pytest.raises(sqlite3.OperationalError):
        exchange.import_story(db, photo_story(["coffee", "camera"]), 1, app.config["UPLOAD_DIR"])
    assert uploaded(app) == [] and len(stories.list_for_owner(db, 1)) == 1
    assert db.execute("select count(*) from images").fetchone()[0] == 0


def test_an_import_never_locks_a_workers_save_out(app, db):
    panel_id, version = panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title"}, 1)
    blob = photo_story(["chelsea", "astronaut", "coffee", "camera", "rocket"])
    done, failures = threading.Event(), []

    def import_it():
        conn = database.connect(app.config["DATABASE"])
        try:
            exchange.import_story(conn, blob, 2, app.config["UPLOAD_DIR"])
        except Exception as err:  # reported below, not lost in the thread
            failures.append(repr(err))
        finally:
            conn.conn.close()
            done.set()

    saver = database.connect(app.config["DATABASE"])
    saver.execute("PRAGMA busy_timeout = 100")  # a worker's save waits a moment, no more
    worker = threading.Thread(target=import_it)
    worker.start()
    saves = 0
    try:
        while not done.is_set():
            try:
                version = panels.update(saver, 1, panel_id, version,
                                        {"caption": f"Bewaard {saves}."}, 1)
                saves += 1
            except sqlite3.OperationalError as err:
                failures.append(f"save: {err}")
                break
            time.sleep(0.005)
    finally:
        worker.join()
        saver.conn.close()
    assert failures == [] and saves > 10
    assert len(stories.list_for_owner(db, 2)) == 1
