"""Defaults and STORYBOARD_* environment overrides."""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
}

_TYPES = {"RENDER_TIMEOUT": float, "RENDER_RESTART_AFTER": int, "IDLE_MINUTES": int,
          "SESSION_HOURS": int, "RETENTION_MONTHS": int, "PROXIES": int,
          "LOGIN_MAX_FAILURES": int, "LOGIN_WINDOW_SECONDS": int}


def _parse(key, raw):
    """Turn an environment string into the type of its default."""
    if key == "SECURE_COOKIES":
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return _TYPES.get(key, str)(raw)


def from_environment(environ=os.environ):
    """Return the settings, with STORYBOARD_* variables applied over the defaults."""
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        raw = environ.get(f"STORYBOARD_{key}")
        if raw not in (None, ""):
            settings[key] = _parse(key, raw)
    return settings


def secret_key(data_dir):
    """Read the generated secret key from the data directory, creating it once."""
    path = Path(data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()
