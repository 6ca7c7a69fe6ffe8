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


if __name__ == "__main__":
    print(bench_voice())
