"""Search-result snippets: the passages of a text where the query's terms occur, with <mark> around them.

The words are found the way the index found them (each surface word analysed to its term), so
ইরানের is marked for a search for ইরান. One pass of the tokenizer over the text, no Token objects:
Whoosh's highlighter, which analyses the text again for each fragment, cost more than the search.

A passage starts at the beginning of a sentence when one begins between its start and its first match;
otherwise it starts at a word and says so with a leading "…", as a passage that stops mid-sentence
ends with one. The headline, which the result list shows above the snippet, is not quoted again.
"""

from __future__ import annotations

import re
from html import escape

from .analysis import TOKEN_RE, term_for

MAX_HITS = 400  # matched words considered per text (a long text with a frequent word has thousands)
ELLIPSIS = "…"
# A sentence ends at a danda, ! or ?, or a full stop after three letters: Bengali abbreviations (ড.,
# মো., ডা.: a vowel sign is not a letter here) and Latin ones (Dr., Mr.) do not end a sentence.
# Closing quotation marks and brackets may follow.
_END = r"(?:[।॥!?]|(?<=\w\w\w)\.)[\"'”’)\]]*"
_SENTENCE_END = re.compile(_END + r"(?=\s)")
_ENDS_SENTENCE = re.compile(_END + r"$")


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


def _sentence_start(text, low, first_hit):
    """Where the last sentence (or paragraph) beginning in text[low:first_hit] starts, or None."""
    found = text.rfind("\n", low, first_hit)
    found = found + 1 if found >= 0 else None
    for match in _SENTENCE_END.finditer(text, found or low, first_hit):
        found = match.end()
    if found is None:
        return None
    while found < first_hit and text[found].isspace():
        found += 1
    return found


def _starts_sentence(text, start, floor):
    """Whether text[start:] begins a sentence or paragraph (or the text after the headline)."""
    before = text[floor:start]
    kept = before.rstrip()
    return not kept or "\n" in before[len(kept) :] or bool(_ENDS_SENTENCE.search(kept[-16:]))


def _ends_sentence(text, end):
    """Whether text[:end] ends a sentence or paragraph (or the whole text)."""
    after = text[end:]
    gap = after[: len(after) - len(after.lstrip())]
    return (
        not after.strip() or "\n" in gap or bool(_ENDS_SENTENCE.search(text[max(0, end - 16) : end].rstrip()))
    )


def _windows(hits, width, surround, floor=0):
    """Candidate fragments: one starting a little before each hit, scored by the distinct terms it holds.

    One pass with two pointers: the window of the next hit ends no earlier than this one's. No window
    starts before `floor`.
    """
    candidates = []
    counts: dict[str, int] = {}
    j = 0
    for i, (start, _end, _term) in enumerate(hits):
        low = max(floor, start - surround)
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


def snippet(
    text: str, terms, *, width=220, surround=60, fragments=2, separator=" … ", headline: str = ""
) -> str:
    """HTML: up to `fragments` passages of about `width` characters around the matched terms.

    `terms` are index terms (as the analyzer produces them). When `text` begins with `headline`, the
    passages come from the rest of it. Returns "" when no term occurs there.
    """
    if not terms or not text:
        return ""
    floor = len(headline) if headline and text.startswith(headline) else 0
    hits = []
    for match in TOKEN_RE.finditer(text, floor):
        term = term_for(match.group())
        if term and term in terms:
            hits.append((match.start(), match.end(), term))
            if len(hits) >= MAX_HITS:
                break
    if not hits:
        return ""
    chosen = []
    for _distinct, _count, _neg_start, low, high in _windows(hits, width, surround, floor):
        if any(low < other_high and other_low < high for other_low, other_high in chosen):
            continue
        chosen.append((low, high))
        if len(chosen) == fragments:
            break
    chosen.sort()
    parts = []
    for index, (low, high) in enumerate(chosen):
        first_hit = next(hit_start for hit_start, _e, _t in hits if hit_start >= low)
        sentence = _sentence_start(text, low, first_hit)
        start = sentence if sentence is not None else _snap_start(text, low)
        start = max(start, floor)
        end = _snap_end(text, high)
        out, cursor = [], start
        for hit_start, hit_end, _term in hits:
            if hit_start < cursor or hit_end > end:
                continue
            out.append(escape(text[cursor:hit_start], quote=False))
            out.append(f"<mark>{escape(text[hit_start:hit_end], quote=False)}</mark>")
            cursor = hit_end
        out.append(escape(text[cursor:end], quote=False))
        part = " ".join("".join(out).split())
        # Between two passages the separator says text was left out; at the two ends, an ellipsis does.
        if index == 0 and not _starts_sentence(text, start, floor):
            part = f"{ELLIPSIS} {part}"
        if index == len(chosen) - 1 and not _ends_sentence(text, end):
            part = f"{part} {ELLIPSIS}"
        parts.append(part)
    return separator.join(parts)
