from datetime import date

from ifoflow.domain import identity
from ifoflow.domain.testnumbers import NumberAllocator


def test_allocated_numbers_are_valid_unique_test_series_with_sex_parity() -> None:
    allocator = NumberAllocator()
    seen = set()
    for female in (True, False):
        for _ in range(25):  # more than the 10 per day and sex: spills to the next day
            number, born = allocator.allocate(date(1990, 5, 31), female)
            assert identity.canonical(number) == number
            assert 980 <= int(number[8:11]) <= 999
            assert int(number[10]) % 2 == (0 if female else 1)
            assert identity.birth_date(number) == born
            seen.add(number)
    assert len(seen) == 50


def test_samordningsnummer_are_valid_and_carry_the_birth_date() -> None:
    number, born = NumberAllocator().allocate(date(1975, 2, 28), False, coordination=True)
    assert identity.is_samordningsnummer(number)
    assert identity.birth_date(number) == born == date(1975, 2, 28)
