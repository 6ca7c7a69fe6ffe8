"""What several worker pages share: translated names, a photo's address, file names."""
import re

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_babel import lazy_gettext as _l

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


# What each line of a log means, in words (the code stays beside them, and in CSV files).
LOG_WORDS = {
    "story-created": _l("story made"),
    "story-updated": _l("details changed"),
    "story-archived": _l("archived"),
    "story-unarchived": _l("taken out of the archive"),
    "story-imported": _l("imported"),
    "story-erased": _l("story erased"),
    "exported": _l("exported"),
    "case-file-exported": _l("case-file record downloaded"),
    "version-restored": _l("earlier version put back"),
    "panel-added": _l("page added"),
    "panel-deleted": _l("page deleted"),
    "panel-shared": _l("page shared"),
    "panel-unshared": _l("page no longer shared"),
    "photo-uploaded": _l("photo added"),
    "cast-added": _l("person added"),
    "cast-changed": _l("person changed"),
    "cast-removed": _l("person removed"),
    "caption-translated": _l("caption translated"),
    "printed": _l("printed"),
    "reading-plan-saved": _l("reading plan saved"),
    "reading-plan-printed": _l("reading plan printed"),
    "agreement-record-printed": _l("agreement record printed"),
    "invite-created": _l("invitation made"),
    "invite-opened": _l("invitation opened"),
    "invite-pages": _l("pages of an invitation changed"),
    "invite-revoked": _l("invitation switched off"),
    "network-viewed": _l("network page read"),
    "network-questions-changed": _l("questions for the network changed"),
    "network-voices-on": _l("network may record voices"),
    "contribution-made": _l("suggestion sent"),
    "contribution-used": _l("suggestion used"),
    "contribution-declined": _l("suggestion not used"),
    "review-link-created": _l("review link made"),
    "review-opened": _l("review link opened"),
    "review-viewed": _l("story read by a parent"),
    "review-commented": _l("comment written"),
    "review-agreed": _l("agreed or not agreed"),
    "review-link-revoked": _l("review link switched off"),
    "review-revoked": _l("review link switched off"),
    "interpreter-invited": _l("interpreter invited"),
    "interpreter-opened": _l("interpreter's link opened"),
    "interpreter-viewed": _l("interpreter's page read"),
    "interpret-link-revoked": _l("interpreter's link switched off"),
    "interpret-revoked": _l("interpreter's link switched off"),
    "listen-link-made": _l("listening link made"),
    "listen-opened": _l("listening link opened"),
    "voice-recorded": _l("voice recorded"),
    "voice-chosen": _l("recording chosen"),
    "voice-deleted": _l("recording deleted"),
    "colleague-added": _l("colleague added"),
    "colleague-removed": _l("colleague removed"),
    "story-opened": _l("opened a story"),
    "story-handed-over": _l("handed a story over"),
}
