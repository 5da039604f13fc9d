"""OpenFisca-style YAML cases: every age band and household size, for each year."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ifoflow.rules.calculate import calculate
from ifoflow.rules.inputs import HouseholdInput

CASES = [case for file in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
         for case in yaml.safe_load(file.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = calculate(HouseholdInput.model_validate(case["input"]), date.fromisoformat(f"{case['period']}-01"))
    expected = case["output"]
    assert result.norm == expected["norm"]
    assert result.entitlement == expected["entitlement"]
    assert all(expected["lagrum_contains"] in line.lagrum for line in result.lines)


def test_every_band_and_size_is_covered_for_each_year() -> None:
    names = [c["name"] for c in CASES]
    for month in ("2025-03", "2025-09", "2026-03"):
        assert sum(month in n and "Ensamstående med barn" in n for n in names) == 12  # 8 bands, 4 with lunch variant
        assert sum(month in n and n.startswith("Hushåll med") for n in names) == 9
