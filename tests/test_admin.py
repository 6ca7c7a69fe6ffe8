"""The admin's pages: only active admins see them; invites, deactivation, roles, the log."""
import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from storyboard import audit, colleagues, sessions, worker_invites, workers

from .conftest import PASSWORD_A, PASSWORD_B, token_from
from .test_colleagues import PASSWORD_C, signed_in, team  # noqa: F401  (the same world)
from .test_authorisation import world  # noqa: F401

PASSWORD_ADMIN = "the admin's long password"
PASSWORD_D = "a fourth long password"

# GET paths of the admin's pages -> status for the admin; everyone else gets 404.
ADMIN_GETS = {"/admin/workers": 200, "/admin/workers/1": 200, "/admin/log": 200,
              "/admin/log.csv": 200}
ADMIN_POSTS = ["/admin/workers", "/admin/workers/2/link", "/admin/workers/2/deactivate",
               "/admin/workers/2/reactivate", "/admin/workers/2/role",
               "/admin/workers/2/two-factor", "/admin/stories/1/handover"]


@pytest.fixture
def everyone(app, db, world, team):  # noqa: F811
    """Every kind of visitor: admin, owner, editor, viewer, other worker, anonymous, links."""
    ids, clients = world
    _ids, roles = team
    workers.create(db, "admin@example.org", "Ada", PASSWORD_ADMIN, role="admin")
    workers.create(db, "d@example.org", "Dirk", PASSWORD_D)
    return ids, {"admin": signed_in(app, "admin@example.org", PASSWORD_ADMIN),
                 "owner": clients["a"], "editor": roles["editor"], "viewer": roles["viewer"],
                 "other": signed_in(app, "d@example.org", PASSWORD_D), "anon": clients["anon"],
                 "inv_a": clients["inv_a"], "inv_b": clients["inv_b"], "rev_a": clients["rev_a"]}


@pytest.fixture
def clients(app, db):
    """An admin, the owner of story 1 and an editor of it, each signed in."""
    workers.create(db, "admin@example.org", "Ada", PASSWORD_ADMIN, role="admin")
    colleagues.add(db, 1, "b@example.org", "editor", 1)
    return {"admin": signed_in(app, "admin@example.org", PASSWORD_ADMIN),
            "owner": signed_in(app, "a@example.org", PASSWORD_A),
            "editor": signed_in(app, "b@example.org", PASSWORD_B)}


def token_of(client):
    page = client.get("/network/bye").get_data(as_text=True)
    return token_from(page) if 'name="csrf_token"' in page else ""


def test_only_an_active_admin_sees_the_admin_pages_everyone_else_gets_404(everyone, db):
    _ids, clients = everyone
    wrong = []
    for path, status in ADMIN_GETS.items():
        for actor, client in clients.items():
            want = status if actor == "admin" else 404
            got = client.get(path).status_code
            if got != want:
                wrong.append((path, actor, want, got))
    for path in ADMIN_POSTS:
        for actor, client in clients.items():
            if actor == "admin":
                continue
            got = client.post(path, data={"csrf_token": token_of(client), "confirm": "yes",
                                          "email": "x@example.org", "name": "X",
                                          "role": "admin", "to": "4"}).status_code
            if got != 404:
                wrong.append((path, actor, 404, got))
    assert wrong == []
    assert workers.by_email(db, "x@example.org") is None
    assert workers.is_active(workers.get(db, 2)) and workers.get(db, 2)["role"] == "worker"
    assert "Beheer" in clients["admin"].get("/stories").get_data(as_text=True)
    assert "Beheer" not in clients["owner"].get("/stories").get_data(as_text=True)


def test_a_deactivated_admin_gets_404_too(clients, db):
    workers.create(db, "boss@example.org", "Baas", PASSWORD_ADMIN, role="admin")
    boss = signed_in(clients["admin"].application, "boss@example.org", PASSWORD_ADMIN)
    workers.deactivate(db, workers.by_email(db, "boss@example.org")["id"])
    assert boss.get("/admin/workers").status_code == 404


def test_an_admin_is_no_colleague_the_list_shows_titles_only(clients, db):
    admin = clients["admin"]
    page = admin.get("/admin/workers").get_data(as_text=True)
    assert "Het verhaal van Mila" in page and "/stories/1" not in page
    assert re.search(r'data-worker="1"[^>]*data-state="active"', page)
    assert admin.get("/stories/1").status_code == 404
    assert admin.get("/stories/1/settings").status_code == 404
    assert any(r["action"] == "admin-viewed-workers" for r in db["audit"].rows)


def admin_post(client, path, **data):
    return client.post(path, data=dict(csrf_token=token_of(client), **data))


def link_in(page):
    found = re.search(r'data-password-link>(http[^<]+/welcome/([^<]+))</textarea>', page)
    assert found, page
    return found.group(1), found.group(2)


def test_invite_a_worker_who_sets_a_password_once_and_signs_in(clients, db, app):
    reply = admin_post(clients["admin"], "/admin/workers", email="New@Example.org",
                       name="Nora", role="worker")
    assert reply.status_code == 200
    url, token = link_in(reply.get_data(as_text=True))
    nora = workers.by_email(db, "new@example.org")
    assert nora["role"] == "worker" and workers.authenticate(db, nora["email"], "") is None
    row = next(db["worker_invites"].rows_where("worker_id = ?", [nora["id"]]))
    assert token not in str(row) and row["token_hash"] == worker_invites.hash_token(token)
    assert token not in str(list(db["audit"].rows))
    assert datetime.fromisoformat(row["expires"]) - datetime.fromisoformat(row["created"]) \
        == timedelta(hours=72)

    newcomer = app.test_client()
    page = newcomer.get(f"/welcome/{token}")
    assert page.status_code == 200 and "Nora" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    csrf = token_from(page.get_data(as_text=True))
    short = newcomer.post(f"/welcome/{token}", data={"csrf_token": csrf, "password": "kort",
                                                     "password_again": "kort"})
    assert short.status_code == 400 and "minstens 10 tekens" in short.get_data(as_text=True)
    differ = newcomer.post(f"/welcome/{token}", data={
        "csrf_token": csrf, "password": "a long new password", "password_again": "another"})
    assert differ.status_code == 400 and "niet dezelfde" in differ.get_data(as_text=True)
    done = newcomer.post(f"/welcome/{token}", data={
        "csrf_token": csrf, "password": "a long new password",
        "password_again": "a long new password"})
    assert done.status_code == 302 and done.location.startswith("/login?email=new")
    login = newcomer.get(done.location).get_data(as_text=True)
    assert 'value="new@example.org"' in login
    assert newcomer.get(f"/welcome/{token}").status_code == 410   # once only
    again = admin_post(clients["admin"], "/admin/workers", email="new@example.org",
                       name="Nora Twee", role="worker")
    assert again.status_code == 400 and 'value="Nora Twee"' in again.get_data(as_text=True)
    assert 'data-said="invite"' in again.get_data(as_text=True)
    assert signed_in(app, "new@example.org", "a long new password").get(
        "/stories").status_code == 200


def test_a_link_expires_after_72_hours(clients, db, app, monkeypatch):
    nora = workers.create(db, "n@example.org", "Nora", None)
    token, _expires = worker_invites.make(db, nora, 1)
    start = datetime.now(UTC)
    monkeypatch.setattr(worker_invites, "_now", lambda: start + timedelta(hours=71, minutes=59))
    assert worker_invites.check(db, token)[1]["id"] == nora
    monkeypatch.setattr(worker_invites, "_now", lambda: start + timedelta(hours=72, minutes=1))
    with pytest.raises(worker_invites.InviteGone):
        worker_invites.check(db, token)
    reply = app.test_client().get(f"/welcome/{token}")
    assert reply.status_code == 410
    assert "Vraag je Storyboard-beheerder om een nieuwe link" in reply.get_data(as_text=True)


def test_a_new_link_supersedes_the_old_one_and_wrong_tokens_are_rate_limited(clients, db, app):
    first = link_in(admin_post(clients["admin"], "/admin/workers/3/link").get_data(
        as_text=True))[1]
    second = link_in(admin_post(clients["admin"], "/admin/workers/3/link").get_data(
        as_text=True))[1]
    visitor = app.test_client()
    assert visitor.get(f"/welcome/{first}").status_code == 410
    assert visitor.get(f"/welcome/{second}").status_code == 200
    for _ in range(20):
        assert visitor.get("/welcome/guessed-token").status_code == 404
    assert visitor.get(f"/welcome/{second}").status_code == 429
    assert any(r["action"] == "password-link-made" for r in db["audit"].rows)


def test_deactivation_ends_sessions_at_once_and_sign_in_says_what_a_wrong_password_says(
        clients, db, app):
    owner = clients["owner"]
    assert owner.get("/stories/1").status_code == 200
    reply = admin_post(clients["admin"], "/admin/workers/1/deactivate")
    assert reply.status_code == 302 and workers.is_active(workers.get(db, 1))   # not confirmed
    reply = admin_post(clients["admin"], "/admin/workers/1/deactivate", confirm="yes")
    assert reply.status_code == 302 and not workers.is_active(workers.get(db, 1))
    assert sessions.count(db, 1) == 0
    assert owner.get("/stories/1").status_code == 302   # to the sign-in page
    fresh = app.test_client()
    csrf = token_from(fresh.get("/login").get_data(as_text=True))
    refused = fresh.post("/login", data={"email": "a@example.org", "password": PASSWORD_A,
                                         "csrf_token": csrf})
    wrong = fresh.post("/login", data={"email": "b@example.org", "password": "not it at all",
                                       "csrf_token": csrf})
    assert refused.status_code == wrong.status_code == 401
    sentence = "Het e-mailadres of het wachtwoord klopt niet"
    assert sentence in refused.get_data(as_text=True) and sentence in wrong.get_data(as_text=True)
    # The admin is asked to hand the stories over; links and stories stay.
    page = clients["admin"].get("/admin/workers").get_data(as_text=True)
    assert 'data-handover-needed="1"' in page and "Anja" in page
    assert db["stories"].get(1)["owner_id"] == 1
    reply = admin_post(clients["admin"], "/admin/workers/1/reactivate")
    assert workers.is_active(workers.get(db, 1))
    assert signed_in(app, "a@example.org", PASSWORD_A).get("/stories/1").status_code == 200


def test_no_admin_deactivates_themselves_and_the_last_admin_stays_one(clients, db):
    admin, me = clients["admin"], workers.by_email(db, "admin@example.org")["id"]
    admin_post(admin, f"/admin/workers/{me}/deactivate", confirm="yes")
    assert workers.is_active(workers.get(db, me))
    page = admin.get(f"/admin/workers/{me}").get_data(as_text=True)
    assert "eigen account" in page
    admin_post(admin, f"/admin/workers/{me}/role", role="worker")
    assert workers.get(db, me)["role"] == "admin"
    assert "laatste actieve beheerder" in admin.get(f"/admin/workers/{me}").get_data(
        as_text=True)
    admin_post(admin, "/admin/workers/2/role", role="admin")
    assert workers.get(db, 2)["role"] == "admin"
    reply = admin_post(admin, f"/admin/workers/{me}/role", role="worker")
    assert workers.get(db, me)["role"] == "worker" and reply.location.endswith("/stories")
    assert admin.get("/admin/workers").status_code == 404


@pytest.mark.parametrize("change", ["role", "deactivate"])
def test_two_admins_removing_each_other_at_once_leave_one_admin(app, db, monkeypatch, change):
    import threading
    import time

    from storyboard import accounts
    from storyboard import db as database
    one = workers.create(db, "one@example.org", "One", PASSWORD_ADMIN, role="admin")
    two = workers.create(db, "two@example.org", "Two", PASSWORD_ADMIN, role="admin")
    real = accounts.active_admins

    def slow(conn):   # both read "two admins" before either writes, unless the lock holds
        found = real(conn)
        time.sleep(0.3)
        return found
    monkeypatch.setattr(accounts, "active_admins", slow)
    refused = []

    def remove(actor, target):
        conn = database.connect(app.config["DATABASE"])
        try:
            if change == "role":
                accounts.set_role(conn, target, "worker", actor)
            else:
                accounts.deactivate(conn, target, actor)
        except Exception as err:  # noqa: BLE001 - the refusal is what we count
            refused.append(getattr(err, "code", repr(err)))
        finally:
            conn.conn.close()
    threads = [threading.Thread(target=remove, args=pair) for pair in ((one, two), (two, one))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused == ["last_admin"]
    assert len(accounts.active_admins(db)) == 1


def test_reset_two_factor_clears_the_key_and_the_recovery_codes(clients, db):
    db.execute("update workers set totp_secret = 'JBSWY3DPEHPK3PXP' where id = 2")
    db["recovery_codes"].insert({"worker_id": 2, "code_hash": "x"})
    db.conn.commit()
    page = clients["admin"].get("/admin/workers").get_data(as_text=True)
    assert re.search(r'data-worker="2".*?data-two-factor="on"', page, re.S)
    admin_post(clients["admin"], "/admin/workers/2/two-factor", confirm="yes")
    assert workers.get(db, 2)["totp_secret"] is None
    assert db.execute("select count(*) from recovery_codes where worker_id = 2").fetchone()[0] == 0
    assert clients["editor"].get("/stories").status_code == 302   # signed out


def test_the_log_shows_sign_ins_and_opened_stories_without_content(clients, db):
    clients["owner"].get("/stories/1")
    clients["owner"].get("/stories/1/settings")   # once per session, not per page
    opened = [r for r in db["audit"].rows if r["action"] == "story-opened" and r["actor"] ==
              "worker:1"]
    assert len(opened) == 1 and opened[0]["story_id"] == 1
    page = clients["admin"].get("/admin/log").get_data(as_text=True)
    assert 'data-action-row="login"' in page and 'data-action-row="story-opened"' in page
    assert "#1" in page and "Mila" not in page
    assert "opende een verhaal" in page and ">aangemeld <" in page   # words, with the code
    only_b = clients["admin"].get("/admin/log?worker=2").get_data(as_text=True)
    assert "Anja" not in only_b.split("data-list=\"log\"")[1]
    future = clients["admin"].get("/admin/log?from=2999-01-01").get_data(as_text=True)
    assert 'data-action-row="login"' not in future
    bad = clients["admin"].get("/admin/log?from=gisteren")
    assert bad.status_code == 200 and "jaar-maand-dag" in bad.get_data(as_text=True)
    reply = clients["admin"].get("/admin/log.csv?worker=1")
    assert reply.mimetype == "text/csv" and "attachment" in reply.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
    assert {r["action"] for r in rows} >= {"login", "story-opened"}
    assert all(r["actor"] == "worker:1" for r in rows) and "Mila" not in reply.get_data(
        as_text=True)
    assert any(r["action"] == "admin-downloaded-log" for r in db["audit"].rows)


def test_the_log_pages_by_100(clients, db):
    for _ in range(130):
        audit.log(db, "worker:1", "login", detail="password")
    first = clients["admin"].get("/admin/log").get_data(as_text=True)
    assert first.count("<tr data-action-row=") == 100 and 'data-action="older"' in first
    second = clients["admin"].get("/admin/log?page=2").get_data(as_text=True)
    assert 'data-action="newer"' in second and second.count("<tr data-action-row=") > 30


def test_failed_sign_ins_on_an_account_show_under_that_worker(app, clients, db):
    guess = app.test_client()
    token = token_from(guess.get("/login").get_data(as_text=True))
    for email in ("b@example.org", "nobody@example.org"):
        reply = guess.post("/login", data={"email": email, "password": "wrong password!",
                                           "csrf_token": token})
        assert reply.status_code == 401
    rows = [r for r in db["audit"].rows if r["action"] == "login-failed"]
    assert [(r["actor"], r["detail"]) for r in rows] == [("anonymous", "worker:2"),
                                                         ("anonymous", "")]
    only_b = clients["admin"].get("/admin/log?worker=2").get_data(as_text=True)
    assert 'data-action-row="login-failed"' in only_b
    only_a = clients["admin"].get("/admin/log?worker=1").get_data(as_text=True)
    assert 'data-action-row="login-failed"' not in only_a


def test_the_command_line_deactivates_lists_stories_to_hand_over_and_reactivates(runner, db):
    result = runner.invoke(args=["deactivate-worker", "a@example.org"])
    assert result.exit_code == 0, result.output
    assert "still own 1 story;" in result.output and "  1" in result.output
    assert not workers.is_active(workers.get(db, 1))
    result = runner.invoke(args=["reactivate-worker", "A@example.org"])
    assert result.exit_code == 0 and workers.is_active(workers.get(db, 1))
    result = runner.invoke(args=["deactivate-worker", "nobody@example.org"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_the_demo_worker_is_an_admin(db):
    from storyboard import demo
    worker, _ = demo.ensure_worker(db, "demo-password-123")
    assert worker["role"] == "admin"
    assert PASSWORD_B and PASSWORD_C
