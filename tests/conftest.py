"""Every test database starts with the States and the demo personas, loaded once per run."""

from collections.abc import Iterator

import pytest
from django.test import override_settings

from salw.accounts.demo import seed_demo
from salw.core.context import Actor, acting_as
from salw.states.services import load_states


def pytest_configure() -> None:
    from django.conf import settings

    # Pages render without `collectstatic`: the manifest storage is for deployments.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO=True),
        acting_as(Actor(user_id=None, label="test setup")),
    ):
        load_states()
        seed_demo()
    yield


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """A request in another language leaves it active in the thread: each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
