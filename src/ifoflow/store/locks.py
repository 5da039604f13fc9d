"""Lock a business object before a step checks its state and acts on it (exactly once per object).

PostgreSQL: SELECT ... FOR UPDATE on the row. SQLite ignores FOR UPDATE and reads outside a write transaction,
so a no-op write first takes the database's write lock; every other writer then waits until this transaction
ends, and the read after it sees what they committed.
"""

from typing import Any, TypeVar

from sqlalchemy import Select, update
from sqlalchemy.orm import Session

T = TypeVar("T")


def lock(session: Session, model: type[T], object_id: int) -> T | None:
    """The row, locked until the transaction ends, read fresh (not from the session's identity map)."""
    if _sqlite(session):
        column: Any = model.id  # type: ignore[attr-defined]
        session.execute(update(model).where(column == object_id).values(id=column))
    return session.get(model, object_id, with_for_update=True, populate_existing=True)


def lock_many(session: Session, query: Select[Any]) -> list[Any]:
    """The rows of `query`, each locked until the transaction ends (in id order, so lockers never deadlock)."""
    if _sqlite(session):
        take_write_lock(session)
    return list(session.scalars(query.with_for_update().execution_options(populate_existing=True)))


def take_write_lock(session: Session) -> None:
    """SQLite only: start the write transaction now (a no-op write on the one-row audit head)."""
    from ifoflow.store.audit import AuditHead

    session.execute(update(AuditHead).where(AuditHead.id == -1).values(id=AuditHead.id))


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
