"""Two-factor sign-in: the code after the password, setting up, recovery codes."""
import functools
import time

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import audit, ratelimit, twofactor, workers
from ..error_texts import message
from ..errors import Invalid, NotFound
from ..web import get_db, login_required, sign_in

bp = Blueprint("twofactor", __name__)

PENDING = twofactor.PENDING_KEY


def _key(worker_id):
    return f"totp:{worker_id}"


def _blocked(worker_id):
    """Tell whether this worker's codes are refused for now, after too many wrong ones."""
    return ratelimit.blocked(get_db(), _key(worker_id), current_app.config["LOGIN_MAX_FAILURES"],
                             current_app.config["LOGIN_WINDOW_SECONDS"])


def _pending():
    """Return (worker, next url) of the sign-in waiting for its code, or None."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > twofactor.PENDING_SECONDS:
        session.pop(PENDING, None)
        flash(_("Signing in took too long. Sign in again with your password."), "info")
        return None
    try:
        worker = workers.get(get_db(), pending.get("worker"))
    except NotFound:
        worker = None
    if not workers.is_active(worker):
        session.pop(PENDING, None)
        return None
    return worker, pending.get("next") or url_for("stories.index")


def _waiting(has_key):
    """Run a view for the sign-in waiting for its code; send anyone else where they belong."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped():
            if g.worker is not None:
                return redirect(url_for("stories.index"))
            pending = _pending()
            if pending is None:
                return redirect(url_for("auth.login"))
            worker, next_url = pending
            if twofactor.is_enabled(worker) != has_key:  # set up yet or not: the other page
                return redirect(url_for("twofactor.setup" if has_key else "twofactor.code"))
            return view(worker, next_url)
        return wrapped
    return decorate


def _wrong(worker, what):
    """Count a wrong code; log it; tell whether the worker is now locked out."""
    ratelimit.fail(get_db(), _key(worker["id"]))
    audit.log(get_db(), f"worker:{worker['id']}", "totp-failed", detail=what)
    return _blocked(worker["id"])


def _locked(end_pending=True):
    """Answer 429 with a plain page; the waiting sign-in ends."""
    if end_pending:
        session.pop(PENDING, None)
    minutes = max(1, current_app.config["LOGIN_WINDOW_SECONDS"] // 60)
    if end_pending:
        body = _("There were too many wrong codes. For your safety, this sign-in has ended. "
                 "Wait %(minutes)s minutes, then sign in again.", minutes=minutes)
    else:
        body = _("There were too many wrong codes. Wait %(minutes)s minutes and try again.",
                 minutes=minutes)
    return render_template("errors/error.html", title=_("Too many attempts"), body=body,
                           status=429), 429


def _private(page, status=200):
    """Answer a page with a key or codes on it: never kept in any cache."""
    response = current_app.make_response((page, status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _setup_page(worker, action, status=200):
    secret = twofactor.pending_secret(get_db(), worker["id"])
    uri = twofactor.provisioning_uri(secret, worker["email"])
    return _private(render_template("auth/setup.html", qr=twofactor.qr_data_uri(uri),
                                    key=twofactor.grouped(secret), action=action), status)


def _codes_page(codes, next_url):
    return _private(render_template("auth/recovery_codes.html", codes=codes, next=next_url))


@bp.route("/login/code", methods=("GET", "POST"))
@_waiting(has_key=True)
def code(worker, next_url):
    """Ask for the authenticator's code (or a recovery code) after a right password."""
    if request.method == "GET":
        return render_template("auth/code.html")
    if _blocked(worker["id"]):
        return _locked()
    db = get_db()
    recovery = "recovery_code" in request.form
    if recovery and twofactor.use_recovery_code(db, worker["id"], request.form["recovery_code"]):
        return _signed_in_with_recovery(worker, next_url)
    if not recovery and twofactor.verify(db, worker["id"], request.form.get("code")):
        ratelimit.reset(db, _key(worker["id"]))
        sign_in(worker, "password+totp")
        return redirect(next_url)
    if _wrong(worker, "recovery" if recovery else "code"):
        return _locked()
    flash(message(Invalid("recovery_code_wrong" if recovery else "totp_wrong")), "error")
    return render_template("auth/code.html", recovery=recovery), 401


def _signed_in_with_recovery(worker, next_url):
    db = get_db()
    ratelimit.reset(db, _key(worker["id"]))
    left = twofactor.recovery_codes_left(db, worker["id"])
    audit.log(db, f"worker:{worker['id']}", "recovery-code-used", detail=f"left:{left}")
    sign_in(worker, "password+recovery")
    flash(ngettext("You signed in with a recovery code; %(num)s code is left. Make new ones on "
                   "the “Two-factor sign-in” page before they run out.",
                   "You signed in with a recovery code; %(num)s codes are left. Make new ones "
                   "on the “Two-factor sign-in” page before they run out.", left), "info")
    return redirect(next_url)


@bp.route("/login/setup", methods=("GET", "POST"))
@_waiting(has_key=False)
def setup(worker, next_url):
    """Set up the authenticator on the first sign-in that needs a code."""
    if request.method == "GET":
        return _setup_page(worker, url_for("twofactor.setup"))
    codes = _enable(worker)
    if codes is None:
        if _blocked(worker["id"]):
            return _locked()
        return _setup_page(worker, url_for("twofactor.setup"), 401)
    sign_in(worker, "password+totp")
    g.worker = workers.get(get_db(), worker["id"])  # this very page already shows them signed in
    return _codes_page(codes, next_url)


def _enable(worker):
    """Confirm the key being set up with the typed code; return the recovery codes or None."""
    if _blocked(worker["id"]):
        return None
    try:
        codes = twofactor.enable(get_db(), worker["id"], request.form.get("code"))
    except Invalid as err:
        if not _wrong(worker, "setup"):
            flash(message(err), "error")
        return None
    ratelimit.reset(get_db(), _key(worker["id"]))
    audit.log(get_db(), f"worker:{worker['id']}", "totp-enabled")
    return codes


@bp.get("/account/two-factor")
@login_required
def account():
    """Show whether two-factor sign-in is on; offer to set it up or renew recovery codes."""
    left = twofactor.recovery_codes_left(get_db(), g.worker["id"])
    return render_template("auth/two_factor.html", enabled=twofactor.is_enabled(g.worker),
                           left=left)


@bp.route("/account/two-factor/setup", methods=("GET", "POST"))
@login_required
def account_setup():
    """Let a signed-in worker set up an authenticator of their own accord."""
    if twofactor.is_enabled(g.worker):
        return redirect(url_for("twofactor.account"))
    action = url_for("twofactor.account_setup")
    if request.method == "GET":
        return _setup_page(g.worker, action)
    codes = _enable(g.worker)
    if codes is None:
        if _blocked(g.worker["id"]):
            return _locked(end_pending=False)
        return _setup_page(g.worker, action, 401)
    return _codes_page(codes, url_for("stories.index"))


@bp.post("/account/two-factor/recovery-codes")
@login_required
def renew_codes():
    """Replace the recovery codes, after a current code from the authenticator."""
    worker = g.worker
    if not twofactor.is_enabled(worker):
        return redirect(url_for("twofactor.account"))
    if _blocked(worker["id"]):
        return _locked(end_pending=False)
    db = get_db()
    if not twofactor.verify(db, worker["id"], request.form.get("code")):
        if _wrong(worker, "renew"):
            return _locked(end_pending=False)
        flash(message(Invalid("totp_wrong")), "error")
        return redirect(url_for("twofactor.account"))
    ratelimit.reset(db, _key(worker["id"]))
    codes = twofactor.renew_recovery_codes(db, worker["id"])
    audit.log(db, f"worker:{worker['id']}", "recovery-codes-renewed")
    return _codes_page(codes, url_for("twofactor.account"))
