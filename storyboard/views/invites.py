"""The worker's side of the network: invites, the suggestions inbox, the consent log."""
from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from markupsafe import Markup

from .. import audit, circles, links, network, panels, render, scenes, stories, uploads
from ..errors import Conflict, Invalid, NotFound
from ..messages import message
from ..web import get_db, login_required

bp = Blueprint("invites", __name__)


def link_url(token):
    """Return the full invite address, starting with STORYBOARD_BASE_URL."""
    return links.url(current_app.config["BASE_URL"], "invite", token)


def role_names():
    """Return the translated names of the network roles."""
    return {"family": _("family"), "friend": _("friend or neighbour"), "school": _("school"),
            "police": _("police"), "professional": _("professional"),
            "trusted-person": _("trusted person (vertrouwenspersoon)")}


def consent_names():
    """Return the translated names of who can agree to sharing."""
    return {"parents": _("both parents"), "mother": _("mother"), "father": _("father"),
            "child": _("the child"), "parents-and-child": _("the parents and the child")}


@bp.get("/stories/<int:story_id>/network")
@login_required
def index(story_id, new_link=None):
    """Show the invites, the invite form and what was shared on whose agreement."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    invites = [dict(link, state=links.state(link)) for link in links.for_story(db, story_id, "invite")]
    return render_template("editor/network.html", story=story, invites=invites,
                           roles=links.ROLES, role_names=role_names(),
                           consents=network.consent_log(db, story_id),
                           consent_names=consent_names(),
                           panel_numbers={p["id"]: i for i, p in
                                          enumerate(panels.for_story(db, story_id), start=1)},
                           new_link=new_link,
                           waiting=network.waiting_count(db, story_id))


@bp.post("/stories/<int:story_id>/network/invite")
@login_required
def invite(story_id):
    """Create an invite link for one person; show the address once."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    form = request.form
    try:
        token, link = links.make(db, story_id, "invite", form.get("name"), form.get("relation"),
                                 form.get("role"), form.get("language"),
                                 form.get("days") or links.DEFAULT_DAYS, g.worker["id"])
    except Invalid as err:
        flash(message(err), "error")
        return redirect(url_for("invites.index", story_id=story_id))
    audit.log(db, f"worker:{g.worker['id']}", "invite-created", story_id, f"link:{link['id']}")
    # Shown in this answer only: the address is never stored, nor put in the cookie.
    return index(story_id, new_link={"url": link_url(token), "name": link["name"],
                                     "role": link["role"]}), 201


@bp.post("/stories/<int:story_id>/network/<int:link_id>/revoke")
@login_required
def revoke(story_id, link_id):
    """Switch an invite link off at once."""
    return revoke_link(story_id, link_id, "invite", "invite-revoked", "invites.index")


def revoke_link(story_id, link_id, kind, action, back):
    """Switch off a link of this worker's story, log it, and go back to its list."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    link = links.get(db, link_id, kind)
    if link["story_id"] == story_id:
        links.revoke(db, link_id)
        audit.log(db, f"worker:{g.worker['id']}", action, story_id, f"link:{link_id}")
        flash(_("The link of %(name)s no longer works.", name=link["name"]), "info")
    return redirect(url_for(back, story_id=story_id))


@bp.get("/stories/<int:story_id>/inbox")
@login_required
def inbox(story_id):
    """Show the network's suggestions, per panel, with who sent them and when."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    rows = panels.for_story(db, story_id)
    items = network.inbox(db, story_id)
    photos = {c["id"]: Markup(scenes.draw(None, background=url_for(
        "photos.outline", story_id=story_id, image_id=c["image_id"])))
        for c in items if c["image_id"]}
    return render_template("editor/inbox.html", story=story, items=items, photos=photos,
                           panel_numbers={p["id"]: i for i, p in enumerate(rows, start=1)},
                           panel_captions={p["id"]: p["caption"] for p in rows})


@bp.post("/stories/<int:story_id>/inbox/<int:contribution_id>/accept")
@login_required
def accept(story_id, contribution_id):
    """Use a suggestion in the story, as sent or as edited by the worker."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    item = network.get(db, story_id, contribution_id)
    old_image = panels.get(db, story_id, item["panel_id"])["image_id"] if item["kind"] == "photo" else None
    try:
        network.accept(db, story_id, contribution_id, request.form.get("version")
                       or stories.get(db, story_id)["version"], g.worker["id"],
                       request.form.get("text"))
    except (Invalid, Conflict) as err:
        flash(message(err), "error")
        return redirect(url_for("invites.inbox", story_id=story_id))
    if old_image and old_image != item["image_id"]:
        uploads.delete_image(db, current_app.config["UPLOAD_DIR"], old_image)
        render.forget_renders(current_app.config["CACHE_DIR"], story_id)  # they hold the photo
    audit.log(db, f"worker:{g.worker['id']}", "contribution-used", story_id,
              f"contribution:{contribution_id}")
    flash(_("Used in the story, with thanks to %(name)s.", name=item["person"]), "info")
    return redirect(url_for("invites.inbox", story_id=story_id))


@bp.post("/stories/<int:story_id>/inbox/<int:contribution_id>/decline")
@login_required
def decline(story_id, contribution_id):
    """Set a suggestion aside, with an optional reply the sender sees."""
    db = get_db()
    stories.get_for_owner(db, story_id, g.worker["id"])
    try:
        item = network.decline(db, story_id, contribution_id, request.form.get("reply"))
    except Invalid as err:
        flash(message(err), "error")
        return redirect(url_for("invites.inbox", story_id=story_id))
    audit.log(db, f"worker:{g.worker['id']}", "contribution-declined", story_id,
              f"contribution:{contribution_id}")
    flash(_("Not used. %(name)s will see your reply.", name=item["person"]), "info")
    return redirect(url_for("invites.inbox", story_id=story_id))


@bp.route("/stories/<int:story_id>/network/map", methods=("GET", "POST"))
@login_required
def circles_map(story_id):
    """Show the Safety Circles; add or remove people; choose to print it in the book."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    if request.method == "POST":
        try:
            if request.form.get("action") == "add":
                circles.add(db, story_id, request.form.get("name"), request.form.get("ring"))
            elif request.form.get("action") == "remove":
                circles.remove(db, story_id, request.form.get("person", type=int))
            elif request.form.get("action") == "page":
                db["stories"].update(story_id, {"safety_page": 1 if request.form.get("on") else 0})
        except (Invalid, NotFound) as err:
            flash(message(err), "error")
        return redirect(url_for("invites.circles_map", story_id=story_id))
    rings = circles.people(db, story_id)
    return render_template("editor/circles.html", story=story, rings=rings,
                           svg=Markup(circles.draw(story["child_name"], rings,
                                                   title=_("Safety Circles"))))


@bp.get("/stories/<int:story_id>/audit")
@login_required
def audit_log(story_id):
    """Show who did what with the story, and when (no content)."""
    db = get_db()
    story = stories.get_for_owner(db, story_id, g.worker["id"])
    names = {f"link:{l['id']}": f"{l['name']} ({l['kind']})"
             for kind in links.KINDS for l in links.for_story(db, story_id, kind)}
    names[f"worker:{g.worker['id']}"] = g.worker["name"]
    return render_template("editor/audit.html", story=story, rows=audit.for_story(db, story_id),
                           names=names)
