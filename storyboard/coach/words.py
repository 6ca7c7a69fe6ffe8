"""Whether a child knows a word: frequency, base forms, diminutives and compounds."""
import re
from functools import lru_cache

import pyphen
from wordfreq import zipf_frequency

from .lexicon import check_lang, lexicon
from .tokens import key as _key

# Parts of a compound (speel+tuin, zwem+bad) must be common words on their own.
PART_ZIPF = 3.0
SHORT_PART_ZIPF = 3.5  # three-letter parts must be commoner (bad, ham, juf; not kin, der)
MIN_PART = 3

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
_UNDOUBLE = re.compile(r"([bcdfgklmnprstvz])\1$")
_DIMINUTIVE = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je", "kes", "ske", "eke",
               "ke")


@lru_cache(maxsize=1)
def hyphenator():
    """Return the Dutch hyphenation dictionary (loaded once)."""
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


@lru_cache(maxsize=200_000)
def zipf(word, lang):
    """Return wordfreq's Zipf frequency of a word (0 when unknown), cached."""
    try:
        return zipf_frequency(word, lang)
    except Exception:  # wordfreq on exotic input: treat as unknown
        return 0.0


def _lemmas(word, lang):
    """Return likely base forms of an inflected word (plural, diminutive, verb forms)."""
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
                    out.extend(_verb_infinitives(base))
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


def _verb_infinitives(stem):
    """Return the Dutch infinitives a verb stem may come from: blaf-t -> blaffen,
    leef-t -> leven, lees-t -> lezen, maak-t -> maken."""
    out = [stem + "en"]
    if re.search(r"[^aeiou][aeiou][bdfgklmnprst]$", stem):
        out.append(stem + stem[-1] + "en")
    if stem.endswith("f"):
        out.append(stem[:-1] + "ven")
    if stem.endswith("s"):
        out.append(stem[:-1] + "zen")
    if re.search(r"([aeou])\1[^aeiou]$", stem):
        out.append(stem[:-2] + stem[-1] + "en")
    return out


def _diminutive_bases(word):
    """Return the nouns of a Dutch (and Flemish) diminutive: hond-je, mann-etje,
    pyjama-atje, boek-ske, geit-jes."""
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
    """Return the highest frequency of the word or one of its base forms."""
    best = zipf(word, lang)
    for base in _lemmas(word, lang):
        best = max(best, zipf(base, lang))
    return best


def _common_part(part, lang):
    """Tell whether a part is a common word: a child word, or frequent enough."""
    if part in _STOP_PARTS or part in _PREFIX_PARTS:
        return False
    if part in lexicon(lang)["child"]:
        return True
    return zipf(part, lang) >= (SHORT_PART_ZIPF if len(part) <= MIN_PART else PART_ZIPF)


def _part_ok(part, lang, head):
    """Tell whether a piece of a compound is a common word on its own.

    The head (last part) must be a word as it stands; a part before it may end in a
    linking -s-, -e- or -en- (verjaardag-s-feest, pann-en-koek)."""
    if len(part) < MIN_PART:
        return False
    if head:
        return _head_ok(part, lang)
    if _common_part(part, lang):
        return True
    for link in _LINKS[lang]:
        base = part[: -len(link)]
        if part.endswith(link) and len(base) >= MIN_PART and _common_part(base, lang):
            return True
    return False


def _head_ok(part, lang):
    """Tell whether the last part is a common word, maybe as a diminutive or plural
    (zij-wieltjes, paas-eitjes, speel-tuinen)."""
    if part in _SUFFIX_PARTS:
        return False
    if _common_part(part, lang):
        return True
    bases = _diminutive_bases(part) if lang == "nl" else []
    for suf in ("en", "s", "'s") if lang == "nl" else ("s", "es", "'s"):
        if part.endswith(suf):
            bases.append(part[: -len(suf)])
    return any(b in _SHORT_HEADS or (len(b) >= MIN_PART and _common_part(b, lang))
               for b in bases)


@lru_cache(maxsize=50_000)
def _breaks(word, lang):
    """Return where a Dutch word may be hyphenated: compound seams are among these."""
    if lang != "nl":
        return None
    try:
        return frozenset(hyphenator().positions(word))
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
    lang = check_lang(lang)
    word = _key(word)
    if not word.isalpha() or len(word) < 2 * MIN_PART or len(word) > 40:
        return None
    return _split(word, lang, 3)


@lru_cache(maxsize=100_000)
def is_common(word, lang, threshold=PART_ZIPF):
    """Tell whether a child is likely to know the word (frequency, base form, child
    list, or a compound of common parts)."""
    lang = check_lang(lang)
    key = _key(word)
    child = lexicon(lang)["child"]
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
