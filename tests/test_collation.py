"""Lists of States are in the order of the reader's language, not of the code points: in
Spanish "Bélgica" comes between "Belice" and "Benin" (not after "Burundi"), in French "Égypte"
before "Espagne" (not after "Zimbabwe"), in Chinese by pinyin."""

import re

import pytest

from salw.core.collation import collated
from salw.core.testing import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        ("es", ["Burundi", "Bélgica", "Belice", "Benín", "Belarús"],
         ["Belarús", "Bélgica", "Belice", "Benín", "Burundi"]),
        ("fr", ["Zimbabwe", "Égypte", "Espagne", "Équateur", "Danemark"],
         ["Danemark", "Égypte", "Équateur", "Espagne", "Zimbabwe"]),
        ("zh-hans", ["中国", "秘鲁", "比利时", "奥地利", "肯尼亚"],
         ["奥地利", "比利时", "肯尼亚", "秘鲁", "中国"]),
        ("ru", ["Эквадор", "Ёмен", "Австрия", "Перу"], ["Австрия", "Ёмен", "Перу", "Эквадор"]),
    ],
)  # fmt: skip
def test_names_are_collated_in_each_language(
    language: str, names: list[str], expected: list[str]
) -> None:
    assert collated(names, language=language) == expected


def _shown(html: str, name: str) -> list[str]:
    select = html[html.index(f'name="{name}"') :]
    return re.findall(r"<option [^>]*>([^<]+)</option>", select[: select.index("</select>")])


def test_the_requested_states_are_collated_in_spanish() -> None:
    # Jorge Huamán reads the site in Spanish.
    html = signed_in_client("peru.records").get("/tracing/requests/new/").content.decode()
    shown = _shown(html, "requested_states")
    assert shown.index("Bélgica") < shown.index("Belice") < shown.index("Benín")
    assert shown.index("Bélgica") < shown.index("Burundi")
    assert shown == collated(shown, language="es")


def test_the_states_directory_is_collated_in_french() -> None:
    html = signed_in_client("kenya.records").get("/states/", HTTP_ACCEPT_LANGUAGE="fr")
    text = html.content.decode()
    assert text.index("Égypte") < text.index("Espagne") < text.index("Zimbabwe")
