"""Append-only, hash-chained audit log."""

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.store.models import AuditEvent
from ifoflow.store.models.base import utcnow

GENESIS = "0" * 64


def event_hash(prev_hash: str, occurred_at: datetime, actor: str, action: str, entity: str,
               entity_id: str, details: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and this event's content, in a canonical JSON form."""
    body = json.dumps(
        [prev_hash, occurred_at.isoformat(), actor, action, entity, entity_id, details],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def append(session: Session, *, actor: str, action: str, entity: str, entity_id: str | int,
           details: dict[str, Any] | None = None) -> AuditEvent:
    """Add one event at the end of the chain (in the caller's transaction)."""
    session.flush()
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    occurred_at = utcnow()
    details = details or {}
    event = AuditEvent(
        occurred_at=occurred_at, actor=actor, action=action, entity=entity, entity_id=str(entity_id),
        details=details, prev_hash=prev,
        hash=event_hash(prev, occurred_at, actor, action, entity, str(entity_id), details),
    )
    session.add(event)
    session.flush()
    return event
