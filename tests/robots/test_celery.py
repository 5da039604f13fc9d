"""A robot run through a real Celery worker process with Redis as the broker."""

import importlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.domain.enums import StaffRole
from ifoflow.robots import forsorjningsstod
from ifoflow.robots.operations import run_robot
from ifoflow.services import decision_types
from ifoflow.services.cases import reassign_case
from ifoflow.settings import get_settings
from ifoflow.store.models import Case, Letter, RobotRun, StaffUser
from tests.robots.flow_helpers import TYPE, _apply, _single_adult_case

BROKER = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).parents[2]


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker(settings_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis svarar inte på 127.0.0.1:6379; .ci/run ska starta den")
        pytest.skip("Redis svarar inte på 127.0.0.1:6379")
    monkeypatch.setenv("IFOFLOW_BROKER_URL", BROKER)
    monkeypatch.setenv("IFOFLOW_ROBOT_CHUNK_SIZE", "2")
    get_settings.cache_clear()
    from ifoflow.robots import celery_app

    module = importlib.reload(celery_app)
    module.app.control.purge()
    env = {**os.environ, "IFOFLOW_DATABASE_URL": settings_env, "IFOFLOW_BROKER_URL": BROKER}
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "ifoflow.robots.celery_app", "worker",
                             "-Q", "ifoflow-robots", "--pool=prefork", "--concurrency=2", "--loglevel=WARNING"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield module
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    get_settings.cache_clear()


def test_infobrev_runs_on_a_celery_worker(session: Session, cases: list[int], worker: object) -> None:
    unit_id = session.get_one(Case, cases[0]).unit_id
    other = StaffUser(username="hl0009", name="Nils Nilsson", role=StaffRole.handlaggare, unit_id=unit_id)
    session.add(other)
    session.flush()
    for case_id in cases:
        reassign_case(session, session.get_one(Case, case_id), other, actor="chef")
    session.commit()
    report = worker.dispatch("infobrev", run_key="celery-1", wait_s=90)  # type: ignore[attr-defined]
    assert report.counts == {"done": 3} and report.status == "done"
    assert session.scalar(select(func.count()).select_from(Letter)) == 3
    again = worker.dispatch("infobrev", run_key="celery-1", wait_s=5)  # type: ignore[attr-defined]
    assert again.counts == {"done": 3}
    assert session.scalar(select(func.count()).select_from(Letter)) == 3


def test_e_service_follow_up_on_celery_writes_the_letter(registers: sessionmaker[Session], worker: object) -> None:
    """With IFOFLOW_FOLLOW_UP=celery the server only decides; a worker writes the letter and orders payment."""
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        application_id, case_id = _apply(s, case, pnr, incomes), case.id
    report = run_robot(registers, forsorjningsstod.robot, run_key="e-1", params={"application_id": application_id},
                       until=forsorjningsstod.DECIDED)
    assert worker.queue_pending("forsorjningsstod", report.run_id) == 1  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with registers() as s:
            run = s.get_one(RobotRun, report.run_id)
            if run.status == "done":
                break
        time.sleep(0.2)
    with registers() as s:
        assert s.get_one(RobotRun, report.run_id).status == "done"
        assert s.scalar(select(func.count()).select_from(Letter).where(Letter.case_id == case_id)) == 1
