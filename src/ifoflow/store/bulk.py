"""Bulk writes that never repeat: rows whose key is already stored are skipped."""

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def insert_new(session: Session, key_column: InstrumentedAttribute[Any], rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose `key_column` value is not stored yet (in the caller's transaction). Returns how many."""
    if not rows:
        return 0
    name = key_column.key
    seen = set(session.scalars(select(key_column).where(key_column.in_([r[name] for r in rows]))))
    fresh = [r for r in rows if r[name] not in seen]
    if fresh:
        session.execute(insert(key_column.class_), fresh)
    return len(fresh)
