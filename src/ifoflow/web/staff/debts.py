"""Skuldaviseringar: statistik per period och typ, karantänen med rättning."""

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ifoflow.domain.errors import InputError
from ifoflow.services import debt_intake, debt_stats
from ifoflow.store.models import QuarantinedNotice
from ifoflow.web.auth import CurrentUser, permission
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.ids import Id

router = APIRouter(prefix="/skuld")
SEED_PERIODS = ("2022-01-01", "2022-07-31", "2023-01-01", "2023-07-31")


def _periods(fran1: str, till1: str, fran2: str, till2: str) -> list[tuple[date, date]]:
    try:
        return [(date.fromisoformat(fran1), date.fromisoformat(till1)),
                (date.fromisoformat(fran2), date.fromisoformat(till2))]
    except ValueError:
        raise InputError("period", "Skriv datum som ÅÅÅÅ-MM-DD.") from None


@router.get("/statistik", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def statistics(request: Request, session: SessionDep, user: CurrentUser, fran1: str = SEED_PERIODS[0],
               till1: str = SEED_PERIODS[1], fran2: str = SEED_PERIODS[2], till2: str = SEED_PERIODS[3],
               format: str = "") -> Response:
    try:
        rows = debt_stats.compare(session, _periods(fran1, till1, fran2, till2))
    except InputError as exc:
        rows, error = [], exc.message
    else:
        error = ""
    if format == "csv" and not error:
        return Response(debt_stats.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="skuldaviseringar.csv"'})
    return templates.TemplateResponse(request, "debt_stats.html", {
        "rows": rows, "error": error, "f": {"fran1": fran1, "till1": till1, "fran2": fran2, "till2": till2},
        "user": user}, status_code=422 if error else 200)


@router.get("/karantan", response_class=HTMLResponse, dependencies=[permission("debts.manage")])
def quarantine(request: Request, session: SessionDep, user: CurrentUser, meddelande: str = "",
               fel: str = "") -> HTMLResponse:
    entries = session.scalars(select(QuarantinedNotice).where(QuarantinedNotice.status == "karantan")
                              .order_by(QuarantinedNotice.id).limit(200)).all()
    return templates.TemplateResponse(request, "debt_quarantine.html", {
        "entries": entries, "fields": list(debt_intake.FIELDS), "message": meddelande, "error": fel, "user": user})


@router.post("/karantan/{entry_id}", dependencies=[permission("debts.manage")])
async def fix(request: Request, session: SessionDep, user: CurrentUser, entry_id: Id) -> RedirectResponse:
    form = await request.form()
    fixed = {k: str(form.get(k, "")) for k in debt_intake.FIELDS if form.get(k) is not None}
    try:
        notice = debt_intake.resubmit(session, entry_id, fixed, actor=user.username, today=date.today())
    except InputError as exc:
        session.rollback()
        return RedirectResponse(f"/skuld/karantan?fel={quote(exc.message)}", status_code=303)
    session.commit()
    return RedirectResponse(f"/skuld/karantan?meddelande={quote(f'Aviseringen är registrerad ({notice}).')}", 303)
