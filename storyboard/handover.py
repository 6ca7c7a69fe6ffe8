"""Hand a story over to another worker: its links, inbox and log go with it, the old owner out.

Everything of a story hangs off stories.id (links, contributions, comments, agreements,
voices, the log); only stories.owner_id names its worker. Who made a link or a version
(links.created_by, story_versions.worker_id, consents.worker_id) is history and stays.
"""
from . import audit, colleagues, stories, workers
from .audit import now
from .errors import Invalid


def hand_over(db, story_id, to_worker_id, actor, keep_as=None):
    """Make an active worker the story's owner; the old owner keeps access only as keep_as."""
    story = stories.get(db, story_id)
    new = workers.get(db, to_worker_id)
    old_id = story["owner_id"]
    if not workers.is_active(new):
        raise Invalid("handover_inactive", name=new["name"])
    if new["id"] == old_id:
        raise Invalid("handover_same", name=new["name"])
    if keep_as not in (None, "", *colleagues.ROLES):
        raise Invalid("colleague_role")
    with db.atomic():
        db.execute("update stories set owner_id = ? where id = ?", [new["id"], story_id])
        # The new owner is no colleague of their own story any more.
        db.execute("delete from colleagues where story_id = ? and worker_id = ?",
                   [story_id, new["id"]])
        audit.log(db, actor, "story-handed-over", story_id, f"worker:{old_id}->worker:{new['id']}")
        if keep_as:
            db.execute("insert into colleagues (story_id, worker_id, role, added_by, created) "
                       "values (?, ?, ?, ?, ?) on conflict (story_id, worker_id) do update set "
                       "role = excluded.role", [story_id, old_id, keep_as, new["id"], now()])
            audit.log(db, actor, "colleague-added", story_id, f"worker:{old_id} role:{keep_as}")
    return new


def owned(db, worker_id):
    """Return the id and title of every story this worker owns."""
    return list(db.query("select id, title from stories where owner_id = ? "
                         "order by title collate nocase, id", [worker_id]))


def waiting(db):
    """Return the deactivated workers who still own stories, each with those stories."""
    found = []
    for worker in workers.everyone(db):
        if not workers.is_active(worker):
            mine = owned(db, worker["id"])
            if mine:
                found.append(dict(worker, stories=mine))
    return found


def candidates(db, except_id=None):
    """Return the active workers a story can be handed to."""
    return [w for w in workers.everyone(db) if workers.is_active(w) and w["id"] != except_id]
