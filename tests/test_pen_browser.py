"""The pen in real Chromium against the real server: draw, save, reload, erase, undo, print."""
import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import storyboard_cli
from .test_browser import add_panel, enhanced, new_story, saved, sign_in

pytestmark = pytest.mark.browser

PANEL_SAVE = re.compile(r"/stories/\d+/panels/\d+$")


def draw_line(page, points):
    """Press, move through the points (fractions of the stage's picture) and release."""
    box = page.locator("[data-stage] svg").bounding_box()
    at = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for x, y in at[1:]:
        page.mouse.move(x, y, steps=4)
    page.mouse.up()


def test_draw_with_the_pen_reload_erase_undo_and_print(page, live_server, tmp_path):
    sign_in(page, live_server["url"])
    story_id = new_story(page, "Noor")
    add_panel(page, "Noor tekent haar huis.")
    tools = page.locator("[data-pen-tools]")
    expect(tools).to_be_visible()
    pen = tools.locator("[data-pen-mode=pen]")
    pen.focus()
    page.keyboard.press("Enter")   # the pen buttons are buttons
    expect(pen).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-stage].is-drawing")).to_have_count(1)

    with page.expect_response(PANEL_SAVE) as reply:
        draw_line(page, [(0.2, 0.3), (0.4, 0.5), (0.6, 0.35), (0.8, 0.6)])
    assert reply.value.json()["ok"] is True
    saved(page)
    stroke = page.locator("[data-stage] path[data-stroke]")
    expect(stroke).to_have_count(1)
    scene = json.loads(page.locator("[data-scene]").input_value())
    assert len(scene["strokes"]) == 1 and scene["strokes"][0]["width"] == 10
    assert 2 <= len(scene["strokes"][0]["points"]) <= 2000

    page.reload()
    enhanced(page)
    stroke = page.locator("[data-stage] path[data-stroke]")
    expect(stroke).to_have_count(1)
    drawn = stroke.get_attribute("d")
    assert drawn.startswith("M") and "C" in drawn   # smoothed into curves by the server

    # The eraser: tap the line; then undo brings it back.
    tools.locator("[data-pen-mode=erase]").click()
    box = page.locator("[data-stage] svg").bounding_box()
    with page.expect_response(PANEL_SAVE):
        page.mouse.click(box["x"] + 0.4 * box["width"], box["y"] + 0.5 * box["height"])
    saved(page)
    expect(page.locator("[data-stage] path[data-stroke]")).to_have_count(0)
    undo = tools.locator("[data-pen-undo]")
    expect(undo).to_be_enabled()
    with page.expect_response(PANEL_SAVE):
        undo.click()
    saved(page)
    expect(page.locator("[data-stage] path[data-stroke]")).to_have_count(1)
    expect(undo).to_be_disabled()

    out = tmp_path / "book.html"
    storyboard_cli("render", str(story_id), "--out", str(out), "--format", "html",
                   env=live_server["env"])
    html = out.read_text()
    assert 'data-stroke="0"' in html and f'd="{drawn}"' in html
    assert 'stroke-linecap="round"' in html
