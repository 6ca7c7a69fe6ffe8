"""GET /healthz: for a load balancer, without data."""
from flask import Blueprint, current_app, jsonify

from .. import health
from ..printing import renderer
from ..web import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database and the print browser work, else 503 saying which failed."""
    try:
        database = health.database_ok(get_db())
    except Exception:  # the database file cannot even be opened
        database = False
    check = current_app.extensions.setdefault("health", health.RendererCheck())
    body, status = health.report(database, check.ok(renderer(current_app)))
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
