"""Section skeleton, checklist and the reading plan."""
import io

from pypdf import PdfReader

from storyboard import panels, stories, structure


def test_skeleton_adds_a_prompt_panel_per_section_in_the_story_language(db):
    structure.add_skeleton(db, 1, 1)
    rows = panels.for_story(db, 1)
    assert [r["section"] for r in rows] == list(panels.SECTIONS)
    assert rows[3]["caption"] == "Wie maakt zich zorgen? Waarover?"
    assert "Mila" in rows[0]["caption"]
    assert all(structure.is_unwritten(r) for r in rows)
    english = stories.create(db, 1, {"title": "Sam's story", "child_name": "Sam",
                                     "child_age": 7, "language": "en"})
    structure.add_skeleton(db, english, 1)
    assert panels.for_story(db, english)[3]["caption"] == "Who is worried? What about?"


def test_empty_sections_and_checklist_follow_what_is_written(db):
    structure.add_skeleton(db, 1, 1)
    rows = panels.for_story(db, 1)
    assert structure.empty_sections(rows) == list(panels.SECTIONS)
    assert dict(structure.checklist(rows))["memories"] is False
    memories = next(r for r in rows if r["section"] == "memories")
    panels.update(db, 1, memories["id"], stories.get(db, 1)["version"],
                  {"caption": "Mila en papa gaan vissen."}, 1)
    rows = panels.for_story(db, 1)
    checks = dict(structure.checklist(rows))
    assert checks["memories"] is True and checks["safety"] is False
    assert checks["prompts"] is False and checks["questions"] is True
    assert "memories" not in structure.empty_sections(rows)


def test_new_story_form_builds_the_skeleton_and_the_editor_shows_the_checklist(client, auth, db):
    auth.login()
    response = auth.post("/stories/new", {"title": "Het verhaal van Noor", "child_name": "Noor",
                                          "child_age": "6", "language": "nl", "skeleton": "1"})
    story_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert len(panels.for_story(db, story_id)) == len(panels.SECTIONS)
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert 'data-check="memories" data-done="no"' in page
    assert "Mooie herinneringen" in page and "nog te schrijven" in page


def test_reading_plan_is_saved_and_prints_apart_from_the_book(client, auth, db):
    auth.login()
    auth.post("/stories/1/reading-plan", {"seen": "", "reader": "Oma Rita en Ann", "when_where":
                                          "Woensdag na school, thuis bij oma",
                                          "questions": "Mag ik mama zien? Ja, op woensdag."})
    plan = structure.reading_plan(db, 1)
    assert plan["reader"] == "Oma Rita en Ann" and plan["copy_keeper"] == ""
    pdf = PdfReader(io.BytesIO(client.get("/stories/1/reading-plan/print").data))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Oma Rita en Ann" in text and "Leesplan" in text
    book = client.get("/stories/1/print/dialog").get_data(as_text=True)
    assert "Oma Rita en Ann" not in book


def test_reading_plan_refuses_a_novel_and_keeps_the_text(client, auth):
    auth.login()
    response = auth.post("/stories/1/reading-plan", {"reader": "x" * 2500})
    assert response.status_code == 400
    assert "x" * 2500 in response.get_data(as_text=True)


def test_reading_plan_belongs_to_the_owner_only(client, auth):
    auth.login("b@example.org", "another long password")
    assert client.get("/stories/1/reading-plan").status_code == 404
    assert client.get("/stories/1/reading-plan/print").status_code == 404
    assert auth.post("/stories/1/reading-plan", {"reader": "B"}).status_code == 404


def test_a_stale_reading_plan_form_overwrites_nothing(client, auth, db):
    auth.login()
    auth.post("/stories/1/reading-plan", {"seen": "", "reader": "Oma Rita"})
    stale = auth.post("/stories/1/reading-plan", {"seen": "", "reader": "Papa"})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "ander venster" in page and "Papa" in page  # refused, and the text is still there
    assert structure.reading_plan(db, 1)["reader"] == "Oma Rita"
