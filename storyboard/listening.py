"""The book speaks: a listen link per story and edition, its QR codes, what it plays."""
import base64
import functools
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import segno
from markupsafe import Markup

from . import audit, links, panels, recordings, stories
from .audit import now
from .errors import NotFound

KIND = "listen"
EDITIONS = ("child", "parents")


def token_for(secret, link):
    """Return a listen link's token: derived from the app's secret, so each print repeats it.

    Only its SHA-256 is stored, as for every link: the database alone cannot open it, and
    revoking the link (a new one is made at the next print) ends every printed code.
    """
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    digest = hmac.new(key, f"{KIND}:{link['id']}:{link['created']}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def current(db, story_id, edition):
    """Return the live listen link of a story's edition, or None."""
    for link in links.for_story(db, story_id, KIND):
        if link["role"] == edition and links.state(link) in ("opened", "not-opened"):
            return link
    return None


def ensure(db, story, edition, secret, months):
    """Return (link, token) for the edition, making the link when there is none."""
    link = current(db, story["id"], edition)
    if link is None:
        expires = datetime.now(UTC) + timedelta(days=31 * months)  # the story's retention
        row = {"story_id": story["id"], "kind": KIND, "name": edition, "relation": "",
               "role": edition, "language": language_of(story, edition),
               "token_hash": "pending", "created": now(),
               "expires": expires.isoformat(timespec="seconds"), "revoked": None,
               "opened": None, "last_used": None, "created_by": None}
        with db.atomic():
            row["id"] = db["links"].insert(row).last_pk
            db["links"].update(row["id"], {"token_hash": links.hash_token(token_for(secret, row))})
            audit.log(db, "print", "listen-link-made", story["id"], f"link:{row['id']}")
        link = links.get(db, row["id"])
    return link, token_for(secret, link)


def language_of(story, edition):
    """Return the language an edition is read in: the parents' second language, if any."""
    if edition == "parents" and story.get("second_language"):
        return story["second_language"]
    return story["language"]


def page_urls(db, story, edition, base_url, secret, months):
    """Return {panel_id: URL} for the pages of an edition that have a chosen recording."""
    heard = recordings.chosen_for(db, story, language_of(story, edition))
    if not heard:
        return {}
    _, token = ensure(db, story, edition, secret, months)
    numbers = {row["id"]: n for n, row in enumerate(panels.for_story(db, story["id"]), start=1)}
    return {pid: f"{links.url(base_url, KIND, token)}/{numbers[pid]}"
            for pid in heard if pid in numbers}


# Choosing the best mask takes segno about 5 ms a code; a book's URLs stay the same from one
# print to the next (token_for), so each code is made once per process.
@functools.lru_cache(maxsize=4096)
def qr_svg(url):
    """Return the QR code of a URL as inline SVG: black on white, its quiet zone kept."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                  svgclass="qr", lineclass=None))


def open_link(db, token):
    """Return (link, story) for a listen token, or raise LinkGone / NotFound."""
    link = links.check(db, token, KIND)
    story = stories.get(db, link["story_id"])
    if story.get("archived"):
        raise links.LinkGone(link)
    return link, story


def book(db, link, story, first=None):
    """Return the pages to play: [(number, caption, voice)], page `first` leading."""
    heard = recordings.chosen_for(db, story, link["language"])
    field = "caption_2" if link["language"] != story["language"] else "caption"
    pages = [(n, row.get(field) or row["caption"], heard[row["id"]])
             for n, row in enumerate(panels.for_story(db, story["id"]), start=1)
             if row["id"] in heard]
    return sorted(pages, key=lambda page: page[0] != first)


def voice(db, link, story, voice_id):
    """Return a chosen recording this listen link plays, or NotFound."""
    for _, _, row in book(db, link, story):
        if row["id"] == voice_id:
            return row
    raise NotFound("voice")


def revoke(db, story_id, link_id, actor):
    """Switch off a listen link: every printed code of that edition stops working."""
    return links.revoke_for_story(db, story_id, link_id, KIND, actor)


def mark_pages(pages, urls, text, text_2=None):
    """Give each printed page with a chosen voice its QR code and the line under it."""
    for page in pages:
        url = urls.get(page.get("panel_id"))
        if url:
            page.update(qr=qr_svg(url), listen=text, listen_2=text_2)
