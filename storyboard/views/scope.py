"""Worker routes for one story: one prefix, one access check, one place that loads g.story."""
from flask import Blueprint, abort, g, redirect, request, session, url_for

from .. import audit, colleagues, stories
from ..web import get_db, wants_json

PREFIX = "/stories/<int:story_id>"


def story_blueprint(name, import_name):
    """Return a blueprint whose routes all belong to one story the worker may open."""
    bp = Blueprint(name, import_name, url_prefix=PREFIX)
    bp.url_defaults(_give_story_id)
    bp.before_request(_load_story)
    return bp


def _give_story_id(_endpoint, values):
    # url_for("editor.edit") inside a story's pages means this story.
    if "story_id" not in values and g.get("story") is not None:
        values["story_id"] = g.story["id"]


def _load_story():
    """Send anonymous visitors to sign in; answer 404 for a story this worker may not open."""
    if g.worker is None:
        if wants_json():
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    g.story = stories.for_worker(get_db(), request.view_args["story_id"], g.worker)
    change = request.method not in ("GET", "HEAD", "OPTIONS")
    if not colleagues.allowed(g.story["access"], change, OWNER_ONLY.get(request.endpoint)):
        abort(403)   # a viewer changes nothing; an editor neither erases nor changes the team
    if not change and not wants_json():
        _opened(g.story["id"])
    return None


def _opened(story_id):
    """Log that this worker opened the story, once per session (the officer's log, no flood)."""
    opened = session.get("opened", [])
    if story_id not in opened:
        audit.log(get_db(), f"worker:{g.worker['id']}", "story-opened", story_id)
        session["opened"] = (opened + [story_id])[-200:]


# Endpoints only the story's owner may use (an editor works like the owner otherwise).
OWNER_ONLY = {"settings.delete": "erase", "settings.team_add": "team",
              "settings.team_remove": "team", "handover.hand_over": "handover"}
