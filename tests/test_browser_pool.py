"""Printing through a browser pool: `playwright launch-server` with the system Chromium."""
import io
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from storyboard import panels
from storyboard.printing.browser import (LAUNCH_ARGS, BrowserUnreachable, RenderError,
                                         Renderer, find_chromium, launch_args)

from .conftest import free_port

RENDER_TIMEOUT = 20


class BrowserServer:
    """`python -m playwright launch-server` on loopback, as the README's unit runs it."""

    def __init__(self, folder):
        self.port = free_port()
        self.path = f"/print-{secrets.token_hex(8)}"   # the path is the only key: keep it unguessed
        self.config = folder / "browser-server.json"
        self.config.write_text(json.dumps({
            "executablePath": find_chromium(), "args": launch_args(), "headless": True,
            "host": "127.0.0.1", "port": self.port, "wsPath": self.path}))
        self.process = None

    @property
    def endpoint(self):
        return f"ws://127.0.0.1:{self.port}{self.path}"

    def start(self):
        # Its own process group: the Python wrapper runs Playwright's node driver as a
        # child, which outlives the wrapper when only the wrapper is stopped.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium",
             "--config", str(self.config)], stdout=subprocess.PIPE, text=True,
            start_new_session=True)
        said = self.process.stdout.readline().strip()   # the endpoint, once it listens
        assert said == self.endpoint, said

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.process.stdout.close()
        # The wrapper exits first; its node child may still take connections while it
        # closes gracefully (seconds on a busy machine). Gone means: the port refuses.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.1)
        raise AssertionError("the browser server still takes connections after 30 s")


@pytest.fixture(scope="module")
def browser_server(tmp_path_factory):
    server = BrowserServer(tmp_path_factory.mktemp("browser-server"))
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def _title(app):
    with app.test_request_context():
        from storyboard.views.errors import render_message
        return str(escape(render_message(BrowserUnreachable("gone"))))


def test_printing_through_launch_server_and_a_retry_after_it_was_gone(app, auth, runner, db,
                                                                      browser_server, tmp_path):
    app.config.update(BROWSER_WS=browser_server.endpoint, RENDER_TIMEOUT=RENDER_TIMEOUT)
    story_id = int(runner.invoke(args=["demo"]).output.split()[-1])
    login = (Path(app.config["DATA_DIR"]) / "demo-login.txt").read_text().split()
    auth.login(*login)
    client = auth._client

    response = client.get(f"/stories/{story_id}/print")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == len(panels.for_story(db, story_id)) + 2  # cover, questions
    assert "Lotte" in "".join(page.extract_text() for page in reader.pages)
    renderer = app.extensions["renderer"]
    assert renderer.launches == 1 and renderer.browser_pids() == []   # no local browser

    browser_server.stop()
    started = time.monotonic()
    gone = client.get(f"/stories/{story_id}/print?layout=two-up")   # not in the cache yet
    assert gone.status_code == 503
    assert _title(app) in gone.get_data(as_text=True)
    preview = client.get(f"/stories/{story_id}/print/preview/1.png")
    assert preview.status_code == 503
    result = runner.invoke(args=["render", str(story_id), "--out", str(tmp_path / "b.pdf"),
                                 "--layout", "booklet"])
    assert result.exit_code == 1
    assert "print browser server at ws://127.0.0.1:" in result.output
    assert browser_server.path not in result.output   # the path is a secret: never shown
    assert "Traceback" not in result.output
    assert time.monotonic() - started < RENDER_TIMEOUT

    browser_server.start()   # back on the same address: the next print reconnects
    again = client.get(f"/stories/{story_id}/print?layout=two-up")
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    result = runner.invoke(args=["render", str(story_id), "--out", str(tmp_path / "b.pdf"),
                                 "--layout", "booklet"])
    assert result.exit_code == 0, result.output
    assert PdfReader(tmp_path / "b.pdf").pages
    assert client.get(f"/stories/{story_id}/print/preview/1.png").status_code == 200
    assert renderer.browser_pids() == []


def test_a_browser_server_that_never_answers_fails_within_the_timeout():
    # A port that takes connections and never speaks: the connect must not hang the queue.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        renderer = Renderer(ws_endpoint=f"ws://127.0.0.1:{silent.getsockname()[1]}/x",
                            timeout=1.5)
        started = time.monotonic()
        try:
            with pytest.raises(RenderError):
                renderer.render("<p>hi</p>")
            assert time.monotonic() - started < 2.5
            with pytest.raises(BrowserUnreachable):   # the next job: the connect's own error
                renderer.render("<p>hi</p>", timeout=10)
        finally:
            renderer.close()


def test_the_readme_shows_the_browser_server_config_this_test_runs():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    shown = json.loads(readme.split("browser-server.json` (the", 1)[1]
                       .split("```json\n", 1)[1].split("```", 1)[0])
    assert shown["args"] == LAUNCH_ARGS   # as a user, not root: with Chromium's sandbox
    assert shown["host"] == "127.0.0.1" and shown["headless"] is True
    assert shown["executablePath"] == "/usr/bin/chromium"
    assert f"ws://127.0.0.1:{shown['port']}{shown['wsPath']}" in readme   # STORYBOARD_BROWSER_WS
