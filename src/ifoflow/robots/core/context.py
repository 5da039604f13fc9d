"""What a step gets: the session of its transaction, the item's earlier outputs, and effect helpers."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Task
from ifoflow.atkomst.models import Unit
from ifoflow.domain.enums import TaskStatus
from ifoflow.robots.models import Effect
from ifoflow.store import locks

T = TypeVar("T")


@dataclass
class StepContext:
    session: Session
    robot: str
    run_id: int
    item_key: str
    params: dict[str, Any]
    state: dict[str, Any]  # outputs of the item's earlier steps, by step name
    unit_for_tasks: str
    subject: str = ""  # what the item is about, for effect keys (the robot's `subject`, default the item key)
    handed_to_human: str = ""
    finished: str = ""  # set by `finish`: the item needs nothing more from this run
    effects: list[str] = field(default_factory=list)

    def finish(self, why: str) -> None:
        """End the item after this step: someone else (a person, another run) has already done the rest."""
        self.finished = why

    def lock(self, model: type[T], object_id: int) -> T:
        """The business object, locked until this step commits: check its state after this, then act."""
        found = locks.lock(self.session, model, object_id)
        if found is None:
            raise LookupError(f"{model.__name__} {object_id} finns inte.")
        return found

    def effect(self, kind: str, key: str, create: Callable[[], tuple[str, int | str]]) -> str:
        """Do `create` once for this key, ever; on a rerun return what was made the first time."""
        done = self.session.scalar(select(Effect).where(Effect.key == key))
        if done is not None:
            return done.entity_id
        entity, entity_id = create()
        self.session.add(Effect(key=key, kind=kind, entity=entity, entity_id=str(entity_id), run_id=self.run_id))
        self.session.flush()
        self.effects.append(key)
        return str(entity_id)

    def task(self, *, key: str, kind: str, reason: str, evidence: dict[str, Any] | None = None,
             case_id: int | None = None, deadline: date | None = None, days: int = 5) -> str:
        """A human work item in the case's unit (or the robot's unit), once per key."""
        key = f"task:{key}"

        def create() -> tuple[str, int]:
            task = Task(idempotency_key=key, unit_id=self._unit_id(case_id), case_id=case_id, kind=kind,
                        reason=reason, evidence=evidence or {}, status=TaskStatus.oppen,
                        deadline=deadline or date.today() + timedelta(days=days))
            self.session.add(task)
            self.session.flush()
            return "task", task.id

        return self.effect("task", key, create)

    def hand_to_human(self, reason: str, *, evidence: dict[str, Any] | None = None, case_id: int | None = None,
                      kind: str = "manuell_handlaggning") -> str:
        """Stop the robot's work on this item: a person takes over, with the reason and the evidence.

        One task per subject and kind, whichever run hands it over.
        """
        self.handed_to_human = reason
        key = f"{self.robot}:{self.subject or self.item_key}:{kind}"
        return self.task(key=key, kind=kind, reason=reason, evidence=evidence, case_id=case_id)

    def _unit_id(self, case_id: int | None) -> int:
        if case_id is not None:
            unit_id = self.session.scalar(select(Case.unit_id).where(Case.id == case_id))
            if unit_id is not None:
                return unit_id
        unit_id = self.session.scalar(select(Unit.id).where(Unit.code == self.unit_for_tasks))
        if unit_id is None:
            raise LookupError(f"Enheten {self.unit_for_tasks!r} för robotens uppgifter finns inte.")
        return unit_id
