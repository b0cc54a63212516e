"""Name-like mentions the gazetteer does not know, for the curators' review queue.

Three patterns, each cheap and aimed at names rather than at full recall:

* a title followed by a name: প্রেসিডেন্ট X, পররাষ্ট্রমন্ত্রী X Y, মুখপাত্র X Y;
* a speaker before a verb of saying: X Y বলেন / জানান / বলেছেন (two or more uninflected words, since
  a one-word subject is usually তিনি or a title);
* a capitalised Latin name in parentheses: (Masoud Pezeshkian), (UNHCR).

Words already covered by a gazetteer match end a candidate, so a known name never reappears here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence

try:
    from articles.bangla.normalize import fold_variants, normalize
except ImportError:  # pragma: no cover

    def normalize(text: str) -> str:
        return text

    def fold_variants(word: str) -> str:
        return word


@functools.lru_cache(maxsize=131072)
def _norm(word: str) -> str:
    return fold_variants(normalize(word))


# Compared on normalised surfaces (not stems) so a stemmer change cannot silently drop a title.
TITLES = frozenset(
    _norm(w)
    for w in [
        "প্রেসিডেন্ট",
        "প্রেসিডেন্টের",
        "রাষ্ট্রপতি",
        "প্রধানমন্ত্রী",
        "মন্ত্রী",
        "পররাষ্ট্রমন্ত্রী",
        "স্বরাষ্ট্রমন্ত্রী",
        "প্রতিরক্ষামন্ত্রী",
        "অর্থমন্ত্রী",
        "মুখ্যমন্ত্রী",
        "উপদেষ্টা",
        "মুখপাত্র",
        "সচিব",
        "মহাসচিব",
        "চেয়ারম্যান",
        "সভাপতি",
        "সম্পাদক",
        "অধ্যাপক",
        "মেয়র",
        "রাষ্ট্রদূত",
        "গভর্নর",
        "জেনারেল",
        "বিচারপতি",
        "কমিশনার",
        "পরিচালক",
        "মহাপরিচালক",
        "এমপি",
        "আমির",
        "উপাচার্য",
        "মাওলানা",
        "মুফতি",
        "ব্যারিস্টার",
        "অ্যাডভোকেট",
        "অধিনায়ক",
        "কোচ",
        "অভিনেতা",
        "অভিনেত্রী",
        "সাংবাদিক",
        "চ্যান্সেলর",
        "যুবরাজ",
        "রাজা",
        "রানি",
        "স্পিকার",
        "সিইও",
        "ওসি",
        "কর্মকর্তা",
        "নেতা",
        "নেত্রী",
        "প্রতিমন্ত্রী",
        "উপমন্ত্রী",
        "দূত",
        "কর্নেল",
        "মেজর",
        "ক্যাপ্টেন",
        "ব্রিগেডিয়ার",
        "লেফটেন্যান্ট",
        "পোপ",
        "আয়াতুল্লাহ",
    ]
)
SPEECH_VERBS = frozenset(
    _norm(w)
    for w in [
        "বলেন",
        "বলেছেন",
        "বলছেন",
        "বলেছিলেন",
        "জানান",
        "জানিয়েছেন",
        "জানিয়েছিলেন",
        "বলেনি",
        "লিখেছেন",
        "উল্লেখ",
    ]
)
# Frequent words that are not names but look like them (uninflected nouns, time words, adjectives).
NOT_NAMES = (
    frozenset(
        _norm(w)
        for w in [
            "আজ",
            "গতকাল",
            "আগামীকাল",
            "শনিবার",
            "রবিবার",
            "রোববার",
            "সোমবার",
            "মঙ্গলবার",
            "বুধবার",
            "বৃহস্পতিবার",
            "শুক্রবার",
            "সকালে",
            "বিকেলে",
            "রাতে",
            "সাবেক",
            "বর্তমান",
            "নতুন",
            "বিশেষ",
            "সহকারী",
            "ভারপ্রাপ্ত",
            "অন্তর্বর্তী",
            "সদ্য",
            "প্রয়াত",
            "নবনির্বাচিত",
            "দেশটির",
            "দেশের",
            "সরকার",
            "এক",
            "দুই",
            "তিন",
            "একজন",
            "দুজন",
            "এসময়",
            "এ",
            "সময়",
            "সেসময়",
            "আরও",
            "আরো",
            "পক্ষ",
            "পক্ষে",
            "পক্ষ",
            "থেকে",
            "বিষয়ক",
            "সম্পর্কিত",
            "সংক্রান্ত",
            "বলেন",
            "জানান",
            "করেন",
            "হিসেবে",
            "হিসাবে",
            "প্রমুখ",
            "বলে",
            "জন্য",
            "এখানে",
            "শুরুতে",
            "শেষে",
            "পরে",
            "আগে",
            "সহ",
            "সঙ্গে",
            "মাধ্যমে",
        ]
    )
    | TITLES
    | SPEECH_VERBS
)

_LATIN_PAREN = re.compile(r"\(\s*([A-Z][\w'.\-]*(?:\s+(?:[A-Z][\w'.\-]*|al|bin|de|da|von|der|van))*)\s*\)")
_MAX_WORDS = 3


def _base_surface(tok) -> str:
    """The surface without the case ending the analyser removed (মোখবারকে -> মোখবার)."""
    surface = tok.surface
    if tok.term is None or _norm(surface) == tok.term:
        return surface
    for cut in range(1, min(5, len(surface) - 1)):
        if _norm(surface[:-cut]) == tok.term:
            return surface[:-cut]
    return surface


_CASE_ENDINGS = ("ের", "কে", "দের", "তে", "কেও", "েরও", "য়", "েই")
_VOWEL_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c7\u09c8\u09cb\u09cc")


def _inflected(tok) -> bool:
    """Does the word carry a case ending (so a name ends with it)? Checked on the spelling, not on
    the stem alone: the stemmer also lemmatises verbs and would call হারুন an inflected হারা."""
    word = _norm(tok.surface)
    if word.endswith(_CASE_ENDINGS):
        return True
    return len(word) > 2 and word[-1] == "র" and word[-2] in _VOWEL_SIGNS and tok.term != word


def _namelike(tok) -> bool:
    if tok.term is None or tok.term[0].isdigit():
        return False
    if _norm(tok.surface) in NOT_NAMES:
        return False
    first = tok.surface[0]
    if "\u0980" <= first <= "\u09ff":
        return True
    return first.isupper()  # Latin: capitalised words only


def _joined(text: str, tokens: Sequence, j: int) -> bool:
    gap = text[tokens[j - 1].end : tokens[j].start]
    return len(gap) <= 2 and all(ch in " \u00a0-." for ch in gap)


def find_candidates(
    text: str,
    tokens: Sequence,
    covered: set[int],
    lookup: Callable[[str], object],
) -> Counter[str]:
    """Candidate names with counts. ``covered``: token indices inside gazetteer matches."""
    found: Counter[str] = Counter()
    seen_spans: set[tuple[int, int]] = set()
    n = len(tokens)

    def add(first: int, last: int) -> None:
        if (first, last) in seen_spans:
            return
        seen_spans.add((first, last))
        words = [tokens[k].surface for k in range(first, last)] + [_base_surface(tokens[last])]
        found[" ".join(words)] += 1

    for i, tok in enumerate(tokens):
        norm = _norm(tok.surface)
        if norm in TITLES and i + 1 < n and _joined(text, tokens, i + 1):
            j = i + 1
            last = None
            while j < n and j - i <= _MAX_WORDS and j not in covered and _namelike(tokens[j]):
                if j > i + 1 and not _joined(text, tokens, j):
                    break
                last = j
                if _inflected(tokens[j]):  # a case ending: the name ends here
                    break
                j += 1
            if last is not None:
                add(i + 1, last)
        elif norm in SPEECH_VERBS and i >= 2:
            first = i
            k = i - 1
            while k >= 0 and i - k <= _MAX_WORDS and k not in covered and _namelike(tokens[k]):
                if _inflected(tokens[k]) or not _joined(text, tokens, k + 1):
                    break
                first = k
                k -= 1
            if i - first >= 2:
                add(first, i - 1)

    for m in _LATIN_PAREN.finditer(text):
        name = m.group(1).strip(" .")
        if len(name) >= 2 and lookup(name) is None:
            found[name] += 1
    return found
