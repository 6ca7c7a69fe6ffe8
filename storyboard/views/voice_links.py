"""Voices on the link pages: a parent or a network member records a page, and hears it."""
from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, request,
                   url_for)
from flask_babel import gettext as _

from .. import recordings, stories
from ..errors import Invalid, NotFound
from ..error_texts import message
from ..web import get_db, wants_json
from . import linkpages
from .downloads import send_voice

bp = Blueprint("voice_links", __name__)
PAGES = {"review": "review.page", "invite": "network.page", "interpret": "interpreter.page"}
bp.after_request(linkpages.private)


def _link(kind):
    """Return the live link of this kind the browser holds, or abort (410 gone, 404)."""
    refused = linkpages.load(kind, None)
    if refused is not None:
        abort(410)
    return linkpages.current()


def _record(kind):
    """Store the holder's recording and go back to their page, under that page."""
    link = _link(kind)
    db = get_db()
    file = request.files.get("audio")
    place = f"page-{str(request.form.get('panel', ''))[:12]}"
    try:
        if file is None:
            raise Invalid("voice_missing")
        recordings.record_for_link(
            db, current_app.config["UPLOAD_DIR"], stories.get(db, link["story_id"]), link,
            request.form.get("panel"), file.read(recordings.voices.MAX_BYTES + 1),
            language=request.form.get("language") or g.get("page_lang") or link["language"],
            consent=request.form.get("consent"), speaker=request.form.get("speaker"))
    except Invalid as err:
        if wants_json():
            return jsonify(ok=False, error=message(err), code=err.code), 400
        flash(message(err), f"error@{place}")
        return redirect(url_for(PAGES[kind]) + f"#said-{place}")
    except NotFound:
        abort(404)
    if wants_json():
        return jsonify(ok=True)
    flash(_("Thank you. %(worker)s will listen to your recording.",
            worker=linkpages.worker()), f"info@{place}")
    return redirect(url_for(PAGES[kind]) + f"#said-{place}")


def _play(kind, voice_id):
    """Send a recording this holder may hear."""
    link = _link(kind)
    try:
        return send_voice(recordings.voice_for_link(get_db(), link, voice_id))
    except NotFound:
        abort(404)


@bp.post("/review/voice")
def review_record():
    """A parent records a page of the story."""
    return _record("review")


@bp.post("/network/voice")
def network_record():
    """A network member records a page shared with them, when the worker allows it."""
    return _record("invite")


@bp.post("/interpret/voice")
def interpret_record():
    """An interpreter reads a page aloud in the family's language."""
    return _record("interpret")


@bp.get("/review/voices/<int:voice_id>.ogg")
def review_play(voice_id):
    """A parent hears a chosen recording, or their own."""
    return _play("review", voice_id)


@bp.get("/network/voices/<int:voice_id>.ogg")
def network_play(voice_id):
    """A network member hears a chosen recording of a page they see, or their own."""
    return _play("invite", voice_id)


@bp.app_template_global()
def link_voices(kind, language):
    """Return {panel_id: url} of the chosen recordings this link's page plays."""
    link = g.get("link")
    if link is None:
        return {}
    db = get_db()
    story = stories.get(db, link["story_id"])
    seen = recordings.seen_panel_ids(db, link)
    endpoint = "voice_links.review_play" if kind == "review" else "voice_links.network_play"
    return {pid: url_for(endpoint, voice_id=v["id"])
            for pid, v in recordings.chosen_for(db, story, language).items() if pid in seen}

