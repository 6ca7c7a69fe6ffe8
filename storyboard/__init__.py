"""Storyboard: a Words and Pictures storyboard builder."""
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, db, languages, web

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(test_config=None):
    """Create and configure the app."""
    # templates/, static/ and translations/: the repository's in a checkout, the
    # package's own copies (storyboard/_site/) in an installed wheel; see config.resource.
    app = Flask(__name__, template_folder=str(config.resource("templates")),
                static_folder=str(config.resource("static")))
    # Defaults, then STORYBOARD_* (app.config.from_prefixed_env), then test_config, each
    # setting checked and turned into its documented type (config.py, README "Settings").
    settings = config.load(app.config, test_config)
    data_dir = Path(settings["DATA_DIR"]).resolve()
    app.instance_path = str(data_dir)
    app.config.from_mapping(
        DATA_DIR=str(data_dir),
        DATABASE=str(data_dir / "storyboard.db"), UPLOAD_DIR=str(data_dir / "uploads"),
        CACHE_DIR=str(data_dir / "cache"),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings.get("SECURE_COOKIES")),
        # Under TLS the __Host- prefix pins the cookie to this host, path / and HTTPS.
        SESSION_COOKIE_NAME="__Host-storyboard" if settings.get("SECURE_COOKIES") else "storyboard",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=int(settings.get("SESSION_HOURS", 12))),
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        # A scene of 200 pen strokes of 2,000 points is about 7.2 MB of JSON, 12 MB encoded.
        MAX_FORM_MEMORY_SIZE=16 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_TRANSLATION_DIRECTORIES=str(config.resource("translations")),
    )
    app.config.update(test_config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(data_dir)

    for sub in ("uploads", "cache"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    database = db.connect(app.config["DATABASE"])
    db.migrate(database)
    database.conn.close()

    proxies = int(app.config.get("PROXIES") or 0)
    if proxies > 0:
        # Trust exactly N proxies' X-Forwarded-For/-Proto; without this setting the
        # headers are ignored, so no client can pick the address its limits count on.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    Babel(app, locale_selector=select_locale)
    _register(app)
    return app


def select_locale():
    """Use the language the person chose, else the browser's, else Dutch."""
    if not has_request_context():
        return "en"  # the command line speaks to operators
    if web.on_link_page():
        return _link_locale()
    chosen = session.get("lang")
    if chosen in languages.INTERFACE_LANGUAGES:
        return chosen
    if g.get("page_lang") in languages.INTERFACE_LANGUAGES:
        return g.page_lang  # a link page speaks the language its person was invited in
    return request.accept_languages.best_match(languages.INTERFACE_LANGUAGES) or "nl"


def _language_name(code):
    """Name a language in the page's own language."""
    return languages.name(code, str(get_locale()))


def _link_locale():
    """Speak the holder's own choice, else their link's language, else their browser's."""
    link = g.get("link")
    for wanted in (session.get("link_lang"), g.get("page_lang"), link and link["language"]):
        if languages.link_language(wanted):
            return languages.link_language(wanted)
    if link is not None:
        return "en"  # a language we have no catalogue for: English around its captions
    return request.accept_languages.best_match(languages.LINK_LANGUAGES) or "nl"


def _register(app):
    from . import cli
    from .views import (auth, circles, editor, errors, history, inbox, interpreter, invites,
                        network, people, photos, plan, prints, records, review, reviews, settings,
                        stories, twofactor)
    from .views import listen, oidc, voice_links, voices
    from .views import admin, handover, health, welcome

    app.teardown_appcontext(web.close_db)
    app.before_request(web.check_csrf)
    app.before_request(web.load_worker)
    app.after_request(_headers)
    app.jinja_env.globals.update(csrf_token=web.csrf_token, form_id=web.form_id,
                                  get_locale=get_locale, text_direction=web.text_direction,
                                  link_languages=languages.link_choices,
                                  on_link_page=web.on_link_page,
                                  language_name=_language_name)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["upperfirst"] = lambda text: text[:1].upper() + text[1:]
    # Worker pages for one story (views/scope.py), the worker's shelf, and the link pages.
    for view in (editor, people, photos, prints, plan, invites, inbox, circles, reviews, history,
                 records, settings, auth, oidc, stories, network, review, interpreter, voices,
                 voice_links, listen, twofactor):
        app.register_blueprint(view.bp)
    for view in (admin, handover, welcome):   # the organisation's accounts (issue 16)
        app.register_blueprint(view.bp)
    app.register_blueprint(health.bp)   # /healthz for a load balancer
    errors.register(app)
    cli.register(app)
    app.add_url_rule("/", endpoint="index", view_func=stories.index)


def _headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SECURE_COOKIES"):
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")
    if g.get("worker") is not None and response.mimetype in ("text/html", "application/json"):
        # Pages about a child must not linger in shared browser caches.
        response.headers["Cache-Control"] = "no-store"
    return response
