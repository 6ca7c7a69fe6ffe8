"""An admin invites a worker in Chromium; the worker opens the link elsewhere and signs in."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_accessibility import BLOCKING, violations

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "the admin's long password"


@pytest.fixture
def page(browser):
    """A page that lets the test inject axe despite our CSP (the app's pages stay unchanged)."""
    context = browser.new_context(bypass_csp=True, locale="nl-BE")
    yield context.new_page()
    context.close()


def no_blocking_violations(page, found):
    found[page.url] = [v for v in violations(page) if v["impact"] in BLOCKING]


def test_an_admin_invites_a_worker_who_sets_a_password_and_signs_in(page, browser, live_server):
    url, found = live_server["url"], {}
    env = dict(live_server["env"], STORYBOARD_PASSWORD=ADMIN_PASSWORD)
    storyboard_cli("create-worker", "ada@example.org", "--name", "Ada", "--role", "admin",
                   env=env)
    page.goto(url + "/login")
    page.fill("#email", "ada@example.org")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form[data-form=login] button[type=submit]")
    page.click("[data-nav=admin]")
    expect(page.locator("[data-list=workers]")).to_contain_text("Anja")
    no_blocking_violations(page, found)
    page.fill("#invite-name", "Nora Nieuw")
    page.fill("#invite-email", "nora@example.org")
    page.click("form[data-form=invite-worker] button[type=submit]")
    link = page.locator("[data-password-link]").input_value()
    assert re.fullmatch(re.escape(url) + r"/welcome/[\w-]{43}", link)
    no_blocking_violations(page, found)

    other = browser.new_context(locale="nl-BE", bypass_csp=True,
                                viewport={"width": 390, "height": 800})
    newcomer = other.new_page()
    try:
        newcomer.goto(link)
        expect(newcomer.locator("h1")).to_contain_text("Welkom, Nora Nieuw")
        no_blocking_violations(newcomer, found)
        newcomer.fill("#password", "nora's own long password")
        newcomer.fill("#password_again", "nora's own long password")
        newcomer.click("form[data-form=set-password] button[type=submit]")
        expect(newcomer).to_have_url(re.compile(r"/login\?email="))
        expect(newcomer.locator("#email")).to_have_value("nora@example.org")
        newcomer.fill("#password", "nora's own long password")
        newcomer.click("form[data-form=login] button[type=submit]")
        expect(newcomer).to_have_url(re.compile(r"/stories$"))
        expect(newcomer.locator(".who")).to_have_text("Nora Nieuw")
        expect(newcomer.locator("[data-nav=admin]")).to_have_count(0)
        newcomer.goto(link)   # once only
        expect(newcomer.locator("[data-link-state=gone]")).to_be_visible()
        no_blocking_violations(newcomer, found)
    finally:
        other.close()
    page.goto(url + "/admin/workers")
    expect(page.locator("[data-list=workers]")).to_contain_text("Nora Nieuw")
    page.click("text=Nora Nieuw")
    no_blocking_violations(page, found)
    page.goto(url + "/admin/log")
    expect(page.locator("[data-list=log]")).to_contain_text("password-set")
    no_blocking_violations(page, found)
    assert {where: v for where, v in found.items() if v} == {}
