"""Capability links (network invites, parents' review links): make, hash, check, revoke."""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from . import audit
from .audit import now
from .errors import Invalid, NotFound

KINDS = ("invite", "review", "interpret")
ROLES = ("family", "friend", "school", "police", "professional", "trusted-person")
DEFAULT_DAYS, MAX_DAYS = 30, 90
NAME_MAX, RELATION_MAX = 80, 80


class LinkGone(Exception):
    """The link was revoked or has expired (410); unknown links are NotFound (404)."""

    def __init__(self, link):
        super().__init__("link_gone")
        self.link = link


PATHS = {"invite": "i", "review": "r", "interpret": "t"}
# The printed book's QR codes open a listen link (listening.py): one per story and edition.
KINDS += ("listen",)
PATHS["listen"] = "l"


def url(base_url, kind, token):
    """Return a link's full address: the token is the last path segment."""
    return f"{base_url.rstrip('/')}/{PATHS[kind]}/{token}"


def hash_token(token):
    """Return the stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make(db, story_id, kind, name, relation="", role="family", language="nl", days=DEFAULT_DAYS,
         created_by=None):
    """Create a link and return (token, row); the token itself is never stored."""
    name = " ".join((name or "").split())
    relation = " ".join((relation or "").split())
    if kind not in KINDS:
        raise Invalid("link_kind_invalid")
    if not name or len(name) > NAME_MAX:
        raise Invalid("link_name_invalid", max=NAME_MAX)
    if len(relation) > RELATION_MAX:
        raise Invalid("link_relation_invalid", max=RELATION_MAX)
    if kind == "invite" and role not in ROLES:
        raise Invalid("link_role_invalid")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise Invalid("link_days_invalid", max=MAX_DAYS) from None
    if not 1 <= days <= MAX_DAYS:
        raise Invalid("link_days_invalid", max=MAX_DAYS)
    token = secrets.token_urlsafe(32)  # 256 bits
    expires = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
    row = {"story_id": story_id, "kind": kind, "name": name, "relation": relation,
           "role": role if kind == "invite" else None, "language": _language(kind, language),
           "token_hash": hash_token(token), "created": now(),
           "expires": expires, "revoked": None, "opened": None, "last_used": None,
           "created_by": created_by}
    row["id"] = db["links"].insert(row).last_pk
    return token, row


def _language(kind, language):
    """Invites speak a link language; a parent may read the story in any language it carries."""
    from . import languages
    code = languages.normalise(language) or "nl"
    if kind == "invite":
        return languages.link_language(code) or "nl"
    return code if languages.is_valid(code) else "nl"


def check(db, token, kind):
    """Return the live link for a token, raise LinkGone (410) or NotFound (404)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 200:
        raise NotFound("link")
    rows = list(db["links"].rows_where("token_hash = ? and kind = ?", [hash_token(token), kind],
                                       limit=1))
    if not rows:
        raise NotFound("link")
    return live(rows[0])


def live(link):
    """Return the link if it is neither revoked nor expired, else raise LinkGone."""
    if link["revoked"] or link["expires"] <= now():
        raise LinkGone(link)
    return link


def get(db, link_id, kind=None):
    """Return a link row by id (any state) or raise NotFound."""
    rows = list(db["links"].rows_where("id = ?", [link_id], limit=1))
    if not rows or (kind and rows[0]["kind"] != kind):
        raise NotFound("link")
    return rows[0]


def session_value(link):
    """Return what a browser keeps of a link: what proves the link and its story, no token."""
    return {"link": link["id"], "story": link["story_id"], "hash": link["token_hash"]}


def held(db, value, kind):
    """Return the link a browser's session value names, if it still is that link of that story."""
    if not isinstance(value, dict):
        raise NotFound("link")
    link_id, story_id, token_hash = value.get("link"), value.get("story"), value.get("hash")
    if not (isinstance(link_id, int) and isinstance(story_id, int)
            and isinstance(token_hash, str)) or abs(link_id) > 2**62:
        raise NotFound("link")
    rows = list(db.query("select * from links where id = ? and story_id = ? and kind = ? "
                         "and token_hash = ?", [link_id, story_id, kind, token_hash]))
    if not rows:
        raise NotFound("link")
    return rows[0]


def touch(db, link):
    """Record that the link was used now (and opened, the first time)."""
    fields = {"last_used": now()}
    if not link["opened"]:
        fields["opened"] = fields["last_used"]
    db["links"].update(link["id"], fields)
    return dict(link, **fields)


def revoke(db, link_id):
    """Revoke a link at once."""
    db["links"].update(link_id, {"revoked": now()})


def revoke_for_story(db, story_id, link_id, kind, actor):
    """Switch off a link of this story and log it; return the link, or NotFound."""
    link = get(db, link_id, kind)
    if link["story_id"] != story_id:
        raise NotFound("link")
    with db.atomic():
        revoke(db, link_id)
        audit.log(db, actor, {"invite": "invite-revoked", "review": "review-link-revoked"}.get(
            kind, f"{kind}-link-revoked"), story_id, f"link:{link_id}")
    return link


def find(db, url_or_id):
    """Return the link named by a URL (its token is the last segment), a token, or an id."""
    text = (url_or_id or "").strip().rstrip("/")
    if text.isdigit():
        return get(db, int(text))
    token = text.rsplit("/", 1)[-1]
    rows = list(db["links"].rows_where("token_hash = ?", [hash_token(token)], limit=1))
    if not rows:
        raise NotFound("link")
    return rows[0]


def for_story(db, story_id, kind):
    """Return a story's links of one kind, newest first, with contribution counts."""
    return list(db.query(
        "select l.*, (select count(*) from contributions c where c.link_id = l.id) "
        "as contributions "
        "from links l where l.story_id = ? and l.kind = ? order by l.id desc", [story_id, kind]))


def state(link):
    """Return 'revoked', 'expired', 'opened' or 'not-opened'."""
    if link["revoked"]:
        return "revoked"
    if link["expires"] <= now():
        return "expired"
    return "opened" if link["opened"] else "not-opened"
