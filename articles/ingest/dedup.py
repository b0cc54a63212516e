"""Duplicate detection: exact (hash of the normalised body) and near-duplicate (MinHash + LSH banding).

The same article imported twice, re-published with small edits, or syndicated by another outlet should
map to one record. Pure functions here; the importer keeps a NearDuplicateIndex (or rebuilds it from
stored signatures) and decides what to do with a match.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata

import numpy as np

from articles.bangla.numerals import to_ascii_digits

NUM_PERM = 128
SHINGLE_WORDS = 3  # short shingles keep small edits from changing most of them
_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


def normalize_body(body: str) -> str:
    """Lower-cased NFC words (punctuation, zero-width characters and digit script removed), space-joined."""
    text = unicodedata.normalize("NFC", body or "")
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
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    values = (np.outer(a, hashes) + b[:, None]) % np.uint64(_MERSENNE) & np.uint64(_MAX_HASH)
    return tuple(int(v) for v in values.min(axis=1))


def similarity(sig_a: tuple[int, ...], sig_b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets (share of equal signature slots)."""
    if not sig_a or not sig_b or len(sig_a) != len(sig_b):
        return 0.0
    if all(v == _MAX_HASH for v in sig_a) or all(v == _MAX_HASH for v in sig_b):
        return 0.0  # empty bodies are not duplicates of each other
    return sum(1 for x, y in zip(sig_a, sig_b, strict=True) if x == y) / len(sig_a)


class NearDuplicateIndex:
    """LSH banding over MinHash signatures: candidates share a whole band, then are verified.

    16 bands of 8 rows put the S-curve's midpoint near a similarity of 0.7, so pairs at 0.8 are found
    with probability ~0.95 while unrelated articles rarely meet in a bucket; lookups stay O(bands).
    """

    def __init__(self, num_perm: int = NUM_PERM, bands: int = 16):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.num_perm = num_perm
        self.bands = bands
        self.rows = num_perm // bands
        self._buckets: list[dict[tuple[int, ...], list]] = [{} for _ in range(bands)]
        self._signatures: dict = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _band_keys(self, sig: tuple[int, ...]):
        for band in range(self.bands):
            yield band, tuple(sig[band * self.rows : (band + 1) * self.rows])

    def add(self, key, sig: tuple[int, ...]) -> None:
        if len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} values, index expects {self.num_perm}")
        if key in self._signatures:
            return
        self._signatures[key] = tuple(sig)
        for band, band_key in self._band_keys(sig):
            self._buckets[band].setdefault(band_key, []).append(key)

    def candidates(self, sig: tuple[int, ...]) -> set:
        found: set = set()
        for band, band_key in self._band_keys(sig):
            found.update(self._buckets[band].get(band_key, ()))
        return found

    def find(self, sig: tuple[int, ...], threshold: float = 0.8):
        """The most similar stored key with similarity >= threshold, or None."""
        if len(sig) != self.num_perm:
            return None
        best_key, best_sim = None, threshold
        for key in self.candidates(sig):
            sim = similarity(sig, self._signatures[key])
            if sim >= best_sim and (best_key is None or sim > best_sim):
                best_key, best_sim = key, sim
        return best_key
