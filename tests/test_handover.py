"""Handing a story over: by its owner, by an admin, on the command line; the old owner is out."""
import pytest

from storyboard import audit, colleagues, handover, links, stories, workers
from storyboard.errors import Invalid

from .conftest import PASSWORD_A, token_from
from .test_colleagues import PASSWORD_C, signed_in

PASSWORD_ADMIN = "the admin's long password"


def form(client, path, **data):
    token = token_from(client.get("/stories").get_data(as_text=True))
    return client.post(path, data=dict(csrf_token=token, **data))


@pytest.fixture
def owner(app):
    return signed_in(app, "a@example.org", PASSWORD_A)


def test_the_owner_hands_over_and_their_open_tab_gets_404_at_once(app, db, owner):
    link_token, link = links.make(db, 1, "review", "Sarah", created_by=1)
    assert "data-form=\"handover\"" in owner.get("/stories/1/settings").get_data(as_text=True)
    reply = form(owner, "/stories/1/handover", email="b@example.org", keep="viewer")
    assert reply.status_code == 400 and stories.get(db, 1)["owner_id"] == 1   # not confirmed
    page = reply.get_data(as_text=True)
    assert 'data-said="handover"' in page and "Vink het vakje aan" in page
    # What was typed is still there, and the message sits beside the form.
    assert 'value="b@example.org"' in page and '<option value="viewer" selected>' in page
    assert '#said-handover" class="stack" data-form="handover"' in page
    reply = form(owner, "/stories/1/handover", email="B@example.org", confirm="yes")
    assert reply.status_code == 302 and reply.location.endswith("/stories")
    assert stories.get(db, 1)["owner_id"] == 2
    assert owner.get("/stories/1").status_code == 404
    assert owner.get("/stories/1/settings").status_code == 404
    assert "Het verhaal van Mila" not in owner.get("/stories").get_data(as_text=True)
    bram = signed_in(app, "b@example.org", "another long password")
    assert bram.get("/stories/1").status_code == 200
    assert "Het verhaal van Mila" in bram.get("/stories").get_data(as_text=True)
    # The links, the inbox and the log came along: they hang off the story.
    assert links.check(db, link_token, "review")["id"] == link["id"]
    row = [r for r in audit.for_story(db, 1) if r["action"] == "story-handed-over"]
    assert row[0]["detail"] == "worker:1->worker:2" and row[0]["actor"] == "worker:1"
    log = bram.get("/stories/1/audit")
    assert log.status_code == 200
    # In words, and the former owner by name (no longer "worker:1").
    page = log.get_data(as_text=True)
    assert "droeg een verhaal over" in page and "story-handed-over" in page
    assert "<td>Anja</td>" in page and "<td>worker:1</td>" not in page


def test_the_old_owner_can_stay_on_the_team_and_the_new_owner_leaves_it(app, db, owner):
    colleagues.add(db, 1, "b@example.org", "viewer", 1)
    form(owner, "/stories/1/handover", email="b@example.org", keep="editor", confirm="yes")
    assert stories.get(db, 1)["owner_id"] == 2
    team = {c["worker_id"]: c["role"] for c in colleagues.for_story(db, 1)}
    assert team == {1: "editor"}
    assert owner.get("/stories/1").status_code == 200
    assert form(owner, "/stories/1/handover", email="a@example.org",
                confirm="yes").status_code == 403   # an editor cannot hand over


def test_editor_and_viewer_cannot_hand_over(app, db):
    workers.create(db, "c@example.org", "Carla", PASSWORD_C)
    colleagues.add(db, 1, "b@example.org", "editor", 1)
    colleagues.add(db, 1, "c@example.org", "viewer", 1)
    for email, password in (("b@example.org", "another long password"),
                            ("c@example.org", PASSWORD_C)):
        client = signed_in(app, email, password)
        page = client.get("/stories/1/settings").get_data(as_text=True)
        assert 'data-form="handover"' not in page
        reply = form(client, "/stories/1/handover", email=email, confirm="yes")
        assert reply.status_code == 403
    assert stories.get(db, 1)["owner_id"] == 1


def test_refusals_are_plain_and_change_nothing(app, db, owner):
    workers.create(db, "gone@example.org", "Geert", PASSWORD_C)
    workers.deactivate(db, 3)
    for email, words in (("nobody@example.org", "Er is geen hulpverlener"),
                         ("gone@example.org", "Geert is uitgeschakeld"),
                         ("a@example.org", "Anja is al eigenaar")):
        reply = form(owner, "/stories/1/handover", email=email, confirm="yes")
        page = reply.get_data(as_text=True)
        assert reply.status_code == 400 and words in page, email
        assert f'id="handover-email" name="email" type="email" required autocomplete="off" ' \
               f'value="{email}"' in page
    assert stories.get(db, 1)["owner_id"] == 1
    with pytest.raises(Invalid):
        handover.hand_over(db, 1, 2, "cli", keep_as="owner")


def test_an_admin_hands_a_deactivated_workers_stories_over(app, db):
    workers.create(db, "admin@example.org", "Ada", PASSWORD_ADMIN, role="admin")
    admin = signed_in(app, "admin@example.org", PASSWORD_ADMIN)
    workers.deactivate(db, 1)
    page = admin.get("/admin/workers/1").get_data(as_text=True)
    assert 'data-handover-needed="1"' in page and 'data-form="admin-handover"' in page
    assert '<option value="1"' not in page   # only active workers can take it
    reply = form(admin, "/admin/stories/1/handover", to="2", back="1")
    assert reply.status_code == 302 and stories.get(db, 1)["owner_id"] == 2
    after = admin.get("/admin/workers").get_data(as_text=True)
    assert "data-handover-needed" not in after
    row = [r for r in audit.for_story(db, 1) if r["action"] == "story-handed-over"][0]
    assert row["actor"] == "worker:3" and row["detail"] == "worker:1->worker:2"
    reply = form(admin, "/admin/stories/1/handover", to="1", back="1")
    assert stories.get(db, 1)["owner_id"] == 2   # not to a deactivated worker


def test_the_command_line_hands_over(runner, db):
    result = runner.invoke(args=["handover", "1", "--to", "b@example.org"])
    assert result.exit_code == 0, result.output
    assert "now belongs to b@example.org" in result.output
    assert stories.get(db, 1)["owner_id"] == 2
    result = runner.invoke(args=["handover", "1", "--to", "b@example.org"])
    assert result.exit_code == 1 and "already" in result.output
    result = runner.invoke(args=["handover", "1", "--to", "a@example.org", "--keep", "viewer"])
    assert result.exit_code == 0 and colleagues.for_story(db, 1)[0]["worker_id"] == 2
    result = runner.invoke(args=["handover", "999", "--to", "a@example.org"])
    assert result.exit_code == 1
