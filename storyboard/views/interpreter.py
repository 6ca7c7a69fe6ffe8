"""The interpreter's page: every page of the book, each caption beside its translation."""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, interpreting, languages, links, stories
from ..errors import Invalid, NotFound
from ..error_texts import message
from ..web import get_db, wants_json
from . import linkpages
from .downloads import send_outline

KIND = interpreting.KIND
bp = linkpages.link_blueprint("interpreter", __name__, KIND)


@bp.get("/t/<token>")
def open(token):
    """Swap the token for a cookie, then continue on an address without it."""
    link, reply = linkpages.swap(token, KIND, "interpreter.page")
    if link is not None and link["opened"] == link["last_used"]:
        audit.log(get_db(), f"link:{link['id']}", "interpreter-opened", link["story_id"])
    return reply


@bp.get("/interpret")
def page(draft=None):
    """Show every page: the picture, the caption, and a field for it in the family's language."""
    link = linkpages.current()
    db = get_db()
    story = stories.get(db, link["story_id"])
    rows = interpreting.pages(db, link)
    drawn = linkpages.drawings(story, [p for p in rows if p["kind"] != "draw"],
                               "interpreter.image")
    if draft is None:
        audit.log(db, f"link:{link['id']}", "interpreter-viewed", story["id"],
                  f"version:{story['version']}")
    return render_template(
        "interpreter/page.html", link=link, story=story, pages=rows, drawn=drawn, draft=draft,
        worker_name=linkpages.worker(), target=languages.name(link["language"], link["language"]),
        target_dir=languages.direction(link["language"]),
        source=languages.name(story["language"], link["language"]))


@bp.post("/interpret/pages/<int:panel_id>")
def translate(panel_id):
    """Save one page's translation (the page saves as the interpreter goes)."""
    link = linkpages.current()
    db = get_db()
    text = request.form.get("caption_2", "")
    try:
        version = interpreting.translate(db, link, panel_id, text, request.form.get("was"))
    except (Invalid, NotFound) as err:
        if isinstance(err, NotFound):
            abort(404)
        if wants_json():
            return jsonify(ok=False, error=message(err), code=err.code), 400
        flash(message(err), f"error@page-{panel_id}")
        return page(draft={"panel": panel_id, "text": text[:1000]}), 400
    links.touch(db, link)
    if wants_json():
        return jsonify(ok=True, version=version)
    flash(_("Saved. %(worker)s sees your words.", worker=linkpages.worker()),
          f"info@page-{panel_id}")
    return redirect(url_for("interpreter.page") + f"#said-page-{panel_id}")


@bp.get("/interpret/images/<int:image_id>/outline.png")
def image(image_id):
    """Send the outline of a photo on one of the book's pages."""
    link = linkpages.current()
    db = get_db()
    if image_id not in {p["image_id"] for p in interpreting.pages(db, link)}:
        abort(404)
    return send_outline(link["story_id"], image_id)
