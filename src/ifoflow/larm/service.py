"""Raising an alert (in the caller's transaction, once per key) and sending it: claim, send, record.

Sending is three short steps so that no lock is held while a server answers: `claim` locks the due alerts and
marks them `skickas` (committed), the senders are called, `record` writes how it went. Two overlapping senders never
both claim an alert. An alert a crash left `skickas` is sent again after `STALE` under the same message id (its
key), which mail servers and SMS gateways that keep messages once keep once: for an acute child, a resent alert is
better than a lost one (docs/decisions/0007-alerts-resent-under-their-key.md). A failed alert is tried again at the
next run, up to `ATTEMPTS` times, then stays `fel` on Robotdrift.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.larm import senders
from ifoflow.larm.models import Alert
from ifoflow.settings import Settings, get_settings
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new
from ifoflow.store.db import unit_of_work

CHANNELS = {"sida": "Bara på sidan", "epost": "E-post", "sms": "SMS"}
STATUS_SV = {"vantar": "Väntar", "skickas": "Skickas", "skickat": "Skickat", "fel": "Gick inte att skicka",
             "sida": "Visas på sidan"}
STALE = timedelta(minutes=5)
ATTEMPTS = 3
EVENT = "alert.raised"  # the sending robot starts on it


@dataclass(frozen=True)
class Outgoing:
    id: int
    key: str
    channel: str
    recipient: str
    subject: str
    body: str


def raise_alert(session: Session, *, key: str, kind: str, channel: str, recipient: str, subject: str, body: str,
                actor: str) -> bool:
    """The alert once per key, in the caller's transaction. "sida" is not sent: the task on the page is the alert.
    Returns whether it is new."""
    if channel not in CHANNELS:
        raise ValueError(f"okänd kanal för larm: {channel}")
    status = "sida" if channel == "sida" else "vantar"
    new = insert_new(session, Alert.key, [{"key": key, "kind": kind, "channel": channel, "recipient": recipient,
                                           "subject": subject[:200], "body": body, "status": status,
                                           "attempts": 0, "failure": "", "created_at": utcnow()}]) > 0
    if new and status == "vantar":
        audit.append(session, actor=actor, action=EVENT, entity="alert", entity_id=key, details={"kanal": channel})
    return new


def due(session: Session, now: datetime | None = None) -> list[int]:
    """Alerts to send: waiting ones, and those a crash left being sent for longer than STALE."""
    stale = (now or utcnow()) - STALE
    return list(session.scalars(select(Alert.id).where(
        (Alert.status == "vantar") | ((Alert.status == "skickas") & (Alert.claimed_at < stale))).order_by(Alert.id)))


def claim(session: Session, ids: Iterable[int], now: datetime | None = None) -> list[Outgoing]:
    """Lock the alerts, re-check that each is still due, mark it `skickas`."""
    now = now or utcnow()
    still = set(due(session, now))
    out = []
    for alert in locks.lock_many(session, select(Alert).where(Alert.id.in_(list(ids))).order_by(Alert.id)):
        if alert.id not in still:
            continue
        alert.status, alert.claimed_at, alert.attempts = "skickas", now, alert.attempts + 1
        out.append(Outgoing(alert.id, alert.key, alert.channel, alert.recipient, alert.subject, alert.body))
    return out


def claim_view(session: Session, alert_id: int) -> list[Outgoing]:
    """The alert as claimed (status `skickas`), for the step that sends it; [] when it is not being sent."""
    alert = session.get(Alert, alert_id)
    if alert is None or alert.status != "skickas":
        return []
    return [Outgoing(alert.id, alert.key, alert.channel, alert.recipient, alert.subject, alert.body)]


def send(alert: Outgoing, settings: Settings | None = None) -> str:
    """Call the alert's channel; "" when it went out, else the reason in Swedish."""
    settings = settings or get_settings()
    try:
        if alert.channel == "epost":
            senders.email(settings, alert.recipient, alert.subject, alert.body, alert.key)
        else:
            senders.sms(settings, alert.recipient, f"{alert.subject}. {alert.body}", alert.key)
    except senders.SendError as exc:
        return str(exc)
    return ""


def record(session: Session, results: dict[int, str], *, actor: str) -> dict[str, int]:
    """How each claimed alert went; a failure is tried again at the next run until ATTEMPTS."""
    counts = {"skickat": 0, "fel": 0, "igen": 0}
    for alert in locks.lock_many(session, select(Alert).where(Alert.id.in_(list(results))).order_by(Alert.id)):
        if alert.status != "skickas":
            continue
        failure = results[alert.id]
        if not failure:
            alert.status, alert.sent_at, alert.failure = "skickat", utcnow(), ""
            counts["skickat"] += 1
        elif alert.attempts < ATTEMPTS:
            alert.status, alert.failure = "vantar", failure
            audit.append(session, actor=actor, action=EVENT, entity="alert", entity_id=alert.key,
                         details={"forsok": alert.attempts})
            counts["igen"] += 1
        else:
            alert.status, alert.failure = "fel", failure
            counts["fel"] += 1
    return counts


def deliver(factory: sessionmaker[Session], ids: Iterable[int] | None = None, *, actor: str) -> dict[str, int]:
    """One pass over the due alerts (or these): claim and commit, send, record and commit."""
    with unit_of_work(factory) as session:
        claimed = claim(session, due(session) if ids is None else ids)
    results = {a.id: send(a) for a in claimed}
    if not results:
        return {"skickat": 0, "fel": 0, "igen": 0}
    with unit_of_work(factory) as session:
        return record(session, results, actor=actor)


def recent(session: Session, limit: int = 30) -> list[Alert]:
    """The newest alerts, for Robotdrift."""
    return list(session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)))
