"""Language coach: flags words and sentences a young child will not follow (no Flask).

The main entry point is :func:`check_text`, which looks at one caption and returns the
issues the editor underlines::

    check_text("Lotte gaat naar de jeugdrechter.", "nl", age=6, names=["Lotte"])
    -> {"ok": False, "score": 79.0, "level": "gemakkelijk voor 6 jaar",
        "issues": [{"kind": "jargon", "text": "jeugdrechter", "message": "...",
                    "suggestion": "de rechter voor kinderen, die beslist welke hulp er komt"}]}

Every issue's ``text`` is an exact substring of the caption. Each issue also has
``spans``: ``[[start, end], ...]``, one pair for every place in the caption where
that issue occurs (a word used twice has two pairs), in the order they appear, such
that ``text[start:end]`` is the flagged word or sentence (equal to ``issue["text"]``
up to letter case). Offsets count Unicode code points, as Python string indices do;
JavaScript strings index UTF-16 code units, so a browser converts them (coach.js
does) before slicing when the text holds characters outside the BMP, such as emoji.
Messages and levels speak the story's language (nl or en), whatever the interface speaks.

The rooms:
    check        check_text: the issues of one caption, merged and ordered
    blame        blame on the child by name: as fault, cause, what-if, label
    passive      passive sentences that hide who did it
    words        whether a child knows a word: frequency, base forms, compounds
    readability  Flesch-Douma / Flesch scores and the level for an age
    syllables    syllable counts, Dutch and English
    sentences    splitting a caption into sentences
    lexicon      the word lists in data/ (jargon, abstract, blame, childwords)
    matching     the phrase matcher the word lists use
    tokens       the word pattern and look-up keys
    ages         the limits per age band
    messages     what the coach says (English source; Dutch in the Babel catalogue)
"""
from .ages import DEFAULT_AGE, MAX_AGE, MIN_AGE
from .check import ADVICE_KINDS, KINDS, check_text
from .lexicon import LANGUAGES, jargon_terms
from .readability import readability, story_level
from .syllables import syllables
from .words import is_common, split_compound, zipf

__all__ = ["ADVICE_KINDS", "DEFAULT_AGE", "KINDS", "LANGUAGES", "MAX_AGE", "MIN_AGE",
           "check_text", "is_common", "jargon_terms", "readability", "split_compound",
           "story_level", "syllables", "zipf"]
