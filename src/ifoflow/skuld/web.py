"""Skuldaviseringar: statistik per period och typ, karantänen med rättning."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.brev.chart import bars
from ifoflow.domain.errors import InputError
from ifoflow.intag.models import QuarantinedNotice
from ifoflow.skuld import intake as debt_intake
from ifoflow.skuld import stats as debt_stats
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter(prefix="/skuld")


def default_periods(today: date) -> tuple[str, str, str, str]:
    """This year so far against the same days last year (as the seed compared January–July of two years)."""
    same_day_last_year = date(today.year - 1, today.month, min(today.day, 28 if today.month == 2 else today.day))
    return (date(today.year - 1, 1, 1).isoformat(), same_day_last_year.isoformat(),
            date(today.year, 1, 1).isoformat(), today.isoformat())


def _periods(fran1: str, till1: str, fran2: str, till2: str) -> list[tuple[date, date]]:
    try:
        return [(date.fromisoformat(fran1), date.fromisoformat(till1)),
                (date.fromisoformat(fran2), date.fromisoformat(till2))]
    except ValueError:
        raise InputError("period", "Skriv datum som ÅÅÅÅ-MM-DD.") from None


@router.get("/statistik", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def statistics(request: Request, session: SessionDep, user: CurrentUser, fran1: str = "", till1: str = "",
               fran2: str = "", till2: str = "", format: str = "") -> Response:
    defaults = default_periods(date.today())
    fran1, till1, fran2, till2 = (v or d for v, d in zip((fran1, till1, fran2, till2), defaults, strict=True))
    try:
        rows = debt_stats.compare(session, _periods(fran1, till1, fran2, till2))
    except InputError as exc:
        rows, error = [], exc.message
    else:
        error = ""
    if format == "csv" and not error:
        return Response(debt_stats.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="skuldaviseringar.csv"'})
    chart = bars([r.period for r in rows], [("Elskulder", "#0b5394", [r.counts.get("el", 0) for r in rows]),
                                            ("Hyresskulder", "#b54708", [r.counts.get("hyra", 0) for r in rows])],
                 title="Mottagna aviseringar per period och typ", unit="st") if rows else ""
    return templates.TemplateResponse(request, "debt_stats.html", {
        "rows": rows, "error": error, "f": {"fran1": fran1, "till1": till1, "fran2": fran2, "till2": till2},
        "chart": Markup(chart), "user": user}, status_code=422 if error else 200)


@router.get("/karantan", response_class=HTMLResponse, dependencies=[permission("debts.manage")])
def quarantine(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    entries = session.scalars(select(QuarantinedNotice).where(QuarantinedNotice.status == "karantan")
                              .order_by(QuarantinedNotice.id).limit(200)).all()
    return templates.TemplateResponse(request, "debt_quarantine.html", {
        "entries": entries, "fields": {k: debt_intake.FIELD_NAMES[k] for k in debt_intake.FIELDS}, "user": user})


@router.post("/karantan/{entry_id}", dependencies=[permission("debts.manage")])
async def fix(request: Request, session: SessionDep, user: CurrentUser, entry_id: Id) -> RedirectResponse:
    form = await request.form()
    fixed = {k: str(form.get(k, "")) for k in debt_intake.FIELDS if form.get(k) is not None}
    try:
        notice = debt_intake.resubmit(session, entry_id, fixed, actor=user.username, today=date.today())
    except InputError as exc:
        session.rollback()
        return redirect(request, "/skuld/karantan", exc.message, "error")
    session.commit()
    done = ("Aviseringen är rättad och registrerad. Skuldhanteringsroboten tar hand om den vid nästa körning."
            if notice else "Aviseringen fanns redan; inget sparades två gånger.")
    return redirect(request, "/skuld/karantan", done)
