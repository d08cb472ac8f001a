"""Photos of marks: checked on upload, kept with the mark, seen only by the State's registry."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.models import Marking, MarkingPhoto
from salw.registry.testing import pistol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def _mark() -> Marking:
    return Marking.objects.filter(component__weapon=pistol(serial="KE-PH-1")).first()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "grey").save(buffer, "PNG")
    return SimpleUploadedFile("worn mark.png", buffer.getvalue(), content_type="image/png")


class TestPhotosPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/marks/{_mark().pk}/photos/"


def test_a_photo_is_kept_under_our_name_and_served_to_the_state_only() -> None:
    mark = _mark()
    client = signed_in_client("kenya.records")
    response = client.post(f"/registry/marks/{mark.pk}/photos/", {"image": _png(), "caption": "x"})
    assert response.status_code == 302
    photo = MarkingPhoto.objects.get(marking=mark)
    assert "worn" not in photo.image.name and photo.image.name.endswith(".png")
    served = client.get(f"/registry/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert signed_in_client("peru.records").get(f"/registry/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_an_image_is_refused() -> None:
    mark = _mark()
    fake = SimpleUploadedFile("mark.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = signed_in_client("kenya.records").post(
        f"/registry/marks/{mark.pk}/photos/", {"image": fake}
    )
    assert response.status_code == 400
    assert "JPEG, PNG" in response.content.decode()
    assert not MarkingPhoto.objects.exists()


def test_a_tracing_officer_sees_but_does_not_add() -> None:
    from salw.accounts.models import User
    from salw.accounts.services import create_user

    officer = create_user(
        username="ke.tracer",
        organisation=User.objects.get(username="kenya.records").organisation,
        roles=["tracing_officer"],
    )
    from django.test import Client

    client = Client()
    client.force_login(officer)
    mark = _mark()
    assert client.get(f"/registry/marks/{mark.pk}/photos/").status_code == 200
    response = client.post(f"/registry/marks/{mark.pk}/photos/", {"image": _png()})
    assert response.status_code == 403
    assert not MarkingPhoto.objects.exists()
