"""Voices: real recordings made with PyAV, each accepted format, every refusal, who hears what."""
import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from storyboard import erasure, links, panels, recordings, stories, voices

from .conftest import token_from


def recording(fmt, codec, seconds, noise=False, amp=0.3):
    """Return a mono recording of a 440 Hz tone (or loud noise) in a container, made by PyAV."""
    out, rate = io.BytesIO(), 48000
    with av.open(out, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        n = int(seconds * rate)
        x = (np.random.default_rng(1).uniform(-1, 1, n) if noise
             else amp * np.sin(2 * np.pi * 440 * np.arange(n) / rate)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(x.reshape(1, -1), format="fltp" if codec == "aac" else "flt",
                                           layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return out.getvalue()


FORMATS = {"webm": ("webm", "libopus"), "ogg": ("ogg", "libopus"), "mp4": ("mp4", "aac")}


@pytest.fixture
def panel(db):
    panel_id, _ = panels.add(db, 1, 1, {"caption": "Mama is er.", "section": "title",
                                        "shared_with_network": "1"}, 1, consent_by="parents")
    return panel_id


def upload(auth, panel_id, data, consent="1", language="nl", story=1):
    return auth.post(f"/stories/{story}/panels/{panel_id}/voice", json_reply=True,
                     data={"audio": (io.BytesIO(data), "rec.webm"), "consent": consent,
                           "language": language, "speaker": "Anja"},
                     content_type="multipart/form-data")


@pytest.mark.parametrize("name", FORMATS)
def test_each_recorded_format_is_kept_as_ogg_opus(auth, app, db, panel, name):
    auth.login()
    response = upload(auth, panel, recording(*FORMATS[name], 3))
    assert response.status_code == 200, response.get_data(as_text=True)
    row = recordings.get(db, 1, response.get_json()["id"])
    assert (row["made_by"], row["language"], row["consent"], row["speaker"]) == ("worker:1", "nl", 1, "Anja")
    stored = recordings.path_of(app.config["UPLOAD_DIR"], row["file"])
    assert stored.parent.name == "voices" and stored.suffix == ".ogg"
    data = auth._client.get(response.get_json()["url"])
    assert data.headers["Cache-Control"] == "no-store" and data.mimetype == "audio/ogg"
    codec, seconds, rate, channels = voices.probe(data.data)
    assert (codec, rate, channels) == ("opus", 48000, 1) and 2.9 <= seconds <= 3.1 <= 60
    assert [a["action"] for a in db["audit"].rows_where("action like 'voice-%'")] == ["voice-recorded"]


def test_loudness_is_normalised(db):
    quiet = recording("ogg", "libopus", 2, amp=0.01)
    ogg, _ = voices.transcode(quiet)
    with av.open(io.BytesIO(ogg)) as container:
        x = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    rms = np.sqrt(np.mean(np.square(x[4800:-4800])))
    assert 0.07 < rms < 0.13  # about -20 dBFS, from -43


PNG = io.BytesIO()
Image.new("RGB", (20, 20), "white").save(PNG, "PNG")


@pytest.mark.parametrize("make,code", [
    (lambda: recording("webm", "libopus", 61), "voice_too_long"),
    (lambda: recording("ogg", "libopus", 10) + b"\0" * 3_000_000, "voice_too_big"),
    (lambda: PNG.getvalue(), "voice_unsupported"),
    (lambda: np.random.default_rng(2).bytes(50_000), "voice_unsupported"),
    (lambda: b"", "voice_empty"),
    (lambda: recording("webm", "libopus", 2, amp=0.0), "voice_silent"),
    (lambda: recording("webm", "libopus", 3)[:400], "voice_broken"),
    (lambda: b"OggS" + np.random.default_rng(3).bytes(5000), "voice_broken"),
    (lambda: recording("mp4", "libopus", 2), "voice_unsupported"),  # MP4 only with AAC
])
def test_every_refusal_is_a_sentence_and_400(auth, db, panel, make, code):
    auth.login()
    data = make()
    response = upload(auth, panel, data)
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == code and body["error"].endswith(".") and len(body["error"]) > 20
    assert list(db["voices"].rows) == []


def test_refused_without_consent_or_in_a_foreign_language(auth, db, panel):
    auth.login()
    data = recording("webm", "libopus", 2)
    assert upload(auth, panel, data, consent="").get_json()["code"] == "voice_no_consent"
    assert upload(auth, panel, data, language="ar").get_json()["code"] == "voice_language_invalid"
    assert list(db["voices"].rows) == []


def test_choose_one_per_page_and_language_then_delete(auth, app, db, panel):
    auth.login()
    first = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    second = upload(auth, panel, recording("ogg", "libopus", 2)).get_json()["id"]
    for voice_id in (first, second):
        assert auth.post(f"/stories/1/voices/{voice_id}/choose", data={"chosen": "1"}).status_code == 302
    assert {r["id"]: r["chosen"] for r in recordings.for_story(db, 1)} == {first: 0, second: 1}
    path = recordings.path_of(app.config["UPLOAD_DIR"], recordings.get(db, 1, second)["file"])
    assert auth.post(f"/stories/1/voices/{second}/delete").status_code == 302
    assert not path.exists() and auth._client.get(f"/stories/1/voices/{second}.ogg").status_code == 404


def test_another_worker_gets_404(app, auth, db, panel):
    auth.login()
    voice_id = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    other = app.test_client()
    token = token_from(other.get("/login").get_data(as_text=True))
    other.post("/login", data={"email": "b@example.org", "password": "another long password",
                               "csrf_token": token})
    assert other.get(f"/stories/1/voices/{voice_id}.ogg").status_code == 404
    token = token_from(other.get("/stories").get_data(as_text=True))
    assert other.post(f"/stories/1/voices/{voice_id}/choose", data={"csrf_token": token}).status_code == 404
    assert other.post(f"/stories/1/panels/{panel}/voice", data={"csrf_token": token}).status_code == 404


def holder(app, db, kind, **extra):
    """Return a test client that opened a fresh link of this kind, and the link's id."""
    token, row = links.make(db, 1, kind, "Sarah", **extra)
    client = app.test_client()
    assert client.get(f"/{links.PATHS[kind]}/{token}").status_code == 302
    return client, row["id"]


def holder_upload(client, path, panel_id, data, consent="1"):
    page = client.get("/network/bye").get_data(as_text=True)
    return client.post(path, headers={"Accept": "application/json"},
                       content_type="multipart/form-data",
                       data={"csrf_token": token_from(page), "panel": str(panel_id), "consent": consent,
                             "audio": (io.BytesIO(data), "voice.m4a")})


def test_a_parent_records_and_hears_only_chosen_or_own(app, auth, db, panel):
    parent, link_id = holder(app, db, "review")
    reply = holder_upload(parent, "/review/voice", panel, recording("mp4", "aac", 2))
    assert reply.status_code == 200, reply.get_data(as_text=True)
    mine = recordings.for_story(db, 1)[0]
    assert mine["made_by"] == f"link:{link_id}" and mine["consent"] == 1
    assert parent.get(f"/review/voices/{mine['id']}.ogg").status_code == 200
    auth.login()
    worker_voice = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    assert parent.get(f"/review/voices/{worker_voice}.ogg").status_code == 404  # not chosen yet
    auth.post(f"/stories/1/voices/{worker_voice}/choose", data={"chosen": "1"})
    played = parent.get(f"/review/voices/{worker_voice}.ogg")
    assert played.status_code == 200 and played.headers["Referrer-Policy"] == "no-referrer"
    assert f"/review/voices/{worker_voice}.ogg" in parent.get("/review").get_data(as_text=True)
    bad = holder_upload(parent, "/review/voice", panel, b"not audio at all" * 10)
    assert bad.status_code == 400 and bad.get_json()["code"] == "voice_unsupported"
    assert bad.get_json()["error"].startswith("Dit is geen opname")  # the link's language
    no_consent = holder_upload(parent, "/review/voice", panel, recording("mp4", "aac", 2), consent="")
    assert no_consent.status_code == 400
    links.revoke(db, link_id)
    assert parent.get(f"/review/voices/{worker_voice}.ogg").status_code in (404, 410)


def test_network_members_record_only_when_allowed_and_only_their_pages(app, auth, db, panel):
    private, _ = panels.add(db, 1, stories.get(db, 1)["version"],
                            {"caption": "Privé.", "section": "happened"}, 1)
    member, link_id = holder(app, db, "invite", relation="oma", role="family")
    data = recording("webm", "libopus", 2)
    assert holder_upload(member, "/network/voice", panel, data).get_json()["code"] == "voice_not_allowed"
    auth.login()
    assert auth.post("/stories/1/voices/network", data={"allowed": "1"}).status_code == 302
    assert holder_upload(member, "/network/voice", private, data).status_code == 404
    assert holder_upload(member, "/network/voice", panel, data).status_code == 200
    hidden = upload(auth, private, data).get_json()["id"]
    auth.post(f"/stories/1/voices/{hidden}/choose", data={"chosen": "1"})
    assert member.get(f"/network/voices/{hidden}.ogg").status_code == 404
    shown = upload(auth, panel, data).get_json()["id"]
    auth.post(f"/stories/1/voices/{shown}/choose", data={"chosen": "1"})
    assert member.get(f"/network/voices/{shown}.ogg").status_code == 200
    assert f"/network/voices/{shown}.ogg" in member.get("/network").get_data(as_text=True)


def test_erasure_removes_files_and_ends_the_url(app, auth, db, panel):
    auth.login()
    voice_id = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    auth.post(f"/stories/1/voices/{voice_id}/choose", data={"chosen": "1"})
    parent, _ = holder(app, db, "review")
    assert parent.get(f"/review/voices/{voice_id}.ogg").status_code == 200
    folder = Path(app.config["UPLOAD_DIR"]) / "voices"
    assert list(folder.iterdir())
    erasure.erase(db, 1, app.config["UPLOAD_DIR"], app.config["CACHE_DIR"], "worker:1")
    assert list(folder.iterdir()) == [] and list(db["voices"].rows) == []
    assert parent.get(f"/review/voices/{voice_id}.ogg").status_code in (404, 410)
    assert auth._client.get(f"/stories/1/voices/{voice_id}.ogg").status_code == 404


def test_the_editor_lists_plays_and_offers_the_choice(auth, db, panel):
    auth.login()
    voice_id = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    page = auth._client.get(f"/stories/1?panel={panel}").get_data(as_text=True)
    assert f'src="/stories/1/voices/{voice_id}.ogg"' in page
    assert f'action="/stories/1/voices/{voice_id}/choose"' in page
    assert 'name="consent" value="1" required' in page and 'name="audio"' in page
    assert page.count("js/voice.js") >= 1


def test_export_and_import_carry_the_voices(app, auth, db, panel):
    import json
    import zipfile

    from storyboard import exchange
    auth.login()
    first = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    upload(auth, panel, recording("mp4", "aac", 3))
    auth.post(f"/stories/1/voices/{first}/choose", data={"chosen": "1"})
    blob = exchange.export_story(db, 1, app.config["UPLOAD_DIR"])
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        story = json.loads(zf.read("story.json"))
        named = story["panels"][0]["voices"]
        assert [v["file"] for v in named] == ["voices/panel-1-nl.ogg", "voices/panel-1-nl-2.ogg"]
        assert [(v["language"], v["speaker"], v["chosen"], v["consent"]) for v in named] == [
            ("nl", "Anja", True, True), ("nl", "Anja", False, True)]
        assert voices.probe(zf.read("voices/panel-1-nl.ogg"))[0] == "opus"
    new_id = exchange.import_story(db, blob, 1, app.config["UPLOAD_DIR"])
    kept = sorted(recordings.for_story(db, new_id), key=lambda r: r["id"])
    assert [(r["language"], r["speaker"], r["consent"], r["chosen"]) for r in kept] == [
        ("nl", "Anja", 1, 1), ("nl", "Anja", 1, 0)]
    assert kept[0]["panel_id"] == panels.for_story(db, new_id)[0]["id"]
    assert 1900 <= kept[0]["duration_ms"] <= 2100 and 2900 <= kept[1]["duration_ms"] <= 3100
    for row in kept:
        assert recordings.path_of(app.config["UPLOAD_DIR"], row["file"]).is_file()


def test_an_import_refuses_a_voice_that_is_not_audio(app, db, panel):
    import json
    import zipfile

    from storyboard import exchange
    from storyboard.errors import Invalid
    story = json.loads(zipfile.ZipFile(io.BytesIO(exchange.export_story(db, 1))).read("story.json"))
    story["panels"][0]["voices"] = [{"language": "nl", "file": "voices/panel-1-nl.ogg",
                                     "speaker": "", "chosen": True, "consent": True}]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("story.json", json.dumps(story))
        zf.writestr("voices/panel-1-nl.ogg", PNG.getvalue())
    with pytest.raises(Invalid) as refused:
        exchange.import_story(db, out.getvalue(), 1, app.config["UPLOAD_DIR"])
    assert refused.value.code == "voice_unsupported"
    folder = Path(app.config["UPLOAD_DIR"]) / "voices"
    assert not folder.exists() or list(folder.iterdir()) == []


def page_png(pdf, tmp_path, number, dpi=150, aa="yes"):
    """Rasterise one page of a PDF with pdftoppm; return it as a PIL image."""
    import subprocess
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-aa", aa, "-aaVector", aa, "-f", str(number),
                    "-l", str(number), "-png", "-singlefile", str(path), str(tmp_path / f"p{number}")],
                   check=True)
    return Image.open(tmp_path / f"p{number}.png")


def test_the_printed_qr_code_plays_that_pages_voice(app, auth, db, panel, tmp_path):
    import zxingcpp

    from storyboard.printing import print_story
    second, _ = panels.add(db, 1, stories.get(db, 1)["version"],
                           {"caption": "Oma brengt Mila naar school.", "section": "happened"}, 1)
    auth.login()
    voice_id = upload(auth, second, recording("webm", "libopus", 2)).get_json()["id"]
    auth.post(f"/stories/1/voices/{voice_id}/choose", data={"chosen": "1"})
    with app.app_context():
        pdf = print_story(app, db, 1)
    # cover = page 1, the first panel = page 2 (no voice), the second = page 3
    assert zxingcpp.read_barcodes(page_png(pdf, tmp_path, 2)) == []
    found = zxingcpp.read_barcodes(page_png(pdf, tmp_path, 3))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    url = found[0].text
    assert url.startswith(app.config["BASE_URL"] + "/l/") and url.endswith("/2")
    crisp = page_png(pdf, tmp_path, 3, dpi=40, aa="no").convert("RGB").getcolors(1 << 16)
    assert {rgb for _, rgb in crisp} == {(0, 0, 0), (255, 255, 255)}  # still pure black and white
    listener = app.test_client()
    path = url[len(app.config["BASE_URL"]):]
    page = listener.get(path)
    assert page.status_code == 200
    assert (page.headers["Referrer-Policy"], page.headers["Cache-Control"]) == ("no-referrer", "no-store")
    assert "noindex" in page.headers["X-Robots-Tag"]
    html = page.get_data(as_text=True)
    assert "Oma brengt Mila naar school." in html and "Mama is er." not in html  # no voice, not shown
    assert "Mila" not in html.replace("Oma brengt Mila naar school.", "")  # nothing else of the story
    audio = listener.get(f"{path.rsplit('/', 1)[0]}/voices/{voice_id}.ogg")
    stored = recordings.path_of(app.config["UPLOAD_DIR"], recordings.get(db, 1, voice_id)["file"])
    assert audio.status_code == 200 and audio.data == stored.read_bytes()
    assert voices.probe(audio.data)[0] == "opus"
    assert [a["action"] for a in db["audit"].rows_where("action = 'listen-opened'")] == ["listen-opened"]
    # The worker switches the codes off on the print page: the printed URL ends at once.
    link_id = links.find(db, url.rsplit("/", 1)[0])["id"]
    assert f"/stories/1/listen/{link_id}/revoke" in auth._client.get("/stories/1/print/dialog").get_data(as_text=True)
    assert auth.post(f"/stories/1/listen/{link_id}/revoke").status_code == 302
    assert listener.get(path).status_code == 410
    assert listener.get(f"{path.rsplit('/', 1)[0]}/voices/{voice_id}.ogg").status_code == 410
    with app.app_context():
        again = zxingcpp.read_barcodes(page_png(print_story(app, db, 1), tmp_path, 3))[0].text
    assert again != url and listener.get(again[len(app.config["BASE_URL"]):]).status_code == 200
    erasure.erase(db, 1, app.config["UPLOAD_DIR"], app.config["CACHE_DIR"], "worker:1")
    assert listener.get(again[len(app.config["BASE_URL"]):]).status_code == 404


def test_a_wrong_listen_token_is_404_and_counted(client, db):
    assert client.get("/l/" + "x" * 43).status_code == 404
    assert client.get("/l/" + "x" * 43 + "/voices/1.ogg").status_code == 404
    assert db.execute("select count(*) from failures").fetchone()[0] == 2


def test_deleting_a_page_deletes_its_voices(app, auth, db, panel):
    auth.login()
    voice_id = upload(auth, panel, recording("webm", "libopus", 2)).get_json()["id"]
    path = recordings.path_of(app.config["UPLOAD_DIR"], recordings.get(db, 1, voice_id)["file"])
    reply = auth.post(f"/stories/1/panels/{panel}/delete", data={"version": stories.get(db, 1)["version"]})
    assert reply.status_code == 302
    assert not path.exists() and list(db["voices"].rows) == []
