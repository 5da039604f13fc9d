"""The demo municipality's content: the synthetic town, then what makes every page show something true: the
nämnd's decision type, the process inventory, this month's payments and applications, debt notices with a
quarantine, and cases with a new case worker. The robots then work it (demo/robots.py)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.arende.service import reassign_case
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.avvikelse import service as deviations
from ifoflow.beslut import service as decision_types
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, MemberRole, StaffRole, UnitKind
from ifoflow.intag import service as intag
from ifoflow.inventering import service as inventory
from ifoflow.oro import service as oro
from ifoflow.simulators import population
from ifoflow.skanning import service as scan_service
from ifoflow.skanning import testpaper as scan_paper
from ifoflow.skuld.intake import NOTICES as DEBT_NOTICES
from ifoflow.store.base import utcnow
from ifoflow.store.db import session_factory, unit_of_work
from ifoflow.synthetic.applications import Errors, generate_month
from ifoflow.synthetic.notices import notices_csv
from ifoflow.synthetic.payments import plan_month
from ifoflow.synthetic.seed import SeedResult, seed
from ifoflow.vardfaktura import payroll as care_payroll
from ifoflow.vardfaktura import price as care_price
from ifoflow.vardfaktura import service as care_service
from ifoflow.vardfaktura import synthetic as care
from ifoflow.vardfaktura.models import Placement, PlacementBudget, Provider

PROCESSES = Path(__file__).with_name("processes.yaml")
DECISION_TYPE = decision_types.DecisionTypeIn(
    code="forsorjningsstod_norm", title="Försörjningsstöd enligt riksnorm och riktlinjer", namnd="Socialnämnden",
    delegation_ref="Delegationsordning SN 2026, punkt 4.1", legal_basis="12 kap. 7 § socialtjänstlagen (2025:400)",
    appealable=True, report_back="Månadsvis rapport till nämnden över fattade beslut (6 kap. 40 §)",
    matter_class=decision_types.MatterClass.vanligt, allowed_outcomes=["bifall", "avslag"])
APPLICATIONS = 80  # this month's applications the robot decides when the demo is made
NOTICES = 40
PLACEMENTS = 40  # children and adults placed, with three months of care invoices
CONCERNS_FROM = (("skola", "Anna Mentor", "anna.mentor@skolan.example"),
                 ("forskola", "Bo Förskollärare", "070-000 00 01"),
                 ("polis", "Polisen, ingripandeverksamheten", "114 14"), ("privatperson", "", ""))
CONCERN_TEXTS = (
    "Eleven har under flera veckor kommit till skolan hungrig och utan vinterkläder. Hen säger att ingen är hemma "
    "på kvällarna.",
    "Förskolan ringer: barnet har berättat att mamma var berusad när hon hämtade i går.",
    "Polisen har varit på adressen efter ett larm om bråk. Barnet sa att pappa slår mamma och att hen är rädd att "
    "gå hem.",
    "Jag är granne och hör ofta skrik och gråt genom väggen sent på kvällarna.")


@dataclass(frozen=True)
class DemoContent:
    town: SeedResult
    applications: int
    notices: int
    processes: int
    invoices: int


def is_empty(engine: Engine) -> bool:
    with session_factory(engine)() as session:
        return not session.scalar(select(func.count()).select_from(Person))


def prepare(engine: Engine, *, households: int, today: date,
            progress: Callable[[int], None] = lambda n: None) -> DemoContent:
    """Fill an empty store with the demo municipality (deterministic for the same size and day); `progress` is
    told of each household made."""
    town = seed(engine, households=households, seed=1, today=today, progress=progress)
    month = today.replace(day=1)
    with unit_of_work(session_factory(engine)) as session:
        decision_types.register(session, DECISION_TYPE, actor="demo")
        processes = _inventory(session)
        plan_month(session, month)
        _new_case_workers(session)
        applications = len(generate_month(session, month, limit=APPLICATIONS, errors=Errors()))
        numbers = [pnr for pnr in session.scalars(select(Person.personnummer).where(
            Person.protected_identity.is_(False)).order_by(Person.id)) if identity.age_on(pnr, today) >= 18]
        last_year = today.replace(year=today.year - 1, day=min(today.day, 28))
        intag.receive(session, DEBT_NOTICES, notices_csv(numbers, NOTICES // 4, last_year, seed=2),
                            f"aviseringar-{last_year.year}.csv", today=last_year)  # the statistics compare years
        received = intag.receive(session, DEBT_NOTICES, notices_csv(numbers, NOTICES, today, malformed=3),
                                       "bostadsbolaget-och-elbolaget.csv", today=today)
        invoices = _care_invoices(session, today)
        _concern_reports(session)
        _scanned_paper(session, today)
        _deviations(session)
    return DemoContent(town, applications, received.mottagna, processes, invoices)


def _concern_reports(session: Session) -> None:
    """A few reports of concern in the child unit's reception: from a school, by phone, one acute at night, one
    from a private person who wants to stay unknown (the social emergency service's unit and its on-call case
    worker made for the demo)."""
    if session.scalar(select(Unit.id).where(Unit.code == "JOUR")) is None:
        jour = Unit(code="JOUR", name="Socialjouren", kind=UnitKind.barn_och_unga)
        session.add(jour)
        session.flush()
        # The on-call social worker who opens the alert's link (the demo password, as every synthetic account).
        session.add(StaffUser(username="jour01", name="Jonna Joursson", role=StaffRole.handlaggare, unit_id=jour.id,
                              password_hash=session.scalar(select(StaffUser.password_hash).where(
                                  StaffUser.username == "bu01"))))
        session.flush()
    children = [pnr for pnr in session.scalars(select(Person.personnummer).join(
        HouseholdMember, HouseholdMember.person_id == Person.id).where(
        HouseholdMember.role == MemberRole.barn, HouseholdMember.left_on.is_(None),
        Person.protection == "ingen").order_by(Person.id).limit(4))]
    now = utcnow().replace(microsecond=0)
    for n, (pnr, (category, reporter, contact), text, danger, hours) in enumerate(zip(
            children, CONCERNS_FROM, CONCERN_TEXTS, (False, False, True, False), (30, 5, 2, 1), strict=False)):
        oro.register(session, {
            "key": f"demo-oro-{n}", "channel": "webb" if n != 1 else "telefon", "reporter_category": category,
            "reporter_name": reporter, "reporter_contact": contact,
            "secrecy_wish": category == "privatperson", "text": text, "danger_now": danger,
            "children": [{"personnummer": pnr}]}, received_at=now - timedelta(hours=hours), actor="demo")


def stranger_report(factory: sessionmaker[Session]) -> None:
    """A report by phone about a child the social services have never met: the registration fetches the child
    and the household from the resident register (the simulator's population beyond the store)."""
    child = population.children(date.today())[0]
    with unit_of_work(factory) as session:
        oro.register(session, {
            "key": "demo-oro-okant-barn", "channel": "telefon", "reporter_category": "forskola",
            "reporter_name": "Pia Pedagog", "reporter_contact": "070-000 00 00",
            "reporter_address": {"namn": "Ekby förskola, Pia Pedagog", "utdelningsadress": "Förskolegränd 2",
                                 "postnummer": "761 40", "postort": "Ekby"},
            "text": "Barnet hämtas ofta sent och har sagt att det inte finns mat hemma.",
            "children": [{"personnummer": child}]}, received_at=utcnow() - timedelta(hours=3), actor="demo")


DEVIATIONS = [  # (kind, what, days ago, how far it got)
    ("avvikelse", "Ett beslut skickades utan besvärshänvisning.", 300, "avslutad"),
    ("avvikelse", "Utbetalningen blev försenad en dag när filen till banken stoppades.", 250, "avslutad"),
    ("personuppgiftsincident", "En utskrift med personuppgifter låg kvar i skrivaren i ett allmänt rum.", 200,
     "avslutad"),
    ("avvikelse", "En klient fick vänta två timmar på ett bokat möte.", 150, "avslutad"),
    ("lex_sarah", "En klient med hot om avhysning fick inte hjälp i tid trots upprepade kontakter.", 100, "avslutad"),
    ("avvikelse", "Journalanteckningen skrevs först en vecka efter besöket.", 40, "klassad"),
    ("lex_sarah", "En orosanmälan blev liggande över en helg utan skyddsbedömning.", 2, "mottagen"),
    ("personuppgiftsincident", "Ett e-brev med en klients ekonomi skickades till fel kommun.", 4, "mottagen"),
]


def _deviations(session: Session) -> None:
    """Deviation reports of the past year for the committee's report, one investigated, and two new that are
    running against their deadlines (the incident is past IMY's 72 hours: the watch robot escalates it)."""
    users = {u.username: u for u in session.scalars(select(StaffUser).where(StaffUser.username.in_(
        ["hl0001", "hl0002", "chef_eb01", "kvalitetsutvecklare", "dataskyddsombud"])))}
    if len(users) < 5:
        return
    now = utcnow().replace(microsecond=0)
    for n, (kind, what, days, state) in enumerate(DEVIATIONS):
        at = now - timedelta(days=days)
        reporter = users["hl0001" if n % 2 else "hl0002"]
        draft = deviations.save(session, reporter, {"typ": kind, "enhet": "EB-01", "what": what,
                                                    "occurred_at": (at - timedelta(hours=3)).isoformat()})
        deviations.submit(session, reporter, draft.id, now=at)
        if state == "mottagen":
            continue
        deviations.classify(session, users["chef_eb01"], draft.id, category="handlaggning", serious="nej",
                            high_risk="nej", note="", now=at + timedelta(days=2))
        if state == "klassad":
            continue
        deviations.investigate(session, users["kvalitetsutvecklare"], draft.id, cause="Rutinen följdes inte.",
                               analysis="Rutinen var okänd för nyanställda.", now=at + timedelta(days=10))
        if kind != "avvikelse":
            deviations.decide_authority(session, users["dataskyddsombud" if kind != "lex_sarah" else
                                                       "kvalitetsutvecklare"], draft.id, report_it="nej",
                                        reason="Ingen risk för de registrerade / inte allvarligt.",
                                        now=at + timedelta(days=1))
        deviations.close(session, users["kvalitetsutvecklare"], draft.id, note="Rutinen är genomgången med "
                         "enheten.", now=at + timedelta(days=20))


def _scanned_paper(session: Session, today: date) -> None:
    """A morning's post from the reception's scanner: client papers (some behind cover sheets), an invoice, a
    debt notice, a child-concern report and papers the robot must leave to a person; read by `skanning`."""
    known = scan_paper.known_people(session, 6, seed=4)
    for made in scan_paper.make_files(known, 14, seed=4, today=today):
        scan_service.receive(session, made.content, made.name, source="skannermapp", arrived_on=today,
                             actor="demo")


def _care_invoices(session: Session, today: date) -> int:
    """Placements for a few per cent of the people, their invoices for every month of the year so far (some
    deviating, one as a PDF), and a budget per unit: the robot registers them on the first run."""
    rng = random.Random(4)
    placements = care.make_placements(session, rng, count=PLACEMENTS, start=date(today.year, 1, 1))
    providers = {p.id: p for p in session.scalars(select(Provider))}
    months = [date(today.year, m, 1) for m in range(1, today.month)]
    made = care.invoices_for(placements, providers, months, rng, deviation_rate=0.06)
    pdf = render_pdf("brev/fritext.html", {"text": "Faktura 4711 från Solgläntans HVB AB\n\nVård och boende, "
                                                   "placering BU-01, 31 dygn à 4 200 kr: 130 200 kr."})
    got = care_service.receive(session, [*made.files, ("faktura-4711.pdf", pdf)], today=today)
    for month in months:  # the family homes' fees of the months before (the robot does this month's)
        care_payroll.register_month(session, month)
    codes = {unit_id: code for unit_id, code in session.execute(select(Unit.id, Unit.code))}
    for unit_id, yearly in _yearly(placements, today.year).items():
        share = Decimal("0.93") if codes.get(unit_id) == "BU-01" else Decimal("1.05")  # BU-01 runs over budget
        session.add(PlacementBudget(unit_id=unit_id, year=today.year, amount=int(yearly * share), note="demo"))
    return got.mottagna


def _yearly(placements: list[Placement], year: int) -> dict[int, Decimal]:
    """What each unit's placements cost for the year at their prices (the demo's budgets are set around it)."""
    out: dict[int, Decimal] = {}
    for p in placements:
        first, last = max(p.start, date(year, 1, 1)), min(p.end or date(year, 12, 31), date(year, 12, 31))
        if first <= last:
            cost = sum((s.amount for s in care_price.expected(first, last, p.price_unit, p.price, p.extras)),
                       Decimal(0))
            out[p.unit_id] = out.get(p.unit_id, Decimal(0)) + cost
    return out


def _inventory(session: Session) -> int:
    rows = yaml.safe_load(PROCESSES.read_text(encoding="utf-8"))
    for row in rows:
        inventory.save(session, inventory.ProcessIn.model_validate(row), actor="demo")
    return len(rows)


def _new_case_workers(session: Session, count: int = 5) -> None:
    """A few cases move to another case worker in their unit: the info-letter robot writes to those clients."""
    cases = session.scalars(select(Case).where(Case.type == CaseType.forsorjningsstod,
                                               Case.status == CaseStatus.pagaende).order_by(Case.id.desc())
                            .limit(count)).all()
    for case in cases:
        other = session.scalar(select(StaffUser).where(StaffUser.unit_id == case.unit_id,
                                                       StaffUser.role == StaffRole.handlaggare,
                                                       StaffUser.id != case.assigned_to_id).order_by(StaffUser.id))
        if other is not None:
            reassign_case(session, case, other, actor="demo")
