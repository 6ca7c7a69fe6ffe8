"""Automated accessibility audit (axe-core) of every kind of page, in Chromium.

Each page type is visited in a state that shows what it can show (pictures with things
in them, a photo suggestion, a changed story on the review page), and must have no
serious or critical axe violation."""
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_browser import add_panel, enhanced, new_story, saved, sign_in

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING = {"serious", "critical"}
BASE = "http://127.0.0.1:5000"


def violations(page):
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"],
             "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]


def blocking(found):
    return {page: [v for v in found_on if v["impact"] in BLOCKING]
            for page, found_on in found.items()
            if any(v["impact"] in BLOCKING for v in found_on)}


@pytest.fixture
def page(browser):
    """A page that lets the test inject axe despite our CSP (the app's pages stay unchanged)."""
    context = browser.new_context(bypass_csp=True, locale="nl-BE")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    """A second person's phone (a contributor or a parent), also open to axe."""
    context = browser.new_context(bypass_csp=True, locale="nl-BE", is_mobile=True,
                                  has_touch=True, viewport={"width": 375, "height": 740})
    yield context.new_page()
    context.close()


def test_every_page_type_passes_axe(page, phone, live_server, tmp_path):
    url = live_server["url"]
    found = {}

    def visit(name, path, on=None):
        on = on or page
        on.goto(url + path)
        found[name] = violations(on)

    visit("login", "/login")
    sign_in(page, url)
    story_id = new_story(page, "Axel")
    add_panel(page, "Axel woont bij mama.")
    for picture in ("house", "mother", "boy"):
        page.click(f"[data-add-item={picture}]")
        saved(page)
    page.click("[data-select='item:0']")
    page.fill("#item-label", "Mama")
    page.click("[data-add-bubble=speech]")
    page.fill("#bubble-text", "Dag Axel!")
    page.check("[data-shared]")
    page.select_option("[data-consent]", "parents")
    saved(page)
    add_panel(page, "Teken hier je kamer.")
    page.select_option("#kind", "draw")
    saved(page)
    page.goto(f"{url}/stories/{story_id}")
    enhanced(page)
    found["editor"] = violations(page)

    for name, path in (("stories", "/stories"), ("new", "/stories/new"),
                       ("settings", f"/stories/{story_id}/settings"),
                       ("404", "/stories/9999"), ("405", f"/stories/{story_id}/order"),
                       ("print", f"/stories/{story_id}/print/dialog"),
                       ("plan", f"/stories/{story_id}/reading-plan"),
                       ("circles", f"/stories/{story_id}/network/map")):
        visit(name, path)

    # The network: an invite, the contributor's page with a detail and a photo, the inbox.
    visit("network", f"/stories/{story_id}/network")
    page.fill("#inv-name", "Oma Rita")
    page.fill("#inv-relation", "oma")
    page.click("form[data-form=invite] button[type=submit]")
    invite = page.locator("[data-link-url]").input_value()
    found["network-with-link"] = violations(page)
    phone.goto(url + invite.removeprefix(BASE))
    expect(phone).to_have_url(re.compile(r"/network$"))
    phone.click("text=Een detail toevoegen")
    phone.fill("[data-form=detail] textarea", "De voordeur is rood.")
    phone.click("[data-form=detail] button[type=submit]")
    phone.click("text=Een foto toevoegen")
    photo = tmp_path / "kat.jpg"
    from PIL import Image
    from skimage import data as samples
    Image.fromarray(samples.chelsea()).save(photo, "JPEG")
    phone.set_input_files("[data-form=photo] input[type=file]", str(photo))
    phone.click("[data-form=photo] button[type=submit]")
    expect(phone.locator("[data-contribution][data-status=waiting]")).to_have_count(2)
    found["contributor"] = violations(phone)
    visit("inbox", f"/stories/{story_id}/inbox")

    # The parents' review: the page as it prints, agreed, then changed since.
    visit("reviews", f"/stories/{story_id}/reviews")
    page.fill("#rv-name", "Sarah")
    page.click("form[data-form=share] button[type=submit]")
    review = page.locator("[data-link-url]").input_value()
    found["reviews-with-link"] = violations(page)
    phone.goto(url + review.removeprefix(BASE))
    expect(phone).to_have_url(re.compile(r"/review$"))
    found["review"] = violations(phone)
    phone.fill("#agree-name", "Sarah")
    phone.click("[data-action=agree]")
    expect(phone.locator("[data-agreed-current]")).to_be_visible()
    page.goto(f"{url}/stories/{story_id}")
    enhanced(page)
    page.fill("#caption", "Axel woont nu bij mama en de kat.")
    saved(page)
    phone.reload()
    expect(phone.locator("[data-changed-since]")).to_be_visible()
    found["review-changed"] = violations(phone)
    for name, path in (("reviews-agreed", f"/stories/{story_id}/reviews"),
                       ("history", f"/stories/{story_id}/history"),
                       ("audit", f"/stories/{story_id}/audit")):
        visit(name, path)

    # Link pages that went wrong: unknown, switched off; and leaving.
    visit("link-unknown", "/i/" + "x" * 43, on=phone)
    storyboard_cli("revoke", review, env=live_server["env"])
    visit("link-gone", review.removeprefix(BASE), on=phone)
    phone.goto(url + invite.removeprefix(BASE))
    visit("bye", "/network/bye", on=phone)

    page.goto(url + "/stories")
    page.set_viewport_size({"width": 375, "height": 740})
    visit("stories-phone", "/stories")
    visit("editor-phone", f"/stories/{story_id}")

    assert set(found) >= {"editor", "stories", "network", "inbox", "reviews", "history",
                          "audit", "review", "contributor", "login", "404", "link-gone"}
    assert blocking(found) == {}, json.dumps(blocking(found), indent=1)
    assert {k: v for k, v in found.items() if v} == {}, json.dumps(
        {k: v for k, v in found.items() if v}, indent=1)


def test_link_page_drawings_are_named_by_their_caption_and_escaped(app, db):
    from storyboard import links, panels
    panels.add(db, 1, 1, {"caption": "Mama & <Papa> \"thuis\"", "section": "people",
                          "shared_with_network": "1", "scene": json.dumps(
                              {"items": [{"id": "mother", "label": "Mama"}]})}, 1,
               consent_by="parents")
    for kind, path in (("review", "/review"), ("invite", "/network")):
        token, _ = links.make(db, 1, kind, "Sarah", language="nl")
        guest = app.test_client()
        guest.get(f"/{kind[0]}/{token}")
        html = guest.get(path).get_data(as_text=True)
        svg = re.search(r'<svg [^>]*role="img">(.*?)</svg>', html, re.S)
        assert svg, kind
        assert svg.group(1).startswith(
            "<title>Tekening bij: Mama &amp; &lt;Papa&gt; &#34;thuis&#34;</title>"), kind
        assert svg.group(1).count("<title>") == 1


def test_the_editors_messages_pass_axe(page, live_server):
    """The message beside a refused save, the kept text after a reload, the strip's message."""
    url = live_server["url"]
    sign_in(page, url)
    new_story(page, "Ada")
    add_panel(page, "Ada zwemt.")
    add_panel(page, "Ada fietst.")
    other = page.context.new_page()
    other.goto(page.url)
    enhanced(other)
    page.fill("#caption", "Ada fietst graag.")
    saved(page)
    other.fill("#caption", "Ada fietst snel.")
    expect(other.locator("[data-conflict-message]")).to_be_visible()
    other.locator("li[data-panel-id]").nth(1).locator("[data-action=move-up]").click()
    expect(other.locator("[data-strip-message]")).to_be_visible()
    found = {"conflict": violations(other)}
    other.locator("[data-conflict-message] [data-action=reload-keep]").click()
    other.wait_for_load_state()
    enhanced(other)
    expect(other.locator("[data-conflict-message] [data-action=save-kept]")).to_be_visible()
    found["kept"] = violations(other)
    assert {k: v for k, v in found.items() if v} == {}, json.dumps(found, indent=1)
