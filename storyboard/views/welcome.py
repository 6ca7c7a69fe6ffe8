"""A new worker's set-password link: choose a password once, then sign in as usual."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import ratelimit, worker_invites, workers
from ..errors import Invalid, NotFound
from ..error_texts import message
from ..web import get_db
from .linkpages import BAD_TOKEN_WINDOW, BAD_TOKENS, LINK_HEADERS

bp = Blueprint("welcome", __name__)


@bp.after_request
def _private(response):
    # The token is in the address: no referrer, no cache, no search engine may keep it.
    response.headers.update(LINK_HEADERS)
    return response


@bp.route("/welcome/<token>", methods=("GET", "POST"))
def page(token):
    """Show the set-password form for a live link; set the password and go to sign-in."""
    key = f"bad-welcome:{request.remote_addr}"
    if ratelimit.blocked(get_db(), key, BAD_TOKENS, BAD_TOKEN_WINDOW):
        abort(429)
    try:
        _invite, worker = worker_invites.check(get_db(), token)
    except worker_invites.InviteGone:
        return render_template("admin/welcome_gone.html"), 410
    except NotFound:
        ratelimit.fail(get_db(), key)
        return render_template("admin/welcome_gone.html"), 404
    if request.method == "POST":
        try:
            worker_invites.use(get_db(), token, request.form.get("password"),
                               request.form.get("password_again"))
        except worker_invites.InviteGone:
            return render_template("admin/welcome_gone.html"), 410
        except Invalid as err:
            flash(message(err), "error")
            return render_template("admin/welcome.html", worker=worker,
                                   minimum=workers.MIN_PASSWORD), 400
        flash(_("Your password is set. Sign in with it now."), "info")
        return redirect(url_for("auth.login", email=worker["email"]))
    return render_template("admin/welcome.html", worker=worker, minimum=workers.MIN_PASSWORD)
