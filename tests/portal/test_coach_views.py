"""A cohort's coaches (issue 24): listed, exported, added, edited, imported and chosen for a participant, by staff
only, and only where the cohort's programme has coaches."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import AuditEvent, Coach, Notification, User
from programmes.models import Programme
from tests.factories import CoachFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.participants.roster_files import xlsx


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def latsar(staff_user):
    """A Latsar CPNS cohort, whose programme has coaches, run by `staff_user`."""
    programme = Programme.objects.get(code="latsar-cpns")
    cohort = CohortFactory(programme=programme, spec=programme.spec)
    cohort.organisation.staff_members.add(staff_user)
    return cohort


def coach_data(**values):
    return {
        "full_name": "Dr. Wahyu Hidayat, M.Si",
        "nip": "197001011995031001",
        "email": "wahyu@bpsdm.example.id",
        "phone": "0812 6000 1111",
        "position": "Widyaiswara Ahli Madya",
        "grade": "",
        "institution": "BPSDM Provinsi Sumatera Utara",
        **values,
    }


@pytest.mark.parametrize("name", ["portal:coach_list", "portal:coach_create", "participants:coach_import_upload"])
def test_coach_pages_are_404_in_a_cohort_whose_programme_has_no_coaches(staff_client, cohort, name):
    response = staff_client.get(reverse(name, args=[cohort.slug]))

    assert response.status_code == 404


def test_the_cohort_menu_offers_coaches_only_where_the_programme_has_them(staff_client, cohort, latsar):
    without = staff_client.get(reverse("portal:participant_list", args=[cohort.slug])).content.decode()
    with_coaches = staff_client.get(reverse("portal:participant_list", args=[latsar.slug])).content.decode()

    assert reverse("portal:coach_list", args=[cohort.slug]) not in without
    assert reverse("portal:coach_list", args=[latsar.slug]) in with_coaches


def test_coach_pages_are_404_for_another_organisations_staff(client, latsar):
    coach = CoachFactory(cohort=latsar)
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    client.force_login(outsider)

    answers = [
        client.get(reverse("portal:coach_list", args=[latsar.slug])).status_code,
        client.get(reverse("portal:coach_detail", args=[latsar.slug, coach.pk])).status_code,
        client.post(reverse("portal:coach_create", args=[latsar.slug]), coach_data()).status_code,
    ]

    assert answers == [404, 404, 404]
    assert Coach.objects.filter(cohort=latsar).count() == 1


def test_coach_list_shows_coachees_searches_and_exports(staff_client, latsar):
    wahyu = CoachFactory(cohort=latsar, user__full_name="Dr. Wahyu Hidayat")
    CoachFactory(cohort=latsar, user__full_name="Dra. Sri Rahayu")
    ParticipantFactory.create_batch(2, cohort=latsar, coach=wahyu)
    url = reverse("portal:coach_list", args=[latsar.slug])

    found = staff_client.get(url, {"q": "wahyu"})
    export = staff_client.get(url, {"format": "csv"})

    assert [(c.user.full_name, c.coachee_count) for c in found.context["page"]] == [("Dr. Wahyu Hidayat", 2)]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [(row[0], row[6]) for row in rows[1:]] == [("Dr. Wahyu Hidayat", "2"), ("Dra. Sri Rahayu", "0")]


@pytest.mark.parametrize("count", [1, 3])
def test_coach_list_query_count_does_not_grow(staff_client, latsar, count, django_assert_num_queries):
    CoachFactory.create_batch(count, cohort=latsar)

    # session, user, cohort, the menu (roles and unread count), count, page
    with django_assert_num_queries(6):
        staff_client.get(reverse("portal:coach_list", args=[latsar.slug]))


def test_staff_add_a_coach_with_an_audit_event_and_the_known_person_is_told(staff_client, latsar, staff_user):
    known = UserFactory(nip="197001011995031001", full_name="Wahyu Hidayat", phone="")

    response = staff_client.post(reverse("portal:coach_create", args=[latsar.slug]), coach_data())

    assert response.status_code == 302
    coach = Coach.objects.get(cohort=latsar)
    known.refresh_from_db()
    assert (coach.user, coach.institution, coach.position, known.phone) == (
        known,
        "BPSDM Provinsi Sumatera Utara",
        "Widyaiswara Ahli Madya",
        "0812 6000 1111",
    )
    event = AuditEvent.objects.get(cohort=latsar, verb=AuditEvent.Verb.COACH_ADD)
    assert (event.actor, event.data) == (staff_user, {"institution": "BPSDM Provinsi Sumatera Utara"})
    assert [n.texts["en"] for n in Notification.objects.filter(user=known)] == [
        f"You are now a coach in {latsar.name}, {latsar.training_title}. Sign in as usual to see your coachees."
    ]


def test_a_bad_nip_is_refused_with_the_rosters_message_and_nothing_is_added(staff_client, latsar):
    response = staff_client.post(reverse("portal:coach_create", args=[latsar.slug]), coach_data(nip="1234"))

    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == ["A NIP has 18 digits; this one has 4."]
    assert Coach.objects.count() == 0
    assert not User.objects.filter(full_name="Dr. Wahyu Hidayat, M.Si").exists()


def test_someone_already_a_coach_is_refused_with_a_message(staff_client, latsar):
    CoachFactory(cohort=latsar, user__nip="197001011995031001", user__full_name="Wahyu Hidayat")

    response = staff_client.post(reverse("portal:coach_create", args=[latsar.slug]), coach_data())

    assert response.context["form"].non_field_errors() == ["Wahyu Hidayat is already a coach in this cohort."]
    assert Coach.objects.count() == 1


def test_staff_edit_a_coachs_data_with_an_audit_event(staff_client, latsar):
    coach = CoachFactory(cohort=latsar, user__full_name="Dr. Wahyu", institution="BPSDM")
    url = reverse("portal:coach_edit", args=[latsar.slug, coach.pk])
    form = staff_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = staff_client.post(url, {**data, "institution": "Pusdiklat LAN"})

    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.institution == "Pusdiklat LAN"
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.COACH_EDIT)
    assert event.data == {"institution": "BPSDM → Pusdiklat LAN"}


def test_staff_choose_a_participants_coach_and_both_are_told(staff_client, latsar, staff_user):
    participant = ParticipantFactory(cohort=latsar, user__full_name="Rina Marlina")
    coach = CoachFactory(cohort=latsar, user__full_name="Dr. Wahyu")
    url = reverse("portal:participant_coach", args=[latsar.slug, participant.pk])

    response = staff_client.post(url, {"coach": coach.pk})

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.coach == coach
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.COACH_CHANGE)
    assert (event.actor, event.data) == (staff_user, {"from": "", "to": "Dr. Wahyu", "why": "staff"})
    assert [n.texts["en"] for n in Notification.objects.filter(user=participant.user)] == [
        "Your coach is now Dr. Wahyu."
    ]
    assert [n.texts["en"] for n in Notification.objects.filter(user=coach.user)] == [
        f"Rina Marlina now has you as coach in {latsar.name}."
    ]


def test_a_coach_of_another_cohort_cannot_be_chosen(staff_client, latsar):
    participant = ParticipantFactory(cohort=latsar)
    elsewhere = CoachFactory()

    response = staff_client.post(
        reverse("portal:participant_coach", args=[latsar.slug, participant.pk]), {"coach": elsewhere.pk}
    )

    assert response.status_code == 200
    assert "coach" in response.context["form"].errors
    participant.refresh_from_db()
    assert participant.coach is None


def test_choosing_the_same_coach_again_writes_nothing(staff_client, latsar):
    participant = ParticipantFactory(cohort=latsar, with_coach=True)

    staff_client.post(
        reverse("portal:participant_coach", args=[latsar.slug, participant.pk]), {"coach": participant.coach.pk}
    )

    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.COACH_CHANGE).count() == 0


def test_the_coach_page_lists_coachees_and_the_participant_page_links_the_coach(staff_client, latsar):
    participant = ParticipantFactory(cohort=latsar, with_coach=True, user__full_name="Rina Marlina")
    coach = participant.coach

    coach_page = staff_client.get(reverse("portal:coach_detail", args=[latsar.slug, coach.pk]))
    participant_page = staff_client.get(reverse("portal:participant_detail", args=[latsar.slug, participant.pk]))

    assert [c.user.full_name for c in coach_page.context["coachees"]] == ["Rina Marlina"]
    assert reverse("portal:coach_detail", args=[latsar.slug, coach.pk]) in participant_page.content.decode()


def test_the_participant_page_has_no_coach_where_the_programme_has_none(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)

    page = staff_client.get(reverse("portal:participant_detail", args=[cohort.slug, participant.pk]))

    assert "/coach/" not in page.content.decode()


def test_coach_import_upload_preview_confirm(staff_client, latsar):
    data = xlsx([["NIP", "NAMA", "INSTANSI", "NO. HP"], ["19700101 199503 1 001", "Dr. Wahyu", "BPSDM", "0812"]])
    upload = staff_client.post(
        reverse("participants:coach_import_upload", args=[latsar.slug]),
        {"file": SimpleUploadedFile("coach.xlsx", data)},
    )
    token = upload.url.rstrip("/").rsplit("/", 1)[-1]

    preview = staff_client.get(upload.url)
    staff_client.post(reverse("participants:coach_import_confirm", args=[latsar.slug, token]))

    assert [row.status for row in preview.context["preview"].rows] == ["new"]
    assert list(Coach.objects.values_list("user__full_name", "institution", "user__phone")) == [
        ("Dr. Wahyu", "BPSDM", "0812")
    ]
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.COACH_IMPORT).count() == 1


def test_the_overview_counts_coaches_only_where_the_programme_has_them(staff_client, cohort, latsar):
    CoachFactory.create_batch(2, cohort=latsar)

    with_coaches = staff_client.get(reverse("portal:cohort_detail", args=[latsar.slug]))
    without = staff_client.get(reverse("portal:cohort_detail", args=[cohort.slug]))

    assert (with_coaches.context["coach_count"], without.context["coach_count"]) == (2, None)


def headers_of(response):
    return [cell.value for cell in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]


def test_the_blank_forms_have_the_coach_columns_only_where_the_programme_has_coaches(staff_client, cohort, latsar):
    coaches = staff_client.get(reverse("participants:import_template", args=[latsar.slug, "coaches"]))
    latsar_roster = staff_client.get(reverse("participants:import_template", args=[latsar.slug, "roster"]))
    roster_2017 = staff_client.get(reverse("participants:import_template", args=[cohort.slug, "roster"]))
    coaches_2017 = staff_client.get(reverse("participants:import_template", args=[cohort.slug, "coaches"]))

    assert headers_of(coaches) == ["NIP", "NAMA", "PANGKAT/GOL. RUANG", "JABATAN", "INSTANSI", "EMAIL", "NO. HP"]
    assert headers_of(latsar_roster)[-1] == "NIP COACH"
    assert "NIP COACH" not in headers_of(roster_2017)
    assert coaches_2017.status_code == 404
