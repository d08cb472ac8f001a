"""One FilterSet for the public reports database page and its API.

The page offers pickers in the reader's language (States by name, questions by their text grouped
by section, answers and languages by label); the API takes the same parameters as codes (ISO 3166
alpha-3, question id, answer value, language tag). A value neither knows is refused with a
message naming the parameter, never ignored: the page shows it by the field, the API answers 400.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from salw.core.collation import collated
from salw.core.filters import stated
from salw.reporting import search
from salw.reporting.choices import CHOICE_KINDS, FIXED_OPTIONS, LANGUAGES, QuestionKind
from salw.reporting.models import Answer, Meeting, Question, TemplateVersion
from salw.reporting.search_syntax import validate_query
from salw.states.filters import RegionFilter
from salw.states.models import State

QUESTION_LABEL_MAX = 110  # characters of a question's text shown in the picker
QUERY_LENGTH_MAX = 500  # characters of a search: more is a pasted page, not a query
# Parameters of the page and the API that are not filters: pages, downloads, API pagination.
OTHER_PARAMETERS = frozenset({"page", "format", "limit", "offset"})


def cycle_choices() -> list[tuple[str, str]]:
    meetings = Meeting.objects.filter(cycle__isnull=False).order_by("-year")
    return [(m.code, m.name) for m in meetings]


def language_name(code: str) -> str:
    """A language tag's name in the reader's language ("es" -> "Spanish", "espagnol")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_choices() -> list[tuple[str, str]]:
    """The six report languages by name in the reader's language, in its alphabetical order."""
    named = [(code, language_name(code)) for code in LANGUAGES]
    return collated(named, lambda choice: choice[1])


def state_choices() -> list[tuple[str, str]]:
    """Every State by its name in the reader's language, in its alphabetical order."""
    states = collated(State.objects.prefetch_related("names"), lambda state: state.name)
    return [(state.iso3, state.name) for state in states]


def filterable_questions() -> list[Question]:
    """The questions reports can be found by: those answered by choosing, newest template first,
    one per id (an id kept across versions is the same question)."""
    questions = Question.objects.filter(kind__in=CHOICE_KINDS).select_related("section", "template")
    seen: set[str] = set()
    chosen = []
    for question in questions.order_by("-template__year", "section__position", "position"):
        if question.qid not in seen:
            seen.add(question.qid)
            chosen.append(question)
    return chosen


def question_options(question: Question) -> list[str]:
    return list(FIXED_OPTIONS.get(question.kind, question.options or []))


def _template_texts() -> dict[int, dict[str, str]]:
    language = get_language()
    return {t.pk: t.texts_in(language) for t in TemplateVersion.objects.all()}


def question_choices(
    questions: list[Question], texts: dict[int, dict[str, str]]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The questions by number and text in the reader's language, grouped by section."""
    several = len(texts) > 1
    groups: dict[tuple[int, str], list[tuple[str, str]]] = {}
    titles: dict[tuple[int, str], str] = {}
    for question in questions:
        words = texts[question.template_id]
        key = (question.template_id, question.section.key)
        title = words.get(f"section:{question.section.key}", question.section.key)
        titles[key] = f"{question.section.number}. {title}"
        if several:
            titles[key] += f" ({question.template.year})"
        text = Truncator(question.label(words)).chars(QUESTION_LABEL_MAX)
        groups.setdefault(key, []).append((question.qid, f"{question.number} {text}"))
    return [(titles[key], choices) for key, choices in groups.items()]


def answer_choices(
    questions: list[Question], texts: dict[int, dict[str, str]]
) -> list[tuple[str, str]]:
    """Every answer a question can be given by choosing, by its label in the reader's language."""
    labels: dict[str, str] = {}
    for question in questions:
        for option in question_options(question):
            labels.setdefault(
                str(option), question.option_label(texts[question.template_id], option)
            )
    return list(labels.items())


class AnyCaseChoiceField(django_filters.fields.ChoiceField):
    """A choice given by its code in any case ("per" is PER), the way people type codes."""

    def __init__(self, *args: Any, upper: bool = True, **kwargs: Any) -> None:
        self.upper = upper
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            value = value.strip()
            value = value.upper() if self.upper else value.lower()
        return value


class AnyCaseChoiceFilter(django_filters.ChoiceFilter):
    """One of the listed codes, in any case; any other is refused naming the filter (unlike
    `salw.core.filters.CodeChoiceFilter`, which takes any code of the right shape)."""

    field_class = AnyCaseChoiceField


class QuestionSelect(forms.Select):
    """The question picker: each option says which answers its question has (data-answers),
    so the page can offer only those (reporting/public_search.js)."""

    def __init__(self, *args: Any, filterset: Any = None, **kwargs: Any) -> None:
        self.filterset = filterset
        super().__init__(*args, **kwargs)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        for question in self.filterset.questions if self.filterset else []:
            if question.qid == option["value"]:
                option["attrs"]["data-answers"] = " ".join(map(str, question_options(question)))
        return option


class PublishedReportForm(forms.Form):
    """The filters' form: an answer is looked for in a question, and must be one of its answers."""

    filterset: Any = None  # the FilterSet, which reads the questions once

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in sorted(set(self.data) - set(self.fields) - OTHER_PARAMETERS):
            self.add_error(
                None,
                ValidationError(
                    _("There is no filter “%(name)s”: the filters are %(filters)s.")
                    % {"name": name, "filters": ", ".join(self.fields)},
                    code="unknown_parameter",
                ),
            )
        qid, answer = data.get("question"), data.get("answer")
        if answer and not qid and "question" not in self.errors:
            self.add_error("answer", _("Choose the question whose answer you look for."))
        elif qid and answer:
            questions = [q for q in self.filterset.questions if q.qid == qid]
            allowed = {str(o) for q in questions for o in question_options(q)}
            if answer not in allowed:
                self.add_error(
                    "answer",
                    _(
                        "“%(answer)s” is not an answer to question %(number)s; its answers are: "
                        "%(answers)s."
                    )
                    % {
                        "answer": answer,
                        "number": questions[0].number,
                        "answers": ", ".join(sorted(allowed)),
                    },
                )
        return data


class PublishedReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Words in the report"),
        method="filter_text",
        validators=[validate_query],
        max_length=QUERY_LENGTH_MAX,
        widget=forms.TextInput(attrs={"dir": "auto", "type": "search"}),
        help_text=gettext_lazy(
            "Finds other forms of each word (campaña finds campañas). "
            "OR between alternatives, “quotes” for an exact phrase, "
            "a minus sign before a word to leave it out."
        ),
    )
    state = AnyCaseChoiceFilter(
        label=gettext_lazy("State"),
        choices=state_choices,
        empty_label=gettext_lazy("All States"),
        field_name="state__iso3",
        help_text=gettext_lazy("API: the State's ISO 3166 alpha-3 code, e.g. KEN."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "No State has the code “%(value)s”: choose a State from the list, or give its "
                "three-letter ISO 3166 code (e.g. KEN)."
            )
        },
    )
    region = RegionFilter(
        "state__",
        known_only=True,
        help_text=gettext_lazy("API: the M49 code of the region or sub-region, e.g. 014."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "No region has the code “%(value)s”: choose a region from the list, or give its "
                "M49 code (e.g. 014)."
            )
        },
    )
    cycle = django_filters.ChoiceFilter(
        label=gettext_lazy("Cycle"),
        choices=cycle_choices,
        empty_label=gettext_lazy("All"),
        field_name="cycle__meeting__code",
        help_text=gettext_lazy("API: the meeting's code, e.g. bms10."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "No cycle has the code “%(value)s”: choose a cycle from the list (e.g. bms10)."
            )
        },
    )
    language = stated(
        AnyCaseChoiceFilter(
            label=gettext_lazy("Language of the report"),
            choices=language_choices,
            empty_label=gettext_lazy("All"),
            upper=False,
            help_text=gettext_lazy("API: the language tag: ar, en, es, fr, ru or zh-hans."),
            error_messages={
                "invalid_choice": gettext_lazy(
                    "No report language has the code “%(value)s”: choose a language from the list "
                    "(ar, en, es, fr, ru, zh-hans)."
                )
            },
        ),
        {"type": "string", "enum": list(LANGUAGES)},
    )
    question = django_filters.ChoiceFilter(
        label=gettext_lazy("Question"),
        choices=list,  # filled in __init__, with the answers, from one read of the questions
        empty_label=gettext_lazy("Any question"),
        method="filter_answer",
        help_text=gettext_lazy(
            "Reports that answered this question. API: the question's id, e.g. "
            "import_marking_required (see /api/templates/)."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no question “%(value)s” to find reports by: choose a question from the "
                "list (questions answered by choosing, such as yes or no)."
            )
        },
    )
    answer = AnyCaseChoiceFilter(
        label=gettext_lazy("Answer"),
        choices=list,
        empty_label=gettext_lazy("Any answer"),
        upper=False,
        method="filter_answer",
        help_text=gettext_lazy("API: the answer's value, e.g. yes, no or developing."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not an answer to choose: choose one from the list (e.g. yes, no, "
                "developing)."
            )
        },
    )

    class Meta:
        form = PublishedReportForm

    @property
    def form(self) -> forms.Form:
        form = super().form
        form.filterset = self
        return form

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once, and only when a picker is shown or a question or answer is given (a search
        # by words alone, as the API and the benchmark run it, reads none of it).
        self.filters["question"].extra["choices"] = lambda: question_choices(*self._pickers())
        self.filters["answer"].extra["choices"] = lambda: answer_choices(*self._pickers())
        self.filters["question"].extra["widget"] = QuestionSelect(filterset=self)

    def _pickers(self) -> tuple[list[Question], dict[int, dict[str, str]]]:
        if not hasattr(self, "_picker_data"):
            self._picker_data = (filterable_questions(), _template_texts())
        return self._picker_data

    @property
    def questions(self) -> list[Question]:
        return self._pickers()[0]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        matching = search.matching_sql(value)  # the field's validator has read it already
        if matching is None:
            return queryset
        sql, params = matching
        return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - parameters bound

    def filter_answer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Both parameters are read here, once (the second call sees the same pair).
        qid = self.form.cleaned_data.get("question")
        answer = self.form.cleaned_data.get("answer")
        if not qid or name != "question":
            return queryset
        answers = Answer.objects.filter(question__qid=qid, report__in=queryset)
        kinds = set(Question.objects.filter(qid=qid).values_list("kind", flat=True))
        if QuestionKind.CONTACT in kinds:  # a person's details are not for finding reports by
            return queryset.none()
        if not answer:  # reports that answered the question at all
            answered = answers.exclude(value=None).exclude(value="").exclude(value=[])
            return queryset.filter(pk__in=answered.values("report_id"))
        if kinds == {QuestionKind.MULTIPLE_CHOICE}:
            # A list value: JSON containment differs between SQLite and PostgreSQL; test here.
            ids = [
                rid for rid, v in answers.values_list("report_id", "value") if answer in (v or [])
            ]
        else:
            ids = list(answers.filter(value=answer).values_list("report_id", flat=True))
        return queryset.filter(pk__in=ids)
