"""Översikt for the unit manager and the committee: per month, applications, share decided automatically, time to
decision, control hits, payment stops and debt notices; tasks overdue now. Counts only, no personal data.

Counted in the database per month or per day (a day's rows are summed into its month here), so a year of a large
municipality is a few hundred rows, not every application.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arbetsyta import charts
from ifoflow.arende.models import Application, Case, Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import require, units_of
from ifoflow.beslut.models import Decision
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.domain.errors import NotFoundError
from ifoflow.kontroll.hits import TASK_KIND as CONTROL_TASK
from ifoflow.skuld.models import DebtNotice
from ifoflow.utbetalning.models import PaymentHold

MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
UNIT_ROLES = {StaffRole.handlaggare, StaffRole.ekonomiassistent}  # see their own units; the others see all


@dataclass
class Month:
    month: date
    applications: int = 0
    decided: int = 0
    automated: int = 0
    median_hours: float | None = None
    control_hits: int = 0
    stops: int = 0
    debts: int = 0

    @property
    def label(self) -> str:
        return f"{MONTHS_SHORT[self.month.month - 1]} {self.month:%y}"

    @property
    def share_automated(self) -> float | None:
        return self.automated / self.decided if self.decided else None


def months_back(today: date, count: int) -> list[date]:
    index = today.year * 12 + today.month - 1
    return [date((index - i) // 12, (index - i) % 12 + 1, 1) for i in reversed(range(count))]


def overview(session: Session, user: StaffUser, unit_code: str = "", today: date | None = None,
             count: int = 12) -> dict[str, Any]:
    require(session, user, "metrics.read")
    today = today or date.today()
    scope = _scope(session, user)
    units = session.scalars(select(Unit).where(Unit.id.in_(scope)).order_by(Unit.code)).all()
    if unit_code:
        chosen = [u.id for u in units if u.code == unit_code]
        if not chosen:
            raise NotFoundError("enhet", f"Enheten ”{unit_code}” finns inte bland dina enheter.")
        scope = set(chosen)
    months = {m: Month(m) for m in months_back(today, count)}
    first = min(months)
    in_scope = Case.unit_id.in_(scope)
    for month, n in session.execute(select(Application.month, func.count()).join(Case, Case.id == Application.case_id)
                                    .where(in_scope, Application.month >= first).group_by(Application.month)):
        if month in months:
            months[month].applications = n
    waits: dict[date, list[float]] = defaultdict(list)
    for month, automated, decided_at, submitted_at in session.execute(
            select(Application.month, Decision.automated, Decision.decided_at, Application.submitted_at)
            .join(Application, Application.id == Decision.application_id).join(Case, Case.id == Application.case_id)
            .where(in_scope, Application.month >= first)):
        if month in months:
            months[month].decided += 1
            months[month].automated += bool(automated)
            waits[month].append((decided_at - submitted_at).total_seconds() / 3600)
    for month, hours in waits.items():
        months[month].median_hours = statistics.median(hours)
    for month, n in session.execute(select(PaymentHold.month, func.count()).join(Case, Case.id == PaymentHold.case_id)
                                    .where(in_scope, PaymentHold.month >= first).group_by(PaymentHold.month)):
        if month in months:
            months[month].stops = n
    _per_day(session, months, func.date(Task.created_at), select(func.date(Task.created_at), func.count()).where(
        Task.kind == CONTROL_TASK, Task.unit_id.in_(scope)), "control_hits")
    _per_day(session, months, DebtNotice.received_on, select(DebtNotice.received_on, func.count()).join(
        Case, Case.id == DebtNotice.case_id).where(in_scope), "debts")
    overdue = session.scalar(select(func.count()).select_from(Task).where(
        Task.unit_id.in_(scope), Task.status != TaskStatus.klar, Task.deadline < today)) or 0
    open_tasks = session.scalar(select(func.count()).select_from(Task).where(
        Task.unit_id.in_(scope), Task.status != TaskStatus.klar)) or 0
    rows = list(months.values())
    labels = [m.label for m in rows]
    return {
        "user": user, "units": units, "enhet": unit_code, "months": rows, "overdue": overdue,
        "open_tasks": open_tasks, "today": today,
        "chart_applications": charts.bars(labels, [("Ansökningar", [m.applications for m in rows]),
                                                   ("Beslutade automatiskt", [m.automated for m in rows])],
                                          title="Ansökningar och automatiska beslut per månad"),
        "chart_control": charts.bars(labels, [("Kontrollträffar", [m.control_hits for m in rows]),
                                              ("Stopp av utbetalning", [m.stops for m in rows]),
                                              ("Skuldaviseringar", [m.debts for m in rows])],
                                     title="Kontrollträffar, stopp och skuldaviseringar per månad"),
    }


def _scope(session: Session, user: StaffUser) -> set[int]:
    if StaffRole(user.role) in UNIT_ROLES:
        return units_of(session, user)
    return set(session.scalars(select(Unit.id)))


def _per_day(session: Session, months: dict[date, Month], day: Any, query: Any, field: str) -> None:
    """Count per day in the database, then add the days into their months."""
    first = min(months)
    for on, n in session.execute(query.where(day >= first).group_by(day)):
        if on is None:
            continue
        on = date.fromisoformat(on) if isinstance(on, str) else on
        month = on.replace(day=1)
        if month in months:
            setattr(months[month], field, getattr(months[month], field) + n)
