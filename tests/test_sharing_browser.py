"""The editor's sharing box in Chromium: share a page with one chosen person, on consent."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_browser import add_panel, enhanced, new_story, saved, sign_in

pytestmark = pytest.mark.browser


def invite(live_server, story_id, name, role):
    out = storyboard_cli("invite", str(story_id), "--name", name, "--role", role,
                         env=live_server["env"]).stdout.strip().splitlines()[-1]
    return out.removeprefix("http://127.0.0.1:5000")


def test_a_page_shared_with_grandma_only_and_a_widening_without_consent_put_back(
        page, browser, live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = new_story(page, "Amir")
    add_panel(page, "Amir woont nu in een veilig huis met mama.")
    grandma_link = invite(live_server, story_id, "Oma Fatima", "family")
    teacher_link = invite(live_server, story_id, "Juf Lien", "school")
    page.reload()
    enhanced(page)
    box = page.locator("[data-sharing]")
    expect(box.locator("[data-audience]")).to_be_hidden()

    # Ticking the box waits for who agreed; meanwhile the worker picks the person.
    page.check("[data-shared]")
    expect(box.locator("[data-share-message]")).to_contain_text("Nog niet gedeeld")
    box.get_by_label("Alleen de mensen die ik aanvink").check()
    box.get_by_label("Oma Fatima").check()
    expect(box.get_by_label("Juf Lien")).not_to_be_checked()
    page.select_option("[data-consent]", "mother-and-child")
    saved(page)
    expect(box.locator("[data-share-message]")).to_be_hidden()
    expect(page.locator("[data-consent]")).to_have_value("")  # the agreement is used up

    # One more person without an agreement: put back at once, and said next to it.
    box.get_by_label("Juf Lien").click()
    expect(box.get_by_label("Juf Lien")).not_to_be_checked()
    message = box.locator("[data-share-message]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("toestemming")
    near = message.evaluate("m => m.previousElementSibling.textContent")
    assert "Juf Lien" in near
    box.screenshot(path=str(live_server["data"] / "sharing-box.png"))

    page.reload()
    enhanced(page)
    expect(box.get_by_label("Oma Fatima")).to_be_checked()
    expect(box.get_by_label("Juf Lien")).not_to_be_checked()
    expect(box.get_by_label("Alleen de mensen die ik aanvink")).to_be_checked()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    for link, sees in ((grandma_link, True), (teacher_link, False)):
        person = phone.new_page()
        person.goto(url + link)
        expect(person).to_have_url(re.compile(r"/network$"))
        caption = person.locator("[data-shared-panel] .shared-caption")
        expect(caption).to_have_count(1 if sees else 0)
        person.context.clear_cookies()
    phone.close()
