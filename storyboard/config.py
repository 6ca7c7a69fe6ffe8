"""Settings (defaults, types, STORYBOARD_* overrides) and where the shipped files are.

Settings: `load(app.config, test_config)` applies, in this order, DEFAULTS, every
STORYBOARD_* environment variable (Flask's `from_prefixed_env`: STORYBOARD_PROXIES=2 sets
PROXIES; values are read as JSON when they parse, so "60" arrives as 60 and "true" as True)
and `test_config`, then turns each setting named in DEFAULTS into its type in TYPES, so
"yes" still means True and 60 means 60.0 seconds, and refuses a value that is not of that
type with a SettingError naming the variable. An empty variable counts as unset. The
README's "Settings" table documents every key of DEFAULTS (tests/test_settings.py checks
that the two agree); keep them in step.

Files: templates/, static/ (with static/panels/, the picture library) and translations/
are read through `resource(...)`. In a checkout (editable install, `make run`, tests) they
are the repository's own folders; an installed wheel carries them in storyboard/_site/
(see pyproject.toml and hatch_build.py). ROOT is the folder that holds all three.
"""
import os
import secrets
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = PACKAGE_DIR / "_site"  # only inside an installed wheel
ROOT = _BUNDLED if (_BUNDLED / "templates").is_dir() else PACKAGE_DIR.parent


def resource(*parts):
    """Return the path of a shipped file or folder, e.g. resource("static", "panels")."""
    return ROOT.joinpath(*parts)


# Every setting, its default (None: unset) and its type. Documented in README.md, "Settings".
DEFAULTS = {
    "DATA_DIR": "instance",
    "BASE_URL": "http://127.0.0.1:5000",
    "CHROMIUM": None,
    "BROWSER_WS": None,
    "RENDER_TIMEOUT": 60.0,
    "RENDER_RESTART_AFTER": 200,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_SECONDS": 900,
    "SECURE_COOKIES": False,
    "IDLE_MINUTES": 30,
    "SESSION_HOURS": 12,
    "RETENTION_MONTHS": 12,
    "PROXIES": 0,
    "REQUIRE_2FA": False,
    "OIDC_ISSUER": None,
    "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None,
    "OIDC_CREATE": False,
}

TYPES = {
    "DATA_DIR": str,
    "BASE_URL": str,
    "CHROMIUM": str,
    "BROWSER_WS": str,
    "RENDER_TIMEOUT": float,
    "RENDER_RESTART_AFTER": int,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_WINDOW_SECONDS": int,
    "SECURE_COOKIES": bool,
    "IDLE_MINUTES": int,
    "SESSION_HOURS": int,
    "RETENTION_MONTHS": int,
    "PROXIES": int,
    "REQUIRE_2FA": bool,
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_CREATE": bool,
}

PREFIX = "STORYBOARD"
# STORYBOARD_* variables that are inputs to one command, not settings of the app.
NOT_SETTINGS = ("PASSWORD",)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(ValueError):
    """A STORYBOARD_* value that is not of its setting's type."""


def load(app_config, test_config=None):
    """Fill a Flask config with the settings: defaults, STORYBOARD_*, test_config; typed."""
    test_config = test_config or {}
    app_config.from_mapping(DEFAULTS)
    app_config.from_prefixed_env(PREFIX)
    for key in NOT_SETTINGS:
        app_config.pop(key, None)
    app_config.update(test_config)
    for key, kind in TYPES.items():
        raw = None if key in test_config else os.environ.get(f"{PREFIX}_{key}")
        app_config[key] = convert(key, app_config[key], kind, raw)
    return app_config


def convert(key, value, kind, raw=None):
    """Return `value` as `kind`; `raw` is the environment's own text when it came from there."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULTS[key]  # unset or empty: the default
    if kind is str:
        if isinstance(value, str):
            return value
        # JSON made something else of the text (STORYBOARD_DATA_DIR=2025): keep the text.
        if raw is not None:
            return raw
        return os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise SettingError(f"{PREFIX}_{key} must be true or false, not {_shown(raw, value)}")
    if not isinstance(value, bool):
        try:
            number = float(value) if kind is float else _whole(value)
        except (TypeError, ValueError, OverflowError):
            pass
        else:
            if number >= 0 and number == number and number != float("inf"):
                return number
    what = "a number of 0 or more" if kind is float else "a whole number of 0 or more"
    raise SettingError(f"{PREFIX}_{key} must be {what}, not {_shown(raw, value)}")


def _whole(value):
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    return int(str(value).strip())


def _shown(raw, value):
    return repr(raw if raw is not None else value)


def secret_key(data_dir):
    """Read the generated secret key from the data directory, creating it once."""
    path = Path(data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked: processes starting together
        # never read a half-written key, and the first key linked is everyone's key.
        tmp = path.with_name(f".secret_key-{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip()
