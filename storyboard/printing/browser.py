"""The Playwright renderer: one browser, owned by one worker thread, fed through a queue."""
import logging
import os
import queue
import shutil
import socket
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

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


class BrowserUnreachable(RenderError):
    """The remote browser server (STORYBOARD_BROWSER_WS) did not answer."""


def find_chromium(configured=None):
    """Return a Chromium binary path: the setting, then PATH; None means Playwright's own."""
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def server_address(ws_endpoint):
    """Return a browser server's address without its path, which may be kept secret."""
    try:
        parts = urlsplit(ws_endpoint)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number
        return "STORYBOARD_BROWSER_WS"
    return f"{parts.scheme}://{parts.hostname}{port}" if parts.hostname else ws_endpoint


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
    def __init__(self, html, fmt, landscape, on_sheet=None):
        self.html, self.fmt, self.landscape = html, fmt, landscape
        self.on_sheet = on_sheet   # called with (number, png) as each preview sheet is made
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
        self.last_ok = None   # time.monotonic() of the last job rendered
        self._queue = queue.Queue()
        self._page = None
        self._thread = None
        self._lock = threading.Lock()
        # An inert switch that marks our browser, so its process can be found.
        self._marker = f"--storyboard-renderer={uuid.uuid4().hex}"

    def render(self, html, fmt="pdf", landscape=False, timeout=None, on_sheet=None):
        """Return the rendered bytes, or raise RenderError.

        For SHEETS, on_sheet(number, png) hears of each sheet as soon as it is made."""
        if fmt not in FORMATS and fmt != SHEETS:
            raise RenderError(f"unknown format {fmt!r}")
        if fmt == "html":
            return html.encode("utf-8")
        job = _Job(html, fmt, landscape, on_sheet)
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
                self.last_ok = time.monotonic()
                break
            except (BrowserMissing, BrowserUnreachable) as exc:
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
        if self.ws_endpoint:
            return self._connect(manager)
        try:
            browser = manager.chromium.launch(executable_path=self.executable,
                                              args=launch_args() + [self._marker],
                                              headless=True)
        except Exception as exc:
            where = self.executable or "Playwright's own Chromium"
            raise BrowserMissing(f"the browser ({where}) could not start; {INSTALL_HINT}") from exc
        self.launches += 1
        return browser

    def _connect(self, manager):
        """Connect to the remote browser server; each job tries again while it is gone."""
        try:
            # Bounded: a server that takes the connection but never answers must not hold
            # the print queue longer than a print may take.
            browser = manager.chromium.connect(self.ws_endpoint, timeout=self.timeout * 1000)
        except Exception as exc:
            log.warning("the print browser server did not answer: %s", exc)
            raise BrowserUnreachable(
                f"the print browser server at {server_address(self.ws_endpoint)} cannot be "
                "reached; is 'playwright launch-server' running there (STORYBOARD_BROWSER_WS)?"
            ) from exc
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
                    return self._sheets(page, job)
                return page.screenshot(full_page=True, type="png")
            finally:
                page.emulate_media(media="screen")
        except Exception:
            self._drop_page()
            raise
        finally:
            self._stop(page)

    @staticmethod
    def _sheets(page, job):
        """Take one PNG per sheet, first sheet first, telling job.on_sheet of each."""
        images = []
        for number, sheet in enumerate(page.locator(".sheet").all(), start=1):
            images.append(sheet.screenshot(type="png"))
            if job.on_sheet:
                job.on_sheet(number, images[-1])
        return images

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
