"""Photos people upload as evidence and attachments, on a mentor's phone: a real thumbnail made once, the photo
full size in the browser for those who may see it, under the safe headers; a pixel bomb refused by its header
(issue 22, item 8; issue 28, item 2)."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core import images
from innovations.models import ActionPlan, Attachment, Evidence, Milestone
from tests.core.test_images import photo, png_bomb
from tests.factories import ParticipantFactory, complete_plan

BOMB = "The picture is 11000 × 11000 pixels (121 megapixels); at most 50 megapixels are accepted."


@pytest.fixture
def plan(cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.AGREED)
    Milestone.objects.create(plan=plan, term="medium", deliverable="Evaluasi", due_date=datetime.date(2018, 2, 1))
    return plan


def report_with(client, plan, upload, narrative="Sosialisasi di kantor lurah"):
    milestone = plan.milestones.first()
    client.force_login(plan.participant.user)
    return client.post(
        reverse("innovations:report", args=[plan.pk, milestone.pk]),
        {"status": "in_progress", "percent": 40, "narrative": narrative, "links": "", "evidence": upload},
    )


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_an_evidence_photo_gets_a_small_thumbnail_once_at_upload(client, plan):
    original = photo((4000, 3000))

    report_with(client, plan, SimpleUploadedFile("foto rapat.jpg", original))

    evidence = Evidence.objects.get()
    with evidence.thumbnail.open("rb") as small, Image.open(small) as picture:
        assert (picture.format, picture.size) == ("JPEG", (480, 360))
    assert evidence.thumbnail.size < len(original) / 4
    assert evidence.thumbnail.name == f"private/evidence/{plan.pk}/foto_rapat-thumbnail.jpg"


def test_the_mentor_sees_the_thumbnail_and_opens_the_photo_full_size_in_the_browser(client, plan):
    original = photo((1600, 1200))
    report_with(client, plan, SimpleUploadedFile("foto.jpg", original))
    evidence = Evidence.objects.get()
    url = reverse("innovations:evidence", args=[evidence.pk])
    client.force_login(plan.participant.mentor.user)

    page = client.get(reverse("innovations:progress", args=[plan.pk])).content.decode()
    small = client.get(url, {"thumbnail": "1"})
    full = client.get(url, {"preview": "1"})
    download = client.get(url)

    assert (
        f'<a href="{url}?preview=1" class="file-photo"><img src="{url}?thumbnail=1" alt="" class="file-preview" '
        f'loading="lazy"> foto.jpg</a> <a href="{url}" class="small">download'
    ) in page
    with evidence.thumbnail.open("rb") as stored:
        assert b"".join(small.streaming_content) == stored.read()
    assert b"".join(full.streaming_content) == original
    for response in (small, full):
        assert response["Content-Disposition"] == 'inline; filename="foto.jpg"'
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
        assert response["Cache-Control"] == "private, max-age=3600"
    assert download["Content-Disposition"] == 'attachment; filename="foto.jpg"'
    download.close()


def test_an_outsider_gets_neither_the_thumbnail_nor_the_photo(client, plan):
    report_with(client, plan, SimpleUploadedFile("foto.jpg", photo((800, 600))))
    url = reverse("innovations:evidence", args=[Evidence.objects.get().pk])
    client.force_login(ParticipantFactory(cohort=plan.participant.cohort).user)

    assert [client.get(url, query).status_code for query in ({"thumbnail": "1"}, {"preview": "1"})] == [404, 404]


def test_a_photo_uploaded_before_thumbnails_gets_its_thumbnail_once_when_first_shown(client, plan, monkeypatch):
    report_with(client, plan, SimpleUploadedFile("foto.jpg", photo((2000, 1500))))
    evidence = Evidence.objects.get()
    evidence.thumbnail.delete(save=True)  # as an upload from before this version stands
    made = []
    monkeypatch.setattr(images, "thumbnail", lambda file, real=images.thumbnail: made.append(1) or real(file))
    url = reverse("innovations:evidence", args=[evidence.pk])
    client.force_login(plan.participant.mentor.user)

    first = b"".join(client.get(url, {"thumbnail": "1"}).streaming_content)
    second = b"".join(client.get(url, {"thumbnail": "1"}).streaming_content)

    evidence.refresh_from_db()
    assert (made, first == second, bool(evidence.thumbnail)) == ([1], True, True)


def test_an_evidence_pixel_bomb_is_refused_and_the_typed_report_kept(client, plan):
    response = report_with(client, plan, SimpleUploadedFile("foto.png", png_bomb(11_000, 11_000)), narrative="Rapat")

    body = response.content.decode()
    assert response.status_code == 422
    assert BOMB in body
    assert "Rapat</textarea>" in body
    assert (Evidence.objects.count(), stored_files()) == (0, [])


def test_an_attachment_pixel_bomb_is_refused_with_a_message(client, cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    client.force_login(plan.participant.user)

    response = client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("denah.png", png_bomb(11_000, 11_000))},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]][0].startswith(BOMB)
    assert (Attachment.objects.count(), stored_files()) == (0, [])


def test_an_attachment_photo_opens_full_size_from_its_thumbnail(client, cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("papan nama.png", photo((1200, 900), kind="PNG"))},
    )
    attachment = Attachment.objects.get()
    url = reverse("innovations:attachment", args=[plan.pk, attachment.pk])

    page = client.get(plan.get_absolute_url()).content.decode()
    small = client.get(url, {"thumbnail": "1"})

    assert f'<a href="{url}?preview=1" class="file-photo"><img src="{url}?thumbnail=1"' in page
    assert small["Content-Disposition"] == 'inline; filename="papan nama.jpg"'
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as picture:
        assert picture.size == (480, 360)


def test_removing_an_attachment_removes_its_thumbnail_too(client, cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("foto.jpg", photo((800, 600)))},
    )
    attachment = Attachment.objects.get()
    stored = stored_files()

    client.post(reverse("innovations:attachment_delete", args=[plan.pk, attachment.pk]))

    assert (len(stored), stored_files()) == (2, [])


def test_a_document_never_decodes_a_pixel_bomb_logo_stored_outside_the_form(cohort):
    organisation = cohort.organisation
    organisation.logo.save("bom.png", ContentFile(png_bomb(11_000, 11_000)))

    assert organisation.logo_data_url() == ""


def test_a_photo_larger_than_memory_uploads_takes_the_temporary_file_way_and_gets_its_thumbnail(client, plan):
    buffer = io.BytesIO()
    Image.effect_noise((2400, 1800), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    original = buffer.getvalue()
    assert len(original) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # Django spools it to a temporary file

    report_with(client, plan, SimpleUploadedFile("foto besar.jpg", original))

    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as stored:
        assert stored.read() == original
    with evidence.thumbnail.open("rb") as small, Image.open(small) as picture:
        assert picture.size == (480, 360)
