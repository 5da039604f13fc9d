"""Skuldhanteringsrobot: received rent and electricity debt notices, in chunks, to the resident register, debt
cases, letters and (local three-debt rule) orosanmälan for the child unit. Keys make reruns harmless."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ifoflow.robots.core import Manual, Robot, StepContext
from ifoflow.robots.registers import registers
from ifoflow.settings import get_settings
from ifoflow.skuld import service as debts


def received(session: Session, params: dict[str, Any]) -> list[str]:
    return debts.chunks(session, get_settings().skuld_chunk_size)


def register(ctx: StepContext, item: str) -> dict[str, Any]:
    today = date.fromisoformat(ctx.params["today"]) if ctx.params.get("today") else date.today()
    params = debts.load_params(today)
    regs = registers(timeout_s=120, attempts=3, backoff_s=1)
    numbers = debts.pending_numbers(ctx.session, item)
    records = regs.folk_system.call(lambda: regs.folk.persons(numbers)) if numbers else {}
    return debts.process(ctx.session, item, records, params, today)


robot = Robot(name="skuldhantering", title="Hyres- och elskulder: registrering, brev och orosanmälan",
              trigger=Manual(), items=received, steps=[register])
