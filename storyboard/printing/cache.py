"""The render cache: files named by story version, pruned to what may still be printed."""
import hashlib
import os
import re
import shutil
import threading
import time
import uuid
from pathlib import Path

from .browser import SHEETS

_key_locks = [threading.Lock() for _ in range(64)]  # striped: bounded, however long we run
_RENDER = re.compile(r"^v(\d+)-([a-z0-9-]+)-[0-9a-f]{64}\.(pdf|png|sheets)$")
_MARK = ".incarnation"
STALE_TMP_SECONDS = 600  # a half-written render older than this belongs to a crashed job


def _lock_for(key):
    """Return the lock for a cache key, so concurrent requests render it once."""
    return _key_locks[int(key[:8], 16) % len(_key_locks)]


def _key(kind, landscape, html):
    return hashlib.sha256(f"{kind}|{landscape}|".encode() + html.encode("utf-8")).hexdigest()


def render_name(key, ext, version=None, slot="any"):
    """Return a cached render's file name: the version it was made from, its slot, its key."""
    if version is None:
        return f"{key}.{ext}"  # of no known version: the next pruning removes it
    if not re.fullmatch(r"[a-z0-9-]+", slot):
        raise ValueError(f"a render slot is lower-case letters, digits and hyphens: {slot!r}")
    return f"v{int(version)}-{slot}-{key}.{ext}"


def cached(renderer, cache_dir, html, fmt="pdf", landscape=False, version=None, keep=(),
           slot="any"):
    """Return rendered bytes from the cache keyed by the HTML and options, rendering once.

    With a version, the file is named after it and, once stored, every render of versions
    not in keep (the version itself is always kept) and older renders of its slot go.
    """
    key = _key(fmt, landscape, html)
    folder = Path(cache_dir)
    path = folder / render_name(key, fmt, version, slot)
    with _lock_for(key):
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        mark = _incarnation(folder)
        data = renderer.render(html, fmt=fmt, landscape=landscape)
        if _store(folder, path, mark, lambda tmp: tmp.write_bytes(data)) and version is not None:
            prune(folder, set(keep) | {int(version)}, fresh=path.name)
        return data


def cached_sheets(renderer, cache_dir, html, landscape=False, version=None, keep=(),
                  slot="any", on_sheet=None):
    """Return the paths of one PNG preview per sheet, rendering them all once.

    Empty when the story's renders were forgotten while these were made: they are stale.
    on_sheet(number, png) hears of each sheet as it is made (or read, when cached).
    """
    key = _key(SHEETS, landscape, html)
    folder = Path(cache_dir)
    path = folder / render_name(key, SHEETS, version, slot)
    with _lock_for(key):
        stored = _stored_sheets(path) if on_sheet else (_sheet_paths(path) or None)
        if stored is None:
            mark = _incarnation(folder)
            images = renderer.render(html, fmt=SHEETS, landscape=landscape, on_sheet=on_sheet)
            if _store(folder, path, mark, lambda tmp: _write_sheets(tmp, images)) \
                    and version is not None:
                prune(folder, set(keep) | {int(version)}, fresh=path.name)
        elif on_sheet:
            for number, png in enumerate(stored, start=1):
                on_sheet(number, png)
        return _sheet_paths(path)


def _sheet_paths(path):
    return sorted(path.glob("*.png"), key=lambda p: int(p.stem))


def _stored_sheets(path):
    """Return the bytes of every stored sheet, or None when there is no stored set."""
    try:
        return [sheet.read_bytes() for sheet in _sheet_paths(path)] or None
    except FileNotFoundError:   # pruned by another request or process between look and read
        return None


class _Progress:
    """The sheets of one preview render so far, for the requests waiting on them."""

    def __init__(self):
        self.sheets, self.done, self.error = [], False, None
        self.changed = threading.Condition()

    def add(self, _number, png):
        with self.changed:
            self.sheets.append(png)
            self.changed.notify_all()

    def finish(self, error=None):
        with self.changed:
            self.done, self.error = True, error
            self.changed.notify_all()

    def sheet(self, number, timeout):
        with self.changed:
            self.changed.wait_for(lambda: len(self.sheets) >= number or self.done, timeout)
            if len(self.sheets) >= number:
                return self.sheets[number - 1]
            if self.error:
                raise self.error
            return None


_renders, _renders_lock = {}, threading.Lock()


def cached_sheet(renderer, cache_dir, html, number, landscape=False, version=None, keep=(),
                 slot="any", timeout=60):
    """Return the PNG of one preview sheet as soon as it is made (None if there is none).

    The whole set renders once, in the background, first sheet first: the dialog shows the
    first sheets while the last are still being made.
    """
    key = _key(SHEETS, landscape, html)
    path = Path(cache_dir) / render_name(key, SHEETS, version, slot)
    with _renders_lock:
        progress = _renders.get(key)
        if progress is None:
            sheets = _sheet_paths(path)   # a stored set is whole: read it
            if sheets:
                try:
                    return sheets[number - 1].read_bytes() if 1 <= number <= len(sheets) \
                        else None
                except FileNotFoundError:
                    pass   # pruned meanwhile by another request or process: make it again
            progress = _renders[key] = _Progress()
            threading.Thread(target=_render_in_background, daemon=True, name="previews",
                             args=(key, progress, renderer, cache_dir, html, landscape,
                                   version, keep, slot)).start()
    return progress.sheet(number, timeout) if number >= 1 else None


def _render_in_background(key, progress, renderer, cache_dir, html, landscape, version, keep,
                          slot):
    try:
        cached_sheets(renderer, cache_dir, html, landscape, version, keep, slot,
                      on_sheet=progress.add)
        progress.finish()
    except Exception as exc:   # handed to every request waiting for a sheet
        progress.finish(exc)
    finally:
        with _renders_lock:
            _renders.pop(key, None)


def _write_sheets(folder, images):
    folder.mkdir()
    for number, data in enumerate(images, start=1):
        (folder / f"{number}.png").write_bytes(data)


def _incarnation(folder):
    """Return the mark of this life of a render folder, making folder and mark if need be.

    A render stores its file only if the mark is unchanged, so a render begun before its
    story's renders were forgotten never brings them back.
    """
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / _MARK
    try:
        return mark.read_text()
    except FileNotFoundError:
        pass
    tmp = folder / f".mark-{uuid.uuid4().hex}"
    try:
        tmp.write_text(uuid.uuid4().hex)
        os.link(tmp, mark)  # atomic: the first mark written wins
    except FileExistsError:
        pass
    except OSError:
        return None
    finally:
        tmp.unlink(missing_ok=True)
    try:
        return mark.read_text()
    except OSError:
        return None


def _store(folder, path, mark, write):
    """Write a render whole under path, unless the folder's life ended meanwhile; say if stored."""
    tmp = folder / f".tmp-{uuid.uuid4().hex}"  # hidden: never read, never counted as a render
    try:
        write(tmp)
        if mark is None or (folder / _MARK).read_text() != mark:
            raise FileNotFoundError(path)
        tmp.rename(path)  # whole or not at all: a half-written render is never read
        return True
    except OSError:
        _remove(tmp)
        return False


def _remove(path):
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def prune(folder, keep, fresh=None):
    """Remove the renders in a folder not of a version in keep, and those fresh replaces.

    fresh names a render just stored: earlier renders of its version and slot (made
    before a photo was retuned, the plan rewritten, a comment added) are superseded.
    Renders of no known version go too, and so do half-written files of crashed jobs.
    """
    keep = {int(v) for v in keep}
    made = _RENDER.match(fresh) if fresh else None
    now = time.time()
    for entry in _entries(folder):
        name = entry.name
        if name.startswith("."):
            if name.startswith(".tmp-") and _older_than(entry, now - STALE_TMP_SECONDS):
                _remove(entry)
            continue
        found = _RENDER.match(name)
        superseded = made and found and name != fresh and found.groups() == made.groups()
        if found is None or int(found.group(1)) not in keep or superseded:
            _remove(entry)


def _entries(folder):
    try:
        return list(Path(folder).iterdir())
    except FileNotFoundError:  # forgotten meanwhile: nothing left to prune
        return []


def _older_than(path, when):
    try:
        return path.stat().st_mtime < when
    except OSError:
        return False


def forget(folder):
    """Remove a folder of renders at once; renders in flight will not store into it."""
    folder = Path(folder)
    gone = folder.with_name(f".{folder.name}.gone-{uuid.uuid4().hex}")
    try:
        folder.rename(gone)  # atomic: no reader or writer sees a half-emptied folder
    except FileNotFoundError:
        return
    shutil.rmtree(gone, ignore_errors=True)


def story_cache(cache_dir, story_id):
    """Return the folder that holds a story's rendered files."""
    return Path(cache_dir) / f"story-{int(story_id)}"


def forget_renders(cache_dir, story_id):
    """Remove every rendered file of a story: call it when a photo of the story is deleted."""
    forget(story_cache(cache_dir, story_id))
