"""Moments are stored in UTC and read in Swedish time, summer and winter; a time a person types is Swedish."""

from datetime import UTC, datetime

from ifoflow.domain import format as fmt


def test_a_stored_moment_is_shown_in_swedish_time_summer_and_winter() -> None:
    assert fmt.moment(datetime(2026, 1, 15, 23, 30)) == "2026-01-16 00:30"  # CET, across midnight
    assert fmt.moment(datetime(2026, 7, 1, 8, 0)) == "2026-07-01 10:00"  # CEST
    assert fmt.moment(datetime(2026, 7, 1, 8, 0, tzinfo=UTC)) == "2026-07-01 10:00"
    assert fmt.moment(None) == "–"


def test_a_typed_swedish_time_is_stored_in_utc_and_shown_back_as_typed() -> None:
    typed = datetime(2026, 3, 29, 3, 15)  # the morning summer time begins
    stored = fmt.from_local(typed)
    assert stored == datetime(2026, 3, 29, 1, 15) and stored.tzinfo is None
    assert fmt.moment(stored) == "2026-03-29 03:15"
