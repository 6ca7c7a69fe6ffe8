"""What several worker pages share: translated names, a photo's address, file names."""
import re

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _

from .. import colleagues, languages, links, panels
from ..web import actor, get_db


def section_names():
    """Return the translated names of the Words and Pictures sections."""
    return {
        "title": _("Title page"),
        "people": _("Who is in the story"),
        "memories": _("Good memories and strengths"),
        "worries": _("Who is worried, and about what"),
        "happened": _("What happened"),
        "then": _("What happened then"),
        "safety": _("What the grown-ups do now to keep you safe"),
        "next": _("What happens next, and your questions"),
    }


def checklist_names():
    """Return the translated lines of the Words and Pictures checklist."""
    return {"memories": _("Good memories are in the story"),
            "no_blame": _("Nobody blames the child"),
            "safety": _("It is clear who keeps the child safe now"),
            "next": _("What happens next is told"),
            "questions": _("A “my questions” page is there (printed at the end)"),
            "prompts": _("Every starting question has been answered")}


def category_names():
    """Return the translated names of the library's categories."""
    return {"people": _("People"), "animals": _("Animals"), "places": _("Places"),
            "objects": _("Things"), "feelings": _("Feelings"), "nature": _("Nature"),
            "bubbles": _("Bubbles")}


def feeling_names():
    """Return the translated names of the feelings a figure can show."""
    return {"happy": _("happy"), "sad": _("sad"), "angry": _("angry"), "scared": _("scared"),
            "worried": _("worried"), "calm": _("calm"), "surprised": _("surprised"),
            "confused": _("confused")}


def role_names():
    """Return the translated names of the network roles."""
    return {"family": _("family"), "friend": _("friend or neighbour"), "school": _("school"),
            "police": _("police"), "professional": _("professional"),
            "trusted-person": _("trusted person (vertrouwenspersoon)")}


def consent_names():
    """Return the translated names of who can agree to sharing."""
    return {"parents": _("both parents"), "mother": _("mother"), "father": _("father"),
            "child": _("the child"), "parents-and-child": _("the parents and the child"),
            "mother-and-child": _("mother and the child"),
            "father-and-child": _("father and the child")}


def status_names():
    """Return the translated review states."""
    return {"not-opened": _("not opened"), "opened": _("opened"), "commented": _("commented"),
            "agreed-current": _("agreed to the current version"),
            "agreed-earlier": _("agreed to an earlier version"),
            "not-yet": _("does not agree yet")}


def outline_url(story_id, image):
    """Return the address of an image's outline, changing whenever the outline does."""
    return url_for("photos.outline", story_id=story_id, image_id=image["id"],
                   v=image["outline"][:8])


def face_notice():
    """Explain, plainly, why faces are left out of the outline."""
    return _("We saw a person in this photo. In Words and Pictures people are drawn as figures, "
             "not from photos, so the face is left blank. Add a figure from the pictures, for "
             "example “mama” or “opa”, and give it a name.")


def filename(story, ext):
    """Return a download's file name from the story's title."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", story["title"]).strip("-").lower() or "verhaal"
    return f"{slug}.{ext}"


def editor_at(panel_id=None):
    """Return the address of this story's editor, scrolled to a panel."""
    return url_for("editor.edit", panel=panel_id) + "#panel"


def form_context(**extra):
    """Return what the story form needs besides its values."""
    return dict(language_choices=languages.choices(str(get_locale())), **extra)


def story_details(status=200, typed=None):
    """Render this story's details page; typed holds what a refused form sent, per form."""
    # Answered in place, not by a redirect: the address typed stays in the box, and the
    # form's action ends in #said-<form>, so the browser shows the message beside it.
    return render_template("stories/form.html", team=colleagues.for_story(get_db(), g.story["id"]),
                           typed=typed or {},
                           **form_context(values=g.story, story=g.story)), status


def revoke_link(story_id, link_id, kind, back):
    """Switch off a link of this story at once, say so, and go back to its list."""
    link = links.revoke_for_story(get_db(), story_id, link_id, kind, actor())
    flash(_("The link of %(name)s no longer works.", name=link["name"]), "info")
    return redirect(url_for(back))


def shown_once(kind, token, link, **extra):
    """Return a new link's address for this answer only: it is never stored, nor in the cookie."""
    return dict(url=links.url(current_app.config["BASE_URL"], kind, token), name=link["name"],
                **extra)


def missing_translations(db, story):
    """Name the pages whose second-language caption is missing, before anyone prints."""
    if not story["second_language"]:
        return {"untranslated": []}
    rows = panels.for_story(db, story["id"])
    pages = panels.untranslated_pages(rows)
    lang = str(get_locale())
    return {"untranslated": pages, "untranslated_ids": [rows[p - 1]["id"] for p in pages],
            "second_name": languages.name(story["second_language"], lang),
            "story_language_name": languages.name(story["language"], lang)}
