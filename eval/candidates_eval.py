"""Measure the candidate-names queue: precision of its top 100, before and after (issue 11, item 8).

    python eval/candidates_eval.py --shared ../shared [--unlabelled]

* Queue: the candidate finder runs over the bundled samples and the shared bdnews dump (bodies seen
  twice are counted once), with the shipped gazetteer; candidates are ranked as the review queue
  shows them (most found first; ties by text). Each of the top 100 is looked up in the hand labels
  (tests/fixtures/candidate_labels.tsv: "name" or "not"); precision = names / 100.
* Before: the finder as it was at BASELINE (read from git), ranked and labelled the same way.
* NER: on the held-out sentences of the banglakit corpus (never used for tuning), the share of
  candidates that lie inside a gold person/organisation/place span (the corpus does not mark every
  name, so this is a lower bound).

`--unlabelled` lists the top candidates that have no label yet (to label them by hand).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles.bangla.analysis import iter_tokens  # noqa: E402
from articles.entities.gazetteer import load_gazetteer  # noqa: E402
from articles.entities.tagger import Tagger  # noqa: E402
from articles.ingest.readers import iter_inputs  # noqa: E402
from eval.scratch import module_at  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "candidate_labels.tsv"
BASELINE = "fb1c8c2"  # the finder before issue 11
TOP = 100


def read_labels(path: Path = LABELS) -> dict[str, bool]:
    """candidate text -> is it a name? (tab-separated: text, "name" or "not"; # starts a comment)"""
    labels = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, _tab, label = line.rpartition("\t")
        if label not in ("name", "not") or not text:
            raise ValueError(f"{path}, line {number}: expected 'text<TAB>name|not', got {line!r}")
        labels[text] = label == "name"
    return labels


def texts(shared: Path) -> list[str]:
    """Title and body of every record of the samples and the dump, each distinct body once."""
    seen, out = set(), []
    for item in iter_inputs([ROOT / "samples", shared / "data" / "bdnews" / "articles_2025-12-30.json"]):
        item.resolve()
        record = item.record
        if record is None or not record.body.strip():
            continue
        digest = hashlib.sha1(record.body.encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(record.title + "\n\n" + record.body)
    return out


def _covered(tagger, tokens, text):
    covered = set()
    for m in tagger.matches(tokens, text):
        covered.update(range(m.first, m.last + 1))
    return covered


def queue(all_texts, tagger, finder=None) -> list[tuple[str, int]]:
    """(candidate, count) in review-queue order. `finder`: another find_candidates (the baseline)."""
    counts: Counter[str] = Counter()
    for text in all_texts:
        tokens = list(iter_tokens(text))
        if finder is None:
            counts.update(tagger.candidates(text, tokens))
        else:
            counts.update(finder(text, tokens, _covered(tagger, tokens, text), tagger.lookup))
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def baseline_finder():
    """find_candidates as it was at BASELINE, or None when git cannot show it."""
    module = module_at(BASELINE, "articles/entities/candidates.py", "candidates_baseline")
    return None if module is None else module.find_candidates


def precision_at(ranked, labels, top=TOP) -> dict:
    head = [text for text, _n in ranked[:top]]
    labelled = [labels[t] for t in head if t in labels]
    return {
        "candidates": len(ranked),
        "top": len(head),
        "labelled": len(labelled),
        "names": sum(labelled),
        "precision": round(sum(labelled) / len(head), 3) if head else 0.0,
        "unlabelled": [t for t in head if t not in labels],
    }


def eval_ner(shared: Path) -> dict:
    """Candidates on held-out NER sentences that fall inside a gold entity span."""
    from build_gazetteer import build, ner_spans, read_ner, split_ner

    train, test = split_ner(read_ner(shared))
    tagger = Tagger(build(shared, ner_lines=train))
    inside = total = 0
    for text, tags in test:
        gold = ner_spans(text, tags)
        if gold is None:
            continue
        spans = [text[s:e] for _kind, s, e in gold]
        for candidate, n in tagger.candidates(text).items():
            total += n
            inside += n * any(candidate in span or span in candidate for span in spans)
    return {"candidates": total, "inside_gold": inside, "share": round(inside / total, 3) if total else 0.0}


def run(shared: Path, show_unlabelled: bool = False) -> dict:
    labels = read_labels()
    tagger = Tagger(load_gazetteer())
    all_texts = texts(shared)
    result = {"texts": len(all_texts), "after": precision_at(queue(all_texts, tagger), labels)}
    finder = baseline_finder()
    if finder is not None:
        result["before"] = precision_at(queue(all_texts, tagger, finder), labels)
    result["ner_heldout"] = eval_ner(shared)
    for when in ("before", "after"):
        if when in result:
            r = result[when]
            print(
                f"candidate names {when:6}: precision@{r['top']} = {r['precision']:.2f}"
                f" ({r['names']} names, {r['labelled']} labelled, {r['candidates']} candidates in all)"
            )
            if show_unlabelled and r["unlabelled"]:
                print("  unlabelled:", " | ".join(r["unlabelled"]))
    ner = result["ner_heldout"]
    print(
        f"candidates on held-out NER sentences inside a gold span: {ner['inside_gold']}/{ner['candidates']}"
    )
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--unlabelled", action="store_true", help="list top candidates without a label")
    args = parser.parse_args(argv)
    result = run(args.shared.resolve(), args.unlabelled)
    return 0 if result["after"]["precision"] >= 0.8 else 1


if __name__ == "__main__":
    raise SystemExit(main())
