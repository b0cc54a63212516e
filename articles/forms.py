"""Validation of query parameters: a malformed parameter becomes a message, never an error page.

Filters may be repeated (`outlet=a&outlet=b`): the values of one filter combine as OR, different
filters as AND. A value the archive does not know (`outlet=nope`, `month=2024-13`) is an error that
names the parameter, not a silent empty result.
"""

import re
from datetime import date

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.bangla.numerals import to_ascii_digits
from articles.models import Entity, Outlet, Topic
from articles.search import SORTS, SearchParams

MONTH_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
YEAR_RE = re.compile(r"^\d{4}$")
# The values of Article.date_precision (the index's precision facet), named for readers.
PRECISIONS = [
    ("minute", _("exact, to the minute")),
    ("day", _("exact, to the day")),
    ("approximate", _("approximate (captured; published then or before)")),
    ("unknown", _("no date")),
]
# Article.language values (the index's language facet), each named in its own language.
LANGUAGES = [("bn", "বাংলা"), ("en", "English")]
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)
MAX_VALUES = 20  # values of one filter


class ValuesField(forms.Field):
    """Every value of a repeated parameter, stripped, empty ones dropped, order kept."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_length=100, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return []
        values = [value] if isinstance(value, str) else list(value)
        result = []
        for item in (str(v).strip() for v in values):
            if item and item not in result:
                result.append(item)
        if len(result) > MAX_VALUES:
            raise ValidationError(_("At most %(n)d values of one filter.") % {"n": MAX_VALUES})
        for item in result:
            if len(item) > self.max_length:
                raise ValidationError(_("A value is too long."))
            # Refused here, as CharField refuses them: PostgreSQL cannot even compare text holding one.
            validators.ProhibitNullCharactersValidator()(item)
        return result


class LocalDateField(forms.DateField):
    """A date typed as YYYY-MM-DD, in Latin or Bengali digits (২০২৪-০৫-০১).

    The same formats in both languages: an English reader's 05/06/2024 would be ambiguous.
    """

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value.strip())
        return super().to_python(value)


def _date_input():
    # A text box, not type="date": the browser's date box follows the browser's language
    # (mm/dd/yyyy on an English system) whatever the page's language, and takes no Bengali digits.
    return forms.TextInput(
        attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric", "lang": "bn", "autocomplete": "off"}
    )


def _unknown(values, known, message):
    missing = [v for v in values if v not in known]
    if missing:
        raise ValidationError(message % {"value": ", ".join(f"“{v}”" for v in missing)})
    return values


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=500, label=_("Search"), strip=True)
    outlet = ValuesField(label=_("Outlet"))
    topic = ValuesField(label=_("Topic"))
    year = forms.CharField(required=False, max_length=10, label=_("Year"))
    month = ValuesField(label=_("Month"), max_length=10)
    entity = ValuesField(label=_("Name"))
    source = ValuesField(label=_("Wire source"))
    date_from = LocalDateField(required=False, label=_("From"), widget=_date_input())
    date_to = LocalDateField(required=False, label=_("To"), widget=_date_input())
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))],
        label=_("Sort"),
    )
    precision = forms.ChoiceField(required=False, choices=PRECISIONS, label=_("Date precision"))
    # Selects rather than checkboxes: an unticked box sends nothing, which could not turn a default off.
    approximate = forms.ChoiceField(
        required=False,
        choices=[("1", _("included")), ("0", _("left out"))],
        label=_("Approximate dates"),
    )
    expand = forms.ChoiceField(
        required=False,
        choices=[("1", _("other spellings too")), ("0", _("only as typed"))],
        label=_("Names"),
    )
    language = forms.ChoiceField(required=False, choices=LANGUAGES, label=_("Language"))
    banglish = forms.ChoiceField(
        required=False,
        choices=[("1", _("in Bengali too")), ("0", _("only as typed"))],
        label=_("Latin letters"),
    )
    all_versions = forms.ChoiceField(
        required=False,
        choices=[("0", _("one per story")), ("1", _("every version"))],
        label=_("Copies"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        q = self.cleaned_data.get("q") or ""
        # Said here, before the parser: Whoosh reads these as an empty query, which would be reported
        # as "only very common words".
        if q and not any(ch.isalnum() for ch in q):
            raise ValidationError(
                _("There is no word to search for: a lone * or brackets are not a search. Type a word.")
            )
        if q.count("(") != q.count(")"):
            raise ValidationError(_("The brackets are unbalanced: close each ( with a )."))
        if q.count('"') % 2:
            raise ValidationError(_('A quotation mark is not closed: put a phrase between two ".'))
        return q

    def clean_outlet(self):
        values = self.cleaned_data["outlet"]
        known = set(Outlet.objects.filter(slug__in=values).values_list("slug", flat=True))
        return _unknown(values, known, _("no outlet is called %(value)s."))

    def clean_topic(self):
        values = self.cleaned_data["topic"]
        known = set(Topic.objects.filter(slug__in=values).values_list("slug", flat=True))
        return _unknown(values, known, _("no topic is called %(value)s."))

    def clean_entity(self):
        values = self.cleaned_data["entity"]
        known = set(Entity.objects.filter(key__in=values).values_list("key", flat=True))
        return _unknown(values, known, _("no person, organisation or place has the key %(value)s."))

    def clean_year(self):
        year = to_ascii_digits((self.cleaned_data.get("year") or "").strip())
        if year and not (YEAR_RE.match(year) and MIN_DATE.year <= int(year) <= MAX_DATE.year):
            raise ValidationError(_("write a year as four digits, e.g. 2025."))
        return year

    def clean_month(self):
        months = []
        for value in self.cleaned_data["month"]:
            value = to_ascii_digits(value)
            found = MONTH_RE.match(value)
            if not found or not (MIN_DATE.year <= int(found[1]) <= MAX_DATE.year):
                raise ValidationError(_("“%(value)s” is not a month: write e.g. 2024-05.") % {"value": value})
            if found[2] and not 1 <= int(found[2]) <= 12:
                raise ValidationError(
                    _("“%(value)s” is not a month: months run from 01 to 12.") % {"value": value}
                )
            months.append(value)
        return months

    def _clean_day(self, name):
        value = self.cleaned_data.get(name)
        if value and not (MIN_DATE <= value <= MAX_DATE):
            raise ValidationError(_("Choose a date between 1900 and 2100."))
        return value

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        year, months = data.get("year"), data.get("month")
        if year and months and any(not m.startswith(year) for m in months):
            self.add_error("year", _("the month chosen is in another year."))
        return data

    def to_params(self, per_page=20) -> SearchParams:
        data = self.cleaned_data
        sort = data.get("sort") or "relevance"

        def one_or_all(values):
            # One value stays a string (as every other caller passes it); several are a tuple (OR).
            values = values or []
            return values[0] if len(values) == 1 else tuple(values) if values else ""

        return SearchParams(
            q=data.get("q") or "",
            outlet=one_or_all(data.get("outlet")),
            topic=one_or_all(data.get("topic")),
            # `year` is the year filter by name; `month` also takes a bare year (older links).
            month=one_or_all(data.get("month")) or data.get("year") or "",
            entity=one_or_all(data.get("entity")),
            source=one_or_all(data.get("source")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=sort if sort in SORTS else "relevance",
            precision=data.get("precision") or "",
            approximate=data.get("approximate") != "0",
            expand=data.get("expand") != "0",
            language=data.get("language") or "",
            banglish=data.get("banglish") != "0",
            all_versions=data.get("all_versions") == "1",
            page=data.get("page") or 1,
            per_page=per_page,
        )
