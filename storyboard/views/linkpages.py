"""What every capability-link page shares: rate limits, the token-for-cookie swap, headers."""
from flask import (abort, current_app, g, redirect, render_template, request, send_file,
                   session, url_for)

from .. import links, uploads
from ..errors import NotFound
from ..web import get_db, limiter

LINK_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex, nofollow"}


def gone():
    """Explain, plainly, that the link no longer works (410)."""
    return render_template("network/gone.html"), 410


def load(kind, open_endpoint):
    """Rate-limit the page and put the live link this browser holds on g (or answer 410)."""
    pages = limiter("link_pages", 300, 600)
    if pages.blocked(request.remote_addr):
        abort(429)
    pages.fail(request.remote_addr)
    g.link = None
    g.page_lang = None
    link_id = session.get(kind)
    if link_id and request.endpoint != open_endpoint:
        try:
            g.link = links.live(links.get(get_db(), link_id, kind))
        except links.LinkGone:
            return gone()
        except NotFound:
            session.pop(kind, None)
    return None


def private(response):
    """Link pages leak nothing: no referrer, no caching, no indexing."""
    response.headers.update(LINK_HEADERS)
    return response


def swap(token, kind, page_endpoint):
    """Check a token, keep the link in the session, continue without the token: (link, reply)."""
    bad = limiter("bad_tokens", 20, 900)
    if bad.blocked(request.remote_addr):
        abort(429)
    try:
        link = links.check(get_db(), token, kind)
    except links.LinkGone:
        return None, gone()
    except NotFound:
        bad.fail(request.remote_addr)
        return None, (render_template("network/unknown.html"), 404)
    link = links.touch(get_db(), link)
    session[kind] = link["id"]
    return link, redirect(url_for(page_endpoint))


def current():
    """Return the link on g, or answer 404."""
    if g.link is None:
        abort(404)
    return g.link


def send_outline(story_id, image_id):
    """Send a stored photo outline with safe headers."""
    row = uploads.get(get_db(), story_id, image_id)
    response = send_file(uploads.path_of(current_app.config["UPLOAD_DIR"], row["outline"]),
                         mimetype="image/png", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = 'inline; filename="outline.png"'
    return response
