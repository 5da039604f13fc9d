"""The decision letter: its data, through the one letter path (ifoflow.brev.service), made at once so that the
applicant sees it in the e-service; it goes out like every letter (ifoflow.brev.delivery). It says how to appeal."""

from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision
from ifoflow.beslut.service import find
from ifoflow.brev import service as letters
from ifoflow.brev.templates import KINDS
from ifoflow.domain import format as fmt
from ifoflow.rules.calculate import Calculation

TEMPLATE = KINDS["beslut_forsorjningsstod"]
OUTCOMES = {"bifall": "Din ansökan beviljas.", "delvis_bifall": "Din ansökan beviljas delvis.",
            "avslag": "Din ansökan avslås."}


def decision_letter_key(decision_id: int) -> str:
    return f"letter:beslut:{decision_id}"


def write_decision_letter(session: Session, decision: Decision) -> int:
    """The decision's one letter, its PDF made now (or the letter already written for it). Returns its id."""
    existing = letters.by_key(session, decision_letter_key(decision.id))
    if existing is not None:
        return existing.id
    case = session.get_one(Case, decision.case_id)
    person = session.get_one(Person, case.person_id)
    calc = Calculation.from_dict(decision.explanation)
    registered = find(session, decision.type) if decision.automated else None
    refused = max(calc.entitlement - decision.total_amount, 0) if decision.outcome != "avslag" else 0
    data = {
        **letters.letterhead(session, case, person),
        "namnd": registered.namnd if registered else "Socialnämnden",
        "delegation": registered.delegation_ref if registered else "",
        "calc": decision.explanation, "outcome": decision.outcome, "outcome_text": OUTCOMES[decision.outcome],
        "amount": decision.total_amount, "refused": refused, "motivering": decision.motivering,
        "lagrum": decision.lagrum, "automated": decision.automated, "rule_version": decision.rule_version,
        "month": fmt.month(calc.month),
        "decided_by": session.get_one(StaffUser, decision.decided_by_id).name if decision.decided_by_id else ""}
    return letters.write_one(session, letters.LetterIn(
        key=decision_letter_key(decision.id), template=TEMPLATE, data=data, kind="beslut_forsorjningsstod",
        case_id=case.id, person_id=person.id,
        filename=f"beslut-{case.case_number}.pdf", decision_id=decision.id), render=True)
