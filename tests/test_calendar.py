from datetime import date, timedelta

import pytest

from articles.bangla.calendar import MONTHS_BN, bangla_to_gregorian, gregorian_to_bangla, month_lengths


def test_new_year_and_known_dates():
    assert bangla_to_gregorian(1, 1, 1432) == date(2025, 4, 14)
    assert bangla_to_gregorian(1, 7, 1432) == date(2025, 10, 17)  # Boishakh..Ashwin have 31 days
    assert bangla_to_gregorian(1, 11, 1430) == date(2024, 2, 14)  # 1 Falgun
    assert bangla_to_gregorian(1, 12, 1430) == date(2024, 3, 15)  # 1 Chaitra, leap year
    assert bangla_to_gregorian(1, 12, 1431) == date(2025, 3, 15)  # 1 Chaitra, common year
    assert gregorian_to_bangla(date(2025, 11, 13)) == (28, 7, 1432)
    assert gregorian_to_bangla(date(2024, 2, 29)) == (16, 11, 1430)


def test_falgun_length_follows_gregorian_leap_year():
    assert month_lengths(1430)[10] == 30  # Falgun 1430 spans Feb 2024
    assert month_lengths(1431)[10] == 29
    assert sum(month_lengths(1430)) == 366
    assert sum(month_lengths(1431)) == 365


def test_round_trip_every_day_1950_2060():
    d = date(1950, 1, 1)
    while d < date(2060, 1, 1):
        assert bangla_to_gregorian(*gregorian_to_bangla(d)) == d
        d += timedelta(days=1)


def test_invalid_dates_raise():
    with pytest.raises(ValueError):
        bangla_to_gregorian(31, 7, 1432)  # Kartik has 30 days
    with pytest.raises(ValueError):
        bangla_to_gregorian(1, 13, 1432)
    assert len(MONTHS_BN) == 12
