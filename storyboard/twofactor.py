"""Two-factor sign-in: authenticator codes (TOTP) that work once, and recovery codes."""
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno

from .audit import now
from .errors import Invalid

ISSUER = "Storyboard"
STEP = 30  # seconds per code, as every authenticator app counts
WINDOW = 1  # a code of the step before or after still counts: phone clocks drift
RECOVERY_COUNT = 10
# Ten letters and digits without the look-alikes 0/o and 1/l: about 50 bits, easy to type.
RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PENDING_SECONDS = 5 * 60  # a password-only sign-in waits this long for its code
PENDING_KEY = "pending_2fa"  # where the web session keeps that waiting sign-in


def asked(worker, required):
    """Tell whether a password sign-in of this worker must also give a code."""
    return is_enabled(worker) or bool(required)


def is_enabled(worker):
    """Tell whether this worker has an authenticator set up."""
    return bool(worker.get("totp_secret"))


def new_secret():
    """Return a fresh TOTP key (base32, 160 bits)."""
    return pyotp.random_base32()


def grouped(secret):
    """Return the key in groups of four, as people type it over from a screen."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret, email):
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri):
    """Return the QR code of an address as an SVG data: URI (the CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def clean_code(text):
    """Return the six digits someone typed (spaces tolerated), or None."""
    digits = re.sub(r"\s+", "", text or "")
    return digits if re.fullmatch(r"\d{6}", digits) else None


def _matching_step(secret, code, clock):
    """Return the step the code belongs to within the window, or None."""
    current = int(clock() // STEP)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(pyotp.TOTP(secret).generate_otp(step), code):
            return step
    return None


def _claim_step(db, worker_id, step):
    """Record the step as used, unless it or a later one was; tell whether it was claimed."""
    # One UPDATE: two requests with the same code cannot both see the step as free.
    with db.conn:
        cursor = db.execute("update workers set totp_last_step = ? where id = ? and "
                            "(totp_last_step is null or totp_last_step < ?)",
                            [step, worker_id, step])
    return cursor.rowcount == 1


def verify(db, worker_id, code, clock=time.time):
    """Tell whether the code is this worker's current one and not used before; use it up."""
    code = clean_code(code)
    secret = _row(db, worker_id)["totp_secret"]
    if code is None or not secret:
        return False
    step = _matching_step(secret, code, clock)
    return step is not None and _claim_step(db, worker_id, step)


def pending_secret(db, worker_id):
    """Return the key being set up, kept on the server until a code confirms it."""
    secret = _row(db, worker_id)["totp_pending"]
    if secret:
        return secret  # a reload shows the same QR code the phone may have read already
    secret = new_secret()
    with db.conn:
        db.execute("update workers set totp_pending = ? where id = ?", [secret, worker_id])
    return secret


def enable(db, worker_id, code, clock=time.time):
    """Save the key being set up when the code fits it; return the new recovery codes."""
    row = _row(db, worker_id)
    code = clean_code(code)
    step = None
    if code and row["totp_pending"]:
        step = _matching_step(row["totp_pending"], code, clock)
    if step is None:
        raise Invalid("totp_wrong")
    with db.conn:
        cursor = db.execute("update workers set totp_secret = totp_pending, totp_pending = null, "
                            "totp_last_step = ? where id = ? and totp_pending = ?",
                            [step, worker_id, row["totp_pending"]])
    if cursor.rowcount != 1:
        raise Invalid("totp_wrong")  # another tab finished the set-up with a new key meanwhile
    return renew_recovery_codes(db, worker_id)


def _new_recovery_code():
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _hash(code):
    return hashlib.sha256(code.encode()).hexdigest()


def _clean_recovery(text):
    """Return a recovery code as stored, however it was typed (case, spaces, dash)."""
    raw = re.sub(r"[\s-]+", "", (text or "").lower())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else None


def renew_recovery_codes(db, worker_id):
    """Replace the worker's recovery codes by ten new ones; return them (shown only now)."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_COUNT)]
    with db.conn:
        db.execute("delete from recovery_codes where worker_id = ?", [worker_id])
        db.conn.executemany("insert into recovery_codes (worker_id, code_hash) values (?, ?)",
                            [(worker_id, _hash(code)) for code in codes])
    return codes


def use_recovery_code(db, worker_id, text):
    """Tell whether this is one of the worker's unused recovery codes; use it up."""
    code = _clean_recovery(text)
    if code is None:
        return False
    with db.conn:
        cursor = db.execute("update recovery_codes set used = ? where worker_id = ? and "
                            "code_hash = ? and used is null", [now(), worker_id, _hash(code)])
    return cursor.rowcount == 1


def recovery_codes_left(db, worker_id):
    """Return how many recovery codes the worker has not used."""
    return db.execute("select count(*) from recovery_codes where worker_id = ? and used is null",
                      [worker_id]).fetchone()[0]


def _row(db, worker_id):
    rows = list(db.query("select id, totp_secret, totp_pending from workers where id = ?",
                         [worker_id]))
    if not rows:
        raise Invalid("totp_wrong")
    return rows[0]
