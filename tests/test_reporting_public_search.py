"""The public reports database as people use it: inflected forms, OR, quotes and minus in six
languages, pickers in the reader's language, and filters it does not understand refused by name
on the page and in the API (run on SQLite and on PostgreSQL)."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient
from tests.reporting_fixtures import complete, shipped_templates, start, user

from salw.reporting import search, services
from salw.reporting.models import Answer, Question, Report, ReportingCycle
from salw.states.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates")]
_ = shipped_templates

# What focal points write, in their languages, with the forms a reader will not type.
TEXTS = {
    ("KEN", "en"): "Two awareness campaigns on the marking of imported weapons were held in 2026.",
    ("PER", "es"): "Se realizaron campañas de marcaje de armas importadas; "
    "la destrucción de excedentes sigue pendiente.",
    ("FRA", "fr"): "Les armes marquées à l'importation sont enregistrées ; "
    "les demandes de traçage passent par INTERPOL.",
    ("RUS", "ru"): "Маркировку импортного оружия проводит МВД; запасы оружия проверяются.",
    ("EGY", "ar"): "تحتفظ اللجنة الوطنية بسجلات الأسلحة الموسومة، وتُجاب طلبات التعقب.",
    ("CHN", "zh-hans"): "所有进口武器均须作标识，标识包括进口国和年份。",
    ("MEX", "es"): "Campaña nacional de marcaje; «control de exportaciones» reforzado.",
    ("BRA", "en"): "Export control of ammunition; no marking campaign this cycle.",
}


@pytest.fixture
def published() -> dict[str, int]:
    """One published report per text, indexed as publication indexes it."""
    cycle = ReportingCycle.objects.get(meeting__code="bms10")
    question = Question.objects.get(template=cycle.template, qid="implementation_challenges")
    ids = {}
    for (iso3, language), text in TEXTS.items():
        report = Report.objects.create(
            state=State.objects.get(iso3=iso3), cycle=cycle, template=cycle.template,
            status="submitted", visibility="published", language=language,
        )  # fmt: skip
        Answer.objects.create(report=report, question=question, value=text)
        search.index_report(report.pk)
        ids[iso3] = report.pk
    return ids


def found(query: str, **filters: str) -> set[str]:
    response = APIClient().get("/api/public-reports/", {"q": query, **filters})
    assert response.status_code == 200, response.content
    return {row["state"] for row in response.json()["results"]}


def test_each_language_finds_the_other_forms_of_a_word(published: dict[str, int]) -> None:
    assert found("campaña") == {"PER", "MEX"}  # "campañas" and "Campaña"
    assert found("campaign") == {"KEN", "BRA"}  # "campaigns"
    assert found("marqué") == {"FRA"}  # "marquées"
    assert found("маркировка") == {"RUS"}  # "Маркировку"
    assert found("سلاح OR أسلحة") == {"EGY"}  # "الأسلحة"
    assert found("موسوم") == {"EGY"}  # "الموسومة"
    assert found("طلب") == {"EGY"}  # "طلبات"
    assert found("进口标识") == set()  # not adjacent in the text
    assert found("标识") == {"CHN"}
    assert found("destrucciones") == {"PER"}


def test_or_quotes_and_minus(published: dict[str, int]) -> None:
    assert found("campaña OR маркировка") == {"PER", "MEX", "RUS"}
    assert found("marking -ammunition") == {"KEN"}
    assert found('"export control"') == {"BRA"}
    assert found("«control de exportaciones»") == {"MEX"}
    assert found('"control export"') == set()  # a phrase keeps its order
    assert found('"campañas"') == {"PER"}  # quoted: as written, not "Campaña"
    assert found("campaña -“control de exportaciones”") == {"PER"}
    assert found("INTERPOL | МВД") == {"FRA", "RUS"}


def test_a_query_it_cannot_read_is_a_message_naming_the_field(published: dict[str, int]) -> None:
    refused = APIClient().get("/api/public-reports/", {"q": '"marcaje'})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"]["q"] == [
        "A quotation mark is not closed: close it, or remove it."
    ]
    page = Client().get("/reports/public/", {"q": "-marcaje"}, HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 400
    body = page.content.decode()
    assert "palabra sin signo menos" in body and "/reports/public/" not in body.split("<tbody>")[1]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "XYZ"}, "state"),
        ({"state": "Peru"}, "state"),
        ({"question": "import_marking_requird"}, "question"),
        ({"question": "implementation_challenges"}, "question"),  # free text: not a choice
        ({"question": "import_marking_required", "answer": "sí"}, "answer"),
        ({"question": "import_marking_required", "answer": "developing"}, "answer"),  # yes/no
        ({"answer": "yes"}, "answer"),
        ({"language": "español"}, "language"),
        ({"region": "999"}, "region"),
        ({"cycle": "bms99"}, "cycle"),
    ],
)
def test_a_filter_it_does_not_understand_is_refused_by_name(
    published: dict[str, int], params: dict[str, str], field: str
) -> None:
    refused = APIClient().get("/api/public-reports/", params, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 400
    problem = refused.json()
    assert problem["status"] == 400 and list(problem["errors"]) == [field]
    assert problem["errors"][field][0].endswith(".")
    page = Client().get("/reports/public/", params, HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 400 and page.context["page"].paginator.count == 0
    assert page.context["filter"].form.errors[field]


def test_a_misspelt_parameter_or_a_pasted_page_is_refused(published: dict[str, int]) -> None:
    refused = APIClient().get("/api/public-reports/", {"stat": "KEN", "limit": "5"})
    assert refused.status_code == 400
    [message] = refused.json()["errors"]["__all__"]
    assert message.startswith("There is no filter “stat”: the filters are q, state,")
    page = Client().get("/reports/public/", {"stat": "KEN", "page": "2"})
    assert page.status_code == 400 and "There is no filter “stat”" in page.content.decode()
    long = APIClient().get("/api/public-reports/", {"q": "marcaje " * 80})
    assert long.status_code == 400 and list(long.json()["errors"]) == ["q"]


def test_codes_stay_accepted_in_any_case(published: dict[str, int]) -> None:
    assert found("campaña", state="per") == {"PER"}
    assert found("campaña", language="ES") == {"PER", "MEX"}
    assert found("", language="zh-hans") == {"CHN"}


def select(page: str, name: str) -> str:
    """The HTML of the page's <select name=…>."""
    start = page.index(f'id="id_{name}"')
    return page[start : page.index("</select>", start)]


def test_pickers_speak_the_readers_language(published: dict[str, int]) -> None:
    spanish = Client().get("/reports/public/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    states = select(spanish, "state")
    # States by name in Spanish order: accents sort with their letter (Égypte-like "Ecuador,
    # Egipto, El Salvador"), "Ñ" after "N".
    assert states.index(">Ecuador<") < states.index(">Egipto<") < states.index(">El Salvador<")
    assert states.index(">Nicaragua<") < states.index(">Níger<") < states.index(">Noruega<")
    assert '<option value="es">Español</option>' in select(spanish, "language")
    questions = select(spanish, "question")
    assert "<optgroup" in questions and "¿Existen excepciones al marcado" in questions
    assert 'data-answers="yes no developing"' in questions
    assert ">Sí<" in select(spanish, "answer")
    arabic = Client().get("/reports/public/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<option value="EGY">مصر</option>' in select(arabic, "state")
    assert '<option value="es">الإسبانية</option>' in select(arabic, "language")
    assert 'dir="rtl"' in arabic
    assert "<optgroup" in select(arabic, "question")


def test_finding_reports_by_a_question_and_an_answer(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(complete(start()), actor=user("kenya.focal"))
    by_answer = {"question": "import_marking_required", "answer": "yes"}
    assert APIClient().get("/api/public-reports/", by_answer).json()["count"] == 1
    by_question = APIClient().get("/api/public-reports/", {"question": "import_marking_required"})
    assert [row["id"] for row in by_question.json()["results"]] == [report.pk]
    by_other = {"question": "import_marking_required", "answer": "no"}
    assert APIClient().get("/api/public-reports/", by_other).json()["count"] == 0
