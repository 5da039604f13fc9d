"""Letters: what was written to whom, from which template and data, and its PDF document."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Letter(Base):
    """A letter to a person: the template and data it was written from, and its PDF once made."""

    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True, nullable=True)
    template: Mapped[str] = mapped_column(String(128))  # "package/file.html" under ifoflow/<package>/letters/
    template_version: Mapped[str] = mapped_column(String(16))  # hash of the template's text when written
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
