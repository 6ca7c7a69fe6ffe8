"""Scene JSON: validate it, and draw it to one deterministic SVG (no Flask)."""
import json
import math
import re
from xml.sax.saxutils import escape

from . import cast, labels, library, strokes
from .errors import Invalid

WIDTH, HEIGHT = 400, 300
ITEM_UNITS = 150          # an item's side at scale 1, in canvas units
MAX_ITEMS = 8
MAX_BUBBLES = 3
MAX_PARTS = 6
LABEL_MAX = 24
BUBBLE_MAX = 60
MAX_JSON = 20_000
SCALE_MIN, SCALE_MAX = 0.4, 2.0
FEELINGS = ("happy", "sad", "angry", "scared", "worried", "calm", "surprised", "confused")
ITEM_KEYS = {"id", "x", "y", "scale", "flip", "label", "feeling", "parts"}
CAST_KEYS = {"cast", "x", "y", "scale", "flip", "pose", "feeling"}
SCENE_KEYS = {"place", "items", "bubbles", "strokes"}
BUBBLE_KEYS = {"kind", "text", "x", "y", "flip"}
CANONICAL_HEAD = (100.0, 100.0, 40.0)


def parse(raw, members=None):
    """Parse scene JSON text (or an already-decoded value) and return the cleaned scene.

    members is the story's cast: a scene may place only people the story has."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, (str, bytes)):
        marker = b'"strokes"' if isinstance(raw, bytes) else '"strokes"'
        if len(raw) > (strokes.MAX_JSON if marker in raw else MAX_JSON):
            raise Invalid("scene_too_big")
        try:
            decoded = json.loads(raw, parse_constant=_refuse_constant)
            # Only pen strokes may take the JSON past MAX_JSON; everything else keeps it.
            if len(raw) > MAX_JSON and (not isinstance(decoded, dict) or len(json.dumps(
                    {k: v for k, v in decoded.items() if k != "strokes"})) > MAX_JSON):
                raise Invalid("scene_too_big")
        except (ValueError, RecursionError):
            raise Invalid("scene_bad_json") from None
        raw = decoded
    return clean(raw, members)


def _refuse_constant(name):
    raise ValueError(name)  # NaN and Infinity are not numbers a scene can use


def clean(scene, members=None):
    """Validate a decoded scene and return a normalised copy; raise Invalid on any problem."""
    if scene is None:
        return None
    if not isinstance(scene, dict) or set(scene) - SCENE_KEYS:
        raise Invalid("scene_bad_json")
    place = scene.get("place")
    if place is not None and (not isinstance(place, str) or library.category(place) != "places"):
        raise Invalid("scene_unknown_picture", name=str(place)[:40])
    items = _list(scene.get("items", []), MAX_ITEMS, "scene_too_many_items")
    bubbles = _list(scene.get("bubbles", []), MAX_BUBBLES, "scene_too_many_bubbles")
    lines = strokes.clean(scene.get("strokes", []))
    people = cast.by_id(members or [])
    return {"place": place, "items": [_item(i, people) for i in items],
            "bubbles": [_bubble(b) for b in bubbles], **({"strokes": lines} if lines else {})}


def _list(value, limit, code):
    if not isinstance(value, list):
        raise Invalid("scene_bad_json")
    if len(value) > limit:
        raise Invalid(code, max=limit)
    return value


def _number(value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid("scene_bad_json")
    if not low <= value <= high:
        raise Invalid("scene_out_of_range")
    return round(float(value), 4)


def _text(value, limit, code):
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid("scene_bad_json")
    text = " ".join(value.split())  # no control characters or line breaks survive
    if len(text) > limit:
        raise Invalid(code, max=limit)
    return text or None


def _item(item, people):
    if isinstance(item, dict) and "cast" in item:
        return _placed(item, people)
    if not isinstance(item, dict) or set(item) - ITEM_KEYS:
        raise Invalid("scene_bad_json")
    item_id = item.get("id")
    base = library.part(item_id) if isinstance(item_id, str) else None
    if not isinstance(item_id, str) or not (library.get(item_id) or
                                            (base and base.get("kind") == "base")):
        raise Invalid("scene_unknown_picture", name=str(item_id)[:40])
    return {"id": item_id, **_placing(item),
            "label": _text(item.get("label"), LABEL_MAX, "scene_label_too_long"),
            "parts": _parts(item.get("parts", []), base)}


def _placing(item):
    """Clean what every item has: where, how big, which way, and the feeling it shows."""
    feeling = item.get("feeling")
    if feeling is not None and feeling not in FEELINGS:
        raise Invalid("scene_unknown_feeling")
    flip = item.get("flip", False)
    if not isinstance(flip, bool):
        raise Invalid("scene_bad_json")
    return {"x": _number(item.get("x", 0.5), 0, 1), "y": _number(item.get("y", 0.5), 0, 1),
            "scale": _number(item.get("scale", 1), SCALE_MIN, SCALE_MAX), "flip": flip,
            "feeling": feeling}


def _placed(item, people):
    """Clean a placed cast member: who, where, how big, which way, in which pose, feeling."""
    if set(item) - CAST_KEYS:
        raise Invalid("scene_bad_json")
    member = people.get(item["cast"]) if isinstance(item["cast"], str) else None
    if member is None:
        raise Invalid("scene_unknown_person")
    pose = item.get("pose") or cast.STANDING
    if not isinstance(pose, str) or cast.base_for(member["figure"], pose) is None:
        raise Invalid("scene_unknown_pose")
    return {"cast": member["id"], **_placing(item), "pose": pose}


def _parts(value, base):
    value = _list(value, MAX_PARTS, "scene_too_many_parts")
    if value and base is None:
        raise Invalid("scene_parts_need_figure")
    size = base["fits"][0] if base else None
    # body parts (wheelchair, walking stick) are drawn for the standing figure only
    kinds = ("head", "body") if base and base.get("pose", "standing") == "standing" else ("head",)
    cleaned = []
    for part_id in value:
        entry = library.part(part_id) if isinstance(part_id, str) else None
        if entry is None or entry.get("kind") not in kinds or \
                size not in entry.get("fits", []) or part_id.startswith("expr-"):
            raise Invalid("scene_unknown_part", name=str(part_id)[:40])
        if part_id not in cleaned:
            cleaned.append(part_id)
    return cleaned


def _bubble(bubble):
    if not isinstance(bubble, dict) or set(bubble) - BUBBLE_KEYS:
        raise Invalid("scene_bad_json")
    if bubble.get("kind", "speech") not in ("speech", "thought"):
        raise Invalid("scene_bad_json")
    flip = bubble.get("flip", False)
    if not isinstance(flip, bool):
        raise Invalid("scene_bad_json")
    return {"kind": bubble.get("kind", "speech"),
            "text": _text(bubble.get("text"), BUBBLE_MAX, "scene_bubble_too_long") or "",
            "x": _number(bubble.get("x", 0.5), 0, 1), "y": _number(bubble.get("y", 0.2), 0, 1),
            "flip": flip}


def from_picture(picture_id):
    """Return the scene equivalent of a single library picture (or an empty scene)."""
    if picture_id and library.category(picture_id) == "places":
        return {"place": picture_id, "items": [], "bubbles": []}
    items = [{"id": picture_id, "x": 0.5, "y": 0.5, "scale": 1.8, "flip": False, "label": None,
              "feeling": None, "parts": []}] if picture_id else []
    return {"place": None, "items": items, "bubbles": []}


def resolved(scene, members=None):
    """Return the scene with each placed cast member as the figure it draws as (None if gone)."""
    people = cast.by_id(members or [])
    return dict(scene, items=[
        (cast.as_item(item, people[item["cast"]]) if item["cast"] in people else None)
        if "cast" in item else item for item in scene["items"]])


def portrait(member):
    """Draw one person of the cast standing, with their name: how every page shows them."""
    placed = {"cast": member["id"], "x": 0.5, "y": 0.4, "scale": 1.6, "flip": False,
              "pose": cast.STANDING, "feeling": None}
    return draw({"place": None, "items": [placed], "bubbles": []}, title=member["name"],
                cast=[member])


def main_picture(scene):
    """Return the library picture that best stands for the scene: an item, else the place."""
    if not scene:
        return None
    # Figures are parts, not pictures: the column holds a picture id, so skip them.
    pictures = [item["id"] for item in scene["items"]
                if "id" in item and library.exists(item["id"])]
    return pictures[0] if pictures else scene["place"]


# --- drawing -------------------------------------------------------------------------------

def _n(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def draw(scene, title=None, background=None, cast=None):
    """Return the scene as one SVG string; the same scene always gives the same bytes.

    background is the address of a photo outline (a data: URI when printing) drawn first;
    cast is the story's people, whom placed cast items draw as they are now.
    """
    scene = resolved(scene or {"place": None, "items": [], "bubbles": []}, cast)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'class="scene" role="img">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    if background:
        out.append(f'<image data-photo href="{escape(background, {chr(34): "&quot;"})}" x="0" '
                   f'y="0" width="{WIDTH}" height="{HEIGHT}" preserveAspectRatio="xMidYMid meet"/>')
    if scene.get("place"):
        out.append(f'<g data-place="{escape(scene["place"])}" '
                   f'transform="translate(50 0) scale(1.5)">'
                   f'{library.inner_markup(scene["place"])}</g>')
    for index, item in enumerate(scene["items"]):
        if item is not None:   # the index stays the composer's, even past a removed person
            out.append(_draw_item(index, item))
    out.append(strokes.draw(scene.get("strokes")))
    for index, bubble in enumerate(scene["bubbles"]):
        out.append(_draw_bubble(index, bubble))
    # Names last, on a white halo: no line of a picture, stroke or bubble crosses one.
    out.append(_labels(scene["items"]))
    out.append("</svg>")
    return "".join(out)


def _draw_item(index, item):
    k = item["scale"] * ITEM_UNITS / 200
    cx, cy = _anchor(item)
    mirror = " scale(-1 1)" if item["flip"] else ""
    art = [_bold_enough(library.inner_markup(item["id"]), k)]
    base = library.part(item["id"])
    if base:
        head = base.get("head")
        feeling = item["feeling"] or "calm"
        order = {p["id"]: i for i, p in enumerate(library.parts())}
        # Layers follow the manifest: body parts (wheelchair, stick), hair, headwear,
        # glasses, then the face; the wheelchair is an overlay that redraws the legs.
        for part_id in sorted(item["parts"] + [f"expr-{feeling}"], key=lambda p: order.get(p, 99)):
            part = library.part(part_id)
            if part is None:
                continue
            if part["kind"] == "head" and head:
                on_head = k * head["r"] / CANONICAL_HEAD[2]
                art.append(f'<g transform="{_head_transform(head)}">'
                           f'{_bold_enough(library.inner_markup(part_id), on_head)}</g>')
            elif part["kind"] == "body":
                art.append(_bold_enough(library.inner_markup(part_id), k))
    elif item["feeling"] and library.get(f"face-{item['feeling']}"):
        art.append(f'<g transform="translate(140 0) scale(0.34)">'
                   f'{library.inner_markup("face-" + item["feeling"])}</g>')
    return (f'<g data-item="{index}" transform="translate({_n(cx)} {_n(cy)}) scale({_n(k)})'
            f'{mirror}"><g transform="translate(-100 -100)">{"".join(art)}</g></g>')


_STROKE = re.compile(r'stroke-width="([\d.]+)"')


def _bold_enough(markup, k):
    """Thicken a small item's lines so none prints thinner than strokes.PRINT_MIN_WIDTH."""
    least = strokes.PRINT_MIN_WIDTH / k  # in the picture's own units
    return _STROKE.sub(lambda m: f'stroke-width="{_n(max(float(m.group(1)), least))}"', markup)


def _head_transform(head):
    """Place a head part (drawn on CANONICAL_HEAD) on a pose's head anchor; a lying figure's
    anchor carries "rotate" (degrees) and the part turns with the head."""
    cx0, cy0, r0 = CANONICAL_HEAD
    s = head["r"] / r0
    if head.get("rotate"):
        return (f"translate({_n(head['cx'])} {_n(head['cy'])}) rotate({_n(head['rotate'])}) "
                f"scale({_n(s)}) translate({_n(-cx0)} {_n(-cy0)})")
    return f"translate({_n(head['cx'] - cx0 * s)} {_n(head['cy'] - cy0 * s)}) scale({_n(s)})"


def _anchor(item):
    """Return an item's centre in canvas units, pulled in so its whole square is in the panel."""
    half = min(item["scale"] * ITEM_UNITS / 2, WIDTH / 2, HEIGHT / 2)
    return (min(max(item["x"] * WIDTH, half), WIDTH - half),
            min(max(item["y"] * HEIGHT, half), HEIGHT - half))


def _labels(items):
    """Return the items' names laid out together under their figures (storyboard.labels)."""
    named = [(index, item) for index, item in enumerate(items) if item and item.get("label")]
    wanted = []
    for _, item in named:
        cx, cy = _anchor(item)
        wanted.append({"text": item["label"], "cx": cx, "scale": item["scale"],
                       "top": cy + item["scale"] * ITEM_UNITS / 2})
    return labels.draw(labels.layout(wanted, WIDTH, HEIGHT), [index for index, _ in named])


def _wrap(text, width=16):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:4]


def _draw_bubble(index, bubble):
    lines = _wrap(bubble["text"]) or [""]
    w = max(90, min(190, 11 * max(len(line) for line in lines) + 30))
    h = 26 * len(lines) + 22
    cx, cy = bubble["x"] * WIDTH, bubble["y"] * HEIGHT
    x, y = cx - w / 2, cy - h / 2
    side = -1 if bubble["flip"] else 1
    tail_x = cx + side * w / 4
    if bubble["kind"] == "speech":
        tail = (f'<path d="M{_n(tail_x - 12)} {_n(y + h - 2)} L{_n(tail_x + side * 22)} '
                f'{_n(y + h + 26)} L{_n(tail_x + 10)} {_n(y + h - 2)}" fill="#fff"/>')
        body = (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="22" '
                'fill="#fff"/>')
        cover = (f'<path d="M{_n(tail_x - 9)} {_n(y + h - 2)} L{_n(tail_x + 7)} {_n(y + h - 2)}" '
                 f'stroke="#fff" stroke-width="6"/>')
        shape = tail + body + cover
    else:
        body = (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
                f'rx="{_n(h / 2)}" fill="#fff"/>')
        dots = (f'<circle cx="{_n(tail_x + side * 6)}" cy="{_n(y + h + 14)}" r="8" fill="#fff"/>'
                f'<circle cx="{_n(tail_x + side * 18)}" cy="{_n(y + h + 32)}" r="6" fill="#fff"/>')
        shape = body + dots
    text = "".join(
        f'<text x="{_n(cx)}" y="{_n(y + 30 + 26 * i)}" text-anchor="middle" font-size="20" '
        f'font-family="Andika, DejaVu Sans, sans-serif" fill="#000" stroke="none">'
        f'{escape(line)}</text>' for i, line in enumerate(lines))
    return (f'<g data-bubble="{index}" stroke="#000" stroke-width="4" stroke-linejoin="round">'
            f'{shape}{text}</g>')
