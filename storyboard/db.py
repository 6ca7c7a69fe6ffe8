"""sqlite-utils Database per request on g, and the schema migrations."""
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

migrations = Migrations("storyboard")


@migrations()
def create_core_tables(db):
    db["workers"].create({"id": int, "email": str, "name": str, "password_hash": str,
                          "created": str}, pk="id", not_null={"email", "name", "password_hash"})
    db["workers"].create_index(["email"], unique=True)
    db["stories"].create({"id": int, "owner_id": int, "title": str, "child_name": str,
                          "child_age": int, "language": str, "second_language": str,
                          "version": int, "created": str, "updated": str}, pk="id",
                         foreign_keys=[("owner_id", "workers", "id")],
                         not_null={"owner_id", "title", "child_name", "language", "version"},
                         defaults={"version": 1})
    db["stories"].create_index(["owner_id"])
    db["panels"].create({"id": int, "story_id": int, "position": int, "section": str,
                         "caption": str, "caption_2": str, "picture": str, "scene": str,
                         "image_id": int, "shared_with_network": int, "created": str,
                         "updated": str}, pk="id",
                        foreign_keys=[("story_id", "stories", "id")],
                        not_null={"story_id", "position", "section", "caption",
                                  "shared_with_network"},
                        defaults={"shared_with_network": 0})
    db["panels"].create_index(["story_id", "position"])
    db["story_versions"].create({"id": int, "story_id": int, "version": int, "snapshot": str,
                                 "content_hash": str, "worker_id": int, "created": str},
                                pk="id", foreign_keys=[("story_id", "stories", "id")])
    db["story_versions"].create_index(["story_id", "version"], unique=True)
    db["audit"].create({"id": int, "at": str, "actor": str, "story_id": int, "action": str,
                        "detail": str}, pk="id")
    db["audit"].create_index(["story_id"])


@migrations()
def add_panel_kind(db):
    # "draw" panels print an empty frame for the child to draw in.
    db["panels"].add_column("kind", str, not_null_default="picture")


@migrations()
def add_prompts_and_reading_plan(db):
    # A skeleton panel keeps its starting question until the worker writes the caption.
    db["panels"].add_column("prompt", str)
    db["reading_plans"].create({
        "story_id": int, "reader": str, "when_where": str, "others_present": str,
        "copy_keeper": str, "feelings": str, "helps": str, "questions": str, "updated": str,
    }, pk="story_id", foreign_keys=[("story_id", "stories", "id")])


@migrations()
def add_images(db):
    # Uploaded photos: the metadata-free original and its outline, under generated names.
    db["images"].create({"id": int, "story_id": int, "original": str, "outline": str,
                         "detail": int, "faces": int, "uploaded_by": str, "created": str},
                        pk="id", foreign_keys=[("story_id", "stories", "id")])
    db["images"].create_index(["story_id"])


@migrations()
def add_network(db):
    # Capability links (invites now, review links later): only a hash of the token is kept.
    db["links"].create({
        "id": int, "story_id": int, "kind": str, "name": str, "relation": str, "role": str,
        "language": str, "token_hash": str, "created": str, "expires": str, "revoked": str,
        "opened": str, "last_used": str, "created_by": int,
    }, pk="id", foreign_keys=[("story_id", "stories", "id")], not_null={"token_hash", "kind"})
    db["links"].create_index(["token_hash"], unique=True)
    db["contributions"].create({
        "id": int, "story_id": int, "link_id": int, "panel_id": int, "kind": str,
        "question": str, "text": str, "image_id": int, "status": str, "reply": str,
        "created": str, "decided": str,
    }, pk="id", foreign_keys=[("story_id", "stories", "id"), ("link_id", "links", "id")])
    db["contributions"].create_index(["story_id", "status"])
    db["consents"].create({"id": int, "story_id": int, "panel_id": int, "what": str,
                           "who": str, "worker_id": int, "at": str}, pk="id")
    db["consents"].create_index(["story_id"])
    db["panels"].add_column("notes", str)


@migrations()
def add_safety_circles(db):
    # People the worker adds by hand to the network map, beside those invited.
    db["network_people"].create({"id": int, "story_id": int, "name": str, "ring": str,
                                 "created": str}, pk="id",
                                foreign_keys=[("story_id", "stories", "id")])
    db["stories"].add_column("safety_page", int, not_null_default=0)


@migrations()
def add_reviews(db):
    # Parents' comments and their agreement to an exact version (number and content hash).
    db["comments"].create({"id": int, "story_id": int, "link_id": int, "panel_id": int,
                           "version": int, "text": str, "created": str}, pk="id",
                          foreign_keys=[("story_id", "stories", "id"), ("link_id", "links", "id")])
    db["agreements"].create({"id": int, "story_id": int, "link_id": int, "version": int,
                             "content_hash": str, "agreed": int, "name_typed": str,
                             "reason": str, "created": str}, pk="id",
                            foreign_keys=[("story_id", "stories", "id"),
                                          ("link_id", "links", "id")])
    db["comments"].create_index(["story_id"])
    db["agreements"].create_index(["link_id"])


@migrations()
def add_archive(db):
    # Retention: a story can be archived (kept, out of the daily list) before it is erased.
    db["stories"].add_column("archived", str)


@migrations()
def add_image_mode(db):
    # "drawing": the upload is a phone photo of a hand drawing (storyboard/drawing.py).
    db["images"].add_column("mode", str, not_null_default="photo")


# Every table whose ids leave the database: an erased row's id must never name a new row
# (an old cookie or log line would then point at another family's story).
ID_TABLES = ("workers", "stories", "panels", "story_versions", "audit", "images", "links",
             "contributions", "consents", "network_people", "comments", "agreements")


def _ensure_autoincrement(db, table, floor=0):
    """Rebuild a table so its id is AUTOINCREMENT; seed the sequence past every known id."""
    sql = db.execute("select sql from sqlite_master where type = 'table' and name = ?",
                     [table]).fetchone()[0]
    if "AUTOINCREMENT" not in sql.upper():
        marker = re.compile(r'^(\s*)(\[id\]|"id"|id)\s+INTEGER\s+PRIMARY\s+KEY',
                            re.IGNORECASE | re.MULTILINE)
        new_sql, count = marker.subn(r"\1\2 INTEGER PRIMARY KEY AUTOINCREMENT", sql, count=1)
        if count != 1:
            raise RuntimeError(f"cannot find the id column of {table}")
        indexes = [r[0] for r in db.execute(
            "select sql from sqlite_master where type = 'index' and tbl_name = ? "
            "and sql is not null", [table])]
        temp = f"_rebuild_{table}"
        db.execute(new_sql.replace(f'"{table}"', f'"{temp}"', 1))
        db.execute(f'insert into "{temp}" select * from "{table}"')
        db.execute(f'drop table "{table}"')
        db.execute(f'alter table "{temp}" rename to "{table}"')
        for index in indexes:
            db.execute(index)
    top = db.execute(f'select coalesce(max(id), 0) from "{table}"').fetchone()[0]
    seq = max(top, floor)
    db.execute("delete from sqlite_sequence where name = ?", [table])
    db.execute("insert into sqlite_sequence (name, seq) values (?, ?)", [table, seq])


def _highest_in_log(db, prefix):
    """Return the highest id the audit log names as `prefix:N` actors."""
    top = 0
    for (actor,) in db.execute("select distinct actor from audit where actor like ?",
                               [f"{prefix}:%"]):
        tail = actor.split(":", 1)[1]
        if tail.isdigit() and len(tail) < 19:
            top = max(top, int(tail))
    return top


@migrations(transactional=False)
def ids_never_reused(db):
    # The table rebuild must run with foreign keys off (SQLite's documented procedure),
    # which cannot be switched inside a transaction: so this migration holds its own.
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN IMMEDIATE")  # DDL included: all tables rebuilt, or none
    try:
        floors = {"stories": db.execute("select coalesce(max(story_id), 0) from audit"
                                        ).fetchone()[0] or 0,
                  "links": _highest_in_log(db, "link"),
                  "workers": _highest_in_log(db, "worker")}
        for table in ID_TABLES:
            _ensure_autoincrement(db, table, floors.get(table, 0))
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign keys broken by the rebuild: {problems[:3]}")
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@migrations()
def add_sessions_and_failures(db):
    # Worker sessions live on the server, so a sign-out ends a copied cookie too; failure
    # counts live here so every app process shares them. Keys are hashes: fixed size.
    db["worker_sessions"].create({"key_hash": str, "worker_id": int, "started": float,
                                  "seen": float}, pk="key_hash",
                                 foreign_keys=[("worker_id", "workers", "id")])
    db["worker_sessions"].create_index(["worker_id"])
    db["failures"].create({"key_hash": str, "at": float})
    db["failures"].create_index(["key_hash", "at"])
    db["failures"].create_index(["at"])


@migrations()
def add_cast(db):
    # The people of a story, defined once and placed on many pages: a JSON list on the
    # story (cast.py holds its shape), so it lives in every version like the panels.
    db["stories"].add_column("cast", str)


@migrations()
def add_sharing_per_person(db):
    # A panel is shared at all (shared_with_network) and then with everyone invited
    # (audience 'all') or only the people chosen for it (panel_links); a link made for
    # chosen pages (panels_chosen) sees only its own rows. Each person's consent names them.
    db["links"].add_column("panels_chosen", int, not_null_default=0)
    db["panels"].add_column("audience", str, not_null_default="all")
    db["consents"].add_column("link_id", int)
    create_table(db, "panel_links", {"id": int, "story_id": int, "panel_id": int,
                                     "link_id": int, "consent_id": int, "created": str},
                 foreign_keys=[("story_id", "stories", "id"), ("link_id", "links", "id")],
                 not_null={"story_id", "panel_id", "link_id"})
    db["panel_links"].create_index(["panel_id", "link_id"], unique=True)
    db["panel_links"].create_index(["link_id"])
    # What the network page asks: per story, the standard questions on, off or reworded
    # (JSON), and "safe address": nothing about where the family lives.
    db["stories"].add_column("safe_address", int, not_null_default=0)
    db["stories"].add_column("network_questions", str)


@migrations()
def add_translation_provenance(db):
    # Who wrote a second-language caption (an interpreter's link, "link:N") and when.
    db["panels"].add_column("caption_2_by", str)
    db["panels"].add_column("caption_2_at", str)


@migrations()
def add_colleagues(db):
    # A colleague on a story: a viewer reads, an editor works like the owner (colleagues.py).
    create_table(db, "colleagues", {"id": int, "story_id": int, "worker_id": int, "role": str,
                                    "added_by": int, "created": str},
                 foreign_keys=[("story_id", "stories", "id"), ("worker_id", "workers", "id")],
                 not_null={"story_id", "worker_id", "role"})
    db["colleagues"].create_index(["story_id", "worker_id"], unique=True)
    db["colleagues"].create_index(["worker_id"])


def create_table(db, name, columns, **options):
    """Create a table whose integer id is AUTOINCREMENT (never reused)."""
    db[name].create(columns, pk="id", **options)
    _ensure_autoincrement(db, name)


def connect(path):
    """Open the database file with the house settings: WAL, foreign keys, busy timeout."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL, not NORMAL: an acknowledged save must survive a power cut (README).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return Database(conn)


def migrate(db):
    """Apply pending schema migrations, one process at a time."""
    with _migrating(db):
        migrations.apply(db)
    db.execute("PRAGMA foreign_keys = ON")


@contextmanager
def _migrating(db):
    """Hold an exclusive lock on a file beside the database while migrating."""
    # Serving processes starting together on a fresh data directory would each apply the
    # same migrations and fail on each other's tables; the lock makes the later ones wait,
    # then find nothing pending. (No fcntl on Windows: one process serves there.)
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if fcntl is None or not path:  # an in-memory database has no file to lock beside
        yield
        return
    with open(Path(path).with_name(f".{Path(path).name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@migrations()
def add_voices(db):
    # Recorded voices reading a page aloud: who made it, in which language, that the speaker
    # agreed to its use; the worker chooses one per page and language for the book. The file
    # (Ogg/Opus, our own name) lives under uploads/voices/.
    create_table(db, "voices", {"id": int, "story_id": int, "panel_id": int, "language": str,
                                "made_by": str, "speaker": str, "consent": int, "file": str,
                                "duration_ms": int, "bytes": int, "created": str,
                                "chosen": int},
                 foreign_keys=[("story_id", "stories", "id")],
                 not_null={"story_id", "panel_id", "language", "file", "consent"},
                 defaults={"chosen": 0})
    db["voices"].create_index(["story_id", "panel_id"])
    # Whether network members may record pages they see (default: no).
    db["stories"].add_column("network_voices", int, not_null_default=0)


@migrations()
def add_organisation(db):
    # Roles, deactivation, two-factor and set-password invites (issue 16). A deactivated
    # worker keeps their row (the log names them) but cannot sign in.
    db["workers"].add_column("role", str, not_null_default="worker")
    db["workers"].add_column("deactivated", str)
    db["workers"].add_column("last_login", str)
    # The TOTP key, and the last 30-second step used: a code is never accepted twice.
    db["workers"].add_column("totp_secret", str)
    db["workers"].add_column("totp_last_step", int)
    create_table(db, "recovery_codes", {"id": int, "worker_id": int, "code_hash": str,
                                        "used": str},
                 foreign_keys=[("worker_id", "workers", "id")],
                 not_null={"worker_id", "code_hash"})
    db["recovery_codes"].create_index(["worker_id"])
    # A one-time set-password link for an invited worker: only the token's hash is kept.
    create_table(db, "worker_invites", {"id": int, "worker_id": int, "token_hash": str,
                                        "created": str, "expires": str, "used": str,
                                        "created_by": int},
                 foreign_keys=[("worker_id", "workers", "id")],
                 not_null={"worker_id", "token_hash", "expires"})
    db["worker_invites"].create_index(["token_hash"], unique=True)
    db["audit"].create_index(["action", "at"])  # the sign-in and opened-story log


@migrations()
def add_totp_pending(db):
    # The key shown while a worker sets up their authenticator: kept on the server (the
    # session cookie is signed, not encrypted) until a code confirms it.
    db["workers"].add_column("totp_pending", str)
