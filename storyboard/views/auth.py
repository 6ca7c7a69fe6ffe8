"""Sign-in, sign-out and the language switch."""
import time

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _

from .. import audit, languages, ratelimit, sessions, twofactor, workers
from ..web import forget_worker, get_db, login_required, safe_next, sign_in

bp = Blueprint("auth", __name__)

ADDRESS_CEILING = 10  # failures from one address, over all accounts, times the per-account limit


def _keys(email):
    """Return the failure keys of a sign-in: (account at this address, this address)."""
    address = request.remote_addr or "-"
    return f"login:{email}|{address}", f"login-address:{address}"


def _blocked(keys):
    """Tell whether this account from this address, or this address at all, is refused."""
    per_pair = current_app.config["LOGIN_MAX_FAILURES"]
    window = current_app.config["LOGIN_WINDOW_SECONDS"]
    db = get_db()
    return (ratelimit.blocked(db, keys[0], per_pair, window)
            or ratelimit.blocked(db, keys[1], per_pair * ADDRESS_CEILING, window))


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Show the sign-in form; sign the worker in."""
    next_url = safe_next(request.values.get("next"), url_for("stories.index"))
    if g.worker is not None and request.method == "GET":
        return redirect(next_url)

    email = workers.normalise_email(request.form.get("email"))
    if request.method == "POST":
        keys = _keys(email)
        if _blocked(keys):
            abort(429)
        worker = workers.authenticate(get_db(), email, request.form.get("password"))
        if worker is None:
            ratelimit.fail(get_db(), *keys)
            # The officer's log shows failed attempts on an account; the visitor sees nothing.
            known = workers.by_email(get_db(), email)
            audit.log(get_db(), "anonymous", "login-failed",
                      detail=f"worker:{known['id']}" if known else "")
            flash(_("The email address or password is not right. Try again."), "error")
            shown = email if len(email) <= 254 else ""
            return render_template("auth/login.html", email=shown, next=next_url), 401
        ratelimit.reset(get_db(), keys[0])
        if twofactor.asked(worker, current_app.config["REQUIRE_2FA"]):
            # Not signed in yet: the session only remembers, for a few minutes, whose code
            # to ask for (views/twofactor.py); g.worker stays None until the code is right.
            forget_worker()
            session[twofactor.PENDING_KEY] = {"worker": worker["id"], "at": time.time(),
                                                "next": next_url}
            setup = not twofactor.is_enabled(worker)
            return redirect(url_for("twofactor.setup" if setup else "twofactor.code"))
        sign_in(worker, "password")
        return redirect(next_url)
    # A new worker's set-password link (views/welcome.py) sends them here with their email.
    email = email or workers.normalise_email(request.args.get("email"))
    return render_template("auth/login.html", email=email[:254], next=next_url)


@bp.post("/logout")
def logout():
    """Sign the worker out: this session ends on the server, so a copied cookie dies too."""
    if g.worker is not None:
        audit.log(get_db(), f"worker:{g.worker['id']}", "logout")
    sessions.end(get_db(), session.get("worker_session"))
    forget_worker()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """End every session of this worker, on every device."""
    ended = sessions.end_all(get_db(), g.worker["id"])
    audit.log(get_db(), f"worker:{g.worker['id']}", "logout-everywhere", detail=f"sessions:{ended}")
    forget_worker()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    """Switch the interface language (a link holder's switch keeps its own choice)."""
    lang = request.form.get("lang")
    if request.form.get("for") == "link" and languages.link_language(lang):
        session["link_lang"] = languages.link_language(lang)
    elif lang in languages.INTERFACE_LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("stories.index")))
