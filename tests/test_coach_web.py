"""The language coach through the editor's JSON endpoint and the command line."""
import json

from storyboard import panels

from .conftest import storyboard_cli


def test_coach_endpoint_flags_jargon_but_not_names_in_the_story(client, auth, db):
    auth.login()
    panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title", "scene": json.dumps(
        {"items": [{"id": "dog", "label": "Snuffelkop"}]})}, 1)
    reply = auth.post("/stories/1/coach", {"text": "Snuffelkop en Mila gaan naar de jeugdrechter."},
                      json_reply=True)
    kinds = {(i["kind"], i["text"]) for i in reply.json["issues"]}
    assert ("jargon", "jeugdrechter") in kinds
    assert not any(text in ("Snuffelkop", "Mila") for _, text in kinds)
    assert reply.json["level"]


def test_coach_is_for_the_owner_only(client, auth):
    auth.login("b@example.org", "another long password")
    assert auth.post("/stories/1/coach", {"text": "x"}, json_reply=True).status_code == 404


def test_check_text_command_prints_the_contract_json(tmp_path):
    env = {"STORYBOARD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = storyboard_cli("check-text", "--lang", "en", "--age", "6",
                            "It was your fault because you were naughty.", env=env)
    data = json.loads(result.stdout)
    assert set(data) >= {"ok", "score", "issues"} and data["ok"] is False
    assert {"blame"} <= {i["kind"] for i in data["issues"]}
    text = "It was your fault because you were naughty."
    for issue in data["issues"]:
        assert set(issue) >= {"kind", "text", "message", "suggestion"}  # more keys may come
        assert issue["text"] in text
        assert all(text[a:b] == issue["text"] for a, b in issue["spans"])
    clean = json.loads(storyboard_cli("check-text", "--lang", "nl", "Lotte woont bij oma.",
                                      env=env).stdout)
    assert clean["ok"] is True and clean["issues"] == []


def test_checklist_notices_blame(client, auth, db):
    auth.login()
    panels.add(db, 1, 1, {"caption": "Het was jouw schuld.", "section": "happened"}, 1)
    page = client.get("/stories/1").get_data(as_text=True)
    assert 'data-check="no_blame" data-done="no"' in page


def test_coach_endpoint_gives_a_span_for_every_occurrence_in_the_textarea_text(client, auth):
    auth.login()
    text = "De jeugdrechter belt.\nDaarna praat de jeugdrechter met Mila."
    sent = text.replace("\n", "\r\n")  # how a browser posts a textarea's line breaks
    reply = auth.post("/stories/1/coach", {"text": sent}, json_reply=True)
    [issue] = [i for i in reply.json["issues"] if i["kind"] == "jargon"]
    assert [text[a:b] for a, b in issue["spans"]] == ["jeugdrechter", "jeugdrechter"]
