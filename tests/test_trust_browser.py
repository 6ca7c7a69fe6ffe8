"""The cross-family cookie, end to end: real server, real Chromium, the operator's commands."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_browser import sign_in, story_with_panel

pytestmark = pytest.mark.browser


def cli(live_server, *args):
    return storyboard_cli(*args, env=live_server["env"]).stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("command, landing", [("invite", "/network"), ("share", "/review")])
def test_a_browser_that_held_an_erased_storys_link_never_sees_the_next_family(
        page, browser, live_server, tmp_path, command, landing):
    url = live_server["url"]
    sign_in(page, url)
    erased = story_with_panel(page, "Bo", "Bo woont bij oma.", shared=True)
    page.goto(url + "/stories")
    other = story_with_panel(page, "Noor", "Noor woont bij tante Sara.")

    extra = ["--relation", "oma", "--role", "family"] if command == "invite" else []
    link = cli(live_server, command, str(erased), "--name", "Oma Rita", *extra)
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-BE")
    grandma = phone.new_page()
    grandma.goto(url + link.removeprefix("http://127.0.0.1:5000"))
    expect(grandma).to_have_url(re.compile(landing + "$"))
    expect(grandma.locator("body")).to_contain_text("Bo")

    # The operator erases Bo's story and brings another family's story in.
    storyboard_cli("erase", str(erased), "--yes", env=live_server["env"])
    export = tmp_path / "noor.zip"
    storyboard_cli("export", str(other), str(export), env=live_server["env"])
    storyboard_cli("erase", str(other), "--yes", env=live_server["env"])
    imported = int(cli(live_server, "import", str(export)))
    cli(live_server, command, str(imported), "--name", "Juf Ann", *extra)

    reply = grandma.goto(url + landing)
    assert reply.status in (404, 410)
    assert "Noor" not in grandma.content()
    assert "tante Sara" not in grandma.content()
    phone.close()
