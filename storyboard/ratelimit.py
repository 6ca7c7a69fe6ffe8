"""In-process failure counter: refuse a key after too many failures in a window."""
import threading
import time


class FailureLimiter:
    """Count failures per key in a sliding window."""

    def __init__(self, max_failures, window_seconds, clock=time.monotonic):
        self.max_failures = max_failures
        self.window = window_seconds
        self.clock = clock
        self._failures = {}
        self._lock = threading.Lock()

    def _recent(self, key):
        cutoff = self.clock() - self.window
        times = [t for t in self._failures.get(key, []) if t > cutoff]
        self._failures[key] = times
        return times

    def blocked(self, key):
        """Tell whether the key has used up its failures."""
        with self._lock:
            return len(self._recent(key)) >= self.max_failures

    def fail(self, key):
        """Record one failure for the key."""
        with self._lock:
            self._recent(key).append(self.clock())

    def reset(self, key):
        """Forget the key's failures (after a success)."""
        with self._lock:
            self._failures.pop(key, None)
