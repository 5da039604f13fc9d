"""A robot for tests: three steps, each with an effect (a task, a letter, a payment) keyed by tag and case."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ifoflow.arende.models import Case
from ifoflow.brev import service as letters
from ifoflow.robots.core import Manual, Robot, StepContext
from ifoflow.utbetalning.models import Payment


def items(session: Session, params: dict[str, Any]) -> list[str]:
    return [str(c) for c in params["cases"]]


def register(ctx: StepContext, item: str) -> dict[str, Any]:
    tag = ctx.params["tag"]
    task = ctx.task(key=f"{tag}:{item}", kind="test", reason="registrera", case_id=int(item))
    return {"task": task}


def write_letter(ctx: StepContext, item: str) -> dict[str, Any]:
    tag, case = ctx.params["tag"], ctx.session.get_one(Case, int(item))

    key = f"letter:{tag}:{item}"
    letter = letters.LetterIn(key=key, template="brev/fritext.html", data={"text": "Hej"}, kind="test",
                              case_id=case.id, person_id=case.person_id or 0,
                              filename="test.pdf")
    return {"letter": ctx.effect("letter", key, lambda: ("letter", letters.write_one(ctx.session, letter)))}


def pay(ctx: StepContext, item: str) -> dict[str, Any]:
    tag, case = ctx.params["tag"], ctx.session.get_one(Case, int(item))
    key = f"payment:{tag}:{item}"

    def create() -> tuple[str, int]:
        assert case.household_id is not None
        payment = Payment(idempotency_key=key, case_id=case.id, household_id=case.household_id,
                          month=date(2026, 3, 1), amount=1000, status="planerad")
        ctx.session.add(payment)
        ctx.session.flush()
        return "payment", payment.id

    return {"payment": ctx.effect("payment", key, create)}


def explode(ctx: StepContext, item: str) -> None:
    if item == ctx.params.get("bad"):
        raise ZeroDivisionError("ett fel i steget")


robot = Robot(name="crashbot", title="Testrobot", trigger=Manual(), items=items, steps=[register, write_letter, pay])
fragile = Robot(name="fragile", title="Testrobot med fel", trigger=Manual(), items=items,
                steps=[register, explode, pay])
