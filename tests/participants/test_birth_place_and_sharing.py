"""The person's place of birth (printed on the certificate) and their consent to share their contact details."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participants.importer import import_roster
from participants.models import AuditEvent, User
from tests.factories import ParticipantFactory
from tests.participants.roster_files import HEADER, person, roster, xlsx
from tests.portal.test_person_pages import edit_data

pytestmark = pytest.mark.django_db


def test_the_nip_gives_the_date_of_birth(db):
    assert (User(nip="197502042000062002").birth_date.isoformat(), User(nip="").birth_date) == ("1975-02-04", None)


def test_staff_set_a_participants_place_of_birth_on_their_page(client, cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort)
    client.force_login(staff_user)

    client.post(
        reverse("portal:participant_edit", args=[cohort.slug, participant.pk]),
        edit_data(participant, birth_place="Pematangsiantar"),
    )

    participant.user.refresh_from_db()
    assert participant.user.birth_place == "Pematangsiantar"
    assert AuditEvent.objects.get(verb="participant.edit").data == {"birth_place": "— → Pematangsiantar"}


def test_the_roster_reads_a_place_of_birth_column(cohort):
    rows = roster(
        [*person(1, "Rina", "198001012005012001", kecamatan=""), "Binjai"],
        [*person(2, "Bonar", "198001012005011002", kecamatan=""), "Medan, 01-01-1980"],
        header=[*HEADER, "TEMPAT/TGL LAHIR"],
    )

    import_roster(cohort, xlsx(rows), by=None)

    people = User.objects.filter(nip__in=["198001012005012001", "198001012005011002"])
    assert sorted(people.values_list("full_name", "birth_place")) == [("Bonar", "Medan"), ("Rina", "Binjai")]


def test_the_participants_export_has_the_place_of_birth(client, cohort, staff_user):
    participant = ParticipantFactory(cohort=cohort, user__birth_place="Kabanjahe")
    client.force_login(staff_user)

    response = client.get(reverse("portal:participant_list", args=[cohort.slug]), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = ([cell.value for cell in line] for line in sheet.iter_rows(min_row=3, max_row=4))
    assert (header[3], row[3], row[1]) == ("Place of birth", "Kabanjahe", participant.user.full_name)


def test_a_person_turns_the_sharing_of_their_contact_details_on_and_off(client, db):
    user = ParticipantFactory().user
    client.force_login(user)
    url = reverse("participants:sharing")

    before = client.get(url).context["form"]["shares_contact"].value()
    on = client.post(url, {"shares_contact": "on"}, follow=True)
    user.refresh_from_db()
    shared = user.shares_contact
    client.post(url, {})
    user.refresh_from_db()

    assert (before, shared, user.shares_contact) == (False, True, False)
    assert [str(m) for m in on.context["messages"]] == [
        "Your contact details are shared with the organiser's other systems."
    ]


def test_the_sharing_page_needs_sign_in(client, db):
    response = client.get(reverse("participants:sharing"))

    assert response.url.startswith(reverse("participants:login"))
