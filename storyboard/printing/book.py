"""Arrange a story into the pages of a colouring book and onto printed sheets (no Flask)."""
import base64
from pathlib import Path

from markupsafe import Markup

from .. import cast, circles, languages, listening, panels, scenes, stories
from ..catalogue import N_, translated

# name: sheet size for @page, logical pages per sheet, landscape, imposed for folding
LAYOUTS = {
    "single": ("A4 portrait", 1, False, False),
    "two-up": ("A4 landscape", 2, True, False),
    "booklet": ("A4 landscape", 2, True, True),
}
EDITIONS = ("child", "parents")

# Words printed in the book itself: in the story's language, not the interface's
# (read with catalogue.translated; the Dutch is in messages.po).
BOOK_TEXT = {"belongs": N_("This book belongs to {name}"), "draw_self": N_("Draw yourself here"),
             "questions": N_("My questions"),
             "draw_free": N_("You can draw something here yourself."),
             "circles": N_("These people help keep me safe"), "me": N_("Me"),
             "listen": N_("Scan to hear this page")}


class UnknownLayout(ValueError):
    """The layout is not one we can print."""


def layout_info(layout):
    """Return (sheet_size, per_sheet, landscape, imposed) for a layout or raise UnknownLayout."""
    if layout not in LAYOUTS:
        raise UnknownLayout(layout)
    return LAYOUTS[layout]


def kept_versions(db, story_id):
    """Return the versions whose renders stay cached: the current one and every agreed one."""
    rows = db.execute("select version from stories where id = ? union "
                      "select version from agreements where story_id = ? and agreed = 1",
                      [story_id, story_id]).fetchall()
    return {int(row[0]) for row in rows if row[0] is not None}


def photo_uri(db, uploads_dir, image_id):
    """Return a photo outline as a data: URI, so print HTML stays self-contained."""
    if not image_id or not uploads_dir:
        return None
    rows = list(db["images"].rows_where("id = ?", [image_id], limit=1))
    if not rows:
        return None
    path = Path(uploads_dir) / rows[0]["outline"]
    if not path.exists():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def book_pages(story, rows, edition="child", photos=None, rings=None):
    """Return the logical pages: cover, one per panel, the circles, my questions; numbered."""
    photos = photos or {}
    text = translated(BOOK_TEXT, story["language"])
    two = edition == "parents" and story["second_language"]
    members = cast.of_story(story)
    other = _second_words(story) if edition == "parents" else {}
    pages = [{"type": "cover", "title": story["title"],
              "belongs": text["belongs"].format(name=story["child_name"]),
              "belongs_2": other.get("belongs", "").format(name=story["child_name"]),
              "draw_self": text["draw_self"], "draw_self_2": other.get("draw_self")}]
    for row in rows:
        draw = row.get("kind") == "draw"
        pages.append({
            "type": "draw" if draw else "panel", "caption": row["caption"], "panel_id": row["id"],
            "caption_2": row["caption_2"] if two else None,
            "svg": None if draw else Markup(scenes.draw(panels.scene_of(row), cast=members,
                                                        background=photos.get(row["id"])))})
    if rings is not None:
        pages.append({"type": "circles", "title": text["circles"], "title_2": other.get("circles"),
                      "svg": Markup(circles.draw(text["me"], rings))})
    pages.append({"type": "questions", "title": text["questions"],
                  "title_2": other.get("questions")})
    return _numbered(pages)


def _second_words(story):
    """Return the book's own words in the parents' language, when it is another link language."""
    second = languages.link_language(story["second_language"])
    if not second or second == story["language"]:
        return {}
    return translated(BOOK_TEXT, second)


def pad_for_booklet(pages, story_language="nl"):
    """Insert draw-it-yourself pages before the last page until the count is a multiple of 4."""
    text = translated(BOOK_TEXT, story_language)
    pages = [dict(p) for p in pages]
    while len(pages) % 4:
        pages.insert(len(pages) - 1, {"type": "draw", "caption": text["draw_free"],
                                      "caption_2": None, "svg": None})
    return _numbered(pages)


def _numbered(pages):
    for number, page in enumerate(pages, start=1):
        page["number"] = number
    return pages


def imposition(count):
    """Return the saddle-stitch order: per sheet side, the (left, right) page numbers.

    Sides alternate front and back of each sheet; printed double-sided (flip on the short
    edge), stacked and folded, the pages read 1..count.
    """
    if count % 4:
        raise ValueError("a booklet needs a multiple of 4 pages")
    sides = []
    for sheet in range(count // 4):
        sides.append((count - 2 * sheet, 2 * sheet + 1))
        sides.append((2 * sheet + 2, count - 2 * sheet - 1))
    return sides


def sheets(pages, layout):
    """Place logical pages onto printed sheet sides for a layout."""
    _, per_sheet, _, imposed = layout_info(layout)
    if imposed:
        by_number = {p["number"]: p for p in pages}
        return [[by_number[left], by_number[right]] for left, right in imposition(len(pages))]
    return [pages[i:i + per_sheet] for i in range(0, len(pages), per_sheet)]


def context(db, story_id, layout="single", edition="child", uploads_dir=None, listen=None):
    """Return the template context for printing a story."""
    sheet_size, per_sheet, landscape, imposed = layout_info(layout)
    if edition not in EDITIONS:
        raise ValueError(edition)
    story = stories.get(db, story_id)
    rows = panels.for_story(db, story_id)
    photos = {r["id"]: photo_uri(db, uploads_dir, r.get("image_id")) for r in rows
              if r.get("image_id")}
    rings = circles.people(db, story_id) if story.get("safety_page") else None
    pages = book_pages(story, rows, edition, photos, rings)
    if listen:  # {panel_id: URL}: a QR code in the corner of each page with a chosen voice
        listening.mark_pages(pages, listen, translated(BOOK_TEXT, story["language"]).get(
            "listen", "Scan to hear this page"),
            (_second_words(story) if edition == "parents" else {}).get("listen"))
    if imposed:
        pages = pad_for_booklet(pages, story["language"])
    return {"story": story, "sheets": sheets(pages, layout), "layout": layout,
            "sheet_size": sheet_size, "half": per_sheet == 2, "landscape": landscape,
            "page_count": len(pages), "lang": story["language"], "edition": edition,
            "second_dir": languages.direction(story["second_language"])}
