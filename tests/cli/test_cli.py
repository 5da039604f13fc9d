import os
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from ifoflow.arende.models import Case, Person
from ifoflow.main import app
from ifoflow.settings import get_settings
from ifoflow.store.db import make_engine, session_factory
from tests.factories import household_data, member, pnr

runner = CliRunner()


def _count(url: str, model: type, *where: object) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def test_seed_then_import_a_household(settings_env: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["seed", "--households", "50", "--seed", "3", "--today", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert "50 hushåll" in result.output
    file = tmp_path / "hushall.yaml"
    file.write_text(yaml.safe_dump(household_data(member(pnr(date(1990, 2, 3), 990)))), encoding="utf-8")
    result = runner.invoke(app, ["household", "import", str(file)])
    assert result.exit_code == 0, result.output
    assert "Ärende FS-" in result.output
    assert _count(settings_env, Case) == 51


def test_bad_household_file_fails_in_swedish_and_writes_nothing(settings_env: str, tmp_path: Path) -> None:
    runner.invoke(app, ["seed", "--households", "5"])
    before = _count(settings_env, Person)
    file = tmp_path / "fel.yaml"
    file.write_text(yaml.safe_dump(household_data(member("19900203-1234"))), encoding="utf-8")
    result = runner.invoke(app, ["household", "import", str(file)])
    assert result.exit_code == 2
    assert "members[0].personnummer" in result.output and "Ogiltigt personnummer" in result.output
    file.write_text(yaml.safe_dump(household_data(member(pnr(date(1990, 2, 3), 990)), unit="NOPE")))
    result = runner.invoke(app, ["household", "import", str(file)])
    assert result.exit_code == 2 and "finns inte" in result.output
    file.write_text("members: [unclosed", encoding="utf-8")
    assert runner.invoke(app, ["household", "import", str(file)]).exit_code == 2
    assert _count(settings_env, Person) == before


def test_seed_twice_needs_reset(settings_env: str) -> None:
    assert runner.invoke(app, ["seed", "-n", "5"]).exit_code == 0
    again = runner.invoke(app, ["seed", "-n", "5"])
    assert again.exit_code == 2 and "--reset" in again.output
    assert runner.invoke(app, ["seed", "-n", "7", "--reset"]).exit_code == 0
    assert _count(settings_env, Case) == 7


def test_commands_on_an_unmigrated_database_say_what_to_do(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ifoflow.settings import get_settings

    monkeypatch.setenv("IFOFLOW_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    file = tmp_path / "h.yaml"
    file.write_text(yaml.safe_dump(household_data(member(pnr(date(1990, 2, 3), 990)))))
    result = runner.invoke(app, ["household", "import", str(file)])
    get_settings.cache_clear()
    assert result.exit_code == 2 and "ifoflow db upgrade" in result.output


def test_demo_without_serving_creates_the_municipality_once(settings_env: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ifoflow.robots.registers import registers

    before = dict(os.environ)  # the demo sets IFOFLOW_* for its own process: every one is put back below
    try:
        first = runner.invoke(app, ["demo", "--no-serve", "-n", "30"])
        assert first.exit_code == 0, first.output
        second = runner.invoke(app, ["demo", "--no-serve", "-n", "30"])
    finally:
        os.environ.clear()
        os.environ.update(before)
        get_settings.cache_clear()
    assert "finns redan" in second.output
    assert _count(settings_env, Case, Case.type == "forsorjningsstod") == 30
    registers.cache_clear()
