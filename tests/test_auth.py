"""Signing in and out, CSRF, rate limits, isolation of a worker's stories."""
import pytest

from storyboard import workers

from .conftest import PASSWORD_A


def test_login_page_is_dutch_and_carries_a_csrf_token(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert "Aanmelden" in page and "Wachtwoord" in page


def test_login_sets_a_safe_session_cookie_and_shows_the_stories(client, auth):
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"].endswith("/stories")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Het verhaal van Mila" in client.get("/stories").get_data(as_text=True)


def test_wrong_password_gets_a_plain_sentence(client, auth):
    response = auth.login(password="wrong password here")
    assert response.status_code == 401
    assert "Het e-mailadres of het wachtwoord klopt niet" in response.get_data(as_text=True)
    assert client.get("/stories").status_code == 302


def test_repeated_failures_are_answered_with_429(client, auth):
    for _ in range(5):
        assert auth.login(password="nope nope nope").status_code == 401
    blocked = auth.login()  # even the right password waits now
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)


def test_missing_or_wrong_csrf_token_is_refused(client, auth):
    auth.login()
    missing = client.post("/stories/new", data={"title": "X", "child_name": "X",
                                                "child_age": "4"})
    assert missing.status_code == 400
    assert "formulier is verlopen" in missing.get_data(as_text=True)
    wrong = client.post("/logout", data={"csrf_token": "forged"})
    assert wrong.status_code == 400
    assert client.get("/stories").status_code == 200  # still signed in


def test_pages_need_a_signed_in_worker(client):
    response = client.get("/stories/1")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_sign_out_ends_the_session(client, auth):
    auth.login()
    auth.post("/logout")
    assert client.get("/stories").status_code == 302


@pytest.mark.real_password_cost
def test_passwords_are_stored_as_scrypt_hashes_at_werkzeugs_cost(db):
    stored = workers.by_email(db, "a@example.org")["password_hash"]
    assert stored.startswith("scrypt:32768:8:1$") and PASSWORD_A not in stored
    assert workers.authenticate(db, "a@example.org", PASSWORD_A)


def test_language_switch_shows_english(client, auth):
    auth.login()
    client.post("/language", data={"lang": "en", "next": "/stories",
                                   "csrf_token": auth.token("/stories")})
    page = client.get("/stories").get_data(as_text=True)
    assert "My stories" in page and "Mijn verhalen" not in page


def test_next_parameter_cannot_leave_the_site(client, auth):
    response = client.post("/login", data={"email": "a@example.org", "password": PASSWORD_A,
                                           "next": "//evil.example/", "csrf_token": auth.token()})
    assert response.headers["Location"] == "/stories"


def test_idle_sessions_end_after_thirty_minutes_and_any_after_twelve_hours(client, auth, db):
    import time
    auth.login()
    assert client.get("/stories").status_code == 200
    with db.conn:
        db.execute("update worker_sessions set seen = ?", [time.time() - 31 * 60])
    response = client.get("/stories")
    assert response.status_code == 302
    assert "zonder activiteit" in client.get("/login").get_data(as_text=True)
    assert db.execute("select count(*) from worker_sessions").fetchone()[0] == 0
    auth.login()
    with db.conn:
        db.execute("update worker_sessions set started = ?, seen = ?",
                   [time.time() - 12 * 3600 - 5, time.time()])
    assert client.get("/stories").status_code == 302


def test_under_tls_the_cookie_is_secure_host_only_and_hsts_is_sent(tmp_path):
    from storyboard import create_app, workers
    from storyboard import db as database
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "SECURE_COOKIES": True})
    conn = database.connect(app.config["DATABASE"])
    workers.create(conn, "t@example.org", "T", PASSWORD_A)
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost")
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    reply = client.post("/login", data={"email": "t@example.org", "password": PASSWORD_A,
                                        "csrf_token": token}, base_url="https://localhost")
    cookie = reply.headers["Set-Cookie"]
    assert cookie.startswith("__Host-storyboard=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie
