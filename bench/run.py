"""Benchmarks for printing and saving; writes bench/results.json (flat, numbers only)."""
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.test import encode_multipart

from storyboard import create_app, demo, panels, sessions, stories
from storyboard import db as database
from storyboard.printing import print_story, renderer, story_html
from storyboard.printing.browser import find_chromium, launch_args
from storyboard.printing.cache import forget_renders
from voice import bench_render_qr, bench_voice  # bench/voice.py, beside this file

OUT = Path(__file__).resolve().parent / "results.json"
PANELS = 24
RUNS = 10


def ms(start):
    return (time.perf_counter() - start) * 1000


def make_story(db):
    """Return the id of a 24-panel story (the demo, extended)."""
    worker, _ = demo.ensure_worker(db, "bench-password-123")
    story_id = demo.ensure_story(db, worker["id"])
    rows = panels.for_story(db, story_id)
    version = stories.get(db, story_id)["version"]
    while len(rows) < PANELS:
        source = rows[len(rows) % len(demo.PANELS)]
        _, version = panels.add(db, story_id, version, {
            "caption": source["caption"], "section": source["section"],
            "picture": source["picture"], "scene": source["scene"] or ""}, worker["id"])
        rows = panels.for_story(db, story_id)
    return story_id


class RawPage:
    """A bare page in a browser of its own: set_content + pdf on the final HTML, the floor."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=find_chromium(),
                                                         args=launch_args())
        self._page = self._browser.new_page()
        return self

    def __exit__(self, *exc):
        self._browser.close()
        self._playwright.stop()

    def render(self, html):
        self._page.set_content(html, wait_until="load")
        return self._page.pdf(prefer_css_page_size=True, print_background=True)


class PeakMemory:
    """Sample the RSS of this process and all its descendants (the browser included)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            time.sleep(0.05)


def tree_rss(root):
    """Return the proportional memory (PSS, MB) of a process and its descendants (Linux /proc).

    PSS splits shared pages between the processes that share them, so Chromium's many
    processes are not counted several times over, as a sum of RSS would.
    """
    children, rss = {}, {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = status.parent
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss_kb(rss[pid]) if pid in rss else 0
        stack.extend(children.get(pid, []))
    return total / 1024


def _pss_kb(proc):
    try:
        for line in (proc / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def bench_service(app, db, story_id):
    """Full renders through the render service, the cache bypassed, then cache hits.

    The floor and the service take turns, run for run, so a busy machine slows both alike
    and warm/raw measures the service, not the neighbours.
    """
    r = renderer(app)
    with app.app_context():
        print_story(app, db, story_id)  # warm the browser and fill the cache
        with PeakMemory() as memory:  # the service alone, before the floor's browser starts
            for i in range(RUNS):
                pdf = r.render(story_html(db, story_id) + f"<!-- memory {i} -->")
        raw, warm = [], []
        with RawPage() as floor:
            floor.render(story_html(db, story_id))
            for i in range(RUNS):
                html = story_html(db, story_id) + f"<!-- floor {i} -->"
                start = time.perf_counter()
                floor.render(html)  # the final HTML in hand: the browser's work alone
                raw.append(ms(start))
                start = time.perf_counter()
                r.render(story_html(db, story_id) + f"<!-- run {i} -->")  # a new cache key
                warm.append(ms(start))
        hits = []
        for _ in range(20):
            start = time.perf_counter()
            print_story(app, db, story_id)
            hits.append(ms(start))
    return {"render_raw_ms": statistics.median(raw), "render_warm_ms": statistics.median(warm),
            "cache_hit_ms": statistics.median(hits), "peak_memory_mb": memory.peak,
            "pdf_bytes": len(pdf)}


def bench_cold(data_dir, story_id, out):
    """One whole `storyboard render` process, start to finish, with an empty cache."""
    forget_renders(Path(data_dir) / "cache", story_id)  # renders live in the story's folder
    exe = Path(sys.executable).with_name("storyboard")
    env = dict(os.environ, STORYBOARD_DATA_DIR=data_dir)
    start = time.perf_counter()
    subprocess.run([str(exe), "render", str(story_id), "--out", str(out)], env=env,
                   check=True, capture_output=True)
    return ms(start)


WEASYPRINT = """
import statistics, sys, time
import weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
times = []
for _ in range(3):
    start = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf()
    times.append((time.perf_counter() - start) * 1000)
print(statistics.median(times))
"""


def bench_weasyprint(html, tmp):
    """The same HTML through WeasyPrint, as a peer reference (median of 3).

    In its own process: WeasyPrint is not part of the app, and the objects it leaves
    behind would make this process's garbage collections (and the saves timed next) slower.
    """
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return None
    source = Path(tmp) / "weasy.html"
    source.write_text(html, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", WEASYPRINT, str(source)], check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip())


def bench_check_text():
    """The coach on a 30-word caption, warm: median of 200 calls."""
    from storyboard import coach
    caption = ("Mama dronk te veel drank en werd heel ziek. Nu woont Lotte een tijdje bij "
               "oma Rita in het huis met de rode deur, samen met de grote hond Bruno.")
    assert len(caption.split()) == 30
    coach.check_text(caption, "nl", 6, names=["Lotte", "Rita", "Bruno"])
    times = []
    for _ in range(200):
        start = time.perf_counter()
        coach.check_text(caption, "nl", 6, names=["Lotte", "Rita", "Bruno"])
        times.append(ms(start))
    return {"check_text_ms": statistics.median(times)}


LINEART_CHILD = """
import io, resource, statistics, sys, time
from pathlib import Path
from storyboard import lineart
data = Path(sys.argv[1]).read_bytes()
times = []
for _ in range(5):
    start = time.perf_counter()
    png, _, _ = lineart.convert(data)
    Path(sys.argv[2]).write_bytes(png)
    times.append((time.perf_counter() - start) * 1000)
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))  # ru_maxrss survives exec: it could be the parent's
print(statistics.median(times), peak / 1024)
"""


def bench_lineart(tmp):
    """A 12-megapixel JPEG to a written outline PNG, median of 5, in a fresh process."""
    from PIL import Image
    from skimage import data as samples
    photo = Path(tmp) / "12mp.jpg"
    Image.fromarray(samples.chelsea()).resize((4000, 3000), Image.Resampling.BICUBIC).save(
        photo, "JPEG", quality=90)
    done = subprocess.run([sys.executable, "-c", LINEART_CHILD, str(photo),
                           str(Path(tmp) / "12mp.png")], capture_output=True, text=True,
                          check=True)
    median, peak = (float(v) for v in done.stdout.split())
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import photos  # the costliest photos the gate accepts, each in a fresh process
    return dict({"lineart_12mp_ms": median, "lineart_12mp_peak_mb": peak}, **photos.bench())


def bench_drawing(tmp):
    """A 12 MP phone photo of a drawing on a table to a written outline PNG, median of 5."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.test_drawing import photographed_drawing
    photo = Path(tmp) / "drawing.jpg"
    photo.write_bytes(photographed_drawing())
    child = LINEART_CHILD.replace("lineart.convert(data)", "lineart.convert(data, mode='drawing')")
    done = subprocess.run([sys.executable, "-c", child, str(photo), str(Path(tmp) / "d.png")],
                          capture_output=True, text=True, check=True)
    return {"drawing_12mp_ms": float(done.stdout.split()[0])}


def signed_in(app, db, story_id):
    """Return a test client signed in as the story's owner, with a server-side session."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["worker_session"] = sessions.start(db, stories.get(db, story_id)["owner_id"])
        session["csrf"] = "bench"
    return client


def bench_saves(app, db, story_id, n=300):
    client = signed_in(app, db, story_id)
    panel_id = panels.for_story(db, story_id)[0]["id"]
    times = []
    for i in range(n):
        version = stories.get(db, story_id)["version"]
        start = time.perf_counter()
        reply = client.post(f"/stories/{story_id}/panels/{panel_id}",
                            data={"caption": f"Dit is het verhaal van Lotte ({i}).",
                                  "version": version, "csrf_token": "bench"},
                            headers={"Accept": "application/json"})
        times.append(ms(start))
        assert reply.status_code == 200, reply.data
    times.sort()
    return {"save_p50_ms": times[len(times) // 2], "save_p95_ms": times[int(len(times) * .95)]}


def pen_scene(strokes=200, points=100, seed=7, simplified=True, seen=None):
    """A busy pen drawing: 200 wavy strokes of 100 pointer samples each, to 4 decimals;
    simplified as the composer sends them (it smooths each line before saving), or raw."""
    import math
    import random

    from storyboard.strokes import simplify
    rng = random.Random(seed)
    lines = []
    for _ in range(strokes):
        x, y, turn = rng.uniform(.2, .8), rng.uniform(.2, .8), rng.uniform(0, 6.3)
        line = []
        for _ in range(points):
            turn += rng.uniform(-.3, .3)
            x = min(max(x + .004 * math.cos(turn), 0), 1)
            y = min(max(y + .005 * math.sin(turn), 0), 1)
            line.append([round(x, 4), round(y, 4)])
        lines.append({"points": simplify(line) if simplified else line,
                      "width": rng.choice([6, 10, 16])})
    if seen is not None:   # the newest line differs from one autosave to the next
        lines[-1]["points"] = [[round(min(1, x + seen / 1e4), 4), y]
                               for x, y in lines[-1]["points"]]
    return json.dumps({"place": None, "items": [], "bubbles": [], "strokes": lines},
                      separators=(",", ":"))  # as the browser's JSON.stringify sends it


def bench_scene_saves(app, db, story_id, n=100, simplified=True):
    """Save a panel's scene of 200 pen strokes as the composer's autosave does: the whole
    panel form (multipart, the browser's FormData) each time, one line of it new."""
    client = signed_in(app, db, story_id)
    panel_id = panels.for_story(db, story_id)[1]["id"]
    times = []
    for i in range(n):
        scene = pen_scene(simplified=simplified, seen=i)
        form = {"csrf_token": "bench", "caption": "Lotte tekent wat ze hoorde.",
                "caption_2": "", "section": "happened", "kind": "draw", "picture": "",
                "scene": scene, "shared_present": "1", "consent_by": "",
                "version": str(stories.get(db, story_id)["version"])}
        boundary, body = encode_multipart(form)   # built before the clock starts
        start = time.perf_counter()
        reply = client.post(f"/stories/{story_id}/panels/{panel_id}", data=body,
                            content_type=f"multipart/form-data; boundary={boundary}",
                            headers={"Accept": "application/json"})
        times.append(ms(start))
        assert reply.status_code == 200, reply.data
    times.sort()
    name = "scene_save" if simplified else "scene_save_raw"
    return {f"{name}_p95_ms": times[int(len(times) * .95)], f"{name}_bytes": len(scene)}


def bench_render(app, db, story_id, tmp):
    """The print figures: the floor, the service warm and cached, a whole cold process."""
    with app.app_context():
        html = story_html(db, story_id)
    page_count = html.count('<article class="page ')
    results = {"panels": PANELS, "pages": page_count}
    results.update(bench_service(app, db, story_id))
    results["render_cold_ms"] = bench_cold(tmp, story_id, Path(tmp) / "cold.pdf")
    results["pages_per_second"] = page_count / (results["render_warm_ms"] / 1000)
    results["warm_over_raw"] = results["render_warm_ms"] / results["render_raw_ms"]
    return results, html


def main(only_render=False):
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp})
        db = database.connect(app.config["DATABASE"])
        story_id = make_story(db)
        gc.collect()
        gc.freeze()   # as `storyboard serve` does once it has started
        results, html = bench_render(app, db, story_id, tmp)
        if not only_render:
            weasy = bench_weasyprint(html, tmp)
            if weasy is not None:
                results["weasyprint_ms"] = weasy
            results.update(bench_saves(app, db, story_id))
            results.update(bench_scene_saves(app, db, story_id))
            results.update(bench_scene_saves(app, db, story_id, n=30, simplified=False))
            results.update(bench_check_text())
            results.update(bench_lineart(tmp))
            results.update(bench_drawing(tmp))
            results.update(bench_voice())
            results.update(bench_render_qr(app, db, story_id))  # last: it adds voices
        renderer(app).close()
    results = {k: round(v, 2) for k, v in results.items()}
    if only_render and OUT.exists():  # refresh the print figures, keep the others
        results = dict(json.loads(OUT.read_text()), **results)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in results)
    print("\n".join(f"{k:<{width}}  {v:>10}" for k, v in results.items()))


if __name__ == "__main__":
    main(only_render="--render" in sys.argv[1:])  # --render: the print figures alone
