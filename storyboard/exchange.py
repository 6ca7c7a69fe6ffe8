"""Export a story to a zip, import it back, back up the whole database."""
import hashlib
import io
import json
import sqlite3
import struct
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from . import cast, lineart, panels, recordings, stories, uploads
from .audit import now
from .errors import Invalid

FORMAT_VERSION = 1
MAX_STORY_JSON = 5 * 1024 * 1024
MAX_MEMBER = 30 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200  # a real photo or JSON never shrinks 200-fold; a zip bomb does
STORY_FIELDS = ("title", "child_name", "child_age", "language", "second_language")
PANEL_FIELDS = ("section", "kind", "caption", "caption_2", "picture", "scene")
# What our exports and every zip tool write by default; bzip2 and lzma inflate slowly or
# with a dictionary the file itself chooses, so they are refused, as are unknown methods.
COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# What the zip module raises on damaged or hostile input, besides its own BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
              ValueError, struct.error, NotImplementedError, RuntimeError)


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
            item["image"] = {"original": original, "outline": outline, "detail": image["detail"],
                             "mode": image.get("mode") or "photo"}
    if uploads_dir:
        recordings.export_voices(db, story_id, uploads_dir, data["panels"], rows, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.json", json.dumps(data, ensure_ascii=False, indent=2))
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buffer.getvalue()


def _check_members(infos):
    """Refuse zips with odd paths, links, locked or oddly packed members, too many, or bombs."""
    if len(infos) > MAX_MEMBERS:
        raise Invalid("import_too_big")
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
            raise Invalid("import_bad_path")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link
            raise Invalid("import_bad_path")
        if info.flag_bits & 0x1:
            raise Invalid("import_encrypted")
        if info.compress_type not in COMPRESSIONS:
            raise Invalid("import_compression")
        if info.file_size > MAX_MEMBER:
            raise Invalid("import_too_big")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                and info.file_size > 1024 * 1024:
            raise Invalid("import_too_big")
        total += info.file_size
    if total > MAX_TOTAL:
        raise Invalid("import_too_big")


def _open_zip(blob):
    """Open an export zip and check its members before anything is inflated."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
        infos = zf.infolist()
    except ZIP_ERRORS:
        # A file that starts like a zip but has no readable directory was cut off or damaged.
        raise Invalid("import_damaged" if blob[:4] == b"PK\x03\x04" else "import_not_zip") from None
    try:
        _check_members(infos)
    except Invalid:
        zf.close()
        raise
    return zf


def _read(zf, name, missing="import_bad_json", limit=MAX_MEMBER):
    """Return the inflated bytes of one named member; a damaged member is refused plainly."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise Invalid(missing) from None
    if info.file_size > limit:
        raise Invalid("import_too_big")
    try:
        return zf.read(info)
    except ZIP_ERRORS:  # bad CRC, a cut-off or corrupt stream, a header that lies
        raise Invalid("import_damaged") from None


def _small_int(text):
    """Parse a JSON integer; refuse long digit strings (Python would refuse past 4300)."""
    if len(text) > 20:
        raise ValueError("number too long")
    return int(text)


def _story_json(zf):
    """Return the parsed story.json of an opened export."""
    raw = _read(zf, "story.json", missing="import_no_story", limit=MAX_STORY_JSON)
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_small_int)
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise Invalid("import_bad_json") from None
    if not isinstance(data, dict) or not isinstance(data.get("panels"), list):
        raise Invalid("import_bad_json")
    if len(data["panels"]) > panels.MAX_PANELS:
        raise Invalid("import_too_many_panels", max=panels.MAX_PANELS)
    return data


def _panel_rows(data, members):
    """Return the cleaned panel rows; nothing arrives shared (consent is not carried over)."""
    rows = []
    for item in data["panels"]:
        if not isinstance(item, dict):
            raise Invalid("import_bad_json")
        row = panels.clean({k: item.get(k) for k in PANEL_FIELDS}, members=members)
        rows.append(dict(row, shared_with_network=0, image_id=None))
    return rows


def _photo_refs(data):
    """Return {panel position: (member name, detail, mode)} for the panels with a photo."""
    refs = {}
    for position, item in enumerate(data["panels"]):
        image = item.get("image")
        if not image:
            continue
        name = image.get("original") if isinstance(image, dict) else None
        if not isinstance(name, str) or not name.startswith("images/") or ".." in name:
            raise Invalid("import_bad_json")
        detail = image.get("detail", 3)
        mode = image.get("mode", "photo")
        refs[position] = (name, int(detail) if detail in (1, 2, 3, 4, 5) else 3,
                          mode if mode in lineart.MODES else "photo")
    return refs


def _convert_photos(zf, refs, folder):
    """Convert each distinct photo once and write every panel's files, outside any transaction.

    A photo used by several panels is converted once and its files copied, so that each panel
    still owns its image (removing one panel's photo leaves the others'). Return {position:
    files}; on failure the files written so far are removed.
    """
    digests, first, written = {}, {}, {}
    try:
        for position, (name, detail, mode) in refs.items():
            blob = None
            if name not in digests:
                blob = _read(zf, name)
                digests[name] = hashlib.sha256(blob).hexdigest()
            key = (digests[name], detail, mode)
            if key in first:
                written[position] = uploads.copy_files(folder, first[key])
            else:
                # Photos pass the same gate as uploads: decoded, checked, re-encoded, redrawn.
                written[position] = first[key] = uploads.save_files(
                    folder, blob if blob is not None else _read(zf, name), detail, mode)
    except BaseException:
        _remove(folder, written)
        raise
    return written


def _remove(folder, written):
    for files in written.values():
        uploads.remove_files(folder, files)


@contextmanager
def _write_transaction(db):
    """Take the write lock at the start (BEGIN IMMEDIATE): it waits its turn, then is short."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise


def _insert(db, owner_id, fields, rows, written, heard=()):
    """Insert the story, its images and panels in one short transaction; return the id."""
    with _write_transaction(db):
        members = fields.pop("cast")
        story_id = stories.create(db, owner_id, fields)
        db.execute("update stories set cast = ? where id = ?",
                   [json.dumps(members, ensure_ascii=False), story_id])
        image_ids = {position: uploads.add_row(db, story_id, files, "import")["id"]
                     for position, files in written.items()}
        stamp = now()
        db["panels"].insert_all(
            dict(row, story_id=story_id, position=position, created=stamp, updated=stamp,
                 image_id=image_ids.get(position))
            for position, row in enumerate(rows))
        recordings.add_imported(db, story_id, heard)
        db.execute("delete from story_versions where story_id = ?", [story_id])
        stories.record_version(db, story_id, 1, owner_id)
    return story_id


def import_story(db, blob, owner_id, uploads_dir=None):
    """Create a new story for the owner from an export zip and return its id.

    Everything is checked and every photo converted before the one short write
    transaction, so an import never holds the lock that workers' saves wait for.
    """
    with _open_zip(blob) as zf:
        data = _story_json(zf)
        fields = {k: data.get(k) for k in STORY_FIELDS}
        stories.clean(fields)  # refuse bad details before any photo is converted
        members = cast.clean(data.get("cast"))   # the people the pictures place
        rows = _panel_rows(data, members)
        refs = _photo_refs(data)
        written = _convert_photos(zf, refs, uploads_dir) if uploads_dir else {}
        try:
            heard = recordings.import_voices(lambda name: _read(zf, name), data["panels"],
                                             fields, uploads_dir) if uploads_dir else []
        except BaseException:
            _remove(uploads_dir, written)
            raise
    try:
        return _insert(db, owner_id, dict(fields, cast=members), rows, written, heard)
    except BaseException:
        _remove(uploads_dir, written)
        recordings.remove_written(uploads_dir, heard)
        raise


def backup(db, out_path):
    """Copy the live database to out_path with SQLite's online backup API, and check the copy.

    The copy is written next to out_path and only takes its name once PRAGMA integrity_check
    says "ok" and every table holds as many rows as the source did when it was copied.
    Return {table: rows}; raise Invalid("backup_failed") and leave nothing when a check fails.
    """
    out_path = Path(out_path)
    partial = out_path.with_name(out_path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        expected = _copy(db.conn, partial)
        if _verify(partial) != expected:
            raise Invalid("backup_failed")
        partial.replace(out_path)
    finally:
        partial.unlink(missing_ok=True)
    return expected


def _copy(source, path):
    """Copy the database and return its row counts, both from one read snapshot."""
    own = not source.in_transaction
    if own:
        source.execute("BEGIN")  # one snapshot for the counts and the pages copied
    try:
        counts = _row_counts(source)
        target = sqlite3.connect(str(path))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        if own:
            source.rollback()
    return counts


def _verify(path):
    """Return the copy's row counts, or None when SQLite finds it damaged."""
    copy = sqlite3.connect(str(path))
    try:
        if copy.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return None
        return _row_counts(copy)
    except sqlite3.DatabaseError:
        return None
    finally:
        copy.close()


def _row_counts(conn):
    names = [row[0] for row in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
        "order by name")]
    return {name: conn.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}
