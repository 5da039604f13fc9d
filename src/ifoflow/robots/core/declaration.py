"""How a robot is declared: a name, a trigger, how to list its items, and ordered steps."""

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

StepFn = Callable[..., dict[str, Any] | None]
NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class RobotDeclarationError(ValueError):
    """A robot is declared wrongly; raised at start-up, naming the robot and the problem."""


@dataclass(frozen=True)
class Manual:
    """Started by a person (CLI or operations page)."""

    def describe(self) -> str:
        return "manuellt"


@dataclass(frozen=True)
class Schedule:
    """Schedule: `first_bank_day` of the month, `every_bank_day`, or `every_hour` (every day, e.g. applications
    waiting for a register that was down)."""

    rule: str

    RULES = ("first_bank_day", "every_bank_day", "every_hour")

    def describe(self) -> str:
        return {"first_bank_day": "första bankdagen i månaden", "every_bank_day": "varje bankdag",
                "every_hour": "varje timme"}[self.rule]


@dataclass(frozen=True)
class Event:
    """Started when something happens in the store (the audit action, e.g. `case.reassigned`), described to people
    in Swedish ("när ett ärende får en ny handläggare")."""

    name: str
    title: str

    def describe(self) -> str:
        return self.title


Trigger = Manual | Schedule | Event


@dataclass(frozen=True)
class Robot:
    name: str
    title: str
    trigger: Trigger
    items: Callable[..., Iterable[str]]  # (session, params) -> item keys
    steps: list[StepFn] = field(default_factory=list)
    unit_for_tasks: str = "ADM"  # unit that gets tasks when an item has no case of its own
    # What an item is about, for effect keys: (run params, item key) -> subject. Default: the item key itself.
    subject: Callable[[dict[str, Any], str], str] | None = None
    # What happens to an item when an external system stays down: (ctx, item, reason). Default: a task.
    when_unavailable: Callable[..., None] | None = None
    # The params of a run a person starts now (e.g. this month for the monthly control). Default: none.
    params_now: Callable[[date], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise RobotDeclarationError(f"Roboten {self.name!r} är felaktigt deklarerad: {'; '.join(problems)}")

    @property
    def step_names(self) -> list[str]:
        return [s.__name__ for s in self.steps]

    def subject_of(self, params: dict[str, Any], item_key: str) -> str:
        return self.subject(params, item_key) if self.subject else item_key

    def step_index(self, name: str) -> int:
        if name not in self.step_names:
            raise ValueError(f"Roboten {self.name} har inget steg {name!r}.")
        return self.step_names.index(name)


def _problems(robot: Robot) -> Iterable[str]:
    if not NAME.match(robot.name or ""):
        yield "namnet ska vara små bokstäver, siffror och _ (t.ex. infobrev)"
    if not isinstance(robot.trigger, Manual | Schedule | Event):
        yield "trigger ska vara Manual(), Schedule(...) eller Event(...)"
    elif isinstance(robot.trigger, Schedule) and robot.trigger.rule not in Schedule.RULES:
        yield f"okänt schema {robot.trigger.rule!r}; tillåtna: {', '.join(Schedule.RULES)}"
    if not callable(robot.items):
        yield "items ska vara en funktion som listar robotens ärenden"
    if not robot.steps:
        yield "roboten har inga steg"
    names = [getattr(s, "__name__", "") for s in robot.steps]
    if len(set(names)) != len(names):
        yield "två steg har samma namn"
    for step in robot.steps:
        if not callable(step):
            yield f"steget {step!r} är ingen funktion"
        elif len(inspect.signature(step).parameters) != 2:
            yield f"steget {step.__name__} ska ta två argument (ctx, item)"
