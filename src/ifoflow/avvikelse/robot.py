"""The robot `avvikelsebevakning`: every hour, each open deviation report's deadlines (watch.check)."""

from datetime import datetime
from typing import Any

from ifoflow.avvikelse import watch
from ifoflow.robots.core import Robot, Schedule, StepContext


def reports(session: Any, params: dict[str, Any]) -> list[str]:
    return [str(i) for i in watch.open_reports(session)]


def watch_deadlines(ctx: StepContext, item: str) -> dict[str, Any]:
    now = datetime.fromisoformat(ctx.params["now"]) if ctx.params.get("now") else None
    return watch.check(ctx.session, int(item), now)


robot = Robot(name="avvikelsebevakning", title="Bevakning av tidsfrister för avvikelser",
              trigger=Schedule("every_hour"), items=reports, steps=[watch_deadlines], unit_for_tasks="ADM")
