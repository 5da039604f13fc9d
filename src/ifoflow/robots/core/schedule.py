"""Swedish bank days (holidays package: public holidays and de facto ones such as midsommarafton) and schedules."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from ifoflow.robots.core.declaration import Robot, Schedule


@lru_cache(maxsize=32)
def _closed(year: int) -> frozenset[date]:
    days = holidays.Sweden(years=year, include_sundays=False, categories=("public", "de_facto"))
    return frozenset(days)


def is_bank_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed(day.year)


def first_bank_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


def next_bank_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


def run_key_if_due(robot: Robot, today: date) -> str | None:
    """The run key of today's scheduled run, or None when the robot is not due today."""
    trigger = robot.trigger
    if not isinstance(trigger, Schedule):
        return None
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
