"""Serving an organisation: two gunicorn processes share sessions, limits and renders; /healthz."""
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyboard import create_app, health
from storyboard import db as database
from storyboard.printing.browser import RenderError

from .conftest import free_port, storyboard_cli

PASSWORD = "a long demo password"


# --- /healthz --------------------------------------------------------------------------------

def test_healthz_answers_ok_without_data_and_probes_the_browser_once_a_minute(app, client):
    first = client.get("/healthz")
    assert first.status_code == 200
    assert first.get_json() == {"ok": True}
    assert first.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in first.headers
    for _ in range(5):   # a load balancer polling every few seconds
        assert client.get("/healthz").status_code == 200
    assert app.extensions["health"].probes == 1
    assert app.extensions["renderer"].launches == 1


def test_healthz_says_the_renderer_failed_when_no_browser_starts(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "SECRET_KEY": "x",
                      "CHROMIUM": str(tmp_path / "no-such-chromium")})
    try:
        response = app.test_client().get("/healthz")
    finally:
        app.extensions["renderer"].close()
    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "database": "ok", "renderer": "failed"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "no-such-chromium" not in response.get_data(as_text=True)


def test_healthz_says_the_database_failed_without_saying_why(app, client):
    app.extensions["health"] = health.RendererCheck()
    app.extensions["health"].ok = lambda renderer: True   # only the database is in question
    app.config["DATABASE"] = app.config["DATA_DIR"]       # a directory: SQLite cannot open it
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "database": "failed", "renderer": "ok"}
    assert app.config["DATA_DIR"] not in response.get_data(as_text=True)


class _FakeRenderer:
    def __init__(self, fails=False):
        self.fails, self.renders, self.last_ok = fails, 0, None

    def render(self, html, fmt, timeout):
        self.renders += 1
        if self.fails:
            raise RenderError("gone")
        return b"%PDF"


def test_the_renderer_check_holds_its_answer_for_the_ttl_and_trusts_a_recent_print():
    now = [1000.0]
    check = health.RendererCheck(ttl=60, clock=lambda: now[0])
    broken = _FakeRenderer(fails=True)
    assert check.ok(broken) is False
    now[0] += 59
    assert check.ok(broken) is False and broken.renders == 1   # held, not probed again
    now[0] += 2
    working = _FakeRenderer()
    assert check.ok(working) is True and working.renders == 1
    now[0] += 61
    working.last_ok = now[0] - 5   # a print was made five seconds ago
    assert check.ok(working) is True and working.renders == 1


# --- starting together -----------------------------------------------------------------------

def test_processes_starting_together_on_a_fresh_data_dir_migrate_once(tmp_path):
    data = tmp_path / "fresh"
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data))
    code = ("from storyboard import create_app; "
            "print(create_app().config['SECRET_KEY'])")
    starts = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=60) for p in starts]
    assert [p.returncode for p in starts] == [0] * 4, [err for _, err in results]
    keys = {out.strip() for out, _ in results}
    assert len(keys) == 1 and len(keys.pop()) == 64   # one whole key, the same for all
    db = database.connect(data / "storyboard.db")
    names = [r[0] for r in db.execute("select name from _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(database.migrations._migrations)


# --- two real processes ----------------------------------------------------------------------

def _children(pid):
    """Return the ids of a process's children (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _socket_owner(port, client_port, pids):
    """Return which of pids holds the server end of a loopback TCP connection, or None."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":")[1], fields[2].split(":")[1]
        if int(local, 16) == port and int(remote, 16) == client_port:
            inode = fields[9]
    if inode is None:
        return None
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


class Served:
    """The two-process server, reached over fresh connections whose serving process is known."""

    def __init__(self, port, pids):
        self.port, self.pids = port, pids

    def connect(self):
        """Return (a new connection, the process that accepted it)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.connect()
        deadline = time.time() + 5
        while time.time() < deadline:
            owner = _socket_owner(self.port, conn.sock.getsockname()[1], self.pids)
            if owner:
                return conn, owner
            time.sleep(0.01)
        raise AssertionError("no serving process took the connection")

    def on(self, pid):
        """Return a fresh connection that process pid accepted."""
        for _ in range(200):
            conn, owner = self.connect()
            if owner == pid:
                return conn
            conn.close()
        raise AssertionError(f"process {pid} never accepted a connection")

    def request(self, pid, method, path, cookie=None, form=None):
        """Send one request on a fresh connection to process pid; return (status, headers, body)."""
        conn = self.on(pid)
        headers = {"Cookie": f"storyboard={cookie}"} if cookie else {}
        body = None
        if form is not None:
            from urllib.parse import urlencode
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, response, data


def _cookie(response, old=None):
    match = re.search(r"\bstoryboard=([^;]*)", response.getheader("Set-Cookie") or "")
    return match.group(1) if match else old


def _token(data):
    return re.search(rb'name="csrf_token" value="([^"]+)"', data).group(1).decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`storyboard serve --processes 2` on its own data directory, with the demo story."""
    data = tmp_path_factory.mktemp("two-processes")
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data), STORYBOARD_PASSWORD=PASSWORD)
    story_id = int(storyboard_cli("demo", env=env).stdout.split()[-1])
    port = free_port()
    log = (data / "serve.log").open("w")
    master = subprocess.Popen([str(Path(sys.executable).with_name("storyboard")), "serve",
                               "--processes", "2", "--threads", "4", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while len(_children(master.pid)) < 2 or "running" not in (data / "serve.log").read_text():
        assert master.poll() is None and time.time() < deadline, (data / "serve.log").read_text()
        time.sleep(0.1)
    yield {"served": Served(port, _children(master.pid)), "master": master, "data": data,
           "story": story_id}
    if master.poll() is None:
        master.terminate()
        master.wait(timeout=30)
    log.close()


def test_two_processes_serve_requests(served):
    server, master = served["served"], served["master"]
    assert len(server.pids) == 2 and master.pid not in server.pids
    for pid in server.pids:
        status, _, body = server.request(pid, "GET", "/login")
        assert status == 200 and b'name="password"' in body
    log = (served["data"] / "serve.log").read_text()
    assert log.startswith(f"Storyboard is running on http://127.0.0.1:{server.port}/")


def test_wrong_sign_ins_through_both_processes_share_one_limit(served):
    server = served["served"]
    first, second = server.pids
    _, response, page = server.request(first, "GET", "/login")
    cookie, token = _cookie(response), _token(page)
    wrong = {"email": "nobody@example.org", "password": "wrong", "csrf_token": token}
    statuses = [server.request((first, second)[i % 2], "POST", "/login", cookie, wrong)[0]
                for i in range(5)]   # LOGIN_MAX_FAILURES, alternating between the processes
    assert statuses == [401] * 5
    assert [server.request(pid, "POST", "/login", cookie, wrong)[0]
            for pid in (first, second)] == [429, 429]


def test_a_session_works_in_both_processes_and_a_sign_out_ends_it_in_both(served):
    server = served["served"]
    first, second = server.pids
    _, response, page = server.request(first, "GET", "/login")
    cookie = _cookie(response)
    status, response, _ = server.request(first, "POST", "/login", cookie, {
        "email": "demo@example.org", "password": PASSWORD, "csrf_token": _token(page)})
    assert status == 302
    signed_in = _cookie(response, cookie)
    for pid in (first, second, first, second):
        status, response, page = server.request(pid, "GET", "/stories", signed_in)
        assert status == 200 and b"Het verhaal van Lotte" in page
        signed_in = _cookie(response, signed_in)   # the page's form token joins the cookie
    status, response, _ = server.request(second, "POST", "/logout", signed_in,
                                         {"csrf_token": _token(page)})
    assert status == 302
    for pid in (first, second):   # a copy of the cookie, still holding the ended session's key
        status, response, _ = server.request(pid, "GET", "/stories", signed_in)
        assert status == 302 and "/login" in response.getheader("Location")


def test_a_preview_sheet_asked_of_the_other_process_mid_render_still_comes(served):
    server, story = served["served"], served["story"]
    first, second = server.pids
    _, response, page = server.request(first, "GET", "/login")
    status, response, _ = server.request(first, "POST", "/login", _cookie(response), {
        "email": "demo@example.org", "password": PASSWORD, "csrf_token": _token(page)})
    cookie = _cookie(response)
    got = {}

    def fetch(pid, number):
        got[number] = server.request(pid, "GET", f"/stories/{story}/print/preview/{number}.png",
                                     cookie)

    # The first process starts rendering every sheet; the second is asked for sheet 2 at once.
    threads = [threading.Thread(target=fetch, args=(first, 1))]
    threads[0].start()
    time.sleep(0.2)
    threads.append(threading.Thread(target=fetch, args=(second, 2)))
    threads[1].start()
    for thread in threads:
        thread.join(timeout=120)
    for number in (1, 2):
        status, response, png = got[number]
        assert status == 200 and png.startswith(b"\x89PNG"), (number, status, png[:200])
    # Whichever process stored the set first, the other one's store left it alone.
    folder, deadline = served["data"] / "cache" / f"story-{story}", time.time() + 60
    while not list(folder.glob("*.sheets/2.png")) and time.time() < deadline:
        time.sleep(0.1)
    assert [p.read_bytes() for p in folder.glob("*.sheets/2.png")] == [got[2][2]]


def test_ctrl_c_stops_both_processes_gently(served):
    master, pids = served["master"], served["served"].pids
    master.send_signal(signal.SIGINT)
    assert master.wait(timeout=30) == 0
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
