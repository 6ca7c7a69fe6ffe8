"""Story languages and the parents' second languages, with names and direction."""
from babel import Locale, UnknownLocaleError

STORY_LANGUAGES = ("nl", "en")
INTERFACE_LANGUAGES = ("nl", "en")
# Languages families in Flanders often read; any other valid code is accepted too.
COMMON_SECOND = ("ar", "fr", "tr", "pl", "ro", "bg", "uk", "ru", "so", "ti", "fa", "fa-af",
                 "ps", "ku", "am", "es", "pt", "it", "de", "en", "nl", "sq", "ur", "zh")


def normalise(code):
    """Return a lower-case language code, or None when empty."""
    code = (code or "").strip().replace("_", "-").lower()
    return code or None


def is_valid(code):
    """Tell whether babel knows this language code."""
    try:
        Locale.parse(code, sep="-")
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def direction(code):
    """Return 'rtl' or 'ltr' for a language code."""
    if not code or not is_valid(code):
        return "ltr"
    return "rtl" if Locale.parse(code, sep="-").text_direction == "rtl" else "ltr"


def name(code, in_language="nl"):
    """Return the language's name in the interface language, e.g. 'Arabisch'."""
    try:
        return Locale.parse(code, sep="-").get_display_name(in_language) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def choices(in_language="nl"):
    """Return (code, name) pairs of the common second languages, sorted by name."""
    pairs = [(code, name(code, in_language)) for code in COMMON_SECOND if is_valid(code)]
    return sorted(pairs, key=lambda p: p[1].lower())
