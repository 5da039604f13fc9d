"""Infobrev: when a case gets a new case worker, tell the client by letter who handles the case now (Norrtälje
2023, process 5: "so that the client knows who handles the case"), for every unit that has not opted out.

Started by the event `case.reassigned` (a reassignment on the web, by `ifoflow arenden flytta`, or a bulk move when
a case worker leaves). One letter per open case and recipient: the sökande, and the medsökande where they live at
another address. Letters are keyed by the case, the assignment and the person, so a rerun writes nothing twice; a
letter still waiting when the case moves again is replaced, and only the latest case worker is named. The letters
go out with ifoflow.brevutskick like every other letter.
"""

from typing import Any

from sqlalchemy import String, cast, literal, select, update
from sqlalchemy.orm import Session, aliased

from ifoflow.arende.models import Case, CaseAssignment, HouseholdMember, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.brev.templates import KINDS
from ifoflow.domain.enums import CaseStatus, LetterStatus, MemberRole
from ifoflow.robots.core import Event, Robot, StepContext
from ifoflow.robots.models import Effect

KIND = "infobrev_ny_handlaggare"
TEMPLATE = KINDS[KIND]


def _effect_key(case_id: Any, assignment_id: Any) -> Any:
    return literal("infobrev:") + cast(case_id, String) + literal(":") + cast(assignment_id, String)


def new_assignments(session: Session, params: dict[str, Any]) -> list[str]:
    """Open assignments that replaced an earlier one, on open cases of units that send info letters, not yet
    written about: 'case_id:assignment_id'."""
    earlier = aliased(CaseAssignment)
    rows = session.execute(
        select(CaseAssignment.case_id, CaseAssignment.id).join(Case, Case.id == CaseAssignment.case_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(CaseAssignment.ended_at.is_(None), Case.status != CaseStatus.avslutad, Unit.info_letters,
               select(earlier.id).where(earlier.case_id == CaseAssignment.case_id,
                                        earlier.id < CaseAssignment.id).exists(),
               ~select(Effect.id).where(Effect.key == _effect_key(CaseAssignment.case_id, CaseAssignment.id))
               .exists())
        .order_by(CaseAssignment.id))
    return [f"{case_id}:{assignment_id}" for case_id, assignment_id in rows]


def find_recipients(ctx: StepContext, item: str) -> dict[str, Any]:
    case_id, assignment_id = (int(part) for part in item.split(":"))
    case = ctx.lock(Case, case_id)
    current = ctx.session.scalar(select(CaseAssignment.id).where(CaseAssignment.case_id == case_id,
                                                                 CaseAssignment.ended_at.is_(None)))
    if case.status == CaseStatus.avslutad:
        ctx.finish("Ärendet är avslutat: inget infobrev.")
    elif current != assignment_id:
        ctx.finish("Ärendet har fått en annan handläggare igen: brevet skrivs om den senaste.")
    elif not ctx.session.get_one(Unit, case.unit_id).info_letters:
        ctx.finish("Enheten har valt att inte skicka infobrev.")
    if ctx.finished:
        return {}
    applicant = ctx.session.get_one(Person, case.person_id)
    people = [applicant.id]
    household = ctx.session.scalar(select(HouseholdMember.household_id).where(
        HouseholdMember.person_id == applicant.id, HouseholdMember.left_on.is_(None)))
    for co in ctx.session.scalars(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id).where(
            HouseholdMember.household_id == household, HouseholdMember.left_on.is_(None),
            HouseholdMember.role == MemberRole.medsokande)):
        if (co.street, co.postal_code) != (applicant.street, applicant.postal_code):
            people.append(co.id)
    return {"case_id": case_id, "assignment_id": assignment_id, "people": people}


def write_letters(ctx: StepContext, item: str) -> dict[str, Any]:
    found = ctx.state["find_recipients"]
    case = ctx.session.get_one(Case, found["case_id"])
    assignment = ctx.session.get_one(CaseAssignment, found["assignment_id"])
    worker = ctx.session.get_one(StaffUser, assignment.user_id)
    # A letter about an earlier case worker that has not gone out yet is replaced by this one.
    ctx.session.execute(update(Letter).where(Letter.case_id == case.id, Letter.kind == KIND,
                                             Letter.status == LetterStatus.vantar).values(status=LetterStatus.ersatt))
    written = []
    for person_id in found["people"]:
        person = ctx.session.get_one(Person, person_id)
        data = {**letters.letterhead(ctx.session, case, person, worker=worker),
                "since": assignment.assigned_at.date().isoformat(), "assignment_id": assignment.id}
        written.append(letters.LetterIn(
            key=f"letter:infobrev:{case.id}:{assignment.id}:{person.id}", template=TEMPLATE, data=data, kind=KIND,
            case_id=case.id, person_id=person.id, filename=f"ny-handlaggare-{case.case_number}.pdf"))
    new = int(ctx.effect("letter", f"infobrev:{case.id}:{assignment.id}",
                         lambda: ("letters", letters.write(ctx.session, written))))
    return {"letters": new}


robot = Robot(
    name="infobrev",
    title="Infobrev vid byte av handläggare",
    trigger=Event("case.reassigned", "när ett ärende får en ny handläggare"),
    items=new_assignments,
    steps=[find_recipients, write_letters],
)
