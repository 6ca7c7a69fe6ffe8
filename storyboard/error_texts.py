"""Plain, translated sentences for the domain's error codes."""
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "caption_empty": _l("Write a caption first: a panel needs a few words for the child."),
    "caption_too_long": _l("This caption has %(length)s characters; the most is %(max)s. "
                           "Shorten it or split it over two panels. Your text is still here."),
    "kind_invalid": _l("Choose a picture panel or a draw-it-yourself panel."),
    "plan_too_long": _l("One answer in the reading plan can have at most %(max)s characters."),
    "section_invalid": _l("Choose one of the sections of the story."),
    "picture_unknown": _l("That picture is not in the library. Choose another one."),
    "order_invalid": _l("The order could not be saved because the panels changed. "
                        "Reload the page and try again."),
    "stale_version": _l("This story was changed in another window or by someone else. "
                        "Your change was not saved yet, and nothing was overwritten. "
                        "Your text is kept: reload, look at the other change, and save again."),
    "scene_bad_json": _l("The picture could not be read. Reload the page; nothing was changed."),
    "scene_too_big": _l("This picture holds too much. Remove a few things."),
    "scene_unknown_picture": _l("“%(name)s” is not in the picture library."),
    "scene_unknown_part": _l("“%(name)s” does not fit this figure."),
    "scene_unknown_feeling": _l("Choose one of the feelings from the list."),
    "scene_parts_need_figure": _l("Hair, glasses and the like only go on the plain figures."),
    "scene_too_many_items": _l("A picture can hold at most %(max)s things. Remove one first."),
    "scene_too_many_bubbles": _l("A picture can hold at most %(max)s speech or thought bubbles."),
    "scene_too_many_parts": _l("A figure can have at most %(max)s details."),
    "scene_out_of_range": _l("Something in the picture is placed outside the panel or is too "
                             "big or too small."),
    "scene_label_too_long": _l("A name under a picture can have at most %(max)s characters."),
    "scene_bubble_too_long": _l("The words in a bubble can have at most %(max)s characters."),
    "scene_unknown_person": _l("That person is not in this story's people any more. Reload "
                               "the page; nothing was changed."),
    "scene_unknown_pose": _l("Choose one of the poses from the list."),
    "interpreter_language": _l("Choose the family's language for the interpreter: another "
                               "language than the story's."),
    "interpreter_language_other": _l("This story's second language is %(language)s. Invite an "
                                     "interpreter for that language, or change the story's "
                                     "second language first."),
    "translation_changed": _l("Someone changed this translation meanwhile. Your text is still "
                              "here: reload the page to see theirs, then save again."),
    "colleague_role": _l("Choose viewer or editor."),
    "worker_role": _l("Choose worker or admin."),
    "handover_confirm": _l("Tick the box to confirm the handover."),
    "totp_wrong": _l("That code is not right, or it was used already. Type the 6-digit code "
                     "your authenticator app shows now, or wait for the next one."),
    "recovery_code_wrong": _l("That recovery code is not right, or it was used already. "
                              "Check the code and try again, or use your authenticator app."),
    "colleague_unknown": _l("There is no worker with that e-mail address. An administrator "
                            "can create the account first."),
    "colleague_is_owner": _l("That is the worker who owns the story."),
    "cast_invalid": _l("The people of this story could not be read. Reload the page; nothing "
                       "was changed."),
    "cast_name_empty": _l("Give the person a name, as the child says it (for example "
                          "“Mama” or “Oma Rita”)."),
    "cast_name_too_long": _l("A name can have at most %(max)s characters."),
    "cast_too_many": _l("A story can have at most %(max)s people. Remove someone first."),
    "cast_too_many_parts": _l("A person can have at most %(max)s details."),
    "cast_in_use": _l("%(name)s is still in the picture on page %(pages)s. Take them out of "
                      "those pictures first."),
    "scene_bad_stroke": _l("A line drawn with the pen could not be read. Undo the last line or "
                           "reload the page; nothing was changed."),
    "scene_too_many_strokes": _l("A drawing can have at most %(max)s pen lines. Remove or undo "
                                 "a few first."),
    "scene_stroke_too_long": _l("One pen line can have at most %(max)s points. Draw it in "
                                "shorter lines."),
    "voice_missing": _l("Record something first, or choose a recording."),
    "voice_empty": _l("This recording is empty. Record it again."),
    "voice_too_big": _l("This recording is too large (more than 2 MB). Record a shorter one."),
    "voice_unsupported": _l("This is not a recording we can use. Record it here in "
                             "the browser, or send a WebM, Ogg or MP4 (M4A) sound file."),
    "voice_broken": _l("This recording is damaged or incomplete. Record it again."),
    "voice_too_long": _l("This recording is longer than a "
                          "minute. Read the page again, a little shorter."),
    "voice_silent": _l("We hear nothing in this recording. "
                        "Check the microphone and record it again."),
    "voice_no_consent": _l("Tick that you agree this recording is "
                            "used in the book. Without that, it is not kept."),
    "voice_language_invalid": _l("Choose one of the story's languages for this recording."),
    "voice_speaker_too_long": _l("A name can have at most %(max)s characters."),
    "voice_not_allowed": _l("Recording voices is not switched on for you in this story."),
    "photo_missing": _l("Choose a photo first."),
    "photo_empty": _l("This file is empty. Choose the photo again."),
    "photo_too_big": _l("This photo is too large (more than 30 MB). Send a smaller one."),
    "photo_unsupported": _l("This is not a photo we can use. Send a JPEG, PNG, WebP or HEIC "
                            "photo, as phones make them."),
    "photo_bomb": _l("This image has far too many pixels to open safely. Send an ordinary "
                     "photo."),
    "photo_broken": _l("This photo is damaged or incomplete. Try sending it again."),
    "detail_invalid": _l("Choose a level of detail from 1 to 5."),
    "mode_invalid": _l("Choose whether this is a photo or a drawing."),
    "image": _l("This photo does not exist (any more)."),
    "consent_needed": _l("Before this panel is shared with the network, choose who agreed to "
                         "share it."),
    "audience_invalid": _l("Choose everyone invited, or the people who may see this panel."),
    "invite_pages_invalid": _l("Tick at least one page, or choose everything shared with the "
                               "network. Pages are numbers like 1,3."),
    "invite_page_unknown": _l("There is no page %(page)s: this story has %(count)s pages."),
    "invite_page_not_shared": _l("Page %(page)s is not shared yet. Say who in the family "
                                 "agreed that this person may see it, or share it in the "
                                 "editor first."),
    "invite_page_needs_consent": _l("Page %(page)s is only for chosen people. Choose who "
                                    "agreed that this person may see it too."),
    "question_off": _l("This question is not asked for this story. Nothing was sent."),
    "question_too_long": _l("A question can have at most %(max)s characters."),
    "link_kind_invalid": _l("That kind of link does not exist."),
    "link_name_invalid": _l("Fill in the person's name (at most %(max)s characters)."),
    "link_relation_invalid": _l("The relation can have at most %(max)s characters."),
    "link_role_invalid": _l("Choose one of the roles."),
    "link_days_invalid": _l("A link can work for 1 to %(max)s days."),
    "link": _l("This link does not exist."),
    "contribution": _l("This suggestion does not exist (any more)."),
    "contribution_kind_invalid": _l("This kind of suggestion is not possible."),
    "contribution_empty": _l("Write something first."),
    "contribution_too_long": _l("This is too long: at most %(max)s characters, please."),
    "contribution_decided": _l("This suggestion was already handled."),
    "circle_name_invalid": _l("Fill in a name of at most %(max)s characters."),
    "circle_ring_invalid": _l("Choose the inner or the outer circle."),
    "person": _l("This person is not on the map (any more)."),
    "comment_empty": _l("Write your comment first."),
    "agree_name_needed": _l("Type your name to agree."),
    "disagree_reason_needed": _l("Tell us briefly why not yet, so the social worker can talk "
                                 "with you about it."),
    "review_changed": _l("The story changed while you were reading. Read the new version "
                         "first; the changes are marked."),
    "version": _l("This version of the story does not exist, or is no longer kept."),
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
    "password_mismatch": _l("The two passwords are not the same. Type them again."),
    "invite_deactivated": _l("%(name)s is deactivated. Reactivate them first, then make a "
                             "new set-password link."),
    "last_admin": _l("This is the last active admin. Make someone else an admin first, so "
                     "somebody can still manage the accounts."),
    "deactivate_self": _l("You cannot deactivate your own account. Ask another admin."),
    "handover_inactive": _l("%(name)s is deactivated. Choose an active worker."),
    "handover_same": _l("%(name)s owns this story already. Choose another worker."),
    "date_invalid": _l("Fill in a date as year-month-day, for example 2025-03-31."),
    "import_not_zip": _l("This file is not a Storyboard export (not a zip file)."),
    "import_no_story": _l("This zip file holds no story.json, so it is not a Storyboard export."),
    "value_invalid": _l("Something in what was sent could not be read. Nothing was changed."),
    "too_many_panels": _l("A story can have at most %(max)s panels. A shorter book is easier "
                          "for a child: remove or combine a few panels first."),
    "after_invalid": _l("The place for the new panel could not be read. Reload the page and "
                        "try again; nothing was changed."),
    "id_invalid": _l("Something in what was sent could not be read. Nothing was changed."),
    "import_bad_path": _l("This export holds a file with a strange name or a link, so it is "
                          "refused."),
    "import_too_big": _l("This export is too large to import."),
    "import_bad_json": _l("The story in this export is damaged and cannot be read."),
    "import_damaged": _l("This export file is damaged or incomplete. Download or copy it "
                         "again and try once more."),
    "import_encrypted": _l("This export holds a file locked with a password, so it cannot be "
                           "read. Export the story again without a password."),
    "import_compression": _l("This export is packed in a way Storyboard cannot read. Export "
                             "the story again from Storyboard."),
    "import_too_many_panels": _l("This export has more than %(max)s panels, the most a story "
                                 "can have."),
    "backup_failed": _l("The backup could not be checked, so it was not kept. Try again."),
    "oidc_unknown": _l("Your organisation knows you as %(email)s, but Storyboard has no "
                       "account for that address. Ask your Storyboard administrator to make "
                       "one for you."),
    "oidc_deactivated": _l("Your Storyboard account is switched off. Ask your Storyboard "
                           "administrator if you need it again."),
    "oidc_unverified": _l("Your organisation did not confirm the email address of this "
                          "account, so Storyboard cannot tell which account is yours. Ask "
                          "your Storyboard administrator."),
    "oidc_cancelled": _l("Signing in at your organisation was stopped. Nothing has changed: "
                         "try again, or sign in with your email address and password."),
    "oidc_failed": _l("Signing in with your organisation did not work. Try again from the "
                      "sign-in page; if it keeps failing, tell your Storyboard administrator."),
    "oidc_unreachable": _l("Your organisation's sign-in service cannot be reached right now. "
                           "Try again in a few minutes, or sign in with your email address "
                           "and password."),
}

# The codes a link holder can meet on the network and review pages: these sentences are
# translated into every link language (tests/test_link_languages.py checks it).
LINK_CODES = ("comment_empty", "agree_name_needed", "disagree_reason_needed", "review_changed",
              "contribution", "contribution_kind_invalid", "contribution_empty",
              "contribution_too_long", "question_off", "panel", "version", "link", "image",
              "photo_missing", "photo_empty", "photo_too_big", "photo_unsupported", "photo_bomb",
              "photo_broken", "value_invalid", "id_invalid", "voice_missing", "voice_empty",
              "voice_too_big", "voice_unsupported", "voice_broken", "voice_too_long",
              "voice_silent", "voice_no_consent", "voice_language_invalid",
              "voice_speaker_too_long", "voice_not_allowed", "translation_changed")
FALLBACK = _l("Something went wrong. Nothing was changed.")


def message(err):
    """Return the translated sentence for a DomainError."""
    template = MESSAGES.get(err.code)
    if template is None:
        return str(FALLBACK)
    return str(template) % err.params if err.params else str(template)
