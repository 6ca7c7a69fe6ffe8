"""The starter picture library: manifest and colouring-ready SVG rules."""
import xml.etree.ElementTree as ET

import pytest

from storyboard import library

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title"}
SHAPES = ALLOWED - {"svg", "g", "title"}
ENTRIES = library.pictures()


def test_manifest_has_a_starter_set_with_names_in_both_languages():
    assert len(ENTRIES) >= 12
    ids = [p["id"] for p in ENTRIES]
    assert len(ids) == len(set(ids))
    for entry in ENTRIES:
        assert entry["category"] in library.CATEGORIES
        assert entry["name"]["nl"] and entry["name"]["en"]
        assert (library.PANELS_DIR / entry["file"]).is_file()
        assert entry["file"] == entry["id"] + ".svg"


@pytest.mark.parametrize("entry", ENTRIES, ids=[p["id"] for p in ENTRIES])
def test_picture_is_colouring_ready(entry):
    root = ET.parse(library.PANELS_DIR / entry["file"]).getroot()
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == library.manifest()["viewBox"]
    inherited = {}
    for el in root.iter():
        tag = el.tag.replace(SVG, "")
        assert tag in ALLOWED, f"{tag} is not allowed"
        assert not any(a.startswith("on") or "href" in a or a == "style" for a in el.attrib)
        if tag == "g":
            inherited.update({k: v for k, v in el.attrib.items() if k in ("stroke", "fill",
                                                                           "stroke-width")})
        if tag in SHAPES:
            stroke = el.get("stroke", inherited.get("stroke"))
            fill = el.get("fill", inherited.get("fill"))
            width = float(el.get("stroke-width", inherited.get("stroke-width", "0")))
            assert stroke == "#000", f"{tag} stroke {stroke}"
            assert fill in ("#fff", "none"), f"{tag} fill {fill}"
            assert 4 <= width <= 8, f"{tag} stroke-width {width}"
        if tag == "title":
            continue
        assert not (el.text or "").strip(), "no text inside pictures"


def test_search_finds_pictures_by_dutch_and_english_words():
    assert "grandmother" in [p["id"] for p in library.search("oma")]
    assert "house" in [p["id"] for p in library.search("home", "en")]
    assert library.search("") == ENTRIES


def test_inline_markup_is_the_svg_element():
    markup = library.svg_markup("house")
    assert markup.startswith("<svg") and markup.rstrip().endswith("</svg>")
    assert library.svg_markup("nope") == ""


# --- closed regions must be large enough for a crayon ----------------------------------------

CELL = 200       # one viewBox unit per pixel
GAP = 20
MIN_REGION = 40  # px² at one unit per pixel: about 14 mm² at A5 panel size


def all_files():
    files = [p["file"] for p in ENTRIES] + [p["file"] for p in library.parts()]
    return files


@pytest.fixture(scope="module")
def rasters():
    """Render every picture and part in Chromium at one pixel per unit; return name -> array."""
    import io as _io

    import numpy as np
    from PIL import Image

    from storyboard.printing.browser import Renderer

    files = all_files()
    cells = "".join(f'<div class="c">{(library.PANELS_DIR / f).read_text()}</div>' for f in files)
    html = (f"<html><head><style>body{{margin:0;background:#fff;width:{(CELL + GAP) * 10}px}}"
            f".c{{display:inline-block;width:{CELL}px;height:{CELL}px;margin:0 {GAP}px {GAP}px 0;"
            f"vertical-align:top}} svg{{width:{CELL}px;height:{CELL}px;display:block}}"
            f"</style></head><body>{cells}</body></html>")
    renderer = Renderer(timeout=60)
    try:
        png = renderer.render(html, fmt="png")
    finally:
        renderer.close()
    sheet = np.asarray(Image.open(_io.BytesIO(png)).convert("L"))
    out = {}
    for index, name in enumerate(files):
        row, col = divmod(index, 10)
        y, x = row * (CELL + GAP), col * (CELL + GAP)
        out[name] = sheet[y:y + CELL, x:x + CELL]
    return out


def small_enclosed_regions(gray):
    """Return the areas of white regions that do not touch the edge and are too small."""
    import numpy as np
    from scipy import ndimage
    white = gray >= 128
    labels, count = ndimage.label(white)
    edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])))
    areas = ndimage.sum(white, labels, range(1, count + 1))
    return [int(a) for label, a in enumerate(areas, start=1)
            if label not in edge and a < MIN_REGION]


def test_every_closed_region_is_large_enough_for_a_crayon(rasters):
    problems = {name: small for name, gray in rasters.items()
                if (small := small_enclosed_regions(gray))}
    assert problems == {}


def test_the_region_check_catches_a_tiny_hole():
    import numpy as np
    gray = np.full((60, 60), 255, dtype=np.uint8)
    gray[20:30, 20:30] = 0
    gray[24:26, 24:26] = 255  # a 4 px hole inside a black square
    assert small_enclosed_regions(gray) == [4]
