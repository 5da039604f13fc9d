"""The orosanmälan tests' town: a household with two children, the child unit and the emergency service."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import UnitKind


@pytest.fixture
def family(session: Session, cases: list[int]) -> dict[str, object]:
    """A household with two children, and the child unit with a case worker and the emergency service."""
    from ifoflow.arende.registration import HouseholdIn, register_household
    from tests.factories import household_data, member, pnr

    data = household_data(member(pnr(date(1985, 1, 1), 993), first="Sara"),
                          member(pnr(date(2014, 5, 5), 995), role="barn", first="Kim"),
                          member(pnr(date(2017, 7, 7), 997), role="barn", first="Alva"))
    register_household(session, HouseholdIn.model_validate(data), today=date(2026, 3, 1), actor="test")
    child = Unit(code="BU-01", name="Barn och unga", kind=UnitKind.barn_och_unga)
    jour = Unit(code="JOUR", name="Socialjouren", kind=UnitKind.barn_och_unga)
    session.add_all([child, jour])
    session.flush()
    session.add(StaffUser(username="bu01", name="Bo Berg", role="handlaggare", unit_id=child.id))
    session.add(StaffUser(username="eko", name="Eva Ek", role="ekonomiassistent", unit_id=child.id))
    session.commit()
    kim = session.scalar(select(Person).where(Person.first_name == "Kim"))
    alva = session.scalar(select(Person).where(Person.first_name == "Alva"))
    return {"kim": kim, "alva": alva, "unit": child}
