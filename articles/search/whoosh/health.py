"""Is the search index whole, and does it hold what the database says it should? (issue 13)

The database is the truth; the index follows it. `inspect()` compares them and reads the index's
files, and names the repair: `ensure_index` applies it, `check_archive` reports it.

- File integrity: every write ends by recording each segment file's size and CRC-32 in
  `<index>.manifest` (JSON) (segment files never change once written, so only new files are read).
  A deleted, truncated or garbled file no longer matches it; an unreadable table of contents cannot be
  opened. Either needs a rebuild.
- Agreement: the article ids the index holds (from its `django_id` terms, live documents only) against
  the published ids in the database, a sample of stored documents against their rows, and the to-do
  list of changes not yet indexed (PendingIndex). Disagreements are repaired article by article.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import zlib
from pathlib import Path

import numpy as np
from whoosh import index as windex

from ..types import Report
from .matching import Postings, leaf_field_docs

MANIFEST_SUFFIX = ".manifest"


def _crc(path):
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _segment_files(path, ix):
    """The files of the segments the table of contents names (not the TOC or lock files)."""
    present = {segment.segment_id() for segment in ix._segments()}  # "MAIN_<random id>"
    return sorted(entry.name for entry in Path(path).iterdir() if entry.name.split(".", 1)[0] in present)


def record_manifest(path):
    """Record the size and CRC-32 of every segment file (call with the writer lock held)."""
    path = Path(path)
    manifest_path = Path(f"{path}{MANIFEST_SUFFIX}")
    try:
        ix = windex.open_dir(str(path))
        names = _segment_files(path, ix)
    except Exception:  # no index, or an unreadable one: nothing to vouch for
        manifest_path.unlink(missing_ok=True)
        return
    old = _read_manifest(manifest_path)
    files = {}
    for name in names:
        size = (path / name).stat().st_size
        known = old.get(name)
        # Segment files are written once: a file already recorded with this size keeps its checksum.
        files[name] = known if known and known[0] == size else [size, _crc(path / name)]
    temporary = manifest_path.with_name(f".{manifest_path.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"files": files}))
    os.replace(temporary, manifest_path)


def _read_manifest(manifest_path):
    try:
        return {name: list(value) for name, value in json.loads(manifest_path.read_text())["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def check_files(path):
    """Problems with the index's files: missing index, unreadable table of contents, damaged segments."""
    path = Path(path)
    try:
        if not windex.exists_in(str(path)):
            return ["The search index does not exist."]
        ix = windex.open_dir(str(path))
    except Exception as exc:
        return [f"The index's table of contents cannot be read ({type(exc).__name__})."]
    problems = []
    manifest = _read_manifest(Path(f"{path}{MANIFEST_SUFFIX}"))
    present = {segment.segment_id() for segment in ix._segments()}
    for name, (size, crc) in sorted(manifest.items()):
        file = path / name
        if name.split(".", 1)[0] not in present:
            continue  # a segment merged away since the manifest was written
        if not file.exists():
            problems.append(f"Index file {name} is missing.")
        elif file.stat().st_size != size:
            problems.append(f"Index file {name} has {file.stat().st_size} bytes, not {size}.")
        elif _crc(file) != crc:
            problems.append(f"Index file {name} is damaged (its checksum changed).")
    if problems:
        return problems
    try:  # files the manifest does not know (an index written before it existed): read a little of each
        with ix.searcher() as searcher:
            for leaf, _offset in Postings(searcher).leaves:
                if leaf.doc_count_all():
                    leaf.stored_fields(0)
                    leaf.stored_fields(leaf.doc_count_all() - 1)
                for fieldname in ("outlet", "month"):
                    leaf_field_docs(leaf, fieldname)
    except Exception as exc:
        problems.append(f"The index cannot be read ({type(exc).__name__}: {exc}).")
    return problems


def indexed_ids(searcher):
    """(ids of live documents, ids held by more than one live document)."""
    postings = Postings(searcher)
    live = postings.live()
    ids, duplicated = set(), set()
    for leaf, offset in postings.leaves:
        values, docs, index = leaf_field_docs(leaf, "django_id")
        keep = live[docs + offset]
        counts = np.bincount(index[keep], minlength=len(values))
        for value, n in zip(values, counts.tolist(), strict=True):
            if n:
                pk = int(value)
                if pk in ids or n > 1:
                    duplicated.add(pk)
                ids.add(pk)
    return ids, duplicated


def _signature(schema):
    """What decides how a field's postings are written (Whoosh's own Schema equality fails on
    identical DATETIME fields: their column objects do not compare equal)."""
    return {
        name: (
            type(field).__name__,
            type(field.format).__name__ if field.format else None,
            getattr(field.format, "field_boost", None),
            type(getattr(field, "analyzer", None)).__name__,
            field.stored,
            field.scorable,
            type(field.column_type).__name__ if field.column_type else None,
            getattr(field, "text_version", None),
        )
        for name, field in schema.items()
    }


def schema_differs(written, current):
    return _signature(written) != _signature(current)


def inspect(backend, sample=50):
    """Compare the index with the database (see the module docstring)."""
    from articles.indexing import pending_ids
    from articles.models import Article

    report = Report()
    published = set(Article.objects.indexed().values_list("pk", flat=True))
    report.expected = len(published)
    report.pending = set(pending_ids())
    problems = check_files(backend.path)
    if problems:
        report.problems, report.rebuild = problems, True
        return report
    ix = windex.open_dir(backend.path)
    if schema_differs(ix.schema, backend.current_schema()):
        report.problems.append("The index was written with another schema.")
        report.rebuild = True
        return report
    with ix.searcher() as searcher:
        try:
            ids, duplicated = indexed_ids(searcher)
        except Exception as exc:
            report.problems.append(f"The index cannot be read ({type(exc).__name__}: {exc}).")
            report.rebuild = True
            return report
        report.stale = duplicated | _sample_differs(searcher, sorted(published & ids), sample)
    report.compare(published, ids)
    return report


def _sample_differs(searcher, ids, sample):
    """Ids among a random sample whose stored title or address differs from the database."""
    from articles.models import Article

    chosen = random.sample(ids, min(sample, len(ids)))
    rows = Article.objects.in_bulk(chosen)
    differing = set()
    for pk in chosen:
        doc = searcher.document(id=f"articles.article.{pk}")
        article = rows.get(pk)
        if doc is None or article is None:
            continue
        with contextlib.suppress(Exception):
            if doc.get("title") != article.title or doc.get("path") != article.get_absolute_url():
                differing.add(pk)
    return differing
