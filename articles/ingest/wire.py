"""Wire agencies and foreign outlets named as the source of a story, normalised to one name each.

A name counts only in a sentence that cites it as a source ("সূত্র: বিবিসি", "বার্তা সংস্থা রয়টার্স",
"খবর পার্স টুডে'র", "... বরাত দিয়ে ... আল জাজিরা", "জানিয়েছে রয়টার্স", a parenthesised "(এএফপি)"):
a story *about* the BBC is not a BBC story.
"""

from __future__ import annotations

import re

from articles.bangla.nfc import nfc as _nfc

# Canonical name -> spellings. Bengali spellings take case endings (রয়টার্সের, এএফপির, পার্স টুডে'র).
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("রয়টার্স", "রয়টার", "রযটার্স", "Reuters"),
    "AFP": ("এএফপি", "এ এফ পি", "ফরাসি বার্তা সংস্থা", "AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("এপি", "অ্যাসোসিয়েটেড প্রেস", "এসোসিয়েটেড প্রেস", "এসোসিয়েটেড প্রেস", "Associated Press", "AP"),
    "BBC": ("বিবিসি", "BBC"),
    "Al Jazeera": ("আল জাজিরা", "আলজাজিরা", "আল-জাজিরা", "আল জাজিরা", "Al Jazeera", "Aljazeera", "Al-Jazeera"),
    "Pars Today": ("পার্স টুডে", "পার্সটুডে", "Pars Today", "ParsToday"),
    "ANI": ("এএনআই", "ANI"),
    "PTI": ("পিটিআই", "PTI"),
    "IANS": ("আইএএনএস", "IANS"),
    "Xinhua": ("সিনহুয়া", "শিনহুয়া", "জিনহুয়া", "Xinhua"),
    "Anadolu": ("আনাদোলু", "আনাদুলু", "Anadolu"),
    "IRNA": ("ইরনা", "আইআরএনএ", "IRNA"),
    "TASS": ("তাস", "TASS"),
    "RIA Novosti": ("রিয়া নভোস্তি", "আরআইএ নভোস্তি", "RIA Novosti"),
    "Sputnik": ("স্পুতনিক", "Sputnik"),
    "Interfax": ("ইন্টারফ্যাক্স", "Interfax"),
    "BSS": ("বাসস", "বাংলাদেশ সংবাদ সংস্থা", "BSS"),
    "UNB": ("ইউএনবি", "UNB"),
    "CNN": ("সিএনএন", "CNN"),
    "Bloomberg": ("ব্লুমবার্গ", "Bloomberg"),
    "The Guardian": ("গার্ডিয়ান", "Guardian"),
    "The New York Times": ("নিউইয়র্ক টাইমস", "নিউ ইয়র্ক টাইমস", "New York Times"),
    "The Washington Post": ("ওয়াশিংটন পোস্ট", "Washington Post"),
    "Deutsche Welle": ("ডয়চে ভেলে", "ডয়েচে ভেলে", "ডিডব্লিউ", "Deutsche Welle", "DW"),
    "Voice of America": ("ভয়েস অব আমেরিকা", "ভয়েস অফ আমেরিকা", "ভিওএ", "Voice of America", "VOA"),
    "Press TV": ("প্রেস টিভি", "প্রেসটিভি", "Press TV"),
    "Tasnim": ("তাসনিম", "Tasnim"),
    "Mehr": ("মেহর", "Mehr"),
    "Fars": ("ফারস", "Fars"),
    "Times of India": ("টাইমস অব ইন্ডিয়া", "টাইমস অফ ইন্ডিয়া", "Times of India"),
    "Hindustan Times": ("হিন্দুস্তান টাইমস", "Hindustan Times"),
    "NDTV": ("এনডিটিভি", "NDTV"),
    "The Hindu": ("দ্য হিন্দু", "The Hindu"),
    "Dawn": ("ডন", "Dawn"),
    "Geo News": ("জিও নিউজ", "Geo News"),
    "Al Arabiya": ("আল আরাবিয়া", "আল-আরাবিয়া", "Al Arabiya"),
    "Arab News": ("আরব নিউজ", "Arab News"),
    "Gulf News": ("গালফ নিউজ", "Gulf News"),
    "Middle East Eye": ("মিডল ইস্ট আই", "Middle East Eye"),
    "Sky News": ("স্কাই নিউজ", "Sky News"),
    "Kyodo": ("কিয়োদো", "Kyodo"),
    "Yonhap": ("ইয়োনহাপ", "Yonhap"),
    "dpa": ("ডিপিএ", "dpa"),
    "EFE": ("ইএফই", "EFE"),
    "Global Times": ("গ্লোবাল টাইমস", "Global Times"),
    "South China Morning Post": ("সাউথ চায়না মর্নিং পোস্ট", "South China Morning Post", "SCMP"),
    "The Independent": ("ইনডিপেনডেন্ট", "Independent"),
    "Wall Street Journal": ("ওয়াল স্ট্রিট জার্নাল", "Wall Street Journal", "WSJ"),
    "Financial Times": ("ফিন্যান্সিয়াল টাইমস", "Financial Times"),
    "The Irrawaddy": ("ইরাবতী", "Irrawaddy"),
    "Kathmandu Post": ("কাঠমান্ডু পোস্ট", "Kathmandu Post"),
    "Tehran Times": ("তেহরান টাইমস", "Tehran Times"),
    "Axios": ("অ্যাক্সিওস", "Axios"),
}

# Words that make a sentence a citation. Names in other sentences are ignored.
_CUES = (
    "সূত্র",
    "বার্তা সংস্থা",
    "বার্তাসংস্থা",
    "সংবাদ সংস্থা",
    "সংবাদসংস্থা",
    "সংবাদমাধ্যম",
    "গণমাধ্যম",
    "বরাত",
    "খবর",
    "প্রতিবেদন",
    "জানিয়েছে",
    "জানায়",
    "জানিয়েছেন",
    "জানানো হয়",
    "উল্লেখ করেছে",
    "অনুযায়ী",
    "according to",
    "reported",
    "reports",
    "news agency",
    "source",
    "told",
)

_BN = "\u0980-\u09ff"
_SUFFIX = r"(?:[’‘'`\-]?(?:এর|য়ের|য়ের|ের|র|কে|এ|ে))?"


def _build() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for canonical, names in AGENCIES.items():
        parts = []
        for name in sorted(names, key=len, reverse=True):
            n = re.escape(_nfc(name)).replace(r"\ ", r"[\s\-]?")
            if name.isascii():
                # Short acronyms must match in capitals (so "ap" in a word or "Dawn" at sentence start
                # as "dawn" is not a hit); longer names are matched case-insensitively.
                parts.append(
                    rf"(?<![A-Za-z]){n}(?![A-Za-z])"
                    if len(name) > 4
                    else rf"(?<![A-Za-z])(?-i:{n})(?![A-Za-z])"
                )
            else:
                parts.append(rf"(?<![{_BN}]){n}{_SUFFIX}(?![{_BN}])")
        patterns.append((canonical, re.compile("|".join(parts), re.I)))
    return patterns


_PATTERNS = _build()


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for a set of literal names, factored by common prefixes.

    An alternation of 150 names is tried name by name at every position of the text (1.5-6 ms per
    article); factored into a trie, each position costs one character-class test. A space in a name
    matches a space, a hyphen or nothing, as in the per-agency patterns.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if char == "":
                continue
            head = r"[\s\-]?" if char == " " else re.escape(char)
            branches.append(head + build(child))
        if not branches:
            return ""
        optional = "" in node
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return build(trie)


# Any spelling of any name, without the word-boundary and suffix checks: a quick first test that the
# per-agency patterns (which do check them) can only match where this one does. It reads case-folded
# text: matching with re.I instead cost six times as much (about 0.7 ms an article).
_ANY_NAME = re.compile(
    _trie_pattern(sorted({_nfc(n).casefold() for names in AGENCIES.values() for n in names}))
)


def may_name_an_agency(text: str) -> bool:
    return _ANY_NAME.search(text.casefold()) is not None


_CUE_RE = re.compile("|".join(re.escape(_nfc(c)) for c in _CUES), re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[।!?])\s+|\n+|(?<=\.)\s+(?=[A-Z\u0980-\u09ff])")
# "(এএফপি)", "(রয়টার্স)", "— AFP", a dateline "ঢাকা, ১২ নভেম্বর (বাসস) :".
_PAREN_RE = re.compile(r"[(\[]([^()\[\]]{2,30})[)\]]")

# Names that are also ordinary words and need a strong cue ("বার্তা সংস্থা তাস", "(তাস)").
_AMBIGUOUS = {"TASS", "Dawn", "Mehr", "Fars", "The Independent", "Deutsche Welle"}
_STRONG_CUE_RE = re.compile(r"সূত্র|বার্তা ?সংস্থা|সংবাদ ?সংস্থা|সংবাদমাধ্যম|news agency|source", re.I)


def find_sources(text: str) -> list[str]:
    """Canonical names of the agencies cited as sources in `text`, in order of first citation."""
    if not text or not isinstance(text, str):
        return []
    text = _nfc(text)
    if not may_name_an_agency(text):
        return []
    found: list[str] = []

    def add(name: str) -> None:
        if name not in found:
            found.append(name)

    for sentence in _SENTENCE_SPLIT.split(text):
        if not sentence:
            continue
        # A name counts only beside a cue or in brackets. Most sentences name no agency: the factored
        # pattern of every name rules them out first (the cue words, an alternation, cost more to
        # look for), then the sixty per-agency patterns run only where a cue or bracket is.
        if not may_name_an_agency(sentence):
            continue
        cue = _CUE_RE.search(sentence)
        if not cue and "(" not in sentence and "[" not in sentence:
            continue
        strong = _STRONG_CUE_RE.search(sentence)
        parens = " ".join(m.group(1) for m in _PAREN_RE.finditer(sentence))
        hits: list[tuple[int, str]] = []
        for canonical, pattern in _PATTERNS:
            for m in pattern.finditer(sentence):
                in_parens = (
                    bool(parens) and bool(pattern.fullmatch(parens.strip())) or _inside_parens(sentence, m)
                )
                if canonical in _AMBIGUOUS and not (strong or in_parens):
                    continue
                if cue or in_parens:
                    hits.append((m.start(), canonical))
                    break
        for _, name in sorted(hits):
            add(name)
    return found


def _inside_parens(sentence: str, m: re.Match) -> bool:
    before = sentence[: m.start()].rstrip()
    after = sentence[m.end() :].lstrip()
    return before.endswith(("(", "[")) and after.startswith((")", "]", ",", "/"))
