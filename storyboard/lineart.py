"""Photos into colouring outlines: safe opening, metadata removal, XDoG line drawing (no Flask).

Dependencies and why: numpy for the pixel arithmetic; scipy.ndimage for Gaussian blurs,
connected components and binary morphology (fast C loops, far smaller than OpenCV);
scikit-image only for its shipped LBP face cascade, so nothing is downloaded at run time.
"""
import io
import math
import threading
import warnings

import numpy as np
from PIL import Image
from scipy import ndimage

try:  # phones send HEIC; pillow-heif teaches Pillow to read it
    import pillow_heif
    pillow_heif.register_heif_opener()
    HEIF = "HEIF"
except ImportError:  # pragma: no cover - the dependency is pinned
    HEIF = None

MAX_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 50_000_000          # refused from the header, before any decoding
MAX_SIDE = 2480                  # A4 at 300 dpi: the most an outline may have; never upscaled
WORK_SIDE = 2000                 # a panel is at most ~18 cm wide: 2000 px is 280 dpi there
FORMATS = tuple(f for f in ("JPEG", "PNG", "WEBP", HEIF) if f)
# Decoding may hold at most this much memory: with the ~100 MB a converting process needs
# anyway, a photo stays well under 600 MB, and two at once (CONVERSIONS) under 1 GB.
MAX_DECODE = 400 * 1024 * 1024
# Bytes Pillow keeps per pixel, by mode (RGB takes 4, like RGBA); unknown modes count 8.
MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "LA": 4, "PA": 4,
              "RGB": 4, "RGBA": 4, "RGBX": 4, "CMYK": 4, "YCbCr": 4, "I": 4, "F": 4}
# Pictures' worth of memory a decoder holds at its peak, the decoded picture included
# (measured with bench/photos.py). WebP: libwebp's animation canvases and lossless pixel
# buffer, and the bytes Pillow copies out. HEIF: libheif's planes beside the RGB picture.
DECODER_COPIES = {"JPEG": 1, "PNG": 1, "WEBP": 4, HEIF: 2}
BAND_BYTES = 4 * 1024 * 1024     # rows converted at a time while shrinking
CONVERSIONS = threading.BoundedSemaphore(2)  # photos converted at once, in this process
DETAIL = {  # sigma (per 1000 px), edge threshold (in std devs), min speck (px per MP), width
    1: (2.4, 1.0, 260, 5),
    2: (2.0, 0.85, 200, 5),
    3: (1.6, 0.72, 150, 4),
    4: (1.3, 0.58, 110, 4),
    5: (1.0, 0.45, 80, 3),
}


class PhotoError(ValueError):
    """The upload cannot be used; code names the reason for a plain message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def open_photo(data, max_side=WORK_SIDE):
    """Decode an upload safely and return a fresh RGB image, turned upright, without metadata."""
    if not data:
        raise PhotoError("photo_empty")
    if len(data) > MAX_BYTES:
        raise PhotoError("photo_too_big")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(data, max_side)
        orientation = _load(image)
    # Shrink before anything else copies the pixels: only the decoded picture is full size.
    small = _shrink(image, max_side)
    image.close()
    return _clean_copy(small, orientation)


def _open(data, max_side):
    """Read the header only and refuse pictures whose decoding would cost too much memory."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.UnidentifiedImageError:
        raise PhotoError("photo_unsupported") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("photo_bomb") from None
    except Exception:
        raise PhotoError("photo_broken") from None
    width, height = image.size
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise PhotoError("photo_bomb")
    full_size = image.size
    if image.format == "JPEG":
        # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8: no full-size picture.
        image.draft("RGB", _draft_size(image.size, max_side))
    if decode_cost(image, full_size) > MAX_DECODE:
        raise PhotoError("photo_bomb")
    return image


def decode_cost(image, full_size=None):
    """Return the bytes decoding this opened (not loaded) image holds at its peak.

    The picture itself costs width x height x the bytes Pillow keeps per pixel of its mode;
    decoders hold more (DECODER_COPIES). A JPEG decoder scales its output (draft) but keeps
    the coefficients of the full-size image (2 bytes each, per colour channel) whenever the
    file has several scans, as progressive files do; the header does not always say so.
    """
    width, height = image.size
    cost = width * height * MODE_BYTES.get(image.mode, 8) * DECODER_COPIES.get(image.format, 2)
    if image.format == "JPEG":
        full_width, full_height = full_size or image.size
        cost += full_width * full_height * 2 * len(image.getbands())
    return cost


def _load(image):
    """Decode the pixels (the first frame of an animation) and return the EXIF orientation."""
    try:
        orientation = image.getexif().get(0x0112, 1)
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("photo_bomb") from None
    except Exception:
        raise PhotoError("photo_broken") from None
    return orientation


def _draft_size(size, max_side):
    scale = max(size) / max_side
    return (int(size[0] / scale), int(size[1] / scale)) if scale > 1 else size


def _shrink(image, max_side):
    """Return an RGB copy that fits max_side, converted and reduced a band of rows at a time.

    Flattening transparency, converting the mode and reducing by a whole factor happen per
    band, so no second full-size picture is ever made; a final LANCZOS resize gives the size.
    """
    width, height = image.size
    # Box-reduce to at most twice the final size (as thumbnail's reducing_gap does, rounded
    # up), so that the reduced copy stays small; LANCZOS makes the last step sharp.
    factor = max(1, -(-max(width, height) // (2 * max_side)))
    rows = max(1, BAND_BYTES // (width * 4 * factor)) * factor
    small = Image.new("RGB", (-(-width // factor), -(-height // factor)))
    for top in range(0, height, rows):
        band = _to_rgb(image.crop((0, top, width, min(height, top + rows))))
        small.paste(band.reduce(factor) if factor > 1 else band, (0, top // factor))
    small.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return small


def _to_rgb(image):
    """Return the pixels as RGB: transparency flattened on white, 16-bit grey scaled to 8."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # convert() clips 16-bit values at 255, which would turn a photo white.
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _clean_copy(image, orientation):
    """Return the pixels alone in a new image: no EXIF, GPS, XMP or ICC survive."""
    transpose = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                 4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
                 8: Image.Transpose.ROTATE_90}.get(orientation)
    if transpose is not None:
        image = image.transpose(transpose)
    fresh = Image.new("RGB", image.size)
    fresh.frombytes(image.tobytes())
    return fresh


def reencode(image, quality=88):
    """Return the image as a metadata-free JPEG (the stored original)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def outline(image, detail=3, blank=()):
    """Return a two-level ('1' mode) outline of an RGB image; blank boxes stay white."""
    if detail not in DETAIL:
        raise PhotoError("detail_invalid")
    sigma_per_k, threshold, speck_per_mp, width = DETAIL[detail]
    gray = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    scale = max(gray.shape) / 1000.0
    sigma = max(0.8, sigma_per_k * scale)
    ink = _xdog(gray, sigma, threshold)
    ink = _clean(ink, speck=max(12, int(speck_per_mp * gray.size / 1e6)),
                 width=max(3, int(round(width * max(1.0, scale / 2.48)))))
    for left, top, right, bottom in blank:
        ink[max(0, top):bottom, max(0, left):right] = False
    return Image.fromarray(~ink).convert("1")


def _xdog(gray, sigma, threshold, k=1.6, phi=2.0):
    """Edges by the eXtended Difference of Gaussians (Winnemöller et al. 2012); True = ink.

    With tau = 1 the DoG keeps edges and drops flat tone, which a colouring page needs: the
    soft threshold (tanh with sharpness phi) is taken at `threshold` standard deviations of
    the response, so the result adapts to the photo's contrast. A light pre-blur (sigma/2)
    tames sensor noise; it is folded into the two blurs, and the wider blur is built on the
    narrower one, so the photo is blurred twice, not three times.
    """
    pre = 0.5 * sigma
    s1, s2 = math.hypot(pre, sigma), math.hypot(pre, k * sigma)
    g1 = ndimage.gaussian_filter(gray, s1, truncate=2.5)
    d = g1 - ndimage.gaussian_filter(g1, math.sqrt(s2 * s2 - s1 * s1), truncate=2.5)
    epsilon = -threshold * float(d.std() or 1.0)
    # XDoG's soft ramp 1 + tanh(phi * (d - eps) / |eps|), binarised at 0.5, is exactly the
    # hard threshold d < eps * (1 + atanh(0.5) / phi): no need to compute tanh per pixel.
    return d < epsilon * (1.0 + math.atanh(0.5) / phi)


def _clean(ink, speck, width):
    """Drop specks, close small gaps, and thicken lines to crayon width."""
    labels, count = ndimage.label(ink, structure=np.ones((3, 3)))
    if count:
        sizes = np.bincount(labels.ravel(), minlength=count + 1)
        keep = sizes >= speck
        keep[0] = False
        ink = keep[labels]
    # Square max/min filters are separable: fast even for 3-megapixel pages.
    ink = ndimage.minimum_filter(ndimage.maximum_filter(ink, size=3), size=3)  # close gaps
    if width > 1:
        ink = ndimage.maximum_filter(ink, size=width | 1)  # odd size: thicken evenly
    return ink


def to_png(outline_image):
    """Return a two-level outline as PNG bytes (1-bit, no metadata)."""
    out = io.BytesIO()
    outline_image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def faces(image):
    """Return face boxes (left, top, right, bottom) in image coordinates (LBP cascade)."""
    from skimage.data import lbp_frontal_face_cascade_filename
    from skimage.feature import Cascade
    small = image.copy()
    small.thumbnail((320, 320))
    factor = image.width / small.width
    gray = np.asarray(small.convert("L"), dtype=np.float64) / 255.0
    detector = _cascade(Cascade, lbp_frontal_face_cascade_filename())
    found = detector.detect_multi_scale(img=gray, scale_factor=1.25, step_ratio=1,
                                        min_size=(32, 32), max_size=(400, 400),
                                        min_neighbor_number=6)
    boxes = []
    for f in found:
        pad = 0.35 * f["width"]
        boxes.append((int((f["c"] - pad) * factor), int((f["r"] - pad) * factor),
                      int((f["c"] + f["width"] + pad) * factor),
                      int((f["r"] + f["height"] + pad * 1.6) * factor)))
    return boxes


_CASCADES = {}


def _cascade(cls, path):
    if path not in _CASCADES:
        _CASCADES[path] = cls(path)
    return _CASCADES[path]


MODES = ("photo", "drawing")


def convert(data, detail=3, mode="photo"):
    """Return (outline PNG bytes, re-encoded original JPEG bytes, face boxes) for an upload.

    mode "drawing" is a photo of a hand drawing (storyboard/drawing.py): its faces are drawn,
    not photographed, so none are looked for or left blank.
    """
    if mode not in MODES:
        raise PhotoError("mode_invalid")
    with CONVERSIONS:
        image = open_photo(data)
        if mode == "drawing":
            from . import drawing
            return to_png(drawing.outline(image)), reencode(image), []
        boxes = faces(image)
        return to_png(outline(image, detail, blank=boxes)), reencode(image), boxes


def redraw(data, detail=3, mode="photo"):
    """Return a new outline PNG of a stored original at another level of detail."""
    if detail not in DETAIL:
        raise PhotoError("detail_invalid")
    if mode not in MODES:
        raise PhotoError("mode_invalid")
    with CONVERSIONS:
        image = open_photo(data)
        if mode == "drawing":
            from . import drawing
            return to_png(drawing.outline(image))
        return to_png(outline(image, detail, blank=faces(image)))
