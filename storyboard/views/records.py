"""What a story leaves for the case file: its log, the export, the case-file bundle."""
import csv
import io
import zipfile

from flask import Response, current_app, g, render_template

from .. import audit, exchange, links, workers
from ..errors import NotFound
from ..printing import agreement_record, print_story
from ..web import actor, get_db
from .downloads import no_store
from .scope import story_blueprint
from .shared import LOG_WORDS, filename

bp = story_blueprint("records", __name__)


@bp.get("/audit")
def audit_log(story_id):
    """Show who did what with the story, and when (no content)."""
    db = get_db()
    names = {f"link:{link['id']}": f"{link['name']} ({link['kind']})"
             for kind in links.KINDS for link in links.for_story(db, story_id, kind)}
    rows = audit.for_story(db, story_id)
    for actor_id in {r["actor"] for r in rows if r["actor"].startswith("worker:")}:
        try:   # the owner, colleagues, a former owner: by name, as the team knows them
            names[actor_id] = workers.get(db, int(actor_id.split(":")[1]))["name"]
        except (NotFound, ValueError):
            pass
    return render_template("editor/audit.html", story=g.story, rows=rows, names=names,
                           what=LOG_WORDS)


@bp.get("/case-file")
def case_file(story_id):
    """Send the case-file record: the book's PDF, the agreement record and the audit log."""
    db = get_db()
    log = io.StringIO()
    writer = csv.writer(log)
    writer.writerow(["at", "actor", "action", "detail"])
    for row in reversed(audit.for_story(db, story_id)):
        writer.writerow([row["at"], row["actor"], row["action"], row["detail"]])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("book.pdf", print_story(current_app, db, story_id, "single", "pdf"))
        zf.writestr("agreement-record.pdf", agreement_record(current_app, db, g.story))
        zf.writestr("audit-log.csv", log.getvalue())
    audit.log(db, actor(), "case-file-exported", story_id)
    return no_store(Response(out.getvalue(), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename(g.story, "dossier.zip")}"'}))


@bp.get("/export")
def export(story_id):
    """Send the story as an export zip."""
    blob = exchange.export_story(get_db(), story_id, current_app.config["UPLOAD_DIR"])
    audit.log(get_db(), actor(), "exported", story_id)
    return no_store(Response(blob, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename(g.story, "zip")}"'}))
