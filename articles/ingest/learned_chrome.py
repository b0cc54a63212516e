"""Chrome learned from the data: lines that recur across many articles of one outlet.

Every site wraps its articles in its own furniture (mastheads, "follow us" lines, app links, comment
policies, addresses, copyright stamps) and scrapers keep some of it in the body. A hand-written rule
(`chrome.py`) can only name what someone has seen; this module finds the rest from the archive itself:
a *unit* (a line, or a sentence of a long line: dumps often keep a whole article on one line) whose
normalised text turns up in many articles of the same outlet is that outlet's chrome.

Recurring text is not always chrome. Outlets reuse background sentences across the stories of one
event ("তিনি ৮০ বছর বয়সে মারা যান।" in four obituaries), so a unit counts only when
- it is in at least `MIN_ARTICLES` articles and a share of the outlet's articles, and
- it is *foreign* to the articles it sits in: its words are rarely used by the rest of those articles
  (chrome talks about the site, a reused sentence about the story it is reused in), or it sits at
  the start or end of the bodies, where page furniture lives.

`learn()` sorts what it finds into "drop" (strong evidence: removed automatically) and "proposed"
(weaker: a curator decides); `apply()` removes a set of units from one body. Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from articles.bangla.analysis import analyze
from articles.bangla.nfc import nfc

# A line longer than this is split into sentences: chrome sentences hide in one-line dump bodies.
LONG_LINE = 200
# Units of more words than this are never chrome (a paragraph repeated is a copied story, not a widget).
MAX_WORDS = 60
MAX_KEY_CHARS = 600  # what ChromeRule.text holds (and a database index can)
# The units at each end of a body that count as its edges (mastheads, bylines, footers).
HEAD_UNITS, TAIL_UNITS = 2, 3

# Thresholds, chosen on the tuning outlets of the shared dump (eval/chrome_eval.py has the split).
MIN_ARTICLES = 3  # fewer is a coincidence or one story told twice
PROPOSE_SHARE = 0.03  # of the outlet's articles, for a proposal
DROP_ARTICLES = 5  # dropped without asking only on this much evidence
DROP_SHARE = 0.08
FOREIGN_BELOW = 0.2  # relevance under which a unit is foreign to its articles
# Kinship (own-text similarity of the articles holding the unit, over that of the outlet's articles at
# large) at or above which they are one story retold: its shared sentences are the story's, not chrome.
KIN_BELOW = 1.5
# ...unless the unit is in more than this share of the outlet's articles: no story is retold that often,
# and the articles holding it are then most of the outlet (their kinship is the baseline's, give or take).
STORY_SHARE = 0.25
DROP_EDGE = 0.5  # a unit dropped without asking sits at a body's edges this often
SAMPLE_ARTICLES = 20  # relevance and kinship are judged on this many of a unit's articles

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")


def _not_word_class() -> str:
    """A regex class of the punctuation, symbols, separators and controls of the Basic Multilingual
    Plane, as ranges (one regex pass instead of a category lookup per character)."""
    ranges, start = [], None
    for cp in range(0x10001):
        hit = cp < 0x10000 and unicodedata.category(chr(cp))[0] in "PSZC" and chr(cp) not in "\u200c\u200d"
        if hit and start is None:
            start = cp
        elif not hit and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{cp - 1:04x}" if cp - 1 > start else f"\\u{start:04x}")
            start = None
    return "[" + "".join(ranges) + "]+"


_NOT_WORD = re.compile(_not_word_class())
_DIGITS = re.compile(r"[0-9\u09e6-\u09ef]+")
# Sentence ends: the dari (।), ? and !, closing quotes after them, and a full stop after a lower-case
# word (not "Dr." or "U.S."); " | " and " || " separate items in bylines and widget rows.
_SENTENCE_END = re.compile(
    r"(?<=[।!?])[\"”’'\)]*\s+|(?<=[a-z]{2}[.!?])[\"”’'\)]*\s+(?=[A-Z\"“‘(])|\s+\|\|?\s+"
)


def normalise(text: str) -> str:
    """The key of a unit: NFC, case-folded, punctuation and symbols as spaces, every number as 0.

    Copyright years, phone numbers and dates change between pages of the same widget.
    """
    text = nfc(text)
    text = _DIGITS.sub("0", _ZERO_WIDTH.sub("", text).casefold())
    return _NOT_WORD.sub(" ", text).strip()


def _words(key: str) -> list[str]:
    return [w for w in key.split() if w != "0" and len(w) > 1]


def split_units(line: str) -> list[str]:
    """A line as units: itself when short, else its sentences (original text, stripped)."""
    line = line.strip()
    if len(line) <= LONG_LINE:
        return [line] if line else []
    return [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]


def body_units(body: str) -> list[str]:
    return [unit for line in body.split("\n") for unit in split_units(line)]


@dataclass
class Finding:
    """One recurring unit of an outlet: its key, how it was seen, and what `learn` makes of it."""

    key: str
    text: str  # the commonest original form, for curators
    articles: int
    share: float
    examples: list = field(default_factory=list)
    edge: float = 0.0  # share of its occurrences at a body's first or last units
    relevance: float = 0.0  # how much of its wording the rest of its articles use (0 = foreign)
    kinship: float = 0.0  # how alike its articles' own texts are (a story retold is alike)
    status: str = "proposed"  # or "drop"

    @property
    def words(self) -> int:
        return len(self.key.split())


def learn(bodies: Mapping[object, str], *, exclude: Iterable[str] = (), max_examples=5) -> list[Finding]:
    """Recurring units of one outlet's article bodies ({article id: body}), strongest first.

    `exclude`: keys already decided (kept or dropped) that need no new finding.
    """
    exclude = set(exclude)
    total = len(bodies)
    if total < MIN_ARTICLES:
        return []
    seen: dict[str, list] = defaultdict(list)  # key -> article ids
    edges: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    units_of: dict[object, list[str]] = {}
    for article_id, body in bodies.items():
        units = body_units(body or "")
        keys = [normalise(u) for u in units]
        units_of[article_id] = list(zip(keys, units, strict=True))
        last = len(keys) - TAIL_UNITS
        counted = set()
        for i, (unit, key) in enumerate(zip(units, keys, strict=True)):
            if key in counted or key in exclude or not _words(key) or len(key) > MAX_KEY_CHARS:
                continue
            if len(key.split()) > MAX_WORDS:
                continue
            counted.add(key)
            seen[key].append(article_id)
            forms[key][unit] += 1
            if i < HEAD_UNITS or i >= last:
                edges[key] += 1
    recurring = {key for key, ids in seen.items() if len(ids) > 1}
    own_terms = _OwnTerms(units_of, recurring)
    baseline = _kinship(list(bodies)[:: max(1, total // 40)], own_terms)
    findings = []
    for key, ids in seen.items():
        share = len(ids) / total
        if len(ids) < MIN_ARTICLES or share < PROPOSE_SHARE:
            continue
        finding = Finding(
            key=key,
            text=forms[key].most_common(1)[0][0],
            articles=len(ids),
            share=share,
            examples=ids[:max_examples],
            edge=edges[key] / len(ids),
            relevance=_relevance(forms[key].most_common(1)[0][0], ids, own_terms),
            kinship=_kinship(ids, own_terms) / (baseline or 1),
        )
        if not _is_chrome(finding):
            continue
        if finding.articles >= DROP_ARTICLES and share >= DROP_SHARE and finding.edge >= DROP_EDGE:
            finding.status = "drop"
        findings.append(finding)
    findings.sort(key=lambda f: (f.status != "drop", -f.articles, f.key))
    return findings


def _is_chrome(finding: Finding) -> bool:
    retold = finding.kinship >= KIN_BELOW and finding.share < STORY_SHARE
    return finding.relevance < FOREIGN_BELOW and not retold


class _OwnTerms(dict):
    """Article id -> the terms of its own text (units found in no other article), computed once."""

    def __init__(self, units_of, recurring):
        super().__init__()
        self.units_of, self.recurring = units_of, recurring

    def __missing__(self, article_id):
        own = set()
        for key, unit in self.units_of[article_id]:
            if key not in self.recurring:
                own |= _terms(unit)
        self[article_id] = own
        return own


def _kinship(ids: list, own_terms) -> float:
    """Mean pairwise Jaccard similarity of the own terms of the articles (the first few)."""
    sets = [own_terms[i] for i in ids[:SAMPLE_ARTICLES]]
    pairs = [(a, b) for n, a in enumerate(sets) for b in sets[n + 1 :]]
    if not pairs:
        return 0.0
    return sum(len(a & b) / (len(a | b) or 1) for a, b in pairs) / len(pairs)


def _terms(text: str) -> set[str]:
    return {t for t in analyze(text) if not t[0].isdigit()}


def _relevance(text: str, ids: list, own_terms) -> float:
    """Mean share of the unit's words (stemmed, no stopwords) that its articles use in their own text.

    Only units found in no other article count as an article's own text: the lines of a widget
    block would otherwise vouch for each other.
    """
    words = _terms(text)
    if not words:
        return 0.0
    ids = ids[:SAMPLE_ARTICLES]
    return sum(len(words & own_terms[i]) / len(words) for i in ids) / len(ids)


def apply(body: str, keys: Iterable[str] | set[str]) -> tuple[str, int]:
    """The body without the units whose key is in `keys`, and how many units were removed.

    Paragraph breaks are kept; a paragraph left empty disappears with its blank line.
    """
    keys = keys if isinstance(keys, set | frozenset) else set(keys)
    if not keys or not body:
        return body, 0
    removed = 0
    lines = []
    for line in body.split("\n"):
        units = split_units(line)
        kept = [u for u in units if normalise(u) not in keys]
        if len(kept) == len(units):
            lines.append(line)
            continue
        removed += len(units) - len(kept)
        if kept:
            lines.append(" ".join(kept))
    if not removed:
        return body, 0
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, removed
