"""Providers and placements: registered one at a time (web, CLI) or from a CSV file, every field checked and named
in Swedish when wrong; organisation numbers and bank giros by their check digits (python-stdnum)."""

import csv
import io
import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import luhn
from stdnum.se import orgnr

from ifoflow.arende.models import Case
from ifoflow.domain.enums import Insats, PriceUnit
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.intag.readers import normal
from ifoflow.store import audit
from ifoflow.vardfaktura.models import Placement, Provider

# Each field's name for people, and the CSV file's column for it (Swedish, å ä ö written a a o).
FIELD_NAMES = {"reference": "Beställarreferens", "case_number": "Ärendenummer", "insats": "Insats",
               "provider": "Leverantörens organisationsnummer", "price_unit": "Prisenhet", "price": "Pris",
               "start": "Från", "end": "Till", "kontering": "Kontering", "extras": "Tillägg", "name": "Namn",
               "org_number": "Organisationsnummer", "peppol_id": "PEPPOL-id", "bankgiro": "Bankgiro"}
CSV_COLUMNS = {"referens": "reference", "arende": "case_number", "insats": "insats", "leverantor": "provider",
               "prisenhet": "price_unit", "pris": "price", "fran": "start", "till": "end", "kontering": "kontering",
               "tillagg": "extras"}


def org_number(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if not orgnr.is_valid(digits):
        raise ValueError(f"”{value}” är inget giltigt organisationsnummer (tio siffror med rätt kontrollsiffra).")
    return digits


def bankgiro(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits and (len(digits) not in (7, 8) or not luhn.is_valid(digits)):
        raise ValueError(f"”{value}” är inget giltigt bankgironummer (sju eller åtta siffror med kontrollsiffra).")
    return digits


class ProviderIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    name: str = Field(min_length=2, max_length=200)
    org_number: str
    peppol_id: str = Field(default="", max_length=64)
    bankgiro: str = ""

    _org = field_validator("org_number")(classmethod(lambda cls, v: org_number(v)))
    _bg = field_validator("bankgiro")(classmethod(lambda cls, v: bankgiro(v)))


class PlacementIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    reference: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9ÅÄÖåäö._/-]+$")
    case_number: str = Field(min_length=3)
    insats: Insats
    provider: str = ""  # organisation number; empty for the municipality's own family homes
    price_unit: PriceUnit
    price: int = Field(gt=0, le=100_000_000)
    start: date
    end: date | None = None
    kontering: str = Field(default="", max_length=100)
    extras: dict[str, int] = Field(default_factory=dict)

    @field_validator("reference")
    @classmethod
    def _no_personnummer(cls, value: str) -> str:
        if re.search(r"\d{6}[-+]?\d{4}", value):
            raise ValueError("Referensen får inte innehålla ett personnummer.")
        return value


def add_provider(session: Session, data: dict[str, Any], *, actor: str) -> Provider:
    try:
        valid = ProviderIn.model_validate(data)
    except ValidationError as exc:
        raise _named(exc) from None
    if session.scalar(select(Provider.id).where(Provider.org_number == valid.org_number)):
        raise InputError("Organisationsnummer", f"Leverantören med organisationsnummer {valid.org_number} finns redan.")
    provider = Provider(**valid.model_dump())
    session.add(provider)
    session.flush()
    audit.append(session, actor=actor, action="provider.added", entity="provider", entity_id=provider.id)
    return provider


def add_placement(session: Session, data: dict[str, Any], *, actor: str) -> Placement:
    try:
        valid = PlacementIn.model_validate(data)
    except ValidationError as exc:
        raise _named(exc) from None
    if valid.end is not None and valid.end < valid.start:
        raise InputError("Till", "Slutdatum kan inte vara före startdatum.")
    case = session.scalar(select(Case).where(Case.case_number == valid.case_number))
    if case is None or case.person_id is None:
        raise InputError("Ärendenummer", f"Ärendet {valid.case_number} finns inte.")
    provider_id = None
    if valid.insats != Insats.familjehem_kommunalt or valid.provider:
        provider_id = session.scalar(select(Provider.id).where(Provider.org_number == org_number(valid.provider)))
        if provider_id is None:
            raise InputError("Leverantörens organisationsnummer",
                             f"Leverantören {valid.provider} finns inte i leverantörsregistret.")
    if session.scalar(select(Placement.id).where(Placement.reference == valid.reference)):
        raise InputError("Beställarreferens", f"Beställarreferensen {valid.reference} används redan.")
    placement = Placement(reference=valid.reference, case_id=case.id, person_id=case.person_id,
                          unit_id=case.unit_id, insats=valid.insats, provider_id=provider_id,
                          price_unit=valid.price_unit, price=valid.price, extras=valid.extras, start=valid.start,
                          end=valid.end, kontering=valid.kontering, created_by=actor)
    session.add(placement)
    session.flush()
    audit.append(session, actor=actor, action="placement.added", entity="placement", entity_id=placement.id,
                 details={"referens": placement.reference})
    return placement


def import_csv(session: Session, content: bytes, *, actor: str) -> int:
    """Placements from a CSV file (the columns of CSV_COLUMNS, `;` or `,`): all or nothing, the first wrong row
    named with its line and field."""
    text = content.decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ";", delimiters=";,")
    except csv.Error:
        raise InputError("fil", "Filen är ingen CSV-fil med semikolon eller komma mellan kolumnerna.") from None
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    unknown = {normal(k) for k in (rows[0].keys() if rows else []) if k} - set(CSV_COLUMNS)
    if unknown:
        raise InputError("fil", f"Okända kolumner: {', '.join(sorted(unknown))}. Kolumnerna är "
                                f"{', '.join(CSV_COLUMNS)}.")
    for line, row in enumerate(rows, start=2):
        data = {CSV_COLUMNS[normal(k)]: v for k, v in row.items() if k and v not in (None, "")}
        if "extras" in data:
            data["extras"] = {k.strip(): int(v) for k, v in (p.split("=") for p in data["extras"].split("|") if p)}
        try:
            add_placement(session, data, actor=actor)
        except InputError as exc:
            raise InputError(exc.field, f"Rad {line}: {exc.message}") from None
    return len(rows)


def _named(exc: ValidationError) -> InputError:
    """Pydantic's first problem, the field named as people name it ("Pris"), not as the code does."""
    found = to_input_error(exc)
    return InputError(FIELD_NAMES.get(found.field, found.field), found.message)


def said(exc: InputError) -> str:
    """An error as a page says it: "Pris: Måste vara ett heltal." (the field is already in Swedish here)."""
    return f"{exc.field}: {exc.message}" if exc.field in FIELD_NAMES.values() else exc.message


def change_provider(session: Session, provider_id: int, *, bankgiro_number: str, peppol_id: str,
                    actor: str) -> Provider:
    """A provider's new bank giro or PEPPOL id, after it was checked with the provider (audited with the old)."""
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise InputError("Leverantör", "Välj en leverantör.")
    try:
        new_bankgiro = bankgiro(bankgiro_number)
    except ValueError as exc:
        raise InputError("Bankgiro", str(exc)) from None
    audit.append(session, actor=actor, action="provider.changed", entity="provider", entity_id=provider.id,
                 details={"bankgiro": [provider.bankgiro, new_bankgiro],
                          "peppol": [provider.peppol_id, peppol_id.strip() or provider.peppol_id]})
    provider.bankgiro = new_bankgiro
    if peppol_id.strip():
        provider.peppol_id = peppol_id.strip()[:64]
    return provider
