"""Media on local disk, or in any S3-compatible store by settings alone (django-storages); private either way."""

import io
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws
from PIL import Image

from innovations.models import ActionPlan, Attachment
from tests.downloads import ask, fetch
from tests.factories import complete_plan

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUCKET = "inovasi-media"


@pytest.fixture
def s3_media(settings):
    """An S3 API in this process (moto), and the settings a bucket gives (config/settings.py, MEDIA_BUCKET)."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-3")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "ap-southeast-3",
                    "access_key": "test",
                    "secret_key": "test",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def keys(s3) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_bucket_in_the_environment_moves_media_to_an_s3_store():
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "MEDIA_BUCKET": "inovasi-media",
        "MEDIA_ENDPOINT_URL": "https://s3.example.go.id",
        "MEDIA_REGION": "id-jkt-1",
    }
    code = "from django.conf import settings; print(settings.STORAGES['default'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert "'BACKEND': 'storages.backends.s3.S3Storage'" in result.stdout, result.stderr
    assert "'bucket_name': 'inovasi-media'" in result.stdout
    assert "'endpoint_url': 'https://s3.example.go.id'" in result.stdout
    assert "'default_acl': 'private'" in result.stdout


def test_an_upload_goes_to_the_bucket_and_comes_back_only_through_the_view(client, cohort, s3_media):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.DRAFT)
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(picture, "PNG")
    client.force_login(plan.participant.user)

    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("papan.png", picture.getvalue(), content_type="image/png")},
    )
    attachment = Attachment.objects.get()
    response = client.get(reverse("innovations:attachment", args=[plan.pk, attachment.pk]))
    stored = keys(s3_media)

    assert stored == sorted([attachment.file.name, attachment.thumbnail.name])
    assert b"".join(response.streaming_content) == picture.getvalue()
    for key in stored:
        grants = s3_media.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner alone: no public grant


def test_a_generated_download_is_kept_in_the_bucket(client, cohort, staff_user, s3_media):
    client.force_login(staff_user)

    _response, job = ask(client, reverse("innovations:booklet", args=[cohort.slug]))
    download, data = fetch(client, job)

    assert keys(s3_media) == [f"private/jobs/{job.pk}/buku-rencana-aksi-{cohort.slug}.pdf"]
    assert data.startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"
