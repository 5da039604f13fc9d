"""`GET /health`: whether the database, the broker and the external systems answer, for a load balancer and the
municipality's monitoring. Public, so it says only ok or not for each part: no address, version of a part or
error text. The database is what the web needs (503 without it); a broker or register that does not answer is a
warning (200): pages work, robots wait."""

import socket
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, text

from ifoflow import __version__
from ifoflow.robots.core.resilience import SYSTEMS
from ifoflow.settings import get_settings

TIMEOUT_S = 1.0


def _database(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # the point of a health check is to say so, not to crash
        return False
    return True


def _broker(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=TIMEOUT_S) as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT_S)
    except Exception:
        return False
    return True


def _answers(url: str) -> bool:
    """A TCP connection to the system's host and port: it answers, without asking it anything about anyone."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=TIMEOUT_S):
            return True
    except OSError:
        return False


def report(engine: Engine) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body)."""
    settings = get_settings()
    database = _database(engine)
    parts = {"databas": "ok" if database else "svarar inte",
             "meddelandeko": "ok" if _broker(settings.broker_url) else "svarar inte",
             "ssbtek": "ok" if _answers(settings.ssbtek_url) else "svarar inte",
             "folkbokforing": "ok" if _answers(settings.folkbokforing_url) else "svarar inte"}
    if settings.mailbox_url:
        parts["mina_meddelanden"] = "ok" if _answers(settings.mailbox_url) else "svarar inte"
    open_circuits = sorted({s.name for s in list(SYSTEMS) if s.breaker.is_open})
    status = "ok" if all(v == "ok" for v in parts.values()) and not open_circuits else "varning"
    if not database:
        status = "fel"
    return (503 if not database else 200), {"status": status, "version": __version__, "delar": parts,
                                            "oppna_kretsbrytare": open_circuits, "databastyp": engine.dialect.name}
