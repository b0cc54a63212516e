"""Dates never silently missing: the publication date from the field, the body, the URL, or the capture time.

Every reader fills what its input states (a dump's date field, an HTML page's metadata, a raw page's
date line); `complete` then runs the rest of the chain on the Record:

1. the field (already on the Record; a relative value such as "৩ ঘণ্টা আগে" resolves against the capture
   time here);
2. the body: labelled stamps ("প্রকাশ: ২৮ ডিসেম্বর ২০২৫ | ১৩:১২", "আপডেট: ...", "Published: ...") near
   the start or the end of the body fill empty fields and leave the body, whether or not they were
   needed; so does the page-view masthead date ("ঢাকা মঙ্গলবার, ৩০ ডিসেম্বর ২০২৫") standing before them;
3. the URL (/2025/12/28/, 2025-12-28, 20251228);
4. the capture time (a row's `scraped_at` and the like, `import_articles --captured`, or the file's
   modification time as a last resort): only an upper bound, so `date_precision` is "approximate",
   `published_at` is the capture time, and a warning says so.

A date found in the body or the URL that is later than the capture time cannot be the publication date
and is passed over. Pure Python (no Django).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from articles.bangla.dates import ParsedDate, find_dates, find_relative, is_vague_relative, parse_datetime
from articles.bangla.numerals import to_ascii_digits

from .outlets import find_outlet
from .record import Record

# Row fields that record when a scraper fetched the page, in order of preference.
CAPTURE_FIELDS = (
    "captured_at",
    "scraped_at",
    "crawled_at",
    "fetched_at",
    "fetched",
    "downloaded_at",
    "retrieved_at",
    "accessed_at",
    "scraped",
    "crawled",
    "crawl_time",
    "scrape_time",
    "date_scraped",
    "date_crawled",
)
# A found date may run this far past the capture time (zones of naive stamps, clock skew) and still count.
SLACK = timedelta(days=1)
DHAKA = "Asia/Dhaka"


@dataclass(frozen=True)
class Capture:
    """When a page was captured, and where that was learnt (for the warning): an upper bound on its date."""

    value: datetime  # aware
    origin: str  # "the scraped_at field", "--captured", "the file's modification time"
    # A file's time says little (a copy gets a new one): it is stored as captured_at only when it is used.
    weak: bool = False


def parse_capture(value, *, naive_tz: str = "UTC") -> datetime | None:
    """An aware datetime from a capture stamp: ISO text, "2025-12-30 06:48:23", or epoch seconds/ms.

    Naive stamps are read in `naive_tz`. Scrapers log UTC by default, and for an upper bound the later
    of the two readings (UTC rather than Dhaka time) is the safe one, so rows default to UTC.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        try:
            result = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return result if 1900 <= result.year <= 2100 else None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return parse_capture(float(text), naive_tz=naive_tz)
    try:
        result = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = parse_datetime(text, tz=naive_tz)
        return parsed.value if parsed else None
    if isinstance(result, datetime) and result.tzinfo is None:
        if len(text) <= 10:  # a date alone: the capture was at the latest at the end of that day
            result = datetime.combine(result.date(), time(23, 59, 59))
        result = result.replace(tzinfo=ZoneInfo(naive_tz))
    return result if 1900 <= result.year <= 2100 else None


def capture_from_row(row: dict) -> Capture | None:
    """The capture time a dump row carries (`scraped_at`, `crawled_at`, `fetched`...), if any."""
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for name in CAPTURE_FIELDS:
        if name in lowered:
            value = parse_capture(lowered[name])
            if value is not None:
                return Capture(value, f"the {name} field")
    return None


def file_capture(path) -> Capture | None:
    """The file's modification time: the page was saved then or earlier."""
    try:
        stamp = path.stat().st_mtime
    except (OSError, AttributeError):
        return None
    return Capture(datetime.fromtimestamp(int(stamp), tz=UTC), "the file's modification time", weak=True)


def capture_day(capture: Capture | None, today: date | None) -> date | None:
    """The day to infer missing years against: the capture day when it is earlier than the import day."""
    if capture is None:
        return today
    day = capture.value.astimezone(ZoneInfo(DHAKA)).date()
    return min(day, today) if today else day


# --- the body -----------------------------------------------------------------------------------

_BN = "\u0980-\u09ff"
_LABEL = (
    r"(?P<label>প্রকাশের\s*সময়|প্রকাশিত|প্রথম\s*প্রকাশ|প্রকাশ(?:কাল)?|পোস্ট(?:\s*করা\s*হয়েছে)?"
    r"|সর্বশেষ\s*আপডেট|শেষ\s*আপডেট|আপডেট(?:েড)?(?:\s*(?:সময়|টাইম))?|হালনাগাদ"
    r"|(?:first\s+)?published(?:\s*(?:at|on))?|posted(?:\s*(?:at|on))?|(?:last\s+)?updated(?:\s*(?:at|on))?)"
)
# A label, its separator and the start of what follows; the date must begin right after it.
_STAMP_LABEL_RE = re.compile(rf"(?<![{_BN}A-Za-z]){_LABEL}(?![{_BN}A-Za-z])\s*(?P<sep>[:ঃ\-–]?)\s*", re.I)
# Between a label and its date only a weekday may stand ("প্রকাশ: শনিবার (২৭ ডিসেম্বর), ১০:০০").
_LEAD_IN = re.compile(rf"[\s,(]*(?:[{_BN}]+বার|[A-Za-z]+day)?[\s,(]*", re.I)
_UPDATED = re.compile(r"আপডেট|হালনাগাদ|updated", re.I)
# What may stand between stamps of one header ("প্রকাশ: ... | আপডেট: ...") and around them.
_STAMP_GLUE = re.compile(r"^[\s|,;/•·–\-]*$")
_HEAD, _TAIL = 400, 300  # stamps are looked for this far into the body and this far from its end


@dataclass
class Stamp:
    kind: str  # "published" or "updated"
    date: ParsedDate
    start: int  # span in the body, label included
    end: int


def find_stamps(
    body: str, *, today: date | None = None, anchor: datetime | None = None, tz: str = DHAKA
) -> list[Stamp]:
    """Labelled date stamps near the start or the end of `body` ("প্রকাশ: ২৮ ডিসেম্বর ২০২৫ | ১৩:১২")."""
    stamps: list[Stamp] = []
    zones = [(0, min(len(body), _HEAD))]
    if len(body) > _HEAD:
        zones.append((max(_HEAD, len(body) - _TAIL), len(body)))
    for zone_start, zone_end in zones:
        for m in _STAMP_LABEL_RE.finditer(body, zone_start, zone_end):
            rest = body[m.end() : m.end() + 80]
            candidates = find_dates(rest, today=today, tz=tz)
            if anchor is not None:
                candidates += find_relative(rest, anchor, tz=tz)
            first = min(candidates, key=lambda d: d.start, default=None)
            if first is None or not _LEAD_IN.fullmatch(rest[: first.start]):
                continue
            # Without a colon the label must open a line or follow a bar: "প্রকাশ ২ দিন আগে" inside a
            # sentence is prose, and removing it would cut the sentence.
            if not m.group("sep") and not re.search(
                r"(?:^|[\n|])\s*$", body[max(0, m.start() - 3) : m.start()]
            ):
                continue
            end = m.end() + first.end
            if zone_start == 0:
                # A header stamp comes before the article's first sentence ("ঢাকা ... ডেস্ক প্রকাশ: ...").
                if "।" in body[body.rfind("\n", 0, m.start()) + 1 : m.start()]:
                    continue
            else:
                # At the end only a stamp that ends its paragraph: "আপডেট: ৩০ ডিসেম্বর পর্যন্ত ১২ জন..." is prose.
                after = body[end:].lstrip(" |")
                if after and not after.startswith("\n") and not _STAMP_LABEL_RE.match(after):
                    continue
            kind = "updated" if _UPDATED.search(m.group("label")) else "published"
            stamps.append(Stamp(kind, first, m.start(), end))
    return stamps


_MASTHEAD_PREFIX = re.compile(
    rf"^(?:ঢাকা|কলকাতা|dhaka|kolkata|[{_BN}]+বার|(?:mon|tues|wednes|thurs|fri|satur|sun)day|[\s,:|])*$", re.I
)


def relative_stamp(
    line: str, anchor: datetime | None = None, tz: str = DHAKA
) -> tuple[str, ParsedDate] | None:
    """("published" or "updated", date) for a line that is only a relative date, labelled or not
    ("প্রকাশ: ৩ ঘণ্টা আগে", "5 hours ago"); without `anchor` the date is resolved against now, which
    only tells that the line is such a stamp."""
    text = line.strip()
    if not text or len(text) > 80:
        return None
    m = _STAMP_LABEL_RE.match(text)
    kind = "updated" if m and _UPDATED.search(m.group("label")) else "published"
    rest = text[m.end() :] if m else text
    found = find_relative(rest, anchor or datetime.now(UTC), tz=tz)
    if found and found[0].start == 0 and not rest[found[0].end :].strip(" ।.,|"):
        return kind, found[0]
    if is_vague_relative(rest) and len(rest) <= 20:
        return None if anchor else (kind, ParsedDate(datetime.now(UTC), "unknown"))
    return None


def _masthead_end(body: str, first_stamp: int, today: date | None) -> int:
    """End of an unlabelled date opening the body before the first stamp, or 0: a page-view date
    ("ঢাকা মঙ্গলবার, ৩০ ডিসেম্বর ২০২৫"), the day the page was read rather than written."""
    found = find_dates(body[:first_stamp], today=today)
    if found and _MASTHEAD_PREFIX.match(body[: found[0].start]):
        return found[0].end
    return 0


def strip_stamps(body: str, stamps: list[Stamp], today: date | None = None) -> str:
    """The body without its stamps (and the masthead date standing before the first one)."""
    if not stamps:
        return body
    spans = [(s.start, s.end) for s in stamps]
    first = min(s.start for s in stamps)
    masthead = _masthead_end(body, first, today) if first < _HEAD else 0
    if masthead:
        spans.append((0, masthead))
    text = body
    for start, end in sorted(spans, reverse=True):
        before, after = text[:start], text[end:]
        # The separators between two stamps of one header ("... ১৩:১২ | আপডেট: ...") go with them.
        after = re.sub(r"^[\s|]*\|[\s|]*", " ", after)
        text = (
            before.rstrip(" |") + (" " if before and not before.endswith("\n") else "") + after.lstrip(" |")
        )
    paragraphs = [re.sub(r"[ \t]{2,}", " ", p).strip(" |") for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p and not _STAMP_GLUE.match(p))


# --- the URL ------------------------------------------------------------------------------------

_URL_DATE_RES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$|[-_.?#])"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)


def date_from_url(url: str, tz: str = DHAKA) -> ParsedDate | None:
    """A day written in the URL's path: /2025/12/28/, 2025-12-28, 20251228."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", to_ascii_digits(url), flags=re.I)
    for pattern in _URL_DATE_RES:
        for m in pattern.finditer(path):
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            value = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
            return ParsedDate(value, "day", ["publication day taken from the URL"], m.start(), m.end())
    return None


# --- the chain ----------------------------------------------------------------------------------


def _plausible(value: datetime, capture: Capture | None) -> bool:
    return capture is None or value <= capture.value + SLACK


def complete(
    record: Record,
    *,
    capture: Capture | None = None,
    field_value: str | None = None,
    today: date | None = None,
    page_text: str = "",
) -> Record:
    """Fill the record's dates from the body, the URL and the capture time; never leaves a date missing
    without a warning saying why. `field_value` is the row's date field when it could not be read as a
    date (a relative "২ ঘণ্টা আগে"); `page_text` the raw page, for relative stamps in its header."""
    if capture is not None and not capture.weak:
        record.captured_at = capture.value
    anchor = capture.value if capture else None
    today = capture_day(capture, today)
    known = find_outlet(record.outlet) if record.outlet else None
    tz = known.tz if known else DHAKA

    # 1. The field, when it was relative.
    if record.published_at is None and field_value:
        relative = find_relative(field_value, anchor, tz=tz) if anchor else []
        if relative:
            _use(record, relative[0], "")
        elif is_vague_relative(field_value):
            record.warnings.append(f"published_at: {field_value[:40]!r} is too vague to give a day")
        else:
            record.warnings.append(f"published_at: could not read the date {field_value[:40]!r}")

    # 2. The body: stamps fill empty fields and always leave the body.
    stamps = find_stamps(record.body, today=today, anchor=anchor, tz=tz)
    if stamps:
        record.body = strip_stamps(record.body, stamps, today)
        published = next((s.date for s in stamps if s.kind == "published"), None)
        updated = next((s.date for s in stamps if s.kind == "updated"), None)
        if record.published_at is None:
            chosen = published or updated
            if chosen is not None and _plausible(chosen.value, capture):
                note = (
                    "" if published else "only an update stamp in the body; used it as the published date too"
                )
                _use(record, chosen, "publication date taken from a stamp in the article text")
                if note:
                    record.warnings.append(note)
            elif chosen is not None:
                record.warnings.append(
                    f"the body's date {chosen.value.isoformat()} is later than the capture time; passed over"
                )
        if record.updated_at is None and updated is not None and updated is not published:
            record.updated_at = updated.value
    if record.published_at is None and page_text and anchor is not None:
        # Raw pages: the extractor sets relative stamps aside ("প্রকাশ: ৩ ঘণ্টা আগে"); they resolve here.
        for line in page_text.splitlines()[:40]:
            found = relative_stamp(line, anchor, tz)
            if found is not None and found[0] == "published":
                _use(record, found[1], "")
                break

    # 3. The URL.
    if record.published_at is None:
        from_url = date_from_url(record.url, tz)
        if from_url is not None and _plausible(from_url.value, capture):
            _use(record, from_url, "")

    # 4. The capture time, as an upper bound.
    if record.published_at is None:
        if capture is None:
            if not any("date" in w for w in record.warnings):
                record.warnings.append("no publication date found")
            record.warnings.append(
                "no publication date in the field, the text or the URL, and no capture time to bound it"
            )
        else:
            record.published_at = record.captured_at = capture.value
            record.date_precision = "approximate"
            record.warnings.append(
                f"no publication date in the field, the text or the URL: the capture time from {capture.origin}"
                f" ({capture.value.isoformat()}) is used as an upper bound (date_precision approximate)"
            )
    elif capture is not None and record.published_at > capture.value + SLACK:
        record.warnings.append(
            f"the publication date {record.published_at.isoformat()} is later than the capture time"
            f" {capture.value.isoformat()} ({capture.origin})"
        )
    return record


def _use(record: Record, found: ParsedDate, note: str) -> None:
    record.published_at = found.value
    record.date_precision = found.precision
    if note:
        record.warnings.append(note)
    for warning in found.warnings:
        if warning not in record.warnings:
            record.warnings.append(warning)
