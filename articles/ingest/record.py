"""The extracted record: what every reader and extractor produces, and what the importer stores.

This module is pure Python (no Django): raw file -> Record -> model row.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Record:
    """One article as found in an input file, before it becomes a database row."""

    source: str = ""  # input path (and "#row" for JSON/CSV rows)
    title: str = ""
    body: str = ""  # paragraphs separated by a blank line
    lead: str = ""  # sub-title / standfirst, if the input has one
    url: str = ""
    outlet: str | None = None  # canonical outlet name (English) or None when unknown
    desk: str = ""
    byline: str = ""
    section: str = ""  # the section label as the outlet wrote it
    sources: list[str] = field(default_factory=list)  # wire agencies, one canonical name each
    published_at: datetime | None = None  # aware datetime
    updated_at: datetime | None = None
    date_precision: str = (
        "unknown"  # "minute", "day", "approximate" (captured_at as upper bound) or "unknown"
    )
    captured_at: datetime | None = None  # when the page was scraped or saved (aware), if known
    kind: str = "article"  # "article" or "listing" (section front, topic/tag page, live feed)
    language: str = "bn"  # "bn" or "en"
    keywords: list[str] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)  # {"name", "kind", "mentions"}
    duplicate_of: str | int | None = None
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The `import_articles --dry-run --json` contract: one object per article."""
        data = dataclasses.asdict(self)
        for key in ("published_at", "updated_at", "captured_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


def never_raises(label):
    """Extractors return a Record for any input: an internal error becomes a warning, not a crash."""

    def decorate(extract):
        @functools.wraps(extract)
        def safe(text, *, source="", today=None, outlet=None):
            try:
                return extract(text, source=source, today=today, outlet=outlet)
            except Exception as exc:  # noqa: BLE001 - the importer must get a record for every page
                record = Record(source=source)
                record.warnings.append(f"internal {label} error: {type(exc).__name__}: {exc}")
                return record

        return safe

    return decorate


class InputError(Exception):
    """A file or row that cannot be read; the message names the problem, the importer adds the path."""
