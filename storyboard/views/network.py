"""The contributor's pages: an invite link, no account, phone-first, shared panels only."""
from flask import (abort, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _

from .. import audit, links, network, stories, uploads
from ..errors import Invalid, NotFound
from ..error_texts import message
from ..web import get_db
from . import linkpages
from .downloads import send_outline

bp = linkpages.link_blueprint("network", __name__, "invite")


@bp.get("/i/<token>")
def open(token):
    """Swap the token for a cookie, then continue on an address without it."""
    link, reply = linkpages.swap(token, "invite", "network.page")
    if link is not None and link["opened"] == link["last_used"]:
        audit.log(get_db(), f"link:{link['id']}", "invite-opened", link["story_id"])
    return reply


def _image_allowed(db, link, image_id):
    """Tell whether this contributor may see an image: on a panel they see, or their own."""
    shared = {p["image_id"] for p in network.visible_panels(db, link)}
    own = {c["image_id"] for c in network.for_link(db, link["id"])}
    return image_id in shared or image_id in own


@bp.get("/network")
def page(draft=None):
    """Show the welcome, the shared panels and the contributor's own suggestions."""
    link = linkpages.current()
    db = get_db()
    story = stories.get(db, link["story_id"])
    shared = network.visible_panels(db, link)
    drawn = linkpages.drawings(story, shared, "network.image")
    if draft is None:
        audit.log(db, f"link:{link['id']}", "network-viewed", story["id"],
                  f"version:{story['version']} panels:{','.join(str(p['id']) for p in shared)}")
    return render_template("network/page.html", link=link, story=story, panels=shared,
                           drawn=drawn, mine=network.for_link(db, link["id"]), draft=draft,
                           worker_name=linkpages.worker(), questions=network.questions(story),
                           by_panel=network.page_numbers(db, story["id"]))


@bp.post("/network/contribute")
def contribute():
    """Store a detail, other words, an answer or a photo from the contributor."""
    link = linkpages.current()
    db = get_db()
    kind = request.form.get("kind")
    place = _place(kind, request.form.get("question"), request.form.get("panel"))
    image_id = None
    try:
        if kind == "photo":
            file = request.files.get("photo")
            if file is None or not file.filename:
                raise Invalid("photo_missing")
            network.visible_panel(db, link, request.form.get("panel"))
            image = uploads.store_photo(db, current_app.config["UPLOAD_DIR"], link["story_id"],
                                        file.read(), uploaded_by=f"link:{link['id']}")
            image_id = image["id"]
        contribution_id = network.contribute(db, link, kind, request.form.get("text"),
                                             request.form.get("panel"),
                                             request.form.get("question"), image_id)
    except (Invalid, NotFound) as err:
        # Show the page again with the text still in its box: nothing typed is lost, and
        # nothing typed travels in the cookie.
        flash(message(err), f"error@{place}")
        target = request.form.get("question") if kind == "answer" else request.form.get("panel")
        draft = {"key": f"{kind}-{target}", "panel": request.form.get("panel"),
                 "text": request.form.get("text", "")[:network.TEXT_MAX * 2]}
        # A page this link does not see answers as if it did not exist: 404.
        return page(draft=draft), 404 if isinstance(err, NotFound) else 400
    links.touch(db, link)
    audit.log(db, f"link:{link['id']}", "contribution-made", link["story_id"],
              f"contribution:{contribution_id} kind:{kind}")
    if image_id and uploads.get(db, link["story_id"], image_id)["faces"]:
        flash(_("Thank you. We saw a person in the photo: in this story people are drawn as "
                "figures, so the face is left out. Photos of pets or favourite things work "
                "best.") if stories.get(db, link["story_id"])["safe_address"] else
              _("Thank you. We saw a person in the photo: in this story people are drawn as "
                "figures, so the face is left out. Photos of places and pets work best."),
              f"info@{place}")
    else:
        flash(_("Thank you! %(worker)s will look at it.", worker=linkpages.worker()),
              f"info@{place}")
    return redirect(url_for("network.page") + f"#said-{place}")


def _place(kind, question, panel):
    """Name where the answer to a contribution is shown: under its question, or its page."""
    if kind == "answer" and question in network.QUESTIONS:
        return f"question-{question}"
    panel = str(panel or "")
    return f"page-{panel}" if panel.isdigit() and len(panel) < 12 else "pages"


@bp.get("/network/images/<int:image_id>/outline.png")
def image(image_id):
    """Send an outline the contributor may see, and no other."""
    link = linkpages.current()
    db = get_db()
    if not _image_allowed(db, link, image_id):
        abort(404)
    return send_outline(link["story_id"], image_id)


@bp.post("/network/leave")
def leave():
    """Forget the invite in this browser."""
    session.pop("invite", None)
    return redirect(url_for("network.left"))


@bp.get("/network/bye")
def left():
    """Say goodbye after leaving."""
    return render_template("network/bye.html")
