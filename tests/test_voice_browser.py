"""The voice recorder in Chromium with a (fake) microphone: a parent reads a page aloud."""
import sqlite3

import pytest
from playwright.sync_api import expect

from .test_browser import add_panel, new_story, sign_in
from .test_said_browser import link

pytestmark = pytest.mark.browser


def test_a_parent_records_a_page_with_the_microphone_and_it_is_kept(page, browser,
                                                                    live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = new_story(page, "Noor")
    add_panel(page, "Noor woont bij mama.")
    review = link(live_server, "share", str(story_id), "--name", "Mama Hind")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE",
                                permissions=["microphone"])
    mama = phone.new_page()
    mama.goto(url + review)
    mama.locator("[data-review-panel] details summary", has_text="Lees").first.click()
    form = mama.locator("[data-voice-recorder]").first
    record = form.locator("button[aria-pressed]")
    record.click()
    expect(record).to_have_attribute("aria-pressed", "true")
    mama.wait_for_timeout(1500)
    record.click()
    status = form.locator("[data-voice-status]")
    expect(status).not_to_be_empty()
    form.locator("input[name=speaker]").fill("Hind")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(status).to_contain_text("Dank")
    db = sqlite3.connect(live_server["data"] / "storyboard.db")
    rows = db.execute("select speaker, consent, duration_ms, language from voices "
                      "where story_id = ?", [story_id]).fetchall()
    assert rows and rows[0][0] == "Hind" and rows[0][1] == 1 and 800 <= rows[0][2] <= 3000
    phone.close()
