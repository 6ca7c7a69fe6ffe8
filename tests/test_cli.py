"""The `storyboard` command line, run through Flask's CLI runner and as a real process."""
import json
import sqlite3
import zipfile

import pytest
from pypdf import PdfReader

from storyboard import demo, panels, stories, workers

from .conftest import storyboard_cli
from .test_exchange import HOSTILE, hostile, row_counts


def test_create_worker_takes_the_password_from_the_environment(runner, db, monkeypatch):
    monkeypatch.setenv("STORYBOARD_PASSWORD", "a very long secret")
    result = runner.invoke(args=["create-worker", "c@example.org", "--name", "Cato"])
    assert result.exit_code == 0, result.output
    assert workers.authenticate(db, "c@example.org", "a very long secret")


def test_create_worker_refuses_a_duplicate_with_a_reason(runner, monkeypatch):
    monkeypatch.setenv("STORYBOARD_PASSWORD", "a very long secret")
    result = runner.invoke(args=["create-worker", "a@example.org", "--name", "Anja"])
    assert result.exit_code != 0 and "already a worker" in result.output


def test_demo_is_idempotent_and_covers_every_section(runner, db, monkeypatch):
    monkeypatch.delenv("STORYBOARD_PASSWORD", raising=False)
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == second.exit_code == 0
    story_id = int(first.output.strip().splitlines()[-1])
    assert int(second.output.strip().splitlines()[-1]) == story_id
    password = first.output.split("Password: ")[1].split()[0]
    assert workers.authenticate(db, demo.EMAIL, password)
    assert f"Password: {password}" in second.output
    rows = panels.for_story(db, story_id)
    assert len(rows) >= 10
    assert {r["section"] for r in rows} == set(panels.SECTIONS)
    shared = [r["shared_with_network"] for r in rows]
    assert shared.count(1) >= 2 and shared.count(0) >= 1
    assert len(stories.list_for_owner(db, workers.by_email(db, demo.EMAIL)["id"])) == 1


def test_render_the_demo_in_every_layout(runner, db, tmp_path):
    story_id = int(runner.invoke(args=["demo"]).output.strip().splitlines()[-1])
    book = len(panels.for_story(db, story_id)) + 2  # cover and "my questions"
    expected = {"single": book, "two-up": (book + 1) // 2, "booklet": -(-book // 4) * 2}
    for layout, sheets in expected.items():
        out = tmp_path / f"{layout}.pdf"
        result = runner.invoke(args=["render", str(story_id), "--out", str(out),
                                     "--layout", layout])
        assert result.exit_code == 0, result.output
        reader = PdfReader(out)
        assert len(reader.pages) == sheets, layout
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (width > height) == (layout != "single")
    assert expected["single"] >= 8


def test_render_html_is_self_contained(runner, tmp_path):
    story_id = int(runner.invoke(args=["demo"]).output.strip().splitlines()[-1])
    out = tmp_path / "lotte.html"
    runner.invoke(args=["render", str(story_id), "--out", str(out), "--format", "html"])
    html = out.read_text()
    assert "<svg" in html and "Oma Rita" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_render_of_an_unknown_story_fails_with_a_reason(runner, tmp_path):
    result = runner.invoke(args=["render", "999", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "does not exist" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_export_then_import_prints_the_new_id_last(runner, db, tmp_path):
    out = tmp_path / "mila.zip"
    assert runner.invoke(args=["export", "1", str(out)]).exit_code == 0
    assert "story.json" in zipfile.ZipFile(out).namelist()
    result = runner.invoke(args=["import", str(out), "--owner", "b@example.org"])
    new_id = int(result.output.strip().splitlines()[-1])
    assert stories.get(db, new_id)["owner_id"] == 2
    assert json.loads(zipfile.ZipFile(out).read("story.json"))["child_name"] == "Mila"


def test_erase_asks_first_and_erases_with_yes(runner, db):
    refused = runner.invoke(args=["erase", "1"], input="n\n")
    assert refused.exit_code != 0 and stories.list_for_owner(db, 1)
    assert runner.invoke(args=["erase", "1", "--yes"]).exit_code == 0
    assert stories.list_for_owner(db, 1) == []


def test_backup_command_writes_a_checked_complete_copy(runner, db, tmp_path):
    panels.add(db, 1, 1, {"caption": "Dag Mila.", "section": "title"}, 1)
    out = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 0 and "integrity ok" in result.output
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert row_counts(copy) == row_counts(db.conn) and row_counts(copy)["panels"] == 1
    copy.close()


def test_installed_command_reports_errors_on_stderr(tmp_path):
    env = {"STORYBOARD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = storyboard_cli("render", "42", "--out", str(tmp_path / "x.pdf"), env=env,
                            check=False)
    assert result.returncode != 0
    assert "does not exist" in result.stderr and result.stdout == ""


def one_line_error(result):
    """Assert a plain failure: exit status 1, one line on stderr, no exception escaped."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_import_of_a_hostile_zip_fails_with_one_line(runner, db, tmp_path, kind):
    path = tmp_path / "x.zip"
    path.write_bytes(hostile(kind))
    one_line_error(runner.invoke(args=["import", str(path)]))
    assert len(stories.list_for_owner(db, 1)) == 1


@pytest.fixture
def photo(tmp_path):
    from PIL import Image
    path = tmp_path / "kat.jpg"
    Image.new("RGB", (64, 48), "white").save(path, "JPEG")
    return str(path)


USER_ERRORS = {
    "import a missing file": (["import", "{tmp}/missing.zip"], "missing.zip"),
    "import a folder": (["import", "{tmp}"], "{tmp}"),
    "import no zip": (["import", "{photo}"], "zip"),
    "export to a missing folder": (["export", "1", "{tmp}/no/x.zip"], "no/x.zip"),
    "export to a folder": (["export", "1", "{tmp}"], "{tmp}"),
    "export an unknown story": (["export", "99", "{tmp}/x.zip"], "does not exist"),
    "render to a missing folder": (["render", "1", "--format", "html", "--out",
                                    "{tmp}/no/x.html"], "no/x.html"),
    "back up into a missing folder": (["backup", "{tmp}/no/x.db"], "no/x.db"),
    "outline of a missing photo": (["lineart", "{tmp}/missing.jpg", "{tmp}/x.png"],
                                   "missing.jpg"),
    "outline into a missing folder": (["lineart", "{photo}", "{tmp}/no/x.png"], "no/x.png"),
    "outline of a non-photo": (["lineart", "{tmp}/data/storyboard.db", "{tmp}/x.png"],
                               "not a JPEG"),
    "erase an unknown story": (["erase", "99", "--yes"], "does not exist"),
    "invite to an unknown story": (["invite", "99", "--name", "Oma", "--role", "family"],
                                   "does not exist"),
    "share an unknown story": (["share", "99", "--name", "Mama"], "does not exist"),
    "revoke an unknown link": (["revoke", "nonsense"], "does not exist"),
    "import for an unknown worker": (["import", "{photo}", "--owner", "x@example.org"],
                                     "no such worker"),
}


@pytest.mark.parametrize("case", sorted(USER_ERRORS))
def test_every_command_reports_a_user_error_in_one_line(runner, tmp_path, photo, case):
    args, expected = USER_ERRORS[case]
    fill = {"tmp": str(tmp_path), "photo": photo}
    line = one_line_error(runner.invoke(args=[a.format(**fill) for a in args]))
    assert expected.format(**fill) in line


def test_the_installed_command_never_prints_a_traceback(tmp_path):
    env = {"STORYBOARD_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    (tmp_path / "bad.zip").write_bytes(hostile("encrypted"))
    for args, env_extra in [
            (["import", str(tmp_path / "missing.zip")], {}),
            (["import", str(tmp_path / "bad.zip")], {}),
            (["backup", str(tmp_path / "no" / "x.db")], {}),
            (["init-db"], {"STORYBOARD_DATA_DIR": "/proc/no-such-place"})]:
        result = storyboard_cli(*args, env=dict(env, **env_extra), check=False)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
