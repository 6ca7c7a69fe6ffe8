"""Every user-facing string is translated into Dutch."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def extracted(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True)
    return read_po(pot.open("rb"))


def test_every_extracted_string_has_a_dutch_translation(tmp_path):
    catalog = read_po(CATALOG.open("rb"), locale="nl")
    missing = []
    for message in extracted(tmp_path):
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found else None
        if isinstance(strings, tuple):
            strings = all(strings)
        if not found or not strings or found.fuzzy:
            missing.append(message.id)
    assert missing == []


def test_placeholders_survive_translation():
    for message in read_po(CATALOG.open("rb"), locale="nl"):
        if not message.id or isinstance(message.id, tuple):
            continue
        for name in ("%(max)s", "%(length)s", "%(name)s", "%(age)s", "%(title)s", "%(lang)s",
                     "%(num)s", "%(total)s", "%(n)s", "%(min)s"):
            assert (name in message.id) == (name in message.string), message.id


def test_brace_fields_survive_translation():
    """The coach's and the book's texts are filled in with str.format: {w}, {age}, {child}."""
    for message in read_po(CATALOG.open("rb"), locale="nl"):
        if message.id and "python-brace-format" in message.flags:
            assert (set(re.findall(r"{\w*}", message.id))
                    == set(re.findall(r"{\w*}", message.string))), message.id


def test_english_interface_when_the_browser_asks_for_it(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign in" in page and "Aanmelden" not in page
