"""The reading plan: who reads the story with the child, and how (for the adults only)."""
from flask import Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, structure
from ..errors import Conflict, Invalid
from ..error_texts import message
from ..printing import cached_pdf
from ..web import actor, get_db
from .downloads import no_store
from .scope import story_blueprint

bp = story_blueprint("plan", __name__)


def plan_labels():
    """Return the translated questions of the reading plan."""
    return {
        "reader": _("Who reads the story with the child?"),
        "when_where": _("When and where?"),
        "others_present": _("Who else is there?"),
        "copy_keeper": _("Who keeps a copy of the story?"),
        "feelings": _("How may the child feel when hearing it?"),
        "helps": _("What helps the child then?"),
        "questions": _("What may the child ask, and what answers did the adults agree?"),
    }


@bp.route("/reading-plan", methods=("GET", "POST"))
def edit(story_id):
    """Show and save the reading plan."""
    db = get_db()
    story = g.story
    if request.method == "POST":
        try:
            structure.save_reading_plan(db, story_id, request.form, request.form.get("seen"))
        except (Invalid, Conflict) as err:
            flash(message(err), "error")
            seen = structure.reading_plan(db, story_id)["updated"] if isinstance(err, Invalid) \
                else request.form.get("seen")
            return render_template("editor/plan.html", story=story,
                                   plan=dict(request.form, updated=seen),
                                   labels=plan_labels()), 409 if isinstance(err, Conflict) else 400
        audit.log(db, actor(), "reading-plan-saved", story_id)
        flash(_("The reading plan is saved."), "info")
        return redirect(url_for("plan.edit", story_id=story_id))
    return render_template("editor/plan.html", story=story,
                           plan=structure.reading_plan(db, story_id), labels=plan_labels())


@bp.get("/reading-plan/print")
def print_plan(story_id):
    """Print the reading plan as its own sheet, never part of the child's book."""
    db = get_db()
    story = g.story
    html = render_template("print/plan.html", story=story, labels=plan_labels(),
                           plan=structure.reading_plan(db, story_id))
    pdf = cached_pdf(current_app, db, story_id, html, story["version"], "plan")
    audit.log(db, actor(), "reading-plan-printed", story_id)
    return no_store(Response(pdf, mimetype="application/pdf",
                             headers={"Content-Disposition": 'inline; filename="leesplan.pdf"'}))
