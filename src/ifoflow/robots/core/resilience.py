"""External systems behind timeouts, retries with backoff (tenacity) and a circuit breaker.

The breaker is our own: pybreaker holds its lock for the whole wrapped call, which serialised every register call
of a process (docs/decisions/0003-circuit-breaker.md). This one locks only its counters.
"""

import threading
import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from prometheus_client import Counter, Histogram
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

T = TypeVar("T")
# Every external system of this process, for the operations alerts and /metrics (ifoflow.drift).
SYSTEMS: "weakref.WeakSet[ExternalSystem]" = weakref.WeakSet()
CALL_SECONDS = Histogram("ifoflow_register_call_seconds", "Time of one call to an external system, retries included",
                         ["system"], buckets=(0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30))
CALL_ERRORS = Counter("ifoflow_register_call_errors_total", "Calls to an external system that failed after retries",
                      ["system"])


class SystemUnavailable(RuntimeError):
    """An external system did not answer after retries, or its breaker is open. The item goes to a person."""

    def __init__(self, system: str, reason: str) -> None:
        super().__init__(f"{system}: {reason}")
        self.system = system
        self.reason = reason


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    """Open after `fail_max` failures in a row; after `reset_timeout_s` let one trial call through."""

    def __init__(self, fail_max: int, reset_timeout_s: float) -> None:
        self.fail_max, self.reset_timeout_s = fail_max, reset_timeout_s
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self.opened_wall: datetime | None = None  # when it last opened, for an alert's key

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None and time.monotonic() - self._opened_at < self.reset_timeout_s

    def call(self, fn: Callable[[], T]) -> T:
        if self.is_open:
            raise CircuitOpen()
        try:
            result = fn()
        except Exception:
            with self._lock:
                self._failures += 1
                if self._failures >= self.fail_max:
                    if self._opened_at is None or time.monotonic() - self._opened_at >= self.reset_timeout_s:
                        self.opened_wall = datetime.now(UTC).replace(tzinfo=None)
                    self._opened_at = time.monotonic()
            raise
        with self._lock:
            self._failures, self._opened_at = 0, None
        return result


class ExternalSystem:
    """One external system (SSBTEK, folkbokföring, bank ...). Calls pass timeout errors up as exceptions."""

    def __init__(self, name: str, *, attempts: int = 3, backoff_s: float = 0.2, max_backoff_s: float = 2.0,
                 fail_max: int = 5, reset_timeout_s: float = 30.0,
                 transient: tuple[type[BaseException], ...] = (TimeoutError, ConnectionError, OSError)) -> None:
        self.name = name
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.transient = transient
        self.breaker = CircuitBreaker(fail_max, reset_timeout_s)
        SYSTEMS.add(self)

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn with retries; raise SystemUnavailable when the system stays down. Timed for /metrics."""
        if self.breaker.is_open:
            CALL_ERRORS.labels(self.name).inc()
            raise SystemUnavailable(self.name, "systemet svarar inte (kretsbrytaren är öppen)")
        started = time.monotonic()
        try:
            return self._call(fn)
        except SystemUnavailable:
            CALL_ERRORS.labels(self.name).inc()
            raise
        finally:
            CALL_SECONDS.labels(self.name).observe(time.monotonic() - started)

    def _call(self, fn: Callable[[], T]) -> T:
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff_s, max=self.max_backoff_s),
            retry=retry_if_exception_type(self.transient),
            reraise=True,
        )
        try:
            return retrying(self.breaker.call, fn)
        except CircuitOpen:
            raise SystemUnavailable(self.name, "systemet svarar inte (kretsbrytaren öppnades)") from None
        except self.transient as exc:
            raise SystemUnavailable(self.name, f"inget svar efter {self.attempts} försök: {exc}") from exc
