"""The e-service's side of försörjningsstöd: the applicant's case, the monthly application as typed (decided at
once when it is clear-cut), attachments, Mina ärenden and the applicant's own letters."""

import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import documents
from ifoflow.arende.models import Application, Case, Document, Person
from ifoflow.beslut.models import Decision
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, LetterStatus, label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.format import parse_month
from ifoflow.domain.validation import to_input_error
from ifoflow.forsorjningsstod import robot
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
from ifoflow.settings import get_settings
from ifoflow.store.base import utcnow
from ifoflow.store.db import unit_of_work
from ifoflow.utbetalning.models import Payment

ALLOWED = {b"%PDF": ("application/pdf", ".pdf"), b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
           b"\x89PNG": ("image/png", ".png")}


# The costs the form asks for, in this order; the incomes are every kind the rules know (rules.kinds).
FORM_COSTS = ["hyra", "hushallsel", "hemforsakring", "arbetsresor", "fackavgift", "a_kassa_avgift",
              "barnomsorgsavgift"]


class Refused(InputError):
    """The application was not taken: the message names the field; `entered` is what was typed, shown again."""

    def __init__(self, error: InputError, entered: dict[str, Any]) -> None:
        super().__init__(error.field, error.message)
        self.entered = entered


@dataclass(frozen=True)
class Answer:
    application_id: int
    month: date
    status: str  # beslutad, under_handlaggning, vantar_register ... at the moment of answering
    run_id: int  # the run that writes the letter and pays after the answer


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


# Letters the citizen sees in Mina ärenden: those that have gone out (by any channel), and a decision letter at
# once (the e-service's own answer to the application). Never one that was stopped, replaced or failed.
SENT = (LetterStatus.skickad, LetterStatus.utskrift, LetterStatus.utskriven, LetterStatus.manuell)


def _visible(person_id: int) -> Any:
    return (Letter.person_id == person_id) & (Letter.status.in_(SENT) | (
        Letter.decision_id.is_not(None) & Letter.status.in_((LetterStatus.vantar, LetterStatus.skickas))))


def my_letters(session: Session, personnummer: str) -> list[tuple[int, str, datetime]]:
    """(letter id, kind in Swedish, written) of the person's own letters, newest first."""
    person = session.scalar(select(Person).where(Person.personnummer == personnummer))
    if person is None:
        return []
    return [(x.id, label(x.kind), x.created_at) for x in session.scalars(
        select(Letter).where(_visible(person.id)).order_by(Letter.id.desc()).limit(100))]


def store_attachment(session: Session, *, case: Case, filename: str, content: bytes, max_bytes: int,
                     scan_command: str) -> Document:
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
    digest = documents.save(content)
    safe = "".join(c for c in Path(filename).name if c.isalnum() or c in "._- ")[:100] or f"bilaga{kind[1]}"
    document = Document(case_id=case.id, person_id=case.person_id, kind="bilaga", filename=safe,
                        content_type=kind[0], sha256=digest, size_bytes=len(content))
    session.add(document)
    session.flush()
    return document


def next_month(today: date) -> date:
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def applicants(session: Session, case: Case) -> list[tuple[str, str, str]]:
    """(role, personnummer, name) of the adults who apply."""
    return [(m.role, p.personnummer, f"{p.first_name} {p.last_name}")
            for m, p in assistance.members(session, case.household_id or 0) if m.role in ("sokande", "medsokande")]


def form_view(session: Session, personnummer: str, declared: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the application form shows: next month, the applicants, and the values (last month's, or as typed)."""
    case = applicant_case(session, personnummer)
    return {"month": f"{next_month(date.today()):%Y-%m}", "costs": FORM_COSTS, "cost_labels": COST_KINDS,
            "incomes": INCOME_KINDS, "members": applicants(session, case),
            "declared": declared if declared is not None else last_declared(session, case)}


def _amount(value: Any, field: str, label: str) -> int:
    text = str(value or "").strip().replace(" ", "").replace("\u00a0", "").removesuffix("kr")
    if not text:
        return 0
    if not text.isdigit():
        raise InputError(field, f"{label}: skriv beloppet i hela kronor, utan bokstäver (t.ex. 7200).")
    return int(text)


def _declared(form: Mapping[str, str], adults: list[tuple[str, str, str]]) -> tuple[dict[str, Any], Any]:
    """(what was typed, as the form shows it again; the declaration)."""
    costs = {k: form.get(f"kostnad_{k}", "") for k in FORM_COSTS}
    incomes = {p: {k: form.get(f"inkomst_{p}_{k}", "") for k in INCOME_KINDS} for _, p, _ in adults}
    entered = {"costs": costs, "incomes": incomes}
    try:
        amounts = {k: _amount(v, f"kostnad_{k}", COST_KINDS[k]) for k, v in costs.items()}
        per_person = {p: {k: _amount(v, f"inkomst_{p}_{k}", f"{INCOME_KINDS[k]} ({name})") for k, v in kinds.items()}
                      for p, kinds in incomes.items() for _, pnr, name in adults if pnr == p}
        return entered, assistance.Declared(costs={k: v for k, v in amounts.items() if v},
                                            incomes={m: {k: v for k, v in i.items() if v}
                                                     for m, i in per_person.items()})
    except ValidationError as exc:
        raise Refused(to_input_error(exc), entered) from None
    except InputError as exc:
        raise Refused(exc, entered) from None


def apply(factory: sessionmaker[Session], personnummer: str, form: Mapping[str, str],
          attachments: list[tuple[str, bytes]]) -> Answer:
    """The monthly application as typed: stored with its attachments (all or nothing), then decided at once by
    the robot when it is clear-cut (else handed to a case worker). The letter and payment come after the answer,
    in the returned run. Refused (nothing stored) when a value is wrong."""
    settings = get_settings()
    limit = settings.max_upload_mb * 1024 * 1024
    with unit_of_work(factory) as session:
        case = applicant_case(session, personnummer)
        entered, declared = _declared(form, applicants(session, case))
        try:
            month = parse_month(form.get("manad", ""), "manad")
            application = assistance.submit(session, case_id=case.id, month=month, declared=declared,
                                            actor="e-tjanst")
            for filename, content in attachments:
                store_attachment(session, case=case, filename=filename, content=content,
                                 max_bytes=limit, scan_command=settings.virus_scan_command)
        except InputError as exc:
            raise Refused(exc, entered) from None
        application_id, month = application.id, application.month
    run_id = start_run(factory, robot.robot, run_key=f"e-tjanst-{application_id}", trigger="e-tjanst",
                       params={"application_id": application_id}, actor="e-tjanst")
    execute(factory, robot.robot, run_id, until=robot.DECIDED)
    with factory() as session:
        status = session.get_one(Application, application_id).status
    return Answer(application_id, month, status, run_id)


def dev_applicants(session: Session, limit: int = 12) -> list[tuple[str, str, str]]:
    """The development e-legitimation's choice: (personnummer, name, as shown) of applicants with an ongoing
    case, never anyone with skyddad identitet."""
    rows = session.execute(select(Person.personnummer, Person.first_name, Person.last_name)
                           .join(Case, Case.person_id == Person.id)
                           .where(Case.type == CaseType.forsorjningsstod, Case.status == CaseStatus.pagaende,
                                  Person.protected_identity.is_(False)).order_by(Person.id).limit(limit))
    return [(p, f"{f} {ln}", identity.display(p)) for p, f, ln in rows]


def signed_in(session: Session, personnummer: str) -> None:
    """Remember that the person uses the e-service: their letters may be delivered to its Mina ärenden."""
    session.execute(update(Person).where(Person.personnummer == personnummer).values(eservice_seen_at=utcnow()))
    session.commit()


def my_letter(session: Session, personnummer: str, letter_id: int) -> tuple[bytes, str]:
    """One of the person's own letters as PDF, and its file name; nobody else's."""
    person = session.scalar(select(Person).where(Person.personnummer == personnummer))
    found = session.scalar(select(Letter).where(Letter.id == letter_id, _visible(person.id if person else -1)))
    if found is None:
        raise NotFoundError("brev", "Brevet finns inte.")
    return letters.pdf(session, found.id), str(found.data.get("filnamn") or f"brev-{found.id}.pdf")
