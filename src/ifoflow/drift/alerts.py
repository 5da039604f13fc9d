"""The robot that sends alerts (ifoflow.larm): started by each alert raised, one item per alert, two steps so that
the claim is committed before the mail server or SMS gateway is called (the rules are in ifoflow.larm.service)."""

from typing import Any

from ifoflow.larm import service
from ifoflow.robots.core import Event, Robot, StepContext

ACTOR = "robot:larm"


def due(session: Any, params: dict[str, Any]) -> list[str]:
    return [str(i) for i in service.due(session)]


def claim(ctx: StepContext, item: str) -> dict[str, Any]:
    claimed = service.claim(ctx.session, [int(item)])
    if not claimed:
        ctx.finish("Larmet är redan skickat.")
    return {"kanal": claimed[0].channel if claimed else ""}


def send(ctx: StepContext, item: str) -> dict[str, Any]:
    claimed = service.claim_view(ctx.session, int(item))
    results = {a.id: service.send(a) for a in claimed}
    return service.record(ctx.session, results, actor=ACTOR) if results else {"skickat": 0}


robot = Robot(name="larm", title="Larm till socialjouren och driften",
              trigger=Event(service.EVENT, "när ett larm ska skickas"), items=due, steps=[claim, send],
              subject=lambda params, item: f"larm:{item}")
