"""Link pages in the family's language: 15 languages, complete catalogues, the right direction."""
import re

import pytest
from babel.messages.pofile import read_po

from storyboard import languages, links, panels, stories
from storyboard.printing import book

from .conftest import storyboard_cli
from .link_strings import ROOT, link_msgids

CATALOGUES = [code for code in languages.LINK_LANGUAGES if code != "en"]  # English is the source
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")
MILA = {"title": "Het verhaal van Mila", "child_name": "Mila", "child_age": 5, "language": "nl"}


def catalogue(code):
    path = ROOT / "translations" / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        return read_po(po, locale=code)


def test_there_are_fifteen_link_languages_with_dari_as_persian():
    assert len(languages.LINK_LANGUAGES) == 15 and set(languages.INTERFACE_LANGUAGES) == {"nl", "en"}
    assert languages.link_language("fa-AF") == languages.link_language("prs") == "fa"
    assert languages.link_language("es") is None
    assert {code: way for code, _own, way in languages.link_choices() if way == "rtl"} == {
        "ar": "rtl", "fa": "rtl", "ps": "rtl"}


def test_the_link_strings_are_found():
    """The extraction really sees the link pages, their errors and the book's words."""
    found = link_msgids()
    assert len(found) > 120
    for text in ("I agree with this story", "Add a photo", "This link no longer works",
                 "Write your comment first.", "My questions", "Scan to hear this page",
                 "Agreement record", "Something went wrong. Nothing was changed."):
        assert text in found


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_link_string_is_translated(code):
    found = catalogue(code)
    missing = sorted(text for text in link_msgids()
                     if not (found.get(text) and found.get(text).string
                             and not found.get(text).fuzzy))
    assert missing == [], f"{code}: {len(missing)} link-page strings lack a translation"


@pytest.mark.parametrize("code", CATALOGUES)
def test_translations_keep_their_placeholders(code):
    for message in catalogue(code):
        if message.id and isinstance(message.id, str) and message.string:
            assert (set(PLACEHOLDER.findall(message.id))
                    == set(PLACEHOLDER.findall(message.string))), (code, message.id)


def invited(app, db, language, kind="invite"):
    token, _ = links.make(db, 1, kind, "Samira", language=language)
    guest = app.test_client()
    assert guest.get(f"/{links.PATHS[kind]}/{token}").status_code == 302
    return guest


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def test_an_invite_page_speaks_its_links_language_and_mirrors(app, db):
    html = invited(app, db, "ar").get("/network").get_data(as_text=True)
    assert html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "مرحبًا Samira" in html and "Hallo" not in html and "Hello" not in html
    ti = invited(app, db, "ti").get("/network").get_data(as_text=True)
    assert html_tag(ti) == '<html lang="ti" dir="ltr">' and "ሰላም Samira" in ti


def test_the_holder_switches_language_on_their_page(app, db):
    guest = invited(app, db, "nl")
    page = guest.get("/network").get_data(as_text=True)
    for own in ("العربية", "Türkçe", "ትግርኛ", "Українська", "پښتو"):
        assert own in page  # the menu names every language in its own words
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    reply = guest.post("/language", data={"csrf_token": token, "for": "link", "lang": "tr",
                                          "next": "/network"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/network")
    html = guest.get("/network").get_data(as_text=True)
    assert html_tag(html) == '<html lang="tr" dir="ltr">' and "Merhaba Samira" in html
    guest.post("/language", data={"csrf_token": token, "for": "link", "lang": "xx"})
    assert 'lang="tr"' in html_tag(guest.get("/network").get_data(as_text=True))


def test_worker_pages_stay_dutch_and_english(client, auth):
    auth.login()
    auth.post("/language", data={"for": "link", "lang": "ar", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert html_tag(html).startswith('<html lang="nl"')
    auth.post("/language", data={"lang": "ar", "next": "/"})
    assert html_tag(client.get("/").get_data(as_text=True)).startswith('<html lang="nl"')


def test_a_review_link_without_a_catalogue_speaks_english(app, db):
    stories.update(db, 1, 1, dict(MILA, second_language="es"), 1)
    html = invited(app, db, "es", kind="review").get("/review").get_data(as_text=True)
    assert html_tag(html) == '<html lang="en" dir="ltr">' and "I agree with this story" in html
    dari = invited(app, db, "fa-af", kind="review").get("/review").get_data(as_text=True)
    assert html_tag(dari) == '<html lang="fa" dir="rtl">'


def test_every_request_of_a_link_speaks_its_language(app):
    """Views that load a link without a page language (voices) still speak the link's."""
    from flask import g

    from storyboard import select_locale
    for language, spoken in (("ti", "ti"), ("fa-af", "fa"), ("es", "en")):
        with app.test_request_context("/review/voice"):
            g.link = {"language": language}
            assert str(select_locale()) == spoken


def test_errors_a_holder_meets_speak_their_language(app, db):
    guest = app.test_client()
    unknown = guest.get("/i/" + "x" * 43, headers={"Accept-Language": "ar"})
    html = unknown.get_data(as_text=True)
    assert unknown.status_code == 404 and html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "لا نعرف هذا الرابط" in html
    token, link = links.make(db, 1, "review", "Samira", language="uk")
    guest.get(f"/r/{token}")
    links.revoke(db, link["id"])
    gone = guest.get("/review", headers={"Accept-Language": "uk"})
    assert gone.status_code == 410 and "Це посилання більше не працює" in gone.get_data(as_text=True)
    comment = invited(app, db, "pl", kind="review")
    page = comment.get("/review").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    comment.post("/review/comment", data={"csrf_token": token, "text": " "})
    assert "Najpierw napisz swoją uwagę." in comment.get("/review").get_data(as_text=True)
    missing = comment.get("/review/images/999999/outline.png")
    assert missing.status_code == 404 and "Nie znaleziono" in missing.get_data(as_text=True)


def test_invites_keep_a_link_language_and_refuse_others(db):
    for asked, kept in (("ti", "ti"), ("PRS", "fa"), ("fa-AF", "fa"), ("xx", "nl"), (None, "nl")):
        assert links.make(db, 1, "invite", "Samira", language=asked)[1]["language"] == kept
    assert links.make(db, 1, "review", "Samira", language="ku")[1]["language"] == "ku"


def test_invite_and_share_on_the_command_line_take_a_language(app, db):
    env = {"STORYBOARD_DATA_DIR": app.config["DATA_DIR"]}
    out = storyboard_cli("invite", "1", "--name", "Abeba", "--relation", "aunt", "--role",
                         "family", "--language", "ti", env=env)
    assert "/i/" in out.stdout
    shared = storyboard_cli("share", "1", "--name", "Samira", "--language", "ps", env=env)
    assert "/r/" in shared.stdout
    rows = {row["name"]: row["language"] for row in db["links"].rows}
    assert rows == {"Abeba": "ti", "Samira": "ps"}
    bad = storyboard_cli("invite", "1", "--name", "X", "--role", "family", "--language", "xx",
                         env=env, check=False)
    assert bad.returncode != 0 and "xx" in bad.stderr


def test_the_parents_edition_gives_the_books_own_words_in_their_language(db):
    stories.update(db, 1, 1, dict(MILA, second_language="ar"), 1)
    panels.add(db, 1, 2, {"caption": "Mama is ziek.", "caption_2": "ماما مريضة.",
                          "section": "happened", "picture": "bed"}, 1)
    story, rows = stories.get(db, 1), panels.for_story(db, 1)
    parents = book.book_pages(story, rows, "parents")
    assert parents[0]["belongs"] == "Dit boek is van Mila"
    assert parents[0]["belongs_2"] == "هذا الكتاب لـ Mila"
    assert parents[-1]["title_2"] == "أسئلتي"
    child = book.book_pages(story, rows, "child")
    assert not child[0]["belongs_2"] and not child[-1]["title_2"]


def test_print_fonts_cover_every_script():
    for name in ("book.html", "record.html"):
        text = (ROOT / "templates" / "print" / name).read_text()
        for family in ("Andika", "Noto Sans Arabic", "Noto Sans Ethiopic"):
            assert family in text, (name, family)
