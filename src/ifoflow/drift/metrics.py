"""Prometheus metrics for the IT strategist's monitoring (`GET /metrics`, operators only).

From the store at each scrape (true for the whole installation, whichever process answers): robot runs and items
by outcome, items waiting in running runs, alerts by status, letters that could not be made. From this process:
page latency, register call latency and errors, and circuit-breaker state (`ifoflow serve --workers N` collects
all its processes' through prometheus_client's multiprocess mode; Celery workers and the scheduler expose their own
on IFOFLOW_METRICS_PORT). The broker's queue length when it is Redis. No label ever holds a person's data.
"""

import logging
import os
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from fastapi import Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.brev.models import Letter
from ifoflow.domain.enums import LetterStatus
from ifoflow.larm.models import Alert
from ifoflow.logs import REQUEST_ID
from ifoflow.robots.core.resilience import SYSTEMS
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.settings import get_settings

PAGE_SECONDS = Histogram("ifoflow_page_seconds", "Time to answer a page or request", ["route", "method", "status"],
                         buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5))
QUEUE = "ifoflow-robots"  # Celery's queue (drift/celery_app.py)
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
log = logging.getLogger("ifoflow.web")


class StoreCollector(Collector):
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def collect(self) -> Iterator[Metric]:
        runs = GaugeMetricFamily("ifoflow_robot_runs", "Robot runs by robot and status", labels=["robot", "status"])
        items = GaugeMetricFamily("ifoflow_robot_items", "Robot items by robot and outcome",
                                  labels=["robot", "status"])
        waiting = GaugeMetricFamily("ifoflow_queue_depth", "Items waiting in running runs", labels=["robot"])
        alerts = GaugeMetricFamily("ifoflow_alerts", "Alerts by kind and status", labels=["kind", "status"])
        with self.factory() as s:
            for robot, status, n in s.execute(select(RobotRun.robot, RobotRun.status, func.count())
                                              .group_by(RobotRun.robot, RobotRun.status)):
                runs.add_metric([robot, status], n)
            for robot, status, n in s.execute(select(RobotRun.robot, RobotItem.status, func.count())
                                              .join(RobotRun, RobotRun.id == RobotItem.run_id)
                                              .group_by(RobotRun.robot, RobotItem.status)):
                items.add_metric([robot, status], n)
                if status == "pending":
                    waiting.add_metric([robot], n)
            for kind, status, n in s.execute(select(Alert.kind, Alert.status, func.count())
                                             .group_by(Alert.kind, Alert.status)):
                alerts.add_metric([kind, status], n)
            failed = s.scalar(select(func.count()).select_from(Letter)
                              .where(Letter.status == LetterStatus.misslyckad)) or 0
        yield from (runs, items, waiting, alerts)
        yield GaugeMetricFamily("ifoflow_letters_failed", "Letters that could not be made", value=failed)
        depth = broker_queue_length()
        if depth is not None:
            yield GaugeMetricFamily("ifoflow_broker_queue_length", "Messages waiting in Celery's queue", value=depth)


class CircuitCollector(Collector):
    """The circuit breakers of this process's external systems."""

    def collect(self) -> Iterator[Metric]:
        circuits = GaugeMetricFamily("ifoflow_circuit_open", "1 while an external system's circuit breaker is open "
                                     "(this process)", labels=["system"])
        for system in list(SYSTEMS):
            circuits.add_metric([system.name], 1.0 if system.breaker.is_open else 0.0)
        yield circuits


def serve_own(port: int) -> None:
    """A scheduler's own metrics (its register calls and breakers) on a port of its own."""
    from prometheus_client import start_http_server

    REGISTRY.register(CircuitCollector())
    start_http_server(port, addr=get_settings().host)  # 127.0.0.1 unless the installation says otherwise


def broker_queue_length() -> int | None:
    """Celery's queue length on Redis (None for another broker, or when Redis does not answer at once)."""
    url = get_settings().broker_url
    if not url.startswith("redis"):
        return None
    try:
        import redis

        return int(redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5).llen(QUEUE))
    except Exception:  # monitoring must not fail because the broker is down; /health says so
        return None


def exposition(factory: sessionmaker[Session]) -> Response:
    """The text Prometheus scrapes."""
    store = CollectorRegistry()
    store.register(StoreCollector(factory))
    store.register(CircuitCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # every server process's own metrics, summed
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    return Response(generate_latest(processes) + generate_latest(store), media_type=CONTENT_TYPE_LATEST)


async def time_pages(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Any:
    """Middleware: every answer's time by route template (never the path itself, which may hold an id), under a
    request id (the proxy's X-Request-ID when it sends one) that the log lines and the answer carry."""
    given = request.headers.get("x-request-id", "")
    request_id = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex[:16]
    token = REQUEST_ID.set(request_id)
    started = time.perf_counter()
    try:
        response = await call_next(request)
        template = str(getattr(request.scope.get("route"), "path", "okänd"))
        elapsed = time.perf_counter() - started
        if not template.startswith("/static"):
            PAGE_SECONDS.labels(template, request.method, str(response.status_code)).observe(elapsed)
            log.info("%s %s %s %.0f ms", request.method, template, response.status_code, elapsed * 1000)
        response.headers["X-Request-ID"] = request_id
        return response
    finally:
        REQUEST_ID.reset(token)
