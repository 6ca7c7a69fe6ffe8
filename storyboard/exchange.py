"""Export a story to a zip, import it back, back up the whole database."""
import io
import json
import sqlite3
import zipfile


from . import panels, stories, uploads
from .errors import Invalid

FORMAT_VERSION = 1
MAX_STORY_JSON = 5 * 1024 * 1024
MAX_MEMBER = 30 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200  # a real photo or JSON never shrinks 200-fold; a zip bomb does
STORY_FIELDS = ("title", "child_name", "child_age", "language", "second_language")
PANEL_FIELDS = ("section", "kind", "caption", "caption_2", "picture", "shared_with_network",
                "scene")


def export_story(db, story_id, uploads_dir=None):
    """Return the bytes of a zip holding story.json and the story's photos."""
    data = stories.content(db, story_id)
    data["format"] = FORMAT_VERSION
    files = {}
    rows = panels.for_story(db, story_id)
    for item, row in zip(data["panels"], rows):
        item["image"] = None
        if row.get("image_id") and uploads_dir:
            image = uploads.get(db, story_id, row["image_id"])
            original = f"images/panel-{len(files) // 2 + 1}.jpg"
            outline = original.replace(".jpg", ".png")
            files[original] = uploads.path_of(uploads_dir, image["original"]).read_bytes()
            files[outline] = uploads.path_of(uploads_dir, image["outline"]).read_bytes()
            item["image"] = {"original": original, "outline": outline, "detail": image["detail"]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.json", json.dumps(data, ensure_ascii=False, indent=2))
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buffer.getvalue()


def _member(zf, name):
    """Read one named member of the zip, refusing oversized or odd ones."""
    if not isinstance(name, str) or not name.startswith("images/") or ".." in name:
        raise Invalid("import_bad_json")
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise Invalid("import_bad_json") from None
    if info.file_size > MAX_MEMBER:
        raise Invalid("import_too_big")
    return zf.read(info)


def _check_members(infos):
    """Refuse zips with odd paths, links, too many or too large members, or bombs."""
    if len(infos) > MAX_MEMBERS:
        raise Invalid("import_too_big")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise Invalid("import_bad_path")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link
            raise Invalid("import_bad_path")
        if info.file_size > MAX_MEMBER:
            raise Invalid("import_too_big")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                and info.file_size > 1024 * 1024:
            raise Invalid("import_too_big")
        total += info.file_size
    if total > MAX_TOTAL:
        raise Invalid("import_too_big")


def read_export(blob):
    """Return the story data from an export zip, refusing anything malformed."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile:
        raise Invalid("import_not_zip") from None
    with zf:
        _check_members(zf.infolist())
        try:
            info = zf.getinfo("story.json")
        except KeyError:
            raise Invalid("import_no_story") from None
        if info.file_size > MAX_STORY_JSON:
            raise Invalid("import_too_big")
        try:
            data = json.loads(zf.read(info).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise Invalid("import_bad_json") from None
        if not isinstance(data, dict) or not isinstance(data.get("panels"), list):
            raise Invalid("import_bad_json")
        photos = {}
        for index, item in enumerate(data["panels"]):
            image = item.get("image") if isinstance(item, dict) else None
            if image:
                if not isinstance(image, dict):
                    raise Invalid("import_bad_json")
                photos[index] = (_member(zf, image.get("original")), image.get("detail", 3))
    data["_photos"] = photos
    return data


def import_story(db, blob, owner_id, uploads_dir=None):
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
            if position in data["_photos"] and uploads_dir:
                original, detail = data["_photos"][position]
                detail = detail if detail in (1, 2, 3, 4, 5) else 3
                # Photos pass the same gate as uploads: decoded, checked, re-encoded, redrawn.
                row["image_id"] = uploads.store_photo(db, uploads_dir, story_id, original,
                                                      detail, uploaded_by="import")["id"]
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
