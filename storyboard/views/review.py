"""The parents' review page: read the story as it will print, comment, agree to a version."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import audit, languages, network, panels, reviews, stories
from ..errors import Conflict, Invalid, NotFound
from ..error_texts import message
from ..web import get_db
from . import linkpages
from .downloads import send_outline

def _language(link):
    # A language without a catalogue of ours still gets its captions, around English.
    return languages.link_language(link["language"]) or "en"


bp = linkpages.link_blueprint("review", __name__, "review", language=_language)
LOCAL_ZONE = "Europe/Brussels"  # the families and workers are in Flanders


@bp.app_template_filter("when")
def when(moment, year=False):
    """Name a moment as people do, in the page's language: "1 december om 14:05"."""
    if not moment:
        return ""
    at = datetime.fromisoformat(moment)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    zone, lang = ZoneInfo(LOCAL_ZONE), str(get_locale())
    day = format_date(at.astimezone(zone), "d MMMM y" if year else "d MMMM", locale=lang)
    return _("%(date)s at %(time)s", date=day,
             time=format_time(at, "HH:mm", tzinfo=zone, locale=lang))


@bp.get("/r/<token>")
def open(token):
    """Swap the token for a cookie, then continue without it in the address."""
    link, reply = linkpages.swap(token, "review", "review.page")
    if link is not None:
        audit.log(get_db(), f"link:{link['id']}", "review-opened", link["story_id"],
                  f"version:{stories.get(get_db(), link['story_id'])['version']}")
    return reply


@bp.get("/review")
def page():
    """Show the whole story in the parent's language, with what changed since they agreed."""
    link = linkpages.current()
    db = get_db()
    story = stories.get(db, link["story_id"])
    rows = panels.for_story(db, story["id"])
    own_language = story["second_language"] and link["language"] == story["second_language"]
    field = "caption_2" if own_language else "caption"
    agreed = reviews.last_agreement(db, link["id"])
    changes = None
    if agreed and agreed["version"] != story["version"]:
        changes = {c["panel_id"]: c for c in reviews.changes_since(db, story["id"],
                                                                   agreed["version"], field)}
    drawn = linkpages.drawings(story, rows, "review.image")
    audit.log(db, f"link:{link['id']}", "review-viewed", story["id"], f"version:{story['version']}")
    return render_template(
        "review/page.html", link=link, story=story, panels=rows, drawn=drawn, field=field,
        text_lang=link["language"] if own_language else story["language"],
        text_dir=languages.direction(link["language"]) if own_language else "ltr",
        decision=reviews.last_decision(db, link["id"]), agreed=agreed, changes=changes,
        agreed_on=reviews.version_created(db, story["id"], agreed["version"]) if agreed else None,
        numbers=network.page_numbers(db, story["id"]),
        my_comments=[c for c in reviews.comments(db, story["id"]) if c["link_id"] == link["id"]])


@bp.post("/review/comment")
def comment():
    """Store a comment on a panel or on the whole story."""
    link = linkpages.current()
    db = get_db()
    place = _comment_place(request.form.get("panel"))
    try:
        reviews.add_comment(db, link, request.form.get("text"), request.form.get("panel"))
    except (Invalid, NotFound) as err:
        flash(message(err), f"error@{place}")
        return redirect(url_for("review.page") + f"#said-{place}")
    audit.log(db, f"link:{link['id']}", "review-commented", link["story_id"],
              f"version:{stories.get(db, link['story_id'])['version']}")
    flash(_("Thank you. %(worker)s will read your comment.", worker=linkpages.worker()),
          f"info@{place}")
    return redirect(url_for("review.page") + f"#said-{place}")


def _comment_place(panel):
    """Name where a comment's answer is shown: under its page, or under the general box."""
    return f"page-{int(panel)}" if str(panel or "").isdigit() and len(str(panel)) < 12 \
        else "comments"


@bp.post("/review/decide")
def decide():
    """Record "I agree with this story" or "I don't agree yet"."""
    link = linkpages.current()
    db = get_db()
    agreed = request.form.get("decision") == "agree"
    try:
        reviews.decide(db, link, request.form.get("version"), agreed, request.form.get("name"),
                       request.form.get("reason"))
    except (Invalid, Conflict) as err:
        flash(message(err), "error@decide")
        return redirect(url_for("review.page") + "#said-decide")
    version = stories.get(db, link["story_id"])["version"]
    audit.log(db, f"link:{link['id']}", "review-agreed" if agreed else "review-not-yet",
              link["story_id"], f"version:{version}")
    made = when(reviews.version_created(db, link["story_id"], version))
    flash(_("Thank you. Your agreement to the version of %(date)s is recorded.", date=made)
          if agreed
          else _("Thank you. %(worker)s will read why, and talk with you about it.",
                 worker=linkpages.worker()), "info@decide")
    return redirect(url_for("review.page") + "#said-decide")


@bp.get("/review/images/<int:image_id>/outline.png")
def image(image_id):
    """Send a photo outline of this story's panels."""
    link = linkpages.current()
    db = get_db()
    if image_id not in {p["image_id"] for p in panels.for_story(db, link["story_id"])}:
        abort(404)
    return send_outline(link["story_id"], image_id)
