import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook
from PIL import Image

from impact import followups
from impact.models import FollowUp, Questionnaire
from innovations import progress
from innovations.catalogue import published, search, similar_to
from innovations.models import ActionPlan, Milestone
from innovations.reminders import send_reminders
from participants.audit import events_of
from participants.models import Notification
from portal.dashboard import figures
from tests.factories import (
    ActionPlanFactory,
    ClusterFactory,
    CohortFactory,
    KecamatanFactory,
    ParticipantFactory,
    UserFactory,
    complete_plan,
)

State = ActionPlan.State


@pytest.fixture
def plan(cohort):
    """An agreed plan with two milestones."""
    plan = complete_plan(participant__cohort=cohort, state=State.AGREED)
    Milestone.objects.create(plan=plan, term="medium", deliverable="Evaluasi", due_date=datetime.date(2018, 2, 1))
    return plan


def report(plan, milestone, status="done", percent=100):
    return progress.report_progress(
        milestone, by=plan.participant.user, status=status, percent=percent, narrative="Sudah", links=""
    )


def verify(plan, item, verified=True, note=""):
    return progress.review_report(item, by=plan.participant.mentor.user, verified=verified, note=note)


def rows_of(plan, today=datetime.date(2017, 12, 1)):
    return progress.milestone_progress(plan.milestones.prefetch_related("reports"), today=today)


def test_only_verified_milestones_count(plan):
    first, second = plan.milestones.all()
    report(plan, first)
    verify(plan, report(plan, second))

    rows = rows_of(plan)

    assert [row.achieved for row in rows] == [False, True]
    assert progress.percent_done(rows) == 50


def test_a_returned_report_does_not_count(plan):
    first, _second = plan.milestones.all()
    verify(plan, report(plan, first), verified=False, note="Lampirkan SK")

    assert [row.achieved for row in rows_of(plan)] == [False, False]


def test_in_progress_verified_is_not_achieved(plan):
    first, _second = plan.milestones.all()
    verify(plan, report(plan, first, status="in_progress", percent=50))

    assert rows_of(plan)[0].achieved is False


def test_last_verification_completes_the_plan_once(plan):
    first, second = plan.milestones.all()
    verify(plan, report(plan, first))
    plan.refresh_from_db()
    assert plan.state == State.AGREED

    verify(plan, report(plan, second))

    plan.refresh_from_db()
    assert plan.state == State.COMPLETED
    assert events_of(plan).filter(to_state="completed").count() == 1


def test_report_rules_are_enforced(plan):
    first, _second = plan.milestones.all()
    with pytest.raises(ValidationError, match="exactly when its progress is 100%"):
        report(plan, first, status="done", percent=80)
    with pytest.raises(ValidationError, match="Only the participant"):
        progress.report_progress(
            first, by=plan.participant.mentor.user, status="in_progress", percent=10, narrative="x", links=""
        )
    item = report(plan, first)
    with pytest.raises(ValidationError, match="write a note"):
        verify(plan, item, verified=False)
    with pytest.raises(ValidationError, match="Only the participant's mentor"):
        progress.review_report(item, by=plan.participant.user, verified=True)


def test_reports_are_refused_before_the_agreement(cohort):
    plan = complete_plan(participant__cohort=cohort, state=State.EXAMINED)

    with pytest.raises(ValidationError, match="once the agreement is signed"):
        report(plan, plan.milestones.first())


def test_overdue_is_computed_against_today(plan):
    first, second = plan.milestones.all()  # due 30 Sep 2017 and 1 Feb 2018

    assert [row.overdue for row in rows_of(plan, today=datetime.date(2017, 9, 30))] == [False, False]
    assert [row.overdue for row in rows_of(plan, today=datetime.date(2017, 10, 1))] == [True, False]
    verify(plan, report(plan, first))
    assert [row.overdue for row in rows_of(plan, today=datetime.date(2018, 3, 1))] == [False, True]


def test_reports_notify_the_mentor_and_reviews_the_participant(plan):
    first, _second = plan.milestones.all()
    verify(plan, report(plan, first))

    assert list(Notification.objects.values_list("user", flat=True)) == [
        plan.participant.user.pk,
        plan.participant.mentor.user.pk,
    ]


@freeze_time("2017-09-25 08:00:00+07:00")
def test_reminders_send_one_digest_per_person_per_day(
    plan, staff_user, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://inovasi.example"
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders()
        again = send_reminders()

    recipients = sorted(m.to[0] for m in mailoutbox)
    assert (sent, again) == (3, 0)
    assert recipients == sorted([plan.participant.user.email, plan.participant.mentor.user.email, staff_user.email])
    assert "SK tim" in mailoutbox[0].body
    assert "Evaluasi" not in mailoutbox[0].body  # due in February, more than 7 days away
    assert f"https://inovasi.example/plans/{plan.pk}/progress/#milestone-" in mailoutbox[0].body
    notification = Notification.objects.get(user=plan.participant.user)
    assert notification.texts["en"] == "Reminder: 1 milestone due within 7 days, 0 overdue."
    assert notification.cohort == plan.participant.cohort


def test_reminders_never_send_the_same_reminder_twice(plan, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with freeze_time("2017-09-25 08:00:00+07:00"):
            first = send_reminders()
        with freeze_time("2017-09-26 08:00:00+07:00"):
            out = io.StringIO()
            call_command("send_reminders", stdout=out)  # still due soon: already said
        with freeze_time("2017-10-01 08:00:00+07:00"):
            overdue = send_reminders()  # now overdue: said once more, as overdue
        with freeze_time("2017-10-02 08:00:00+07:00"):
            later = send_reminders()

    assert (first, out.getvalue(), overdue, later) == (3, "0 digests sent.\n", 3, 0)  # participant, mentor, staff
    late = Notification.objects.filter(user=plan.participant.user).first()
    assert late.texts["en"] == "Reminder: 0 milestones due within 7 days, 1 overdue."
    assert len(mailoutbox) == 6


def test_dashboard_figures_on_a_hand_built_cohort(cohort):
    baru, johor = KecamatanFactory(name="Medan Baru"), KecamatanFactory(name="Medan Johor")
    arsip, layanan = (
        ClusterFactory(cohort=cohort, name="Kearsipan", order=1),
        ClusterFactory(cohort=cohort, name="Layanan", order=2),
    )
    for state, cluster, kecamatan in [
        ("draft", arsip, baru),
        ("submitted", arsip, baru),
        ("approved", layanan, johor),
        ("agreed", layanan, johor),
        ("withdrawn", arsip, johor),
    ]:
        ActionPlanFactory(participant__cohort=cohort, participant__kecamatan=kecamatan, cluster=cluster, state=state)

    data = figures(cohort)

    assert [n for _label, n in data["funnel"]] == [4, 3, 2, 1, 1, 0]
    assert data["clusters"] == [("Kearsipan", 2), ("Layanan", 2)]
    assert data["kecamatan"] == [("Medan Baru", 2), ("Medan Johor", 2)]
    assert data["milestones_total"] == 0


def test_dashboard_page_and_export(client, plan, staff_user):
    client.force_login(staff_user)
    slug = plan.participant.cohort.slug

    page = client.get(reverse("portal:dashboard", args=[slug]))
    export = client.get(reverse("portal:dashboard", args=[slug]), {"format": "xlsx"})

    assert page.context["figures"]["milestones_total"] == 2
    assert 'id="data-funnel"' in page.content.decode()
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert ("Milestones in agreed plans", None, 2) in rows


def published_plan(cohort, **kwargs):
    plan = ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, **kwargs)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC), catalogue_state="published"
    )
    return plan


def test_catalogue_search_and_filters(cohort):
    arsip = published_plan(
        cohort,
        title="Arsip digital kelurahan",
        innovation="Pemindaian surat tanah",
        participant__kecamatan=KecamatanFactory(name="Medan Baru"),
    )
    sampah = published_plan(cohort, title="Bank sampah", innovation="Tabungan dari sampah warga")
    ActionPlanFactory(participant__cohort=cohort, state=State.COMPLETED, title="Arsip rahasia belum terbit")
    later = CohortFactory(start_date=datetime.date(2019, 3, 1), end_date=datetime.date(2019, 4, 1))
    later_plan = published_plan(later, title="Arsip 2019")

    assert list(search({"q": "arsip"})) in ([arsip, later_plan], [later_plan, arsip])
    assert list(search({"q": "pemindaian"})) == [arsip]
    assert list(search({"kecamatan": arsip.participant.kecamatan})) == [arsip]
    assert list(search({"year": 2019})) == [later_plan]
    assert list(search({"cluster": sampah.cluster.name})) == [sampah]


def test_catalogue_pages_are_public_and_show_no_personal_data(client, cohort):
    # A woman's NIP (sex 2), which no factory user has.
    plan = published_plan(cohort, title="Arsip digital", participant__user__nip="198001012005012234")
    hidden = ActionPlanFactory(participant__cohort=cohort, state=State.AGREED, title="Belum terbit")

    listing = client.get(reverse("innovations:catalogue"))
    detail = client.get(reverse("innovations:catalogue_detail", args=[plan.pk]))

    assert "Arsip digital" in listing.content.decode()
    assert "Belum terbit" not in listing.content.decode()
    assert client.get(reverse("innovations:catalogue_detail", args=[hidden.pk])).status_code == 404
    body = detail.content.decode()
    assert plan.participant.work_unit in body
    for private in ["198001012005012234", "19800101 200501 2 234", plan.participant.user.email]:
        assert private not in body


def test_only_agreed_or_completed_plans_can_be_published_by_their_staff(client, cohort, staff_user):
    draft = ActionPlanFactory(participant__cohort=cohort)
    agreed = ActionPlanFactory(participant__cohort=cohort, state=State.AGREED)
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)

    client.force_login(outsider)
    assert client.post(reverse("innovations:publish", args=[agreed.pk])).status_code == 404
    client.force_login(staff_user)
    client.post(reverse("innovations:publish", args=[draft.pk]))
    client.post(reverse("innovations:publish", args=[agreed.pk]))

    assert list(published()) == [agreed]
    assert client.get(reverse("innovations:publish", args=[agreed.pk])).status_code == 405


def test_similarity_ranks_the_closest_plan_first(cohort):
    target = ActionPlanFactory(
        participant__cohort=cohort,
        title="Bank sampah kampung",
        innovation="Warga menabung sampah plastik di bank sampah kampung",
    )
    close = ActionPlanFactory(
        participant__cohort=cohort,
        title="Bank sampah sekolah",
        innovation="Murid menabung sampah plastik di bank sampah sekolah",
    )
    middle = ActionPlanFactory(
        participant__cohort=cohort, title="Kompos pasar", innovation="Sampah organik pasar diolah menjadi kompos"
    )
    ActionPlanFactory(participant__cohort=cohort, title="Arsip digital", innovation="Pemindaian surat tanah")

    ranked = similar_to(target, ActionPlan.objects.exclude(pk=target.pk))

    assert [plan for plan, _score in ranked] == [close, middle]
    assert ranked[0][1] > ranked[1][1]


def test_progress_pages_permissions(client, plan, staff_user):
    first = plan.milestones.first()
    item = report(plan, first)
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)
    page = reverse("innovations:progress", args=[plan.pk])
    post_only = [
        reverse("innovations:report", args=[plan.pk, first.pk]),
        reverse("innovations:review_report", args=[item.pk]),
    ]

    assert client.get(page).url.startswith(reverse("participants:login"))
    assert client.get(reverse("portal:dashboard", args=[plan.participant.cohort.slug])).url.startswith(
        reverse("participants:login")
    )
    for user in [plan.participant.user, plan.participant.mentor.user, staff_user]:
        client.force_login(user)
        assert client.get(page).status_code == 200
    for user in [ParticipantFactory(cohort=plan.participant.cohort).user, other_staff]:
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert client.get(reverse("portal:dashboard", args=[plan.participant.cohort.slug])).status_code == 404
        for url in post_only:
            assert (
                client.post(url, {"decision": "verify", "status": "done", "percent": 100, "narrative": "x"}).status_code
                == 404
            )
    client.force_login(plan.participant.user)
    for url in post_only:
        assert client.get(url).status_code == 405


def test_report_through_the_page_with_evidence_served_privately(client, plan):

    first = plan.milestones.first()
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:report", args=[plan.pk, first.pk]),
        {
            "status": "done",
            "percent": 100,
            "narrative": "SK ditandatangani",
            "links": "https://medan.go.id/sk",
            "evidence": SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        },
    )
    evidence = first.reports.get().evidence.get()

    response = client.get(reverse("innovations:evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(ParticipantFactory(cohort=plan.participant.cohort).user)
    assert client.get(reverse("innovations:evidence", args=[evidence.pk])).status_code == 404


def test_report_with_a_fake_file_or_a_bad_link_is_refused(client, plan):

    first = plan.milestones.first()
    client.force_login(plan.participant.user)
    fake = client.post(
        reverse("innovations:report", args=[plan.pk, first.pk]),
        {"status": "done", "percent": 100, "narrative": "x", "evidence": SimpleUploadedFile("sk.pdf", b"MZ exe")},
        follow=True,
    )
    link = client.post(
        reverse("innovations:report", args=[plan.pk, first.pk]),
        {"status": "done", "percent": 100, "narrative": "x", "links": "javascript:alert(1)"},
        follow=True,
    )

    assert "is not a PDF, an image or an office document" in fake.content.decode()
    assert "is not a web address" in link.content.decode()
    assert not first.reports.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_query_count_does_not_grow(client, cohort, count, django_assert_num_queries):
    for _ in range(count):
        published_plan(cohort)

    # the generation, the page and the filters' choices looked for in the cache; the choices (clusters, years,
    # regions, kecamatan) and kept (count, savepoint, look, insert, release); the count, the region and kecamatan
    # options, the page; the page kept (five)
    with django_assert_num_queries(21):
        client.get(reverse("innovations:catalogue"))
    # asked again: the generation and the page, from the cache
    with django_assert_num_queries(2):
        response = client.get(reverse("innovations:catalogue"))

    assert response.content.decode().count('<article class="card h-100">') == count


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        complete_plan(participant__cohort=cohort, state=State.AGREED)
    # The one-year follow-up, answered by every alumnus: its figures are counted in the database too.
    questionnaire = Questionnaire.objects.create(cohort=cohort)
    scale = questionnaire.questions.create(text="Sejauh mana?", kind="scale", order=1)
    text = questionnaire.questions.create(text="Hambatan?", kind="text", order=2)
    followups.send_cohort(cohort)
    for asked in FollowUp.objects.filter(respondent="alumnus").select_related("plan__participant__user"):
        followups.answer(asked, by=asked.plan.participant.user, answers=[(scale, 4), (text, "Anggaran.")])
    client.force_login(staff_user)

    # ... and the follow-up's questionnaire, counts, scales and written answers
    with django_assert_num_queries(14):
        response = client.get(reverse("portal:dashboard", args=[cohort.slug]))

    assert response.context["figures"]["follow_up"].answered == count


def test_a_refused_report_keeps_its_text_and_the_chosen_files_name_with_the_form_open(client, plan):
    first = plan.milestones.first()
    client.force_login(plan.participant.user)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, "JPEG")
    photo = SimpleUploadedFile("foto-rapat.jpg", buffer.getvalue())

    response = client.post(
        reverse("innovations:report", args=[plan.pk, first.pk]),
        {"status": "done", "percent": 80, "narrative": "Rapat koordinasi dengan kepala lingkungan", "evidence": photo},
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "A milestone is done exactly when its progress is 100%." in body
    assert "Rapat koordinasi dengan kepala lingkungan</textarea>" in body
    assert "You had chosen the file “foto-rapat.jpg”" in body
    assert "<details open><summary>Report progress</summary>" in body
    assert 'value="80"' in body
    assert not first.reports.exists()


def test_an_evidence_photo_is_previewed_on_the_progress_page(client, plan):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, "JPEG")
    first = plan.milestones.first()
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:report", args=[plan.pk, first.pk]),
        {
            "status": "in_progress",
            "percent": 40,
            "narrative": "Sosialisasi di kantor lurah",
            "links": "",
            "evidence": SimpleUploadedFile("foto.jpg", buffer.getvalue()),
        },
    )
    evidence = first.reports.get().evidence.get()
    url = reverse("innovations:evidence", args=[evidence.pk])
    client.force_login(plan.participant.mentor.user)

    page = client.get(reverse("innovations:progress", args=[plan.pk])).content.decode()
    response = client.get(url, {"preview": "1"})

    assert f'<a href="{url}?preview=1" class="file-photo"><img src="{url}?thumbnail=1"' in page
    assert (response["Content-Type"], response["Content-Disposition"]) == ("image/jpeg", 'inline; filename="foto.jpg"')
    assert b"".join(response.streaming_content) == buffer.getvalue()
