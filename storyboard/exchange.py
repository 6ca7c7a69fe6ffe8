"""Export a story to a zip, import it back, back up the whole database."""
import io
import json
import sqlite3
import zipfile

from . import panels, stories
from .errors import Invalid

FORMAT_VERSION = 1
MAX_STORY_JSON = 5 * 1024 * 1024
STORY_FIELDS = ("title", "child_name", "child_age", "language", "second_language")
PANEL_FIELDS = ("section", "kind", "caption", "caption_2", "picture", "shared_with_network",
                "scene")


def export_story(db, story_id):
    """Return the bytes of a zip holding story.json (and, later, the story's images)."""
    data = stories.content(db, story_id)
    data["format"] = FORMAT_VERSION
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def read_export(blob):
    """Return the story data from an export zip, refusing anything malformed."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile:
        raise Invalid("import_not_zip") from None
    with zf:
        try:
            info = zf.getinfo("story.json")
        except KeyError:
            raise Invalid("import_no_story") from None
        if info.file_size > MAX_STORY_JSON:
            raise Invalid("import_too_big")
        try:
            data = json.loads(zf.read(info).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Invalid("import_bad_json") from None
    if not isinstance(data, dict) or not isinstance(data.get("panels"), list):
        raise Invalid("import_bad_json")
    return data


def import_story(db, blob, owner_id):
    """Create a new story for the owner from an export zip and return its id."""
    data = read_export(blob)
    fields = {k: data.get(k) for k in STORY_FIELDS}
    rows = []
    for item in data["panels"]:
        if not isinstance(item, dict):
            raise Invalid("import_bad_json")
        rows.append(panels.clean({k: item.get(k) for k in PANEL_FIELDS}))
    with db.atomic():
        story_id = stories.create(db, owner_id, fields)
        for position, row in enumerate(rows):
            db["panels"].insert(dict(row, story_id=story_id, position=position))
        db.execute("delete from story_versions where story_id = ?", [story_id])
        stories.record_version(db, story_id, 1, owner_id)
    return story_id


def backup(db, out_path):
    """Copy the live database to out_path with SQLite's online backup API."""
    target = sqlite3.connect(str(out_path))
    try:
        with target:
            db.conn.backup(target)
    finally:
        target.close()
