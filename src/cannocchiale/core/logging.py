"""Structured logs: one JSON object per line on stderr, each with the request it belongs to.

A request id is set for the duration of each request (`cannocchiale.core.request_id`) in a
context variable; `RequestIdFilter` copies it into every record, so that the lines of one
request, its error and its traceback can be found together from the id shown to the user.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("cannocchiale_request_id", default="")

# The attributes every LogRecord has: anything else was passed with `extra=` and is kept.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Gives each record the id of the request being served ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time (UTC), level, logger, message, request id, the
    traceback when there is one, and what the caller passed with `extra=`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in record.__dict__.items():
            # Django's request logger passes the request object itself: its path is what helps.
            if key == "request":
                line["path"] = getattr(value, "path", "")
                line["method"] = getattr(value, "method", "")
            elif key not in _STANDARD and not key.startswith("_"):
                line[key] = _plain(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """The LOGGING setting: the project's records at `level`, Django's errors (every unhandled
    exception, with its traceback) and warnings, all as JSON lines on stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cannocchiale.core.logging.RequestIdFilter"}},
        "formatters": {"json": {"()": "cannocchiale.core.logging.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "cannocchiale": {"level": level},
            # 5xx with their tracebacks; a 404 or 403 is the user's, not the server's, error.
            "django.request": {"level": "ERROR"},
            "django.security": {"level": "WARNING"},
        },
    }
