"""Request plumbing shared by the blueprints: db on g, CSRF, sign-in, replies."""
import functools
import hmac
import secrets
import threading
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext

from . import db as database
from . import audit, sessions, workers
from .errors import NotFound
from .error_texts import message

_local = threading.local()


def get_db():
    """Return this request's database: the serving thread's own connection, kept open."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        cached = getattr(_local, "db", None)
        if cached is None or cached[0] != path:
            if cached is not None:
                cached[1].conn.close()
            # Opening a connection (and its PRAGMAs) on every request showed in save latency.
            _local.db = (path, database.connect(path))
        g.db = _local.db[1]
    return g.db


def close_db(_exc=None):
    """End the request's use of the database; never carry an open transaction over."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def csrf_token():
    """Return the session's CSRF token, creating it on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def form_id():
    """Return a fresh id for a form, to recognise a double submit."""
    return secrets.token_urlsafe(9)


def check_csrf():
    """Refuse a state-changing request without the session's token (400)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="csrf")


def load_worker():
    """Put the signed-in worker on g, or None; the session must still live on the server."""
    g.worker = None
    key = session.get("worker_session")
    if key is None:
        return
    idle = current_app.config["IDLE_MINUTES"] * 60
    limit = current_app.config["SESSION_HOURS"] * 3600
    worker_id, reason = sessions.check(get_db(), key, idle, limit)
    if worker_id is not None:
        try:
            worker = workers.get(get_db(), worker_id)
        except NotFound:
            worker = None
        if workers.is_active(worker):
            g.worker = worker
            return
    forget_worker()
    if reason == "idle":
        flash(gettext("You were signed out after a while without activity. Sign in again; "
                      "everything you saved is still there."), "info")


def sign_in(worker, how="password"):
    """Start a fresh session for a worker who proved who they are; log it."""
    forget_worker()  # nothing of a session from before the sign-in carries over
    session.permanent = True
    session["worker_session"] = sessions.start(get_db(), worker["id"])
    workers.signed_in(get_db(), worker["id"])
    audit.log(get_db(), f"worker:{worker['id']}", "login", detail=how)


def forget_worker():
    """Clear this browser's session, keeping only its chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def login_required(view):
    """Send anonymous visitors to the sign-in page."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.worker is None:
            if wants_json():
                abort(401)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def actor():
    """Return who is acting, as the log names them: a worker, a link, or anonymous."""
    if g.get("worker") is not None:
        return f"worker:{g.worker['id']}"
    if g.get("link") is not None:
        return f"link:{g.link['id']}"
    return "anonymous"


def wants_json():
    """Tell whether the client asked for JSON (our fetch calls do)."""
    return request.accept_mimetypes.best == "application/json"


def safe_next(target, default):
    """Return target when it is a path on this site, else default."""
    if not isinstance(target, str) or len(target) > 2000:
        return default
    # Judge the text and every decoding of it: "/%09/evil" must not become "//evil" at a
    # proxy or browser that decodes once more.
    seen = target
    for _ in range(3):
        if not _plain_path(seen):
            return default
        decoded = unquote(seen)
        if decoded == seen:
            return target
        seen = decoded
    return default


def _plain_path(text):
    """Tell whether text is a path on this site: no host, scheme, backslash or control."""
    # Browsers drop tabs and newlines and read "\\" as "/": "/\t/evil" becomes "//evil".
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return False
    parts = urlsplit(text)
    return not (parts.scheme or parts.netloc)


def already_done(form_id):
    """Tell whether this form was submitted before (a double click); remember it."""
    if not form_id:
        return False
    done = session.get("done_forms", [])
    if form_id in done:
        return True
    session["done_forms"] = (done + [form_id])[-30:]
    return False


def reply_error(err, status, back, **extra):
    """Answer a domain error as JSON for fetch, or as a flash and redirect."""
    text = message(err)
    if wants_json():
        return jsonify(dict(ok=False, error=text, code=err.code, **extra)), status
    flash(text, "error")
    return redirect(back)


# Blueprints whose pages a link holder sees: they speak the link's language, not the worker's.
LINK_BLUEPRINTS = ("network", "review", "interpreter")


def on_link_page():
    """Tell whether this request is for a link holder's page."""
    return request.blueprint in LINK_BLUEPRINTS or g.get("link") is not None


def text_direction():
    """Return 'rtl' or 'ltr' for the language this page speaks."""
    from flask_babel import get_locale

    from . import languages
    return languages.direction(str(get_locale()))
