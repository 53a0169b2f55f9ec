import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovations.models import ActionPlan, Attachment, CandidateIssue
from innovations.snapshots import inline_diff
from participants.audit import events_of
from participants.models import Notification
from seminars.services import seminar_times
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
    complete_plan,
)

State = ActionPlan.State


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def cast(plan, staff_user):
    """The same cast for every permission test."""
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)
    return {
        "owner": plan.participant.user,
        "mentor": plan.participant.mentor.user,
        "staff": staff_user,
        "other participant": ParticipantFactory(cohort=plan.participant.cohort).user,
        "other mentor": ParticipantFactory(cohort=plan.participant.cohort).mentor.user,
        "examiner": ExaminerFactory(cohort=plan.participant.cohort).user,
        "staff of another cohort": other_staff,
    }


READERS = {"owner", "mentor", "staff"}


def test_plan_pages_are_readable_by_owner_mentor_and_staff_only(client, plan, staff_user):
    people = cast(plan, staff_user)
    pages = ["detail", "history", "print", "pdf"]
    for name in pages:
        response = client.get(reverse(f"innovations:{name}", args=[plan.pk]))
        assert response.url.startswith(reverse("participants:login")), name
    for role, user in people.items():
        client.force_login(user)
        for name in pages:
            expected = 200 if role in READERS else 404
            assert client.get(reverse(f"innovations:{name}", args=[plan.pk])).status_code == expected, (role, name)


def test_writing_pages_are_the_owners_only(client, plan, staff_user):
    people = cast(plan, staff_user)
    for role, user in people.items():
        client.force_login(user)
        for name in ["edit", "issues"]:
            expected = 200 if role == "owner" else 404
            assert client.get(reverse(f"innovations:{name}", args=[plan.pk])).status_code == expected, (role, name)


def test_review_is_the_mentors_only(client, plan, staff_user):
    for role, user in cast(plan, staff_user).items():
        client.force_login(user)
        expected = 200 if role == "mentor" else 404
        assert client.get(reverse("innovations:review", args=[plan.pk])).status_code == expected, role


def test_actions_refuse_get(client, plan):
    client.force_login(plan.participant.user)
    for name in ["submit", "withdraw", "approve", "return", "autosave", "attachment_add"]:
        assert client.get(reverse(f"innovations:{name}", args=[plan.pk])).status_code == 405, name


def test_actions_are_404_for_people_who_may_not_act(client, plan, staff_user):
    people = cast(plan, staff_user)
    client.force_login(people["other participant"])
    for name in ["submit", "autosave", "attachment_add", "approve", "return"]:
        assert client.post(reverse(f"innovations:{name}", args=[plan.pk])).status_code == 404, name
    client.force_login(people["owner"])
    for name in ["approve", "return"]:
        assert client.post(reverse(f"innovations:{name}", args=[plan.pk])).status_code == 404, name
    plan.refresh_from_db()
    assert plan.state == State.DRAFT


def test_participant_starts_a_plan_once(client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    client.force_login(participant.user)

    first = client.post(reverse("innovations:start", args=[participant.pk]))
    second = client.post(reverse("innovations:start", args=[participant.pk]))

    assert first.url == second.url
    assert participant.plans.count() == 1


def test_start_for_someone_else_is_404(client, cohort):
    participant = ParticipantFactory(cohort=cohort)
    client.force_login(ParticipantFactory(cohort=cohort).user)

    assert client.post(reverse("innovations:start", args=[participant.pk])).status_code == 404
    assert not participant.plans.exists()


def edit_data(plan, **changes):
    data = {
        "title": plan.title,
        "cluster": plan.cluster_id,
        "version": plan.version,
        **{name: getattr(plan, name) for name in ActionPlan.SECTIONS},
    }
    for prefix, rows in [
        ("stakeholders", plan.stakeholders.all()),
        ("risks", plan.risks.all()),
        ("milestones", plan.milestones.all()),
    ]:
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(rows),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            for field in {
                "stakeholders": ["order", "name", "role", "interest", "influence"],
                "risks": ["order", "description", "mitigation"],
                "milestones": ["term", "deliverable", "due_date"],
            }[prefix]:
                data[f"{prefix}-{index}-{field}"] = getattr(row, field)
    return data | changes


def test_edit_saves_sections_and_adds_a_milestone(client, plan):
    client.force_login(plan.participant.user)
    data = edit_data(
        plan,
        problem="Masalah baru",
        **{
            "milestones-TOTAL_FORMS": 2,
            "milestones-1-term": "medium",
            "milestones-1-deliverable": "Evaluasi",
            "milestones-1-due_date": "2018-02-01",
        },
    )

    response = client.post(reverse("innovations:edit", args=[plan.pk]), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.problem, plan.version) == ("Masalah baru", 2)
    assert list(plan.milestones.values_list("deliverable", flat=True)) == ["SK tim", "Evaluasi"]


def test_edit_from_a_stale_tab_is_refused_and_the_text_is_kept(client, plan):
    client.force_login(plan.participant.user)
    stale = edit_data(plan, problem="Teks dari tab kedua")
    client.post(reverse("innovations:edit", args=[plan.pk]), edit_data(plan, problem="Teks dari tab pertama"))

    response = client.post(reverse("innovations:edit", args=[plan.pk]), stale)

    assert response.status_code == 409
    body = response.content.decode()
    assert "saved from another tab" in body
    assert "Teks dari tab kedua" in body
    plan.refresh_from_db()
    assert plan.problem == "Teks dari tab pertama"


def test_autosave_answers_with_the_time_and_the_new_version(client, plan):
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:autosave", args=[plan.pk]), edit_data(plan, benefits="Manfaat"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Saved at" in body
    assert 'name="version" value="2"' in body
    plan.refresh_from_db()
    assert plan.benefits == "Manfaat"


def test_autosave_conflict_is_a_409_with_a_clear_message(client, plan):
    client.force_login(plan.participant.user)
    stale = edit_data(plan, benefits="Lama")
    client.post(reverse("innovations:autosave", args=[plan.pk]), edit_data(plan, benefits="Baru"))

    response = client.post(reverse("innovations:autosave", args=[plan.pk]), stale)

    assert response.status_code == 409
    assert "another tab" in response.content.decode()
    plan.refresh_from_db()
    assert plan.benefits == "Baru"


def test_edit_of_a_submitted_plan_is_refused(client, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(state=State.SUBMITTED)
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:autosave", args=[plan.pk]), edit_data(plan, benefits="Diam-diam"))

    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.benefits != "Diam-diam"


def test_row_endpoint_gives_the_next_formset_row(client, plan):
    client.force_login(plan.participant.user)

    response = client.get(reverse("innovations:row", args=[plan.pk, "risks"]), {"risks-TOTAL_FORMS": "1"})

    body = response.content.decode()
    assert 'name="risks-1-description"' in body
    assert 'name="risks-TOTAL_FORMS" value="2"' in body


def test_issues_are_ranked_apkl_first_then_usg(client, plan):
    CandidateIssue.objects.create(plan=plan, description="Tinggi tapi gagal APKL", urgency=5, seriousness=5, growth=5)
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:issues", args=[plan.pk]),
        {
            "description": "Lolos dan tinggi",
            "aktual": "on",
            "problematik": "on",
            "kekhalayakan": "on",
            "layak": "on",
            "urgency": 5,
            "seriousness": 5,
            "growth": 5,
        },
    )

    response = client.get(reverse("innovations:issues", args=[plan.pk]))

    assert [i.description for i in response.context["issues"]] == [
        "Lolos dan tinggi",
        "Antrian panjang",
        "Tinggi tapi gagal APKL",
    ]


def test_issue_usg_out_of_range_is_refused(client, plan):
    client.force_login(plan.participant.user)

    response = client.post(
        reverse("innovations:issues", args=[plan.pk]), {"description": "X", "urgency": 6, "seriousness": 0, "growth": 3}
    )

    assert "Score from 1 to 5." in response.content.decode()
    assert not plan.issues.filter(description="X").exists()


def test_choosing_the_core_issue_shows_on_the_plan(client, plan):
    other = CandidateIssue.objects.create(plan=plan, description="Arsip berserakan", urgency=3, seriousness=3, growth=3)
    client.force_login(plan.participant.user)

    client.post(reverse("innovations:issue_choose", args=[plan.pk, other.pk]))

    assert "Arsip berserakan" in client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    return buffer.getvalue()


def test_attachment_is_kept_and_served_under_a_safe_name_with_the_extension_of_its_content(client, plan):
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("../Foto kegiatan.html", png_bytes(), content_type="text/html")},
    )
    attachment = Attachment.objects.get()
    legacy = Attachment.objects.create(
        plan=plan,
        file=attachment.file.name,
        name="setup.exe",
        content_type="image/png",
        size=1,
        uploaded_by=plan.participant.user,
    )

    response = client.get(reverse("innovations:attachment", args=[plan.pk, attachment.pk]))
    old = client.get(reverse("innovations:attachment", args=[plan.pk, legacy.pk]))

    assert (attachment.name, attachment.content_type) == ("Foto kegiatan.png", "image/png")
    assert attachment.file.name == f"private/plans/{plan.pk}/Foto_kegiatan.png"
    assert response["Content-Disposition"] == 'attachment; filename="Foto kegiatan.png"'
    assert old["Content-Disposition"] == 'attachment; filename="setup.png"'
    response.close()
    old.close()


def test_attachment_checked_by_content_and_served_privately(client, plan, staff_user):
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")},
    )
    attachment = Attachment.objects.get()
    url = reverse("innovations:attachment", args=[plan.pk, attachment.pk])

    for role, user in cast(plan, staff_user).items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 404), role
        if response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content) == png_bytes()
    assert attachment.file.name.startswith(f"private/plans/{plan.pk}/")
    client.force_login(plan.participant.user)
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", b"<html><script>alert(1)</script></html>"),
        ("foto.png", b"MZ\x90\x00 executable"),
        ("data.xlsx", b"just text pretending"),
    ],
)
def test_attachment_with_a_fake_name_is_refused(client, plan, name, content):
    client.force_login(plan.participant.user)

    response = client.post(
        reverse("innovations:attachment_add", args=[plan.pk]), {"file": SimpleUploadedFile(name, content)}, follow=True
    )

    assert "is not a PDF, an image or an office document" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_over_10_mb_is_refused(client, plan):
    client.force_login(plan.participant.user)
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)

    response = client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("besar.pdf", big)},
        follow=True,
    )

    assert "larger than 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_full_review_round_through_the_pages(client, plan):
    client.force_login(plan.participant.user)
    client.post(reverse("innovations:submit", args=[plan.pk]))
    client.force_login(plan.participant.mentor.user)
    client.post(
        reverse("innovations:return", args=[plan.pk]),
        {"note": "Perjelas masalah", "section_problem": "Data awal belum ada"},
    )
    client.force_login(plan.participant.user)
    detail = client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()
    client.post(reverse("innovations:edit", args=[plan.pk]), edit_data(plan, problem="Antrian 3 jam tiap pagi"))
    client.post(reverse("innovations:submit", args=[plan.pk]))
    client.force_login(plan.participant.mentor.user)
    review = client.get(reverse("innovations:review", args=[plan.pk])).content.decode()
    client.post(reverse("innovations:approve", args=[plan.pk]))

    plan.refresh_from_db()
    assert plan.state == State.APPROVED
    assert "Perjelas masalah" in detail
    assert "Data awal belum ada" in detail
    assert "<ins>Antrian" in review
    assert "<del>Isi" in review
    assert list(events_of(plan).values_list("to_state", flat=True)) == [
        "submitted",
        "revision",
        "submitted",
        "approved",
    ]


def test_submit_with_gaps_names_them_on_the_page(client, cohort):
    plan = ActionPlanFactory(participant__cohort=cohort)
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:submit", args=[plan.pk]), follow=True)

    assert "Still missing" in response.content.decode()
    assert "at least one short-term milestone" in response.content.decode()


def test_inline_diff_marks_words_and_escapes_html():
    assert inline_diff("antrian <b>lama</b> sekali", "antrian baru sekali") == (
        "antrian <del>&lt;b&gt;lama&lt;/b&gt;</del><ins>baru</ins> sekali"
    )


def test_history_lists_events_and_versions(client, plan):
    client.force_login(plan.participant.user)
    client.post(reverse("innovations:submit", args=[plan.pk]))

    response = client.get(reverse("innovations:history", args=[plan.pk]))

    assert [kind for kind, _at, _item in response.context["timeline"]] == ["event", "version"]


def test_pdf_of_the_plan(client, plan):
    client.force_login(plan.participant.user)

    response = client.get(reverse("innovations:pdf", args=[plan.pk]))

    assert response.content.startswith(b"%PDF-")


def test_notifications_list_and_mark_read(client, plan):
    Notification.objects.create(user=plan.participant.user, message="Rencana disetujui", url="/")
    client.force_login(plan.participant.user)

    before = client.get(reverse("participants:notifications"))
    client.post(reverse("participants:notifications_read"))

    assert "Rencana disetujui" in before.content.decode()
    assert before.context["unread_notifications"] == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_mentees_list_is_for_mentors_only(client, plan):
    client.force_login(plan.participant.user)
    assert client.get(reverse("innovations:mentees")).status_code == 404

    client.force_login(plan.participant.mentor.user)
    response = client.get(reverse("innovations:mentees"))
    assert list(response.context["plans"]) == [plan]


@pytest.mark.parametrize("count", [1, 3])
def test_mentees_list_query_count_does_not_grow(client, cohort, count, django_assert_num_queries):
    first = ActionPlanFactory(participant__cohort=cohort)
    mentor = first.participant.mentor
    ActionPlanFactory.create_batch(count - 1, participant__cohort=cohort, participant__mentor=mentor)
    client.force_login(mentor.user)

    with django_assert_num_queries(6):
        client.get(reverse("innovations:mentees"))


@pytest.mark.parametrize("count", [1, 3])
def test_notifications_query_count_does_not_grow(client, plan, count, django_assert_num_queries):
    for _ in range(count):
        Notification.objects.create(user=plan.participant.user, message="x", url="/")
    client.force_login(plan.participant.user)

    with django_assert_num_queries(4):
        client.get(reverse("participants:notifications"))


def test_every_other_plan_view_keeps_outsiders_out(client, plan, staff_user):
    issue = plan.core_issue
    attachment = Attachment.objects.create(
        plan=plan,
        file=SimpleUploadedFile("a.png", png_bytes()),
        name="a.png",
        content_type="image/png",
        size=10,
        uploaded_by=plan.participant.user,
    )
    client.force_login(plan.participant.user)
    client.post(reverse("innovations:submit", args=[plan.pk]))
    ActionPlan.objects.filter(pk=plan.pk).update(state=State.DRAFT)
    owner_only = [
        ("get", reverse("innovations:issue_edit", args=[plan.pk, issue.pk])),
        ("post", reverse("innovations:issue_choose", args=[plan.pk, issue.pk])),
        ("get", reverse("innovations:row", args=[plan.pk, "risks"])),
        ("post", reverse("innovations:attachment_delete", args=[plan.pk, attachment.pk])),
    ]
    readers = [("get", reverse("innovations:version", args=[plan.pk, 1]))]
    client.logout()
    for method, url in owner_only + readers:
        assert getattr(client, method)(url).url.startswith(reverse("participants:login")), url
    for role, user in cast(plan, staff_user).items():
        client.force_login(user)
        for method, url in owner_only:
            if role != "owner":
                assert getattr(client, method)(url).status_code == 404, (role, url)
        for method, url in readers:
            assert getattr(client, method)(url).status_code == (200 if role in READERS else 404), (role, url)
    client.force_login(plan.participant.user)
    assert client.get(reverse("innovations:issue_choose", args=[plan.pk, issue.pk])).status_code == 405
    assert client.get(reverse("innovations:attachment_delete", args=[plan.pk, attachment.pk])).status_code == 405
    assert client.get(reverse("participants:notifications_read")).status_code == 405
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_examiner_on_the_panel_may_read_the_plan(client, plan):

    seminar = SeminarFactory(cohort=plan.participant.cohort)
    examiner = ExaminerFactory(cohort=seminar.cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room

    start, end = seminar_times(seminar)[0]
    seminar.slots.create(room=room, plan=plan, starts_at=start, ends_at=end)
    client.force_login(examiner.user)

    assert client.get(reverse("innovations:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("innovations:edit", args=[plan.pk])).status_code == 404


def test_notifications_need_sign_in(client, db):
    assert client.get(reverse("participants:notifications")).url.startswith(reverse("participants:login"))


def test_a_picture_attachment_is_previewed_inline_for_its_readers_only(client, plan, staff_user):
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")},
    )
    attachment = Attachment.objects.get()
    url = reverse("innovations:attachment", args=[plan.pk, attachment.pk])

    page = client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()
    assert f'<a href="{url}?preview=1" class="file-photo"><img src="{url}?thumbnail=1"' in page
    for role, user in cast(plan, staff_user).items():
        client.force_login(user)
        response = client.get(url, {"preview": "1"})
        assert response.status_code == (200 if role in READERS else 404), role
        if response.status_code == 200:
            assert response["Content-Disposition"] == 'inline; filename="foto.png"'
            assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content) == png_bytes()


def test_a_document_is_never_shown_inline_even_when_asked(client, plan):
    client.force_login(plan.participant.user)
    client.post(
        reverse("innovations:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%EOF\n", content_type="application/pdf")},
    )
    attachment = Attachment.objects.get()

    response = client.get(reverse("innovations:attachment", args=[plan.pk, attachment.pk]), {"preview": "1"})

    assert response["Content-Disposition"] == 'attachment; filename="laporan.pdf"'
    assert "<img" not in client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()
    response.close()
