"""The case worker's side of försörjningsstöd: the queue of applications to try, and the decision, after which
the robot that handed the application over writes the letter and pays."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import tasks
from ifoflow.arende.models import Application, Case, Person, Task
from ifoflow.arende.service import shown
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import find_unit, log_reads, require
from ifoflow.beslut.models import Decision
from ifoflow.domain.enums import ApplicationStatus, TaskStatus, label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.core.signal import signal
from ifoflow.rules.calculate import Calculation, calculate
from ifoflow.settings import get_settings
from ifoflow.store import locks

TO_TRY = (ApplicationStatus.under_handlaggning, ApplicationStatus.vantar_register)


@dataclass(frozen=True)
class ToTry:
    """An application waiting for a case worker: why, the itemised calculation, the register differences."""

    task: Task
    application: Application
    case: Case
    person_id: int
    name: str
    personnummer: str
    calc: Calculation
    flags: list[dict[str, Any]]

    @property
    def discrepancy(self) -> bool:
        """Routed because something differs or could not be checked: the decision is the case worker's own."""
        return bool(self.flags) or self.application.status == ApplicationStatus.vantar_register


def queue(session: Session, unit_id: int, *, reveal_protected: bool, municipality: str | None = None,
          limit: int = 200, only: int | None = None) -> list[ToTry]:
    """The unit's applications with an open task, earliest deadline first (or only the given one)."""
    query = (select(Task, Application, Case, Person).join(Application, Application.id == Task.application_id)
             .join(Case, Case.id == Application.case_id).join(Person, Person.id == Case.person_id)
             .where(Task.unit_id == unit_id, Task.status != TaskStatus.klar, Application.status.in_(TO_TRY)))
    if only is not None:
        query = query.where(Application.id == only)
    rows = session.execute(query.order_by(Task.deadline, Task.id).limit(limit)).all()
    found: dict[int, ToTry] = {}
    for task, application, case, person in rows:
        if application.id in found:
            continue
        name, number = shown(person, reveal_protected)
        found[application.id] = ToTry(task, application, case, person.id, name, number,
                                      calculation(session, application, municipality),
                                      register_differences(session, application.id))
    return list(found.values())


def queue_page(session: Session, user: StaffUser, code: str) -> dict[str, Any]:
    """The unit's applications to try, as the case worker may see them (the reads logged)."""
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    rows = queue(session, unit.id, reveal_protected=user.clearance_protected)
    log_reads(session, user, [(r.person_id, r.case.id, unit.id) for r in rows], action="ansokningsko",
              reason=f"Ansökningar att pröva, {unit.code}")
    return {"user": user, "unit": unit, "rows": rows}


def application_page(session: Session, user: StaffUser, code: str, application_id: int) -> dict[str, Any]:
    """One application to try: its calculation and register differences (the read logged)."""
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    found = queue(session, unit.id, reveal_protected=user.clearance_protected, only=application_id)
    if not found:
        raise NotFoundError("ansokan", "Ansökan finns inte bland enhetens ansökningar att pröva. Den kan redan vara "
                                       "beslutad.")
    log_reads(session, user, [(found[0].person_id, found[0].case.id, unit.id)], action="ansokningsko",
              reason=f"Pröva ansökan, {unit.code}")
    return {"user": user, "unit": unit, "r": found[0], "entered": {}}


def register_differences(session: Session, application_id: int) -> list[dict[str, Any]]:
    """What the robot found when it compared the application with the registers (the task's evidence)."""
    evidence = session.scalar(select(Task.evidence).where(Task.application_id == application_id,
                                                          Task.kind == "ansokan_forsorjningsstod"))
    return list((evidence or {}).get("avvikelser", []))


def calculation(session: Session, application: Application, municipality: str | None = None) -> Calculation:
    """The calculation the case worker decides on: what was declared, with the registers' incomes where they
    differ, so the screen, the decision and the letter show the same lines to the krona."""
    flags = register_differences(session, application.id)
    return calculate(assistance.calculation_input(session, application, municipality or get_settings().riktlinjer,
                                                  flags), application.month)


@dataclass(frozen=True)
class Decided:
    decision: Decision
    decision_id: int  # kept as plain values: the robot continues after the decision's session has closed
    application_id: int
    run_id: int | None  # the robot run waiting for this decision, now continued; None: no run was waiting


def decide(session: Session, *, application_id: int, username: str, outcome: str, amount: int | None,
           motivering: str, municipality: str | None = None) -> Decided:
    """Approve, adjust or refuse (motivering required for any deviation). Under the application's lock, so a
    robot deciding at the same moment cannot make a second decision.

    The letter and the payment are the robot's: the run that handed the application over continues from this
    decision once the caller has committed (`letter_and_payment`).
    """
    worker = session.scalar(select(StaffUser).where(StaffUser.username == username))
    application = locks.lock(session, Application, application_id)
    if application is None or worker is None:
        raise NotFoundError("ansokan", "Ansökan eller användaren finns inte.")
    if session.scalar(select(Decision.id).where(Decision.application_id == application.id)) is not None:
        raise InputError("ansokan", "Ansökan är redan beslutad.")
    calc = calculation(session, application, municipality)
    decision = assistance.record_manual_decision(
        session, application=application, calc=calc, outcome=outcome,
        amount=calc.entitlement if amount is None else amount, motivering=motivering, user_id=worker.id,
        actor=username)
    tasks.close_for_application(session, application.id, actor=username,
                                note=f"Beslut fattat av {worker.name}: {label(outcome).lower()}.")
    run_id = signal(session, forsorjningsstod.robot, str(application.id), step=forsorjningsstod.DECIDED,
                    output={"decision_id": decision.id, "automated": False}, actor=username)
    return Decided(decision, decision.id, application.id, run_id)


def decide_in_unit(session: Session, *, code: str, user: StaffUser, application_id: int, outcome: str,
                   amount: str, motivering: str) -> Decided:
    """A decision as typed in the unit's queue: the application must be the unit's, the user may decide there."""
    unit_id = find_unit(session, code).id
    unit_of_case = session.scalar(select(Case.unit_id).join(Application, Application.case_id == Case.id)
                                  .where(Application.id == application_id))
    if unit_of_case != unit_id:
        raise NotFoundError("ansokan", "Ansökan finns inte i enhetens kö.")
    require(session, user, "task.write", unit_id)
    if not outcome:
        raise InputError("utfall", "Välj beslut: bifall, delvis bifall eller avslag.")
    text = amount.replace(" ", "").replace("\u00a0", "").removesuffix("kr")
    if text and not text.isdigit():
        raise InputError("belopp", "Skriv beloppet i hela kronor, t.ex. 10580.")
    return decide(session, application_id=application_id, username=user.username, outcome=outcome,
                  amount=int(text) if text else None, motivering=motivering)


def letter_and_payment(factory: sessionmaker[Session], decided: Decided,
                       work: Callable[[str, int], Any] | None = None) -> None:
    """After the decision is committed: the robot writes the letter and orders the payment, in the run that was
    waiting or, when none was, in a run of its own for the application. `work(robot, run_id)` does the run
    (on Celery workers, say); by default it is done here."""
    robot = forsorjningsstod.robot
    run_id = decided.run_id or start_run(factory, robot, run_key=f"beslut-{decided.decision_id}",
                                         params={"application_id": decided.application_id},
                                         trigger="handlaggare", actor="handlaggare")
    if work is None:
        execute(factory, robot, run_id)
    else:
        work(robot.name, run_id)
