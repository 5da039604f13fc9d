import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from ifoflow.arende.models import Household
from ifoflow.main import app
from ifoflow.store.db import make_engine, session_factory
from ifoflow.synthetic.seed import seed

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "ensamstaende-med-barn.yaml"


def test_calc_run_prints_the_explained_calculation() -> None:
    result = runner.invoke(app, ["calc", "run", str(EXAMPLE), "--month", "2026-03"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Försörjningsstöd: 14 755 kr" in result.output.replace("\xa0", " ")
    assert "12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400)" in result.output


def test_calc_run_json_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["calc", "run", str(EXAMPLE), "--month", "2025-03", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["entitlement"] == 14665  # 2025 amounts, worked by hand in docs/calculation.md
    assert {"entitlement", "norm", "costs", "incomes", "lines"} <= set(body)
    assert all({"amount", "rule", "lagrum", "source"} <= set(line) for line in body["lines"])
    assert "(2001:453)" in body["lines"][0]["lagrum"]


def test_calc_run_from_the_store(settings_env: str) -> None:
    engine = make_engine(settings_env)
    seed(engine, households=20, seed=4, today=date(2026, 2, 15))
    with session_factory(engine)() as s:
        household_id = s.scalar(select(Household.id).limit(1))
    result = runner.invoke(app, ["calc", "run", "--household", str(household_id), "--month", "2026-03", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entitlement"] >= 0
    missing = runner.invoke(app, ["calc", "run", "--household", "999999", "--month", "2026-03"])
    assert missing.exit_code == 2 and "finns inte" in missing.output


def test_calc_run_bad_input_fails_in_swedish(tmp_path: Path) -> None:
    cases = {
        "members: [{role: sokande, birth_date: 1990-01-01}]\ncosts: {hyra: -5}\n": "costs",
        "members: [{role: sokande, birth_date: 1990-01-01}]\ncosts: {pool: 500}\n": "Okänd kostnadstyp",
        "members: [{role: sokande, birth_date: 1990-01-01}]\ncosts: {hyra: 2000000}\n": "mellan 0 och",
        "members: [{role: sokande, personnummer: '19900101-0000'}]\n": "members[0].personnummer",
        "members: [{role: sokande}]\n": "födelsedatum",
        "[unclosed": "fel på rad 1, kolumn 10",
    }
    for text, expected in cases.items():
        file = tmp_path / "h.yaml"
        file.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["calc", "run", str(file), "--month", "2026-03"])
        assert result.exit_code == 2, text
        assert expected in result.output, (text, result.output)
    old = runner.invoke(app, ["calc", "run", str(EXAMPLE), "--month", "2019-03"])
    assert old.exit_code == 2 and "2019" in old.output
    bad_month = runner.invoke(app, ["calc", "run", str(EXAMPLE), "--month", "mars"])
    assert bad_month.exit_code == 2 and "ÅÅÅÅ-MM" in bad_month.output
