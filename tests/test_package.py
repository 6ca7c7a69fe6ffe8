"""The wheel is a whole app: built, installed without -e, run from an empty folder.

The wheel is built from this checkout without build isolation (hatchling and Babel come
from the test extra, so no network is needed) and installed into a fresh venv. Rather
than installing the dependencies again (a minute of numpy and scipy), that venv gets a
.pth line naming this environment's site-packages. A plain path line in a .pth puts the
folder on sys.path without running the .pth files inside it, so the editable install of
the checkout there stays switched off; the test checks that storyboard is imported from
the temporary venv and that every picture, template and catalogue comes from the wheel.
"""
import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                            timeout=kwargs.pop("timeout", 120), **kwargs)
    assert result.returncode == 0, f"{args[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    offline = find_spec("hatchling") is not None  # else pip fetches the build backend
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out,
          *(["--no-build-isolation"] if offline else []), ROOT], cwd=out, timeout=300)
    (built,) = out.glob("storyboard-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """Return (venv, environment for its commands, an empty working folder)."""
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                         "['purelib'])"]).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (purelib / "project-dependencies.pth").write_text("".join(f"{p}\n" for p in ours))
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-index",
          "--quiet", wheel])
    work = base / "empty"
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STORYBOARD_", "PYTHON", "FLASK_"))}
    env.update(STORYBOARD_DATA_DIR=str(base / "data"), STORYBOARD_PASSWORD="wheel-test-1234")
    return venv, env, work


def test_the_wheel_carries_the_site(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    site = "storyboard/_site/"
    manifest = json.loads(zipfile.ZipFile(wheel).read(site + "static/panels/manifest.json"))
    expected = {site + "templates/base.html", site + "templates/auth/login.html",
                site + "static/css/app.css", site + "static/vendor/Sortable.min.js",
                site + "translations/nl/LC_MESSAGES/messages.mo",
                "storyboard/__init__.py", "storyboard/cli.py"}
    expected |= {site + "static/panels/" + p["file"] for p in manifest["pictures"]}
    expected |= {site + "static/panels/" + p["file"] for p in manifest["parts"]}
    assert expected <= names, sorted(expected - names)
    for folder in ("templates", "static"):
        on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts}
        assert {site + n for n in on_disk} <= names, folder
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_storyboard_is_the_wheel_not_the_checkout(installed):
    venv, env, work = installed
    found = _run([venv / "bin" / "python", "-c",
                  "import storyboard, storyboard.config as c, storyboard.library as l; "
                  "print(storyboard.__file__); print(c.ROOT); print(l.PANELS_DIR)"],
                 cwd=work, env=env).stdout.split()
    for path in found:
        assert Path(path).is_relative_to(venv), found
        assert not Path(path).is_relative_to(ROOT / "storyboard"), found
    assert Path(found[1]).name == "_site"


def test_init_db_demo_render_and_serve_from_an_empty_folder(installed):
    venv, env, work = installed
    storyboard = venv / "bin" / "storyboard"
    assert "Database ready" in _run([storyboard, "init-db"], cwd=work, env=env).stdout
    story_id = _run([storyboard, "demo"], cwd=work, env=env).stdout.split()[-1]
    assert story_id.isdigit()
    _run([storyboard, "render", story_id, "--out", "book.html", "--format", "html"],
         cwd=work, env=env)
    book = (work / "book.html").read_text("utf-8")
    assert book.count("<svg") >= 5  # library pictures inlined from the wheel's panels

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (work / "serve.log").open("w")
    server = subprocess.Popen([storyboard, "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        status, _, page = _get(f"{base}/login", wait=30, server=server, log=work / "serve.log")
        assert status == 200
        # Dutch by default: the catalogue compiled into the wheel is in use.
        assert '<html lang="nl"' in page and _dutch("Sign in") in page
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        status, kind, css = _get(base + stylesheet)
        assert status == 200 and kind.startswith("text/css") and len(css) > 1000
        manifest = json.loads((Path(_site(venv)) / "static/panels/manifest.json").read_text())
        picture = manifest["pictures"][0]["file"]
        status, kind, svg = _get(f"{base}/static/panels/{picture}")
        assert status == 200 and kind.startswith("image/svg+xml") and "<svg" in svg
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _get(url, wait=0, server=None, log=None):
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return (response.status, response.headers.get("Content-Type", ""),
                        response.read().decode("utf-8"))
        except OSError:
            if server is not None and server.poll() is not None:
                pytest.fail(f"storyboard serve exited:\n{Path(log).read_text()}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _site(venv):
    (site,) = venv.glob("lib/python*/site-packages/storyboard/_site")
    return site


def _dutch(english):
    with (ROOT / "translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f)[english].string

