"""The network's suggestions for one story: read them, use them, or set them aside."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from .. import network, panels, scenes, stories, uploads
from ..printing.cache import forget_renders
from ..web import get_db
from .scope import story_blueprint

bp = story_blueprint("inbox", __name__)


@bp.get("/inbox")
def index(story_id):
    """Show the network's suggestions, per panel, with who sent them and when."""
    db = get_db()
    rows = panels.for_story(db, story_id)
    items = network.inbox(db, story_id)
    photos = {c["id"]: Markup(scenes.draw(None, background=url_for(
        "photos.outline", story_id=story_id, image_id=c["image_id"])))
        for c in items if c["image_id"]}
    return render_template("editor/inbox.html", story=g.story, items=items, photos=photos,
                           panel_numbers={p["id"]: i for i, p in enumerate(rows, start=1)},
                           panel_captions={p["id"]: p["caption"] for p in rows})


@bp.post("/inbox/<int:contribution_id>/accept")
def accept(story_id, contribution_id):
    """Use a suggestion in the story, as sent or as edited by the worker."""
    db = get_db()
    item = network.get(db, story_id, contribution_id)
    _version, replaced = network.accept(
        db, story_id, contribution_id,
        request.form.get("version") or stories.get(db, story_id)["version"], g.worker["id"],
        request.form.get("text"), request.form.get("reply"))
    if replaced:  # the photo it took the place of, and every render that showed it
        uploads.delete_image(db, current_app.config["UPLOAD_DIR"], replaced)
        forget_renders(current_app.config["CACHE_DIR"], story_id)
    flash(_("Used in the story, with thanks to %(name)s.", name=item["person"]), "info")
    return redirect(url_for("inbox.index"))


@bp.post("/inbox/<int:contribution_id>/decline")
def decline(story_id, contribution_id):
    """Set a suggestion aside, with an optional reply the sender sees."""
    item = network.decline(get_db(), story_id, contribution_id, g.worker["id"],
                           request.form.get("reply"))
    flash(_("Not used. %(name)s will see your reply.", name=item["person"]), "info")
    return redirect(url_for("inbox.index"))
