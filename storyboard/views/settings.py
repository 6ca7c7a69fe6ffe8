"""One story's details: change them, archive the story, or delete it for good."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, colleagues, erasure, network, stories
from ..errors import Conflict, Invalid, NotFound
from ..error_texts import message
from ..web import actor, get_db
from .scope import story_blueprint
from .shared import form_context, story_details

bp = story_blueprint("settings", __name__)


@bp.route("/settings", methods=("GET", "POST"))
def edit(story_id):
    """Show and save the story's details."""
    story = g.story
    if request.method == "POST":
        try:
            stories.update(get_db(), story_id, request.form.get("version"), request.form,
                           g.worker["id"])
        except (Invalid, Conflict) as err:
            flash(message(err), "error")
            return render_template("stories/form.html", **form_context(
                values=request.form, story=story)), 409 if isinstance(err, Conflict) else 400
        audit.log(get_db(), actor(), "story-updated", story_id)
        flash(_("The story's details are saved."), "info")
        return redirect(url_for("editor.edit"))
    return story_details()


@bp.post("/archive")
def archive(story_id):
    """Archive a story, or bring it back from the archive."""
    on = request.form.get("archived") == "1"
    stories.set_archived(get_db(), story_id, on)
    audit.log(get_db(), actor(), "story-archived" if on else "story-unarchived", story_id)
    return redirect(url_for("stories.index"))


@bp.post("/delete")
def delete(story_id):
    """Delete the story once the worker has confirmed it."""
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that this story may be deleted."), "error")
        return redirect(url_for("settings.edit"))
    erasure.erase(get_db(), story_id, current_app.config["UPLOAD_DIR"],
                  current_app.config["CACHE_DIR"], actor())
    flash(_("The story “%(title)s” is deleted.", title=g.story["title"]), "info")
    return redirect(url_for("stories.index"))


@bp.route("/settings/questions", methods=("GET", "POST"))
def questions(story_id):
    """Choose which questions the network is asked, their words, and "safe address"."""
    if request.method == "POST":
        form = request.form
        texts = {key: form.get(f"text_{key}") for key in network.QUESTIONS}
        try:
            network.set_questions(get_db(), story_id, form.getlist("on"), texts,
                                  form.get("safe_address") == "1", actor())
        except Invalid as err:
            flash(message(err), "error")
            values = {"on": form.getlist("on"), "safe_address": form.get("safe_address"),
                      **{f"text_{k}": v for k, v in texts.items()}}
            return render_template("editor/questions.html", story=g.story, values=values,
                                   keys=network.QUESTIONS), 400
        flash(_("The questions for the network are saved."), "info")
        return redirect(url_for("settings.questions"))
    settings = network.question_settings(g.story)
    values = {"on": [k for k in network.QUESTIONS if k not in settings["off"]],
              "safe_address": "1" if g.story["safe_address"] else "",
              **{f"text_{k}": v for k, v in settings["text"].items()}}
    return render_template("editor/questions.html", story=g.story, values=values,
                           keys=network.QUESTIONS)


@bp.post("/team")
def team_add(story_id):
    """Give a colleague a role on this story (the owner only: views/scope.py)."""
    try:
        worker = colleagues.add(get_db(), story_id, request.form.get("email"),
                                request.form.get("role"), g.worker["id"])
    except Invalid as err:
        flash(message(err), "error@team")
        return story_details(400, {"team": {"email": request.form.get("email", "")[:254],
                                            "role": request.form.get("role")}})
    flash(_("%(name)s is on the team of this story now.", name=worker["name"]), "info@team")
    return redirect(url_for("settings.edit") + "#said-team")


@bp.post("/team/remove")
def team_remove(story_id):
    """Take a colleague off this story at once."""
    try:
        worker = colleagues.remove(get_db(), story_id, request.form.get("email"),
                                   g.worker["id"])
    except NotFound:
        flash(_("That colleague is not on this story."), "error@team")
        return redirect(url_for("settings.edit") + "#said-team")
    flash(_("%(name)s no longer has access to this story.", name=worker["name"]), "info@team")
    return redirect(url_for("settings.edit") + "#said-team")
