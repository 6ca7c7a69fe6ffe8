"""The network: capability links, the contributor page, the inbox, consent and isolation."""
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from skimage import data as samples

from storyboard import audit, links, network, panels, stories
from storyboard.errors import Invalid, NotFound

from .conftest import storyboard_cli


@pytest.fixture
def story(db):
    """Story 1 (Mila) with one shared and one private panel; story 2 of worker B."""
    shared, v = panels.add(db, 1, 1, {"caption": "Mila woont bij oma.", "section": "safety",
                                      "picture": "grandmother", "shared_with_network": "1"}, 1, consent_by="parents")
    private, v = panels.add(db, 1, v, {"caption": "Papa zit in de gevangenis.",
                                       "section": "happened", "picture": "father"}, 1)
    other = stories.create(db, 2, {"title": "Het verhaal van Bo", "child_name": "Bo",
                                   "child_age": 4, "language": "nl"})
    panels.add(db, other, 1, {"caption": "Bo heeft een konijn.", "section": "people",
                              "shared_with_network": "1"}, 2, consent_by="parents")
    return {"shared": shared, "private": private, "other": other}


def invite(db, story_id=1, role="family", **extra):
    return links.make(db, story_id, "invite", extra.pop("name", "Oma Rita"),
                      extra.pop("relation", "oma"), role, **extra)


def jpeg():
    out = io.BytesIO()
    Image.fromarray(samples.chelsea()).save(out, "JPEG")
    return out.getvalue()


def test_tokens_are_long_random_and_stored_only_as_hashes(db):
    token, link = invite(db)
    assert len(token) >= 43  # 256 bits, url-safe base64
    row = links.get(db, link["id"])
    assert row["token_hash"] == links.hash_token(token) and token not in str(row)
    assert links.check(db, token, "invite")["id"] == link["id"]
    with pytest.raises(NotFound):
        links.check(db, token, "review")
    with pytest.raises(NotFound):
        links.check(db, token[:-1] + ("A" if token[-1] != "A" else "B"), "invite")


def test_expiry_is_capped_and_expired_or_revoked_links_are_gone(db):
    with pytest.raises(Invalid):
        invite(db, days=91)
    token, link = invite(db, days=1)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    db["links"].update(link["id"], {"expires": past})
    with pytest.raises(links.LinkGone):
        links.check(db, token, "invite")
    token2, link2 = invite(db)
    links.revoke(db, link2["id"])
    with pytest.raises(links.LinkGone):
        links.check(db, token2, "invite")


def test_token_is_swapped_for_a_cookie_and_pages_are_private(client, db, story):
    token, _ = invite(db)
    first = client.get(f"/i/{token}")
    assert first.status_code == 302 and token not in first.headers["Location"]
    assert first.headers["Referrer-Policy"] == "no-referrer"
    page = client.get("/network")
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "noindex" in page.headers["X-Robots-Tag"] and 'name="robots"' in html
    assert "Mila woont bij oma." in html
    assert "gevangenis" not in html and "Bo heeft" not in html
    assert re.search(r"(src|href)=\"https?://", html) is None  # nothing from third parties


def test_unshared_panels_never_reach_a_contributor_in_any_form(app, client, auth, db, story):
    auth.login()
    photo = auth.post(f"/stories/1/panels/{story['private']}/photo",
                      {"photo": (io.BytesIO(jpeg()), "p.jpg"), "version": stories.get(db, 1)["version"]},
                      content_type="multipart/form-data", json_reply=True).json
    token, _ = invite(db)
    guest = app.test_client()
    guest.get(f"/i/{token}")
    assert guest.get(f"/network/images/{photo['image_id']}/outline.png").status_code == 404
    assert guest.get(f"/stories/1/images/{photo['image_id']}/outline.png").status_code == 302
    for path in ("/stories/1", "/stories/1/export", "/stories/1/print", "/stories/1/inbox"):
        assert guest.get(path).status_code in (302, 404)
    token_b = guest.get("/network").get_data(as_text=True)
    assert "gevangenis" not in token_b


def test_a_link_for_one_story_cannot_touch_another(app, db, story):
    token, _ = invite(db, story_id=story["other"])
    guest = app.test_client()
    guest.get(f"/i/{token}")
    html = guest.get("/network").get_data(as_text=True)
    assert "Bo heeft een konijn." in html and "Mila" not in html
    page = guest.get("/network").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    reply = guest.post("/network/contribute", data={"csrf_token": csrf, "kind": "detail",
                                                    "panel": story["shared"], "text": "Hallo"})
    assert reply.status_code == 404  # the page again, with the text kept in its box
    assert network.for_link(db, links.find(db, token)["id"]) == []


def test_revoked_and_expired_links_get_a_plain_410(app, db, story):
    token, link = invite(db)
    guest = app.test_client()
    guest.get(f"/i/{token}")
    links.revoke(db, link["id"])
    gone = guest.get("/network")
    assert gone.status_code == 410 and "werkt niet meer" in gone.get_data(as_text=True)
    assert app.test_client().get(f"/i/{token}").status_code == 410
    unknown = app.test_client().get("/i/" + "x" * 43)
    assert unknown.status_code == 404 and "kennen deze link niet" in unknown.get_data(as_text=True)


def test_guessing_tokens_is_rate_limited(app):
    guest = app.test_client()
    codes = [guest.get(f"/i/{'g' * 40}{n:03d}").status_code for n in range(22)]
    assert codes[:20] == [404] * 20 and codes[-1] == 429


def contribute(guest, **data):
    page = guest.get("/network").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return guest.post("/network/contribute", data=dict(data, csrf_token=csrf),
                      content_type="multipart/form-data")


def test_contributions_need_csrf_and_are_shown_with_their_status(app, client, auth, db, story):
    token, link = invite(db)
    guest = app.test_client()
    guest.get(f"/i/{token}")
    assert guest.post("/network/contribute", data={"kind": "detail", "panel": story["shared"],
                                                   "text": "x"}).status_code == 400
    contribute(guest, kind="caption", panel=story["shared"], text="Mila slaapt bij oma Rita.")
    contribute(guest, kind="detail", panel=story["shared"], text="De voordeur is rood.")
    contribute(guest, kind="answer", question="loves", text="Pannenkoeken en de schommel.")
    bad = contribute(guest, kind="photo", panel=story["shared"],
                     photo=(io.BytesIO(b"not a photo"), "x.jpg"))
    assert bad.status_code == 400 and "geen foto" in bad.get_data(as_text=True)
    contribute(guest, kind="photo", panel=story["shared"], photo=(io.BytesIO(jpeg()), "kat.jpg"))
    mine = network.for_link(db, link["id"])
    assert [c["kind"] for c in mine] == ["photo", "answer", "detail", "caption"]
    assert all(c["status"] == "waiting" for c in mine)

    auth.login()
    inbox = client.get("/stories/1/inbox").get_data(as_text=True)
    assert "Oma Rita" in inbox and "De voordeur is rood." in inbox
    caption_id = next(c["id"] for c in mine if c["kind"] == "caption")
    detail_id = next(c["id"] for c in mine if c["kind"] == "detail")
    photo_id = next(c for c in mine if c["kind"] == "photo")
    auth.post(f"/stories/1/inbox/{caption_id}/accept", {"text": "Mila slaapt nu bij oma Rita."})
    auth.post(f"/stories/1/inbox/{detail_id}/decline", {"reply": "Staat al op de tekening."})
    auth.post(f"/stories/1/inbox/{photo_id['id']}/accept", {})
    panel = panels.get(db, 1, story["shared"])
    assert panel["caption"] == "Mila slaapt nu bij oma Rita."
    assert "Oma Rita (oma)" in panel["notes"] and panel["image_id"] == photo_id["image_id"]
    mine_page = guest.get("/network").get_data(as_text=True)
    assert "Staat al op de tekening." in mine_page and 'data-outcome="story">in het verhaal' in mine_page
    # The contributor sees its accepted photo, and it is in the editor.
    assert guest.get(f"/network/images/{photo_id['image_id']}/outline.png").status_code == 200
    actions = {row["action"] for row in audit.for_story(db, 1)}
    assert {"invite-opened", "contribution-made", "contribution-used",
            "contribution-declined"} <= actions


def test_sharing_needs_consent_and_unsharing_is_immediate(app, client, auth, db, story):
    auth.login()
    version = stories.get(db, 1)["version"]
    refused = auth.post(f"/stories/1/panels/{story['private']}",
                        {"shared_present": "1", "shared_with_network": "1", "version": version},
                        json_reply=True)
    assert refused.status_code == 400 and "toestemming" in refused.json["error"]
    assert panels.get(db, 1, story["private"])["shared_with_network"] == 0
    auth.post(f"/stories/1/panels/{story['private']}",
              {"shared_present": "1", "shared_with_network": "1", "consent_by": "mother",
               "version": version}, json_reply=True)
    log = network.consent_log(db, 1)
    assert log[0]["who"] == "mother" and log[0]["panel_id"] == story["private"]
    token, _ = invite(db)
    guest = app.test_client()
    guest.get(f"/i/{token}")
    assert "gevangenis" in guest.get("/network").get_data(as_text=True)
    auth.post(f"/stories/1/panels/{story['private']}",
              {"shared_present": "1", "version": stories.get(db, 1)["version"]}, json_reply=True)
    assert "gevangenis" not in guest.get("/network").get_data(as_text=True)
    assert "toestemming van mama" in client.get("/stories/1/network").get_data(as_text=True)


def test_police_invites_warn_the_worker_and_tell_the_officer(app, client, auth, db, story):
    auth.login()
    reply = auth.post("/stories/1/network/invite", {"name": "Inspecteur Peeters",
                                                    "relation": "wijkagent", "role": "police",
                                                    "days": "14"})
    page = reply.get_data(as_text=True)  # the address is shown in this answer only
    assert reply.status_code == 201 and "data-police-warning" in page
    assert "/i/" not in client.get("/stories/1/network").get_data(as_text=True)
    url = re.search(r'data-link-url[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-link-url', page)
    url = url.group(1) or url.group(2)
    assert url.startswith("http://127.0.0.1:5000/i/")
    guest = app.test_client()
    guest.get(url.replace("http://127.0.0.1:5000", ""))
    assert "data-police-note" in guest.get("/network").get_data(as_text=True)
    assert "value=\"http" not in client.get("/stories/1/network").get_data(as_text=True)


def test_invite_and_revoke_on_the_command_line(tmp_path):
    env = {"STORYBOARD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin",
           "STORYBOARD_BASE_URL": "https://storyboard.example", "STORYBOARD_PASSWORD": "x" * 12}
    storyboard_cli("demo", env=env)
    url = storyboard_cli("invite", "1", "--name", "Oma Rita", "--relation", "oma", "--role",
                         "family", env=env).stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"https://storyboard\.example/i/[A-Za-z0-9_-]{43,}", url)
    assert storyboard_cli("revoke", url, env=env).returncode == 0
    bad = storyboard_cli("invite", "99", "--name", "X", "--role", "family", env=env, check=False)
    assert bad.returncode != 0 and "does not exist" in bad.stderr


def test_safety_circles_from_invites_and_by_hand_print_in_the_book(app, client, auth, db, story):
    invite(db, name="Oma Rita", role="family")
    invite(db, name="Juf Els", role="school")
    auth.login()
    auth.post("/stories/1/network/map", {"action": "add", "name": "Buurvrouw An", "ring": "inner"})
    page = client.get("/stories/1/network/map").get_data(as_text=True)
    assert "Oma Rita" in page and "Juf Els" in page and "Buurvrouw An" in page
    from storyboard import circles
    rings = circles.people(db, 1)
    assert [p["name"] for p in rings["inner"]] == ["Oma Rita", "Buurvrouw An"]
    assert [p["name"] for p in rings["outer"]] == ["Juf Els"]
    assert circles.draw("Ik", rings) == circles.draw("Ik", rings)
    auth.post("/stories/1/network/map", {"action": "page", "on": "1"})
    with app.app_context():
        from storyboard.printing import story_html
        html = story_html(db, 1)
    assert "Deze mensen zorgen mee dat ik veilig ben" in html and "Buurvrouw An" in html
    assert html.index("Deze mensen zorgen mee") < html.index("Mijn vragen")


def test_the_worker_sees_the_log_of_invite_events(app, client, auth, db, story):
    auth.login()
    auth.post("/stories/1/network/invite", {"name": "Oma Rita", "relation": "oma",
                                            "role": "family", "days": "30"})
    link = links.for_story(db, 1, "invite")[0]
    auth.post(f"/stories/1/network/{link['id']}/revoke", {})
    page = client.get("/stories/1/audit").get_data(as_text=True)
    assert 'data-action-row="invite-created"' in page and 'data-action-row="invite-revoked"' in page
    assert "Mila woont bij oma." not in page
    auth.login("b@example.org", "another long password")
    assert client.get("/stories/1/audit").status_code == 404


@pytest.mark.parametrize("role, fits, never", [
    ("family", "geen beroepsgeheim", "leerlingendossier"),
    ("friend", "geen beroepsgeheim", " pv "),
    ("school", "leerlingendossier", "geen beroepsgeheim"),
    ("professional", "beroepsgeheim geldt", "geen beroepsgeheim"),
    ("police", "pv opmaken", "geen beroepsgeheim")])
def test_each_role_reads_its_own_secrecy_sentence_and_the_workers_name(app, db, story, role,
                                                                      fits, never):
    token, _ = invite(db, role=role)
    guest = app.test_client()
    guest.get(f"/i/{token}")
    html = guest.get("/network").get_data(as_text=True)
    assert fits in html and never not in html
    assert "Anja en het gezin maken" in html and "consulent" not in html.lower()
