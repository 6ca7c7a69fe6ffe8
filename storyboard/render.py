"""Playwright renderer: one browser, owned by one worker thread, fed through a queue."""
import hashlib
import logging
import os
import queue
import re
import shutil
import socket
import threading
import time
import uuid
from pathlib import Path

from . import erasure  # the module, not its names: erasure may call back into us

log = logging.getLogger(__name__)

FORMATS = ("pdf", "png", "html")
SHEETS = "sheets"  # one PNG per printed sheet, for previews
LAUNCH_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"]
INSTALL_HINT = ("install Chromium: 'apt-get install chromium' on Debian/Ubuntu, "
                "or 'python -m playwright install chromium' elsewhere, "
                "or set STORYBOARD_CHROMIUM to a browser binary")


class RenderError(Exception):
    """Rendering failed; the message says why."""


class BrowserMissing(RenderError):
    """No browser could be started."""


class RenderTimeout(RenderError):
    """The job did not finish within its timeout."""


def find_chromium(configured=None):
    """Return a Chromium binary path: the setting, then PATH; None means Playwright's own."""
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_args():
    """Return Chromium flags for headless use; no sandbox when running as root."""
    args = list(LAUNCH_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def _local_only(route):
    """Let data: and about: through; refuse every request that would leave the browser."""
    if route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort()


_dead_end = None
_dead_end_lock = threading.Lock()


def dead_end():
    """Return a proxy address that refuses every connection: a port held but never listened on."""
    global _dead_end
    with _dead_end_lock:
        if _dead_end is None:
            _dead_end = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            _dead_end.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        return f"http://127.0.0.1:{_dead_end.getsockname()[1]}"


def sealed_context(browser):
    """Return a browser context for print HTML: no JavaScript, no network, no WebSockets."""
    # Prefetches and preconnects skip request routing; through a dead proxy (loopback too,
    # Playwright proxies it) they go nowhere.
    context = browser.new_context(java_script_enabled=False, service_workers="block",
                                  accept_downloads=False, proxy={"server": dead_end()})
    context.route("**/*", _local_only)
    # WebSockets bypass request routing; an unconnected handler keeps them from the network.
    context.route_web_socket("**/*", lambda ws: ws.close())
    return context


class _Job:
    def __init__(self, html, fmt, landscape):
        self.html, self.fmt, self.landscape = html, fmt, landscape
        self.done = threading.Event()
        self.cancelled = False
        self.result = None
        self.error = None


class Renderer:
    """Render HTML to PDF or PNG bytes in one long-lived browser."""

    def __init__(self, executable=None, ws_endpoint=None, timeout=60.0, restart_after=200):
        self.executable = find_chromium(executable)
        self.ws_endpoint = ws_endpoint
        self.timeout = timeout
        self.restart_after = restart_after
        self.jobs_done = 0
        self.launches = 0
        self._queue = queue.Queue()
        self._page = None
        self._thread = None
        self._lock = threading.Lock()
        # An inert switch that marks our browser, so its process can be found.
        self._marker = f"--storyboard-renderer={uuid.uuid4().hex}"

    def render(self, html, fmt="pdf", landscape=False, timeout=None):
        """Return the rendered bytes, or raise RenderError."""
        if fmt not in FORMATS and fmt != SHEETS:
            raise RenderError(f"unknown format {fmt!r}")
        if fmt == "html":
            return html.encode("utf-8")
        job = _Job(html, fmt, landscape)
        self._start()
        self._queue.put(job)
        if not job.done.wait(timeout or self.timeout):
            job.cancelled = True
            raise RenderTimeout(f"rendering took longer than {timeout or self.timeout:.0f} s")
        if job.error:
            raise job.error
        return job.result

    def close(self):
        """Stop the worker thread and its browser."""
        with self._lock:
            if self._thread and self._thread.is_alive():
                self._queue.put(None)
                self._thread.join(timeout=15)
            self._thread = None

    def browser_pids(self):
        """Return the process ids of this renderer's local browser (Linux /proc)."""
        pids = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if self._marker.encode() in cmdline.read_bytes():
                    pids.append(int(cmdline.parent.name))
            except OSError:
                continue
        return pids

    def _start(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="renderer", daemon=True)
                self._thread.start()

    def _run(self):
        try:
            from playwright.sync_api import sync_playwright
            manager = sync_playwright().start()
        except Exception as exc:  # the Playwright driver itself is missing or broken
            self._fail_all(BrowserMissing(f"Playwright could not start ({exc}); {INSTALL_HINT}"))
            return
        browser = None
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    break
                if job.cancelled:
                    continue
                browser = self._serve(manager, browser, job)
        finally:
            self._close_browser(browser)
            manager.stop()

    def _serve(self, manager, browser, job):
        """Run one job, relaunching the browser once if it died; return the browser."""
        for attempt in (1, 2):
            try:
                if browser is None or not browser.is_connected() or self._due_restart():
                    self._close_browser(browser)
                    browser = self._launch(manager)
                job.result = self._render_page(browser, job)
                self.jobs_done += 1
                break
            except BrowserMissing as exc:
                job.error = exc
                break
            except Exception as exc:
                log.warning("render attempt %s failed: %s", attempt, exc)
                self._close_browser(browser)
                browser = None
                job.error = RenderError(f"the browser failed while rendering: {exc}")
        if job.result is not None:
            job.error = None
        job.done.set()
        return browser

    def _due_restart(self):
        return self.restart_after and self.jobs_done and self.jobs_done % self.restart_after == 0

    def _launch(self, manager):
        try:
            if self.ws_endpoint:
                browser = manager.chromium.connect(self.ws_endpoint)
            else:
                browser = manager.chromium.launch(executable_path=self.executable,
                                                  args=launch_args() + [self._marker],
                                                  headless=True)
        except Exception as exc:
            where = self.executable or "Playwright's own Chromium"
            raise BrowserMissing(f"the browser ({where}) could not start; {INSTALL_HINT}") from exc
        self.launches += 1
        return browser

    def _render_page(self, browser, job):
        # One warm page is reused: opening a page costs more than rendering one. It lives in
        # a context with every door shut, so one job's HTML can neither call out nor touch
        # the next job's story.
        page = self._page
        if page is None or page.is_closed() or page.context.browser is not browser:
            page = self._page = sealed_context(browser).new_page()
            page.set_default_timeout(self.timeout * 1000)
        width, height = (1123, 794) if job.landscape else (794, 1123)
        page.set_viewport_size({"width": width, "height": height})
        try:
            page.set_content(job.html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")  # runs with the page's JS off
            if job.fmt == "pdf":
                return page.pdf(prefer_css_page_size=True, print_background=True)
            page.emulate_media(media="print")
            try:
                if job.fmt == SHEETS:
                    return [sheet.screenshot(type="png")
                            for sheet in page.locator(".sheet").all()]
                return page.screenshot(full_page=True, type="png")
            finally:
                page.emulate_media(media="screen")
        except Exception:
            self._drop_page()
            raise
        finally:
            self._stop(page)

    def _stop(self, page):
        """Cancel what a job left pending (a meta refresh), so it cannot reach the next job."""
        if page is self._page:
            try:
                page.evaluate("window.stop()")
            except Exception:
                self._drop_page()

    def _drop_page(self):
        """Close the warm page and its context; a dead browser may refuse, which is fine."""
        page, self._page = self._page, None
        if page is not None:
            try:
                page.context.close()
            except Exception:
                pass

    def _close_browser(self, browser):
        self._drop_page()
        if browser is not None:
            try:
                browser.close()
            except Exception:
                pass

    def _fail_all(self, error):
        while True:
            try:
                job = self._queue.get(timeout=0.2)
            except queue.Empty:
                return
            if job is not None:
                job.error = error
                job.done.set()


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
                  slot="any"):
    """Return the paths of one PNG preview per sheet, rendering them all once.

    Empty when the story's renders were forgotten while these were made: they are stale.
    """
    key = _key(SHEETS, landscape, html)
    folder = Path(cache_dir)
    path = folder / render_name(key, SHEETS, version, slot)
    with _lock_for(key):
        if not path.exists():
            mark = _incarnation(folder)
            images = renderer.render(html, fmt=SHEETS, landscape=landscape)
            if _store(folder, path, mark, lambda tmp: _write_sheets(tmp, images)) \
                    and version is not None:
                prune(folder, set(keep) | {int(version)}, fresh=path.name)
        return sorted(path.glob("*.png"), key=lambda p: int(p.stem))


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


def forget_renders(cache_dir, story_id):
    """Remove every rendered file of a story: call it when a photo of the story is deleted."""
    forget(erasure.story_cache(cache_dir, story_id))
