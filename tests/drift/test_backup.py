"""Backup and restore: a backup taken while a robot run is half-way restores into an empty database (SQLite, and
PostgreSQL when it is there) with the audit chain whole, every letter and document readable, and the run resumed
on the restored store finishing without a second decision, letter or payment for anything."""

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import sessionmaker

from ifoflow.arende import documents
from ifoflow.arende.models import Application, Document
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import Decision
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.domain.errors import InputError
from ifoflow.drift import backup
from ifoflow.drift.registry import get
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.settings import get_settings
from ifoflow.store.db import make_engine
from ifoflow.synthetic.applications import Errors, generate_month
from ifoflow.synthetic.seed import seed
from ifoflow.utbetalning.models import Payment
from tests.conftest import PG_URL
from tests.towns import TYPE, simulated_registers

MARCH = date(2026, 3, 1)


@pytest.fixture
def half_way(engine: Engine, settings_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A seeded store whose application robot has decided half of the month's applications (letters and
    payments made for those); yields the run's id."""
    seed(engine, households=60, seed=21, today=date(2026, 2, 1))
    factory = sessionmaker(engine)
    with factory() as s:
        decision_types.register(s, TYPE, actor="test")
        generate_month(s, MARCH, limit=16, errors=Errors())
        s.commit()
    with simulated_registers(engine, monkeypatch):
        robot = get("forsorjningsstod")
        run_id = start_run(factory, robot, run_key="mars", params={"month": MARCH.isoformat()})
        with factory() as s:
            items = list(s.scalars(select(RobotItem.id).where(RobotItem.run_id == run_id).order_by(RobotItem.id)))
        execute(factory, robot, run_id, item_ids=items[: len(items) // 2])
        yield run_id


def _effects(engine: Engine) -> tuple[int, int, int, int]:
    with sessionmaker(engine)() as s:
        decided = Counter(s.scalars(select(Decision.application_id)))
        assert not decided or max(decided.values()) == 1  # never two decisions for one application
        return (len(decided), s.scalar(select(func.count()).select_from(Letter)) or 0,
                s.scalar(select(func.count()).select_from(Payment)) or 0,
                s.scalar(select(func.count(func.distinct(Payment.idempotency_key)))) or 0)


def _restore_target(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    if kind == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'aterstalld.db'}")
    admin = make_engine(PG_URL)
    with admin.begin() as conn:  # an empty schema of its own stands for the new, empty database
        conn.execute(text("DROP SCHEMA IF EXISTS ifoflow_restore CASCADE"))
        conn.execute(text("CREATE SCHEMA ifoflow_restore"))
    admin.dispose()
    monkeypatch.setenv("IFOFLOW_PG_OPTIONS", "-c search_path=ifoflow_restore")
    get_settings.cache_clear()
    return make_engine(PG_URL)


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_backup_mid_run_restores_whole_and_the_resumed_run_duplicates_nothing(
        engine: Engine, half_way: int, tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if target == "postgresql" and not PG_URL:
        pytest.skip("IFOFLOW_TEST_DATABASE_URL is not set")
    before = _effects(engine)
    assert 0 < before[0] and before[1] >= before[0]
    with sessionmaker(engine)() as s:
        assert s.get_one(RobotRun, half_way).status == "running"
    made = backup.take(engine, tmp_path / "kopia.zip")
    assert made.tables["audit_events"] > 0 and made.files > 0 and backup.check(tmp_path / "kopia.zip") == []
    # A new machine: an empty database and an empty data directory.
    monkeypatch.setenv("IFOFLOW_DATA_DIR", str(tmp_path / "ny-maskin"))
    get_settings.cache_clear()
    restored = _restore_target(target, tmp_path, monkeypatch)
    got = backup.restore(restored, tmp_path / "kopia.zip")
    assert got.problems == [] and got.audit_events == made.tables["audit_events"]
    assert _effects(restored) == before
    with sessionmaker(restored)() as s:  # every letter and document opens, byte for byte
        for letter_id in s.scalars(select(Letter.id)):
            assert letters.pdf(s, letter_id).startswith(b"%PDF")
        for doc in s.scalars(select(Document)):
            assert documents.path(doc.sha256).read_bytes()
    with simulated_registers(restored, monkeypatch):  # the run goes on where the backup left it
        execute(sessionmaker(restored), get("forsorjningsstod"), half_way)
    decided, letter_count, payments, distinct_payments = _effects(restored)
    with sessionmaker(restored)() as s:
        assert s.get_one(RobotRun, half_way).status == "done"
        assert s.scalar(select(func.count()).select_from(RobotItem).where(RobotItem.status == "failed")) == 0
        automated = s.scalar(select(func.count()).select_from(Application).where(Application.status == "beslutad"))
        letters_per_decision = Counter(s.scalars(select(Letter.decision_id).where(Letter.decision_id.is_not(None))))
    assert decided == automated > before[0] and payments == distinct_payments  # the rest went on, nothing twice
    assert set(letters_per_decision.values()) == {1} and letter_count >= decided
    again = backup.restore  # a second restore into the same (no longer empty) database is refused
    with pytest.raises(InputError, match="inte tom"):
        again(restored, tmp_path / "kopia.zip")
    restored.dispose()


def test_a_damaged_backup_is_refused_before_anything_is_written(engine: Engine, settings_env: str,
                                                                 tmp_path: Path) -> None:
    import zipfile

    seed(engine, households=5, seed=1, today=date(2026, 2, 1))
    backup.take(engine, tmp_path / "kopia.zip")
    with zipfile.ZipFile(tmp_path / "kopia.zip") as source, zipfile.ZipFile(tmp_path / "skadad.zip", "w") as bad:
        for item in source.infolist():
            content = source.read(item)
            bad.writestr(item, content.replace(b'"first_name": "', b'"first_name": "X', 1)
                         if item.filename == "tabeller/persons.jsonl" else content)
    assert any("persons" in p for p in backup.check(tmp_path / "skadad.zip"))
    target = make_engine(f"sqlite:///{tmp_path / 'tom.db'}")
    with pytest.raises(InputError, match="skadad"):
        backup.restore(target, tmp_path / "skadad.zip")
    from sqlalchemy import inspect

    assert inspect(target).get_table_names() == []
