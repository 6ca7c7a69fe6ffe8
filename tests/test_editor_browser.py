"""Editor defects seen in use, each checked in real Chromium against `storyboard serve`."""
import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storyboard import scenes

from .conftest import storyboard_cli
from .test_browser import add_panel, enhanced, new_story, order, saved, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent.parent / "instance" / "screenshots"
PANEL_SAVE = re.compile(r"/panels/\d+$")


def wait_until(page, check, timeout=5.0):
    """Let Playwright's events run until check() holds (Python's API has no expect.poll)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(50)


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def second_tab(page):
    other = page.context.new_page()
    other.goto(page.url)
    enhanced(other)
    return other


# -- 1. leaving the page -----------------------------------------------------------------

def test_leaving_prompts_only_while_something_is_unsaved(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Jade")
    add_panel(page, "Jade tekent.")
    prompts = []
    page.on("dialog", lambda dialog: (prompts.append(dialog.type), dialog.dismiss()))

    # Nothing typed yet: leaving is quiet.
    assert page.evaluate("window.dispatchEvent(new Event('beforeunload', {cancelable: true}))")

    # Typed, and the save is still on its way: leaving asks first.
    held = []
    page.route(PANEL_SAVE, lambda route: held.append(route))
    page.locator("#caption").press_sequentially(" Een huis.")
    wait_until(page, lambda: held)
    page.close(run_before_unload=True)
    wait_until(page, lambda: prompts)
    assert prompts == ["beforeunload"] and not page.is_closed()

    # The server acknowledged the save: leaving does not ask.
    for route in held:
        route.continue_()
    page.unroute(PANEL_SAVE)
    saved(page)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert prompts == ["beforeunload"]


def test_a_refused_save_keeps_the_leave_prompt(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Joris")
    add_panel(page, "Joris fietst.")
    prompts = []
    page.on("dialog", lambda dialog: (prompts.append(dialog.type), dialog.dismiss()))
    page.locator("#caption").press_sequentially(" Heel snel.")
    saved(page)
    page.fill("#caption", "")  # refused: a panel needs words
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "error")
    page.close(run_before_unload=True)
    wait_until(page, lambda: prompts)
    assert prompts == ["beforeunload"]


# -- 2. conflicts ------------------------------------------------------------------------

def test_a_conflict_is_told_at_the_caption_and_reloading_keeps_the_text(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Ella")
    add_panel(page, "Ella gaat naar school.")
    other = second_tab(page)
    page.fill("#caption", "Tab één schreef dit.")
    saved(page)

    other.locator("#caption").fill("Tab twee schreef dit, met 😀.")
    box = other.locator("[data-conflict-message]")
    expect(box).to_be_visible()
    expect(box).to_contain_text("ander venster")
    expect(box.locator("[data-action=reload-keep]")).to_be_visible()
    # Next to the caption, not far away at the top of the page.
    caption_box = other.locator("#caption").bounding_box()
    message_box = box.bounding_box()
    assert 0 <= message_box["y"] - (caption_box["y"] + caption_box["height"]) < 80
    shoot(other, "conflict-at-caption")

    # Typing on while in conflict is kept too.
    other.locator("#caption").press_sequentially(" Nog iets.")
    typed = "Tab twee schreef dit, met 😀. Nog iets."
    box.locator("[data-action=reload-keep]").click()
    other.wait_for_load_state()
    enhanced(other)
    caption = other.locator("#caption")
    expect(caption).to_have_value(typed)
    expect(caption).to_have_attribute("data-unsaved", "true")
    kept = other.locator("[data-conflict-message]")
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("Tab één schreef dit.")  # what the other window saved
    expect(other.locator("[data-save-status]")).to_have_attribute("data-state", "unsaved")
    shoot(other, "conflict-kept-text")

    kept.locator("[data-action=save-kept]").click()
    saved(other)
    expect(kept).to_be_hidden()
    expect(caption).not_to_have_attribute("data-unsaved", "true")
    other.reload()
    enhanced(other)
    expect(other.locator("#caption")).to_have_value(typed)  # nothing restored twice
    expect(other.locator("[data-conflict-message]")).to_be_hidden()
    page.reload()
    enhanced(page)
    expect(page.locator("#caption")).to_have_value(typed)


def test_after_a_conflict_the_worker_can_keep_the_saved_text_instead(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Iris")
    add_panel(page, "Iris leest.")
    other = second_tab(page)
    page.fill("#caption", "Iris leest een boek.")
    saved(page)
    other.fill("#caption", "Iris leest een strip.")
    other.locator("[data-conflict-message] [data-action=reload-keep]").click()
    other.wait_for_load_state()
    enhanced(other)
    expect(other.locator("#caption")).to_have_value("Iris leest een strip.")
    other.locator("[data-conflict-message] [data-action=use-saved]").click()
    expect(other.locator("#caption")).to_have_value("Iris leest een boek.")
    expect(other.locator("[data-conflict-message]")).to_be_hidden()
    assert other.evaluate("window.dispatchEvent(new Event('beforeunload', {cancelable: true}))")
    other.reload()
    enhanced(other)
    expect(other.locator("#caption")).to_have_value("Iris leest een boek.")
    expect(other.locator("[data-conflict-message]")).to_be_hidden()


# -- 3. refused reorders -----------------------------------------------------------------

def three_panels(page, name):
    new_story(page, name)
    for caption in ("Een.", "Twee.", "Drie."):
        add_panel(page, caption)


def drag(page, source_index, target_index):
    # A tab in the background gets one frame a second: a drag there takes 20 s, not 0.5.
    page.bring_to_front()
    source = page.locator("li[data-panel-id]").nth(source_index).locator(".thumb-number")
    target = page.locator("li[data-panel-id]").nth(target_index).locator(".thumb-link")
    box_s, box_t = source.bounding_box(), target.bounding_box()
    x, y = box_s["x"] + box_s["width"] / 2, box_s["y"] + box_s["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x, y + (box_t["y"] + 3 - y) * step / 20)
        page.wait_for_timeout(20)
    page.mouse.up()


def test_a_refused_drag_snaps_back_to_the_order_the_server_has(page, live_server):
    sign_in(page, live_server["url"])
    three_panels(page, "Ruben")
    other = second_tab(page)
    other.locator("li[data-panel-id]").nth(2).locator("[data-action=move-up]").click()
    saved(other)
    assert order(other) == ["Een.", "Drie.", "Twee."]

    with page.expect_response(re.compile(r"/order$")) as reply:
        drag(page, 2, 0)
    assert reply.value.status == 409
    message = page.locator("[data-strip-message]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("ander venster")
    expect(page.locator("ol[data-sortable] [data-thumb-caption]")).to_have_text(
        ["Een.", "Drie.", "Twee."])
    expect(page.locator("ol[data-sortable] .thumb-number")).to_have_text(["1", "2", "3"])
    shoot(page, "refused-reorder")


def test_a_refused_move_shows_the_saved_order_with_a_message(page, live_server):
    sign_in(page, live_server["url"])
    three_panels(page, "Sara")
    other = second_tab(page)
    other.locator("li[data-panel-id]").nth(2).locator("[data-action=move-up]").click()
    saved(other)

    with page.expect_response(re.compile(r"/move$")) as reply:
        page.locator("li[data-panel-id]").nth(0).locator("[data-action=move-down]").click()
    assert reply.value.status == 409
    expect(page.locator("[data-strip-message]")).to_be_visible()
    expect(page.locator("ol[data-sortable] [data-thumb-caption]")).to_have_text(
        ["Een.", "Drie.", "Twee."])

    # A 400 (the panels changed) snaps back the same way.
    page.reload()
    enhanced(page)
    page.route(re.compile(r"/order$"), lambda route: route.fulfill(
        status=400, content_type="application/json",
        body=json.dumps({"ok": False, "code": "order_invalid",
                         "error": "De volgorde kon niet bewaard worden."})))
    drag(page, 2, 0)
    message = page.locator("[data-strip-message]")
    expect(message).to_contain_text("De volgorde kon niet bewaard worden.")
    expect(page.locator("ol[data-sortable] [data-thumb-caption]")).to_have_text(
        ["Een.", "Drie.", "Twee."])


# -- 4. the coach: every occurrence ------------------------------------------------------

def test_the_coach_marks_and_replaces_every_occurrence_past_emoji(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Bo")
    add_panel(page, "Bo woont bij papa.")
    page.fill("#caption",
              "😀 Eén keer ziet Bo de jeugdrechter. Daarna belt de jeugdrechter papa.")
    marks = page.locator("[data-coach-preview] mark")
    expect(marks).to_have_text(["jeugdrechter", "jeugdrechter"])
    page.locator("[data-coach-issues] li[data-kind=jargon] [data-apply]").first.click()
    expect(page.locator("#caption")).to_have_value(
        "😀 Eén keer ziet Bo de rechter voor kinderen, die beslist welke hulp er komt. "
        "Daarna belt de rechter voor kinderen, die beslist welke hulp er komt papa.")
    saved(page)
    expect(page.locator("[data-coach-preview] mark", has_text="jeugdrechter")).to_have_count(0)


def test_advice_about_a_sentence_is_not_pasted_into_the_caption(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Tom")
    add_panel(page, "Tom woont bij papa.")
    page.fill("#caption", "Papa werd door de politie naar het bureau gebracht.")
    advice = page.locator("[data-coach-issues] li[data-kind=passive]")
    expect(advice).to_contain_text("Zeg wie wat deed")
    expect(advice.locator("[data-apply]")).to_have_count(0)


# -- 5. the composer's limits come from the server ---------------------------------------

def test_the_composer_takes_its_limits_from_the_page(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Kai")
    add_panel(page, "Kai en zijn dieren.")
    inspector = page.locator("[data-inspector]")
    assert inspector.get_attribute("data-max-items") == str(scenes.MAX_ITEMS)
    assert inspector.get_attribute("data-max-bubbles") == str(scenes.MAX_BUBBLES)
    assert float(inspector.get_attribute("data-scale-min")) == scenes.SCALE_MIN
    assert float(inspector.get_attribute("data-scale-max")) == scenes.SCALE_MAX

    def smaller_limits(route):
        html = route.fetch().text()
        html = re.sub(r'data-max-items="\d+"', 'data-max-items="2"', html)
        html = re.sub(r'data-max-bubbles="\d+"', 'data-max-bubbles="1"', html)
        html = re.sub(r'data-scale-max="[\d.]+"', 'data-scale-max="1.2"', html)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
    page.route(re.compile(r"/stories/\d+(\?.*)?$"), smaller_limits)
    page.reload()
    enhanced(page)
    for picture in ("cat", "dog"):
        with page.expect_response(PANEL_SAVE):
            page.click(f"[data-add-item={picture}]")
    page.click("[data-add-item=rabbit]")
    expect(page.locator("[data-save-status]")).to_contain_text("2 dingen")
    page.click("[data-add-bubble=speech]")
    page.click("[data-add-bubble=thought]")
    expect(page.locator("[data-save-status]")).to_contain_text("1 ")
    page.click("[data-select='item:0']")
    for _ in range(6):
        page.click("[data-scene-action=bigger]")
    saved(page)
    saved_scene = json.loads(page.locator("[data-scene]").input_value())
    assert len(saved_scene["items"]) == 2 and len(saved_scene["bubbles"]) == 1
    assert saved_scene["items"][0]["scale"] == 1.2


def test_no_limit_is_copied_into_the_composer_script():
    code = re.sub(r"//.*", "", (Path(__file__).parent.parent / "static" / "js" /
                                "composer.js").read_text())
    assert not re.search(r"length\s*>=?\s*\d", code)  # counts of items and bubbles
    assert not re.search(r"scale\s*[-+]\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+", code)  # scale range
    assert not re.search(r"\b(400|300|150)\b", code)  # the canvas is the drawing's viewBox
    for name in ("maxItems", "maxBubbles", "scaleMin", "scaleMax"):
        assert f"dataset.{name}" in code


# -- 6. draw-it-yourself panels ----------------------------------------------------------

def test_an_empty_frame_panel_is_saved_and_printed_empty(page, live_server, tmp_path):
    sign_in(page, live_server["url"])
    story_id = new_story(page, "Lars")
    add_panel(page, "Teken hier je huis.")
    page.click("[data-add-item=house]")
    saved(page)
    with page.expect_response(PANEL_SAVE) as reply:
        page.select_option("#kind", "draw")
    assert reply.value.json()["ok"] is True
    saved(page)
    expect(page.locator("[data-draw-hint]")).to_be_visible()
    page.reload()
    enhanced(page)
    expect(page.locator("#kind")).to_have_value("draw")
    expect(page.locator("[data-draw-hint]")).to_be_visible()

    out = tmp_path / "book.html"
    storyboard_cli("render", str(story_id), "--out", str(out), "--format", "html",
                   env=live_server["env"])
    html = out.read_text()
    page.set_content(html)
    frame = page.locator(".draw", has_text="Teken hier je huis.")
    expect(frame).to_have_count(1)
    expect(frame.locator(".frame")).to_have_count(1)
    expect(frame.locator("svg.scene, g[data-place]")).to_have_count(0)
