"""The composer offers a selected figure's poses, by pointer and by keyboard (real Chromium)."""
import json
import re

import pytest
from playwright.sync_api import expect

from storyboard import library

from .test_browser import add_panel, new_story, saved, sign_in

pytestmark = pytest.mark.browser
PANEL_SAVE = re.compile(r"/panels/\d+$")


def scene_of(page):
    return json.loads(page.locator("[data-scene]").input_value())


def test_a_figure_takes_a_pose_by_pointer_and_by_keyboard(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Noor")
    add_panel(page, "Mama draagt Noor.")
    # only standing figures in the library; the poses are a choice on the figure
    expect(page.locator("[data-add-item=figure-adult-sitting]")).to_have_count(0)
    with page.expect_response(PANEL_SAVE):
        page.click("[data-add-item=figure-adult]")
    page.click("[data-select='item:0']")
    page.check("[data-item-part=hair-long]")
    page.check("[data-item-part=wheelchair]")
    saved(page)

    pose = page.get_by_label("Houding")
    expect(pose).to_be_visible()
    expect(pose).to_have_value("figure-adult")
    adult = [p for p in library.parts() if p.get("kind") == "base" and p["fits"] == ["adult"]]
    enabled = pose.locator("option:not([disabled])")
    expect(enabled).to_have_count(len(adult))
    expect(pose.locator("option[value=figure-adult-carrying]")).to_have_text("volwassene draagt iemand")
    expect(pose.locator("option[value=figure-child-sitting]")).to_be_disabled()

    with page.expect_response(PANEL_SAVE):
        pose.select_option("figure-adult-carrying")          # pointer (or a screen reader)
    saved(page)
    item = scene_of(page)["items"][0]
    assert item["id"] == "figure-adult-carrying"
    assert item["parts"] == ["hair-long"]                     # the wheelchair stays behind
    expect(page.locator("[data-item-part=wheelchair]")).to_be_hidden()
    assert page.locator("[data-stage] svg").inner_html().count("<g data-item") == 1

    pose.focus()                                              # keyboard: arrows on the select
    with page.expect_response(PANEL_SAVE):
        page.keyboard.press("ArrowDown")
    saved(page)
    moved = scene_of(page)["items"][0]["id"]
    assert moved.startswith("figure-adult-") and moved != "figure-adult-carrying"
    assert pose.input_value() == moved
