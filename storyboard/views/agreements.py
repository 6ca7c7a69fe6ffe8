"""The worker's side of the parents' review: links, status, comments, history, the record."""
from flask import (Blueprint, Response, current_app, flash, g, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _

from .. import audit, languages, links, panels, printing, reviews, stories
from ..errors import Conflict, Invalid, NotFound
from ..messages import message
from ..web import get_db, login_required
from .downloads import no_store
from .invites import revoke_link

bp = Blueprint("agreements", __name__)


def status_names():
    """Return the translated review states."""
    return {"not-opened": _("not opened"), "opened": _("opened"), "commented": _("commented"),
            "agreed-current": _("agreed to the current version"),
            "agreed-earlier": _("agreed to an earlier version"),
            "not-yet": _("does not agree yet")}


def parents(db, story):
    """Return the story's review links with their state and last decision."""
    out = []
    for link in links.for_story(db, story["id"], "review"):
        out.append(dict(link, state=links.state(link), status=reviews.status(db, link, story),
                        decision=reviews.last_decision(db, link["id"])))
    return out


def not_agreed(db, story):
    """Return the names of live review links that have not agreed to the current version."""
    return [p["name"] for p in parents(db, story)
            if p["state"] in ("opened", "not-opened") and p["status"] != "agreed-current"]


@bp.get("/stories/<int:story_id>/reviews")
@login_required
def index(story_id, new_link=None):
    """Show each parent's state and their comments side by side, per panel."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    rows = panels.for_story(db, story_id)
    people = parents(db, story)
    comments = reviews.comments(db, story_id)
    choices = [(story["language"], languages.name(story["language"], "nl"))]
    if story["second_language"]:
        choices.append((story["second_language"], languages.name(story["second_language"], "nl")))
    return render_template("editor/reviews.html", story=story, people=people, panels=rows,
                           comments=comments, status_names=status_names(),
                           language_choices=choices, new_link=new_link)


@bp.post("/stories/<int:story_id>/reviews/share")
@login_required
def share(story_id):
    """Create a review link for one parent; show it once."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    language = request.form.get("language") or story["language"]
    if language not in (story["language"], story["second_language"]):
        language = story["language"]
    try:
        token, link = links.make(db, story_id, "review", request.form.get("name"),
                                 language=language, days=request.form.get("days") or 30,
                                 created_by=g.worker["id"])
    except Invalid as err:
        flash(message(err), "error")
        return redirect(url_for("agreements.index", story_id=story_id))
    audit.log(db, f"worker:{g.worker['id']}", "review-link-created", story_id, f"link:{link['id']}")
    # Shown in this answer only: the address is never stored, nor put in the cookie.
    return index(story_id, new_link={
        "url": links.url(current_app.config["BASE_URL"], "review", token),
        "name": link["name"]}), 201


@bp.post("/stories/<int:story_id>/reviews/<int:link_id>/revoke")
@login_required
def revoke(story_id, link_id):
    """Switch a review link off at once."""
    return revoke_link(story_id, link_id, "review", "review-link-revoked", "agreements.index")


@bp.get("/stories/<int:story_id>/history")
@login_required
def history(story_id):
    """List the story's versions, newest first, with who agreed to which."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    agreed = {}
    for person in parents(db, story):
        if person["decision"] and person["decision"]["agreed"]:
            agreed.setdefault(person["decision"]["version"], []).append(person["name"])
    return render_template("editor/history.html", story=story,
                           versions=stories.versions(db, story_id), agreed=agreed)


@bp.post("/stories/<int:story_id>/history/<int:version>/restore")
@login_required
def restore(story_id, version):
    """Bring back an earlier version as a new version: nothing is lost."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    try:
        new_version = stories.restore(db, story_id, version, request.form.get("version"),
                                      g.worker["id"])
    except (Conflict, NotFound) as err:
        flash(message(err), "error")
        return redirect(url_for("agreements.history", story_id=story_id))
    audit.log(db, f"worker:{g.worker['id']}", "version-restored", story_id,
              f"from:{version} to:{new_version}")
    flash(_("Version %(old)s is back, as version %(new)s.", old=version, new=new_version), "info")
    return redirect(url_for("editor.edit", story_id=story_id))


def record_pdf(db, story):
    """Return the agreement record of a story as PDF bytes."""
    decisions = list(db.query(
        "select a.*, l.name as person from agreements a join links l on l.id = a.link_id "
        "where a.story_id = ? order by a.id", [story["id"]]))
    html = render_template("print/record.html", story=story, decisions=decisions,
                           comments=reviews.comments(db, story["id"]),
                           numbers={p["id"]: i for i, p in
                                    enumerate(panels.for_story(db, story["id"]), start=1)})
    return printing.cached_pdf(current_app, db, story["id"], html, story["version"], "record")


@bp.get("/stories/<int:story_id>/reviews/record")
@login_required
def record(story_id):
    """Print the agreement record for the case file: who agreed to which version, and when."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    pdf = record_pdf(db, story)
    audit.log(db, f"worker:{g.worker['id']}", "agreement-record-printed", story_id)
    return no_store(Response(pdf, mimetype="application/pdf",
                             headers={"Content-Disposition": 'inline; filename="akkoord.pdf"'}))
