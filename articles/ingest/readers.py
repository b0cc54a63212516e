"""Reading input files into Records: raw text pages, saved HTML, JSON, JSON Lines and CSV.

`iter_inputs(paths)` walks files and folders and yields one `Item` per article found or per failure,
so the importer can go on after a bad file or row and report each with its path and row number. Files
are read and split into articles here; each article's extraction waits for `Item.resolve()`, so that
the importer's worker processes run it.
"""

from __future__ import annotations

import csv
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

    def resolve(self) -> Item:
        if self.pending is not None:
            extract, self.pending = self.pending, None
            try:
                self.record = extract()
            except InputError as exc:
                self.error = _strip_path(str(exc), self.source)
            else:
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
            text = read_text(path, **({"max_bytes": max_bytes} if max_bytes else {}))
        except InputError as exc:
            yield Item(source, error=_strip_path(str(exc), source))
            continue
        except OSError as exc:
            yield Item(source, error=exc.strerror or str(exc))
            continue
        kind = fmt or detect_format(path, text)
        if kind == "text":
            yield Item(
                source,
                format=kind,
                pending=partial(
                    _extract_dated,
                    extract_page,
                    text,
                    source=source,
                    today=today,
                    outlet=outlet,
                    capture=capture,
                ),
            )
        elif kind == "html":
            from articles.ingest.html import extract_html  # trafilatura is slow to import; only when needed

            yield Item(
                source,
                format=kind,
                pending=partial(
                    _extract_dated,
                    extract_html,
                    text,
                    source=source,
                    today=today,
                    outlet=outlet,
                    capture=capture,
                ),
            )
        elif kind in ("json", "jsonl", "csv"):
            yield from _iter_rows(path, text, kind, mapping or {}, outlet, today, capture)
        else:
            yield Item(source, error=f"unknown format {kind!r} (use one of {', '.join(FORMATS)})")


WEB_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+", re.I)


def _check_url(record: Record) -> None:
    """Only web addresses are kept: a javascript: or data: 'URL' would become a link on the page."""
    record.url = (record.url or "").strip()
    if record.url and not WEB_URL.match(record.url):
        record.warnings.append(f"URL {record.url[:60]!r} is not a web address (http or https); left out")
        record.url = ""


def _strip_path(message: str, source: str) -> str:
    return message.replace(f"{source}: ", "", 1)


def _extract_dated(extract, text, *, source, today, outlet, capture):
    """A page's own extraction, then the rest of the date chain (URL, capture time)."""
    record = extract(text, source=source, today=dating.capture_day(capture, today), outlet=outlet)
    return dating.complete(record, capture=capture, today=today, page_text=text)


def _iter_rows(path, text, kind, mapping, outlet, today, capture=None):
    source = str(path)
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Item(source, error=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
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
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg} at column {exc.colno}"


def _csv_rows(text):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        for row in reader:
            number = reader.line_num
            if None in row or any(value is None for value in row.values()):
                yield number, None, f"expected {len(reader.fieldnames)} columns, found a different number"
                continue
            yield number, row, None
    except csv.Error as exc:
        yield reader.line_num, None, f"malformed CSV: {exc}"


def _has_body(row, mapping):
    return _get(row, "body", mapping) is not None


def _get(row, field, mapping):
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    names = ((mapping[field],) if field in mapping else ()) + FIELD_NAMES[field]
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, list):
            value = [str(v).strip() for v in value if str(v).strip().lower() not in MISSING]
            if value:
                return value
            continue
        if isinstance(value, dict):
            raise InputError(f"the {field} field ({name!r}) holds an object, not text")
        if value is not None and str(value).strip().lower() not in MISSING:
            return value if isinstance(value, (int, float)) else str(value).strip()
    return None


def _paragraphs(text: str) -> str:
    """Bodies in dumps use single newlines or none; store paragraphs separated by a blank line."""
    parts = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in parts if p)


def record_from_row(row: dict, *, mapping=None, outlet=None, today=None, source="", capture=None) -> Record:
    """`capture`: when the file was captured; a capture field in the row (`scraped_at`...) wins over it."""
    mapping = mapping or {}
    capture = dating.capture_from_row(row) or capture
    import_day = today
    today = dating.capture_day(capture, today)
    title = _get(row, "title", mapping)
    body = _get(row, "body", mapping)
    if not title and not body:
        names = ", ".join(list(row)[:8])
        raise InputError(f"no title or body field found (columns: {names}); use --map title=...,body=...")
    if not body:
        raise InputError("the body is empty")
    if isinstance(title, list):
        title = " ".join(title)
    if isinstance(body, list):
        body = "\n\n".join(body)
    record = Record(source=source, title=str(title or "").strip(), body=_paragraphs(str(body)))
    if not record.title:
        record.title = record.body.split("\n", 1)[0][:200]
        record.warnings.append("no title field: the first line of the body is used")
    record.lead = str(_get(row, "lead", mapping) or "")
    record.url = str(_get(row, "url", mapping) or "")
    record.desk = str(_get(row, "desk", mapping) or "")
    byline = _get(row, "byline", mapping)
    if isinstance(byline, list):
        byline = ", ".join(byline)
    # Scrapers sometimes put the headline in the author field.
    record.byline = "" if not byline or str(byline).strip() == record.title else str(byline)[:300]
    section = _get(row, "section", mapping)
    if isinstance(section, list):
        section = section[0]
    record.section = "" if not section or str(section).strip().lower() in NON_SECTIONS else str(section)
    keywords = _get(row, "keywords", mapping)
    if isinstance(keywords, str):
        keywords = [k.strip() for k in re.split(r"[,;|]", keywords) if k.strip()]
    record.keywords = list(keywords or [])
    language = str(_get(row, "language", mapping) or "").strip().lower()
    record.language = LANGUAGES.get(language) or guess_language(record.title + " " + record.body[:500])

    name = outlet or _get(row, "outlet", mapping)
    if name:
        known = find_outlet(str(name))
        record.outlet = known.name_en if known else str(name).strip()
        if not known:
            record.warnings.append(f"outlet {name!r} is not in the registry; kept as written")
    else:
        record.warnings.append("no outlet given")

    unread = None
    for field in ("published_at", "updated_at"):
        value = _get(row, field, mapping)
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
    dating.complete(record, capture=capture, field_value=unread, today=import_day)
    record.sources = find_sources(record.body)
    return record


def guess_language(text: str) -> str:
    bengali = len(BENGALI_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return "en" if latin > bengali else "bn"
