"""The one gate for uploaded photos: check, re-encode, store under generated names (no Flask)."""
import secrets
from pathlib import Path

from . import lineart
from .audit import now
from .errors import Invalid, NotFound


def _write(folder, suffix, data):
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}{suffix}"
    path = folder / name
    tmp = path.with_suffix(suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return name


def _fail(err):
    raise Invalid(err.code) from None


def store_photo(db, folder, story_id, data, detail=3, uploaded_by="worker", mode="photo"):
    """Check and convert an uploaded photo; store both files; return the image row.

    mode "drawing": a phone photo of a hand drawing, cleaned into its own lines.
    """
    files = save_files(folder, data, detail, mode)
    try:
        return add_row(db, story_id, files, uploaded_by)
    except BaseException:
        remove_files(folder, files)
        raise


def save_files(folder, data, detail=3, mode="photo"):
    """Check and convert a photo and write both files; return their row fields (no database)."""
    try:
        # A photo is converted as it always was; only a drawing names its mode.
        args = (data, detail) if mode == "photo" else (data, detail, mode)
        outline_png, original_jpeg, faces = lineart.convert(*args)
    except lineart.PhotoError as err:
        _fail(err)
    folder = Path(folder)
    files = {"original": _write(folder, ".jpg", original_jpeg), "detail": detail,
             "faces": len(faces)}
    if mode != "photo":  # the column's default is "photo"
        files["mode"] = mode
    try:
        files["outline"] = _write(folder, ".png", outline_png)
    except BaseException:
        remove_files(folder, files)
        raise
    return files


def copy_files(folder, files):
    """Write a second copy of files written by save_files, under new names; return its fields."""
    folder = Path(folder)
    copy = dict(files, original=None, outline=None)
    try:
        for key, suffix in (("original", ".jpg"), ("outline", ".png")):
            copy[key] = _write(folder, suffix, path_of(folder, files[key]).read_bytes())
    except BaseException:
        remove_files(folder, copy)
        raise
    return copy


def add_row(db, story_id, files, uploaded_by):
    """Record files written by save_files as an image of the story; return the row."""
    row = dict(files, story_id=story_id, uploaded_by=uploaded_by, created=now())
    row["id"] = db["images"].insert(row).last_pk
    return row


def remove_files(folder, files):
    """Delete the files written by save_files (after a failure further on)."""
    for key in ("original", "outline"):
        if files.get(key):
            path_of(folder, files[key]).unlink(missing_ok=True)


def get(db, story_id, image_id):
    """Return an image of this story or raise NotFound."""
    rows = list(db["images"].rows_where("id = ? and story_id = ?", [image_id, story_id], limit=1))
    if not rows:
        raise NotFound("image")
    return rows[0]


def for_story(db, story_id):
    """Return the story's images by id."""
    return {row["id"]: row for row in db.query("select * from images where story_id = ?",
                                               [story_id])}


def retune(db, folder, story_id, image_id, detail):
    """Redraw an image's outline from its stored original at another detail level."""
    image = get(db, story_id, image_id)
    folder = Path(folder)
    try:
        outline = lineart.redraw((folder / image["original"]).read_bytes(), int(detail),
                                 image.get("mode") or "photo")
    except (lineart.PhotoError, ValueError) as err:
        raise Invalid(getattr(err, "code", "detail_invalid")) from None
    name = _write(folder, ".png", outline)
    db["images"].update(image_id, {"outline": name, "detail": int(detail)})
    (folder / image["outline"]).unlink(missing_ok=True)
    return get(db, story_id, image_id)


def path_of(folder, name):
    """Return the path of a stored file; names are ours, never the uploader's."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise NotFound("image")
    return Path(folder) / name


def delete_image(db, folder, image_id):
    """Delete an image row and both of its files."""
    rows = list(db["images"].rows_where("id = ?", [image_id], limit=1))
    if not rows:
        return
    for name in (rows[0]["original"], rows[0]["outline"]):
        path_of(folder, name).unlink(missing_ok=True)
    db.execute("update panels set image_id = null where image_id = ?", [image_id])
    db.execute("delete from images where id = ?", [image_id])


def delete_for_story(db, folder, story_id):
    """Delete every image of a story, files included."""
    for row in list(db["images"].rows_where("story_id = ?", [story_id])):
        delete_image(db, folder, row["id"])
