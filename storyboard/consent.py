"""Who agreed that a panel may be shared with the network, and when (no Flask)."""
from . import audit
from .audit import now
from .errors import Invalid

WHO = ("parents", "mother", "father", "child", "parents-and-child")


def require(who):
    """Refuse to share without a named agreement."""
    if who not in WHO:
        raise Invalid("consent_needed")


def record(db, story_id, panel_id, who, worker_id, what="share"):
    """Record who agreed that a panel may be shared with the network, and log it."""
    require(who)
    db.execute("insert into consents (story_id, panel_id, what, who, worker_id, at) "
               "values (?, ?, ?, ?, ?, ?)", [story_id, panel_id, what, who, worker_id, now()])
    audit.log(db, f"worker:{worker_id}", "panel-shared", story_id,
              f"panel:{panel_id} agreed:{who}")


def for_story(db, story_id):
    """Return the story's consent records, newest first."""
    return list(db["consents"].rows_where("story_id = ?", [story_id], order_by="id desc"))
