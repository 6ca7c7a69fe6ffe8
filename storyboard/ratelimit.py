"""Failure counts in SQLite, shared by every app process: refuse a key after too many."""
import hashlib
import time

PRUNE_AFTER = 24 * 3600  # no window is longer than a day


def _hash(key):
    # Keys hold what attackers send (an email, an address): store a fixed-size hash only.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def failures(db, key, window, clock=time.time):
    """Return how many failures the key has within the window."""
    return db.execute("select count(*) from failures where key_hash = ? and at > ?",
                      [_hash(key), clock() - window]).fetchone()[0]


def blocked(db, key, max_failures, window, clock=time.time):
    """Tell whether the key has used up its failures in the window."""
    return failures(db, key, window, clock) >= max_failures


def fail(db, *keys, clock=time.time):
    """Record one failure for each key, and drop entries older than any window."""
    at = clock()
    with db.conn:
        db.conn.executemany("insert into failures (key_hash, at) values (?, ?)",
                            [(_hash(k), at) for k in keys])
        db.execute("delete from failures where at < ?", [at - PRUNE_AFTER])


def reset(db, key):
    """Forget the key's failures (after a success)."""
    with db.conn:
        db.execute("delete from failures where key_hash = ?", [_hash(key)])
