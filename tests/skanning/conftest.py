"""Scanning fixtures: the classifier trained once per test session on the shipped corpus (each test gets its own
copy in its data directory), and a store with three known applicants, the archive unit and the child unit."""

import pickle
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Person
from ifoflow.atkomst.models import Unit
from ifoflow.domain.enums import UnitKind
from ifoflow.settings import get_settings
from ifoflow.skanning import classify, testpaper

ARRIVED = date(2026, 11, 20)


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("modell") / "skanning.pkl"
    path.write_bytes(pickle.dumps({"model": classify.fit(classify.corpus()), "meta": {}}))
    return path


@pytest.fixture
def model(settings_env: str, trained_model: Path) -> None:
    target = get_settings().data_dir / "modeller" / "skanning.pkl"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(trained_model, target)


@pytest.fixture
def known(session: Session, cases: list[int], model: None) -> list[testpaper.Known]:
    session.add(Unit(code="BU-01", name="Barn och unga", kind=UnitKind.barn_och_unga))
    for person, name in zip(session.scalars(select(Person).order_by(Person.id)), ("Kim", "Ola", "Siv"),
                            strict=False):
        person.first_name = name  # names as people have them ("P0" reads as "PO")
    session.commit()
    found = testpaper.known_people(session, 3)
    assert len(found) == 3
    return found


def scan(name: str, papers: list[testpaper.Paper], *, seed: int = 1, **kw: object) -> testpaper.ScanFile:
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    return testpaper.one_file(name, papers, rng=rng, fake=fake, today=ARRIVED, **kw)  # type: ignore[arg-type]
