from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ifoflow.domain import identity
from ifoflow.domain.errors import InputError
from tests.factories import pnr


def test_short_and_long_forms_give_the_same_canonical_number() -> None:
    number = pnr(date(1985, 3, 14), 981)
    assert identity.canonical(number) == number
    assert identity.canonical(f"{number[2:8]}-{number[8:]}") == number


def test_wrong_check_digit_is_refused_naming_the_field() -> None:
    number = pnr(date(1985, 3, 14), 981)
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(InputError) as exc:
        identity.canonical(broken, field="members[0].personnummer")
    assert exc.value.field == "members[0].personnummer"
    assert "Ogiltigt personnummer" in exc.value.message


@pytest.mark.parametrize("value", ["", "   ", "abc", "19851399-9811", "1234"])
def test_garbage_is_refused(value: str) -> None:
    assert not identity.is_valid(value)


def test_samordningsnummer_gives_real_birth_date_and_age() -> None:
    number = pnr(date(2000, 6, 15), 982, coordination=True)
    assert identity.is_samordningsnummer(number)
    assert identity.birth_date(number) == date(2000, 6, 15)
    assert identity.age_on(number, date(2026, 6, 14)) == 25
    assert identity.age_on(number, date(2026, 6, 15)) == 26


@given(st.lists(st.tuples(st.dates(date(1900, 1, 1), date(2026, 12, 31)), st.booleans()), max_size=50))
def test_many_birth_dates_at_once_agree_with_one_at_a_time(born: list[tuple[date, bool]]) -> None:
    numbers = [pnr(day, 980 + i % 20, coordination) for i, (day, coordination) in enumerate(born)]
    assert [d.item() for d in identity.birth_dates(numbers)] == [identity.birth_date(n) for n in numbers]
