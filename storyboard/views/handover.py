"""The owner hands a story over to a colleague (the form sits in the story's details)."""
from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from .. import handover, workers
from ..errors import Invalid
from ..error_texts import message
from ..web import actor, get_db
from .scope import story_blueprint
from .shared import story_details

bp = story_blueprint("handover", __name__)


@bp.post("/handover")
def hand_over(story_id):
    """Give the story to another worker; the owner keeps access only as the role they chose."""
    new = workers.by_email(get_db(), request.form.get("email") or "")
    try:
        if request.form.get("confirm") != "yes":
            raise Invalid("handover_confirm")
        if new is None:
            raise Invalid("colleague_unknown")
        handover.hand_over(get_db(), story_id, new["id"], actor(),
                           keep_as=request.form.get("keep") or None)
    except Invalid as err:
        flash(message(err), "error@handover")
        return story_details(400, {"handover": {"email": request.form.get("email", "")[:254],
                                                "keep": request.form.get("keep")}})
    flash(_("“%(title)s” now belongs to %(name)s.", title=g.story["title"], name=new["name"]),
          "info")
    if request.form.get("keep"):
        return redirect(url_for("editor.edit"))
    return redirect(url_for("stories.index"))
