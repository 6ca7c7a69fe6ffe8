"""The Safety Circles: who is close to the child, drawn as rings of names (no Flask)."""
import math
from xml.sax.saxutils import escape

from . import links
from .audit import now
from .errors import Invalid, NotFound

RINGS = ("inner", "outer")
INNER_ROLES = ("family", "friend", "trusted-person")
NAME_MAX = 30
SIZE = 600


def people(db, story_id):
    """Return {'inner': [...], 'outer': [...]} from live invites plus people added by hand."""
    rings = {"inner": [], "outer": []}
    for link in links.for_story(db, story_id, "invite"):
        if links.state(link) in ("revoked", "expired"):
            continue
        ring = "inner" if link["role"] in INNER_ROLES else "outer"
        rings[ring].append({"name": link["name"], "source": "invite", "id": None})
    for row in db["network_people"].rows_where("story_id = ?", [story_id], order_by="id"):
        rings[row["ring"]].append({"name": row["name"], "source": "manual", "id": row["id"]})
    return rings


def add(db, story_id, name, ring):
    """Add a person to a ring by hand and return the id."""
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise Invalid("circle_name_invalid", max=NAME_MAX)
    if ring not in RINGS:
        raise Invalid("circle_ring_invalid")
    return db["network_people"].insert({"story_id": story_id, "name": name, "ring": ring,
                                        "created": now()}).last_pk


def remove(db, story_id, person_id):
    """Remove a person added by hand."""
    rows = list(db["network_people"].rows_where("id = ? and story_id = ?", [person_id, story_id]))
    if not rows:
        raise NotFound("person")
    db.execute("delete from network_people where id = ?", [person_id])


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ring_names(names, radius, centre, size):
    out = []
    count = len(names)
    for index, name in enumerate(names):
        offset = math.pi / count if count > 1 else 0
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1) + offset
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        out.append(f'<text x="{_n(x)}" y="{_n(y + size / 3)}" text-anchor="middle" '
                   f'font-size="{size}" font-family="Andika, DejaVu Sans, sans-serif" '
                   f'fill="#000" stroke="none">{escape(name)}</text>')
    return "".join(out)


def draw(me, rings, title=None):
    """Return the circles as one SVG: the child in the middle, names on the rings."""
    c = SIZE / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
             f'class="circles" role="img">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<g fill="#fff" stroke="#000" stroke-width="5">'
                 f'<circle cx="{c}" cy="{c}" r="285"/><circle cx="{c}" cy="{c}" r="195"/>'
                 f'<circle cx="{c}" cy="{c}" r="95"/></g>')
    parts.append(f'<text x="{c}" y="{c + 18}" text-anchor="middle" font-size="52" '
                 f'font-weight="700" font-family="Andika, DejaVu Sans, sans-serif" fill="#fff" '
                 f'stroke="#000" stroke-width="2.5">{escape(me)}</text>')
    parts.append(_ring_names([p["name"] for p in rings["inner"]], 145, c, 24))
    parts.append(_ring_names([p["name"] for p in rings["outer"]], 240, c, 22))
    parts.append("</svg>")
    return "".join(parts)
