"""Names under figures: sized with their figure, kept inside the panel, never on one another.

Pure functions: the same labels always give the same layout and the same SVG bytes.
"""
from xml.sax.saxutils import escape

FONT_MIN, FONT_MAX = 14.0, 24.0
FONT_AT_SCALE_1 = 20.0   # a name under a figure of scale 1 (150 canvas units tall)
ASCENT, DESCENT = 1.22, 0.39   # Andika's line box, in em: what a browser's getBBox reports
TUCK = 0.3               # em of the line box's empty top that may overlap the figure's square
GAP = 2.0                # canvas units kept between two names
FAMILY = "Andika, DejaVu Sans, sans-serif"
# Andika Bold advance widths for " " to "~", in hundredths of an em (read from the font).
_WIDTHS = (27, 38, 53, 61, 61, 76, 66, 31, 42, 42, 51, 59, 32, 44, 35, 53, 61, 61, 61, 61, 61,
           61, 61, 61, 61, 61, 35, 35, 59, 59, 59, 53, 85, 73, 68, 68, 73, 59, 59, 72, 74, 51,
           50, 70, 55, 91, 75, 73, 62, 75, 67, 61, 62, 73, 72, 104, 67, 67, 61, 42, 53, 42, 43,
           63, 31, 61, 59, 50, 62, 54, 39, 58, 60, 31, 33, 56, 31, 86, 61, 57, 60, 59, 49, 51,
           43, 61, 54, 77, 58, 54, 52, 51, 34, 51, 54)
_OTHER = 62  # any other letter (é, ş, ع): about an average capital


def font_size(scale):
    """Return the font size for a name under an item of this scale, within readable bounds."""
    return min(max(round(FONT_AT_SCALE_1 * scale * 2) / 2, FONT_MIN), FONT_MAX)


def text_width(text, size):
    """Return the width the name is drawn at (the SVG forces it with textLength)."""
    hundredths = sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else _OTHER for c in text)
    return hundredths * size / 100


def halo(size):
    """Return the width of the white stroke drawn under the letters."""
    return round(size * 0.3, 2)


def layout(wanted, width, height):
    """Place each wanted name; return boxes {text, size, x, y, w, h} (x, y: top left).

    wanted: [{"text", "cx", "top", "scale"}], cx the centre of the figure, top the bottom of
    its square. Names are placed in order; a name that would touch one placed before moves
    to the nearest free spot beside, under or over the others, inside the panel.
    """
    placed = []
    for want in wanted:
        box = _box(want, width)
        box = _clamp(box, width, height)
        if any(_touch(box, other) for other in placed):
            box = _nearest_free(box, placed, width, height)
        placed.append(box)
    return placed


def _box(want, width):
    size = font_size(want["scale"])
    text_w = text_width(want["text"], size)
    if text_w + halo(size) > width:  # a very long name shrinks to the panel's width
        size = size * (width - halo(size)) / (text_w + halo(size))
        text_w = text_width(want["text"], size)
    w = text_w + halo(size)
    top = want["top"] - TUCK * size
    return {"text": want["text"], "size": size, "x": want["cx"] - w / 2, "y": top, "w": w,
            "h": (ASCENT + DESCENT) * size}


def _clamp(box, width, height):
    x = min(max(box["x"], 0.0), width - box["w"])
    y = min(max(box["y"], 0.0), height - box["h"])
    return dict(box, x=x, y=y)


def _touch(a, b):
    return (a["x"] < b["x"] + b["w"] + GAP and b["x"] < a["x"] + a["w"] + GAP and
            a["y"] < b["y"] + b["h"] + GAP and b["y"] < a["y"] + a["h"] + GAP)


def _nearest_free(box, placed, width, height):
    """Return the free spot nearest the wanted one (sideways preferred), else the wanted one."""
    spots = []
    for other in placed:
        spots += [(other["x"] - box["w"] - GAP, box["y"]),
                  (other["x"] + other["w"] + GAP, box["y"]),
                  (box["x"], other["y"] + other["h"] + GAP),
                  (box["x"], other["y"] - box["h"] - GAP)]
    # a coarse scan of the panel too, for when the spots next to the others are all taken
    spots += [(x, y) for y in range(0, int(height), 8) for x in range(0, int(width), 8)]
    free = [c for c in (_clamp(dict(box, x=x, y=y), width, height) for x, y in spots)
            if not any(_touch(c, other) for other in placed)]
    if not free:
        return box
    # moving up or down takes a name further from its figure than moving sideways
    return min(free, key=lambda c: (c["x"] - box["x"]) ** 2 + 2 * (c["y"] - box["y"]) ** 2)


def _n(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def draw(boxes, indexes):
    """Return the names as SVG: hollow letters (for colouring) on a white halo."""
    out = []
    for box, index in zip(boxes, indexes):
        size = box["size"]
        text_w = box["w"] - halo(size)
        at = (f'x="{_n(box["x"] + box["w"] / 2)}" y="{_n(box["y"] + ASCENT * size)}" '
              f'textLength="{_n(text_w)}" lengthAdjust="spacingAndGlyphs"')
        text = escape(box["text"])
        out.append(
            f'<g data-label="{index}" font-family="{FAMILY}" font-weight="700" '
            f'font-size="{_n(size)}" text-anchor="middle" stroke-linejoin="round">'
            f'<text {at} fill="#fff" stroke="#fff" stroke-width="{_n(halo(size))}">{text}</text>'
            f'<text {at} fill="#fff" stroke="#000" stroke-width="{_n(max(1.2, size / 15))}">'
            f'{text}</text></g>')
    return "".join(out)
