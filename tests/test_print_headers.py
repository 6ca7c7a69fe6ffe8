"""Downloads of a child's data are never kept by a browser or proxy cache."""
import io

from PIL import Image

from storyboard import links, panels


def tiny_photo():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, "JPEG")
    return out.getvalue()


def panel_with_photo(auth, db):
    """Return the id of the stored photo of a new panel of story 1."""
    auth.login()
    panel_id, version = panels.add(db, 1, 1, {"caption": "Dit is Minou.", "section": "people"}, 1)
    reply = auth.post(f"/stories/1/panels/{panel_id}/photo",
                      {"photo": (io.BytesIO(tiny_photo()), "kat.jpg"), "version": version},
                      json_reply=True, content_type="multipart/form-data")
    assert reply.status_code == 200
    return reply.json["image_id"]


def assert_not_stored(response, mimetype):
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers


def test_every_download_of_the_story_says_no_store(client, auth, db):
    image_id = panel_with_photo(auth, db)
    downloads = {
        "/stories/1/print": "application/pdf",
        "/stories/1/print?layout=booklet&edition=parents": "application/pdf",
        "/stories/1/print/preview/1.png": "image/png",
        "/stories/1/export": "application/zip",
        "/stories/1/case-file": "application/zip",
        "/stories/1/reviews/record": "application/pdf",
        "/stories/1/reading-plan/print": "application/pdf",
        f"/stories/1/images/{image_id}/outline.png": "image/png",
    }
    for path, mimetype in downloads.items():
        assert_not_stored(client.get(path), mimetype)


def test_the_outline_on_a_link_page_says_no_store(app, auth, db):
    image_id = panel_with_photo(auth, db)
    token, _ = links.make(db, 1, "review", "Sarah")
    guest = app.test_client()
    assert guest.get(f"/r/{token}").status_code == 302
    assert_not_stored(guest.get(f"/review/images/{image_id}/outline.png"), "image/png")


def test_pictures_asked_again_are_sent_whole_never_not_modified(client, auth, db):
    """No validators and no 304: a browser never holds a copy it could revalidate."""
    image_id = panel_with_photo(auth, db)
    ask_again = {"If-None-Match": "*", "If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}
    for path in (f"/stories/1/images/{image_id}/outline.png", "/stories/1/print/preview/1.png"):
        first = client.get(path)
        again = client.get(path, headers=ask_again)
        assert again.status_code == 200 and again.data == first.data, path
