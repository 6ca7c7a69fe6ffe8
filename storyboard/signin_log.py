"""The data-protection officer's log: sign-ins, opened stories and account changes, no content.

A story is named by its number and its owner, never its title: a title often holds a
child's first name.
"""
import csv
import io
import re
from datetime import date, timedelta

from .errors import Invalid

PER_PAGE = 100
ACTIONS = ("story-opened", "story-handed-over", "worker-created", "password-link-made",
           "password-set", "worker-deactivated", "worker-reactivated", "worker-role-changed",
           "admin-viewed-workers", "admin-viewed-worker", "admin-viewed-log",
           "admin-downloaded-log")
# Every way in and out (password, two-factor, organisation sign-in) logs login*/logout*.
PREFIXES = ("login", "logout", "totp", "recovery", "two-factor")


def parse_day(text):
    """Return a date from YYYY-MM-DD text, or None when empty; Invalid otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid("date_invalid") from None


def _where(worker_id, first, last):
    marks = ", ".join("?" for _ in ACTIONS)
    clauses = ["(a.action in (" + marks + ") or "
               + " or ".join("a.action like ?" for _ in PREFIXES) + ")"]
    params = [*ACTIONS, *(f"{p}%" for p in PREFIXES)]
    if worker_id:
        # A failed password sign-in names the account in its detail (its actor is anonymous).
        clauses.append("(a.actor = ? or (a.action = 'login-failed' and a.detail = ?))")
        params += [f"worker:{int(worker_id)}"] * 2
    if first:
        clauses.append("a.at >= ?")
        params.append(first.isoformat())
    if last:   # the whole last day counts
        clauses.append("a.at < ?")
        params.append((last + timedelta(days=1)).isoformat())
    return " and ".join(clauses), params


def entries(db, worker_id=None, first=None, last=None, page=1, per_page=PER_PAGE):
    """Return (rows, more) of one page of the log, newest first; more tells of a next page."""
    where, params = _where(worker_id, first, last)
    page = max(1, int(page))
    limit = "" if per_page is None else f" limit {int(per_page) + 1} offset " \
        f"{(page - 1) * int(per_page)}"
    rows = list(db.query(
        "select a.id, a.at, a.actor, a.action, a.story_id, a.detail, w.name as worker_name, "
        "w.email as worker_email, o.name as owner_name, o.email as owner_email from audit a "
        "left join workers w on a.actor = 'worker:' || w.id "
        "left join stories s on s.id = a.story_id left join workers o on o.id = s.owner_id "
        f"where {where} order by a.id desc{limit}", params))
    if per_page is None:
        return rows, False
    return rows[:per_page], len(rows) > per_page


def named(rows, people):
    """Add detail_named to each row: its detail with "worker:N" given the worker's name."""
    names = {str(p["id"]): p["name"] for p in people}

    def swap(match):
        name = names.get(match.group(1))
        return f"{name} ({match.group(0)})" if name else match.group(0)
    return [dict(r, detail_named=re.sub(r"worker:(\d+)", swap, r["detail"] or "")) for r in rows]


COLUMNS = ("at", "actor", "worker_name", "worker_email", "action", "story_id", "owner_email",
           "detail")


def _cell(value):
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts like a formula: a name must never do that.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(rows):
    """Return the rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])
    return out.getvalue()
