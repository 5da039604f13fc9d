"""What the operations page already shows, also sent to the IT strategist (ifoflow.larm): a run that has stopped
making progress, a run with failed items, an external system whose circuit breaker is open. Once per run, and
once per opening of a breaker; the text names robots and systems, never a client."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.domain import format as fmt
from ifoflow.drift.operations import stalled_runs
from ifoflow.drift.registry import ROBOTS
from ifoflow.larm import service as larm
from ifoflow.robots.core.resilience import SYSTEMS
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.settings import get_settings
from ifoflow.store.db import unit_of_work

ACTOR = "robot:drift"


def raise_for_trouble(factory: sessionmaker[Session], quiet: timedelta) -> int:
    """Alerts for today's trouble; returns how many are new."""
    settings = get_settings()
    page = f"{settings.public_url.rstrip('/')}/drift"
    new = 0
    with unit_of_work(factory) as session:
        def alert(key: str, subject: str, body: str) -> None:
            nonlocal new
            new += larm.raise_alert(session, key=key, kind="drift", channel=settings.ops_alert_channel,
                                    recipient=settings.ops_alert_to, subject=subject, body=f"{body} Se {page}",
                                    actor=ACTOR)

        for run in stalled_runs(session, quiet):
            alert(f"drift:stannad:{run.id}", f"Robotkörning har stannat: {_title(run.robot)}",
                  f"Körningen {run.run_key} har inte kommit framåt på {int(quiet.total_seconds() // 60)} minuter.")
        for run_id, robot, key, failed in session.execute(
                select(RobotRun.id, RobotRun.robot, RobotRun.run_key, func.count(RobotItem.id))
                .join(RobotItem, RobotItem.run_id == RobotRun.id).where(RobotItem.status == "failed")
                .group_by(RobotRun.id, RobotRun.robot, RobotRun.run_key)):
            alert(f"drift:misslyckade:{run_id}", f"Misslyckade ärenden: {_title(robot)}",
                  f"Körningen {key} har {failed} ärenden som misslyckades och väntar på Försök igen.")
        for system in list(SYSTEMS):
            opened = system.breaker.opened_wall
            if system.breaker.is_open and opened is not None:
                alert(f"drift:krets:{system.name}:{opened:%Y%m%dT%H%M%S}", f"{system.name} svarar inte",
                      f"Kretsbrytaren för {system.name} öppnades {fmt.moment(opened)} efter upprepade fel; "
                      "robotarna väntar och försöker igen.")
    return new


def _title(robot: str) -> str:
    return ROBOTS[robot].title if robot in ROBOTS else robot
