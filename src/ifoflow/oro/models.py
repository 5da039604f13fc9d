"""Reports of concern about a child (orosanmälan) and the case worker's assessments of them."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class ConcernReport(Base):
    """One report about one child, as it arrived; every deadline runs from `received_at`."""

    __tablename__ = "concern_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # the submission, call or robot effect it came from
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    channel: Mapped[str] = mapped_column(String(16))  # webb | telefon | intern
    reporter_category: Mapped[str] = mapped_column(String(32), index=True)  # ReporterCategory
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)  # a professional with a duty to report
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_contact: Mapped[str] = mapped_column(String(200), default="")
    reporter_personnummer: Mapped[str] = mapped_column(String(12), default="")  # from e-legitimation
    # Where a mandatory reporter gets the feedback letter: namn, utdelningsadress, postnummer, postort.
    reporter_address: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    secrecy_wish: Mapped[bool] = mapped_column(Boolean, default=False)  # a private reporter asks to stay unknown
    text: Mapped[str] = mapped_column(Text)
    danger_now: Mapped[bool] = mapped_column(Boolean, default=False)
    guardians_told: Mapped[str] = mapped_column(String(8), default="vet_ej")  # ja | nej | vet_ej
    child_given: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what the reporter wrote about the child
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True, nullable=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    protection_due: Mapped[datetime] = mapped_column(DateTime)  # at once: the moment it arrived
    preassessment_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # none: an investigation is ongoing
    ongoing_investigation: Mapped[bool] = mapped_column(Boolean, default=False)
    support: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the decision support as it was shown
    acute_route: Mapped[bool] = mapped_column(Boolean, default=False)  # went to the social emergency service
    status: Mapped[str] = mapped_column(String(16), index=True)  # ny | skyddsbedomd | forhandsbedomd
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)  # a paper report
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ConcernAssessment(Base):
    """A case worker's skyddsbedömning or förhandsbedömning of a report, with what the support had suggested."""

    __tablename__ = "concern_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("concern_reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # skyddsbedomning | forhandsbedomning
    outcome: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[str] = mapped_column(Text)
    suggested: Mapped[str] = mapped_column(String(16), default="")  # the support's urgency: nu | idag
    followed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))  # always a person
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
