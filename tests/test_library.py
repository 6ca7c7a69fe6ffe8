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
