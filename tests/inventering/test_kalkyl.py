import pytest

from ifoflow.domain.errors import InputError
from ifoflow.inventering.kalkyl import benefit, investment


def test_the_issues_example_to_the_krona() -> None:
    rows = investment(1_000_000, 2.0, 5)
    assert [r.interest for r in rows] == [20_000, 16_000, 12_000, 8_000, 4_000]
    assert [r.depreciation for r in rows] == [200_000] * 5
    assert [r.cost for r in rows] == [220_000, 216_000, 212_000, 208_000, 204_000]
    assert sum(r.interest for r in rows) == 60_000 and sum(r.cost for r in rows) == 1_060_000


def test_uneven_amounts_add_up_exactly() -> None:
    # by hand: 1 000 000 / 3 = 333 333 a year, 333 334 the last; interest 3.5 % of 1 000 000, 666 667, 333 334
    rows = investment(1_000_000, 3.5, 3)
    assert [r.depreciation for r in rows] == [333_333, 333_333, 333_334]
    assert [r.interest for r in rows] == [35_000, 23_333, 11_667]
    assert sum(r.depreciation for r in rows) == 1_000_000


def test_seed_norrtalje_2023_one_million_over_three_years() -> None:
    # 1 000 tkr at 2 %, three years: 333 333 + 20 000 = 353 333 the first year (hand-checked)
    assert investment(1_000_000, 2.0, 3)[0].cost == 353_333


def test_benefit_hours_posts_and_value() -> None:
    # 1 200 cases x 20 min x 70 % = 280 h; 280 / 2 003 = 0.14 of a post;
    # hourly cost 35 000 x 12 x 1.4 / 2 003 = 293.56 -> 294 kr; value 293.56 x 280 = 82 197 kr
    result = benefit(volume_per_year=1200, minutes_per_case=20, automated_share=0.7, monthly_salary=35_000,
                     overhead_percent=40)
    assert (result.hours_per_year, result.full_time_share, result.hourly_cost, result.value_per_year) == (
        280.0, 0.14, 294, 82_197)


@pytest.mark.parametrize("args", [(0, 2.0, 5), (1000, -1.0, 5), (1000, 2.0, 0)])
def test_bad_investment_input_names_the_field(args: tuple[int, float, int]) -> None:
    with pytest.raises(InputError):
        investment(*args)
