"""GET /api/v1/timeline/: the timeline issue's contract, as /timeline/?format=json answers it.

The parameters are read and the JSON built by `articles.timeline.data` (the page's own code), so the
two cannot drift apart; the serializers here only document them for the OpenAPI schema.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.forms import LANGUAGES, MAX_VALUES, PRECISIONS
from articles.timeline import data

from .views import ERRORS, UNAVAILABLE, ApiView, ParameterError


def _values(help_text):
    """A filter that may repeat (any of its values matches), as the search page takes it."""
    return serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=MAX_VALUES,
        help_text=help_text,
    )


_switch = {"choices": ["0", "1"], "required": False}


class TimelineQuerySerializer(serializers.Serializer):
    """The parameters of /timeline/: its options plus every filter of the search page."""

    q = serializers.ListField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        max_length=data.MAX_SERIES,
        help_text="A search; repeat it to compare up to six. Empty or absent: every article.",
    )
    split = serializers.ChoiceField(
        choices=data.SPLITS,
        required=False,
        help_text="outlet: the five largest outlets of the search and the others; entity: its six most "
        "mentioned names. One q only.",
    )
    interval = serializers.ChoiceField(
        choices=data.INTERVALS, required=False, help_text="Absent: chosen from the span of the dates."
    )
    normalise = serializers.ChoiceField(
        **_switch, help_text="1: the page draws shares; the JSON always has both count and total."
    )
    calendar = serializers.ChoiceField(
        choices=data.CALENDARS, required=False, help_text="bangla: months and years of the বঙ্গাব্দ calendar."
    )
    outlet = _values("Outlet slugs (several: any of them).")
    topic = _values("Topic slugs.")
    entity = _values("Entity keys.")
    source = _values("Wire sources.")
    month = _values("Years (2024) or months (2024-05).")
    year = serializers.CharField(required=False, max_length=10, help_text="A year, e.g. 2025.")
    date_from = serializers.DateField(required=False, help_text="First day (Dhaka time).")
    date_to = serializers.DateField(required=False, help_text="Last day (Dhaka time).")
    precision = serializers.ChoiceField(
        choices=[value for value, _label in PRECISIONS], required=False, help_text="Only this date precision."
    )
    approximate = serializers.ChoiceField(
        **_switch, help_text="0 leaves out articles dated only by their capture time."
    )
    expand = serializers.ChoiceField(
        **_switch, help_text="0: names only as typed, not their other spellings."
    )
    language = serializers.ChoiceField(choices=[code for code, _name in LANGUAGES], required=False)
    banglish = serializers.ChoiceField(
        **_switch, help_text="0: words in Latin letters are searched only as typed."
    )


class TimelinePointSerializer(serializers.Serializer):
    period = serializers.CharField(
        help_text='"2025-12-01" (day), "2025-W49" (ISO week), "2025-12" (month), "2025" (year); with calendar=bangla, Bangla years and months ("1432-09").'
    )
    start = serializers.DateField(help_text="The period's first day.")
    count = serializers.IntegerField(help_text="Matching articles, the approximately dated included.")
    approximate = serializers.IntegerField(help_text="Of count, those dated only by their capture time.")
    total = serializers.IntegerField(
        help_text="All articles of the period under the same outlet and language filters (the share's "
        "denominator)."
    )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        },
    }
)
class SearchQueryField(serializers.DictField):
    """The search parameters of a series, as /search/ takes them."""


class TimelineSeriesSerializer(serializers.Serializer):
    label = serializers.CharField()
    query = SearchQueryField(
        help_text='The series\' search as /search/ and /api/v1/search/ take it; the "other outlets" '
        "series of split=outlet has outlet_not instead, the outlets it leaves out (no search takes it)."
    )
    points = TimelinePointSerializer(many=True, help_text="Every period, empty ones as 0.")
    undated = serializers.IntegerField(help_text="Matching articles with no date, counted beside the chart.")


class TimelineSerializer(serializers.Serializer):
    interval = serializers.ChoiceField(choices=data.INTERVALS)
    series = TimelineSeriesSerializer(many=True)


class TimelineView(ApiView, APIView):
    """Matching articles per day, week, month or year, for one search or up to six side by side.

    For every series the counts plus `undated` equal the search's total; a period's count is the search
    restricted to that period with date_from/date_to; with split=outlet the series add up to the
    unsplit search. The same answer as /timeline/?format=json.
    """

    def query_parameters(self):
        return set(data.PARAMETERS) - {"format"}

    @extend_schema(
        operation_id="timeline",
        summary="Timeline of searches",
        parameters=[TimelineQuerySerializer],
        responses={200: TimelineSerializer, **ERRORS, **UNAVAILABLE},
    )
    def get(self, request):
        try:
            body = data.timeline_json(request.query_params)
        except data.TimelineError as exc:
            raise ParameterError(exc.parameter or "non_field_errors", str(exc)) from exc
        return Response(body)
