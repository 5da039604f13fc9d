"""Bank-day schedules for robots."""

from datetime import date, timedelta

from ifoflow.domain.bankdays import first_bank_day, is_bank_day, next_bank_day
from ifoflow.robots.core.declaration import Robot, Schedule

__all__ = ["first_bank_day", "is_bank_day", "next_bank_day", "next_runs", "run_key_if_due"]


def run_key_if_due(robot: Robot, today: date, hour: int = 0) -> str | None:
    """The run key of the scheduled run due today (at this hour), or None when the robot is not due."""
    trigger = robot.trigger
    if not isinstance(trigger, Schedule):
        return None
    if trigger.rule == "every_hour":
        return f"{today.isoformat()}T{hour:02d}"
    if trigger.rule == "first_bank_day" and today == first_bank_day(today.year, today.month):
        return f"{today:%Y-%m}"
    if trigger.rule == "every_bank_day" and is_bank_day(today):
        return today.isoformat()
    return None


def next_runs(robot: Robot, today: date, count: int = 3) -> list[date]:
    """The next dates the robot's schedule starts a run."""
    found: list[date] = []
    day = today
    while isinstance(robot.trigger, Schedule) and len(found) < count and day < today + timedelta(days=400):
        if run_key_if_due(robot, day):
            found.append(day)
        day += timedelta(days=1)
    return found
