"""The renderer: real Chromium, one thread, relaunch, timeout, no network, cache."""
import http.server
import io
import os
import signal
import threading
import time

import pytest
from pypdf import PdfReader

from storyboard import panels, stories
from storyboard.render import BrowserMissing, Renderer, RenderTimeout, cached

PAGES = """<!doctype html><html><head><style>@page {{ size: A4; margin: 0 }} body {{ margin: 0 }}
section {{ height: 297mm; break-after: page; }} section:last-child {{ break-after: auto; }}
</style></head><body>{}</body></html>"""


def pages_html(n):
    return PAGES.format("".join(f"<section>Pagina {i}</section>" for i in range(n)))


@pytest.fixture(scope="module")
def renderer():
    r = Renderer(timeout=60)
    yield r
    r.close()


def test_renders_a_pdf_with_the_pages_of_the_html(renderer):
    pdf = renderer.render(pages_html(3))
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3


def test_renders_png(renderer):
    assert renderer.render(pages_html(1), fmt="png").startswith(b"\x89PNG")


def test_browser_is_relaunched_when_it_dies_mid_job(renderer):
    renderer.render(pages_html(1))
    launches = renderer.launches
    slow = pages_html(2).replace("</body>", "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                                 "<script>const t = Date.now(); while (Date.now() - t < 1500) {}"
                                 "</script></body>")
    result = {}
    job = threading.Thread(target=lambda: result.update(pdf=renderer.render(slow)))
    job.start()
    time.sleep(0.6)
    pids = renderer.browser_pids()
    assert pids, "no browser process found"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    job.join(timeout=90)
    assert result["pdf"].startswith(b"%PDF")
    assert renderer.launches == launches + 1
    assert renderer.render(pages_html(1)).startswith(b"%PDF")


def test_a_job_that_hangs_gets_a_timeout_error():
    r = Renderer(timeout=3)
    try:
        started = time.monotonic()
        with pytest.raises(RenderTimeout):
            r.render("<html><body><script>while (true) {}</script></body></html>")
        assert time.monotonic() - started < 10
    finally:
        r.close()


def test_missing_browser_says_what_to_install():
    r = Renderer(executable="/nonexistent/chromium", timeout=30)
    try:
        with pytest.raises(BrowserMissing) as err:
            r.render(pages_html(1))
        assert "apt-get install chromium" in str(err.value)
        assert "playwright install chromium" in str(err.value)
    finally:
        r.close()


def test_rendering_makes_no_network_request(renderer):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    html = pages_html(1).replace("<body>", f"<body><img src='{url}/photo.jpg'>"
                                 f"<link rel='stylesheet' href='{url}/x.css'>"
                                 f"<style>@font-face {{ font-family: X; src: url({url}/f.woff) }}"
                                 f" body {{ font-family: X }}</style>")
    try:
        assert renderer.render(html).startswith(b"%PDF")
    finally:
        server.shutdown()
    assert hits == []


def test_cache_renders_an_unchanged_story_once(renderer, tmp_path):
    first = cached(renderer, tmp_path, pages_html(2))
    done = renderer.jobs_done
    second = cached(renderer, tmp_path, pages_html(2))
    assert first == second and renderer.jobs_done == done
    assert len(list(tmp_path.glob("*.pdf"))) == 1


def test_print_route_sends_a_pdf_of_one_page_per_panel(client, auth, db):
    auth.login()
    version = 1
    for text in ("Dit is Mila.", "Mila woont bij papa.", "Papa zorgt goed voor Mila."):
        _, version = panels.add(db, 1, version, {"caption": text, "section": "people",
                                                 "picture": "father"}, 1)
    response = client.get("/stories/1/print")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 5  # cover, three panels, "my questions"
    assert "Het verhaal van Mila" in reader.pages[0].extract_text()
    assert "Mila woont bij papa." in reader.pages[2].extract_text()
    assert "Mijn vragen" in reader.pages[4].extract_text()
    fonts = {str(f.get_object().get("/BaseFont")) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("Andika" in f for f in fonts)
    assert stories.get(db, 1)["version"] == 4  # printing changes nothing


def test_print_without_a_browser_explains_what_to_install(tmp_path):
    from storyboard import create_app
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                      "CHROMIUM": "/nonexistent/chromium", "RENDER_TIMEOUT": 30})
    client = app.test_client()
    with client.session_transaction() as session:
        session["started"] = session["seen"] = __import__("time").time()
        session["worker_id"] = 1
    from storyboard import db as database, workers
    conn = database.connect(app.config["DATABASE"])
    workers.create(conn, "w@example.org", "W", "long enough password")
    stories.create(conn, 1, {"title": "T", "child_name": "K", "child_age": 4, "language": "nl"})
    response = client.get("/stories/1/print")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "apt-get install chromium" in page and "geen browser" in page
    app.extensions["renderer"].close()
