"""List candidate spelling-variant pairs found in the archive's own vocabulary (issue 11, item 6).

Each rule below is one spelling alternation Bengali writers use (ী/ি, ষ্ট/স্ট, ৎ/ত ...). A rule maps a
word to a key; two *different* attested words with the same key under one rule are a candidate pair.
The candidates are then labelled by hand: genuine variants go to ``eval/gold/variants.tsv``, distinct
words to ``eval/gold/apart.tsv``. The rules here are deliberately broader than the folding the
analyzer applies (articles/bangla/normalize.py): they are how the folding was chosen, by seeing what
each alternation merges in real text.

Vocabulary: the Bengali rows of ``../shared/data/bdnews`` (headlines and bodies) and ``samples/``;
``--ner`` adds the NER sentences. Only words are printed, never sentences.

    python eval/variant_pairs.py --shared ../shared [--rule ii] [--min 1] [--ner]
    python eval/variant_pairs.py --shared ../shared --merged   # what the analyzer's folding merges
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.bangla.analysis import TOKEN_RE, analyze  # noqa: E402
from articles.bangla.normalize import fold_variants, normalize  # noqa: E402

_C = "\u0995-\u09b9\u09ce\u09dc\u09dd\u09df"  # consonants


def _sub(pattern: str, repl: str):
    rx = re.compile(normalize(pattern))
    repl = normalize(repl)
    return lambda w: rx.sub(repl, w)


def _rep(*pairs: str):
    """Plain replacements, applied in order (literals normalised: য় is one code point in words)."""
    pairs = [(normalize(a), normalize(b)) for a, b in zip(pairs[::2], pairs[1::2], strict=True)]

    def key(word: str) -> str:
        for a, b in pairs:
            word = word.replace(a, b)
        return word

    return key


# rule name -> word -> key. Each is one alternation on its own.
RULES = {
    "ii": _rep("ী", "ি", "ঈ", "ই"),
    "uu": _rep("ূ", "ু", "ঊ", "উ"),
    "sht": _rep("ষ্ট", "স্ট"),
    "shk": _rep("ষ্ক", "স্ক"),
    "khanda": _rep("ৎ", "ত"),
    "nga": _rep("ঙ্", "ং", "ঙ", "ং"),
    "ya": _rep("য়", "য"),
    "yy": _rep("্য্য", "্য"),
    "oya": _rep("েওয়", "েয়"),
    "a-ya": _sub("^(?:অ্যা|এ্যা)", "এ"),
    "na": _rep("ণ", "ন"),
    "na-retroflex": _sub("ণ(?=্[টঠডঢ])", "ন"),
    "sha": _sub("[শষ]", "স"),
    "ja": _rep("য", "জ"),
    "o": _sub("ো$", ""),
}


def vocabulary(shared: pathlib.Path, ner: bool = False) -> collections.Counter:
    """Normalised (not folded) Bengali word counts of the archive's texts."""
    data = shared / "data" if (shared / "data").is_dir() else shared
    texts: list[str] = []
    rows = json.loads((data / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8"))
    texts += [
        f"{r.get('headline') or ''}\n{r.get('article') or ''}"
        for r in rows
        if r.get("source_language") == "Bengali"
    ]
    samples = ROOT / "samples"
    for path in sorted(samples.rglob("*")):
        if path.suffix == ".json":
            texts += [json.dumps(r, ensure_ascii=False) for r in json.loads(path.read_text(encoding="utf-8"))]
        elif path.suffix in (".jsonl", ".txt", ".html", ".csv"):
            texts.append(path.read_text(encoding="utf-8"))
    if ner:
        with open(data / "ner" / "banglakit_main.jsonl", encoding="utf-8") as fh:
            texts += [json.loads(line)[0] for line in fh if line.strip()]
    counts: collections.Counter = collections.Counter()
    for text in texts:
        for surface in TOKEN_RE.findall(text):
            if "\u0980" <= surface[0] <= "\u09ff":
                word = normalize(surface)
                if word:
                    counts[word] += 1
    return counts


def candidates(counts: collections.Counter, rule: str, min_count: int = 1):
    """(word1, word2, n1, n2) for attested words that differ and share the rule's key, commonest first."""
    key = RULES[rule]
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for word, n in counts.items():
        if n >= min_count:
            groups[key(word)].append(word)
    out = []
    for words in groups.values():
        if len(words) < 2:
            continue
        words.sort(key=lambda w: -counts[w])
        first = words[0]
        out += [(first, other, counts[first], counts[other]) for other in words[1:]]
    out.sort(key=lambda p: -min(p[2], p[3]))
    return out


_ENDINGS_AFTER_C = [normalize(e) for e in ("ের", "ে", "কে", "েরও", "েই", "ও", "ই")]


def khanda_inflected(counts: collections.Counter):
    """(ভবিষ্যৎ, ভবিষ্যতের, n1, n2): a ৎ-final word and its case forms, which are written with ত."""
    out = []
    for word, n in counts.most_common():
        if word.endswith("\u09ce"):
            base = word[:-1] + "\u09a4"
            out += [(word, base + e, n, counts[base + e]) for e in _ENDINGS_AFTER_C if base + e in counts]
    return out


def merged_groups(counts: collections.Counter) -> list[list[str]]:
    """Every group of attested words that the analyzer's folding (fold_variants) gives one key:
    the audit of what the folding actually merges, commonest group first."""
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for word in counts:
        groups[fold_variants(word)].append(word)
    out = [sorted(ws, key=lambda w: -counts[w]) for ws in groups.values() if len(ws) > 1]
    return sorted(out, key=lambda ws: -sum(counts[w] for w in ws))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--rule", action="append", choices=[*sorted(RULES), "khanda-inflected"])
    parser.add_argument("--min", type=int, default=1, help="minimum count of each word")
    parser.add_argument("--ner", action="store_true", help="add the NER sentences' words")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--merged", action="store_true", help="list what fold_variants merges instead")
    args = parser.parse_args(argv)
    counts = vocabulary(args.shared, ner=args.ner)
    print(f"# {len(counts)} distinct words")
    if args.merged:
        groups = merged_groups(counts)
        print(f"## fold_variants merges {len(groups)} groups of attested words")
        for words in groups[: args.limit]:
            print("\t".join(f"{w} {counts[w]}" for w in words))
        return
    for rule in args.rule or [*RULES, "khanda-inflected"]:
        pairs = khanda_inflected(counts) if rule == "khanda-inflected" else candidates(counts, rule, args.min)
        print(f"## {rule}: {len(pairs)} candidate pairs")
        for a, b, na, nb in pairs[: args.limit]:
            merged = "=" if set(analyze(a)) & set(analyze(b)) else "."
            print(f"{rule}\t{a}\t{b}\t{na}\t{nb}\t{merged}")


if __name__ == "__main__":
    main()
