"""The Dutch follows the agreed terms (translations/glossary_nl.json) everywhere it is read."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = json.loads((ROOT / "translations" / "glossary_nl.json").read_text("utf-8"))
CATALOG = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
LINK_SOURCES = ("templates/network/", "templates/review/", "templates/link_base.html",
                "storyboard/views/network.py", "storyboard/views/review.py",
                "storyboard/views/linkpages.py", "templates/print/")


@pytest.fixture(scope="module")
def dutch(tmp_path_factory):
    """Return [(Dutch text, is read on link pages)] for every string the code uses."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True)
    catalog = read_po(CATALOG.open("rb"), locale="nl")
    out = []
    for message in read_po(pot.open("rb")):
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found else ""
        for text in (strings if isinstance(strings, tuple) else (strings,)):
            links = any(path.startswith(LINK_SOURCES) for path, _line in message.locations)
            out.append((text, links))
    return out


def library_names():
    manifest = json.loads((ROOT / "static" / "panels" / "manifest.json").read_text("utf-8"))
    for entry in manifest["pictures"] + manifest["parts"]:
        yield entry["name"]["nl"]  # tags are search words: synonyms such as "consulent" help


def offending(text, avoid):
    return [word for word in avoid
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)]


@pytest.mark.parametrize("term", GLOSSARY["terms"], ids=lambda t: t["use"])
def test_the_catalogue_follows_the_glossary(dutch, term):
    bad = [(text, offending(text, term["avoid"])) for text, links in dutch
           if (term["scope"] == "all" or links) and offending(text, term["avoid"])]
    assert bad == []


def test_the_library_names_follow_the_glossary():
    for term in GLOSSARY["terms"]:
        if term["scope"] == "all":
            assert [n for n in library_names() if offending(n, term["avoid"])] == [], term["use"]


def test_link_pages_name_the_worker_plainly(dutch):
    link_texts = [text for text, links in dutch if links]
    assert link_texts, "no link-page strings were found: the source list is out of date"
    assert not any("consulent" in text.lower() for text in link_texts)


def test_the_books_own_words_and_the_starting_questions_follow_the_glossary():
    from storyboard import catalogue, structure
    from storyboard.printing import book as printbook
    prompts = catalogue.translated(structure.PROMPTS, "nl")
    texts = list(catalogue.translated(printbook.BOOK_TEXT, "nl").values()) + list(prompts.values())
    for term in GLOSSARY["terms"]:
        assert [t for t in texts if offending(t, term["avoid"])] == [], term["use"]
    assert "Deze mensen zorgen mee dat ik veilig ben" in texts
    assert any("goed in" in t for t in prompts.values())
