"""Messages where the eye is, on a phone; and a page read aloud with the microphone."""
import re
import sqlite3

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_browser import add_panel, new_story, sign_in

pytestmark = pytest.mark.browser


def link(live_server, *args):
    done = storyboard_cli(*args, env=live_server["env"], check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1].removeprefix("http://127.0.0.1:5000")


def near(page, message, control):
    """Return the vertical distance in pixels between a message and its control."""
    a, b = page.locator(message).bounding_box(), page.locator(control).bounding_box()
    return abs(a["y"] - b["y"])


def test_mama_reads_a_page_aloud_and_her_agreement_and_grandmas_thanks_show_by_their_buttons(
        page, browser, live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = new_story(page, "Amir")
    # Enough pages that the agree button sits far below the top of a phone's screen.
    for caption in ("Amir woont bij mama.", "Mama en Amir wonen nu in een veilig huis.",
                    "Oma Fatima komt op bezoek."):
        add_panel(page, caption)
    review = link(live_server, "share", str(story_id), "--name", "Mama Sara")
    invite = link(live_server, "invite", str(story_id), "--name", "Oma Fatima", "--role", "family", "--panels",
                  "1", "--consent-by", "mother")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE",
                                permissions=["microphone"])
    mama = phone.new_page()
    mama.goto(url + review)
    read_a_page_aloud(mama, live_server, story_id)
    mama.fill("#agree-name", "Sara")
    mama.click("[data-action=agree]")
    said = mama.locator("[data-said=decide]")
    expect(said).to_contain_text("Dank je")
    expect(said).to_be_in_viewport()
    expect(said).to_be_focused()
    assert near(mama, "[data-said=decide]", "[data-action=agree]") < 400
    assert mama.locator(".flashes").count() == 0   # not at the top of the page as well
    assert not re.search(r"versie \d", mama.content())

    oma = phone.new_page()
    oma.goto(url + invite)
    oma.click("[data-shared-panel] summary >> nth=0")
    oma.fill("[data-shared-panel] textarea >> nth=0", "De deur van het oude huis was rood.")
    oma.click("[data-shared-panel] [data-form=detail] button")
    thanks = oma.locator("[data-shared-panel] [data-said]")
    expect(thanks).to_contain_text("Dank je")
    expect(thanks).to_be_in_viewport()
    assert near(oma, "[data-shared-panel] [data-said]", "[data-shared-panel] h3") < 700
    phone.close()


def read_a_page_aloud(mama, live_server, story_id):
    """Record a page with the (fake) microphone through MediaRecorder, agree, send."""
    mama.locator("[data-review-panel] details summary", has_text="Lees").first.click()
    form = mama.locator("[data-voice-recorder]").first
    record = form.locator("button[aria-pressed]")
    record.click()
    expect(record).to_have_attribute("aria-pressed", "true")
    mama.wait_for_timeout(1500)
    record.click()
    status = form.locator("[data-voice-status]")
    expect(status).not_to_be_empty()
    form.locator("input[name=speaker]").fill("Sara")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(status).to_contain_text("Dank")
    db = sqlite3.connect(live_server["data"] / "storyboard.db")
    rows = db.execute("select speaker, consent, duration_ms from voices where story_id = ?",
                      [story_id]).fetchall()
    db.close()
    assert rows and rows[0][:2] == ("Sara", 1) and 800 <= rows[0][2] <= 3000
