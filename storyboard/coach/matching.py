"""The phrase matcher: finds the entries of a word list in a caption as whole words."""
import re

from .tokens import INVISIBLE, INVISIBLE_RE, fold


def form_pattern(form):
    """Return the regex for a phrase: flexible spaces, either apostrophe, any hyphen."""
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


def inflections(form, lang):
    """Return the form plus simple plurals and possessives of its last word."""
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


class Matcher:
    """Finds any of a list of phrases as whole words; maps a hit back to its entry."""

    def __init__(self, entries, lang, inflect):
        self.by_form = {}
        self.exact = {}
        for entry in entries:
            for form in [entry["key"]] + list(entry.get("also", ())):
                forms = inflections(form, lang) if inflect else {form}
                for f in forms:
                    # Capitals mark names and acronyms (OCJ, Kind en Gezin): match those as written.
                    if any(c.isupper() for c in f):
                        self.exact.setdefault(f, entry)
                    else:
                        self.by_form.setdefault(fold(f), entry)
        self.regexes = []
        for table, flags in ((self.by_form, re.IGNORECASE), (self.exact, 0)):
            if table:
                alts = "|".join(form_pattern(f) for f in sorted(table, key=len, reverse=True))
                self.regexes.append((re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", flags),
                                     table is self.exact))

    def find(self, text):
        """Yield (start, end, entry) for each hit, longest first where hits overlap.

        Invisible characters (a soft hyphen in "jeugd\u00adrechter") are looked through;
        the span returned is that of the original text."""
        positions = None
        if INVISIBLE_RE.search(text):
            positions = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
            text = "".join(text[i] for i in positions)
        hits = []
        for regex, exact in self.regexes:
            for m in regex.finditer(text):
                entry = (self.exact.get(m.group()) if exact else
                         self.by_form.get(fold(m.group())))
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
