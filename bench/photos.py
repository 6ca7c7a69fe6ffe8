"""Photo conversion's worst case: the costliest photos the gate accepts, and their peak memory.

`bench()` returns {"lineart_peak_mb": ...}: the highest peak resident memory (MB) of a fresh
process that converts one of `worst_inputs()`. The peak is read from /proc (VmHWM), not from
ru_maxrss: on Linux ru_maxrss survives exec, so a child started by a big parent reports the
parent's peak instead of its own.
"""
import io
import math
import struct
import subprocess
import sys
import zlib
from types import SimpleNamespace

import numpy as np
from PIL import Image

from storyboard import lineart

CHILD = """
import resource, sys
from storyboard import lineart
data = sys.stdin.buffer.read()
try:
    lineart.convert(data)
    outcome = "ok"
except lineart.PhotoError as err:
    outcome = err.code
try:
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(outcome, kb / 1024)
"""


def peak_mb(blob):
    """Convert one photo in a fresh process; return (outcome code or "ok", peak RSS in MB)."""
    done = subprocess.run([sys.executable, "-c", CHILD], input=blob, capture_output=True,
                          check=True)
    outcome, peak = done.stdout.decode().split()
    return outcome, float(peak)


def largest_side(fmt, mode, bands=3):
    """Return the longest side of a square photo that the gate lets through, from its rules."""
    side = math.isqrt(lineart.MAX_PIXELS)
    while side > 16:
        decoded = side
        if fmt == "JPEG":  # Pillow's draft: the largest of 1/8, 1/4, 1/2 that stays >= WORK_SIDE
            scale = next(s for s in (8, 4, 2, 1) if side // lineart.WORK_SIDE >= s)
            decoded = -(-side // scale)
        header = SimpleNamespace(size=(decoded, decoded), mode=mode, format=fmt,
                                 getbands=lambda: (None,) * bands)
        if lineart.decode_cost(header, (side, side)) <= lineart.MAX_DECODE:
            return side
        side -= 8
    raise AssertionError("no size passes")


def gradient(side, mode="RGB"):
    """Return a square with a soft gradient: quick to encode, not a trivial picture."""
    row = np.linspace(0, 255, side, dtype=np.uint8)
    grey = Image.fromarray(np.ascontiguousarray(np.broadcast_to(row, (side, side))))
    return grey.convert(mode)


def encode(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png16_rgba(side):
    """Return a 16-bit RGBA PNG (Pillow cannot write one), streamed row by row."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    steps = np.repeat(np.linspace(0, 65535, -(-side // 64), dtype=">u2"), 64)[:side]
    row = b"\0" + np.repeat(steps, 4).tobytes()  # runs of equal pixels: deflate finds them
    packer = zlib.compressobj(1)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 16, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def _palette(side):
    image = gradient(side, "P")
    image.info["transparency"] = 0
    return encode(image, "PNG", compress_level=1)


def _animated(image, fmt, **options):
    second = Image.new(image.mode, image.size, "blue")
    return encode(image, fmt, save_all=True, append_images=[second], **options)


def _heif(image):
    import pillow_heif
    pillow_heif.register_heif_opener()
    return encode(image, "HEIF")


def worst_inputs():
    """Return {name: (make bytes, expected outcome)}: the costliest accepted photos, and bombs."""
    webp = largest_side("WEBP", "RGBA")
    png = math.isqrt(lineart.MAX_PIXELS)
    cmyk = largest_side("JPEG", "CMYK", bands=4)
    heif = largest_side("HEIF", "RGBA")
    return {
        # A 2 KB file that would take 1.3 GB to decode: refused from its header.
        "webp-7000-lossless": (lambda: encode(Image.new("RGB", (7000, 7000), (200, 40, 40)),
                                              "WEBP", lossless=True), "photo_bomb"),
        "webp-largest-animated-lossless": (lambda: _animated(
            gradient(webp, "RGBA"), "WEBP", lossless=True, method=0), "ok"),
        "png-largest-rgba16": (lambda: png16_rgba(png), "ok"),
        "png-largest-grey16": (lambda: encode(gradient(png, "I;16"), "PNG", compress_level=1),
                               "ok"),
        "png-largest-palette": (lambda: _palette(png), "ok"),
        "png-largest-animated": (lambda: _animated(gradient(png, "RGBA"), "PNG",
                                                   compress_level=1), "ok"),
        "jpeg-largest-cmyk-progressive": (lambda: encode(gradient(cmyk, "CMYK"), "JPEG",
                                                         progressive=True), "ok"),
        "jpeg-cmyk-progressive-too-costly": (lambda: encode(gradient(png, "CMYK"), "JPEG",
                                                            progressive=True), "photo_bomb"),
        "heic-largest": (lambda: _heif(gradient(heif, "RGBA")), "ok"),
    }


def bench():
    """Return {"lineart_peak_mb": the highest peak of converting any of the worst inputs}."""
    return {"lineart_peak_mb": max(peak_mb(make())[1] for make, _ in worst_inputs().values())}


if __name__ == "__main__":
    for name, (make, expected) in worst_inputs().items():
        blob = make()
        print(f"{name:34} {len(blob):>9} bytes  {expected:10} -> %s %.0f MB" % peak_mb(blob))
