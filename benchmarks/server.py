"""A production-like server for the page benchmark: gunicorn, one worker process per core, on loopback.

It runs as a subprocess with the bench process's database, files and secret, so that a session
opened here is valid there; the body cache is Redis when one answers (worker processes do not
share memory, and a production deployment with several workers would use it), else each worker's
own memory.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
READY_SECONDS = 60


@dataclass(frozen=True)
class Server:
    port: int
    workers: int
    cache: str
    log: Path | None = None

    def errors(self) -> list[str]:
        """The application's error records so far (one JSON line each), for a report."""
        if self.log is None or not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line for line in lines if '"level": "ERROR"' in line]


def database_url() -> str:
    """The URL of the database this process is using (in tests, the test database, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise RuntimeError(
                "il server di prova è un altro processo: serve un database su disco, non in memoria"
            )
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor != "postgresql":
        raise RuntimeError(f"database non previsto dal benchmark: {connection.vendor}")
    user = quote(str(db.get("USER") or ""), safe="")
    password = quote(str(db.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def redis_url() -> str | None:
    """The configured Redis, or the local one if it answers; None when there is none to use."""
    configured = os.environ.get("CANNOCCHIALE_REDIS_URL")
    if configured:
        return configured
    try:
        import redis  # noqa: F401  (Django's RedisCache needs it)
    except ImportError:
        return None
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as probe:
            probe.sendall(b"PING\r\n")
            answered = probe.recv(16).startswith(b"+PONG")
    except OSError:
        return None
    return DEFAULT_REDIS if answered else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(process: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn è uscito ({process.returncode}): {log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn non risponde dopo {READY_SECONDS} s: {log.read_text()[-2000:]}")


@contextmanager
def gunicorn(*, ready_path: str, workers: int | None = None) -> Iterator[Server]:
    """Serves the project on a free loopback port until the block ends."""
    workers = workers or os.cpu_count() or 1
    port = _free_port()
    cache = redis_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cannocchiale.settings",
        "DATABASE_URL": database_url(),
        "CANNOCCHIALE_VAR_DIR": str(settings.VAR_DIR),
        "SECRET_KEY": str(settings.SECRET_KEY),
        "CANNOCCHIALE_DEBUG": "0",
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY), str(REPOSITORY / "src")]),
    }
    env.pop("SECRET_KEY_FILE", None)
    if cache:
        env["CANNOCCHIALE_REDIS_URL"] = cache
    else:
        env.pop("CANNOCCHIALE_REDIS_URL", None)
    with tempfile.TemporaryDirectory(prefix="cannocchiale-gunicorn-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # Loaded once before forking: the workers start warm and together.
            "--preload",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log),
            "--chdir",
            str(REPOSITORY),
            "benchmarks.bench_wsgi:application",
        ]
        # The application's own log (JSON lines on stderr) beside gunicorn's: a failed run says why.
        app_log = Path(tmp) / "application.log"
        with app_log.open("wb") as app_stderr:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=app_stderr)
        try:
            _wait_ready(process, port, ready_path, log)
            yield Server(
                port=port,
                workers=workers,
                cache=f"Redis ({cache})" if cache else "LocMem per processo",
                log=app_log,
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
