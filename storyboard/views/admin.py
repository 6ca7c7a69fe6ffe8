"""The administrator's pages: workers, their roles and set-password links, handover, the log.

Anyone but an active admin gets 404 here, signed in or not: the pages reveal nothing.
"""
from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import accounts, audit, handover, signin_log, worker_invites, workers
from ..errors import Invalid
from ..error_texts import message
from ..web import get_db, reply_error
from .shared import LOG_WORDS

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The officer's log in words; the code stays in the CSV and beside the words.
WHAT = {
    "login": _l("signed in"), "login-failed": _l("sign-in failed"), "logout": _l("signed out"),
    "logout-everywhere": _l("signed out on every device"),
    "totp-enabled": _l("two-factor sign-in set up"),
    "totp-failed": _l("wrong two-factor code"), "totp-reset": _l("two-factor sign-in reset"),
    "recovery-code-used": _l("recovery code used"),
    "recovery-codes-renewed": _l("new recovery codes made"),
    "worker-created": _l("account made"), "password-link-made": _l("set-password link made"),
    "password-set": _l("password set"), "worker-deactivated": _l("account deactivated"),
    "worker-reactivated": _l("account reactivated"), "worker-role-changed": _l("role changed"),
    "admin-viewed-workers": _l("looked at the workers"),
    "admin-viewed-worker": _l("looked at a worker"), "admin-viewed-log": _l("looked at the log"),
    "admin-downloaded-log": _l("downloaded the log"), **LOG_WORDS,
}


@bp.before_request
def _admins_only():
    if not workers.is_admin(g.get("worker")):
        abort(404)


def _me():
    return g.worker["id"]


def _seen(what, detail=""):
    """Log an admin's look at a page once per session: seeing the list is worth recording."""
    seen = session.get("admin_seen", [])
    if what + detail not in seen:
        audit.log(get_db(), f"worker:{_me()}", what, detail=detail)
        session["admin_seen"] = (seen + [what + detail])[-50:]


@bp.get("/workers")
def workers_page():
    """List every worker: role, state, last sign-in, two-factor, titles of their stories."""
    _seen("admin-viewed-workers")
    return _workers(values={})


def _workers(values, status=200):
    db = get_db()
    return render_template("admin/workers.html", people=accounts.overview(db),
                           waiting=handover.waiting(db), pending=worker_invites.pending(db),
                           values=values), status


@bp.post("/workers")
def invite():
    """Create an invited worker's account and show their set-password link once."""
    form = request.form
    db = get_db()
    try:
        worker_id = accounts.invite(db, form.get("email"), form.get("name"),
                                    form.get("role") or "worker", _me())
    except Invalid as err:
        flash(message(err), "error@invite")
        return _workers(values=form, status=400)
    return _link_page(worker_id, new=True)


@bp.get("/workers/<int:worker_id>")
def worker(worker_id):
    """Show one worker: change role, deactivate, reset two-factor, hand their stories over."""
    db = get_db()
    person = workers.get(db, worker_id)
    _seen("admin-viewed-worker", f" worker:{worker_id}")
    return render_template("admin/worker.html", person=person,
                           owned=handover.owned(db, worker_id),
                           candidates=handover.candidates(db, worker_id),
                           pending=worker_invites.pending(db).get(worker_id))


def _link_page(worker_id, new=False):
    db = get_db()
    token, expires = worker_invites.make(db, worker_id, _me())
    return render_template("admin/link.html", person=workers.get(db, worker_id), new=new,
                           link=url_for("welcome.page", token=token, _external=True),
                           expires=expires)


def _back(worker_id):
    return url_for("admin.worker", worker_id=worker_id)


@bp.post("/workers/<int:worker_id>/link")
def new_link(worker_id):
    """Make a new set-password link (the old one stops working) and show it once."""
    try:
        return _link_page(worker_id)
    except Invalid as err:
        return reply_error(err, 400, _back(worker_id))


@bp.post("/workers/<int:worker_id>/deactivate")
def deactivate(worker_id):
    """Deactivate a worker once the admin has confirmed it."""
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm the deactivation."), "error")
        return redirect(_back(worker_id))
    try:
        person = accounts.deactivate(get_db(), worker_id, _me())
    except Invalid as err:
        return reply_error(err, 400, _back(worker_id))
    flash(_("%(name)s is deactivated: signed out everywhere, and sign-in is refused.",
            name=person["name"]), "info")
    return redirect(_back(worker_id))


@bp.post("/workers/<int:worker_id>/reactivate")
def reactivate(worker_id):
    """Let a deactivated worker sign in again."""
    person = accounts.reactivate(get_db(), worker_id, _me())
    flash(_("%(name)s can sign in again.", name=person["name"]), "info")
    return redirect(_back(worker_id))


@bp.post("/workers/<int:worker_id>/role")
def role(worker_id):
    """Make a worker an admin, or a plain worker again."""
    try:
        person = accounts.set_role(get_db(), worker_id, request.form.get("role"), _me())
    except Invalid as err:
        return reply_error(err, 400, _back(worker_id))
    flash(_("The role of %(name)s is saved.", name=person["name"]), "info")
    if worker_id == _me() and request.form.get("role") != "admin":
        return redirect(url_for("stories.index"))   # no admin any more: these pages are gone
    return redirect(_back(worker_id))


@bp.post("/workers/<int:worker_id>/two-factor")
def reset_two_factor(worker_id):
    """Forget a worker's authenticator once the admin has confirmed it."""
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm the reset."), "error")
        return redirect(_back(worker_id))
    person = accounts.reset_two_factor(get_db(), worker_id, _me())
    flash(_("Two-factor sign-in of %(name)s is reset: they set it up again at their next "
            "sign-in.", name=person["name"]), "info")
    return redirect(_back(worker_id))


@bp.post("/stories/<int:story_id>/handover")
def hand_over(story_id):
    """Give one story to another active worker; the old owner loses access."""
    back = request.form.get("back", type=int)
    back = _back(back) if back else url_for("admin.workers_page")
    try:
        to = int(request.form.get("to") or 0)
        new = handover.hand_over(get_db(), story_id, to, f"worker:{_me()}")
    except ValueError:
        flash(_("Choose the worker who takes the story over."), "error")
        return redirect(back)
    except Invalid as err:
        return reply_error(err, 400, back)
    flash(_("Story %(id)s now belongs to %(name)s.", id=story_id, name=new["name"]), "info")
    return redirect(back)


def _log_filters():
    """Return (worker id, first day, last day, page) from the address; Invalid on a bad date."""
    return (request.args.get("worker", type=int), signin_log.parse_day(request.args.get("from")),
            signin_log.parse_day(request.args.get("to")),
            max(1, request.args.get("page", 1, type=int)))


@bp.get("/log")
def log():
    """Show sign-ins, opened stories and account changes, newest first, 100 a page."""
    _seen("admin-viewed-log")
    try:
        worker_id, first, last, page = _log_filters()
    except Invalid as err:
        flash(message(err), "error")
        worker_id, first, last, page = request.args.get("worker", type=int), None, None, 1
    rows, more = signin_log.entries(get_db(), worker_id, first, last, page)
    people = workers.everyone(get_db())
    return render_template("admin/log.html", rows=signin_log.named(rows, people), more=more,
                           what=WHAT,
                           page=page, people=people,
                           chosen={"worker": worker_id, "from": first and first.isoformat(),
                                   "to": last and last.isoformat()})


@bp.get("/log.csv")
def log_csv():
    """Send the whole filtered log as CSV."""
    worker_id, first, last, _page = _log_filters()
    rows, _more = signin_log.entries(get_db(), worker_id, first, last, per_page=None)
    audit.log(get_db(), f"worker:{_me()}", "admin-downloaded-log",
              detail=" ".join(f"{k}:{v}" for k, v in (("worker", worker_id), ("from", first),
                                                      ("to", last)) if v))
    return Response(signin_log.as_csv(rows), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=storyboard-log.csv",
        "Cache-Control": "no-store"})
