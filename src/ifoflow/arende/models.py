"""Persons, households, units and staff."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ifoflow.store.models.base import Base, utcnow


class Unit(Base):
    """An enhet of the social services, e.g. 'Försörjningsstöd Nord'."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    oidc_subject: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    # May see names and addresses of persons with skyddad identitet.
    clearance_protected: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    unit: Mapped[Unit] = relationship()


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
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    deceased_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


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
