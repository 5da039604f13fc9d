"""The audit chain reveals changed, inserted and deleted rows."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from ifoflow.store import audit
from ifoflow.store.audit import AuditEvent
from ifoflow.store.db import session_factory, unit_of_work


def _chain(session: Session, n: int = 5) -> None:
    for i in range(n):
        audit.append(session, actor="hl0001", action="person.read", entity="person", entity_id=i, details={"i": i})
    session.commit()


def test_an_untouched_chain_verifies(session: Session) -> None:
    _chain(session)
    count, problems = audit.verify(session)
    assert (count, problems) == (5, [])


def test_a_changed_row_is_reported(session: Session) -> None:
    _chain(session)
    session.execute(text("UPDATE audit_events SET actor = 'inkräktare' WHERE id = 3"))
    session.commit()
    _, problems = audit.verify(session)
    assert [(p.event_id, p.kind) for p in problems] == [(3, "andrad")]


def test_a_deleted_row_is_reported(session: Session) -> None:
    _chain(session)
    session.execute(text("DELETE FROM audit_events WHERE id = 2"))
    session.commit()
    _, problems = audit.verify(session)
    assert [(p.event_id, p.kind) for p in problems] == [(3, "borttagen")]


def test_a_deleted_last_row_is_reported(session: Session) -> None:
    _chain(session)
    session.execute(text("DELETE FROM audit_events WHERE id = 5"))
    session.commit()
    _, problems = audit.verify(session)
    assert [(p.event_id, p.kind) for p in problems] == [(5, "borttagen")]


def test_an_inserted_row_is_reported_even_with_a_correct_hash(session: Session) -> None:
    _chain(session, 3)
    last = session.get_one(AuditEvent, 3)
    forged = AuditEvent(occurred_at=last.occurred_at, actor="x", action="forged", entity="person", entity_id="9",
                        details={}, prev_hash=last.hash,
                        hash=audit.event_hash(last.hash, last.occurred_at, "x", "forged", "person", "9", {}))
    session.add(forged)  # appended behind the head's back
    session.commit()
    _, problems = audit.verify(session)
    assert [(p.event_id, p.kind) for p in problems] == [(4, "infogad")]


def test_a_row_rehashed_after_change_breaks_the_next_link(session: Session) -> None:
    _chain(session)
    row = session.get_one(AuditEvent, 2)
    row.details = {"i": 99}
    row.hash = audit.event_hash(row.prev_hash, row.occurred_at, row.actor, row.action, row.entity, row.entity_id,
                                row.details)
    session.commit()
    _, problems = audit.verify(session)
    assert [(p.event_id, p.kind) for p in problems] == [(3, "infogad")]


def test_chain_continues_from_events_written_before_the_head_existed(session: Session) -> None:
    _chain(session, 2)
    session.execute(text("DELETE FROM audit_head"))  # as in a store made before migration 0002
    session.commit()
    _chain(session, 2)
    assert audit.verify(session) == (4, [])


def test_concurrent_writers_never_fork_the_chain(engine: Engine) -> None:
    """Eight threads append at once, each after reading something first; the chain stays one line."""
    factory = session_factory(engine)
    with unit_of_work(factory) as s:
        audit.append(s, actor="test", action="start", entity="t", entity_id=0)

    def write(worker: int) -> None:
        for n in range(15):
            with unit_of_work(factory) as s:
                s.execute(select(AuditEvent.id).limit(1)).all()  # a read first, as real callers do
                audit.append(s, actor=f"w{worker}", action="test", entity="t", entity_id=n)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))
    with factory() as s:
        checked, problems = audit.verify(s)
    assert (checked, problems) == (1 + 8 * 15, [])


def test_events_of_a_transaction_that_rolls_back_or_closes_are_never_written(engine: Engine) -> None:
    factory = session_factory(engine)
    with factory() as s:
        audit.append(s, actor="test", action="rolled_back", entity="t", entity_id=1)
        s.rollback()
        audit.append(s, actor="test", action="closed", entity="t", entity_id=2)
    with factory() as s:
        audit.append(s, actor="test", action="kept", entity="t", entity_id=3)
        s.commit()
        s.commit()  # a second commit writes nothing twice
        assert [e.action for e in s.scalars(select(AuditEvent))] == ["kept"]
        assert audit.verify(s) == (1, [])
