"""What a file intake could not read or validate: kept with the reason until a person fixes it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Quarantined(Base):
    """A row (or a whole file) an intake could not take: the raw values and the Swedish reason, until a person
    fixes and resubmits it; then `item_key` names what it became."""

    __tablename__ = "intake_quarantine"
    id: Mapped[int] = mapped_column(primary_key=True)
    intake: Mapped[str] = mapped_column(String(32), index=True)  # e.g. "skuldaviseringar"
    source: Mapped[str] = mapped_column(String(300))
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # karantan | atgardad
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    fixed_by: Mapped[str] = mapped_column(String(64), default="")
    item_key: Mapped[str] = mapped_column(String(64), default="")
