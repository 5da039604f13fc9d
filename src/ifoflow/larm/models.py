"""Alerts: one row per thing to tell and channel, sent once."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Alert(Base):
    """An alert about one business object (`key`, e.g. "oro:akut:17"), never holding a client's personal data:
    the text says what happened and where to look, the page behind the link shows who."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # oro_akut | drift
    channel: Mapped[str] = mapped_column(String(8))  # epost | sms | sida
    recipient: Mapped[str] = mapped_column(String(200), default="")  # the on-call's address or number
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)  # vantar | skickas | skickat | fel | sida
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failure: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
