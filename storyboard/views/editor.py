"""The story editor: panels, their captions, pictures and order."""
from flask import (Blueprint, flash, g, jsonify, redirect, render_template, request, session,
                   url_for)
from flask_babel import get_locale, gettext as _

from .. import audit, languages, library, panels, stories
from ..errors import Conflict, Invalid
from ..web import already_done, get_db, login_required, reply_error, wants_json

bp = Blueprint("editor", __name__)


def _story(story_id):
    return stories.get_for_owner(get_db(), story_id, g.worker["id"])


def _back(story_id, panel_id=None):
    return url_for("editor.edit", story_id=story_id, panel=panel_id) + "#panel"


def _saved(story_id, version, panel_id=None, **extra):
    if wants_json():
        return jsonify(ok=True, version=version, panel_id=panel_id, **extra)
    return redirect(_back(story_id, panel_id))


def _failed(err, story_id, panel_id=None, draft=None):
    """Reply to a refused change, keeping what the worker typed."""
    if draft is not None and not wants_json():
        session["draft"] = {"panel": panel_id or "new", "caption": draft}
    status = 409 if isinstance(err, Conflict) else 400
    current = getattr(err, "current", None)
    return reply_error(err, status, _back(story_id, panel_id), version=current)


@bp.get("/stories/<int:story_id>")
@login_required
def edit(story_id):
    """Show the editor with one panel selected."""
    db = get_db()
    story = _story(story_id)
    items = panels.for_story(db, story_id)
    selected = _selected(items, request.args.get("panel", type=int))
    lang = str(get_locale())
    return render_template(
        "editor/editor.html", story=story, panels=items, selected=selected,
        sections=panels.SECTIONS, section_names=section_names(), caption_max=panels.CAPTION_MAX,
        used_sections={p["section"] for p in items}, library=library.by_category(lang),
        picture_names={p["id"]: p["name"][lang] for p in library.pictures()},
        second_dir=languages.direction(story["second_language"]),
        second_name=languages.name(story["second_language"], lang)
        if story["second_language"] else None,
        draft=session.pop("draft", None))


def section_names():
    """Return the translated names of the Words and Pictures sections."""
    return {
        "title": _("Title page"),
        "people": _("Who is in the story"),
        "memories": _("Good memories and strengths"),
        "worries": _("Who is worried, and about what"),
        "happened": _("What happened"),
        "then": _("What happened then"),
        "safety": _("What the grown-ups do now to keep you safe"),
        "next": _("What happens next, and your questions"),
    }


def _selected(items, panel_id):
    for item in items:
        if item["id"] == panel_id:
            return item
    return items[0] if items else None


@bp.post("/stories/<int:story_id>/panels")
@login_required
def add(story_id):
    """Add a panel."""
    _story(story_id)
    if already_done(request.form.get("form_id")):
        return redirect(_back(story_id))
    try:
        panel_id, version = panels.add(get_db(), story_id, request.form.get("version"),
                                       request.form, g.worker["id"],
                                       after=request.form.get("after"))
    except (Invalid, Conflict) as err:
        return _failed(err, story_id, draft=request.form.get("caption"))
    audit.log(get_db(), f"worker:{g.worker['id']}", "panel-added", story_id, f"panel:{panel_id}")
    return _saved(story_id, version, panel_id)


@bp.post("/stories/<int:story_id>/panels/<int:panel_id>")
@login_required
def update(story_id, panel_id):
    """Save changed fields of a panel (autosave sends them while the worker types)."""
    _story(story_id)
    data = {k: request.form.get(k) for k in ("caption", "caption_2", "section", "picture")
            if k in request.form}
    if "shared_present" in request.form:
        data["shared_with_network"] = request.form.get("shared_with_network")
    try:
        version = panels.update(get_db(), story_id, panel_id, request.form.get("version"),
                                data, g.worker["id"])
    except (Invalid, Conflict) as err:
        return _failed(err, story_id, panel_id, draft=request.form.get("caption"))
    if not wants_json():
        flash(_("Saved."), "info")
    return _saved(story_id, version, panel_id)


@bp.post("/stories/<int:story_id>/panels/<int:panel_id>/delete")
@login_required
def delete(story_id, panel_id):
    """Delete a panel."""
    _story(story_id)
    try:
        version = panels.delete(get_db(), story_id, panel_id, request.form.get("version"),
                                g.worker["id"])
    except Conflict as err:
        return _failed(err, story_id, panel_id)
    audit.log(get_db(), f"worker:{g.worker['id']}", "panel-deleted", story_id, f"panel:{panel_id}")
    if not wants_json():
        flash(_("The panel is deleted."), "info")
    return _saved(story_id, version)


@bp.post("/stories/<int:story_id>/panels/<int:panel_id>/move")
@login_required
def move(story_id, panel_id):
    """Move a panel one place up or down (the keyboard way to reorder)."""
    _story(story_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    try:
        version = panels.move(get_db(), story_id, panel_id, offset, request.form.get("version"),
                              g.worker["id"])
    except (Invalid, Conflict) as err:
        return _failed(err, story_id, panel_id)
    return _saved(story_id, version, panel_id)


@bp.post("/stories/<int:story_id>/order")
@login_required
def order(story_id):
    """Save a new order of all panels (drag and drop sends it)."""
    _story(story_id)
    try:
        version = panels.reorder(get_db(), story_id, request.form.getlist("panel"),
                                 request.form.get("version"), g.worker["id"])
    except (Invalid, Conflict) as err:
        return _failed(err, story_id)
    return _saved(story_id, version)
