from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from ifoflow.store.base import Base
from ifoflow.store.db import downgrade_all, upgrade


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_then_upgrade_round_trips(engine: Engine) -> None:
    downgrade_all(engine)
    assert not inspect(engine).has_table("persons")
    upgrade(engine)
    assert inspect(engine).has_table("persons")
