"""Rent and electricity debt notices (skuldhantering), their quarantine, and the concern reports they led to."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class DebtNotice(Base):
    """One notice from a landlord, power company or debt collector. The key makes a second copy a no-op."""

    __tablename__ = "debt_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    personnummer: Mapped[str] = mapped_column(String(12), index=True)
    creditor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8), index=True)  # hyra | el
    amount: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    cutoff_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # vräkning or avstängning
    reference: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(300))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # mottagen | registrerad | manuell
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    household_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class DebtConcern(Base):
    """An orosanmälan made because of debts; the notices it covers are never reported again for these children."""

    __tablename__ = "debt_concerns"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    household_key: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)  # none: no child identified
    children: Mapped[list[str]] = mapped_column(JSON)
    notice_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
