"""What the public sees of a report: contact persons only when the State chose to publish them,
nothing of a confidential report, and publication chosen on the check page, never defaulted."""

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient
from tests.reporting_fixtures import complete, shipped_templates, start, user

from salw.core.testing import signed_in_client, token_client
from salw.reporting import services
from salw.reporting.models import Report
from salw.states.models import MarkingPractice, PointOfContact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates")]
_ = shipped_templates

# The PoA contact keeps its person private; the ITI contact's person is published.
PRIVATE = {
    "title": "Directora General de Control de Armas, Municiones y Explosivos de Uso Civil",
    "name": "Achieng Otieno-Mbeki",
    "position": "Head of the Registry / Firearms Bureau",
    "organisation": "Kenya National Focal Point on Small Arms and Light Weapons",
    "address": "Bishops Road, Jogoo House, 4th floor, P.O. Box 30510-00100, Nairobi",
    "telephone": "+254 20 271 8321",
    "email": "a.otieno-mbeki@nfp.example.go.ke",
    "publish": False,
}
PUBLISHED = {
    "name": "Baraka Kiprono Chebet",
    "position": "Tracing Desk Officer",
    "organisation": "National Police Service — Firearms Tracing Unit",
    "telephone": "+254 722 000 111",
    "email": "tracing.desk@nps.example.go.ke",
    "publish": True,
}
# What must never reach the public: each part of the private person.
SECRETS = [
    PRIVATE["name"],
    "Otieno",
    PRIVATE["position"],
    "Jogoo House",
    PRIVATE["telephone"],
    "271 8321",
    PRIVATE["email"],
    "Directora General",
]


def _submitted(publication: str, django_capture_on_commit_callbacks: Any) -> Report:
    report = complete(
        start(),
        publication=publication,
        poa_contact_details=PRIVATE,
        iti_same_contact="no",
        iti_separate_contact="yes",
        iti_contact_details=PUBLISHED,
        implementation_challenges="Faltan recursos para el marcaje de importación",
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_report(report, actor=user("kenya.focal"))


def _pdf_text(data: bytes) -> str:
    """The PDF's text with its line breaks undone (a long name wraps inside a table cell)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _public_outputs(report: Report, query: str) -> dict[str, str]:
    """Everything an anonymous reader can get about the report, as text."""
    anonymous, api = Client(), APIClient()
    outputs = {
        "page": anonymous.get(f"/reports/public/{report.pk}/"),
        "api": api.get(f"/api/public-reports/{report.pk}/"),
        "csv": anonymous.get("/reports/cycles/bms10/answers.csv"),
        "search page": anonymous.get("/reports/public/", {"q": query}),
        "search api": api.get("/api/public-reports/", {"q": query}),
        "profile": anonymous.get("/reports/profiles/KEN/"),
        "state": anonymous.get("/states/KEN/"),
        "marking": anonymous.get("/states/KEN/marking/"),
        "marking api": api.get("/api/marking-practices/"),
    }
    texts = {}
    for name, response in outputs.items():
        if name == "csv":
            texts[name] = b"".join(response.streaming_content).decode()
        else:
            texts[name] = response.content.decode()
    pdf = anonymous.get(f"/reports/public/{report.pk}/report.pdf")
    texts["pdf"] = _pdf_text(pdf.content) if pdf.status_code == 200 else ""
    return texts


def test_a_published_report_shows_the_body_and_only_the_persons_chosen(
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = _submitted("published", django_capture_on_commit_callbacks)
    outputs = _public_outputs(report, "Achieng")  # the query itself is echoed on the page
    for name, text in outputs.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} is public in the {name}"
    for name in ("page", "api", "csv", "pdf"):
        assert PRIVATE["organisation"] in outputs[name], name
        assert PUBLISHED["name"] in outputs[name], name  # the State chose to publish this one
        assert PUBLISHED["email"] in outputs[name], name
    assert "Faltan recursos" in outputs["page"]
    # The private person is not findable; the published one is.
    assert Client().get("/reports/public/", {"q": "Otieno"}).context["page"].paginator.count == 0
    assert APIClient().get("/api/public-reports/", {"q": "Otieno"}).json()["count"] == 0
    assert APIClient().get("/api/public-reports/", {"q": "Kiprono"}).json()["count"] == 1
    found = Client().get("/reports/public/", {"q": "Kiprono"}).content.decode()
    assert "<mark>Kiprono</mark>" in found
    # Filtering by a contact answer is no way round it: a contact block is no question to find
    # reports by, and the refusal names the parameter.
    by_answer = {"question": "poa_contact_details", "answer": PRIVATE["name"]}
    refused = APIClient().get("/api/public-reports/", by_answer)
    assert refused.status_code == 400 and "question" in refused.json()["errors"]
    assert Client().get("/reports/public/", by_answer).context["page"].paginator.count == 0
    # The State's own team and the directory still have everything.
    own = signed_in_client("kenya.focal").get(f"/reports/{report.pk}/report.pdf")
    assert PRIVATE["name"] in _pdf_text(own.content)
    directory = signed_in_client("peru.records").get("/states/contacts/").content.decode()
    assert PRIVATE["name"] in directory


def test_a_confidential_report_shows_nothing_to_the_public(
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = _submitted("confidential", django_capture_on_commit_callbacks)
    outputs = _public_outputs(report, "marcaje")
    assert Client().get(f"/reports/public/{report.pk}/").status_code == 404
    assert APIClient().get(f"/api/public-reports/{report.pk}/").status_code == 404
    assert Client().get(f"/reports/public/{report.pk}/report.pdf").status_code == 404
    for name, text in outputs.items():
        for secret in [*SECRETS, PUBLISHED["name"], "Faltan recursos", PRIVATE["organisation"]]:
            assert secret not in text, f"{secret!r} of a confidential report in the {name}"
    assert APIClient().get("/api/public-reports/", {"q": "marcaje"}).json()["count"] == 0
    # The records it fed are kept from the public, but serve the State and the secretariat.
    assert PointOfContact.objects.filter(state__iso3="KEN", confidential=True).count() == 2
    assert MarkingPractice.objects.get(state__iso3="KEN").confidential
    assert APIClient().get("/api/marking-practices/KEN/").status_code == 404
    assert token_client("kenya.focal").get("/api/marking-practices/KEN/").status_code == 200
    assert token_client("analyst").get("/api/marking-practices/KEN/").status_code == 200
    assert token_client("peru.focal").get("/api/marking-practices/KEN/").status_code == 404


def test_publication_is_chosen_on_the_check_page_never_defaulted(
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = complete(start(), publication=None)
    assert report.visibility == ""
    focal = signed_in_client("kenya.focal")
    check = focal.get(f"/reports/{report.pk}/check/").content.decode()
    assert 'href="#publication"' in check
    assert "checked" not in check.split('id="publication"')[1]
    refused = focal.post(f"/reports/{report.pk}/check/", {})
    assert refused.status_code == 400
    assert "Choose whether the report is published or kept confidential." in (
        refused.content.decode()
    )
    assert Report.objects.get(pk=report.pk).status == "draft"
    with pytest.raises(services.SubmissionRefused):
        services.submit_report(report, actor=user("kenya.focal"))
    refused_api = token_client("kenya.focal").post(f"/api/reports/{report.pk}/submit/")
    assert refused_api.status_code == 400
    assert refused_api["Content-Type"] == "application/problem+json"
    assert "publication" in refused_api.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        done = focal.post(f"/reports/{report.pk}/check/", {"visibility": "confidential"})
    assert done.status_code == 302
    submitted = Report.objects.get(pk=report.pk)
    assert (submitted.status, submitted.visibility) == ("submitted", "confidential")


def test_made_confidential_after_submission_the_records_it_fed_follow(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The focal point may change the choice after submission: the contacts' body and the
    marking practice the report fed leave the public with it, and come back with it."""
    report = _submitted("published", django_capture_on_commit_callbacks)
    focal = user("kenya.focal")

    def public() -> tuple[str, int]:
        state_page = Client().get("/states/KEN/").content.decode()
        return state_page, APIClient().get("/api/marking-practices/KEN/").status_code

    state_page, marking = public()
    assert PRIVATE["organisation"] in state_page and marking == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.set_visibility(report, "confidential", actor=focal)
    state_page, marking = public()
    assert PRIVATE["organisation"] not in state_page and PUBLISHED["organisation"] not in state_page
    assert marking == 404
    assert PointOfContact.objects.filter(state__iso3="KEN", confidential=False).count() == 0
    assert token_client("analyst").get("/api/marking-practices/KEN/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.set_visibility(report, "published", actor=focal)
    state_page, marking = public()
    assert PRIVATE["organisation"] in state_page and marking == 200
    assert PRIVATE["name"] not in state_page  # the person stays the State's choice
