"""Name-like mentions the gazetteer does not know, for the curators' review queue.

Curators read the queue from the top, so it is tuned for precision (issue 11: before this, 12 of 12
candidates from the samples were not names). A span is *proposed* by its context:

* a title or honorific before it: প্রেসিডেন্ট X, পররাষ্ট্রমন্ত্রী X Y, ড. X Y, মো. X Y;
* a verb of saying after it: X Y বলেন / জানান / বলছিলেন;
* a capitalised Latin name or acronym in parentheses: (Masoud Pezeshkian), (UNHCR).

and *kept* only with evidence that it is a name (``accept``): a Bengali span has two to four words,
none a verb form, a common word or a dangling particle (বিন, ভন), and either a word names are made of
(আব্দুল, হোসেন, চৌধুরী, or any word of a person in the gazetteer) or, after a person's title, the
look of a transliterated foreign name. Latin spans must be capitalised names or acronyms that are not
titles or common abbreviations (OC, MoU). Words already covered by a gazetteer match end a span, so a
known name never reappears here. The labels in tests/fixtures/candidate_labels.tsv measure this
(``eval/entities_eval.py``: precision of the top 100 over the samples and the shared dump).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

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


def _words(text: str) -> frozenset[str]:
    return frozenset(_norm(w) for w in text.split())


# Titles of a person: the name that follows is a person's (compared on normalised surfaces, not stems,
# so a stemmer change cannot silently drop one).
PERSON_TITLES = _words(
    """
    প্রেসিডেন্ট প্রেসিডেন্টের রাষ্ট্রপতি প্রধানমন্ত্রী মন্ত্রী পররাষ্ট্রমন্ত্রী স্বরাষ্ট্রমন্ত্রী প্রতিরক্ষামন্ত্রী অর্থমন্ত্রী
    মুখ্যমন্ত্রী প্রতিমন্ত্রী উপমন্ত্রী উপদেষ্টা মুখপাত্র সচিব মহাসচিব চেয়ারম্যান চেয়ারপারসন সভাপতি সম্পাদক
    মেয়র রাষ্ট্রদূত হাইকমিশনার গভর্নর বিচারপতি কমিশনার পরিচালক মহাপরিচালক এমপি আমির উপাচার্য
    অধিনায়ক কোচ অভিনেতা অভিনেত্রী চ্যান্সেলর যুবরাজ রাজা রানি স্পিকার সিইও ওসি দূত কর্নেল মেজর
    ক্যাপ্টেন ব্রিগেডিয়ার লেফটেন্যান্ট জেনারেল পোপ আয়াতুল্লাহ সেনাপ্রধান উপপরিচালক সমন্বয়ক
    আহ্বায়ক প্রার্থী নেতা নেত্রী কর্মকর্তা সাংবাদিক লেখক কবি শিল্পী গায়ক গায়িকা বিশ্লেষক কূটনীতিক বিশেষজ্ঞ
    গবেষক অর্থনীতিবিদ রাজনীতিবিদ আইনজীবী চিকিৎসক শিক্ষক প্রতিনিধি সহসভাপতি ভাই বোন বাবা স্ত্রী স্বামী ছেলে
    """
)
# Honorifics and academic or professional titles written before a name; not part of it.
PREFIXES = _words(
    """
    ড ডা ডক্টর মি মিসেস মিস জনাব মো মোছা মোসাম্মৎ প্রফেসর অধ্যাপক প্রকৌশলী ব্যারিস্টার অ্যাডভোকেট
    এডভোকেট মাওলানা মুফতি আলহাজ আলহাজ্ব হাজী কমরেড শহীদ বীর
    """
)
TITLES = PERSON_TITLES | PREFIXES
SPEECH_VERBS = _words("বলেন বলেছেন বলছেন বলেছিলেন বলছিলেন বলেনি জানান জানিয়েছেন জানিয়েছিলেন লিখেছেন উল্লেখ")
# Words names are made of: the common given-name heads and family names of the region. With the
# words of every person in the gazetteer (``name_words`` from the tagger), a span holding one is a
# name far more often than not. Words that are also common nouns (সরকার) are left out; a few that
# are both (রায়, পাল) are in, since a span needs two such words (see `name_in`).
NAME_PARTS = _words(
    """
    মোহাম্মদ মুহাম্মদ মোহাম্মাদ মুহাম্মাদ মোহাম্মেদ শেখ সৈয়দ সৈয়দা কাজী মির্জা খন্দকার আবু আবুল আবদুল আব্দুল
    আবদুর আব্দুর আবদুস আব্দুস আবদুল্লাহ আব্দুল্লাহ এ কে এম এস এম
    হোসেন হোসাইন হুসাইন হুসেন হোসেইন আহমেদ আহমদ আহম্মেদ আহমাদ রহমান ইসলাম আলম উদ্দিন উদ্দীন চৌধুরী খান হক
    আলী মিয়া মিঞা বেগম খাতুন আক্তার আখতার সুলতানা জাহান নাহার পারভীন শিকদার সিকদার তালুকদার ভূঁইয়া ভূইয়া
    ভুঁইয়া মজুমদার মোল্লা সরদার হাওলাদার প্রামানিক বিশ্বাস দাস দত্ত সেন বসু ঘোষ চক্রবর্তী ভট্টাচার্য মুখার্জি
    ব্যানার্জি সাহা কুমার চন্দ্র নাথ রায় পাল সিংহ সিনহা শর্মা গুপ্ত বড়ুয়া চাকমা মারমা ত্রিপুরা রহিম করিম কবির কাদের জামান
    হাসান হাসান মাহমুদ মাহমুদুল মোস্তফা মুস্তাফা কামাল জামাল ফারুক ইকবাল আজাদ আজিজ আমিন মামুন মাসুদ রশিদ হামিদ
    মজিদ সাত্তার সালাম জলিল খালেক মান্নান কাশেম কাসেম হাসিনা রাসেল রেজা জাহিদ শাহাদাত মনির মনিরুল রফিক
    রফিকুল শফিক শফিকুল আনোয়ার আনোয়ারুল আমিনুল মাহফুজ মাহবুব মাহবুবুল জাহাঙ্গীর আলমগীর নজরুল সাইফুল
    তৌফিক তৌহিদ শহিদুল শাহিদুল মিজান মিজানুর মোস্তাফিজ আরিফ আরিফুল সোহেল সুমন শামীম সেলিম সেলিনা নাসরিন
    ফাতেমা আয়েশা রোকেয়া তাহমিনা ফারহানা নুসরাত মোশাররফ জিল্লুর মতিউর লুৎফর হাফিজ হাফিজুর আতিক আতিকুর
    হারুন হারুনুর মাতবর মাতুব্বর মুন্সী মুন্সি ফকির পাটোয়ারী বেপারী গাজী সিদ্দিকী সিদ্দিকি হায়দার জব্বার বারী বারি
    আকবর আসগর ওসমান ওমর হাবিব হাবিবুর নাসির নাসিম নাসিমা শাহনাজ রুবিনা শিরিন লিপি মিতু রিনা সাকিব তামিম মুশফিক
    """
)
SHORT_PARTS = _words("কে এম এস")  # initials: evidence only beside a longer name word
# Verb forms and other words a title or a verb of saying is often next to (সভাপতি নির্বাচিত হন).
NOT_NAMES = _words(
    """
    আজ গতকাল আগামীকাল শনিবার রবিবার রোববার সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার সকালে বিকেলে রাতে সাবেক
    বর্তমান নতুন বিশেষ সহকারী ভারপ্রাপ্ত অন্তর্বর্তী সদ্য প্রয়াত নবনির্বাচিত দেশটির দেশের সরকার এক দুই তিন
    একজন দুজন এসময় এ সময় সেসময় আরও আরো পক্ষ পক্ষে থেকে বিষয়ক সম্পর্কিত সংক্রান্ত বলেন জানান করেন হিসেবে
    হিসাবে প্রমুখ বলে জন্য এখানে শুরুতে শেষে পরে আগে সহ সঙ্গে মাধ্যমে হন হলেন হয়েছেন হয়েছিলেন হওয়া হয়ে হয়
    থাকা থাকাকালীন থাকার করে কর করা করেন করেছেন দিয়ে নিয়ে গিয়ে যাওয়া চলে নির্বাচিত নিযুক্ত মনোনীত নিয়োগ দায়িত্ব
    পদ পদে দল কর্মী নেতাকর্মী অবশ্য একটি একটা এটা এটি এসব কথা তাঁর তিনি উত্তরে উত্তর জবাবে প্রশ্নে পাশাপাশি
    একইসঙ্গে বেশিরভাগ একপর্যায়ে আন্তরিক সমবেদনা স্বাগত শুভেচ্ছা ধন্যবাদ অভিযোগ প্রতিবাদ পরস্পর সবাই অনেকে কেউ
    স্বতন্ত্র সংসদ সদস্য সদস্য জাতীয় আন্তর্জাতিক সাধারণ কেন্দ্রীয় জেলা উপজেলা বিভাগীয় ঢাকা মহানগর মেডিকেল
    """
)
# Words that join parts of a name but never end one.
PARTICLES = _words("বিন বিনতে ইবনে ভন ফন ডের ডি দা দেল আল উল আবু")
# Capitalised Latin words in parentheses that are not names: titles, units, common abbreviations.
NOT_NAMES_LATIN = frozenset(
    """
    OC DC UNO SP ADC MD AMD AGS AGM CEO CEC EC IGP DIG DIGs GS VP PM MP MPs SI ASI ACP RMG MoU GDP VAT
    Retd Hons Sadar Service Sunday Monday Tuesday Wednesday Thursday Friday Saturday January February
    March April May June July August September October November December English Bangla Bengali Arabic
    BDT USD Tk AM PM TV FM AI ID NID PDF SMS CCTV DNA COVID Covid Spade Taka
    """.split()
)

_LATIN_PAREN = re.compile(r"\(\s*([A-Z][\w'.\-]*(?:\s+(?:[A-Z][\w'.\-]*|al|bin|de|da|von|der|van))*)\s*\)")
_LATIN_NAME = re.compile(
    r"^(?:[A-Z]{2,8}s?|[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?: (?:[A-Z][a-z'\-]+|al|bin|de|da|von|der|van)){1,3})$"
)
_MAX_WORDS = 4
# Letters and signs common in transliterated foreign names, rare in native Bengali words:
# য-ফলা with আ-কার after the consonants of English words (ম্যা, not the ত্যা of হত্যা), ও-য় (ওয়া), and consonant clusters of English sounds (স্ট, ফ্র, ক্স, ট্র...).
_FOREIGN = re.compile(
    "|".join(_norm(p) for p in "[কগচজটডপফমলহ]্যা ওয় স্ট স্প স্ক ফ্র ফ্ল ক্স ট্র ড্র র্ট র্ড র্স ল্ড জ়".split())
)


@dataclass(frozen=True)
class Span:
    """A proposed candidate: token indices (inclusive) and the context that proposed it."""

    first: int
    last: int
    context: str  # "title:<title>", "prefix", "speech"


class _Forms:
    """The spellings of each index term in one text (হাদি, হাদিকে, হাদির under one term), looked up
    with ``get(term)``. Each term's spellings are collected when first asked for: only a proposed name
    ending in -র or -য় needs them, a few terms of a text at most."""

    __slots__ = ("_tokens", "_by_term")

    def __init__(self, tokens: Sequence):
        self._tokens, self._by_term = tokens, {}

    def get(self, term: str | None, default=()):
        if term is None:
            return default
        found = self._by_term.get(term)
        if found is None:
            found = self._by_term[term] = {_norm(t.surface) for t in self._tokens if t.term == term}
        return found or default


def _ending_confirmed(tok, cut: int, forms: _Forms) -> bool:
    """May the last `cut` characters be removed as a case ending? An ending in -র or -য় is also
    how many names end (আখতার, আজিজুর, কাদের, উপাধ্যায়), and the stemmer cuts it from them too: it
    counts as an ending only when the text also spells the word without it (হাদি or হাদিকে beside
    হাদির)."""
    word = _norm(tok.surface)
    if not word.endswith(("র", "য়", "য়")) or (word.endswith("ের") and cut == 2 and word not in NAME_PARTS):
        return True
    stem, whole = _norm(tok.surface[:-cut]), word
    return any(f.startswith(stem) and not f.startswith(whole) for f in forms.get(tok.term, ()))


def _base_surface(tok, forms: _Forms) -> str:
    """The surface without the case ending the analyser removed (মোখবারকে -> মোখবার)."""
    surface = tok.surface
    if surface.endswith("সহ") and len(surface) > 3:  # জুবায়েরসহ: "with ..."
        return surface[:-2]
    if tok.term is None or _norm(surface) == tok.term:
        return surface
    for cut in range(1, min(5, len(surface) - 1)):
        if _norm(surface[:-cut]) == tok.term:
            return surface[:-cut] if _ending_confirmed(tok, cut, forms) else surface
    return surface


_CASE_ENDINGS = tuple(_norm(e) for e in ("ের", "কে", "দের", "তে", "কেও", "েরও", "য়", "েই", "সহ", "ে", "েও"))
_CLEAR_ENDINGS = tuple(_norm(e) for e in ("ের", "কে", "দের", "সহ", "কেও", "েরও"))
_VOWEL_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c7\u09c8\u09cb\u09cc")
_VERB_ENDINGS = ("েছেন", "ছেন", "ছিলেন", "লেন", "বেন", "তেন", "েছে", "ছিল", "লো", "েননি", "েনি", "ুন")
_NOT_NAME_ENDINGS = ("ভাবে", "বার", "গুলো", "গুলি", "মূলক", "কালীন", "টি")  # দুটি: a classifier


def _inflected(tok, forms: _Forms) -> bool:
    """Does the word carry a case ending (so a name ends with it)? Checked on the spelling, not on
    the stem alone: the stemmer also lemmatises verbs and would call হারুন an inflected হারা."""
    word = _norm(tok.surface)
    if word.endswith(_CASE_ENDINGS):
        return True
    if len(word) > 2 and word[-1] == "র" and word[-2] in _VOWEL_SIGNS and tok.term != word:
        return _ending_confirmed(tok, 1, forms)
    return False


def _locative(tok) -> bool:
    """A word in -এ/-তে after a name is where or how (ডেরেক স্মিথ রিপোর্টে), not part of the name."""
    word = _norm(tok.surface)
    return word.endswith(("ে", "েও")) and not word.endswith(("কে", "কেও"))


def _verbal(tok) -> bool:
    """A finite verb (the stemmer lemmatises it to a verbal noun in -া)."""
    word = _norm(tok.surface)
    return (
        tok.term is not None and tok.term != word and tok.term.endswith("া") and word.endswith(_VERB_ENDINGS)
    )


def _namelike(tok) -> bool:
    if tok.term is None or tok.term[0].isdigit():
        return False
    word = _norm(tok.surface)
    if word in NOT_NAMES or word in TITLES or word in SPEECH_VERBS:
        return False
    if _verbal(tok) and word not in NAME_PARTS:  # হারুন is not a form of হারা
        return False
    if tok.term in _not_name_stems():  # সাংবাদিকদের, দলের
        return False
    if word.endswith(_NOT_NAME_ENDINGS):
        return False
    first = tok.surface[0]
    if "\u0980" <= first <= "\u09ff":
        return True
    return first.isupper()  # Latin: capitalised words only


@functools.lru_cache(maxsize=1)
def _not_name_stems() -> frozenset[str]:
    from articles.bangla.stemmer import stem

    return frozenset(stem(w) for w in NOT_NAMES | TITLES | SPEECH_VERBS)


def _joined(text: str, tokens: Sequence, j: int) -> bool:
    gap = text[tokens[j - 1].end : tokens[j].start]
    return len(gap) <= 2 and all(ch in " \u00a0-." for ch in gap)


_TRIGGERS = TITLES | SPEECH_VERBS
# Surfaces already classified, and those of them that are titles or verbs of saying: each distinct
# word is normalised once per process, not once per text. Bounded: past the limit, new words are
# classified on every call (still right, just slower).
_CLASSIFIED: set[str] = set()
_TRIGGER_SURFACES: set[str] = set()
_CLASSIFIED_LIMIT = 500_000


def _triggers(surfaces: set[str]) -> set[str]:
    """The surfaces that are titles, honorifics or verbs of saying."""
    new = surfaces - _CLASSIFIED  # first: what another thread classifies meanwhile is in `found`
    found = surfaces & _TRIGGER_SURFACES
    for s in new:
        if _norm(s) in _TRIGGERS:
            found.add(s)
            _TRIGGER_SURFACES.add(s)  # before _CLASSIFIED: another thread never sees it half done
        if len(_CLASSIFIED) < _CLASSIFIED_LIMIT:
            _CLASSIFIED.add(s)
    return found


def propose(text: str, tokens: Sequence, covered: set[int], forms=None) -> Iterable[Span]:
    """Spans of name-like words next to a title, an honorific or a verb of saying.

    ``forms``: the `_Forms` of the tokens if the caller has one."""
    n = len(tokens)
    if forms is None:
        forms = _Forms(tokens)
    # Only the tokens that are titles or verbs of saying start a span.
    triggers = _triggers({t.surface for t in tokens})
    for i in [i for i, t in enumerate(tokens) if t.surface in triggers]:
        tok = tokens[i]
        norm = _norm(tok.surface)
        if norm in TITLES and i + 1 < n and _joined(text, tokens, i + 1):
            j, last = i + 1, None
            while j < n and j - i <= _MAX_WORDS and j not in covered and _namelike(tokens[j]):
                if j > i + 1 and (not _joined(text, tokens, j) or _locative(tokens[j])):
                    break
                last = j
                if _inflected(tokens[j], forms):  # a case ending: the name ends here
                    break
                j += 1
            # Running into a known name (শরিফ ওসমান + হাদি): a fuller form of it, not a new name.
            runs_on = last is not None and last + 1 in covered and _joined(text, tokens, last + 1)
            if last is not None and not runs_on:
                yield Span(i + 1, last, "prefix" if norm in PREFIXES else f"title:{norm}")
        elif norm in SPEECH_VERBS and i >= 2:
            first, k = i, i - 1
            while k >= 0 and i - k <= _MAX_WORDS and k not in covered and _namelike(tokens[k]):
                if _inflected(tokens[k], forms) or not _joined(text, tokens, k + 1):
                    break
                first = k
                k -= 1
            runs_on = first - 1 in covered and _joined(text, tokens, first)
            if i - first >= 2 and not runs_on:
                yield Span(first, i - 1, "speech")


def _nameish(word: str, term: str, name_words: frozenset[str]) -> bool:
    """A word names are made of (known), or one that looks transliterated from a foreign language."""
    return word in NAME_PARTS or term in name_words or _FOREIGN.search(word) is not None


def name_in(
    words: Sequence[str],
    terms: Sequence[str],
    context: str,
    name_words: frozenset[str],
    keep_last: bool = False,
) -> tuple[str, ...] | None:
    """The name in a proposed span (surfaces and index terms of its words), or None if it holds none
    worth a curator's time.

    Words a title's name is followed by (ঘোষণা, পদত্যাগ) or a speaker is introduced with are trimmed
    from the far end while they do not look like parts of a name; `keep_last`: the last word carried
    a case ending (জুবায়েরসহ, মাতবরকে), which a name takes, so it stays.
    """
    if all(w.isascii() for w in words):
        text = " ".join(words)
        if _LATIN_NAME.match(text) is None or set(words) & NOT_NAMES_LATIN:
            return None
        return tuple(words)
    normed = [_norm(w) for w in words]
    nameish = [_nameish(w, t, name_words) for w, t in zip(normed, terms, strict=True)]
    first, last = 0, len(words)
    if context == "speech":
        while last - first > 2 and not nameish[first]:
            first += 1
    elif not keep_last:
        while last - first > 2 and not nameish[last - 1]:
            last -= 1
    normed, nameish = normed[first:last], nameish[first:last]
    if not 2 <= len(normed) <= _MAX_WORDS or normed[-1] in PARTICLES:
        return None
    if any(len(w) < 2 and w not in SHORT_PARTS for w in normed):
        return None
    long_ones = [ok for w, ok in zip(normed, nameish, strict=True) if w not in SHORT_PARTS]
    # A verb of saying follows common words as often as names (এসব কথা বলেন): it needs two name
    # words, or three words with one; a title or an honorific vouches for one name word.
    if sum(long_ones) >= 2 or (any(long_ones) and (context != "speech" or len(normed) >= 3)):
        return tuple(words[first:last])
    return None


def find_candidates(
    text: str,
    tokens: Sequence,
    covered: set[int],
    lookup: Callable[[str], object],
    name_words: frozenset[str] = frozenset(),
) -> Counter[str]:
    """Candidate names with counts. ``covered``: token indices inside gazetteer matches;
    ``name_words``: index terms of the gazetteer's person names (evidence of a name)."""
    found: Counter[str] = Counter()
    seen: set[tuple[int, int]] = set()
    forms = _Forms(tokens)
    for span in propose(text, tokens, covered, forms):
        if (span.first, span.last) in seen:
            continue
        seen.add((span.first, span.last))
        toks = tokens[span.first : span.last + 1]
        words = [t.surface for t in toks[:-1]] + [_base_surface(toks[-1], forms)]
        ending = _norm(toks[-1].surface).endswith(_CLEAR_ENDINGS)
        name = name_in(words, [t.term for t in toks], span.context, name_words, keep_last=ending)
        if name is not None:
            found[" ".join(name)] += 1

    for m in _LATIN_PAREN.finditer(text):
        name = m.group(1).strip(" .")
        if (
            len(name) >= 2
            and name_in(name.split(), name.split(), "paren", name_words)
            and lookup(name) is None
        ):
            found[name] += 1
    return found
