"""The gazetteer: people, organisations and places with their Bengali and Latin names.

Shipped as ``articles/data/gazetteer.csv`` (built by ``eval/build_gazetteer.py`` from the hand-written
``gazetteer_curated.csv``, Bangladesh geocodes and frequent names of the banglakit NER corpus).
Columns::

    key,kind,name_bn,name_en,aliases,source,ambiguous,weak_aliases,context

* ``aliases``: ``|``-separated strong aliases (Bengali variants, abbreviations, Latin forms). The
  canonical ``name_bn`` and ``name_en`` are aliases too; they are not repeated in the column.
* ``weak_aliases``: forms that also name other things (আসাদ, তারেক, common-word upazila names). A
  weak mention counts only when the same text confirms the entity (see ``articles/entities/tagger``).
  Listing ``name_bn`` or ``name_en`` here makes the canonical name itself weak.
* ``ambiguous``: 1 makes *every* alias of the entry weak.
* ``context``: ``|``-separated keys of entities whose presence confirms the weak aliases (the district
  of an upazila, the party of a politician).

Only the raw strings are stored: alias keys are analysed when the tagger is built, so a better stemmer
needs no rebuild of the CSV. No Django imports here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.csv"
KINDS = ("person", "organisation", "place")
FIELDS = ("key", "kind", "name_bn", "name_en", "aliases", "source", "ambiguous", "weak_aliases", "context")


@dataclass(frozen=True)
class Entry:
    """One entity. ``aliases`` excludes the canonical names; use :attr:`all_aliases` for matching."""

    key: str
    kind: str
    name_bn: str
    name_en: str
    aliases: tuple[str, ...]
    source: str
    ambiguous: bool = False
    weak_aliases: tuple[str, ...] = field(default=())
    context: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: kind {self.kind!r} not in {KINDS}")

    @property
    def name(self) -> str:
        """Display name: Bengali if known, else English."""
        return self.name_bn or self.name_en

    @property
    def strong_aliases(self) -> tuple[str, ...]:
        """Aliases that name this entity on their own (empty for an ambiguous entry)."""
        if self.ambiguous:
            return ()
        weak = set(self.weak_aliases)
        return tuple(a for a in _unique((self.name_bn, self.name_en, *self.aliases)) if a not in weak)

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Every name form, strong first."""
        return _unique((self.name_bn, self.name_en, *self.aliases, *self.weak_aliases))

    def is_weak(self, alias: str) -> bool:
        return self.ambiguous or alias not in self.strong_aliases


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in items if s and s.strip()))


def _split(value: str | None) -> tuple[str, ...]:
    return _unique((value or "").split("|"))


def read_csv(path: str | Path) -> Iterator[Entry]:
    """Entries of one gazetteer CSV (shipped or curated layout: same columns)."""
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield Entry(
                key=row["key"].strip(),
                kind=row["kind"].strip(),
                name_bn=(row.get("name_bn") or "").strip(),
                name_en=(row.get("name_en") or "").strip(),
                aliases=_split(row.get("aliases")),
                source=(row.get("source") or "").strip(),
                ambiguous=(row.get("ambiguous") or "0").strip() in ("1", "true", "yes"),
                weak_aliases=_split(row.get("weak_aliases")),
                context=_split(row.get("context")),
            )


def write_csv(entries: Iterable[Entry], path: str | Path) -> None:
    """Write entries in the shipped layout (stable order: as given)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(FIELDS)
        for e in entries:
            writer.writerow(
                [
                    e.key,
                    e.kind,
                    e.name_bn,
                    e.name_en,
                    "|".join(e.aliases),
                    e.source,
                    int(e.ambiguous),
                    "|".join(e.weak_aliases),
                    "|".join(e.context),
                ]
            )


def load_gazetteer(path: str | Path | None = None) -> list[Entry]:
    """All entries of the shipped gazetteer (or of ``path``); keys must be unique."""
    entries = list(read_csv(path or DEFAULT_PATH))
    seen: set[str] = set()
    for e in entries:
        if e.key in seen:
            raise ValueError(f"duplicate gazetteer key {e.key!r}")
        seen.add(e.key)
    return entries
