"""The composer keeps up, in real Chromium against the real server: things land in free space,
handles resize and flip, the keyboard never loses the picture, rows and the ground line, names
that never collide, and what sits at the edge prints whole."""
import json
import re

import pytest
from playwright.sync_api import expect

from storyboard import scenes

from .conftest import storyboard_cli
from .test_browser import add_panel, new_story, saved, sign_in

pytestmark = pytest.mark.browser
PANEL_SAVE = re.compile(r"/stories/\d+/panels/\d+$")


def scene_of(page):
    return json.loads(page.locator("[data-scene]").input_value())


def add(page, picture):
    with page.expect_response(PANEL_SAVE):
        page.click(f"[data-add-item={picture}]")
    saved(page)


# Each drawn thing's box, in the panel's own units (what the picture really covers).
BOXES = """(selector) => {
  const svg = document.querySelector('[data-stage] svg');
  const inverse = svg.getScreenCTM().inverse();
  return [...svg.querySelectorAll(selector)].map(g => {
    const r = g.getBoundingClientRect();
    const a = new DOMPoint(r.left, r.top).matrixTransform(inverse);
    const b = new DOMPoint(r.right, r.bottom).matrixTransform(inverse);
    return {x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y};
  });
}"""


def overlap(a, b, slack=0.0):
    return (a["x"] + slack < b["x"] + b["w"] and b["x"] + slack < a["x"] + a["w"] and
            a["y"] + slack < b["y"] + b["h"] and b["y"] + slack < a["y"] + a["h"])


def stage_point(page, x, y):
    """Return the page coordinates of a point given in panel units (400 x 300)."""
    box = page.locator("[data-stage] svg").bounding_box()
    return box["x"] + x / scenes.WIDTH * box["width"], box["y"] + y / scenes.HEIGHT * box["height"]


def test_things_land_apart_resize_by_handle_and_keep_the_keyboard(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Amir")
    add_panel(page, "Mama, Amir en de valies.")
    for picture in ("figure-adult", "figure-child", "suitcase"):
        add(page, picture)
    drawn = page.evaluate(BOXES, "g[data-item]")
    assert len(drawn) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            assert not overlap(drawn[i], drawn[j]), (drawn[i], drawn[j])  # free space, not a stack
    feet = [item["y"] * scenes.HEIGHT + item["scale"] * scenes.ITEM_UNITS * 0.46
            for item in scene_of(page)["items"]]
    assert max(feet) - min(feet) < 1  # all three stand on the ground line

    # The suitcase (just added) is selected: drag its corner handle outwards with the mouse.
    handle = page.locator("[data-handles] [data-handle=resize]")
    expect(handle).to_have_count(1)
    before = scene_of(page)["items"][2]["scale"]
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    with page.expect_response(PANEL_SAVE):
        page.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 40, steps=5)
        page.mouse.up()
    saved(page)
    after = scene_of(page)["items"][2]["scale"]
    assert before < after <= scenes.SCALE_MAX
    page.reload()
    assert scene_of(page)["items"][2]["scale"] == after  # saved on the server

    # The flip handle flips; the keyboard keeps the picture: + then ArrowRight, no scrolling.
    page.locator("[data-select='item:0']").click()
    with page.expect_response(PANEL_SAVE):
        page.locator("[data-handles] [data-handle=flip]").click()
    assert scene_of(page)["items"][0]["flip"] is True
    page.locator("[data-stage]").focus()
    scroll = page.evaluate("window.scrollY")
    start = scene_of(page)["items"][0]
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    saved(page)
    moved = scene_of(page)["items"][0]
    assert moved["scale"] == pytest.approx(start["scale"] + 0.1)
    assert moved["x"] == pytest.approx(start["x"] + 0.12, abs=0.002)
    assert page.evaluate("window.scrollY") == scroll
    focus = page.evaluate("""() => [document.activeElement.dataset.stage !== undefined,
        document.activeElement.getAttribute('aria-activedescendant')]""")
    assert focus == [True, "scene-item-0"]
    expect(page.locator("#scene-item-0")).to_have_class(re.compile("is-selected"))

    # From the list too: F keeps the focus on the chosen thing's button, Delete moves it on.
    page.locator("[data-select='item:1']").focus()
    page.keyboard.press("f")
    saved(page)
    expect(page.locator("[data-select='item:1']")).to_be_focused()
    page.keyboard.press("Delete")
    saved(page)
    assert [i["id"] for i in scene_of(page)["items"]] == ["figure-adult", "suitcase"]
    expect(page.locator("[data-select='item:1']")).to_be_focused()   # the suitcase, next
    page.keyboard.press("Escape")
    expect(page.locator("[data-item-controls]")).to_be_hidden()
    expect(page.locator("[data-handles]")).to_have_count(0)


def test_a_second_click_reaches_what_is_underneath_and_rows_stand_on_the_ground(page, live_server):
    sign_in(page, live_server["url"])
    new_story(page, "Lina")
    add_panel(page, "Lina en haar beer.")
    add(page, "figure-adult")
    scene = scene_of(page)
    scene["items"].append(dict(scene["items"][0], id="teddy", scale=0.6, y=0.55))  # in her arms
    page.evaluate("""(s) => { const f = document.querySelector('[data-scene]'); f.value = s;
                             f.form.composer.scene().items.push(JSON.parse(s).items[1]);
                             f.form.composer.commit(); }""", json.dumps(scene))
    saved(page)
    teddy = page.evaluate(BOXES, "g[data-item='1']")[0]
    x, y = stage_point(page, teddy["x"] + teddy["w"] / 2, teddy["y"] + teddy["h"] / 2)
    page.mouse.click(x, y)
    expect(page.locator("[data-select='item:1']")).to_have_attribute("aria-pressed", "true")
    page.mouse.click(x, y)   # the same spot again: the figure underneath
    expect(page.locator("[data-select='item:0']")).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("Tab")  # anywhere in the inspector, the buttons work by keyboard
    ground = page.locator("[data-scene-action=ground]")
    ground.focus()
    with page.expect_response(PANEL_SAVE):
        page.keyboard.press("Enter")
    row = page.locator("[data-scene-action=row]")
    expect(row).to_be_visible()
    row.focus()
    with page.expect_response(PANEL_SAVE):
        page.keyboard.press("Enter")
    saved(page)
    items = scene_of(page)["items"]
    assert [i["scale"] for i in items] == [1, 0.6]           # sizes kept
    feet = [i["y"] * scenes.HEIGHT + i["scale"] * scenes.ITEM_UNITS * 0.46 for i in items]
    assert feet[0] == pytest.approx(feet[1], abs=1)           # both on the ground line
    drawn = page.evaluate(BOXES, "g[data-item]")
    assert not overlap(drawn[0], drawn[1])

    # Nothing the server draws can leave the panel now; should a drawing still stick out,
    # it is marked and the inspector says so.
    note = page.locator("[data-outside-note]")
    expect(note).to_be_hidden()
    page.evaluate("""() => document.querySelector('[data-stage] g[data-item="0"]')
                     .setAttribute('transform', 'translate(-40 150) scale(0.75)')""")
    page.locator("[data-select='item:0']").click()
    expect(note).to_be_visible()
    expect(page.locator("[data-stage] g[data-item='0']")).to_have_class(re.compile("is-outside"))


def test_names_side_by_side_never_overlap_and_the_edge_prints_whole(page, live_server, tmp_path):
    sign_in(page, live_server["url"])
    story_id = new_story(page, "Amir")
    add_panel(page, "Mama en Oma Fatima.")
    add(page, "figure-adult")
    add(page, "figure-adult")
    for index, name in ((0, "Mama"), (1, "Oma Fatima")):
        page.locator(f"[data-select='item:{index}']").click()
        with page.expect_response(PANEL_SAVE):
            page.fill("[data-item-field=label]", name)
        saved(page)
    # Push Oma right up against Mama, and Mama hard against the left edge (by keyboard).
    page.locator("[data-select='item:0']").click()
    for _ in range(8):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowDown")
    page.locator("[data-select='item:1']").click()
    items = scene_of(page)["items"]
    steps = round((items[1]["x"] - items[0]["x"] - 0.1) / 0.02)
    for _ in range(steps):
        page.keyboard.press("ArrowLeft")
    saved(page)
    items = scene_of(page)["items"]
    half = scenes.ITEM_UNITS / 2 / scenes.WIDTH
    assert items[0]["x"] == pytest.approx(half, abs=0.002)    # pulled back in, not cut off
    assert abs(items[1]["x"] - items[0]["x"]) < 0.12

    labels = page.evaluate("""() => [...document.querySelectorAll('[data-stage] g[data-label] text:last-child')]
        .map(t => { const b = t.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height,
                                                     text: t.textContent}; })""")
    assert [label["text"] for label in labels] == ["Mama", "Oma Fatima"]
    assert not overlap(labels[0], labels[1]), labels
    for label in labels:
        assert 0 <= label["x"] and label["x"] + label["w"] <= scenes.WIDTH + 0.5
    page.screenshot(path=str(tmp_path / "editor.png"))

    # The print draws the same scene and the same names, whole, filling a 4:3 frame.
    out = tmp_path / "book.html"
    storyboard_cli("render", str(story_id), "--out", str(out), "--format", "html",
                   env=live_server["env"])
    html = out.read_text()
    stage_svg = page.locator("[data-stage] svg").evaluate("s => s.outerHTML")
    for label in ("Mama", "Oma Fatima"):
        assert re.search(r'<g data-label="\d"[^>]*>.*?' + label, html)
    printed = re.search(r'<g data-item="0" transform="translate\(([\d.]+) ', html)
    assert float(printed.group(1)) == pytest.approx(scenes.ITEM_UNITS / 2, abs=0.5)
    assert re.search(r'<g data-item="0" transform="[^"]+"', stage_svg).group() in html
    page.goto(out.as_uri())
    page.emulate_media(media="print")
    frame = page.evaluate("""() => { const f = document.querySelector('.panel .frame');
        const s = f.querySelector('svg').getBoundingClientRect(), c = getComputedStyle(f);
        const inner = f.getBoundingClientRect().width - 2 * (parseFloat(c.borderLeftWidth) +
                                                         parseFloat(c.paddingLeft));
        return {ratio: s.width / s.height, fill: s.width / inner}; }""")
    assert frame["ratio"] == pytest.approx(4 / 3, abs=0.005)   # no empty bands
    assert frame["fill"] == pytest.approx(1, abs=0.005)       # fills the frame, not clipped
