"""Append-only, hash-chained audit log, and its verification."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, event, select, update
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from ifoflow.store.base import Base, utcnow

GENESIS = "0" * 64
_PENDING = "audit_pending"  # in Session.info: the transaction's events, written at its commit


class AuditEvent(Base):
    """Append-only log. Each row holds the previous row's hash, so a change anywhere breaks the chain."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """Single row holding the newest audit hash; locked while appending so the chain never forks."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)


def event_hash(prev_hash: str, occurred_at: datetime, actor: str, action: str, entity: str,
               entity_id: str, details: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and this event's content, in a canonical JSON form."""
    body = json.dumps(
        [prev_hash, occurred_at.isoformat(), actor, action, entity, entity_id, details],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _head(session: Session) -> AuditHead:
    """The chain's head row, locked for this transaction (FOR UPDATE on PostgreSQL).

    SQLite ignores FOR UPDATE and reads outside a write transaction; a no-op write first takes the database's
    write lock, so two connections cannot both continue from the same head.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(AuditHead).where(AuditHead.id == 1).values(id=AuditHead.id))
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:  # first append since the head table came: continue from the newest event, if any
        last = session.execute(select(AuditEvent.hash, AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)).first()
        head = AuditHead(id=1, last_hash=last[0] if last else GENESIS, last_event_id=last[1] if last else 0)
        session.add(head)
        session.flush()
    return head


def append(session: Session, *, actor: str, action: str, entity: str, entity_id: str | int,
           details: dict[str, Any] | None = None) -> None:
    """Add one event to the chain when the caller's transaction commits (nothing if it rolls back).

    The chain's head is locked only while the transaction's events are written, just before the commit: locked
    at the append, it was held through the rest of the transaction, and 50 applicants at once queued on it."""
    details = json.loads(json.dumps(details or {}, default=str))  # store exactly what was hashed
    session.info.setdefault(_PENDING, []).append((utcnow(), actor, action, entity, str(entity_id), details))


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    head = _head(session)
    events, prev = [], head.last_hash
    for occurred_at, actor, action, entity, entity_id, details in pending:
        current = event_hash(prev, occurred_at, actor, action, entity, entity_id, details)
        events.append(AuditEvent(occurred_at=occurred_at, actor=actor, action=action, entity=entity,
                                 entity_id=entity_id, details=details, prev_hash=prev, hash=current))
        prev = current
    session.add_all(events)
    session.flush()
    head.last_hash, head.last_event_id = prev, events[-1].id


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back or closed: the transaction's events go with it
        session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class Problem:
    event_id: int
    kind: str  # andrad | infogad | borttagen
    message: str


def verify(session: Session) -> tuple[int, list[Problem]]:
    """Walk the chain in id order; report changed, inserted and deleted rows. Returns (events checked, problems)."""
    problems: list[Problem] = []
    prev, prev_id, count = GENESIS, 0, 0
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(5000):
        count += 1
        content = event_hash(ev.prev_hash, ev.occurred_at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.details)
        if content != ev.hash:
            problems.append(Problem(ev.id, "andrad", f"Händelse {ev.id} har ändrats efter att den skrevs."))
        if ev.prev_hash != prev:
            if ev.id != prev_id + 1:
                problems.append(Problem(ev.id, "borttagen", f"Händelser före {ev.id} (efter {prev_id}) saknas."))
            else:
                problems.append(Problem(ev.id, "infogad", f"Händelse {ev.id} passar inte i kedjan: infogad eller "
                                                          "flyttad."))
        prev, prev_id = ev.hash, ev.id
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_hash != prev or head.last_event_id != prev_id):
        if prev_id > head.last_event_id:
            problems.append(Problem(prev_id, "infogad", f"Händelser efter {head.last_event_id} har lagts till "
                                                        "utanför loggen."))
        else:
            problems.append(Problem(head.last_event_id, "borttagen", f"Händelser i slutet av kedjan (till och med "
                                                                     f"{head.last_event_id}) saknas."))
    return count, problems
