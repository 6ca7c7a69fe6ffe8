"""The Safety Circles of one story: the people around the child, by closeness."""
from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from .. import circles, stories
from ..web import get_db
from .scope import story_blueprint

bp = story_blueprint("circles", __name__)


@bp.get("/network/map")
def index(story_id):
    """Show the Safety Circles."""
    rings = circles.people(get_db(), story_id)
    return render_template("editor/circles.html", story=g.story, rings=rings,
                           svg=Markup(circles.draw(g.story["child_name"], rings,
                                                   title=_("Safety Circles"))))


@bp.post("/network/map")
def change(story_id):
    """Add or remove a person; choose whether the circles print in the book."""
    db, action = get_db(), request.form.get("action")
    if action == "add":
        circles.add(db, story_id, request.form.get("name"), request.form.get("ring"))
    elif action == "remove":
        circles.remove(db, story_id, request.form.get("person", type=int))
    elif action == "page":
        stories.set_safety_page(db, story_id, bool(request.form.get("on")))
    return redirect(url_for("circles.index"))
