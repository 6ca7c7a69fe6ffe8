"""An interpreter's link: every page, captions beside their translation, saved with provenance."""
import io
import re

import pytest
from pypdf import PdfReader

from storyboard import audit, consent, interpreting, links, network, panels, stories
from storyboard.errors import Invalid

from .conftest import token_from


@pytest.fixture
def book(db):
    """Three pages of Mila's story; only the first shared with the network."""
    version = stories.get(db, 1)["version"]
    ids = []
    for n, caption in enumerate(("Dag Mila.", "Mama is ziek.", "Oma zorgt voor Mila.")):
        data = {"caption": caption, "section": "people", "shared_with_network": "1" if n == 0
                else ""}
        panel_id, version = panels.add(db, 1, version, data, 1,
                                       consent_by="parents" if n == 0 else None)
        ids.append(panel_id)
    return ids


def interpreter(app, db, language="ar", consent_by="mother"):
    token, link = interpreting.invite(db, 1, {"name": "Samira", "relation": "tolk",
                                              "language": language}, 1, "worker:1",
                                      consent_by=consent_by)
    guest = app.test_client()
    assert guest.get(f"/t/{token}").status_code == 302
    return guest, link


def csrf(client):
    return token_from(client.get("/interpret").get_data(as_text=True))


def test_the_interpreter_sees_every_page_and_the_familys_agreement_is_recorded(app, db, book):
    guest, link = interpreter(app, db)
    page = guest.get("/interpret")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert [int(n) for n in re.findall(r'data-interpret-page="(\d+)"', html)] == book
    assert "Mama is ziek." in html   # not shared with the network, but meant for the book
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    agreed = [c for c in consent.for_story(db, 1) if c["what"] == "interpreter"]
    assert agreed[0]["who"] == "mother" and agreed[0]["link_id"] == link["id"]
    assert stories.get(db, 1)["second_language"] == "ar"   # the family's language, now set
    assert any(r["action"] == "interpreter-invited" for r in audit.for_story(db, 1))


def test_a_translation_is_saved_with_who_and_when_as_a_new_version(app, db, book):
    guest, link = interpreter(app, db)
    before = stories.get(db, 1)["version"]
    reply = guest.post(f"/interpret/pages/{book[1]}", data={
        "csrf_token": csrf(guest), "caption_2": "ماما مريضة.", "was": ""},
        headers={"Accept": "application/json"})
    assert reply.status_code == 200 and reply.json["version"] == before + 1
    panel = panels.get(db, 1, book[1])
    assert panel["caption_2"] == "ماما مريضة." and panel["caption_2_by"] == f"link:{link['id']}"
    assert interpreting.provenance(db, 1)[book[1]][0] == "Samira"
    assert stories.snapshot(db, 1, before + 1)["panels"][1]["caption_2"] == "ماما مريضة."
    assert any(r["action"] == "caption-translated" and r["actor"] == f"link:{link['id']}"
               for r in audit.for_story(db, 1))
    # The worker can go back to the version before it.
    stories.restore(db, 1, before, stories.get(db, 1)["version"], 1)
    assert not panels.get(db, 1, book[1])["caption_2"]


def test_a_translation_changed_meanwhile_is_not_overwritten_and_the_text_is_kept(app, db, book):
    guest, _ = interpreter(app, db)
    panels.update(db, 1, book[0], stories.get(db, 1)["version"], {"caption_2": "مرحبا"}, 1)
    reply = guest.post(f"/interpret/pages/{book[0]}", data={
        "csrf_token": csrf(guest), "caption_2": "أهلا ميلا", "was": ""})
    assert reply.status_code == 400 and "أهلا ميلا" in reply.get_data(as_text=True)
    assert panels.get(db, 1, book[0])["caption_2"] == "مرحبا"


def test_nobody_else_gets_the_interpreters_view_and_the_interpreter_nothing_else(app, db, book):
    invite_token, _ = links.make(db, 1, "invite", "Juf Els", role="school")
    police_token, _ = links.make(db, 1, "invite", "Agent Peeters", role="police")
    review_token, _ = links.make(db, 1, "review", "Sara")
    for token, path in ((invite_token, "i"), (police_token, "i"), (review_token, "r")):
        other = app.test_client()
        other.get(f"/{path}/{token}")
        assert other.get("/interpret").status_code == 404
        assert other.get(f"/t/{token}").status_code == 404   # not an interpreter's token
    guest, link = interpreter(app, db)
    assert guest.get("/network").status_code == 404 and guest.get("/review").status_code == 404
    assert guest.post(f"/interpret/pages/{book[0] + 999}", data={
        "csrf_token": csrf(guest), "caption_2": "x"}).status_code == 404
    links.revoke(db, link["id"])
    assert guest.get("/interpret").status_code == 410


def test_the_interpreter_needs_the_familys_language_and_its_agreement(db, book):
    with pytest.raises(Invalid) as refused:
        interpreting.invite(db, 1, {"name": "X", "language": "nl"}, 1, "worker:1")
    assert refused.value.code == "interpreter_language"
    with pytest.raises(Invalid) as refused:
        interpreting.invite(db, 1, {"name": "X", "language": "ar"}, 1, "worker:1",
                            consent_by="the neighbour")
    assert refused.value.code == "consent_needed"
    interpreting.invite(db, 1, {"name": "X", "language": "ar"}, 1, "worker:1")
    with pytest.raises(Invalid) as refused:
        interpreting.invite(db, 1, {"name": "Y", "language": "tr"}, 1, "worker:1")
    assert refused.value.code == "interpreter_language_other"
    assert network.visible_panels(db, links.for_story(db, 1, "interpret")[0]) == []


def test_the_worker_invites_an_interpreter_on_the_web_and_sees_who_translated(
        app, client, auth, db, book):
    auth.login()
    refused = auth.post("/stories/1/network/interpreter", {"name": "Samira", "language": "ar"})
    assert refused.status_code == 400 and "Samira" in refused.get_data(as_text=True)
    made = auth.post("/stories/1/network/interpreter", {"name": "Samira", "language": "ar",
                                                         "consent_by": "parents"})
    html = made.get_data(as_text=True)
    assert made.status_code == 201 and re.search(r"/t/[A-Za-z0-9_-]{43}", html)
    link = links.for_story(db, 1, "interpret")[0]
    interpreting.translate(db, link, book[2], "الجدة تعتني بميلا.")
    editor = client.get(f"/stories/1?panel={book[2]}").get_data(as_text=True)
    assert "data-translated-by" in editor and "Samira" in editor
    network_page = client.get("/stories/1/network").get_data(as_text=True)
    assert f'data-interpreter="{link["id"]}"' in network_page
    record = client.get("/stories/1/reviews/record")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(record.data)).pages)
    assert record.status_code == 200 and "Samira" in text   # the record names the interpreter


def test_the_command_line_invites_an_interpreter_with_the_agreement_said(runner, db, book):
    result = runner.invoke(args=["invite", "1", "--name", "Samira", "--relation", "tolk",
                                 "--role", "interpreter", "--language", "ar"])
    assert result.exit_code == 0, result.output
    assert re.search(r"/t/[A-Za-z0-9_-]{43}$", result.output.strip())
    assert [c["who"] for c in consent.for_story(db, 1) if c["what"] == "interpreter"] == \
        ["parents"]


def test_the_interpreter_reads_a_page_aloud_in_the_familys_language(app, db, book):
    from .test_voices import recording
    guest, link = interpreter(app, db)
    reply = guest.post("/interpret/voice", data={
        "csrf_token": csrf(guest), "panel": str(book[1]), "language": "ar", "consent": "1",
        "speaker": "Samira", "audio": (io.BytesIO(recording("webm", "libopus", 2)), "a.webm")},
        content_type="multipart/form-data")
    assert reply.status_code == 302
    [voice] = db.query("select * from voices where story_id = 1")
    assert voice["panel_id"] == book[1] and voice["language"] == "ar"
    assert voice["made_by"] == f"link:{link['id']}" and voice["consent"] == 1
    network_member = app.test_client()
    token, _ = links.make(db, 1, "invite", "Juf Els", role="school")
    network_member.get(f"/i/{token}")
    assert network_member.post("/interpret/voice", data={"panel": str(book[1])}).status_code \
        in (400, 404, 410)   # an invite's cookie is no interpreter's
