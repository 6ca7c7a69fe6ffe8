"""Blame on the child however it is said: by name, as a cause, as a label (no Flask).

Words and Pictures stories speak of the child by name, so "jouw schuld" is the rare form;
"Het was de schuld van Noor", "Omdat Noor het vertelde, kwam de politie" and "Noor was
stout" are the common ones. These rules find them; negations ("niet de schuld van Noor")
and praise ("Omdat Noor het vertelde, kon de juf helpen") are left alone. "Stout" about a
grown-up is told apart: it gets its own message, not the child's.
"""
import re

from .messages import message, quote

GENERIC = {"nl": ("het kind", "de kleine", "dit kind"), "en": ("the child", "this child")}

GROWN_UPS = {
    "nl": """mama mam mams moeder papa pap paps vader oma opa bomma bompa meme pepe tante
             nonkel oom juf juffrouw meester meneer mevrouw man vrouw agent politie
             stiefmama stiefpapa plusmama pluspapa ouders grote""".split(),
    "en": """mum mom mummy mommy mother dad daddy father gran granny grandma grandad grandpa
             nan nana aunt auntie uncle teacher miss sir man woman officer police parents
             stepmum stepdad grown-up grown-ups adult""".split(),
}
PRAISE = {
    "nl": """goed knap dapper flink moedig sterk slim fijn trots blij dankzij helpen hielp
             hielpen helpt veilig""".split(),
    "en": """good well brave right clever proud glad helped help helps safe strong""".split(),
}
NEGATIONS = {"nl": ("niet", "nooit", "geen"), "en": ("not", "never", "no")}
LABELS = {
    "nl": """stout stoute stouter stouterik brutaal brutale ondeugend ondeugende onhandelbaar
             onhandelbare""".split(),
    "en": """naughty naughtier rude cheeky disobedient troublesome""".split(),
}

_END = r"[^.!?\n]"  # stay inside one sentence


def _patterns(lang, child):
    """Return (rule, compiled regex) pairs for a child reference pattern."""
    c = rf"(?:{child})"
    if lang == "nl":
        rules = [
            ("fault", rf"\bschuld\s+van\s+{c}\b"),
            ("fault", rf"\bfout\s+van\s+{c}\b"),
            ("fault", rf"\b{c}(?:'s|’s|s)?\s+(?:zijn\s+|haar\s+)?(?:schuld|fout)\b"),
            ("fault", rf"\b{c}\s+(?:had|heeft|kreeg|krijgt)\s+(?:de\s+)?schuld\b"),
            ("fault", rf"\b{c}\s+(?:was|is|waren)\s+(?:de\s+)?schuldig(?:e)?\b"),
            ("cause", rf"\b(?:omdat|doordat|want)\s+{c}\b"),
            ("cause", rf"\bdoor\s+{c}(?:'s|’s|s)?\s+(?:schuld|fout)\b"),
            ("door", rf"\bdoor\s+(?:wat\s+)?{c}\b"),
            ("then", rf"(?:(?<=^)|(?<=[.!?]))\s*{c}\b{_END}*[.!?]+\s*(?:daarom|daardoor|"
                     rf"door\s+dat|dus)\b"),
            ("cause", rf"\b(?:wegens|vanwege)\s+{c}\b"),
            ("if", rf"\bals\s+{c}\b{_END}*?\b(?:geweest|had|hadden|was)\b"),
            ("if", rf"\b(?:had|was)\s+{c}\s+(?:maar|nu\s+maar){_END}*"),
        ]
    else:
        rules = [
            ("fault", rf"\b{c}(?:'s|’s|s'|')\s+fault\b"),
            ("fault", rf"\bfault\s+of\s+{c}\b"),
            ("fault", rf"\b{c}\s+(?:was|is|were)\s+(?:to\s+blame|at\s+fault|the\s+reason|"
                      rf"guilty|responsible)\b"),
            ("fault", rf"\bblame[sd]?\s+{c}\b"),
            ("fault", rf"\b{c}\s+(?:caused|made\s+\w+\s+(?:leave|go|cry|drink|angry|sad|"
                      rf"hit|shout))\b"),
            ("cause", rf"\bbecause\s+(?:of\s+)?(?:what\s+)?{c}\b"),
            ("then", rf"(?:(?<=^)|(?<=[.!?]))\s*{c}\b{_END}*[.!?]+\s*(?:so|that's\s+why|"
                     rf"that\s+is\s+why|because\s+of\s+that)\b"),
            ("cause", rf"\b(?:due\s+to|owing\s+to)\s+{c}\b"),
            ("if", rf"\bif\s+(?:only\s+)?{c}\b{_END}*?\b(?:had|hadn't|'d|would|were|been)\b"),
        ]
    return [(rule, re.compile(pattern, re.IGNORECASE)) for rule, pattern in rules]


def _possessive(lang):
    if lang == "nl":
        return re.compile(r"\b(?:zijn|haar)\s+(?:schuld|fout)\b", re.IGNORECASE)
    return re.compile(r"\b(?:his|her|their)\s+fault\b", re.IGNORECASE)


def _child_pattern(lang, child_names):
    """Return a regex alternation for the child: their names, else generic words."""
    words = []
    for name in child_names or ():
        words += [w for w in re.findall(r"[^\W\d_][\w'’-]*", name or "") if len(w) >= 2]
    words += GENERIC[lang]
    unique = sorted({w.lower(): w for w in words}.values(), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def _sentence(text, start, end):
    """Return the bounds of the sentence around [start, end)."""
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in ".!?\n") if i != -1]
    return left, min(rights) + 1 if rights else len(text)


def _words(text):
    return [w.lower() for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)]


def _negated(text, start, end, lang):
    """Tell whether a hit is denied: "niet de schuld van Noor", "de schuld van Noor niet"."""
    before = _words(text[max(0, start - 30):start])[-3:]
    after = _words(text[end:end + 15])[:2]
    neg = NEGATIONS[lang]
    return (any(w in neg or w.endswith("n't") for w in before)
            or (lang == "nl" and any(w in ("niet", "nooit") for w in after)))


def _passive(before):
    return any(w in ("werd", "werden", "wordt", "worden", "geworden") for w in _words(before))


def _praised(sentence, lang):
    return any(w in PRAISE[lang] for w in _words(sentence))


def _who(text, start, lang, child_re):
    """Return the grown-up a label is about, or None when it is (or may be) the child."""
    best, best_at = None, -1
    for m in re.finditer(rf"\b(?:{child_re})\b", text[:start], re.IGNORECASE):
        best, best_at = None, m.start()
    for m in re.finditer(r"[^\W\d_][\w-]*", text[:start]):
        if m.group().lower() in GROWN_UPS[lang] and m.start() > best_at:
            best, best_at = m.group(), m.start()
    return best


def find(text, lang, child_names=(), name=None, taken=()):
    """Yield (start, end, message, suggestion, kind) for every blame on the child."""
    if lang not in GENERIC:
        return
    child_re = _child_pattern(lang, child_names)
    child = name or (child_names[0] if child_names else message("child", lang))
    seen = list(taken)  # a span is explained once, by the first rule that finds it
    yield from _by_rule(text, lang, child_re, child, seen)
    yield from _possessives(text, lang, seen)
    yield from _labels(text, lang, child_re, child, seen)


def _overlaps(start, end, seen):
    """Tell whether [start, end) overlaps a span already explained."""
    return any(s < end and start < e for s, e in seen)


def _by_rule(text, lang, child_re, child, seen):
    """Yield the child named as at fault, as the cause, or in a what-if."""
    for rule, regex in _patterns(lang, child_re):
        for m in regex.finditer(text):
            start, end = m.start() + len(m.group()) - len(m.group().lstrip()), m.end()
            if _overlaps(start, end, seen) or _negated(text, start, end, lang):
                continue
            left, right = _sentence(text, start, end)
            if rule == "then":  # "Noor vertelde het. Daarom kwam de politie.": the second one
                start = end - len(re.search(r"\w+(?:\s+\w+)*$", m.group()).group())
                left, right = _sentence(text, start, end)
            sentence = text[left:right]
            if rule in ("cause", "door", "then") and _praised(sentence, lang):
                continue
            if rule == "door" and _passive(text[left:start]):
                continue  # "De tekening werd door Noor gemaakt": Noor made it, no cause
            rule = "cause" if rule in ("door", "then") else rule
            seen.append((start, end))
            yield (start, end, message(rule, lang, w=quote(text[start:end]), child=child),
                   message(f"{rule}-say", lang, child=child), "blame")


def _possessives(text, lang, seen):
    """Yield "zijn schuld", "her fault": someone, perhaps the child, is to blame."""
    for m in _possessive(lang).finditer(text):
        if _overlaps(m.start(), m.end(), seen) or _negated(text, m.start(), m.end(), lang):
            continue
        seen.append((m.start(), m.end()))
        yield (m.start(), m.end(), message("possessive", lang, w=quote(m.group())),
               message("possessive-say", lang), "blame")


def _labels(text, lang, child_re, child, seen):
    """Yield labels such as "stout": on the child as blame, on a grown-up as a label."""
    label_re = re.compile(rf"\b(?:{'|'.join(LABELS[lang])})\b", re.IGNORECASE)
    for m in label_re.finditer(text):
        if _overlaps(m.start(), m.end(), seen) or _negated(text, m.start(), m.end(), lang):
            continue
        seen.append((m.start(), m.end()))
        quoted = quote(m.group())
        who = _who(text, m.start(), lang, child_re)
        if who:
            yield (m.start(), m.end(), message("grown-up", lang, w=quoted, who=who),
                   message("grown-up-say", lang, who=who, Who=who[:1].upper() + who[1:]),
                   "label")
        else:
            yield (m.start(), m.end(), message("label", lang, w=quoted, child=child),
                   message("label-say", lang, child=child), "blame")
