"""The picture library: manifest, look-up, search and inline SVG."""
import json
import re
from functools import lru_cache

from .config import resource

PANELS_DIR = resource("static", "panels")  # the checkout's static/panels or the wheel's copy
CATEGORIES = ("people", "animals", "places", "objects", "feelings", "nature", "bubbles")


@lru_cache(maxsize=1)
def manifest():
    """Return the parsed manifest.json."""
    return json.loads((PANELS_DIR / "manifest.json").read_text(encoding="utf-8"))


def pictures():
    """Return every picture entry in manifest order."""
    return manifest()["pictures"]


@lru_cache(maxsize=1)
def _by_id():
    return {p["id"]: p for p in pictures()}


def get(picture_id):
    """Return one entry or None."""
    return _by_id().get(picture_id)


def exists(picture_id):
    """Tell whether the id names a library picture."""
    return picture_id in _by_id()


@lru_cache(maxsize=4)
def names(lang):
    """Return the names of every picture and part in one language, by id."""
    return {p["id"]: p["name"][lang] for p in pictures() + parts()}


def search(query, lang="nl"):
    """Return entries whose name or tags contain the query, in either language."""
    q = (query or "").strip().lower()
    if not q:
        return pictures()
    def words(p):
        for code in (lang, "nl", "en"):
            yield p["name"].get(code, "")
            yield from p.get("tags", {}).get(code, [])
    return [p for p in pictures() if any(q in w.lower() for w in words(p))]


def by_category(lang="nl"):
    """Return (category, entries) pairs in the fixed category order."""
    groups = {c: [] for c in CATEGORIES}
    for p in pictures():
        groups.setdefault(p["category"], []).append(p)
    return [(c, sorted(ps, key=lambda p: p["name"][lang])) for c, ps in groups.items() if ps]


def parts():
    """Return the parts for layered figures (bases, head parts, body parts)."""
    return manifest().get("parts", [])


@lru_cache(maxsize=1)
def _parts_by_id():
    return {p["id"]: p for p in parts()}


def part(part_id):
    """Return one part entry or None."""
    return _parts_by_id().get(part_id)


def category(picture_id):
    """Return the category of a picture or a part ('parts'), or None."""
    entry = get(picture_id)
    if entry:
        return entry["category"]
    return "parts" if part(picture_id) else None


@lru_cache(maxsize=512)
def inner_markup(item_id):
    """Return the drawing inside a picture's or part's <svg> root, without its title."""
    entry = get(item_id) or part(item_id)
    if entry is None:
        return ""
    text = (PANELS_DIR / entry["file"]).read_text(encoding="utf-8")
    body = text[text.index(">", text.index("<svg")) + 1:text.rindex("</svg>")]
    return re.sub(r"<title>.*?</title>", "", body, flags=re.S).strip()


@lru_cache(maxsize=256)
def svg_markup(picture_id):
    """Return the picture's SVG element as a string, ready to inline."""
    entry = get(picture_id)
    if entry is None:
        return ""
    text = (PANELS_DIR / entry["file"]).read_text(encoding="utf-8")
    start = text.index("<svg")
    return text[start:].strip()
