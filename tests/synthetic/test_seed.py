from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.domain import identity
from ifoflow.domain.enums import MemberRole, StaffRole
from ifoflow.domain.errors import InputError
from ifoflow.store.audit import AuditEvent
from ifoflow.store.db import session_factory
from ifoflow.synthetic.seed import seed

TODAY = date(2026, 11, 1)


def _persons(engine: Engine) -> list[tuple[str, str, str]]:
    with session_factory(engine)() as s:
        return list(s.execute(select(Person.personnummer, Person.first_name, Person.last_name).order_by(Person.id)))


def test_same_seed_gives_the_same_municipality(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> None:
    from ifoflow.store.db import make_engine, upgrade

    seed(engine, households=300, seed=7, today=TODAY)
    other = make_engine(f"sqlite:///{tmp_path_factory.mktemp('again') / 'again.db'}")
    upgrade(other)
    seed(other, households=300, seed=7, today=TODAY)
    assert _persons(engine) == _persons(other)
    third = make_engine(f"sqlite:///{tmp_path_factory.mktemp('third') / 'third.db'}")
    upgrade(third)
    seed(third, households=300, seed=8, today=TODAY)
    assert _persons(third) != _persons(engine)


def test_seeded_municipality_is_realistic(engine: Engine) -> None:
    result = seed(engine, households=2400, seed=1, today=TODAY)
    with session_factory(engine)() as s:
        numbers = list(s.scalars(select(Person.personnummer)))
        assert len(numbers) == len(set(numbers)) == result.persons
        assert all(identity.canonical(n) == n and 980 <= int(n[8:11]) <= 999 for n in numbers)
        roles = Counter(s.scalars(select(HouseholdMember.role)))
        assert roles[MemberRole.sokande] == 2400
        assert 0 < roles[MemberRole.medsokande] < roles[MemberRole.sokande] / 2
        shared = s.scalar(select(func.count()).where(HouseholdMember.share_of_time < 1))
        assert shared and shared > 0
        protected = s.scalar(select(func.count()).where(Person.protected_identity))
        assert protected is not None and 0 < protected < 0.02 * result.persons
        workers = s.scalar(select(func.count()).where(StaffUser.role == StaffRole.handlaggare,
                                                       StaffUser.username.like("hl%")))
        assert workers == 20  # 2400 households at 120 each
        per_worker = Counter(s.scalars(select(Case.assigned_to_id)))
        assert max(per_worker.values()) == 120
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_seed_refuses_a_database_that_already_has_people(engine: Engine) -> None:
    seed(engine, households=10, seed=1, today=TODAY)
    with pytest.raises(InputError) as exc:
        seed(engine, households=10, seed=1, today=TODAY)
    assert exc.value.field == "databas"
    assert len(_persons(engine)) > 0
