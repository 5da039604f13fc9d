from datetime import date

import pytest
from sqlalchemy.orm import Session

from ifoflow.services.registration import HouseholdIn, register_household
from tests.factories import household_data, member, pnr, unit_with_worker


@pytest.fixture
def cases(session: Session) -> list[int]:
    """Three försörjningsstöd cases in unit EB-01, plus the ADM unit robots give tasks to."""
    unit_with_worker(session)
    unit_with_worker(session, code="ADM", username="adm01")
    ids = []
    for i in range(3):
        data = household_data(member(pnr(date(1980 + i, 2, 2), 981 + 2 * i), first=f"P{i}"))
        ids.append(register_household(session, HouseholdIn.model_validate(data), today=date(2026, 3, 1),
                                      actor="test").id)
    session.commit()
    return ids
