"""The worker's shelf: the list of stories, a new story, an imported one."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, exchange, stories, structure
from ..errors import Invalid
from ..error_texts import message
from ..web import actor, already_done, get_db, login_required
from .shared import form_context

bp = Blueprint("stories", __name__)


@bp.get("/stories")
@login_required
def index():
    """List the worker's stories."""
    rows = stories.list_for_worker(get_db(), g.worker["id"])   # own, and as a colleague
    months = current_app.config["RETENTION_MONTHS"]
    return render_template("stories/index.html", months=months,
                           stories=[s for s in rows if not s["archived"]],
                           archived=[s for s in rows if s["archived"]],
                           untouched=stories.untouched(get_db(), g.worker["id"], months))


@bp.route("/stories/new", methods=("GET", "POST"))
@login_required
def new():
    """Show the new-story form; create the story."""
    if request.method == "POST":
        if already_done(request.form.get("form_id")):
            return redirect(url_for("stories.index"))
        try:
            story_id = stories.create(get_db(), g.worker["id"], request.form)
        except Invalid as err:
            flash(message(err), "error")
            return render_template("stories/form.html", **form_context(
                values=request.form, story=None)), 400
        if request.form.get("skeleton"):
            structure.add_skeleton(get_db(), story_id, g.worker["id"])
        audit.log(get_db(), actor(), "story-created", story_id)
        return redirect(url_for("editor.edit", story_id=story_id))
    return render_template("stories/form.html", **form_context(values={}, story=None))


@bp.post("/stories/import")
@login_required
def import_story():
    """Create a new story from an export zip."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose an export file (.zip) to import."), "error")
        return index(), 400
    try:
        story_id = exchange.import_story(get_db(), upload.read(), g.worker["id"],
                                          current_app.config["UPLOAD_DIR"])
    except Invalid as err:
        flash(message(err), "error")  # the list again, with the reason, in this answer
        return index(), 400
    audit.log(get_db(), actor(), "story-imported", story_id)
    flash(_("The story is imported."), "info")
    return redirect(url_for("editor.edit", story_id=story_id))
