"""One table: every route, tried as every kind of visitor, answers what it must."""
import io

import pytest
from PIL import Image

from storyboard import links, panels, stories, uploads

from .conftest import PASSWORD_A, PASSWORD_B, token_from

ACTORS = ("anon", "a", "b", "inv_a", "inv_b", "rev_a")
LOGIN = "login"  # a redirect to the sign-in page

# path template -> expected status per actor, in the order of ACTORS.
# {A} story of worker A, {B} story of worker B, {shared}/{private} panels of A,
# {img_shared}/{img_private} photos of A, {img_b} a photo of B.
GETS = {
    "/": (LOGIN, 200, 200, LOGIN, LOGIN, LOGIN),
    "/stories": (LOGIN, 200, 200, LOGIN, LOGIN, LOGIN),
    "/stories/new": (LOGIN, 200, 200, LOGIN, LOGIN, LOGIN),
    "/stories/{A}": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/settings": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/settings/questions": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/people": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/audit": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/export": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/case-file": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/history": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/inbox": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/network": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/network/map": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/print": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/print/dialog": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/print/preview/1.png": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/reading-plan": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/reading-plan/print": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/reviews": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/reviews/record": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/images/{img_shared}/outline.png": (LOGIN, 200, 404, LOGIN, LOGIN, LOGIN),
    "/stories/{A}/images/{img_b}/outline.png": (LOGIN, 404, 404, LOGIN, LOGIN, LOGIN),
    "/network": (404, 404, 404, 200, 200, 404),
    "/network/images/{img_shared}/outline.png": (404, 404, 404, 200, 404, 404),
    "/network/images/{img_private}/outline.png": (404, 404, 404, 404, 404, 404),
    "/network/images/{img_b}/outline.png": (404, 404, 404, 404, 200, 404),
    "/review": (404, 404, 404, 404, 404, 200),
    "/review/images/{img_shared}/outline.png": (404, 404, 404, 404, 404, 200),
    "/review/images/{img_private}/outline.png": (404, 404, 404, 404, 404, 200),
    "/review/images/{img_b}/outline.png": (404, 404, 404, 404, 404, 404),
    "/network/bye": (200, 200, 200, 200, 200, 200),
    "/interpret": (404, 404, 404, 404, 404, 404),   # only an interpreter's own link opens it
    "/interpret/images/{img_shared}/outline.png": (404, 404, 404, 404, 404, 404),
    # No recording exists here: tests/test_voices.py tries real ones for every kind of holder.
    "/stories/{A}/voices/1.ogg": (LOGIN, 404, 404, LOGIN, LOGIN, LOGIN),
    "/review/voices/1.ogg": (404, 404, 404, 404, 404, 404),
    "/network/voices/1.ogg": (404, 404, 404, 404, 404, 404),
    "/login": (200, 302, 302, 200, 200, 200),
    "/healthz": (200, 200, 200, 200, 200, 200),   # no data in it; tests/test_serving.py
    # Only an active admin sees /admin (tests/test_admin.py); for everyone here it does not exist.
    "/admin/workers": (404, 404, 404, 404, 404, 404),
    "/admin/workers/1": (404, 404, 404, 404, 404, 404),
    "/admin/log": (404, 404, 404, 404, 404, 404),
    "/admin/log.csv": (404, 404, 404, 404, 404, 404),
    "/welcome/not-a-token": (404, 404, 404, 404, 404, 404),
    # Without a sign-in waiting for its code these send to /login; tests/test_twofactor.py.
    "/login/code": (LOGIN, 302, 302, LOGIN, LOGIN, LOGIN),
    "/login/setup": (LOGIN, 302, 302, LOGIN, LOGIN, LOGIN),
    "/account/two-factor": (LOGIN, 200, 200, LOGIN, LOGIN, LOGIN),
    "/account/two-factor/setup": (LOGIN, 200, 200, LOGIN, LOGIN, LOGIN),
}
# State-changing routes of story A, tried by everyone who must not change it.
POSTS = ["/stories/{A}/panels", "/stories/{A}/panels/{shared}", "/stories/{A}/panels/{shared}/delete",
         "/stories/{A}/panels/{shared}/move", "/stories/{A}/order", "/stories/{A}/settings",
         "/stories/{A}/settings/questions",
         "/stories/{A}/delete", "/stories/{A}/coach", "/stories/{A}/panels/{shared}/photo",
         "/stories/{A}/panels/{shared}/photo/delete", "/stories/{A}/images/{img_shared}/detail",
         "/stories/{A}/history/1/restore", "/stories/{A}/network/invite",
         "/stories/{A}/network/1/revoke", "/stories/{A}/network/map",
         "/stories/{A}/inbox/1/accept", "/stories/{A}/inbox/1/decline",
         "/stories/{A}/reviews/share", "/stories/{A}/reviews/1/revoke",
         "/stories/{A}/reading-plan", "/stories/{A}/archive", "/stories/{A}/people",
         "/stories/{A}/people/mama", "/stories/{A}/people/mama/delete",
         "/stories/{A}/network/interpreter", "/stories/{A}/network/interpreter/1/revoke",
         "/stories/{A}/team", "/stories/{A}/team/remove",
         "/stories/{A}/panels/{shared}/voice", "/stories/{A}/voices/1/choose",
         "/stories/{A}/voices/1/delete", "/stories/{A}/voices/network",
         "/stories/{A}/listen/1/revoke", "/stories/{A}/handover"]
COVERED_ELSEWHERE = {"static", "twofactor.renew_codes",  # tests/test_twofactor.py
                     "network.open", "review.open", "interpreter.open",
                     "interpreter.translate",  # both in tests/test_interpreter.py
                     "auth.language", "auth.logout",
                     "auth.logout_everywhere",
                     "network.contribute", "network.leave", "review.comment", "review.decide",
                     "stories.import_story",
                     # the admin's changes, tried by every kind of visitor in tests/test_admin.py
                     "admin.new_link", "admin.deactivate", "admin.reactivate", "admin.role",
                     "admin.reset_two_factor", "admin.hand_over",
                     # tested with real recordings in tests/test_voices.py
                     "voice_links.review_record", "voice_links.network_record",
                     "listen.page", "listen.voice",
                     "voice_links.interpret_record",   # tests/test_interpreter.py
                     "oidc.start", "oidc.callback"}   # tests/test_oidc.py


def photo(db, folder, story_id):
    out = io.BytesIO()
    Image.new("RGB", (120, 90), "white").save(out, "JPEG")
    return uploads.store_photo(db, folder, story_id, out.getvalue())["id"]


@pytest.fixture
def world(app, db):
    folder = app.config["UPLOAD_DIR"]
    shared, v = panels.add(db, 1, 1, {"caption": "Gedeeld.", "section": "title",
                                      "shared_with_network": "1"}, 1, consent_by="parents")
    private, v = panels.add(db, 1, v, {"caption": "Privé.", "section": "happened"}, 1)
    ids = {"A": 1, "shared": shared, "private": private,
           "img_shared": photo(db, folder, 1), "img_private": photo(db, folder, 1)}
    panels.set_image(db, 1, shared, stories.get(db, 1)["version"], ids["img_shared"], 1)
    panels.set_image(db, 1, private, stories.get(db, 1)["version"], ids["img_private"], 1)
    ids["B"] = stories.create(db, 2, {"title": "B", "child_name": "Bo", "child_age": 4,
                                      "language": "nl"})
    b_panel, _ = panels.add(db, ids["B"], 1, {"caption": "Van B.", "section": "title",
                                              "shared_with_network": "1"}, 2, consent_by="parents")
    ids["img_b"] = photo(db, folder, ids["B"])
    panels.set_image(db, ids["B"], b_panel, stories.get(db, ids["B"])["version"], ids["img_b"], 2)
    tokens = {"inv_a": ("i", links.make(db, 1, "invite", "Oma", "oma", "family")[0]),
              "inv_b": ("i", links.make(db, ids["B"], "invite", "Opa", "opa", "family")[0]),
              "rev_a": ("r", links.make(db, 1, "review", "Sarah")[0])}
    clients = {}
    for actor in ACTORS:
        client = app.test_client()
        if actor in ("a", "b"):
            email, password = ("a@example.org", PASSWORD_A) if actor == "a" else ("b@example.org", PASSWORD_B)
            token = token_from(client.get("/login").get_data(as_text=True))
            client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        elif actor in tokens:
            prefix, token = tokens[actor]
            assert client.get(f"/{prefix}/{token}").status_code == 302
        clients[actor] = client
    return ids, clients


def test_every_route_is_in_the_table(app):
    tables = {rule for rule in GETS} | set(POSTS)
    for rule in app.url_map.iter_rules():
        if rule.endpoint in COVERED_ELSEWHERE:
            continue
        shape = rule.rule.replace("<int:story_id>", "{A}")
        assert any(_same_shape(shape, entry) for entry in tables), f"{rule.rule} is not in the matrix"


def _same_shape(rule, entry):
    import re
    pattern = re.sub(r"\\\{[a-z_A-Z]+\\\}|<[^>]+>", "[^/]+", re.escape(rule).replace(r"\<", "<").replace(r"\>", ">"))
    entry_filled = re.sub(r"\{[a-zA-Z_]+\}", "1", entry)
    return re.fullmatch(pattern, entry_filled) is not None


def test_the_authorisation_matrix_for_pages_and_images(world):
    ids, clients = world
    wrong = []
    for template, expected in GETS.items():
        path = template.format(**ids)
        for actor, want in zip(ACTORS, expected):
            response = clients[actor].get(path)
            got = response.status_code
            if want == LOGIN:
                ok = got == 302 and "/login" in response.headers.get("Location", "")
            else:
                ok = got == want
            if not ok:
                wrong.append((template, actor, want, got))
    assert wrong == [], "\n".join(map(str, wrong))


def test_nobody_but_the_owner_can_change_story_a(world, db):
    ids, clients = world
    before = (stories.get(db, 1)["version"], stories.content_hash(stories.content(db, 1)))
    wrong = []
    for template in POSTS:
        path = template.format(**ids)
        for actor in ("anon", "b", "inv_a", "inv_b", "rev_a"):
            client = clients[actor]
            page = client.get("/network/bye").get_data(as_text=True)
            token = token_from(page) if 'name="csrf_token"' in page else ""
            response = client.post(path, data={"csrf_token": token, "caption": "X", "confirm": "yes",
                                               "version": before[0], "name": "X", "text": "X"})
            allowed = {"anon": (302,), "b": (404,)}.get(actor, (302,))
            if response.status_code not in allowed:
                wrong.append((template, actor, response.status_code))
    assert wrong == []
    assert (stories.get(db, 1)["version"], stories.content_hash(stories.content(db, 1))) == before
