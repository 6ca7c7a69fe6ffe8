"""Fixtures in the flaskr style: app -> client -> runner, plus a live server for Chromium."""
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from storyboard import create_app, stories, workers
from storyboard import db as database
from storyboard.printing.browser import Renderer, find_chromium, launch_args

PASSWORD_A = "correct horse battery"
PASSWORD_B = "another long password"


@pytest.fixture(autouse=True)
def quick_password_hashes(request, monkeypatch):
    """Hash passwords at a low scrypt cost, except in tests marked real_password_cost."""
    # Werkzeug's cost takes 0.1 s a hash: about a third of the suite's time went on it.
    if "real_password_cost" not in request.keywords:
        monkeypatch.setattr(workers, "HASH_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def app(tmp_path):
    """An app on a fresh data directory, with workers A and B and one story of A."""
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "TESTING": True,
                      "SECRET_KEY": "test-secret", "RENDER_TIMEOUT": 60})
    db = database.connect(app.config["DATABASE"])
    a = workers.create(db, "a@example.org", "Anja", PASSWORD_A)
    workers.create(db, "b@example.org", "Bram", PASSWORD_B)
    stories.create(db, a, {"title": "Het verhaal van Mila", "child_name": "Mila",
                           "child_age": 5, "language": "nl"})
    db.conn.close()
    yield app
    renderer = app.extensions.get("renderer")
    if renderer:
        renderer.close()


@pytest.fixture(scope="module")
def renderer():
    """One real print browser for a module's tests."""
    r = Renderer(timeout=60)
    yield r
    r.close()


@pytest.fixture
def db(app):
    """A connection to the app's database file."""
    conn = database.connect(app.config["DATABASE"])
    yield conn
    conn.conn.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def token_from(html):
    """Return the first csrf_token value in a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token field in the page"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def token(self, path="/login"):
        return token_from(self._client.get(path, follow_redirects=True).get_data(as_text=True))

    def login(self, email="a@example.org", password=PASSWORD_A):
        return self._client.post("/login", data={"email": email, "password": password,
                                                 "csrf_token": self.token()})

    def post(self, path, data=None, json_reply=False, **kwargs):
        """POST with the session's CSRF token, as a form or as our fetch calls do."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.token("/stories"))
        headers = {"Accept": "application/json"} if json_reply else {}
        return self._client.post(path, data=data, headers=headers, **kwargs)


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- the real server, for browser tests --------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def storyboard_cli(*args, env=None, check=True, input=None):
    """Run the installed `storyboard` command and return the completed process."""
    exe = Path(sys.executable).with_name("storyboard")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                          check=check, input=input)


@contextlib.contextmanager
def serving(env, port=None):
    """Run `storyboard serve` with env until the block ends; yield its address."""
    port = port or free_port()
    # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("storyboard")), "serve",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        log.seek(0)
        raise RuntimeError("the server did not start: " + log.read().decode())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Start `storyboard serve` on a free port with its own data directory."""
    data = tmp_path_factory.mktemp("live")
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data), STORYBOARD_PASSWORD=PASSWORD_A)
    storyboard_cli("create-worker", "a@example.org", "--name", "Anja", env=env)
    env["STORYBOARD_PASSWORD"] = PASSWORD_B
    storyboard_cli("create-worker", "b@example.org", "--name", "Bram", env=env)
    with serving(env) as url:
        yield {"url": url, "data": data, "env": env}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system Chromium, as the app itself does."""
    # A fake microphone (a tone) and no permission prompt: the voice recorder runs for real.
    return {**browser_type_launch_args, "executable_path": find_chromium(),
            "args": [*launch_args(), "--use-fake-device-for-media-stream",
                     "--use-fake-ui-for-media-stream"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}
