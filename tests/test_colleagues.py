"""Colleagues on a story: the authorisation table tried as a viewer and as an editor."""
import pytest

from storyboard import audit, colleagues, stories, workers
from storyboard.errors import Invalid

from .conftest import token_from
from .test_authorisation import GETS, POSTS, world  # noqa: F401  (the same world)

PASSWORD_C = "a third long password"


def signed_in(app, email, password):
    client = app.test_client()
    token = token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return client


@pytest.fixture
def team(app, db, world):  # noqa: F811
    ids, clients = world
    workers.create(db, "c@example.org", "Carla", PASSWORD_C)
    colleagues.add(db, 1, "b@example.org", "editor", 1)      # Bram edits Anja's story
    colleagues.add(db, 1, "c@example.org", "viewer", 1)      # Carla, a supervisor, reads it
    return ids, {"editor": clients["b"], "viewer": signed_in(app, "c@example.org", PASSWORD_C)}


def fill(path, ids):
    return path.format(**ids)


def test_both_roles_read_everything_of_the_story_the_owner_reads(team):
    ids, clients = team
    for path, expected in GETS.items():
        if not path.startswith("/stories/{A}"):
            continue
        owner = expected[1]   # what worker A, the owner, gets
        for role, client in clients.items():
            reply = client.get(fill(path, ids))
            assert reply.status_code == owner, (role, path, reply.status_code)


def test_a_viewer_changes_nothing_on_any_route(team, db):
    ids, clients = team
    viewer = clients["viewer"]
    token = token_from(viewer.get("/stories/1/settings").get_data(as_text=True))
    before = (stories.content_hash(stories.content(db, 1)), stories.get(db, 1)["version"])
    for path in POSTS:
        reply = viewer.post(fill(path, ids), data={
            "csrf_token": token, "caption": "Gehackt.", "title": "X", "child_name": "X",
            "child_age": "3", "name": "X", "confirm": "yes", "email": "c@example.org",
            "role": "editor", "version": before[1]})
        assert reply.status_code == 403, (path, reply.status_code)
    assert (stories.content_hash(stories.content(db, 1)), stories.get(db, 1)["version"]) == before
    assert "Je rol bij dit verhaal laat dit niet toe" in reply.get_data(as_text=True)


def test_an_editor_works_like_the_owner_but_cannot_erase_or_change_the_team(team, db):
    ids, clients = team
    editor = clients["editor"]
    token = token_from(editor.get("/stories/1/settings").get_data(as_text=True))
    saved = editor.post("/stories/1/settings", data={
        "csrf_token": token, "title": "Samen geschreven", "child_name": "Mila",
        "child_age": "5", "language": "nl", "version": stories.get(db, 1)["version"]})
    assert saved.status_code == 302 and stories.get(db, 1)["title"] == "Samen geschreven"
    for path in ("/stories/1/delete", "/stories/1/team", "/stories/1/team/remove"):
        reply = editor.post(path, data={"csrf_token": token, "confirm": "yes",
                                        "email": "c@example.org", "role": "editor"})
        assert reply.status_code == 403, path
    assert stories.get(db, 1) is not None
    assert [c["role"] for c in colleagues.for_story(db, 1)] == ["editor", "viewer"]


def test_the_owner_manages_the_team_and_a_removed_colleague_loses_access_at_once(
        team, app, db, auth):
    ids, clients = team
    auth.login()
    page = auth._client.get("/stories/1/settings").get_data(as_text=True)
    assert 'data-colleague=' in page and "lezer" in page
    refused = auth.post("/stories/1/team", {"email": "nobody@example.org", "role": "editor"})
    said = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Er is geen hulpverlener met dat e-mailadres" in said
    assert 'value="nobody@example.org"' in said and '<option value="editor" selected>' in said
    auth.post("/stories/1/team/remove", {"email": "c@example.org"})
    assert clients["viewer"].get("/stories/1").status_code == 404
    assert any(r["action"] == "colleague-removed" for r in audit.for_story(db, 1))
    with pytest.raises(Invalid):
        colleagues.add(db, 1, "a@example.org", "editor", 1)   # the owner is no colleague
    shelf = clients["editor"].get("/stories").get_data(as_text=True)
    assert 'data-access="editor"' in shelf


def test_the_command_line_gives_and_takes_a_role(runner, db):
    workers.create(db, "c@example.org", "Carla", PASSWORD_C)
    result = runner.invoke(args=["colleague", "1", "c@example.org", "--role", "viewer"])
    assert result.exit_code == 0 and "viewer" in result.output
    assert stories.for_worker(db, 1, workers.by_email(db, "c@example.org"))["access"] == \
        "viewer"
    result = runner.invoke(args=["colleague", "1", "c@example.org", "--remove"])
    assert result.exit_code == 0
    result = runner.invoke(args=["colleague", "1", "nobody@example.org"])
    assert result.exit_code == 1 and "Traceback" not in result.output
