"""Sign in with the organisation's account: OpenID Connect through authlib's Flask client."""
import threading
import time

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (Blueprint, abort, current_app, g, redirect, render_template, request, session,
                   url_for)
from joserfc.errors import JoseError

from .. import audit, oidc
from ..error_texts import message
from ..errors import Invalid
from ..web import get_db, safe_next, sign_in

bp = Blueprint("oidc", __name__)

NAME = "oidc"  # authlib keeps the state under session["_state_oidc_<state>"]
NEXT_KEY = "oidc_next"
TIMEOUT_SECONDS = 10
_register_lock = threading.Lock()
# What each refusal answers: a problem of the account (403), of this attempt (400), or of
# reaching the provider (502).
STATUS = {"oidc_unknown": 403, "oidc_deactivated": 403, "oidc_unverified": 403,
          "oidc_cancelled": 400, "oidc_failed": 400, "oidc_unreachable": 502}


def _client():
    """Return this app's OpenID client, registered on first use."""
    app = current_app._get_current_object()
    with _register_lock:
        oauth = app.extensions.get("authlib.integrations.flask_client")
        if oauth is None:
            oauth = OAuth(app)
            settings = app.config
            oauth.register(
                NAME, client_id=settings["OIDC_CLIENT_ID"],
                client_secret=settings["OIDC_CLIENT_SECRET"],
                server_metadata_url=oidc.discovery_url(settings["OIDC_ISSUER"]),
                client_kwargs={"scope": oidc.SCOPE, "code_challenge_method": "S256",
                               "default_timeout": TIMEOUT_SECONDS})
        return oauth.create_client(NAME)


def _metadata(client):
    """Load (or reload, once it is old) the provider's discovery document and check it."""
    loaded = client.server_metadata.get("_loaded_at", 0)
    if time.time() - loaded > oidc.METADATA_SECONDS:
        # Keys rotate: a fresh document and key set now and then, not only on an unknown kid.
        client.server_metadata.pop("_loaded_at", None)
        client.server_metadata.pop("jwks", None)
    metadata = client.load_server_metadata()
    try:
        return oidc.check_metadata(metadata, current_app.config["OIDC_ISSUER"])
    except Invalid:
        client.server_metadata.pop("_loaded_at", None)  # try the provider afresh next time
        raise


def _configured():
    if not oidc.configured(current_app.config):
        abort(404)


@bp.get("/login/oidc")
def start():
    """Send the browser to the organisation's sign-in, with state, nonce and PKCE."""
    _configured()
    next_url = safe_next(request.args.get("next"), url_for("stories.index"))
    if g.worker is not None:
        return redirect(next_url)
    client = _client()
    try:
        _metadata(client)
        response = client.authorize_redirect(oidc.redirect_uri(current_app.config["BASE_URL"]))
    except Invalid as err:
        return _refused(err)
    except (requests.RequestException, ValueError, RuntimeError):
        return _refused(Invalid("oidc_unreachable", reason="unreachable"))
    session[NEXT_KEY] = next_url
    return response


@bp.get("/login/oidc/callback")
def callback():
    """Check the provider's answer and its ID token; sign the matching worker in."""
    _configured()
    error = request.args.get("error")
    if error:
        code = "oidc_cancelled" if error == "access_denied" else "oidc_failed"
        return _refused(Invalid(code, reason="cancelled" if code == "oidc_cancelled"
                                else "provider-error"))
    try:
        claims = _verified_claims(_client())
        worker = oidc.worker_for(get_db(), claims, current_app.config["OIDC_CREATE"])
    except Invalid as err:
        return _refused(err)
    next_url = safe_next(session.pop(NEXT_KEY, None), url_for("stories.index"))
    sign_in(worker, "oidc")
    return redirect(next_url)


def _verified_claims(client):
    """Exchange the code and return the ID token's claims, every check passed."""
    try:
        metadata = _metadata(client)
        options = oidc.claims_options(metadata["issuer"], client.client_id)
        # authlib checks the state, sends the PKCE verifier, checks the signature against
        # the provider's JWKS and the nonce; claims_options adds issuer, audience and times.
        token = client.authorize_access_token(claims_options=options,
                                              leeway=oidc.LEEWAY_SECONDS)
    except MismatchingStateError:
        raise Invalid("oidc_failed", reason="state") from None
    except OAuthError:
        raise Invalid("oidc_failed", reason="token-refused") from None
    except requests.RequestException:
        raise Invalid("oidc_unreachable", reason="unreachable") from None
    except (JoseError, ValueError, KeyError, TypeError, RuntimeError):
        raise Invalid("oidc_failed", reason="invalid-token") from None
    claims = token.get("userinfo")
    if not claims:
        raise Invalid("oidc_failed", reason="no-id-token")
    return claims


def _refused(err):
    """Log why (the reason only: no token, no email) and show a plain page."""
    audit.log(get_db(), "anonymous", "login-failed", detail=f"oidc:{err.params['reason']}")
    status = STATUS.get(err.code, 400)
    return render_template("auth/oidc_refused.html", text=message(err), code=err.code,
                           status=status), status
