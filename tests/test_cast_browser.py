"""The cast as a worker uses it: make grandma once, put her on two pages, change her once."""
import io
import subprocess

import pytest
from playwright.sync_api import expect
from PIL import Image, ImageChops

from .test_browser import add_panel, enhanced, new_story, saved, sign_in

pytestmark = pytest.mark.browser

HEADSCARF = "M50 148 Q40 132"     # the first line of the headscarf part
BUN = "M 61.36 110.35"            # and of the hair in a bun


def thumbs(page):
    return page.locator("[data-thumb-picture]").evaluate_all("ts => ts.map(t => t.innerHTML)")


def pages_of(pdf, tmp_path, name):
    """Rasterise a PDF; return its pages as images."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / name)], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def test_grandma_made_once_changes_on_both_pages_in_the_editor_and_the_pdf(page, live_server,
                                                                           tmp_path):
    url = live_server["url"]
    sign_in(page, url)
    story_id = new_story(page, "Amir")
    add_panel(page, "Oma Fatima woont in Gent.")
    add_panel(page, "Oma Fatima komt op bezoek.")

    page.click("[data-action=people]")
    page.fill("#new-name", "Oma Fatima")
    page.check("form[data-form=person-new] [data-figure=adult]")
    page.check("form[data-form=person-new] input[value=headscarf]")
    page.click("form[data-form=person-new] button[type=submit]")
    expect(page.locator("[data-said]")).to_contain_text("Oma Fatima")
    expect(page.locator("[data-person=oma-fatima]")).to_have_count(1)

    page.click("[data-action=back-to-editor]")
    enhanced(page)
    for index in (0, 1):
        page.locator("[data-thumb-picture]").nth(index).click()
        enhanced(page)
        page.click("[data-add-cast=oma-fatima]")
        saved(page)
        expect(page.locator("[data-stage] [data-label]")).to_contain_text(["Oma Fatima"])
    page.reload()
    enhanced(page)
    before = thumbs(page)
    assert all(HEADSCARF in t and BUN not in t and "Oma Fatima" in t for t in before)
    pdf_before = page.request.get(f"{url}/stories/{story_id}/print").body()

    # Her hair, once, on the people page: both pages follow.
    page.click("[data-action=people]")
    person = page.locator("[data-person=oma-fatima]")
    person.locator("summary").click()
    person.locator("input[value=headscarf]").uncheck()
    person.locator("input[value=hair-bun]").check()
    person.locator("form[data-form=person] button[type=submit]").click()
    expect(page.locator("[data-said=person-oma-fatima]")).to_contain_text("Oma Fatima")
    page.click("[data-action=back-to-editor]")
    enhanced(page)
    after = thumbs(page)
    assert all(BUN in t and HEADSCARF not in t for t in after)
    pdf_after = page.request.get(f"{url}/stories/{story_id}/print").body()

    old, new = pages_of(pdf_before, tmp_path, "before"), pages_of(pdf_after, tmp_path, "after")
    assert len(old) == len(new) == 4   # cover, two pages, my questions
    changed = [ImageChops.difference(a, b).getbbox() is not None for a, b in zip(old, new)]
    assert changed == [False, True, True, False]


def test_a_placed_person_takes_a_pose_and_a_feeling_by_keyboard(page, live_server):
    url = live_server["url"]
    sign_in(page, url)
    new_story(page, "Lina")
    add_panel(page, "Mama zit op de bank.")
    page.click("[data-action=people]")
    page.fill("#new-name", "Mama")
    page.click("form[data-form=person-new] button[type=submit]")
    page.click("[data-action=back-to-editor]")
    enhanced(page)
    page.click("[data-add-cast=mama]")
    saved(page)
    pose = page.locator("[data-item-field=pose]")
    expect(pose).to_be_visible()
    expect(page.locator("[data-item-field=label]")).to_be_hidden()   # her name is the cast's
    pose.focus()
    pose.select_option(label=pose.locator("option:not([disabled])", has_text="zit").first
                       .inner_text())
    page.select_option("[data-item-field=feeling]", "sad")
    saved(page)
    scene = page.locator("[data-scene]").input_value()
    assert '"pose":"sitting"' in scene.replace(" ", "") and '"feeling":"sad"' in scene.replace(
        " ", "")
    assert '"cast":"mama"' in scene.replace(" ", "")
    expect(page.locator("[data-change-person]")).to_be_visible()
    shot = page.locator("[data-stage]").screenshot()
    assert Image.open(io.BytesIO(shot)).size[0] > 200
