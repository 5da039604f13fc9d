from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import tasks
from ifoflow.arende.models import Case, Person, Task
from ifoflow.arende.registration import HouseholdIn, register_household
from ifoflow.arende.service import move_cases, reassign_case
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.brev import delivery
from ifoflow.brev.models import Letter
from ifoflow.brev.service import text as letter_text
from ifoflow.brevutskick.robot import print_robot
from ifoflow.domain.enums import CaseStatus, StaffRole, TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.infobrev.robot import robot as infobrev
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.core.schedule import first_bank_day, is_bank_day, next_runs, run_key_if_due
from tests.factories import household_data, member, pnr


def _new_worker(session: Session, username: str = "hl0002") -> StaffUser:
    unit_id = session.scalar(select(StaffUser.unit_id).where(StaffUser.username == "hl0001"))
    user = StaffUser(username=username, name="Per Persson", role=StaffRole.handlaggare, unit_id=unit_id)
    session.add(user)
    session.commit()
    return user


def _letters(session: Session) -> list[Letter]:
    session.expire_all()
    return list(session.scalars(select(Letter).where(Letter.kind == "infobrev_ny_handlaggare").order_by(Letter.id)))


def test_one_letter_per_reassigned_open_case_naming_the_new_case_worker(session: Session,
                                                                        cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    worker = _new_worker(session)
    for case_id in cases[:2]:
        reassign_case(session, session.get_one(Case, case_id), worker, actor="chef")
    session.commit()
    assert run_robot(factory, infobrev, run_key="e1").counts == {"done": 2}
    assert run_robot(factory, infobrev, run_key="e2").counts == {}  # nothing new: nothing written again
    written = _letters(session)
    assert [x.case_id for x in written] == cases[:2] and {x.status for x in written} == {"vantar"}
    text = letter_text(written[0])
    assert "Per Persson" in text and session.get_one(Case, cases[0]).case_number in text


def test_reassigned_twice_before_it_goes_out_names_only_the_latest(session: Session, cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    first, second = _new_worker(session), _new_worker(session, "hl0003")
    second.name = "Lina Lund"
    case = session.get_one(Case, cases[0])
    reassign_case(session, case, first, actor="chef")
    session.commit()
    run_robot(factory, infobrev, run_key="e1")
    reassign_case(session, case, second, actor="chef")
    session.commit()
    run_robot(factory, infobrev, run_key="e2")
    written = _letters(session)
    assert [x.status for x in written] == ["ersatt", "vantar"]
    assert "Lina Lund" in letter_text(written[1])
    # Moved on again before the robot ran: the waiting letter is replaced at sending, never sent.
    reassign_case(session, case, first, actor="chef")
    session.commit()
    assert delivery.claim(session, [written[1].id], actor="test") == []
    session.commit()
    assert _letters(session)[1].status == "ersatt"


def test_closed_cases_and_units_that_chose_not_get_none(session: Session, cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    worker = _new_worker(session)
    for case_id in cases:
        reassign_case(session, session.get_one(Case, case_id), worker, actor="chef")
    session.get_one(Case, cases[0]).status = CaseStatus.avslutad
    session.commit()
    other_unit = Unit(code="EB-02", name="Försörjningsstöd Syd", kind="ekonomiskt_bistand", info_letters=False)
    session.add(other_unit)
    session.flush()
    session.get_one(Case, cases[1]).unit_id = other_unit.id
    session.commit()
    run_robot(factory, infobrev, run_key="e1")
    assert [x.case_id for x in _letters(session)] == [cases[2]]


def test_a_medsokande_at_another_address_gets_a_letter_of_their_own(session: Session, cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    data = household_data(member(pnr(date(1975, 5, 5), 983), first="Ann"),
                          member(pnr(date(1976, 6, 6), 985), role="medsokande", first="Bo"))
    case = register_household(session, HouseholdIn.model_validate(data), today=date(2026, 3, 1), actor="test")
    session.commit()
    co = session.scalar(select(Person).where(Person.first_name == "Bo"))
    assert co is not None
    reassign_case(session, case, _new_worker(session), actor="chef")
    session.commit()
    run_robot(factory, infobrev, run_key="e1")
    assert len(_letters(session)) == 1  # same address: one letter to the household
    co.street = "Annangatan 2"
    reassign_case(session, case, _new_worker(session, "hl0003"), actor="chef")
    session.commit()
    run_robot(factory, infobrev, run_key="e2")
    assert sorted(x.person_id for x in _letters(session) if x.status == "vantar") == sorted([case.person_id, co.id])


def test_a_bulk_move_of_120_cases_gives_120_letters_once_even_when_killed(session: Session,
                                                                        cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    for i in range(117):
        data = household_data(member(pnr(date(1950 + i % 50, 1 + i % 12, 1 + i % 28), 100 + 2 * i),
                                     first=f"K{i}"))
        register_household(session, HouseholdIn.model_validate(data), today=date(2026, 3, 1), actor="test")
    session.commit()
    _new_worker(session)
    assert move_cases(session, from_username="hl0001", to_username="hl0002", actor="chef") == 120
    session.commit()
    run_id = start_run(factory, infobrev, run_key="e-bulk")
    done: list[str] = []

    def crash(moment: str, item: str, step: str) -> None:
        if moment == "before_commit" and step == "write_letters":
            done.append(item)
            if len(done) == 50:
                raise KeyboardInterrupt  # killed with the 50th letter written but not committed

    with pytest.raises(KeyboardInterrupt):
        execute(factory, infobrev, run_id, hook=crash)
    assert len(_letters(session)) == 49
    execute(factory, infobrev, run_id)
    run_robot(factory, infobrev, run_key="e-again")  # a second event run finds nothing new
    written = _letters(session)
    assert len(written) == 120 and len({x.case_id for x in written}) == 120


def test_cases_move_by_number_or_all_of_a_leaving_case_worker_with_errors_naming_the_field(
        session: Session, cases: list[int]) -> None:
    _new_worker(session)
    number = session.get_one(Case, cases[0]).case_number
    assert move_cases(session, case_numbers=[number], to_username="hl0002", actor="chef") == 1
    with pytest.raises(InputError) as missing:
        move_cases(session, case_numbers=["IFO-1999-000001"], to_username="hl0002", actor="chef")
    assert missing.value.field == "arenden"
    with pytest.raises(InputError) as nobody:
        move_cases(session, from_username="hl0001", to_username="okand", actor="chef")
    assert nobody.value.field == "till"


def test_task_queue_claim_complete_reassign(session: Session, cases: list[int]) -> None:
    unit_id = session.get_one(Case, cases[0]).unit_id
    task = Task(unit_id=unit_id, case_id=cases[0], kind="kontroll", reason="Inkomst saknas", evidence={"lon": 5000},
                deadline=date(2026, 3, 10), status=TaskStatus.oppen)
    session.add(task)
    session.commit()
    _new_worker(session)
    assert [t.id for t in tasks.open_tasks(session, unit_id)] == [task.id]
    with pytest.raises(InputError):
        tasks.claim(session, task.id, "adm01")  # another unit
    tasks.claim(session, task.id, "hl0001")
    with pytest.raises(InputError):
        tasks.claim(session, task.id, "hl0002")  # already taken
    tasks.reassign(session, task.id, "hl0002", actor="chef")
    with pytest.raises(InputError):
        tasks.complete(session, task.id, "hl0002", note=" ")
    tasks.complete(session, task.id, "hl0002", note="Kontrollerat, inkomsten är redovisad.")
    session.commit()
    assert tasks.open_tasks(session, unit_id) == []


def test_bank_day_schedules() -> None:
    assert first_bank_day(2026, 1) == date(2026, 1, 2)  # nyårsdagen is a holiday
    assert first_bank_day(2026, 2) == date(2026, 2, 2)  # 1 February is a Sunday
    assert not is_bank_day(date(2026, 6, 19))  # midsommarafton
    assert not is_bank_day(date(2026, 12, 24))  # julafton
    assert run_key_if_due(print_robot, date(2026, 12, 24)) is None
    assert next_runs(print_robot, date(2026, 12, 23)) == [date(2026, 12, 23), date(2026, 12, 28),
                                                          date(2026, 12, 29)]
