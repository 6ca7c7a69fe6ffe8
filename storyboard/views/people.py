"""The people of one story (its cast): make them once, change them for every page."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from .. import cast, library, scenes
from ..errors import Conflict, Invalid, NotFound
from ..error_texts import message
from ..web import get_db
from .scope import story_blueprint

bp = story_blueprint("people", __name__)


@bp.get("/people")
def index(story_id, values=None, editing=None):
    """Show the story's people, each with a drawing, the pages they are on, and a form."""
    members = cast.of_story(g.story)
    parts = [p for p in library.parts() if p.get("kind") in ("head", "body")
             and not p["id"].startswith("expr-")]
    return render_template(
        "editor/people.html", story=g.story, members=members, parts=parts,
        figures=cast.FIGURES, values=values or {}, editing=editing,
        figure_names={"adult": _("grown-up"), "child": _("child"), "baby": _("baby")},
        names=library.names(str(get_locale())),
        drawn={m["id"]: Markup(scenes.portrait(m)) for m in members},
        pages={m["id"]: cast.pages_with(get_db(), story_id, m["id"]) for m in members},
        back=request.args.get("panel", type=int), more=bool(request.args.get("more")))


def _form():
    return {"name": request.form.get("name"), "figure": request.form.get("figure"),
            "parts": request.form.getlist("parts")}


def _done(text, member_id=None, more=False):
    place = f"person-{member_id}" if member_id else "people"
    flash(text, f"info@{place}")
    return redirect(url_for("people.index", panel=request.form.get("panel") or None,
                            more=1 if more else None) + f"#said-{place}")


def _refused(err, editing=None):
    flash(message(err), f"error@person-{editing}")
    status = 409 if isinstance(err, Conflict) else 404 if isinstance(err, NotFound) else 400
    return index(g.story["id"], values=_form(), editing=editing), status


@bp.post("/people")
def add(story_id):
    """Add a person to the story."""
    try:
        member_id, _version = cast.add(get_db(), story_id, request.form.get("version"), _form(),
                                       g.worker["id"])
    except (Invalid, Conflict) as err:
        return _refused(err, editing="new")
    return _done(_("%(name)s is one of the people of this story now. Put them in a picture "
                   "from the editor.", name=request.form.get("name", "").strip()), member_id,
                 more=True)   # most stories have several people: the next one is ready


@bp.post("/people/<member_id>")
def update(story_id, member_id):
    """Change a person: every page that shows them changes too."""
    try:
        cast.update(get_db(), story_id, member_id, request.form.get("version"), _form(),
                    g.worker["id"])
    except (Invalid, Conflict, NotFound) as err:
        return _refused(err, editing=member_id)
    return _done(_("Saved. Every page with %(name)s shows the change.",
                   name=request.form.get("name", "").strip()), member_id)


@bp.post("/people/<member_id>/delete")
def delete(story_id, member_id):
    """Take a person out of the story (not while a picture still shows them)."""
    try:
        cast.remove(get_db(), story_id, member_id, request.form.get("version"), g.worker["id"])
    except (Invalid, Conflict, NotFound) as err:
        flash(message(err), f"error@person-{member_id}")
        return redirect(url_for("people.index") + f"#said-person-{member_id}")
    return _done(_("The person is taken out of this story."))
