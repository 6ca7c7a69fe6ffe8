"""Health checks for a load balancer: the database answers and the print browser renders."""
import logging
import threading
import time

log = logging.getLogger(__name__)

RENDERER_TTL = 60.0    # seconds a renderer check holds: a balancer polls far more often
PROBE_TIMEOUT = 20.0   # seconds the probe may take, a browser's cold start included
PROBE = "<!doctype html><html><body><p>ok</p></body></html>"


def database_ok(db):
    """Tell whether the database answers a trivial query on our own schema."""
    try:
        db.execute("select count(*) from _sqlite_migrations").fetchone()
        return True
    except Exception as exc:  # whatever broke, the answer is "failed", never the reason
        log.warning("health: the database failed: %s", exc)
        return False


class RendererCheck:
    """A renderer's health, found by rendering a tiny page at most once a TTL."""

    def __init__(self, ttl=RENDERER_TTL, timeout=PROBE_TIMEOUT, clock=time.monotonic):
        self.ttl, self.timeout, self.clock = ttl, timeout, clock
        self._lock = threading.Lock()   # one probe at a time; others wait for its answer
        self._ok, self._at = None, None
        self.probes = 0

    def ok(self, renderer):
        """Tell whether the renderer works: a recent print says so, else a probe does."""
        with self._lock:
            now = self.clock()
            if self._at is not None and now - self._at < self.ttl:
                return self._ok
            if renderer.last_ok is not None and now - renderer.last_ok < self.ttl:
                self._ok = True   # a print just made: no need to queue behind the prints
            else:
                self._ok = self._probe(renderer)
            self._at = self.clock()
            return self._ok

    def _probe(self, renderer):
        self.probes += 1
        try:
            renderer.render(PROBE, fmt="pdf", timeout=self.timeout)
            return True
        except Exception as exc:
            log.warning("health: the print browser failed: %s", exc)
            return False


def report(database, renderer):
    """Return the answer for /healthz and its status: only ok or failed, never why."""
    if database and renderer:
        return {"ok": True}, 200
    return {"ok": False, "database": "ok" if database else "failed",
            "renderer": "ok" if renderer else "failed"}, 503
