"""The editor and story pages through the test client: HTML and database rows."""
import re

import pytest

from storyboard import panels, stories


@pytest.fixture
def signed_in(auth):
    auth.login()
    return auth


def version(db, story_id=1):
    return stories.get(db, story_id)["version"]


def add_panel(auth, db, caption, **extra):
    return auth.post("/stories/1/panels", dict({"caption": caption, "section": "happened",
                                                "version": version(db)}, **extra))


def test_create_story_through_the_form_opens_the_editor(client, signed_in, db):
    response = signed_in.post("/stories/new", {"title": "Het verhaal van Sam", "child_name": "Sam",
                                               "child_age": "4", "language": "nl",
                                               "second_language": "ar"})
    assert response.status_code == 302
    story_id = int(response.headers["Location"].rsplit("/", 1)[1])
    story = stories.get(db, story_id)
    assert (story["owner_id"], story["second_language"]) == (1, "ar")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Het verhaal van Sam" in page and "Prent toevoegen" in page


def test_invalid_story_form_keeps_what_was_typed(signed_in):
    response = signed_in.post("/stories/new", {"title": "Mijn titel", "child_name": "",
                                               "child_age": "4"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul de voornaam van het kind in." in page and 'value="Mijn titel"' in page


def test_added_panel_caption_is_in_the_server_rendered_editor(client, signed_in, db):
    response = add_panel(signed_in, db, "Mila gaat naar oma.", picture="grandmother")
    assert response.status_code == 302
    page = client.get("/stories/1").get_data(as_text=True)
    assert "Mila gaat naar oma." in page
    assert "panels/grandmother.svg" in page


def test_autosave_returns_the_new_version_and_stores_the_caption(signed_in, db):
    add_panel(signed_in, db, "Eerst.")
    panel_id = panels.for_story(db, 1)[0]["id"]
    reply = signed_in.post(f"/stories/1/panels/{panel_id}",
                           {"caption": "Daarna.", "version": version(db)}, json_reply=True)
    assert reply.status_code == 200 and reply.json["ok"] is True
    assert reply.json["version"] == version(db)
    assert panels.get(db, 1, panel_id)["caption"] == "Daarna."


def test_stale_autosave_is_refused_with_409_and_overwrites_nothing(signed_in, db):
    add_panel(signed_in, db, "Eerst.")
    panel_id = panels.for_story(db, 1)[0]["id"]
    stale = version(db)
    signed_in.post(f"/stories/1/panels/{panel_id}", {"caption": "Tab één.", "version": stale},
                   json_reply=True)
    reply = signed_in.post(f"/stories/1/panels/{panel_id}",
                           {"caption": "Tab twee.", "version": stale}, json_reply=True)
    assert reply.status_code == 409
    assert "in een ander venster" in reply.json["error"]
    assert reply.json["version"] == version(db)
    assert panels.get(db, 1, panel_id)["caption"] == "Tab één."


def test_too_long_caption_is_explained_and_nothing_changes(signed_in, db):
    add_panel(signed_in, db, "Kort.")
    panel_id = panels.for_story(db, 1)[0]["id"]
    reply = signed_in.post(f"/stories/1/panels/{panel_id}",
                           {"caption": "x" * 400, "version": version(db)}, json_reply=True)
    assert reply.status_code == 400
    assert "400 tekens" in reply.json["error"]
    assert panels.get(db, 1, panel_id)["caption"] == "Kort."


def test_refused_form_keeps_the_typed_caption_in_the_page(client, signed_in, db):
    response = add_panel(signed_in, db, "x" * 350)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "x" * 350 in page and "350 tekens" in page
    with client.session_transaction() as session:  # the draft never rides in the cookie
        assert "x" * 20 not in repr(dict(session))


def test_double_submit_of_the_add_form_adds_one_panel(client, signed_in, db):
    data = {"caption": "Eén keer.", "section": "title", "version": version(db),
            "form_id": "abc123"}
    first = signed_in.post("/stories/1/panels", data)
    second = signed_in.post("/stories/1/panels", data)
    assert first.status_code == second.status_code == 302
    assert [p["caption"] for p in panels.for_story(db, 1)] == ["Eén keer."]
    page = client.get("/stories/1").get_data(as_text=True)
    assert "ander venster" not in page


def test_move_and_order_routes_reorder_panels(signed_in, db):
    for text in ("A.", "B.", "C."):
        add_panel(signed_in, db, text)
    ids = [p["id"] for p in panels.for_story(db, 1)]
    signed_in.post(f"/stories/1/panels/{ids[2]}/move", {"direction": "up", "version": version(db)})
    assert [p["caption"] for p in panels.for_story(db, 1)] == ["A.", "C.", "B."]
    reply = signed_in.post("/stories/1/order", {"panel": [ids[1], ids[2], ids[0]],
                                                "version": version(db)}, json_reply=True)
    assert reply.json["ok"]
    assert [p["caption"] for p in panels.for_story(db, 1)] == ["B.", "C.", "A."]


def test_delete_panel_route(signed_in, db):
    add_panel(signed_in, db, "Weg ermee.")
    panel_id = panels.for_story(db, 1)[0]["id"]
    signed_in.post(f"/stories/1/panels/{panel_id}/delete", {"version": version(db)})
    assert panels.for_story(db, 1) == []


def test_settings_update_and_delete_with_confirmation(client, signed_in, db):
    signed_in.post("/stories/1/settings", {"title": "Nieuwe titel", "child_name": "Mila",
                                           "child_age": "5", "language": "nl",
                                           "version": version(db)})
    assert stories.get(db, 1)["title"] == "Nieuwe titel"
    signed_in.post("/stories/1/delete", {})
    assert stories.list_for_owner(db, 1)  # not confirmed: still there
    signed_in.post("/stories/1/delete", {"confirm": "yes"})
    assert stories.list_for_owner(db, 1) == []


@pytest.mark.parametrize("method, path", [
    ("get", "/stories/1"), ("get", "/stories/1/settings"), ("get", "/stories/1/print"),
    ("get", "/stories/1/export"), ("post", "/stories/1/panels"), ("post", "/stories/1/delete"),
    ("post", "/stories/1/order"), ("post", "/stories/1/settings"),
])
def test_another_worker_gets_404_for_every_route_of_the_story(client, auth, db, method, path):
    auth.login("b@example.org", "another long password")
    if method == "get":
        response = client.get(path)
    else:
        response = auth.post(path, {"caption": "Ingebroken.", "version": version(db),
                                    "confirm": "yes", "title": "X", "child_name": "X",
                                    "child_age": "3"})
    assert response.status_code == 404
    assert "Het verhaal van Mila" not in response.get_data(as_text=True)
    assert stories.get(db, 1)["title"] == "Het verhaal van Mila"
    assert panels.for_story(db, 1) == []


def test_story_list_shows_only_own_stories(client, auth):
    auth.login("b@example.org", "another long password")
    assert "Het verhaal van Mila" not in client.get("/stories").get_data(as_text=True)


def test_unknown_ids_get_a_plain_dutch_404(client, signed_in):
    response = client.get("/stories/999")
    assert response.status_code == 404
    assert "bestaat niet" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_pages_send_security_headers(client, signed_in):
    response = client.get("/stories")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_every_state_changing_form_carries_a_csrf_token(client, signed_in, db):
    add_panel(signed_in, db, "Een prent.")
    for path in ("/stories", "/stories/1", "/stories/1/settings", "/stories/new"):
        page = client.get(path).get_data(as_text=True)
        for form in re.findall(r"<form[^>]*>.*?</form>", page, re.S):
            if 'method="post"' in form:
                assert 'name="csrf_token"' in form, form[:120]
