"""The Bangla (Bengali) calendar as revised in Bangladesh in 2019.

Rules (Bangla Academy revision, in force from 1426 BS):
- 1 Boishakh is always 14 April; the Bangla year Y begins in Gregorian year Y + 593.
- Boishakh .. Ashwin (months 1-6) have 31 days.
- Falgun (month 11) has 29 days, or 30 when the Gregorian year in which it falls is a leap year,
  so that Falgun absorbs 29 February and 1 Chaitra is always 15 March.
- All other months have 30 days.

Some site widgets still use the 1987 rule (Ashwin 30 days), which puts dates from Kartik onwards one day
off; callers that cross-check a printed Bangla date should allow a day of slack.
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta

# Index 0 is month 1 (Boishakh). Canonical spelling first; variants are accepted by the date parser.
MONTHS_BN = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)

# Spelling variants seen on news sites, keyed by month index 1..12.
MONTH_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("বৈশাখ",),
    2: ("জ্যৈষ্ঠ", "জৈষ্ঠ্য", "জৈষ্ঠ", "জ্যেষ্ঠ", "জ্যৈষ্ঠ্য"),
    3: ("আষাঢ়",),
    4: ("শ্রাবণ", "শ্রাবন"),
    5: ("ভাদ্র",),
    6: ("আশ্বিন",),
    7: ("কার্তিক", "কার্ত্তিক", "কার্তীক"),
    8: ("অগ্রহায়ণ", "অগ্রহায়ন", "অঘ্রাণ", "অগ্রহয়ণ"),
    9: ("পৌষ",),
    10: ("মাঘ",),
    11: ("ফাল্গুন", "ফাগুন"),
    12: ("চৈত্র",),
}

BANGLA_EPOCH_OFFSET = 593  # Gregorian year of 1 Boishakh = Bangla year + 593


def month_lengths(bangla_year: int) -> list[int]:
    """Lengths of the twelve months of one Bangla year under the 2019 rule."""
    falgun_gregorian_year = bangla_year + BANGLA_EPOCH_OFFSET + 1  # Falgun runs mid-Feb..mid-Mar
    falgun = 30 if _gregorian.isleap(falgun_gregorian_year) else 29
    return [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, falgun, 30]


def bangla_to_gregorian(day: int, month: int, bangla_year: int) -> date:
    """Convert a Bangla date (month 1 = Boishakh) to a Gregorian date; ValueError if it does not exist."""
    if not 1 <= month <= 12:
        raise ValueError(f"Bangla month must be 1..12, got {month}")
    lengths = month_lengths(bangla_year)
    if not 1 <= day <= lengths[month - 1]:
        raise ValueError(f"{MONTHS_BN[month - 1]} {bangla_year} has {lengths[month - 1]} days, got {day}")
    start = date(bangla_year + BANGLA_EPOCH_OFFSET, 4, 14)
    return start + timedelta(days=sum(lengths[: month - 1]) + day - 1)


def gregorian_to_bangla(d: date) -> tuple[int, int, int]:
    """Convert a Gregorian date to (day, month 1..12, Bangla year)."""
    year = d.year - BANGLA_EPOCH_OFFSET
    if (d.month, d.day) < (4, 14):
        year -= 1
    offset = (d - date(year + BANGLA_EPOCH_OFFSET, 4, 14)).days
    for index, length in enumerate(month_lengths(year)):
        if offset < length:
            return offset + 1, index + 1, year
        offset -= length
    raise AssertionError("unreachable: a Bangla year covers exactly one Gregorian year")  # pragma: no cover
