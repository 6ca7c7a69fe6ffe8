"""Photos into colouring outlines: safety, metadata, quality, bad input."""
import io
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile, WebPImagePlugin
from scipy import ndimage
from skimage import data as samples

from bench import photos
from storyboard import lineart


def jpeg(image, **save):
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=92, **save)
    return out.getvalue()


def sample(name, upscale=1):
    image = Image.fromarray(getattr(samples, name)()).convert("RGB")
    if upscale > 1:
        image = image.resize((image.width * upscale, image.height * upscale), Image.Resampling.BICUBIC)
    return image


def ink_and_specks(png):
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    ink = gray < 128
    labels, count = ndimage.label(ink, structure=np.ones((3, 3)))
    sizes = ndimage.sum(ink, labels, range(1, count + 1)) if count else []
    specks = sum(1 for s in sizes if s < 20)
    return gray, ink.mean(), specks / (gray.size / 1e6)


@pytest.mark.parametrize("name", ["astronaut", "chelsea", "camera", "coffee"])
@pytest.mark.parametrize("upscale", [1, 4])
def test_sample_photos_become_clean_two_level_outlines(name, upscale):
    png, original, _ = lineart.convert(jpeg(sample(name, upscale)))
    gray, coverage, specks_per_mp = ink_and_specks(png)
    assert set(np.unique(gray)) <= {0, 255}
    assert Image.open(io.BytesIO(png)).mode == "1"
    assert 0.02 <= coverage <= 0.25, coverage
    assert specks_per_mp <= 60, specks_per_mp
    assert max(gray.shape) <= lineart.MAX_SIDE


def test_more_detail_gives_more_lines():
    image = lineart.open_photo(jpeg(sample("camera")))
    coverage = [np.asarray(lineart.outline(image, d)).size - np.asarray(lineart.outline(image, d)).sum()
                for d in (1, 3, 5)]
    assert coverage[0] < coverage[1] < coverage[2]


def test_small_photos_are_never_upscaled_and_big_ones_fit_a4_at_300_dpi():
    small = lineart.open_photo(jpeg(Image.new("RGB", (300, 200), "white")))
    assert small.size == (300, 200)
    big = lineart.open_photo(jpeg(Image.new("RGB", (4000, 3000), "white")))
    assert max(big.size) <= 2480


def gps_photo(orientation=1):
    image = sample("chelsea")
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 3.0, 0.0), "E", (3.0, 43.0, 0.0)
    return jpeg(image, exif=exif.tobytes()), image.size


def test_gps_and_other_metadata_do_not_survive():
    data, _ = gps_photo()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input has GPS
    png, original, _ = lineart.convert(data)
    for blob in (png, original):
        reopened = Image.open(io.BytesIO(blob))
        assert not reopened.getexif()
        assert not any(k in reopened.info for k in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp"))
        assert b"PhoneMaker" not in blob and b"GPS" not in blob


def test_exif_orientation_is_applied():
    data, (width, height) = gps_photo(orientation=6)  # "rotate 90° clockwise to view"
    image = lineart.open_photo(data)
    assert image.size == (height, width)


def test_faces_are_found_and_left_blank_and_pets_are_not_people():
    astronaut = lineart.open_photo(jpeg(sample("astronaut")))
    boxes = lineart.faces(astronaut)
    assert len(boxes) >= 1
    left, top, right, bottom = boxes[0]
    drawn = np.asarray(lineart.outline(astronaut, 3, blank=boxes))
    assert drawn[max(top, 0):bottom, max(left, 0):right].all()  # all white
    assert lineart.faces(lineart.open_photo(jpeg(sample("coffee")))) == []


def bomb_png():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # tiny file, 144 megapixels
    return out.getvalue()


@pytest.mark.parametrize("blob, code", [
    (b"", "photo_empty"),
    (b"just some text, named photo.jpg", "photo_unsupported"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "photo_unsupported"),
    ("truncated", "photo_broken"),
    ("gif", "photo_unsupported"),
    ("bmp", "photo_unsupported"),
    ("bomb", "photo_bomb"),
])
def test_bad_input_gets_its_own_clear_error(blob, code):
    if blob == "truncated":
        blob = jpeg(sample("chelsea"))[:4000]
    elif blob in ("gif", "bmp"):
        out = io.BytesIO()
        Image.new("RGB", (50, 50)).save(out, blob.upper())
        blob = out.getvalue()
    elif blob == "bomb":
        blob = bomb_png()
    with pytest.raises(lineart.PhotoError) as err:
        lineart.convert(blob)
    assert err.value.code == code


def test_too_many_bytes_are_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(lineart, "MAX_BYTES", 1000)
    with pytest.raises(lineart.PhotoError) as err:
        lineart.convert(jpeg(sample("chelsea")))
    assert err.value.code == "photo_too_big"


def test_command_line_writes_an_outline_and_fails_plainly(tmp_path):
    exe = Path(sys.executable).with_name("storyboard")
    photo = tmp_path / "kat.jpg"
    photo.write_bytes(jpeg(sample("chelsea")))
    out = tmp_path / "kat.png"
    ok = subprocess.run([str(exe), "lineart", str(photo), str(out), "--detail", "2"],
                        capture_output=True, text=True, env={"STORYBOARD_DATA_DIR": str(tmp_path),
                                                             "PATH": "/usr/bin:/bin"})
    assert ok.returncode == 0 and Image.open(out).mode == "1"
    fake = tmp_path / "fake.jpg"
    fake.write_text("<svg/>")
    bad = subprocess.run([str(exe), "lineart", str(fake), str(out)], capture_output=True,
                         text=True, env={"STORYBOARD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 64), height=st.integers(1, 64), seed=st.integers(0, 2**32 - 1),
       fmt=st.sampled_from(["PNG", "JPEG", "WEBP"]), mode=st.sampled_from(["RGB", "L", "RGBA", "P"]),
       cut=st.integers(0, 400), detail=st.integers(1, 5))
def test_random_small_images_never_raise_anything_but_photo_error(width, height, seed, fmt, mode,
                                                                   cut, detail):
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    image = Image.fromarray(pixels).convert(mode)
    if fmt == "JPEG" and mode in ("RGBA", "P"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt)
    blob = out.getvalue()
    if cut:
        blob = blob[:-cut] if cut < len(blob) else blob[: len(blob) // 2]
    try:
        png, _, _ = lineart.convert(blob, detail)
    except lineart.PhotoError:
        return
    assert Image.open(io.BytesIO(png)).mode == "1"


def test_heic_from_a_phone_is_accepted_and_cleaned():
    import pillow_heif
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    sample("chelsea").save(out, "HEIF")
    png, original, _ = lineart.convert(out.getvalue())
    assert Image.open(io.BytesIO(png)).mode == "1"
    assert Image.open(io.BytesIO(original)).format == "JPEG"


# --- memory and concurrency ------------------------------------------------------------

WORST = photos.worst_inputs()


@pytest.mark.parametrize("name", sorted(WORST))
def test_peak_memory_stays_under_600_mb_for_the_costliest_photos(name):
    make, expected = WORST[name]
    outcome, peak = photos.peak_mb(make())
    assert outcome == expected
    assert peak < 600, f"{name}: {peak:.0f} MB"


def test_a_tiny_file_too_costly_to_decode_is_refused_before_decoding(monkeypatch):
    out = io.BytesIO()
    Image.new("RGB", (7000, 7000), (200, 40, 40)).save(out, "WEBP", lossless=True)
    blob = out.getvalue()
    assert len(blob) < 2048 and 7000 * 7000 <= lineart.MAX_PIXELS
    decoded = []
    for cls in (ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        monkeypatch.setattr(cls, "load", lambda self: decoded.append(self), raising=True)
    with pytest.raises(lineart.PhotoError) as err:
        lineart.open_photo(blob)
    assert err.value.code == "photo_bomb" and decoded == []


def test_a_photo_within_the_budget_is_still_decoded(monkeypatch):
    monkeypatch.setattr(lineart, "MAX_DECODE", 64 * 64 * 4 * 4)
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, "WEBP", lossless=True)
    assert lineart.open_photo(out.getvalue()).size == (64, 64)
    out = io.BytesIO()
    Image.new("RGB", (65, 65), "white").save(out, "WEBP", lossless=True)
    with pytest.raises(lineart.PhotoError):
        lineart.open_photo(out.getvalue())


def test_sixteen_bit_grey_keeps_its_tones():
    ramp = (np.arange(256 * 256).reshape(256, 256)).astype(np.uint16)
    out = io.BytesIO()
    Image.fromarray(ramp).save(out, "PNG")
    grey = np.asarray(lineart.open_photo(out.getvalue()).convert("L"))
    assert grey[0, 0] == 0 and 120 <= grey[128, 0] <= 135 and grey[-1, -1] == 255


def test_big_photos_are_shrunk_like_a_thumbnail():
    photo = sample("astronaut", upscale=10)  # 5120 px: reduced by 2, then LANCZOS
    out = io.BytesIO()
    photo.save(out, "PNG", compress_level=1)
    shrunk = lineart.open_photo(out.getvalue())
    reference = photo.copy()
    reference.thumbnail((lineart.WORK_SIDE, lineart.WORK_SIDE), Image.Resampling.LANCZOS)
    assert shrunk.size == reference.size
    difference = np.abs(np.asarray(shrunk, dtype=int) - np.asarray(reference, dtype=int))
    assert difference.mean() < 2


def in_flight_counter(monkeypatch):
    """Count conversions between opening the photo and its last step; return the maximum."""
    lock, state = threading.Lock(), {"now": 0, "most": 0}
    real_open, real_reencode, real_png = lineart.open_photo, lineart.reencode, lineart.to_png

    def opened(*args, **kwargs):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)  # let every thread that can get in do so
        return real_open(*args, **kwargs)

    def finished(real):
        def run(*args, **kwargs):
            result = real(*args, **kwargs)
            with lock:
                state["now"] -= 1
            return result
        return run

    monkeypatch.setattr(lineart, "open_photo", opened)
    monkeypatch.setattr(lineart, "reencode", finished(real_reencode))
    return state, finished(real_png)


def test_at_most_two_photos_are_converted_at_once(monkeypatch):
    state, _ = in_flight_counter(monkeypatch)
    blob = jpeg(sample("chelsea"))
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: lineart.convert(blob), range(6)))
    assert len(results) == 6 and all(png for png, _, _ in results)
    assert state["most"] == 2 and state["now"] == 0


def test_a_redraw_waits_for_a_free_conversion_slot(monkeypatch):
    state, finished_png = in_flight_counter(monkeypatch)
    monkeypatch.setattr(lineart, "to_png", finished_png)
    blob = jpeg(sample("chelsea"))
    lineart.CONVERSIONS.acquire()
    lineart.CONVERSIONS.acquire()
    try:
        with ThreadPoolExecutor(1) as pool:
            redraw = pool.submit(lineart.redraw, blob, 2)
            time.sleep(0.5)
            assert state["most"] == 0 and not redraw.done()
            lineart.CONVERSIONS.release()
            assert Image.open(io.BytesIO(redraw.result(timeout=60))).mode == "1"
    finally:
        lineart.CONVERSIONS.release()
    assert state["most"] == 1
