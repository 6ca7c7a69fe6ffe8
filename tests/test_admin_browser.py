"""An admin invites a worker in Chromium; the worker opens the link elsewhere and signs in."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "the admin's long password"


def test_an_admin_invites_a_worker_who_sets_a_password_and_signs_in(page, live_server):
    url = live_server["url"]
    env = dict(live_server["env"], STORYBOARD_PASSWORD=ADMIN_PASSWORD)
    storyboard_cli("create-worker", "ada@example.org", "--name", "Ada", "--role", "admin",
                   env=env)
    page.goto(url + "/login")
    page.fill("#email", "ada@example.org")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form[data-form=login] button[type=submit]")
    page.click("[data-nav=admin]")
    expect(page.locator("[data-list=workers]")).to_contain_text("Anja")
    page.fill("#invite-name", "Nora Nieuw")
    page.fill("#invite-email", "nora@example.org")
    page.click("form[data-form=invite-worker] button[type=submit]")
    link = page.locator("[data-password-link]").input_value()
    assert re.fullmatch(re.escape(url) + r"/welcome/[\w-]{43}", link)

    other = page.context.browser.new_context(locale="nl-BE")
    newcomer = other.new_page()
    try:
        newcomer.goto(link)
        expect(newcomer.locator("h1")).to_contain_text("Welkom, Nora Nieuw")
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
    finally:
        other.close()
    page.goto(url + "/admin/workers")
    expect(page.locator("[data-list=workers]")).to_contain_text("Nora Nieuw")
