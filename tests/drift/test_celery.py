"""A robot run through a real Celery worker process with Redis as the broker."""

import importlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case
from ifoflow.arende.service import reassign_case
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut import service as decision_types
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import StaffRole
from ifoflow.drift.operations import run_robot
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.robots.models import RobotRun
from ifoflow.settings import get_settings
from tests.brokers import celery_worker, private_redis
from tests.towns import TYPE, _apply, _single_adult_case


@pytest.fixture
def worker(settings_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[object]:
    """A private Redis and one Celery worker process on it; yields the reloaded celery_app module."""
    with private_redis(tmp_path) as broker:
        monkeypatch.setenv("IFOFLOW_BROKER_URL", broker.url)
        monkeypatch.setenv("IFOFLOW_ROBOT_CHUNK_SIZE", "2")
        get_settings.cache_clear()
        from ifoflow.drift import celery_app

        module = importlib.reload(celery_app)
        with celery_worker(settings_env, broker.url):
            yield module
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


def test_a_run_survives_losing_the_broker(control_town: sessionmaker[Session], settings_env: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Redis is killed (queue and unacknowledged messages lost) after the first chunk and started again empty:
    the dispatcher queues the pending items again and the run completes on its own."""
    from threading import Thread

    from ifoflow.arende.models import Task
    from ifoflow.robots.models import RobotItem

    with private_redis(tmp_path) as broker:
        monkeypatch.setenv("IFOFLOW_BROKER_URL", broker.url)
        monkeypatch.setenv("IFOFLOW_ROBOT_CHUNK_SIZE", "1")
        get_settings.cache_clear()
        from ifoflow.drift import celery_app

        module = importlib.reload(celery_app)
        result: dict[str, object] = {}
        with celery_worker(settings_env, broker.url, concurrency=1):
            run = Thread(target=lambda: result.update(report=module.dispatch(
                "kontroll", run_key="2026-03", params={"month": "2026-03"}, wait_s=240, redispatch_after_s=3)))
            run.start()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with control_town() as s:
                    if s.scalar(select(func.count()).select_from(RobotItem).where(RobotItem.status == "done")):
                        break
                time.sleep(0.05)
            broker.kill()
            with control_town() as s:
                pending_when_lost = s.scalar(select(func.count()).select_from(RobotItem).where(
                    RobotItem.status == "pending"))
            time.sleep(1)
            broker.start()
            run.join(timeout=240)
        report = result["report"]
        assert pending_when_lost and pending_when_lost > 1  # the loss happened mid-run
        assert report.status == "done" and set(report.counts) == {"done"}, report  # type: ignore[attr-defined]
        with control_town() as s:
            assert s.scalar(select(func.count()).select_from(Task).where(Task.kind == "kontroll"))
    get_settings.cache_clear()
