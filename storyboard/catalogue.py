"""Texts in a story's language, read from the Babel catalogue outside any request (no Flask).

The coach's advice, the book's own words and the starting questions speak the story's
language, whatever language the interface speaks. The code holds them in English, marked
with :func:`N_`; that English is the msgid, and the Dutch lives in
translations/nl/LC_MESSAGES/messages.po like every other text.
"""
from functools import cache

from babel.support import NullTranslations, Translations

from . import config

SOURCE_LANGUAGE = "en"


def N_(text):
    """Mark a text for extraction; translate it where it is used, with :func:`gettext`."""
    return text


def translations_dir():
    """Return the directory of the compiled catalogues, the one the app reads too."""
    return config.ROOT / "translations"


@cache
def translations(lang):
    """Return the catalogue of a language; English, the source, and unknown ones need none."""
    folder = translations_dir()
    if lang == SOURCE_LANGUAGE or not (isinstance(lang, str) and lang.isalpha()
                                       and (folder / lang).is_dir()):
        return NullTranslations()
    found = Translations.load(dirname=str(folder), locales=[lang])
    if not isinstance(found, Translations):
        # Failing beats a Dutch book quietly printed with English words.
        raise LookupError(f"no compiled catalogue for {lang!r} in {folder}: "
                          "run `pybabel compile -d translations`")
    return found


def gettext(text, lang):
    """Return a marked text in the given language."""
    return translations(lang).gettext(text)


def translated(texts, lang):
    """Return a {name: marked text} table with every text in the given language."""
    return {name: gettext(text, lang) for name, text in texts.items()}
