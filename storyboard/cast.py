"""The people of a story, defined once and placed on many pages (no Flask).

A member is {"id", "name", "figure", "parts"}: figure is adult, child or baby; parts are the
library's head and body parts (hair, headwear, glasses, beard, wheelchair...). A scene item
{"cast": id, "x", "y", "scale", "flip", "pose", "feeling"} places a member; scenes.py draws
it from the member as it is now, so a change shows on every page.
"""
import json
import re
import unicodedata

from . import audit, library, stories
from .errors import Invalid, NotFound, text_field

FIGURES = ("adult", "child", "baby")
MAX_MEMBERS = 12
NAME_MAX = 24         # the label under the figure (scenes.LABEL_MAX)
MAX_PARTS = 6
MEMBER_KEYS = {"id", "name", "figure", "parts"}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
STANDING = "standing"


def of_story(story):
    """Return the story's cast as a list of members (empty when it has none)."""
    raw = story.get("cast") if story else None
    return json.loads(raw) if raw else []


def by_id(members):
    """Return the members keyed by id."""
    return {m["id"]: m for m in members}


def clean(value):
    """Validate a whole cast (as in story.json) and return it normalised; raise Invalid."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid("cast_invalid")
    if len(value) > MAX_MEMBERS:
        raise Invalid("cast_too_many", max=MAX_MEMBERS)
    members, seen = [], set()
    for member in value:
        if not isinstance(member, dict) or set(member) - MEMBER_KEYS:
            raise Invalid("cast_invalid")
        member_id = member.get("id")
        if not isinstance(member_id, str) or not ID_PATTERN.fullmatch(member_id) or \
                member_id in seen:
            raise Invalid("cast_invalid")
        seen.add(member_id)
        members.append(dict(_fields(member), id=member_id))
    return members


def _fields(data):
    """Return a member's name, figure and parts, cleaned; raise Invalid."""
    name = " ".join(text_field(data.get("name")).split())
    if not name:
        raise Invalid("cast_name_empty")
    if len(name) > NAME_MAX:
        raise Invalid("cast_name_too_long", max=NAME_MAX)
    figure = data.get("figure") or "adult"
    if figure not in FIGURES:
        raise Invalid("cast_invalid")
    parts = data.get("parts") or []
    if not isinstance(parts, list) or len(parts) > MAX_PARTS:
        raise Invalid("cast_too_many_parts", max=MAX_PARTS)
    cleaned = []
    for part_id in parts:
        entry = library.part(part_id) if isinstance(part_id, str) else None
        if entry is None or entry.get("kind") not in ("head", "body") or \
                figure not in entry.get("fits", []) or part_id.startswith("expr-"):
            raise Invalid("scene_unknown_part", name=str(part_id)[:40])
        if part_id not in cleaned:
            cleaned.append(part_id)
    return {"name": name, "figure": figure, "parts": cleaned}


def poses(figure):
    """Return the pose names a figure can take, standing first."""
    return [STANDING] + [p["pose"] for p in library.parts()
                         if p["kind"] == "base" and p.get("pose") and figure in p["fits"]]


def base_for(figure, pose):
    """Return the library base part id for a figure in a pose, or None when it has no such pose."""
    if pose in (None, STANDING):
        return f"figure-{figure}"
    part_id = f"figure-{figure}-{pose}"
    entry = library.part(part_id)
    return part_id if entry and entry.get("kind") == "base" else None


def as_item(placed, member):
    """Return the plain scene item a placed member draws as: a figure with its name below."""
    base = base_for(member["figure"], placed.get("pose")) or f"figure-{member['figure']}"
    standing = base == f"figure-{member['figure']}"
    # Body parts (wheelchair, walking stick) belong to the standing figure only.
    parts = [p for p in member["parts"] if standing or library.part(p)["kind"] == "head"]
    return {"id": base, "x": placed["x"], "y": placed["y"], "scale": placed["scale"],
            "flip": placed["flip"], "label": member["name"], "feeling": placed.get("feeling"),
            "parts": parts}


def new_id(name, taken):
    """Return a short id made from the name ("Oma Rita" -> "oma-rita"), unused in taken."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:30] or "persoon"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add(db, story_id, version, data, worker_id):
    """Add a person to the story's cast; return (member id, new version)."""
    fields = _fields(data)
    with stories.edit(db, story_id, version, worker_id) as new_version:
        members = of_story(stories.get(db, story_id))
        if len(members) >= MAX_MEMBERS:
            raise Invalid("cast_too_many", max=MAX_MEMBERS)
        member = dict(fields, id=new_id(fields["name"], by_id(members)))
        _write(db, story_id, [*members, member])
        audit.log(db, f"worker:{worker_id}", "cast-added", story_id, f"cast:{member['id']}")
    return member["id"], new_version


def update(db, story_id, member_id, version, data, worker_id):
    """Change a person of the cast (every page shows the change); return the new version."""
    fields = _fields(data)
    with stories.edit(db, story_id, version, worker_id) as new_version:
        members = of_story(stories.get(db, story_id))
        if member_id not in by_id(members):
            raise NotFound("cast")
        _write(db, story_id, [dict(fields, id=m["id"]) if m["id"] == member_id else m
                              for m in members])
        audit.log(db, f"worker:{worker_id}", "cast-changed", story_id, f"cast:{member_id}")
    return new_version


def remove(db, story_id, member_id, version, worker_id):
    """Take a person out of the cast, refused while a page still shows them."""
    with stories.edit(db, story_id, version, worker_id) as new_version:
        members = of_story(stories.get(db, story_id))
        if member_id not in by_id(members):
            raise NotFound("cast")
        pages = pages_with(db, story_id, member_id)
        if pages:
            raise Invalid("cast_in_use", name=by_id(members)[member_id]["name"],
                          pages=", ".join(map(str, pages)))
        _write(db, story_id, [m for m in members if m["id"] != member_id])
        audit.log(db, f"worker:{worker_id}", "cast-removed", story_id, f"cast:{member_id}")
    return new_version


def pages_with(db, story_id, member_id):
    """Return the page numbers (1 = the first panel) whose picture shows the member."""
    rows = db.execute("select scene from panels where story_id = ? order by position",
                      [story_id]).fetchall()
    return [page for page, (scene,) in enumerate(rows, start=1)
            if scene and any(item.get("cast") == member_id
                             for item in json.loads(scene).get("items", []))]


def _write(db, story_id, members):
    db.execute("update stories set cast = ? where id = ?",
               [json.dumps(members, ensure_ascii=False), story_id])
