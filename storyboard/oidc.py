"""Organisation sign-in (OpenID Connect): which worker a verified identity is, and the rules.

The web half (authlib's Flask client, the redirects) is storyboard/views/oidc.py; this module
decides, without flask, what a provider must send and which worker the answer signs in.
"""
from . import audit, workers
from .errors import Invalid

SCOPE = "openid email profile"
CALLBACK_PATH = "/login/oidc/callback"
SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
# Public-key signatures only: "none" or a shared-secret HMAC would let a token be made
# without the provider's private key, whatever the provider's discovery document offers.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                      "ES256", "ES384", "ES512", "EdDSA")
LEEWAY_SECONDS = 60  # clock difference tolerated between the provider and this server
METADATA_SECONDS = 3600  # how long a discovery document (and its keys) is trusted
_TRUE = (True, "true", "1")


def configured(settings):
    """Tell whether the issuer, client id and client secret are all set."""
    return all(settings.get(key) for key in SETTINGS)


def discovery_url(issuer):
    """Return where the issuer publishes its discovery document."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def redirect_uri(base_url):
    """Return the callback address to register at the provider."""
    return base_url.rstrip("/") + CALLBACK_PATH


def check_metadata(metadata, issuer):
    """Refuse another issuer's discovery document; keep only public-key signatures."""
    # OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one asked for.
    if str(metadata.get("issuer") or "").rstrip("/") != issuer.rstrip("/"):
        raise Invalid("oidc_failed", reason="issuer-mismatch")
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    safe = [alg for alg in offered if alg in SIGNING_ALGORITHMS]
    if not safe:
        raise Invalid("oidc_failed", reason="algorithm")
    metadata["id_token_signing_alg_values_supported"] = safe
    return metadata


def claims_options(issuer, client_id):
    """Return the ID token checks beyond signature and nonce: issuer, audience, times."""
    return {"iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "values": [client_id]},
            "sub": {"essential": True}, "exp": {"essential": True},
            "iat": {"essential": True}}


def verified_email(claims):
    """Return the identity's email when the provider vouches for it; else refuse."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise Invalid("oidc_unverified", reason="no-email")
    verified = claims.get("email_verified")
    if verified is None:
        # Microsoft Entra ID never sends email_verified. Its optional claim xms_edov says
        # the email's domain is verified by the tenant the user belongs to; only then is
        # the address the tenant's to vouch for (an unverified one could be anyone's).
        verified = claims.get("xms_edov")
    if verified not in _TRUE:
        raise Invalid("oidc_unverified", reason="unverified")
    return workers.normalise_email(email)


def display_name(claims, email):
    """Return a name for a new worker: the provider's name, else the email's first part."""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get(k) for k in ("given_name", "family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return name.strip() or email.split("@")[0]


def worker_for(db, claims, create=False):
    """Return the active worker these verified claims name; create one when allowed."""
    email = verified_email(claims)
    worker = workers.by_email(db, email)
    if worker is None and create:
        worker = _create(db, email, display_name(claims, email))
    if worker is None:
        raise Invalid("oidc_unknown", reason="unknown", email=email)
    if not workers.is_active(worker):
        raise Invalid("oidc_deactivated", reason="deactivated")
    return worker


def _create(db, email, name):
    """Create a worker without a password for an organisation sign-in; log it."""
    try:
        worker_id = workers.create(db, email, name, None)
    except Invalid as err:
        if err.code == "email_taken":  # a second tab signed in first: use that account
            return workers.by_email(db, email)
        raise Invalid("oidc_unverified", reason="email-invalid") from err
    audit.log(db, f"worker:{worker_id}", "worker-created", detail="oidc")
    return workers.get(db, worker_id)
