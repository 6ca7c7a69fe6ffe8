"""The printed book's QR codes: a page that plays the chosen voices, with the captions only."""
from flask import Blueprint, abort, g, render_template, request

from .. import audit, links, listening, ratelimit
from ..errors import NotFound
from ..web import get_db
from . import linkpages
from .downloads import send_voice

bp = Blueprint("listen", __name__)
bp.after_request(linkpages.private)


def _open(token):
    """Return (link, story) for a listen token; wrong tokens count like any link's."""
    db = get_db()
    key = f"bad-token:{request.remote_addr}"
    if ratelimit.blocked(db, key, linkpages.BAD_TOKENS, linkpages.BAD_TOKEN_WINDOW):
        abort(429)
    try:
        link, story = listening.open_link(db, token)
    except links.LinkGone:
        abort(410)
    except NotFound:
        ratelimit.fail(db, key)
        abort(404)
    g.link, g.page_lang = link, link["language"]
    return link, story


@bp.get("/l/<token>")
@bp.get("/l/<token>/<int:page>")
def page(token, page=None):
    """Play this page's recording first, then the others in the book's order."""
    link, story = _open(token)
    pages = listening.book(get_db(), link, story, page)
    audit.log(get_db(), f"link:{link['id']}", "listen-opened", story["id"], f"page:{page or 0}")
    return render_template("listen/page.html", token=token, pages=pages, first=page)


@bp.get("/l/<token>/voices/<int:voice_id>.ogg")
def voice(token, voice_id):
    """Send one of the book's chosen recordings."""
    link, story = _open(token)
    try:
        return send_voice(listening.voice(get_db(), link, story, voice_id))
    except NotFound:
        abort(404)
