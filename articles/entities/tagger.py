"""Gazetteer tagging of Bengali (and Latin-script) text, query expansion and alias lookup.

Aliases are matched on *analysed* tokens (``articles.bangla.analysis.iter_tokens``), so inflected
mentions count: পুতিনের -> পুতিন, রাশিয়ার -> রাশিয়া. Alias keys are computed here, at construction, with
the same analyser that tokenises the text; a new stemmer therefore never needs a new CSV.

Rules, all chosen for precision (a wrong entity in a facet misleads a study):

* Longest match first: ভ্লাদিমির পুতিন is one mention, not two; লাতিন আমেরিকা is not আমেরিকা.
* A multi-word alias matches only across spaces, hyphens and abbreviation dots, never across a
  danda, comma or line break.
* Only the last word of an alias may be inflected. Besides the stemmer's term, the last word is also
  tried with a common case/classifier ending removed (ঢাকায় -> ঢাকা, চট্টগ্রামসহ -> চট্টগ্রাম), but only
  when the remainder is a known alias word; this keeps tagging right while the stemmer is crude.
* Weak aliases (আসাদ, তারেক, a common-word upazila name) and aliases shared by several entities
  count only when the same text also has a strong mention of the entity or of one of its ``context``
  entities (the district of an upazila).
* A place or person name used as the first part of an institution (ঢাকা বিশ্ববিদ্যালয়, চট্টগ্রাম
  মেডিকেল কলেজ হাসপাতাল, শেখ হাসিনা সেতু) is not a mention of the place or person.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articles.bangla.analysis import iter_tokens

from .gazetteer import Entry, load_gazetteer

try:  # only used to key stopwords inside aliases (এ কে আব্দুল মোমেন, আইন ও সালিশ কেন্দ্র)
    from articles.bangla.normalize import fold_variants, normalize
except ImportError:  # pragma: no cover - the analyser package may be reorganised

    def normalize(text: str) -> str:
        return text

    def fold_variants(word: str) -> str:
        return word


# Endings tried on the last word of an alias when the stemmer left them on. Longest first so that
# -য়ের is removed before -র. Only results that are alias words are used, which is what keeps
# this safe (তালায় never becomes a place unless তালা is one).
_ENDINGS = tuple(
    sorted(
        (
            "য়",
            "য়ে",
            "য়ের",
            "য়ও",
            "য়ই",
            "তে",
            "তেও",
            "তেই",
            "ের",
            "েরও",
            "েরই",
            "র",
            "রও",
            "রই",
            "কে",
            "কেও",
            "কেই",
            "ে",
            "েও",
            "েই",
            "ও",
            "ই",
            "রা",
            "দের",
            "সহ",
            "জুড়ে",
            "গামী",
            "বাসী",
            "ভিত্তিক",
        ),
        key=len,
        reverse=True,
    )
)
# Characters allowed between the words of one multi-word name.
_JOINERS = frozenset(" \t\u00a0-.\u2010\u2011\u200c\u200d")

# First words of institutions named after a place or person. Compared on analysed terms.
_INSTITUTION_HEADS_RAW = [
    "বিশ্ববিদ্যালয়",
    "ইউনিভার্সিটি",
    "মেডিকেল",
    "কলেজ",
    "হাসপাতাল",
    "স্কুল",
    "বিদ্যালয়",
    "মাদ্রাসা",
    "সিটি",
    "বোর্ড",
    "প্রেসক্লাব",
    "ক্লাব",
    "চেম্বার",
    "স্টক",
    "ওয়াসা",
    "সেতু",
    "স্টেডিয়াম",
    "বিমানবন্দর",
    "হল",
    "ট্রিবিউন",
    "পোস্ট",
    "টাইমস",
    "গ্ল্যাডিয়েটরস",
    "কিংস",
    "শিক্ষা",
    "ক্যান্টনমেন্ট",
    "জুট",
    "টেক্সটাইল",
    "গ্রুপ",
    "লিমিটেড",
    "ফাউন্ডেশন",
    "ট্রাস্ট",
    "ইনস্টিটিউট",
    "একাডেমি",
    "অ্যাকাডেমি",
    "ইউনিয়ন",
    "জেনারেল",
    "আইনজীবী",
    "সোসাইটি",
    "এডুকেশন",
    "কেন্দ্রীয়",
    "ইন্টারন্যাশনাল",
    "ডেভেলপমেন্ট",
    "টেলিকমিউনিকেশন",
    "কমার্স",
    "মহানগর",
    "স্পোর্টস",
    "অ্যাসোসিয়েশন",
    "ইউনিট",
    "কো-অপারেটিভ",
]


@dataclass(frozen=True)
class Hit:
    """One entity found in a text, with its number of mentions and the surfaces seen."""

    key: str
    name: str
    kind: str
    mentions: int
    surfaces: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """One resolved mention: character offsets into the tagged text."""

    key: str
    kind: str
    start: int
    end: int
    surface: str
    first_token: int
    last_token: int


@dataclass(frozen=True)
class QueryPart:
    """A piece of a query: an entity (``key`` set, alternatives = its alias term sequences) or a
    plain term (``key`` None, one alternative)."""

    key: str | None
    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Option:
    key: str
    weak: bool


@dataclass
class _Match:
    options: tuple[_Option, ...]
    first: int
    last: int


def token_key(term: str | None, surface: str) -> str:
    """Matching key of a token: its index term, or a marked normalised surface for a stopword."""
    if term is not None:
        return term
    return "\x00" + _norm(surface)


def alias_terms(alias: str) -> tuple[str, ...]:
    """The analysed key sequence of an alias ("" entries from the analyser are skipped)."""
    return tuple(token_key(t.term, t.surface) for t in iter_tokens(alias))


@functools.lru_cache(maxsize=131072)
def _norm(word: str) -> str:
    return fold_variants(normalize(word.casefold()))


def _is_bengali(s: str) -> bool:
    return bool(s) and "\u0980" <= s[0] <= "\u09ff"


class Tagger:
    """Tag texts against a gazetteer. Build once (well under a second) and reuse."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        raw: dict[tuple[str, ...], dict[str, bool]] = {}
        # Where the stemmer shortens an alias itself (আরটি -> আর), the key alone would match unrelated
        # words (আরও); such an alias also needs the text word to start with the alias's own spelling.
        prefixes: dict[tuple[str, ...], set[str] | None] = {}
        for entry in entries:
            self.entries[entry.key] = entry
            for alias in entry.all_aliases:
                toks = list(iter_tokens(alias))
                terms = tuple(token_key(t.term, t.surface) for t in toks)
                if not self._usable(terms):
                    continue
                weak = entry.is_weak(alias)
                per_entry = raw.setdefault(terms, {})
                # An entity may list a form both ways; strong wins.
                per_entry[entry.key] = per_entry.get(entry.key, True) and weak
                spelled = _norm(toks[-1].surface)
                if spelled == terms[-1]:
                    prefixes[terms] = None
                elif prefixes.get(terms, set()) is not None:
                    prefixes.setdefault(terms, set()).add(spelled)
        self._prefixes = {k: tuple(v) for k, v in prefixes.items() if v}

        # Resolve aliases shared by several entities: one strong owner keeps it; several strong
        # owners make it ambiguous (weak) for all of them.
        self._exact: dict[tuple[str, ...], tuple[_Option, ...]] = {}
        for terms, owners in raw.items():
            strong = [k for k, weak in owners.items() if not weak]
            if len(strong) == 1:
                options = (_Option(strong[0], False),)
            else:
                options = tuple(_Option(k, True) for k in owners)
            self._exact[terms] = options

        # first key -> alias key sequences starting with it, longest first
        index: dict[str, list[tuple[str, ...]]] = {}
        for terms in self._exact:
            index.setdefault(terms[0], []).append(terms)
        self._index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}
        # Only alias words the stemmer leaves intact are targets of ending removal.
        self._last_words = frozenset(t[-1] for t in self._exact if t not in self._prefixes)
        self._heads = frozenset(alias_terms(" ".join(_INSTITUTION_HEADS_RAW)))
        self._stripped = functools.lru_cache(maxsize=65536)(self._stripped_uncached)
        self._own_keys: dict[str, frozenset[str]] = {}  # outlet -> its entity keys (see tag())
        self._classified: set[str] = set()  # token keys seen by matches(), and which of them can
        self._starters: set[str] = set()  # start a match (start an alias or end in a removable ending)

    @staticmethod
    def _usable(terms: tuple[str, ...]) -> bool:
        if not terms or all(t.startswith("\x00") for t in terms):
            return False
        # One-letter keys (a lone initial, "u" of U.S.) would match everywhere.
        return not (len(terms) == 1 and len(terms[0]) < 2)

    # -- matching -------------------------------------------------------------------------------

    def _stripped_uncached(self, term: str) -> tuple[str, ...]:
        if not _is_bengali(term):
            return ()
        out = []
        for ending in _ENDINGS:
            if term.endswith(ending) and len(term) > len(ending) + 1:
                base = term[: -len(ending)]
                # short bases are acronyms (ইউএন + ও is ইউএনও, an upazila officer, not the UN)
                if len(base) >= 5 and base in self._last_words:
                    out.append(base)
        return tuple(out)

    def matches(self, tokens: Sequence, text: str) -> list[_Match]:
        """Gazetteer matches over the tokens, before disambiguation: pass them to mentions(), tag()
        and candidates() of the same text to compute them once."""
        keys = [t.term if t.term is not None else "\x00" + _norm(t.surface) for t in tokens]  # token_key
        # Only a token whose key starts an alias, or carries an ending over one, can start a match:
        # the others are skipped without calling _match_at (most tokens of a text).
        distinct = set(keys)
        new = distinct - self._classified  # each distinct key is looked at once per tagger
        starters = distinct & self._starters  # after `new`: see the comment below
        for k in new:
            if k in self._index or self._stripped(k):
                starters.add(k)
                self._starters.add(k)  # before _classified: another thread never sees it half done
            if len(self._classified) < 500_000:  # bounded: past it, new keys are looked at every time
                self._classified.add(k)
        found: list[_Match] = []
        after = 0  # the first token not inside a match found already
        for i in [i for i, k in enumerate(keys) if k in starters]:
            if i < after:
                continue
            match = self._match_at(i, keys, tokens, text)
            if match is not None:
                found.append(match)
                after = match.last + 1
        return found

    def _joined(self, tokens: Sequence, text: str, j: int) -> bool:
        """Are tokens j-1 and j parts of one name (only spaces/hyphens/dots between them)?"""
        gap = text[tokens[j - 1].end : tokens[j].start]
        return len(gap) <= 3 and all(ch in _JOINERS for ch in gap)

    def _match_at(self, i: int, keys: list[str], tokens: Sequence, text: str) -> _Match | None:
        n = len(keys)
        for seq in self._index.get(keys[i], ()):
            size = len(seq)
            if i + size > n:
                continue
            ok = True
            for off in range(1, size):
                j = i + off
                want = seq[off]
                # The key first: it rules out most aliases more cheaply than the gap between the words.
                if keys[j] != want and not (off == size - 1 and want in self._stripped(keys[j])):
                    ok = False
                    break
                if not self._joined(tokens, text, j):
                    ok = False
                    break
            if ok and self._spelled_ok(seq, tokens[i + size - 1]):
                return _Match(self._exact[seq], i, i + size - 1)
        # single-word alias under a case ending the stemmer did not remove
        for base in self._stripped(keys[i]):
            options = self._exact.get((base,))
            if options:
                return _Match(options, i, i)
        return None

    def _spelled_ok(self, seq: tuple[str, ...], token) -> bool:
        required = self._prefixes.get(seq)
        return required is None or _norm(token.surface).startswith(required)

    def _is_institution(self, match: _Match, tokens: Sequence, text: str) -> bool:
        nxt = match.last + 1
        if nxt >= len(tokens) or not self._joined(tokens, text, nxt):
            return False
        if tokens[nxt].term not in self._heads:
            return False
        last = tokens[match.last]
        # Only an uninflected name compounds with the head (ঢাকা বিশ্ববিদ্যালয়); ঢাকার বিশ্ববিদ্যালয়
        # ("universities of Dhaka") is a real mention of Dhaka.
        return last.term == _norm(last.surface)

    def mentions(self, text: str, tokens: Sequence | None = None, matches=None) -> list[Mention]:
        """Resolved mentions in text order. ``tokens`` and ``matches`` may be passed if already computed."""
        if tokens is None:
            tokens = list(iter_tokens(text))
        if matches is None:
            matches = self.matches(tokens, text)
        kept: list[_Match] = []
        for m in matches:
            kinds = {self.entries[o.key].kind for o in m.options}
            if "organisation" not in kinds and self._is_institution(m, tokens, text):
                continue
            kept.append(m)

        confirmed = {m.options[0].key for m in kept if len(m.options) == 1 and not m.options[0].weak}
        out: list[Mention] = []
        for m in kept:
            chosen: str | None = None
            if len(m.options) == 1 and not m.options[0].weak:
                chosen = m.options[0].key
            else:
                for o in m.options:
                    entry = self.entries[o.key]
                    if o.key in confirmed or confirmed.intersection(entry.context):
                        chosen = o.key
                        break
            if chosen is None:
                continue
            start, end = tokens[m.first].start, tokens[m.last].end
            out.append(
                Mention(chosen, self.entries[chosen].kind, start, end, text[start:end], m.first, m.last)
            )
        return out

    def tag(self, text: str, tokens: Sequence | None = None, matches=None, outlet: str = "") -> list[Hit]:
        """Entities of ``text`` with mention counts, most mentioned first (ties: first seen).

        ``outlet``: the article's outlet, whose own name in a byline, credit or masthead is not a
        mention (see articles/entities/own.py).
        """
        from .own import outlet_keys, outlet_names, own_mentions_dropped

        if tokens is None:
            tokens = list(iter_tokens(text))
        mentions = self.mentions(text, tokens, matches)
        if outlet:
            own = self._own_keys.get(outlet)
            if own is None:  # looked up once per outlet: an import tags many articles of each
                own = self._own_keys[outlet] = outlet_keys(outlet_names(outlet), self.lookup)
            mentions = own_mentions_dropped(text, tokens, mentions, own)
        counts: Counter[str] = Counter()
        surfaces: dict[str, dict[str, None]] = {}
        for m in mentions:
            counts[m.key] += 1
            surfaces.setdefault(m.key, {})[m.surface] = None
        order = {k: i for i, k in enumerate(surfaces)}
        hits = [
            Hit(k, self.entries[k].name, self.entries[k].kind, c, tuple(surfaces[k]))
            for k, c in counts.items()
        ]
        hits.sort(key=lambda h: (-h.mentions, order[h.key]))
        return hits

    # -- review queue ---------------------------------------------------------------------------

    def candidates(self, text: str, tokens: Sequence | None = None, matches=None) -> Counter[str]:
        """Name-like strings in ``text`` that the gazetteer does not know, with counts."""
        from .candidates import find_candidates

        tokens = list(tokens) if tokens is not None else list(iter_tokens(text))
        covered: set[int] = set()
        for m in matches if matches is not None else self.matches(tokens, text):
            covered.update(range(m.first, m.last + 1))
        return find_candidates(text, tokens, covered, self.lookup, self.name_words)

    @functools.cached_property
    def name_words(self) -> frozenset[str]:
        """Index terms of the Bengali words in people's names: evidence that a span is a name."""
        from .candidates import TITLES

        words = set()
        for entry in self.entries.values():
            if entry.kind == "person":
                for alias in entry.all_aliases:
                    if _is_bengali(alias):
                        words.update(t for t in alias_terms(alias) if not t.startswith("\x00") and len(t) > 2)
        return frozenset(words - TITLES)

    # -- search ---------------------------------------------------------------------------------

    def lookup(self, alias_or_latin: str) -> Entry | None:
        """The entity a whole string names (a key, an alias, inflected or not), or None."""
        s = alias_or_latin.strip()
        if s in self.entries:
            return self.entries[s]
        owners = self.alias_owners(s)
        # Shared by several entities: a string alone cannot tell which.
        return self.entries[owners[0]] if len(owners) == 1 else None

    def alias_owners(self, text: str) -> list[str]:
        """Keys of every entity (strong or weak) having ``text`` as a whole alias, inflected or not."""
        terms = alias_terms(text.strip())
        if not terms:
            return []
        options = self._exact.get(terms, ())
        if not options:
            for base in self._stripped(terms[-1]):
                options = self._exact.get((*terms[:-1], base), ())
                if options:
                    break
        return [o.key for o in options]

    def alternatives(self, key: str) -> list[tuple[str, ...]]:
        """Strong alias term sequences of one entity, minimal: a sequence containing another one
        (ভ্লাদিমির পুতিন contains পুতিন) is dropped, since OR-ing it adds nothing."""
        entry = self.entries[key]
        seqs = [alias_terms(a) for a in entry.strong_aliases]
        # An alias the stemmer shortened (its index term also matches other words) is left out.
        seqs = list(dict.fromkeys(s for s in seqs if self._usable(s) and s not in self._prefixes))
        if not seqs:  # ambiguous entry: its full names are all we have
            seqs = list(dict.fromkeys(s for s in map(alias_terms, entry.all_aliases) if self._usable(s)))
        seqs.sort(key=len)
        minimal: list[tuple[str, ...]] = []
        for s in seqs:
            if not any(_contains(s, m) for m in minimal):
                minimal.append(s)
        return minimal

    def full_name_variants(self, key: str, typed: Sequence[str]) -> list[tuple[str, ...]]:
        """Other spellings of the whole name ``typed`` (alias term sequences), for a phrase search.

        A phrase asks for the full name, so a variant must be at least as long as what was typed and
        must not contain it (the phrase already finds those): "খালেদা জিয়া" gets Khaleda Zia but not
        খালেদা alone. Stopword keys are left out of the sequences (the index has no such terms).
        """
        wanted = _words(tuple(typed))
        seqs = []
        for alias in self.entries[key].strong_aliases:
            terms = alias_terms(alias)
            words = _words(terms)
            if not self._usable(terms) or terms in self._prefixes or len(words) < len(wanted):
                continue
            if not _contains(words, wanted) and words not in seqs:
                seqs.append(words)
        seqs.sort(key=len)
        minimal: list[tuple[str, ...]] = []
        for s in seqs:
            if not any(_contains(s, m) for m in minimal):
                minimal.append(s)
        return minimal

    def spellings(self, key: str, seqs: Iterable[tuple[str, ...]]) -> list[str]:
        """The aliases, as the gazetteer writes them, behind these term sequences (one each)."""
        wanted = set(seqs)
        out: dict[tuple[str, ...], str] = {}
        for alias in self.entries[key].all_aliases:
            words = _words(alias_terms(alias))
            if words in wanted and words not in out:
                out[words] = alias
        return list(out.values())

    def expand_query_parts(self, text: str) -> list[QueryPart]:
        """The query split into entity parts (with all their alias sequences) and plain terms.

        The search layer can AND the parts and OR the alternatives within each part. Weak aliases
        in a query are expanded too when only one entity has them: the user typed the name.
        """
        tokens = list(iter_tokens(text))
        parts: list[QueryPart] = []
        keys = [token_key(t.term, t.surface) for t in tokens]
        i = 0
        while i < len(tokens):
            m = self._match_at(i, keys, tokens, text)
            if m is not None and len(m.options) == 1:
                key = m.options[0].key
                alts = self.alternatives(key)
                typed = tuple(k for k in keys[m.first : m.last + 1] if not k.startswith("\x00"))
                if typed and not any(_contains(typed, a) for a in alts):
                    alts.insert(0, typed)
                parts.append(QueryPart(key, tuple(alts)))
                i = m.last + 1
                continue
            if tokens[i].term:
                parts.append(QueryPart(None, ((tokens[i].term,),)))
            i += 1
        return parts

    def expand_query(self, text: str) -> list[list[str]]:
        """Alternative term sequences for every entity the query names (flat; for a simple OR).

        ``expand_query("রাইসি")`` -> ``[["রাইসি"], ["রায়িসি"], ["raisi"], ...]``; empty if the query
        names no entity. Terms are index terms (analysed), ready for the search backend.
        """
        out: list[list[str]] = []
        for part in self.expand_query_parts(text):
            if part.key is not None:
                out.extend(list(a) for a in part.alternatives)
        return out


def _words(terms: tuple[str, ...]) -> tuple[str, ...]:
    """Index terms only: the stopword keys of an alias are not in the index."""
    return tuple(t for t in terms if not t.startswith("\x00"))


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


@functools.lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """A tagger over the shipped gazetteer, built once per process."""
    return Tagger(load_gazetteer())
