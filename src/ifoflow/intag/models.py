"""What a file intake could not read or validate: kept with the reason until a person fixes it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class QuarantinedNotice(Base):
    """A notice that could not be read or validated: kept with the reason until fixed and resubmitted."""

    __tablename__ = "notice_quarantine"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(300))
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # karantan | atgardad
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    fixed_by: Mapped[str] = mapped_column(String(64), default="")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("debt_notices.id"), nullable=True)
