"""What every download of a child's data shares: it is never kept in a cache."""
from flask import abort, current_app, send_file

from .. import uploads
from ..web import get_db


def no_store(response):
    """Forbid every cache, the browser's and any proxy's, to keep this response."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Expires", None)
    response.headers.pop("ETag", None)  # validators only invite a cache to keep a copy
    response.headers.pop("Last-Modified", None)
    return response


def send_outline(story_id, image_id):
    """Send a stored photo outline with safe headers."""
    row = uploads.get(get_db(), story_id, image_id)
    response = send_file(uploads.path_of(current_app.config["UPLOAD_DIR"], row["outline"]),
                         mimetype="image/png", conditional=False, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = 'inline; filename="outline.png"'
    return no_store(response)


def send_voice(voice):
    """Send a stored recording (Ogg/Opus) with safe headers, never cached."""
    from .. import recordings
    path = recordings.path_of(current_app.config["UPLOAD_DIR"], voice["file"])
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="audio/ogg", conditional=False, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = 'inline; filename="voice.ogg"'
    return no_store(response)
