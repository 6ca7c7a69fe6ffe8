"""The `storyboard` commands for the organisation's accounts."""
import click
from flask.cli import with_appcontext

from . import audit, workers
from . import accounts, errors, handover, stories
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


@click.command("reset-2fa")
@with_appcontext
@click.argument("email")
@plain_errors
def reset_2fa(email):
    """Forget a worker's authenticator and recovery codes; the next sign-in sets them up."""
    db = _db()
    worker = accounts.reset_two_factor(db, _worker(db, email)["id"])
    click.echo(f"Two-factor sign-in reset for {worker['email']}: their sessions ended, and "
               "their next sign-in sets up a new authenticator.")


COMMANDS = (create_worker, reset_2fa)


def _worker(db, email):
    worker = workers.by_email(db, email)
    if worker is None:
        raise errors.NotFound("worker")
    return worker


@click.command("deactivate-worker")
@with_appcontext
@click.argument("email")
@plain_errors
def deactivate_worker(email):
    """End a worker's sessions at once and refuse their sign-in; their stories stay."""
    db = _db()
    worker = accounts.deactivate(db, _worker(db, email)["id"])
    click.echo(f"Deactivated: {worker['email']} (signed out everywhere; sign-in refused)")
    owned = handover.owned(db, worker["id"])
    if owned:
        count = "1 story" if len(owned) == 1 else f"{len(owned)} stories"
        click.echo(f"They still own {count}; hand each over with "
                   "`storyboard handover STORY_ID --to EMAIL`:")
        for story in owned:
            click.echo(f"  {story['id']}")


@click.command("reactivate-worker")
@with_appcontext
@click.argument("email")
@plain_errors
def reactivate_worker(email):
    """Let a deactivated worker sign in again."""
    db = _db()
    worker = accounts.reactivate(db, _worker(db, email)["id"])
    click.echo(f"Reactivated: {worker['email']}")


@click.command("handover")
@with_appcontext
@click.argument("story_id", type=int)
@click.option("--to", "email", required=True, help="email of the worker who takes the story")
@click.option("--keep", type=click.Choice(("viewer", "editor")),
              help="keep the old owner on the story in this role (default: no access)")
@plain_errors
def handover_command(story_id, email, keep):
    """Give a story, with its links, inbox and log, to another active worker."""
    db = _db()
    old = stories.get(db, story_id)["owner_id"]
    new = handover.hand_over(db, story_id, _worker(db, email)["id"], "cli", keep_as=keep)
    kept = f"; worker {old} stays on it as {keep}" if keep else f"; worker {old} has no access"
    click.echo(f"Story {story_id} now belongs to {new['email']}{kept}")


COMMANDS += (deactivate_worker, reactivate_worker, handover_command)
