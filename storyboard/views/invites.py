"""The worker's invites to the network: who is invited, new links, revoking, consent log."""
from flask import flash, g, render_template, request
from flask_babel import get_locale

from .. import interpreting, languages, links, network, sharing
from ..errors import Invalid
from ..error_texts import message
from ..web import actor, get_db
from .scope import story_blueprint
from .shared import consent_names, revoke_link, role_names, shown_once

bp = story_blueprint("invites", __name__)


@bp.get("/network")
def index(story_id, new_link=None, values=None):
    """Show the invites, the invite form and what was shared on whose agreement."""
    db = get_db()
    lang = str(get_locale())
    invites = [dict(link, state=links.state(link),
                    pages=[p["page"] for p in network.visible_panels(db, link)])
               for link in links.for_story(db, story_id, "invite")]
    numbers = network.page_numbers(db, story_id)
    return render_template("editor/network.html", story=g.story, invites=invites,
                           roles=links.ROLES, role_names=role_names(),
                           consents=network.consent_log(db, story_id),
                           consent_names=consent_names(), panel_numbers=numbers,
                           shared=[dict(p, page=numbers[p["id"]])
                                   for p in network.shared_panels(db, story_id)],
                           questions=network.questions(g.story),
                           new_link=new_link, values=values or {},
                           interpreters=[dict(t, state=links.state(t),
                                              language_name=languages.name(t["language"], lang))
                                         for t in interpreting.for_story(db, story_id)],
                           interpreter_languages=languages.choices(lang),
                           waiting=network.waiting_count(db, story_id))


@bp.post("/network/invite")
def invite(story_id):
    """Create an invite link for one person, for every shared page or chosen ones."""
    form = request.form
    pages = form.getlist("page") if form.get("pages") == "chosen" else None
    try:
        token, link = network.invite(get_db(), story_id, form, g.worker["id"], actor(),
                                     pages=pages, consent_by=form.get("consent_by") or None)
    except Invalid as err:
        # The form comes back in this answer with everything typed still in it.
        flash(message(err), "error")
        return index(story_id, values=form), 400
    return index(story_id, new_link=shown_once("invite", token, link, role=link["role"])), 201


@bp.post("/network/interpreter")
def interpreter(story_id):
    """Create an interpreter's link, on the family's recorded agreement."""
    form = request.form
    try:
        token, link = interpreting.invite(get_db(), story_id, form, g.worker["id"], actor(),
                                          consent_by=form.get("consent_by") or None)
    except Invalid as err:
        flash(message(err), "error")
        return index(story_id, values=form), 400
    return index(story_id, new_link=shown_once(interpreting.KIND, token, link)), 201


@bp.post("/network/interpreter/<int:link_id>/revoke")
def revoke_interpreter(story_id, link_id):
    """Switch an interpreter's link off at once."""
    return revoke_link(story_id, link_id, interpreting.KIND, "invites.index")


@bp.post("/network/<int:link_id>/revoke")
def revoke(story_id, link_id):
    """Switch an invite link off at once."""
    return revoke_link(story_id, link_id, "invite", "invites.index")


@bp.app_context_processor
def sharing_box():
    """Give the editor's panel form who may see a panel (the per-person sharing box)."""
    return {"sharing_box": lambda panel: sharing.editor_box(get_db(), panel)}
