"""Upgrades: a store made by the oldest schema (0001), with rows in every table it had, migrates to the newest on
SQLite and PostgreSQL keeping every row, and back down to nothing (every migration has a downgrade)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, MetaData, Table, func, insert, inspect, select
from sqlalchemy.sql import sqltypes

from ifoflow.domain.testnumbers import make_number
from ifoflow.store.db import downgrade_all, upgrade

OLDEST = "0001"
ROWS = 3


def _value(table: Table, column: Any, n: int) -> Any:
    """A plausible value of the column's type for row n (1-based); foreign keys point at row n of the parent."""
    if column.foreign_keys or (column.primary_key and isinstance(column.type, sqltypes.Integer)):
        return n
    kind = column.type
    if column.name == "personnummer":
        return make_number(date(1980, 1, n), 980 + n)
    if isinstance(kind, sqltypes.JSON):
        return {}
    if isinstance(kind, sqltypes.DateTime):
        return datetime(2024, 1, n, 12, 0)
    if isinstance(kind, sqltypes.Date):
        return date(2024, 1, n)
    if isinstance(kind, sqltypes.Boolean):
        return False
    if isinstance(kind, sqltypes.Integer | sqltypes.Numeric):
        return n
    if isinstance(kind, sqltypes.String | sqltypes.Text):
        text = f"{column.name}-{table.name}-{n}"
        return text[: kind.length] if getattr(kind, "length", None) else text
    raise AssertionError(f"no test value for {table.name}.{column.name} ({kind})")


def _fill(engine: Engine) -> dict[str, int]:
    old = MetaData()
    old.reflect(engine)
    counts = {}
    with engine.begin() as conn:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [{c.name: _value(table, c, n) for c in table.columns} for n in range(1, ROWS + 1)]
            conn.execute(insert(table), rows)
            counts[table.name] = ROWS
    return counts


def test_the_oldest_schema_with_data_upgrades_to_the_newest_and_back_down(engine: Engine) -> None:
    downgrade_all(engine)
    upgrade(engine, OLDEST)
    filled = _fill(engine)
    assert {"persons", "cases", "decisions", "letters", "payments", "audit_events"} <= set(filled)
    upgrade(engine)
    with engine.connect() as conn:
        for name, count in filled.items():
            assert conn.execute(select(func.count()).select_from(Table(name, MetaData(), autoload_with=conn))
                                ).scalar_one() == count, name
    assert inspect(engine).has_table("alerts")  # the newest migration ran
    downgrade_all(engine)
    assert [t for t in inspect(engine).get_table_names() if t != "alembic_version"] == []
    upgrade(engine)  # leave the database as the other tests expect it
