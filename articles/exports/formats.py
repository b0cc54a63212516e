"""CSV, JSON Lines and ZIP writers over the export rows, each a generator of bytes for a streamed response."""

import csv
import io
import json
import zipfile

from django.http import StreamingHttpResponse
from django.utils import timezone

from articles.search import matching_ids

from .rows import COLUMNS, TEXT_COLUMN, chunk_size, flat, full_text, iter_articles, record

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value):
    """Spreadsheets run a cell that starts with = + - or @ as a formula: quote it (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


class _Lines:
    """A file-like sink that keeps what csv.writer wrote until it is taken."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text, self.parts = "".join(self.parts), []
        return text


def csv_chunks(articles, base, with_text=False):
    """CSV text in pieces of about one database chunk: the header, then one row per article."""
    columns = COLUMNS + ((TEXT_COLUMN,) if with_text else ())
    sink = _Lines()
    writer = csv.writer(sink)
    writer.writerow(columns)
    size = chunk_size()
    pending = 0
    for article in articles:
        row = flat(record(article, base, with_text))
        writer.writerow(cell(row[name]) for name in columns)
        pending += 1
        if pending >= size:
            yield sink.take()
            pending = 0
    yield sink.take()


def _csv_bytes(ids, base, with_text, bom):
    first = True
    for text in csv_chunks(iter_articles(ids, with_text), base, with_text):
        if first and bom:
            text = BOM + text
        first = False
        yield text.encode("utf-8")


def _jsonl_bytes(ids, base, with_text):
    size, lines = chunk_size(), []
    for article in iter_articles(ids, with_text):
        lines.append(json.dumps(record(article, base, with_text), ensure_ascii=False) + "\n")
        if len(lines) >= size:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


class _ZipSink(io.RawIOBase):
    """A write-only, unseekable stream: zipfile then writes data descriptors and never seeks back."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.buffer += data
        return len(data)

    def take(self):
        data, self.buffer = bytes(self.buffer), bytearray()
        return data


ZIP_README = """Bengali News Archive export

metadata.csv  one row per article (the columns of the CSV export; dates in Asia/Dhaka time with
              their offset; entities and entity_keys separated by "; ")
texts/ID.txt  the title, lead and body of article ID, UTF-8 plain text
"""


def _zip_bytes(ids, base, bom):
    """A ZIP built while it is sent: metadata.csv (one pass over the rows), then one text per article."""
    sink = _ZipSink()
    stamp = timezone.localtime().timetuple()[:6]

    def member(name):
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with zipfile.ZipFile(sink, mode="w", allowZip64=True) as archive:
        archive.writestr(member("README.txt"), ZIP_README)
        yield sink.take()
        with archive.open(member("metadata.csv"), mode="w", force_zip64=True) as metadata:
            for text in _csv_bytes(ids, base, with_text=False, bom=bom):
                metadata.write(text)
                yield sink.take()
        for n, article in enumerate(iter_articles(ids, with_text=True), 1):
            archive.writestr(member(f"texts/{article.pk}.txt"), f"{article.title}\n\n{full_text(article)}\n")
            if n % chunk_size() == 0:
                yield sink.take()
        yield sink.take()
    yield sink.take()  # the central directory, written on close


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "zip": ("application/zip", "zip"),
}


def _flag(request, name):
    return request.GET.get(name, "").lower() in ("1", "true", "yes", "on")


def export_response(request, params, fmt, tagger=None):
    """A streamed download of every article the search matches; QueryError before anything is sent."""
    return export_ids_response(request, matching_ids(params, tagger), fmt, "archive-search")


def export_ids_response(request, ids, fmt, filename):
    """A streamed download of the articles `ids` names, in that order (a search's matches, a collection).

    `ids` needs only len() and slicing (a list or an array); ids of deleted articles are skipped.
    """
    base = request.build_absolute_uri("/").rstrip("/")
    with_text, bom = _flag(request, "text"), _flag(request, "bom")
    if fmt == "csv":
        body = _csv_bytes(ids, base, with_text, bom)
    elif fmt == "jsonl":
        body = _jsonl_bytes(ids, base, with_text)
    elif fmt == "zip":
        body = _zip_bytes(ids, base, bom)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    content_type, extension = FORMATS[fmt]
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["X-Archive-Rows"] = str(len(ids))
    return response
