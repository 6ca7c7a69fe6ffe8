"""Splitting a caption into sentences, past abbreviations and initials."""
import re

LINE_BREAK = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
_END_RE = re.compile(rf"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?=\s|$)|[{LINE_BREAK}]+")
_ABBREVIATIONS = frozenset("""
    bv bijv vb dr drs mr mrs ms mevr mw dhr hr nr nrs enz etc ca resp evt incl excl max min
    st sr jr prof ir lic vs e.g i.e o.a d.w.z m.a.w a.u.b z.g.a.n t.a.v i.p.v p.s n.v.t
    tel blz
""".split())


def spans(text):
    """Return the (start, end) spans of the sentences, trimmed of whitespace."""
    pieces, start = [], 0
    for m in _END_RE.finditer(text):
        if not _is_sentence_end(text, m):
            continue
        end = m.end() if m.group()[0] not in LINE_BREAK else m.start()
        pieces.append((start, end))
        start = m.end()
    pieces.append((start, len(text)))
    out = []
    for s, e in pieces:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped)))
    return out


def _is_sentence_end(text, m):
    """Tell whether an end mark ends a sentence: a full stop after "bv" or "J" does not."""
    mark = m.group()
    if mark[0] in LINE_BREAK or mark[0] != "." or len(mark.rstrip("\"'\u2019\u201d\u00bb)]")) > 1:
        return True
    before = re.search(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$", text[max(0, m.start() - 20):m.start()])
    if before:
        word = before.group(1)
        if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            return False
    after = re.match(r"\s*(\S)", text[m.end():m.end() + 40])
    if after and after.group(1).islower():
        return False
    return True
