"""The Trelleborg flow against the simulators: registers, calculation, automated or human decision, letter, payment."""

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Application, Document, Task
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.drift import operations
from ifoflow.drift.operations import run_robot
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.synthetic.applications import Errors, generate_month
from ifoflow.synthetic.seed import seed
from ifoflow.utbetalning.models import Payment
from tests.towns import TYPE, _apply, _single_adult_case

MARCH = date(2026, 3, 1)


def test_clear_case_is_decided_automatically_with_letter_and_one_payment(registers: sessionmaker[Session]) -> None:
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        application_id, case_id, household_id = _apply(s, case, pnr, incomes), case.id, case.household_id
    report = run_robot(registers, forsorjningsstod.robot, run_key="2026-03")
    assert report.counts == {"done": 1}
    again = run_robot(registers, forsorjningsstod.robot, run_key="2026-03-again")
    assert again.counts == {}
    with registers() as s:
        decision = s.scalar(select(Decision).where(Decision.application_id == application_id))
        assert decision is not None and decision.automated and decision.rule_version
        assert s.get_one(Application, application_id).status == "beslutad"
        letter = s.scalar(select(Letter).where(Letter.case_id == case_id))
        assert letter is not None and letter.document_id
        pdf = (get_settings().data_dir / "documents" / s.get_one(Document, letter.document_id).sha256).read_bytes()
        assert pdf.startswith(b"%PDF")
        payments = s.scalars(select(Payment).where(Payment.household_id == household_id)).all()
        if decision.total_amount > 0:
            assert [p.amount for p in payments] == [decision.total_amount]
        else:
            assert payments == []


def test_undeclared_income_goes_to_a_case_worker_with_the_reason(registers: sessionmaker[Session]) -> None:
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "a_kassa")
        case_id = case.id
        _apply(s, case, pnr, {k: v for k, v in incomes.items() if k != "a_kassa"})  # leaves out the a-kassa
    assert run_robot(registers, forsorjningsstod.robot, run_key="r").counts == {"human": 1}
    with registers() as s:
        task = s.scalar(select(Task).where(Task.kind == "ansokan_forsorjningsstod"))
        assert task is not None and "a-kassa" in task.reason and task.case_id == case_id
        assert task.application_id is not None
        assert task.evidence["avvikelser"][0]["code"] == "ej_redovisad_a_kassa"
        assert s.scalar(select(func.count()).select_from(Decision)) == 0


def test_switched_off_decision_type_routes_to_case_workers(registers: sessionmaker[Session]) -> None:
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        decision_types.set_enabled(s, TYPE.code, False, actor="namnd", reason="Granskning")
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        _apply(s, case, pnr, incomes)
    assert run_robot(registers, forsorjningsstod.robot, run_key="r").counts == {"human": 1}
    with registers() as s:
        assert "stängt av" in (s.scalar(select(Task.reason).where(Task.kind == "ansokan_forsorjningsstod")) or "")


def test_register_down_never_refuses_automatically(engine: Engine, settings_env: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seed(engine, households=40, seed=22, today=date(2026, 2, 1))
    monkeypatch.setenv("IFOFLOW_SSBTEK_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", "http://127.0.0.1:9")
    get_settings.cache_clear()
    register_clients.cache_clear()
    factory = sessionmaker(engine)
    with factory() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        _apply(s, case, pnr, incomes)
    assert run_robot(factory, forsorjningsstod.robot, run_key="r").counts == {"human": 1}
    with factory() as s:
        assert "SSBTEK svarar inte" in (s.scalar(select(Task.reason)) or "")
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
    register_clients.cache_clear()


def test_second_application_for_the_same_month_is_refused(registers: sessionmaker[Session]) -> None:
    from ifoflow.domain.errors import InputError

    with registers() as s:
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        _apply(s, case, pnr, incomes)
        with pytest.raises(InputError, match="redan en ansökan"):
            _apply(s, case, pnr, incomes)


def test_e_service_answers_after_the_decision_and_a_stalled_follow_up_is_finished_by_the_schedule(
        registers: sessionmaker[Session]) -> None:
    """The decision is made first; if the server stops before the letter, the next scheduler tick writes it."""
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        application_id = _apply(s, case, pnr, incomes)
    report = run_robot(registers, forsorjningsstod.robot, run_key="e-1", params={"application_id": application_id},
                       until=forsorjningsstod.DECIDED)
    assert report.counts == {"pending": 1}
    with registers() as s:
        assert s.scalar(select(Decision.automated).where(Decision.application_id == application_id))
        assert s.scalar(select(func.count()).select_from(Letter)) == 0

    def stalled(quiet: timedelta) -> list[tuple[str, str, str]]:
        due = operations.due_runs(registers, date(2026, 3, 10), quiet=quiet)
        return [(robot.name, key, trigger) for robot, key, trigger in due if trigger == "aterupptagen"]

    assert stalled(timedelta(minutes=10)) == []  # still fresh: the server may be writing the letter
    assert stalled(timedelta(seconds=0)) == [("forsorjningsstod", "e-1", "aterupptagen")]
    assert operations.flag_stalled(registers, timedelta(seconds=0)) == 1  # the IT strategist hears of it, once
    assert operations.flag_stalled(registers, timedelta(seconds=0)) == 0
    with registers() as s:
        flagged = s.scalar(select(Task).where(Task.kind == "robotkorning_stannad"))
        assert flagged is not None and flagged.status == "oppen" and "har inte kommit framåt" in flagged.reason
        assert flagged.unit_id == s.scalar(select(StaffUser.unit_id).where(StaffUser.role == "it_strateg"))
    report = operations.run_robot(registers, forsorjningsstod.robot, run_key="e-1", trigger="aterupptagen")
    assert report.counts == {"done": 1} and report.status == "done"
    assert stalled(timedelta(seconds=0)) == []
    with registers() as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 1
        assert s.scalar(select(Task.status).where(Task.kind == "robotkorning_stannad")) == "klar"  # done: closed


def test_generated_month_has_declaration_mistakes_that_the_robot_routes(registers: sessionmaker[Session]) -> None:
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        ids = generate_month(s, MARCH, errors=Errors(forgot_income=0.3, other_amount=0.1))
        s.commit()
        assert ids and generate_month(s, MARCH) == []  # one application per household and month
    report = run_robot(registers, forsorjningsstod.robot, run_key="manad")
    assert report.counts.get("done", 0) > 0 and report.counts.get("human", 0) > 0
    with registers() as s:
        reasons = s.scalars(select(Task.reason).where(Task.kind == "ansokan_forsorjningsstod")).all()
        assert any("registren" in r for r in reasons)


def test_a_finished_month_leaves_nothing_for_the_hourly_run(registers: sessionmaker[Session]) -> None:
    """Payments planned before the decision (the same household-month) count as made: the next scheduled run
    lists no application again."""
    from ifoflow.synthetic.payments import plan_month

    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        plan_month(s, MARCH)
        generate_month(s, MARCH, limit=10)
        s.commit()
    run_robot(registers, forsorjningsstod.robot, run_key="manad")
    with registers() as s:
        assert forsorjningsstod.to_handle(s, {}) == []
