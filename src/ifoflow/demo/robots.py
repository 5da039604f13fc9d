"""The robots' first work in a new demo municipality, so decisions, letters, tasks, a control report with stops
and debt cases exist before anyone signs in."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ifoflow.drift.registry import get
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotRun

# (robot, run key, params, what a person sees while it runs)
FIRST_RUNS = [
    ("forsorjningsstod", "demo-ansokningar", {}, "Månadens ansökningar prövas"),
    ("kontroll", "demo-kontroll", {"month": "{month}"}, "Månadskontrollen körs"),
    ("skanning", "demo-skanning", {}, "Skannat papper tolkas och fördelas"),
    ("skuldhantering", "demo-skulder", {"today": "{today}"}, "Skuldaviseringar registreras"),
    ("infobrev", "demo-infobrev", {}, "Infobrev skrivs"),
    ("vardfakturor", "demo-vardfakturor", {"today": "{today}"}, "Vårdfakturor registreras"),
    ("familjehemsarvoden", "demo-arvoden", {"month": "{month}"}, "Arvoden till kommunala familjehem"),
    ("avvikelsebevakning", "demo-avvikelser", {}, "Avvikelsernas tidsfrister bevakas"),
    ("larm", "demo-larm", {}, "Larm skickas till socialjouren"),
    ("brevutskick", "demo-brevutskick", {"hold_minutes": "0"}, "Breven skickas"),
    ("utskrift", "demo-utskrift", {"day": "{today}"}, "Dagens utskrift görs"),
]
Bar = Callable[[str, int], AbstractContextManager[Callable[[int], Any]]]


def first_runs(factory: sessionmaker[Session], today: date, bar: Bar) -> None:
    """Each robot once, in this process; `bar(title, total)` shows a progress bar while it works."""
    for name, key, raw, title in FIRST_RUNS:
        params = {k: v.format(month=f"{today:%Y-%m}", today=today.isoformat()) for k, v in raw.items()}
        robot = get(name)
        run_id = start_run(factory, robot, run_key=key, params=params, actor="demo")
        with factory() as session:
            total = session.get_one(RobotRun, run_id).items_total
        with bar(title, total) as advance:
            execute(factory, robot, run_id, progress=advance)
