"""An administrator's work on accounts: the overview, roles, deactivation, two-factor resets.

Every change is logged, and the organisation always keeps one active admin.
"""
from contextlib import contextmanager

from . import audit, workers
from .errors import Invalid


def _actor(actor_id):
    return f"worker:{actor_id}" if actor_id else "cli"


def overview(db):
    """Return every worker with the titles of the stories they own, active first."""
    owned = {}
    for row in db.query("select id, owner_id, title from stories order by title collate nocase"):
        owned.setdefault(row["owner_id"], []).append(row)
    return [dict(w, stories=owned.get(w["id"], []), two_factor=bool(w.get("totp_secret")))
            for w in workers.everyone(db)]


def active_admins(db):
    """Return the ids of the admins who can still sign in."""
    return [row[0] for row in db.execute(
        "select id from workers where role = 'admin' and deactivated is null")]


@contextmanager
def _one_at_a_time(db):
    """Hold the write lock from the last-admin check to the change it allows."""
    # Two admins demoting each other at once would otherwise both pass the check.
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        if db.conn.in_transaction:  # the check refused, or the change failed: undo all
            db.conn.rollback()


def _keep_an_admin(db, worker):
    # Without an active admin nobody can reach these pages again (only the command line).
    if workers.is_admin(worker) and active_admins(db) == [worker["id"]]:
        raise Invalid("last_admin")


def deactivate(db, worker_id, actor_id=None):
    """Deactivate a worker (not oneself, not the last admin): sessions end, sign-in refused."""
    if actor_id == worker_id:
        raise Invalid("deactivate_self")
    with _one_at_a_time(db):
        worker = workers.get(db, worker_id)
        _keep_an_admin(db, worker)
        workers.deactivate(db, worker_id)   # commits, still holding the lock until then
    audit.log(db, _actor(actor_id), "worker-deactivated", detail=f"worker:{worker_id}")
    return worker


def reactivate(db, worker_id, actor_id=None):
    """Let a deactivated worker sign in again."""
    worker = workers.get(db, worker_id)
    workers.reactivate(db, worker_id)
    audit.log(db, _actor(actor_id), "worker-reactivated", detail=f"worker:{worker_id}")
    return worker


def set_role(db, worker_id, role, actor_id=None):
    """Make a worker an admin or a plain worker; the last active admin stays one."""
    if role not in workers.ROLES:
        raise Invalid("worker_role")
    with _one_at_a_time(db):
        worker = workers.get(db, worker_id)
        if role == worker["role"]:
            return worker
        if role != "admin":
            _keep_an_admin(db, worker)
        workers.set_role(db, worker_id, role)   # commits, still holding the lock until then
    audit.log(db, _actor(actor_id), "worker-role-changed",
              detail=f"worker:{worker_id} role:{role}")
    return worker


def reset_two_factor(db, worker_id, actor_id=None):
    """Forget a worker's authenticator: their next sign-in sets up a new one."""
    worker = workers.get(db, worker_id)
    workers.reset_two_factor(db, worker_id)
    audit.log(db, _actor(actor_id), "totp-reset", detail=f"worker:{worker_id}")
    return worker


def invite(db, email, name, role, actor_id=None):
    """Create an account without a password for an invited worker; return its id."""
    worker_id = workers.create(db, email, name, None, role=role)
    audit.log(db, _actor(actor_id), "worker-created", detail=f"worker:{worker_id} role:{role}")
    return worker_id
