"""The contributor's pages: an invite link, no account, phone-first, shared panels only."""
from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   send_file, session, url_for)
from flask_babel import gettext as _
from markupsafe import Markup

from .. import audit, links, network, panels, scenes, stories, uploads
from ..errors import Invalid, NotFound
from ..messages import message
from ..ratelimit import FailureLimiter
from ..web import get_db

bp = Blueprint("network", __name__)
LINK_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex, nofollow"}


def _limiter(name, count, seconds):
    ext = current_app.extensions
    if name not in ext:
        ext[name] = FailureLimiter(count, seconds)
    return ext[name]


@bp.before_request
def limit_and_load():
    """Rate-limit link pages per address and load the invite from the session."""
    pages = _limiter("link_pages", 300, 600)
    if pages.blocked(request.remote_addr):
        abort(429)
    pages.fail(request.remote_addr)
    g.link = None
    g.page_lang = None
    link_id = session.get("invite")
    if link_id and request.endpoint != "network.open":
        try:
            g.link = links.live(links.get(get_db(), link_id, "invite"))
        except links.LinkGone:
            return gone()
        except NotFound:
            session.pop("invite", None)
        else:
            g.page_lang = g.link["language"]


@bp.after_request
def private_headers(response):
    """Link pages leak nothing: no referrer, no caching, no indexing."""
    response.headers.update(LINK_HEADERS)
    return response


def gone():
    """Explain, plainly, that the link no longer works (410)."""
    return render_template("network/gone.html"), 410


@bp.get("/i/<token>")
def open(token):
    """Swap the token for a cookie, then continue on an address without it."""
    bad = _limiter("bad_tokens", 20, 900)
    if bad.blocked(request.remote_addr):
        abort(429)
    db = get_db()
    try:
        link = links.check(db, token, "invite")
    except links.LinkGone:
        return gone()
    except NotFound:
        bad.fail(request.remote_addr)
        return render_template("network/unknown.html"), 404
    first = not link["opened"]
    links.touch(db, link)
    session["invite"] = link["id"]
    if first:
        audit.log(db, f"link:{link['id']}", "invite-opened", link["story_id"])
    return redirect(url_for("network.page"))


def _need_link():
    if g.link is None:
        abort(404)
    return g.link


def _image_allowed(db, link, image_id):
    """Tell whether this contributor may see an image: on a shared panel, or their own."""
    shared = {p["image_id"] for p in network.shared_panels(db, link["story_id"])}
    own = {c["image_id"] for c in network.for_link(db, link["id"])}
    return image_id in shared or image_id in own


@bp.get("/network")
def page():
    """Show the welcome, the shared panels and the contributor's own suggestions."""
    link = _need_link()
    db = get_db()
    story = stories.get(db, link["story_id"])
    shared = network.shared_panels(db, link["story_id"])
    drawn = {p["id"]: Markup(scenes.draw(panels.scene_of(p), background=url_for(
        "network.image", image_id=p["image_id"]) if p["image_id"] else None)) for p in shared}
    return render_template("network/page.html", link=link, story=story, panels=shared,
                           drawn=drawn, mine=network.for_link(db, link["id"]),
                           by_panel={p["id"]: i for i, p in enumerate(shared, start=1)})


@bp.post("/network/contribute")
def contribute():
    """Store a detail, other words, an answer or a photo from the contributor."""
    link = _need_link()
    db = get_db()
    kind = request.form.get("kind")
    image_id = None
    try:
        if kind == "photo":
            file = request.files.get("photo")
            if file is None or not file.filename:
                raise Invalid("photo_missing")
            network.shared_panel(db, link["story_id"], request.form.get("panel"))
            image = uploads.store_photo(db, current_app.config["UPLOAD_DIR"], link["story_id"],
                                        file.read(), uploaded_by=f"link:{link['id']}")
            image_id = image["id"]
        contribution_id = network.contribute(db, link, kind, request.form.get("text"),
                                             request.form.get("panel"),
                                             request.form.get("question"), image_id)
    except (Invalid, NotFound) as err:
        flash(message(err), "error")
        session["network_draft"] = request.form.get("text", "")
        return redirect(url_for("network.page") + "#contribute")
    links.touch(db, link)
    audit.log(db, f"link:{link['id']}", "contribution-made", link["story_id"],
              f"contribution:{contribution_id} kind:{kind}")
    if image_id and uploads.get(db, link["story_id"], image_id)["faces"]:
        flash(_("Thank you. We saw a person in the photo: in this story people are drawn as "
                "figures, so the face is left out. Photos of places and pets work best."), "info")
    else:
        flash(_("Thank you! The social worker will look at it."), "info")
    return redirect(url_for("network.page") + "#mine")


@bp.get("/network/images/<int:image_id>/outline.png")
def image(image_id):
    """Send an outline the contributor may see, and no other."""
    link = _need_link()
    db = get_db()
    if not _image_allowed(db, link, image_id):
        abort(404)
    row = uploads.get(db, link["story_id"], image_id)
    response = send_file(uploads.path_of(current_app.config["UPLOAD_DIR"], row["outline"]),
                         mimetype="image/png", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = 'inline; filename="outline.png"'
    return response


@bp.post("/network/leave")
def leave():
    """Forget the invite in this browser."""
    session.pop("invite", None)
    return redirect(url_for("network.left"))


@bp.get("/network/bye")
def left():
    """Say goodbye after leaving."""
    return render_template("network/bye.html")
