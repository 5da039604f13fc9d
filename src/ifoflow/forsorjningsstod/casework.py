"""The case worker's side of försörjningsstöd: the queue of applications to try, and the decision."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import tasks
from ifoflow.arende.models import Case, Person, Task
from ifoflow.arende.service import shown
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision
from ifoflow.domain.enums import ApplicationStatus, TaskStatus, label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.forsorjningsstod.letter import write_decision_letter
from ifoflow.forsorjningsstod.models import Application
from ifoflow.rules.calculate import Calculation, calculate
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


def queue(session: Session, unit_id: int, *, reveal_protected: bool, municipality: str = "exempelstad",
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


def register_differences(session: Session, application_id: int) -> list[dict[str, Any]]:
    """What the robot found when it compared the application with the registers (the task's evidence)."""
    evidence = session.scalar(select(Task.evidence).where(Task.application_id == application_id,
                                                          Task.kind == "ansokan_forsorjningsstod"))
    return list((evidence or {}).get("avvikelser", []))


def calculation(session: Session, application: Application, municipality: str = "exempelstad") -> Calculation:
    """The calculation the case worker decides on: what was declared, with the registers' incomes where they
    differ, so the screen, the decision and the letter show the same lines to the krona."""
    flags = register_differences(session, application.id)
    return calculate(assistance.calculation_input(session, application, municipality, flags), application.month)


def decide(session: Session, *, application_id: int, username: str, outcome: str, amount: int | None,
           motivering: str, municipality: str = "exempelstad") -> Decision:
    """Approve, adjust or refuse (motivering required for any deviation); letter and payment follow.

    Under the application's lock, so a robot run deciding at the same moment cannot make a second decision.
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
    write_decision_letter(session, decision)
    assistance.order_payment(session, decision, application)
    return decision
