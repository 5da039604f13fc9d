"""Cost follow-up of placements: registered costs per unit, insats, provider and month; the year's forecast (costs so
far plus the remaining days of current placements at their price) against each unit's budget; as CSV for the
finance system and as a PDF report for the committee. Never a client's name: placements are counted, not named."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.atkomst.models import Unit
from ifoflow.domain.enums import label
from ifoflow.domain.errors import InputError
from ifoflow.store import audit
from ifoflow.vardfaktura import price
from ifoflow.vardfaktura.models import Placement, PlacementBudget, PlacementCost, Provider


@dataclass
class UnitYear:
    unit: Unit
    months: list[Decimal]  # twelve, registered costs
    forecast: Decimal
    budget: int | None

    @property
    def so_far(self) -> Decimal:
        return sum(self.months, Decimal(0))

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.forecast > self.budget


@dataclass
class FollowUp:
    year: int
    units: list[UnitYear]
    by_insats: list[tuple[str, Decimal, int]] = field(default_factory=list)  # (insats, kronor, placements)
    by_provider: list[tuple[str, Decimal]] = field(default_factory=list)


def follow_up(session: Session, year: int, today: date) -> FollowUp:
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = session.execute(select(Placement.unit_id, PlacementCost.month, func.sum(PlacementCost.amount))
                           .join(Placement, Placement.id == PlacementCost.placement_id)
                           .where(PlacementCost.month.between(first, last))
                           .group_by(Placement.unit_id, PlacementCost.month))
    months: dict[int, list[Decimal]] = {}
    for unit_id, month, amount in rows:
        months.setdefault(unit_id, [Decimal(0)] * 12)[month.month - 1] += Decimal(amount)
    remaining = _remaining(session, max(today, first), last) if today <= last else {}
    budgets = {unit_id: amount for unit_id, amount in session.execute(
        select(PlacementBudget.unit_id, PlacementBudget.amount).where(PlacementBudget.year == year))}
    wanted = set(months) | set(remaining) | set(budgets)
    units = [UnitYear(u, months.get(u.id, [Decimal(0)] * 12),
                      sum(months.get(u.id, []), Decimal(0)) + remaining.get(u.id, Decimal(0)), budgets.get(u.id))
             for u in session.scalars(select(Unit).where(Unit.id.in_(wanted)).order_by(Unit.code))]
    by_insats = [(insats, Decimal(amount), count) for insats, amount, count in session.execute(
        select(Placement.insats, func.sum(PlacementCost.amount), func.count(func.distinct(Placement.id)))
        .join(Placement, Placement.id == PlacementCost.placement_id)
        .where(PlacementCost.month.between(first, last)).group_by(Placement.insats)
        .order_by(func.sum(PlacementCost.amount).desc()))]
    by_provider = [(name or "Kommunala familjehem (via lön)", Decimal(amount)) for name, amount in session.execute(
        select(Provider.name, func.sum(PlacementCost.amount))
        .select_from(PlacementCost).join(Placement, Placement.id == PlacementCost.placement_id)
        .outerjoin(Provider, Provider.id == Placement.provider_id)
        .where(PlacementCost.month.between(first, last)).group_by(Provider.name)
        .order_by(func.sum(PlacementCost.amount).desc()))]
    return FollowUp(year, units, by_insats, by_provider)


def _remaining(session: Session, start: date, last: date) -> dict[int, Decimal]:
    """Per unit: the rest of the year of every placement still running, at its price (from the first day of the
    month after the costs registered so far, so a month is never counted twice)."""
    from_month = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    out: dict[int, Decimal] = {}
    if from_month > last:
        return out
    for p in session.scalars(select(Placement).where(Placement.start <= last,
                                                     (Placement.end.is_(None)) | (Placement.end >= from_month))):
        first, until = max(p.start, from_month), min(p.end or last, last)
        if first > until:
            continue
        shares = price.expected(first, until, p.price_unit, p.price, p.extras, Decimal(0))
        out[p.unit_id] = out.get(p.unit_id, Decimal(0)) + sum((s.amount for s in shares), Decimal(0))
    return out


def set_budget(session: Session, unit_code: str, year: int, amount: str, *, actor: str) -> str:
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        raise InputError("enhet", "Välj en enhet.")
    digits = amount.replace(" ", "").replace("\u00a0", "").removesuffix("kr")
    if not digits.isdigit():
        raise InputError("budget", "Skriv budgeten i hela kronor, till exempel 12 000 000.")
    if not 2000 <= year <= 2100:
        raise InputError("ar", "Året ska skrivas med fyra siffror.")
    row = session.scalar(select(PlacementBudget).where(PlacementBudget.unit_id == unit.id,
                                                       PlacementBudget.year == year))
    if row is None:
        row = PlacementBudget(unit_id=unit.id, year=year, amount=0, note="")
        session.add(row)
    row.amount = int(digits)
    audit.append(session, actor=actor, action="placement_budget.set", entity="unit", entity_id=unit.id,
                 details={"ar": year, "belopp": row.amount})
    return f"Budgeten för {unit.name} {year} är {row.amount:,} kr.".replace(",", "\u00a0")


def to_csv(report: FollowUp) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["enhet", "ar", *[f"{report.year}-{m:02d}" for m in range(1, 13)], "hittills", "prognos",
                     "budget"])
    for u in report.units:
        writer.writerow([u.unit.code, report.year, *[f"{x:.2f}" for x in u.months], f"{u.so_far:.2f}",
                         f"{u.forecast:.2f}", u.budget if u.budget is not None else ""])
    writer.writerow([])
    writer.writerow(["insats", "kostnad", "placeringar"])
    for insats, amount, count in report.by_insats:
        writer.writerow([label(insats), f"{amount:.2f}", count])
    return out.getvalue()
