"""How a timeline reads: period names, numbers and notes in the reader's language and digits."""

from __future__ import annotations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from articles.bangla.calendar import MONTHS_BN, gregorian_to_bangla
from articles.templatetags.archive_tags import digits, local_date, month_label, num

# The Bangla months as English readers find them written (Bangla Academy romanisation).
MONTHS_BN_LATIN = (
    "Boishakh",
    "Joishtho",
    "Asharh",
    "Shrabon",
    "Bhadro",
    "Ashwin",
    "Kartik",
    "Ogrohayon",
    "Poush",
    "Magh",
    "Falgun",
    "Choitro",
)


def _bengali():
    return (get_language() or "bn").startswith("bn")


def display(outlet):
    return outlet.display_name(get_language() or "bn")


def entity_name(entity):
    return (entity.name_en or entity.name) if not _bengali() else entity.name


def number(value):
    return num(int(round(value))) if float(value).is_integer() else num(f"{value:.1f}")


def percent(value):
    return num(f"{value:.1f}".rstrip("0").rstrip(".") + "%")


def _bangla_month(start, with_year=True):
    _day, month, year = gregorian_to_bangla(start)
    name = MONTHS_BN[month - 1] if _bengali() else MONTHS_BN_LATIN[month - 1]
    return f"{name} {digits(year)}" if with_year else name


def _bangla_year(start):
    _day, _month, year = gregorian_to_bangla(start)
    return _("%(year)s BS") % {"year": digits(year)}


def period_axis(point, interval, calendar):
    """A short label for the axis: মে ২০২৪, ১২ মে ২০২৪, ২০২৪, বৈশাখ ১৪৩২."""
    if interval == "month":
        return _bangla_month(point.start) if calendar == "bangla" else month_label(point.period)
    if interval == "year":
        return _bangla_year(point.start) if calendar == "bangla" else digits(point.start.year)
    return local_date(point.start, with_time=False)


def period_long(point, interval, calendar):
    """The period as the table names it: weeks by their first day."""
    if interval == "week":
        return _("week of %(date)s") % {"date": local_date(point.start, with_time=False)}
    return period_axis(point, interval, calendar)


def cell(point, normalise):
    """A table cell's text: the count (of which approximate) and, on request, the share."""
    approximate = _("%(n)s approximate") % {"n": num(point.approximate)} if point.approximate else ""
    if not normalise:
        return f"{num(point.count)} ({approximate})" if approximate else num(point.count)
    share = 100 * point.count / point.total if point.total else 0.0
    text = _("%(share)s (%(count)s of %(total)s)") % {
        "share": percent(share),
        "count": num(point.count),
        "total": num(point.total),
    }
    return f"{text}; {approximate}" if approximate else text


def hover(title, axis, point, normalise):
    return f"{title} · {axis}: {cell(point, normalise)}"


def undated_note(title, undated):
    return ngettext(
        "%(series)s: %(n)s article without a date (not on the chart)",
        "%(series)s: %(n)s articles without a date (not on the chart)",
        undated,
    ) % {"series": title, "n": num(undated)}


def chart_title(titles, interval, normalise):
    names = {"day": _("per day"), "week": _("per week"), "month": _("per month"), "year": _("per year")}
    measure = _("Share of all articles") if normalise else _("Articles")
    return f"{measure} {names[interval]}: " + ", ".join(titles)
