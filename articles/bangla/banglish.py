"""Banglish: Bengali words typed phonetically in Latin letters, matched to the archive's index terms.

People type নির্বাচন as ``nirbachon``, ``nirbachan`` or ``nirbacon``, and সরকার as ``sorkar`` or
``sarkar``. No conversion rule set turns all of them into the right spelling, so a conversion alone
(Avro phonetic, through the ``avro-py`` library) is only one way in; the other is the archive's own
vocabulary, matched on sound:

* a **phonetic key** (:func:`latin_key`, :func:`bengali_key`) is the consonant skeleton of a word
  with vowels dropped and aspirates, sibilants, retroflex/dental pairs and nasals folded into one class
  each (খ/ক -> ``K``, শ/ষ/স -> ``S``, ট/ত -> ``T``, ণ/ন/ং -> ``N``), so nirbachon, nirbachan, nirbacon
  and নির্বাচন all have the key ``NRBCN``. A word-initial vowel keeps one ``A`` so ইরান (``ARN``) is
  not রান (``RN``).
* the key of every Bengali vocabulary term is computed once (:class:`BanglishMatcher`), so a query
  word costs a dict lookup. Only when that finds nothing close are keys one class off tried, through
  an index of the single-deletion variants of every key (the SymSpell idea: two keys one edit apart
  share a deletion variant), still dict lookups.
* candidates are ranked by a finer comparison that keeps the vowels (:func:`_fine_distance`: cheap
  vowel and aspiration edits, a/o nearly free since অ is typed either way), then by document
  frequency. Avro's conversion of the word, analysed by the project's analyzer (whose stemmer strips
  the Bengali endings typists type too: nirbachoner), adds its key and a bonus when it is itself an
  index term.

The candidates are index terms of the vocabulary, so the caller can search them directly.

English words must keep searching English articles: the caller always searches the Latin word itself
and only ORs the Bengali candidates in. To avoid adding unrelated Bengali words to English queries:

* English stopwords (the analyzer drops them: "the", "and") get nothing;
* a word that is itself a Latin term of the vocabulary (it occurs in the archive's English text) gets
  at most one Bengali term, only for an exact key match with a near-exact vowel comparison
  (``MIN_SCORE_ENGLISH``), and only if that term is about as common among the Bengali terms as the
  word among the Latin ones (``ENGLISH_DF_RATIO``): dhaka -> ঢাকা and khaleda -> খালেদা pass, said ->
  সাইদ, road -> রিয়াদ and police -> পলিসি do not;
* keys of one or two classes (rain, oil, man) need the same near-exact comparison, since many short
  Bengali words share them.

What remains are English words absent from the archive's English text that sound like a Bengali word
(flood, money -> মন): eval/banglish_eval.py counts them.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import avro  # avro-py: Avro phonetic conversion

from .analysis import analyze, term_for
from .normalize import normalize

# Latin multi-letter spellings first (longest match wins), then single letters. Values are key
# classes (upper case) or vowels (lower case, dropped from the key but kept for the fine comparison).
_LATIN_UNITS = {
    "ksh": "K",
    "kkh": "Kh",
    "ck": "K",
    "chh": "Ch",
    "kh": "Kh",
    "gh": "Gh",
    "ng": "N",
    "ch": "C",
    "jh": "Jh",
    "th": "Th",
    "dh": "Dh",
    "ph": "Ph",
    "bh": "Bh",
    "sh": "S",
    "rh": "R",
    "gg": "G",
    "gy": "G",
    "oo": "u",
    "ee": "i",
    "ou": "o",
    "oi": "o",
    "k": "K",
    "q": "K",
    "c": "C",
    "x": "KS",
    "g": "G",
    "j": "J",
    "z": "J",
    "t": "T",
    "d": "D",
    "n": "N",
    "m": "M",
    "p": "P",
    "f": "Ph",
    "b": "B",
    "v": "Bh",
    "r": "R",
    "l": "L",
    "s": "S",
    "h": "H",
    "a": "a",
    "o": "o",
    "i": "i",
    "e": "e",
    "u": "u",
    "y": "i",
    "w": "o",
}
_LATIN_RE = re.compile("|".join(sorted(_LATIN_UNITS, key=len, reverse=True)))

_CONSONANTS = {
    "ক": "K",
    "খ": "Kh",
    "গ": "G",
    "ঘ": "Gh",
    "ঙ": "N",
    "চ": "C",
    "ছ": "Ch",
    "জ": "J",
    "ঝ": "Jh",
    "ঞ": "N",
    "ট": "T",
    "ঠ": "Th",
    "ড": "D",
    "ঢ": "Dh",
    "ণ": "N",
    "ত": "T",
    "থ": "Th",
    "দ": "D",
    "ধ": "Dh",
    "ন": "N",
    "প": "P",
    "ফ": "Ph",
    "ব": "B",
    "ভ": "Bh",
    "ম": "M",
    "য": "J",
    "র": "R",
    "ল": "L",
    "শ": "S",
    "ষ": "S",
    "স": "S",
    "হ": "H",
    "\u09dc": "R",  # ড়
    "\u09dd": "R",  # ঢ়
    "ৎ": "T",
}
# Independent vowels and vowel signs -> a rough vowel (অ is typed "o" or "a"; ঐ/ঔ as "oi"/"ou").
_VOWELS = dict(zip("অআইঈউঊএঐওঔ", "oaiiuueooo", strict=True))
_VOWEL_SIGNS = dict(zip("\u09be\u09bf\u09c0\u09c1\u09c2\u09c7\u09c8\u09cb\u09cc", "aiiuueooo", strict=True))
_VIRAMA = "\u09cd"
# Conjuncts pronounced as one sound (শিক্ষা "shikkha", বিজ্ঞান "biggan"), and phala forms that only
# lengthen the consonant before them (বিদ্যা "bidda", বিশ্ব "bissho").
_BENGALI_UNITS = (
    (re.compile("\u0995\u09cd\u09b7"), "\ue000"),  # ক্ষ
    (re.compile("\u099c\u09cd\u099e"), "\ue001"),  # জ্ঞ
    (re.compile("(?<!\u09b0)\u09cd\u09af"), ""),  # ্য, but not র্য (reph)
    (re.compile("(?<![\u09b0\u09ae])\u09cd\u09ac"), ""),  # ্ব, but not র্ব, ম্ব
)
_CONSONANTS["\ue000"] = "K"
_CONSONANTS["\ue001"] = "G"
# Phone strings: upper case = consonant class (the key), a e i o u = vowels, h = aspiration (dhaka/ঢাকা
# vs daka/ডাকা: a cheap difference, since typists often leave it out).
_VOWEL_PHONES = frozenset("aeiou")
_SOUNDS_INHERENT_BEFORE = frozenset("\u0982\u0983\u0981\u09df")  # ং ঃ ঁ য়
_INITIAL_Y = re.compile("^y(?=[aeiou])")
_BN_LETTER = re.compile("[\u0980-\u09ff]")


def _collapse(units: Iterable[str]) -> str:
    """Join units, dropping a repeated consonant class or vowel (kk, ddh, ত্ত, iya -> ia)."""
    out: list[str] = []
    for unit in units:
        for ch in unit:
            if out and out[-1] == ch:
                continue
            if ch.isupper() and len(out) > 1 and out[-1] == "h" and out[-2] == ch:
                continue
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def latin_phones(word: str) -> str:
    """Classes and vowels of a Latin word: ``nirbachon`` -> ``NiRBaCoN``."""
    word = _INITIAL_Y.sub("j", word.lower())  # yuddho: an initial y before a vowel is য
    return _collapse(_LATIN_UNITS[m] for m in _LATIN_RE.findall(word))


def bengali_phones(term: str) -> str:
    """Classes and vowels of a Bengali term: নির্বাচন -> ``NiRBaCoN`` (inherent vowels guessed)."""
    return _bengali_phones(normalize(term))


def _bengali_phones(term: str) -> str:
    """:func:`bengali_phones` of an already normalised term (index terms are)."""
    # A word ending in a conjunct sounds its inherent vowel: যুদ্ধ "juddho", বিশ্ব "bissho".
    final_o = len(term) > 2 and term[-2] == _VIRAMA and term[-1] in _CONSONANTS
    if _VIRAMA in term:
        for pattern, unit in _BENGALI_UNITS:
            term = pattern.sub(unit, term)
    units: list[str] = []
    last = len(term) - 1
    for i, ch in enumerate(term):
        if ch in _CONSONANTS:
            units.append(_CONSONANTS[ch])
            # Schwa deletion, roughly: a bare consonant sounds its inherent vowel before ং ঃ ঁ য়
            # (সংসদ "songsod", সময় "somoy"), in the first syllable (সরকার "sorkar") and before the
            # word's last consonant (নির্বাচন "nirbachon"), not elsewhere (সরকার's র, আমরা "amra").
            nxt = term[i + 1] if i < last else ""
            first_syllable = not any(u[-1:] in _VOWEL_PHONES for u in units)
            if nxt in _SOUNDS_INHERENT_BEFORE or (nxt in _CONSONANTS and (i + 1 == last or first_syllable)):
                units.append("o")
        elif ch in _VOWEL_SIGNS:
            units.append(_VOWEL_SIGNS[ch])
        elif ch in _VOWELS:
            units.append(_VOWELS[ch])
        elif ch in "ংঙ":
            units.append("N")
        elif ch in "\u09c3ঋ":  # ৃ / ঋ are typed "ri"
            units.append("Ri")
        elif ch == "\u09df":  # য় is a glide, typed y or i (রাশিয়া "rashia", সময় "somoy")
            units.append("i")
    if final_o and units and units[-1][-1:] not in _VOWEL_PHONES:
        units.append("o")
    return _collapse(units)


def _key(phones: str) -> str:
    """Consonant skeleton of a phone string; an initial vowel is kept as ``A``."""
    if not phones:
        return ""
    head = "A" if phones[0].islower() else ""
    return head + "".join(ch for ch in phones if ch.isupper())


def latin_key(word: str) -> str:
    """Phonetic key of a Latin word: ``nirbachon``, ``nirbacon`` -> ``NRBCN``; ``iran`` -> ``ARN``."""
    return _key(latin_phones(word))


def bengali_key(term: str) -> str:
    """Phonetic key of a Bengali term: নির্বাচন -> ``NRBCN``; ইরান -> ``ARN``."""
    return _key(bengali_phones(term))


def _fine_distance(a: str, b: str) -> float:
    """Edit distance of two phone strings where vowels are cheap (a/o almost free)."""

    def sub(x: str, y: str) -> float:
        if x == y:
            return 0.0
        if x in _VOWEL_PHONES and y in _VOWEL_PHONES:
            return 0.1 if {x, y} == {"a", "o"} else 0.3
        return 1.0

    def indel(x: str) -> float:
        return 0.4 if x in _VOWEL_PHONES else 0.3 if x == "h" else 1.0

    prev = [0.0]
    for y in b:
        prev.append(prev[-1] + indel(y))
    for x in a:
        cur = [prev[0] + indel(x)]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + indel(x), cur[j - 1] + indel(y), prev[j - 1] + sub(x, y)))
        prev = cur
    return prev[-1]


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


@functools.lru_cache(maxsize=4096)
def _avro(word: str) -> str:
    return avro.parse(word)


_WORD_RE = re.compile(r"[a-z]+")
_SOFT_C = re.compile(r"c(?=[eiy])")
_HARD_C = re.compile(r"c(?![hk])")
_MAX_WORD = 40  # longer "words" are not Banglish (URLs, hashes): skip them


class BanglishMatcher:
    """Bengali index terms for Latin words, from one vocabulary (build once per index version).

    ``vocabulary`` yields (analysed index term, document frequency): Bengali and Latin terms alike,
    as str or UTF-8 bytes (e.g. ``(t, info.doc_frequency()) for t, info in reader.iter_field("text")``).
    Latin terms tell which words are English in this archive; Bengali terms are the candidates.
    """

    # Thresholds on the similarity (1 - fine distance / length) of a candidate.
    MIN_SCORE = 0.55  # any candidate
    MIN_SCORE_ENGLISH = 0.92  # candidates for a word that is itself a Latin term of the vocabulary
    MARGIN = 0.1  # how far below the best candidate another may score
    ENGLISH_DF_RATIO = 0.1  # see _candidates
    FUZZY_PENALTY = 0.15  # a key one edit off

    def __init__(self, vocabulary: Iterable[tuple[str, int]]):
        self.latin_df: dict[str, int] = {}
        self.bengali_df: dict[str, int] = {}
        self._phones: dict[str, str] = {}
        self._by_key: dict[str, list[str]] = defaultdict(list)
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for term, df in vocabulary:
            if isinstance(term, bytes):  # Whoosh's reader.iter_field yields UTF-8 bytes
                term = term.decode("utf-8", "replace")
            if not term:
                continue
            if _BN_LETTER.match(term):
                self.bengali_df[term] = self.bengali_df.get(term, 0) + int(df)
            elif term.isascii() and term.isalpha():
                self.latin_df[term] = self.latin_df.get(term, 0) + int(df)
        for term in self.bengali_df:
            phones = _bengali_phones(term)
            key = _key(phones)
            if not key:
                continue
            self._phones[term] = phones
            self._by_key[key].append(term)
        for key in self._by_key:
            if 3 <= len(key) <= 10:  # longer keys are compounds nobody types one class off
                for deleted in _deletions(key):
                    self._by_deletion[deleted].append(key)
        self._by_key = dict(self._by_key)
        self._by_deletion = dict(self._by_deletion)
        self._max_log_df = math.log1p(max(self.bengali_df.values(), default=1))
        # Document frequencies are compared as shares of each script's total, since the archive
        # need not hold as many English articles as Bengali ones.
        self._bengali_mass = sum(self.bengali_df.values()) or 1
        self._latin_mass = sum(self.latin_df.values()) or 1
        self.candidates = functools.lru_cache(maxsize=4096)(self._candidates)

    def __getstate__(self):
        # The per-instance lookup cache is not picklable (and need not be kept): saved matchers
        # (articles/search/whoosh/banglish.py) start with an empty one.
        state = dict(self.__dict__)
        del state["candidates"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.candidates = functools.lru_cache(maxsize=4096)(self._candidates)

    def _bengali_share(self, term: str) -> float:
        return self.bengali_df.get(term, 0) / self._bengali_mass

    def _latin_share(self, term: str) -> float:
        return self.latin_df.get(term, 0) / self._latin_mass

    def is_english(self, word: str) -> bool:
        """Is ``word`` a Latin term of the vocabulary (it occurs in the archive's English text)?"""
        return word.lower() in self.latin_df

    def _keys_near(self, key: str) -> set[str]:
        """Vocabulary keys one edit (insert, delete, substitute) from ``key``."""
        near: set[str] = set(self._by_deletion.get(key, ()))  # vocabulary key has one more class
        for deleted in _deletions(key):
            if deleted in self._by_key and len(deleted) >= 3:  # one class fewer
                near.add(deleted)
            near.update(self._by_deletion.get(deleted, ()))  # substitution
        near.discard(key)
        return near

    def _candidates(self, word: str, limit: int = 3) -> list[tuple[str, float]]:
        """Up to ``limit`` (Bengali index term, score in 0..1), best first; [] when none is good."""
        if not isinstance(word, str):
            return []
        word = word.strip().lower()
        if not (0 < len(word) <= _MAX_WORD) or not _WORD_RE.fullmatch(word):
            return []
        if term_for(word) is None:  # an English stopword ("the", "and"): never Banglish
            return []
        english = self.is_english(word)
        readings = {latin_phones(word)}
        if _SOFT_C.search(word):  # English spelling: police, cinema -> s
            readings.add(latin_phones(_SOFT_C.sub("s", word)))
        if _HARD_C.search(word):  # English spelling: cricket, cox -> k
            readings.add(latin_phones(_HARD_C.sub("k", word)))
        keys = {_key(p) for p in readings} - {""}
        if not keys:
            return []
        # Avro's conversion, analysed by the project's analyzer: its stemmer strips Bengali endings
        # that Banglish typists type too (nirbachoner -> নির্বাচনের -> stem).
        converted = analyze(_avro(word))
        avro_term = converted[0] if len(converted) == 1 else None
        exact_keys = set(keys)
        if avro_term:
            exact_keys.add(bengali_key(avro_term))
        # term -> (similarity, ranking score)
        scored: dict[str, tuple[float, float]] = {}

        def consider(term: str, penalty: float) -> None:
            theirs = self._phones[term]
            similarity = max(1.0 - _fine_distance(p, theirs) / max(len(p), len(theirs)) for p in readings)
            if term[-2:-1] == _VIRAMA:  # a final conjunct's vowel is often left out: ট্রাম্প "trump"
                theirs = theirs[:-1]
                similarity = max(
                    similarity,
                    *(1.0 - _fine_distance(p, theirs) / max(len(p), len(theirs)) for p in readings),
                )
            similarity -= penalty
            if term == avro_term:  # Avro's rules agree with the sound match
                similarity = max(similarity, self.MIN_SCORE_ENGLISH)
            # Frequent terms win ties: a typist means the common word, not a rare namesake.
            rank = similarity + 0.05 * math.log1p(self.bengali_df[term]) / self._max_log_df
            if term == avro_term:
                rank += 0.1
            if term not in scored or rank > scored[term][1]:
                scored[term] = (similarity, rank)

        for k in exact_keys:
            for term in self._by_key.get(k, ()):
                consider(term, 0.0)
        # Keys one edit off only when the sound match found nothing close: it is the slow path, and
        # a close exact match is nearly always the word meant.
        if not english and not any(sim >= self.MIN_SCORE_ENGLISH for sim, _ in scored.values()):
            for k in {near for key in keys if len(key) >= 3 for near in self._keys_near(key)}:
                for term in self._by_key[k]:
                    consider(term, self.FUZZY_PENALTY)
        if avro_term in self._phones:
            consider(avro_term, 0.0)

        # Short keys match many words loosely (rain -> রান, oil -> আল): they need a near-exact match.
        short = max(map(len, keys)) <= 2
        threshold = self.MIN_SCORE_ENGLISH if english or short else self.MIN_SCORE
        ranked = sorted(
            ((r, t) for t, (sim, r) in scored.items() if sim >= threshold), key=lambda rt: (-rt[0], rt[1])
        )
        if english:  # an English word of the archive gets at most its one best Bengali reading ...
            limit = min(limit, 1)
            # ... and only one about as common in Bengali text as the word is in English text: said
            # (English df 162) is not সাইদ (3), road is not রিয়াদ, police is not পলিসি; ঢাকা, খালেদা,
            # ব্যাংক are as common as dhaka, khaleda, bank.
            ranked = [
                (r, t)
                for r, t in ranked[:1]
                if self._bengali_share(t) >= self.ENGLISH_DF_RATIO * self._latin_share(word)
            ]
        if not ranked:
            return []
        # Only near-ties of the best: every extra term ORed into the query costs precision.
        best = ranked[0][0]
        return [(t, round(min(r, 1.0), 3)) for r, t in ranked[: max(limit, 0)] if r >= best - self.MARGIN]

    def expand(self, words: Sequence[str], limit: int = 3) -> dict[str, list[str]]:
        """Bengali terms to OR with each Latin word of a query, keyed by the Latin word.

        Two adjacent words that are one Bengali compound (``prodhan mantri`` -> প্রধানমন্ত্রী) are
        also tried joined, keyed ``"prodhan mantri"``, when the joined word has a match.
        Words with no Bengali match are left out.
        """
        out: dict[str, list[str]] = {}
        words = [w for w in words if isinstance(w, str)]
        for word in words:
            found = [t for t, _ in self.candidates(word, limit)]
            if found:
                out[word] = found
        for first, second in zip(words, words[1:], strict=False):
            joined = self.candidates(first + second, limit)
            if joined and joined[0][1] >= self.MIN_SCORE_ENGLISH:
                out[f"{first} {second}"] = [joined[0][0]]
        return out
