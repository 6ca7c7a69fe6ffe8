"""Printing a story: the print dialog with previews of every sheet, and the PDF."""
from flask import Response, abort, current_app, g, render_template, request

from .. import audit, reviews
from ..printing import book as printbook
from ..printing import preview_sheet, print_story
from ..web import actor, get_db
from .downloads import no_store
from .scope import story_blueprint
from .shared import filename, missing_translations

bp = story_blueprint("prints", __name__)


def _options():
    """Return the layout and edition asked for, falling back to the child's single pages."""
    layout = request.args.get("layout", "single")
    edition = request.args.get("edition", "child")
    return (layout if layout in printbook.LAYOUTS else "single",
            edition if edition in printbook.EDITIONS else "child")


@bp.get("/print")
def print_pdf(story_id):
    """Render the story to a PDF through the browser and send it."""
    layout, edition = _options()
    pdf = print_story(current_app, get_db(), story_id, layout=layout, fmt="pdf", edition=edition)
    audit.log(get_db(), actor(), "printed", story_id, f"layout:{layout}")
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename(g.story, "pdf")}"'}))


@bp.get("/print/dialog")
def dialog(story_id):
    """Show the print choices with a preview of every sheet."""
    db = get_db()
    layout, edition = _options()
    context = printbook.context(db, story_id, layout, edition)
    return render_template("editor/print.html", story=g.story, layout=layout, edition=edition,
                           not_agreed=reviews.not_agreed(db, g.story),
                           **missing_translations(db, g.story),
                           sheet_count=len(context["sheets"]), page_count=context["page_count"],
                           layouts=printbook.LAYOUTS, editions=printbook.EDITIONS)


@bp.get("/print/preview/<int:number>.png")
def preview(story_id, number):
    """Send the PNG preview of one printed sheet, as soon as that sheet is made."""
    layout, edition = _options()
    png = preview_sheet(current_app, get_db(), story_id, number, layout, edition)
    if png is None:
        abort(404)
    return no_store(Response(png, mimetype="image/png"))
