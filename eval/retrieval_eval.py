"""Retrieval through the whole stack: import ../shared/data/bdnews into a scratch archive, build the
Whoosh index, and for 30 base words compare the articles search finds with the articles that contain
any inflected form (a regular expression over title, lead and body).

    python eval/retrieval_eval.py --shared ../shared
"""

import argparse
import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.scratch import bdnews_archive  # noqa: E402


def run(shared: pathlib.Path) -> dict:
    bdnews_archive(shared, "archive-eval-")

    from articles.bangla.normalize import fold_variants, normalize
    from articles.models import Article
    from articles.search import SearchParams, run_search
    from eval.analysis_eval import _RX_SUFFIX, RETRIEVAL_WORDS

    articles = {
        a.pk: fold_variants(normalize(f"{a.title}\n{a.lead}\n{a.body}"))
        for a in Article.objects.published().filter(language="bn")
    }
    print(f"== retrieval through import + index + search ({len(articles)} Bengali articles)")
    out, total_r, total_p = {}, 0.0, 0.0
    for word in RETRIEVAL_WORDS:
        base = fold_variants(normalize(word))
        rx = re.compile(rf"(?<![\u0980-\u09e3]){re.escape(base)}{_RX_SUFFIX}(?![\u0980-\u09e3])")
        gold = {pk for pk, text in articles.items() if rx.search(text)}
        found = {h.id for h in run_search(SearchParams(q=word, per_page=10_000)).hits} & set(articles)
        hit = len(gold & found)
        recall = hit / len(gold) if gold else 1.0
        precision = hit / len(found) if found else 1.0
        total_r += recall
        total_p += precision
        out[word] = {
            "found": len(found),
            "with_inflected_form": len(gold),
            "recall": round(recall, 3),
            "precision": round(precision, 3),
        }
        print(
            f"  {word:14s} found={len(found):3d} regex={len(gold):3d} recall={recall:.3f} precision={precision:.3f}"
        )
    out["_mean"] = {
        "recall": round(total_r / len(RETRIEVAL_WORDS), 3),
        "precision": round(total_p / len(RETRIEVAL_WORDS), 3),
    }
    print(f"  mean recall={out['_mean']['recall']:.3f} precision={out['_mean']['precision']:.3f}")
    out["_phrases"] = phrase_check(articles, run_search, SearchParams)
    return out


def phrase_check(articles, run_search, SearchParams, n=200):
    """Phrase queries with a stopword inside ("X এবং Y") must still find the article they came from,
    although stopwords are not indexed; phrases without one are the baseline."""
    import random

    from articles.bangla.analysis import iter_tokens

    rng = random.Random(7)
    with_stop, without = [], []
    for pk, text in articles.items():
        text = text.split("\n\n", 2)[-1]
        tokens = [t for t in iter_tokens(text) if t.surface.strip()]
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False):
            if "\n" in text[a.start : c.end] or not (a.term and c.term):
                continue
            phrase = text[a.start : c.end]
            if not re.fullmatch(r"[\u0980-\u09FF]+ [\u0980-\u09FF]+ [\u0980-\u09FF]+", phrase):
                continue
            (with_stop if b.term is None else without).append((pk, phrase))
    scores = {}
    for label, pool in (("with_stopword", with_stop), ("without_stopword", without)):
        sample = rng.sample(pool, min(n, len(pool)))
        hits = 0
        for pk, phrase in sample:
            found = {h.id for h in run_search(SearchParams(q=f'"{phrase}"', per_page=1000)).hits}
            hits += pk in found
            if pk not in found and os.environ.get("EVAL_DEBUG"):
                print("   missed:", pk, phrase, len(found))
        scores[label] = {"queries": len(sample), "found_source": round(hits / max(1, len(sample)), 3)}
        print(
            f"  phrase queries {label:17s} n={len(sample)} source article found: {scores[label]['found_source']:.3f}"
        )
    return scores


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON at the end")
    args = parser.parse_args()
    result = run(args.shared.resolve())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
