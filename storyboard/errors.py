"""Domain errors that carry a message code; views translate the code."""


class DomainError(Exception):
    """Base for errors that a user can be told about."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class Invalid(DomainError):
    """The input breaks a rule; nothing was changed."""


class NotFound(DomainError):
    """No such thing, or not yours."""


class Conflict(DomainError):
    """The story changed since the version the edit was based on."""

    def __init__(self, code="stale_version", current=None, **params):
        super().__init__(code, **params)
        self.current = current


def text_field(value):
    """Return a form or JSON value as text: None becomes "", anything but text is refused."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("value_invalid")
    return str(value)


MAX_ID = 2**63 - 1  # SQLite's largest integer


def parse_id(value, code="id_invalid"):
    """Return a form or JSON value as a row id, or raise Invalid with a plain code."""
    text = text_field(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > MAX_ID:
        raise Invalid(code)
    return int(text)
