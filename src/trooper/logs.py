"""Log set-up: the seed's human lines by default, JSON lines with ``TROOPER_LOG_FORMAT=json``.

Trooper never logs an API key or a prompt body (unless ``TROOPER_LOG_BODIES=true``).
"""

from __future__ import annotations

import logging
import sys
import time
from contextvars import ContextVar

import orjson

#: The id of the request being served, set by the chat handler, read by every log line.
request_id: ContextVar[str] = ContextVar("trooper_request_id", default="")


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


def setup_logging(fmt: str = "text", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JSONFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logging.Formatter.converter = time.localtime
    root = logging.getLogger("trooper")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
