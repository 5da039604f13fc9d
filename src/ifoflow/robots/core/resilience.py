"""External systems behind timeouts, retries with backoff (tenacity) and a circuit breaker (pybreaker)."""

from collections.abc import Callable
from typing import TypeVar

import pybreaker
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

T = TypeVar("T")


class SystemUnavailable(RuntimeError):
    """An external system did not answer after retries, or its breaker is open. The item goes to a person."""

    def __init__(self, system: str, reason: str) -> None:
        super().__init__(f"{system}: {reason}")
        self.system = system
        self.reason = reason


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
        self.breaker = pybreaker.CircuitBreaker(fail_max=fail_max, reset_timeout=reset_timeout_s, name=name)

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn with retries; raise SystemUnavailable when the system stays down."""
        if self.breaker.current_state == pybreaker.STATE_OPEN:
            raise SystemUnavailable(self.name, "systemet svarar inte (kretsbrytaren är öppen)")
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff_s, max=self.max_backoff_s),
            retry=retry_if_exception_type(self.transient),
            reraise=True,
        )
        try:
            return retrying(self.breaker.call, fn)
        except pybreaker.CircuitBreakerError:
            raise SystemUnavailable(self.name, "systemet svarar inte (kretsbrytaren öppnades)") from None
        except self.transient as exc:
            raise SystemUnavailable(self.name, f"inget svar efter {self.attempts} försök: {exc}") from exc
