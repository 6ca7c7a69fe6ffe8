"""Load benchmark (loopback only, bounded): 50 workers editing captions plus 5 renders, 60 s.

Starts the real server, drives it over HTTP, then checks every acknowledged save in the
database. Merges its figures into bench/results.json.
"""
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from storyboard import db as database
from storyboard import panels, stories, workers

OUT = Path(__file__).resolve().parent / "results.json"
WORKERS = int(os.environ.get("LOAD_WORKERS", 50))
RENDERERS = int(os.environ.get("LOAD_RENDERERS", 5))
SECONDS = float(os.environ.get("LOAD_SECONDS", 60))
THINK = 0.5  # a worker pauses between saves, as the editor's debounce does
PASSWORD = "load-test-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(data):
    db = database.connect(Path(data) / "storyboard.db")
    database.migrate(db)
    targets = []
    for n in range(WORKERS):
        worker_id = workers.create(db, f"w{n}@example.org", f"Worker {n}", PASSWORD)
        story_id = stories.create(db, worker_id, {"title": f"Verhaal {n}", "child_name": "K",
                                                  "child_age": 6, "language": "nl"})
        version = 1
        for i in range(6):
            panel_id, version = panels.add(db, story_id, version, {
                "caption": f"Prent {i}.", "section": "happened", "picture": "house"}, worker_id)
        targets.append({"email": f"w{n}@example.org", "story": story_id, "panel": panel_id,
                        "version": version})
    db.conn.close()
    return targets


def session(base, email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"email": email, "password": PASSWORD, "csrf_token": token}).encode(), timeout=30)
    page = opener.open(f"{base}/stories", timeout=30).read().decode()
    return opener, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def main():
    data = tempfile.mkdtemp(prefix="storyboard-load-")
    targets = prepare(data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, STORYBOARD_DATA_DIR=data)
    server = subprocess.Popen([str(Path(sys.executable).with_name("storyboard")), "serve",
                               "--port", str(port), "--threads", "16"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    sessions = [session(base, t["email"]) for t in targets]
    latencies, acked, errors, renders = [], [], [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def edit(target, opener, token):
        version, n = target["version"], 0
        while time.monotonic() < deadline:
            n += 1
            caption = f"{target['email']} bewaarde {n}."
            body = urllib.parse.urlencode({"caption": caption, "version": version,
                                           "csrf_token": token}).encode()
            request = urllib.request.Request(
                f"{base}/stories/{target['story']}/panels/{target['panel']}", body,
                headers={"Accept": "application/json"})
            start = time.perf_counter()
            try:
                reply = json.loads(opener.open(request, timeout=30).read())
                ok = reply.get("ok")
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if ok:
                    version = reply["version"]
                    acked.append((target["story"], version, caption))
                else:
                    errors[0] += 1
            time.sleep(THINK)

    def render(target, opener, token):
        n = 0
        while time.monotonic() < deadline:
            n += 1
            try:
                # A new caption each time, so every render misses the cache.
                body = urllib.parse.urlencode({"caption": f"Afdruk {n}.", "version": target["v2"],
                                               "csrf_token": token}).encode()
                reply = json.loads(opener.open(urllib.request.Request(
                    f"{base}/stories/{target['story']}/panels/{target['first']}", body,
                    headers={"Accept": "application/json"}), timeout=30).read())
                target["v2"] = reply["version"]
                pdf = opener.open(f"{base}/stories/{target['story']}/print", timeout=120).read()
                with lock:
                    if pdf.startswith(b"%PDF"):
                        renders[0] += 1
                    else:
                        errors[0] += 1
            except Exception:
                with lock:
                    errors[0] += 1

    threads = []
    for target, (opener, token) in zip(targets, sessions):
        threads.append(threading.Thread(target=edit, args=(target, opener, token)))
    extra = prepare_render_targets(data, RENDERERS)
    for render_target in extra:
        opener, token = session(base, render_target["email"])
        threads.append(threading.Thread(target=render, args=(render_target, opener, token)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    server.terminate()
    server.wait(timeout=30)

    db = database.connect(Path(data) / "storyboard.db")
    lost = 0
    current = {row["id"]: row["version"] for row in db.query("select id, version from stories")}
    for story_id, version, caption in acked:
        if version > current[story_id]:
            lost += 1  # acknowledged, yet the story never reached that version
            continue
        if version <= current[story_id] - stories.KEEP_VERSIONS:
            continue  # an older snapshot, pruned by design (README, Trust)
        row = next(iter(db.query("select snapshot from story_versions where story_id = ? and "
                                 "version = ?", [story_id, version])), None)
        if row is None or caption not in row["snapshot"]:
            lost += 1
    db.conn.close()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0

    figures = {"load_saves": len(acked), "load_save_p50_ms": round(pct(0.50), 2),
               "load_save_p95_ms": round(pct(0.95), 2), "load_save_p99_ms": round(pct(0.99), 2),
               "load_errors": errors[0], "load_lost_writes": lost,
               "load_renders_per_second": round(renders[0] / duration, 3),
               "load_seconds": round(duration, 1)}
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    results.update(figures)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in figures)
    print("\n".join(f"{k:<{width}}  {v:>10}" for k, v in figures.items()))


def prepare_render_targets(data, count):
    db = database.connect(Path(data) / "storyboard.db")
    out = []
    for n in range(count):
        email = f"r{n}@example.org"
        worker_id = workers.create(db, email, f"Render {n}", PASSWORD)
        story_id = stories.create(db, worker_id, {"title": f"Afdruk {n}", "child_name": "K",
                                                  "child_age": 6, "language": "nl"})
        version = 1
        first = None
        for i in range(12):
            panel_id, version = panels.add(db, story_id, version, {
                "caption": f"Prent {i}.", "section": "happened", "picture": "grandmother"},
                worker_id)
            first = first or panel_id
        out.append({"email": email, "story": story_id, "first": first, "v2": version})
    db.conn.close()
    return out


if __name__ == "__main__":
    main()
