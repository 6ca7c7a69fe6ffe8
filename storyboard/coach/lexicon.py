"""The word lists of each language the coach knows, shipped in storyboard/coach/data/."""
import json
from functools import cache
from importlib import resources
from pathlib import Path

from .matching import Matcher

LANGUAGES = ("nl", "en")


def check_lang(lang):
    """Return the language code the coach knows, or raise ValueError."""
    code = lang.strip().lower() if isinstance(lang, str) else None
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    return code


def _read(name):
    """Return the text of a data file shipped in the package."""
    if __package__:
        return resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return (Path(__file__).parent / "data" / name).read_text("utf-8")


def _entries(name, items, field):
    """Return the entries of a JSON word list, each keyed by the phrase it matches."""
    entries = json.loads(_read(name))[items]
    for e in entries:
        e["key"] = e[field]
    return entries


@cache
def lexicon(lang):
    """Load the word lists of one language (once)."""
    jargon = _entries(f"jargon_{lang}.json", "terms", "term")
    child = frozenset(
        w.strip().lower() for w in _read(f"childwords_{lang}.txt").splitlines()
        if w.strip() and not w.lstrip().startswith("#"))
    return {
        "jargon": Matcher(jargon, lang, inflect=True),
        "abstract": Matcher(_entries(f"abstract_{lang}.json", "words", "word"), lang,
                            inflect=True),
        "blame": Matcher(_entries(f"blame_{lang}.json", "phrases", "phrase"), lang,
                         inflect=False),
        "child": child,
        "jargon_terms": jargon,
    }


def jargon_terms(lang):
    """Return the jargon dictionary of a language: a list of {term, also, say}."""
    return [dict(term=e["term"], say=e["say"], also=list(e.get("also", ())))
            for e in lexicon(check_lang(lang))["jargon_terms"]]
