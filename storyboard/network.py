"""The child's network: shared panels, contributions, the worker's decisions, consent."""
import json

from . import audit, consent, links, panels, sharing, stories
from .audit import now
from .errors import Invalid, NotFound

KINDS = ("detail", "caption", "photo", "answer")
TEXT_MAX = 1000
QUESTION_MAX = 200
CONSENT_WHO = consent.WHO
QUESTIONS = ("loves", "names", "home")
HOME_QUESTIONS = ("home",)  # asked about where the family lives: never with a safe address

# The one visibility rule for link holders: the page, pictures, contributions, the log.
visible_panels = sharing.visible_panels
visible_panel = sharing.visible_panel
page_numbers = sharing.page_numbers


def shared_panels(db, story_id):
    """Return the panels shared with the network at all (for the worker), in order."""
    return list(db["panels"].rows_where("story_id = ? and shared_with_network = 1", [story_id],
                                        order_by="position"))


def question_settings(story):
    """Return {"off": [keys], "text": {key: own wording}} as the worker set them."""
    try:
        data = json.loads(story.get("network_questions") or "{}")
    except ValueError:
        data = {}
    return {"off": [k for k in data.get("off", []) if k in QUESTIONS],
            "text": {k: v for k, v in data.get("text", {}).items() if k in QUESTIONS and v}}


def questions(story):
    """Return the questions the network page asks, in order: [(key, own wording or None)]."""
    settings = question_settings(story)
    return [(key, settings["text"].get(key)) for key in QUESTIONS
            if key not in settings["off"]
            and not (story.get("safe_address") and key in HOME_QUESTIONS)]


def set_questions(db, story_id, on, texts, safe_address, actor):
    """Save which questions the network is asked, their wording, and the safe-address mark."""
    cleaned = {}
    for key in QUESTIONS:
        text = " ".join((texts.get(key) or "").split())
        if len(text) > QUESTION_MAX:
            raise Invalid("question_too_long", max=QUESTION_MAX)
        if text:
            cleaned[key] = text
    settings = {"off": [k for k in QUESTIONS if k not in on], "text": cleaned}
    with db.atomic():
        db["stories"].update(story_id, {"network_questions": json.dumps(settings),
                                        "safe_address": 1 if safe_address else 0})
        audit.log(db, actor, "network-questions-changed", story_id,
                  "safe-address:on" if safe_address else "safe-address:off")


def invite(db, story_id, person, created_by, actor, pages=None, consent_by=None):
    """Make an invite link, for every shared page or only the page numbers given.

    person holds name, relation, role, language and days; return (token, link)."""
    with db.atomic():
        chosen = None
        if pages is not None:
            chosen = sharing.check_pages(db, story_id, sharing.parse_pages(pages), consent_by)
        token, link = links.make(db, story_id, "invite", person.get("name"),
                                 person.get("relation"), person.get("role"),
                                 person.get("language"),
                                 person.get("days") or links.DEFAULT_DAYS, created_by)
        audit.log(db, actor, "invite-created", story_id, f"link:{link['id']}")
        if chosen is not None:
            sharing.give_pages(db, story_id, link["id"], chosen, consent_by, created_by, actor)
            audit.log(db, actor, "invite-pages", story_id, f"link:{link['id']} panels:"
                      + ",".join(str(p["id"]) for p in chosen))
    return token, dict(link, panels_chosen=int(chosen is not None))


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
        asked = [key for key, _ in questions(stories.get(db, link["story_id"]))]
        if question not in asked:
            raise Invalid("question_off")
        panel_id = None
    else:
        panel_id = visible_panel(db, link, panel_id)["id"]
    return db["contributions"].insert({
        "story_id": link["story_id"], "link_id": link["id"], "panel_id": panel_id,
        "kind": kind, "question": question, "text": text or None, "image_id": image_id,
        "status": "waiting", "reply": None, "created": now(), "decided": None}).last_pk


def for_link(db, link_id):
    """Return a network member's own contributions, newest first, with what became of each."""
    return [dict(c, outcome=outcome(c)) for c in
            db["contributions"].rows_where("link_id = ?", [link_id], order_by="id desc")]


def outcome(item):
    """Say what became of a contribution: waiting, story, notes, read or declined."""
    if item["status"] == "used":
        return {"caption": "story", "photo": "story", "detail": "notes"}.get(item["kind"], "read")
    return item["status"]


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
