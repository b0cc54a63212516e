"""Validation of query parameters: a malformed parameter becomes a message, never an error page."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.search import SORTS, SearchParams

MONTH_RE = r"^\d{4}(-\d{2})?$"
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


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=500, label=_("Search"), strip=True)
    outlet = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    month = forms.RegexField(required=False, regex=MONTH_RE)
    entity = forms.SlugField(required=False)
    source = forms.CharField(required=False, max_length=100)
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
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
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

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
        return data

    def to_params(self, per_page=20) -> SearchParams:
        data = self.cleaned_data
        sort = data.get("sort") or "relevance"
        return SearchParams(
            q=data.get("q") or "",
            outlet=data.get("outlet") or "",
            topic=data.get("topic") or "",
            month=data.get("month") or "",
            entity=data.get("entity") or "",
            source=data.get("source") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=sort if sort in SORTS else "relevance",
            precision=data.get("precision") or "",
            approximate=data.get("approximate") != "0",
            expand=data.get("expand") != "0",
            language=data.get("language") or "",
            banglish=data.get("banglish") != "0",
            page=data.get("page") or 1,
            per_page=per_page,
        )
