"""An application (ansökan) for försörjningsstöd: one household, one month."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Application(Base):
    """An ansökan for one household and one month (month = first day of the month)."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("household_id", "month", name="uq_applications_household_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
