"""Where documents are produced, off the request: a small thread pool in the web process, or a worker.

`CANNOCCHIALE_DOCUMENT_WORKER` (a Django setting, default "thread") chooses: "thread" starts a
daemon pool of one worker in the web process (the demo needs nothing else); "external" leaves
queued documents to `cannocchiale report worker` (production, several web processes);
"inline" produces them in the request (tests).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connection

from cannocchiale.reports.models import GeneratedDocument
from cannocchiale.reports.services import document_run

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _in_thread(pk: int) -> None:
    # A thread has its own database connection: open it fresh and close it, or it would leak.
    close_old_connections()
    try:
        document_run(pk=pk)
    finally:
        connection.close()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            # One worker: WeasyPrint is CPU-bound and memory-hungry; documents wait in line, pages don't.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cannocchiale-documents")
        return _executor


def document_dispatch(pk: int) -> None:
    mode = settings.CANNOCCHIALE_DOCUMENT_WORKER  # checked when the settings are read
    if mode == "inline":
        document_run(pk=pk)
    elif mode == "thread":
        _pool().submit(_in_thread, pk)
    # "external": the worker command will find it queued.


def worker_loop(
    *, once: bool = False, poll_seconds: float = 2.0, report: Callable[[str], None] = lambda _: None
) -> int:
    """Produce queued documents, oldest first; with `once`, stop when the queue is empty."""
    produced = 0
    while True:
        # A long-running worker drops connections the database timed out; never one inside a
        # transaction (a caller's, or a test's), which would be lost with it.
        if not connection.in_atomic_block:
            close_old_connections()
        pk = (
            GeneratedDocument.objects.filter(status=GeneratedDocument.Status.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            if once:
                return produced
            time.sleep(poll_seconds)
            continue
        row = document_run(pk=pk)
        if row is not None:
            produced += 1
            report(f"{row}: {row.get_status_display()}")
