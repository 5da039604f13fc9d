"""Persons, households, cases (ärenden), applications and the case file: assignments, documents, notes, tasks."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import ColumnElement

from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import Protection
from ifoflow.store.base import Base, utcnow


class Person(Base):
    """A natural person, identified by a canonical 12-digit personnummer or samordningsnummer."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    personnummer: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(6), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    protection: Mapped[str] = mapped_column(String(32), default=Protection.ingen, server_default="ingen")
    # Last sign-in to the e-service: letters may then be delivered to its Mina ärenden.
    eservice_seen_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    deceased_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @hybrid_property
    def protected_identity(self) -> bool:
        """Any of the three kinds of protection: the name is hidden from those without clearance."""
        return self.protection != Protection.ingen

    @protected_identity.inplace.setter
    def _protected_identity_setter(self, value: bool) -> None:
        # A plain yes (a test, the demo) is the mildest kind; the register's own kind is set by name.
        self.protection = Protection.sekretessmarkering if value else Protection.ingen

    @protected_identity.inplace.expression
    @classmethod
    def _protected_identity_expression(cls) -> ColumnElement[bool]:
        return cls.protection != Protection.ingen


class Household(Base):
    __tablename__ = "households"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Current members only; the full history is in household_members.
    members: Mapped[list["HouseholdMember"]] = relationship(
        primaryjoin="and_(Household.id == HouseholdMember.household_id, HouseholdMember.left_on.is_(None))",
        viewonly=True,
    )
    costs: Mapped[list["HouseholdCost"]] = relationship(viewonly=True)


class HouseholdMember(Base):
    """Membership over time; a person has at most one current (left_on IS NULL) membership."""

    __tablename__ = "household_members"
    __table_args__ = (
        Index(
            "uq_household_members_current_person",
            "person_id",
            unique=True,
            sqlite_where=text("left_on IS NULL"),
            postgresql_where=text("left_on IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    role: Mapped[str] = mapped_column(String(16))
    # Share of time a child lives here (växelvis boende): 1 = always, 0.5 = every other week.
    share_of_time: Mapped[float] = mapped_column(Numeric(3, 2), default=1)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    household: Mapped[Household] = relationship()
    person: Mapped[Person] = relationship()


class HouseholdCost(Base):
    """A recurring monthly cost of the household (rent, electricity, insurance ...), whole kronor."""

    __tablename__ = "household_costs"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(Integer)


class Income(Base):
    """A recurring monthly income or benefit of a person, whole kronor, as known to the municipality."""

    __tablename__ = "incomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(Integer)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True, nullable=True)
    # The person the case is about (the applicant, or the child in an orosanmälan).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True, nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True, nullable=True)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    unit: Mapped[Unit] = relationship()
    household: Mapped[Household | None] = relationship()
    person: Mapped[Person | None] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship()
    assignments: Mapped[list["CaseAssignment"]] = relationship(
        order_by="CaseAssignment.assigned_at", viewonly=True
    )


class Application(Base):
    """An ansökan (of försörjningsstöd) for one household and one month (month = first day of the month)."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("household_id", "month", name="uq_applications_household_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CaseAssignment(Base):
    """Full history of who has had the case; the open row has ended_at NULL."""

    __tablename__ = "case_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    assigned_by: Mapped[str] = mapped_column(String(64), default="system")
    user: Mapped[StaffUser] = relationship()


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class JournalNote(Base):
    """A journal note (journalanteckning, SOSFS 2014:5): when it happened, who wrote it, what happened and what was
    decided. A draft can be changed by its author; a signed note never changes, a correction is a new note that
    refers to it. Robots sign their own notes at once, one per business object (`key`)."""

    __tablename__ = "journal_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(100), default="")  # as signed; a robot's name
    occurred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    heading: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    decided: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="utkast")
    signed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("journal_notes.id"), nullable=True)
    key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Task(Base):
    """A human work item: why it exists, the evidence, when it is due and which unit owns it."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    # The application the task is about, when it is about one (closed when the application is decided).
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True, nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    closed_note: Mapped[str] = mapped_column(Text, default="", server_default="")
