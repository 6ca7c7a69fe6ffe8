"""A parent's review page in Arabic, Turkish and Tigrinya on a phone, in Chromium."""
import re

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from storyboard import db as database
from storyboard import panels, stories

from .conftest import storyboard_cli
from .link_strings import ROOT, link_msgids

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = ROOT / "test-results"
CAPTIONS = {
    "ar": ("ماما مريضة.", "تعيش مريم الآن عند جدتها.", "الجدة تطبخ لها كل يوم."),
    "tr": ("Annem hasta.", "Meryem şimdi büyükannesinin yanında yaşıyor.",
           "Büyükanne her gün yemek yapıyor."),
    "ti": ("ማማ ሓሚማ ኣላ።", "መርየም ሕጂ ምስ ዓባያ ትነብር።", "ዓባይ መዓልቲ መዓልቲ ትሰርሓላ።"),
}


def family_story(live_server, code):
    """Make Meryem's story with captions in the family's language; return its id."""
    db = database.connect(str(live_server["data"] / "storyboard.db"))
    try:
        owner = next(db.query("select id from workers where email = 'a@example.org'"))["id"]
        story_id = stories.create(db, owner, {
            "title": "Het verhaal van Meryem", "child_name": "Meryem", "child_age": 6,
            "language": "nl", "second_language": code})
        version = stories.get(db, story_id)["version"]
        for dutch, own in zip(("Mama is ziek.", "Meryem woont nu bij oma.",
                               "Oma kookt elke dag voor haar."), CAPTIONS[code], strict=True):
            _, version = panels.add(db, story_id, version, {
                "caption": dutch, "caption_2": own, "section": "happened", "picture": "bed"},
                owner)
        return story_id
    finally:
        db.conn.close()


def review_link(live_server, code):
    out = storyboard_cli("share", str(family_story(live_server, code)), "--name", "Samira",
                         "--language", code, env=live_server["env"]).stdout
    return out.strip().splitlines()[-1].removeprefix("http://127.0.0.1:5000")


def dutch_interface_words():
    """Return the Dutch of every link-page string, cut at its placeholders."""
    path = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        dutch = read_po(po, locale="nl")
    words = set()
    for text in link_msgids():
        found = dutch.get(text)
        if found and found.string:
            words.update(part.strip() for part in re.split(r"%\(\w+\)s|\{\w*\}", found.string)
                         if len(part.strip()) >= 6)
    return words


def open_on_phone(browser, live_server, code):
    phone = browser.new_context(viewport=PHONE, locale="nl-BE")
    page = phone.new_page()
    page.goto(live_server["url"] + review_link(live_server, code))
    expect(page).to_have_url(re.compile(r"/review$"))
    return phone, page


def test_a_review_page_in_arabic_on_a_phone(browser, live_server):
    phone, page = open_on_phone(browser, live_server, "ar")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("مرحبًا Samira")
    text = page.locator("body").inner_text()
    assert "ماما مريضة." in text
    left = [words for words in dutch_interface_words() if words in text]
    assert left == [], f"Dutch interface text on the Arabic page: {left}"
    # Mirrored: the page's own words start at the right.
    assert page.locator("h1").evaluate("h => getComputedStyle(h).direction") == "rtl"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-ar.png"))

    first = page.locator("[data-review-panel]").first
    first.locator("details:has([data-form=comment]) summary").click()
    first.locator("[data-form=comment] textarea").fill("قولوا: ماما متعبة جدًا.")
    first.locator("[data-form=comment] button[type=submit]").click()
    expect(page.locator("[data-said^=page-]")).to_contain_text("شكرًا. سيقرأ")
    page.fill("#agree-name", "سميرة")
    page.click("[data-action=agree]")
    expect(page.locator("[data-said=decide]")).to_contain_text("تم تسجيل موافقتك")
    expect(page.locator("[data-agreed-current]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(SHOTS / "review-ar-agreed.png"), full_page=True)

    # The holder switches to Turkish from the menu.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("[data-lang-menu] summary").click()
    page.screenshot(path=str(SHOTS / "review-ar-menu.png"))
    page.click("[data-action=lang-tr]")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Merhaba Samira")
    phone.close()


@pytest.mark.parametrize("code", ["tr", "ti"])
def test_a_review_page_in_turkish_and_tigrinya_on_a_phone(browser, live_server, code):
    phone, page = open_on_phone(browser, live_server, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    text = page.locator("body").inner_text()
    assert CAPTIONS[code][0] in text
    assert [words for words in dutch_interface_words() if words in text] == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"review-{code}.png"))
    phone.close()
