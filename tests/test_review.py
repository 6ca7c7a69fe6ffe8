"""Parents review and agree: links, comments, versioned agreement, diffs, history, record."""
import io
import re

import pytest
from pypdf import PdfReader

from storyboard import links, panels, reviews, stories
from storyboard.errors import Conflict

from .conftest import storyboard_cli


@pytest.fixture
def story(db):
    """Mila's story in Dutch with Arabic for the parents, two panels."""
    stories.update(db, 1, 1, {"title": "Het verhaal van Mila", "child_name": "Mila",
                              "child_age": 5, "language": "nl", "second_language": "ar"}, 1)
    one, v = panels.add(db, 1, 2, {"caption": "Mama is ziek.", "caption_2": "ماما مريضة.",
                                   "section": "happened", "picture": "bed"}, 1)
    two, v = panels.add(db, 1, v, {"caption": "Mila woont bij oma.", "section": "safety",
                                   "picture": "grandmother"}, 1)
    return {"one": one, "two": two}


def open_link(app, db, name="Sarah", language="nl"):
    token, link = links.make(db, 1, "review", name, language=language)
    guest = app.test_client()
    response = guest.get(f"/r/{token}")
    assert response.status_code == 302 and token not in response.headers["Location"]
    return guest, link, token


def csrf(guest):
    page = guest.get("/review").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_review_page_reads_the_story_in_the_parents_language(app, db, story):
    guest, _, _ = open_link(app, db, language="ar")
    page = guest.get("/review")
    html = page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    assert 'lang="ar" dir="rtl"' in html and "ماما مريضة." in html
    assert 'lang="nl" dir="ltr">Mila woont bij oma.' in html  # no Arabic yet: Dutch, left to right
    dutch, _, _ = open_link(app, db, name="Tom")
    assert "Mama is ziek." in dutch.get("/review").get_data(as_text=True)


def test_a_review_link_can_comment_and_agree_but_never_change_the_story(app, client, auth, db,
                                                                       story):
    guest, link, _ = open_link(app, db)
    before = stories.content_hash(stories.content(db, 1))
    token = csrf(guest)
    guest.post("/review/comment", data={"csrf_token": token, "panel": story["one"],
                                        "text": "Zeg liever: mama is heel moe."})
    guest.post("/review/comment", data={"csrf_token": token, "text": "Mooi verhaal."})
    for path in ("/stories/1/panels", f"/stories/1/panels/{story['one']}", "/stories/1/order"):
        assert guest.post(path, data={"csrf_token": token, "caption": "Gehackt."}).status_code in (302, 401, 404)
    assert guest.post("/review/comment", data={"text": "zonder token"}).status_code == 400
    guest.post("/review/decide", data={"csrf_token": token, "decision": "agree", "name": "Sarah",
                                       "version": stories.get(db, 1)["version"]})
    assert stories.content_hash(stories.content(db, 1)) == before
    agreement = reviews.last_agreement(db, link["id"])
    assert agreement["version"] == stories.get(db, 1)["version"]
    assert agreement["content_hash"] == before and agreement["name_typed"] == "Sarah"
    assert reviews.status(db, links.get(db, link["id"]), stories.get(db, 1)) == "agreed-current"


def test_not_yet_needs_a_reason_and_agreeing_needs_a_name(app, db, story):
    guest, link, _ = open_link(app, db)
    token = csrf(guest)
    version = stories.get(db, 1)["version"]
    reply = guest.post("/review/decide", data={"csrf_token": token, "decision": "agree",
                                               "name": " ", "version": version},
                       follow_redirects=True)
    assert "Typ je naam" in reply.get_data(as_text=True)
    guest.post("/review/decide", data={"csrf_token": token, "decision": "not-yet",
                                       "reason": "Papa staat er niet in.", "version": version})
    assert reviews.status(db, links.get(db, link["id"]), stories.get(db, 1)) == "not-yet"


def test_a_change_after_agreeing_shows_the_difference_word_by_word(app, client, auth, db, story):
    guest, link, _ = open_link(app, db)
    guest.post("/review/decide", data={"csrf_token": csrf(guest), "decision": "agree",
                                       "name": "Sarah", "version": stories.get(db, 1)["version"]})
    agreed_version = stories.get(db, 1)["version"]
    panels.update(db, 1, story["one"], agreed_version, {"caption": "Mama is ziek en moe."}, 1)
    panels.update(db, 1, story["two"], stories.get(db, 1)["version"], {"picture": "house"}, 1)
    assert reviews.status(db, links.get(db, link["id"]), stories.get(db, 1)) == "agreed-earlier"
    html = guest.get("/review").get_data(as_text=True)
    assert f'data-changed-since="{agreed_version}"' in html
    assert "<ins>ziek en moe.</ins>" in html and "<del>ziek.</del>" in html
    assert "data-picture-changed" in html
    with pytest.raises(Conflict):
        reviews.decide(db, links.get(db, link["id"]), agreed_version, True, "Sarah")
    auth.login()
    page = client.get("/stories/1/reviews").get_data(as_text=True)
    assert 'data-status="agreed-earlier"' in page
    dialog = client.get("/stories/1/print/dialog").get_data(as_text=True)
    assert "data-not-agreed" in dialog and "Sarah" in dialog


def test_word_diff():
    assert reviews.word_diff("Mama is ziek.", "Mama is heel moe.") == [
        ("same", "Mama is"), ("removed", "ziek."), ("added", "heel moe.")]
    assert reviews.word_diff("", "Nieuw.") == [("added", "Nieuw.")]


def test_both_parents_comments_stand_side_by_side(app, client, auth, db, story):
    sarah, sarah_link, _ = open_link(app, db, "Sarah")
    tom, tom_link, _ = open_link(app, db, "Tom")
    sarah.post("/review/comment", data={"csrf_token": csrf(sarah), "panel": story["one"],
                                        "text": "Mama is moe."})
    tom.post("/review/comment", data={"csrf_token": csrf(tom), "panel": story["one"],
                                      "text": "Mama heeft een ziekte."})
    auth.login()
    page = client.get("/stories/1/reviews").get_data(as_text=True)
    block = page[page.index(f'data-comments-panel="{story["one"]}"'):]
    assert f'data-comment-by="{sarah_link["id"]}"' in block and f'data-comment-by="{tom_link["id"]}"' in block
    assert 'data-status="commented"' in page and 'data-status="not-opened"' not in page


def test_history_restore_is_a_new_version_and_loses_nothing(client, auth, db, story):
    auth.login()
    old = stories.get(db, 1)["version"]
    panels.update(db, 1, story["one"], old, {"caption": "Fout."}, 1)
    auth.post(f"/stories/1/history/{old}/restore", {"version": stories.get(db, 1)["version"]})
    assert panels.for_story(db, 1)[0]["caption"] == "Mama is ziek."
    assert stories.get(db, 1)["version"] == old + 2
    versions = [v["version"] for v in stories.versions(db, 1)]
    assert old + 1 in versions  # the mistaken version is still there to go back to


def test_agreement_record_prints_who_agreed_to_which_version(app, client, auth, db, story):
    guest, link, _ = open_link(app, db, "Sarah")
    guest.post("/review/decide", data={"csrf_token": csrf(guest), "decision": "agree",
                                       "name": "Sarah Peeters", "version": stories.get(db, 1)["version"]})
    auth.login()
    pdf = PdfReader(io.BytesIO(client.get("/stories/1/reviews/record").data))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Sarah Peeters" in text and "akkoord" in text.lower()


def test_revoked_review_link_is_gone_and_share_on_the_command_line(app, db, story, tmp_path):
    guest, link, token = open_link(app, db)
    links.revoke(db, link["id"])
    assert guest.get("/review").status_code == 410
    env = {"STORYBOARD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "STORYBOARD_PASSWORD": "y" * 12}
    storyboard_cli("demo", env=env)
    url = storyboard_cli("share", "1", "--name", "Sarah", env=env).stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"http://127\.0\.0\.1:5000/r/[A-Za-z0-9_-]{43,}", url)
    assert storyboard_cli("revoke", url, env=env).returncode == 0


def test_a_review_link_cannot_change_anything_through_any_route(app, db, story):
    guest, link, _ = open_link(app, db)
    token = csrf(guest)
    before = (stories.content_hash(stories.content(db, 1)), stories.get(db, 1)["version"])
    values = {"story_id": 1, "panel_id": story["one"], "image_id": 1, "link_id": link["id"],
              "contribution_id": 1, "version": 1, "number": 1, "token": "x" * 43,
              "member_id": "mama", "voice_id": 1, "worker_id": 1}
    tried = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint.startswith(("review.", "static")):
            continue
        path = rule.build(values, append_unknown=False)[1]
        reply = guest.post(path, data={"csrf_token": token, "caption": "Gehackt.",
                                       "text": "Gehackt.", "confirm": "yes", "title": "X",
                                       "child_name": "X", "child_age": "3", "name": "X",
                                       "version": before[1]})
        tried += 1
        assert reply.status_code in (302, 400, 401, 403, 404, 405), (rule.rule, reply.status_code)
        if reply.status_code == 302:
            assert "/login" in reply.headers["Location"] or rule.endpoint in (
                "auth.language", "auth.logout", "network.leave"), rule.rule
    assert tried >= 20
    assert (stories.content_hash(stories.content(db, 1)), stories.get(db, 1)["version"]) == before


def test_version_hash_is_stable_and_follows_the_content_exactly(db, story):
    v = stories.get(db, 1)["version"]
    h = stories.snapshot(db, 1, v)["content_hash"]
    panels.update(db, 1, story["one"], v, {"caption": "Mama is ziek."}, 1)  # same words
    assert stories.snapshot(db, 1, v + 1)["content_hash"] == h
    panels.update(db, 1, story["one"], v + 1, {"caption": "Mama is moe."}, 1)
    assert stories.snapshot(db, 1, v + 2)["content_hash"] != h
