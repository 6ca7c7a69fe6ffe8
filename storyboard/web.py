"""Request plumbing shared by the blueprints: db on g, CSRF, sign-in, replies."""
import functools
import hmac
import secrets
import threading
import time

from flask import (abort, current_app, flash, g, jsonify, redirect, request, session,
                   url_for)

from . import db as database
from . import workers
from flask_babel import gettext

from .messages import message
from .ratelimit import FailureLimiter


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


def limiter(name, count, seconds):
    """Return the app's named in-process limiter, creating it on first use."""
    ext = current_app.extensions
    if name not in ext:
        ext[name] = FailureLimiter(count, seconds)
    return ext[name]


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
    """Put the signed-in worker on g, or None; end sessions that idled or lasted too long."""
    worker_id = session.get("worker_id")
    g.worker = None
    if worker_id is None:
        return
    now = time.time()
    idle = current_app.config["IDLE_MINUTES"] * 60
    limit = current_app.config["SESSION_HOURS"] * 3600
    if now - session.get("seen", 0) > idle or now - session.get("started", 0) > limit:
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        flash(gettext("You were signed out after a while without activity. Sign in again; "
                      "everything you saved is still there."), "info")
        return
    try:
        g.worker = workers.get(get_db(), worker_id)
    except Exception:
        session.clear()
        return
    if now - session.get("seen", 0) > 60:  # refresh at most once a minute
        session["seen"] = now


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


def wants_json():
    """Tell whether the client asked for JSON (our fetch calls do)."""
    return request.accept_mimetypes.best == "application/json"


def safe_next(target, default):
    """Return target when it is a path on this site, else default."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


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
