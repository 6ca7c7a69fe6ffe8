"""The strings a link holder can meet: extracted from the link pages and the code they use."""
import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from storyboard import error_texts
from storyboard.printing.book import BOOK_TEXT

ROOT = Path(__file__).resolve().parent.parent
# The network and review pages, their error pages and flashes, and the agreement record.
TEMPLATES = ("link_base.html", "_link_language.html", "_flashes.html", "_said.html",
             "network/page.html", "network/gone.html", "network/unknown.html", "network/bye.html",
             "review/page.html", "review/_picture.html", "errors/error.html", "print/record.html",
             "interpreter/page.html")
CODE = ("storyboard/views/network.py", "storyboard/views/review.py",
        "storyboard/views/linkpages.py", "storyboard/views/errors.py",
        "storyboard/views/voice_links.py", "storyboard/views/interpreter.py")
KEYWORDS = dict(DEFAULT_KEYWORDS, _l=None)
USES = re.compile(r"""{%-?\s*(?:include|import|from|extends)\s+["']([^"']+)["']""")


def _ids(method, path):
    options = {"extensions": "jinja2.ext.do"} if method == "jinja2" else {}
    for _line, message, _comments, _context in extract_from_file(method, str(path), KEYWORDS,
                                                                 options=options):
        yield message


def templates():
    """Return the link templates and every template they include or import, recursively."""
    seen, todo = set(), list(TEMPLATES)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += USES.findall((ROOT / "templates" / name).read_text(encoding="utf-8"))
    return sorted(seen)


def link_msgids():
    """Return every msgid a link page, its errors or the parents' print can show."""
    found = set()
    for name in templates():
        found.update(_ids("jinja2", ROOT / "templates" / name))
    for name in CODE:
        found.update(_ids("python", ROOT / name))
    found.update(error_texts.MESSAGES[code]._args[0] for code in error_texts.LINK_CODES)
    found.add(error_texts.FALLBACK._args[0])
    found.update(BOOK_TEXT.values())
    return found
