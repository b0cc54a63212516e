"""Analysed terms of each article's text, kept on disk so that a rebuild does not analyse again.

Solr indexes the archive's own analysed terms (articles/search/solr/documents.py), and analysing a
text is most of the client's cost of a document (about 1 ms of Python an article). An article's
terms only change when its text or the analyzer does, so they are kept in a SQLite file under
ARCHIVE_DATA_DIR/solr-cache/, keyed by the article's primary key and a digest of its text: an import
fills it as it indexes, a rebuild then reads the terms back (one query per batch) and analyses only
texts it has not seen. The file's name carries a fingerprint of the analyzer's code and word lists,
so a changed analyzer starts an empty file (and the old one is removed): terms are never stale.

Any trouble with the file (read-only folder, disk full, a damaged database) only costs the speed-up:
the terms are analysed as if nothing were cached.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
import threading
import zlib
from pathlib import Path

from django.conf import settings

from articles.bangla.analysis import analyze

_ANALYZER_FILES = ("analysis.py", "normalize.py", "stemmer.py", "stopwords.py", "numerals.py")


@functools.cache
def analyzer_fingerprint() -> str:
    """A digest of the analyzer's code and word lists (articles/bangla)."""
    folder = Path(analyze.__code__.co_filename).parent
    digest = hashlib.sha256()
    for path in [folder / name for name in _ANALYZER_FILES] + sorted((folder / "data").glob("*.txt")):
        with contextlib.suppress(OSError):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


class TermsCache:
    def __init__(self, folder: Path):
        self.path = folder / f"terms-{analyzer_fingerprint()}.sqlite3"
        self._local = threading.local()
        self.broken = False

    def _connection(self) -> sqlite3.Connection:
        # One connection per process and thread (a forked rebuild worker opens its own).
        owner = (os.getpid(), threading.get_ident())
        if getattr(self._local, "owner", None) != owner:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists()
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: a lost write is only analysed again
            db.execute("CREATE TABLE IF NOT EXISTS terms (pk INTEGER PRIMARY KEY, digest BLOB, terms BLOB)")
            if fresh:
                for old in self.path.parent.glob("terms-*.sqlite3*"):
                    if not old.name.startswith(self.path.name):
                        old.unlink(missing_ok=True)
            self._local.owner, self._local.db = owner, db
        return self._local.db

    def terms(self, items: list[tuple[int | None, str]]) -> list[str]:
        """The analysed terms of each (primary key, text), joined by spaces, in order."""
        found: dict[int, str] = {}
        if not self.broken:
            try:
                found = self._read(items)
            except sqlite3.Error:
                self.broken = True
        out, missing = [], []
        for pk, text in items:
            joined = found.get(pk) if pk is not None else None
            if joined is None:
                joined = " ".join(analyze(text))
                if pk is not None:
                    missing.append((pk, _digest(text), zlib.compress(joined.encode("utf-8"), 1)))
            out.append(joined)
        if missing and not self.broken:
            try:
                self._connection().executemany(
                    "INSERT OR REPLACE INTO terms (pk, digest, terms) VALUES (?, ?, ?)", missing
                )
            except (sqlite3.Error, OSError):
                self.broken = True
        return out

    def _read(self, items) -> dict[int, str]:
        wanted = {pk: _digest(text) for pk, text in items if pk is not None}
        if not wanted:
            return {}
        found = {}
        db = self._connection()
        keys = list(wanted)
        for start in range(0, len(keys), 900):  # SQLite's limit on bound parameters
            chunk = keys[start : start + 900]
            rows = db.execute(
                f"SELECT pk, digest, terms FROM terms WHERE pk IN ({','.join('?' * len(chunk))})",  # noqa: S608
                chunk,
            )
            for pk, digest, terms in rows:
                if digest == wanted[pk]:
                    found[pk] = zlib.decompress(terms).decode("utf-8")
        return found


_caches: dict[str, TermsCache] = {}
_lock = threading.Lock()


def cache() -> TermsCache:
    folder = Path(settings.DATA_DIR) / "solr-cache"
    with _lock:
        found = _caches.get(str(folder))
        if found is None:
            found = _caches[str(folder)] = TermsCache(folder)
        return found


def analysed_terms(items: list[tuple[int | None, str]]) -> list[str]:
    """The analysed terms of each (primary key, text), joined by spaces (cached per key and text)."""
    return cache().terms(items)
