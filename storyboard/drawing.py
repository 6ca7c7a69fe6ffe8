"""Phone photos of hand drawings into clean colouring lines (no Flask).

A drawing is already lines: the job is to find the sheet, take the light off it and keep
every stroke, faint pencil included, while paper grain and the table around it go. Steps:

1. The sheet: on a photo shrunk to ~250 px, paper is bright and colourless, a table is
   darker or coloured (wood). Otsu's threshold on brightness x (1 - saturation) gives the
   paper; its largest component, holes filled, is the sheet. The output is cropped to its
   box, and what lies outside it (the corners of a tilted sheet) stays white.
2. The light: the paper's own brightness, estimated on the small picture by a grey closing
   (a max filter wider than any stroke, then a smoothing), is divided out, so shadows and
   uneven light become flat white and a stroke becomes a ratio below 1.
3. The strokes: hysteresis on that ratio. The paper's noise (its grain) is measured; pixels
   clearly darker than it seed strokes, and fainter pixels join when they touch a seed, so
   a faint pencil line is kept whole while isolated grain specks are dropped.
"""
import numpy as np
from PIL import Image
from scipy import ndimage

SMALL_SIDE = 256        # the picture on which the sheet and the light are found
MIN_SHEET = 0.15        # a bright region smaller than this share of the photo is not a sheet


def outline(image):
    """Return a two-level ('1' mode) outline of a photographed drawing (RGB image)."""
    width, height = image.size
    factor = max(1, int(np.ceil(max(height, width) / SMALL_SIDE)))
    small_rgb = np.asarray(image.reduce(factor) if factor > 1 else image, dtype=np.float32)
    sheet = _sheet(small_rgb)
    box = _box(sheet, factor, width, height)
    gray = np.asarray(image.crop(box).convert("L"), dtype=np.float32)
    background = _background(_gray(small_rgb), sheet, factor, gray.shape, box)
    ratio = gray / background
    ink = _strokes(ratio, inside=_inside(sheet, factor, box))
    return Image.fromarray(~ink).convert("1")


def _gray(rgb):
    """Luminance as float32 in 0..255 (ITU-R 601, as Pillow's 'L')."""
    rgb = rgb.astype(np.float32)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def _otsu(values):
    hist, edges = np.histogram(values, bins=128)
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(hist)
    total = weight[-1]
    mean = np.cumsum(hist * centres)
    between = (mean[-1] * weight - total * mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return centres[int(np.argmax(between))]


def _sheet(small_rgb):
    """Return the paper as a boolean mask of the small picture (all True if none is found)."""
    top = small_rgb.max(axis=2)
    saturation = (top - small_rgb.min(axis=2)) / np.maximum(top, 1)
    # Strokes are thin: a small grey closing lets the paper through where lines cross it.
    paper = ndimage.grey_closing(top * (1 - saturation) ** 2, size=5)
    mask = paper > _otsu(paper)
    mask = ndimage.binary_opening(mask, iterations=2)
    labels, count = ndimage.label(mask)
    full = np.ones(mask.shape, bool)
    if not count:
        return full
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    sheet = ndimage.binary_fill_holes(labels == int(np.argmax(sizes)))
    if sheet.mean() < MIN_SHEET or _otsu_contrast(paper, sheet) < 20:
        return full  # no clear sheet: a close-up of the paper, or a table as light as it
    return sheet


def _otsu_contrast(paper, sheet):
    if sheet.all():
        return 255.0
    return float(np.median(paper[sheet]) - np.median(paper[~sheet]))


def _box(sheet, factor, width, height):
    """The sheet's bounding box in full-size pixels, a little inside its edge."""
    rows, cols = np.nonzero(sheet)
    if sheet.all():
        return 0, 0, width, height
    inset = 2 * factor  # the reduced picture blurs the edge over about one of its pixels
    left = max(0, cols.min() * factor + inset)
    top = max(0, rows.min() * factor + inset)
    right = min(width, (cols.max() + 1) * factor - inset)
    bottom = min(height, (rows.max() + 1) * factor - inset)
    if right - left < 16 or bottom - top < 16:
        return 0, 0, width, height
    return int(left), int(top), int(right), int(bottom)


def _upsample(small, factor, shape, box, order=1):
    """Zoom a small-picture array to the full-size crop `box` (shape = the crop's shape)."""
    region = tuple(v / factor for v in box)
    if order == 0:
        picture = Image.fromarray(small.astype(np.uint8) * 255)
        resample = Image.Resampling.NEAREST
    else:
        picture = Image.fromarray(small.astype(np.float32), "F")
        resample = Image.Resampling.BILINEAR
    zoomed = np.asarray(picture.resize((shape[1], shape[0]), resample, box=region))
    return zoomed > 127 if order == 0 else zoomed


def _background(small_gray, sheet, factor, shape, box):
    """The paper's brightness without the strokes, at full size over the crop."""
    # Outside the sheet, spread the paper's brightness so its edge is not darkened.
    paper = np.where(sheet, small_gray, 0).astype(np.float32)
    # A stroke is a few small pixels wide at most: a 7-pixel max filter (~55 px at full
    # size) covers it with paper; the smoothing evens the blocky result out.
    light = ndimage.grey_dilation(paper, size=7)
    light = ndimage.gaussian_filter(light, 2.0)
    return np.maximum(_upsample(light, factor, shape, box), 8.0)


def _inside(sheet, factor, box):
    """The sheet at full size over the crop, its edge pulled in so it draws no line."""
    core = ndimage.binary_erosion(sheet, iterations=1, border_value=1)
    shape = (box[3] - box[1], box[2] - box[0])
    return _upsample(core, factor, shape, box, order=0)


def _strokes(ratio, inside):
    """Ink (True) where the page is darker than its paper by more than its grain."""
    scale = max(ratio.shape) / 1000.0
    smooth = ndimage.gaussian_filter(ratio, max(0.7, 0.6 * scale), truncate=2.5)
    darkness = 1.0 - smooth
    paper = darkness[inside] if inside.any() else darkness.ravel()
    sample = paper[:: max(1, paper.size // 200_000)]
    # The paper's noise: the spread of the pixels around the paper's own level (MAD).
    level = float(np.median(sample))
    spread = 1.4826 * float(np.median(np.abs(sample - level))) or 0.01
    weak = darkness > level + max(0.045, 4.0 * spread)
    strong = darkness > level + max(0.12, 9.0 * spread)
    weak &= inside
    labels, count = ndimage.label(weak, structure=np.ones((3, 3)))
    if count:
        seeded = np.zeros(count + 1, bool)
        seeded[np.unique(labels[strong & weak])] = True
        sizes = np.bincount(labels.ravel(), minlength=count + 1)
        # A stroke is kept when it has a clearly dark part or is long enough to be no grain
        # (a faint pencil line all along); specks go, even dark ones.
        keep = (seeded & (sizes >= max(8, int(6 * scale * scale)))) | (
            sizes >= max(60, int(40 * scale * scale)))
        keep[0] = False
        ink = keep[labels]
    else:
        ink = weak
    ink = ndimage.minimum_filter(ndimage.maximum_filter(ink, size=3), size=3)  # close gaps
    if scale > 1.2:
        ink = ndimage.maximum_filter(ink, size=3)  # a faint hair line becomes a line to colour
    return ink
