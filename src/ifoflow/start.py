"""The staff start page: the user's units with their open cases, and links to exactly what the role may open."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ifoflow.arende.service import open_cases_per_unit
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import allowed, units_of
from ifoflow.atkomst.web import CurrentUser
from ifoflow.robots.core.runner import latest_params
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()

# The start page links to each area only for users whose role has its permission.
LINKED = ("case.read", "task.read", "robots.operate", "decision_types.read", "accesslog.review",
          "inventory.read", "metrics.read", "debts.manage", "letters.templates", "care_invoices.manage",
          "placements.manage", "care_costs.read", "scan.handle",
          "deviation.report", "deviation.committee")


def overview(session: Session, user: StaffUser) -> dict[str, Any]:
    """What the start page shows this user."""
    return {"units": open_cases_per_unit(session, units_of(session, user)),
            "municipality": get_settings().municipality_name,
            "control_month": latest_params(session, "kontroll").get("month"),
            "user": user, "can": {p: allowed(user, p) for p in LINKED}}


@router.get("/", response_class=HTMLResponse)
def start(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "start.html", overview(session, user))
