"""Export, import and backup."""
import io
import json
import sqlite3
import zipfile

import pytest

from storyboard import exchange, panels, stories
from storyboard.errors import Invalid


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


def test_import_gives_back_a_new_story_with_the_same_content(db):
    fill(db)
    new_id = exchange.import_story(db, exchange.export_story(db, 1), owner_id=2)
    assert new_id != 1
    assert stories.content(db, new_id) == stories.content(db, 1)
    assert stories.get(db, new_id)["owner_id"] == 2
    assert stories.get(db, new_id)["version"] == 1


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


def test_backup_is_a_complete_readable_copy(db, tmp_path):
    fill(db)
    out = tmp_path / "backup.db"
    exchange.backup(db, out)
    copy = sqlite3.connect(out)
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert copy.execute("select count(*) from panels").fetchone()[0] == 2
    copy.close()


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
