"""Statistics for the committee: reports by reporter category and month, the share of skyddsbedömningar made the
same day (Swedish time), of förhandsbedömningar made within 14 days, and of reports leading to an investigation."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.enums import label
from ifoflow.oro.models import ConcernAssessment, ConcernReport
from ifoflow.oro.service import CATEGORIES, local


@dataclass
class Month:
    month: str  # YYYY-MM
    by_category: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    protection_same_day: int = 0
    protection_done: int = 0
    preassessment_in_time: int = 0
    preassessment_done: int = 0
    investigations: int = 0

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None


def months(session: Session, year: int) -> list[Month]:
    out = {f"{year}-{m:02d}": Month(f"{year}-{m:02d}") for m in range(1, 13)}
    reports = {r.id: r for r in session.scalars(select(ConcernReport).where(
        ConcernReport.received_at >= date(year, 1, 1), ConcernReport.received_at < date(year + 1, 1, 1)))}
    for r in reports.values():
        m = out[f"{local(r.received_at):%Y-%m}"]
        m.reports += 1
        m.by_category[r.reporter_category] = m.by_category.get(r.reporter_category, 0) + 1
    for a in session.scalars(select(ConcernAssessment).where(ConcernAssessment.report_id.in_(list(reports)))):
        r = reports[a.report_id]
        m = out[f"{local(r.received_at):%Y-%m}"]
        if a.kind == "skyddsbedomning":
            m.protection_done += 1
            m.protection_same_day += local(a.decided_at).date() == local(r.received_at).date()
        else:
            m.preassessment_done += 1
            m.preassessment_in_time += r.preassessment_due is not None and local(a.decided_at).date() <= \
                r.preassessment_due
            m.investigations += a.outcome == "inled_utredning"
    return list(out.values())


def to_csv(rows: list[Month]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["manad", "anmalningar", *[label(c) for c in CATEGORIES], "skyddsbedomda_samma_dag",
                     "skyddsbedomda", "forhandsbedomda_inom_14_dagar", "forhandsbedomda", "ledde_till_utredning"])
    for m in rows:
        writer.writerow([m.month, m.reports, *[m.by_category.get(c, 0) for c in CATEGORIES], m.protection_same_day,
                         m.protection_done, m.preassessment_in_time, m.preassessment_done, m.investigations])
    return out.getvalue()
