"""The `storyboard` commands for the organisation's accounts."""
import click
from flask.cli import with_appcontext

from . import audit, workers
from .cli import _db, _password, plain_errors


@click.command("create-worker")
@with_appcontext
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(workers.ROLES), default="worker", show_default=True)
@plain_errors
def create_worker(email, name, role):
    """Create a worker account (password from STORYBOARD_PASSWORD or a prompt)."""
    db = _db()
    worker_id = workers.create(db, email, name, _password(), role=role)
    audit.log(db, "cli", "worker-created", detail=f"worker:{worker_id}")
    click.echo(f"Worker created: {workers.normalise_email(email)} (id {worker_id}, {role})")


COMMANDS = (create_worker,)
