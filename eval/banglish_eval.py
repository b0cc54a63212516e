"""Banglish search (issue 16): Latin spellings of Bengali words matched to the archive's index terms.

The matcher (articles/bangla/banglish.py) is built from the vocabulary of the bdnews articles (Bengali
and English, as in the real index) plus samples/, every text analysed with the project's analyzer.
Reported:

* (a) top-1 / top-3: the gold Bengali term is the first / among the first three candidates of the
  Banglish spelling (``eval/gold/banglish.tsv``: latin<TAB>bengali, several spellings per word);
* (b) coverage: for each gold pair, the share of the documents the Bengali query finds that the
  Banglish query finds, averaged. Both are computed over each document's analysed terms the way the
  search page combines words (AND across words; a Latin word ORed with its Bengali candidates).
  "before" is the Latin query alone (no conversion), "after" with the candidates; "extra" is the
  share of the documents the Bengali candidates find that the Bengali word does not (the cost in
  precision; English articles found through the Latin word itself are not counted);
* the same (a) and (b) on ``eval/gold/banglish_heldout.tsv``, spellings of other words written after
  the matcher's rules were frozen (the main list was used while writing them);
* (c) English words kept: ``eval/gold/banglish_english.tsv`` (english<TAB>acceptable Bengali
  transliterations) lists English news words; a word is kept if it gets no Bengali candidate
  outside its acceptable ones;
* build time and per-word lookup time, on the archive's vocabulary and on a ~100k-term one (the
  archive's terms plus the NER sentences' and place names' terms, then two-term compounds of them);
  wall-clock figures depend on the machine's load, the CPU time of the build less so.

    python eval/banglish_eval.py --shared ../shared
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.bangla.analysis import analyze  # noqa: E402
from articles.bangla.banglish import BanglishMatcher  # noqa: E402
from eval.analysis_eval import _data, geo_names, ner_sentences  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "banglish.tsv"
ENGLISH = ROOT / "eval" / "gold" / "banglish_english.tsv"
HELDOUT = ROOT / "eval" / "gold" / "banglish_heldout.tsv"
_TEXT_FIELDS = ("headline", "title", "sub_title", "lead", "article", "body")


def read_tsv(path: pathlib.Path) -> list[list[str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 and path != ENGLISH:
            raise ValueError(f"{path}:{number}: expected latin<TAB>bengali, got {line!r}")
        rows.append(cells + [""] * (2 - len(cells)))
    return rows


def documents(shared: pathlib.Path) -> list[set[str]]:
    """Analysed term sets of the bdnews articles and the sample articles and pages."""
    rows = json.loads((_data(shared) / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8"))
    samples = ROOT / "samples"
    rows += json.loads((samples / "json" / "articles.json").read_text(encoding="utf-8"))
    for line in (samples / "json" / "more.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    texts = ["\n".join(str(r.get(k) or "") for k in _TEXT_FIELDS) for r in rows]
    texts += [p.read_text(encoding="utf-8") for p in sorted((samples / "pages").glob("*.txt"))]
    return [set(analyze(text)) for text in texts]


def _matches(doc: set[str], groups: list[set[str]]) -> bool:
    return all(doc & group for group in groups)


def banglish_groups(matcher: BanglishMatcher, words: list[str], convert: bool, latin: bool = True):
    """The query's AND groups: each Latin word (analysed) ORed with its Bengali candidates.

    ``latin=False`` leaves the Latin words out (what the Bengali candidates alone find).
    """
    terms = [t for w in words for t in analyze(w)]
    if not convert:
        return [{t} for t in terms]
    expansion = matcher.expand(terms)
    groups = [({t} if latin else set()) | set(expansion.get(t, ())) for t in terms]
    # A compound typed as two words (prodhan mantri): the joined term is an alternative to the pair.
    for i, (a, b) in enumerate(zip(terms, terms[1:], strict=False)):
        joined = expansion.get(f"{a} {b}")
        if joined:
            groups[i] |= set(joined)
            groups[i + 1] |= set(joined)
    return groups


def accuracy(matcher: BanglishMatcher, gold: list[list[str]]) -> dict:
    top1 = top3 = scored = 0
    misses = []
    for latin, bengali in gold:
        targets = analyze(bengali)
        if not targets or not all(t in matcher.bengali_df for t in targets):
            continue
        scored += 1
        words = [t for w in latin.split() for t in analyze(w)]
        expansion = matcher.expand(words)
        if len(words) == len(targets):
            ranked = [expansion.get(w, []) for w in words]
        else:  # one compound typed as two words
            ranked = [expansion.get(" ".join(words), [])]
        hit1 = all(r[:1] == [t] for r, t in zip(ranked, targets, strict=False))
        hit3 = all(t in r[:3] for r, t in zip(ranked, targets, strict=False))
        top1 += hit1
        top3 += hit3
        if not hit3:
            misses.append(f"{latin} -> {bengali}: {ranked}")
    return {"pairs": scored, "top1": top1 / scored, "top3": top3 / scored, "misses_top3": misses}


def coverage(matcher: BanglishMatcher, gold: list[list[str]], docs: list[set[str]]) -> dict:
    before, after, extra = [], [], []
    for latin, bengali in gold:
        wanted = [{t} for t in analyze(bengali)]
        relevant = {i for i, d in enumerate(docs) if wanted and _matches(d, wanted)}
        if not relevant:
            continue
        words = latin.split()
        plain = {i for i, d in enumerate(docs) if _matches(d, banglish_groups(matcher, words, False))}
        found = {i for i, d in enumerate(docs) if _matches(d, banglish_groups(matcher, words, True))}
        bengali = {i for i, d in enumerate(docs) if _matches(d, banglish_groups(matcher, words, True, False))}
        before.append(len(plain & relevant) / len(relevant))
        after.append(len(found & relevant) / len(relevant))
        # English articles found through the Latin word itself are wanted; the cost of the
        # conversion is what its Bengali candidates find beyond the Bengali word's documents.
        extra.append(len(bengali - relevant) / len(bengali) if bengali else 0.0)
    return {
        "pairs": len(after),
        "before": statistics.fmean(before),
        "after": statistics.fmean(after),
        "extra_share_of_found": statistics.fmean(extra),
    }


def english_kept(matcher: BanglishMatcher) -> dict:
    rows = read_tsv(ENGLISH)
    converted, wrong = [], []
    for word, allowed in rows:
        acceptable = {t for w in allowed.split() for t in analyze(w)}
        found = [t for t, _ in matcher.candidates(word)]
        if found:
            converted.append(f"{word} -> {' '.join(found)}")
        if set(found) - acceptable:
            wrong.append(f"{word} -> {' '.join(found)}")
    return {
        "words": len(rows),
        "kept": (len(rows) - len(wrong)) / len(rows),
        "with_bengali_alternative": converted,
        "unrelated": wrong,
    }


def timing(vocabulary: dict[str, int], words: list[str]) -> dict:
    start, cpu = time.perf_counter(), time.process_time()
    matcher = BanglishMatcher(vocabulary.items())
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    per_word = []
    for word in words:
        start = time.perf_counter()
        matcher.candidates.__wrapped__(word)  # uncached: the first time a word is asked
        per_word.append(time.perf_counter() - start)
    per_word.sort()
    return {
        "terms": len(vocabulary),
        "build_s": round(build, 2),
        "build_cpu_s": round(build_cpu, 2),
        "lookup_ms_median": round(1000 * statistics.median(per_word), 2),
        "lookup_ms_p95": round(1000 * per_word[int(0.95 * (len(per_word) - 1))], 2),
    }


def large_vocabulary(shared: pathlib.Path, base: Counter, size: int = 100_000) -> dict[str, int]:
    """The archive's terms, the NER sentences' and place names' terms, then compounds up to ``size``."""
    vocabulary = Counter(base)
    texts = ner_sentences(shared) + geo_names(shared, "districts.csv", "upazilas.csv", "unions.csv")
    for text in texts:
        vocabulary.update(set(analyze(text)))
    bengali = sorted(t for t in vocabulary if "\u0980" <= t[0] <= "\u09ff")
    step = 1
    while len(vocabulary) < size and step < len(bengali):
        for a, b in zip(bengali, bengali[step:], strict=False):
            vocabulary.setdefault(a + b, 1)
            if len(vocabulary) >= size:
                break
        step += 1
    return dict(vocabulary)


def run(shared: pathlib.Path) -> dict:
    shared = pathlib.Path(shared)
    docs = documents(shared)
    df: Counter = Counter()
    for doc in docs:
        df.update(doc)
    matcher = BanglishMatcher(df.items())
    gold = read_tsv(GOLD)
    report = {
        "documents": len(docs),
        "vocabulary": {"bengali": len(matcher.bengali_df), "latin": len(matcher.latin_df)},
        "gold_pairs": len(gold),
        "gold_not_in_vocabulary": sorted(
            {b for _, b in gold if not all(t in matcher.bengali_df for t in analyze(b))}
        ),
        "accuracy": accuracy(matcher, gold),
        "coverage": coverage(matcher, gold, docs),
        "english": english_kept(matcher),
    }
    heldout = read_tsv(HELDOUT)
    report["heldout"] = {"accuracy": accuracy(matcher, heldout), "coverage": coverage(matcher, heldout, docs)}
    words = sorted({w for latin, _ in gold for w in latin.split()} | {w for w, _ in read_tsv(ENGLISH)})
    report["timing_archive"] = timing(dict(df), words)
    report["timing_100k"] = timing(large_vocabulary(shared, df), words)

    acc, cov, eng = report["accuracy"], report["coverage"], report["english"]
    print(f"== banglish: {len(gold)} gold spellings, {acc['pairs']} scored (Bengali word in the vocabulary)")
    print(f"   top-1 {acc['top1']:.1%}  top-3 {acc['top3']:.1%}")
    print(
        f"   share of what the Bengali word finds that the Banglish spelling finds ({cov['pairs']} pairs): "
        f"before {cov['before']:.1%}, after {cov['after']:.1%}; "
        f"extra documents {cov['extra_share_of_found']:.1%} of those the candidates find"
    )
    hacc, hcov = report["heldout"]["accuracy"], report["heldout"]["coverage"]
    print(
        f"   held-out ({len(heldout)} spellings written after the rules were frozen): top-1 {hacc['top1']:.1%}, "
        f"top-3 {hacc['top3']:.1%}, share found {hcov['after']:.1%}, extra {hcov['extra_share_of_found']:.1%}"
    )
    print(f"   English words kept: {eng['kept']:.1%} of {eng['words']}; unrelated: {eng['unrelated']}")
    for name in ("timing_archive", "timing_100k"):
        t = report[name]
        print(
            f"   {t['terms']} terms: build {t['build_s']} s (CPU {t['build_cpu_s']} s), lookup median {t['lookup_ms_median']} ms, "
            f"p95 {t['lookup_ms_p95']} ms"
        )
    for miss in acc["misses_top3"] + hacc["misses_top3"]:
        print(f"   miss: {miss}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    run(args.shared.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
