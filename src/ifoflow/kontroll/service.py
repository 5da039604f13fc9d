"""The monthly control (kontrollrobot): what the registers say against what the case file says, in bulk.

A chunk of ongoing cases is loaded in six queries, compared with batch register answers, and the households
that were paid for the month are recomputed in one vectorised run. Each difference becomes a Hit.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.adapters.clients import SsbtekBatch
from ifoflow.arende.models import Application, Case, HouseholdCost, HouseholdMember, Income, Person
from ifoflow.atkomst.models import Unit
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, PaymentStatus, label
from ifoflow.domain.format import kr
from ifoflow.domain.id_ranges import bounds, range_keys
from ifoflow.kontroll.thresholds import ControlParams
from ifoflow.rules.engine import Batch, empty_kinds, run
from ifoflow.rules.kinds import INCOME_KINDS
from ifoflow.utbetalning.models import Payment

APPLICANTS = ("sokande", "medsokande")
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]


@dataclass
class Member:
    pnr: str
    role: str
    share: float


@dataclass
class CaseFile:
    case_id: int
    household_id: int
    unit_code: str
    unit_id: int
    assigned_to_id: int | None
    members: list[Member] = field(default_factory=list)
    incomes: dict[str, dict[str, int]] = field(default_factory=dict)  # known, by personnummer
    costs: dict[str, int] = field(default_factory=dict)
    paid: int | None = None  # paid or planned for the control month

    def applicants(self) -> list[Member]:
        return [m for m in self.members if m.role in APPLICANTS]


@dataclass(frozen=True)
class Hit:
    case: CaseFile
    code: str
    reason: str
    action: str
    evidence: dict[str, Any]
    serious: bool = False
    at_stake: int = 0


def shift(month: date, months_before: int) -> date:
    index = month.year * 12 + month.month - 1 - months_before
    return date(index // 12, index % 12 + 1, 1)


def month_sv(month: date) -> str:
    return f"{MONTHS_SV[month.month - 1]} {month.year}"


def chunks(session: Session, size: int) -> list[str]:
    """Item keys "first-last" over the ongoing cases' ids, `size` cases each."""
    ids = list(session.scalars(select(Case.id).where(Case.type == CaseType.forsorjningsstod,
                                                     Case.status == CaseStatus.pagaende,
                                                     Case.household_id.is_not(None)).order_by(Case.id)))
    return range_keys(ids, size)


def load_chunk(session: Session, key: str, month: date) -> list[CaseFile]:
    """The chunk's ongoing cases with their households, known incomes, costs, the month's declaration and payment.
    Each query selects by the chunk's case-id range (a subquery), never by a list of thousands of ids, and reads
    plain rows (no ORM objects): this was a quarter of the control run."""
    first, last = bounds(key)
    in_chunk = (Case.id.between(first, last), Case.type == CaseType.forsorjningsstod,
                Case.status == CaseStatus.pagaende, Case.household_id.is_not(None))
    households = select(Case.household_id).where(*in_chunk).scalar_subquery()
    members = (HouseholdMember.household_id.in_(households), HouseholdMember.left_on.is_(None))
    db = session.connection()
    files = {hh: CaseFile(cid, hh or 0, code, unit, assigned) for cid, hh, code, unit, assigned in db.execute(
        select(Case.id, Case.household_id, Unit.code, Case.unit_id, Case.assigned_to_id)
        .join(Unit, Unit.id == Case.unit_id).where(*in_chunk)).all()}
    for hh, pnr, role, share in db.execute(
            select(HouseholdMember.household_id, Person.personnummer, HouseholdMember.role,
                   HouseholdMember.share_of_time).join(Person, Person.id == HouseholdMember.person_id)
            .where(*members).order_by(HouseholdMember.id)).all():
        files[hh].members.append(Member(pnr, role, float(share)))
    for hh, pnr, kind, amount in db.execute(
            select(HouseholdMember.household_id, Person.personnummer, Income.kind, Income.amount)
            .join(Person, Person.id == HouseholdMember.person_id).join(Income, Income.person_id == Person.id)
            .where(*members)).all():
        known = files[hh].incomes.setdefault(pnr, {})
        known[kind] = known.get(kind, 0) + amount
    for hh, kind, amount in db.execute(select(HouseholdCost.household_id, HouseholdCost.kind, HouseholdCost.amount)
                                       .where(HouseholdCost.household_id.in_(households))).all():
        files[hh].costs[kind] = files[hh].costs.get(kind, 0) + amount
    for hh, declared in db.execute(select(Application.household_id, Application.declared).where(
            Application.household_id.in_(households), Application.month == month)).all():
        files[hh].incomes.update(declared.get("incomes", {}))  # what was declared for the month counts
        files[hh].costs.update(declared.get("costs", {}))
    for hh, total in db.execute(select(Payment.household_id, func.sum(Payment.amount)).where(
            Payment.household_id.in_(households), Payment.month == month,
            Payment.status != PaymentStatus.stoppad).group_by(Payment.household_id)).all():
        files[hh].paid = int(total)
    return list(files.values())


def detect(files: list[CaseFile], ssbtek: SsbtekBatch, folk: dict[str, dict[str, Any]], params: ControlParams,
           month: date, overlay: str) -> list[Hit]:
    control, comparison = (shift(month, params.control_period_months_before),
                           shift(month, params.comparison_period_months_before))
    hits: list[Hit] = []
    checked: list[CaseFile] = []
    for f in files:
        missing = [m.pnr for m in f.applicants() if m.pnr in ssbtek.missing or m.pnr not in folk]
        if missing:
            why = "; ".join(ssbtek.missing.get(p, "inget svar från folkbokföringen") for p in missing)
            hits.append(Hit(f, "kontroll_ej_genomford", f"Kontrollen för {month_sv(month)} kunde inte genomföras: "
                            f"{why}.", "Kontrollera uppgifterna för hand.", {"personer": missing, "fel": why}))
            continue
        checked.append(f)
        for m in f.applicants():
            hits += _resident_hits(f, m, folk[m.pnr], params)
            hits += _income_hits(f, m, ssbtek, params, control, comparison)
            hits += [Hit(f, "bistand_annan_kommun", f"Ekonomiskt bistånd från {x['kommun']} för {x['manad']} "
                         f"({kr(x['belopp'])}).", "Kontakta den andra kommunen; pröva om bistånd har betalats "
                         "dubbelt.", {"kalla": "SSBTEK", "person": m.role, **x},
                         "bistand_annan_kommun" in params.serious, int(x["belopp"]))
                     for x in ssbtek.other_municipality.get(m.pnr, []) if x.get("manad") in (
                         f"{control:%Y-%m}", f"{month:%Y-%m}")][:1]  # one task per person, the first month
    hits += _payment_hits(checked, ssbtek, params, month, control, overlay)
    return hits


def _resident_hits(f: CaseFile, m: Member, record: dict[str, Any], params: ControlParams) -> list[Hit]:
    found = []
    evidence = {"kalla": "Folkbokföringen", "person": m.role}
    who = label(m.role).lower()
    stake = f.paid or 0
    if record.get("avliden"):
        found.append(Hit(f, "avliden", f"Folkbokföringen: {who} avled {record['avliden']}.",
                         "Stoppa utbetalningen och avsluta eller pröva ärendet.",
                         {**evidence, "avliden": record["avliden"]}, "avliden" in params.serious, stake))
    elif record.get("utvandrad"):
        found.append(Hit(f, "utvandrad", f"Folkbokföringen: {who} har utvandrat.",
                         "Stoppa utbetalningen och utred om rätt till bistånd finns.", evidence,
                         "utvandrad" in params.serious, stake))
    elif record.get("folkbokford_i_kommunen") is False:
        found.append(Hit(f, "utflyttad", f"Folkbokföringen: {who} är inte längre folkbokförd i kommunen.",
                         "Stoppa utbetalningen och utred vistelsekommun (2 a kap. socialtjänstlagen).", evidence,
                         "utflyttad" in params.serious, stake))
    if m.role == "sokande":
        register = set(record.get("samma_bostad", []))
        known = {x.pnr for x in f.members} - {m.pnr}
        if register != known:
            found.append(Hit(f, "hushall_andrat", "Hushållet i folkbokföringen skiljer sig från ärendet: "
                             f"{len(register - known)} tillkommen, {len(known - register)} saknas.",
                             "Utred hushållets sammansättning och räkna om.",
                             {**evidence, "tillkomna": sorted(register - known), "saknas": sorted(known - register)}))
    return found


def _income_hits(f: CaseFile, m: Member, ssbtek: SsbtekBatch, params: ControlParams, control: date,
                 comparison: date) -> list[Hit]:
    per_month = ssbtek.incomes.get(m.pnr, {})
    now, before = per_month.get(f"{control:%Y-%m}", {}), per_month.get(f"{comparison:%Y-%m}", {})
    known = f.incomes.get(m.pnr, {})
    found = []
    for kind, amount in sorted(now.items()):
        limit = known.get(kind, 0) * (1 + params.change_warning_percent / 100)
        if amount >= params.income_minimum_kr and amount > limit:
            name = INCOME_KINDS.get(kind, kind)
            found.append(Hit(f, f"ej_redovisad_{kind}", f"{name} {kr(amount)} i {month_sv(control)} enligt registren; "
                             f"ärendet har {kr(known.get(kind, 0))}.", "Begär underlag och pröva om utbetalningen "
                             "ska justeras eller återkrävas.", {"kalla": "SSBTEK", "person": m.role, "slag": kind,
                                                                "register": amount, "i_arendet": known.get(kind, 0)},
                             at_stake=amount - known.get(kind, 0)))
    total_now, total_before = sum(now.values()), sum(before.values())
    if total_before and abs(total_now - total_before) > total_before * params.change_warning_percent / 100:
        found.append(Hit(f, "inkomst_andrad", f"Inkomsterna ändrades från {kr(total_before)} ({month_sv(comparison)}) "
                         f"till {kr(total_now)} ({month_sv(control)}).", "Stäm av inkomsterna vid nästa ansökan.",
                         {"kalla": "SSBTEK", "person": m.role, "jamforelseperiod": total_before,
                          "kontrollperiod": total_now}))
    return found


def _payment_hits(files: list[CaseFile], ssbtek: SsbtekBatch, params: ControlParams, month: date, control: date,
                  overlay: str) -> list[Hit]:
    """Recompute the paid households with the registers' incomes; a difference beyond the threshold is a hit."""
    paid = [f for f in files if f.paid is not None]
    if not paid:
        return []
    entitled = recompute(paid, ssbtek, month, control, overlay)
    found = []
    for f, should in zip(paid, entitled, strict=True):
        difference = int(f.paid or 0) - int(should)
        if abs(difference) > max(params.payment_difference_minimum_kr,
                                 (f.paid or 0) * params.payment_difference_percent / 100):
            found.append(Hit(f, "belopp_avviker", f"Utbetalt {kr(f.paid)} för {month_sv(month)}; med registrens "
                             f"uppgifter blir det {kr(int(should))}.", "Pröva beslutet; vid för hög utbetalning: "
                             "återkrav enligt socialtjänstlagen.", {"utbetalt": f.paid, "omraknat": int(should),
                                                                    "skillnad": difference}, at_stake=difference))
    return found


def recompute(files: list[CaseFile], ssbtek: SsbtekBatch, month: date, control: date, overlay: str) -> np.ndarray:
    """What each household is entitled to for the month with the registers' incomes for the applicants."""
    period = f"{control:%Y-%m}"
    hh, role, pnrs, share = [], [], [], []
    incomes, costs = empty_kinds(sum(len(f.members) for f in files), len(files))
    person = 0
    for i, f in enumerate(files):
        for m in f.members:
            hh.append(i)
            role.append(m.role)
            pnrs.append(m.pnr)
            share.append(m.share)
            register = ssbtek.incomes.get(m.pnr, {}).get(period) if m.role in APPLICANTS else None
            for kind, amount in (register if register is not None else f.incomes.get(m.pnr, {})).items():
                if kind in incomes:
                    incomes[kind][person] = amount
            person += 1
        for kind, amount in f.costs.items():
            if kind in costs:
                costs[kind][i] = amount
    roles = np.array(role)
    households = np.array(hh, dtype=np.int64)
    couple = np.isin(households, households[roles == "medsokande"]) & np.isin(roles, APPLICANTS)
    batch = Batch(household=households, role=roles, birth_date=identity.birth_dates(pnrs),
                  share_of_time=np.array(share), lunch_at_school=np.zeros(len(hh), dtype=bool), cohabiting=couple,
                  incomes=incomes, costs=costs, households=len(files))
    out, _ = run(batch, month, overlay)
    return np.asarray(out["forsorjningsstod"])
