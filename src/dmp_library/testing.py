"""A site to test or measure with: the real application on a real FileStorage in a folder.

Used by the test suite and the benchmarks (never by the application itself).
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import requests
import transaction
import webtest
from pyramid.paster import get_app
from pyramid.threadlocal import manager
from waitress import create_server

from .storage import close_database

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
        close_database(self.db)


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
        server.task_dispatcher.shutdown(timeout=30)  # requests under way end first
        server.close()
        thread.join(timeout=5)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The server's log: warnings, and what the application itself says (OCR done, say).
_LOGGING = """
[loggers]
keys = root, dmp_library

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[logger_dmp_library]
level = INFO
handlers =
qualname = dmp_library

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


class ServerProcess:
    """The application served by ``pserve`` in a process of its own, to stop or to kill.

    ``config`` is the .ini it extends (the test suite's by default) with ``settings`` over it;
    ``data_dir`` holds its data (the test configuration's ``data_dir``), its .ini and its log.
    """

    def __init__(self, data_dir, config=TESTING_INI, settings=None, env=None, threads=8):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.ini = self.data_dir / ("server-%d.ini" % self.port)
        lines = ["[DEFAULT]", "data_dir = %s" % self.data_dir, "",
                 "[app:main]", "use = config:%s#main" % config]
        lines += ["%s = %s" % item for item in (settings or {}).items()]
        lines += ["", "[server:main]", "use = egg:waitress#main",
                  "listen = 127.0.0.1:%d" % self.port, "threads = %d" % threads, _LOGGING]
        self.ini.write_text("\n".join(lines) + "\n")
        self.env = dict(os.environ, **(env or {}))
        self.log = self.data_dir / ("server-%d.log" % self.port)
        self.process = None

    def start(self, timeout=60):
        """Start the server and wait until it answers."""
        pserve = Path(sys.executable).parent / "pserve"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 -- our own pserve and .ini
                [str(pserve), str(self.ini)], stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server stopped: see %s" % self.log)
            try:
                urllib.request.urlopen(self.url + "/login", timeout=5).close()  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("the server did not answer within %d s: see %s" % (timeout, self.log))

    def kill(self):
        """``kill -9``: no clean-up, no last commit."""
        self._signal(signal.SIGKILL)

    def stop(self):
        self._signal(signal.SIGTERM)

    def _signal(self, number):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(number)
            self.process.wait(timeout=60)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class ApiClient:
    """The JSON API as a program sees it, over HTTP, with one personal token."""

    def __init__(self, url, token, timeout=120):
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + token
        self.timeout = timeout

    def get(self, path, **params):
        return self.session.get(self.url + path, params=params, timeout=self.timeout)

    def upload(self, dossier_id, content, title, filename="compte-rendu.txt",
               category="biologie", type_code="11502-2", care_date="2024-03-01"):
        """POST one document; the response (201 and its description, or an error)."""
        return self.session.post(
            self.url + "/api/v1/dossiers/%s/documents" % dossier_id,
            data={"category": category, "type_code": type_code, "title": title,
                  "care_date": care_date},
            files={"file": (filename, content)}, timeout=self.timeout)

    def download(self, document_id):
        return self.get("/api/v1/documents/%s/file" % document_id)
