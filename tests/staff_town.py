import hashlib
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Case, Document, Task
from ifoflow.atkomst.auth import hash_password
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.settings import get_settings
from ifoflow.synthetic.seed import DEMO_PASSWORD, seed


@dataclass
class Target:
    unit: str
    case_id: int
    person_id: int
    task_id: int
    document_id: int


@pytest.fixture
def town(engine: Engine, settings_env: str) -> dict[str, Target]:
    """Two försörjningsstöd units (EB-01, EB-02), a user of every role in EB-01, and per unit a case, a task and
    a document on disk."""
    seed(engine, households=1250, seed=3, today=date(2026, 11, 1))
    factory = sessionmaker(engine)
    targets = {}
    with factory() as s:
        home = s.scalar(select(Unit.id).where(Unit.code == "EB-01"))
        secret = hash_password(DEMO_PASSWORD)
        for role in StaffRole:
            s.add(StaffUser(username=f"eb01_{role.value}", name=f"Test {role.value}", role=role, unit_id=home,
                            password_hash=secret))
        for code in ("EB-01", "EB-02"):
            case = s.scalars(select(Case).join(Unit).where(Unit.code == code, Case.status == "pagaende")).first()
            assert case is not None and case.person_id is not None
            task = Task(unit_id=case.unit_id, case_id=case.id, kind="kontroll", reason="Kontroll", evidence={},
                        deadline=date(2026, 12, 1), status=TaskStatus.oppen)
            content = f"Underlag {code}".encode()
            digest = hashlib.sha256(content).hexdigest()
            folder = get_settings().data_dir / "documents"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / digest).write_bytes(content)
            doc = Document(case_id=case.id, person_id=case.person_id, kind="underlag", filename="underlag.txt",
                           content_type="text/plain", sha256=digest, size_bytes=len(content))
            s.add_all([task, doc])
            s.flush()
            targets[code] = Target(code, case.id, case.person_id, task.id, doc.id)
        s.commit()
    return targets
