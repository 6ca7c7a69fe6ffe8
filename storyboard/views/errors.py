"""Error pages: a plain sentence in the person's language, as HTML or JSON."""
from urllib.parse import urlsplit

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _

from .. import web
from ..errors import Conflict, Invalid, NotFound
from ..error_texts import message
from ..printing.browser import RenderError


def _texts():
    return {
        400: (_("This request could not be handled"),
              _("Something in the request was missing or wrong. Go back, reload the page and "
                "try again.")),
        "csrf": (_("This form has expired"),
                 _("For your safety, this form can no longer be sent. Go back, reload the page "
                   "and try again. What you typed is still in the form if you go back.")),
        "number": (_("This request could not be handled"),
                   _("A number in the address or the form is far too large. Go back, reload "
                     "the page and try again.")),
        401: (_("Please sign in"), _("Sign in again to continue.")),
        403: (_("Not possible with your role"),
              _("Your role on this story does not allow this. The worker who owns the story "
                "can do it, or change your role.")),
        404: (_("Not found"), _("This page does not exist, or you do not have access to it.")),
        405: (_("Not allowed"), _("This action is not possible here.")),
        413: (_("File too large"), _("The file you sent is too large.")),
        429: (_("Too many attempts"),
              _("There were too many attempts. Wait a quarter of an hour and try again.")),
        500: (_("Something went wrong"),
              _("Something went wrong on our side. Nothing you saved was lost. Try again in a "
                "moment.")),
    }


def page(status, key=None, text=None):
    """Answer with the error page for a status, as JSON when asked."""
    title, body = _texts().get(key or status, _texts()[500])
    body = text or body
    if web.wants_json():
        return jsonify(ok=False, error=body), status
    return render_template("errors/error.html", title=title, body=body, status=status), status


def register(app):
    """Install the error handlers."""
    for status in (401, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, lambda e, s=status: page(s))
    app.register_error_handler(400, lambda e: page(400, "csrf" if e.description == "csrf"
                                                   else None))
    app.register_error_handler(NotFound, lambda e: page(404, text=message(e)))
    app.register_error_handler(Invalid, refused)
    app.register_error_handler(Conflict, refused)
    # SQLite takes integers up to 2**63 - 1; a bigger id in a form or address is bad input.
    app.register_error_handler(OverflowError, lambda e: page(400, "number"))
    app.register_error_handler(RenderError, lambda e: page(503, 500, text=render_message(e)))


def refused(err):
    """Answer a refused change: JSON for fetch; else the reason, back where the form was."""
    status = 409 if isinstance(err, Conflict) else 400
    if request.method != "POST" and not web.wants_json():
        return page(status, text=message(err))
    return web.reply_error(err, status, _back(), version=getattr(err, "current", None))


def _back():
    """Return the page the form was on, when it is on this site; else the story list."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return web.safe_next(path, url_for("stories.index"))
    return url_for("stories.index")


def render_message(err):
    """Explain a print failure, naming what to install when the browser is missing."""
    from ..printing.browser import BrowserMissing, RenderTimeout
    if isinstance(err, BrowserMissing):
        return _("The print could not be made because no browser could be started on the "
                 "server. The administrator must install Chromium (apt-get install chromium) "
                 "or run: python -m playwright install chromium.")
    if isinstance(err, RenderTimeout):
        return _("Making the print took too long. Try again in a moment.")
    return _("The print could not be made. Try again in a moment; your story is safe.")
