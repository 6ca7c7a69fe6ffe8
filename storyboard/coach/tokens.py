"""Words as the coach sees them: the word pattern and the form a word is looked up by."""
import re
import unicodedata

# Characters that sit inside words without being letters: combining marks, and
# invisible ones (soft hyphen, zero-width space/joiners, word joiner, BOM).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u0670\u1ab0-\u1aff" \
         "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHUNK = rf"[^\W_](?:[^\W_]|[{_MARKS}{INVISIBLE}])*"
_JOIN = "'\u2019\\-\u2010\u2011"
WORD_RE = re.compile(rf"{_CHUNK}(?:[{_JOIN}]{_CHUNK})*")
PART_RE = re.compile(r"[^\-\u2010\u2011]+")  # the parts of a hyphenated word
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def fold(s):
    """Return the form phrases are compared in: NFC, lower case, plain apostrophes,
    hyphens and spaces."""
    s = unicodedata.normalize("NFC", s).lower().replace("\u2019", "'")
    s = re.sub("[\u2010\u2011]", "-", s)
    return re.sub(r"[\s\u00a0]+", " ", s)


def key(word):
    """Return the look-up form of a word as written: no invisible characters, folded."""
    return fold(INVISIBLE_RE.sub("", word))


def is_latin(key):
    """Tell whether a look-up key is written in the Latin script (word lists know no other)."""
    for ch in key:
        if ch.isalpha():
            o = ord(ch)
            if not (o < 0x250 or 0x1E00 <= o < 0x1F00):
                return False
        elif ch.isdigit() or unicodedata.category(ch).startswith("M"):
            continue
        elif ch not in "'-":
            return False
    return True


def as_text(text):
    """Return the text as a string: None is empty, anything else is str()-ed."""
    if text is None:
        return ""
    return text if isinstance(text, str) else str(text)
