"""Audit log: who did what to which story, without the content."""
from datetime import UTC, datetime


def now():
    """Return the current UTC time as an ISO string."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def log(db, actor, action, story_id=None, detail=""):
    """Record one action; detail names things, never content."""
    db["audit"].insert({"at": now(), "actor": actor, "story_id": story_id,
                        "action": action, "detail": detail})


def for_story(db, story_id):
    """Return the audit rows of one story, newest first."""
    return list(db["audit"].rows_where("story_id = ?", [story_id], order_by="id desc"))
