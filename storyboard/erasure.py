"""Erase a story for good: rows, photos, rendered files, its log; a tombstone stays."""
from . import audit, recordings, stories, uploads
from .printing.cache import forget_renders


def erase(db, story_id, uploads_dir, cache_dir, actor):
    """Remove the story, its panels, versions, photos, cache, links, contributions, reviews."""
    uploads.delete_for_story(db, uploads_dir, story_id)
    recordings.delete_for_story(db, uploads_dir, story_id)
    forget_renders(cache_dir, story_id)  # also stops a render in flight from landing
    stories.delete(db, story_id)
    with db.conn:
        # The story's log goes with it; one tombstone, without content, says it was erased.
        db.execute("delete from audit where story_id = ?", [story_id])
        audit.log(db, actor, "story-erased", story_id)
