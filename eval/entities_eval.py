"""Measure entity tagging: precision/recall on a held-out NER split, seed checks, speed.

    python eval/entities_eval.py --shared ../shared

* NER: the banglakit corpus is split by blocks of consecutive sentences (``split_ner``); the
  gazetteer is rebuilt from curated + geo + the *training* split only, and the tagger is scored on
  the test split against the gold PERSON/ORG/GPE spans. ``strict``: same characters and kind;
  ``overlap``: a predicted mention overlapping a gold span of the same kind (what a facet needs:
  the right entity in the sentence, even if the gold span is longer, e.g. "প্রধানমন্ত্রী শেখ হাসিনা").
* Seeds: every seed page must yield Putin, Iran and Russia; seeds 003 and 004 must give one entity
  for Raisi although they spell him রাইসি and রায়িসি.
* Own names: mentions of each outlet in its own articles of the bdnews dump, counted without and
  with the outlet (bylines, credits, "told Prothom Alo" are not mentions; articles/entities/own.py).
* Speed: tagging time per Bengali article of the bdnews dump, next to the time of the analyser
  pass every import already pays for indexing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_gazetteer import build, ner_spans, read_ner, split_ner  # noqa: E402

from articles.bangla.analysis import analyze, iter_tokens  # noqa: E402
from articles.entities.gazetteer import load_gazetteer  # noqa: E402
from articles.entities.tagger import Tagger  # noqa: E402

KINDS = ("person", "organisation", "place")
SEED_REQUIRED = ("vladimir-putin", "iran", "russia")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "pred": n_pred, "gold": n_gold, "tp": tp}


def eval_ner(shared: Path, show_errors: int = 0) -> dict:
    train, test = split_ner(read_ner(shared))
    # The corpus repeats some sentences: score each once, and never one the gazetteer was built from.
    seen = {text for text, _tags in train}
    test = [seen.add(t) or (t, tags) for t, tags in test if t not in seen]
    tagger = Tagger(build(shared, ner_lines=train))
    strict = Counter()
    overlap_p = Counter()  # predicted mentions that overlap a same-kind gold span
    overlap_g = Counter()  # gold spans overlapped by a same-kind prediction
    n_pred, n_gold = Counter(), Counter()
    errors: list[str] = []
    unannotated: Counter = Counter()  # predictions on text no gold span covers (gold is not exhaustive)
    annotated_right = annotated_all = 0
    skipped = 0
    for text, tags in test:
        gold = ner_spans(text, tags)
        if gold is None:
            skipped += 1
            continue
        pred = [(m.kind, m.start, m.end, m.key) for m in tagger.mentions(text)]
        for kind, *_ in gold:
            n_gold[kind] += 1
        for kind, s, e, key in pred:
            n_pred[kind] += 1
            if (kind, s, e) in gold:
                strict[kind] += 1
            if any(gs < e and s < ge for _k, gs, ge in gold):
                annotated_all += 1
            else:
                unannotated[(text[s:e], key)] += 1
            if any(k == kind and s < ge and gs < e for k, gs, ge in gold):
                overlap_p[kind] += 1
                annotated_right += 1
            elif len(errors) < show_errors and any(gs < e and s < ge for _k, gs, ge in gold):
                errors.append(f"wrong kind {kind} {text[s:e]!r} ({key}) in: {text[:100]}")
        for kind, gs, ge in gold:
            if any(k == kind and s < ge and gs < e for k, s, e, _key in pred):
                overlap_g[kind] += 1
    result = {"sentences": len(test) - skipped, "unaligned_skipped": skipped, "strict": {}, "overlap": {}}
    for kind in (*KINDS, "all"):
        if kind == "all":
            tp_s, tp_p, tp_g = sum(strict.values()), sum(overlap_p.values()), sum(overlap_g.values())
            np_, ng = sum(n_pred.values()), sum(n_gold.values())
        else:
            tp_s, tp_p, tp_g, np_, ng = (
                strict[kind],
                overlap_p[kind],
                overlap_g[kind],
                n_pred[kind],
                n_gold[kind],
            )
        result["strict"][kind] = _prf(tp_s, np_, ng)
        o = _prf(tp_p, np_, ng)
        o["recall"] = round(tp_g / ng, 3) if ng else 0.0
        result["overlap"][kind] = o
    result["annotated_precision"] = _prf(annotated_right, annotated_all, 0)["precision"]
    result["unannotated_predictions"] = sum(unannotated.values())
    if show_errors:
        result["errors"] = errors
        result["unannotated_sample"] = [
            f"{surf} ({key}) x{n}" for (surf, key), n in unannotated.most_common()
        ]
    return result


def eval_seeds(shared: Path, tagger: Tagger) -> dict:
    out: dict = {}
    for path in sorted((shared / "seeds").glob("0*.txt")):
        hits = {h.key: h for h in tagger.tag(path.read_text(encoding="utf-8"))}
        raisi = hits.get("ebrahim-raisi")
        out[path.name[:3]] = {
            "ok": all(k in hits for k in SEED_REQUIRED),
            "missing": [k for k in SEED_REQUIRED if k not in hits],
            "raisi": raisi.surfaces if raisi else None,
            "top": [(h.key, h.mentions) for h in list(hits.values())[:8]],
        }
    same_raisi = bool(out.get("003", {}).get("raisi")) and bool(out.get("004", {}).get("raisi"))
    out["raisi_003_004_same_entity"] = same_raisi
    return out


def eval_speed(shared: Path, tagger: Tagger) -> dict:
    articles = json.loads(
        (shared / "data" / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8")
    )
    texts = [
        f"{a.get('headline') or ''}\n{a.get('article') or ''}"
        for a in articles
        if a.get("source_language") in ("bn", "bengali", "Bengali")
        or "\u0995" in (a.get("article") or "")[:500]
    ]
    t0 = time.perf_counter()
    for t in texts:
        analyze(t)
    t_analyze = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        tagger.tag(t)
    t_tag = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        tagger.tag(t, tokens=list(iter_tokens(t)))
    t0 = time.perf_counter()
    t0 = time.perf_counter()
    t_build0 = time.perf_counter()
    Tagger(load_gazetteer())
    t_build = time.perf_counter() - t_build0
    n = len(texts) or 1
    return {
        "articles": len(texts),
        "avg_chars": round(sum(map(len, texts)) / n),
        "analyze_ms_per_article": round(1000 * t_analyze / n, 2),
        "tag_ms_per_article": round(1000 * t_tag / n, 2),
        "tagger_build_s": round(t_build, 3),
    }


def eval_own_mentions(shared: Path, tagger: Tagger) -> dict:
    """Mentions of an outlet in its own articles, tagged without and with the outlet known."""
    from articles.entities.own import outlet_keys, outlet_names
    from articles.ingest.readers import iter_inputs

    before, after = Counter(), Counter()
    for item in iter_inputs([shared / "data" / "bdnews" / "articles_2025-12-30.json"]):
        item.resolve()
        record = item.record
        if record is None or not record.outlet or not record.body.strip():
            continue
        text = record.title + "\n\n" + record.body
        own = outlet_keys(outlet_names(record.outlet), tagger.lookup)
        tokens = list(iter_tokens(text))
        before.update({h.key: h.mentions for h in tagger.tag(text, tokens) if h.key in own})
        after.update(
            {h.key: h.mentions for h in tagger.tag(text, tokens, outlet=record.outlet) if h.key in own}
        )
    return {"without_outlet": dict(before.most_common()), "with_outlet": dict(after.most_common())}


def run(shared: Path, show_errors: int = 0) -> dict:
    tagger = Tagger(load_gazetteer())
    result = {
        "ner_heldout": eval_ner(shared, show_errors),
        "seeds": eval_seeds(shared, tagger),
        "speed": eval_speed(shared, tagger),
        "own_mentions": eval_own_mentions(shared, tagger),
    }
    ner = result["ner_heldout"]
    print(f"held-out NER sentences: {ner['sentences']} (unaligned skipped: {ner['unaligned_skipped']})")
    for mode in ("strict", "overlap"):
        for kind, v in ner[mode].items():
            print(
                f"  {mode:8} {kind:13} P={v['precision']:.3f} R={v['recall']:.3f}  pred={v['pred']} gold={v['gold']}"
            )
    print(
        f"  precision where the annotators marked an entity (kind must match): {ner['annotated_precision']:.3f};"
        f" predictions on unannotated text: {ner['unannotated_predictions']}"
    )
    for line in ner.get("errors", []):
        print("   ", line)
    if ner.get("unannotated_sample"):
        print("    unannotated:", "; ".join(ner["unannotated_sample"]))
    for name, v in result["seeds"].items():
        print(f"seed {name}: {v}")
    print(f"speed: {result['speed']}")
    own = result["own_mentions"]
    print(f"outlets' own names in their own articles: {own['without_outlet']} -> {own['with_outlet']}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", type=int, default=0, help="print this many false positives")
    args = parser.parse_args(argv)
    result = run(args.shared, args.errors)
    seeds_ok = all(v["ok"] for k, v in result["seeds"].items() if k.isdigit())
    return 0 if seeds_ok and result["seeds"]["raisi_003_004_same_entity"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
