"""Photos in the editor: upload, retune, serve, print, export, delete."""
import io
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data as samples

from storyboard import exchange, panels, stories


def photo(name="chelsea"):
    out = io.BytesIO()
    Image.fromarray(getattr(samples, name)()).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def upload(auth, db, panel_id, blob, **extra):
    return auth.post(f"/stories/1/panels/{panel_id}/photo",
                     dict({"photo": (io.BytesIO(blob), "kat.jpg"),
                           "version": stories.get(db, 1)["version"]}, **extra),
                     json_reply=True, content_type="multipart/form-data")


def setup_panel(auth, db):
    auth.login()
    panel_id, _ = panels.add(db, 1, 1, {"caption": "Dit is Minou, de kat.", "section": "people"}, 1)
    return panel_id


def files(app):
    return sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir())


def test_upload_makes_an_outline_that_only_the_owner_can_see(app, client, auth, db):
    panel_id = setup_panel(auth, db)
    reply = upload(auth, db, panel_id, photo())
    assert reply.status_code == 200 and reply.json["notice"] is None
    assert len(files(app)) == 2  # the original and the outline, under generated names
    assert all(len(Path(n).stem) == 32 for n in files(app))
    outline = client.get(reply.json["outline"])
    assert outline.mimetype == "image/png" and outline.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(outline.data)).mode == "1"
    editor = client.get(f"/stories/1?panel={panel_id}").get_data(as_text=True)
    assert "data-photo" in editor
    auth.login("b@example.org", "another long password")
    assert client.get(reply.json["outline"]).status_code == 404


def test_a_face_gets_a_plain_notice(auth, db):
    panel_id = setup_panel(auth, db)
    reply = upload(auth, db, panel_id, photo("astronaut"))
    assert "als figuren" in reply.json["notice"]


def test_bad_upload_is_explained_and_nothing_is_stored(app, auth, db):
    panel_id = setup_panel(auth, db)
    reply = upload(auth, db, panel_id, b"<svg onload='alert(1)'/>")
    assert reply.status_code == 400 and "geen foto" in reply.json["error"]
    assert files(app) == [] and panels.get(db, 1, panel_id)["image_id"] is None


def test_detail_retune_redraws_from_the_stored_original(app, client, auth, db):
    panel_id = setup_panel(auth, db)
    reply = upload(auth, db, panel_id, photo("camera"), detail="1")
    image_id = reply.json["image_id"]
    few = np.asarray(Image.open(io.BytesIO(client.get(reply.json["outline"]).data)))
    more = auth.post(f"/stories/1/images/{image_id}/detail", {"detail": "5"}, json_reply=True)
    many = np.asarray(Image.open(io.BytesIO(client.get(more.json["outline"]).data)))
    assert (~many).sum() > (~few).sum()
    assert len(files(app)) == 2  # the old outline is gone


def test_print_holds_the_photo_inline_and_export_carries_it(app, client, auth, db):
    panel_id = setup_panel(auth, db)
    upload(auth, db, panel_id, photo())
    html = client.get("/stories/1/print?layout=single").status_code
    assert html == 200
    with app.app_context():
        from storyboard.printing import story_html
        page = story_html(db, 1)
    assert 'href="data:image/png;base64,' in page
    blob = client.get("/stories/1/export").data
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert {"story.json", "images/panel-1.jpg", "images/panel-1.png"} <= set(names)
    new_id = exchange.import_story(db, blob, 2, app.config["UPLOAD_DIR"])
    assert panels.for_story(db, new_id)[0]["image_id"] is not None
    assert len(files(app)) == 4


def test_deleting_the_panel_or_erasing_the_story_deletes_the_files(app, client, auth, db, runner):
    panel_id = setup_panel(auth, db)
    upload(auth, db, panel_id, photo())
    auth.post(f"/stories/1/panels/{panel_id}/delete", {"version": stories.get(db, 1)["version"]})
    assert files(app) == []
    other, _ = panels.add(db, 1, stories.get(db, 1)["version"], {"caption": "Nog een.",
                                                                   "section": "people"}, 1)
    upload(auth, db, other, photo())
    assert len(files(app)) == 2
    assert runner.invoke(args=["erase", "1", "--yes"]).exit_code == 0
    assert files(app) == []


def test_an_oversized_upload_gets_413_with_a_plain_page(app, client, auth, db):
    panel_id = setup_panel(auth, db)
    big = b"\xff\xd8" + b"0" * (21 * 1024 * 1024)
    reply = auth.post(f"/stories/1/panels/{panel_id}/photo",
                      {"photo": (io.BytesIO(big), "groot.jpg"), "version": 1},
                      content_type="multipart/form-data")
    assert reply.status_code in (400, 413)  # the CSRF form field may be cut off with the body
    plain = client.post(f"/stories/1/panels/{panel_id}/photo", data=big,
                        headers={"Content-Type": "application/octet-stream"})
    assert plain.status_code == 413 and "te groot" in plain.get_data(as_text=True)
    assert files(app) == []
