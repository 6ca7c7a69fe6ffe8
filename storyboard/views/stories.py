"""The worker's list of stories; create, change, delete, import."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from .. import audit, erasure, exchange, languages, stories, structure
from ..errors import Conflict, Invalid
from ..messages import message
from ..web import already_done, get_db, login_required

bp = Blueprint("stories", __name__)


def _actor():
    return f"worker:{g.worker['id']}"


def _form_context(**extra):
    return dict(language_choices=languages.choices(str(get_locale())), **extra)


@bp.get("/stories")
@login_required
def index():
    """List the worker's stories."""
    rows = stories.list_for_owner(get_db(), g.worker["id"])
    months = current_app.config["RETENTION_MONTHS"]
    return render_template("stories/index.html", months=months,
                           stories=[s for s in rows if not s["archived"]],
                           archived=[s for s in rows if s["archived"]],
                           untouched=stories.untouched(get_db(), g.worker["id"], months))


@bp.post("/stories/<int:story_id>/archive")
@login_required
def archive(story_id):
    """Archive a story, or bring it back from the archive."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    on = request.form.get("archived") == "1"
    stories.set_archived(db, story_id, on)
    audit.log(db, _actor(), "story-archived" if on else "story-unarchived", story_id)
    return redirect(url_for("stories.index"))


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
            return render_template("stories/form.html", **_form_context(
                values=request.form, story=None)), 400
        if request.form.get("skeleton"):
            structure.add_skeleton(get_db(), story_id, g.worker["id"])
        audit.log(get_db(), _actor(), "story-created", story_id)
        return redirect(url_for("editor.edit", story_id=story_id))
    return render_template("stories/form.html", **_form_context(values={}, story=None))


@bp.route("/stories/<int:story_id>/settings", methods=("GET", "POST"))
@login_required
def settings(story_id):
    """Show and save the story's details."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    if request.method == "POST":
        try:
            stories.update(db, story_id, request.form.get("version"), request.form,
                           g.worker["id"])
        except (Invalid, Conflict) as err:
            flash(message(err), "error")
            return render_template("stories/form.html", **_form_context(
                values=request.form, story=story)), 409 if isinstance(err, Conflict) else 400
        audit.log(db, _actor(), "story-updated", story_id)
        flash(_("The story's details are saved."), "info")
        return redirect(url_for("editor.edit", story_id=story_id))
    return render_template("stories/form.html", **_form_context(values=story, story=story))


@bp.post("/stories/<int:story_id>/delete")
@login_required
def delete(story_id):
    """Delete the story once the worker has confirmed it."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that this story may be deleted."), "error")
        return redirect(url_for("stories.settings", story_id=story_id))
    erasure.erase(db, story_id, current_app.config["UPLOAD_DIR"], current_app.config["CACHE_DIR"],
                  _actor())
    flash(_("The story “%(title)s” is deleted.", title=story["title"]), "info")
    return redirect(url_for("stories.index"))


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
    audit.log(get_db(), _actor(), "story-imported", story_id)
    flash(_("The story is imported."), "info")
    return redirect(url_for("editor.edit", story_id=story_id))
