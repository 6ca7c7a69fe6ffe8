"""The editor in real Chromium against the real server (`storyboard serve`)."""
import io
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import PASSWORD_A

pytestmark = pytest.mark.browser


def sign_in(page, url):
    page.goto(url + "/login")
    page.fill("#email", "a@example.org")
    page.fill("#password", PASSWORD_A)
    page.click("form[data-form=login] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/stories$"))


def new_story(page, name, skeleton=False):
    page.click("[data-action=new-story]")
    page.locator("input[name=skeleton]").set_checked(skeleton)
    page.fill("#child_name", name)
    page.fill("#child_age", "6")
    page.fill("#title", f"Het verhaal van {name}")
    page.click("form[data-form=story] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/stories/\d+$"))
    enhanced(page)
    return int(page.url.rsplit("/", 1)[1])


def story_with_panel(page, name, caption, shared=False):
    """Start a story with one panel (shared with the parents' agreement); return its id."""
    story_id = new_story(page, name)
    add_panel(page, caption)
    if shared:
        page.check("[data-shared]")
        page.select_option("[data-consent]", "parents")
        saved(page)
    return story_id


def enhanced(page):
    """Wait until editor.js has run, so events go to it rather than to plain forms."""
    expect(page.locator("html[data-enhanced=editor]")).to_have_count(1)


def add_panel(page, caption):
    page.fill("#new-caption", caption)
    page.click("[data-action=add-panel]")
    expect(page.locator("[data-thumb-caption]", has_text=caption)).to_be_visible()
    enhanced(page)


def order(page):
    return page.locator("ol[data-sortable] [data-thumb-caption]").all_inner_texts()


def stage_drawing(page):
    """Return the server's drawing on the stage, without the selection and its handles."""
    return page.locator("[data-stage]").evaluate(
        "s => { const c = s.cloneNode(true);"
        " c.querySelectorAll('[data-handles]').forEach(h => h.remove());"
        " c.querySelectorAll('[class]').forEach(e => { e.classList.remove('is-selected', "
        "'is-outside'); if (!e.classList.length) e.removeAttribute('class'); });"
        " return c.innerHTML; }")


def saved(page):
    """Wait until every queued save has been answered, and the last one succeeded."""
    status = page.locator("[data-save-status]")
    expect(status).to_have_attribute("data-pending", "0")
    expect(status).to_have_attribute("data-state", "ok")


def test_compose_reorder_by_keyboard_and_drag_and_print(page, live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = new_story(page, "Lotte")
    for caption in ("Eerste prent.", "Tweede prent.", "Derde prent."):
        add_panel(page, caption)
    assert order(page) == ["Eerste prent.", "Tweede prent.", "Derde prent."]

    # Keyboard: focus "move up" on the third panel and press Enter.
    third = page.locator("li[data-panel-id]").nth(2)
    third.locator("[data-action=move-up]").focus()
    page.keyboard.press("Enter")
    saved(page)
    assert order(page) == ["Eerste prent.", "Derde prent.", "Tweede prent."]
    expect(page.locator("li[data-panel-id]").nth(1).locator("[data-action=move-up]")).to_be_focused()

    # Drag: the last panel above the first.
    source = page.locator("li[data-panel-id]").nth(2).locator(".thumb-number")
    target = page.locator("li[data-panel-id]").nth(0).locator(".thumb-link")
    box_s, box_t = source.bounding_box(), target.bounding_box()
    x, y = box_s["x"] + box_s["width"] / 2, box_s["y"] + box_s["height"] / 2
    with page.expect_response(re.compile(r"/order$")) as reply:
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 21):
            page.mouse.move(x, y + (box_t["y"] + 3 - y) * step / 20)
            page.wait_for_timeout(20)
        page.mouse.up()
    assert reply.value.json()["ok"] is True
    expect(page.locator("[data-save-status]")).to_have_text("Volgorde bewaard.")
    assert order(page) == ["Tweede prent.", "Eerste prent.", "Derde prent."]

    page.reload()
    enhanced(page)
    assert order(page) == ["Tweede prent.", "Eerste prent.", "Derde prent."]

    response = page.request.get(f"{url}/stories/{story_id}/print")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) == 5  # cover, three panels, "my questions"
    assert "Tweede prent." in reader.pages[1].extract_text()


def test_typing_saves_without_a_save_button_and_a_picture_is_one_click(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Noah")
    add_panel(page, "Noah woont bij papa.")
    expect(page.locator("[data-save-button]")).to_be_hidden()
    page.fill("#caption", "Noah woont bij papa en de kat.")
    saved(page)
    page.click("[data-add-item=cat]")
    saved(page)
    expect(page.locator("[data-stage] g[data-item]")).to_have_count(1)
    expect(page.locator("li.selected [data-thumb-picture] g[data-item]")).to_have_count(1)
    page.reload()
    enhanced(page)
    expect(page.locator("#caption")).to_have_value("Noah woont bij papa en de kat.")
    assert json.loads(page.locator("[data-scene]").input_value())["items"][0]["id"] == "cat"


def test_a_second_tab_cannot_overwrite_the_first(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Ella")
    add_panel(page, "Ella gaat naar school.")
    other = page.context.new_page()
    other.goto(page.url)
    enhanced(other)
    page.fill("#caption", "Tab één schreef dit.")
    saved(page)
    other.fill("#caption", "Tab twee schreef dit.")
    status = other.locator("[data-save-status]")
    expect(status).to_have_attribute("data-state", "error")
    expect(other.locator("[data-conflict-message]")).to_contain_text("in een ander venster")
    expect(other.locator("#caption")).to_have_value("Tab twee schreef dit.")  # nothing lost
    page.reload()
    enhanced(page)
    expect(page.locator("#caption")).to_have_value("Tab één schreef dit.")


def test_empty_caption_is_explained_and_the_last_text_stays_saved(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Finn")
    add_panel(page, "Finn speelt met de hond.")
    page.fill("#caption", "")
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("Schrijf eerst een tekst")
    page.reload()
    enhanced(page)
    expect(page.locator("#caption")).to_have_value("Finn speelt met de hond.")


def test_editor_is_usable_on_a_narrow_screen(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server["url"])
    new_story(page, "Mo")
    add_panel(page, "Mo is vijf.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_compose_a_scene_label_and_move_by_keyboard_survives_reload(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Zoë")
    add_panel(page, "Zoë, mama en de kat.")
    scene_field = page.locator("[data-scene]")
    for picture in ("girl", "mother", "cat"):
        with page.expect_response(re.compile(r"/panels/\d+$")):
            page.click(f"[data-add-item={picture}]")
    expect(page.locator("[data-stage] g[data-item]")).to_have_count(3)
    page.click("[data-select='item:1']")
    with page.expect_response(re.compile(r"/panels/\d+$")):
        page.fill("#item-label", "Mama")
    page.click("[data-select='item:2']")
    before = json.loads(scene_field.input_value())["items"][2]
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("f")
    saved(page)
    expect(page.locator("[data-stage] [data-label] text").last).to_have_text("Mama")
    after = json.loads(scene_field.input_value())["items"][2]
    assert after["x"] == pytest.approx(before["x"] - 0.1) and after["flip"] is True
    drawn = stage_drawing(page)

    page.reload()
    enhanced(page)
    reloaded = json.loads(page.locator("[data-scene]").input_value())
    assert [i["id"] for i in reloaded["items"]] == ["girl", "mother", "cat"]
    assert reloaded["items"][1]["label"] == "Mama"
    assert reloaded["items"][2] == after
    assert stage_drawing(page) == drawn


def test_the_coach_underlines_jargon_and_applies_a_suggestion(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Mats")
    add_panel(page, "Mats woont bij papa.")
    page.fill("#caption", "De jeugdrechter praat met papa.")
    mark = page.locator("[data-coach-preview] mark", has_text="jeugdrechter")
    expect(mark).to_be_visible()
    expect(mark).to_have_css("text-decoration-line", "underline")
    page.locator("[data-coach-issues] li[data-kind=jargon] [data-apply]").first.click()
    expect(page.locator("#caption")).to_have_value(
        "De rechter voor kinderen, die beslist welke hulp er komt praat met papa.")
    saved(page)
    expect(page.locator("[data-coach-preview] mark", has_text="jeugdrechter")).to_have_count(0)
    page.reload()
    enhanced(page)
    expect(page.locator("#caption")).to_have_value(
        "De rechter voor kinderen, die beslist welke hulp er komt praat met papa.")


def test_network_flow_on_a_phone_from_invite_to_print(page, browser, live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = story_with_panel(page, "Lina", "Lina woont bij oma.", shared=True)
    page.click("[data-action=network]")
    page.fill("#inv-name", "Oma Rita")
    page.fill("#inv-relation", "oma")
    page.click("form[data-form=invite] button[type=submit]")
    link = page.locator("[data-link-url]").input_value()
    assert link.startswith("http://127.0.0.1:5000/i/")

    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-BE",
                                has_touch=True, is_mobile=True)
    grandma = phone.new_page()
    grandma.goto(url + link.removeprefix("http://127.0.0.1:5000"))
    expect(grandma).to_have_url(re.compile(r"/network$"))
    expect(grandma.locator("[data-shared-panel] .shared-caption")).to_have_text("Lina woont bij oma.")
    assert grandma.evaluate("document.documentElement.scrollWidth") <= 375
    grandma.click("text=Een detail toevoegen")
    grandma.fill("[data-form=detail] textarea", "De voordeur is rood en de hond heet Bruno.")
    grandma.click("[data-form=detail] button[type=submit]")
    expect(grandma.locator("[data-contribution][data-status=waiting]")).to_have_count(1)
    grandma.click("text=Een foto toevoegen")
    photo = live_server["data"] / "kat.jpg"
    from PIL import Image
    from skimage import data as samples
    Image.fromarray(samples.chelsea()).save(photo, "JPEG")
    grandma.set_input_files("[data-form=photo] input[type=file]", str(photo))
    grandma.click("[data-form=photo] button[type=submit]")
    expect(grandma.locator("[data-contribution][data-status=waiting]")).to_have_count(2)

    page.click("[data-action=inbox]")
    page.locator("[data-suggestion][data-kind=photo] [data-action=accept]").click()
    page.locator("[data-suggestion][data-kind=detail] [data-action=accept]").click()
    expect(page.locator("[data-suggestion][data-status=waiting]")).to_have_count(0)
    page.goto(f"{url}/stories/{story_id}")
    expect(page.locator("[data-stage] image[data-photo]")).to_have_count(1)
    expect(page.locator("[data-notes]")).to_contain_text("Oma Rita (oma): De voordeur is rood")
    html = page.request.get(f"{url}/stories/{story_id}/print")
    assert html.ok and len(html.body()) > 10_000
    grandma.reload()
    expect(grandma.locator("[data-contribution][data-status=used]")).to_have_count(2)
    phone.close()


def test_parent_on_a_phone_comments_agrees_sees_the_change_and_agrees_again(page, browser,
                                                                            live_server):
    url = live_server["url"]
    sign_in(page, url)
    story_id = story_with_panel(page, "Noor", "Mama is ziek.")
    page.click("[data-action=reviews]")
    page.fill("#rv-name", "Sarah")
    page.click("form[data-form=share] button[type=submit]")
    link = page.locator("[data-link-url]").input_value().removeprefix("http://127.0.0.1:5000")

    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-BE",
                                is_mobile=True, has_touch=True)
    mum = phone.new_page()
    mum.goto(url + link)
    expect(mum).to_have_url(re.compile(r"/review$"))
    assert mum.evaluate("document.documentElement.scrollWidth") <= 375
    mum.click("text=Ik zou dit anders zeggen")
    mum.fill("[data-form=comment] textarea", "Zeg liever: mama is heel moe.")
    mum.click("[data-form=comment] button[type=submit]")
    mum.fill("#agree-name", "Sarah")
    mum.click("[data-action=agree]")
    expect(mum.locator("[data-agreed-current]")).to_be_visible()

    page.goto(f"{url}/stories/{story_id}")
    enhanced(page)
    page.fill("#caption", "Mama is heel moe.")
    saved(page)
    mum.reload()
    expect(mum.locator("[data-changed-since]")).to_be_visible()
    expect(mum.locator("[data-diff] ins")).to_have_text("heel moe.")
    expect(mum.locator("[data-diff] del")).to_have_text("ziek.")
    mum.fill("#agree-name", "Sarah")
    mum.click("[data-action=agree]")
    expect(mum.locator("[data-agreed-current]")).to_be_visible()
    page.goto(f"{url}/stories/{story_id}/reviews")
    expect(page.locator("[data-parent][data-status=agreed-current]")).to_have_count(1)
    phone.close()
