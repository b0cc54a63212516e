"""Addresses of articles, outlets, topics and story clusters without a reverse() call each.

reverse() resolves the pattern every time (about 20 µs); an import or export makes an address per
article, and a search page links twenty results to their outlet, topic and cluster. Each view's
address is reversed once per script prefix with placeholder values, and every other address is the
same text around its own values. A value the pattern's converter might refuse goes to reverse(),
which decides (and raises as the `{% url %}` tag would).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # the `slug` path converter's characters, which need no quoting
_PLACEHOLDER = {"slug": "SLUGPLACEHOLDER", "pk": "987654321"}
_SLUG_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted in a path


@functools.lru_cache(maxsize=32)
def _parts(script_prefix: str, name: str, *kwargs: str) -> tuple[str, ...]:
    """The address of `name` in pieces around its values, in the order `kwargs` stand in it."""
    rest = reverse(name, kwargs={kwarg: _PLACEHOLDER[kwarg] for kwarg in kwargs})
    pieces = []
    for kwarg in kwargs:
        piece, rest = rest.split(_PLACEHOLDER[kwarg], 1)
        pieces.append(piece)
    return (*pieces, rest)


def slug_address(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a view whose address holds one slug."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _parts(get_script_prefix(), name, "slug")
    return f"{head}{slug}{tail}"


def id_address(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}) for a view whose address holds one id."""
    if type(pk) is not int or pk < 0:
        return reverse(name, kwargs={"pk": pk})
    head, tail = _parts(get_script_prefix(), name, "pk")
    return f"{head}{pk}{tail}"


def article_address(pk: int, slug: str) -> str:
    """reverse("articles:detail", kwargs={"pk": pk, "slug": slug}): an article's page."""
    if not slug or "/" in slug:  # reverse() decides (it refuses what its pattern does)
        return reverse("articles:detail", kwargs={"pk": pk, "slug": slug})
    head, middle, tail = _parts(get_script_prefix(), "articles:detail", "pk", "slug")
    return f"{head}{pk}{middle}{quote(slug, safe=_SLUG_SAFE)}{tail}"
