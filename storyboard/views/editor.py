"""The story editor: panels, their captions, pictures and order."""
import json

from flask import current_app, flash, g, jsonify, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from .. import (cast, coach, interpreting, languages, library, network, panels, scenes, strokes,
               structure, uploads)
from ..errors import Conflict, Invalid
from ..error_texts import message
from ..printing.cache import forget_renders
from ..recordings import delete_for_panel as delete_voices
from ..web import already_done, get_db, reply_error, wants_json
from .scope import story_blueprint
from .shared import (category_names, checklist_names, consent_names, editor_at, feeling_names,
                     outline_url, section_names)

bp = story_blueprint("editor", __name__)


def _saved(version, panel_id=None, **extra):
    if wants_json():
        return jsonify(ok=True, version=version, panel_id=panel_id, **extra)
    return redirect(editor_at(panel_id))


def _failed(err, story_id, panel_id=None, draft=None):
    """Reply to a refused change, keeping what the worker typed."""
    status = 409 if isinstance(err, Conflict) else 400
    if draft is not None and not wants_json():
        # Show the editor again in this answer with the text still in its box: the draft
        # never travels in the cookie.
        flash(message(err), "error")
        return edit(story_id, draft={"panel": panel_id or "new", "caption": draft},
                    panel_id=panel_id), status
    current = getattr(err, "current", None)
    return reply_error(err, status, editor_at(panel_id), version=current)


@bp.get("")
def edit(story_id, draft=None, panel_id=None):
    """Show the editor with one panel selected."""
    db = get_db()
    story = g.story
    items = panels.for_story(db, story_id)
    selected = _selected(items, panel_id or request.args.get("panel", type=int))
    lang = str(get_locale())
    names = library.names(lang)
    images = uploads.for_story(db, story_id)  # one query for every thumbnail's photo
    scene = panels.scene_of(selected) if selected else None
    members = cast.of_story(story)
    return render_template(
        "editor/editor.html", story=story, panels=items, selected=selected,
        scene_json=json.dumps(scene, ensure_ascii=False) if scene else "",
        scene_svg=Markup(scenes.draw(scene, title=_scene_title(scene, names, members),
                                     background=_photo(story_id, selected, images),
                                     cast=members))
        if scene else "",
        thumbs={p["id"]: Markup(scenes.draw(panels.scene_of(p), cast=members,
                                            background=_photo(story_id, p, images)))
                for p in items},
        members=members, cast_poses={f: cast.poses(f) for f in cast.FIGURES},
        translated_by=interpreting.provenance(db, story_id),
        portraits={m["id"]: Markup(scenes.portrait(m)) for m in members},
        photo=images.get(selected["image_id"]) if selected else None,
        waiting=network.waiting_count(db, story_id),
        figures=[p for p in library.parts() if p.get("kind") == "base" and "pose" not in p],
        poses=[p for p in library.parts() if p.get("kind") == "base"],
        figure_parts=[p for p in library.parts() if p.get("kind") in ("head", "body")
                      and not p["id"].startswith("expr-")],
        category_names=category_names(), feelings=scenes.FEELINGS,
        consent_names=consent_names(), feeling_names=feeling_names(), item_names=names,
        limits={"items": scenes.MAX_ITEMS, "label": scenes.LABEL_MAX,
                "bubble": scenes.BUBBLE_MAX, "bubbles": scenes.MAX_BUBBLES,
                "scale_min": scenes.SCALE_MIN, "scale_max": scenes.SCALE_MAX,
                "strokes": strokes.MAX_STROKES, "points": strokes.MAX_POINTS,
                "pen_min": strokes.PRINT_MIN_WIDTH},
        sections=panels.SECTIONS, section_names=section_names(), caption_max=panels.CAPTION_MAX,
        used_sections={p["section"] for p in items if not structure.is_unwritten(p)},
        unwritten={p["id"] for p in items if structure.is_unwritten(p)},
        checklist=structure.checklist(items, blame_free=_blame_free(items, story)),
        checklist_names=checklist_names(), story_level=_story_level(items, story),
        library=library.by_category(lang),
        second_dir=languages.direction(story["second_language"]),
        second_name=languages.name(story["second_language"], lang)
        if story["second_language"] else None,
        draft=draft)


def _blame_free(items, story):
    """Tell whether no caption could make the child feel at fault (the language coach)."""
    return not any(issue["kind"] == "blame"
                   for p in items
                   for issue in coach.check_text(p["caption"], story["language"],
                                                 story["child_age"], names=[story["child_name"]],
                                                 child=story["child_name"])["issues"])


def _photo(story_id, panel, images):
    """Return the address of the panel's photo outline, or None."""
    image = images.get(panel["image_id"]) if panel and panel.get("image_id") else None
    return outline_url(story_id, image) if image else None


def _story_level(items, story):
    """Return the readability of the whole story as a plain phrase, or None."""
    captions = [p["caption"] for p in items if not structure.is_unwritten(p)]
    return coach.story_level(captions, story["language"], story["child_age"]) if captions else None


def _scene_title(scene, names, members=None):
    """Describe a scene in words, for screen readers."""
    things = [item["label"] or names.get(item["id"], item["id"])
              for item in scenes.resolved(scene, members)["items"] if item]
    if scene.get("place"):
        things.append(names.get(scene["place"], scene["place"]))
    return ", ".join(things) or _("Empty picture")


def _selected(items, panel_id):
    for item in items:
        if item["id"] == panel_id:
            return item
    return items[0] if items else None


def story_names(story, items):
    """Return the names known in a story: the child, its people, every label in its pictures."""
    names = {story["child_name"]}
    for member in cast.of_story(story):
        names.update(member["name"].split())
    for item in items:
        for thing in (json.loads(item["scene"])["items"] if item.get("scene") else []):
            if thing.get("label"):
                names.update(thing["label"].split())
    return sorted(names)


@bp.post("/coach", endpoint="coach")
def check_caption(story_id):
    """Check a caption for the language coach and answer JSON (called while typing).

    Each issue's spans are offsets in code points into the text as the textarea holds
    it: a form post turns its line breaks into CR LF, so they are turned back first."""
    story = g.story
    text = (request.form.get("text") or "").replace("\r\n", "\n")[:5000]
    lang = request.form.get("lang") or story["language"]
    if lang not in ("nl", "en"):
        lang = story["language"]
    names = story_names(story, panels.for_story(get_db(), story_id))
    result = coach.check_text(text, lang, story["child_age"], names=names,
                              child=story["child_name"])
    return jsonify(result)


@bp.post("/panels")
def add(story_id):
    """Add a panel."""
    if already_done(request.form.get("form_id")):
        return redirect(editor_at())
    try:
        panel_id, version = panels.add(get_db(), story_id, request.form.get("version"),
                                       request.form, g.worker["id"],
                                       after=request.form.get("after"),
                                       consent_by=request.form.get("consent_by"))
    except (Invalid, Conflict) as err:
        return _failed(err, story_id, draft=request.form.get("caption"))
    return _saved(version, panel_id)


@bp.post("/panels/<int:panel_id>")
def update(story_id, panel_id):
    """Save changed fields of a panel (autosave sends them while the worker types)."""
    try:
        version, scene = panels.save_from_editor(get_db(), story_id, panel_id, request.form,
                                                 g.worker["id"])
    except (Invalid, Conflict) as err:
        return _failed(err, story_id, panel_id, draft=request.form.get("caption"))
    if not wants_json():
        flash(_("Saved."), "info")
        return _saved(version, panel_id)
    if not {"scene", "picture", "add_item"} & set(request.form):
        return _saved(version, panel_id)
    names = library.names(str(get_locale()))
    panel = panels.get(get_db(), story_id, panel_id)
    scene = scene or panels.scene_of(panel)
    photo = _photo(story_id, panel, uploads.for_story(get_db(), story_id))
    members = cast.of_story(g.story)
    return _saved(version, panel_id, thumb=scenes.draw(scene, background=photo, cast=members),
                  svg=scenes.draw(scene, title=_scene_title(scene, names, members),
                                  background=photo, cast=members))


@bp.post("/panels/<int:panel_id>/delete")
def delete(story_id, panel_id):
    """Delete a panel."""
    image_id = panels.get(get_db(), story_id, panel_id)["image_id"]
    version = panels.delete(get_db(), story_id, panel_id, request.form.get("version"),
                            g.worker["id"])  # a refusal is answered by views/errors.py
    if image_id:
        uploads.delete_image(get_db(), current_app.config["UPLOAD_DIR"], image_id)
        forget_renders(current_app.config["CACHE_DIR"], story_id)  # they hold the photo
    delete_voices(get_db(), current_app.config["UPLOAD_DIR"], story_id, panel_id)
    if not wants_json():
        flash(_("The panel is deleted."), "info")
    return _saved(version)


@bp.post("/panels/<int:panel_id>/move")
def move(story_id, panel_id):
    """Move a panel one place up or down (the keyboard way to reorder)."""
    offset = -1 if request.form.get("direction") == "up" else 1
    version = panels.move(get_db(), story_id, panel_id, offset, request.form.get("version"),
                          g.worker["id"])
    return _saved(version, panel_id)


@bp.post("/order")
def order(story_id):
    """Save a new order of all panels (drag and drop sends it)."""
    version = panels.reorder(get_db(), story_id, request.form.getlist("panel"),
                             request.form.get("version"), g.worker["id"])
    return _saved(version)
