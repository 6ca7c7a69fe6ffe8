"""Worker accounts: create, look up, check passwords (scrypt)."""
from werkzeug.security import check_password_hash, generate_password_hash

from .audit import now
from .errors import Invalid, NotFound

MIN_PASSWORD = 10


def normalise_email(email):
    """Return the email trimmed and lower-cased."""
    return (email or "").strip().lower()


def create(db, email, name, password):
    """Create a worker with a scrypt password hash and return its id."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise Invalid("email_invalid")
    if not (name or "").strip():
        raise Invalid("name_required")
    if len(password or "") < MIN_PASSWORD:
        raise Invalid("password_short", min=MIN_PASSWORD)
    if by_email(db, email):
        raise Invalid("email_taken")
    return db["workers"].insert({
        "email": email, "name": name.strip(), "created": now(),
        "password_hash": generate_password_hash(password, method="scrypt"),
    }).last_pk


def set_password(db, worker_id, password):
    """Replace a worker's password."""
    if len(password or "") < MIN_PASSWORD:
        raise Invalid("password_short", min=MIN_PASSWORD)
    with db.conn:
        db.execute("update workers set password_hash = ? where id = ?",
                   [generate_password_hash(password, method="scrypt"), worker_id])
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
    stored = worker["password_hash"] if worker else _DUMMY_HASH
    matches = check_password_hash(stored, password or "")
    return worker if worker and matches else None


_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")
