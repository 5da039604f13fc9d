"""Store fixtures: every store test runs on SQLite and, when IFOFLOW_TEST_DATABASE_URL is set, on PostgreSQL."""

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from ifoflow.arende.registration import HouseholdIn, register_household
from ifoflow.settings import get_settings
from ifoflow.store.base import Base
from ifoflow.store.db import downgrade_all, make_engine, session_factory, upgrade
from tests.factories import household_data, member, pnr, unit_with_worker

PG_URL = os.environ.get("IFOFLOW_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Settings read anew in every test, and after it (once monkeypatch has put the environment back): a test that
    changes IFOFLOW_* never leaves its settings cached for the next."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty SQLite file, copied for each test (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    engine = make_engine(PG_URL)
    downgrade_all(engine) if _has_alembic(engine) else None
    with engine.begin() as conn:  # leftovers of an interrupted run without alembic_version
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine)
    yield engine
    engine.dispose()


def _has_alembic(engine: Engine) -> bool:
    from ifoflow.store.db import is_migrated

    return is_migrated(engine)


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """URL of an empty, migrated database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "ifoflow.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
    else:
        engine = request.getfixturevalue("pg_engine")
        _truncate(engine)
        yield PG_URL


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        yield s


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> Iterator[str]:
    """Point the settings (CLI, web) at the test database."""
    monkeypatch.setenv("IFOFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("IFOFLOW_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


@pytest.fixture
def cases(session: Session) -> list[int]:
    """Three försörjningsstöd cases in unit EB-01, plus the ADM unit robots give tasks to."""
    unit_with_worker(session)
    unit_with_worker(session, code="ADM", username="adm01")
    ids = []
    for i in range(3):
        data = household_data(member(pnr(date(1980 + i, 2, 2), 981 + 2 * i), first=f"P{i}"))
        ids.append(register_household(session, HouseholdIn.model_validate(data), today=date(2026, 3, 1),
                                      actor="test").id)
    session.commit()
    return ids
from tests.staff_town import town  # noqa: E402, F401  (fixture: two units and a user of every role)
from tests.town_fixtures import control_town, debt_town_plain  # noqa: E402, F401  (fixtures for every package)
from tests.towns import registers_fixture as registers  # noqa: E402, F401  (fixture)


@pytest.fixture
def demo_mode(monkeypatch: pytest.MonkeyPatch, settings_env: str) -> None:
    """What `ifoflow demo` turns on: the development e-legitimation among it."""
    monkeypatch.setenv("IFOFLOW_DEMO_MODE", "true")
    monkeypatch.setenv("IFOFLOW_EID_PROVIDER", "dev")
    get_settings.cache_clear()
