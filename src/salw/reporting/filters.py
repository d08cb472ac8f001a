"""One FilterSet for the public reports database page and its API."""

import django_filters
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from salw.core.filters import CodeChoiceFilter, stated
from salw.reporting import search
from salw.reporting.choices import LANGUAGES, QuestionKind
from salw.reporting.models import Answer, Meeting, Question
from salw.states.filters import RegionFilter


def cycle_choices() -> list[tuple[str, str]]:
    meetings = Meeting.objects.filter(cycle__isnull=False).order_by("-year")
    return [(m.code, m.name) for m in meetings]


def language_choices() -> list[tuple[str, str]]:
    from django.conf import settings

    names = {code.lower(): name for code, name in settings.LANGUAGES}
    return [(code, names.get(code, code)) for code in LANGUAGES]


class PublishedReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words in the report"), method="filter_text")
    state = django_filters.CharFilter(
        label=_("State (ISO code)"), field_name="state__iso3", lookup_expr="iexact"
    )
    region = RegionFilter("state__")
    cycle = CodeChoiceFilter(
        label=_("Cycle"),
        choices=cycle_choices,
        empty_label=_("All"),
        field_name="cycle__meeting__code",
        pattern=r"^[a-z]+[0-9]+$",
        message=_("A cycle is named by its meeting's code, e.g. bms10."),
    )
    language = stated(
        django_filters.ChoiceFilter(
            label=_("Language of the report"), choices=language_choices, empty_label=_("All")
        ),
        {"type": "string", "enum": list(LANGUAGES)},
    )
    question = django_filters.CharFilter(
        label=_("Question id"), method="filter_answer", help_text=_("e.g. import_marking_required")
    )
    answer = django_filters.CharFilter(
        label=_("Answer"), method="filter_answer", help_text=_("e.g. yes")
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        matching = search.matching_sql(value)
        if matching is None:
            return queryset
        sql, params = matching
        return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - parameters bound

    def filter_answer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Both parameters are read here, once (the second call sees the same pair).
        qid = self.form.cleaned_data.get("question")
        answer = self.form.cleaned_data.get("answer")
        if not qid or not answer or name != "question":
            return queryset
        answers = Answer.objects.filter(question__qid=qid, report__in=queryset)
        kinds = set(Question.objects.filter(qid=qid).values_list("kind", flat=True))
        if QuestionKind.CONTACT in kinds:  # a person's details are not for finding reports by
            return queryset.none()
        if kinds == {QuestionKind.MULTIPLE_CHOICE}:
            # A list value: JSON containment differs between SQLite and PostgreSQL; test here.
            ids = [
                rid for rid, v in answers.values_list("report_id", "value") if answer in (v or [])
            ]
        else:
            ids = list(answers.filter(value=answer).values_list("report_id", flat=True))
        return queryset.filter(pk__in=ids)
