"""Story languages and the parents' second languages, with names and direction."""
from babel import Locale, UnknownLocaleError

STORY_LANGUAGES = ("nl", "en")
INTERFACE_LANGUAGES = ("nl", "en")  # the worker's own pages
# Link pages (invite, review) and the parents' edition speak these; each has a catalogue.
LINK_LANGUAGES = ("nl", "en", "fr", "de", "ar", "tr", "pl", "ro", "bg", "uk", "ru", "so", "ti",
                  "fa", "ps")
# Dari is written as Persian is: its readers get the Persian catalogue.
LINK_ALIASES = {"fa-af": "fa", "prs": "fa"}
OWN_NAMES = {"fa": "فارسی / دری"}  # Afghan readers look for Dari by its own name
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


def link_language(code):
    """Return the link language a code asks for (aliases resolved), or None."""
    code = normalise(code) if isinstance(code, str) else None
    code = LINK_ALIASES.get(code, code)
    return code if code in LINK_LANGUAGES else None


def own_name(code):
    """Return a language's name in that language itself, e.g. 'العربية'."""
    found = OWN_NAMES.get(code) or name(code, code)
    return found[:1].upper() + found[1:]


def link_choices():
    """Return (code, own name, direction) of the link languages, in their fixed order."""
    return [(code, own_name(code), direction(code)) for code in LINK_LANGUAGES]
