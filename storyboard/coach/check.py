"""Checking one caption: every issue the editor underlines, in the order of the text."""
import re

from . import blame, passive
from .ages import (ABSTRACT_MAX_AGE, CAPTION_SENTENCES, CAPTION_WORDS, DEFAULT_AGE, HARD_WORD_ZIPF,
                   SENTENCE_WORDS, band, clamp_age)
from .lexicon import check_lang, lexicon
from .messages import message, quote
from .readability import level, score
from .sentences import spans
from .tokens import PART_RE, WORD_RE, as_text, is_latin
from .tokens import key as _key
from .words import is_common, zipf

# Issues at the same place are listed in this order.
KINDS = ("hard-word", "jargon", "long-sentence", "long-caption", "abstract", "passive", "blame",
         "label")
# Kinds whose suggestion tells the writer what to do rather than giving words to paste.
ADVICE_KINDS = ("passive", "long-sentence", "long-caption", "blame", "label")

_NEGATIONS = {"nl": frozenset("niet geen nooit niemand".split()),
              "en": frozenset("not never no isn't wasn't aren't weren't don't didn't "
                              "doesn't isnt wasnt nobody".split())}


def check_text(text, lang, age=DEFAULT_AGE, names=(), child=()):
    """Check one caption for a child of `age`; see the package doc for the result.

    `child` holds the child's name (or names): blame on the child is looked for by name,
    else through words such as "het kind"."""
    lang = check_lang(lang)
    age = clamp_age(age)
    text = as_text(text)
    names = _name_keys(names)
    found = []  # (start, order of its kind, issue)
    taken = []  # spans already explained by a word list or a blame rule
    _blame_issues(found, taken, text, lang, names, _child_names(child))
    _word_list_issues(found, taken, text, lang, age, names)
    _sentence_issues(found, taken, text, lang, age, names)
    issues = _merged(found)
    value = score([text], lang)
    return {"ok": not issues, "score": value, "level": level(value, lang, age),
            "issues": issues}


def _add(found, start, kind, text, said, suggestion=None):
    """Note an issue found at `start`."""
    found.append((start, KINDS.index(kind), {"kind": kind, "text": text, "message": said,
                                            "suggestion": suggestion}))


def _blame_issues(found, taken, text, lang, names, child):
    """Find blame: the blame phrases ("jouw schuld"), then blame on the child by name."""
    for start, end, entry in lexicon(lang)["blame"].find(text):
        said = text[start:end]
        if _negated(text, start, end, lang) or (" " not in entry["key"]
                                                and _is_name(_key(said), names)):
            continue
        taken.append((start, end))
        _add(found, start, "blame", said, message("blame", lang, w=quote(said)), entry["say"])
    for start, end, said, say, kind in blame.find(text, lang, child, taken=taken):
        taken.append((start, end))
        _add(found, start, kind, text[start:end], said, say)


def _word_list_issues(found, taken, text, lang, age, names):
    """Find jargon and abstract words; each takes its span, so no word is judged twice."""
    lex = lexicon(lang)
    for start, end, entry in lex["jargon"].find(text):
        said = text[start:end]
        if _is_name(_key(said), names) or _overlaps(start, end, taken):
            continue
        taken.append((start, end))
        name = "jargon-phrase" if re.search(r"\s", said) else "jargon"
        _add(found, start, "jargon", said, message(name, lang, w=quote(said), age=age),
             entry["say"])
    for start, end, entry in lex["abstract"].find(text):
        said = text[start:end]
        if _overlaps(start, end, taken):
            continue
        taken.append((start, end))  # older children may use it, but it is no "hard word"
        if age <= ABSTRACT_MAX_AGE and not _is_name(_key(said), names):
            _add(found, start, "abstract", said,
                 message("abstract", lang, w=quote(said), age=age), entry["say"])


def _sentence_issues(found, taken, text, lang, age, names):
    """Find long and passive sentences, rare words, and a caption with too much text."""
    threshold = band(HARD_WORD_ZIPF, age)
    max_words = band(SENTENCE_WORDS, age)
    sentences = [(s, e, list(WORD_RE.finditer(text, s, e))) for s, e in spans(text)]
    # A capital inside a sentence marks a name; the same word opening a sentence is one too.
    capitalised = {_key(m.group()) for _, _, tokens in sentences
                   for n, m in enumerate(tokens) if n and m.group()[:1].isupper()}
    for start, end, tokens in sentences:
        sentence = text[start:end]
        if len(tokens) > max_words:
            _add(found, start, "long-sentence", sentence, message(
                "long-sentence", lang, n=len(tokens), age=age, max=max_words))
        hint = passive.find(text, start, end, lang)
        if hint is not False:
            _add(found, start, "passive", sentence, message("passive", lang), hint)
        for n, m in enumerate(tokens):
            for part in PART_RE.finditer(text, m.start(), m.end()):
                if _hard(part, n == 0 and part.start() == m.start(), names, capitalised,
                         taken, lang, threshold):
                    _add(found, part.start(), "hard-word", part.group(), message(
                        "hard-word", lang, w=quote(part.group()), age=age))
    _caption_issue(found, text, lang, age, [tokens for _, _, tokens in sentences])


def _caption_issue(found, text, lang, age, sentence_tokens):
    """Find a caption with more words or sentences than a child of `age` takes in."""
    max_caption = band(CAPTION_WORDS, age)
    max_sentences = band(CAPTION_SENTENCES, age)
    total_words = sum(len(t) for t in sentence_tokens)
    n_sentences = sum(1 for t in sentence_tokens if t)
    if total_words > max_caption or n_sentences > max_sentences:
        _add(found, len(text) - len(text.lstrip()), "long-caption", text.strip(), message(
            "long-caption", lang, n=total_words, s=n_sentences, age=age, max=max_caption,
            smax=max_sentences))


def _merged(found):
    """Return the issues in text order, one per kind and wording, with all its spans."""
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
    return issues


def _hard(part, initial, names, capitalised_names, taken, lang, threshold):
    """Tell whether one word (or one part of a hyphenated word) is too rare for the child."""
    start, end = part.span()
    if _overlaps(start, end, taken):
        return False
    word = part.group()
    key = _key(word)
    letters = sum(1 for ch in key if ch.isalpha())
    if letters <= 3 or any(ch.isdigit() for ch in key) or not is_latin(key):
        return False
    if _is_name(key, names) or _is_name(key.split("'")[0], names):
        return False
    if word[:1].isupper():
        if len(word) > 1 and word.isupper():
            return False  # an acronym
        if not initial or key in capitalised_names or letters < 12:
            return False  # probably a name
    if len(key) > 40:
        return zipf(key, lang) < threshold
    return not is_common(key, lang, threshold)


def _is_advice(issue):
    """Tell whether a suggestion is advice to the writer ("Zeg wie …"), not words to paste."""
    said = issue["suggestion"] or ""
    return issue["kind"] in ADVICE_KINDS or said.startswith(("Zeg ", "Say "))


def _overlaps(start, end, spans):
    """Tell whether [start, end) overlaps any of the spans."""
    return any(s < end and start < e for s, e in spans)


def _child_names(child):
    """Return the child's names as a list of strings."""
    if isinstance(child, str):
        return [child]
    return [c for c in child or () if isinstance(c, str)]


def _name_keys(names):
    """Return the look-up keys of the names in the story, and of their parts (Anne-Marie)."""
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
    """Tell whether a word is one of the names, maybe with a possessive (Lottes, Mia's)."""
    if key in names:
        return True
    for end in ("'s", "'", "s"):
        if key.endswith(end) and key[: -len(end)] in names:
            return True
    return False


def _negated(text, start, end, lang):
    """Tell whether a blaming phrase is denied: "het is niet jouw schuld", Flemish
    "het is jouw schuld niet", "it was not your fault"."""
    before = WORD_RE.findall(text[max(0, start - 40):start])[-3:]
    if any(_key(w) in _NEGATIONS[lang] or _key(w).endswith("n't") for w in before):
        return True
    after = WORD_RE.findall(text[end:end + 20])[:2]
    return lang == "nl" and any(_key(w) in ("niet", "nooit") for w in after)
