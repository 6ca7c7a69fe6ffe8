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
from storyboard.printing.browser import BrowserMissing, Renderer, RenderTimeout
from storyboard.printing.cache import cached

PAGES = """<!doctype html><html><head><style>@page {{ size: A4; margin: 0 }} body {{ margin: 0 }}
section {{ height: 297mm; break-after: page; }} section:last-child {{ break-after: auto; }}
</style></head><body>{}</body></html>"""


def pages_html(n):
    return PAGES.format("".join(f"<section>Pagina {i}</section>" for i in range(n)))


def pdf_pages(pdf):
    """Return the text of each page of a PDF: what a reader would see, not its size."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# JavaScript is off in the print browser, so a slow job is one with much to lay out.
SLOW_PAGES = 1500


def test_renders_a_pdf_with_the_pages_of_the_html(renderer):
    assert pdf_pages(renderer.render(pages_html(3))) == ["Pagina 0", "Pagina 1", "Pagina 2"]


def test_renders_png(renderer):
    from PIL import Image
    image = Image.open(io.BytesIO(renderer.render(pages_html(2), fmt="png")))
    assert image.format == "PNG"
    assert image.width == 794 and image.height >= 2 * 1122  # the whole page: both A4 sections


def test_browser_is_relaunched_when_it_dies_mid_job(renderer):
    renderer.render(pages_html(1))
    launches = renderer.launches
    slow = pages_html(SLOW_PAGES)
    result = {}
    job = threading.Thread(target=lambda: result.update(pdf=renderer.render(slow)))
    job.start()
    time.sleep(0.6)
    pids = renderer.browser_pids()
    assert pids, "no browser process found"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    job.join(timeout=90)
    pages = pdf_pages(result["pdf"])
    assert len(pages) == SLOW_PAGES and pages[-1] == f"Pagina {SLOW_PAGES - 1}"
    assert renderer.launches == launches + 1
    assert pdf_pages(renderer.render(pages_html(1))) == ["Pagina 0"]


def test_a_job_that_hangs_gets_a_timeout_error():
    r = Renderer(timeout=30)
    try:
        r.render(pages_html(1))  # the browser is up: the timeout measures the job alone
        started = time.monotonic()
        with pytest.raises(RenderTimeout):
            r.render(pages_html(2 * SLOW_PAGES), timeout=0.5)
        assert time.monotonic() - started < 5
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
        assert pdf_pages(renderer.render(html))[0] == "Pagina 0"  # a broken image may push a page
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


def test_print_without_a_browser_explains_what_to_install(app, client, auth):
    app.config.update(CHROMIUM="/nonexistent/chromium", RENDER_TIMEOUT=30)  # before first use
    auth.login()
    response = client.get("/stories/1/print")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "apt-get install chromium" in page and "geen browser" in page
