"""Hand-worked examples, explanations, dated lagrum, overlays and bad input."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from ifoflow.forsorjningsstod.calculation import household_from_file
from ifoflow.rules.calculate import calculate
from ifoflow.rules.errors import RuleInputError
from ifoflow.rules.inputs import HouseholdInput

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "ensamstaende-med-barn.yaml"
MARCH_2026 = date(2026, 3, 1)


def single(**extra: object) -> HouseholdInput:
    data: dict[str, object] = {"members": [{"role": "sokande", "birth_date": "1990-06-01"}]}
    data.update(extra)
    return HouseholdInput.model_validate(data)


def test_documented_example_gives_the_hand_worked_amount() -> None:
    # docs/calculation.md: 3 940 + 2 720 + 2 195 + 1 790 + 11 200 + 420 + 190 - 5 200 - 2 500 = 14 755
    result = calculate(household_from_file(EXAMPLE), MARCH_2026)
    assert [line.amount for line in result.lines] == [3940, 2720, 2195, 1790, 11200, 420, 190, -5200, -2500]
    assert (result.norm, result.costs, result.incomes, result.entitlement) == (10645, 11810, 7700, 14755)


def test_lines_add_up_and_every_line_names_rule_lagrum_and_source() -> None:
    result = calculate(household_from_file(EXAMPLE), MARCH_2026)
    assert sum(line.amount for line in result.lines) == result.norm + result.costs - result.incomes
    for line in result.lines:
        assert line.rule and line.lagrum and line.source
        if line.kind != "inkomst":
            assert line.parameter


def test_lagrum_follows_the_law_in_force_in_the_month() -> None:
    march_2025 = calculate(single(), date(2025, 3, 1))
    assert "socialtjänstlagen (2001:453)" in march_2025.lines[0].lagrum
    assert "2001:937" in march_2025.lines[0].source
    march_2026 = calculate(single(), MARCH_2026)
    assert "socialtjänstlagen (2025:400)" in march_2026.lines[0].lagrum
    assert "2025:1046" in march_2026.lines[0].source


def test_incomes_above_need_mean_avslag() -> None:
    household = single(members=[{"role": "sokande", "birth_date": "1990-06-01", "incomes": {"lon": 25000}}],
                       costs={"hyra": 6000})
    result = calculate(household, MARCH_2026)
    assert result.entitlement == 0 and result.outcome == "avslag"


def test_overlays_set_different_rent_caps() -> None:
    city = calculate(single(costs={"hyra": 9000}, municipality="exempelstad"), MARCH_2026)
    rural = calculate(single(costs={"hyra": 9000}, municipality="exempelbygd"), MARCH_2026)
    assert (city.costs, rural.costs) == (7800, 5900)
    assert "godtas upp till 5\u00a0900\u00a0kr" in rural.lines[-1].label
    assert "Exempelbygd" in rural.lines[-1].source


def test_ovrig_adults_incomes_are_not_counted() -> None:
    household = HouseholdInput.model_validate({"members": [
        {"role": "sokande", "birth_date": "1990-06-01"},
        {"role": "ovrig", "birth_date": "1960-06-01", "incomes": {"pension": 20000}}]})
    assert calculate(household, MARCH_2026).incomes == 0


@pytest.mark.parametrize("month, text", [(date(2019, 3, 1), "år 2019"), (date(2027, 3, 1), "år 2027")])
def test_months_without_parameters_name_the_year(month: date, text: str) -> None:
    with pytest.raises(RuleInputError) as exc:
        calculate(single(), month)
    assert exc.value.field == "month" and text in exc.value.message


@pytest.mark.parametrize("data", [
    {"members": [{"role": "sokande", "birth_date": "1990-06-01", "incomes": {"lon": -5}}]},
    {"members": [{"role": "sokande", "birth_date": "1990-06-01"}], "costs": {"champagne": 100}},
    {"members": [{"role": "sokande", "birth_date": "1990-06-01"}], "costs": {"hyra": 1_000_001}},
    {"members": [{"role": "barn", "birth_date": "2010-06-01"}]},
    {"members": [{"role": "sokande", "birth_date": "1990-06-01", "age": 3}]},
])
def test_bad_input_is_refused_naming_the_field(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        HouseholdInput.model_validate(data)


def test_child_over_twenty_and_unknown_municipality_are_refused() -> None:
    grown = HouseholdInput.model_validate({"members": [{"role": "sokande", "birth_date": "1970-06-01"},
                                                       {"role": "barn", "birth_date": "2004-01-01"}]})
    with pytest.raises(RuleInputError):
        calculate(grown, MARCH_2026)
    with pytest.raises(RuleInputError) as exc:
        calculate(single(municipality="atlantis"), MARCH_2026)
    assert exc.value.field == "municipality"
