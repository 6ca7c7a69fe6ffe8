"""Serving in more than one process: gunicorn's threaded workers, each with its own app."""
import gc
import signal
import socket

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter


def freeze():
    """Keep what start-up made out of the cycle collector for the life of the process."""
    # The app, its templates and the picture library live as long as the process: the
    # collector's full passes over them otherwise stall large saves.
    gc.collect()
    gc.freeze()


def check_address(host, port):
    """Raise OSError (in use, not allowed) when the address cannot be served on."""
    # gunicorn retries a taken port for five seconds and then logs a stack of lines; say
    # it in one line at once, as waitress does.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def options(host, port, processes, threads):
    """Return the gunicorn settings for serving the app."""
    bracketed = f"[{host}]" if ":" in host else host
    return {
        "bind": f"{bracketed}:{port}",
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        # Each process builds its own app after the fork: its own SQLite connections and
        # its own print browser, never shared across a fork.
        "preload_app": False,
        # Addresses carry link tokens: no access log, as with waitress.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "storyboard",
        # Forwarded headers are the app's to judge (STORYBOARD_PROXIES), not gunicorn's.
        "forwarded_allow_ips": "",
        # No control socket under $HOME: a hardened service may write nowhere but its data.
        "control_socket_disable": True,
        # A print may take RENDER_TIMEOUT; in-flight requests get this long on a stop.
        "graceful_timeout": 60,
    }


class _Arbiter(Arbiter):
    """gunicorn's master, stopping gracefully on Ctrl+C as on SIGTERM."""

    def handle_int(self):
        self.handle_term()


def _graceful_interrupt(worker):
    # Ctrl+C reaches every process of the terminal: let the worker finish its requests.
    signal.signal(signal.SIGINT, worker.handle_exit)


class Server(BaseApplication):
    """Serve the app made by make_app in N gunicorn processes."""

    def __init__(self, make_app, settings, on_ready=None):
        self.make_app, self.settings, self.on_ready = make_app, settings, on_ready
        super().__init__()

    def load_config(self):
        for key, value in self.settings.items():
            self.cfg.set(key, value)
        self.cfg.set("post_worker_init", _graceful_interrupt)
        if self.on_ready:
            self.cfg.set("when_ready", lambda _arbiter: self.on_ready())

    def load(self):
        """Build this worker's own app (migrations are locked: see db.migrate)."""
        app = self.make_app()
        freeze()
        return app

    def run(self):
        """Run gunicorn's master, which Ctrl+C stops as gently as SIGTERM."""
        _Arbiter(self).run()


def serve(make_app, host, port, processes, threads, on_ready=None):
    """Serve until SIGTERM or Ctrl+C, letting requests in flight finish."""
    check_address(host, port)
    Server(make_app, options(host, port, processes, threads), on_ready).run()
