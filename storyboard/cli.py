"""The `storyboard` command group."""
import functools
import getpass
import os
import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import audit, demo, exchange, stories, workers
from .consent import WHO as CONSENT_WHO
from .errors import DomainError
from .languages import LINK_ALIASES, LINK_LANGUAGES
from .error_texts import message
from .printing import book as printbook
from .printing.browser import FORMATS, RenderError


LINK_LANGUAGE_CHOICES = [*LINK_LANGUAGES, *LINK_ALIASES]  # the languages a link page speaks


def _db():
    from . import db
    return db.connect(current_app.config["DATABASE"])


def plain_errors(command):
    """Report a user's error as one line on stderr with exit status 1, never a traceback."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DomainError as err:
            raise click.ClickException(message(err)) from None
        except (RenderError, OSError) as err:  # a file that cannot be written, a port in use
            raise click.ClickException(_one_line(err)) from None
        except sqlite3.Error as err:
            raise click.ClickException(f"database: {_one_line(err)}") from None
    return run


def _one_line(err):
    """Return an error as one line: the file and the system's reason when there are both."""
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    return " ".join(str(err).split()) or type(err).__name__


def _read_input(path):
    """Return the bytes of an input file, or fail with one line saying why."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise click.ClickException(f"cannot read {path}: {err.strerror}") from None


def _write_output(path, data):
    """Write an output file, or fail with one line saying why."""
    try:
        Path(path).write_bytes(data)
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror}") from None


def _password(prompt=True):
    password = os.environ.get("STORYBOARD_PASSWORD")
    if password or not prompt:
        return password
    if not sys.stdin.isatty():
        raise click.ClickException("set STORYBOARD_PASSWORD or run this in a terminal")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise click.ClickException("the passwords are not the same")
    return password


@click.command("serve")
@with_appcontext
@click.option("--port", type=int, default=lambda: os.environ.get("PORT", "5000"))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--threads", type=int, default=8, show_default=True, help="threads per process")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="more than 1: gunicorn processes sharing the database and the render cache")
@plain_errors
def serve(port, host, threads, processes):
    """Serve the app: waitress in this process, or gunicorn with several processes."""
    import gc
    started = f"Storyboard is running on http://{host}:{port}/  (Ctrl+C stops it)"
    if processes > 1:  # gunicorn (POSIX only): each process makes its own app (serving.py)
        from . import serving
        serving.serve(_create_app, host, port, processes, threads,
                      on_ready=lambda: click.echo(started))
        return
    from waitress import serve as waitress_serve
    # What start-up made (the app, its templates, the library) lives as long as the process:
    # keep it out of the cycle collector, whose full passes otherwise stall large saves.
    gc.collect()
    gc.freeze()
    click.echo(started)
    waitress_serve(current_app._get_current_object(), host=host, port=port, threads=threads,
                   ident="storyboard")


@click.command("init-db")
@with_appcontext
@plain_errors
def init_db():
    """Create or upgrade the database in the data directory."""
    _db().conn.close()  # create_app has applied the migrations already
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("demo")
@with_appcontext
@plain_errors
def load_demo():
    """Create the demo worker and the demo story (idempotent); print the story id last."""
    db = _db()
    login = Path(current_app.config["DATA_DIR"]) / "demo-login.txt"
    worker, password = demo.ensure_worker(db, _password(prompt=False))
    story_id = demo.ensure_story(db, worker["id"])
    if password:
        login.write_text(f"{demo.EMAIL}\n{password}\n")
        login.chmod(0o600)
    elif login.exists():
        password = login.read_text().split("\n")[1]
    click.echo(f"Demo login: {demo.EMAIL}")
    click.echo(f"Password: {password}" if password else "Password: unchanged")
    click.echo(story_id)


@click.command("render")
@with_appcontext
@click.argument("story_id", type=int)
@click.option("--out", "out", required=True, type=click.Path())
@click.option("--layout", type=click.Choice(["single", "two-up", "booklet"]), default="single")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf")
@click.option("--edition", type=click.Choice(printbook.EDITIONS), default="child",
              help="parents: both languages under each picture")
@plain_errors
def render_story(story_id, out, layout, fmt, edition):
    """Print a story to a PDF, PNG or HTML file."""
    from .printing import print_story
    db = _db()
    stories.get(db, story_id)
    printbook.layout_info(layout)
    data = print_story(current_app, db, story_id, layout=layout, fmt=fmt, edition=edition)
    _write_output(out, data)
    audit.log(db, "cli", "printed", story_id, f"layout:{layout}")
    click.echo(f"Wrote {out} ({len(data)} bytes)")


@click.command("backup")
@with_appcontext
@click.argument("out", type=click.Path())
@plain_errors
def backup(out):
    """Copy the database with SQLite's online backup API and check the copy."""
    db = _db()
    try:
        counts = exchange.backup(db, out)
    except sqlite3.Error as err:  # the copy is made by SQLite itself, not by Python's open()
        raise click.ClickException(f"cannot write {out}: {_one_line(err)}") from None
    click.echo(f"Backup written to {out} and checked: {sum(counts.values())} rows in "
               f"{len(counts)} tables, integrity ok")


@click.command("export")
@with_appcontext
@click.argument("story_id", type=int)
@click.argument("out", type=click.Path())
@plain_errors
def export(story_id, out):
    """Export a story as a zip holding story.json and its images."""
    db = _db()
    stories.get(db, story_id)
    _write_output(out, exchange.export_story(db, story_id, current_app.config["UPLOAD_DIR"]))
    audit.log(db, "cli", "exported", story_id)
    click.echo(f"Exported story {story_id} to {out}")


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path())
@click.option("--owner", help="email of the worker who gets the story (default: the first)")
@plain_errors
def import_(path, owner):
    """Import an export zip as a new story; print the new story id last."""
    db = _db()
    worker = workers.by_email(db, owner) if owner else next(
        iter(db.query("select * from workers order by id limit 1")), None)
    if worker is None:
        raise click.ClickException("no such worker; create one first with create-worker")
    story_id = exchange.import_story(db, _read_input(path), worker["id"],
                                     current_app.config["UPLOAD_DIR"])
    audit.log(db, "cli", "story-imported", story_id)
    click.echo(f"Imported for {worker['email']}")
    click.echo(story_id)


@click.command("erase")
@with_appcontext
@click.argument("story_id", type=int)
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@plain_errors
def erase(story_id, yes):
    """Erase a story and everything that belongs to it."""
    db = _db()
    story = stories.get(db, story_id)
    if not yes:
        click.confirm(f"Erase the story “{story['title']}” for good?", abort=True)
    from . import erasure
    erasure.erase(db, story_id, current_app.config["UPLOAD_DIR"], current_app.config["CACHE_DIR"],
                  "cli")
    click.echo(f"Erased story {story_id}")


@click.command("check-text")
@with_appcontext
@click.option("--lang", type=click.Choice(["nl", "en"]), required=True)
@click.option("--age", type=click.IntRange(0, 18), default=6, show_default=True)
@click.option("--child", "child", default=None, help="The child's name, to find blame on them.")
@click.argument("text")
def check_text(lang, age, child, text):
    """Check a caption for a young child; print the coach's JSON."""
    import json

    from . import coach
    result = coach.check_text(text, lang, age, names=[child] if child else (),
                              child=child or ())
    click.echo(json.dumps({"ok": result["ok"], "score": result["score"],
                           "level": result.get("level"), "issues": result["issues"]},
                          ensure_ascii=False))


@click.command("lineart")
@click.argument("source", type=click.Path())
@click.argument("out", type=click.Path())
@click.option("--detail", type=click.IntRange(1, 5), default=3, show_default=True)
@click.option("--mode", type=click.Choice(["photo", "drawing"]), default="photo",
              show_default=True, help="drawing: a phone photo of a hand drawing on paper")
@plain_errors
def lineart_command(source, out, detail, mode):
    """Turn a photo (or a photographed drawing) into a two-level colouring outline PNG."""
    from . import lineart
    data = _read_input(source)
    try:
        png, _, faces = lineart.convert(data, detail, mode)
    except lineart.PhotoError as err:
        raise click.ClickException(PHOTO_ERRORS.get(err.code, err.code)) from None
    _write_output(out, png)
    if faces:
        click.echo(f"{len(faces)} face(s) found and left blank: draw people as figures instead.",
                   err=True)
    click.echo(f"Wrote {out}")


PHOTO_ERRORS = {
    "photo_empty": "the file is empty",
    "photo_too_big": "the file is too large (more than 30 MB)",
    "photo_unsupported": "this is not a JPEG, PNG, WebP or HEIC photo",
    "photo_bomb": "the image has too many pixels to open safely",
    "photo_broken": "the photo is damaged or incomplete and cannot be read",
}


@click.command("invite")
@with_appcontext
@click.argument("story_id", type=int)
@click.option("--name", required=True)
@click.option("--relation", default="")
@click.option("--role", type=click.Choice(["family", "friend", "school", "police", "professional",
                                           "trusted-person", "interpreter"]), required=True,
              help="interpreter: every page, to write the captions in --language "
                   "(the family's agreement is recorded: --consent-by, default parents)")
@click.option("--days", type=click.IntRange(1, 90), default=30, show_default=True)
@click.option("--language", type=click.Choice(LINK_LANGUAGE_CHOICES, case_sensitive=False),
              default="nl", show_default=True, help="the language of their page")
@click.option("--panels", default=None, metavar="1,3",
              help="only these pages, numbered as in the editor and the printed book "
                   "(default: every page shared with the network)")
@click.option("--consent-by", type=click.Choice(list(CONSENT_WHO)), default=None,
              help="who in the family agreed; needed for pages not shared with everyone invited")
@plain_errors
def invite(story_id, name, relation, role, days, language, panels, consent_by):
    """Invite a network member or an interpreter; print the link (shown only now)."""
    from . import interpreting, links, network
    db = _db()
    stories.get(db, story_id)
    if role == "interpreter":
        token, _link = interpreting.invite(
            db, story_id, {"name": name, "relation": relation, "language": language,
                           "days": days}, None, "cli", consent_by=consent_by or "parents")
        click.echo(f"Recorded: {consent_by or 'parents'} agreed to an interpreter.", err=True)
        click.echo(links.url(current_app.config["BASE_URL"], interpreting.KIND, token))
        return
    token, link = network.invite(db, story_id, {"name": name, "relation": relation, "role": role,
                                                "language": language, "days": days},
                                 None, "cli", pages=panels, consent_by=consent_by)
    if role == "police":
        click.echo("Note: police officers may have to record offences they hear about.", err=True)
    click.echo(links.url(current_app.config["BASE_URL"], "invite", token))


@click.command("share")
@with_appcontext
@click.argument("story_id", type=int)
@click.option("--name", required=True)
@click.option("--language", default=None,
              help="the language the parent reads (default: the story's); the page speaks "
                   "it when it is one of the link languages, else English")
@click.option("--days", type=click.IntRange(1, 90), default=30, show_default=True)
@plain_errors
def share(story_id, name, language, days):
    """Make a review link for a parent; print its URL (shown only now)."""
    from . import languages, links
    db = _db()
    story = stories.get(db, story_id)
    if language and not languages.is_valid(languages.normalise(language)):
        raise click.BadParameter(f"unknown language code {language!r}", param_hint="--language")
    token, link = links.make(db, story_id, "review", name,
                             language=language or story["language"], days=days)
    audit.log(db, "cli", "review-link-created", story_id, f"link:{link['id']}")
    click.echo(links.url(current_app.config["BASE_URL"], "review", token))


@click.command("revoke")
@with_appcontext
@click.argument("url_or_id")
@plain_errors
def revoke(url_or_id):
    """Switch off an invite or review link, given its URL, token or id."""
    from . import links
    db = _db()
    link = links.find(db, url_or_id)
    links.revoke(db, link["id"])
    audit.log(db, "cli", f"{link['kind']}-revoked", link["story_id"], f"link:{link['id']}")
    click.echo(f"Revoked link {link['id']} ({link['name']})")


@click.command("colleague")
@with_appcontext
@click.argument("story_id", type=int)
@click.argument("email")
@click.option("--role", type=click.Choice(["viewer", "editor"]), default="viewer",
              show_default=True, help="viewer reads only; editor works like the owner")
@click.option("--remove", is_flag=True, help="take the colleague off the story")
@plain_errors
def colleague(story_id, email, role, remove):
    """Give a colleague a role on a story, or take it away."""
    from . import colleagues
    db = _db()
    stories.get(db, story_id)
    if remove:
        worker = colleagues.remove(db, story_id, email, None)
        click.echo(f"{worker['email']} no longer has access to story {story_id}.")
        return
    worker = colleagues.add(db, story_id, email, role, None)
    click.echo(f"{worker['email']} is {role} on story {story_id}.")


COMMANDS = (serve, init_db, load_demo, render_story, backup, export, import_,
            erase, check_text, lineart_command, invite, share, revoke, colleague)


def register(app):
    """Add the commands to the app's CLI."""
    from . import cli_workers
    for command in COMMANDS + cli_workers.COMMANDS:
        app.cli.add_command(command)


def _create_app():
    from . import config, create_app
    try:
        return create_app()
    except config.SettingError as err:  # a STORYBOARD_* value of the wrong type
        raise click.ClickException(str(err)) from None
    except (OSError, sqlite3.Error) as err:  # e.g. a data directory that cannot be written
        raise click.ClickException(f"cannot open the data directory: {_one_line(err)}") from None


main = FlaskGroup(create_app=_create_app, add_default_commands=False,
                  help="Storyboard: Words and Pictures storyboard builder.")
