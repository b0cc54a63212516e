"""Validation of query parameters: a malformed parameter becomes a message, never an error page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.search import SORTS, SearchParams

MONTH_RE = r"^\d{4}(-\d{2})?$"


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
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

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
            page=data.get("page") or 1,
            per_page=per_page,
        )
