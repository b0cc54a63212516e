"""Reading input files into Records: raw text pages, saved HTML, JSON, JSON Lines and CSV.

`iter_inputs(paths)` walks files and folders and yields one `Item` per article found or per failure,
so the importer can go on after a bad file or row and report each with its path and row number. Files
are read and split into articles here; each article's extraction waits for `Item.resolve()`, so that
the importer's worker processes run it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from articles.bangla.dates import parse_datetime
from articles.ingest import dating
from articles.ingest.clean import clean_record
from articles.ingest.decode import read_text
from articles.ingest.extract import extract_page
from articles.ingest.outlets import find_outlet
from articles.ingest.record import InputError, Record
from articles.ingest.wire import find_sources

FORMATS = ("text", "html", "json", "jsonl", "csv")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}

# Field names seen in news dumps, in order of preference; `--map` adds to the front.
FIELD_NAMES = {
    "title": ("title", "headline", "heading", "name"),
    "body": ("body", "article", "content", "text", "article_body", "articlebody", "story"),
    "lead": ("lead", "sub_title", "subtitle", "standfirst", "summary", "description"),
    "outlet": ("outlet", "paper_name", "source", "site", "publisher", "newspaper", "site_name"),
    "published_at": ("published_at", "publication_date", "date", "published", "pub_date", "datepublished"),
    "updated_at": ("updated_at", "modification_date", "modified", "updated", "datemodified"),
    "section": ("section", "category", "topic", "categories"),
    "url": ("url", "link", "permalink", "source_url"),
    "byline": ("byline", "author", "authors", "reporter"),
    "desk": ("desk",),
    "language": ("language", "source_language", "lang"),
    "keywords": ("keywords", "tags"),
}
# Longest value accepted per field, in characters (the database columns' sizes; a body of a book's
# length is an export gone wrong).
FIELD_LIMITS = {
    "title": 500,
    "outlet": 200,
    "byline": 300,
    "desk": 200,
    "section": 200,
    "url": 1000,
    "lead": 5000,
    "body": 131_072,
    "published_at": 100,
    "updated_at": 100,
    "language": 20,
    "keywords": 5000,
}
CSV_FIELD_LIMIT = FIELD_LIMITS["body"]
MAX_DEPTH = 20
# Fields that may come as a list of strings (joined); the others take one value.
LIST_FIELDS = {"title", "body", "lead", "byline", "section", "keywords"}
MISSING = {"", "none", "null", "nan", "n/a", "-"}
# Labels that scrapers put in a category field but that name no section.
NON_SECTIONS = {"all", "news", "latest", "others", "other", "misc", "home", "সর্বশেষ", "অন্যান্য"}
LANGUAGES = {"bengali": "bn", "bangla": "bn", "bn": "bn", "english": "en", "en": "en"}
BENGALI_LETTER = re.compile(r"[\u0980-\u09FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass
class Item:
    """One article read from an input, or the reason an input (or one of its rows) failed.

    `pending` is the article's extraction, not run yet: `resolve()` runs it, in whichever process
    analyses the item (the importer's workers), and fills `record` or `error`.
    """

    source: str
    record: Record | None = None
    error: str = ""
    format: str = ""
    pending: Callable[[], Record] | None = None
    warnings: list[str] = dataclasses.field(default_factory=list)  # about the whole file (a guessed encoding)

    def resolve(self) -> Item:
        if self.pending is not None:
            extract, self.pending = self.pending, None
            try:
                self.record = extract()
            except InputError as exc:
                self.error = _strip_path(str(exc), self.source)
            else:
                self.record.warnings[:0] = self.warnings
                _check_url(self.record)
        return self


def parse_mapping(text: str) -> dict[str, str]:
    """`title=headline,body=article` -> {"title": "headline", "body": "article"}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        ours, _, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if ours not in FIELD_NAMES or not theirs:
            raise ValueError(
                f"--map: {part!r} is not FIELD=COLUMN with FIELD one of {', '.join(FIELD_NAMES)}"
            )
        mapping[ours] = theirs
    return mapping


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                wanted = (
                    child.is_file() and not child.name.startswith(".") and child.suffix.lower() in EXTENSIONS
                )
                if wanted:
                    yield child
        else:
            yield path


def detect_format(path: Path, text: str) -> str:
    by_suffix = EXTENSIONS.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = text.lstrip()[:200].lower()
    if head.startswith("[") or head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0].strip()
        return "jsonl" if first_line.startswith("{") and first_line.endswith("}") else "json"
    if head.startswith("<!doctype html") or head.startswith("<html"):
        return "html"
    return "text"


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    outlet: str | None = None,
    today: date | None = None,
    max_bytes: int | None = None,
    captured: dating.Capture | None = None,
) -> Iterator[Item]:
    """`captured` (import_articles --captured) is when the files were captured; without it, each file's
    modification time is the last resort for an upper bound on its articles' dates."""
    for path in iter_files(paths):
        source = str(path)
        capture = captured or dating.file_capture(path)
        try:
            if not path.exists():
                raise InputError("no such file or folder")
            file_warnings: list[str] = []
            text = read_text(path, warnings=file_warnings, **({"max_bytes": max_bytes} if max_bytes else {}))
        except InputError as exc:
            yield Item(source, error=_strip_path(str(exc), source))
            continue
        except OSError as exc:
            yield Item(source, error=exc.strerror or str(exc))
            continue
        kind = fmt or detect_format(path, text)
        mismatch = format_mismatch(kind, text, given=bool(fmt))
        if mismatch:
            yield Item(source, error=mismatch, format=kind)
            continue
        if kind in ("text", "html"):
            if kind == "html":
                from articles.ingest.html import extract_html as extract  # trafilatura is slow to import
            else:
                extract = extract_page
            dated = partial(
                _extract_dated, extract, text, source=source, today=today, outlet=outlet, capture=capture
            )
            yield Item(source, format=kind, pending=dated, warnings=file_warnings)
        elif kind in ("json", "jsonl", "csv"):
            for item in _iter_rows(path, text, kind, mapping or {}, outlet, today, capture):
                item.warnings = file_warnings
                yield item
        else:
            yield Item(source, error=f"unknown format {kind!r} (use one of {', '.join(FORMATS)})")


WEB_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+", re.I)


def format_mismatch(kind: str, text: str, *, given: bool) -> str:
    """Why the file cannot be in format `kind`, or ''. Reading JSON as CSV would find no rows and say
    nothing: a mismatch is refused instead."""
    head = text.lstrip()[:2000]
    option = f"--format {kind}" if given else f"a .{kind} file"
    looks_json = head[:1] in ("[", "{") and bool(re.match(r'^[\[{]\s*(?:[\[{"\]}]|$)', head))
    if kind in ("csv", "text") and looks_json:
        return f"{option}, but the file looks like JSON; use --format json or jsonl (or leave --format out)"
    if kind in ("json", "jsonl") and head[:1] not in ("[", "{"):
        return f"{option}, but the file does not start with [ or {{ as JSON does"
    if kind == "html" and given and not re.search(r"<[A-Za-z!/]", head):
        return f"{option}, but the file has no HTML tags"
    return ""


def _check_url(record: Record) -> None:
    """Only web addresses are kept: a javascript: or data: 'URL' would become a link on the page."""
    record.url = (record.url or "").strip()
    if record.url and not WEB_URL.match(record.url):
        record.warnings.append(f"URL {record.url[:60]!r} is not a web address (http or https); left out")
        record.url = ""


def _clean(record: Record) -> None:
    """The one cleaning path (articles/ingest/clean.py); a failure there costs the cleaning, not the record."""
    try:
        clean_record(record)
    except Exception as exc:  # noqa: BLE001 - a record is still better than none
        record.warnings.append(f"internal cleaning error: {type(exc).__name__}: {exc}")


def _strip_path(message: str, source: str) -> str:
    return message.replace(f"{source}: ", "", 1)


def _extract_dated(extract, text, *, source, today, outlet, capture):
    """A page's own extraction, the one cleaning path, then the rest of the date chain (URL, capture
    time): cleaning first, so that a header's masthead, desk and stamp leave the body together."""
    record = extract(text, source=source, today=dating.capture_day(capture, today), outlet=outlet)
    _clean(record)
    return dating.complete(record, capture=capture, today=today, page_text=text)


def _iter_rows(path, text, kind, mapping, outlet, today, capture=None):
    source = str(path)
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Item(source, error=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
            return
        except RecursionError:
            yield Item(source, error=f"JSON nested too deeply (articles are at most {MAX_DEPTH} levels deep)")
            return
        if isinstance(data, dict):
            # One article, or a wrapper such as {"articles": [...]}.
            lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
            data = lists[0] if len(lists) == 1 and not _has_body(data, mapping) else [data]
        if not isinstance(data, list):
            yield Item(source, error="JSON must be an article object or a list of them")
            return
        rows = ((number, row, None) for number, row in enumerate(data, start=1))
    elif kind == "jsonl":
        rows = _jsonl_rows(text)
    else:
        rows = _csv_rows(text)
    for number, row, problem in rows:
        row_source = f"{source}#{number}"
        if problem:
            yield Item(row_source, error=problem, format=kind)
            continue
        if not isinstance(row, dict):
            yield Item(row_source, error="row is not an object", format=kind)
            continue
        if kind != "csv" and _too_deep(row):
            yield Item(row_source, error=f"JSON nested too deeply (an article is at most {MAX_DEPTH} levels)")
            continue
        extract = partial(
            record_from_row,
            row,
            mapping=mapping,
            outlet=outlet,
            today=today,
            source=row_source,
            capture=capture,
        )
        yield Item(row_source, format=kind, pending=extract)


def _jsonl_rows(text):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg} at column {exc.colno}"
            continue
        except RecursionError:
            row = None
        if row is None:
            yield number, None, "JSON nested too deeply"
            continue
        yield number, row, None


def _too_deep(data) -> bool:
    """Deeper than MAX_DEPTH: no article needs it, and deep values cost recursion further on."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def _csv_rows(text):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # The csv module's own limit (131,072) stops the whole file at one big field; read with a file-sized
    # limit and report the big field for its row instead.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = 0
    try:
        for row in reader:
            number = reader.line_num
            rows += 1
            if None in row or any(value is None for value in row.values()):
                yield number, None, f"expected {len(reader.fieldnames)} columns, found a different number"
                continue
            big = next(((k, v) for k, v in row.items() if len(v) > CSV_FIELD_LIMIT), None)
            if big:
                yield (
                    number,
                    None,
                    (f"column {big[0]!r} is {len(big[1]):,} characters; the limit is {CSV_FIELD_LIMIT:,}"),
                )
                continue
            yield number, row, None
    except csv.Error as exc:
        yield reader.line_num, None, f"malformed CSV: {exc}"
        return
    if not rows:
        yield 1, None, "no rows under the header line (is this really CSV?)"


def _has_body(row, mapping):
    return _get(_lowered(row), "body", mapping) is not None


def _lowered(row):
    """The row with its field names trimmed and lower-cased, as _get reads it."""
    return {str(k).strip().lower(): v for k, v in row.items()}


def _get(lowered, field, mapping):
    names = ((mapping[field],) if field in mapping else ()) + FIELD_NAMES[field]
    for name in names:
        value = lowered.get(name.lower())
        _check_type(field, name, value)
        if isinstance(value, list):
            value = [str(v).strip() for v in value if v is not None and str(v).strip().lower() not in MISSING]
            if value:
                return value
            continue
        if value is not None and str(value).strip().lower() not in MISSING:
            return value if isinstance(value, (int, float)) else str(value).strip()
    return None


def _check_type(field, name, value):
    """A number is not a title or body, a list is not an outlet name: say so for the row."""
    where = f"the {field} field ({name!r})"
    if isinstance(value, bool):
        raise InputError(f"{where} holds {str(value).lower()}, not text")
    if isinstance(value, dict):
        raise InputError(f"{where} holds an object, not text")
    if isinstance(value, (int, float)) and field not in ("published_at", "updated_at"):
        raise InputError(f"{where} holds the number {value!r}, not text")
    if isinstance(value, list):
        if field not in LIST_FIELDS:
            raise InputError(f"{where} holds a list; one value is expected")
        if any(isinstance(v, (list, dict, bool)) for v in value):
            raise InputError(f"{where} holds a list of lists or objects, not text")


def _check_size(field, value):
    limit = FIELD_LIMITS.get(field)
    if limit and value and len(value) > limit:
        raise InputError(f"the {field} is {len(value):,} characters long; the limit is {limit:,}")


def _paragraphs(text: str) -> str:
    """Bodies in dumps use single newlines or none; store paragraphs separated by a blank line."""
    parts = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in parts if p)


def record_from_row(row: dict, *, mapping=None, outlet=None, today=None, source="", capture=None) -> Record:
    """`capture`: when the file was captured; a capture field in the row (`scraped_at`...) wins over it."""
    mapping = mapping or {}
    capture = dating.capture_from_row(row) or capture
    fields = _lowered(row)
    import_day = today
    today = dating.capture_day(capture, today)
    title = _get(fields, "title", mapping)
    body = _get(fields, "body", mapping)
    if not title and not body:
        names = ", ".join(list(row)[:8])
        raise InputError(f"no title or body field found (columns: {names}); use --map title=...,body=...")
    if not body:
        raise InputError("the body is empty")
    if isinstance(title, list):
        title = " ".join(title)
    if isinstance(body, list):
        body = "\n\n".join(body)
    for name, value in (("title", title), ("body", body)):
        _check_size(name, str(value or ""))
    if not re.search(r"[^\W\d_]", str(body)):
        raise InputError("the body has no words (only numbers or symbols)")
    for name in FIELD_LIMITS:
        if name not in ("title", "body"):
            value = _get(fields, name, mapping)
            _check_size(name, ", ".join(value) if isinstance(value, list) else str(value or ""))
    record = Record(source=source, title=str(title or "").strip(), body=_paragraphs(str(body)))
    if not record.title:
        record.title = record.body.split("\n", 1)[0][:200]
        record.warnings.append("no title field: the first line of the body is used")
    record.lead = str(_get(fields, "lead", mapping) or "")
    record.url = str(_get(fields, "url", mapping) or "")
    record.desk = str(_get(fields, "desk", mapping) or "")
    byline = _get(fields, "byline", mapping)
    if isinstance(byline, list):
        byline = ", ".join(byline)
    # Scrapers sometimes put the headline in the author field.
    record.byline = "" if not byline or str(byline).strip() == record.title else str(byline)[:300]
    section = _get(fields, "section", mapping)
    if isinstance(section, list):
        section = section[0]
    record.section = "" if not section or str(section).strip().lower() in NON_SECTIONS else str(section)
    keywords = _get(fields, "keywords", mapping)
    if isinstance(keywords, str):
        keywords = [k.strip() for k in re.split(r"[,;|]", keywords) if k.strip()]
    record.keywords = list(keywords or [])
    language = str(_get(fields, "language", mapping) or "").strip().lower()
    record.language = LANGUAGES.get(language) or guess_language(record.title + " " + record.body[:500])

    name = outlet or _get(fields, "outlet", mapping)
    if name:
        known = find_outlet(str(name))
        record.outlet = known.name_en if known else str(name).strip()
        if not known:
            record.warnings.append(f"outlet {name!r} is not in the registry; kept as written")
    else:
        record.warnings.append("no outlet given")

    unread = None
    for field in ("published_at", "updated_at"):
        value = _get(fields, field, mapping)
        if value is None:
            continue
        parsed = parse_datetime(str(value), today=today)
        if parsed is None:
            if field == "published_at":
                unread = str(value)  # perhaps relative ("২ ঘণ্টা আগে"): dating.complete reads it
            else:
                record.warnings.append(f"{field}: could not read the date {str(value)[:40]!r}")
            continue
        setattr(record, field, parsed.value)
        record.warnings.extend(parsed.warnings)
        if field == "published_at":
            record.date_precision = parsed.precision
    if record.published_at is None and record.updated_at is not None:
        record.published_at = record.updated_at
        record.date_precision = "day" if record.date_precision == "unknown" else record.date_precision
        record.warnings.append("no publication date: the update date is used")
    _clean(record)  # before the date chain, as for pages (_extract_dated)
    dating.complete(record, capture=capture, field_value=unread, today=import_day)
    record.sources = find_sources(record.body)
    return record


def guess_language(text: str) -> str:
    bengali = len(BENGALI_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return "en" if latin > bengali else "bn"
