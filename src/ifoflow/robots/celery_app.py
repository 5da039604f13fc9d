"""Scale-out: the same robots as Celery tasks on Redis or RabbitMQ, so several machines share a run's items.

The Celery app is module state because workers find tasks by importing this module.
"""

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from celery import Celery
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.robots.core.runner import RunReport, execute, finish, start_run
from ifoflow.robots.registry import get
from ifoflow.settings import get_settings
from ifoflow.store.db import make_engine, session_factory
from ifoflow.store.models import RobotItem

app = Celery("ifoflow", broker=get_settings().broker_url)
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1, task_ignore_result=True,
                broker_connection_retry_on_startup=True, task_default_queue="ifoflow-robots")


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
    """Queue a run's pending items (e.g. the letter and payment after an e-service decision). Returns how many."""
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
             actor: str = "system", wait_s: float = 3600, progress: Callable[[int], Any] | None = None) -> RunReport:
    """Start the run, queue its pending items in chunks, and wait until no item is pending."""
    robot = get(robot_name)
    settings = get_settings()
    factory = session_factory(make_engine(settings.resolved_database_url()))
    run_id = start_run(factory, robot, run_key=run_key, trigger=trigger, params=params, actor=actor)
    left = queue_pending(robot.name, run_id, factory)
    deadline = time.monotonic() + wait_s
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        with factory() as session:
            now = session.scalar(select(func.count()).where(RobotItem.run_id == run_id,
                                                            RobotItem.status == "pending")) or 0
        if progress and now < left:
            progress(left - now)
        left = now
    return finish(factory, run_id)
