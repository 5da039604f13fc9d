"""Registering an orosanmälan in seconds, and a case worker's assessments of it.

Registration identifies the child (and siblings and guardians in the same household), links earlier reports (those
that led to no investigation only where the dated rule lets them be searched) and investigations, opens or adds to
the child's case in the child unit's reception, and sets the deadlines from the moment the report arrived: the
skyddsbedömning at once, the förhandsbedömning within 14 days unless an investigation is already ongoing. An acute
report outside office hours goes to the social emergency service. No code path here decides anything about a child:
assessments are recorded by `assess`, which takes the person who made them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import residents, tasks
from ifoflow.arende.models import Case, HouseholdMember, Person, Task
from ifoflow.arende.registration import case_number
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, MemberRole, StaffRole, TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.larm import service as larm
from ifoflow.oro import rules, support
from ifoflow.oro.models import ConcernAssessment, ConcernReport
from ifoflow.robots.core import SystemUnavailable
from ifoflow.robots.core.schedule import is_bank_day
from ifoflow.robots.registers import registers
from ifoflow.settings import get_settings
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new

SWEDEN = fmt.SWEDEN
MANDATORY = {"skola", "forskola", "halso_och_sjukvard", "polis", "socialtjanst", "annan_myndighet"}
CATEGORIES = [*sorted(MANDATORY), "privatperson"]
UNKNOWN = "okand"  # a report on paper, until the reception has read who sent it
PROTECTION = {"omedelbart_skydd": "Barnet behöver omedelbart skydd",
              "inget_omedelbart_skydd": "Barnet behöver inte omedelbart skydd"}
REGISTER_TIMEOUT_S = 2.0  # a reporter waits for the answer: one short try, then the reception identifies the child
PREASSESSMENT = {"inled_utredning": "Utredning inleds", "inled_inte": "Utredning inleds inte"}


class ChildIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    personnummer: str = ""
    name: str = Field(default="", max_length=200)
    birth_date: date | None = None

    @model_validator(mode="after")
    def _something(self) -> "ChildIn":
        if not self.personnummer and not (self.name and self.birth_date):
            raise ValueError("Skriv barnets personnummer, eller namn och födelsedatum.")
        if self.personnummer:
            self.personnummer = identity.canonical(self.personnummer)
        return self


class ReportIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    key: str = Field(min_length=8, max_length=120)  # the form's own token: a double submit is one report
    channel: str = Field(pattern="^(webb|telefon|intern|papper)$")
    reporter_category: str
    reporter_name: str = Field(default="", max_length=200)
    reporter_contact: str = Field(default="", max_length=200)
    reporter_personnummer: str = ""
    secrecy_wish: bool = False
    reporter_address: dict[str, str] = Field(default_factory=dict)
    text: str = Field(min_length=10, max_length=20_000)
    danger_now: bool = False
    guardians_told: str = Field(default="vet_ej", pattern="^(ja|nej|vet_ej)$")
    children: list[ChildIn] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _reporter(self) -> "ReportIn":
        if self.reporter_category not in CATEGORIES and not (self.channel == "papper"
                                                             and self.reporter_category == UNKNOWN):
            raise ValueError("Välj vem du är som anmäler.")
        if self.reporter_category in MANDATORY and not (self.reporter_name and self.reporter_contact):
            raise ValueError("Den som har anmälningsskyldighet kan inte vara anonym: skriv namn och hur vi når dig.")
        return self


@dataclass
class Registered:
    reports: list[ConcernReport] = field(default_factory=list)
    acute: bool = False


def register(session: Session, data: dict[str, Any], *, received_at: datetime | None = None, actor: str,
             robot_facts: list[dict[str, str]] | None = None, document_id: int | None = None) -> Registered:
    """One report per child, in the caller's transaction; the same key again returns what was registered.
    `robot_facts` ({"kalla", "text"}) are what another robot knew, shown beside the support and never scored."""
    try:
        report = ReportIn.model_validate(data)
    except ValidationError as exc:
        raise to_input_error(exc) from None
    earlier = list(session.scalars(select(ConcernReport).where(ConcernReport.key.like(f"{report.key}:%"))))
    if earlier:
        return Registered(earlier, any(r.acute_route for r in earlier))
    now = received_at or utcnow()
    params = rules.load(now.date())
    unit = session.scalar(select(Unit).where(Unit.code == params.child_unit))
    if unit is None:
        raise InputError("child_unit", f"Enheten {params.child_unit} för orosanmälningar finns inte.")
    advice = support.suggest(report.text, danger_now=report.danger_now)
    acute = advice["bradska"] == "nu" and not office_hours(now, params)
    out = Registered(acute=acute)
    for n, child in enumerate(report.children):
        person, fetched = _identify(session, child, local(now).date())
        ongoing = person is not None and _ongoing_investigation(session, person.id)
        case = _case(session, person, unit, now) if person else None
        facts: dict[str, Any] = _facts(session, person, now) if person else {"identifierad": False}
        facts.update(fran_robotar=robot_facts or [], fran_folkbokforingen=fetched)
        row = ConcernReport(
            key=f"{report.key}:{n}", received_at=now, channel=report.channel,
            reporter_category=report.reporter_category, mandatory=report.reporter_category in MANDATORY,
            reporter_name=report.reporter_name, reporter_contact=report.reporter_contact,
            reporter_personnummer=report.reporter_personnummer,
            reporter_address=report.reporter_address or None, secrecy_wish=report.secrecy_wish
            and report.reporter_category not in MANDATORY, text=report.text, danger_now=report.danger_now,
            guardians_told=report.guardians_told, child_given=child.model_dump(mode="json"),
            person_id=person.id if person else None, case_id=case.id if case else None, protection_due=now,
            preassessment_due=None if ongoing else local(now).date() + timedelta(days=params.preassessment_days),
            ongoing_investigation=ongoing, support={**advice, "fakta": facts}, acute_route=acute, status="ny",
            document_id=document_id)
        session.add(row)
        session.flush()
        _tasks(session, row, unit, params, advice["bradska"], acute, person is None)
        out.reports.append(row)
    if acute:
        _alert(session, report.key, unit, params, now, actor)
    audit.append(session, actor=actor, action="concern.registered", entity="concern_report",
                 entity_id=",".join(str(r.id) for r in out.reports),
                 details={"kanal": report.channel, "akut": acute, "bradska": advice["bradska"]})
    return out


def _alert(session: Session, key: str, unit: Unit, params: rules.ConcernParams, now: datetime, actor: str) -> None:
    """The social emergency service is told at once by the channel the installation names; the alert holds no
    name or number of the child, only where to look."""
    settings = get_settings()
    jour = params.emergency_unit if session.scalar(select(Unit.id).where(Unit.code == params.emergency_unit)) \
        else unit.code
    larm.raise_alert(session, key=f"oro:akut:{key}", kind="oro_akut", channel=settings.oro_alert_channel,
                     recipient=settings.oro_alert_to, subject="Akut orosanmälan till socialjouren",
                     body=f"En orosanmälan som kan vara akut kom in {local(now):%Y-%m-%d %H:%M}. Skyddsbedöm nu. "
                          f"Öppna jourens uppgifter: {settings.public_url.rstrip('/')}/enheter/{jour}/uppgifter",
                     actor=actor)


def local(moment: datetime) -> datetime:
    """A stored moment (UTC) in Swedish time: office hours and the deadlines' days are Swedish."""
    return fmt.local(moment)


def office_hours(moment: datetime, params: rules.ConcernParams) -> bool:
    """Whether the reception is open: a bank day, between the set hours, Swedish time."""
    here = local(moment)
    return is_bank_day(here.date()) and params.office_opens <= here.hour < params.office_closes


def history(session: Session, person_id: int, before: datetime) -> list[ConcernReport]:
    """Earlier reports about the child that may be searched: those that led to no investigation only where the
    dated rule in force when they arrived makes them searchable."""
    found = []
    for r in session.scalars(select(ConcernReport).where(ConcernReport.person_id == person_id,
                                                         ConcernReport.received_at < before)
                             .order_by(ConcernReport.received_at.desc())):
        unopened = session.scalar(select(ConcernAssessment.id).where(
            ConcernAssessment.report_id == r.id, ConcernAssessment.outcome == "inled_inte"))
        if unopened is None or rules.load(r.received_at.date()).searchable_unopened:
            found.append(r)
    return found


def assess(session: Session, report_id: int, user: StaffUser, *, kind: str, outcome: str, reasons: str) -> str:
    """A case worker's skyddsbedömning or förhandsbedömning; what the support suggested is stored beside it."""
    if user.role != StaffRole.handlaggare:
        raise InputError("bedomning", "Bara en handläggare kan göra bedömningen.")
    report = locks.lock(session, ConcernReport, report_id)
    if report is None:
        raise InputError("anmalan", "Anmälan finns inte.")
    allowed = PROTECTION if kind == "skyddsbedomning" else PREASSESSMENT if kind == "forhandsbedomning" else {}
    if outcome not in allowed:
        raise InputError("utfall", "Välj vad bedömningen blev.")
    if not reasons.strip():
        raise InputError("skal", "Skriv skälen för bedömningen.")
    if kind == "forhandsbedomning" and report.ongoing_investigation:
        raise InputError("utfall", "En utredning om barnet pågår redan; ingen förhandsbedömning behövs.")
    if kind == "forhandsbedomning" and report.status == "ny":
        raise InputError("utfall", "Gör skyddsbedömningen först.")
    if session.scalar(select(ConcernAssessment.id).where(ConcernAssessment.report_id == report.id,
                                                         ConcernAssessment.kind == kind)):
        raise InputError("bedomning", "Den bedömningen är redan gjord.")
    suggested = str(report.support.get("bradska", ""))
    followed = (outcome == "omedelbart_skydd") == (suggested == "nu") if kind == "skyddsbedomning" else None
    session.add(ConcernAssessment(report_id=report.id, kind=kind, outcome=outcome, reasons=reasons.strip(),
                                  suggested=suggested, followed=followed, decided_by_id=user.id, decided_at=utcnow()))
    report.status = "skyddsbedomd" if kind == "skyddsbedomning" else "forhandsbedomd"
    for task in session.scalars(select(Task).where(Task.idempotency_key.in_(
            [f"oro:{report.id}:{kind}", f"oro:{report.id}:akut"]), Task.status != TaskStatus.klar)):
        tasks.close(task, user.username, allowed[outcome])
    audit.append(session, actor=user.username, action=f"concern.{kind}", entity="concern_report",
                 entity_id=report.id, details={"utfall": outcome, "foreslaget": suggested})
    return f"{'Skyddsbedömningen' if kind == 'skyddsbedomning' else 'Förhandsbedömningen'} är sparad: " \
           f"{allowed[outcome].lower()}."


def _identify(session: Session, child: ChildIn, today: date) -> tuple[Person | None, bool]:
    """The child, and whether the child was fetched from the resident register just now."""
    if child.personnummer:
        known = session.scalar(select(Person).where(Person.personnummer == child.personnummer))
        if known is not None:
            return known, False
        fetched = _from_register(session, child.personnummer, today)
        return fetched, fetched is not None
    if child.birth_date is None:
        return None, False
    candidates = list(session.scalars(select(Person).where(
        Person.personnummer.like(f"{child.birth_date:%Y%m%d}%"))))
    first = child.name.split()[0].lower() if child.name else ""
    named = [p for p in candidates if p.first_name.lower() == first]
    return (named[0] if len(named) == 1 else None), False  # never a guess between two children


def _from_register(session: Session, pnr: str, today: date) -> Person | None:
    """A child the store does not know, from the resident register with those living with the child; None when
    the register does not know the number or does not answer at once (the reception then identifies the child)."""
    regs = registers(REGISTER_TIMEOUT_S, 1, 0.0)
    try:
        record = regs.folk_system.call(lambda: regs.folk.person(pnr))
        if record is None:
            return None
        mates = [str(x) for x in record.get("samma_bostad", [])]
        housemates = regs.folk_system.call(lambda: regs.folk.persons(mates)) if mates else {}
    except (SystemUnavailable, httpx.HTTPError):
        return None
    return residents.record_household(session, record, housemates, today)


def _ongoing_investigation(session: Session, person_id: int) -> bool:
    return session.scalar(select(Case.id).where(Case.person_id == person_id, Case.type == CaseType.utredning,
                                                Case.status != CaseStatus.avslutad)) is not None


def _case(session: Session, person: Person, unit: Unit, now: datetime) -> Case:
    case = session.scalar(select(Case).where(Case.person_id == person.id, Case.type == CaseType.orosanmalan,
                                             Case.status != CaseStatus.avslutad).order_by(Case.id.desc()))
    if case is None:
        case = Case(case_number=f"tmp-oro-{person.id}-{now.timestamp()}", type=CaseType.orosanmalan,
                    status=CaseStatus.aktualiserad, person_id=person.id, unit_id=unit.id, opened_on=now.date())
        session.add(case)
        session.flush()
        case.case_number = case_number(CaseType.orosanmalan, now.year, case.id)
    return case


def _facts(session: Session, person: Person, now: datetime) -> dict[str, Any]:
    """What the case worker sees beside the text: age, siblings, earlier reports and investigations."""
    household = session.scalar(select(HouseholdMember.household_id).where(
        HouseholdMember.person_id == person.id, HouseholdMember.left_on.is_(None)))
    members = list(session.execute(select(HouseholdMember.role, Person.id, Person.personnummer).join(
        Person, Person.id == HouseholdMember.person_id).where(HouseholdMember.household_id == household,
                                                              HouseholdMember.left_on.is_(None))))
    siblings = [pid for role, pid, _ in members if role == MemberRole.barn and pid != person.id]
    # Adults living with the child: the register says who lives there, not who has custody.
    guardians = [pid for _, pid, pnr in members if identity.age_on(pnr, now.date()) >= 18]
    sibling_investigations = session.scalar(select(Case.id).where(
        Case.person_id.in_(siblings), Case.type == CaseType.utredning)) is not None if siblings else False
    return {"identifierad": True, "alder": identity.age_on(person.personnummer, now.date()),
            "hushall": household, "syskon": siblings, "vardnadshavare_i_hushallet": guardians,
            "tidigare_anmalningar": [r.id for r in history(session, person.id, now)],
            "utredningar": len(list(session.scalars(select(Case.id).where(Case.person_id == person.id,
                                                                           Case.type == CaseType.utredning)))),
            "syskon_utredda": sibling_investigations}


def _tasks(session: Session, report: ConcernReport, unit: Unit, params: rules.ConcernParams, urgency: str,
           acute: bool, unidentified: bool) -> None:
    rows = [{"idempotency_key": f"oro:{report.id}:skyddsbedomning", "unit_id": unit.id, "case_id": report.case_id,
             "kind": "orosanmalan_skyddsbedomning", "status": TaskStatus.oppen, "deadline": report.received_at.date(),
             "reason": f"Skyddsbedöm genast ({'brådskar: nu' if urgency == 'nu' else 'i dag'}).",
             "evidence": {"anmalan": report.id}, "created_at": utcnow()}]
    if acute:
        jour = session.scalar(select(Unit.id).where(Unit.code == params.emergency_unit)) or unit.id
        rows.append({"idempotency_key": f"oro:{report.id}:akut", "unit_id": jour, "case_id": report.case_id,
                     "kind": "orosanmalan_akut", "status": TaskStatus.oppen, "deadline": report.received_at.date(),
                     "reason": "Akut orosanmälan utanför kontorstid: socialjouren skyddsbedömer nu.",
                     "evidence": {"anmalan": report.id}, "created_at": utcnow()})
    if unidentified:
        rows.append({"idempotency_key": f"oro:{report.id}:identifiera", "unit_id": unit.id, "case_id": None,
                     "kind": "orosanmalan_identifiera", "status": TaskStatus.oppen,
                     "deadline": report.received_at.date(), "reason": "Barnet kunde inte identifieras säkert i "
                     "folkbokföringen; leta fram barnet utifrån anmälan.", "evidence": {"anmalan": report.id},
                     "created_at": utcnow()})
    insert_new(session, Task.idempotency_key, rows)


def due_dates(report: ConcernReport, today: date) -> dict[str, Any]:
    """Where the report stands against its deadlines, for lists."""
    pre = report.preassessment_due
    return {"skydd_forsenad": report.status == "ny" and report.received_at.date() < today,
            "forhand_forsenad": report.status != "forhandsbedomd" and pre is not None and pre < today,
            "forhand_dagar_kvar": (pre - today).days if pre else None}


FEEDBACK = {"inled_utredning": "En utredning har inletts.", "inled_inte": "Ingen utredning har inletts.",
            "pagaende": "En utredning om barnet pågår redan."}
FEEDBACK_KIND = "oro_aterkoppling"


class AddressIn(BaseModel):
    """A mandatory reporter's postal address (the workplace's), for the feedback letter on paper."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    namn: str = Field(min_length=2, max_length=200)
    utdelningsadress: str = Field(min_length=3, max_length=200)
    postnummer: str = Field(pattern=r"^\d{3} ?\d{2}$")
    postort: str = Field(min_length=2, max_length=100)


def feedback_letter(session: Session, report_id: int) -> Letter | None:
    return letters.by_key(session, f"letter:oro:aterkoppling:{report_id}")


def feedback(session: Session, report_id: int, user: StaffUser, address: dict[str, str]) -> int:
    """The letter telling a mandatory reporter whether an investigation was opened, not opened or is ongoing,
    written into the letters service once per report: after the hold (when it can still be stopped) it goes to the
    print batch, addressed to the reporter's workplace. Returns the letter's id."""
    report = session.get(ConcernReport, report_id)
    if report is None or not report.mandatory:
        raise InputError("anmalan", "Återkoppling ges till anmälningsskyldiga anmälare.")
    existing = feedback_letter(session, report.id)
    if existing is not None:
        return existing.id
    decided = session.scalar(select(ConcernAssessment.outcome).where(
        ConcernAssessment.report_id == report.id, ConcernAssessment.kind == "forhandsbedomning"))
    outcome = "pagaende" if report.ongoing_investigation and report.status != "ny" else decided
    if outcome is None:
        raise InputError("anmalan", "Förhandsbedömningen är inte gjord ännu.")
    case = session.get(Case, report.case_id) if report.case_id else None
    if case is None:
        raise InputError("anmalan", "Barnet är inte identifierat än; återkopplingen skrivs på barnets ärende.")
    try:
        to = AddressIn.model_validate(address)
    except ValidationError as exc:
        raise _address_error(exc) from None
    report.reporter_address = to.model_dump()
    data = {"municipality": get_settings().municipality_name, "unit": session.get_one(Unit, case.unit_id).name,
            "today": date.today().isoformat(), "case_number": case.case_number, "handlaggare": user.name,
            "name": to.namn, "kontakt": letters.contact(user.name),
            "received": f"{local(report.received_at):%Y-%m-%d}", "outcome": FEEDBACK[outcome]}
    letter_id = letters.write_one(session, letters.LetterIn(
        key=f"letter:oro:aterkoppling:{report.id}", template="oro/aterkoppling.typ", data=data, kind=FEEDBACK_KIND,
        case_id=case.id, person_id=None, filename=f"aterkoppling-{report.id}.pdf", recipient=to.model_dump()))
    audit.append(session, actor=user.username, action="concern.feedback", entity="concern_report",
                 entity_id=report.id, details={"utfall": outcome, "brev": letter_id})
    return letter_id


ADDRESS_FIELDS = {"namn": "Mottagare", "utdelningsadress": "Utdelningsadress", "postnummer": "Postnummer",
                  "postort": "Postort"}


def _address_error(exc: ValidationError) -> InputError:
    """The first wrong field of the address, named as on the form."""
    first = to_input_error(exc)
    name = ADDRESS_FIELDS.get(first.field, first.field)
    if first.field == "postnummer":
        return InputError("aterkoppling_postnummer", "Postnummer: skriv fem siffror, till exempel 761 30.")
    return InputError(f"aterkoppling_{first.field}", f"{name}: {first.message[:1].lower()}{first.message[1:]}")
