"""Logging for operations: one JSON object per line (IFOFLOW_LOG_FORMAT=json) with the request's or the robot
run's id, for the municipality's log collection; plain text otherwise.

No personal data: log calls name routes, robots, runs and counts, never a person; a page's path is logged as its
route template (`/arenden/{case_id}`), never with a query (a name search would otherwise end up in the log). As a
last guard, anything shaped like a personnummer or samordningsnummer is masked before a line is written.
"""

import logging
import re
import sys
from contextvars import ContextVar
from typing import IO, Any

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
RUN_ID: ContextVar[str] = ContextVar("run_id", default="")
# 6 or 8 digits of a birth date, a dash or plus or nothing, four digits: 850101-1234, 198501011234, 8501011234.
NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
MASK = "<personnummer>"


class Context(logging.Filter):
    """Adds the request and run id to every record, and masks numbers shaped like a personnummer."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id, record.run_id = REQUEST_ID.get(), RUN_ID.get()
        if record.args:
            record.msg, record.args = record.getMessage(), None
        record.msg = NUMBER.sub(MASK, str(record.msg))
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = NUMBER.sub(MASK, logging.Formatter().formatException(record.exc_info))
        return True


def setup(fmt: str = "", stream: IO[str] | None = None, level: int = logging.INFO) -> logging.Handler:
    """Send every log record of the process through one handler in the chosen format; returns the handler."""
    from ifoflow.settings import get_settings

    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(Context())
    if (fmt or get_settings().log_format) == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(run_id)s",
            rename_fields={"asctime": "tid", "levelname": "niva", "name": "kalla", "message": "meddelande",
                           "request_id": "begaran", "run_id": "korning", "exc_info": "fel"}))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s%(run_id)s] "
                                               "%(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpx2", "httpcore", "uvicorn.access"):  # their lines carry full URLs
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler


def bind(var: ContextVar[str], value: str) -> Any:
    """Set a context id; returns the token to reset it with."""
    return var.set(value)
