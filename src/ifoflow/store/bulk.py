"""Bulk writes that never repeat: rows whose key is already stored are skipped."""

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session


def insert_new(session: Session, key_column: InstrumentedAttribute[Any], rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose `key_column` value is not stored yet (in the caller's transaction). Returns how many.

    ON CONFLICT DO NOTHING on the unique key: a row another process inserts at the same moment is skipped here,
    not a failed transaction.
    """
    if not rows:
        return 0
    table = key_column.class_.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=[key_column.key]).returning(
        table.c[key_column.key])
    unique = list({r[key_column.key]: r for r in rows}.values())
    return len(session.execute(statement, unique).all())
