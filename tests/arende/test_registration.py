from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, CaseAssignment, Household, HouseholdCost, Income, Person
from ifoflow.arende.registration import HouseholdIn, register_household
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.validation import to_input_error
from ifoflow.store.audit import AuditEvent
from tests.factories import household_data, member, pnr, unit_with_worker

TODAY = date(2026, 11, 23)
MOTHER = pnr(date(1988, 4, 2), 980)
CHILD = pnr(date(2016, 9, 9), 983)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _register(session: Session, data: dict[str, object]) -> Case:
    case = register_household(session, HouseholdIn.model_validate(data), today=TODAY, actor="test")
    session.commit()
    return case


def test_registering_a_household_opens_an_assigned_case(session: Session) -> None:
    _, worker = unit_with_worker(session)
    data = household_data(member(MOTHER, incomes={"lon": 8000}),
                          member(CHILD, "barn", first="Ali", share_of_time=0.5))
    case = _register(session, data)
    assert case.case_number.startswith("FS-2026-")
    assert case.assigned_to_id == worker.id
    assert _count(session, CaseAssignment) == 1
    assert _count(session, Person) == 2
    assert session.scalar(select(Income.amount)) == 8000
    assert session.scalar(select(HouseholdCost.amount).where(HouseholdCost.kind == "hyra")) == 7200
    household = session.get(Household, case.household_id)
    assert household is not None
    assert {float(m.share_of_time) for m in household.members} == {1.0, 0.5}
    assert session.scalar(select(AuditEvent.action)) == "case.opened"


def _assert_nothing_written(session: Session, persons: int = 0) -> None:
    session.rollback()
    assert _count(session, Person) == persons
    assert _count(session, Case) == persons and _count(session, Household) == persons


def test_invalid_personnummer_names_the_member_and_writes_nothing(session: Session) -> None:
    unit_with_worker(session)
    bad = CHILD[:-1] + str((int(CHILD[-1]) + 1) % 10)
    with pytest.raises(InputError) as exc:
        _register(session, household_data(member(MOTHER), member(bad, "barn")))
    assert exc.value.field == "members[1].personnummer"
    _assert_nothing_written(session)


def test_member_of_another_household_is_refused_and_nothing_written(session: Session) -> None:
    unit_with_worker(session)
    _register(session, household_data(member(MOTHER)))
    other = pnr(date(1970, 1, 1), 981)
    with pytest.raises(InputError) as exc:
        _register(session, household_data(member(other), member(MOTHER, "medsokande")))
    assert exc.value.field == "members[1].personnummer"
    assert "redan medlem" in exc.value.message
    _assert_nothing_written(session, persons=1)


def test_the_same_person_twice_is_refused(session: Session) -> None:
    unit_with_worker(session)
    with pytest.raises(InputError) as exc:
        _register(session, household_data(member(MOTHER), member(MOTHER, "medsokande")))
    assert "två gånger" in exc.value.message
    _assert_nothing_written(session)


def test_unknown_unit_is_refused(session: Session) -> None:
    unit_with_worker(session)
    with pytest.raises(NotFoundError) as exc:
        _register(session, household_data(member(MOTHER), unit="XX-99"))
    assert exc.value.field == "unit"
    _assert_nothing_written(session)


@pytest.mark.parametrize("data, field", [
    (household_data(member(MOTHER, role="chef")), "members[0].role"),
    (household_data(member(MOTHER, first="")), "members[0].first_name"),
    (household_data(member(MOTHER), costs={"hyra": "mycket"}), "costs.hyra"),
    ({"members": []}, "unit"),
])
def test_malformed_files_give_a_swedish_message_naming_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        HouseholdIn.model_validate(data)
    error = to_input_error(exc.value)
    assert error.field == field
    assert error.message and not error.message.startswith("Input")


def test_negative_amounts_and_missing_applicant_are_refused(session: Session) -> None:
    unit_with_worker(session)
    with pytest.raises(InputError) as exc:
        _register(session, household_data(member(MOTHER), costs={"hyra": -1}))
    assert exc.value.field == "costs.hyra"
    with pytest.raises(InputError) as exc:
        _register(session, household_data(member(MOTHER, "barn")))
    assert exc.value.field == "members.role"
    _assert_nothing_written(session)
