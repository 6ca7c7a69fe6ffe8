"""The one gate for recorded voices: sniff, decode, normalise, encode to Ogg/Opus (no Flask)."""
import io
import threading

import av
import numpy as np

MAX_BYTES = 2 * 1024 * 1024
MAX_SECONDS = 60
RATE = 48000
BIT_RATE = 32000
# Loudness: the speech's RMS is brought to -20 dBFS (a comfortable phone level), but the
# peak never above -1 dBFS, and a quiet recording is lifted by at most 30 dB (no hiss).
TARGET_RMS, PEAK_CEILING, MAX_GAIN = 10 ** (-20 / 20), 10 ** (-1 / 20), 10 ** (30 / 20)
SILENT_PEAK = 10 ** (-60 / 20)  # nothing above -60 dBFS: nobody spoke
# What Chrome, Firefox and Safari record: container (by its first bytes), PyAV's name, codec.
ACCEPTED = {"webm": ("matroska", "opus"), "ogg": ("ogg", "opus"), "mp4": ("mp4", "aac")}
TRANSCODES = threading.BoundedSemaphore(2)  # recordings decoded at once, in this process


class VoiceError(Exception):
    """A recording that cannot be used; code names the sentence the user gets."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def sniff(data):
    """Name the container from its magic bytes: webm, ogg, mp4, or None."""
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if data[:4] == b"OggS":
        return "ogg"
    if data[4:8] == b"ftyp":
        return "mp4"
    return None


def transcode(data):
    """Check a recording and return (ogg_opus_bytes, duration_ms) or raise VoiceError."""
    if not data:
        raise VoiceError("voice_empty")
    if len(data) > MAX_BYTES:
        raise VoiceError("voice_too_big")
    kind = sniff(data)
    if kind is None:
        raise VoiceError("voice_unsupported")
    with TRANSCODES:
        try:
            samples = _decode(data, *ACCEPTED[kind])
        except (av.FFmpegError, ValueError, IndexError, OSError):
            raise VoiceError("voice_broken") from None
        if samples.size == 0:
            raise VoiceError("voice_broken")
        samples = normalise(samples)
        return _encode(samples), int(round(samples.size * 1000 / RATE))


def _decode(data, format_name, codec_name):
    """Decode the one audio stream to mono float32 at 48 kHz, refusing more than 60 s."""
    limit = MAX_SECONDS * RATE + RATE // 2  # half a second of slack for encoder padding
    with av.open(io.BytesIO(data), mode="r") as container:
        if format_name not in container.format.name.split(","):
            raise VoiceError("voice_unsupported")
        streams = container.streams.audio
        if len(streams) != 1 or streams[0].codec_context.name != codec_name:
            raise VoiceError("voice_unsupported")
        if container.duration and container.duration > (MAX_SECONDS + 0.5) * av.time_base:
            raise VoiceError("voice_too_long")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        parts, total = [], 0
        for frame in container.decode(streams[0]):
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray().reshape(-1))
                total += parts[-1].size
            if total > limit:  # MediaRecorder's WebM has no duration: count what arrives
                raise VoiceError("voice_too_long")
        for out in resampler.resample(None):
            parts.append(out.to_ndarray().reshape(-1))
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    if samples.size > limit:
        raise VoiceError("voice_too_long")
    return samples


def normalise(samples):
    """Bring speech to -20 dBFS RMS, peaks at most -1 dBFS; refuse a silent recording."""
    peak = float(np.max(np.abs(samples)))
    if peak < SILENT_PEAK:
        raise VoiceError("voice_silent")
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    gain = min(TARGET_RMS / rms, PEAK_CEILING / peak, MAX_GAIN)
    return np.clip(samples * gain, -1.0, 1.0).astype(np.float32)


def _encode(samples):
    """Encode mono float samples as Ogg/Opus at 32 kbit/s."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE)
        stream.layout = "mono"
        stream.bit_rate = BIT_RATE
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def probe(data):
    """Return (codec, seconds, sample_rate, channels) of an Ogg recording (for checks)."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        samples = sum(f.samples for f in container.decode(stream))
        seconds = samples / stream.codec_context.sample_rate
        return (stream.codec_context.name, seconds, stream.codec_context.sample_rate,
                stream.codec_context.channels)
