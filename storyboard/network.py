"""The child's network: shared panels, contributions, the worker's decisions, consent."""
from . import audit, consent, panels, stories
from .audit import now
from .errors import Invalid, NotFound

KINDS = ("detail", "caption", "photo", "answer")
TEXT_MAX = 1000
CONSENT_WHO = consent.WHO
QUESTIONS = ("loves", "names", "home")


def shared_panels(db, story_id):
    """Return only the panels the family agreed to share with the network, in order."""
    return list(db["panels"].rows_where("story_id = ? and shared_with_network = 1", [story_id],
                                        order_by="position"))


def shared_panel(db, story_id, panel_id):
    """Return a shared panel of the story, or NotFound (never a hint that others exist)."""
    try:
        panel_id = int(panel_id)
    except (TypeError, ValueError):
        raise NotFound("panel") from None
    for panel in shared_panels(db, story_id):
        if panel["id"] == panel_id:
            return panel
    raise NotFound("panel")


def contribute(db, link, kind, text="", panel_id=None, question=None, image_id=None):
    """Store a contribution from a network member and return its id."""
    if kind not in KINDS:
        raise Invalid("contribution_kind_invalid")
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > TEXT_MAX:
        raise Invalid("contribution_too_long", max=TEXT_MAX)
    if kind != "photo" and not text:
        raise Invalid("contribution_empty")
    if kind == "answer":
        if question not in QUESTIONS:
            raise Invalid("contribution_kind_invalid")
        panel_id = None
    else:
        panel_id = shared_panel(db, link["story_id"], panel_id)["id"]
    return db["contributions"].insert({
        "story_id": link["story_id"], "link_id": link["id"], "panel_id": panel_id,
        "kind": kind, "question": question, "text": text or None, "image_id": image_id,
        "status": "waiting", "reply": None, "created": now(), "decided": None}).last_pk


def for_link(db, link_id):
    """Return a network member's own contributions, newest first."""
    return list(db["contributions"].rows_where("link_id = ?", [link_id], order_by="id desc"))


def inbox(db, story_id):
    """Return the story's contributions with who sent them, waiting ones first."""
    return list(db.query(
        "select c.*, l.name as person, l.relation as relation, l.role as role "
        "from contributions c join links l on l.id = c.link_id where c.story_id = ? "
        "order by c.status != 'waiting', c.id desc", [story_id]))


def get(db, story_id, contribution_id):
    """Return one contribution of the story, with who sent it, or NotFound."""
    rows = list(db.query(
        "select c.*, l.name as person, l.relation as relation from contributions c "
        "join links l on l.id = c.link_id where c.id = ? and c.story_id = ?",
        [contribution_id, story_id]))
    if not rows:
        raise NotFound("contribution")
    return rows[0]


def credit(item):
    """Return the provenance line for an accepted contribution: "from Oma Rita (grandmother)"."""
    return f"{item['person']} ({item['relation']})" if item["relation"] else item["person"]


REPLY_MAX = 300


def accept(db, story_id, contribution_id, version, worker_id, text=None, reply=""):
    """Use a contribution in the story, in one transaction; return (version, replaced image).

    text may be the worker's edit; reply is shown to the sender. The replaced image (a
    photo the accepted one took the place of) is for the caller to delete with its files."""
    reply = _reply(reply)
    with db.atomic():
        item = get(db, story_id, contribution_id)
        if item["status"] != "waiting":
            raise Invalid("contribution_decided")
        text = (text if text is not None else item["text"] or "").strip()
        new_version, replaced = stories.get(db, story_id)["version"], None
        if item["kind"] == "caption":
            new_version = panels.update(db, story_id, item["panel_id"], version,
                                        {"caption": text}, worker_id)
            _note(db, item["panel_id"], f"✎ {credit(item)}")
        elif item["kind"] == "photo":
            replaced = panels.get(db, story_id, item["panel_id"])["image_id"]
            new_version = panels.set_image(db, story_id, item["panel_id"], version,
                                           item["image_id"], worker_id)
            _note(db, item["panel_id"], f"📷 {credit(item)}")
        elif item["kind"] == "detail":
            _note(db, item["panel_id"], f"{credit(item)}: {text}")
        db.execute("update contributions set status = 'used', decided = ?, text = ?, reply = ? "
                   "where id = ?", [now(), text or item["text"], reply, contribution_id])
        audit.log(db, f"worker:{worker_id}", "contribution-used", story_id,
                  f"contribution:{contribution_id}")
    return new_version, replaced if replaced != item["image_id"] else None


def decline(db, story_id, contribution_id, worker_id, reply=""):
    """Set a contribution aside, with an optional short reply the sender will see."""
    reply = _reply(reply)
    with db.atomic():
        item = get(db, story_id, contribution_id)
        if item["status"] != "waiting":
            raise Invalid("contribution_decided")
        db.execute("update contributions set status = 'declined', decided = ?, reply = ? "
                   "where id = ?", [now(), reply, contribution_id])
        audit.log(db, f"worker:{worker_id}", "contribution-declined", story_id,
                  f"contribution:{contribution_id}")
    return item


def _reply(reply):
    """Return a reply to the sender cleaned, None when empty; refuse a long one."""
    reply = " ".join((reply or "").split())
    if len(reply) > REPLY_MAX:
        raise Invalid("contribution_too_long", max=REPLY_MAX)
    return reply or None


def _note(db, panel_id, line):
    panel = next(iter(db["panels"].rows_where("id = ?", [panel_id])))
    notes = (panel.get("notes") or "").strip()
    db["panels"].update(panel_id, {"notes": f"{notes}\n{line}".strip()})


record_consent = consent.record
consent_log = consent.for_story


def waiting_count(db, story_id):
    """Return how many contributions wait for the worker."""
    return db.execute("select count(*) from contributions where story_id = ? and "
                      "status = 'waiting'", [story_id]).fetchone()[0]
