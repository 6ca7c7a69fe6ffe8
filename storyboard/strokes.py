"""Pen strokes of a scene: validate them, and draw them as smooth, even, colouring-ready lines.

A stroke is {"points": [[x, y], ...], "width": w}: x and y are fractions of the panel (0..1),
like an item's; w is in canvas units (the panel is 400 x 300 units). No Flask here.
"""
import math
from itertools import chain, repeat

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
_NUMBER_TYPES = frozenset(_NUMBER)
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
    # Whole-list checks run at C speed: a save of 200 lines must stay quick.
    if set(map(type, points)) != {list} or set(map(len, points)) != {2}:
        raise Invalid("scene_bad_stroke")
    flat = list(chain.from_iterable(points))
    if not set(map(type, flat)) <= _NUMBER_TYPES:   # bool is its own type: never a number here
        raise Invalid("scene_bad_stroke")
    if not math.isfinite(sum(flat)) or min(flat) < 0 or max(flat) > 1:   # NaN, inf, outside
        raise Invalid("scene_out_of_range")
    width = round(width + 0.0, 4)
    key = (width, tuple(flat))
    cleaned = _CLEANED.get(key)   # the autosave sends every line again: most are known
    if cleaned is None:
        values = iter(map(round, map(float, flat), repeat(4)))
        # Stored rounded and simplified (clean even lines, and small: every save snapshots the
        # story). Ramer-Douglas-Peucker keeps a subset of the points: cleaning is idempotent.
        # kept as tuples of floats, which the cycle collector does not have to walk
        cleaned = tuple(map(tuple, simplify(list(zip(values, values)))))
        _remember(_CLEANED, key, cleaned)
    return {"points": list(map(list, cleaned)), "width": width}


class _Cache(dict):
    """Lines seen lately, by their numbers; emptied when it holds CACHE_POINTS points."""
    points = 0


_CLEANED, _PATHS = _Cache(), _Cache()
CACHE_POINTS = 200_000   # per cache, some 20 MB at most


def _remember(cache, key, value):
    if cache.points + len(key[1]) // 2 > CACHE_POINTS:
        cache.clear()
        cache.points = 0
    cache[key] = value
    cache.points += len(key[1]) // 2


# --- drawing -------------------------------------------------------------------------------

def simplify(points, tolerance=SIMPLIFY_UNITS, sx=CANVAS_W, sy=CANVAS_H):
    """Ramer-Douglas-Peucker on points in panel fractions, the tolerance in canvas units:
    drop every point closer than that to the line its neighbours span."""
    count = len(points)
    if count < 3:
        return list(points)
    xs = [p[0] * sx for p in points]
    ys = [p[1] * sy for p in points]
    keep = [False] * count
    keep[0] = keep[-1] = True
    stack = [(0, count - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        ax, ay = xs[first], ys[first]
        dx, dy = xs[last] - ax, ys[last] - ay
        length = math.hypot(dx, dy)
        if length == 0:
            dists = [math.hypot(xs[i] - ax, ys[i] - ay) for i in range(first + 1, last)]
        else:
            dists = [abs(dx * (ys[i] - ay) - dy * (xs[i] - ax)) / length
                     for i in range(first + 1, last)]
        worst = max(dists)
        if worst > tolerance:
            index = first + 1 + dists.index(worst)
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def path(points):
    """The d attribute of a smooth curve through the points (Catmull-Rom as cubic Beziers).

    Points are in tenths of a canvas unit and written as whole numbers (fast, and finer than
    a printer's dot); draw() scales its group by 0.1.
    """
    if len(points) == 1:
        x, y = points[0]
        return f"M{round(x)} {round(y)}l0 0"   # a dot: a zero-length line with round caps
    if len(points) == 2:
        (ax, ay), (bx, by) = points
        return f"M{round(ax)} {round(ay)}L{round(bx)} {round(by)}"
    out = [f"M{round(points[0][0])} {round(points[0][1])}"]
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = padded[i - 1:i + 3]
        out.append(f"C{round(x1 + (x2 - x0) / 6)} {round(y1 + (y2 - y0) / 6)} "
                   f"{round(x2 - (x3 - x1) / 6)} {round(y2 - (y3 - y1) / 6)} "
                   f"{round(x2)} {round(y2)}")
    return "".join(out)


_last = (None, "")   # the editor draws the same scene twice per save (thumb and panel)


def draw(strokes):
    """The strokes as one SVG group: black, round caps and joins, never thinner than print."""
    global _last
    if not strokes:
        return ""
    if _last[0] is strokes:   # the very same list object (kept alive here, so ids are safe)
        return _last[1]
    out = ['<g data-strokes="" transform="scale(.1)" fill="none" stroke="#000" '
           'stroke-linecap="round" stroke-linejoin="round">']
    sx, sy = CANVAS_W * 10, CANVAS_H * 10
    for index, stroke in enumerate(strokes):
        key = (stroke["width"], tuple(chain.from_iterable(stroke["points"])))
        d = _PATHS.get(key)
        if d is None:
            d = path([(x * sx, y * sy) for x, y in stroke["points"]])  # simplified when cleaned
            _remember(_PATHS, key, d)
        width = round(max(stroke["width"], PRINT_MIN_WIDTH) * 10)
        out.append(f'<path data-stroke="{index}" stroke-width="{width}" d="{d}"/>')
    out.append("</g>")
    markup = "".join(out)
    _last = (strokes, markup)
    return markup
