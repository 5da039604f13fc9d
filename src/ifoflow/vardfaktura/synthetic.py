"""Synthetic providers, placements and care invoices: for the demo, the tests and the benchmark. Invoices are valid
EN 16931 documents (UBL, some CII) with the deviations a finance assistant meets, each one known, so a run can be
checked: every deviation caught, everything else registered."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import luhn

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.atkomst.models import Unit
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, Deviation, Insats, PriceUnit, UnitKind
from ifoflow.store.base import utcnow
from ifoflow.vardfaktura import price
from ifoflow.vardfaktura.models import Placement, Provider

# The invoice documents a provider's system would send: UBL (PEPPOL BIS 3.0) and CII, filled in per invoice.
XML = Environment(loader=FileSystemLoader(Path(__file__).parent / "invoices"), autoescape=True,
                  keep_trailing_newline=True)

PROVIDER_NAMES = ["Solgläntans HVB AB", "Familjehemsstöd Norr AB", "Stödboende Ekbacken AB", "Behandlingshemmet Ljung",
                  "Tryggt Boende Ideell förening", "Skogsbrynets HVB AB", "Familjeresurs i Roslagen AB",
                  "Vägen Vidare Behandling AB", "Hamnens Stödboende AB", "Fyrens Skyddade Boende"]
INSATS_PRICES = {Insats.hvb: (PriceUnit.dygn, 3200, 6500), Insats.familjehem_konsulent: (PriceUnit.dygn, 1800, 2900),
                 Insats.stodboende: (PriceUnit.dygn, 1500, 2400), Insats.behandlingshem_vuxna: (PriceUnit.dygn, 2500,
                                                                                                  4200),
                 Insats.skyddat_boende: (PriceUnit.dygn, 1800, 3000), Insats.familjehem_kommunalt: (PriceUnit.manad,
                                                                                                   9000, 16000)}
CHILD_INSATS = [Insats.hvb, Insats.familjehem_konsulent, Insats.familjehem_kommunalt, Insats.stodboende]
ADULT_INSATS = [Insats.behandlingshem_vuxna, Insats.skyddat_boende, Insats.stodboende]


def valid_org(rng: random.Random, first: str = "55") -> str:
    while True:
        body = first + "".join(str(rng.randrange(10)) for _ in range(7))
        number = body + luhn.calc_check_digit(body)
        if number[2] >= "2":
            return number


def valid_bankgiro(rng: random.Random) -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(7))
    return body + luhn.calc_check_digit(body)


def make_providers(session: Session, rng: random.Random) -> list[Provider]:
    existing = list(session.scalars(select(Provider).order_by(Provider.id)))
    if existing:
        return existing
    made = []
    for name in PROVIDER_NAMES:
        org = valid_org(rng)
        made.append(Provider(name=name, org_number=org, peppol_id=f"0007:{org}", bankgiro=valid_bankgiro(rng)))
    session.add_all(made)
    session.flush()
    return made


def make_placements(session: Session, rng: random.Random, *, count: int, start: date) -> list[Placement]:
    """`count` placements (children in BU-01, adults in VUX-01) for persons without one, each with a case of
    its own, starting within the year before `start`."""
    providers = make_providers(session, rng)
    units = {u.code: u for u in session.scalars(select(Unit))}
    if "VUX-01" not in units:
        units["VUX-01"] = Unit(code="VUX-01", name="Vuxen missbruk och beroende", kind=UnitKind.vuxen)
        session.add(units["VUX-01"])
        session.flush()
    taken = set(session.scalars(select(Placement.person_id)))
    people = [p for p in session.scalars(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id)
                                         .where(HouseholdMember.left_on.is_(None)).order_by(Person.id))
              if p.id not in taken]
    rng.shuffle(people)
    made = []
    for n, person in enumerate(people[:count]):
        child = identity.age_on(person.personnummer, start) < 18
        unit = units["BU-01" if child else "VUX-01"]
        insats = rng.choice(CHILD_INSATS if child else ADULT_INSATS)
        unit_kind, low, high = INSATS_PRICES[insats]
        case = Case(case_number=f"PL-{start.year}-{n + 1 + len(taken):06d}", type=CaseType.placering,
                    status=CaseStatus.pagaende, person_id=person.id, unit_id=unit.id,
                    opened_on=start - timedelta(days=rng.randrange(30, 365)))
        session.add(case)
        session.flush()
        provider = None if insats == Insats.familjehem_kommunalt else rng.choice(providers)
        extras = {"Skolskjuts": rng.choice([0, 1200, 2400])} if child and rng.random() < 0.3 else {}
        made.append(Placement(
            reference=f"{unit.code}-{start.year}-{n + 1 + len(taken):05d}", case_id=case.id, person_id=person.id,
            unit_id=unit.id, insats=insats, provider_id=provider.id if provider else None, price_unit=unit_kind,
            price=rng.randrange(low, high, 50), extras={k: v for k, v in extras.items() if v}, start=case.opened_on,
            end=None if rng.random() < 0.7 else start + timedelta(days=rng.randrange(60, 400)),
            kontering=f"4610-{unit.code}-{insats[:3].upper()}", created_by="syntetisk", created_at=utcnow()))
    session.add_all(made)
    session.flush()
    return made


@dataclass
class Generated:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # invoice key -> "registrerad" or the Deviation


def invoices_for(placements: list[Placement], providers: dict[int, Provider], months: list[date],
                 rng: random.Random, *, deviation_rate: float = 0.06, duplicate_rate: float = 0.02) -> Generated:
    """One invoice per invoiced placement and month it is active, some deviating, some sent twice, some credited."""
    out = Generated()
    serial = 0
    for month in months:
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        for p in placements:
            if p.provider_id is None or p.start > last or (p.end is not None and p.end < month):
                continue
            provider = providers[p.provider_id]
            first, until = max(p.start, month), min(p.end or last, last)
            serial += 1
            number = f"F{month:%y%m}-{serial:06d}"
            amount = sum((s.amount for s in price.expected(first, until, p.price_unit, p.price, p.extras)),
                         Decimal(0))
            invoice = Draft(provider, number, p.reference, first, until, (until - first).days + 1, amount,
                            provider.bankgiro, cii=rng.random() < 0.1)
            outcome = "registrerad"
            if rng.random() < deviation_rate:
                outcome = _deviate(invoice, p, rng)
            if outcome == Deviation.overlappande_dagar:  # the invoice, then a second one for the same days
                out.files.append((f"{number}.xml", invoice.xml()))
                out.expected[invoice.key] = "registrerad"
                invoice.number += "B"
            out.files.append((f"{invoice.number}.xml", invoice.xml()))
            out.expected[invoice.key] = outcome
            if rng.random() < duplicate_rate:  # the same invoice again, in another file
                out.files.append((f"{invoice.number}-kopia.xml", invoice.xml()))
            if outcome == "registrerad" and rng.random() < 0.01:  # a credit note for part of it
                credit = Draft(provider, f"K{number[1:]}", p.reference, first, until, 1, Decimal(p.price),
                               provider.bankgiro, credit_of=number)
                out.files.append((f"{credit.number}.xml", credit.xml()))
                out.expected[credit.key] = "registrerad"
    return out


def _deviate(invoice: "Draft", p: Placement, rng: random.Random) -> str:
    kind = rng.choice(list(Deviation))
    if kind == Deviation.okand_leverantor:
        invoice.org = valid_org(rng, "55")
    elif kind == Deviation.bankgiro_avviker:
        invoice.bankgiro = valid_bankgiro(rng)
    elif kind == Deviation.ingen_placering:
        invoice.reference = f"OKAND-{rng.randrange(10**6)}"
    elif kind == Deviation.utanfor_perioden:  # days of care before the decision was made
        days = rng.randrange(5, 20)
        invoice.first, invoice.last, invoice.quantity = p.start - timedelta(days=days), p.start - timedelta(1), days
        invoice.amount = Decimal(p.price * days if p.price_unit == "dygn" else p.price).quantize(Decimal("0.01"))
    elif kind == Deviation.over_avtalat_pris:
        invoice.amount = (invoice.amount * Decimal("1.12")).quantize(Decimal("0.01"))
    elif kind == Deviation.kredit_utan_original:
        invoice.credit_of, invoice.number = f"OKAND-{rng.randrange(10**6)}", "K" + invoice.number[1:]
    return str(kind)


@dataclass
class Draft:
    provider: Provider
    number: str
    reference: str
    first: date
    last: date
    quantity: int
    amount: Decimal
    bankgiro: str
    credit_of: str = ""
    cii: bool = False
    org: str = ""

    @property
    def key(self) -> str:
        return f"{self.org or self.provider.org_number}:{self.number}"

    def xml(self) -> bytes:
        template = "cii.xml" if self.cii and not self.credit_of else "ubl.xml"
        unit_price = (self.amount / self.quantity).quantize(Decimal("0.01")) if self.quantity else self.amount
        return XML.get_template(template).render(x=self, org=self.org or self.provider.org_number,
                                                 unit_price=unit_price, issued=self.last + timedelta(days=1),
                                                 compact=lambda d: f"{d:%Y%m%d}").encode()
