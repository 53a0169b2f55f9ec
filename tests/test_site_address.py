"""One base address: every absolute link comes from SITE_URL, and staff are warned when they use another one."""

from django.urls import reverse

from core.links import absolute_url
from tests.factories import UserFactory


def test_absolute_links_come_from_site_url_and_never_from_the_request(settings):
    settings.SITE_URL = "https://inovasi.bkpsdm.example/"

    assert absolute_url("/verify/ABC/") == "https://inovasi.bkpsdm.example/verify/ABC/"


def test_staff_are_warned_when_the_address_they_use_is_not_site_url(client, staff_user, cohort, settings):
    settings.SITE_URL = "https://inovasi.bkpsdm.example"
    client.force_login(staff_user)

    body = client.get(reverse("portal:home")).content.decode()

    assert "You opened Inovasi on another address than the one its links are made from" in body
    assert "https://inovasi.bkpsdm.example" in body


def test_no_warning_on_the_right_address_nor_for_other_roles(client, staff_user, cohort, settings):
    settings.SITE_URL = "http://testserver"
    client.force_login(staff_user)
    right = client.get(reverse("portal:home")).content.decode()
    settings.SITE_URL = "https://inovasi.bkpsdm.example"
    client.force_login(UserFactory())
    other = client.get(reverse("portal:home")).content.decode()

    assert "another address" not in right
    assert "another address" not in other
