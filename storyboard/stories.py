"""Stories, their versions and snapshots."""
import hashlib
import json
import secrets
from contextlib import contextmanager
from datetime import UTC

from . import audit, languages
from .audit import now
from .errors import Conflict, Invalid, NotFound, parse_id, text_field

TITLE_MAX = 120
NAME_MAX = 60


DEFAULT_TITLES = {"nl": "Het verhaal van {name}", "en": "The story of {name}"}


def default_title(child_name, language="nl"):
    """Return the title a story gets when the worker leaves it empty."""
    return DEFAULT_TITLES.get(language, DEFAULT_TITLES["nl"]).format(name=child_name)


def clean(data):
    """Validate story fields and return them cleaned; raise Invalid on the first problem."""
    title = text_field(data.get("title")).strip()
    child_name = text_field(data.get("child_name")).strip()
    if not child_name:
        raise Invalid("child_name_required")
    if len(child_name) > NAME_MAX:
        raise Invalid("child_name_too_long", max=NAME_MAX)
    if not title:   # unless the worker types one, the title follows the child's name
        title = default_title(child_name, text_field(data.get("language")).strip() or "nl")
    if len(title) > TITLE_MAX:
        raise Invalid("title_too_long", max=TITLE_MAX)
    try:
        age = int(text_field(data.get("child_age")).strip())
    except ValueError:
        raise Invalid("age_invalid") from None
    if not 0 <= age <= 18:
        raise Invalid("age_invalid")
    language = text_field(data.get("language")).strip() or "nl"
    if language not in languages.STORY_LANGUAGES:
        raise Invalid("language_invalid")
    second = languages.normalise(text_field(data.get("second_language")))
    if second and not languages.is_valid(second):
        raise Invalid("second_language_invalid")
    if second == language:
        second = None
    return {"title": title, "child_name": child_name, "child_age": age,
            "language": language, "second_language": second}


def create(db, owner_id, data):
    """Create a story for a worker and return its id."""
    fields = clean(data)
    with db.atomic():
        story_id = db["stories"].insert(dict(fields, owner_id=owner_id, version=1,
                                             created=now(), updated=now())).last_pk
        record_version(db, story_id, 1, owner_id)
    return story_id


def list_for_owner(db, owner_id):
    """Return the worker's stories, most recently changed first, with panel counts."""
    return list(db.query(
        "select s.*, (select count(*) from panels p where p.story_id = s.id) as panel_count "
        "from stories s where s.owner_id = ? order by s.updated desc, s.id desc", [owner_id]))


def list_for_worker(db, worker_id):
    """Return the stories a worker owns or works on as a colleague, with their access."""
    return list(db.query(
        "select s.*, (select count(*) from panels p where p.story_id = s.id) as panel_count, "
        "coalesce(c.role, 'owner') as access from stories s left join colleagues c on "
        "c.story_id = s.id and c.worker_id = ? where s.owner_id = ? or c.worker_id = ? "
        "order by s.updated desc, s.id desc", [worker_id, worker_id, worker_id]))


def untouched(db, owner_id, months):
    """Return the worker's live stories not changed for `months` months (retention review)."""
    from datetime import datetime, timedelta
    cutoff = (datetime.now(UTC) - timedelta(days=30 * months)).isoformat(timespec="seconds")
    return list(db.query("select * from stories where owner_id = ? and archived is null and "
                         "updated < ? order by updated", [owner_id, cutoff]))


def set_archived(db, story_id, archived):
    """Archive a story (out of the daily list, kept) or bring it back."""
    db["stories"].update(story_id, {"archived": now() if archived else None})


def set_safety_page(db, story_id, on):
    """Print the Safety Circles as a page of the child's book, or not."""
    db.execute("update stories set safety_page = ? where id = ?", [1 if on else 0, story_id])


def get(db, story_id):
    """Return one story or raise NotFound."""
    rows = list(db.query("select * from stories where id = ?", [story_id]))
    if not rows:
        raise NotFound("story")
    return rows[0]


def for_worker(db, story_id, worker):
    """Return the story when this worker may open it; NotFound otherwise, never a hint.

    This is the one access check for a story's worker pages (views/scope.py); colleague
    roles plug in here."""
    story = get(db, story_id)
    if story["owner_id"] == worker["id"]:
        return dict(story, access="owner")
    row = db.execute("select role from colleagues where story_id = ? and worker_id = ?",
                     [story["id"], worker["id"]]).fetchone()
    if row is None:
        raise NotFound("story")
    return dict(story, access=row[0])


def get_for_owner(db, story_id, owner_id):
    """Return the story when this worker owns it; otherwise NotFound, never a hint."""
    story = get(db, story_id)
    if story["owner_id"] != owner_id:
        raise NotFound("story")
    return story


@contextmanager
def edit(db, story_id, version, worker_id):
    """Wrap a change in a transaction that claims the next version or raises Conflict."""
    try:
        version = parse_id(version)
    except Invalid:
        raise Conflict(current=get(db, story_id)["version"]) from None
    with db.atomic():
        cursor = db.execute(
            "update stories set version = version + 1, updated = ? where id = ? and version = ?",
            [now(), story_id, version])
        if cursor.rowcount != 1:
            raise Conflict(current=get(db, story_id)["version"])
        yield version + 1
        record_version(db, story_id, version + 1, worker_id)


def update(db, story_id, version, data, worker_id):
    """Change the story's details and return the new version."""
    fields = clean(data)
    with edit(db, story_id, version, worker_id) as new_version:
        db["stories"].update(story_id, fields)
    return new_version


def delete(db, story_id):
    """Delete a story with its panels and versions."""
    with db.atomic():
        for table in ("panel_links", "comments", "agreements", "contributions", "links",
                      "consents", "panels",
                      "story_versions",
                      "reading_plans", "images", "network_people"):
            db.execute(f"delete from {table} where story_id = ?", [story_id])
        db.execute("delete from stories where id = ?", [story_id])


CONTENT_FIELDS = ("section", "kind", "caption", "caption_2", "picture", "scene",
                  "shared_with_network")


def content(db, story_id, rows=None, scene=None):
    """Return the story's content as plain data: details and panels in order."""
    scene = scene or (lambda text: json.loads(text) if text else None)
    story = get(db, story_id)
    if rows is None:
        rows = _panel_rows(db, story_id)
    return {
        "title": story["title"], "child_name": story["child_name"],
        "child_age": story["child_age"], "language": story["language"],
        "second_language": story["second_language"],
        "cast": json.loads(story["cast"]) if story.get("cast") else [],
        "panels": [dict({k: p[k] for k in CONTENT_FIELDS},
                        shared_with_network=bool(p["shared_with_network"]),
                        scene=scene(p["scene"])) for p in rows],
    }


def _panel_rows(db, story_id):
    return list(db.query("select * from panels where story_id = ? order by position",
                         [story_id]))


def content_hash(data):
    """Return a stable SHA-256 of story content."""
    return _hash(_canonical(data))


def _canonical(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value):
    """Return value as canonical JSON text, and remember it as already canonical.

    Panels store scenes in this form, so a snapshot can take a known scene text as it is
    instead of decoding and encoding a 200-line drawing on every save."""
    text = _canonical(value)
    _remember_canonical(text)
    return text


_CANONICAL, _CANONICAL_MAX = {}, 64


def _remember_canonical(text):
    if len(_CANONICAL) >= _CANONICAL_MAX:
        _CANONICAL.pop(next(iter(_CANONICAL)))
    _CANONICAL[text] = True


def _hash(canonical):
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_version(db, story_id, version, worker_id):
    """Keep a snapshot of the story as it is at this version, with its content hash."""
    refs = _panel_rows(db, story_id)
    canonical = _canonical_content(db, story_id, refs)
    # Panel ids and photos ride along (not hashed) so diffs can pair panels and restores
    # can bring pictures back. They are appended to the hashed text, not serialised again:
    # a save of a 200-line drawing must stay quick.
    extra = json.dumps({"panel_ids": [r["id"] for r in refs],
                        "image_ids": [r["image_id"] for r in refs]}, separators=(",", ":"))
    snapshot = f"{canonical[:-1]},{extra[1:]}"
    # Plain SQL on the save path: sqlite-utils' insert inspects the table on every call.
    db.execute("insert into story_versions (story_id, version, worker_id, created, snapshot, "
               "content_hash) values (?, ?, ?, ?, ?, ?)",
               [story_id, version, worker_id, now(), snapshot, _hash(canonical)])
    prune_versions(db, story_id, version)


def _canonical_content(db, story_id, refs):
    """Return the canonical JSON of the story's content; known scene texts go in as they are."""
    nonce, known = secrets.token_hex(8), {}

    def scene(text):
        if not text or text not in _CANONICAL:
            return json.loads(text) if text else None
        marker = f"\0{nonce}{len(known)}"
        known[json.dumps(marker)] = text
        return marker
    canonical = _canonical(content(db, story_id, refs, scene))
    for marker, text in known.items():
        canonical = canonical.replace(marker, text, 1)
    return canonical


KEEP_VERSIONS = 50


def prune_versions(db, story_id, version):
    """Keep the last KEEP_VERSIONS snapshots and every version a parent agreed to."""
    db.execute("delete from story_versions where story_id = ? and version <= ? and version "
               "not in (select version from agreements where story_id = ? and agreed = 1)",
               [story_id, version - KEEP_VERSIONS, story_id])


def snapshot(db, story_id, version):
    """Return the stored snapshot of one version, or NotFound."""
    if not isinstance(version, int) or not 0 < version < 2**63:
        raise NotFound("version")
    rows = list(db["story_versions"].rows_where("story_id = ? and version = ?",
                                                [story_id, version], limit=1))
    if not rows:
        raise NotFound("version")
    return dict(json.loads(rows[0]["snapshot"]), version=version,
                content_hash=rows[0]["content_hash"], created=rows[0]["created"])


def restore(db, story_id, version, current_version, worker_id):
    """Make an earlier version the story's content again, as a new version; return it.

    Sharing is not restored: a panel stays shared only when it is shared today (on a
    recorded agreement); everything else comes back unshared.
    """
    try:
        version = parse_id(version)
    except Invalid:
        raise NotFound("version") from None
    old = snapshot(db, story_id, version)
    with edit(db, story_id, current_version, worker_id) as new_version:
        db["stories"].update(story_id, {k: old[k] for k in ("title", "child_name", "child_age",
                                                            "language", "second_language")})
        # The people come back with the pictures that place them (older versions had none).
        db.execute("update stories set cast = ? where id = ?",
                   [json.dumps(old.get("cast") or [], ensure_ascii=False), story_id])
        today = {r["id"]: r for r in _panel_rows(db, story_id)}
        live_images = {r["id"] for r in db.query("select id from images where story_id = ?",
                                                 [story_id])}
        count = len(old["panels"])
        panel_ids = old.get("panel_ids") or [None] * count
        image_ids = old.get("image_ids") or [None] * count
        kept = set()
        for position, (panel, panel_id, image_id) in enumerate(zip(old["panels"], panel_ids,
                                                                   image_ids)):
            row = _restored_row(panel, position, image_id if image_id in live_images else None)
            if panel_id in today and panel_id not in kept:
                # The same panel comes back in place: its comments and notes stay with it.
                row["shared_with_network"] = today[panel_id]["shared_with_network"]
                db["panels"].update(panel_id, row)
                kept.add(panel_id)
            else:
                kept.add(db["panels"].insert(dict(row, story_id=story_id, created=now())).last_pk)
        for panel_id in set(today) - kept:
            db.execute("delete from panels where id = ?", [panel_id])
        audit.log(db, f"worker:{worker_id}", "version-restored", story_id,
                  f"from:{version} to:{new_version}")
    return new_version


def _restored_row(panel, position, image_id):
    """Return the panel columns of a snapshot's panel, unshared."""
    return {"position": position, "section": panel["section"],
            "kind": panel.get("kind") or "picture", "caption": panel["caption"],
            "caption_2": panel["caption_2"], "picture": panel["picture"],
            "scene": json.dumps(panel["scene"]) if panel["scene"] else None,
            "shared_with_network": 0, "image_id": image_id, "updated": now()}


def versions(db, story_id):
    """Return the story's versions, newest first, without snapshots."""
    return list(db.query("select version, content_hash, worker_id, created from story_versions "
                         "where story_id = ? order by version desc", [story_id]))
