"""Placements (beslut om insats) with their provider and agreed price, the care invoices registered against them,
costs that are paid through payroll, and each unit's yearly budget for placements."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Provider(Base):
    """A care provider: HVB, family-home agency, supported housing, treatment home, protected housing."""

    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(10), unique=True)  # 10 digits, check digit verified
    peppol_id: Mapped[str] = mapped_column(String(64), default="", index=True)  # e.g. 0007:5560160680
    bankgiro: Mapped[str] = mapped_column(String(9), default="")  # digits only
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Placement(Base):
    """A decision on an intervention with a provider: who, what, at which price, for which period. The provider
    invoices under `reference` (beställarreferens), never under a personnummer."""

    __tablename__ = "placements"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    insats: Mapped[str] = mapped_column(String(32), index=True)  # Insats
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True, nullable=True)
    price_unit: Mapped[str] = mapped_column(String(8))  # dygn | manad | styck
    price: Mapped[int] = mapped_column(Integer)  # whole kronor per unit, excluding VAT
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # agreed extras: label -> kronor per month
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)  # open-ended until decided
    kontering: Mapped[str] = mapped_column(String(100), default="")  # the cost account string
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="system")


class CareInvoice(Base):
    """One invoice or credit note as received, and what the robot made of it. The key (provider and invoice
    number) makes a copy in another file a no-op."""

    __tablename__ = "care_invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # "<org number or endpoint>:<invoice number>"
    kind: Mapped[str] = mapped_column(String(8))  # faktura | kredit
    number: Mapped[str] = mapped_column(String(64))
    issue_date: Mapped[date] = mapped_column(Date)
    supplier_id: Mapped[str] = mapped_column(String(64))  # organisation number or endpoint as sent
    supplier_name: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(64), default="", index=True)  # buyer or order reference
    original_number: Mapped[str] = mapped_column(String(64), default="")  # a credit note's invoice
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    quantity: Mapped[float] = mapped_column(Numeric(10, 2), default=0)  # days or items invoiced
    net: Mapped[float] = mapped_column(Numeric(14, 2))  # excluding VAT, after allowances and charges
    vat: Mapped[float] = mapped_column(Numeric(14, 2), default=0)
    payable: Mapped[float] = mapped_column(Numeric(14, 2))
    bankgiro: Mapped[str] = mapped_column(String(9), default="")
    hint: Mapped[str] = mapped_column(String(200), default="")  # a name or initials in a line: for a person only
    document: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the parsed lines, for the evidence
    source: Mapped[str] = mapped_column(String(300))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # mottagen | registrerad | avvikelse
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), nullable=True, index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"), nullable=True, index=True)
    expected: Mapped[float | None] = mapped_column(Numeric(14, 2), nullable=True)
    deviation: Mapped[str] = mapped_column(String(32), default="")  # Deviation code when status is avvikelse
    reason: Mapped[str] = mapped_column(Text, default="")  # in Swedish
    attest: Mapped[str] = mapped_column(String(16), default="")  # attestera | avvakta
    handled_by: Mapped[str] = mapped_column(String(64), default="")


class PlacementCost(Base):
    """A cost registered on a placement for a month: an invoice's share, or a fee paid through payroll."""

    __tablename__ = "placement_costs"
    __table_args__ = (UniqueConstraint("key", name="uq_placement_costs_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))  # "faktura:<invoice id>:<month>" or "lon:<placement>:<month>"
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[float] = mapped_column(Numeric(14, 2))
    source: Mapped[str] = mapped_column(String(16))  # faktura | lon
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("care_invoices.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PlacementBudget(Base):
    """A unit's budget for placements for a year, whole kronor."""

    __tablename__ = "placement_budgets"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_placement_budgets_unit_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
