"""The Words and Pictures structure: section skeleton, prompts, checklist, reading plan."""
from datetime import UTC, datetime

from . import panels, stories
from .catalogue import N_, translated
from .errors import Conflict, Invalid

# The starting question of each section, in the story's language (read with
# catalogue.translated; the Dutch is in messages.po).
PROMPTS = {
    "title": N_("This is {name}'s story. What does {name} like to do?"),
    "people": N_("Who belongs to {name}? Mum, dad, grandma, the dog …"),
    "memories": N_("What good things did {name} do together with the family? "
                   "What is {name} good at?"),
    "worries": N_("Who is worried? What about?"),
    "happened": N_("What happened? Say it in simple words."),
    "then": N_("What happened then? Police, doctor, judge, a new place to live?"),
    "safety": N_("Who makes sure that {name} is safe now? What are the grown-ups doing?"),
    "next": N_("What happens next? What may {name} always ask?"),
}
PLAN_FIELDS = ("reader", "when_where", "others_present", "copy_keeper", "feelings", "helps",
               "questions")
PLAN_MAX = 2000


def add_skeleton(db, story_id, worker_id):
    """Add one prompt panel per section, in the story's language; return the new version."""
    story = stories.get(db, story_id)
    prompts = translated(PROMPTS, story["language"])
    version = story["version"]
    for section in panels.SECTIONS:
        text = prompts[section].format(name=story["child_name"])
        panel_id, version = panels.add(db, story_id, version, {
            "section": section, "caption": text}, worker_id)
        db["panels"].update(panel_id, {"prompt": text})
    return version


def is_unwritten(panel):
    """Tell whether a panel still holds its starting question."""
    return bool(panel.get("prompt")) and panel["caption"].strip() == panel["prompt"].strip()


def checklist(rows, blame_free=True):
    """Return the Words and Pictures checklist as (key, done) pairs, in a fixed order."""
    written = [p for p in rows if not is_unwritten(p)]
    sections = {p["section"] for p in written}
    return [
        ("memories", "memories" in sections),
        ("no_blame", blame_free),
        ("safety", "safety" in sections),
        ("next", "next" in sections),
        ("questions", True),  # every printed book ends with a "my questions" page
        ("prompts", len(written) == len(rows)),
    ]


def empty_sections(rows):
    """Return the sections that have no written panel yet, in story order."""
    sections = {p["section"] for p in rows if not is_unwritten(p)}
    return [s for s in panels.SECTIONS if s not in sections]


def reading_plan(db, story_id):
    """Return the story's reading plan (empty fields when none was written)."""
    rows = list(db["reading_plans"].rows_where("story_id = ?", [story_id], limit=1))
    return rows[0] if rows else {"story_id": story_id, **{f: "" for f in PLAN_FIELDS},
                                 "updated": None}


def save_reading_plan(db, story_id, data, seen=None):
    """Store the reading plan's fields; refuse if it changed since `seen` (its last update)."""
    current = reading_plan(db, story_id)["updated"]
    if (seen or None) != current:
        raise Conflict()
    fields = {}
    for name in PLAN_FIELDS:
        value = (data.get(name) or "").replace("\r\n", "\n").strip()
        if len(value) > PLAN_MAX:
            raise Invalid("plan_too_long", max=PLAN_MAX)
        fields[name] = value
    # Microseconds: the timestamp doubles as the plan's version for the stale-form check.
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    db["reading_plans"].upsert(dict(fields, story_id=story_id, updated=stamp), pk="story_id")
