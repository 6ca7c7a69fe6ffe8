"""Pen strokes of a scene: validate them, and draw them as smooth, even, colouring-ready lines.

A stroke is {"points": [[x, y], ...], "width": w}: x and y are fractions of the panel (0..1),
like an item's; w is in canvas units (the panel is 400 x 300 units). No Flask here.
"""
from .errors import Invalid

CANVAS_W, CANVAS_H = 400, 300   # the scene's viewBox (scenes.WIDTH, scenes.HEIGHT)
MAX_STROKES = 200
MAX_POINTS = 2_000
WIDTH_MIN, WIDTH_MAX = 1.0, 40.0   # accepted; the drawing never goes below PRINT_MIN_WIDTH
DEFAULT_WIDTH = 8.0
# The panel prints 12-18 cm wide; at its narrowest 400 units are 120 mm, so 1.5 mm is
# 1.5 / (120 / 400) = 5 units. Every stroke is drawn at least this wide.
PRINT_MIN_MM, PRINT_NARROWEST_MM = 1.5, 120.0
PRINT_MIN_WIDTH = PRINT_MIN_MM / (PRINT_NARROWEST_MM / CANVAS_W)
SIMPLIFY_UNITS = 0.6   # Ramer-Douglas-Peucker tolerance, in canvas units (about 0.2 mm)
STROKE_KEYS = {"points", "width"}
_NUMBER = (int, float)   # type() checks: bool is its own type, so True/False never pass
# Coordinates are stored rounded to 4 decimals; one point is then at most "[0.1234, 0.1234], ".
# A scene with strokes may be this long as JSON (about 7.2 MB); the rest of it keeps
# scenes.MAX_JSON. The form limit (MAX_FORM_MEMORY_SIZE) holds it even percent-encoded.
JSON_PER_POINT = len("[0.1234, 0.1234], ")
JSON_PER_STROKE = len('{"points": [], "width": 12.3456}, ')
MAX_JSON = MAX_STROKES * (MAX_POINTS * JSON_PER_POINT + JSON_PER_STROKE)


def clean(value):
    """Validate a scene's "strokes" list and return a normalised copy; raise Invalid."""
    if not isinstance(value, list):
        raise Invalid("scene_bad_stroke")
    if len(value) > MAX_STROKES:
        raise Invalid("scene_too_many_strokes", max=MAX_STROKES)
    return [_stroke(stroke) for stroke in value]


def _stroke(stroke):
    if not isinstance(stroke, dict) or set(stroke) - STROKE_KEYS:
        raise Invalid("scene_bad_stroke")
    width = stroke.get("width", DEFAULT_WIDTH)
    if type(width) not in _NUMBER or not WIDTH_MIN <= width <= WIDTH_MAX:  # NaN fails too
        raise Invalid("scene_bad_stroke")
    points = stroke.get("points")
    if not isinstance(points, list) or not points:
        raise Invalid("scene_bad_stroke")
    if len(points) > MAX_POINTS:
        raise Invalid("scene_stroke_too_long", max=MAX_POINTS)
    for point in points:
        if type(point) is not list or len(point) != 2:
            raise Invalid("scene_bad_stroke")
        x, y = point
        if type(x) not in _NUMBER or type(y) not in _NUMBER:
            raise Invalid("scene_bad_stroke")
        if not (0 <= x <= 1 and 0 <= y <= 1):   # NaN and infinities fail here as well
            raise Invalid("scene_out_of_range")
    return {"points": [[round(float(x), 4), round(float(y), 4)] for x, y in points],
            "width": round(float(width), 4)}


# --- drawing -------------------------------------------------------------------------------

def _n(value):
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def simplify(points, tolerance=SIMPLIFY_UNITS):
    """Ramer-Douglas-Peucker: drop points closer than tolerance to the line they sit on."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                dist = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                dist = cross * cross / length
            if dist > worst:
                worst, index = dist, i
        if worst > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def path(points):
    """The d attribute of a smooth curve through the points (Catmull-Rom as cubic Beziers)."""
    if len(points) == 1:
        x, y = points[0]
        return f"M{_n(x)} {_n(y)}l0 0"   # a dot: a zero-length line with round caps
    if len(points) == 2:
        (ax, ay), (bx, by) = points
        return f"M{_n(ax)} {_n(ay)}L{_n(bx)} {_n(by)}"
    out = [f"M{_n(points[0][0])} {_n(points[0][1])}"]
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = padded[i - 1:i + 3]
        out.append(f"C{_n(x1 + (x2 - x0) / 6)} {_n(y1 + (y2 - y0) / 6)} "
                   f"{_n(x2 - (x3 - x1) / 6)} {_n(y2 - (y3 - y1) / 6)} {_n(x2)} {_n(y2)}")
    return "".join(out)


def draw(strokes):
    """The strokes as one SVG group: black, round caps and joins, never thinner than print."""
    if not strokes:
        return ""
    out = ['<g data-strokes="" fill="none" stroke="#000" stroke-linecap="round" '
           'stroke-linejoin="round">']
    for index, stroke in enumerate(strokes):
        points = simplify([(x * CANVAS_W, y * CANVAS_H) for x, y in stroke["points"]])
        width = max(stroke["width"], PRINT_MIN_WIDTH)
        out.append(f'<path data-stroke="{index}" stroke-width="{_n(width)}" d="{path(points)}"/>')
    out.append("</g>")
    return "".join(out)
