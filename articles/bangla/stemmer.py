"""Bengali stemmer: our suffix rules, validated against a lexicon, in front of bangla-stemmer.

Bengali nouns inflect agglutinatively: ``stem + (plural | classifier) + (case) + (emphatic)``, e.g.
ইরান+ের+ও, নেতা+দের, দেশ+টি+র, ঢাকা+তে+ই. :func:`stem` strips such a chain in one step, choosing among
all suffix chains that match the end of the word:

1. a chain whose remainder is an attested word (``data/lexicon.txt``, built from news text) wins,
   longest chain first, so দেশের -> দেশ although দেশে is attested as well;
2. otherwise (word unseen in the corpus) the longest chain whose remainder is long enough for that
   suffix (``_UNKNOWN_MIN``) wins: long remainders are almost always real stems, short ones are
   where the traps are (চিনি, মাটি, তারা).

Every chain also has a phonotactic condition: -ের/-ে/-েরা follow consonants (দেশের, বৈঠকে), -র/-য়/-তে
follow vowels (রাশিয়ার, ঢাকায়, বাড়িতে). That single condition is what keeps ঢাকা (no suffix) and
ঢাক apart and makes রাশিয়ার and রাশিয়া one stem.

Verb endings (বলেছেন, করছে, বলবেন ...) map to the verbal noun (বলা, করা) but only when that
verbal noun is attested, so names such as বাইডেন or সুইডেন are never treated as verbs, and বল (ball)
stays apart from বলা.

bangla-stemmer is kept as a last resort for unseen words our rules do not touch: its answer is
accepted only if it is an attested word (it matches rules mid-word and prints on every call, so its
output is captured and the call cached).
"""

from __future__ import annotations

import contextlib
import functools
import io
from importlib import resources

from .normalize import fold_variants, normalize

# Characters that do not count as a "letter" when judging whether a remainder is long enough:
# vowel signs, virama, nukta, chandrabindu, length mark.
_MARKS = frozenset(
    "\u0981\u09bc\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c4\u09c7\u09c8\u09cb\u09cc\u09cd\u09d7"
)
_VOWEL_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09cb\u09cc")
_INDEPENDENT_VOWELS = frozenset("\u0985\u0986\u0987\u0988\u0989\u098a\u098b\u098f\u0990\u0993\u0994")
_VOWELS = _VOWEL_SIGNS | _INDEPENDENT_VOWELS
_VIRAMA = "\u09cd"


def letters(word: str) -> int:
    """Number of base letters (consonants, independent vowels, ং ঃ ৎ) in ``word``."""
    return sum(1 for ch in word if ch not in _MARKS)


def _load_words(name: str) -> frozenset[str]:
    try:
        text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        fold_variants(normalize(line.strip()))
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


#: Attested Bengali words (normalised, folded); see data/README.md for how it is built.
LEXICON: frozenset[str] = _load_words("lexicon.txt")
#: Words that end like an inflection but are not inflected (সাহারা is not সাহা + রা).
PROTECTED: frozenset[str] = _load_words("protected.txt")

# --- nominal suffix chains -------------------------------------------------------------------------
# Conditions on the remainder: "C" consonant-final, "V" vowel-final, "*" any.
_CASE_AFTER_MARKER = ("", "র", "কে", "তে", "য়")  # case endings after a plural marker/classifier
_MARKERS = ("গুলো", "গুলি", "গুলা", "টি", "টা", "খানা", "খানি")


def _nominal_chains() -> list[tuple[str, str]]:
    base: list[tuple[str, str]] = [
        ("ের", "C"),
        ("র", "V"),
        ("য়ের", "V"),  # মা -> মায়ের, ভাই -> ভাইয়ের
        ("য়েরা", "V"),  # ভাই -> ভাইয়েরা
        ("কে", "*"),
        ("তে", "V"),  # ঢাকাতে, বাড়িতে (after consonants -তে is the verb infinitive: করতে)
        ("ে", "C"),  # locative: ঘরে, বৈঠকে, তেহরানে
        ("য়", "V"),  # locative after vowels: ঢাকায়, রাশিয়ায়
        ("রা", "*"),  # plural: নেতারা, ছাত্ররা
        ("েরা", "C"),  # plural: মানুষেরা
        ("দের", "*"),
        ("দেরকে", "*"),
        ("েরকে", "C"),
        ("দিগকে", "*"),
        ("সমুহ", "*"),
        ("সমুহের", "*"),
        ("সমুহে", "*"),
        ("", "*"),
    ]
    for marker in _MARKERS:
        for case in _CASE_AFTER_MARKER:
            base.append((marker + case, "*"))
    chains = []
    for suffix, cond in base:
        for emphatic in ("", "ও", "ই"):
            if suffix or emphatic:
                chains.append((suffix + emphatic, cond))
    # -েই/-তেই are locative + emphatic and already generated; longest first.
    # Source literals may hold য + nukta; compare in normalised form.
    return sorted({(normalize(c), cond) for c, cond in chains}, key=lambda sc: -len(sc[0]))


_NOMINAL = _nominal_chains()
# The same chains by their last character, in the same order: a word is only tried against the
# chains it can end with (a few dozen of the 158).
_NOMINAL_BY_LAST: dict[str, list[tuple[str, str]]] = {}
for _chain in _NOMINAL:
    _NOMINAL_BY_LAST.setdefault(_chain[0][-1], []).append(_chain)

# Minimum letters a remainder needs when it is *not* attested, per suffix chain. Short chains and
# the emphatic particles alone are where distinct words hide (ভাই, দুবাই, রেডিও, মাটি), so they need
# more evidence.
_UNKNOWN_MIN_DEFAULT = 2
_UNKNOWN_MIN = {
    normalize(k): v for k, v in {"ও": 3, "ই": 4, "য়": 3, "ে": 3, "রা": 3, "েই": 3, "েও": 3, "দের": 4}.items()
}
# -দের after a vowel: after ি it is the plural (শিক্ষার্থীদের, সাক্ষীদের); after া/ে/ু/ো the word
# is more often a দ-final noun or name + ের (অনুবাদের, মোরশেদের, মাহমুদের), left to the -ের chain.
_UNKNOWN_MIN_AFTER_VOWEL = {"দের": 2}
_PLURAL_DER_AFTER = frozenset("\u09bf")
# ... and after -ক/-র, the endings of agent nouns (পাঠকদের, হকারদের; but সংসদের, সম্পদের)
_PLURAL_DER_AFTER_C = frozenset("\u0995\u09b0")
# Attested remainders still need at least this many letters (মা+টি is not মাটি, তা+রা is not তারা) ...
_KNOWN_MIN = 2
# ... except for chains that cannot be part of a word: মা+কে, মা+য়ের.
_KNOWN_MIN_1 = frozenset(normalize(c) for c in ("কে", "য়ের", "দের", "কেও", "কেই", "য়েরও", "দেরও"))

# --- verb endings -> verbal noun (root + া) -----------------------------------------------------
_VERB_ENDINGS = sorted(
    {
        "েছেন", "েছে", "েছি", "েছিল", "েছিলো", "েছিলেন", "েছিলাম", "েছো",
        "ছেন", "ছে", "ছি", "ছিল", "ছিলো", "ছিলেন", "ছিলাম",
        "েন", "লেন", "লো", "লাম", "লে", "লেও",
        "বেন", "বে", "বো", "ব",
        "তে", "তেন", "তো", "তেও", "তেই",
        "েনি", "নি", "ার", "ায়", "াতে", "ানো", "ানোর", "ানোয়",
        "িনি", "ুন",
    },
    key=lambda s: -len(s),
)  # fmt: skip
_VERB_ENDINGS = [normalize(e) for e in _VERB_ENDINGS]
_GEN_C = normalize("ের")
_ACC = normalize("কে")


def _vowel_final(word: str) -> bool:
    return word[-1] in _VOWELS


def _consonant_final(word: str) -> bool:
    last = word[-1]
    return last not in _VOWELS and last != _VIRAMA


_COND = {"C": _consonant_final, "V": _vowel_final, "*": lambda w: w[-1] != _VIRAMA}


def _strip_nominal(word: str) -> tuple[str | None, str | None]:
    """(stem whose remainder is attested, best unattested stem); either may be None.

    Among attested remainders the longest suffix wins, unless a longer remainder is itself an
    attested base (শোকে: শোক+ে, not শো+কে; প্রতীকে: প্রতীক+ে, not প্রতি+কে).
    """
    fallback = None
    known: list[str] = []
    for suffix, cond in _NOMINAL_BY_LAST.get(word[-1:], ()):
        if not word.endswith(suffix):
            continue
        rest = word[: -len(suffix)]
        if not rest or not _COND[cond](rest):
            continue
        n = letters(rest)
        if rest in LEXICON and (n >= _KNOWN_MIN or (n == 1 and suffix in _KNOWN_MIN_1)):
            known.append(rest)
            continue
        if fallback is None:
            need = _UNKNOWN_MIN.get(suffix, _UNKNOWN_MIN_DEFAULT)
            if rest[-1] in _VOWELS:
                need = _UNKNOWN_MIN_AFTER_VOWEL.get(suffix, need)
                if suffix.startswith(_DER) and rest[-1] not in _PLURAL_DER_AFTER:
                    need = 99
            elif suffix.startswith(_DER) and rest[-1] in _PLURAL_DER_AFTER_C:
                need = 2
            if n >= need:
                fallback = rest
    if not known:
        return None, fallback
    if len(known) > 1:
        for rest in sorted(known, key=len, reverse=True):
            if _is_attested_base(rest):
                return rest, fallback
    return known[0], fallback


def _strip_verb(word: str) -> str | None:
    for ending in _VERB_ENDINGS:
        if word.endswith(ending):
            root = word[: -len(ending)]
            if len(root) >= 2 and _consonant_final(root) and letters(root) >= 2:
                noun = root + "\u09be"
                if noun in LEXICON:
                    return noun
    return None


@functools.lru_cache(maxsize=1)
def _bangla_stemmer():
    from bangla_stemmer.stemmer.stemmer import BanglaStemmer

    return BanglaStemmer()


@functools.lru_cache(maxsize=65536)
def bangla_stemmer_stem(word: str) -> str:
    """bangla-stemmer's stem of ``word``, with its stdout chatter swallowed; cached."""
    with contextlib.redirect_stdout(io.StringIO()):
        return _bangla_stemmer().stem(word)


_DER = normalize("দের")
_MARKER_ENDINGS = tuple(normalize(m) for m in (*_MARKERS, "রা", "দের"))


def _is_attested_base(word: str) -> bool:
    """True if the corpus shows ``word`` itself taking a case ending (বাজার -> বাজারের), so the
    ending-like tail of ``word`` (-র) is part of the stem."""
    if word.endswith(_MARKER_ENDINGS):  # দলটিকে does not make দলটি a base
        return False
    if word[-1] in _VOWELS:
        return word + _ACC in LEXICON
    return word + _GEN_C in LEXICON


@functools.lru_cache(maxsize=262144)
def stem_folded(word: str) -> str:
    """Stem of a word that is already normalised and folded.

    Stripping is repeated until nothing changes, so an over-stripped base (unseen গাজীপুর ->
    গাজীপু) and its inflections (গাজীপুরের -> গাজীপুর -> গাজীপু) still meet.
    """
    for _ in range(3):
        stemmed = _stem_once(word)
        if stemmed == word:
            break
        word = stemmed
    return word


def _stem_once(word: str) -> str:
    if word in PROTECTED or letters(word) < _KNOWN_MIN or _is_attested_base(word):
        return word
    # Order of trust: attested noun stem, attested verbal noun, unattested noun stem.
    known, guess = _strip_nominal(word)
    if known is not None:
        return known
    verb = _strip_verb(word)
    if verb is not None:
        return verb
    if guess is not None:
        return guess
    if word not in LEXICON:
        other = bangla_stemmer_stem(word)
        if other != word and other in LEXICON and word.startswith(other) and letters(other) >= 3:
            return other
    return word


@functools.lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Stem of one Bengali word in any encoding (normalised and folded first)."""
    return stem_folded(fold_variants(normalize(word)))
