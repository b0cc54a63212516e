"""Search-result snippets: the passages of a text where the query's terms occur, with <mark> around them.

The words are found the way the index found them (each surface word analysed to its term), so
ইরানের is marked for a search for ইরান. One pass of the tokenizer over the text, no Token objects:
Whoosh's highlighter, which analyses the text again for each fragment, cost more than the search.
"""

from __future__ import annotations

from html import escape

from .analysis import TOKEN_RE, term_for

MAX_HITS = 400  # matched words considered per text (a long text with a frequent word has thousands)


def _snap_start(text, start):
    """Move a fragment start back to the beginning of a word."""
    if start <= 0:
        return 0
    space = text.rfind(" ", max(0, start - 20), start)
    return space + 1 if space >= 0 else start


def _snap_end(text, end):
    if end >= len(text):
        return len(text)
    space = text.find(" ", end, end + 20)
    return space if space >= 0 else end


def _windows(hits, width, surround):
    """Candidate fragments: one starting a little before each hit, scored by the distinct terms it holds.

    One pass with two pointers: the window of the next hit ends no earlier than this one's.
    """
    candidates = []
    counts: dict[str, int] = {}
    j = 0
    for i, (start, _end, _term) in enumerate(hits):
        low = max(0, start - surround)
        high = low + width
        while j < len(hits) and hits[j][1] <= high:
            counts[hits[j][2]] = counts.get(hits[j][2], 0) + 1
            j += 1
        # Prefer passages with more different query words, then more matches, then earlier ones.
        candidates.append((len(counts), j - i, -start, low, high))
        if j > i:  # hit i leaves the window before the next one is scored
            term = hits[i][2]
            counts[term] -= 1
            if not counts[term]:
                del counts[term]
        else:
            j = i + 1
    candidates.sort(reverse=True)
    return candidates


def snippet(text: str, terms, *, width=220, surround=60, fragments=2, separator=" … ") -> str:
    """HTML: up to `fragments` passages of about `width` characters around the matched terms.

    `terms` are index terms (as the analyzer produces them). Returns "" when none occurs in the text.
    """
    if not terms or not text:
        return ""
    hits = []
    for match in TOKEN_RE.finditer(text):
        term = term_for(match.group())
        if term and term in terms:
            hits.append((match.start(), match.end(), term))
            if len(hits) >= MAX_HITS:
                break
    if not hits:
        return ""
    chosen = []
    for _distinct, _count, _neg_start, low, high in _windows(hits, width, surround):
        if any(low < other_high and other_low < high for other_low, other_high in chosen):
            continue
        chosen.append((low, high))
        if len(chosen) == fragments:
            break
    chosen.sort()
    parts = []
    for low, high in chosen:
        start, end = _snap_start(text, low), _snap_end(text, high)
        out, cursor = [], start
        for hit_start, hit_end, _term in hits:
            if hit_start < cursor or hit_end > end:
                continue
            out.append(escape(text[cursor:hit_start], quote=False))
            out.append(f"<mark>{escape(text[hit_start:hit_end], quote=False)}</mark>")
            cursor = hit_end
        out.append(escape(text[cursor:end], quote=False))
        parts.append(" ".join("".join(out).split()))
    return separator.join(parts)
