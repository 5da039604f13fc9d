"""Synthetic towns with register simulators for the robot tests."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.adapters.simulators.app import create_sim_app
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.synthetic.payments import plan_month
from ifoflow.synthetic.seed import seed
from tests.servers import serving

MARCH = date(2026, 3, 1)


@pytest.fixture
def control_town(engine: Engine, settings_env: str, monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    seed(engine, households=400, seed=7, today=date(2026, 2, 1))
    factory = sessionmaker(engine)
    with factory() as s:
        plan_month(s, MARCH)
        s.commit()
    params = tmp_path / "kontroll.yaml"
    params.write_text("chunk_size: 60\n", encoding="utf-8")
    monkeypatch.setenv("IFOFLOW_CONTROL_PARAMS", str(params))
    with serving(create_sim_app(engine, changes=0.3)) as url:
        monkeypatch.setenv("IFOFLOW_SSBTEK_URL", url)
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        get_settings.cache_clear()
        register_clients.cache_clear()
        yield factory
    register_clients.cache_clear()


@pytest.fixture
def debt_town_plain(engine: Engine, settings_env: str,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    seed(engine, households=150, seed=3, today=date(2026, 2, 1))
    with serving(create_sim_app(engine)) as url:
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        get_settings.cache_clear()
        register_clients.cache_clear()
        yield sessionmaker(engine)
    register_clients.cache_clear()
