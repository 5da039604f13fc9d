"""The register clients robots use, built once per setting from the installation's settings."""

from functools import lru_cache
from typing import NamedTuple

from ifoflow.adapters.clients import Endpoint, FolkbokforingClient, SsbtekClient
from ifoflow.adapters.mailbox import MailboxClient
from ifoflow.robots.core import ExternalSystem
from ifoflow.settings import get_settings


class Registers(NamedTuple):
    ssbtek: SsbtekClient
    folk: FolkbokforingClient
    ssbtek_system: ExternalSystem
    folk_system: ExternalSystem


@lru_cache
def registers(timeout_s: float, attempts: int, backoff_s: float) -> Registers:
    """Clients with the given timeout; retries and circuit breaker per external system. Tests clear the cache."""
    s = get_settings()
    return Registers(SsbtekClient(Endpoint(s.ssbtek_url, timeout_s=timeout_s), organisation=s.organisation_number,
                                  municipality=s.municipality_name),
                     FolkbokforingClient(Endpoint(s.folkbokforing_url, timeout_s=timeout_s)),
                     ExternalSystem("SSBTEK", attempts=attempts, backoff_s=backoff_s),
                     ExternalSystem("folkbokföringen", attempts=attempts, backoff_s=backoff_s))


class Mailbox(NamedTuple):
    client: MailboxClient
    system: ExternalSystem


@lru_cache
def mailbox(timeout_s: float = 10.0, attempts: int = 3, backoff_s: float = 0.2) -> Mailbox | None:
    """The digital mailbox, or None where the installation has none (IFOFLOW_MAILBOX_URL empty)."""
    s = get_settings()
    if not s.mailbox_url:
        return None
    return Mailbox(MailboxClient(Endpoint(s.mailbox_url, timeout_s=timeout_s), sender=s.organisation_number),
                   ExternalSystem("Mina meddelanden", attempts=attempts, backoff_s=backoff_s))
