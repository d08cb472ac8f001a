"""Photos of the weapon as seen: checked, added to a draft only, seen by both States only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.tracing_fixtures import kenya_request, registries, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.tracing.models_photos import RequestPhoto
from salw.tracing.services import send_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons(settings: pytest.FixtureRequest, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    registries()


def _png(name: str = "worn-frame.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "grey").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _photo() -> RequestPhoto:
    request = kenya_request()
    signed_in_client("kenya.records").post(
        f"/tracing/requests/{request.pk}/photos/", {"image": _png(), "caption": "frame"}
    )
    send_request(request, actor=user("kenya.records"))
    return RequestPhoto.objects.get(request=request)


class TestPhotoFile(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return f"/tracing/photos/{_photo().pk}/"


def test_a_photo_goes_with_the_request_to_the_requested_state_only() -> None:
    photo = _photo()
    assert "worn" not in photo.image.name and photo.image.name.endswith(".png")
    page = signed_in_client("peru.records").get(f"/tracing/requests/{photo.request_id}/")
    assert f"/tracing/photos/{photo.pk}/" in page.content.decode()
    for outsider in ("analyst", "kenya.focal"):
        response = signed_in_client(outsider).get(f"/tracing/photos/{photo.pk}/")
        assert response.status_code in (403, 404)


def test_no_photo_after_sending_and_no_fake_image() -> None:
    photo = _photo()
    client = signed_in_client("kenya.records")
    client.post(f"/tracing/requests/{photo.request_id}/photos/", {"image": _png()})
    assert RequestPhoto.objects.count() == 1
    draft = kenya_request()
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    client.post(f"/tracing/requests/{draft.pk}/photos/", {"image": fake})
    assert not RequestPhoto.objects.filter(request=draft).exists()
