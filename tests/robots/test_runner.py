"""Failures stay with their item, unreachable systems go to people, pause stops a run, declarations are checked."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Task
from ifoflow.drift.operations import set_paused
from ifoflow.robots.core import ExternalSystem, Manual, Robot, RobotDeclarationError, Schedule, StepContext
from ifoflow.robots.core.runner import execute, retry_item, start_run
from ifoflow.robots.models import RobotItem, RobotStepRun
from ifoflow.utbetalning.models import Payment
from tests.robots.crashbot import fragile, items, pay, register


def _factory(session: Session) -> sessionmaker[Session]:
    return sessionmaker(session.get_bind())


def test_a_step_bug_fails_its_item_with_traceback_and_the_run_goes_on(session: Session, cases: list[int]) -> None:
    factory = _factory(session)
    bad = str(cases[1])
    run_id = start_run(factory, fragile, run_key="r1", params={"tag": "f", "cases": cases, "bad": bad})
    report = execute(factory, fragile, run_id)
    assert report.counts == {"done": 2, "failed": 1}
    failed = session.scalar(select(RobotStepRun).where(RobotStepRun.status == "failed"))
    assert failed is not None and failed.step == "explode" and "ZeroDivisionError" in failed.traceback
    assert session.scalar(select(RobotItem.error).where(RobotItem.item_key == bad)).startswith("ZeroDivisionError")
    payments = session.scalars(select(Payment.idempotency_key)).all()
    assert sorted(payments) == sorted(f"payment:f:{c}" for c in cases if str(c) != bad)


def test_retry_resumes_a_failed_item_at_the_failed_step(session: Session, cases: list[int]) -> None:
    factory = _factory(session)
    params = {"tag": "g", "cases": cases, "bad": str(cases[0])}
    run_id = start_run(factory, fragile, run_key="r2", params=params)
    execute(factory, fragile, run_id)
    item = session.scalar(select(RobotItem).where(RobotItem.status == "failed"))
    assert item is not None
    with factory() as s:  # the bug is fixed: the item no longer matches "bad"
        run_params = dict(params, bad="none")
        from ifoflow.robots.models import RobotRun

        s.get_one(RobotRun, run_id).params = run_params
        s.commit()
    report = retry_item(factory, fragile, item.id, actor="it_strateg")
    assert report.counts == {"done": 3} and report.status == "done"
    tasks = session.scalars(select(Task.idempotency_key).where(Task.idempotency_key.like("task:g:%"))).all()
    assert len(tasks) == 3  # register ran once per item, also for the retried one


def test_unreachable_system_sends_the_item_to_a_person_and_the_run_goes_on(session: Session,
                                                                           cases: list[int]) -> None:
    register_system = ExternalSystem("SSBTEK", attempts=2, backoff_s=0, fail_max=100)

    def fetch(ctx: StepContext, item: str) -> dict[str, int]:
        if item == str(cases[2]):
            def down() -> None:
                raise TimeoutError("timeout efter 5 s")
            register_system.call(down)
        return {"case_id": int(item)}

    bot = Robot(name="fetcher", title="Hämtar", trigger=Manual(), items=items, steps=[register, fetch, pay])
    factory = _factory(session)
    report = execute(factory, bot, start_run(factory, bot, run_key="r3", params={"tag": "h", "cases": cases}))
    assert report.counts == {"done": 2, "human": 1}
    task = session.scalar(select(Task).where(Task.kind == "system_otillgangligt"))
    assert task is not None and "SSBTEK svarar inte" in task.reason and task.evidence["steg"] == "fetch"


def test_circuit_breaker_opens_after_repeated_failures() -> None:
    from ifoflow.robots.core import SystemUnavailable

    system = ExternalSystem("bank", attempts=1, backoff_s=0, fail_max=2, reset_timeout_s=60)
    calls = {"n": 0}

    def down() -> None:
        calls["n"] += 1
        raise ConnectionError("nekad")

    for _ in range(4):
        with pytest.raises(SystemUnavailable):
            system.call(down)
    assert calls["n"] == 2  # after the breaker opened, the system is not called at all


def test_retries_with_backoff_recover_from_a_transient_error() -> None:
    system = ExternalSystem("folkbokforing", attempts=3, backoff_s=0)
    calls = {"n": 0}

    def flaky() -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise TimeoutError("långsamt")
        return "svar"

    assert system.call(flaky) == "svar" and calls["n"] == 3


def test_pausing_a_robot_stops_its_run_and_resume_finishes_it(session: Session, cases: list[int]) -> None:
    factory = _factory(session)
    bot = Robot(name="crashbot", title="t", trigger=Manual(), items=items, steps=[register])
    run_id = start_run(factory, bot, run_key="r4", params={"tag": "p", "cases": cases})
    set_paused(factory, "crashbot", True, actor="it_strateg")
    assert execute(factory, bot, run_id).status == "paused"
    set_paused(factory, "crashbot", False, actor="it_strateg")
    assert execute(factory, bot, run_id).counts == {"done": 3}


@pytest.mark.parametrize("kwargs, problem", [
    ({"name": "Bad Name"}, "namnet"),
    ({"steps": []}, "inga steg"),
    ({"steps": [lambda ctx: None]}, "två argument"),
    ({"trigger": Schedule("every_full_moon")}, "okänt schema"),
    ({"trigger": "daily"}, "trigger"),
])
def test_malformed_declarations_fail_at_start_up_naming_the_problem(kwargs: dict[str, object],
                                                                    problem: str) -> None:
    declaration: dict[str, object] = {"name": "ok_robot", "title": "t", "trigger": Manual(), "items": items,
                                      "steps": [register]}
    declaration.update(kwargs)
    with pytest.raises(RobotDeclarationError) as exc:
        Robot(**declaration)  # type: ignore[arg-type]
    assert problem in str(exc.value)
