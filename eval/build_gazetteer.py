"""(Re)build articles/data/gazetteer.csv from the curated list, Bangladesh geocodes and NER names.

    python eval/build_gazetteer.py --shared ../shared

Inputs (read-only, never copied into the repository):

* ``articles/data/gazetteer_curated.csv``: hand-written countries, capitals, leaders, parties,
  bodies and news agencies. Always wins over the other sources.
* ``<shared>/data/geo/{divisions,districts,upazilas}.csv`` (nuhil/bangladesh-geocode, MIT): places.
  A division and a district of the same name are one place. Upazila names that are also common words,
  person names, rivers, districts or other upazilas are weak (need their district in the same text)
  or, for the worst, only match as "X উপজেলা".
* ``<shared>/data/ner/banglakit_main.jsonl`` (banglakit, CC0): PERSON/ORG/GPE spans, grouped by their
  analysed form (শেখ হাসিনার and শেখ হাসিনাকে are one name), kept if frequent enough and not on the
  hand-checked deny list below. Only names ship, never sentences.

The same functions build the measuring gazetteer in ``eval/entities_eval.py`` from the training
split only, so the held-out sentences never leak into the gazetteer they are scored against.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.bangla.normalize import normalize  # noqa: E402
from articles.entities.gazetteer import Entry, read_csv, write_csv  # noqa: E402
from articles.entities.tagger import Tagger, alias_terms  # noqa: E402

CURATED = ROOT / "articles" / "data" / "gazetteer_curated.csv"
OUTPUT = ROOT / "articles" / "data" / "gazetteer.csv"
NER_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place"}

# ---- geo -------------------------------------------------------------------------------------

# Modern/older Latin spellings and common Bengali variants of districts and divisions.
GEO_VARIANTS: dict[str, tuple[str, ...]] = {
    "Chattogram": ("Chittagong", "Chattagram", "চাটগাঁ"),
    "Barisal": ("Barishal",),
    "Cumilla": ("Comilla",),
    "Jashore": ("Jessore",),
    "Bogura": ("Bogra",),
    "Coxsbazar": ("Cox's Bazar", "Coxs Bazar", "কক্স বাজার"),
    "Chapainawabganj": ("Chapai Nawabganj", "চাঁপাই নবাবগঞ্জ", "চাঁপাই"),
    "Moulvibazar": ("Moulvi Bazar", "মৌলভী বাজার"),
    "Netrokona": ("Netrakona", "নেত্রকোনা"),
    "Jhalakathi": ("Jhalokati", "ঝালকাঠী"),
    "Rangamati": ("রাঙামাটি",),
    "Lakshmipur": ("Laxmipur", "লক্ষীপুর"),
    "Narayanganj": ("নারায়নগঞ্জ",),
    "Brahmanbaria": ("ব্রাহ্মনবাড়িয়া",),
    "Khagrachhari": ("Khagrachari",),
    "Mymensingh": ("Mymenshing",),
    "Sylhet": (),
    "Dhaka": ("Dacca",),
}

# Upazila names that are ordinary words, person names, rivers or places elsewhere: never on their own.
# Checked by hand against the upazila list.
UPAZILA_NEVER_BARE = frozenset(
    [
        "বন্দর",
        "তালা",
        "বেড়া",
        "ভাঙ্গা",
        "বিরল",
        "মদন",
        "পলাশ",
        "শিবালয়",
        "হিজলা",
        "কালাই",
        "মেঘনা",
        "তিতাস",
        "লামা",
        "রুমা",
        "রামু",
        "বাঘা",
        "পবা",
        "মান্দা",
        "আত্রাই",
        "ভৈরব",
        "বিশ্বনাথ",
        "লালমোহন",
        "আনোয়ারা",
        "বোরহান",
        "উদ্দিন",
        "জাজিরা",
        "শ্রীনগর",
        "মিরপুর",
        "মহম্মদপুর",
        "রাজনগর",
        "মধুপুর",
        "গোপালপুর",
        "মির্জাপুর",
        "শিবপুর",
        "ইসলামপুর",
        "হরিপুর",
        "রায়পুর",
        "রামগড়",
        "দুর্গাপুর",
        "কর্ণফুলী",
        "রূপসা",
        "সদর",
        "দক্ষিণ",
        "নকলা",
        "মাধবপুর",
        "করিমগঞ্জ",
        "বিজয়নগর",
        "পরশুরাম",
        "লালমাই",
        "কচুয়া",
        "বাবুগঞ্জ",
        "কাউনিয়া",
        "ডোমার",
        "দোহার",
        "কসবা",
        "শাল্লা",
        "দিরাই",
        "মেলান্দহ",
        "সখিপুর",
        "রাজাপুর",
        "নবীগঞ্জ",
        "বাহুবল",
        "কমলগঞ্জ",
        "জীবননগর",
        "মুজিবনগর",
        "রাজৈর",
        "শিবচর",
        "টংগীবাড়ি",
        "খোকসা",
    ]
) | {"বোরহান উদ্দিন", "সদর দক্ষিণ"}


def read_geo_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [[c.strip() for c in row] for row in csv.reader(fh) if row]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def geo_entries(shared: Path, ner_o_terms: Counter[str] | None = None) -> list[Entry]:
    """Divisions, districts and upazilas. ``ner_o_terms``: how often each analysed word is *not*
    part of any entity in NER text; a frequent one is a common word and its upazila is weak."""
    geo = shared / "data" / "geo"
    divisions = {r[0]: (r[1], r[2]) for r in read_geo_rows(geo / "divisions.csv")}
    districts = {r[0]: (r[2], r[3], r[1]) for r in read_geo_rows(geo / "districts.csv")}
    upazilas = read_geo_rows(geo / "upazilas.csv")

    entries: dict[str, Entry] = {}
    bn_to_key: dict[str, str] = {}
    for name_en, name_bn, _div in districts.values():
        key = slug(name_en)
        bn_to_key[name_bn] = key
        entries[key] = Entry(key, "place", name_bn, name_en, tuple(GEO_VARIANTS.get(name_en, ())), "geo")
    for name_en, name_bn in divisions.values():
        if name_bn in bn_to_key:  # Dhaka division and Dhaka district: one place in running text
            key = bn_to_key[name_bn]
            e = entries[key]
            extra = tuple(a for a in (name_en, *GEO_VARIANTS.get(name_en, ())) if a not in e.aliases)
            entries[key] = Entry(key, "place", e.name_bn, e.name_en, e.aliases + extra, "geo")
        else:
            key = slug(name_en)
            bn_to_key[name_bn] = key
            entries[key] = Entry(key, "place", name_bn, name_en, (), "geo")

    # Counted on the analysed form: কালীগঞ্জ and কালিগঞ্জ are one name once ী/ি are folded.
    bare_count = Counter(alias_terms(r[3]) for r in upazilas)
    district_terms = {alias_terms(bn) for bn in bn_to_key}
    for _id, district_id, name_en, name_bn, *_ in upazilas:
        district_key = slug(districts[district_id][0])
        key = f"{slug(name_en)}-{district_key}"
        if key in entries:
            key = f"{key}-{_id}"
        bare = name_bn.removesuffix(" সদর")
        if name_bn.endswith(" সদর"):
            # "কুমিল্লা সদর" is its own name; the bare word is the district.
            strong = (f"{name_bn} উপজেলা", f"{name_en} Upazila")
            entries[key] = Entry(key, "place", name_bn, name_en, strong, "geo", context=(district_key,))
            continue
        o_count = (ner_o_terms or Counter()).get(alias_terms(bare)[-1] if alias_terms(bare) else "", 0)
        never = name_bn in UPAZILA_NEVER_BARE
        terms = alias_terms(name_bn)
        weak = never or bare_count[terms] > 1 or terms in district_terms or o_count >= 2
        aliases = (f"{name_bn} উপজেলা", f"{name_en} Upazila", f"{name_bn} থানা")
        if never:
            entries[key] = Entry(key, "place", f"{name_bn} উপজেলা", name_en, aliases, "geo")
        elif weak:
            entries[key] = Entry(
                key,
                "place",
                name_bn,
                name_en,
                aliases,
                "geo",
                weak_aliases=(name_bn, name_en),
                context=(district_key,),
            )
        else:
            entries[key] = Entry(key, "place", name_bn, name_en, aliases, "geo", context=(district_key,))
    return list(entries.values())


# ---- NER -------------------------------------------------------------------------------------

# Hand-checked: spans the NER annotators tagged that must not become entities (a month tagged as
# a person, generic nouns, a first name shared by thousands, fragments of longer names).
NER_DENY = frozenset(
    normalize(s)
    for s in [
        "মে",
        "আমির",
        "প্রথম আলোকে",
        "প্রথম আলো ডটকমকে",
        "বলিউড",
        "সিটি করপোরেশন",
        "সিটি করপোরেশনের",
        "জেলা প্রশাসন",
        "জেলা প্রশাসনের",
        "জেলা ও দায়রা জজ",
        "জেলা ও দায়রা জজের",
        "উপজেলা পরিষদের",
        "আপিল বিভাগ",
        "পঙ্গু হাসপাতালে",
        "পঙ্গু হাসপাতালের",
        "বন বিভাগের",
        "সিলেট ও",
        "বিএন",
        "টুইন টাওয়ার",
        "দক্ষিণ পশ্চিমে",
        "ঢাকাগামী",
        "পুলিশ সদর দপ্তর",
        "ঢাকা চট্টগ্রাম",
        "ঢাকা চট্টগ্রাম মহাসড়কের",
        "ঢাকা চট্টগ্রাম মহাসড়কে",
        "স্বাস্থ্য মন্ত্রণালয়",
        "সমাজকল্যাণ মন্ত্রণালয়ের",
        "প্রতিযোগিতা কমিশন",
        "আইন বিভাগের",
        "সমাজতত্ত্ব বিভাগ",
        "লিগ্যাল সেলকে",
        "মহানগর পুলিশ",
        "উপজেলা স্বাস্থ্য কমপ্লেক্সে",
        "শ্রম আইনের",
        "শ্রম আইন",
        "কদমতলী ক্রসিংয়ের",
        "পুর ও পরিবেশ প্রকৌশল বিভাগ",
        "ব্রিটিশ দৈনিক দ্য গার্ডিয়ানে",
        "জেলা গোয়েন্দা পুলিশের",
        "সিটি করপোরেশনকে",
    ]
)
# Generic full names shared by many people: tagging them as one entity would merge strangers.
COMMON_FULL_NAMES = frozenset(
    normalize(s)
    for s in [
        "আবদুর রাজ্জাক",
        "শাহ আলম",
        "আমিনুল ইসলাম",
        "মিজানুর রহমান",
        "সিরাজুল ইসলাম",
        "ইসমাইল হোসেন",
        "নূরুল ইসলাম",
        "আনোয়ার হোসেন",
        "আবদুল কাদির",
        "মতিউর রহমান",
        "আবুল কালাম আজাদ",
        "সালাউদ্দিন আহমেদ",
        "আবদুল মান্নান",
        "হাবিবুর রহমান",
        "রেজাউল করিম",
        "সাইফুল ইসলাম",
        "মনিরুল ইসলাম",
        "আমির হোসেন",
        "আবদুর রশিদ",
        "জাকির হোসেন",
        "কামাল উদ্দিন",
        "সোহেল রানা",
        "লুৎফর রহমান",
        "জহুরুল হক",
        "মাহমুদুর রহমান",
        "আবদুল গণি",
        "মো. আল আমিন",
        "মো. নজরুল ইসলাম",
        "জাকারিয়া হোসেন",
        "হাসান আহম্মেদ",
        "আবদুল হামিদ",
        "নজরুল ইসলাম",
        "শাহ আলম",
        "আবদুল কাদের",
        "আবদুল হাই",
        "আবদুল হক",
        "জিয়ার উদ্দিন",
        "জিয়া উদ্দিন",
        "হেলাল উদ্দিন",
        "মোশাররফ হোসেন",
        "ফাতেমা বেগম",
        "ডলি বেগম",
        "মালেকা বেগম",
        "ইউনুস আলী",
    ]
)
# Surnames too common to stand for one person even inside an article (no weak surname alias).
COMMON_SURNAMES = frozenset(
    [
        "আমির",
        "মিলন",
        "রহমান",
        "ইসলাম",
        "হোসেন",
        "হোসাইন",
        "আহমেদ",
        "আহমদ",
        "হক",
        "খান",
        "আলম",
        "উদ্দিন",
        "উদ্দীন",
        "চৌধুরী",
        "বেগম",
        "আলী",
        "মিয়া",
        "সরকার",
        "করিম",
        "কবির",
        "রায়",
        "দাস",
        "শেখ",
        "মাহমুদ",
    ]
)
_PUNCT_TOKEN = re.compile(r"^[\W_]+$")


def ner_tokens(text: str) -> list[tuple[str, int, int]]:
    """Tokenise like the banglakit annotation (spaCy-style): punctuation splits off a word except
    the dot of a short abbreviation (মো.) or inside a number (৯.৭). Returns (token, start, end)."""
    out: list[tuple[str, int, int]] = []
    for m in re.finditer(r"[^ ]+", text):
        word, base = m.group(), m.start()
        if not word.strip():
            out.append((word, base, m.end()))
            continue
        cur_start = None
        for i, ch in enumerate(word):
            is_punct = unicodedata.category(ch)[0] in "PS"
            if ch == ".":
                prev = word[cur_start:i] if cur_start is not None else ""
                abbrev = i == len(word) - 1 and 0 < len(prev) <= 3 and not prev.isdigit()
                decimal = bool(prev) and prev[-1].isdigit() and i + 1 < len(word) and word[i + 1].isdigit()
                is_punct = not (abbrev or decimal)
            if is_punct:
                if cur_start is not None:
                    out.append((word[cur_start:i], base + cur_start, base + i))
                    cur_start = None
                out.append((ch, base + i, base + i + 1))
            elif cur_start is None:
                cur_start = i
        if cur_start is not None:
            out.append((word[cur_start:], base + cur_start, base + len(word)))
    return out


def read_ner(shared: Path) -> list[tuple[str, list[str]]]:
    path = shared / "data" / "ner" / "banglakit_main.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [tuple(json.loads(line)) for line in fh if line.strip()]


def ner_spans(text: str, tags: list[str]) -> list[tuple[str, int, int]] | None:
    """Gold (kind, start, end) character spans, or None if our tokens do not align with the tags."""
    toks = ner_tokens(text)
    if len(toks) != len(tags):
        return None
    spans = []
    begin = None
    for (_tok, s, e), tag in zip(toks, tags, strict=True):
        if tag == "O" or "-" not in tag:
            begin = None
            continue
        prefix, label = tag.split("-", 1)
        if prefix in ("B", "U"):
            begin = s
        if prefix in ("L", "U") and begin is not None:
            if label in NER_KINDS:
                spans.append((NER_KINDS[label], begin, e))
            begin = None
    return spans


def split_ner(lines: list, block: int = 50, every: int = 5) -> tuple[list, list]:
    """Deterministic train/test split by blocks of consecutive sentences (an article's sentences
    stay together, so a name does not leak from one sentence of an article into its neighbour)."""
    train, test = [], []
    for i, line in enumerate(lines):
        (test if (i // block) % every == every - 1 else train).append(line)
    return train, test


def ner_outside_terms(lines: Iterable) -> Counter[str]:
    """How often each analysed word occurs outside any entity span (for common-word detection)."""
    counts: Counter[str] = Counter()
    for text, tags in lines:
        spans = ner_spans(text, tags)
        if spans is None:
            continue
        for tok, s, e in ner_tokens(text):
            if not any(a <= s and e <= b for _k, a, b in spans):
                for t in alias_terms(tok):
                    counts[t] += 1
    return counts


_CONSONANT_LAT = {
    "\u0995": "k", "\u0996": "kh", "\u0997": "g", "\u0998": "gh", "\u0999": "ng", "\u099a": "ch",
    "\u099b": "chh", "\u099c": "j", "\u099d": "jh", "\u099e": "n", "\u099f": "t", "\u09a0": "th",
    "\u09a1": "d", "\u09a2": "dh", "\u09a3": "n", "\u09a4": "t", "\u09a5": "th", "\u09a6": "d",
    "\u09a7": "dh", "\u09a8": "n", "\u09aa": "p", "\u09ab": "f", "\u09ac": "b", "\u09ad": "bh",
    "\u09ae": "m", "\u09af": "j", "\u09b0": "r", "\u09b2": "l", "\u09b6": "sh", "\u09b7": "sh",
    "\u09b8": "s", "\u09b9": "h", "\u09dc": "r", "\u09dd": "rh", "\u09df": "y",
}  # fmt: skip
_BN2LAT = {
    **_CONSONANT_LAT,
    **dict(zip("অআইঈউঊঋএঐওঔ", ["o", "a", "i", "i", "u", "u", "ri", "e", "oi", "o", "ou"], strict=True)),
    **dict(zip("ািীুূৃেৈোৌ", ["a", "i", "i", "u", "u", "ri", "e", "oi", "o", "ou"], strict=True)),
    "\u09ce": "t", "\u0982": "ng", "\u0983": "h", "\u0981": "-",
}  # fmt: skip
_CONSONANTS = frozenset(_CONSONANT_LAT)


def transliterate(text: str) -> str:
    """Rough Bengali -> ASCII for stable keys (not for display)."""
    from articles.bangla.normalize import normalize

    text = normalize(text)
    out = []
    for i, ch in enumerate(text):
        lat = _BN2LAT.get(ch)
        if lat is None:
            out.append(ch if ch.isascii() else ("" if ch == "\u09cd" else " "))
            continue
        out.append("" if lat == "-" else lat)
        nxt = text[i + 1] if i + 1 < len(text) else " "
        # inherent vowel between consonants, not before a vowel sign, virama or word end
        if ch in _CONSONANTS and nxt in _CONSONANTS:
            out.append("o")
    return slug("".join(out))


_PAREN_ABBREV = re.compile(r"^(.*?)\s*\(\s*([^()\s]+)\s*\)$")
_BAD_CHARS = re.compile(r"[^\w\s.\u0980-\u09ff]")


def _norm(word: str) -> str:
    from articles.bangla.normalize import fold_variants, normalize

    return fold_variants(normalize(word.casefold()))


def base_form(surface: str, attested: set[str]) -> str:
    """The span with the case ending of its last word removed (হাসপাতালে -> হাসপাতাল): the shortest
    cut that is an attested word of the corpus with the same analysed term. The attestation check
    keeps a stemmer that over-strips (রাজাপুর -> রাজাপু) from producing non-words."""
    from articles.bangla.analysis import iter_tokens

    toks = list(iter_tokens(surface))
    if not toks or toks[-1].term is None:
        return surface
    last = toks[-1]
    word = last.surface
    for cut in range(min(5, len(word) - 2), 0, -1):
        cand = word[:-cut]
        if _norm(cand) in attested and alias_terms(cand) == (last.term,):
            return surface[: last.start] + cand
    # Unattested stem: remove one unmistakable case ending if the analysis agrees.
    for ending in ("সহ", "কে", "তে", "ের"):
        cand = word.removesuffix(ending)
        if cand != word and len(cand) > 2 and alias_terms(cand) == (last.term,):
            return surface[: last.start] + cand
    return surface


def ner_entries(
    lines: Iterable,
    covered: Callable[[str], bool],
    outside: Counter[str],
    min_multi: int = 2,
    min_single: int = 3,
) -> list[Entry]:
    """Frequent PERSON/ORG/GPE names of the NER lines that ``covered`` does not already know.

    Spans are grouped by analysed form; a group's kind is its majority kind (annotators sometimes
    disagree); "Name (ABBR)" spans give the abbreviation as an alias.
    """
    lines = list(lines)
    attested = {_norm(w) for text, _tags in lines for w in re.findall(r"[\u0980-\u09ff\u200c\u200d]+", text)}
    groups: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    kinds: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    abbrevs: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for text, tags in lines:
        spans = ner_spans(text, tags)
        if not spans:
            continue
        for kind, s, e in spans:
            surface = " ".join(text[s:e].split())
            abbrev = None
            m = _PAREN_ABBREV.match(surface)
            if m:
                surface, abbrev = m.group(1), m.group(2)
            if normalize(surface) in NER_DENY or _BAD_CHARS.search(surface):
                continue
            terms = alias_terms(surface)
            if not terms or any(t.startswith("\x00") for t in (terms[0], terms[-1])):
                continue
            groups[terms][base_form(surface, attested)] += 1
            kinds[terms][kind] += 1
            if abbrev and kind == "organisation" and len(abbrev) <= 10 and not _BAD_CHARS.search(abbrev):
                abbrevs[terms].add(abbrev)

    singles: dict[str, str] = {}  # analysed single person word -> its base surface
    chosen: list[tuple[str, tuple[str, ...], str, int]] = []
    for terms, surfaces in groups.items():
        kind = kinds[terms].most_common(1)[0][0]
        total = sum(surfaces.values())
        name = max(surfaces, key=lambda s: (surfaces[s], -len(s)))
        if normalize(name) in NER_DENY or normalize(name) in COMMON_FULL_NAMES or covered(name):
            continue
        if len(terms) == 1:
            if kind == "person":
                singles[terms[0]] = name
            elif total >= min_single:
                chosen.append((kind, terms, name, total))
            continue
        # Two-word person names ending in a very common surname name many people: ask for more.
        need = min_multi
        if kind == "person" and len(terms) == 2 and name.split()[-1] in COMMON_SURNAMES:
            need = min_multi + 1
        if total >= need:
            chosen.append((kind, terms, name, total))

    entries: list[Entry] = []
    used_keys: set[str] = set()
    for kind, terms, name, _total in sorted(chosen, key=lambda c: (-c[3], c[2])):
        key = transliterate(name) or "ner"
        while key in used_keys:
            key += "-x"
        used_keys.add(key)
        weak: tuple[str, ...] = ()
        last = name.split()[-1]
        if (
            kind == "person"
            and terms[-1] in singles
            and last not in COMMON_SURNAMES
            and outside.get(terms[-1], 0) < 2  # not also an ordinary word (হাল, মিলন)
        ):
            # A surname seen alone in the corpus is how articles refer back to the person.
            weak = (singles[terms[-1]],)
        aliases = tuple(sorted(abbrevs.get(terms, ())))
        entries.append(Entry(key, kind, name, "", aliases, "ner", weak_aliases=weak))
    return entries


# ---- merge -----------------------------------------------------------------------------------


def build(shared: Path, ner_lines: list | None = None) -> list[Entry]:
    """Curated + geo + NER entries; ``ner_lines`` defaults to the whole corpus."""
    if ner_lines is None:
        ner_lines = read_ner(shared)
    curated = list(read_csv(CURATED))
    known: set[tuple[str, ...]] = set()
    for e in curated:
        known.update(alias_terms(a) for a in e.all_aliases)

    outside = ner_outside_terms(ner_lines)
    geo = []
    for e in geo_entries(shared, outside):
        if e.key in {c.key for c in curated}:
            continue
        # A curated entry owns a name (e.g. a capital that is also a district): drop it from geo.
        # Geo names shared between geo entries stay: the tagger resolves them by district.
        strong = tuple(a for a in e.aliases if alias_terms(a) not in known)
        weak = tuple(a for a in e.weak_aliases if alias_terms(a) not in known)
        geo.append(Entry(e.key, e.kind, e.name_bn, e.name_en, strong, e.source, e.ambiguous, weak, e.context))

    tagger = Tagger(curated + geo)

    def covered(name: str) -> bool:
        return bool(tagger.alias_owners(name))

    ner = ner_entries(ner_lines, covered, outside)
    taken = {e.key for e in curated} | {e.key for e in geo}
    fixed = []
    for e in ner:
        key = e.key
        while key in taken:
            key += "-x"
        taken.add(key)
        fixed.append(
            Entry(key, e.kind, e.name_bn, e.name_en, e.aliases, e.source, e.ambiguous, e.weak_aliases)
        )
    return curated + geo + fixed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    entries = build(args.shared)
    write_csv(entries, args.out)
    by_source = Counter(e.source for e in entries)
    by_kind = Counter(e.kind for e in entries)
    print(f"wrote {len(entries)} entries to {args.out}: {dict(by_source)} {dict(by_kind)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
