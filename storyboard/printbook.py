"""Arrange a story's panels into printed pages (no Flask; templates do the drawing)."""
from markupsafe import Markup

from . import languages, panels, scenes, stories

LAYOUTS = {
    # name: (page size for @page, panels per page, landscape)
    "single": ("A4 portrait", 1, False),
    "two-up": ("A4 landscape", 2, True),
}


class UnknownLayout(ValueError):
    """The layout is not one we can print."""


def layout_info(layout):
    """Return (page_size, per_page, landscape) for a layout or raise UnknownLayout."""
    if layout not in LAYOUTS:
        raise UnknownLayout(layout)
    return LAYOUTS[layout]


def context(db, story_id, layout="single", second_language=True):
    """Return the template context for printing a story."""
    page_size, per_page, landscape = layout_info(layout)
    story = stories.get(db, story_id)
    items = [_panel(p, story, second_language) for p in panels.for_story(db, story_id)]
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    return {"story": story, "pages": pages, "layout": layout, "page_size": page_size,
            "landscape": landscape, "lang": story["language"],
            "second_dir": languages.direction(story["second_language"])}


def _panel(row, story, second_language):
    return {
        "caption": row["caption"],
        "caption_2": row["caption_2"] if second_language and story["second_language"] else None,
        "svg": Markup(scenes.draw(panels.scene_of(row))) if row["picture"] or row["scene"] else None,
        "section": row["section"],
    }
