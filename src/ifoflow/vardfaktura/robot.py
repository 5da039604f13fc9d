"""The robots of vårdfakturor: `vardfakturor` registers received care invoices in chunks (every hour, after the
intake), and `familjehemsarvoden` registers the municipal family homes' fees and allowances, paid through payroll
and never invoiced, from each placement's agreed monthly amounts (first bank day of the month)."""

from datetime import date
from typing import Any

from ifoflow.robots.core import Robot, Schedule, StepContext
from ifoflow.robots.core.ranges import id_ranges, in_range
from ifoflow.settings import get_settings
from ifoflow.vardfaktura import payroll, service


def chunks(session: Any, params: dict[str, Any]) -> list[str]:
    """First what the export folder holds (read, stored and moved away, so a second run finds it gone), then the
    received invoices in chunks."""
    folder = service.inbox()
    if folder.is_dir() and any(folder.glob("*.[xXpP][mMdD][lLfF]")):
        service.receive_folder(session, folder, today=date.today())
        session.commit()
    ids = service.pending(session)
    size = get_settings().vardfaktura_chunk_size
    return id_ranges(ids, size)


def register(ctx: StepContext, item: str) -> dict[str, Any]:
    ids = in_range(item, service.pending(ctx.session))
    today = date.fromisoformat(ctx.params["today"]) if ctx.params.get("today") else date.today()
    return service.register(ctx.session, ids, today=today, actor="robot:vardfakturor")


robot = Robot(
    name="vardfakturor",
    title="Registrering av vårdfakturor",
    trigger=Schedule("every_hour"),
    items=chunks,
    steps=[register],
    params_now=lambda day: {"today": day.isoformat()},
)


def month_item(session: Any, params: dict[str, Any]) -> list[str]:
    return [str(params.get("month") or date.today().strftime("%Y-%m"))]


def register_fees(ctx: StepContext, item: str) -> dict[str, Any]:
    return {"registrerade": payroll.register_month(ctx.session, date.fromisoformat(f"{item}-01"))}


fees_robot = Robot(
    name="familjehemsarvoden",
    title="Arvoden och omkostnader till kommunala familjehem",
    trigger=Schedule("first_bank_day"),
    items=month_item,
    steps=[register_fees],
    params_now=lambda day: {"month": day.strftime("%Y-%m")},
)
