"""An outlet's own name in its own articles: credits are not mentions (issue 11).

প্রথম আলো counted as an organisation mentioned 67 times in its own articles: "প্রথম আলোকে বলেন" (told
Prothom Alo), "বিবিসি বাংলার সংবাদদাতা", "বিবিসির অনুসন্ধান", "Prothom Alo verified ...", bylines,
photo credits, mastheads and "more on BBC Bangla" blocks. That is the outlet signing its reporting,
which is nearly always what its name does in its own articles. So it counts as a mention only in an
article whose headline names it (the outlet is the news: "Adviser inspects charred Prothom Alo
office"), and even there not in a credit (`is_credit`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

try:
    from articles.bangla.normalize import fold_variants, normalize
except ImportError:  # pragma: no cover

    def normalize(text: str) -> str:
        return text

    def fold_variants(word: str) -> str:
        return word


def _norm(word: str) -> str:
    return fold_variants(normalize(word.casefold()))


# A credit line (byline, photo credit, masthead) is short: the name and a few words around it.
CREDIT_LINE_WORDS = 8
# Words after the outlet's name that make it a signature: its reporter, its channel, "told to it".
_AFTER = tuple(
    _norm(w)
    for w in (
        "প্রতিবেদক প্রতিনিধি সংবাদদাতা সাংবাদিক আলোকচিত্রী ক্যামেরা হোয়াটসঅ্যাপ ইউটিউব ফেসবুক অনলাইন ওয়েবসাইট "
        "চ্যানেল কাছে ডেস্ক অনুসন্ধান জরিপ বিশ্লেষণ নিজস্ব correspondent reporter staff photographer photo "
        "website online desk investigation survey analysis"
    ).split()
)
# English words before it: "told Prothom Alo", "Speaking to ...", "contacted by ...", "© ...".
_BEFORE = frozenset("told to by with © copyright".split())
_ACCUSATIVE = tuple(_norm(e) for e in ("কে", "কেও"))  # প্রথম আলোকে বলেন: "told Prothom Alo"


def outlet_keys(names: Iterable[str], lookup: Callable[[str], object]) -> frozenset[str]:
    """Entity keys of an outlet, from its names (English, Bengali, aliases) and the acronym its name
    starts with (BBC of BBC Bangla: বিবিসিকে বলেন in a BBC Bangla article is the same signature)."""
    keys = set()
    for name in names:
        if not name:
            continue
        candidates = [name]
        first = name.split()[0]
        if len(first) >= 2 and first.isupper():
            candidates.append(first)
        for candidate in candidates:
            entry = lookup(candidate)
            if entry is not None:
                keys.add(entry.key)
    return frozenset(keys)


@functools.lru_cache(maxsize=256)
def outlet_names(outlet: str) -> tuple[str, ...]:
    """Every name the outlet registry knows for an outlet (the name itself if it knows none)."""
    try:
        from articles.ingest.outlets import find_outlet
    except ImportError:  # pragma: no cover
        return (outlet,)
    found = find_outlet(outlet) if outlet else None
    if found is None:
        return (outlet,) if outlet else ()
    return (found.name_en, found.name_bn, *found.aliases)


def own_mentions_dropped(text: str, tokens: Sequence, mentions: Sequence, own: frozenset[str]) -> list:
    """The mentions without the outlet's own name where it signs the article (see module docstring).
    ``text`` is the headline, a line break and the body."""
    if not own:
        return list(mentions)
    headline_end = text.find("\n")
    headline_end = len(text) if headline_end < 0 else headline_end
    about_itself = {m.key for m in mentions if m.key in own and m.end <= headline_end}
    return [
        m
        for m in mentions
        if m.key not in own
        or (m.key in about_itself and not is_credit(text, tokens, m.first_token, m.last_token))
    ]


def is_credit(text: str, tokens: Sequence, first: int, last: int) -> bool:
    """Is the outlet name at tokens[first..last] the outlet signing its own article?

    The first line is the headline (callers tag title + blank line + body): never a credit.
    """
    start, end = tokens[first].start, tokens[last].end
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0:
        return False
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if len(line.split()) <= CREDIT_LINE_WORDS or "©" in line:
        return True
    if _norm(tokens[last].surface).endswith(_ACCUSATIVE):
        return True
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    if following is not None and following.start < line_end and _norm(following.surface).startswith(_AFTER):
        return True
    if first > 0 and tokens[first - 1].end > line_start:
        before = text[tokens[first - 1].start : start].strip().casefold()
        if before.split()[0].strip(",;:") in _BEFORE:
            return True
    return False
