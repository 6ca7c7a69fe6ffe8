"""Settings: STORYBOARD_* through Flask's from_prefixed_env, typed as the README documents."""
import re
from pathlib import Path

import pytest
from flask import Config

from storyboard import config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
TYPE_WORDS = {str: {"text", "path", "URL"}, int: {"whole number"}, float: {"number"},
              bool: {"true/false"}}


def _table():
    """Return the README's Settings table as {variable: (default, type)}."""
    section = README.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def _documented_default(text):
    """Turn the README's default column into a value: `60` -> 60, unset -> None."""
    if not text.startswith("`"):
        return None  # "unset", "found on `PATH`"
    value = text.strip("`")
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    return value.removeprefix("./")


@pytest.fixture
def environ(monkeypatch):
    """A clean STORYBOARD_* environment; returns a setter."""
    import os
    for name in list(os.environ):
        if name.startswith("STORYBOARD_"):
            monkeypatch.delenv(name)

    def set_(**values):
        for key, value in values.items():
            monkeypatch.setenv(f"STORYBOARD_{key}", value)
    return set_


def _load(test_config=None):
    return config.load(Config("."), test_config)


def test_every_setting_is_in_the_readme_table_with_its_default_and_type():
    table = _table()
    for key, default in config.DEFAULTS.items():
        name = f"STORYBOARD_{key}"
        assert name in table, f"{name} is missing from the README's Settings table"
        documented, kind = table[name]
        expected = float(default) if isinstance(default, (int, float)) and \
            not isinstance(default, bool) else default
        assert _documented_default(documented) == expected, name
        assert kind in TYPE_WORDS[config.TYPES[key]], name
    assert set(config.TYPES) == set(config.DEFAULTS)


def test_the_readme_table_names_no_setting_the_code_lacks():
    for name in _table():
        if name.startswith("STORYBOARD_"):
            key = name.removeprefix("STORYBOARD_")
            assert key in config.DEFAULTS or key in config.NOT_SETTINGS, name


def test_defaults_without_environment(environ):
    settings = _load()
    assert {key: settings[key] for key in config.DEFAULTS} == config.DEFAULTS
    assert type(settings["RENDER_TIMEOUT"]) is float


def test_environment_values_get_their_documented_types(environ):
    environ(RENDER_TIMEOUT="60", RENDER_RESTART_AFTER="50", PROXIES=" 2 ", IDLE_MINUTES="45.0",
            SECURE_COOKIES="yes", DATA_DIR="2025", BASE_URL="https://sb.example.org",
            BROWSER_WS="ws://render:3000/", CHROMIUM="")
    settings = _load()
    assert settings["RENDER_TIMEOUT"] == 60.0 and type(settings["RENDER_TIMEOUT"]) is float
    assert settings["RENDER_RESTART_AFTER"] == 50
    assert settings["PROXIES"] == 2 and type(settings["PROXIES"]) is int
    assert settings["IDLE_MINUTES"] == 45 and type(settings["IDLE_MINUTES"]) is int
    assert settings["SECURE_COOKIES"] is True
    assert settings["DATA_DIR"] == "2025"  # JSON would have made it a number
    assert settings["BASE_URL"] == "https://sb.example.org"
    assert settings["BROWSER_WS"] == "ws://render:3000/"
    assert settings["CHROMIUM"] is None  # empty counts as unset


@pytest.mark.parametrize("raw, expected", [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
    ("false", False), ("0", False), ("no", False), ("off", False), ("", False)])
def test_true_false_words(environ, raw, expected):
    environ(SECURE_COOKIES=raw)
    assert _load()["SECURE_COOKIES"] is expected


@pytest.mark.parametrize("key, raw", [
    ("PROXIES", "many"), ("PROXIES", "-1"), ("PROXIES", "1.5"), ("PROXIES", "true"),
    ("IDLE_MINUTES", "[30]"), ("RENDER_TIMEOUT", "NaN"), ("RENDER_TIMEOUT", "soon"),
    ("SECURE_COOKIES", "maybe"), ("SECURE_COOKIES", "2")])
def test_a_value_of_the_wrong_type_is_refused_by_name(environ, key, raw):
    environ(**{key: raw})
    with pytest.raises(config.SettingError, match=f"STORYBOARD_{key} must be"):
        _load()


def test_test_config_wins_and_is_typed_too(environ, tmp_path):
    environ(IDLE_MINUTES="45", SECURE_COOKIES="true")
    settings = _load({"IDLE_MINUTES": 5, "DATA_DIR": tmp_path, "SECRET_KEY": "x"})
    assert settings["IDLE_MINUTES"] == 5
    assert settings["DATA_DIR"] == str(tmp_path)
    assert settings["SECURE_COOKIES"] is True and settings["SECRET_KEY"] == "x"


def test_the_password_is_not_kept_among_the_settings(environ):
    environ(PASSWORD="123456")
    assert "PASSWORD" not in _load()


def test_other_flask_settings_can_be_given_the_same_way(environ):
    environ(MAX_FORM_PARTS="500")
    assert _load()["MAX_FORM_PARTS"] == 500


def test_resources_are_found_in_the_checkout():
    assert config.resource("templates", "base.html").is_file()
    assert config.resource("static", "panels", "manifest.json").is_file()
    assert config.resource("translations", "nl", "LC_MESSAGES", "messages.po").is_file()
    assert config.resource() == config.ROOT
