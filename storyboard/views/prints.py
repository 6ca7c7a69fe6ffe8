"""Printing and exporting a story."""
import csv
import io
import re
import zipfile

from flask import Blueprint, Response, abort, current_app, g, render_template, request

from .. import audit, exchange, printbook, stories
from ..printing import preview_sheets, print_story
from ..web import get_db, login_required
from .agreements import not_agreed, record_pdf
from .downloads import no_store

bp = Blueprint("prints", __name__)


def _filename(story, ext):
    slug = re.sub(r"[^A-Za-z0-9]+", "-", story["title"]).strip("-").lower() or "verhaal"
    return f"{slug}.{ext}"


def _options():
    """Return the layout and edition asked for, falling back to the child's single pages."""
    layout = request.args.get("layout", "single")
    edition = request.args.get("edition", "child")
    return (layout if layout in printbook.LAYOUTS else "single",
            edition if edition in printbook.EDITIONS else "child")


@bp.get("/stories/<int:story_id>/print")
@login_required
def print_pdf(story_id):
    """Render the story to a PDF through the browser and send it."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    layout, edition = _options()
    pdf = print_story(current_app, db, story_id, layout=layout, fmt="pdf", edition=edition)
    audit.log(db, f"worker:{g.worker['id']}", "printed", story_id, f"layout:{layout}")
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{_filename(story, "pdf")}"'}))


@bp.get("/stories/<int:story_id>/print/dialog")
@login_required
def dialog(story_id):
    """Show the print choices with a preview of every sheet."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    layout, edition = _options()
    context = printbook.context(db, story_id, layout, edition)
    return render_template("editor/print.html", story=story, layout=layout, edition=edition,
                           not_agreed=not_agreed(db, story),
                           sheet_count=len(context["sheets"]), page_count=context["page_count"],
                           layouts=printbook.LAYOUTS, editions=printbook.EDITIONS)


@bp.get("/stories/<int:story_id>/print/preview/<int:number>.png")
@login_required
def preview(story_id, number):
    """Send the PNG preview of one printed sheet."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    layout, edition = _options()
    # Twice: a newer render may prune these sheets, or a deleted photo forget them, meanwhile.
    for _attempt in (1, 2):
        sheets = preview_sheets(current_app, db, story_id, layout, edition)
        if sheets and not 1 <= number <= len(sheets):
            abort(404)
        try:
            return no_store(Response(sheets[number - 1].read_bytes(), mimetype="image/png"))
        except (IndexError, FileNotFoundError):
            continue
    abort(404)


@bp.get("/stories/<int:story_id>/case-file")
@login_required
def case_file(story_id):
    """Send the case-file record: the book's PDF, the agreement record and the audit log."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    log = io.StringIO()
    writer = csv.writer(log)
    writer.writerow(["at", "actor", "action", "detail"])
    for row in reversed(audit.for_story(db, story_id)):
        writer.writerow([row["at"], row["actor"], row["action"], row["detail"]])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("book.pdf", print_story(current_app, db, story_id, "single", "pdf"))
        zf.writestr("agreement-record.pdf", record_pdf(db, story))
        zf.writestr("audit-log.csv", log.getvalue())
    audit.log(db, f"worker:{g.worker['id']}", "case-file-exported", story_id)
    return no_store(Response(out.getvalue(), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{_filename(story, "dossier.zip")}"'}))


@bp.get("/stories/<int:story_id>/export")
@login_required
def export(story_id):
    """Send the story as an export zip."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    blob = exchange.export_story(db, story_id, current_app.config["UPLOAD_DIR"])
    audit.log(db, f"worker:{g.worker['id']}", "exported", story_id)
    return no_store(Response(blob, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{_filename(story, "zip")}"'}))
