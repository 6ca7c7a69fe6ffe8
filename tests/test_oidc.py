"""Sign in with the organisation's account, end to end against a real OpenID provider.

The provider (tests/oidc_provider.py) runs on 127.0.0.1 in a thread; the app fetches its
discovery document, token and keys over real HTTP. The test plays the browser: the app's
test client for Storyboard, requests for the provider.
"""
import os
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from storyboard import oidc, workers
from storyboard.errors import Invalid

from .conftest import free_port, serving
from .oidc_provider import Provider

CLIENT_ID, SECRET = "storyboard", "a-long-client-secret"
CALLBACK = "http://localhost/login/oidc/callback"


@pytest.fixture(scope="module")
def provider():
    p = Provider(CLIENT_ID, SECRET, CALLBACK).start()
    yield p
    p.stop()


@pytest.fixture
def oidc_app(app, provider):
    provider.reset()
    app.config.update(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET=SECRET, BASE_URL="http://localhost")
    return app


@pytest.fixture
def client(oidc_app):
    return oidc_app.test_client()


def to_provider(client, next_url=None):
    """Start at /login/oidc; return the provider's authorization URL."""
    response = client.get("/login/oidc", query_string={"next": next_url} if next_url else None)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def at_provider(url):
    """Let the provider answer the authorization request; return where it sends us back."""
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def walk(client, next_url=None):
    """Go the whole way round: Storyboard, provider, Storyboard's callback."""
    return client.get(at_provider(to_provider(client, next_url)))


def failures(db):
    return [row["detail"] for row in db.query(
        "select detail from audit where action = 'login-failed' order by id")]


def signed_in(client):
    return client.get("/stories").status_code == 200


# --- the way in --------------------------------------------------------------------------

def test_the_login_page_offers_the_organisation_only_when_configured(app, provider):
    plain = app.test_client()
    assert 'data-action="oidc-login"' not in plain.get("/login").get_data(as_text=True)
    assert plain.get("/login/oidc").status_code == 404
    assert plain.get("/login/oidc/callback?code=x&state=y").status_code == 404
    app.config.update(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET=SECRET)
    page = plain.get("/login?next=/stories/1").get_data(as_text=True)
    assert 'data-action="oidc-login"' in page and "Aanmelden via je organisatie" in page
    assert 'href="/login/oidc?next=/stories/1"' in page


def test_a_verified_worker_signs_in_and_lands_where_they_were_going(client, provider, db):
    url = to_provider(client, "/stories/1")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(provider.issuer + "/authorize?")
    assert query["redirect_uri"] == [CALLBACK] and query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]

    response = client.get(at_provider(url))
    assert response.status_code == 302 and response.headers["Location"] == "/stories/1"
    assert client.get("/stories/1").status_code == 200
    # The app asked the provider itself, over HTTP: discovery, token, keys.
    assert {"/.well-known/openid-configuration", "/token", "/jwks"} <= set(provider.hits)
    login = db.execute("select actor, detail from audit where action = 'login'").fetchall()
    assert login == [("worker:1", "oidc")]
    assert workers.get(db, 1)["last_login"]


def test_an_address_that_leads_off_the_site_is_not_followed(client):
    response = walk(client, "//evil.example/steal")
    assert response.status_code == 302 and response.headers["Location"] == "/stories"


def test_the_email_is_matched_without_regard_to_case_or_spaces(client, provider):
    provider.sign_in("  A@Example.ORG ", "Anja")
    assert walk(client).status_code == 302 and signed_in(client)


# --- accounts that may not come in -------------------------------------------------------

def test_an_unknown_email_is_refused_with_a_plain_page(client, provider, db):
    provider.sign_in("carla@example.org", "Carla Peeters")
    response = walk(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert 'data-oidc-refused="oidc_unknown"' in page and "carla@example.org" in page
    assert "beheerder" in page and 'href="/login"' in page
    assert workers.by_email(db, "carla@example.org") is None and not signed_in(client)
    assert failures(db) == ["oidc:unknown"]
    # The log names the reason only: no email, no token.
    logged = db.execute("select actor || ' ' || detail from audit").fetchall()
    assert not any("@" in row[0] for row in logged)


def test_with_oidc_create_an_unknown_email_becomes_a_worker(client, oidc_app, provider, db):
    oidc_app.config["OIDC_CREATE"] = True
    provider.sign_in("carla@example.org", "Carla Peeters")
    assert walk(client).status_code == 302 and signed_in(client)
    carla = workers.by_email(db, "carla@example.org")
    assert carla["name"] == "Carla Peeters" and carla["role"] == "worker"
    # No password works for an account made this way.
    assert workers.authenticate(db, "carla@example.org", "") is None
    created = db.execute("select actor, detail from audit where action = 'worker-created'")
    assert created.fetchall() == [(f"worker:{carla['id']}", "oidc")]


@pytest.mark.parametrize("verified, extra", [(False, {}), (None, {}), (None, {"xms_edov": False}),
                                             (False, {"xms_edov": True})])
def test_an_email_the_provider_does_not_vouch_for_is_refused(client, oidc_app, provider, db,
                                                            verified, extra):
    oidc_app.config["OIDC_CREATE"] = True  # not even creating an account helps
    provider.sign_in("a@example.org", "Anja", email_verified=verified, **extra)
    response = walk(client)
    assert response.status_code == 403 and not signed_in(client)
    assert 'data-oidc-refused="oidc_unverified"' in response.get_data(as_text=True)
    assert failures(db) == ["oidc:unverified"]


def test_entra_ids_verified_domain_claim_counts_as_a_verified_email(client, provider):
    # Entra ID sends no email_verified; xms_edov (an optional claim) says the domain is the
    # tenant's own, verified.
    provider.sign_in("a@example.org", "Anja", email_verified=None, xms_edov=True)
    assert walk(client).status_code == 302 and signed_in(client)


def test_a_deactivated_worker_is_refused(client, provider, db):
    workers.deactivate(db, 1)
    response = walk(client)
    assert response.status_code == 403 and not signed_in(client)
    assert 'data-oidc-refused="oidc_deactivated"' in response.get_data(as_text=True)
    assert failures(db) == ["oidc:deactivated"]


# --- tokens that must not be believed ------------------------------------------------------

@pytest.mark.parametrize("misbehaviour", ["wrong-nonce", "wrong-audience", "expired",
                                          "bad-signature", "wrong-issuer"])
def test_an_id_token_that_fails_a_check_is_refused(client, provider, db, misbehaviour):
    provider.misbehave = misbehaviour
    response = walk(client)
    assert response.status_code == 400 and not signed_in(client)
    assert 'data-oidc-refused="oidc_failed"' in response.get_data(as_text=True)
    assert failures(db) == ["oidc:invalid-token"]


def test_a_callback_from_another_browser_is_refused(client, oidc_app, db):
    back = at_provider(to_provider(client))
    stranger = oidc_app.test_client()  # never started a sign-in: no state in its session
    response = stranger.get(back)
    assert response.status_code == 400 and not signed_in(stranger)
    assert failures(db) == ["oidc:state"]
    # A state changed on the way is refused as well, in the browser that started.
    code = parse_qs(urlsplit(back).query)["code"][0]
    assert client.get(f"/login/oidc/callback?code={code}&state=forged").status_code == 400


def test_a_replayed_callback_is_refused(client, db):
    back = at_provider(to_provider(client))
    assert client.get(back).status_code == 302
    assert client.get(back).status_code == 400  # the state was used up by the first
    assert failures(db) == ["oidc:state"]


def test_a_used_code_is_refused_by_the_provider(client, provider, db):
    back = at_provider(to_provider(client))
    state = parse_qs(urlsplit(back).query)["state"][0]
    with client.session_transaction() as session:
        kept = dict(session)
    assert client.get(back).status_code == 302
    with client.session_transaction() as session:
        session.update(kept)  # a copy of the cookie from before: the state is there again
    response = client.get(back)
    assert response.status_code == 400 and state
    assert failures(db) == ["oidc:token-refused"]


def test_a_worker_who_cancels_at_the_provider_gets_a_plain_page(client, provider, db):
    provider.deny = True
    response = walk(client)
    assert response.status_code == 400
    assert 'data-oidc-refused="oidc_cancelled"' in response.get_data(as_text=True)
    assert failures(db) == ["oidc:cancelled"]


# --- a provider that is not there -------------------------------------------------------

def test_a_provider_that_cannot_be_reached_gets_a_plain_page(client, oidc_app, db):
    oidc_app.config["OIDC_ISSUER"] = f"http://127.0.0.1:{free_port()}"
    response = client.get("/login/oidc")
    assert response.status_code == 502
    assert 'data-oidc-refused="oidc_unreachable"' in response.get_data(as_text=True)
    assert failures(db) == ["oidc:unreachable"]


def test_a_provider_that_goes_away_before_the_token_gets_a_plain_page(app, db):
    gone = Provider(CLIENT_ID, SECRET, CALLBACK).start()
    app.config.update(OIDC_ISSUER=gone.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET=SECRET, BASE_URL="http://localhost")
    client = app.test_client()
    back = at_provider(to_provider(client))
    gone.stop()
    response = client.get(back)
    assert response.status_code == 502 and not signed_in(client)
    assert failures(db) == ["oidc:unreachable"]


# --- the rules on their own ---------------------------------------------------------------

def test_a_discovery_document_of_another_issuer_or_without_key_signatures_is_refused():
    with pytest.raises(Invalid):
        oidc.check_metadata({"issuer": "https://evil.example"}, "https://idp.example")
    with pytest.raises(Invalid):
        oidc.check_metadata({"issuer": "https://idp.example",
                             "id_token_signing_alg_values_supported": ["none", "HS256"]},
                            "https://idp.example/")
    kept = oidc.check_metadata({"issuer": "https://idp.example/",
                                "id_token_signing_alg_values_supported": ["none", "RS256"]},
                               "https://idp.example")
    assert kept["id_token_signing_alg_values_supported"] == ["RS256"]


def test_the_redirect_uri_and_discovery_address_are_predictable():
    assert oidc.redirect_uri("https://storyboard.example.be/") == \
        "https://storyboard.example.be/login/oidc/callback"
    assert oidc.discovery_url("https://login.microsoftonline.com/t/v2.0") == \
        "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration"


def test_a_new_workers_name_comes_from_the_claims():
    assert oidc.display_name({"given_name": "Carla", "family_name": "Peeters"}, "c@x.be") == \
        "Carla Peeters"
    assert oidc.display_name({"name": " "}, "carla.peeters@x.be") == "carla.peeters"


# --- in a real browser ------------------------------------------------------------------

@pytest.fixture
def oidc_server(tmp_path, provider):
    """Start `storyboard serve` configured for the loopback provider."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    provider.client.redirect_uri = base + oidc.CALLBACK_PATH
    env = dict(os.environ, STORYBOARD_DATA_DIR=str(tmp_path / "data"), STORYBOARD_BASE_URL=base,
               STORYBOARD_OIDC_ISSUER=provider.issuer, STORYBOARD_OIDC_CLIENT_ID=CLIENT_ID,
               STORYBOARD_OIDC_CLIENT_SECRET=SECRET, STORYBOARD_OIDC_CREATE="true")
    with serving(env, port):
        yield base
    provider.client.redirect_uri = CALLBACK


@pytest.mark.browser
def test_a_worker_clicks_sign_in_with_the_organisation_in_a_browser(page, provider,
                                                                    oidc_server):
    provider.reset()
    provider.interactive = True
    provider.sign_in("dirk@example.org", "Dirk Janssens")
    page.goto(oidc_server + "/login")
    page.click('[data-action="oidc-login"]')
    page.click('[data-action="provider-continue"]')
    page.wait_for_url(oidc_server + "/stories")
    assert "Dirk Janssens" in page.inner_text("header")
