"""Scale-out: the same robots as Celery tasks on Redis or RabbitMQ, so several machines share a run's items.

The Celery app is module state because workers find tasks by importing this module.
"""

import logging
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from celery import Celery
from kombu.exceptions import OperationalError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.drift.registry import get
from ifoflow.robots.core.runner import RunReport, execute, finish, start_run
from ifoflow.robots.models import RobotItem
from ifoflow.settings import get_settings
from ifoflow.store.db import make_engine, session_factory

log = logging.getLogger("ifoflow.robots")
app = Celery("ifoflow", broker=get_settings().broker_url)
# acks_late: a message is removed only when its items are done, so a worker that dies mid-chunk has it delivered
# again (after the visibility timeout on Redis, at once on RabbitMQ). Publishing retries briefly, then the
# dispatcher tries again itself; workers reconnect to a broker that comes back for as long as it takes.
app.conf.update(task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
                task_ignore_result=True, broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
                task_default_queue="ifoflow-robots", task_publish_retry_policy={"max_retries": 2},
                broker_transport_options={"visibility_timeout": 900},
                worker_hijack_root_logger=False)  # the worker logs through ifoflow.logs (JSON in production)


@app.task(name="ifoflow.robots.execute_items")
def execute_items(robot_name: str, run_id: int, item_ids: list[int]) -> None:
    """Work a chunk of a run's items. Idempotent: redelivery after a worker crash repeats no effect."""
    factory = _factory()
    execute(factory, get(robot_name), run_id, item_ids=item_ids)
    finish(factory, run_id)  # done once no item is pending, whichever worker ends last


@lru_cache
def _factory() -> sessionmaker[Session]:
    """One engine per worker process, not one per task."""
    return session_factory(make_engine(get_settings().resolved_database_url()))


def queue_pending(robot_name: str, run_id: int, factory: Any = None) -> int:
    """Queue a run's pending items (e.g. the letter and payment after an e-service decision). Returns how many.

    Safe to call again for the same run: items that two workers get both re-check their objects and keys.
    """
    factory = factory or _factory()
    with factory() as session:
        pending = list(session.scalars(select(RobotItem.id).where(RobotItem.run_id == run_id,
                                                                  RobotItem.status == "pending")
                                       .order_by(RobotItem.id)))
    size = get_settings().robot_chunk_size
    for start in range(0, len(pending), size):
        execute_items.delay(robot_name, run_id, pending[start:start + size])
    return len(pending)


def dispatch(robot_name: str, *, run_key: str, trigger: str = "manuell", params: dict[str, Any] | None = None,
             actor: str = "system", wait_s: float = 3600, progress: Callable[[int], Any] | None = None,
             redispatch_after_s: float | None = None) -> RunReport:
    """Start the run, queue its pending items in chunks, and wait until no item is pending.

    A lost broker loses the queued messages (and the unacknowledged ones with it): when no item has finished for
    `redispatch_after_s`, the pending items are queued again. Publishing while the broker is down is retried.
    """
    robot = get(robot_name)
    settings = get_settings()
    quiet_s = settings.redispatch_after_s if redispatch_after_s is None else redispatch_after_s
    factory = session_factory(make_engine(settings.resolved_database_url()))
    run_id = start_run(factory, robot, run_key=run_key, trigger=trigger, params=params, actor=actor)
    left = _pending(factory, run_id)
    queued = _try_queue(robot.name, run_id, factory)
    deadline, last_progress = time.monotonic() + wait_s, time.monotonic()
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        now = _pending(factory, run_id)
        if now < left:
            if progress:
                progress(left - now)
            last_progress = time.monotonic()
        elif not queued or time.monotonic() - last_progress > quiet_s:
            queued = _try_queue(robot.name, run_id, factory)
            if queued:
                log.warning("Körning %s: inga framsteg på %.0f s; väntande ärenden köades igen", run_id, quiet_s)
            last_progress = time.monotonic()
        left = now
    return finish(factory, run_id)


def _pending(factory: sessionmaker[Session], run_id: int) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).where(RobotItem.run_id == run_id,
                                                         RobotItem.status == "pending")) or 0


def _try_queue(robot_name: str, run_id: int, factory: sessionmaker[Session]) -> bool:
    """Queue the pending items; False when the broker cannot be reached (the caller tries again later)."""
    try:
        queue_pending(robot_name, run_id, factory)
    except (OperationalError, OSError) as exc:
        log.warning("Körning %s: meddelandekön svarar inte (%s); försöker igen", run_id, exc)
        return False
    return True
