"""The worker's invites to the network: who is invited, new links, revoking, consent log."""
from flask import g, render_template, request

from .. import audit, links, network, panels
from ..web import actor, get_db
from .scope import story_blueprint
from .shared import consent_names, revoke_link, role_names, shown_once

bp = story_blueprint("invites", __name__)


@bp.get("/network")
def index(story_id, new_link=None):
    """Show the invites, the invite form and what was shared on whose agreement."""
    db = get_db()
    invites = [dict(link, state=links.state(link))
               for link in links.for_story(db, story_id, "invite")]
    return render_template("editor/network.html", story=g.story, invites=invites,
                           roles=links.ROLES, role_names=role_names(),
                           consents=network.consent_log(db, story_id),
                           consent_names=consent_names(),
                           panel_numbers={p["id"]: i for i, p in
                                          enumerate(panels.for_story(db, story_id), start=1)},
                           new_link=new_link, waiting=network.waiting_count(db, story_id))


@bp.post("/network/invite")
def invite(story_id):
    """Create an invite link for one person; show the address once."""
    form = request.form
    token, link = links.make(get_db(), story_id, "invite", form.get("name"),
                             form.get("relation"), form.get("role"), form.get("language"),
                             form.get("days") or links.DEFAULT_DAYS, g.worker["id"])
    audit.log(get_db(), actor(), "invite-created", story_id, f"link:{link['id']}")
    return index(story_id, new_link=shown_once("invite", token, link, role=link["role"])), 201


@bp.post("/network/<int:link_id>/revoke")
def revoke(story_id, link_id):
    """Switch an invite link off at once."""
    return revoke_link(story_id, link_id, "invite", "invites.index")
