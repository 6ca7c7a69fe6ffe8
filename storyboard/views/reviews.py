"""The worker's side of the parents' review: links, their state, comments, the record."""
from flask import Response, current_app, g, render_template, request

from .. import audit, languages, links, panels, reviews
from ..printing import agreement_record
from ..web import actor, get_db
from .downloads import no_store
from .scope import story_blueprint
from .shared import missing_translations, revoke_link, shown_once, status_names

bp = story_blueprint("reviews", __name__)


@bp.get("/reviews")
def index(story_id, new_link=None):
    """Show each parent's state and their comments side by side, per panel."""
    db, story = get_db(), g.story
    choices = [(story["language"], languages.name(story["language"], "nl"))]
    if story["second_language"]:
        choices.append((story["second_language"],
                        languages.name(story["second_language"], "nl")))
    # A parent may read the page in any link language, the captions staying the story's.
    choices += [(code, languages.name(code, "nl")) for code in languages.LINK_LANGUAGES
                if code not in (story["language"], story["second_language"])]
    return render_template("editor/reviews.html", story=story,
                           people=reviews.parents(db, story),
                           panels=panels.for_story(db, story_id),
                           comments=reviews.comments(db, story_id),
                           status_names=status_names(), language_choices=choices,
                           new_link=new_link, **missing_translations(db, story))


@bp.post("/reviews/share")
def share(story_id):
    """Create a review link for one parent; show it once."""
    story = g.story
    language = request.form.get("language") or story["language"]
    if language not in (story["language"], story["second_language"]):
        language = languages.link_language(language) or story["language"]
    token, link = links.make(get_db(), story_id, "review", request.form.get("name"),
                             language=language, days=request.form.get("days") or 30,
                             created_by=g.worker["id"])
    audit.log(get_db(), actor(), "review-link-created", story_id, f"link:{link['id']}")
    return index(story_id, new_link=shown_once("review", token, link)), 201


@bp.post("/reviews/<int:link_id>/revoke")
def revoke(story_id, link_id):
    """Switch a review link off at once."""
    return revoke_link(story_id, link_id, "review", "reviews.index")


@bp.get("/reviews/record")
def record(story_id):
    """Print the agreement record for the case file: who agreed to which version, and when."""
    pdf = agreement_record(current_app, get_db(), g.story)
    audit.log(get_db(), actor(), "agreement-record-printed", story_id)
    return no_store(Response(pdf, mimetype="application/pdf",
                             headers={"Content-Disposition": 'inline; filename="akkoord.pdf"'}))
