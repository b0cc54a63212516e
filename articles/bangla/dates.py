"""A date parser for Bengali news pages.

Written by hand because general parsers fail on this input: dateparser silently drops "পিএম" and cannot
read Bangla-calendar dates. What it reads:

- Gregorian dates with Bengali or English month names and their spelling variants, day-first
  ("২৩ জুন, ২০২৫"), month-first ("June 23, 2025"), numeric day-first ("23/06/2025") and ISO strings.
- Bangla-calendar dates ("২৮ কার্তিক ১৪৩২ বঙ্গাব্দ"), converted with the 2019 revised calendar.
- Times: 24-hour clocks, seconds, এএম/পিএম, AM/PM, পূর্বাহ্ন/অপরাহ্ন, and day-part words (সকাল, দুপুর,
  বিকেল, সন্ধ্যা, রাত ...), also "রাত ১০টা ৩০ মিনিট".
- Weekdays, used to infer the year of a yearless date ("শনিবার (১২ নভেম্বর)") and to flag contradictions.

`find_dates` returns every date in a string with its span (the extractor needs spans to tell labelled
from unlabelled dates); `parse_datetime` returns the first one. All values are timezone-aware and
restricted to the years 1900-2100: anything else is treated as "not a date".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .calendar import MONTH_VARIANTS, bangla_to_gregorian, gregorian_to_bangla
from .nfc import nfc as _nfc
from .numerals import to_ascii_digits, to_bengali_digits

MIN_YEAR, MAX_YEAR = 1900, 2100

# Gregorian month names: Bengali spellings (Bangladesh and West Bengal), then English.
GREGORIAN_MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
_GREG_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("জানুয়ারি", "জানুয়ারী", "জানুআরি", "জানুয়ারী", "january", "jan"),
    2: ("ফেব্রুয়ারি", "ফেব্রুয়ারী", "ফেব্রুয়ারি", "ফেব্রুয়ারী", "ফেব্রুআরি", "february", "feb"),
    3: ("মার্চ", "march", "mar"),
    4: ("এপ্রিল", "april", "apr"),
    5: ("মে", "may"),
    6: ("জুন", "june", "jun"),
    7: ("জুলাই", "july", "jul"),
    8: ("আগস্ট", "আগষ্ট", "অগস্ট", "অগাস্ট", "আগাস্ট", "august", "aug"),
    9: ("সেপ্টেম্বর", "সেপ্টেম্বার", "সেপ্টেম্বর", "september", "sept", "sep"),
    10: ("অক্টোবর", "অক্টোবার", "অক্টোবর", "october", "oct"),
    11: ("নভেম্বর", "নভেম্বার", "november", "nov"),
    12: ("ডিসেম্বর", "ডিসেম্বার", "december", "dec"),
}
WEEKDAYS_BN = ("সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার", "রবিবার")
_WEEKDAY_VARIANTS: dict[int, tuple[str, ...]] = {  # Monday = 0, as datetime.weekday()
    0: ("সোমবার", "monday", "mon"),
    1: ("মঙ্গলবার", "tuesday", "tues", "tue"),
    2: ("বুধবার", "wednesday", "wed"),
    3: ("বৃহস্পতিবার", "বৃহষ্পতিবার", "বিষ্যুদবার", "thursday", "thurs", "thu"),
    4: ("শুক্রবার", "friday", "fri"),
    5: ("শনিবার", "saturday", "sat"),
    6: ("রবিবার", "রোববার", "রোবার", "sunday", "sun"),
}


def _re(pattern: str, flags: int = 0) -> re.Pattern:
    # Patterns are NFC-normalised like the text, so "য়" typed either way matches.
    return re.compile(_nfc(pattern), flags)


def _alternation(names) -> str:
    # Longest first so "ফেব্রুয়ারী" wins over a prefix; NFC so "য়" written either way matches.
    return "|".join(re.escape(_nfc(n)) for n in sorted(set(names), key=len, reverse=True))


def _lookup(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {_nfc(name).lower(): key for key, names in table.items() for name in names}


_GREG_LOOKUP = _lookup(_GREG_VARIANTS)
_BANGLA_LOOKUP = _lookup(MONTH_VARIANTS)
_WEEKDAY_LOOKUP = _lookup(_WEEKDAY_VARIANTS)

_BN = "\u0980-\u09ff"
# A name must not run on into another word (Python's \b is unreliable for Bengali vowel signs).
_END = rf"(?![{_BN}A-Za-z])"
_START = rf"(?<![{_BN}A-Za-z])"

_GREG = rf"(?P<gm>{_alternation(n for v in _GREG_VARIANTS.values() for n in v)})\.?{_END}"
_GREG2 = _GREG.replace("?P<gm>", "?P<gm2>")
_BMONTH = rf"(?P<bm>{_alternation(n for v in MONTH_VARIANTS.values() for n in v)}){_END}"
_WEEKDAY = (
    rf"{_START}(?:{_alternation(n for v in _WEEKDAY_VARIANTS.values() for n in v)})(?:[’'`]?[এে]|,)?{_END}"
)
# Day with its Bengali ordinal suffix (১লা, ২রা, ৪ঠা, ৫ই, ২১শে) or English one (1st, 22nd).
_DAY_SUFFIX = r"(?:লা|রা|ঠা|ই|শে|st|nd|rd|th)?"
_DAY = rf"(?<![\d.:/])(?P<d>[0-3]?\d){_DAY_SUFFIX}"
_DAY2 = rf"(?P<d2>[0-3]?\d){_DAY_SUFFIX}"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_YEAR2 = r"(?P<y2>\d{4})(?!\d)"
_SEP = r"[\s,.\-]*"
_YEAR_TAIL = rf"(?:{_SEP}(?:ইং(?:রেজি)?|খ্রি(?:স্টাব্দ|ষ্টাব্দ)?|সাল)?\.?)"

_DATE_PATTERNS = [
    # ISO (and the date part of "2025-12-30T10:00:00+06:00").
    ("iso", _re(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    # Bangla calendar: "২৮ কার্তিক ১৪৩২ বঙ্গাব্দ" (year optional only when বঙ্গাব্দ is absent too).
    ("bangla", _re(rf"{_DAY}\s*{_BMONTH}(?:{_SEP}(?P<y>1[3-5]\d\d)(?!\d)(?:\s*(?:বঙ্গাব্দ|বাংলা|সন))?)?")),
    # Day-first Gregorian: "২৩ জুন, ২০২৫", "12 Nov 2025", "১২ নভেম্বর" (yearless).
    ("dmy", _re(rf"{_DAY}\s*(?:তারিখ\s*)?(?:of\s+)?{_GREG}(?:{_SEP}{_YEAR}{_YEAR_TAIL}?)?", re.I)),
    # Month-first: "June 23, 2025", "জুন ২৩, ২০২৫".
    ("mdy", _re(rf"{_START}{_GREG2}\s*{_DAY2}(?:,?\s*{_YEAR2})?(?![\d:])", re.I)),
    # Numeric day-first: "23/06/2025", "23.06.2025", "23-06-2025".
    ("num", _re(r"(?<![\d.:/])(?P<d>[0-3]?\d)[/.\-](?P<m>[01]?\d)[/.\-](?P<y>\d{4})(?!\d)")),
]

_AMPM = r"(?P<ap>এএম|পিএম|পূর্বাহ্ন|অপরাহ্ন|পূর্বাহ্ণ|অপরাহ্ণ|[AaPp]\.?\s?[Mm]\.?(?![A-Za-z]))"
_PERIOD_WORDS = {
    "ভোর": "dawn",
    "সকাল": "morning",
    "দুপুর": "noon",
    "বিকেল": "afternoon",
    "বিকাল": "afternoon",
    "সন্ধ্যা": "evening",
    "রাত": "night",
    "মধ্যরাত": "midnight",
}
_PERIOD = rf"(?P<pw>{_alternation(_PERIOD_WORDS)})(?:ে|য়)?"
_PERIOD_AFTER = _PERIOD.replace("?P<pw>", "?P<pw2>")
_PERIOD3 = _PERIOD.replace("?P<pw>", "?P<pw3>")
_TIME_RE = _re(
    rf"(?:{_START}{_PERIOD}\s*)?(?<![\d.:/])(?P<h>[0-2]?\d)\s?(?P<sep>[:.])\s?(?P<mi>[0-5]\d)(?!\d|\s*%)"
    rf"(?:\s?:\s?(?P<s>[0-5]\d)(?!\d))?(?:\s*{_AMPM})?(?:\s*(?:মিনিটে?)?\s*{_PERIOD_AFTER}{_END})?"
    rf"|{_START}{_PERIOD3}\s*(?P<h2>[0-2]?\d)\s*টা(?:\s*(?P<mi2>[0-5]?\d)\s*মিনিট[ে]?)?",
    re.I,
)
_TZ_RE = _re(
    r"(?P<off>(?:GMT|UTC)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|(?<=:\d\d)[+\-]\d{2}:?\d{2})(?!\d)"
    r"|(?<=\d)(?P<z>Z)(?![A-Za-z])|(?<![A-Za-z])(?P<abbr>BST|IST|GMT|UTC|BDT)(?![A-Za-z])"
)
_WEEKDAY_RE = _re(_WEEKDAY, re.I)


@dataclass
class ParsedDate:
    """One date found in text. `value` is aware; `precision` is "minute" when a time was given."""

    value: datetime
    precision: str = "day"
    warnings: list[str] = field(default_factory=list)
    start: int = 0  # span in the text that was parsed
    end: int = 0
    calendar: str = "gregorian"  # or "bangla"
    has_year: bool = True
    weekday: int | None = None  # weekday written next to the date, if any (Monday = 0)


@dataclass
class _Match:
    kind: str
    start: int
    end: int
    day: int
    month: int
    year: int | None


@dataclass
class _Time:
    start: int
    end: int
    hour: int
    minute: int
    second: int


def _prepare(text: str) -> str:
    # NFC then ASCII digits: both keep offsets stable enough for our use (digit mapping is 1:1).
    return to_ascii_digits(_nfc(text))


def _find_date_matches(s: str) -> list[_Match]:
    found: list[_Match] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            if any(m.start() < e and s_ < m.end() for s_, e in taken):
                continue
            g = m.groupdict()
            try:
                if kind == "bangla":
                    month = _BANGLA_LOOKUP[m.group("bm").lower()]
                elif kind in ("dmy", "mdy"):
                    month = _GREG_LOOKUP[(g.get("gm") or g.get("gm2")).lower()]
                else:
                    month = int(g["m"])
                day = int(g.get("d") or g.get("d2"))
                y = g.get("y") or g.get("y2")
                year = int(y) if y else None
            except (KeyError, TypeError, ValueError):
                continue
            if kind == "mdy" and len(m.group("gm2")) <= 3 and year is None:
                continue  # "Sat 12" or "may 5" without a year is too weak to be a date
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            found.append(_Match(kind, m.start(), m.end(), day, month, year))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def _apply_period(hour: int, ampm: str | None, period: str | None) -> int | None:
    if ampm:
        a = ampm.lower().replace(".", "").replace(" ", "")
        pm = a in ("pm", "পিএম", "অপরাহ্ন", "অপরাহ্ণ")
        if hour > 12:
            return hour  # "20:37 PM": already a 24-hour clock
        if pm:
            return hour if hour == 12 else hour + 12
        return 0 if hour == 12 else hour
    if period:
        kind = _PERIOD_WORDS.get(period)
        if kind in ("noon",) and 1 <= hour <= 4:
            return hour + 12
        if kind in ("afternoon", "evening") and hour < 12:
            return hour + 12
        if kind == "night" and 6 <= hour <= 11:
            return hour + 12
        if kind in ("night", "midnight") and hour == 12:
            return 0
    return hour


def _find_times(s: str) -> list[_Time]:
    times = []
    for m in _TIME_RE.finditer(s):
        g = m.groupdict()
        if g.get("h2") is not None:
            hour, minute, second = int(g["h2"]), int(g.get("mi2") or 0), 0
            g["pw"] = g.get("pw3")
        else:
            hour, minute, second = int(g["h"]), int(g["mi"]), int(g.get("s") or 0)
            # "১০.৩০" is a time only with an am/pm or day-part word; otherwise it is a decimal.
            if g["sep"] == "." and not (g.get("ap") or g.get("pw") or g.get("pw2")):
                continue
        hour = _apply_period(hour, g.get("ap"), g.get("pw") or g.get("pw2"))
        if hour is None or not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
            continue
        times.append(_Time(m.start(), m.end(), hour, minute, second))
    return times


# Between a date and its time only separators, a weekday and a few filler words may stand.
_GAP_FILLER = _re(
    rf"^(?:[\s,;:\-–—()\[\]/ঃ]|{_WEEKDAY}|সময়|সময়|সময়|টাইম|at|on|ঢাকা|বাংলাদেশ|ইং|T|\|)*$",
    re.I,
)


def _gap_ok(s: str, a: int, b: int, allow_bar: bool = False) -> bool:
    if b < a:
        return False
    gap = s[a:b]
    if len(gap) > 40:
        return False
    if "|" in gap and not allow_bar and gap.replace("|", "").strip(" ,") != "":
        return False  # "date | time" is one stamp; a bar before more words separates two stamps
    return bool(_GAP_FILLER.match(gap))


def _zone_from_text(s: str, default_tz: str):
    m = _TZ_RE.search(s)
    if not m:
        return ZoneInfo(default_tz), None
    if m.group("z"):
        return UTC, m
    if m.group("abbr"):
        abbr = m.group("abbr").upper()
        if abbr in ("BST", "BDT"):  # Bangladesh Standard Time in this context, not British Summer Time
            return ZoneInfo("Asia/Dhaka"), m
        if abbr == "IST":
            return ZoneInfo("Asia/Kolkata"), m
        return UTC, m
    raw = m.group("off").upper().replace("GMT", "").replace("UTC", "").replace(" ", "").replace("−", "-")
    sign = -1 if raw.startswith("-") else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return ZoneInfo(default_tz), None
    return timezone(sign * timedelta(hours=hours, minutes=minutes)), m


def _today(today: date | None, tz: str) -> date:
    if today is not None:
        return today
    return datetime.now(ZoneInfo(tz)).date()


def _infer_year(day: int, month: int, weekday: int | None, today: date) -> tuple[int | None, str]:
    """Nearest year (not after `today`) in which day/month exists and, if given, falls on `weekday`."""
    for year in range(today.year, max(MIN_YEAR, today.year - 60) - 1, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d > today:
            continue
        if weekday is None or d.weekday() == weekday:
            return year, ""
    return None, "no year fits the weekday"


def find_dates(text: str, *, today: date | None = None, tz: str = "Asia/Dhaka") -> list[ParsedDate]:
    """Every date in `text` (with the time written next to it, if any), in order of appearance."""
    if not text:
        return []
    s = _prepare(text)
    matches = _find_date_matches(s)
    if not matches:
        return []
    times = [t for t in _find_times(s) if not any(t.start < m.end and m.start < t.end for m in matches)]
    weekdays = [(m.start(), m.end(), m.group(0)) for m in _WEEKDAY_RE.finditer(s)]
    zone, zone_match = _zone_from_text(s, tz)
    results: list[ParsedDate] = []
    used_times: set[int] = set()
    for i, m in enumerate(matches):
        warnings: list[str] = []
        # Weekday written right before or after the date ("শনিবার (১২ নভেম্বর)", "12 Nov, Sat").
        weekday = None
        for ws, we, word in weekdays:
            if _gap_ok(s, we, m.start) or _gap_ok(s, m.end, ws):
                weekday = _WEEKDAY_LOOKUP.get(re.sub(r"(?:[’'`]?[এে]|,)$", "", word).lower())
                if weekday is None:
                    weekday = _WEEKDAY_LOOKUP.get(word.rstrip(",").lower())
                break
        year = m.year
        calendar_kind = "gregorian"
        has_year = year is not None
        try:
            if m.kind == "bangla":
                calendar_kind = "bangla"
                if year is None:
                    continue  # a Bangla day and month alone is too ambiguous
                d = bangla_to_gregorian(m.day, m.month, year)
            else:
                if year is None:
                    year, problem = _infer_year(m.day, m.month, weekday, _today(today, tz))
                    if year is None:
                        continue
                    if weekday is not None:
                        warnings.append(
                            f"year not given; inferred {year} from the weekday (nearest year before the import date)"
                        )
                    else:
                        warnings.append(f"year not given; assumed {year} (nearest before the import date)")
                d = date(year, m.month, m.day)
        except ValueError:
            continue
        if not MIN_YEAR <= d.year <= MAX_YEAR:
            continue
        if weekday is not None and has_year and d.weekday() != weekday:
            warnings.append(f"weekday written next to {d.isoformat()} does not match the date")
        # The nearest time next to this date, before the next date / after the previous one.
        next_start = matches[i + 1].start if i + 1 < len(matches) else len(s)
        prev_end = matches[i - 1].end if i > 0 else 0
        chosen = None
        for t in times:
            if id(t) in used_times:
                continue
            if m.end <= t.start < next_start and _gap_ok(s, m.end, t.start):
                chosen = t
                break
        if chosen is None:
            for t in reversed(times):
                if id(t) in used_times:
                    continue
                if prev_end <= t.start and t.end <= m.start and _gap_ok(s, t.end, m.start):
                    chosen = t
                    break
        if chosen is not None:
            used_times.add(id(chosen))
            value = datetime(d.year, d.month, d.day, chosen.hour, chosen.minute, chosen.second, tzinfo=zone)
            precision = "minute"
            start, end = min(m.start, chosen.start), max(m.end, chosen.end)
        else:
            value = datetime(d.year, d.month, d.day, tzinfo=zone)
            precision = "day"
            start, end = m.start, m.end
        if zone_match is not None and zone_match.start() >= end and zone_match.start() - end < 4:
            end = zone_match.end()
        results.append(ParsedDate(value, precision, warnings, start, end, calendar_kind, has_year, weekday))
    return results


_ISO_RE = _re(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+\-]\d{2}:?\d{2})?\s*$", re.I
)


def parse_datetime(text: str, *, today: date | None = None, tz: str = "Asia/Dhaka") -> ParsedDate | None:
    """The first date in `text`, with its time if one is written next to it; None when there is none."""
    if not isinstance(text, str) or not text.strip():
        return None
    if _ISO_RE.match(text):
        try:
            value = datetime.fromisoformat(text.strip().replace("z", "Z"))
        except ValueError:
            value = None
        if value is not None and MIN_YEAR <= value.year <= MAX_YEAR:
            has_time = "T" in text.upper() or ":" in text
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(tz))
            return ParsedDate(value, "minute" if has_time else "day", [], 0, len(text))
    found = find_dates(text, today=today, tz=tz)
    return found[0] if found else None


def format_bengali_date(dt: datetime | date | None, with_time: bool = True, tz: str = "Asia/Dhaka") -> str:
    """ "২৩ জুন ২০২৫, ১০:২৪" for templates; aware datetimes are shown in Dhaka time."""
    if dt is None:
        return ""
    if isinstance(dt, datetime):
        if dt.tzinfo is not None:
            dt = dt.astimezone(ZoneInfo(tz))
        text = f"{dt.day} {GREGORIAN_MONTHS_BN[dt.month - 1]} {dt.year}"
        if with_time:
            text += f", {dt.hour:02d}:{dt.minute:02d}"
    else:
        text = f"{dt.day} {GREGORIAN_MONTHS_BN[dt.month - 1]} {dt.year}"
    return to_bengali_digits(text)


def format_bangla_calendar_date(d: date) -> str:
    """ "২৮ কার্তিক ১৪৩২" (2019 revised calendar)."""
    from .calendar import MONTHS_BN

    day, month, year = gregorian_to_bangla(d)
    return to_bengali_digits(f"{day} {MONTHS_BN[month - 1]} {year}")


# Relative dates ("২ ঘণ্টা আগে", "5 hours ago", "গতকাল") mean nothing without the moment they were read:
# they resolve against the capture time of the page. Weeks, months and years ago are too vague to give a
# day and are not resolved.
_REL_UNITS = {
    "second": ("সেকেন্ড", "second", "seconds", "sec", "secs"),
    "minute": ("মিনিট", "minute", "minutes", "min", "mins"),
    "hour": ("ঘণ্টা", "ঘন্টা", "hour", "hours", "hr", "hrs"),
    "day": ("দিন", "day", "days"),
}
_REL_VAGUE = ("সপ্তাহ", "মাস", "বছর", "week", "weeks", "month", "months", "year", "years")
_REL_NUMBER_WORDS = {"এক": 1, "দুই": 2, "দু": 2, "তিন": 3, "চার": 4, "পাঁচ": 5, "an": 1, "a": 1, "one": 1}
_REL_UNIT_LOOKUP = {_nfc(name).lower(): unit for unit, names in _REL_UNITS.items() for name in names}
_REL_RE = _re(
    rf"{_START}(?P<n>\d{{1,3}}|{_alternation(_REL_NUMBER_WORDS)})\s*"
    rf"(?P<unit>{_alternation(list(_REL_UNIT_LOOKUP) + list(_REL_VAGUE))})(?:[এে]র?)?\s*"
    r"(?P<ago>আগে|পূর্বে|ago)(?![\u0980-\u09ffA-Za-z])"
    rf"|{_START}(?P<word>গতকাল|আজ|এইমাত্র|এই\s*মাত্র|yesterday|today|just\s+now)(?![\u0980-\u09ffA-Za-z])",
    re.I,
)


def find_relative(text: str, anchor: datetime, *, tz: str = "Asia/Dhaka") -> list[ParsedDate]:
    """Relative dates in `text` resolved against `anchor` (aware: the time the page was captured).

    Precision is "minute" for seconds and minutes ago, "day" for hours and days ago and for গতকাল/আজ
    (an hour-rounded count cannot give the minute); every result carries a warning naming the anchor.
    """
    if not text or anchor is None:
        return []
    s = _prepare(text)
    local = anchor.astimezone(ZoneInfo(tz))
    found: list[ParsedDate] = []
    for m in _REL_RE.finditer(s):
        phrase = text[m.start() : m.end()]
        word = (m.group("word") or "").lower()
        if word:
            day = local.date() - timedelta(days=1) if word in ("গতকাল", "yesterday") else local.date()
            if re.sub(r"\s+", "", word) in ("এইমাত্র", "justnow"):
                value, precision = local, "minute"
            else:
                value, precision = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz)), "day"
        else:
            unit = _REL_UNIT_LOOKUP.get(_nfc(m.group("unit")).lower())
            if unit is None:
                continue  # weeks, months, years: too vague for a day
            raw = m.group("n")
            n = int(raw) if raw.isdigit() else _REL_NUMBER_WORDS.get(raw.lower(), 0)
            value = local - timedelta(**{f"{unit}s": n})
            precision = "minute" if unit in ("second", "minute") else "day"
            if precision == "day":
                value = datetime(value.year, value.month, value.day, tzinfo=ZoneInfo(tz))
        warning = f"relative date {phrase.strip()!r} resolved against the capture time {anchor.isoformat()}"
        found.append(ParsedDate(value, precision, [warning], m.start(), m.end()))
    return found


def is_vague_relative(text: str) -> bool:
    """'৩ মাস আগে', '2 weeks ago': a relative date too vague to resolve to a day."""
    return any(
        m.group("unit") and _REL_UNIT_LOOKUP.get(_nfc(m.group("unit")).lower()) is None
        for m in _REL_RE.finditer(_prepare(text or ""))
    )
