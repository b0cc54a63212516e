"""Evaluation of the Bengali analysis pipeline (issue 3).

Scores word pairs from TSV files (``word1<TAB>word2<TAB>note``):

* ``same.tsv``    inflected form / base word: must share an index term (rate "same");
* ``variant.tsv`` Unicode or spelling variants: must share a term (rate "variant");
* ``variants.tsv`` spelling variants found in the archive's own vocabulary (eval/variant_pairs.py lists
  the candidates; labelled by hand): must share a term (rate "variants", also per alternation);
* ``apart.tsv``   distinct words: must NOT share a term (rate "apart").

The gold set lives in ``eval/gold/``; a held-out set built from *different* text (the NER sentences
and upazila names, which are not in the shipped lexicon) lives outside the repository in
``/work/heldout/`` and is scored the same way when present.

Also here:

* ``build_lexicon(shared)`` writes ``articles/bangla/data/lexicon.txt`` (attested words only, from the
  Bengali bdnews rows and district/division names; never sentences);
* ``mine_pairs(...)`` lists candidate (base, inflected) pairs attested in a corpus, which were then
  reviewed by hand to make the TSVs;
* ``retrieval_check(shared)``: for 30 base words, articles found through the analysed terms vs
  articles matching a regex of inflected forms.

Usage: ``python eval/analysis_eval.py --shared ../shared`` (``--build-lexicon`` to rebuild the lexicon).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.bangla.analysis import TOKEN_RE, analyze  # noqa: E402
from articles.bangla.normalize import fold_variants, normalize  # noqa: E402

GOLD = ROOT / "eval" / "gold"
HELDOUT = pathlib.Path("/work/heldout")
LEXICON_PATH = ROOT / "articles" / "bangla" / "data" / "lexicon.txt"


def _data(shared: pathlib.Path) -> pathlib.Path:
    shared = pathlib.Path(shared)
    return shared / "data" if (shared / "data").is_dir() else shared


def bengali_articles(shared: pathlib.Path) -> list[dict]:
    rows = json.loads((_data(shared) / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8"))
    return [r for r in rows if r.get("source_language") == "Bengali"]


def ner_sentences(shared: pathlib.Path) -> list[str]:
    with open(_data(shared) / "ner" / "banglakit_main.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)[0] for line in fh if line.strip()]


def geo_names(shared: pathlib.Path, *files: str) -> list[str]:
    names = []
    for name in files:
        with open(_data(shared) / "geo" / name, encoding="utf-8") as fh:
            names += [row[3].strip() for row in csv.reader(fh) if len(row) > 3 and row[3].strip()]
    return names


def word_counts(texts) -> collections.Counter:
    """Normalised, folded Bengali word counts."""
    counts: collections.Counter = collections.Counter()
    for text in texts:
        for surface in TOKEN_RE.findall(text or ""):
            if "\u0980" <= surface[0] <= "\u09ff":
                word = fold_variants(normalize(surface))
                if word:
                    counts[word] += 1
    return counts


def build_lexicon(shared: pathlib.Path) -> int:
    """Write the shipped lexicon: attested words, one per line, sorted. Returns the word count."""
    from articles.bangla.stemmer import letters

    articles = bengali_articles(shared)
    counts = word_counts(a["headline"] for a in articles)
    counts.update(word_counts(a["article"] for a in articles))
    for name in geo_names(shared, "divisions.csv", "districts.csv"):
        counts.update(word_counts([name]))
    words = sorted(w for w in counts if letters(w) >= 1)
    header = (
        "# Attested Bengali words (normalised, spelling variants folded), built by\n"
        "# eval/analysis_eval.py --build-lexicon from the Bengali rows of the bdnews dump and district/division names. Words only.\n"
    )
    LEXICON_PATH.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


# Suffix chains used to *mine* candidate pairs (a linguist's list, kept apart from the stemmer's).
_MINE_AFTER_C = [
    normalize(x)
    for x in ["ের", "ে", "কে", "েরা", "দের", "েরও", "েই", "কেও", "ও", "ই", "টি", "টির", "গুলো", "গুলোর", "েরই"]
]
_MINE_AFTER_V = [
    normalize(x)
    for x in ["র", "য়", "তে", "কে", "রা", "দের", "রও", "তেই", "য়ও", "ও", "ই", "টি", "গুলো", "রই", "কেই"]
]


def mine_pairs(counts: collections.Counter, min_base: int = 3, exclude=frozenset()):
    """Candidate (base, inflected) pairs where both words are attested in ``counts``."""
    vowels = set("ািুৃেৈোৌঅআইউঋএঐওঔ")
    out = []
    for base, n in counts.most_common():
        if n < min_base or base in exclude or len(base) < 2:
            continue
        chains = _MINE_AFTER_V if base[-1] in vowels else _MINE_AFTER_C
        for suffix in chains:
            if base + suffix in counts:
                out.append((base, base + suffix))
    return out


def read_pairs(path: pathlib.Path) -> list[tuple[str, str, str]]:
    if not path.exists():
        return []
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        pairs.append((parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) > 2 else ""))
    return pairs


def _shares_term(a: str, b: str) -> bool:
    return bool(set(analyze(a)) & set(analyze(b)))


def score_dir(directory: pathlib.Path, label: str, show: int = 8) -> dict:
    """Print and return the three rates for the TSVs in ``directory``."""
    result: dict = {}
    print(f"== {label} ({directory})")
    for kind, want_shared in (("same", True), ("variant", True), ("variants", True), ("apart", False)):
        pairs = read_pairs(directory / f"{kind}.tsv")
        if not pairs:
            continue
        bad = [(a, b, note) for a, b, note in pairs if _shares_term(a, b) != want_shared]
        rate = 1 - len(bad) / len(pairs)
        result[kind] = round(rate, 4)
        result[f"{kind}_n"] = len(pairs)
        extra = ""
        if kind == "same":
            bases = {b for _, b, _ in pairs}
            extra = f", {len(bases)} base words"
        print(f"  {kind:8s} {rate:.3f}  ({len(pairs) - len(bad)}/{len(pairs)} pairs{extra})")
        if kind == "variants":
            result["variants_by_rule"] = _by_rule(pairs, bad)
        for a, b, note in bad[:show]:
            print(f"      FAIL {a} / {b}  -> {analyze(a)} / {analyze(b)}  {note}")
    return result


def _by_rule(pairs, bad) -> dict:
    """Matched/total per alternation (the note's first word: ii, sht, na ...), printed on one line."""
    total: collections.Counter = collections.Counter()
    missed: collections.Counter = collections.Counter()
    for _a, _b, note in pairs:
        total[note.split()[0].rstrip(",:")] += 1
    for _a, _b, note in bad:
        missed[note.split()[0].rstrip(",:")] += 1
    out = {rule: f"{n - missed[rule]}/{n}" for rule, n in total.most_common()}
    print("           " + "  ".join(f"{rule} {score}" for rule, score in out.items()))
    return out


# 30 base words for the retrieval check: names, places, organisations, news nouns.
RETRIEVAL_WORDS = [
    "ইরান",
    "ভারত",
    "চীন",
    "রাশিয়া",
    "যুক্তরাষ্ট্র",
    "পাকিস্তান",
    "ঢাকা",
    "চট্টগ্রাম",
    "হাসিনা",
    "ট্রাম্প",
    "বিএনপি",
    "আওয়ামী",
    "জামায়াত",
    "পুলিশ",
    "সরকার",
    "নির্বাচন",
    "আদালত",
    "মামলা",
    "হামলা",
    "দেশ",
    "মানুষ",
    "শিক্ষার্থী",
    "নেতা",
    "দল",
    "বাজার",
    "ব্যাংক",
    "সেনাবাহিনী",
    "বৈঠক",
    "আলোচনা",
    "উপদেষ্টা",
]
_RX_SUFFIX = (
    r"(?:ের|র|য়ের|কে|তে|ে|য়|রা|েরা|দের|দেরকে|গুলো|গুলোর|গুলোকে|গুলোতে|গুলি|গুলির|টি|টির|টিকে|টিতে|টা|টার)?"
    r"(?:ও|ই)?"
)
_RX_SUFFIX = normalize(_RX_SUFFIX)


def retrieval_check(shared: pathlib.Path, words=RETRIEVAL_WORDS) -> dict:
    """Per word: articles whose terms contain the word's term vs articles matching inflected forms.

    The regex side matches the word (normalised, folded) followed by a noun suffix chain and then a
    non-letter, so it is the 'what a careful human would grep' reference.
    """
    articles = bengali_articles(shared)
    bodies = [fold_variants(normalize(a["article"] or "")) for a in articles]
    term_sets = [set(analyze(a["article"] or "")) for a in articles]
    print("== retrieval check (Bengali bdnews bodies)")
    out = {}
    tot_r = tot_p = 0.0
    for word in words:
        base = fold_variants(normalize(word))
        terms = analyze(word)
        if not terms:
            continue
        term = terms[0]
        rx = re.compile(rf"(?<![\u0980-\u09e3]){re.escape(base)}{_RX_SUFFIX}(?![\u0980-\u09e3])")
        gold = {i for i, b in enumerate(bodies) if rx.search(b)}
        got = {i for i, ts in enumerate(term_sets) if term in ts}
        hit = len(gold & got)
        recall = hit / len(gold) if gold else 1.0
        precision = hit / len(got) if got else 1.0
        out[word] = {"recall": round(recall, 3), "precision": round(precision, 3), "n": len(gold)}
        tot_r += recall
        tot_p += precision
        print(f"  {word:14s} docs={len(gold):3d} recall={recall:.3f} precision={precision:.3f}")
    n = len(out)
    out["_mean"] = {"recall": round(tot_r / n, 3), "precision": round(tot_p / n, 3)}
    print(f"  mean recall={tot_r / n:.3f} precision={tot_p / n:.3f}")
    return out


def variant_retrieval(shared: pathlib.Path) -> dict:
    """For each pair of variants.tsv, both ways: of the articles that write one spelling and never the
    other, how many a search for the other spelling finds (its first term is among theirs)."""
    articles = bengali_articles(shared)
    words = [
        {normalize(w) for w in TOKEN_RE.findall(f"{a['headline']}\n{a['article'] or ''}")} for a in articles
    ]
    term_sets = [set(analyze(f"{a['headline']}\n{a['article'] or ''}")) for a in articles]
    total = found = 0
    for a, b, _note in read_pairs(GOLD / "variants.tsv"):
        a, b = normalize(a), normalize(b)
        for written, searched in ((a, b), (b, a)):
            terms = analyze(searched)
            docs = [i for i, ws in enumerate(words) if written in ws and searched not in ws]
            total += len(docs)
            found += sum(1 for i in docs if terms and terms[0] in term_sets[i])
    rate = found / total if total else 1.0
    print(f"== variant retrieval: articles found through the other spelling {found}/{total} ({rate:.3f})")
    return {"found": found, "articles": total, "rate": round(rate, 3)}


def run(shared: pathlib.Path) -> dict:
    """Print the evaluation report and return the numbers."""
    report = {"gold": score_dir(GOLD, "gold")}
    report["variant_retrieval"] = variant_retrieval(shared)
    if HELDOUT.is_dir():
        report["heldout"] = score_dir(HELDOUT, "held-out")
    report["retrieval"] = retrieval_check(shared)
    return report


# --- gold / held-out construction ------------------------------------------------------------------
# Mined candidates were reviewed by hand; these are the ones rejected (not the same lemma, verbs,
# numbers, pronoun-like words, or a base that is not a base).
_BAD_BASES = set(
    [
        "করে",
        "করা",
        "এক",
        "একটি",
        "করতে",
        "বলে",
        "পর",
        "নির্বাচনে",
        "দেশের",
        "হিসেবে",
        "মনে",
        "দেওয়া",
        "সালে",
        "দেখা",
        "কারণে",
        "পারে",
        "একজন",
        "আসনে",
        "এমন",
        "একটা",
        "মি",
        "হাসপাতালে",
        "মাধ্যমে",
        "হওয়ার",
        "দেশে",
        "সামনে",
        "কারণ",
        "দিতে",
        "বছরের",
        "এরপর",
        "বলা",
        "ধরে",
        "ক্ষেত্রে",
        "ভালো",
        "সময়ে",
        "করবে",
        "আজ",
        "আবার",
        "অন্য",
        "এসব",
        "এছাড়া",
        "নিশ্চিত",
        "থাকবে",
        "বাংলাদেশে",
        "ফলে",
        "থাকা",
        "চেষ্টা",
        "তিন",
        "নেওয়া",
        "পাওয়া",
        "যেতে",
        "থাকে",
        "মারা",
        "বিদেশে",
        "ভারতে",
        "মানুষের",
        "মতে",
        "মাঠে",
        "খুব",
        "পাচ",
        "জন",
        "মোট",
        "যোগাযোগ",
        "কেন্দ্রে",
        "গিয়ে",
        "এবার",
        "টি",
        "দেয়া",
        "কখনো",
        "দলে",
        "মাসে",
        "রেখে",
        "নামে",
        "শেষে",
        "মুখে",
        "আন্দোলনে",
        "পক্ষে",
        "ম্যাচে",
        "রাখা",
        "ছাড়া",
        "কয়েক",
        "নেতৃত্বে",
        "থাকতে",
        "জামায়াতে",
        "বিষয়টি",
        "হওয়া",
        "জানানো",
        "প্রথম",
        "শেষ",
        "নিল",
        "মের",
        "মেন",
        "ধর",
        "কমল",
        "হাজি",
        "জাকি",
        "মনি",
        "বিএন",
        "হূদেরাগ",
        "ভুলে",
        "সাহা",
        "তাঁরা",
        "দুইটি",
        "কদিন",
        "আটজন",
        "সাতজন",
        "বরাবরে",
        "জমা",
        "বন্ধ",
        "দাবি",
        "প্রকাশ",
        "শুরু",
    ]
)


def _is_number(word: str) -> bool:
    return word[0] in "0123456789০১২৩৪৫৬৭৮৯"


# Hand-written same-lemma pairs for names the issue names and frequent news entities, including forms
# not attested in the corpus (ইরানকে, ইরানও ...).
_HAND_SAME = """
ইরান ইরানের ইরানকে ইরানে ইরানও ইরানেই ইরানেরও
রাশিয়া রাশিয়ার রাশিয়াকে রাশিয়ায় রাশিয়াতে রাশিয়াও রাশিয়ারও
চীন চীনের চীনকে চীনে চীনও চীনেই
ভারত ভারতের ভারতকে ভারতে ভারতও
তেহরান তেহরানে তেহরানের তেহরানকে
রাইসি রাইসির রাইসিকে রাইসিও
বৈঠক বৈঠকে বৈঠকের বৈঠকটি বৈঠকটির বৈঠকগুলো
দেশ দেশের দেশে দেশগুলো দেশগুলোর দেশটির
যুক্তরাষ্ট্র যুক্তরাষ্ট্রের যুক্তরাষ্ট্রে যুক্তরাষ্ট্রকে
পাকিস্তান পাকিস্তানের পাকিস্তানে পাকিস্তানকে
ইসরায়েল ইসরায়েলের ইসরায়েলকে ইসরায়েলে
গাজা গাজার গাজায় গাজাতে গাজাকে
ইউক্রেন ইউক্রেনের ইউক্রেনে ইউক্রেনকে
মোদি মোদির মোদিকে মোদিও
ইউনূস ইউনূসের ইউনূসকে ইউনূসও
শিক্ষার্থী শিক্ষার্থীরা শিক্ষার্থীদের শিক্ষার্থীকে শিক্ষার্থীদেরও
নেতা নেতারা নেতাদের নেতাকে নেতারও নেতাদেরকে
ছেলে ছেলেরা ছেলেদের ছেলের ছেলেটি
মেয়ে মেয়েরা মেয়েদের মেয়ের মেয়েটি মেয়েটির
মা মায়ের মাকে
ভাই ভাইয়ের ভাইকে ভাইয়েরা
বই বইয়ের বইটি বইগুলো
গ্রাম গ্রামের গ্রামে গ্রামটি গ্রামগুলোতে
ঢাকা ঢাকার ঢাকায় ঢাকাতে ঢাকাকে ঢাকাও ঢাকাতেই ঢাকারও
হাসিনা হাসিনার হাসিনাকে হাসিনাও
পুলিশ পুলিশের পুলিশকে পুলিশও পুলিশেরও
কর্মকর্তা কর্মকর্তারা কর্মকর্তাদের কর্মকর্তার কর্মকর্তাকে
সেনাবাহিনী সেনাবাহিনীর সেনাবাহিনীকে সেনাবাহিনীতে
আদালত আদালতের আদালতে আদালতকে
বাজার বাজারের বাজারে বাজারগুলোতে
গাড়ি গাড়ির গাড়িতে গাড়িটি গাড়িগুলো
বাড়ি বাড়ির বাড়িতে বাড়িটি বাড়িখানা
খেলোয়াড় খেলোয়াড়রা খেলোয়াড়দের খেলোয়াড়ের
সংবাদ সংবাদের সংবাদটি সংবাদগুলি
"""


def _hand_pairs(text: str) -> list[tuple[str, str, str]]:
    pairs = []
    for line in text.strip().splitlines():
        base, *forms = line.split()
        pairs += [(form, base, "hand") for form in forms]
    return pairs


_NOUN_SUFFIXES_C = ["ের", "ে", "কে", "েরও", "েই"]
_NOUN_SUFFIXES_V = [normalize(x) for x in ["র", "য়", "তে", "কে", "রও", "তেই"]]


def _place_pairs(names: list[str], note: str) -> list[tuple[str, str, str]]:
    """Synthetic case forms of place names with the right allomorph for the final sound."""
    vowels = set("ািীুূৃেৈোৌআইঈউঊএঐওঔ")
    pairs = []
    for name in names:
        if " " in name or "-" in name or len(name) < 3:
            continue
        suffixes = _NOUN_SUFFIXES_V if name[-1] in vowels else _NOUN_SUFFIXES_C
        if name[-1] in "িী":
            suffixes = ["র", "তে", "কে", "রও"]
        pairs += [(name + s, name, note) for s in suffixes]
    return pairs


def _mined(counts, exclude, max_bases, max_forms=6, note="corpus"):
    from articles.bangla.stopwords import STOPWORDS

    by_base: dict[str, list[str]] = {}
    for base, form in mine_pairs(counts, min_base=2 if max_bases > 500 else 3):
        if base in _BAD_BASES or base in exclude or _is_number(base) or base in STOPWORDS:
            continue
        if fold_variants(base) in STOPWORDS:
            continue
        by_base.setdefault(base, []).append(form)
    pairs = []
    for base in list(by_base)[:max_bases]:
        pairs += [(form, base, note) for form in by_base[base][:max_forms]]
    return pairs


def _write(path: pathlib.Path, pairs, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    seen = set()
    lines = [f"# {header}", "# word1\tword2\tnote"]
    for a, b, note in pairs:
        if (a, b) not in seen and a != b:
            seen.add((a, b))
            lines.append(f"{a}\t{b}\t{note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _raw_counts(texts) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for text in texts:
        for surface in TOKEN_RE.findall(text or ""):
            if "\u0980" <= surface[0] <= "\u09ff":
                counts[normalize(surface)] += 1
    return counts


def build_pairs(shared: pathlib.Path) -> None:
    """(Re)write eval/gold/same.tsv and /work/heldout/same.tsv from the corpus (word pairs only)."""
    articles = bengali_articles(shared)
    bd = _raw_counts(a["article"] for a in articles)
    bd.update(_raw_counts(a["headline"] for a in articles))
    gold = _hand_pairs(_HAND_SAME)
    gold += _mined(bd, set(), max_bases=170)
    gold += _place_pairs(geo_names(shared, "divisions.csv", "districts.csv")[:40], "district")
    _write(GOLD / "same.tsv", gold, "same lemma: inflected form, base (gold; bdnews + districts + hand)")
    gold_bases = {b for _, b, _ in gold}
    ner = _raw_counts(ner_sentences(shared))
    held = _mined(ner, gold_bases | set(bd), max_bases=400, note="ner")
    upazilas = [n for n in geo_names(shared, "upazilas.csv") if n not in gold_bases]
    held += _place_pairs(upazilas[::4][:60], "upazila")
    _write(HELDOUT / "same.tsv", held, "same lemma (held-out: NER words unseen in bdnews + upazilas)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--build-lexicon", action="store_true")
    parser.add_argument("--build-pairs", action="store_true")
    args = parser.parse_args(argv)
    if args.build_lexicon:
        print("lexicon words:", build_lexicon(args.shared))
    if args.build_pairs:
        build_pairs(args.shared)
    if args.build_lexicon or args.build_pairs:
        return
    run(args.shared)


if __name__ == "__main__":
    main()
