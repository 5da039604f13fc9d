from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import CaseAssignment
from ifoflow.arende.registration import HouseholdIn, register_household
from ifoflow.arende.service import PROTECTED_NAME, reassign_case, search_cases
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import StaffRole
from ifoflow.domain.errors import InputError
from tests.factories import household_data, member, pnr, unit_with_worker

TODAY = date(2026, 11, 23)


def _populate(session: Session) -> Unit:
    unit, _ = unit_with_worker(session)
    people = [("Eva", "Ek", 980, False), ("Olle", "Berg", 981, False), ("Sara", "Lind", 982, True)]
    for i, (first, last, serial, protected) in enumerate(people):
        number = pnr(date(1980 + i, 1, 1), serial)
        data = household_data(member(number, first=first, last=last, protected_identity=protected))
        register_household(session, HouseholdIn.model_validate(data), today=TODAY, actor="test")
    session.commit()
    return unit


def test_search_by_name_and_by_personnummer(session: Session) -> None:
    unit = _populate(session)
    assert [r.person_name for r in search_cases(session, unit_id=unit.id, query="berg").rows] == ["Olle Berg"]
    number = pnr(date(1980, 1, 1), 980)
    by_number = search_cases(session, unit_id=unit.id, query=f"{number[2:8]}-{number[8:]}")
    assert [r.person_name for r in by_number.rows] == ["Eva Ek"]
    assert search_cases(session, unit_id=unit.id).total == 3


def test_protected_person_is_masked_and_not_findable_by_name(session: Session) -> None:
    unit = _populate(session)
    assert search_cases(session, unit_id=unit.id, query="Lind").total == 0
    rows = search_cases(session, unit_id=unit.id).rows
    protected = [r for r in rows if r.protected]
    assert [r.person_name for r in protected] == [PROTECTED_NAME]
    assert all("Lind" not in r.person_name for r in rows)


def test_other_units_cases_are_not_listed(session: Session) -> None:
    _populate(session)
    other, _ = unit_with_worker(session, code="EB-02", username="hl0002")
    assert search_cases(session, unit_id=other.id).total == 0


def test_pagination_and_bad_input(session: Session) -> None:
    unit = _populate(session)
    first = search_cases(session, unit_id=unit.id, page=1, page_size=2)
    second = search_cases(session, unit_id=unit.id, page=2, page_size=2)
    assert (first.pages, len(first.rows), len(second.rows)) == (2, 2, 1)
    assert {r.case_id for r in first.rows}.isdisjoint({r.case_id for r in second.rows})
    with pytest.raises(InputError):
        search_cases(session, unit_id=unit.id, query="123")
    with pytest.raises(InputError):
        search_cases(session, unit_id=unit.id, query="1980010199")  # ten digits, wrong check digit
    assert search_cases(session, unit_id=unit.id, query="'; DROP TABLE persons; --").total == 0


def test_reassignment_keeps_the_full_history(session: Session) -> None:
    unit = _populate(session)
    case = search_cases(session, unit_id=unit.id, query="Eva").rows[0]
    from ifoflow.arende.models import Case

    db_case = session.get(Case, case.case_id)
    assert db_case is not None
    new = StaffUser(username="hl0009", name="Per Nilsson", role=StaffRole.handlaggare, unit_id=unit.id)
    session.add(new)
    session.flush()
    reassign_case(session, db_case, new, actor="test")
    session.commit()
    history = list(session.scalars(select(CaseAssignment).where(CaseAssignment.case_id == db_case.id)
                                   .order_by(CaseAssignment.id)))
    assert len(history) == 2 and history[0].ended_at is not None and history[1].ended_at is None
    assert db_case.assigned_to_id == new.id
