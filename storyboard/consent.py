"""Who agreed that a panel may be shared with the network, and when (no Flask)."""
from . import audit
from .audit import now
from .errors import Invalid

WHO = ("parents", "mother", "father", "child", "parents-and-child", "mother-and-child",
       "father-and-child")


def require(who):
    """Refuse to share without a named agreement."""
    if who not in WHO:
        raise Invalid("consent_needed")


def record(db, story_id, panel_id, who, worker_id, what="share", link_id=None, actor=None):
    """Record who agreed that a panel may be shared (with one person, or everyone invited).

    Return the consent's id; the log names the panel, who agreed and, for one person,
    their link."""
    require(who)
    consent_id = db.execute(
        "insert into consents (story_id, panel_id, what, who, worker_id, at, link_id) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [story_id, panel_id, what, who, worker_id, now(), link_id]).lastrowid
    detail = f"panel:{panel_id} agreed:{who}" + (f" link:{link_id}" if link_id else "")
    audit.log(db, actor or f"worker:{worker_id}", "panel-shared", story_id, detail)
    return consent_id


def for_story(db, story_id):
    """Return the story's consent records, newest first, with the person's name if one."""
    return list(db.query(
        "select c.*, l.name as person from consents c left join links l on l.id = c.link_id "
        "where c.story_id = ? order by c.id desc", [story_id]))
