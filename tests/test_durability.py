"""Nothing acknowledged is lost: SIGKILL during saves, backup while writing, restore."""
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from storyboard import db as database
from storyboard import exchange, panels, stories, workers

from .conftest import PASSWORD_A, free_port, storyboard_cli


def start_server(data, port):
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data))
    proc = subprocess.Popen([str(Path(sys.executable).with_name("storyboard")), "serve", "--port",
                             str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def signed_in_opener(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"email": "a@example.org", "password": PASSWORD_A, "csrf_token": token}).encode())
    page = opener.open(f"{base}/stories").read().decode()
    return opener, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_acknowledged_saves_survive_sigkill_and_the_database_stays_whole(tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data), STORYBOARD_PASSWORD=PASSWORD_A)
    storyboard_cli("create-worker", "a@example.org", "--name", "Anja", env=env)
    conn = database.connect(data / "storyboard.db")
    story_id = stories.create(conn, 1, {"title": "T", "child_name": "K", "child_age": 5,
                                        "language": "nl"})
    panel_id, version = panels.add(conn, story_id, 1, {"caption": "Begin.", "section": "title"}, 1)
    conn.conn.close()
    port = free_port()
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    opener, token = signed_in_opener(base)
    acknowledged = []
    stop = threading.Event()

    def burst():
        nonlocal version
        n = 0
        while not stop.is_set():
            n += 1
            body = urllib.parse.urlencode({"caption": f"Bewaard nummer {n}.", "version": version,
                                           "csrf_token": token}).encode()
            request = urllib.request.Request(f"{base}/stories/{story_id}/panels/{panel_id}",
                                             body, headers={"Accept": "application/json"})
            try:
                reply = json.loads(opener.open(request, timeout=5).read())
            except Exception:  # the server was killed mid-reply: that save was never acknowledged
                return
            if reply.get("ok"):
                version = reply["version"]
                acknowledged.append((version, f"Bewaard nummer {n}."))

    writer = threading.Thread(target=burst)
    writer.start()
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    writer.join(timeout=10)
    assert len(acknowledged) > 20
    db = sqlite3.connect(data / "storyboard.db")
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    last_version, last_caption = acknowledged[-1]
    stored_version = db.execute("select version from stories where id = ?", [story_id]).fetchone()[0]
    assert stored_version >= last_version
    snapshots = dict(db.execute("select version, snapshot from story_versions where story_id = ?",
                                [story_id]).fetchall())
    kept = [(v, c) for v, c in acknowledged if v > stored_version - stories.KEEP_VERSIONS]
    assert kept and len(snapshots) <= stories.KEEP_VERSIONS  # older snapshots are pruned
    for ack_version, caption in kept:
        assert caption in snapshots[ack_version]
    if stored_version == last_version:
        caption = db.execute("select caption from panels where id = ?", [panel_id]).fetchone()[0]
        assert caption == last_caption


def test_backup_while_writing_is_consistent_and_restores(app, db, tmp_path, runner):
    panel_id, version = panels.add(db, 1, 1, {"caption": "Begin.", "section": "title"}, 1)
    stop = threading.Event()

    def write():
        conn = database.connect(app.config["DATABASE"])
        v = version
        n = 0
        while not stop.is_set():
            n += 1
            v = panels.update(conn, 1, panel_id, v, {"caption": f"Versie {n}."}, 1)
        conn.conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.3)
    copies = []
    for n in range(3):
        out = tmp_path / f"backup-{n}.db"
        exchange.backup(db, out)
        copies.append(out)
        time.sleep(0.1)
    stop.set()
    writer.join()
    for out in copies:
        copy = database.connect(out)
        assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
        story = stories.get(copy, 1)
        caption = panels.for_story(copy, 1)[0]["caption"]
        snapshot = stories.snapshot(copy, 1, story["version"])
        assert snapshot["panels"][0]["caption"] == caption  # story, panel and version agree
        copy.conn.close()
    # Restore as the README says: into a stopped data directory, copy the backup over the
    # database and remove the WAL files, then start the app on it.
    from storyboard import create_app
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "storyboard.db-wal").write_bytes(b"stale")
    (restored / "storyboard.db").write_bytes(copies[-1].read_bytes())
    for suffix in ("-wal", "-shm"):
        (restored / f"storyboard.db{suffix}").unlink(missing_ok=True)
    restored_app = create_app({"DATA_DIR": str(restored), "SECRET_KEY": "x", "TESTING": True})
    again = database.connect(restored_app.config["DATABASE"])
    assert stories.get(again, 1)["title"] == "Het verhaal van Mila"
    assert workers.by_email(again, "a@example.org") is not None
    result = restored_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "again.db")])
    assert result.exit_code == 0
    again.conn.close()
