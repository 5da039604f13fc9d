from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import tasks
from ifoflow.arende.models import Case, Person, Task
from ifoflow.arende.service import reassign_case
from ifoflow.atkomst.models import StaffUser
from ifoflow.brev.models import Letter
from ifoflow.brev.service import text as letter_text
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.infobrev.robot import robot as infobrev
from ifoflow.robots.core.schedule import first_bank_day, is_bank_day, next_runs, run_key_if_due


def _new_worker(session: Session, username: str = "hl0002") -> StaffUser:
    unit_id = session.scalar(select(StaffUser.unit_id).where(StaffUser.username == "hl0001"))
    user = StaffUser(username=username, name="Per Persson", role=StaffRole.handlaggare, unit_id=unit_id)
    session.add(user)
    session.commit()
    return user


def test_infobrev_sends_one_letter_per_new_case_worker_and_protected_go_manual(session: Session,
                                                                                cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    worker = _new_worker(session)
    protected_case = session.get_one(Case, cases[1])
    session.get_one(Person, protected_case.person_id).protected_identity = True
    for case_id in cases[:2]:
        reassign_case(session, session.get_one(Case, case_id), worker, actor="chef")
    session.commit()
    first = run_robot(factory, infobrev, run_key="2026-03-02")
    assert first.counts == {"done": 1, "human": 1}
    again = run_robot(factory, infobrev, run_key="2026-03-03")  # next day: same assignments, no new letters
    assert again.counts == {"done": 1, "human": 1}
    letters = session.scalars(select(Letter)).all()
    assert len(letters) == 2
    assert {letter.status for letter in letters} == {"skapad", "manuell"}
    assert "Per Persson" in letter_text(letters[0])
    task = session.scalar(select(Task).where(Task.kind == "skyddad_identitet_brev"))
    assert task is not None and task.case_id == cases[1]


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
    assert run_key_if_due(infobrev, date(2026, 12, 24)) is None
    assert next_runs(infobrev, date(2026, 12, 23)) == [date(2026, 12, 23), date(2026, 12, 28), date(2026, 12, 29)]
