"""Template helpers: Bengali dates and numbers, query strings that keep every parameter."""

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from articles.bangla.dates import format_bengali_date
from articles.bangla.numerals import to_bengali_digits

register = template.Library()


def _bengali():
    return (get_language() or "bn").startswith("bn")


@register.filter
def local_date(value, with_time=True):
    """A date in the reader's language: ২৩ জুন ২০২৫, ১০:২৪ in Bengali, 23 June 2025, 10:24 in English."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    with_time = with_time and hasattr(value, "hour")
    if _bengali():
        return format_bengali_date(value, with_time=with_time)
    return date_format(value, "j F Y, H:i" if with_time else "j F Y")


@register.simple_tag
def date_label(value, precision):
    """A date at the precision it is known; an approximate one (the capture time, an upper bound) says so:
    "~২৯ ডিসেম্বর ২০২৫ বা তার আগে" / "~29 December 2025 or earlier"."""
    if not value:
        return ""
    if precision == "approximate":
        return gettext("~%(date)s or earlier") % {"date": local_date(value, with_time=False)}
    return local_date(value, with_time=precision == "minute")


@register.filter
def article_date(article):
    """An article's date at the precision it is known."""
    return date_label(article.published_at, article.date_precision)


@register.filter
def num(value):
    """A count in Bengali digits in the Bengali interface, thousands grouped: ১২,৩৪৫ / 12,345."""
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return to_bengali_digits(text) if _bengali() else text


@register.filter
def digits(value):
    """A number that names something (a year, a day, an article id) in the reader's digits, never
    grouped: ২০২৬, not ২,০২৬."""
    text = str(value)
    return to_bengali_digits(text) if _bengali() else text


@register.filter
def month_label(value):
    """'2024-05' -> মে ২০২৪ / May 2024."""
    from datetime import date

    try:
        year, month = (int(p) for p in str(value).split("-")[:2])
    except ValueError:
        return value
    day = date(year, month, 1)
    if _bengali():
        return format_bengali_date(day, with_time=False).split(" ", 1)[1]
    return date_format(day, "F Y")


def _encoded_pairs(request):
    """The request's parameters as (name, "name=value") pairs, encoded once per request."""
    pairs = getattr(request, "_archive_encoded_pairs", None)
    if pairs is None:
        pairs = [(key, urlencode({key: value})) for key, values in request.GET.lists() for value in values]
        request._archive_encoded_pairs = pairs
    return pairs


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters set or (with None/"") removed; page resets.

    A search page has a hundred such links (one per facet value), so the request's parameters are
    encoded once and each link only joins strings.
    """
    dropped = set(changes) | ({"page"} if "page" not in changes else set())
    parts = [pair for key, pair in _encoded_pairs(context["request"]) if key not in dropped]
    parts += [urlencode({key: value}) for key, value in changes.items() if value not in (None, "")]
    return "?" + "&".join(parts)


@register.filter
def display_name(obj):
    return obj.display_name(get_language() or "bn") if obj else ""


@register.simple_tag(takes_context=True)
def with_param(context, name, value):
    """The current query string with parameter `name` set to `value` (or removed when value is empty)."""
    return query_string(context, **{name: value})


@register.filter
def is_on(value, current):
    """Whether a facet value is among the current filter's values (one string or a tuple of them)."""
    return value == current if isinstance(current, str) else value in (current or ())


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
