"""The household over time: who has lived in it (joined, left), and its incomes and costs month by month as they
were declared in the applications, beside what was decided."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arbetsyta import charts
from ifoflow.arbetsyta.pages import log_household, members, readable_case
from ifoflow.arende.models import Application
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision
from ifoflow.domain.errors import NotFoundError
from ifoflow.domain.format import month as month_words

SHOWN_MONTHS = 12


def household_page(session: Session, user: StaffUser, case_id: int) -> dict[str, Any]:
    case = readable_case(session, user, case_id)
    if case.household_id is None:
        raise NotFoundError("hushall", "Ärendet har inget hushåll.")
    people = members(session, case, user, moved_out_too=True)
    applications = session.scalars(select(Application).where(Application.household_id == case.household_id)
                                   .order_by(Application.month.desc()).limit(SHOWN_MONTHS)).all()
    decided = dict(session.execute(select(Decision.application_id, Decision.total_amount).where(
        Decision.application_id.in_([a.id for a in applications]))).all())
    months = [{"month": a.month,
               "incomes": sum(sum(kinds.values()) for kinds in (a.declared or {}).get("incomes", {}).values()),
               "costs": sum((a.declared or {}).get("costs", {}).values()),
               "decided": decided.get(a.id)} for a in reversed(applications)]
    chart = charts.bars([month_words(m["month"]) for m in months],
                        [("Inkomster", [m["incomes"] for m in months]), ("Kostnader", [m["costs"] for m in months]),
                         ("Beviljat", [m["decided"] or 0 for m in months])],
                        title="Hushållets inkomster, kostnader och beviljat bistånd per månad", unit="kr") \
        if months else ""
    log_household(session, user, case, people, "hushall", f"Hushållet i {case.case_number}")
    return {"user": user, "case": case, "members": people, "months": months, "chart": chart}
