"""Who in the network sees which panel: everyone invited, or the people chosen (no Flask).

A link sees panel P iff P is shared with the network and either P is for everyone invited
and the link was not made for chosen pages, or a panel_links row names (P, link). This
module is the only place that answers the question; every link page asks it."""
from . import audit, consent, stories
from .audit import now
from .errors import Invalid, NotFound

AUDIENCES = ("all", "chosen")


def visible_panels(db, link):
    """Return the panels this invite link may see, in story order, each with its page number."""
    if link.get("kind") != "invite" or link.get("revoked") or link["expires"] <= now():
        return []
    rows = db.query(
        "select p.* from panels p where p.story_id = ? and p.shared_with_network = 1 and "
        "((p.audience = 'all' and ? = 0) or exists (select 1 from panel_links pl "
        "where pl.panel_id = p.id and pl.link_id = ?)) order by p.position, p.id",
        [link["story_id"], link.get("panels_chosen") or 0, link["id"]])
    numbers = page_numbers(db, link["story_id"])
    return [dict(row, page=numbers[row["id"]]) for row in rows]


def visible_panel(db, link, panel_id):
    """Return one panel this link may see, or NotFound (never a hint that others exist)."""
    return one_of(visible_panels(db, link), panel_id)


def one_of(rows, panel_id):
    """Return the panel with this id among rows, or NotFound (a bad id is not found either)."""
    try:
        panel_id = int(panel_id)
    except (TypeError, ValueError):
        raise NotFound("panel") from None
    for panel in rows:
        if panel["id"] == panel_id:
            return panel
    raise NotFound("panel")


def page_numbers(db, story_id):
    """Return {panel id: page number}: the number the editor strip and the printed book show."""
    ids = [r[0] for r in db.execute("select id from panels where story_id = ? "
                                    "order by position, id", [story_id])]
    return {panel_id: number for number, panel_id in enumerate(ids, start=1)}


def live_invites(db, story_id):
    """Return the story's invite links that still work, oldest first."""
    return list(db.query("select * from links where story_id = ? and kind = 'invite' and "
                         "revoked is null and expires > ? order by id", [story_id, now()]))


def chosen_links(db, panel_id):
    """Return {link id: row} of the people chosen for a panel."""
    return {r["link_id"]: r for r in db.query("select * from panel_links where panel_id = ?",
                                              [panel_id])}


def _seers(shared, audience, rows, invites):
    """Return the ids of the live links that see a panel in this state."""
    if not shared:
        return set()
    return {link["id"] for link in invites if link["id"] in rows
            or (audience == "all" and not link["panels_chosen"])}


def parse_ids(values):
    """Return form values as link ids; refuse anything that is not a number."""
    try:
        return {int(v) for v in values if str(v).strip()}
    except (TypeError, ValueError):
        raise Invalid("value_invalid") from None


def save(db, story_id, before, shared, audience=None, chosen=None, consent_by=None,
         worker_id=None):
    """Set who sees a panel, inside the caller's transaction; widening needs consent_by.

    before is the panel row as it was; audience None and chosen None keep what it had.
    Narrowing never needs an agreement; each person who starts to see it through a choice
    gets a consent record that names them, and the log names their link."""
    panel_id, was_shared = before["id"], bool(before["shared_with_network"])
    old_audience, shared = before["audience"], bool(shared)
    audience = old_audience if audience in (None, "") else audience
    if audience not in AUDIENCES:
        raise Invalid("audience_invalid")
    invites = live_invites(db, story_id)
    live = {link["id"] for link in invites}
    old_rows = chosen_links(db, panel_id)
    rows = set(old_rows) if chosen is None else (parse_ids(chosen) & live) | (set(old_rows) - live)
    rows = rows if shared else set()
    gained = _seers(shared, audience, rows, invites) - _seers(was_shared, old_audience,
                                                              old_rows, invites)
    lost = _seers(was_shared, old_audience, old_rows, invites) - _seers(shared, audience, rows,
                                                                        invites)
    to_all = shared and audience == "all" and (not was_shared or old_audience != "all")
    if shared and (not was_shared or to_all or gained):
        consent.require(consent_by)
    actor = f"worker:{worker_id}"
    if to_all:
        consent.record(db, story_id, panel_id, consent_by, worker_id)
    _write_rows(db, story_id, panel_id, old_rows, rows, gained, consent_by, worker_id)
    if audience != old_audience:
        db.execute("update panels set audience = ? where id = ?", [audience, panel_id])
    if was_shared and not shared:
        audit.log(db, actor, "panel-unshared", story_id, f"panel:{panel_id}")
    else:
        for link_id in sorted(lost):
            audit.log(db, actor, "panel-unshared", story_id, f"panel:{panel_id} link:{link_id}")


def _write_rows(db, story_id, panel_id, old_rows, rows, gained, consent_by, worker_id):
    """Add and remove the chosen people of a panel, with a named consent for each newcomer."""
    for link_id in set(old_rows) - rows:
        db.execute("delete from panel_links where panel_id = ? and link_id = ?",
                   [panel_id, link_id])
    for link_id in sorted(rows):
        consent_id = None
        if link_id in gained:
            consent_id = consent.record(db, story_id, panel_id, consent_by, worker_id,
                                        link_id=link_id)
        if link_id not in old_rows:
            db.execute("insert into panel_links (story_id, panel_id, link_id, consent_id, "
                       "created) values (?, ?, ?, ?, ?)",
                       [story_id, panel_id, link_id, consent_id, now()])
        elif consent_id:
            db.execute("update panel_links set consent_id = ? where id = ?",
                       [consent_id, old_rows[link_id]["id"]])


def parse_pages(text):
    """Return page numbers from "1,3" (or a list); refuse anything else plainly."""
    parts = text.split(",") if isinstance(text, str) else list(text or [])
    try:
        pages = sorted({int(str(p).strip()) for p in parts if str(p).strip()})
    except ValueError:
        raise Invalid("invite_pages_invalid") from None
    if not pages or pages[0] < 1 or len(pages) > 200:
        raise Invalid("invite_pages_invalid")
    return pages


def check_pages(db, story_id, pages, consent_by=None):
    """Return the panels for these page numbers, refusing ones that cannot be given."""
    consent_by = consent_by or None
    numbers = {n: pid for pid, n in page_numbers(db, story_id).items()}
    chosen = []
    for page in pages:
        if page not in numbers:
            raise Invalid("invite_page_unknown", page=page, count=len(numbers))
        panel = next(iter(db["panels"].rows_where("id = ?", [numbers[page]])))
        if not panel["shared_with_network"] and consent_by is None:
            raise Invalid("invite_page_not_shared", page=page)
        if panel["audience"] != "all" and consent_by is None:
            raise Invalid("invite_page_needs_consent", page=page)
        chosen.append(panel)
    if consent_by is not None:
        consent.require(consent_by)
    return chosen


def give_pages(db, story_id, link_id, chosen, consent_by, worker_id, actor):
    """Let a new link see only the chosen panels (inside the caller's transaction)."""
    consent_by = consent_by or None
    db.execute("update links set panels_chosen = 1 where id = ?", [link_id])
    private = [p["id"] for p in chosen if not p["shared_with_network"]]
    if private:   # shared now, with this person only, on the agreement just named
        with stories.edit(db, story_id, stories.get(db, story_id)["version"], worker_id):
            db.execute(f"update panels set shared_with_network = 1, audience = 'chosen' "
                       f"where id in ({', '.join('?' * len(private))})", private)
    for panel in chosen:
        consent_id = None
        if consent_by is not None:
            consent_id = consent.record(db, story_id, panel["id"], consent_by, worker_id,
                                        link_id=link_id, actor=actor)
        db.execute("insert into panel_links (story_id, panel_id, link_id, consent_id, created) "
                   "values (?, ?, ?, ?, ?)", [story_id, panel["id"], link_id, consent_id, now()])


def editor_box(db, panel):
    """Return what the editor's sharing box shows: the audience and each live invite."""
    rows = chosen_links(db, panel["id"])
    people = [{"id": link["id"], "name": link["name"], "relation": link["relation"],
               "chosen": link["id"] in rows,
               "fixed": panel["audience"] == "all" and not link["panels_chosen"],
               "pages_only": bool(link["panels_chosen"])}
              for link in live_invites(db, panel["story_id"])]
    return {"audience": panel["audience"], "people": people}
