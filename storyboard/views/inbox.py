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
    """Show the network's suggestions, per page, with who sent them and when."""
    db = get_db()
    rows = panels.for_story(db, story_id)
    items = [dict(c, outcome=network.outcome(c)) for c in network.inbox(db, story_id)]
    photos = {c["id"]: Markup(scenes.draw(None, background=url_for(
        "photos.outline", story_id=story_id, image_id=c["image_id"])))
        for c in items if c["image_id"]}
    return render_template("editor/inbox.html", story=g.story, items=items, photos=photos,
                           panel_numbers=network.page_numbers(db, story_id),
                           panel_captions={p["id"]: p["caption"] for p in rows})


@bp.post("/inbox/<int:contribution_id>/accept")
def accept(story_id, contribution_id):
    """Use a suggestion in the story, as sent or as edited by the worker, with a reply."""
    db = get_db()
    item = network.get(db, story_id, contribution_id)
    _version, replaced = network.accept(
        db, story_id, contribution_id,
        request.form.get("version") or stories.get(db, story_id)["version"], g.worker["id"],
        request.form.get("text"), request.form.get("reply"))
    if replaced:  # the photo it took the place of, and every render that showed it
        uploads.delete_image(db, current_app.config["UPLOAD_DIR"], replaced)
        forget_renders(current_app.config["CACHE_DIR"], story_id)
    flash(_accepted(item, network.page_numbers(db, story_id).get(item["panel_id"]),
                    bool((request.form.get("reply") or "").strip())),
          f"info@suggestion-{contribution_id}")
    return redirect(url_for("inbox.index") + f"#said-suggestion-{contribution_id}")


def _accepted(item, page, replied):
    """Say where the suggestion went, and what its sender will see."""
    outcome = network.outcome(dict(item, status="used"))
    if outcome == "story":
        text = _("Used in the story. %(name)s sees that it is in the story.",
                 name=item["person"])
    elif outcome == "notes":
        text = _("Added to the notes of page %(num)s. %(name)s sees that it is in the notes.",
                 num=page or "?", name=item["person"])
    else:
        text = _("Marked as read. %(name)s sees that you read it.", name=item["person"])
    return f"{text} {_('Your reply goes with it.')}" if replied else text


@bp.post("/inbox/<int:contribution_id>/decline")
def decline(story_id, contribution_id):
    """Set a suggestion aside, with an optional reply the sender sees."""
    item = network.decline(get_db(), story_id, contribution_id, g.worker["id"],
                           request.form.get("reply"))
    replied = bool((request.form.get("reply") or "").strip())
    flash(_("Not used. %(name)s will see your reply.", name=item["person"]) if replied else
          _("Not used. %(name)s will see that.", name=item["person"]),
          f"info@suggestion-{contribution_id}")
    return redirect(url_for("inbox.index") + f"#said-suggestion-{contribution_id}")
