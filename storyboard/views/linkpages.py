"""What every capability-link page shares: rate limits, the token-for-cookie swap, headers."""
from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from markupsafe import Markup

from .. import cast, links, panels, ratelimit, scenes, stories, workers
from ..errors import NotFound
from ..web import get_db

LINK_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex, nofollow"}


def link_blueprint(name, import_name, kind, language=lambda link: link["language"]):
    """Return a blueprint for one kind of link: limits, the link on g, its language, headers."""
    bp = Blueprint(name, import_name)

    @bp.before_request
    def limit_and_load():
        # The link this browser holds, checked on every request; only its own kind opens here.
        refused = load(kind, f"{name}.open")
        if refused is None and g.link is not None:
            g.page_lang = language(g.link)
        return refused

    bp.after_request(private)
    return bp


def drawings(story, rows, image_endpoint):
    """Return {panel id: SVG} of these pages, photos served by this link page's own route."""
    members = cast.of_story(story)
    return {p["id"]: Markup(scenes.draw(panels.scene_of(p), cast=members, background=url_for(
        image_endpoint, image_id=p["image_id"]) if p["image_id"] else None)) for p in rows}


def gone():
    """Explain, plainly, that the link no longer works (410)."""
    return render_template("network/gone.html"), 410


def load(kind, open_endpoint):
    """Put the live link this browser holds on g (or answer 410); check it on every request."""
    g.link = None
    g.page_lang = None
    held = session.get(kind)
    if held is None or request.endpoint == open_endpoint:
        return None
    try:
        g.link = links.live(links.held(get_db(), held, kind))
        g.worker_name = _owner_name(g.link)
    except links.LinkGone:
        session.pop(kind, None)
        return gone()
    except NotFound:
        session.pop(kind, None)
    return None


def _owner_name(link):
    """Return the name of the worker whose story this link belongs to."""
    db = get_db()
    return workers.get(db, stories.get(db, link["story_id"])["owner_id"])["name"]


def worker():
    """Name the worker as the person knows them; "the social worker" where the page cannot."""
    return g.get("worker_name") or gettext("the social worker")


def private(response):
    """Link pages leak nothing: no referrer, no caching, no indexing."""
    response.headers.update(LINK_HEADERS)
    return response


BAD_TOKENS, BAD_TOKEN_WINDOW = 20, 900


def swap(token, kind, page_endpoint):
    """Check a token, keep the link in the session, continue without the token: (link, reply)."""
    # Only wrong tokens count: page views and pictures of a real link never lock anyone out.
    key = f"bad-token:{request.remote_addr}"
    if ratelimit.blocked(get_db(), key, BAD_TOKENS, BAD_TOKEN_WINDOW):
        abort(429)
    try:
        link = links.check(get_db(), token, kind)
    except links.LinkGone:
        return None, gone()
    except NotFound:
        ratelimit.fail(get_db(), key)
        return None, (render_template("network/unknown.html"), 404)
    link = links.touch(get_db(), link)
    session[kind] = links.session_value(link)
    return link, redirect(url_for(page_endpoint))


def current():
    """Return the link on g, or answer 404."""
    if g.link is None:
        abort(404)
    return g.link
