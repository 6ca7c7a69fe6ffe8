"""A story's versions: who agreed to which, and bringing an earlier one back."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import reviews, stories
from ..errors import Conflict, NotFound
from ..error_texts import message
from ..web import get_db
from .scope import story_blueprint

bp = story_blueprint("history", __name__)


@bp.get("/history")
def index(story_id):
    """List the story's versions, newest first, with who agreed to which."""
    return render_template("editor/history.html", story=g.story,
                           versions=stories.versions(get_db(), story_id),
                           agreed=reviews.agreed_by_version(get_db(), g.story))


@bp.post("/history/<int:version>/restore")
def restore(story_id, version):
    """Bring back an earlier version as a new version: nothing is lost."""
    try:
        new_version = stories.restore(get_db(), story_id, version, request.form.get("version"),
                                      g.worker["id"])
    except (Conflict, NotFound) as err:
        flash(message(err), "error")
        return redirect(url_for("history.index"))
    flash(_("Version %(old)s is back, as version %(new)s.", old=version, new=new_version), "info")
    return redirect(url_for("editor.edit"))
