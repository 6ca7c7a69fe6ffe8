"""Turn a story into print HTML with the app's templates and render it, cached."""
import atexit
import threading

from flask import current_app, render_template

from .. import interpreting, panels, reviews
from . import book as printbook
from . import browser
from .cache import cached, cached_sheet, cached_sheets, story_cache

_lock = threading.Lock()


def renderer(app):
    """Return the app's one renderer, starting it on first use."""
    with _lock:
        if "renderer" not in app.extensions:
            r = browser.Renderer(executable=app.config.get("CHROMIUM"),
                                ws_endpoint=app.config.get("BROWSER_WS"),
                                timeout=float(app.config["RENDER_TIMEOUT"]),
                                restart_after=int(app.config["RENDER_RESTART_AFTER"]))
            app.extensions["renderer"] = r
            atexit.register(r.close)
        return app.extensions["renderer"]


def story_html(db, story_id, layout="single", edition="child"):
    """Return the self-contained print HTML of a story (needs an app context)."""
    return _book(db, story_id, layout, edition)[0]


def _book(db, story_id, layout, edition):
    """Return the print HTML of a story and the version it was made from."""
    context = printbook.context(db, story_id, layout, edition,
                                uploads_dir=current_app.config["UPLOAD_DIR"],
                                listen=_listen_urls(db, story_id, edition))
    return render_template("print/book.html", **context), context["story"]["version"]


def _listen_urls(db, story_id, edition):
    """Return {panel_id: URL} of the pages whose chosen voice the printed QR code opens."""
    from .. import listening, stories
    config = current_app.config
    return listening.page_urls(db, stories.get(db, story_id), edition, config["BASE_URL"],
                               config["SECRET_KEY"], config["RETENTION_MONTHS"])


def cached_pdf(app, db, story_id, html, version, slot):
    """Return a story document (plan, record) as PDF bytes, cached under its version."""
    return cached(renderer(app), story_cache(app.config["CACHE_DIR"], story_id), html,
                         version=version, keep=printbook.kept_versions(db, story_id), slot=slot)


def print_story(app, db, story_id, layout="single", fmt="pdf", edition="child"):
    """Return the story printed as pdf, png or html bytes."""
    html, version = _book(db, story_id, layout, edition)
    if fmt == "html":
        return html.encode("utf-8")
    landscape = printbook.layout_info(layout)[2]
    return cached(renderer(app), story_cache(app.config["CACHE_DIR"], story_id), html,
                         fmt=fmt, landscape=landscape, version=version,
                         keep=printbook.kept_versions(db, story_id),
                         slot=f"book-{layout}-{edition}")


def preview_sheets(app, db, story_id, layout="single", edition="child"):
    """Return the paths of PNG previews, one per printed sheet."""
    html, version = _book(db, story_id, layout, edition)
    landscape = printbook.layout_info(layout)[2]
    return cached_sheets(renderer(app), story_cache(app.config["CACHE_DIR"], story_id),
                                html, landscape, version=version,
                                keep=printbook.kept_versions(db, story_id),
                                slot=f"sheets-{layout}-{edition}")


def preview_sheet(app, db, story_id, number, layout="single", edition="child"):
    """Return the PNG preview of one printed sheet as soon as it is made, or None."""
    html, version = _book(db, story_id, layout, edition)
    landscape = printbook.layout_info(layout)[2]
    return cached_sheet(renderer(app), story_cache(app.config["CACHE_DIR"], story_id), html,
                        number, landscape, version=version,
                        keep=printbook.kept_versions(db, story_id),
                        slot=f"sheets-{layout}-{edition}",
                        timeout=app.config.get("RENDER_TIMEOUT", 60))


def agreement_record(app, db, story):
    """Return the agreement record of a story as PDF bytes: who agreed to which version."""
    html = render_template("print/record.html", story=story,
                           decisions=reviews.decisions(db, story["id"]),
                           comments=reviews.comments(db, story["id"]),
                           interpreters=interpreting.for_story(db, story["id"]),
                           numbers={p["id"]: i for i, p in
                                    enumerate(panels.for_story(db, story["id"]), start=1)})
    return cached_pdf(app, db, story["id"], html, story["version"], "record")
