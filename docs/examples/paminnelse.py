"""Example robot from docs/robots.md: a reminder task for every open task past its deadline."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Task
from ifoflow.robots.core import Robot, Schedule, StepContext


def overdue_tasks(session: Session, params: dict[str, Any]) -> list[str]:
    today = date.fromisoformat(params.get("today", date.today().isoformat()))
    rows = session.scalars(select(Task.id).where(Task.status != "klar", Task.deadline < today))
    return [str(task_id) for task_id in rows]


def check_task(ctx: StepContext, item: str) -> dict[str, Any]:
    task = ctx.session.get_one(Task, int(item))
    return {"case_id": task.case_id, "days_late": (date.today() - task.deadline).days}


def remind(ctx: StepContext, item: str) -> dict[str, Any]:
    late = ctx.state["check_task"]
    reminder = ctx.task(key=f"paminnelse:{item}", kind="paminnelse", case_id=late["case_id"],
                        reason=f"Uppgift {item} är {late['days_late']} dagar försenad.", days=1)
    return {"reminder": reminder}


robot = Robot(
    name="paminnelse",
    title="Påminnelse om försenade uppgifter",
    trigger=Schedule("first_bank_day"),
    items=overdue_tasks,
    steps=[check_task, remind],
)
