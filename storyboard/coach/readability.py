"""How easy a text reads: Flesch-Douma (nl) or Flesch reading ease (en), and the level."""
from .ages import DEFAULT_AGE, LEVEL_BANDS, band, clamp_age
from .lexicon import check_lang
from .messages import message
from .sentences import spans
from .syllables import syllables
from .tokens import WORD_RE, as_text


def readability(text, lang):
    """Return Flesch-Douma (nl) or Flesch reading ease (en), clamped to 0..100.

    Higher is easier; an empty text scores 100.
    """
    lang = check_lang(lang)
    return score([as_text(text)], lang)


def story_level(captions, lang, age=DEFAULT_AGE):
    """Return the readability of a whole story: all captions' sentences and words together."""
    lang = check_lang(lang)
    age = clamp_age(age)
    if isinstance(captions, str):
        captions = [captions]
    value = score([as_text(c) for c in (captions or ())], lang)
    return {"score": value, "level": level(value, lang, age)}


def score(texts, lang):
    """Return the readability of texts read one after the other."""
    sentences, words, sylls = _counts(texts, lang)
    if not words:
        return 100.0
    if lang == "nl":  # Flesch-Douma
        value = 206.835 - 0.93 * (words / sentences) - 77 * (sylls / words)
    else:  # Flesch reading ease
        value = 206.835 - 1.015 * (words / sentences) - 84.6 * (sylls / words)
    return round(max(0.0, min(100.0, value)), 1)


def level(value, lang, age):
    """Return how hard a score is for a child of `age`, as words: "easy for age 6"."""
    easy, middle = band(LEVEL_BANDS, age)
    name = "easy" if value >= easy else "a-bit-hard" if value >= middle else "hard"
    return message(name, lang, age=age)


def _counts(texts, lang):
    """Count the sentences, words and syllables of texts."""
    sentences = words = sylls = 0
    for text in texts:
        for start, end in spans(text):
            tokens = WORD_RE.findall(text, start, end)
            if tokens:
                sentences += 1
                words += len(tokens)
                sylls += sum(syllables(t, lang) for t in tokens)
    return sentences, words, sylls
