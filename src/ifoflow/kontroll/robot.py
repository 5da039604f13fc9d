"""Kontrollrobot: every ongoing försörjningsstöd case against the registers, once a month, in chunks.

Each item is a chunk of cases ("first-last" case id); its one step fetches the registers in bulk, recomputes the
paid households and writes tasks and payment stops. Keys make a rerun write nothing twice; a killed run resumes
at the first unfinished chunk.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from ifoflow.kontroll import hits as control_store
from ifoflow.kontroll import service as control
from ifoflow.kontroll import thresholds as control_params
from ifoflow.kontroll.chunk import chunks as case_chunks
from ifoflow.kontroll.chunk import load_chunk
from ifoflow.robots.core import Manual, Robot, StepContext
from ifoflow.robots.registers import Registers, registers
from ifoflow.settings import get_settings

_CALLS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kontroll")


def _clients() -> Registers:
    """Batch use: long timeouts, patient retries."""
    return registers(timeout_s=120, attempts=3, backoff_s=1)


def month_of(params: dict[str, Any]) -> date:
    return date.fromisoformat(f"{params['month']}-01") if params.get("month") else date.today().replace(day=1)


def chunks(session: Session, params: dict[str, Any]) -> list[str]:
    return case_chunks(session, get_settings().kontroll_chunk_size)


def check(ctx: StepContext, item: str) -> dict[str, Any]:
    month = month_of(ctx.params)
    params = control_params.load(month)
    chunk = load_chunk(ctx.session, item, month)
    numbers = sorted({m.pnr for f in chunk.files for m in f.applicants()})
    start = control.shift(month, params.comparison_period_months_before)
    end = control.shift(month, params.control_period_months_before - 1) - timedelta(days=1)
    ssbtek, folk, ssbtek_system, folk_system = _clients()
    answers = _CALLS.submit(ssbtek_system.call, partial(ssbtek.fetch_many, numbers, start, end))
    records = _CALLS.submit(folk_system.call, partial(folk.persons, numbers))
    hits = control.detect(chunk, answers.result(), records.result(), params, month,
                          ctx.params.get("municipality") or get_settings().riktlinjer)
    return control_store.write(ctx.session, chunk.files, hits, month, params)


robot = Robot(name="kontroll", title="Månadskontroll av pågående försörjningsstöd", trigger=Manual(), items=chunks,
              steps=[check], params_now=lambda today: {"month": f"{today:%Y-%m}"},
              subject=lambda params, item: f"{month_of(params):%Y-%m}:{item}")
