"""Colleagues on a story: a viewer (a supervisor) reads, an editor works like the owner (no Flask).

Who may do what is decided in one place for the worker pages (views/scope.py): a viewer's
every change is refused, and an editor may not erase the story or change its team.
"""
from . import audit, stories, workers
from .audit import now
from .errors import Invalid, NotFound

ROLES = ("viewer", "editor")
OWNER_ONLY = ("erase", "team", "handover")   # what an editor may not do


def allowed(access, change, action=None):
    """Tell whether a worker with this access may do this (a change; an owner-only action)."""
    if access == "owner":
        return True
    if access == "viewer":
        return not change
    return access == "editor" and action not in OWNER_ONLY


def for_story(db, story_id):
    """Return the story's colleagues with their names and e-mail addresses."""
    return list(db.query(
        "select c.*, w.name, w.email from colleagues c join workers w on w.id = c.worker_id "
        "where c.story_id = ? order by c.id", [story_id]))


def add(db, story_id, email, role, actor_id):
    """Make a worker a colleague on the story (or change their role); return the row."""
    if role not in ROLES:
        raise Invalid("colleague_role")
    worker = workers.by_email(db, email or "")
    story = stories.get(db, story_id)
    if worker is None:
        raise Invalid("colleague_unknown")
    if worker["id"] == story["owner_id"]:
        raise Invalid("colleague_is_owner")
    with db.atomic():
        db.execute("insert into colleagues (story_id, worker_id, role, added_by, created) "
                   "values (?, ?, ?, ?, ?) on conflict (story_id, worker_id) do update set "
                   "role = excluded.role", [story_id, worker["id"], role, actor_id, now()])
        audit.log(db, f"worker:{actor_id}" if actor_id else "cli", "colleague-added", story_id,
                  f"worker:{worker['id']} role:{role}")
    return worker


def remove(db, story_id, email, actor_id):
    """Take a colleague off the story at once; NotFound when they were not on it."""
    worker = workers.by_email(db, email or "")
    with db.atomic():
        gone = worker and db.execute("delete from colleagues where story_id = ? and "
                                     "worker_id = ?", [story_id, worker["id"]]).rowcount
        if not gone:
            raise NotFound("colleague")
        audit.log(db, f"worker:{actor_id}" if actor_id else "cli", "colleague-removed",
                  story_id, f"worker:{worker['id']}")
    return worker
