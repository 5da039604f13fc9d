"""Exactly once per business object, proven the hard way: robot processes started at once over the same objects,
SIGKILL at a random moment and at a random step boundary, resumes under the same and under new keys, and a person
deciding while the robots run. Every robot ends with each effect once."""

import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Application, Case, Task
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import ApplicationStatus, PaymentStatus, TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.drift.registry import get
from ifoflow.forsorjningsstod import casework
from ifoflow.forsorjningsstod.robot import NO_REGISTER, TO_TRY, WAITING
from ifoflow.oro.models import ConcernReport
from ifoflow.robots.models import Effect, RobotItem, RobotRun, RobotStepRun
from ifoflow.skuld.models import DebtConcern, DebtNotice
from ifoflow.synthetic.applications import Errors, generate_month
from ifoflow.utbetalning.models import Payment, PaymentHold
from tests.robots.chaos_helpers import havoc, item_counts
from tests.towns import MARCH, TYPE


def test_forsorjningsstod_decides_writes_and_pays_once_per_application(db_url: str,
                                                                       registers: sessionmaker[Session]) -> None:
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        ids = generate_month(s, MARCH, errors=Errors(forgot_income=0.2, other_amount=0.1))
        s.commit()
    assert len(ids) > 30
    by_person = ids[-3:]  # a case worker decides these while the robots run (robots take ids in order)

    def person_decides() -> None:
        time.sleep(1.5)
        for application_id in by_person:
            with registers() as s:
                try:
                    decided = casework.decide(s, application_id=application_id, username="hl0001",
                                              outcome="bifall", amount=None, motivering="")
                    s.commit()
                except InputError:  # a robot got there first: "Ansökan är redan beslutad."
                    s.rollback()
                    continue
            casework.letter_and_payment(registers, decided)  # the robot writes the letter and pays

    havoc(db_url, registers, "forsorjningsstod", {}, seed=len(ids), boundaries=len(ids) * 5 * 2,
          during=person_decides)
    assert item_counts(registers, "forsorjningsstod").get("failed", 0) == 0
    with registers() as s:
        applications = s.scalars(select(Application).where(Application.id.in_(ids))).all()
        assert not [a.id for a in applications if a.status in WAITING]
        decisions = Counter(s.scalars(select(Decision.application_id).where(Decision.application_id.in_(ids))))
        letters = Counter(s.scalars(select(Decision.application_id).join(Letter, Letter.decision_id == Decision.id)))
        open_tasks = Counter(s.scalars(select(Task.application_id).where(Task.status != TaskStatus.klar)))
        for a in applications:
            if a.status == ApplicationStatus.beslutad:
                decision = s.scalar(select(Decision).where(Decision.application_id == a.id))
                assert decision is not None and decisions[a.id] == 1 and letters[a.id] == 1, a.id
                paid = s.scalars(select(Payment.amount).where(Payment.household_id == a.household_id,
                                                              Payment.month == a.month)).all()
                assert paid == ([decision.total_amount] if decision.total_amount > 0 else []), a.id
                assert open_tasks[a.id] == 0, a.id
            else:
                assert a.status == ApplicationStatus.under_handlaggning and decisions[a.id] == 0, a.id
                kinds = s.scalars(select(Task.kind).where(Task.application_id == a.id,
                                                          Task.status != TaskStatus.klar)).all()
                assert kinds == [TO_TRY], (a.id, kinds)
        assert all(decisions[i] == 1 for i in by_person)
        assert not s.scalar(select(func.count()).select_from(Task).where(Task.kind == NO_REGISTER))
        assert s.scalar(select(func.count()).select_from(Task).where(Task.application_id.is_(None))) == 0


def _control_outcome(s: Session) -> tuple[set[str], set[str]]:
    tasks = set(s.scalars(select(Task.idempotency_key).where(Task.kind == "kontroll")))
    holds = set(s.scalars(select(PaymentHold.key)))
    return tasks, holds


def test_kontroll_writes_each_task_and_stop_once(db_url: str, control_town: sessionmaker[Session]) -> None:
    params = {"month": "2026-03"}
    run_robot(control_town, get("kontroll"), run_key="referens", params=params)
    with control_town() as s:
        expected = _control_outcome(s)
        chunks = s.scalar(select(RobotRun.items_total).where(RobotRun.run_key == "referens"))
        for model in (Effect, RobotStepRun, RobotItem, RobotRun, Task, PaymentHold):
            s.execute(delete(model))
        s.execute(update(Payment).values(status=PaymentStatus.planerad))
        s.commit()
    assert expected[0] and expected[1] and chunks and chunks > 3
    havoc(db_url, control_town, "kontroll", params, seed=7, boundaries=chunks * 2)
    assert item_counts(control_town, "kontroll").get("failed", 0) == 0
    with control_town() as s:
        assert _control_outcome(s) == expected
        assert s.scalar(select(func.count()).select_from(Task).where(Task.kind == "kontroll")) == len(expected[0])
        stopped = s.scalar(select(func.count()).select_from(Payment).where(Payment.status == PaymentStatus.stoppad))
        assert stopped and stopped > 0


def test_skuldhantering_registers_each_notice_once(db_url: str, debt_town: sessionmaker[Session]) -> None:
    with debt_town() as s:
        notices = s.scalar(select(func.count()).select_from(DebtNotice))
    havoc(db_url, debt_town, "skuldhantering", {"today": "2026-03-10"}, seed=3, boundaries=notices or 1)
    assert item_counts(debt_town, "skuldhantering").get("failed", 0) == 0
    with debt_town() as s:
        assert s.scalar(select(func.count()).select_from(DebtNotice).where(DebtNotice.status == "mottagen")) == 0
        registered = s.scalar(select(func.count()).select_from(DebtNotice).where(DebtNotice.status == "registrerad"))
        letters = Counter(s.scalars(select(Letter.idempotency_key).where(Letter.kind == "skuld_erbjudande")))
        assert len(letters) == registered and set(letters.values()) == {1}
        cases_per_household = Counter(hk for hk, _ in s.execute(
            select(DebtNotice.household_key, DebtNotice.case_id).where(DebtNotice.case_id.is_not(None)).distinct()))
        assert cases_per_household and max(cases_per_household.values()) == 1
        reported = [i for ids in s.scalars(select(DebtConcern.notice_ids)) for i in ids]
        assert reported and len(reported) == len(set(reported))  # no debt is reported twice
        # Each debt report goes through the orosanmälan intake: one report per child, one case per child, one
        # protection-assessment task per report, however often the run was killed.
        children = sum(len(c) for c in s.scalars(select(DebtConcern.children)))
        reports = s.scalar(select(func.count()).select_from(ConcernReport).where(ConcernReport.key.like("skuld:%")))
        assert reports == children
        per_child = Counter(s.scalars(select(Case.person_id).where(Case.type == "orosanmalan")))
        assert per_child and max(per_child.values()) == 1
        assert s.scalar(select(func.count()).select_from(Task).where(
            Task.kind == "orosanmalan_skyddsbedomning")) == reports


@pytest.fixture
def debt_town(debt_town_plain: sessionmaker[Session], tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> sessionmaker[Session]:
    """Notices for many households, three each for some families with children, in chunks of 10."""
    from ifoflow.arende.models import HouseholdMember, Person
    from ifoflow.intag import service as intag
    from ifoflow.settings import get_settings
    from ifoflow.skuld.intake import NOTICES

    monkeypatch.setenv("IFOFLOW_SKULD_CHUNK_SIZE", "10")
    get_settings.cache_clear()
    rows = ["personnummer;borgenar;typ;belopp;forfallodatum;avhysnings_eller_avstangningsdatum;referens"]
    with debt_town_plain() as s:
        applicants = s.execute(select(Person.personnummer, HouseholdMember.household_id).join(
            HouseholdMember, HouseholdMember.person_id == Person.id).where(HouseholdMember.role == "sokande")
            .order_by(Person.id).limit(40)).all()
        for n, (pnr, _) in enumerate(applicants):
            for i in range(3 if n % 4 == 0 else 1):
                rows.append(f"{pnr};Bostadsbolaget AB;hyra;{5000 + 10 * n + i};2026-0{i + 1}-28;;R{n}-{i}")
        intag.receive(s, NOTICES, ("\n".join(rows) + "\n").encode(), "aviseringar.csv", today=date(2026, 3, 10))
        s.commit()
    return debt_town_plain
