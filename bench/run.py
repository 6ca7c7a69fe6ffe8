"""Benchmarks: rendering and saving; writes bench/results.json (flat, numbers only)."""
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from storyboard import create_app, db as database, demo, panels, stories
from storyboard.printing import story_html
from storyboard.render import Renderer, cached

OUT = Path(__file__).resolve().parent / "results.json"


def ms(start):
    return (time.perf_counter() - start) * 1000


def bench_render(app, db, story_id):
    with app.app_context():
        html = story_html(db, story_id)
    renderer = Renderer(timeout=120)
    try:
        start = time.perf_counter()
        renderer.render(html)
        cold = ms(start)
        raw = []
        for i in range(5):
            start = time.perf_counter()
            renderer.render(html.replace("</body>", f"<!-- {i} --></body>"))
            raw.append(ms(start))
        cache_dir = Path(app.config["CACHE_DIR"])
        cached(renderer, cache_dir, html)
        hits = []
        for _ in range(20):
            start = time.perf_counter()
            cached(renderer, cache_dir, html)
            hits.append(ms(start))
    finally:
        renderer.close()
    return {"render_cold_ms": cold, "render_warm_ms": statistics.median(raw),
            "render_raw_ms": min(raw), "cache_hit_ms": statistics.median(hits),
            "render_pages": html.count('class="sheet"')}


def bench_saves(app, db, story_id, n=300):
    client = app.test_client()
    with client.session_transaction() as session:
        session["worker_id"] = stories.get(db, story_id)["owner_id"]
        session["csrf"] = "bench"
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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp})
        db = database.connect(app.config["DATABASE"])
        worker, _ = demo.ensure_worker(db, "bench-password-123")
        story_id = demo.ensure_story(db, worker["id"])
        results = {}
        results.update(bench_render(app, db, story_id))
        results.update(bench_saves(app, db, story_id))
    results = {k: round(v, 2) for k, v in results.items()}
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
