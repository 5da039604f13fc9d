"""Personnummer for synthetic people, drawn only from the test series (födelsenummer 980-999).

See docs/testdata.md for the scheme and why these numbers are safe to use.
"""

from datetime import date, timedelta

TEST_SERIALS_FEMALE = tuple(range(980, 1000, 2))  # even third digit of födelsenumret: woman
TEST_SERIALS_MALE = tuple(range(981, 1000, 2))


def luhn_check_digit(nine_digits: str) -> int:
    """Check digit by modulus 10 with weights 2,1,2,1... over YYMMDDNNN."""
    total = 0
    for i, ch in enumerate(nine_digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def make_number(born: date, serial: int, coordination: bool = False) -> str:
    """Canonical 12-digit number; a samordningsnummer adds 60 to the day."""
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born.year}{short[2:]}{luhn_check_digit(short)}"


class NumberAllocator:
    """Hands out unique test numbers; when a day's series is used up, moves to the next day."""

    def __init__(self) -> None:
        self._next: dict[tuple[date, bool, bool], int] = {}

    def allocate(self, born: date, female: bool, coordination: bool = False) -> tuple[str, date]:
        serials = TEST_SERIALS_FEMALE if female else TEST_SERIALS_MALE
        while True:
            key = (born, female, coordination)
            used = self._next.get(key, 0)
            if used < len(serials):
                self._next[key] = used + 1
                return make_number(born, serials[used], coordination), born
            born += timedelta(days=1)
