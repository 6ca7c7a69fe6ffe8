"""Printing and exporting a story."""
import re

from flask import Blueprint, Response, current_app, g, request

from .. import audit, exchange, printbook, stories
from ..printing import print_story
from ..web import get_db, login_required

bp = Blueprint("prints", __name__)


def _filename(story, ext):
    slug = re.sub(r"[^A-Za-z0-9]+", "-", story["title"]).strip("-").lower() or "verhaal"
    return f"{slug}.{ext}"


@bp.get("/stories/<int:story_id>/print")
@login_required
def print_pdf(story_id):
    """Render the story to a PDF through the browser and send it."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    layout = request.args.get("layout", "single")
    if layout not in printbook.LAYOUTS:
        layout = "single"
    pdf = print_story(current_app, db, story_id, layout=layout, fmt="pdf")
    audit.log(db, f"worker:{g.worker['id']}", "printed", story_id, f"layout:{layout}")
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{_filename(story, "pdf")}"'})


@bp.get("/stories/<int:story_id>/export")
@login_required
def export(story_id):
    """Send the story as an export zip."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    blob = exchange.export_story(db, story_id)
    audit.log(db, f"worker:{g.worker['id']}", "exported", story_id)
    return Response(blob, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{_filename(story, "zip")}"'})
