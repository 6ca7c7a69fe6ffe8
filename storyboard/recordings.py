"""Recorded voices of a story: store, list, choose, delete, and their files (no Flask)."""
import secrets
from pathlib import Path

from . import audit, languages, panels, voices
from .audit import now
from .errors import Invalid, NotFound

SPEAKER_MAX = 80


def folder_of(uploads_dir):
    """Return the folder that holds the voice files: uploads/voices/."""
    return Path(uploads_dir) / "voices"


def path_of(uploads_dir, name):
    """Return the path of a stored voice file; names are ours, never the uploader's."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise NotFound("voice")
    return folder_of(uploads_dir) / name


def write_file(uploads_dir, data):
    """Write Ogg/Opus bytes under a fresh random name; return the name."""
    folder = folder_of(uploads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.ogg"
    tmp = folder / (name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(folder / name)
    return name


def check_fields(story, language, consent, speaker):
    """Refuse a recording without the speaker's agreement or in a language the story lacks."""
    if str(consent or "") not in ("1", "on", "yes", "true"):
        raise Invalid("voice_no_consent")
    language = languages.normalise(language or "") or story["language"]
    if language not in {story["language"], story.get("second_language")} - {None, ""}:
        raise Invalid("voice_language_invalid")
    speaker = " ".join(str(speaker or "").split())
    if len(speaker) > SPEAKER_MAX:
        raise Invalid("voice_speaker_too_long", max=SPEAKER_MAX)
    return language, speaker


def record(db, uploads_dir, story, panel_id, data, *, language, consent, speaker, made_by):
    """Check, transcode and store a recording of a page; return its row."""
    panels.get(db, story["id"], panel_id)
    language, speaker = check_fields(story, language, consent, speaker)
    try:
        ogg, duration_ms = voices.transcode(data)
    except voices.VoiceError as err:
        raise Invalid(err.code) from None
    name = write_file(uploads_dir, ogg)
    row = {"story_id": story["id"], "panel_id": panel_id, "language": language,
           "made_by": made_by, "speaker": speaker, "consent": 1, "file": name,
           "duration_ms": duration_ms, "bytes": len(ogg), "created": now(), "chosen": 0}
    try:
        with db.atomic():
            row["id"] = db["voices"].insert(row).last_pk
            audit.log(db, made_by, "voice-recorded", story["id"],
                      f"panel:{panel_id} voice:{row['id']} language:{language}")
    except BaseException:
        path_of(uploads_dir, name).unlink(missing_ok=True)
        raise
    return row


def get(db, story_id, voice_id):
    """Return a recording of this story or raise NotFound."""
    rows = list(db["voices"].rows_where("id = ? and story_id = ?", [voice_id, story_id], limit=1))
    if not rows:
        raise NotFound("voice")
    return rows[0]


def for_story(db, story_id):
    """Return every recording of a story, by page, newest first."""
    return list(db["voices"].rows_where("story_id = ?", [story_id],
                                        order_by="panel_id, id desc"))


def for_panel(db, story_id, panel_id):
    """Return a page's recordings, newest first."""
    return list(db["voices"].rows_where("story_id = ? and panel_id = ?", [story_id, panel_id],
                                        order_by="id desc"))


def chosen(db, story_id):
    """Return the chosen recordings as {(panel_id, language): row}."""
    rows = db["voices"].rows_where("story_id = ? and chosen = 1", [story_id])
    return {(r["panel_id"], r["language"]): r for r in rows}


def chosen_for(db, story, language):
    """Return {panel_id: row}: each page's chosen recording in language, else the story's."""
    picked = chosen(db, story["id"])
    found = {}
    for (panel_id, lang), row in picked.items():
        if lang == language or (lang == story["language"] and panel_id not in found):
            found[panel_id] = row
    return found


def choose(db, story_id, voice_id, actor, on=True):
    """Make a recording the one for its page and language (or un-choose it)."""
    voice = get(db, story_id, voice_id)
    with db.atomic():
        for other in for_panel(db, story_id, voice["panel_id"]):
            if other["language"] == voice["language"] and other["chosen"]:
                db["voices"].update(other["id"], {"chosen": 0})
        if on:
            db["voices"].update(voice_id, {"chosen": 1})
        audit.log(db, actor, "voice-chosen" if on else "voice-unchosen", story_id,
                  f"panel:{voice['panel_id']} voice:{voice_id} language:{voice['language']}")
    return get(db, story_id, voice_id)


def delete(db, uploads_dir, story_id, voice_id, actor):
    """Delete a recording and its file."""
    voice = get(db, story_id, voice_id)
    with db.atomic():
        db["voices"].delete(voice_id)
        audit.log(db, actor, "voice-deleted", story_id,
                  f"panel:{voice['panel_id']} voice:{voice_id}")
    path_of(uploads_dir, voice["file"]).unlink(missing_ok=True)


def delete_for_story(db, uploads_dir, story_id):
    """Delete every recording of a story, files included (erasure)."""
    for row in for_story(db, story_id):
        db["voices"].delete(row["id"])
        path_of(uploads_dir, row["file"]).unlink(missing_ok=True)


def delete_for_panel(db, uploads_dir, story_id, panel_id):
    """Delete a page's recordings with their files (the page itself was deleted)."""
    for row in for_panel(db, story_id, panel_id):
        db["voices"].delete(row["id"])
        path_of(uploads_dir, row["file"]).unlink(missing_ok=True)


def set_network_voices(db, story_id, allowed, actor):
    """Let network members record the pages they see, or stop them."""
    db["stories"].update(story_id, {"network_voices": 1 if allowed else 0})
    audit.log(db, actor, "network-voices-on" if allowed else "network-voices-off", story_id)


def panel_for_link(db, link, panel_id):
    """Return a panel this link holder sees (a parent and an interpreter: every page)."""
    if link["kind"] in ("review", "interpret"):
        try:
            return panels.get(db, link["story_id"], int(panel_id))
        except (TypeError, ValueError):
            raise NotFound("panel") from None
    from . import sharing
    return sharing.visible_panel(db, link, panel_id)


def voice_for_link(db, link, voice_id):
    """Return a recording a link holder may hear: chosen or their own, on a page they see."""
    voice = get(db, link["story_id"], voice_id)
    if not voice["chosen"] and voice["made_by"] != f"link:{link['id']}":
        raise NotFound("voice")
    panel_for_link(db, link, voice["panel_id"])
    return voice


def record_for_link(db, uploads_dir, story, link, panel_id, data, **fields):
    """Store a link holder's recording of a page they see (network: only when allowed)."""
    if link["kind"] == "invite" and not story.get("network_voices"):
        raise Invalid("voice_not_allowed")
    panel = panel_for_link(db, link, panel_id)
    return record(db, uploads_dir, story, panel["id"], data, made_by=f"link:{link['id']}",
                  **fields)


def seen_panel_ids(db, link):
    """Return the ids of the panels a link holder sees."""
    if link["kind"] in ("review", "interpret"):
        return {p["id"] for p in panels.for_story(db, link["story_id"])}
    from . import sharing
    return {p["id"] for p in sharing.visible_panels(db, link)}


def export_voices(db, story_id, uploads_dir, items, rows, files):
    """Name each page's recordings in story.json and add their files to the zip's files."""
    by_panel = {}
    for voice in reversed(for_story(db, story_id)):  # oldest first: stable names
        by_panel.setdefault(voice["panel_id"], []).append(voice)
    for number, (item, row) in enumerate(zip(items, rows), start=1):
        item["voices"] = []
        for voice in by_panel.get(row["id"], []):
            name = f"voices/panel-{number}-{voice['language']}.ogg"
            count = 1
            while name in files:
                count += 1
                name = f"voices/panel-{number}-{voice['language']}-{count}.ogg"
            files[name] = path_of(uploads_dir, voice["file"]).read_bytes()
            item["voices"].append({"language": voice["language"], "file": name,
                                   "speaker": voice["speaker"] or "",
                                   "chosen": bool(voice["chosen"]), "consent": True})


def import_voices(read, items, story, uploads_dir):
    """Check and write the recordings an export names; return [(position, row fields)]."""
    found = []
    try:
        for position, item in enumerate(items):
            for entry in item.get("voices") or []:
                fields = _imported(read, entry, story, uploads_dir)
                if fields:
                    found.append((position, fields))
    except BaseException:
        remove_written(uploads_dir, found)
        raise
    return found


def _imported(read, entry, story, uploads_dir):
    """Pass one exported recording through the upload gate; None when it lacks consent."""
    name = entry.get("file") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name.startswith("voices/") or ".." in name:
        raise Invalid("import_bad_json")
    if entry.get("consent") is not True:  # only a recording its speaker agreed to travels
        return None
    language, speaker = check_fields(story, entry.get("language"), "1", entry.get("speaker"))
    try:
        ogg, duration_ms = voices.transcode(read(name))
    except voices.VoiceError as err:
        raise Invalid(err.code) from None
    return {"language": language, "speaker": speaker, "consent": 1,
            "chosen": 1 if entry.get("chosen") is True else 0, "made_by": "import",
            "file": write_file(uploads_dir, ogg), "duration_ms": duration_ms,
            "bytes": len(ogg)}


def remove_written(uploads_dir, found):
    """Delete the files import_voices wrote (the import failed further on)."""
    for _, fields in found:
        path_of(uploads_dir, fields["file"]).unlink(missing_ok=True)


def add_imported(db, story_id, found):
    """Record imported recordings on the new story's panels (inside the import's transaction)."""
    ids = {r["position"]: r["id"] for r in db.query(
        "select id, position from panels where story_id = ?", [story_id])}
    stamp, chosen = now(), set()
    for position, fields in found:
        key = (position, fields["language"])
        pick = fields["chosen"] and key not in chosen  # one chosen per page and language
        if pick:
            chosen.add(key)
        db["voices"].insert(dict(fields, story_id=story_id, panel_id=ids[position],
                                 created=stamp, chosen=1 if pick else 0))
