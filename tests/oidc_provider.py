"""A real OpenID provider on loopback for the tests, built from authlib's server parts.

It publishes a discovery document and its RSA key at a JWKS endpoint, runs the
authorization-code flow with PKCE S256 required and nonces required, and signs ID tokens.
The test says who is signed in at the provider (`sign_in`) and can make it misbehave on
purpose (`misbehave`): a wrong nonce, audience or issuer, an expired token, or a token
signed by a key that is not in the JWKS.
"""
import hmac
import threading
import time
from html import escape
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

KID = "loopback-1"
SCOPES = ("openid", "email", "profile")
MISBEHAVIOURS = ("wrong-nonce", "wrong-audience", "wrong-issuer", "expired", "bad-signature")
# RSA keys take a moment to make: one pair for every provider of the test run.
_KEYS = {}


def _key(name):
    if name not in _KEYS:
        _KEYS[name] = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig"})
    return _KEYS[name]


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        """Keep the test output free of one line per request."""


class Client(ClientMixin):
    """The one relying party registered here: Storyboard, with one redirect URI."""

    def __init__(self, client_id, secret, redirect_uri):
        self.client_id, self.secret, self.redirect_uri = client_id, secret, redirect_uri

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in SCOPES)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(client_secret.encode(), self.secret.encode())

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code(AuthorizationCodeMixin):
    """An issued authorization code, kept in memory until used or expired."""

    def __init__(self, **fields):
        self.__dict__.update(fields)
        self.created = time.time()

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.created)

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return time.time() - self.created > 600


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        self.server.provider.codes[code] = Code(
            code=code, client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri, scope=request.payload.scope,
            user=request.user, nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"))

    def query_authorization_code(self, code, client):
        item = self.server.provider.codes.get(code)
        if item and item.client_id == client.get_client_id() and not item.is_expired():
            return item
        return None

    def delete_authorization_code(self, authorization_code):
        self.server.provider.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class RequireS256(CodeChallenge):
    """PKCE for every client, and only with S256."""

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required.")
        super().validate_code_challenge(grant, redirect_uri)


class IDTokens(OpenIDCode):
    """Sign ID tokens with the provider's key, misbehaving when the test asks."""

    def __init__(self, provider):
        super().__init__(require_nonce=True)
        self.provider = provider

    def exists_nonce(self, nonce, request):
        return any(code.nonce == nonce for code in self.provider.codes.values())

    def resolve_client_private_key(self, client):
        return _key("other" if self.provider.misbehave == "bad-signature" else "provider")

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": KID}

    def get_client_claims(self, client):
        p, now = self.provider, int(time.time())
        # azp names us even when aud does not: only a real audience check catches that.
        claims = {"iss": p.issuer, "aud": [client.get_client_id()],
                  "azp": client.get_client_id()}
        if p.misbehave == "wrong-issuer":
            claims["iss"] = "https://login.example.net/someone-else"
        if p.misbehave == "wrong-audience":
            claims["aud"] = ["another-application"]
        if p.misbehave == "expired":
            claims.update(iat=now - 3600, auth_time=now - 3600, exp=now - 600)
        return claims

    def get_authorization_code_claims(self, authorization_code):
        claims = super().get_authorization_code_claims(authorization_code)
        if self.provider.misbehave == "wrong-nonce":
            claims["nonce"] = "a-nonce-from-another-sign-in"
        return claims

    def generate_user_info(self, user, scope):
        info = UserInfo(sub=user["sub"])
        if "profile" in scope and user.get("name"):
            info["name"] = user["name"]
        if "email" in scope:
            info["email"] = user["email"]
            if user.get("email_verified") is not None:
                info["email_verified"] = user["email_verified"]
        info.update(user.get("extra") or {})
        return info


class Provider:
    """The OpenID provider: start() serves it on 127.0.0.1 at a free port in a thread."""

    def __init__(self, client_id, client_secret, redirect_uri):
        self.client = Client(client_id, client_secret, redirect_uri)
        self.app = self._make_app()
        self.server = None
        self.reset()

    def reset(self):
        """Forget codes and requests; sign a verified a@example.org in; behave."""
        self.codes, self.hits, self.misbehave, self.deny = {}, [], None, False
        self.interactive = False
        self.sign_in("a@example.org", "Anja")

    def sign_in(self, email, name=None, email_verified=True, **extra):
        """Make this person the one signed in at the provider."""
        self.user = {"sub": f"sub-{email}", "email": email, "name": name,
                     "email_verified": email_verified, "extra": extra}

    @property
    def issuer(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True,
                                  request_handler=_Quiet)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _make_app(self):
        app = Flask("oidc_provider")
        server = AuthorizationServer(app, query_client=self._query_client,
                                     save_token=lambda token, request: None)
        server.provider = self
        server.register_grant(CodeGrant, [RequireS256(required=True), IDTokens(self)])

        @app.before_request
        def remember():
            self.hits.append(request.path)

        @app.get("/.well-known/openid-configuration")
        def discovery():
            base = self.issuer
            return jsonify(
                issuer=base, authorization_endpoint=f"{base}/authorize",
                token_endpoint=f"{base}/token", jwks_uri=f"{base}/jwks",
                response_types_supported=["code"], subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"], scopes_supported=SCOPES,
                token_endpoint_auth_methods_supported=["client_secret_basic",
                                                       "client_secret_post"],
                code_challenge_methods_supported=["S256"],
                claims_supported=["sub", "iss", "aud", "exp", "iat", "nonce", "name",
                                  "email", "email_verified"])

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[_key("provider").as_dict(private=False)])

        @app.get("/authorize")
        def authorize():
            try:
                grant = server.get_consent_grant(end_user=self.user)
            except OAuth2Error as err:
                return jsonify(dict(err.get_body())), 400
            if self.interactive and "confirm" not in request.args:
                return self._consent_page()
            return server.create_authorization_response(
                grant_user=None if self.deny else self.user, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        return app

    def _query_client(self, client_id):
        return self.client if client_id == self.client.client_id else None

    def _consent_page(self):
        """Show who is signed in here and a button to continue (for the browser walk)."""
        target = "/authorize?" + urlencode({**request.args.to_dict(), "confirm": "1"})
        return (f"<!doctype html><title>Loopback provider</title><h1>Loopback provider</h1>"
                f"<p>Signed in as {escape(self.user['email'])}</p>"
                f"<a href=\"{escape(target)}\" data-action=\"provider-continue\">Continue</a>")
