"""Sharing per person, the network hearing back, and numbers people know (issue 18 §2 §5 §6)."""
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from storyboard import (audit, consent, erasure, exchange, links, network, panels, sharing,
                        stories, uploads)
from storyboard.errors import Invalid

CAPTIONS = ("Lotte woont bij mama.", "Oma Rita bakt pannenkoeken.", "Juf Els leest voor.",
            "Papa woont ergens anders.")
VERSION_NUMBER = re.compile(r"\b(versie|version)\s+\d", re.IGNORECASE)


@pytest.fixture
def story(app, db):
    """Story 1 with pages 1-3 shared with the network and page 4 private; page 3 has a photo."""
    ids, version = [], 1
    for number, caption in enumerate(CAPTIONS, start=1):
        shared = "1" if number < 4 else "0"
        panel_id, version = panels.add(db, 1, version, {"caption": caption, "section": "people",
                                                        "shared_with_network": shared}, 1,
                                       consent_by="parents" if shared == "1" else None)
        ids.append(panel_id)
    out = io.BytesIO()
    Image.new("RGB", (120, 90), "white").save(out, "JPEG")
    image = uploads.store_photo(db, app.config["UPLOAD_DIR"], 1, out.getvalue())
    panels.set_image(db, 1, ids[2], stories.get(db, 1)["version"], image["id"], 1)
    return {"ids": ids, "image": image["id"]}


def invite(db, name, pages=None, consent_by=None, role="family"):
    """Invite someone as the web form and the CLI do; return (token, link)."""
    return network.invite(db, 1, {"name": name, "relation": "", "role": role}, 1, "worker:1",
                          pages=pages, consent_by=consent_by)


def guest_of(app, token):
    guest = app.test_client()
    assert guest.get(f"/i/{token}").status_code == 302
    return guest


def csrf(client, path="/network"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def contribute(guest, **data):
    return guest.post("/network/contribute", data=dict(data, csrf_token=csrf(guest)),
                      content_type="multipart/form-data")


def test_each_link_sees_only_its_own_pages_and_nothing_else(app, db, story):
    ids = story["ids"]
    token_a, link_a = invite(db, "Oma Rita", pages="1,2")
    token_b, link_b = invite(db, "Juf Els", pages=[3], role="school")
    token_c, _ = invite(db, "Tante Mia")  # no --panels: everything shared, as before
    grandma, teacher, aunt = (guest_of(app, t) for t in (token_a, token_b, token_c))
    page_a = grandma.get("/network").get_data(as_text=True)
    page_b = teacher.get("/network").get_data(as_text=True)
    page_c = aunt.get("/network").get_data(as_text=True)
    assert CAPTIONS[0] in page_a and CAPTIONS[1] in page_a and CAPTIONS[2] not in page_a
    assert CAPTIONS[2] in page_b and CAPTIONS[0] not in page_b and CAPTIONS[1] not in page_b
    assert all(c in page_c for c in CAPTIONS[:3]) and CAPTIONS[3] not in page_c
    assert 'data-page="3"' in page_b and "Bladzijde 3" in page_b  # the book's number
    assert [p["page"] for p in network.visible_panels(db, links.get(db, link_a["id"]))] == [1, 2]

    picture = f"/network/images/{story['image']}/outline.png"
    assert teacher.get(picture).status_code == 200
    assert grandma.get(picture).status_code == 404  # guessing B's image id

    for panel_id in (ids[2], ids[3], 999999, "abc"):  # B's page, a private one, none
        reply = contribute(grandma, kind="detail", panel=panel_id, text="Geraden")
        assert reply.status_code == 404
    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(photo, "JPEG")
    reply = contribute(grandma, kind="photo", panel=ids[2], photo=(photo, "x.jpg"))
    assert reply.status_code == 404
    assert network.for_link(db, link_a["id"]) == []
    assert contribute(teacher, kind="detail", panel=ids[2], text="De klas is geel.").status_code == 302

    log = [r for r in audit.for_story(db, 1) if r["action"] == "network-viewed"
           and r["actor"] == f"link:{link_a['id']}"]
    assert log and log[0]["detail"].endswith(f"panels:{ids[0]},{ids[1]}")


def test_revoked_link_and_replayed_token_see_nothing(app, db, story):
    token, link = invite(db, "Oma Rita", pages="1")
    grandma = guest_of(app, token)
    assert CAPTIONS[0] in grandma.get("/network").get_data(as_text=True)
    links.revoke(db, link["id"])
    assert grandma.get("/network").status_code == 410
    assert app.test_client().get(f"/i/{token}").status_code == 410
    assert sharing.visible_panels(db, links.get(db, link["id"])) == []


def test_editor_chooses_people_widening_needs_consent_narrowing_does_not(client, auth, db, story):
    panel_id = story["ids"][3]  # the private page
    _, grandma = invite(db, "Oma Rita")
    _, teacher = invite(db, "Juf Els", role="school")
    auth.login()

    def save(**data):
        return auth.post(f"/stories/1/panels/{panel_id}",
                         dict(data, shared_present="1", audience_present="1",
                              version=stories.get(db, 1)["version"]), json_reply=True)

    refused = save(shared_with_network="1", audience="chosen", share_with=[grandma["id"]])
    assert refused.status_code == 400 and refused.json["code"] == "consent_needed"
    assert panels.get(db, 1, panel_id)["shared_with_network"] == 0
    assert sharing.chosen_links(db, panel_id) == {}

    assert save(shared_with_network="1", audience="chosen", share_with=[grandma["id"]],
                consent_by="mother-and-child").status_code == 200
    assert CAPTIONS[3] in [p["caption"] for p in network.visible_panels(db, grandma)]
    assert CAPTIONS[3] not in [p["caption"] for p in network.visible_panels(db, teacher)]
    record = consent.for_story(db, 1)[0]
    assert (record["who"], record["link_id"], record["person"]) == ("mother-and-child",
                                                                   grandma["id"], "Oma Rita")
    assert sharing.chosen_links(db, panel_id)[grandma["id"]]["consent_id"] == record["id"]
    assert any(r["detail"] == f"panel:{panel_id} agreed:mother-and-child link:{grandma['id']}"
               for r in audit.for_story(db, 1))

    # One more person is wider: refused without an agreement, and nothing changes.
    more = save(shared_with_network="1", audience="chosen",
                share_with=[grandma["id"], teacher["id"]])
    assert more.status_code == 400 and set(sharing.chosen_links(db, panel_id)) == {grandma["id"]}
    # Everyone invited is wider too.
    assert save(shared_with_network="1", audience="all").status_code == 400
    # Fewer people never needs one; the log names the link that lost the page.
    assert save(shared_with_network="1", audience="chosen", share_with=[]).status_code == 200
    assert network.visible_panels(db, grandma) == [p for p in network.visible_panels(db, grandma)
                                                   if p["id"] != panel_id]
    assert any(r["action"] == "panel-unshared" and r["detail"] == f"panel:{panel_id} "
               f"link:{grandma['id']}" for r in audit.for_story(db, 1))
    editor = client.get(f"/stories/1?panel={panel_id}").get_data(as_text=True)
    assert "mama en het kind" in editor and "papa en het kind" in editor
    assert f'data-person="{teacher["id"]}"' in editor and "data-sharing" in editor


def test_invite_with_pages_on_the_command_line(runner, db, story):
    result = runner.invoke(args=["invite", "1", "--name", "Juf Els", "--role", "school",
                                 "--panels", "3"])
    assert result.exit_code == 0, result.output
    assert re.search(r"/i/[A-Za-z0-9_-]{43,}$", result.output.strip())
    link = links.for_story(db, 1, "invite")[0]
    assert link["panels_chosen"] == 1
    assert [p["page"] for p in network.visible_panels(db, link)] == [3]
    for bad, says in (("9", "no page 9"), ("x", "1,3"), ("4", "not shared yet")):
        result = runner.invoke(args=["invite", "1", "--name", "X", "--role", "friend",
                                     "--panels", bad])
        assert result.exit_code == 1 and says in result.output.lower(), result.output
    assert len(links.for_story(db, 1, "invite")) == 1  # a refusal makes no link
    result = runner.invoke(args=["invite", "1", "--name", "Opa", "--role", "family"])
    assert result.exit_code == 0
    assert [p["page"] for p in network.visible_panels(db, links.for_story(db, 1, "invite")[0])
            ] == [1, 2, 3]


def test_pages_for_chosen_people_need_an_agreement_for_a_new_person(db, story):
    panel = panels.get(db, 1, story["ids"][1])
    with db.atomic():
        sharing.save(db, 1, panel, True, "chosen", [], None, 1)  # narrowing: no agreement
    with pytest.raises(Invalid) as refused:
        invite(db, "Buurvrouw", pages="2")
    assert refused.value.code == "invite_page_needs_consent"
    _, link = invite(db, "Buurvrouw", pages="2", consent_by="child")
    assert [p["page"] for p in network.visible_panels(db, link)] == [2]
    assert consent.for_story(db, 1)[0]["link_id"] == link["id"]


def test_web_invite_form_offers_pages_and_keeps_what_was_typed(client, auth, db, story):
    auth.login()
    form = client.get("/stories/1/network").get_data(as_text=True)
    assert 'name="pages" value="all" checked' in form and 'name="page" value="3"' in form
    bad = auth.post("/stories/1/network/invite", {"name": "Juf Els", "role": "school",
                                                  "pages": "chosen"})
    assert bad.status_code == 400 and 'value="Juf Els"' in bad.get_data(as_text=True)
    made = auth.post("/stories/1/network/invite", {"name": "Juf Els", "role": "school",
                                                   "pages": "chosen", "page": ["3"]})
    assert made.status_code == 201 and "/i/" in made.get_data(as_text=True)
    link = links.for_story(db, 1, "invite")[0]
    assert [p["page"] for p in network.visible_panels(db, link)] == [3]
    assert "bladzijde 3 <span" in client.get("/stories/1/network").get_data(as_text=True)


def test_the_reply_reaches_the_contributor_with_what_really_happened(app, client, auth, db, story):
    token, link = invite(db, "Oma Rita")
    grandma = guest_of(app, token)
    second = story["ids"][1]
    contribute(grandma, kind="detail", panel=second, text="Oma's keuken is geel.")
    contribute(grandma, kind="caption", panel=second, text="Oma Rita bakt de lekkerste pannenkoeken.")
    contribute(grandma, kind="detail", panel=second, text="De hond heet Bobbie.")
    detail, caption, dog = sorted(c["id"] for c in network.for_link(db, link["id"]))
    auth.login()
    inbox = client.get("/stories/1/inbox").get_data(as_text=True)
    assert "bladzijde 2" in inbox and "prent 2" not in inbox
    assert inbox.count('name="reply"') == 3  # one reply, sent with either answer
    assert inbox.count('formaction="/stories/1/inbox/') == 3
    done = auth.post(f"/stories/1/inbox/{detail}/accept", {"reply": "Dank je, Rita!"},
                     follow_redirects=True).get_data(as_text=True)
    assert "notities van bladzijde 2" in done
    auth.post(f"/stories/1/inbox/{caption}/accept", {"reply": "Mooi gezegd."})
    auth.post(f"/stories/1/inbox/{dog}/decline", {"reply": "Bobbie staat al op de prent."})

    page = grandma.get("/network").get_data(as_text=True)
    assert "bladzijde 2" in page
    items = dict(re.findall(r'data-contribution="(\d+)"[^>]*>(.*?)</li>', page, re.DOTALL))
    assert 'data-outcome="notes">in de notities' in items[str(detail)]
    assert "Dank je, Rita!" in items[str(detail)]
    assert 'data-outcome="story">in het verhaal' in items[str(caption)]
    assert "Mooi gezegd." in items[str(caption)]
    assert 'data-outcome="declined">niet gebruikt' in items[str(dog)]
    assert "Bobbie staat al op de prent." in items[str(dog)]
    assert len(items) == 3  # every contribution is listed
    status = {c["id"]: c["outcome"] for c in network.for_link(db, link["id"])}
    assert status == {detail: "notes", caption: "story", dog: "declined"}


def test_safe_address_hides_home_questions_and_refuses_home_answers(app, client, auth, db, story):
    token, link = invite(db, "Oma Rita")
    grandma = guest_of(app, token)
    before = grandma.get("/network").get_data(as_text=True)
    assert "Hoe ziet het huis eruit?" in before
    auth.login()
    saved = auth.post("/stories/1/settings/questions",
                      {"safe_address": "1", "on": ["loves", "names", "home"],
                       "text_names": "Wie zijn de knuffels van Lotte?"}, follow_redirects=True)
    assert saved.status_code == 200 and stories.get(db, 1)["safe_address"] == 1
    # The worker's questions page shows the question as the network will read it.
    mine = saved.get_data(as_text=True)
    assert "Spelletjes, eten, liedjes, dieren?" in mine and "plaatsen?" not in mine
    page = grandma.get("/network").get_data(as_text=True)
    assert "Hoe ziet het huis eruit?" not in page and 'data-form="answer-home"' not in page
    assert "Wie zijn de knuffels van Lotte?" in page
    assert 'data-photo-hint="safe"' in page and "huis of de straat" in page
    assert "een plaats of een huisdier" not in page
    assert "plaatsen?" not in page and "Spelletjes, eten, liedjes, dieren?" in page
    refused = contribute(grandma, kind="answer", question="home", text="Straat 12, Gent")
    assert refused.status_code == 400 and "Straat 12, Gent" in refused.get_data(as_text=True)
    assert network.for_link(db, link["id"]) == []

    auth.post("/stories/1/settings/questions", {"on": ["names", "home"]})  # loves off
    page = grandma.get("/network").get_data(as_text=True)
    assert "Hoe ziet het huis eruit?" in page and 'data-form="answer-loves"' not in page
    assert contribute(grandma, kind="answer", question="loves", text="Ijs").status_code == 400
    assert contribute(grandma, kind="answer", question="home", text="Rood").status_code == 302
    too_long = auth.post("/stories/1/settings/questions", {"on": ["home"], "text_home": "x" * 201})
    assert too_long.status_code == 400 and "x" * 201 in too_long.get_data(as_text=True)


def test_link_pages_never_show_version_numbers(app, client, auth, db, story):
    token, review_link = links.make(db, 1, "review", "Sarah", language="nl")
    mama = app.test_client()
    mama.get(f"/r/{token}")
    agreed = mama.post("/review/decide", data={
        "csrf_token": csrf(mama, "/review"), "decision": "agree", "name": "Sarah",
        "version": stories.get(db, 1)["version"]}, follow_redirects=True).get_data(as_text=True)
    assert "Je akkoord met de versie van" in agreed and not VERSION_NUMBER.search(agreed)
    panels.update(db, 1, story["ids"][0], stories.get(db, 1)["version"],
                  {"caption": "Lotte woont nu bij mama."}, 1)
    changed = mama.get("/review").get_data(as_text=True)
    assert "Je ging akkoord met de versie van" in changed and not VERSION_NUMBER.search(changed)
    assert 'data-page="1"' in changed and "Bladzijde 4" in changed

    invite_token, _ = invite(db, "Oma Rita")
    network_page = guest_of(app, invite_token).get("/network").get_data(as_text=True)
    assert not VERSION_NUMBER.search(network_page)

    auth.login()
    pdf = PdfReader(io.BytesIO(client.get("/stories/1/reviews/record").data))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "de versie van" in text and not VERSION_NUMBER.search(text)


def test_erase_export_and_import_stay_coherent(app, db, story):
    _, link = invite(db, "Juf Els", pages="3")
    blob = exchange.export_story(db, 1, app.config["UPLOAD_DIR"])
    new_id = exchange.import_story(db, blob, 1, app.config["UPLOAD_DIR"])
    assert all(not p["shared_with_network"] for p in panels.for_story(db, new_id))
    assert db.execute("select count(*) from panel_links where story_id = ?",
                      [new_id]).fetchone()[0] == 0
    erasure.erase(db, 1, app.config["UPLOAD_DIR"], app.config["CACHE_DIR"], "worker:1")
    assert db.execute("select count(*) from panel_links").fetchone()[0] == 0


def test_an_unshared_page_can_go_to_one_person_on_a_named_agreement(runner, db, story):
    before = stories.get(db, 1)["version"]
    result = runner.invoke(args=["invite", "1", "--name", "Oma Fatima", "--role", "family",
                                 "--panels", "4", "--consent-by", "mother-and-child"])
    assert result.exit_code == 0, result.output
    oma = links.for_story(db, 1, "invite")[0]
    assert [p["page"] for p in network.visible_panels(db, oma)] == [4]
    panel = panels.get(db, 1, story["ids"][3])
    assert panel["shared_with_network"] == 1 and panel["audience"] == "chosen"
    assert stories.get(db, 1)["version"] == before + 1   # a change of the story, versioned
    assert consent.for_story(db, 1)[0]["who"] == "mother-and-child"
    # Nobody else gains it: a link for everything shared does not see page 4.
    result = runner.invoke(args=["invite", "1", "--name", "Opa", "--role", "family"])
    opa = links.for_story(db, 1, "invite")[0]
    assert 4 not in [p["page"] for p in network.visible_panels(db, opa)]
