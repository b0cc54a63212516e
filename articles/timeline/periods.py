"""Calendar periods for timelines: days, ISO weeks, months and years, Gregorian or Bangla.

Pure date arithmetic (no Django), shared by every search engine: an engine counts documents between
consecutive period starts, so a period's count is exactly the search restricted to
date_from=start .. date_to=end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from articles.bangla.calendar import bangla_to_gregorian, gregorian_to_bangla

INTERVALS = ("day", "week", "month", "year")
CALENDARS = ("gregorian", "bangla")
MAX_PERIODS = 4000  # a day-by-day chart of eleven years; more is unreadable and slow to draw


class PeriodError(ValueError):
    """A period range that cannot be drawn (too many periods); the message names the fix."""


@dataclass(frozen=True)
class Period:
    key: str  # "2025-12", "2025-W49", "2025-12-05", "2025"; Bangla: "1432-09", "1432"
    start: date
    end: date  # the last day, inclusive (the search's date_to)


def choose_interval(first: date, last: date) -> str:
    """A readable resolution for a span: days up to two months, weeks up to half a year, months up
    to two years, years beyond."""
    days = (last - first).days
    if days <= 60:
        return "day"
    if days <= 183:
        return "week"
    if days <= 731:
        return "month"
    return "year"


def _start_of(day: date, interval: str, calendar: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks begin on Monday
    if calendar == "bangla":
        _d, month, year = gregorian_to_bangla(day)
        return bangla_to_gregorian(1, month if interval == "month" else 1, year)
    return date(day.year, day.month if interval == "month" else 1, 1)


def _next(start: date, interval: str, calendar: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if calendar == "bangla":
        _d, month, year = gregorian_to_bangla(start)
        if interval == "year" or month == 12:
            return bangla_to_gregorian(1, 1, year + 1)
        return bangla_to_gregorian(1, month + 1, year)
    if interval == "year" or start.month == 12:
        return date(start.year + 1, 1, 1)
    return date(start.year, start.month + 1, 1)


def _key(start: date, interval: str, calendar: str) -> str:
    if interval == "day":
        return start.isoformat()
    if interval == "week":
        year, week, _weekday = start.isocalendar()
        return f"{year}-W{week:02d}"
    if calendar == "bangla":
        _d, month, year = gregorian_to_bangla(start)
        return f"{year}" if interval == "year" else f"{year}-{month:02d}"
    return f"{start.year}" if interval == "year" else f"{start.year}-{start.month:02d}"


def periods(first: date, last: date, interval: str, calendar: str = "gregorian") -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, empty ones included."""
    if interval not in INTERVALS or calendar not in CALENDARS:
        raise PeriodError(f"unknown interval or calendar: {interval}, {calendar}")
    if calendar == "bangla" and interval in ("day", "week"):
        calendar = "gregorian"  # days and weeks are the same in both calendars
    result = []
    start = _start_of(first, interval, calendar)
    while start <= last:
        following = _next(start, interval, calendar)
        result.append(Period(_key(start, interval, calendar), start, following - timedelta(days=1)))
        if len(result) > MAX_PERIODS:
            raise PeriodError("too_many_periods")
        start = following
    return result


def chart_axis(
    bounds: list[tuple[date | None, date | None]],
    first: date | None,
    last: date | None,
    interval: str,
    calendar: str = "gregorian",
) -> tuple[str, list[Period]]:
    """The periods of a chart: from the first to the last matching date (None when nothing is dated),
    or the searches' own `(date_from, date_to)` bounds when every search gives one. Both engines
    draw their axis here, so their charts agree period for period. An empty `interval` is chosen
    from the span."""
    starts = [start for start, _end in bounds if start]
    ends = [end for _start, end in bounds if end]
    first = min(starts) if starts and len(starts) == len(bounds) else first
    last = max(ends) if ends and len(ends) == len(bounds) else last
    if first is None or last is None:
        return interval or "month", []
    interval = interval or choose_interval(first, last)
    return interval, periods(first, last, interval, calendar)
