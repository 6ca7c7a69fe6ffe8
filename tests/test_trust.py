"""Nothing comes back: ids, sessions, consent and limits, tried as an attacker would."""
import re

import pytest
from flask.sessions import SecureCookieSessionInterface

from storyboard import (audit, create_app, erasure, exchange, links, panels, sessions, stories,
                        workers)
from storyboard import db as database
from storyboard.errors import NotFound

from .conftest import PASSWORD_A, PASSWORD_B, token_from


def new_story(db, child="Bo", owner=1):
    """Create a story with one shared panel; return (story_id, panel_id)."""
    story_id = stories.create(db, owner, {"title": f"Het verhaal van {child}",
                                          "child_name": child, "child_age": 6, "language": "nl"})
    panel_id, _ = panels.add(db, story_id, 1, {"caption": f"{child} woont bij oma.",
                                               "section": "safety", "shared_with_network": "1"},
                             owner, consent_by="parents")
    return story_id, panel_id


def erase(app, db, story_id):
    erasure.erase(db, story_id, app.config["UPLOAD_DIR"], app.config["CACHE_DIR"], "cli")


def import_other_family(app, db):
    """Import another family's story (Noor) and share its first panel with agreement."""
    source, _ = new_story(db, child="Noor")
    blob = exchange.export_story(db, source)
    erase(app, db, source)
    story_id = exchange.import_story(db, blob, 1)
    first = panels.for_story(db, story_id)[0]
    assert first["shared_with_network"] == 0  # an import arrives unshared
    panels.update(db, story_id, first["id"], stories.get(db, story_id)["version"],
                  {"shared_with_network": "1"}, 1, consent_by="mother")
    return story_id


def session_of(app, client):
    """Return the decoded session of a test client's cookie."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(cookie.value) if cookie else {}


@pytest.mark.parametrize("kind, path, page", [("invite", "i", "/network"),
                                              ("review", "r", "/review")])
def test_an_old_link_cookie_never_opens_another_familys_story(app, db, kind, path, page):
    story_b, panel_b = new_story(db, child="Bo")
    token, link_b = links.make(db, story_b, kind, "Oma Rita", "oma", "family")
    guest = app.test_client()
    guest.get(f"/{path}/{token}")
    assert "Bo woont bij oma." in guest.get(page).get_data(as_text=True)
    csrf = token_from(guest.get(page).get_data(as_text=True))

    erase(app, db, story_b)
    story_c = import_other_family(app, db)
    _, link_c = links.make(db, story_c, kind, "Juf Ann", "juf", "school")
    assert story_c != story_b and link_c["id"] != link_b["id"]
    assert {p["id"] for p in panels.for_story(db, story_c)}.isdisjoint({panel_b})

    reply = guest.get(page)
    html = reply.get_data(as_text=True)
    assert reply.status_code in (404, 410) and "Noor" not in html
    shared_c = panels.for_story(db, story_c)[0]["id"]
    if kind == "invite":
        guest.post("/network/contribute", data={"csrf_token": csrf, "kind": "detail",
                                                "panel": shared_c, "text": "Binnengedrongen."})
        assert db.execute("select count(*) from contributions").fetchone()[0] == 0
    else:
        guest.post("/review/decide", data={"csrf_token": csrf, "decision": "agree",
                                           "version": stories.get(db, story_c)["version"],
                                           "name": "X"})
        guest.post("/review/comment", data={"csrf_token": csrf, "text": "Binnengedrongen."})
        assert db.execute("select count(*) from agreements").fetchone()[0] == 0
        assert db.execute("select count(*) from comments").fetchone()[0] == 0


def test_a_link_session_is_checked_against_its_token_and_story_on_every_request(app, db):
    story_id, _ = new_story(db)
    token, link = links.make(db, story_id, "invite", "Oma Rita", "oma", "family")
    guest = app.test_client()
    guest.get(f"/i/{token}")
    held = session_of(app, guest)["invite"]
    assert token not in repr(held) and held["story"] == story_id
    with guest.session_transaction() as s:  # a forged story id, with a valid signature
        s["invite"] = dict(held, story=1)
    assert guest.get("/network").status_code == 404
    with guest.session_transaction() as s:
        s["invite"] = link["id"]  # the old form of the cookie: only a row id
    assert guest.get("/network").status_code == 404


@pytest.mark.parametrize("end", ["revoke", "expire", "erase"])
def test_revoking_expiring_or_erasing_ends_the_link_session_at_once(app, db, end):
    story_id, _ = new_story(db)
    token, link = links.make(db, story_id, "review", "Sarah")
    guest = app.test_client()
    guest.get(f"/r/{token}")
    assert guest.get("/review").status_code == 200
    if end == "revoke":
        links.revoke(db, link["id"])
    elif end == "expire":
        with db.conn:
            db.execute("update links set expires = '2000-01-01T00:00:00+00:00'")
    else:
        erase(app, db, story_id)
    assert guest.get("/review").status_code in (404, 410)
    assert guest.get("/review").status_code == 404  # and the cookie forgot it


def test_every_table_with_an_outside_id_never_reuses_it(db):
    for (name, sql) in db.execute("select name, sql from sqlite_master where type = 'table'"):
        if re.search(r'^\s*"id" INTEGER PRIMARY KEY', sql, re.MULTILINE) \
                and not name.startswith("_sqlite"):
            assert "AUTOINCREMENT" in sql, name
    story_id, _ = new_story(db)
    stories.delete(db, story_id)
    assert new_story(db)[0] == story_id + 1


def test_the_migration_keeps_rows_and_seeds_ids_past_the_log(tmp_path):
    old = database.connect(tmp_path / "old.db")
    database.migrations.apply(old, stop_before="ids_never_reused")
    # The workers table as it was then (workers.create writes today's columns).
    worker = old["workers"].insert({"email": "w@example.org", "name": "W", "created": "x",
                                    "password_hash": "x"}).last_pk
    first = stories.create(old, worker, {"title": "T", "child_name": "A", "child_age": 4})
    gone = stories.create(old, worker, {"title": "T", "child_name": "B", "child_age": 4})
    audit.log(old, "link:41", "invite-opened", gone)
    old.execute("delete from story_versions where story_id = ?", [gone])
    old.execute("delete from stories where id = ?", [gone])
    old.conn.commit()
    database.migrate(old)
    assert "AUTOINCREMENT" in old.execute("select sql from sqlite_master where name = 'stories'"
                                          ).fetchone()[0]
    assert stories.get(old, first)["child_name"] == "A"
    assert stories.create(old, worker, {"title": "T", "child_name": "C", "child_age": 4}) > gone
    assert links.make(old, first, "review", "X")[1]["id"] > 41
    assert old.execute("PRAGMA foreign_key_check").fetchall() == []


def test_erase_leaves_only_the_tombstone_and_a_new_story_shows_only_its_own_log(app, client,
                                                                              auth, db):
    story_id, _ = new_story(db)
    audit.log(db, "worker:1", "panel-added", story_id, "panel:1")
    erase(app, db, story_id)
    rows = list(db.query("select * from audit where story_id = ?", [story_id]))
    assert [r["action"] for r in rows] == ["story-erased"] and rows[0]["detail"] == ""
    fresh, _ = new_story(db)
    auth.login()
    page = client.get(f"/stories/{fresh}/audit").get_data(as_text=True)
    assert "story-erased" not in page and all(r["story_id"] == fresh
                                              for r in audit.for_story(db, fresh))


def test_a_restore_keeps_todays_sharing_choices(db):
    story_id, panel_id = new_story(db)
    shared_version = stories.get(db, story_id)["version"]
    unshared_version = panels.update(db, story_id, panel_id, shared_version,
                                     {"shared_with_network": "0"}, 1)
    _, version = panels.add(db, story_id, unshared_version, {"caption": "Privé.",
                                                             "section": "happened"}, 1)
    version = stories.restore(db, story_id, shared_version, version, 1)
    rows = panels.for_story(db, story_id)
    assert [r["id"] for r in rows] == [panel_id] and rows[0]["shared_with_network"] == 0
    version = panels.update(db, story_id, panel_id, version, {"shared_with_network": "1"}, 1,
                            consent_by="father")
    stories.restore(db, story_id, unshared_version, version, 1)
    assert [r["shared_with_network"] for r in panels.for_story(db, story_id)] == [1]


def test_saving_through_the_editor_never_shares_without_an_agreement(client, auth, db):
    auth.login()
    version = stories.get(db, 1)["version"]
    reply = auth.post("/stories/1/panels", {"caption": "Gedeeld?", "section": "happened",
                                            "shared_with_network": "1", "version": version})
    assert reply.status_code == 400 and panels.for_story(db, 1) == []
    reply = auth.post("/stories/1/panels", {"caption": "Gedeeld.", "section": "happened",
                                            "shared_with_network": "1", "version": version,
                                            "consent_by": "parents-and-child"})
    panel = panels.for_story(db, 1)[0]
    assert panel["shared_with_network"] == 1
    assert [c["who"] for c in db["consents"].rows] == ["parents-and-child"]


def test_the_cookie_carries_no_token_and_no_draft(app, client, auth, db):
    auth.login()
    reply = auth.post("/stories/1/network/invite", {"name": "Oma", "relation": "oma",
                                                    "role": "family"})
    url = re.search(r'value="(http://127\.0\.0\.1:5000/i/[^"]+)"', reply.get_data(as_text=True))
    token = url.group(1).rsplit("/", 1)[1]
    reply = auth.post("/stories/1/reviews/share", {"name": "Sarah"})
    review_token = re.search(r'/r/([A-Za-z0-9_-]{40,})', reply.get_data(as_text=True)).group(1)
    version = stories.get(db, 1)["version"]
    auth.post("/stories/1/panels", {"caption": "geheim " * 60, "section": "title",
                                    "version": version})
    kept = repr(session_of(app, client))
    assert token not in kept and review_token not in kept and "geheim" not in kept
    assert "worker_id" not in session_of(app, client)


def test_a_copied_worker_cookie_is_refused_after_logout(app, client, auth, db):
    auth.login()
    copy = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    copy.set_cookie(cookie.key, cookie.value)
    assert copy.get("/stories").status_code == 200
    client.post("/logout", data={"csrf_token": auth.token("/stories")})
    assert copy.get("/stories").status_code == 302


def test_a_new_password_and_sign_out_everywhere_end_every_session(app, client, auth, db):
    auth.login()
    laptop = app.test_client()
    laptop.post("/login", data={"email": "a@example.org", "password": PASSWORD_A,
                                "csrf_token": token_from(laptop.get("/login").get_data(True))})
    assert laptop.get("/stories").status_code == 200
    workers.set_password(db, 1, "a brand new password")
    assert laptop.get("/stories").status_code == 302 and client.get("/stories").status_code == 302
    auth.login(password="a brand new password")
    laptop.post("/login", data={"email": "a@example.org", "password": "a brand new password",
                                "csrf_token": token_from(laptop.get("/login").get_data(True))})
    assert sessions.count(db, 1) == 2
    client.post("/logout/everywhere", data={"csrf_token": auth.token("/stories")})
    assert laptop.get("/stories").status_code == 302 and sessions.count(db, 1) == 0


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\t/evil.example", "/%09/evil.example", "/\\evil.example",
    "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\n/evil.example",
    "/\r\n/evil.example", "evil.example", "/\x00/evil", "///evil.example", "/ /x\x7f"])
def test_next_stays_on_this_site(client, auth, target):
    from urllib.parse import quote
    reply = client.post(f"/login?next={quote(target, safe='')}",
                        data={"email": "a@example.org", "password": PASSWORD_A,
                              "csrf_token": auth.token()})
    assert reply.headers["Location"] == "/stories"


def test_next_keeps_a_real_path_with_its_query(client, auth):
    reply = client.post("/login?next=%2Fstories%2F1%3Fpanel%3D2",
                        data={"email": "a@example.org", "password": PASSWORD_A,
                              "csrf_token": auth.token()})
    assert reply.headers["Location"] == "/stories/1?panel=2"


def sign_in(app, email, password, address, headers=None):
    guest = app.test_client()
    base = {"REMOTE_ADDR": address}
    page = guest.get("/login", environ_base=base, headers=headers or {})
    return guest.post("/login", data={"email": email, "password": password,
                                      "csrf_token": token_from(page.get_data(as_text=True))},
                      environ_base=base, headers=headers or {})


def test_someone_elses_failures_do_not_lock_out_the_right_password(app):
    for _ in range(6):
        sign_in(app, "a@example.org", "wrong password!", "198.51.100.7")
    assert sign_in(app, "a@example.org", PASSWORD_A, "198.51.100.7").status_code == 429
    assert sign_in(app, "a@example.org", PASSWORD_A, "192.0.2.10").status_code == 302


def test_one_address_has_a_ceiling_over_all_accounts(app):
    codes = [sign_in(app, f"u{n}@example.org", "wrong password!", "198.51.100.8").status_code
             for n in range(60)]
    assert codes[0] == 401 and codes[-1] == 429
    assert sign_in(app, "b@example.org", PASSWORD_B, "192.0.2.11").status_code == 302


def test_sign_in_costs_one_scrypt_for_known_and_unknown_emails(app, db, monkeypatch):
    calls = []
    real = workers.check_password_hash
    monkeypatch.setattr(workers, "check_password_hash",
                        lambda h, p: calls.append(h[:6]) or real(h, p))
    for email in ("a@example.org", "nobody@example.org"):
        calls.clear()
        assert workers.authenticate(db, email, "wrong password!") is None
        assert calls == ["scrypt"], email


def test_huge_emails_do_not_grow_the_server(app, db):
    import gc
    import tracemalloc
    huge = "x" * (1024 * 1024) + "@example.org"
    sign_in(app, huge, "wrong password!", "198.51.100.9")
    gc.collect()
    tracemalloc.start()  # what the process keeps after the requests, not what it touched
    try:
        for n in range(60):
            sign_in(app, huge[n:], "wrong password!", f"198.51.100.{n % 200}")
        gc.collect()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 25e6  # an in-memory limiter keyed on the email kept 60 MB here
    keys = [r[0] for r in db.execute("select key_hash from failures")]
    assert keys and all(len(k) == 64 for k in keys)
    assert len(huge) > db.execute("select coalesce(sum(length(key_hash)), 0) from failures"
                                  ).fetchone()[0] / 10


def test_link_pages_count_only_bad_tokens(app, db):
    story_id, _ = new_story(db)
    token, _ = links.make(db, story_id, "invite", "Oma", "oma", "family")
    guest = app.test_client()
    guest.get(f"/i/{token}")
    assert all(guest.get("/network").status_code == 200 for _ in range(320))
    bad = [app.test_client().get(f"/i/{'z' * 43}").status_code for _ in range(21)]
    assert bad[0] == 404 and bad[-1] == 429


def test_behind_a_proxy_the_forwarded_address_counts_and_nowhere_else(tmp_path):
    def make(proxies):
        app = create_app({"DATA_DIR": str(tmp_path / str(proxies)), "SECRET_KEY": "x",
                          "PROXIES": proxies})
        conn = database.connect(app.config["DATABASE"])
        workers.create(conn, "a@example.org", "A", PASSWORD_A)
        conn.conn.close()
        return app

    proxied = make(1)
    for _ in range(6):
        sign_in(proxied, "a@example.org", "wrong password!", "10.0.0.1",
                {"X-Forwarded-For": "203.0.113.5"})
    assert sign_in(proxied, "a@example.org", PASSWORD_A, "10.0.0.1",
                   {"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert sign_in(proxied, "a@example.org", PASSWORD_A, "10.0.0.1",
                   {"X-Forwarded-For": "203.0.113.6"}).status_code == 302
    direct = make(0)  # no proxy configured: the header is the client's word, ignored
    for n in range(6):
        sign_in(direct, "a@example.org", "wrong password!", "198.51.100.20",
                {"X-Forwarded-For": f"203.0.113.{n}"})
    assert sign_in(direct, "a@example.org", PASSWORD_A, "198.51.100.20",
                   {"X-Forwarded-For": "203.0.113.99"}).status_code == 429


@pytest.mark.parametrize("method, path, data", [
    ("post", "/stories/1/panels", {"caption": "Na wat?", "section": "title", "after": "abc"}),
    ("get", "/stories/99999999999999999999999", None),
    ("get", "/stories/9223372036854775808/audit", None),
    ("post", "/stories/1/history/99999999999999999999999/restore", {}),
    ("post", "/stories/1/panels/99999999999999999999999", {"caption": "X"}),
    ("post", "/stories/1/panels", {"caption": "X", "section": "title",
                                   "version": "9" * 30}),
])
def test_bad_numbers_get_a_plain_answer_never_a_500(client, auth, db, method, path, data):
    auth.login()
    if data is not None:
        data = dict(data, csrf_token=auth.token("/stories"))
        data.setdefault("version", stories.get(db, 1)["version"])
    reply = getattr(client, method)(path, data=data)
    if reply.status_code == 302:
        reply = client.get(reply.headers["Location"])
    assert reply.status_code in (400, 404, 409, 200)
    assert "Internal Server Error" not in reply.get_data(as_text=True)
    assert reply.status_code != 500


def test_version_snapshots_stay_bounded_and_agreed_versions_stay(db):
    story_id, panel_id = new_story(db)
    version = stories.get(db, story_id)["version"]
    token, link = links.make(db, story_id, "review", "Sarah")
    from storyboard import reviews
    reviews.decide(db, link, version, True, "Sarah")
    agreed = version
    for n in range(120):
        version = panels.update(db, story_id, panel_id, version, {"caption": f"Versie {n}."}, 1)
    kept = [r["version"] for r in stories.versions(db, story_id)]
    assert len(kept) == stories.KEEP_VERSIONS + 1 and agreed in kept
    assert kept[0] == version
    assert stories.snapshot(db, story_id, agreed)["panels"][0]["caption"] == "Bo woont bij oma."
    with pytest.raises(NotFound):
        stories.restore(db, story_id, 3, version, 1)  # pruned: a plain "not kept"


def test_a_big_number_in_the_cli_is_one_line(runner):
    result = runner.invoke(args=["erase", "99999999999999999999999", "--yes"])
    assert result.exit_code != 0 and "Traceback" not in (result.output or "")
