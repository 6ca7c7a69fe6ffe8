"""Plain, translated sentences for the domain's error codes."""
from flask_babel import gettext, lazy_gettext as _l

MESSAGES = {
    "caption_empty": _l("Write a caption first: a panel needs a few words for the child."),
    "caption_too_long": _l("This caption has %(length)s characters; the most is %(max)s. "
                           "Shorten it or split it over two panels. Your text is still here."),
    "section_invalid": _l("Choose one of the sections of the story."),
    "picture_unknown": _l("That picture is not in the library. Choose another one."),
    "order_invalid": _l("The order could not be saved because the panels changed. "
                        "Reload the page and try again."),
    "stale_version": _l("This story was changed in another window or by someone else. "
                        "Your change was not saved, but nothing was overwritten. "
                        "Copy your text, reload the page and add it again."),
    "child_name_required": _l("Fill in the child's first name."),
    "child_name_too_long": _l("The first name can be at most %(max)s characters."),
    "title_required": _l("Give the story a title."),
    "title_too_long": _l("The title can be at most %(max)s characters."),
    "age_invalid": _l("Fill in the child's age as a number from 0 to 18."),
    "language_invalid": _l("Choose Dutch or English as the story's language."),
    "second_language_invalid": _l("We do not know that language. Choose one from the list."),
    "email_invalid": _l("Fill in a valid email address."),
    "email_taken": _l("There is already a worker with that email address."),
    "name_required": _l("Fill in a name."),
    "password_short": _l("The password needs at least %(min)s characters."),
    "story": _l("This story does not exist, or it is not yours."),
    "panel": _l("This panel does not exist (any more)."),
    "worker": _l("This worker does not exist."),
    "import_not_zip": _l("This file is not a Storyboard export (not a zip file)."),
    "import_no_story": _l("This zip file holds no story.json, so it is not a Storyboard export."),
    "import_too_big": _l("This export is too large to import."),
    "import_bad_json": _l("The story in this export is damaged and cannot be read."),
}


def message(err):
    """Return the translated sentence for a DomainError."""
    template = MESSAGES.get(err.code)
    if template is None:
        return gettext("Something went wrong. Nothing was changed.")
    return str(template) % err.params if err.params else str(template)
