"""One-time set-password links for workers, valid 72 hours; only the token's hash is kept."""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from . import audit, workers
from .errors import Invalid, NotFound

HOURS = 72


class InviteGone(Exception):
    """The link was used, superseded or has expired (410); unknown links are NotFound."""


def _now():
    return datetime.now(UTC)


def _time(clock):
    # Tests pass a clock (or replace _now) to step past the 72 hours.
    return clock() if clock else _now()


def _iso(moment):
    return moment.isoformat(timespec="seconds")


def hash_token(token):
    """Return the stored form of a token: its SHA-256, hex."""
    return hashlib.sha256((token or "").encode("utf-8", "surrogatepass")).hexdigest()


def make(db, worker_id, created_by, clock=None):
    """Make a new link for this worker, superseding any older one; return (token, expires)."""
    worker = workers.get(db, worker_id)
    if not workers.is_active(worker):
        raise Invalid("invite_deactivated", name=worker["name"])
    token = secrets.token_urlsafe(32)  # 256 bits; shown once, never stored
    at = _time(clock)
    expires = _iso(at + timedelta(hours=HOURS))
    with db.atomic():
        # An older link that was never used stops working: only the newest one counts.
        db.execute("update worker_invites set expires = ? where worker_id = ? and used is null "
                   "and expires > ?", [_iso(at), worker_id, _iso(at)])
        db.execute("insert into worker_invites (worker_id, token_hash, created, expires, "
                   "created_by) values (?, ?, ?, ?, ?)",
                   [worker_id, hash_token(token), _iso(at), expires, created_by])
        audit.log(db, f"worker:{created_by}" if created_by else "cli", "password-link-made",
                  detail=f"worker:{worker_id}")
    return token, expires


def check(db, token, clock=None):
    """Return (invite, worker) for a live link; InviteGone when used or expired, else NotFound."""
    rows = list(db.query("select * from worker_invites where token_hash = ?",
                         [hash_token(token)]))
    if not rows:
        raise NotFound("invite")
    invite = rows[0]
    worker = workers.get(db, invite["worker_id"])
    expired = invite["expires"] <= _iso(_time(clock))
    if invite["used"] or expired or not workers.is_active(worker):
        raise InviteGone()
    return invite, worker


def use(db, token, password, again, clock=None):
    """Set the worker's password through their link, once; return the worker."""
    invite, worker = check(db, token, clock)
    if len(password or "") < workers.MIN_PASSWORD:
        raise Invalid("password_short", min=workers.MIN_PASSWORD)
    if password != again:
        raise Invalid("password_mismatch")
    with db.conn:
        # Claim the link first: of two tabs sending at once, only one sets a password.
        claimed = db.execute("update worker_invites set used = ? where id = ? and used is null",
                             [_iso(_time(clock)), invite["id"]]).rowcount
    if not claimed:
        raise InviteGone()
    workers.set_password(db, worker["id"], password)
    audit.log(db, f"worker:{worker['id']}", "password-set", detail=f"invite:{invite['id']}")
    return worker


def pending(db, clock=None):
    """Return {worker_id: expires} of the links still waiting to be used."""
    return dict(db.execute("select worker_id, max(expires) from worker_invites where used is "
                           "null and expires > ? group by worker_id",
                           [_iso(_time(clock))]).fetchall())
