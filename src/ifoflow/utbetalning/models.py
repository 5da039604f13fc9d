"""Payment orders and stops on a household's payments."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ifoflow.arende.models import Case
from ifoflow.store.base import Base, utcnow


class Payment(Base):
    """A payment order. The idempotency key makes a rerun unable to pay twice."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_household_month", "household_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    month: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    pay_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PaymentHold(Base):
    """A stop on a household's payments until a case worker clears it (the monthly control's serious hits)."""

    __tablename__ = "payment_holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    cleared_by: Mapped[str] = mapped_column(String(64), default="")
    clear_note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship()
