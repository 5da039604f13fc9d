"""What the e-service needs: the applicant's case, last month's application, attachments, the applicant's view."""

import hashlib
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Document, Person
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import CaseStatus, CaseType
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.forsorjningsstod.models import Application
from ifoflow.utbetalning.models import Payment

ALLOWED = {b"%PDF": ("application/pdf", ".pdf"), b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
           b"\x89PNG": ("image/png", ".png")}


@dataclass(frozen=True)
class MyApplication:
    id: int
    month: str
    status: str
    outcome: str
    amount: int | None
    automated: bool
    pay_date: date | None
    payment_status: str
    letter_id: int | None


def applicant_case(session: Session, personnummer: str) -> Case:
    """The open försörjningsstöd case where this person is the applicant."""
    person = session.scalar(select(Person).where(Person.personnummer == personnummer))
    case = session.scalar(select(Case).where(Case.person_id == (person.id if person else -1),
                                             Case.type == CaseType.forsorjningsstod,
                                             Case.status != CaseStatus.avslutad).order_by(Case.id.desc()))
    if case is None:
        raise NotFoundError("arende", "Du har inget pågående ärende om ekonomiskt bistånd. Kontakta socialtjänsten "
                                      "för att ansöka första gången.")
    return case


def last_declared(session: Session, case: Case) -> dict[str, Any]:
    """Last month's application, to prefill the monthly re-application."""
    previous = session.scalar(select(Application).where(Application.case_id == case.id)
                              .order_by(Application.month.desc()))
    return dict(previous.declared) if previous else {"costs": {}, "incomes": {}}


def my_applications(session: Session, case: Case) -> list[MyApplication]:
    found = []
    for application in session.scalars(select(Application).where(Application.case_id == case.id)
                                       .order_by(Application.month.desc())):
        decision = session.scalar(select(Decision).where(Decision.application_id == application.id))
        payment = session.scalar(select(Payment).where(  # by household-month: a planned payment may predate it
            Payment.household_id == application.household_id, Payment.month == application.month)) if decision else None
        letter = session.scalar(select(Letter.id).where(Letter.decision_id == decision.id)) if decision else None
        found.append(MyApplication(application.id, f"{application.month:%Y-%m}", application.status,
                                   decision.outcome if decision else "", decision.total_amount if decision else None,
                                   bool(decision and decision.automated), payment.pay_date if payment else None,
                                   payment.status if payment else "", letter))
    return found


def store_attachment(session: Session, *, case: Case, filename: str, content: bytes, data_dir: Path,
                     max_bytes: int, scan_command: str) -> Document:
    """A PDF, JPEG or PNG (checked by its first bytes, not its name), virus-scanned when a scanner is set."""
    if not content:
        raise InputError("bilaga", "Filen är tom.")
    if len(content) > max_bytes:
        raise InputError("bilaga", f"Filen är större än {max_bytes // (1024 * 1024)} MB.")
    kind = next((v for magic, v in ALLOWED.items() if content.startswith(magic)), None)
    if kind is None:
        raise InputError("bilaga", "Bara PDF, JPEG och PNG kan bifogas.")
    if scan_command:
        with tempfile.NamedTemporaryFile(suffix=kind[1]) as tmp:
            tmp.write(content)
            tmp.flush()
            result = subprocess.run([*shlex.split(scan_command), tmp.name], capture_output=True, timeout=60)
        if result.returncode != 0:
            raise InputError("bilaga", "Filen stoppades av viruskontrollen och sparades inte.")
    digest = hashlib.sha256(content).hexdigest()
    folder = data_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / digest).write_bytes(content)
    safe = "".join(c for c in Path(filename).name if c.isalnum() or c in "._- ")[:100] or f"bilaga{kind[1]}"
    document = Document(case_id=case.id, person_id=case.person_id, kind="bilaga", filename=safe,
                        content_type=kind[0], sha256=digest, size_bytes=len(content))
    session.add(document)
    session.flush()
    return document
