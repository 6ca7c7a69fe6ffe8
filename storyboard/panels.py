"""Panels of a story: add, change, delete, order."""
import json

from . import audit, cast, consent, library, scenes, sharing, stories
from .audit import now
from .errors import Invalid, NotFound, parse_id, text_field

CAPTION_MAX = 300
MAX_PANELS = 200  # a book for a young child; also bounds snapshots and renders
# The Words and Pictures sections, in the order a story moves through them.
SECTIONS = ("title", "people", "memories", "worries", "happened", "then", "safety", "next")
KINDS = ("picture", "draw")


def clean_caption(text):
    """Return the caption trimmed, or raise Invalid when empty or too long."""
    caption = text_field(text).replace("\r\n", "\n").strip()
    if not caption:
        raise Invalid("caption_empty")
    if len(caption) > CAPTION_MAX:
        raise Invalid("caption_too_long", max=CAPTION_MAX, length=len(caption))
    return caption


def clean_caption_2(text):
    """Return the second-language caption trimmed, or None when empty."""
    caption = text_field(text).replace("\r\n", "\n").strip()
    if len(caption) > CAPTION_MAX:
        raise Invalid("caption_too_long", max=CAPTION_MAX, length=len(caption))
    return caption or None


def clean(data, partial=False, members=None):
    """Validate the panel fields present in data and return them cleaned.

    members is the story's cast: a scene may place only people the story has."""
    return clean_with_scene(data, partial, members)[0]


def clean_with_scene(data, partial=False, members=None):
    """Return (cleaned fields, the cleaned scene or None): the scene is parsed once."""
    fields, scene = {}, None
    if "caption" in data or not partial:
        fields["caption"] = clean_caption(data.get("caption"))
    if "caption_2" in data:
        fields["caption_2"] = clean_caption_2(data.get("caption_2"))
    if "section" in data or not partial:
        fields["section"] = _choice(data.get("section"), SECTIONS, "happened", "section_invalid")
    has_scene = data.get("scene") not in (None, "")
    if ("picture" in data or not partial) and not has_scene:  # a scene names its own picture
        picture = text_field(data.get("picture")).strip() or None
        if picture and not library.exists(picture):
            raise Invalid("picture_unknown")
        fields["picture"] = picture
        fields["scene"] = None  # a single picture replaces a composed scene
    if has_scene:
        scene = scenes.parse(data["scene"], members)
        fields["scene"] = stories.canonical_json(scene)  # as snapshots hash it: see there
        fields["picture"] = scenes.main_picture(scene)
    if "kind" in data or not partial:
        fields["kind"] = _choice(data.get("kind"), KINDS, "picture", "kind_invalid")
    if "shared_with_network" in data or not partial:
        fields["shared_with_network"] = 1 if _truthy(data.get("shared_with_network")) else 0
    return fields, scene


def _choice(value, allowed, default, code):
    """Return one of the allowed values (default when empty), or raise Invalid(code)."""
    chosen = text_field(value) or default
    if chosen not in allowed:
        raise Invalid(code)
    return chosen


def scene_of(panel):
    """Return the panel's scene, built from its single picture when it has none."""
    if panel.get("scene"):
        return json.loads(panel["scene"])
    return scenes.from_picture(panel.get("picture"))


def set_image(db, story_id, panel_id, version, image_id, worker_id):
    """Attach a stored photo outline to a panel (or detach with None); return the new version."""
    get(db, story_id, panel_id)
    with stories.edit(db, story_id, version, worker_id) as new_version:
        db["panels"].update(panel_id, {"image_id": image_id, "updated": now()})
    return new_version


def _truthy(value):
    return str(value).strip().lower() in {"1", "true", "on", "yes"}


def untranslated_pages(rows):
    """Return the page numbers (1 = the first panel) that have no second-language caption."""
    return [page for page, row in enumerate(rows, start=1) if not row.get("caption_2")]


def for_story(db, story_id):
    """Return the story's panels in order."""
    return list(db.query("select * from panels where story_id = ? order by position",
                         [story_id]))


def get(db, story_id, panel_id):
    """Return a panel of this story or raise NotFound."""
    rows = list(db.query("select * from panels where id = ? and story_id = ?",
                         [panel_id, story_id]))
    if not rows:
        raise NotFound("panel")
    return rows[0]


def add(db, story_id, version, data, worker_id, after=None, consent_by=None):
    """Add a panel (at the end, or after another) and return (panel_id, new_version)."""
    fields = clean(data, members=_cast_of(db, story_id))
    after = parse_id(after, "after_invalid") if after not in (None, "") else None
    if fields["shared_with_network"]:
        consent.require(consent_by)
    with stories.edit(db, story_id, version, worker_id) as new_version:
        ids = [p["id"] for p in for_story(db, story_id)]
        if len(ids) >= MAX_PANELS:
            raise Invalid("too_many_panels", max=MAX_PANELS)
        index = ids.index(after) + 1 if after in ids else len(ids)
        panel_id = db["panels"].insert(dict(fields, story_id=story_id, position=index,
                                            created=now(), updated=now())).last_pk
        ids.insert(index, panel_id)
        _write_order(db, ids)
        audit.log(db, f"worker:{worker_id}", "panel-added", story_id, f"panel:{panel_id}")
        if fields["shared_with_network"]:
            consent.record(db, story_id, panel_id, consent_by, worker_id)
    return panel_id, new_version


def update(db, story_id, panel_id, version, data, worker_id, consent_by=None):
    """Change the given fields of a panel and return the new version."""
    get(db, story_id, panel_id)
    fields = clean(data, partial=True, members=_cast_of(db, story_id))
    return _update(db, story_id, panel_id, version, fields, worker_id, consent_by)


def _update(db, story_id, panel_id, version, fields, worker_id, consent_by, audience=None):
    with stories.edit(db, story_id, version, worker_id) as new_version:
        # Read the sharing state inside the transaction that claimed the version; widening
        # who sees the panel is refused there without a named agreement (sharing.save).
        before = get(db, story_id, panel_id)
        shared = fields.get("shared_with_network", before["shared_with_network"])
        mode, chosen = audience or (None, None)
        sharing.save(db, story_id, before, shared, mode, chosen, consent_by, worker_id)
        _set(db, panel_id, dict(fields, updated=now()))
    return new_version


EDITOR_FIELDS = ("caption", "caption_2", "section", "kind", "picture", "scene")


def save_from_editor(db, story_id, panel_id, form, worker_id):
    """Save what the editor sent for a panel; return (new version, the saved scene or None).

    The sharing and consent rule live in _update()."""
    panel = get(db, story_id, panel_id)
    data = {k: form.get(k) for k in EDITOR_FIELDS if k in form}
    if form.get("add_item"):  # the no-script path: one more library picture
        data["scene"] = json.dumps(with_item(scene_of(panel), form["add_item"]))
    elif form.get("add_cast"):  # ... or one of the story's people
        data["scene"] = json.dumps(with_person(scene_of(panel), form["add_cast"]))
    if "shared_present" in form:  # an unticked box sends nothing: this says it was there
        data["shared_with_network"] = form.get("shared_with_network")
    fields, scene = clean_with_scene(data, partial=True, members=_cast_of(db, story_id))
    audience = None
    if "audience_present" in form:  # the sharing box: everyone invited, or these people
        audience = (form.get("audience"), form.getlist("share_with"))
    version = _update(db, story_id, panel_id, form.get("version"), fields, worker_id,
                      form.get("consent_by"), audience)
    return version, scene


def _cast_of(db, story_id):
    return cast.of_story(stories.get(db, story_id))


def with_item(scene, item_id):
    """Return the scene with one more library picture (a place becomes the background)."""
    if library.category(item_id) == "places":
        scene["place"] = item_id
    else:
        scene["items"].append({"id": item_id, "x": free_x(scene), "y": 0.6, "scale": 1.0})
    return scene


def with_person(scene, member_id):
    """Return the scene with one of the story's people standing in free space."""
    scene["items"].append({"cast": member_id, "x": free_x(scene), "y": 0.6, "scale": 1.0,
                           "flip": False, "pose": "standing", "feeling": None})
    return scene


def free_x(scene):
    """Return the spot along the ground farthest from everything already there."""
    taken = [item["x"] for item in scene["items"]]
    spots = [0.5, 0.25, 0.75, 0.14, 0.86, 0.375, 0.625]
    return max(spots, key=lambda x: min((abs(x - t) for t in taken), default=1))


def _set(db, panel_id, fields):
    """Update named columns of a panel (names come from clean(), never from input)."""
    columns = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"update panels set {columns} where id = ?", [*fields.values(), panel_id])


def delete(db, story_id, panel_id, version, worker_id):
    """Delete a panel and return the new version."""
    get(db, story_id, panel_id)
    with stories.edit(db, story_id, version, worker_id) as new_version:
        db.execute("delete from panels where id = ?", [panel_id])
        _write_order(db, [p["id"] for p in for_story(db, story_id)])
        audit.log(db, f"worker:{worker_id}", "panel-deleted", story_id, f"panel:{panel_id}")
    return new_version


def move(db, story_id, panel_id, offset, version, worker_id):
    """Move a panel up (-1) or down (+1) and return the new version."""
    ids = [p["id"] for p in for_story(db, story_id)]
    if panel_id not in ids:
        raise NotFound("panel")
    index = ids.index(panel_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    return reorder(db, story_id, ids, version, worker_id)


def reorder(db, story_id, ordered_ids, version, worker_id):
    """Put the panels in the given order (all of them, each once); return the new version."""
    try:
        ordered = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise Invalid("order_invalid") from None
    current = [p["id"] for p in for_story(db, story_id)]
    if sorted(ordered) != sorted(current) or len(set(ordered)) != len(ordered):
        raise Invalid("order_invalid")
    with stories.edit(db, story_id, version, worker_id) as new_version:
        _write_order(db, ordered)
    return new_version


def _write_order(db, ids):
    for position, panel_id in enumerate(ids):
        db.execute("update panels set position = ? where id = ?", [position, panel_id])
