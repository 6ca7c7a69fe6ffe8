"""Automated accessibility audit (axe-core) of the worker's pages, in Chromium."""
import json
from pathlib import Path

import pytest

from .test_browser import add_panel, new_story, sign_in

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def violations(page):
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"],
             "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]


@pytest.fixture
def page(browser):
    """A page that lets the test inject axe despite our CSP (the app's pages stay unchanged)."""
    context = browser.new_context(bypass_csp=True, locale="nl-BE")
    yield context.new_page()
    context.close()


def test_worker_pages_pass_axe(page, live_server):
    url = live_server["url"]
    page.goto(url + "/login")
    found = {"login": violations(page)}
    sign_in(page, url)
    story_id = new_story(page, "Axel")
    add_panel(page, "Axel woont bij mama.")
    found["editor"] = violations(page)
    for name, path in (("stories", "/stories"), ("new", "/stories/new"),
                       ("settings", f"/stories/{story_id}/settings"), ("404", "/stories/9999"),
                       ("print", f"/stories/{story_id}/print/dialog"),
                       ("plan", f"/stories/{story_id}/reading-plan"),
                       ("inbox", f"/stories/{story_id}/inbox"),
                       ("circles", f"/stories/{story_id}/network/map"),
                       ("network", f"/stories/{story_id}/network")):
        page.goto(url + path)
        found[name] = violations(page)
    page.fill("#inv-name", "Oma Rita")
    page.click("form[data-form=invite] button[type=submit]")
    link = page.locator("[data-link-url]").input_value().removeprefix("http://127.0.0.1:5000")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url + link)
    found["contributor"] = violations(page)
    assert {k: v for k, v in found.items() if v} == {}, json.dumps(found, indent=1)
