"""The decision letter as a PDF document on the case; protected identity never gets a printed address."""

import hashlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Document, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision
from ifoflow.beslut.service import find
from ifoflow.brev.models import Letter
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import LetterStatus
from ifoflow.rules.calculate import Calculation
from ifoflow.settings import get_settings
from ifoflow.store import locks

OUTCOMES = {"bifall": "Din ansökan beviljas.", "delvis_bifall": "Din ansökan beviljas delvis.",
            "avslag": "Din ansökan avslås."}


def decision_letter_key(decision_id: int) -> str:
    return f"letter:beslut:{decision_id}"


def write_decision_letter(session: Session, decision: Decision) -> int:
    """Render, store the PDF in the data directory by its hash, and register Document and Letter. Returns the id.

    One letter per decision: when it exists already, its id is returned and nothing is written. The PDF is made
    before the decision's lock is taken, so other writers do not wait while it renders.
    """
    existing = _letter_of(session, decision.id)
    if existing is not None:
        return existing
    case = session.get_one(Case, decision.case_id)
    person = session.get_one(Person, case.person_id)
    calc = Calculation.from_dict(decision.explanation)
    settings = get_settings()
    registered = find(session, decision.type) if decision.automated else None
    protected = person.protected_identity
    refused = max(calc.entitlement - decision.total_amount, 0) if decision.outcome != "avslag" else 0
    pdf = render_pdf("forsorjningsstod/beslut.html", {
        "municipality": settings.municipality_name, "namnd": registered.namnd if registered else "Socialnämnden",
        "delegation": registered.delegation_ref if registered else "", "today": fmt.day(date.today()),
        "case_number": case.case_number, "name": f"{person.first_name} {person.last_name}",
        "address": "" if protected else f"{person.street}, {person.postal_code} {person.city}",
        "calc": calc, "outcome": decision.outcome, "outcome_text": OUTCOMES[decision.outcome],
        "amount": decision.total_amount, "refused": refused, "motivering": decision.motivering,
        "lagrum": decision.lagrum, "automated": decision.automated, "rule_version": decision.rule_version,
        "kr": fmt.kr, "month": fmt.month(calc.month),
        "decided_by": session.get_one(StaffUser, decision.decided_by_id).name if decision.decided_by_id else ""})
    locks.lock(session, Decision, decision.id)
    existing = _letter_of(session, decision.id)  # another process may have written it while this one rendered
    if existing is not None:
        return existing
    digest = hashlib.sha256(pdf).hexdigest()
    folder = settings.data_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / digest).write_bytes(pdf)
    document = Document(case_id=case.id, person_id=person.id, kind="beslut", filename=f"beslut-{case.case_number}.pdf",
                        content_type="application/pdf", sha256=digest, size_bytes=len(pdf))
    session.add(document)
    session.flush()
    letter = Letter(idempotency_key=decision_letter_key(decision.id), case_id=case.id, person_id=person.id,
                    decision_id=decision.id, kind="beslut_forsorjningsstod",
                    status=LetterStatus.manuell if protected else LetterStatus.skapad,
                    body=OUTCOMES[decision.outcome], document_id=document.id)
    session.add(letter)
    session.flush()
    return letter.id


def _letter_of(session: Session, decision_id: int) -> int | None:
    return session.scalar(select(Letter.id).where(Letter.decision_id == decision_id))
