"""All robots of the installation. Importing this module validates every declaration (fails at start-up)."""

from ifoflow.domain.errors import NotFoundError
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.infobrev import robot as infobrev
from ifoflow.kontroll import robot as kontroll
from ifoflow.robots.core import Robot
from ifoflow.skuld import robot as skuldhantering

ROBOTS: dict[str, Robot] = {r.name: r for r in [forsorjningsstod.robot, infobrev.robot, kontroll.robot,
                                                skuldhantering.robot]}


def get(name: str) -> Robot:
    try:
        return ROBOTS[name]
    except KeyError:
        raise NotFoundError("robot", f"Roboten {name!r} finns inte. Finns: {', '.join(sorted(ROBOTS))}.") from None
