"""Synthetic towns with register simulators for the robot tests."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.synthetic.payments import plan_month
from ifoflow.synthetic.seed import seed
from tests.towns import simulated_registers

MARCH = date(2026, 3, 1)


@pytest.fixture
def control_town(engine: Engine, settings_env: str, monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    seed(engine, households=400, seed=7, today=date(2026, 2, 1))
    factory = sessionmaker(engine)
    with factory() as s:
        plan_month(s, MARCH)
        s.commit()
    monkeypatch.setenv("IFOFLOW_KONTROLL_CHUNK_SIZE", "60")
    with simulated_registers(engine, monkeypatch, changes=0.3):
        yield factory


@pytest.fixture
def debt_town_plain(engine: Engine, settings_env: str,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    seed(engine, households=150, seed=3, today=date(2026, 2, 1))
    with simulated_registers(engine, monkeypatch):
        yield sessionmaker(engine)
