"""Worker sessions held on the server: the cookie carries a key, the database its hash."""
import hashlib
import secrets
import time

TOUCH_EVERY = 60  # seconds: write "seen" at most once a minute, not on every request


def _hash(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def start(db, worker_id, clock=time.time):
    """Open a session for a worker and return its key (for the cookie)."""
    key = secrets.token_urlsafe(32)
    at = clock()
    with db.conn:
        db.execute("insert into worker_sessions (key_hash, worker_id, started, seen) "
                   "values (?, ?, ?, ?)", [_hash(key), worker_id, at, at])
    return key


def check(db, key, idle_seconds, max_seconds, clock=time.time):
    """Return (worker_id, None) for a live session, else (None, 'ended'|'idle')."""
    if not isinstance(key, str) or not key:
        return None, "ended"
    row = db.execute("select worker_id, started, seen from worker_sessions where key_hash = ?",
                     [_hash(key)]).fetchone()
    if row is None:
        return None, "ended"
    worker_id, started, seen = row
    at = clock()
    if at - seen > idle_seconds or at - started > max_seconds:
        end(db, key)
        return None, "idle"
    if at - seen > TOUCH_EVERY:
        with db.conn:
            db.execute("update worker_sessions set seen = ? where key_hash = ?",
                       [at, _hash(key)])
    return worker_id, None


def end(db, key):
    """End one session (sign-out): its cookie no longer works anywhere."""
    if isinstance(key, str):
        with db.conn:
            db.execute("delete from worker_sessions where key_hash = ?", [_hash(key)])


def end_all(db, worker_id):
    """End every session of a worker (password change, deactivation, sign out everywhere)."""
    with db.conn:
        return db.execute("delete from worker_sessions where worker_id = ?",
                          [worker_id]).rowcount


def count(db, worker_id):
    """Return how many live sessions a worker has."""
    return db.execute("select count(*) from worker_sessions where worker_id = ?",
                      [worker_id]).fetchone()[0]
