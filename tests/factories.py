"""Small builders for test data."""

from datetime import date

from sqlalchemy.orm import Session

from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import StaffRole, UnitKind
from ifoflow.domain.testnumbers import make_number


def pnr(born: date, serial: int = 980, coordination: bool = False) -> str:
    """A valid test personnummer (serial 980-999; even = woman, odd = man)."""
    return make_number(born, serial, coordination)


def unit_with_worker(session: Session, code: str = "EB-01", username: str = "hl0001") -> tuple[Unit, StaffUser]:
    unit = Unit(code=code, name=f"Enhet {code}", kind=UnitKind.ekonomiskt_bistand)
    session.add(unit)
    session.flush()
    worker = StaffUser(username=username, name="Anna Andersson", role=StaffRole.handlaggare, unit_id=unit.id)
    session.add(worker)
    session.commit()
    return unit, worker


def household_data(*members: dict[str, object], unit: str = "EB-01", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {"unit": unit, "street": "Storgatan 1", "postal_code": "761 30", "city": "Norrtälje",
                               "members": list(members), "costs": {"hyra": 7200}}
    data.update(extra)
    return data


def member(number: str, role: str = "sokande", first: str = "Eva", last: str = "Ek",
           **extra: object) -> dict[str, object]:
    return {"personnummer": number, "first_name": first, "last_name": last, "role": role, **extra}


def overlay(section: str, **values: object) -> str:
    """A municipality's own overlay file: exempelstad, with these values of one section from 2025-01-01 on, each
    with a source (as the loader demands)."""
    lines = ["bas: exempelstad", f"{section}:"]
    for name, value in values.items():
        lines.append(f"  {name}: {{values: {{'2025-01-01': {{value: {value}}}}}, metadata: {{reference: "
                     f"{{'2025-01-01': {{title: Testkommunens beslut, status: kommunens val}}}}}}}}")
    return "\n".join(lines) + "\n"
