"""The colouring book: pages, booklet imposition, colour-free output, fonts, previews."""
import io
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from storyboard import panels, stories
from storyboard.printing import book as printbook
from storyboard.printing import preview_sheets, print_story
from storyboard.printing.browser import Renderer


def reading_order(sides):
    """Fold the printed stack in the head: return page numbers in the order a child reads."""
    fronts, backs = sides[0::2], sides[1::2]
    order = []
    for front, back in zip(fronts, backs):
        order += [front[1], back[0]]
    for front, back in reversed(list(zip(fronts, backs))):
        order += [back[1], front[0]]
    return order


@pytest.mark.parametrize("count", [4, 8, 12, 20, 40])
def test_folded_booklet_reads_in_order(count):
    sides = printbook.imposition(count)
    assert len(sides) == count // 2
    assert sorted(n for side in sides for n in side) == list(range(1, count + 1))
    assert reading_order(sides) == list(range(1, count + 1))


def test_eight_page_imposition_is_the_classic_one():
    assert printbook.imposition(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    with pytest.raises(ValueError):
        printbook.imposition(6)


def test_booklet_is_padded_with_draw_pages_before_my_questions(db):
    for n in range(3):
        panels.add(db, 1, stories.get(db, 1)["version"], {"caption": f"Prent {n}.",
                                                          "section": "happened"}, 1)
    pages = printbook.pad_for_booklet(
        printbook.book_pages(stories.get(db, 1), panels.for_story(db, 1)))
    assert len(pages) == 8
    assert [p["type"] for p in pages] == ["cover", "panel", "panel", "panel", "draw", "draw",
                                          "draw", "questions"]
    assert [p["number"] for p in pages] == list(range(1, 9))
    assert pages[4]["caption"] == "Hier mag je zelf iets tekenen."


def test_draw_panels_print_an_empty_frame(db):
    panels.add(db, 1, 1, {"caption": "Teken hier je kamer.", "section": "people",
                          "picture": "bed", "kind": "draw"}, 1)
    page = printbook.book_pages(stories.get(db, 1), panels.for_story(db, 1))[1]
    assert page["type"] == "draw" and page["svg"] is None


def test_parents_edition_prints_both_captions_and_the_childs_only_one(db):
    stories.update(db, 1, 1, {"title": "Het verhaal van Mila", "child_name": "Mila",
                              "child_age": 5, "language": "nl", "second_language": "ar"}, 1)
    panels.add(db, 1, 2, {"caption": "Mama is ziek.", "caption_2": "ماما مريضة.",
                          "section": "happened"}, 1)
    rows, story = panels.for_story(db, 1), stories.get(db, 1)
    assert printbook.book_pages(story, rows, "parents")[1]["caption_2"] == "ماما مريضة."
    assert printbook.book_pages(story, rows, "child")[1]["caption_2"] is None


@pytest.fixture
def demo_story(runner, db):
    story_id = int(runner.invoke(args=["demo"]).output.strip().splitlines()[-1])
    return story_id


def rasterised(pdf, tmp_path):
    """Rasterise every page without anti-aliasing, so grey can only come from the drawing."""
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-aa", "no", "-aaVector", "no", "-png",
                    str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


@pytest.mark.parametrize("layout", ["single", "booklet"])
def test_printed_pages_are_pure_black_on_white(app, db, demo_story, tmp_path, layout):
    with app.app_context():
        pdf = print_story(app, db, demo_story, layout=layout)
    files = rasterised(pdf, tmp_path)
    assert files
    for file in files:
        colours = Image.open(file).convert("RGB").getcolors(maxcolors=1 << 16)
        other = [(count, rgb) for count, rgb in colours if rgb not in ((0, 0, 0), (255, 255, 255))]
        assert other == [], f"{file.name}: {other[:5]}"
        black = sum(count for count, rgb in colours if rgb == (0, 0, 0))
        assert black > 0  # the page is not blank


def test_fonts_are_embedded_andika_and_noto_for_arabic(app, db):
    stories.update(db, 1, 1, {"title": "Het verhaal van Mila", "child_name": "Mila",
                              "child_age": 5, "language": "nl", "second_language": "ar"}, 1)
    panels.add(db, 1, 2, {"caption": "Mama is ziek.", "caption_2": "ماما مريضة.",
                          "section": "happened"}, 1)
    with app.app_context():
        pdf = print_story(app, db, 1, edition="parents")
        html = print_story(app, db, 1, edition="parents", fmt="html").decode()
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type3":  # outlined (hollow) letters: glyphs drawn inline
                assert font["/CharProcs"]
                continue
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            assert descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("Andika" in f for f in fonts)
    assert any("NotoSansArabic" in f for f in fonts)
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_restart_after_n_jobs_keeps_working():
    renderer = Renderer(restart_after=2, timeout=60)
    try:
        for n in range(5):
            pages = PdfReader(io.BytesIO(renderer.render(f"<p>Job {n}</p>"))).pages
            assert len(pages) == 1 and pages[0].extract_text() == f"Job {n}"
        assert renderer.launches == 3
    finally:
        renderer.close()


def test_previews_are_one_png_per_sheet_and_cached(app, db, demo_story):
    with app.app_context():
        sheets = preview_sheets(app, db, demo_story, layout="booklet")
        again = preview_sheets(app, db, demo_story, layout="booklet")
    assert sheets == again
    assert len(sheets) % 2 == 0 and len(sheets) >= 8
    image = Image.open(sheets[0])
    assert image.width > image.height  # A4 landscape sheet


def test_print_dialog_shows_previews_and_the_download(client, auth, db):
    auth.login()
    panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title", "picture": "girl"}, 1)
    page = client.get("/stories/1/print/dialog?layout=booklet").get_data(as_text=True)
    assert "print/preview/1.png?layout=booklet" in page and "print/preview/2.png" in page
    assert "layout=booklet" in page and 'data-action="download-pdf"' in page
    image = client.get("/stories/1/print/preview/1.png?layout=booklet")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert client.get("/stories/1/print/preview/99.png?layout=booklet").status_code == 404


def test_concurrent_preview_requests_render_the_sheets_once(app, db, demo_story):
    import threading

    from storyboard.printing import renderer
    with app.app_context():
        r = renderer(app)
        before = r.jobs_done
        results = []

        def ask():
            with app.app_context():
                results.append(preview_sheets(app, db, demo_story, layout="two-up"))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(results) == 4 and all(paths == results[0] for paths in results)
    assert r.jobs_done == before + 1


def test_the_first_preview_sheet_comes_before_the_last_is_made(app, db, demo_story):
    import threading

    from storyboard.printing import preview_sheet, renderer
    from storyboard.printing.cache import story_cache
    with app.app_context():
        r = renderer(app)
        before = r.jobs_done
        first = preview_sheet(app, db, demo_story, 1)
        folder = story_cache(app.config["CACHE_DIR"], demo_story)
        # The whole set is stored only when every sheet is made: not yet.
        assert first.startswith(b"\x89PNG") and not list(folder.glob("*.sheets"))
        results = {}

        def ask(number):
            with app.app_context():
                results[number] = preview_sheet(app, db, demo_story, number)

        last = len(printbook.context(db, demo_story, "single", "child")["sheets"])
        threads = [threading.Thread(target=ask, args=(n,)) for n in (2, 5, last, last + 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results[last + 1] is None
        assert all(results[n].startswith(b"\x89PNG") for n in (2, 5, last))
        assert r.jobs_done == before + 1   # one render served every request
        stored = preview_sheets(app, db, demo_story)
        assert stored[0].read_bytes() == first and stored[-1].read_bytes() == results[last]
        assert preview_sheet(app, db, demo_story, last) == results[last]   # from the cache
        assert r.jobs_done == before + 1


def test_the_print_dialog_names_the_pages_without_a_second_language_caption(client, auth, db):
    from storyboard import stories
    stories.update(db, 1, 1, {"title": "Mila", "child_name": "Mila", "child_age": 5,
                              "language": "nl", "second_language": "ar"}, 1)
    version = stories.get(db, 1)["version"]
    for caption, arabic in (("Dag Mila.", "مرحبا ميلا."), ("Mama is ziek.", ""),
                            ("Oma zorgt voor Mila.", "")):
        _, version = panels.add(db, 1, version, {"caption": caption, "caption_2": arabic,
                                                 "section": "people"}, 1)
    auth.login()
    page = client.get("/stories/1/print/dialog").get_data(as_text=True)
    assert 'data-untranslated="2,3"' in page
    assert "Op bladzijden 2, 3 staat nog geen tekst in het Arabisch" in page
    share = client.get("/stories/1/reviews").get_data(as_text=True)
    assert 'data-untranslated-review="2,3"' in share
    assert "Wie in het Arabisch leest, ziet bladzijden 2, 3 in het Nederlands" in share
    for panel in panels.for_story(db, 1)[1:]:
        panels.update(db, 1, panel["id"], stories.get(db, 1)["version"],
                      {"caption_2": "نص"}, 1)
    assert "data-untranslated" not in client.get("/stories/1/print/dialog").get_data(
        as_text=True)
