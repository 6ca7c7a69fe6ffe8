"""Language coach: flags words and sentences a young child will not follow.

Pure Python, no Flask. The main entry point is :func:`check_text`, which looks at
one caption and returns the issues the editor underlines::

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
Word lists ship in
``storyboard/data/``: jargon_*.json, abstract_*.json, blame_*.json and
childwords_*.txt (everyday child words that wordfreq rates as rare).
"""
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyphen
from wordfreq import zipf_frequency

from . import blame

LANGUAGES = ("nl", "en")
KINDS = ("hard-word", "jargon", "long-sentence", "long-caption", "abstract", "passive", "blame",
         "label")
MIN_AGE, MAX_AGE, DEFAULT_AGE = 3, 14, 6

# Zipf frequency (log10 of uses per billion words) a word needs to pass as "known".
# 3.0 = once per million words: child words such as schommel, glijbaan, zandbak,
# juf, knuffel (3.2-4.0) pass; jeugdrechter (2.2), verontrusting (2.3) do not.
# Older children know rarer words, so the bar drops with age.
HARD_WORD_ZIPF = ((6, 3.0), (9, 2.6), (MAX_AGE, 2.2))
# Parts of a compound (speel+tuin, zwem+bad) must be common words on their own.
PART_ZIPF = 3.0
SHORT_PART_ZIPF = 3.5  # three-letter parts must be commoner (bad, ham, juf; not kin, der)
MIN_PART = 3
# Longest sentence (in words) and most text per panel, per age band.
SENTENCE_WORDS = ((6, 8), (9, 12), (MAX_AGE, 15))
CAPTION_WORDS = ((6, 25), (9, 35), (MAX_AGE, 45))
CAPTION_SENTENCES = ((6, 3), (9, 4), (MAX_AGE, 5))
ABSTRACT_MAX_AGE = 9
# Readability below which a text is "a bit hard" / "hard", per age band.
LEVEL_BANDS = ((6, 60.0, 45.0), (9, 50.0, 35.0), (MAX_AGE, 40.0, 25.0))

# Characters that sit inside words without being letters: combining marks, and
# invisible ones (soft hyphen, zero-width space/joiners, word joiner, BOM).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u0670\u1ab0-\u1aff" \
         "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHUNK = rf"[^\W_](?:[^\W_]|[{_MARKS}{_INVISIBLE}])*"
_JOIN = "'\u2019\\-\u2010\u2011"
WORD_RE = re.compile(rf"{_CHUNK}(?:[{_JOIN}]{_CHUNK})*")
_PART_RE = re.compile(r"[^\-\u2010\u2011]+")  # the parts of a hyphenated word
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_LINE_BREAK = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
_END_RE = re.compile(rf"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?=\s|$)|[{_LINE_BREAK}]+")
_ABBREVIATIONS = frozenset("""
    bv bijv vb dr drs mr mrs ms mevr mw dhr hr nr nrs enz etc ca resp evt incl excl max min
    st sr jr prof ir lic vs e.g i.e o.a d.w.z m.a.w a.u.b z.g.a.n t.a.v i.p.v p.s n.v.t
    tel blz
""".split())

_SUFFIX_PARTS = frozenset("""
    ing ingen heid heden schap schappen lijk lijke lijkheid baar bare zaam zame loos loze
    achtig achtige isch ische tie ties sie sies ster sters aar aars ist isten iek ling
    lingen nis nissen sel dom erij iteit ment ness less ful ish able ible tion tions sion
    ship hood ment ments ism ist ists ity ical ally ers end ings aan
""".split())
_PREFIX_PARTS = frozenset("ver ont her mis un dis non pre pro sub anti".split())
# Function words are never parts of a compound (no "kin-der-juf", "the-rapist").
_STOP_PARTS = frozenset("""
    der den des het een nen die dat wat wie hun wij jij hij mij ons zich zijn
    the and but for you she him her his its our who was are not
""".split())
_SHORT_HEADS = frozenset(("ei", "ui"))  # paas-eitjes, soep-uien
_LINKS = {"nl": ("s", "en", "e"), "en": ()}

_NEGATIONS = {"nl": frozenset("niet geen nooit niemand".split()),
              "en": frozenset("not never no isn't wasn't aren't weren't don't didn't "
                              "doesn't isnt wasnt nobody".split())}


# -- data -------------------------------------------------------------------

def _read(name):
    """Text of a data file shipped in the package (storyboard/data/)."""
    if __package__:
        return resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return (Path(__file__).parent / "data" / name).read_text("utf-8")


def _form_pattern(form):
    """Regex for a phrase: flexible spaces, either apostrophe, any hyphen."""
    out = []
    for ch in form:
        if ch == " ":
            out.append(r"[\s\u00a0]+")
        elif ch in "'\u2019":
            out.append("['\u2019]")
        elif ch in "-\u2010\u2011":
            out.append("[-\u2010\u2011]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _inflections(form, lang):
    """The form plus simple plurals/possessives of its last word."""
    head, _, last = form.rpartition(" ")
    prefix = head + " " if head else ""
    if not last.replace("-", "").isalpha() or last.isupper():
        return {form}
    ends = {last, last + "'s"}
    if lang == "nl":
        ends |= {last + "s", last + "en"}
        if last.endswith("e"):
            ends.add(last + "n")
    else:
        if last.endswith(("s", "x", "z", "ch", "sh")):
            ends.add(last + "es")
        elif last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
            ends.add(last[:-1] + "ies")
        else:
            ends.add(last + "s")
    return {prefix + e for e in ends}


class _Matcher:
    """Finds any of a list of phrases as whole words; maps a hit back to its entry."""

    def __init__(self, entries, lang, inflect):
        self.by_form = {}
        self.exact = {}
        for entry in entries:
            for form in [entry["key"]] + list(entry.get("also", ())):
                forms = _inflections(form, lang) if inflect else {form}
                for f in forms:
                    if any(c.isupper() for c in f):
                        self.exact.setdefault(f, entry)
                    else:
                        self.by_form.setdefault(_fold(f), entry)
        self.regexes = []
        for table, flags in ((self.by_form, re.IGNORECASE), (self.exact, 0)):
            if table:
                alts = "|".join(_form_pattern(f) for f in sorted(table, key=len, reverse=True))
                self.regexes.append((re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", flags),
                                     table is self.exact))

    def find(self, text):
        """Yield (start, end, entry) for each hit, longest first where hits overlap.

        Invisible characters (a soft hyphen in "jeugd\u00adrechter") are looked through;
        the span returned is that of the original text."""
        positions = None
        if _INVISIBLE_RE.search(text):
            positions = [i for i, ch in enumerate(text) if ch not in _INVISIBLE]
            text = "".join(text[i] for i in positions)
        hits = []
        for regex, exact in self.regexes:
            for m in regex.finditer(text):
                entry = (self.exact.get(m.group()) if exact else
                         self.by_form.get(_fold(m.group())))
                if entry is None:
                    continue
                if positions is None:
                    hits.append((m.start(), m.end(), entry))
                else:
                    hits.append((positions[m.start()], positions[m.end() - 1] + 1, entry))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        last_end = -1
        for start, end, entry in hits:
            if start >= last_end:
                last_end = end
                yield start, end, entry


def _fold(s):
    s = unicodedata.normalize("NFC", s).lower().replace("\u2019", "'")
    s = re.sub("[\u2010\u2011]", "-", s)
    return re.sub(r"[\s\u00a0]+", " ", s)


@lru_cache(maxsize=None)
def _lexicon(lang):
    """Load the word lists of one language (once)."""
    jargon = json.loads(_read(f"jargon_{lang}.json"))["terms"]
    abstract = json.loads(_read(f"abstract_{lang}.json"))["words"]
    blame = json.loads(_read(f"blame_{lang}.json"))["phrases"]
    for e in jargon:
        e["key"] = e["term"]
    for e in abstract:
        e["key"] = e["word"]
    for e in blame:
        e["key"] = e["phrase"]
    child = frozenset(
        w.strip().lower() for w in _read(f"childwords_{lang}.txt").splitlines()
        if w.strip() and not w.lstrip().startswith("#"))
    return {
        "jargon": _Matcher(jargon, lang, inflect=True),
        "abstract": _Matcher(abstract, lang, inflect=True),
        "blame": _Matcher(blame, lang, inflect=False),
        "child": child,
        "jargon_terms": jargon,
    }


def jargon_terms(lang):
    """The jargon dictionary of a language: a list of {term, also?, say}."""
    return [dict(term=e["term"], say=e["say"], also=list(e.get("also", ())))
            for e in _lexicon(_check_lang(lang))["jargon_terms"]]


# -- small helpers -----------------------------------------------------------

def _check_lang(lang):
    code = lang.strip().lower() if isinstance(lang, str) else None
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    return code


def _clamp_age(age):
    try:
        age = int(age)
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_AGE
    return max(MIN_AGE, min(MAX_AGE, age))


def _band(table, age):
    """The value(s) of the first age band that holds `age`."""
    for upto, *values in table:
        if age <= upto or upto == table[-1][0]:
            return values[0] if len(values) == 1 else tuple(values)


def _key(word):
    """Look-up form of a word as written: no invisible characters, NFC, lower case."""
    return _fold(_INVISIBLE_RE.sub("", word))


def _is_latin(key):
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


# -- word frequency, lemmas, compounds ----------------------------------------

@lru_cache(maxsize=200_000)
def zipf(word, lang):
    """wordfreq's Zipf frequency of a word (0 when unknown), cached."""
    try:
        return zipf_frequency(word, lang)
    except Exception:  # wordfreq on exotic input: treat as unknown
        return 0.0


_UNDOUBLE = re.compile(r"([bcdfgklmnprstvz])\1$")


def _lemmas(word, lang):
    """Likely base forms of an inflected word (plural, diminutive, verb forms)."""
    out = []
    if word.endswith("'s"):
        out.append(word[:-2])
    if lang == "nl":
        out.extend(_diminutive_bases(word))
        for suf in ("en", "s", "e", "t", "d", "te", "de", "ten", "den"):
            if word.endswith(suf) and len(word) - len(suf) >= 3:
                base = word[: -len(suf)]
                out.append(base)
                if _UNDOUBLE.search(base):
                    out.append(base[:-1])
                if suf in ("t", "d", "te", "de", "ten", "den"):
                    # a verb stem: blaf-t -> blaffen, leef-t -> leven, lees-t -> lezen
                    out.append(base + "en")
                    if re.search(r"[^aeiou][aeiou][bdfgklmnprst]$", base):
                        out.append(base + base[-1] + "en")
                    if base.endswith("f"):
                        out.append(base[:-1] + "ven")
                    if base.endswith("s"):
                        out.append(base[:-1] + "zen")
                    if re.search(r"([aeou])\1[^aeiou]$", base):
                        out.append(base[:-2] + base[-1] + "en")  # maak-t -> maken
    else:
        for suf, rep in (("ies", "y"), ("ied", "y"), ("ily", "y"), ("es", ""), ("s", ""),
                         ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""),
                         ("est", ""), ("ly", ""), ("'s", "")):
            if word.endswith(suf) and len(word) - len(suf) >= 3:
                base = word[: -len(suf)] + rep
                out.append(base)
                if not rep and _UNDOUBLE.search(base):
                    out.append(base[:-1])
    return out


_DIMINUTIVE = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je", "kes", "ske", "eke",
               "ke")


def _diminutive_bases(word):
    """Dutch (and Flemish) diminutives back to their noun: hond-je, mann-etje, pyjama-atje,
    boek-ske, geit-jes."""
    out = []
    for suf in _DIMINUTIVE:
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            base = word[: -len(suf)]
            out.append(base)
            if suf.startswith("e"):
                out.append(_UNDOUBLE.sub(r"\1", base))
            if len(base) >= 3 and base[-1] == base[-2] and base[-1] in "aou":
                out.append(base[:-1])  # pyjamaatje -> pyjama, autootje -> auto
    return out


@lru_cache(maxsize=100_000)
def _best_zipf(word, lang):
    """The highest frequency of the word or one of its base forms."""
    best = zipf(word, lang)
    for base in _lemmas(word, lang):
        best = max(best, zipf(base, lang))
    return best


def _common_part(part, lang):
    if part in _STOP_PARTS or part in _PREFIX_PARTS:
        return False
    if part in _lexicon(lang)["child"]:
        return True
    return zipf(part, lang) >= (SHORT_PART_ZIPF if len(part) <= MIN_PART else PART_ZIPF)


def _part_ok(part, lang, head):
    """Whether a piece of a compound is a common word on its own. The head (last
    part) must be a word as it stands; a part before it may end in a linking
    -s-, -e- or -en- (verjaardag-s-feest, pann-en-koek)."""
    if len(part) < MIN_PART:
        return False
    if head:
        if part in _SUFFIX_PARTS:
            return False
        if _common_part(part, lang):
            return True
        # A diminutive or plural head: zij-wieltjes, paas-eitjes, speel-tuinen.
        bases = _diminutive_bases(part) if lang == "nl" else []
        for suf in ("en", "s", "'s") if lang == "nl" else ("s", "es", "'s"):
            if part.endswith(suf):
                bases.append(part[: -len(suf)])
        return any(b in _SHORT_HEADS or (len(b) >= MIN_PART and _common_part(b, lang))
                   for b in bases)
    if _common_part(part, lang):
        return True
    for link in _LINKS[lang]:
        base = part[: -len(link)]
        if part.endswith(link) and len(base) >= MIN_PART and _common_part(base, lang):
            return True
    return False


@lru_cache(maxsize=50_000)
def _breaks(word, lang):
    """Where a Dutch word may be hyphenated: compound seams are always among these."""
    if lang != "nl":
        return None
    try:
        return frozenset(_hyphenator().positions(word))
    except Exception:
        return None


@lru_cache(maxsize=50_000)
def _split(word, lang, max_parts):
    """Split into two parts if possible, else into three; None when it is no compound."""
    breaks = _breaks(word, lang)
    seams = [i for i in range(MIN_PART, len(word) - MIN_PART + 1)
             if breaks is None or i in breaks]
    for i in seams:
        if _part_ok(word[:i], lang, head=False) and _part_ok(word[i:], lang, head=True):
            return (word[:i], word[i:])
    if max_parts > 2:
        for i in seams:
            if _part_ok(word[:i], lang, head=False):
                rest = _split(word[i:], lang, max_parts - 1)
                if rest:
                    return (word[:i],) + rest
    return None


def split_compound(word, lang="nl"):
    """Split a compound into 2 (else 3) common parts, or return None.

    The parts join back to the word; a linking -s-, -e- or -en- stays on the part
    before it: "verjaardagsfeest" -> ("verjaardags", "feest"), "speeltuin" ->
    ("speel", "tuin"), "boterhamdoosdeksel" -> ("boterham", "doos", "deksel").
    Each part is a common word (3 letters or more; no suffix like -ing, no function
    word); in Dutch a seam must also be a hyphenation point, which keeps out
    garbage like "obser|veerde". Jargon such as "jeugd|rechter" splits too, which
    is why the jargon dictionary is checked before any word is judged on frequency.
    """
    lang = _check_lang(lang)
    word = _key(word)
    if not word.isalpha() or len(word) < 2 * MIN_PART or len(word) > 40:
        return None
    return _split(word, lang, 3)


@lru_cache(maxsize=100_000)
def is_common(word, lang, threshold=PART_ZIPF):
    """Whether a child is likely to know the word (frequency, base form, child list,
    or a compound of common parts)."""
    lang = _check_lang(lang)
    key = _key(word)
    child = _lexicon(lang)["child"]
    if key in child or _best_zipf(key, lang) >= threshold:
        return True
    if key.endswith("'s") and (key[:-2] in child or _best_zipf(key[:-2], lang) >= threshold):
        return True
    core = key[:-2] if key.endswith("'s") else key
    if core.isalpha() and 2 * MIN_PART <= len(core) <= 40:
        if _split(core, lang, 3):
            return True
        for base in _lemmas(core, lang):
            if len(base) >= 2 * MIN_PART and _split(base, lang, 3):
                return True
    return False


# -- syllables and readability --------------------------------------------------

@lru_cache(maxsize=1)
def _hyphenator():
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


_VOWELS = set("aeiouyáàâäéèêëíìîïóòôöúùûüýÿ")
_DIAERESIS = set("äëïöü")


_NL_VOWEL_UNITS = ("aai", "ooi", "oei", "ieu", "eeu", "eau", "aa", "ee", "oo", "uu", "ie", "oe",
                   "eu", "ei", "ui", "ou", "au", "ai", "oi")


def _vowel_groups(word, units=None):
    """Count runs of vowels; with `units` (Dutch), a run like "ooie" (mooie) or "io"
    (radio) counts once per vowel sound in it."""
    count, run = 0, ""
    for ch in word + " ":
        if ch in _VOWELS and ch not in _DIAERESIS:
            run += ch
            continue
        if run:
            count += 1 if units is None else _vowel_units(run, units)
            run = ""
        if ch in _DIAERESIS:
            count += 1
    return count


def _vowel_units(run, units):
    count, i = 0, 0
    while i < len(run):
        for unit in units:
            if run.startswith(unit, i):
                i += len(unit)
                break
        else:
            i += 1
        count += 1
    return count


# English spellings the vowel-group rules get wrong, common in children's stories.
_EN_SYLLABLES = {
    "wednesday": 2, "every": 2, "everyone": 3, "everything": 3, "everybody": 4, "evening": 2,
    "business": 2, "people": 2, "someone": 2, "sometimes": 2, "something": 2, "somebody": 3,
    "somewhere": 2, "create": 2, "science": 2, "quiet": 2, "different": 3, "family": 3,
    "lonely": 2, "police": 2, "area": 3, "idea": 3, "really": 2, "being": 2, "seeing": 2,
    "naive": 2, "poem": 2, "poet": 2, "lion": 2, "diet": 2, "piano": 3, "radio": 3,
    "video": 3, "museum": 3, "cruel": 2, "fuel": 2, "ruin": 2, "actually": 4, "usually": 4,
    "favourite": 3, "favorite": 3, "chocolate": 3, "vegetable": 3, "vegetables": 3,
}


def _english_syllables(word):
    """Vowel groups, less a silent e, plus split vowels (going, idea)."""
    if word in _EN_SYLLABLES:
        return _EN_SYLLABLES[word]
    core = word[1:] if word.startswith("y") else word  # y in "you" is no vowel
    count = _vowel_groups(core)
    if count > 1:
        if word.endswith("e") and not re.search(r"[^aeiouy]le$", word):
            count -= 1  # cake, judge (but little)
        elif re.search(r"[^aeiouy](es|ed)$", word) and not re.search(
                r"([td]ed|(s|x|z|ch|sh|g|c)es)$", word):
            count -= 1  # lives, baked (but wanted, judges)
        elif re.search(r"[^aeiouy]e(ly|ment|ments|ful|ness|less)$", word):
            count -= 1  # safely, movement
    if re.search(r"[aeiou]ing$", word) or re.search(r"[aeiou]ying$", word):
        count += 1  # going, playing
    if re.search(r"(ia|ua|io|ie[t])$", word) and not re.search(r"(tio|cia|sio|gio|cio|tia|sia)", word):
        count += 1  # mia, quiet
    return max(count, 1)


@lru_cache(maxsize=100_000)
def syllables(word, lang):
    """Number of syllables of one word (at least 1).

    Dutch: pyphen's nl_NL hyphenation points, checked against a vowel-group count
    (pyphen leaves "oma" whole; a diaeresis as in "beïnvloeden" starts a syllable).
    English: vowel groups with the usual silent-e and split-vowel rules, which beat
    en_US hyphenation on short words (pyphen says "feels" has 2).
    """
    lang = _check_lang(lang)
    key = _key(word)
    total = 0
    for part in re.split(r"[-']", key):
        letters = "".join(ch for ch in part if ch.isalpha())
        if not letters:
            continue
        if not any(ch in _VOWELS for ch in letters):
            continue  # the s of "Nana's", the t of "don't"
        if lang == "en":
            total += _english_syllables(letters)
            continue
        try:
            by_dict = len(_hyphenator().positions(letters)) + 1
        except Exception:
            by_dict = 1
        total += max(by_dict, _vowel_groups(letters, _NL_VOWEL_UNITS), 1)
    return max(total, 1)


def _stats(texts, lang):
    sentences = words = sylls = 0
    for text in texts:
        for start, end in _sentences(text):
            tokens = WORD_RE.findall(text, start, end)
            if tokens:
                sentences += 1
                words += len(tokens)
                sylls += sum(syllables(t, lang) for t in tokens)
    return sentences, words, sylls


def _score(sentences, words, sylls, lang):
    if not words:
        return 100.0
    if lang == "nl":  # Flesch-Douma
        score = 206.835 - 0.93 * (words / sentences) - 77 * (sylls / words)
    else:  # Flesch reading ease
        score = 206.835 - 1.015 * (words / sentences) - 84.6 * (sylls / words)
    return round(max(0.0, min(100.0, score)), 1)


def readability(text, lang):
    """Flesch-Douma (nl) or Flesch reading ease (en), clamped to 0..100.

    Higher is easier; an empty text scores 100.
    """
    lang = _check_lang(lang)
    return _score(*_stats([_as_text(text)], lang), lang)


def _level(score, lang, age):
    easy, middle = _band(LEVEL_BANDS, age)
    if score >= easy:
        return f"gemakkelijk voor {age} jaar" if lang == "nl" else f"easy for age {age}"
    if score >= middle:
        return f"wat moeilijk voor {age} jaar" if lang == "nl" else f"a bit hard for age {age}"
    return f"moeilijk voor {age} jaar" if lang == "nl" else f"hard for age {age}"


def story_level(captions, lang, age=DEFAULT_AGE):
    """Readability of a whole story: all captions' sentences and words together."""
    lang = _check_lang(lang)
    age = _clamp_age(age)
    if isinstance(captions, str):
        captions = [captions]
    score = _score(*_stats([_as_text(c) for c in (captions or ())], lang), lang)
    return {"score": score, "level": _level(score, lang, age)}


def _as_text(text):
    if text is None:
        return ""
    return text if isinstance(text, str) else str(text)


# -- sentences ----------------------------------------------------------------

def _is_sentence_end(text, m):
    mark = m.group()
    if mark[0] in _LINE_BREAK or mark[0] != "." or len(mark.rstrip("\"'\u2019\u201d\u00bb)]")) > 1:
        return True
    # A single full stop: not the end after an abbreviation or an initial.
    before = re.search(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$", text[max(0, m.start() - 20):m.start()])
    if before:
        word = before.group(1)
        if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            return False
    after = re.match(r"\s*(\S)", text[m.end():m.end() + 40])
    if after and after.group(1).islower():
        return False
    return True


def _sentences(text):
    """(start, end) spans of the sentences, trimmed of whitespace."""
    spans, start = [], 0
    for m in _END_RE.finditer(text):
        if not _is_sentence_end(text, m):
            continue
        end = m.end() if m.group()[0] not in _LINE_BREAK else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped)))
    return out


# -- messages -----------------------------------------------------------------

def _q(text):
    return f"\u2018{text}\u2019"


_MESSAGES = {
    "nl": {
        "jargon": "{w} is een woord voor volwassenen. Een kind van {age} begrijpt dit beter:",
        "jargon-phrase": "{w} is taal voor volwassenen. Een kind van {age} begrijpt dit beter:",
        "hard-word": "{w} is een moeilijk woord voor een kind van {age}. Kies een eenvoudiger woord.",
        "abstract": "{w} is een abstract woord: een kind van {age} kan zich daar niets bij "
                    "voorstellen. Zeg wat er echt gebeurt, bijvoorbeeld:",
        "blame": "{w} kan klinken alsof het kind zelf schuld heeft.",
        "long-sentence": "Deze zin heeft {n} woorden. Voor een kind van {age} hou je een zin bij "
                         "{max} woorden of minder. Maak er twee zinnen van.",
        "long-caption": "Deze prent heeft veel tekst: {n} woorden in {s} zinnen. Voor een kind "
                        "van {age} zijn {max} woorden en {smax} zinnen genoeg. Verdeel de tekst "
                        "over twee prenten.",
        "passive": "In deze zin staat niet vooraan wie iets deed. Een kind volgt beter als je "
                   "zegt wie wat deed.",
        "passive-agent": "Zeg wie wat deed: {w}",
        "passive-none": "Zeg wie wat deed, bijvoorbeeld: \u2018De politie bracht papa \u2026\u2019",
    },
    "en": {
        "jargon": "{w} is a word for grown-ups. A child of {age} understands this better:",
        "jargon-phrase": "{w} is grown-up language. A child of {age} understands this better:",
        "hard-word": "{w} is a hard word for a child of {age}. Choose a simpler word.",
        "abstract": "{w} is an abstract word: a child of {age} cannot picture it. Say what "
                    "really happens, for example:",
        "blame": "{w} could make the child feel it was their fault.",
        "long-sentence": "This sentence has {n} words. For a child of {age}, keep sentences to "
                         "{max} words or fewer. Make it two sentences.",
        "long-caption": "This panel has a lot of text: {n} words in {s} sentences. For a child "
                        "of {age}, {max} words and {smax} sentences are enough. Spread the text "
                        "over two panels.",
        "passive": "This sentence does not say first who did it. A child follows better when "
                   "you say who did what.",
        "passive-agent": "Say who did what: {w}",
        "passive-none": "Say who did what, for example: \u2018The police took Dad \u2026\u2019",
    },
}


def _issue(kind, text, message, suggestion=None):
    return {"kind": kind, "text": text, "message": message, "suggestion": suggestion}


# -- passive voice ------------------------------------------------------------

_NL_AUX = frozenset("werd werden wordt worden word is zijn was waren ben bent".split())
_NL_NOT_PARTICIPLE = frozenset("""
    gezond gemeen geleden gewoon genoeg gebeurd gebeurt geboren gewond gescheiden getrouwd
    ingewikkeld gelukt geschrokken gewend gerust gezellig gehaast geliefd geduldig geheim
    bekend beroemd verliefd verkeerd bezorgd bedroefd verwend verrast verward verlegen beneden
    benieuwd verslaafd verdrietig gelijk geweldig gevaarlijk geschikt geleerd
    geloven gebeuren gebruiken genieten gehoorzamen geraken gebieden getuigen gewennen
    gedogen gelegen uitgeput opgelucht teleurgesteld gefrustreerd geïrriteerd geraakt
    gekwetst geschokt verbaasd ontroerd gestrest verveeld gespannen
    geluid gezicht gewicht gedicht gerecht gevecht gebed geduld gebit gelaat gewest gebied
    gedachten geheimen gebouwen gesprekken geheugen gevangenen geliefden gezinnen geiten
    gebeden getallen gewoonten gevaren gebergten gelden genen
""".split())
_NL_DETERMINERS = frozenset("""
    de het een 'n den der des haar zijn mijn jouw je uw onze ons hun hen dat dit die deze
    veel alle elk elke ieder iedere geen wat welk welke zo'n
""".split())
_NL_INTRANSITIVE = frozenset("""
    gegaan gekomen gelopen gewandeld gefietst gereden gevallen gerend gevlogen gezwommen
    gebleven geweest geworden gestorven gereisd gesprongen gekropen gestopt gegroeid
    gestruikeld gebotst gevlucht verhuisd vertrokken verdwenen ontsnapt begonnen opgegroeid
    weggegaan teruggekomen thuisgekomen binnengekomen opgestaan ingeslapen meegegaan
    aangekomen overleden verdronken gezakt gestegen gegleden geglipt gerold veranderd
    verbeterd verslechterd genezen geslaagd verongelukt afgevallen bijgekomen hersteld
""".split())
_NL_STRONG_PREFIXED = frozenset("""
    besproken verboden vergeten ontnomen bedrogen verslagen verloren beschreven bevolen
    verscholen ontvangen bevonden benomen bestolen vervangen ontslagen bedreven verstoten
""".split())
_NL_GE = re.compile(r"^[^\W\d_]{0,8}ge[^\W\d_]{2,}(?:d|t|en)$")
_NL_INSEP = re.compile(r"^(?:be|ver|ont|her|er|over|onder|mis)[^\W\d_]{2,}[dt]$")

_EN_AUX = frozenset("am is are was were be been being get gets got gotten".split())
_EN_IRREGULAR = frozenset("""
    taken given seen told brought bought caught found hit hurt kept left made put sent shown
    thought heard held known beaten bitten chosen driven eaten forgotten forbidden hidden
    stolen written done born shaken broken spoken woken sold paid met led fed read said built
    taught won drunk hung struck stuck shot bound thrown drawn fallen torn worn sworn grown
    blown flown ridden shut set cut let spent lent bent lost felt dealt meant understood
    overheard overtaken mistaken forgiven hurt
""".split())
_EN_NOT_PARTICIPLE = frozenset("""
    tired scared worried excited bored interested surprised pleased frightened upset amazed
    annoyed confused disappointed embarrassed delighted thrilled terrified ashamed relieved
    need indeed hundred sacred naked wicked crooked beloved red bed shed seed feed speed
    used supposed married
""".split())
_EN_TIME_AFTER_BY = frozenset("""
    then now bedtime lunchtime teatime tomorrow tonight morning night noon midnight monday
    tuesday wednesday thursday friday saturday sunday evening afternoon christmas
""".split())


def _nl_participle(w):
    if w in _NL_NOT_PARTICIPLE or w in _NL_INTRANSITIVE:
        return False
    return bool(_NL_GE.match(w) or _NL_INSEP.match(w) or w in _NL_STRONG_PREFIXED)


def _en_participle(w):
    if w in _EN_NOT_PARTICIPLE:
        return False
    return w in _EN_IRREGULAR or (len(w) >= 5 and w.endswith("ed"))


def _find_passive(text, start, end, lang):
    """Return a suggestion (str or None) when the sentence text[start:end] is passive,
    else False."""
    clauses = re.split(r"[,;:()\u2013\u2014]", text[start:end])
    for clause in clauses:
        originals = WORD_RE.findall(clause)
        words = [_key(t) for t in originals]
        for i, w in enumerate(words):
            if lang == "nl" and w in _NL_AUX:
                if "door" not in words[i + 1:]:
                    continue
                j = words.index("door", i + 1)
                candidates = [k for k in range(i + 1, min(len(words), j + 7))
                              if k != j and _nl_participle(words[k])
                              and words[k - 1] not in _NL_DETERMINERS]
                if not candidates:
                    continue
                return _agent_hint(originals, words, j + 1, candidates, lang)
            if lang == "en" and w in _EN_AUX:
                for k in (i + 1, i + 2):
                    if k < len(words) and _en_participle(words[k]):
                        if "by" not in words[k + 1:k + 6]:
                            continue
                        j = words.index("by", k + 1)
                        if j + 1 < len(words) and (words[j + 1] in _EN_TIME_AFTER_BY or
                                                   words[j + 1:j + 3] == ["the", "time"]):
                            continue
                        return _agent_hint(originals, words, j + 1, (), lang)
    return False


_STOP_AGENT = {"nl": frozenset("naar met in op bij uit van voor aan om over tot na en want "
                               "omdat toen dan maar".split()),
               "en": frozenset("to at in on with from for after into and because when then "
                               "but".split())}


def _agent_hint(originals, words, start, verbs, lang):
    """Suggest starting with who did it: the words after door/by, up to four."""
    agent = []
    for k in range(start, min(len(words), start + 4)):
        if k in verbs or words[k] in _STOP_AGENT[lang]:
            break
        agent.append(originals[k])
    if not agent:
        return _MESSAGES[lang]["passive-none"]
    phrase = " ".join(agent)
    phrase = phrase[0].upper() + phrase[1:]
    return _MESSAGES[lang]["passive-agent"].format(w=_q(phrase + " \u2026"))


# -- the check ------------------------------------------------------------------

def _name_keys(names):
    keys = set()
    if isinstance(names, str):
        names = [names]
    for name in names or ():
        if not isinstance(name, str):
            continue
        for token in WORD_RE.findall(name):
            k = _key(token)
            keys.add(k)
            for part in re.split(r"[-']", k):
                if part:
                    keys.add(part)
    return keys


def _is_name(key, names):
    if key in names:
        return True
    for end in ("'s", "'", "s"):
        if key.endswith(end) and key[: -len(end)] in names:
            return True
    return False


def _negated(text, start, end, lang):
    """Whether a blaming phrase is denied: "het is niet jouw schuld", Flemish
    "het is jouw schuld niet", "it was not your fault"."""
    before = WORD_RE.findall(text[max(0, start - 40):start])[-3:]
    if any(_key(w) in _NEGATIONS[lang] or _key(w).endswith("n't") for w in before):
        return True
    after = WORD_RE.findall(text[end:end + 20])[:2]
    return lang == "nl" and any(_key(w) in ("niet", "nooit") for w in after)


ADVICE_KINDS = ("passive", "long-sentence", "long-caption", "blame", "label")


def _is_advice(issue):
    """Tell whether a suggestion is advice to the writer ("Zeg wie …"), not words to paste."""
    said = issue["suggestion"] or ""
    return issue["kind"] in ADVICE_KINDS or said.startswith(("Zeg ", "Say "))


def check_text(text, lang, age=DEFAULT_AGE, names=(), child=()):
    """Check one caption for a child of `age`; see the module doc for the result.

    `child` holds the child's name (or names): blame on the child is looked for by name,
    else through words such as "het kind"."""
    lang = _check_lang(lang)
    age = _clamp_age(age)
    text = _as_text(text)
    lex = _lexicon(lang)
    msg = _MESSAGES[lang]
    names = _name_keys(names)
    found = []  # (start, order, issue)
    taken = []  # spans already explained by a dictionary hit

    def add(start, kind, issue):
        found.append((start, KINDS.index(kind), issue))

    def word_is_name(start, end):
        return _is_name(_key(text[start:end]), names)

    for start, end, entry in lex["blame"].find(text):
        if _negated(text, start, end, lang) or (" " not in entry["key"] and word_is_name(start, end)):
            continue
        taken.append((start, end))
        add(start, "blame", _issue("blame", text[start:end], msg["blame"].format(
            w=_q(text[start:end])), entry["say"]))
    child = [child] if isinstance(child, str) else [c for c in child or () if isinstance(c, str)]
    for start, end, message, say, kind in blame.find(text, lang, child, taken=taken):
        taken.append((start, end))
        add(start, kind, _issue(kind, text[start:end], message, say))
    for start, end, entry in lex["jargon"].find(text):
        if word_is_name(start, end) or any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        said = text[start:end]
        template = msg["jargon-phrase" if re.search(r"\s", said) else "jargon"]
        add(start, "jargon", _issue("jargon", said, template.format(w=_q(said), age=age),
                                    entry["say"]))
    for start, end, entry in lex["abstract"].find(text):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        if age <= ABSTRACT_MAX_AGE and not word_is_name(start, end):
            add(start, "abstract", _issue("abstract", text[start:end], msg["abstract"].format(
                w=_q(text[start:end]), age=age), entry["say"]))

    threshold = _band(HARD_WORD_ZIPF, age)
    max_words = _band(SENTENCE_WORDS, age)
    sentences = _sentences(text)
    total_words = 0
    capitalised_names = set()
    sentence_tokens = []
    for s_start, s_end in sentences:
        tokens = list(WORD_RE.finditer(text, s_start, s_end))
        sentence_tokens.append(tokens)
        for n, m in enumerate(tokens):
            if n and m.group()[:1].isupper():
                capitalised_names.add(_key(m.group()))

    for (s_start, s_end), tokens in zip(sentences, sentence_tokens):
        total_words += len(tokens)
        sentence = text[s_start:s_end]
        if len(tokens) > max_words:
            add(s_start, "long-sentence", _issue("long-sentence", sentence,
                msg["long-sentence"].format(n=len(tokens), age=age, max=max_words)))
        hint = _find_passive(text, s_start, s_end, lang)
        if hint is not False:
            add(s_start, "passive", _issue("passive", sentence, msg["passive"], hint))
        for n, m in enumerate(tokens):
            for part in _PART_RE.finditer(text, m.start(), m.end()):
                if _hard(part, n == 0 and part.start() == m.start(), names,
                         capitalised_names, taken, lang, threshold):
                    word = part.group()
                    add(part.start(), "hard-word", _issue("hard-word", word,
                        msg["hard-word"].format(w=_q(word), age=age)))

    max_caption = _band(CAPTION_WORDS, age)
    max_sentences = _band(CAPTION_SENTENCES, age)
    n_sentences = sum(1 for t in sentence_tokens if t)
    if total_words > max_caption or n_sentences > max_sentences:
        stripped = text.strip()
        add(len(text) - len(text.lstrip()), "long-caption", _issue(
            "long-caption", stripped, msg["long-caption"].format(
                n=total_words, s=n_sentences, age=age, max=max_caption, smax=max_sentences)))

    issues, seen = [], {}
    for start, _, issue in sorted(found, key=lambda f: (f[0], f[1])):
        mark = (issue["kind"], issue["text"].lower())
        span = [start, start + len(issue["text"])]
        if mark not in seen:
            seen[mark] = issue
            issue["spans"] = [span]
            issues.append(issue)
        elif span not in seen[mark]["spans"]:
            seen[mark]["spans"].append(span)
    for issue in issues:
        issue["advice"] = _is_advice(issue)
    score = _score(*_stats([text], lang), lang)
    return {"ok": not issues, "score": score, "level": _level(score, lang, age),
            "issues": issues}


def _hard(part, initial, names, capitalised_names, taken, lang, threshold):
    """Whether one word (or one part of a hyphenated word) is too rare for the child."""
    start, end = part.span()
    if any(s < end and start < e for s, e in taken):
        return False
    word = part.group()
    key = _key(word)
    letters = sum(1 for ch in key if ch.isalpha())
    if letters <= 3 or any(ch.isdigit() for ch in key) or not _is_latin(key):
        return False
    if _is_name(key, names) or _is_name(key.split("'")[0], names):
        return False
    first = word[:1]
    if first.isupper():
        if len(word) > 1 and word.isupper():
            return False  # an acronym
        if not initial or key in capitalised_names or letters < 12:
            return False  # probably a name
    if len(key) > 40:
        return zipf(key, lang) < threshold
    return not is_common(key, lang, threshold)
