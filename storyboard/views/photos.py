"""Photos for panels: upload, retune the outline's detail, serve, remove."""
from flask import Blueprint, current_app, flash, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from .. import audit, panels, stories, uploads
from ..errors import Conflict, Invalid
from ..render import forget_renders
from ..web import get_db, login_required, reply_error, wants_json
from .linkpages import send_outline

bp = Blueprint("photos", __name__)


def _folder():
    return current_app.config["UPLOAD_DIR"]


def outline_url(story_id, image):
    """Return the address of an image's outline, changing whenever the outline does."""
    return url_for("photos.outline", story_id=story_id, image_id=image["id"], v=image["outline"][:8])


def face_notice():
    """Explain, plainly, why faces are left out of the outline."""
    return _("We saw a person in this photo. In Words and Pictures people are drawn as figures, "
             "not from photos, so the face is left blank. Add a figure from the pictures, for "
             "example “mama” or “opa”, and give it a name.")


def _drop_photo(story_id, image_id):
    """Delete a photo's files and, at once, every render of the story that may show it."""
    uploads.delete_image(get_db(), _folder(), image_id)
    forget_renders(current_app.config["CACHE_DIR"], story_id)


def _back(story_id, panel_id):
    return url_for("editor.edit", story_id=story_id, panel=panel_id) + "#panel"


@bp.post("/stories/<int:story_id>/panels/<int:panel_id>/photo")
@login_required
def upload(story_id, panel_id):
    """Turn an uploaded photo into the panel's outline picture."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    panel = panels.get(db, story_id, panel_id)
    file = request.files.get("photo")
    if file is None or not file.filename:
        return reply_error(Invalid("photo_missing"), 400, _back(story_id, panel_id))
    try:
        detail = int(request.form.get("detail", 3))
        image = uploads.store_photo(db, _folder(), story_id, file.read(),
                                    detail if 1 <= detail <= 5 else 3,
                                    uploaded_by=f"worker:{g.worker['id']}")
    except ValueError:
        return reply_error(Invalid("detail_invalid"), 400, _back(story_id, panel_id))
    except Invalid as err:
        return reply_error(err, 400, _back(story_id, panel_id))
    try:
        version = panels.set_image(db, story_id, panel_id, request.form.get("version"),
                                   image["id"], g.worker["id"])
    except Conflict as err:
        uploads.delete_image(db, _folder(), image["id"])
        return reply_error(err, 409, _back(story_id, panel_id), version=err.current)
    if panel["image_id"]:
        _drop_photo(story_id, panel["image_id"])
    audit.log(db, f"worker:{g.worker['id']}", "photo-uploaded", story_id, f"image:{image['id']}")
    notice = face_notice() if image["faces"] else None
    if wants_json():
        return jsonify(ok=True, version=version, image_id=image["id"], notice=notice,
                       outline=outline_url(story_id, image))
    flash(notice or _("The photo is now an outline to colour."), "info")
    return redirect(_back(story_id, panel_id))


@bp.post("/stories/<int:story_id>/images/<int:image_id>/detail")
@login_required
def detail(story_id, image_id):
    """Redraw the outline from the stored original with more or fewer lines."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    panel_id = request.form.get("panel", type=int)
    try:
        image = uploads.retune(db, _folder(), story_id, image_id, request.form.get("detail", 3))
    except Invalid as err:
        return reply_error(err, 400, _back(story_id, panel_id))
    forget_renders(current_app.config["CACHE_DIR"], story_id)  # they show the outline replaced
    if wants_json():
        return jsonify(ok=True, outline=outline_url(story_id, image), detail=image["detail"])
    return redirect(_back(story_id, panel_id))


@bp.post("/stories/<int:story_id>/panels/<int:panel_id>/photo/delete")
@login_required
def remove(story_id, panel_id):
    """Take the photo off a panel and delete both of its files."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    panel = panels.get(db, story_id, panel_id)
    try:
        version = panels.set_image(db, story_id, panel_id, request.form.get("version"), None,
                                   g.worker["id"])
    except Conflict as err:
        return reply_error(err, 409, _back(story_id, panel_id), version=err.current)
    if panel["image_id"]:
        _drop_photo(story_id, panel["image_id"])
    if wants_json():
        return jsonify(ok=True, version=version)
    flash(_("The photo is removed."), "info")
    return redirect(_back(story_id, panel_id))


@bp.get("/stories/<int:story_id>/images/<int:image_id>/outline.png")
@login_required
def outline(story_id, image_id):
    """Send a photo's outline to the story's owner."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    return send_outline(story_id, image_id)
