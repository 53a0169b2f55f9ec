import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import Examiner, Mentor, Participant, User
from seminars.models import ScoreSheet
from tests.factories import (
    ActionPlanFactory,
    ClusterFactory,
    ExaminerFactory,
    KecamatanFactory,
    MentorFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def names(response):
    return [item.user.full_name for item in response.context["page"]]


def test_participant_list_searches_by_name_and_by_nip_with_spaces(staff_client, cohort):
    ParticipantFactory(cohort=cohort, user__full_name="Rina Marlina", user__nip="197502042000062002")
    ParticipantFactory(cohort=cohort, user__full_name="Bonar Simatupang")
    url = reverse("portal:participant_list", args=[cohort.slug])

    assert names(staff_client.get(url, {"q": "marlina"})) == ["Rina Marlina"]
    assert names(staff_client.get(url, {"q": "19750204 200006"})) == ["Rina Marlina"]


def test_participant_list_filters_by_kecamatan_cluster_and_state(staff_client, cohort):
    baru = KecamatanFactory(name="Medan Baru")
    cluster = ClusterFactory(cohort=cohort, name="Sistem Informasi")
    a = ActionPlanFactory(participant__cohort=cohort, participant__kecamatan=baru, cluster=cluster, state="submitted")
    b = ActionPlanFactory(participant__cohort=cohort, participant__kecamatan=baru, state="draft")
    ActionPlanFactory(participant__cohort=cohort, cluster=cluster)
    url = reverse("portal:participant_list", args=[cohort.slug])

    by_kecamatan = names(staff_client.get(url, {"kecamatan": baru.pk}))
    both = names(staff_client.get(url, {"kecamatan": baru.pk, "cluster": cluster.pk}))
    submitted = names(staff_client.get(url, {"state": "submitted"}))

    assert sorted(by_kecamatan) == sorted([a.participant.user.full_name, b.participant.user.full_name])
    assert both == submitted == [a.participant.user.full_name]


def test_participant_list_shows_who_has_no_mentor_and_who_has_not_signed_in(staff_client, cohort):
    lonely = ParticipantFactory(cohort=cohort, mentor=None)
    ParticipantFactory(cohort=cohort, user__last_login="2017-08-01T08:00:00+07:00")
    url = reverse("portal:participant_list", args=[cohort.slug])

    assert names(staff_client.get(url, {"mentor": "none"})) == [lonely.user.full_name]
    assert len(names(staff_client.get(url, {"signed_in": "no"}))) == 1


def test_participant_list_sorts_by_name_descending(staff_client, cohort):
    for name in ["Budi", "Ani", "Citra"]:
        ParticipantFactory(cohort=cohort, user__full_name=name)

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]), {"sort": "-name"})

    assert names(response) == ["Citra", "Budi", "Ani"]


def test_participant_list_is_paginated_by_50(staff_client, cohort):
    ParticipantFactory.create_batch(51, cohort=cohort, mentor=None)

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]), {"page": 2})

    assert len(response.context["page"]) == 1
    assert response.context["page"].paginator.num_pages == 2


def test_participant_export_xlsx_keeps_the_filters_and_every_nip_digit(staff_client, cohort):
    ParticipantFactory(cohort=cohort, user__full_name="Rina", user__nip="197502042000062002", roll_number=4)
    ParticipantFactory(cohort=cohort, user__full_name="Bonar")

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]), {"q": "Rina", "format": "xlsx"})

    assert response["Content-Disposition"].startswith(f'attachment; filename="peserta-{cohort.slug}-')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"Participants of {cohort.name}"
    assert rows[2][:3] == ("NDH", "Name", "NIP")
    assert [row[:3] for row in rows[3:]] == [(4, "Rina", "197502042000062002")]


def test_participant_export_csv_has_one_row_per_participant_with_the_plan(staff_client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort, title="Pojok Layanan", participant__roll_number=1)

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0:2] == ["1", plan.participant.user.full_name]
    assert rows[0][12:15] == ["Cluster", "Action plan", "State"]
    assert rows[1][12:15] == [plan.cluster.name, "Pojok Layanan", "Draft"]


def test_mentor_list_counts_mentees_and_exports(staff_client, cohort):
    mentor = MentorFactory(cohort=cohort, kecamatan=KecamatanFactory(name="Medan Johor"))
    ParticipantFactory.create_batch(2, cohort=cohort, mentor=mentor, kecamatan=mentor.kecamatan)
    url = reverse("portal:mentor_list", args=[cohort.slug])

    response = staff_client.get(url)
    export = staff_client.get(url, {"format": "csv"})

    counts = {m.kecamatan.name: m.mentee_count for m in response.context["page"]}
    assert counts["Medan Johor"] == 2
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Medan Johor", mentor.user.full_name] == rows[[r[0] for r in rows].index("Medan Johor")][:2]


def test_examiner_list_searches_and_exports(staff_client, cohort):
    ExaminerFactory(cohort=cohort, user__full_name="Dr. Tri Widodo")
    ExaminerFactory(cohort=cohort, user__full_name="Dra. Siti Zuhro")
    url = reverse("portal:examiner_list", args=[cohort.slug])

    assert names(staff_client.get(url, {"q": "widodo"})) == ["Dr. Tri Widodo"]
    export = staff_client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Dr. Tri Widodo", "Dra. Siti Zuhro"]


@pytest.mark.parametrize("count", [1, 3])
def test_participant_list_query_count_does_not_grow(staff_client, cohort, count, django_assert_num_queries):
    ActionPlanFactory.create_batch(count, participant__cohort=cohort)

    # session, user, cohort, the menu (roles and unread count), kecamatan and cluster choices, count, page, plans
    with django_assert_num_queries(9):
        staff_client.get(reverse("portal:participant_list", args=[cohort.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_mentor_list_query_count_does_not_grow(staff_client, cohort, count, django_assert_num_queries):
    MentorFactory.create_batch(count, cohort=cohort)

    # session, user, cohort, the menu (roles and unread count), kecamatan choices, count, page
    with django_assert_num_queries(7):
        staff_client.get(reverse("portal:mentor_list", args=[cohort.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_examiner_list_query_count_does_not_grow(staff_client, cohort, count, django_assert_num_queries):
    ExaminerFactory.create_batch(count, cohort=cohort)

    # session, user, cohort, the menu (roles and unread count), count, page
    with django_assert_num_queries(6):
        staff_client.get(reverse("portal:examiner_list", args=[cohort.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_participant_export_query_count_does_not_grow(staff_client, cohort, count, django_assert_num_queries):
    ActionPlanFactory.create_batch(count, participant__cohort=cohort)

    # session, user, cohort, participants, their plans
    with django_assert_num_queries(5):
        staff_client.get(reverse("portal:participant_list", args=[cohort.slug]), {"format": "xlsx"})


def test_participant_mentor_override_sticks_and_can_be_undone(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    camat = participant.mentor
    other = MentorFactory(cohort=cohort)
    url = reverse("portal:participant_mentor", args=[cohort.slug, participant.pk])

    staff_client.post(url, {"mentor": other.pk})
    participant.refresh_from_db()
    assert (participant.mentor, participant.mentor_assigned_by_staff) == (other, True)

    staff_client.post(url, {"mentor": ""})
    participant.refresh_from_db()
    assert (participant.mentor, participant.mentor_assigned_by_staff) == (camat, False)


def test_participant_mentor_refuses_a_mentor_of_another_cohort(staff_client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    stranger = MentorFactory()

    response = staff_client.post(
        reverse("portal:participant_mentor", args=[cohort.slug, participant.pk]), {"mentor": stranger.pk}
    )

    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.mentor != stranger


def test_mentor_create_assigns_the_kecamatans_participants_and_invites(
    staff_client, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    johor = KecamatanFactory(name="Medan Johor")
    waiting = ParticipantFactory(cohort=cohort, kecamatan=johor, mentor=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("portal:mentor_create", args=[cohort.slug]),
            {
                "full_name": "Zulfikar Nasution, S.Sos",
                "nip": "19700101 199503 1 004",
                "email": "camat.johor@example.org",
                "position": "Camat Medan Johor",
                "kecamatan": johor.pk,
            },
        )

    assert response.status_code == 302
    mentor = Mentor.objects.get(cohort=cohort, kecamatan=johor)
    waiting.refresh_from_db()
    assert waiting.mentor == mentor
    # The new mentor is invited; the mentee and the mentor are told of the change.
    notices = sorted((m.to[0], m.subject) for m in mailoutbox if m.subject.startswith("Inovasi: "))
    assert notices == [
        ("camat.johor@example.org", f"Inovasi: Anda kini menjadi mentor {waiting.user.full_name} di {cohort}."),
        (waiting.user.email, "Inovasi: Mentor Anda sekarang Zulfikar Nasution, S.Sos."),
    ]
    assert [m.to for m in mailoutbox if not m.subject.startswith("Inovasi: ")] == [["camat.johor@example.org"]]


def test_mentor_create_refuses_a_second_camat_for_a_kecamatan(staff_client, cohort):
    existing = MentorFactory(cohort=cohort)

    response = staff_client.post(
        reverse("portal:mentor_create", args=[cohort.slug]),
        {"full_name": "Orang Kedua", "nip": "197001011995031004", "kecamatan": existing.kecamatan.pk},
    )

    assert "already has a mentor" in response.content.decode()
    assert Mentor.objects.filter(cohort=cohort).count() == 1


def test_mentor_create_refuses_a_wrong_nip_with_the_reason(staff_client, cohort):
    response = staff_client.post(
        reverse("portal:mentor_create", args=[cohort.slug]),
        {"full_name": "Salah NIP", "nip": "197002301995031004", "kecamatan": KecamatanFactory().pk},
    )

    assert "birth date" in response.content.decode()
    assert not User.objects.filter(full_name="Salah NIP").exists()


def test_examiner_create_reuses_an_existing_account_by_nip(staff_client, cohort):
    known = UserFactory(nip="196801011990031002", full_name="Dr. Andi Wahyudi")

    staff_client.post(
        reverse("portal:examiner_create", args=[cohort.slug]),
        {"full_name": "Andi Wahyudi", "nip": "196801011990031002", "institution": "LAN RI", "position": "Widyaiswara"},
    )

    assert Examiner.objects.get(cohort=cohort).user == known


def test_examiner_remove_takes_them_off_the_cohort_only(staff_client, cohort):
    examiner = ExaminerFactory(cohort=cohort)

    staff_client.post(reverse("portal:examiner_remove", args=[cohort.slug, examiner.pk]))

    assert not Examiner.objects.filter(pk=examiner.pk).exists()
    assert User.objects.filter(pk=examiner.user.pk).exists()


def test_examiner_who_has_scored_stays_with_a_clear_message(staff_client, cohort):
    examiner = ExaminerFactory(cohort=cohort)
    ScoreSheet.objects.create(
        seminar=SeminarFactory(cohort=cohort), plan=ActionPlanFactory(participant__cohort=cohort), examiner=examiner
    )

    response = staff_client.post(reverse("portal:examiner_remove", args=[cohort.slug, examiner.pk]), follow=True)

    assert Examiner.objects.filter(pk=examiner.pk).exists()
    assert f"{examiner.user.full_name} has scored plans or signs an agreement, so stays an examiner." in (
        response.content.decode()
    )


def test_participants_keep_their_cohort_when_listed_elsewhere(staff_client, cohort):
    ParticipantFactory()  # in another cohort

    response = staff_client.get(reverse("portal:participant_list", args=[cohort.slug]))

    assert list(response.context["page"]) == list(Participant.objects.filter(cohort=cohort))
