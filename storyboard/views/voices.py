"""Voices in the editor: record or upload a page read aloud, play, choose, delete."""
from flask import current_app, flash, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from .. import listening, recordings
from ..errors import Invalid
from ..printing.cache import forget_renders
from ..web import actor, get_db, reply_error, wants_json
from .downloads import send_voice
from .scope import story_blueprint
from .shared import editor_at

bp = story_blueprint("voices", __name__)


def _uploads():
    return current_app.config["UPLOAD_DIR"]


def voice_url(voice):
    """Return where the worker plays a recording."""
    return url_for("voices.play", voice_id=voice["id"])


@bp.post("/panels/<int:panel_id>/voice")
def upload(story_id, panel_id):
    """Store a recording of a page, transcoded to Ogg/Opus."""
    file = request.files.get("audio")
    if file is None:
        return reply_error(Invalid("voice_missing"), 400, editor_at(panel_id))
    try:
        voice = recordings.record(
            get_db(), _uploads(), g.story, panel_id, file.read(recordings.voices.MAX_BYTES + 1),
            language=request.form.get("language"), consent=request.form.get("consent"),
            speaker=request.form.get("speaker"), made_by=actor())
    except Invalid as err:
        return reply_error(err, 400, editor_at(panel_id))
    if wants_json():
        return jsonify(ok=True, id=voice["id"], url=voice_url(voice),
                       duration_ms=voice["duration_ms"])
    flash(_("The recording is kept. Choose it for the book when it sounds right."), "info")
    return redirect(editor_at(panel_id))


@bp.get("/voices/<int:voice_id>.ogg")
def play(story_id, voice_id):
    """Send one of this story's recordings."""
    return send_voice(recordings.get(get_db(), story_id, voice_id))


@bp.post("/voices/<int:voice_id>/choose")
def choose(story_id, voice_id):
    """Make a recording the book's for its page and language, or take it out."""
    voice = recordings.choose(get_db(), story_id, voice_id, actor(),
                              on=request.form.get("chosen", "1") == "1")
    forget_renders(current_app.config["CACHE_DIR"], story_id)  # the QR codes change
    if wants_json():
        return jsonify(ok=True, chosen=voice["chosen"])
    flash(_("The book now uses this recording.") if voice["chosen"]
          else _("The book no longer uses this recording."), "info")
    return redirect(editor_at(voice["panel_id"]))


@bp.post("/voices/<int:voice_id>/delete")
def delete(story_id, voice_id):
    """Delete a recording and its file."""
    voice = recordings.get(get_db(), story_id, voice_id)
    recordings.delete(get_db(), _uploads(), story_id, voice_id, actor())
    forget_renders(current_app.config["CACHE_DIR"], story_id)
    if wants_json():
        return jsonify(ok=True)
    flash(_("The recording is deleted."), "info")
    return redirect(editor_at(voice["panel_id"]))


@bp.post("/voices/network")
def network_setting(story_id):
    """Let the network record the pages they see, or not (default: not)."""
    recordings.set_network_voices(get_db(), story_id, request.form.get("allowed") == "1", actor())
    flash(_("Saved."), "info")
    return redirect(editor_at())


@bp.app_template_global()
def editor_voices(panel_id):
    """Return a page's recordings for the editor, each with the address that plays it."""
    if g.get("story") is None:
        return []
    return [dict(v, url=voice_url(v))
            for v in recordings.for_panel(get_db(), g.story["id"], panel_id)]


@bp.app_template_global()
def listen_links():
    """Return the story's live listen links (the printed QR codes), for the print page."""
    if g.get("story") is None:
        return []
    return [link for edition in listening.EDITIONS
            if (link := listening.current(get_db(), g.story["id"], edition))]


@bp.post("/listen/<int:link_id>/revoke")
def revoke_listen(story_id, link_id):
    """Switch off a printed edition's QR codes; the next print makes new ones."""
    listening.revoke(get_db(), story_id, link_id, actor())
    forget_renders(current_app.config["CACHE_DIR"], story_id)
    flash(_("These QR codes no longer work. Print the book again for new ones."), "info")
    return redirect(url_for("prints.dialog"))
