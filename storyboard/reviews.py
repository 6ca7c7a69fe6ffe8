"""Parents review the story: comments, agreements to a version, and what changed since."""
import difflib

from . import links, stories
from .audit import now
from .errors import Conflict, Invalid, NotFound

COMMENT_MAX = 1000
NAME_MAX = 80


def add_comment(db, link, text, panel_id=None):
    """Store a parent's comment on a panel (or on the whole story) at the current version."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid("comment_empty")
    if len(text) > COMMENT_MAX:
        raise Invalid("contribution_too_long", max=COMMENT_MAX)
    if panel_id not in (None, ""):
        rows = list(db["panels"].rows_where("id = ? and story_id = ?",
                                            [_int(panel_id), link["story_id"]], limit=1))
        if not rows:
            raise NotFound("panel")
        panel_id = rows[0]["id"]
    else:
        panel_id = None
    story = stories.get(db, link["story_id"])
    return db["comments"].insert({"story_id": link["story_id"], "link_id": link["id"],
                                  "panel_id": panel_id, "version": story["version"],
                                  "text": text, "created": now()}).last_pk


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("panel") from None


def decide(db, link, version, agreed, name="", reason=""):
    """Record "I agree" (with the typed name) or "not yet" (with a reason) for a version."""
    story = stories.get(db, link["story_id"])
    if str(version) != str(story["version"]):
        raise Conflict("review_changed", current=story["version"])
    name = " ".join((name or "").split())
    reason = (reason or "").strip()
    if agreed and not name:
        raise Invalid("agree_name_needed")
    if len(name) > NAME_MAX or len(reason) > COMMENT_MAX:
        raise Invalid("contribution_too_long", max=COMMENT_MAX)
    if not agreed and not reason:
        raise Invalid("disagree_reason_needed")
    snap = stories.snapshot(db, link["story_id"], story["version"])
    return db["agreements"].insert({
        "story_id": link["story_id"], "link_id": link["id"], "version": story["version"],
        "content_hash": snap["content_hash"], "agreed": 1 if agreed else 0,
        "name_typed": name or None, "reason": reason or None, "created": now()}).last_pk


def last_decision(db, link_id):
    """Return a link's latest decision, or None."""
    rows = list(db["agreements"].rows_where("link_id = ?", [link_id], order_by="id desc",
                                            limit=1))
    return rows[0] if rows else None


def last_agreement(db, link_id):
    """Return a link's latest "I agree", or None."""
    rows = list(db["agreements"].rows_where("link_id = ? and agreed = 1", [link_id],
                                            order_by="id desc", limit=1))
    return rows[0] if rows else None


def status(db, link, story):
    """Return one of: not-opened, opened, commented, agreed-current, agreed-earlier, not-yet."""
    decision = last_decision(db, link["id"])
    if decision and decision["agreed"]:
        return "agreed-current" if decision["version"] == story["version"] else "agreed-earlier"
    if decision:
        return "not-yet"
    if db.execute("select 1 from comments where link_id = ? limit 1", [link["id"]]).fetchone():
        return "commented"
    return "opened" if link["opened"] else "not-opened"


def comments(db, story_id):
    """Return all comments of a story, oldest first, with who wrote them."""
    return list(db.query("select c.*, l.name as person, v.created as version_created "
                         "from comments c join links l on l.id = c.link_id "
                         "left join story_versions v on v.story_id = c.story_id "
                         "and v.version = c.version where c.story_id = ? order by c.id",
                         [story_id]))


def word_diff(old, new):
    """Return [(op, text)] with op in 'same', 'added', 'removed', word by word."""
    a, b = (old or "").split(), (new or "").split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("removed", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
    return out


def changes_since(db, story_id, version, field="caption"):
    """Compare a version with the current story, panel by panel.

    Return a list of {"panel_id", "state": same|changed|added|removed, "words", "picture"}.
    """
    old = stories.snapshot(db, story_id, version)
    now_version = stories.get(db, story_id)["version"]
    new = stories.snapshot(db, story_id, now_version)
    old_by_id = dict(zip(old.get("panel_ids", []), old["panels"]))
    result = []
    for panel_id, panel in zip(new.get("panel_ids", []), new["panels"]):
        before = old_by_id.pop(panel_id, None)
        if before is None:
            result.append({"panel_id": panel_id, "state": "added",
                           "words": [("added", panel[field] or panel["caption"])],
                           "picture": True})
            continue
        words = word_diff(before[field] or before["caption"], panel[field] or panel["caption"])
        picture = (before["scene"], before["picture"]) != (panel["scene"], panel["picture"])
        changed = picture or any(op != "same" for op, _ in words)
        result.append({"panel_id": panel_id, "state": "changed" if changed else "same",
                       "words": words, "picture": picture})
    for panel_id, panel in old_by_id.items():
        result.append({"panel_id": panel_id, "state": "removed",
                       "words": [("removed", panel["caption"])], "picture": False})
    return result


def parents(db, story):
    """Return the story's review links with their state and last decision."""
    return [dict(link, state=links.state(link), status=status(db, link, story),
                 decision=last_decision(db, link["id"]))
            for link in links.for_story(db, story["id"], "review")]


def not_agreed(db, story):
    """Return the names of live review links that have not agreed to the current version."""
    return [p["name"] for p in parents(db, story)
            if p["state"] in ("opened", "not-opened") and p["status"] != "agreed-current"]


def agreed_by_version(db, story):
    """Return {version: [names]} of the parents whose last decision agreed to it."""
    agreed = {}
    for person in parents(db, story):
        if person["decision"] and person["decision"]["agreed"]:
            agreed.setdefault(person["decision"]["version"], []).append(person["name"])
    return agreed


def decisions(db, story_id):
    """Return every decision on a story, oldest first, with who made it."""
    return list(db.query(
        "select a.*, l.name as person, v.created as version_created from agreements a "
        "join links l on l.id = a.link_id left join story_versions v on "
        "v.story_id = a.story_id and v.version = a.version where a.story_id = ? order by a.id",
        [story_id]))


def version_created(db, story_id, version):
    """Return when a version of the story was made (ISO, UTC), or None if it is not kept."""
    row = db.execute("select created from story_versions where story_id = ? and version = ?",
                     [story_id, version]).fetchone()
    return row[0] if row else None
