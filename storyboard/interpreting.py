"""An interpreter's link: every page of the book, each caption beside its translation (no Flask).

The family agrees to an interpreter when the worker invites one; that agreement is recorded.
The interpreter's words go into caption_2 with who and when, through a new story version, so
the worker sees them, the log says who, and an earlier version can be restored.
"""
from . import audit, consent, languages, links, panels, sharing, stories
from .audit import now
from .errors import Invalid

KIND = "interpret"   # a link kind of its own: an invite's or a parent's cookie never opens it


def invite(db, story_id, person, created_by, actor, consent_by="parents"):
    """Make an interpreter's link for the story's second language; return (token, link)."""
    consent.require(consent_by)
    language = languages.normalise(person.get("language"))
    story = stories.get(db, story_id)
    if not language or not languages.is_valid(language) or language == story["language"]:
        raise Invalid("interpreter_language")
    second = story["second_language"]
    if second and second != language:
        raise Invalid("interpreter_language_other", language=languages.name(second, "nl"))
    with db.atomic():
        if not second:   # the family's language becomes the story's second language
            with stories.edit(db, story_id, story["version"], created_by):
                db.execute("update stories set second_language = ? where id = ?",
                           [language, story_id])
        token, link = links.make(db, story_id, KIND, person.get("name"), person.get("relation"),
                                 language=language, days=person.get("days") or links.DEFAULT_DAYS,
                                 created_by=created_by)
        db.execute("insert into consents (story_id, panel_id, what, who, worker_id, at, "
                   "link_id) values (?, ?, ?, ?, ?, ?, ?)",
                   [story_id, None, "interpreter", consent_by, created_by, now(), link["id"]])
        audit.log(db, actor, "interpreter-invited", story_id,
                  f"link:{link['id']} language:{language} agreed:{consent_by}")
    return token, link


def pages(db, link):
    """Return every panel meant for the book, in order, each with its page number."""
    return [dict(p, page=n) for n, p in enumerate(panels.for_story(db, link["story_id"]), 1)]


def page(db, link, panel_id):
    """Return one panel of the interpreter's story, or NotFound."""
    return sharing.one_of(pages(db, link), panel_id)


def translate(db, link, panel_id, text, was=None):
    """Save an interpreter's caption for one page as a new story version; return it.

    was is the translation the interpreter started from: when someone changed it meanwhile,
    nothing is overwritten (Conflict-like Invalid) and the caller keeps the text."""
    panel = page(db, link, panel_id)
    caption = panels.clean_caption_2(text)
    if was is not None and (panel["caption_2"] or "") != (was or "").strip():
        raise Invalid("translation_changed")
    if caption == panel["caption_2"]:
        return stories.get(db, link["story_id"])["version"]
    with db.atomic():
        version = stories.get(db, link["story_id"])["version"]
        with stories.edit(db, link["story_id"], version, None) as new_version:
            db.execute("update panels set caption_2 = ?, caption_2_by = ?, caption_2_at = ?, "
                       "updated = ? where id = ?",
                       [caption, f"link:{link['id']}", now(), now(), panel["id"]])
            audit.log(db, f"link:{link['id']}", "caption-translated", link["story_id"],
                      f"panel:{panel['id']} version:{new_version}")
    return new_version


def for_story(db, story_id):
    """Return the story's interpreter links with the agreement that let them in."""
    return list(db.query(
        "select l.*, c.who as agreed_by, c.at as agreed_at from links l left join consents c "
        "on c.link_id = l.id and c.what = 'interpreter' where l.story_id = ? and l.kind = ? "
        "order by l.id", [story_id, KIND]))


def provenance(db, story_id):
    """Return {panel id: (interpreter name, when)} for captions an interpreter wrote."""
    rows = db.query("select p.id, p.caption_2_at, l.name from panels p join links l on "
                    "p.caption_2_by = 'link:' || l.id where p.story_id = ?", [story_id])
    return {r["id"]: (r["name"], r["caption_2_at"]) for r in rows}
