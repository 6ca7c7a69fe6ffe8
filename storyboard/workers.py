"""Worker accounts: create, look up, check passwords (scrypt), roles and deactivation."""
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from .audit import now
from .errors import Invalid, NotFound

MIN_PASSWORD = 10
# Werkzeug's scrypt cost (N=2**15, r=8, p=1): about 0.1 s per hash or check on purpose.
# The test suite lowers it (tests/conftest.py), as Django advises for its tests; the stored
# hash names its own cost, so a check always uses the cost it was made with.
HASH_METHOD = "scrypt"
ROLES = ("worker", "admin")


def normalise_email(email):
    """Return the email trimmed and lower-cased."""
    return (email or "").strip().lower()


def create(db, email, name, password, role="worker"):
    """Create a worker with a scrypt password hash and return its id.

    password None makes an account nobody can sign in to with a password yet (an invited
    worker sets one through their link; an organisation sign-in needs none).
    """
    email = normalise_email(email)
    if role not in ROLES:
        raise Invalid("worker_role")
    if "@" not in email or len(email) > 254:
        raise Invalid("email_invalid")
    if not (name or "").strip():
        raise Invalid("name_required")
    if password is not None and len(password) < MIN_PASSWORD:
        raise Invalid("password_short", min=MIN_PASSWORD)
    if by_email(db, email):
        raise Invalid("email_taken")
    # No password: the hash of a secret nobody ever sees, so no password matches it.
    secret = password if password is not None else secrets.token_urlsafe(32)
    return db["workers"].insert({
        "email": email, "name": name.strip()[:200], "created": now(), "role": role,
        "password_hash": _hash(secret),
    }).last_pk


def set_password(db, worker_id, password):
    """Replace a worker's password."""
    if len(password or "") < MIN_PASSWORD:
        raise Invalid("password_short", min=MIN_PASSWORD)
    with db.conn:
        db.execute("update workers set password_hash = ? where id = ?",
                   [_hash(password), worker_id])
        # A new password ends every session: whoever knew the old one is out.
        db.execute("delete from worker_sessions where worker_id = ?", [worker_id])


def by_email(db, email):
    """Return the worker with this email, or None."""
    rows = list(db["workers"].rows_where("email = ?", [normalise_email(email)], limit=1))
    return rows[0] if rows else None


def get(db, worker_id):
    """Return one worker or raise NotFound."""
    rows = list(db.query("select * from workers where id = ?", [worker_id]))
    if not rows:
        raise NotFound("worker")
    return rows[0]


def authenticate(db, email, password):
    """Return the worker when the password matches, else None."""
    worker = by_email(db, email)
    # Exactly one scrypt either way, so timing does not tell which emails have accounts.
    stored = worker["password_hash"] if worker else _dummy_hash()
    matches = check_password_hash(stored, password or "")
    return worker if worker and matches and is_active(worker) else None


def is_active(worker):
    """Tell whether this worker may sign in (not deactivated)."""
    return worker is not None and not worker.get("deactivated")


def is_admin(worker):
    """Tell whether this worker runs the organisation's accounts."""
    return is_active(worker) and worker.get("role") == "admin"


def set_role(db, worker_id, role):
    """Make a worker a plain worker or an admin."""
    if role not in ROLES:
        raise Invalid("worker_role")
    get(db, worker_id)
    with db.conn:
        db.execute("update workers set role = ? where id = ?", [role, worker_id])


def deactivate(db, worker_id):
    """Refuse this worker's sign-ins and end their sessions at once; keep their stories."""
    get(db, worker_id)
    with db.conn:
        db.execute("update workers set deactivated = coalesce(deactivated, ?) where id = ?",
                   [now(), worker_id])
        db.execute("delete from worker_sessions where worker_id = ?", [worker_id])


def reactivate(db, worker_id):
    """Let a deactivated worker sign in again."""
    get(db, worker_id)
    with db.conn:
        db.execute("update workers set deactivated = null where id = ?", [worker_id])


def signed_in(db, worker_id):
    """Remember when this worker last signed in (the admin's list shows it)."""
    with db.conn:
        db.execute("update workers set last_login = ? where id = ?", [now(), worker_id])


def reset_two_factor(db, worker_id):
    """Forget a worker's authenticator and recovery codes: the next sign-in sets them up."""
    get(db, worker_id)
    with db.conn:
        db.execute("update workers set totp_secret = null, totp_last_step = null, "
                   "totp_pending = null where id = ?", [worker_id])
        db.execute("delete from recovery_codes where worker_id = ?", [worker_id])
        db.execute("delete from worker_sessions where worker_id = ?", [worker_id])


def everyone(db):
    """Return every worker, active first, then by name."""
    return list(db.query("select * from workers order by deactivated is not null, "
                         "name collate nocase, id"))


def _hash(password):
    return generate_password_hash(password, method=HASH_METHOD)


_DUMMIES = {}


def _dummy_hash():
    """Return a hash of the current cost that no password matches (for unknown emails)."""
    if HASH_METHOD not in _DUMMIES:
        _DUMMIES[HASH_METHOD] = _hash("not-a-real-password")
    return _DUMMIES[HASH_METHOD]
