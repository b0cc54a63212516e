"""Duplicate detection: exact (hash of the normalised body) and near-duplicate (MinHash + LSH banding).

The same article imported twice, re-published with small edits, or syndicated by another outlet should
map to one record. Pure functions here; the importer keeps a NearDuplicateIndex (or rebuilds it from
stored signatures) and decides what to do with a match.
"""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np

from articles.bangla.nfc import nfc
from articles.bangla.numerals import to_ascii_digits

NUM_PERM = 128
SHINGLE_WORDS = 3  # short shingles keep small edits from changing most of them
_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


def normalize_body(body: str) -> str:
    """Lower-cased NFC words (punctuation, zero-width characters and digit script removed), space-joined."""
    text = nfc(body or "")
    text = to_ascii_digits(text).lower()
    text = re.sub("[\u200b-\u200d\u2060\ufeff]", "", text)
    return " ".join(re.findall(r"[\w\u0980-\u09ff]+", text))


def normalized_body_hash(body: str, normalized: str | None = None) -> str:
    """sha256 hex of the normalised body: equal for copies that differ only in spacing, punctuation, digits."""
    normalized = normalize_body(body) if normalized is None else normalized
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def body_fingerprints(body: str) -> tuple[str, tuple[int, ...]]:
    """normalized_body_hash and minhash_signature of one body, normalising it once."""
    normalized = normalize_body(body)
    return normalized_body_hash(body, normalized), minhash_signature(body, normalized=normalized)


def _shingles(normalized: str) -> set[bytes]:
    words = normalized.split()
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def _perm_params(n: int) -> tuple[np.ndarray, np.ndarray]:
    # Fixed, reproducible permutations: signatures stored in the database must stay comparable.
    a, b = [], []
    for i in range(n):
        digest = hashlib.sha256(f"minhash-{i}".encode()).digest()
        x, y = struct.unpack("<II", digest[:8])
        a.append(x | 1)
        b.append(y)
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


_PARAMS = _perm_params(NUM_PERM)


def minhash_signature(body: str, num_perm: int = NUM_PERM, normalized: str | None = None) -> tuple[int, ...]:
    """MinHash of the body's word 3-shingles; an empty body gets an all-max signature.

    Shingles hash to 32 bits and each permutation is (a*h + b) mod 2**61-1, truncated to 32 bits:
    with 32-bit operands the products fit in uint64, so numpy computes all permutations at once
    (about 50x faster than a Python loop over 128 permutations).
    """
    a, b = _PARAMS if num_perm == NUM_PERM else _perm_params(num_perm)
    shingles = _shingles(normalize_body(body) if normalized is None else normalized)
    if not shingles:
        return tuple([_MAX_HASH] * num_perm)
    digests = b"".join([hashlib.blake2b(s, digest_size=4).digest() for s in shingles])
    hashes = np.frombuffer(digests, dtype="<u4").astype(np.uint64)  # each digest read little-endian
    return tuple(_permuted(a, b, hashes).min(axis=1).tolist())


def _permuted(a: np.ndarray, b: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """(a*h + b) mod 2**61-1, truncated to 32 bits, for every permutation (row) and hash (column).

    a*h + b < 2**64 (32-bit operands), so it fits in uint64; modulo a Mersenne prime is a shift, a
    mask and at most one subtraction (numpy's uint64 `%` divides, three times as slow here).
    """
    values = np.outer(a, hashes)
    values += b[:, None]
    mersenne = np.uint64(_MERSENNE)
    reduced = (values & mersenne) + (values >> np.uint64(61))
    reduced -= mersenne * (reduced >= mersenne)
    return reduced & np.uint64(_MAX_HASH)


def similarity(sig_a: tuple[int, ...], sig_b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets (share of equal signature slots)."""
    if not sig_a or not sig_b or len(sig_a) != len(sig_b):
        return 0.0
    if all(v == _MAX_HASH for v in sig_a) or all(v == _MAX_HASH for v in sig_b):
        return 0.0  # empty bodies are not duplicates of each other
    return sum(1 for x, y in zip(sig_a, sig_b, strict=True) if x == y) / len(sig_a)


# A body match from the same outlet counts as a copy only when the headlines share half their words.
# Measured on the bdnews dump (647 articles): six Business Standard pages of different stories had one
# identical body (the comment policy a scraper took for the text) and two Risingbd year reviews shared
# an intro (similarity 0.65), each under its own headline; the same-outlet pairs that are one story
# (a Naya Diganta report at two addresses, 0.72) keep their headline.
SAME_OUTLET_TITLE_OVERLAP = 0.5


def title_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the normalised words of two headlines."""
    words_a, words_b = set(normalize_body(a).split()), set(normalize_body(b).split())
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def is_copy(outlet_a: str | None, title_a: str, outlet_b: str | None, title_b: str) -> bool:
    """Whether two articles whose bodies match are versions of one story (see SAME_OUTLET_TITLE_OVERLAP).

    Another outlet's matching body is a copy (syndication, a shared press release, a wire story);
    the same outlet's needs a similar headline too.
    """
    if outlet_a and outlet_a == outlet_b:
        return title_overlap(title_a, title_b) >= SAME_OUTLET_TITLE_OVERLAP
    return True


class NearDuplicateIndex:
    """LSH banding over MinHash signatures: candidates share a whole band, then are verified.

    16 bands of 8 rows put the S-curve's midpoint near a similarity of 0.7, so pairs at 0.8 are found
    with probability ~0.95 while unrelated articles rarely meet in a bucket; lookups stay O(bands).

    Signatures are rows of one uint32 array and each band is bucketed by the hash of its bytes: about
    2 KB an article instead of 8.4 KB as tuples of Python ints (840 MB of an import's memory at 100k).
    A band hash that two different bands share only adds a candidate, which verification drops.
    """

    def __init__(self, num_perm: int = NUM_PERM, bands: int = 16):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.num_perm = num_perm
        self.bands = bands
        self.band_bytes = 4 * (num_perm // bands)
        self._matrix = np.empty((256, num_perm), dtype=np.uint32)
        self._keys: list = []  # row -> key
        self._rows: dict = {}  # key -> row
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]

    def __len__(self) -> int:
        return len(self._keys)

    def _band_hashes(self, row: np.ndarray) -> list[int]:
        data, size = row.tobytes(), self.band_bytes
        return [hash(data[start : start + size]) for start in range(0, len(data), size)]

    def _row(self, sig) -> np.ndarray | None:
        if len(sig) != self.num_perm:
            return None
        return np.asarray(sig, dtype=np.uint32)

    def add(self, key, sig) -> None:
        row = self._row(sig)
        if row is None:
            raise ValueError(f"signature has {len(sig)} values, index expects {self.num_perm}")
        if key in self._rows:
            return
        number = len(self._keys)
        if number == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[number] = row
        self._keys.append(key)
        self._rows[key] = number
        for bucket, band_hash in zip(self._buckets, self._band_hashes(row), strict=True):
            found = bucket.get(band_hash)
            if found is None:
                bucket[band_hash] = number
            elif isinstance(found, list):
                found.append(number)
            else:
                bucket[band_hash] = [found, number]

    def _candidate_rows(self, row: np.ndarray) -> list[int]:
        found: set[int] = set()
        for bucket, band_hash in zip(self._buckets, self._band_hashes(row), strict=True):
            rows = bucket.get(band_hash)
            if isinstance(rows, list):
                found.update(rows)
            elif rows is not None:
                found.add(rows)
        return sorted(found)

    def candidates(self, sig) -> set:
        row = self._row(sig)
        return set() if row is None else {self._keys[number] for number in self._candidate_rows(row)}

    def find(self, sig, threshold: float = 0.8):
        """The most similar stored key with similarity >= threshold (the first added on a tie), or None."""
        row = self._row(sig)
        if row is None or bool((row == _MAX_HASH).all()):
            return None  # an empty body is no one's duplicate
        numbers = self._candidate_rows(row)
        if not numbers:
            return None
        stored = self._matrix[numbers]
        similar = (stored == row).mean(axis=1)
        similar[(stored == _MAX_HASH).all(axis=1)] = 0.0
        best = int(np.argmax(similar))
        return self._keys[numbers[best]] if similar[best] >= threshold else None
