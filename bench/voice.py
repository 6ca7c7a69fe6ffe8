"""voice_transcode_ms: a 60 s browser recording (WebM/Opus, 48 kHz mono) to the stored Ogg/Opus."""
import io
import statistics
import time

import av
import numpy as np

from storyboard import voices


def speech_like(seconds=60, rate=48000):
    """Return a WebM/Opus recording of a voice-like sound: a buzzing pitch, syllables, noise."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = 2 * np.pi * (140 + 30 * np.sin(2 * np.pi * 0.7 * t)).cumsum() / rate
    voice = sum(np.sin(k * pitch) / k for k in range(1, 8))
    syllables = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None)
    noise = np.random.default_rng(1).normal(0, 0.02, t.size)
    x = (0.2 * voice * syllables + noise).astype(np.float32)
    out = io.BytesIO()
    with av.open(out, "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=rate)
        stream.layout, stream.bit_rate = "mono", 48000   # what Chrome's MediaRecorder sends
        frame = av.AudioFrame.from_ndarray(x.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return out.getvalue()


def bench_voice(runs=5):
    """Return the median time to check, decode, normalise and encode a 60 s recording."""
    data = speech_like()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        ogg, duration_ms = voices.transcode(data)
        times.append((time.perf_counter() - start) * 1000)
    return {"voice_transcode_ms": statistics.median(times), "voice_in_kb": len(data) / 1024,
            "voice_out_kb": len(ogg) / 1024}


def bench_render_qr(app, db, story_id, runs=20):
    """Return render_warm_ms without and with a chosen voice (so a QR code) on every page.

    The two take turns, run for run, as in bench_service, so neighbours slow both alike.
    """
    from storyboard import panels, recordings, stories
    from storyboard.printing import renderer, story_html
    story = stories.get(db, story_id)
    for row in panels.for_story(db, story_id):
        voice = recordings.record(db, app.config["UPLOAD_DIR"], story, row["id"],
                                  speech_like(3), language=story["language"], consent="1",
                                  speaker="bench", made_by="bench")
        recordings.choose(db, story_id, voice["id"], "bench")
    r = renderer(app)
    plain, with_qr = [], []
    with app.app_context():
        for i in range(runs + 1):
            for chosen, times in ((0, plain), (1, with_qr)):
                db.execute("update voices set chosen = ? where story_id = ?", [chosen, story_id])
                db.conn.commit()
                start = time.perf_counter()
                r.render(story_html(db, story_id) + f"<!-- qr {chosen} {i} -->")
                if i:  # the first round warms both
                    times.append((time.perf_counter() - start) * 1000)
    plain_ms, qr_ms = statistics.median(plain), statistics.median(with_qr)
    return {"render_warm_noqr_ms": plain_ms, "render_warm_qr_ms": qr_ms,
            "qr_overhead": qr_ms / plain_ms - 1}


def main():
    """Measure the voice figures alone: python bench/voice.py."""
    import sys
    import tempfile
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from run import make_story

    from storyboard import create_app
    from storyboard import db as database
    from storyboard.printing import renderer
    results = bench_voice()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp})
        db = database.connect(app.config["DATABASE"])
        results.update(bench_render_qr(app, db, make_story(db)))
        renderer(app).close()
    print({k: round(v, 3) for k, v in results.items()})


if __name__ == "__main__":
    main()
