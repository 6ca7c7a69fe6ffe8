"""Photos for panels: upload, retune the outline's detail, serve, remove."""
from flask import current_app, flash, g, jsonify, redirect, request
from flask_babel import gettext as _

from .. import audit, panels, uploads
from ..errors import Conflict, Invalid
from ..printing.cache import forget_renders
from ..web import actor, get_db, reply_error, wants_json
from .downloads import send_outline
from .scope import story_blueprint
from .shared import editor_at, face_notice, outline_url

bp = story_blueprint("photos", __name__)


def _folder():
    return current_app.config["UPLOAD_DIR"]


def _drop_photo(story_id, image_id):
    """Delete a photo's files and, at once, every render of the story that may show it."""
    uploads.delete_image(get_db(), _folder(), image_id)
    forget_renders(current_app.config["CACHE_DIR"], story_id)


@bp.post("/panels/<int:panel_id>/photo")
def upload(story_id, panel_id):
    """Turn an uploaded photo into the panel's outline picture."""
    db = get_db()
    panel = panels.get(db, story_id, panel_id)
    file = request.files.get("photo")
    if file is None or not file.filename:
        return reply_error(Invalid("photo_missing"), 400, editor_at(panel_id))
    try:
        detail = int(request.form.get("detail", 3))
        image = uploads.store_photo(db, _folder(), story_id, file.read(),
                                    detail if 1 <= detail <= 5 else 3,
                                    uploaded_by=actor(), mode=request.form.get("mode", "photo"))
    except ValueError:
        return reply_error(Invalid("detail_invalid"), 400, editor_at(panel_id))
    except Invalid as err:
        return reply_error(err, 400, editor_at(panel_id))
    try:
        version = panels.set_image(db, story_id, panel_id, request.form.get("version"),
                                   image["id"], g.worker["id"])
    except Conflict as err:
        uploads.delete_image(db, _folder(), image["id"])
        return reply_error(err, 409, editor_at(panel_id), version=err.current)
    if panel["image_id"]:
        _drop_photo(story_id, panel["image_id"])
    audit.log(db, actor(), "photo-uploaded", story_id, f"image:{image['id']}")
    notice = face_notice() if image["faces"] else None
    if wants_json():
        return jsonify(ok=True, version=version, image_id=image["id"], notice=notice,
                       outline=outline_url(story_id, image))
    flash(notice or _("The photo is now an outline to colour."), "info")
    return redirect(editor_at(panel_id))


@bp.post("/images/<int:image_id>/detail")
def detail(story_id, image_id):
    """Redraw the outline from the stored original with more or fewer lines."""
    db = get_db()
    panel_id = request.form.get("panel", type=int)
    try:
        image = uploads.retune(db, _folder(), story_id, image_id, request.form.get("detail", 3))
    except Invalid as err:
        return reply_error(err, 400, editor_at(panel_id))
    forget_renders(current_app.config["CACHE_DIR"], story_id)  # they show the outline replaced
    if wants_json():
        return jsonify(ok=True, outline=outline_url(story_id, image), detail=image["detail"])
    return redirect(editor_at(panel_id))


@bp.post("/panels/<int:panel_id>/photo/delete")
def remove(story_id, panel_id):
    """Take the photo off a panel and delete both of its files."""
    db = get_db()
    panel = panels.get(db, story_id, panel_id)
    try:
        version = panels.set_image(db, story_id, panel_id, request.form.get("version"), None,
                                   g.worker["id"])
    except Conflict as err:
        return reply_error(err, 409, editor_at(panel_id), version=err.current)
    if panel["image_id"]:
        _drop_photo(story_id, panel["image_id"])
    if wants_json():
        return jsonify(ok=True, version=version)
    flash(_("The photo is removed."), "info")
    return redirect(editor_at(panel_id))


@bp.get("/images/<int:image_id>/outline.png")
def outline(story_id, image_id):
    """Send a photo's outline to the story's owner."""
    return send_outline(story_id, image_id)
