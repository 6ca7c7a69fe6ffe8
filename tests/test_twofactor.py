"""Two-factor sign-in with real TOTP codes: set-up, codes used once, lockout, recovery."""
import os
import re
import time

import pyotp
import pytest

from storyboard import twofactor, workers

from .conftest import PASSWORD_A, serving, storyboard_cli, token_from

CODE_RE = re.compile(r"data-recovery-code>([a-z2-9]{5}-[a-z2-9]{5})<")


def now_code(secret, offset=0):
    """Return the real code an authenticator app shows, offset steps from now."""
    return pyotp.TOTP(secret).at(time.time() + offset * 30)


def wrong_code(secret):
    """Return six digits that fit none of the steps a code may come from now."""
    valid = {now_code(secret, k) for k in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in valid)


def give_secret(db, worker_id=1):
    secret = pyotp.random_base32()
    db.execute("update workers set totp_secret = ? where id = ?", [secret, worker_id])
    db.conn.commit()
    return secret


def post(client, path, data):
    token = token_from(client.get(path, follow_redirects=True).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def signed_in(client):
    return client.get("/stories").status_code == 200


def key_on(page_html):
    """Return the key the set-up page shows as text, without its spaces."""
    match = re.search(r"data-totp-key>([A-Z2-7 ]+)<", page_html)
    assert match, "no key in the set-up page"
    return match.group(1).replace(" ", "")


def set_up(client, auth):
    """Sign in as A under REQUIRE_2FA, set up the app; return (secret, recovery codes)."""
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/setup")
    page = client.get("/login/setup")
    secret = key_on(page.get_data(as_text=True))
    done = post(client, "/login/setup", {"code": now_code(secret)})
    assert done.status_code == 200
    return secret, CODE_RE.findall(done.get_data(as_text=True))


def sign_out(client):
    client.post("/logout", data={"csrf_token": token_from(
        client.get("/stories").get_data(as_text=True))})
    assert not signed_in(client)


@pytest.fixture
def required(app):
    app.config["REQUIRE_2FA"] = True
    return app


def test_required_two_factor_forces_set_up_and_shows_ten_codes_once(required, client, auth, db):
    auth.login()
    assert client.get("/stories/1").status_code == 302  # password alone opens nothing
    page = client.get("/login/setup")
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert 'src="data:image/svg+xml' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html
    secret = key_on(html)
    assert db["workers"].get(1)["totp_pending"] == secret and not db["workers"].get(1)["totp_secret"]
    assert key_on(client.get("/login/setup").get_data(as_text=True)) == secret  # a reload: same key

    done = post(client, "/login/setup", {"code": " ".join([now_code(secret)[:3],
                                                            now_code(secret)[3:]])})
    html = done.get_data(as_text=True)
    codes = CODE_RE.findall(html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "data-action=\"codes-stored\"" in html and done.headers["Cache-Control"] == "no-store"
    assert signed_in(client) and client.get("/stories/1").status_code == 200
    row = db["workers"].get(1)
    assert row["totp_secret"] == secret and row["totp_pending"] is None
    stored = [r["code_hash"] for r in db["recovery_codes"].rows_where("worker_id = 1")]
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    actions = [(r["action"], r["detail"]) for r in db["audit"].rows_where("actor = 'worker:1'")]
    assert ("totp-enabled", "") in actions and ("login", "password+totp") in actions


def test_a_wrong_set_up_code_keeps_the_key_and_says_so(required, client, auth, db):
    auth.login()
    secret = key_on(client.get("/login/setup").get_data(as_text=True))
    response = post(client, "/login/setup", {"code": wrong_code(secret)})
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert key_on(html) == secret and "flash-error" in html
    assert not signed_in(client) and db["workers"].get(1)["totp_secret"] is None


def test_a_code_is_never_accepted_twice(client, auth, db):
    secret = give_secret(db)  # REQUIRE_2FA is off: a worker with a key is asked all the same
    response = auth.login()
    assert response.headers["Location"].endswith("/login/code")
    code = now_code(secret)
    assert post(client, "/login/code", {"code": code}).status_code == 302
    assert signed_in(client)
    sign_out(client)
    auth.login()
    refused = post(client, "/login/code", {"code": code})
    assert refused.status_code == 401 and not signed_in(client)
    assert "flash-error" in refused.get_data(as_text=True)
    # The step before is older than the one used: refused too.
    assert post(client, "/login/code", {"code": now_code(secret, -1)}).status_code == 401
    assert post(client, "/login/code", {"code": now_code(secret, 1)}).status_code == 302
    assert signed_in(client)


def test_two_requests_with_one_code_cannot_both_win(db):
    secret = give_secret(db)
    code = now_code(secret)
    assert twofactor.verify(db, 1, code) is True
    assert twofactor.verify(db, 1, code) is False
    assert twofactor.verify(db, 1, "12345") is False and twofactor.verify(db, 1, None) is False


def test_wrong_codes_lock_out_and_a_right_code_waits_for_the_window(client, auth, db, app):
    secret = give_secret(db)
    auth.login()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert post(client, "/login/code", {"code": wrong_code(secret)}).status_code == 401
    locked = post(client, "/login/code", {"code": wrong_code(secret)})
    assert locked.status_code == 429 and 'data-error="429"' in locked.get_data(as_text=True)
    assert client.get("/login/code").headers["Location"].endswith("/login")  # sign-in ended

    auth.login()  # the password is still right, but codes wait for the window
    right = now_code(secret)
    assert post(client, "/login/code", {"code": right}).status_code == 429
    assert not signed_in(client)

    db.execute("update failures set at = at - ?", [app.config["LOGIN_WINDOW_SECONDS"] + 1])
    db.conn.commit()
    auth.login()
    assert post(client, "/login/code", {"code": right}).status_code == 302
    assert signed_in(client)
    failed = list(db["audit"].rows_where("actor = 'worker:1' and action = 'totp-failed'"))
    assert len(failed) == limit


def test_a_recovery_code_works_once(required, client, auth, db):
    _secret, codes = set_up(client, auth)
    sign_out(client)
    auth.login()
    response = post(client, "/login/code", {"recovery_code": codes[0]})
    assert response.status_code == 302 and signed_in(client)
    assert "9" in client.get("/account/two-factor").get_data(as_text=True)
    assert twofactor.recovery_codes_left(db, 1) == 9
    assert list(db["audit"].rows_where("action = 'recovery-code-used'"))[0]["detail"] == "left:9"
    sign_out(client)
    auth.login()
    again = post(client, "/login/code", {"recovery_code": codes[0]})
    assert again.status_code == 401 and not signed_in(client)
    assert "data-recovery-option open" in again.get_data(as_text=True)
    typed = " " + codes[1].upper().replace("-", " ") + " "  # case, spaces: still the code
    assert post(client, "/login/code", {"recovery_code": typed}).status_code == 302
    assert signed_in(client)


def test_a_pending_sign_in_opens_nothing_and_expires(client, auth, db):
    secret = give_secret(db)
    auth.login()
    for path in ("/stories", "/stories/1", "/account/two-factor"):
        response = client.get(path)
        assert response.status_code == 302 and "/login?" in response.headers["Location"]
    assert client.get("/login/code").status_code == 200
    with client.session_transaction() as session:
        pending = session["pending_2fa"]
        session["pending_2fa"] = {**pending, "at": pending["at"] - twofactor.PENDING_SECONDS - 1}
    assert client.get("/login/code").headers["Location"].endswith("/login")
    assert post(client, "/login/code", {"code": now_code(secret)}).status_code == 302
    assert not signed_in(client)


def test_the_next_page_survives_the_code(client, db):
    secret = give_secret(db)
    token = token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": "a@example.org", "password": PASSWORD_A,
                                "csrf_token": token, "next": "/stories/1"})
    response = post(client, "/login/code", {"code": now_code(secret)})
    assert response.headers["Location"] == "/stories/1"


def test_without_required_two_factor_and_without_a_key_the_password_is_enough(client, auth, db):
    response = auth.login()
    assert response.headers["Location"].endswith("/stories") and signed_in(client)
    assert list(db["audit"].rows_where("action = 'login'"))[-1]["detail"] == "password"


def test_a_deactivated_worker_s_pending_sign_in_ends(client, auth, db):
    secret = give_secret(db)
    auth.login()
    workers.deactivate(db, 1)
    assert client.get("/login/code").headers["Location"].endswith("/login")
    assert post(client, "/login/code", {"code": now_code(secret)}).status_code == 302
    assert not signed_in(client)


def test_a_worker_sets_up_two_factor_and_renews_codes_of_their_own_accord(client, auth, db):
    auth.login()
    assert 'data-two-factor="off"' in client.get("/account/two-factor").get_data(as_text=True)
    assert 'href="/account/two-factor"' in client.get("/stories").get_data(as_text=True)
    secret = key_on(client.get("/account/two-factor/setup").get_data(as_text=True))
    wrong = post(client, "/account/two-factor/setup", {"code": wrong_code(secret)})
    assert wrong.status_code == 401 and key_on(wrong.get_data(as_text=True)) == secret
    first = CODE_RE.findall(post(client, "/account/two-factor/setup",
                                 {"code": now_code(secret)}).get_data(as_text=True))
    assert len(first) == 10 and signed_in(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'data-two-factor="on"' in page and 'data-codes-left="10"' in page
    assert client.get("/account/two-factor/setup").status_code == 302  # set up already

    refused = post(client, "/account/two-factor/recovery-codes", {"code": wrong_code(secret)})
    assert refused.status_code == 302 and twofactor.recovery_codes_left(db, 1) == 10
    renewed = post(client, "/account/two-factor/recovery-codes", {"code": now_code(secret, 1)})
    second = CODE_RE.findall(renewed.get_data(as_text=True))
    assert len(second) == 10 and not set(first) & set(second)
    assert not twofactor.use_recovery_code(db, 1, first[0])
    assert twofactor.use_recovery_code(db, 1, second[0])
    assert list(db["audit"].rows_where("action = 'recovery-codes-renewed'"))


def test_reset_2fa_clears_the_key_and_codes(required, client, auth, db, runner):
    set_up(client, auth)
    result = runner.invoke(args=["reset-2fa", "A@example.org"])
    assert result.exit_code == 0, result.output
    row = db["workers"].get(1)
    assert row["totp_secret"] is None and row["totp_last_step"] is None
    assert twofactor.recovery_codes_left(db, 1) == 0
    assert list(db["audit"].rows_where("action = 'totp-reset' and actor = 'cli'"))
    assert not signed_in(client)  # their sessions ended
    assert auth.login().headers["Location"].endswith("/login/setup")  # set up anew
    unknown = runner.invoke(args=["reset-2fa", "nobody@example.org"])
    assert unknown.exit_code == 1 and "does not exist" in unknown.output


# --- in a real browser ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server_2fa(tmp_path_factory):
    """`storyboard serve` with STORYBOARD_REQUIRE_2FA=true and worker A."""
    data = tmp_path_factory.mktemp("twofactor")
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(data), STORYBOARD_PASSWORD=PASSWORD_A,
               STORYBOARD_REQUIRE_2FA="true")
    storyboard_cli("create-worker", "a@example.org", "--name", "Anja", env=env)
    with serving(env) as url:
        yield url


@pytest.mark.browser
def test_setting_up_two_factor_in_the_browser(server_2fa, page):
    from playwright.sync_api import expect
    page.goto(server_2fa + "/login")
    page.fill("#email", "a@example.org")
    page.fill("#password", PASSWORD_A)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/setup$"))
    expect(page.locator("[data-totp-qr]")).to_be_visible()
    secret = page.locator("[data-totp-key]").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    codes = page.locator("[data-recovery-code]")
    expect(codes).to_have_count(10)
    page.click("[data-action=codes-stored]")
    expect(page).to_have_url(re.compile(r"/stories$"))
    expect(page.locator("[data-action=logout]")).to_be_visible()
