"""Turn a story into print HTML with the app's templates and render it, cached."""
import atexit
import threading

from flask import current_app, render_template

from . import printbook, render
from .erasure import story_cache

_lock = threading.Lock()


def renderer(app):
    """Return the app's one renderer, starting it on first use."""
    with _lock:
        if "renderer" not in app.extensions:
            r = render.Renderer(executable=app.config.get("CHROMIUM"),
                                ws_endpoint=app.config.get("BROWSER_WS"),
                                timeout=float(app.config["RENDER_TIMEOUT"]),
                                restart_after=int(app.config["RENDER_RESTART_AFTER"]))
            app.extensions["renderer"] = r
            atexit.register(r.close)
        return app.extensions["renderer"]


def story_html(db, story_id, layout="single", edition="child"):
    """Return the self-contained print HTML of a story (needs an app context)."""
    return render_template("print/book.html", **printbook.context(
        db, story_id, layout, edition, uploads_dir=current_app.config["UPLOAD_DIR"]))


def print_story(app, db, story_id, layout="single", fmt="pdf", edition="child"):
    """Return the story printed as pdf, png or html bytes."""
    html = story_html(db, story_id, layout, edition)
    if fmt == "html":
        return html.encode("utf-8")
    landscape = printbook.layout_info(layout)[2]
    return render.cached(renderer(app), story_cache(app.config["CACHE_DIR"], story_id), html,
                         fmt=fmt, landscape=landscape)


def preview_sheets(app, db, story_id, layout="single", edition="child"):
    """Return the paths of PNG previews, one per printed sheet."""
    html = story_html(db, story_id, layout, edition)
    landscape = printbook.layout_info(layout)[2]
    return render.cached_sheets(renderer(app), story_cache(app.config["CACHE_DIR"], story_id),
                                html, landscape)
