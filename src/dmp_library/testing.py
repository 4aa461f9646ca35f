"""A site to test or measure with: the real application on a real FileStorage in a folder.

Used by the test suite and the benchmarks (never by the application itself).
"""
import contextlib
import threading
from pathlib import Path

import transaction
import webtest
from pyramid.paster import get_app
from pyramid.threadlocal import manager
from waitress import create_server

TESTING_INI = Path(__file__).resolve().parents[2] / "config" / "testing.ini"


class Site:
    """An application and its database: act through the web, look into the database."""

    def __init__(self, data_dir):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.app = get_app(str(TESTING_INI), options={"data_dir": str(data_dir)})
        self.registry = self.app.registry
        self.settings = self.registry.settings
        self.db = self.registry._zodb_databases[""]
        self.browser().get("/")  # the first request creates the site root

    def browser(self, **environ):
        """A new visitor, with their own cookies."""
        return webtest.TestApp(self.app, extra_environ=dict({"REMOTE_ADDR": "192.0.2.7"},
                                                            **environ))

    @contextlib.contextmanager
    def root(self):
        """The site root in a transaction of its own, committed at the end of the block."""
        connection = self.db.open()
        manager.push({"registry": self.registry, "request": None})
        try:
            yield connection.root()["app_root"]
            transaction.commit()
        except BaseException:
            transaction.abort()
            raise
        finally:
            manager.pop()
            connection.close()

    def dossier_id(self, nir):
        with self.root() as root:
            return root["dossiers"].by_nir[nir]

    def close(self):
        self.db.close()


@contextlib.contextmanager
def served(app, threads=4):
    """The application served by waitress on a free local port: yields its base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)

    def run():
        try:
            server.run()
        except OSError:  # the listening socket closed under select() when stopping
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%s" % server.effective_port
    finally:
        server.close()
        thread.join(timeout=5)
