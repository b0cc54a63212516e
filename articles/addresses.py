"""Addresses of articles, outlets, topics and story clusters without a reverse() call each.

reverse() resolves the pattern every time (about 20 µs); an import or export makes an address per
article, and a search page links twenty results to their outlet, topic and cluster. Each view's address is reversed once per script prefix with a placeholder
value, and every other address is the same text around its own value. A value the pattern's converter
might refuse goes to reverse(), which decides (and raises as the `{% url %}` tag would).
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
def _parts(script_prefix: str, name: str, kwarg: str) -> tuple[str, str]:
    address = reverse(name, kwargs={kwarg: _PLACEHOLDER[kwarg]})
    head, tail = address.split(_PLACEHOLDER[kwarg], 1)
    return head, tail


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


@functools.lru_cache(maxsize=8)
def _article_parts(script_prefix: str) -> tuple[str, str, str]:
    address = reverse("articles:detail", kwargs={"pk": _PLACEHOLDER["pk"], "slug": _PLACEHOLDER["slug"]})
    head, rest = address.split(_PLACEHOLDER["pk"], 1)
    middle, tail = rest.split(_PLACEHOLDER["slug"], 1)
    return head, middle, tail


def article_address(pk: int, slug: str) -> str:
    """reverse("articles:detail", kwargs={"pk": pk, "slug": slug}): an article's page."""
    if not slug or "/" in slug:  # reverse() decides (it refuses what its pattern does)
        return reverse("articles:detail", kwargs={"pk": pk, "slug": slug})
    head, middle, tail = _article_parts(get_script_prefix())
    return f"{head}{pk}{middle}{quote(slug, safe=_SLUG_SAFE)}{tail}"
