"""Sign-in, sign-out and the language switch."""
import time

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _

from .. import audit, languages, workers
from ..web import get_db, limiter, safe_next

bp = Blueprint("auth", __name__)


def _limiter():
    return limiter("login_limiter", current_app.config["LOGIN_MAX_FAILURES"],
                   current_app.config["LOGIN_WINDOW_SECONDS"])


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Show the sign-in form; sign the worker in."""
    next_url = safe_next(request.values.get("next"), url_for("stories.index"))
    if g.worker is not None and request.method == "GET":
        return redirect(next_url)

    email = workers.normalise_email(request.form.get("email"))
    if request.method == "POST":
        keys = (f"email:{email}", f"ip:{request.remote_addr}")
        if any(_limiter().blocked(k) for k in keys):
            abort(429)
        worker = workers.authenticate(get_db(), email, request.form.get("password"))
        if worker is None:
            for key in keys:
                _limiter().fail(key)
            audit.log(get_db(), "anonymous", "login-failed")
            flash(_("The email address or password is not right. Try again."), "error")
            return render_template("auth/login.html", email=email, next=next_url), 401
        _limiter().reset(keys[0])
        lang = session.get("lang")
        session.clear()
        session.permanent = True
        session["worker_id"] = worker["id"]
        session["started"] = session["seen"] = time.time()
        if lang:
            session["lang"] = lang
        audit.log(get_db(), f"worker:{worker['id']}", "login")
        return redirect(next_url)
    return render_template("auth/login.html", email=email, next=next_url)


@bp.post("/logout")
def logout():
    """Sign the worker out."""
    if g.worker is not None:
        audit.log(get_db(), f"worker:{g.worker['id']}", "logout")
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    """Switch the interface language."""
    lang = request.form.get("lang")
    if lang in languages.INTERFACE_LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("stories.index")))
