import hashlib
import io
import threading
import zipfile
from types import SimpleNamespace

import pytest
import zxingcpp
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from freezegun import freeze_time
from PIL import Image

from innovations.models import ActionPlan
from participants.audit import events_of
from participants.jobs import run_job
from participants.models import Cohort, Job, Notification, Region
from seminars import agreements, revisions
from seminars.documents import archive_name
from seminars.models import Agreement
from seminars.zones import zone_of
from tests.downloads import ask, fetch
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ExaminerFactory,
    ParticipantFactory,
    UserFactory,
    complete_plan,
    examined_plan,
)


@pytest.fixture
def plan_and_examiner(cohort):
    return examined_plan(cohort)


def read_pdf(agreement) -> bytes:
    with agreement.pdf.open("rb") as pdf:
        return pdf.read()


def parties(plan, examiner):
    return {"participant": plan.participant.user, "mentor": plan.participant.mentor.user, "examiner": examiner.user}


def sign_all(agreement, people, order=("participant", "mentor", "examiner")):
    """Every signature, then what the worker does after the commit: render and store the sealed PDF."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for role in order:
            agreements.sign(agreement, by=people[role], password=PASSWORD, ip_address="10.0.0.1", user_agent="test")


def test_agreement_is_generated_from_the_revised_milestones(plan_and_examiner):
    plan, examiner = plan_and_examiner
    revision = revisions.propose_revision(
        plan,
        by=plan.participant.user,
        milestones=[
            {"term": "short", "deliverable": "SK tim", "due_date": "2017-09-30"},
            {"term": "medium", "deliverable": "Evaluasi tiga bulan", "due_date": "2017-12-31"},
        ],
    )

    agreement = revisions.confirm_revision(revision, by=plan.participant.mentor.user)

    assert [m["deliverable"] for m in agreement.content["milestones"]] == ["SK tim", "Evaluasi tiga bulan"]
    assert agreement.content["examiner_notes"] == [
        {"examiner": examiner.user.full_name, "note": "Tambah tonggak evaluasi."}
    ]
    assert list(plan.milestones.values_list("deliverable", flat=True)) == ["SK tim", "Evaluasi tiga bulan"]
    assert agreement.examiner == examiner


def test_milestones_can_be_revised_once_only(plan_and_examiner):
    plan, _examiner = plan_and_examiner
    rows = [{"term": "short", "deliverable": "SK", "due_date": "2017-09-30"}]
    revisions.propose_revision(plan, by=plan.participant.user, milestones=rows)

    with pytest.raises(ValidationError, match="once only"):
        revisions.propose_revision(plan, by=plan.participant.user, milestones=rows)


def test_revision_waits_for_the_mentor_before_preparing(plan_and_examiner):
    plan, _examiner = plan_and_examiner
    revisions.propose_revision(
        plan, by=plan.participant.user, milestones=[{"term": "short", "deliverable": "SK", "due_date": "2017-09-30"}]
    )

    with pytest.raises(ValidationError, match="wait for the mentor"):
        agreements.prepare_agreement(plan, by=plan.participant.user)


def test_signing_order_is_free_but_each_party_signs_once(plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    people = parties(plan, examiner)
    sign_all(agreement, people, order=("examiner", "participant"))

    with pytest.raises(ValidationError, match="already signed"):
        agreements.sign(agreement, by=people["participant"], password=PASSWORD, ip_address=None, user_agent="")

    agreement.refresh_from_db()
    assert agreement.signatures.count() == 2
    assert agreement.sealed_at is None


def test_wrong_password_is_refused(plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    with pytest.raises(ValidationError, match="password is not correct"):
        agreements.sign(agreement, by=plan.participant.user, password="salah", ip_address=None, user_agent="")

    assert not agreement.signatures.exists()


def test_signing_an_agreement_discarded_while_the_page_was_open_is_told_not_a_crash(plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    Agreement.objects.filter(pk=agreement.pk).delete()  # a score sheet reopened meanwhile discards it

    with pytest.raises(ValidationError) as refused:
        agreements.sign(agreement, by=plan.participant.user, password=PASSWORD, ip_address=None, user_agent="")

    assert refused.value.messages == [
        "This agreement was discarded just now (a score sheet of the plan was reopened), so it is not signed."
    ]


def test_outsider_cannot_sign(plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    with pytest.raises(ValidationError, match="not one of those who sign this sheet"):
        agreements.sign(agreement, by=UserFactory(), password=PASSWORD, ip_address=None, user_agent="")


def test_third_signature_seals_once_and_the_plan_is_agreed(plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    sign_all(agreement, parties(plan, examiner))

    agreement.refresh_from_db()
    plan.refresh_from_db()
    assert agreement.is_sealed
    assert plan.state == "agreed"
    assert events_of(plan).filter(to_state="agreed").count() == 1
    assert read_pdf(agreement).startswith(b"%PDF-")
    signature = agreement.signatures.get(role="participant")
    assert (signature.ip_address, signature.user_agent, signature.content_hash) == (
        "10.0.0.1",
        "test",
        agreement.content_hash,
    )


def test_plan_cannot_be_edited_after_sealing(client, plan_and_examiner):
    plan, examiner = plan_and_examiner
    sign_all(agreements.prepare_agreement(plan, by=plan.participant.user), parties(plan, examiner))
    client.force_login(plan.participant.user)

    response = client.post(reverse("innovations:autosave", args=[plan.pk]), {"title": "Diubah", "version": 99})
    revision = client.post(
        reverse("seminars:agreement_revise", args=[plan.pk]),
        {
            "milestones-TOTAL_FORMS": 1,
            "milestones-INITIAL_FORMS": 0,
            "milestones-0-term": "short",
            "milestones-0-deliverable": "Baru",
            "milestones-0-due_date": "2018-01-01",
        },
        follow=True,
    )

    assert response.status_code == 409
    assert "can no longer be edited" in response.content.decode()
    assert "revise the milestones" in revision.content.decode().lower()
    plan.refresh_from_db()
    assert plan.title != "Diubah"
    assert not plan.milestones.filter(deliverable="Baru").exists()


def test_verification_of_the_genuine_pdf_a_modified_pdf_and_an_unknown_code(client, plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    sign_all(agreement, parties(plan, examiner))
    agreement.refresh_from_db()
    genuine = read_pdf(agreement)
    url = reverse("seminars:verify", args=[agreement.code])

    page = client.get(url)
    same = client.post(url, {"pdf": io.BytesIO(genuine)})
    changed = client.post(url, {"pdf": io.BytesIO(genuine.replace(b"%%EOF", b"%%EOF\n% edited"))})
    unknown = client.get(reverse("seminars:verify", args=["ZZZZZZZZZZ"]))

    assert "Genuine and unchanged." in page.content.decode()
    assert plan.title in page.content.decode()
    assert plan.participant.user.nip not in page.content.decode()
    assert "byte for byte the sealed PDF" in same.content.decode()
    assert "differs from the sealed PDF" in changed.content.decode()
    assert unknown.status_code == 404
    assert "No sealed agreement or certificate has the code" in unknown.content.decode()


def test_verification_notices_tampered_content(client, plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    sign_all(agreement, parties(plan, examiner))
    content = agreement.content | {"plan": agreement.content["plan"] | {"title": "Judul lain"}}
    Agreement.objects.filter(pk=agreement.pk).update(content=content)

    response = client.get(reverse("seminars:verify", args=[agreement.code]))

    assert "Changed." in response.content.decode()


def test_verify_form_sends_the_code_to_its_page(client, db):
    response = client.get(reverse("seminars:verify_form"), {"code": "abcd2345"})

    assert response.url == reverse("seminars:verify", args=["ABCD2345"])


def test_verify_is_rate_limited(client, db):
    cache.clear()
    with freeze_time("2017-08-21 10:00:30"):  # one rate-limit window for every request
        statuses = [client.get(reverse("seminars:verify", args=["ZZZZZZZZZZ"])).status_code for _ in range(31)]

    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


def test_qr_code_decodes_to_the_verification_address(plan_and_examiner, settings):
    settings.SITE_URL = "https://inovasi.example.go.id"
    plan, _examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    [result] = zxingcpp.read_barcodes(Image.open(io.BytesIO(agreements.qr_png(agreement))))

    assert result.text == f"https://inovasi.example.go.id/verify/{agreement.code}/"


@pytest.mark.django_db(transaction=True)
def test_two_last_signatures_at_once_seal_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")
    cohort = CohortFactory()
    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    people = parties(plan, examiner)
    agreements.sign(agreement, by=people["participant"], password=PASSWORD, ip_address=None, user_agent="")
    barrier, errors = threading.Barrier(2), []

    def sign(user):
        try:
            barrier.wait()
            agreements.sign(agreement, by=user, password=PASSWORD, ip_address=None, user_agent="")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(people[role],)) for role in ("mentor", "examiner")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    plan.refresh_from_db()
    assert plan.state == "agreed"
    assert events_of(plan).filter(to_state="agreed").count() == 1
    assert Job.objects.filter(kind="sealed_pdf").count() == 1  # one PDF to render, after the one commit that sealed


# Pages -----------------------------------------------------------------------------------------


def test_agreement_pages_permissions(client, plan_and_examiner, staff_user):
    plan, examiner = plan_and_examiner
    agreements.prepare_agreement(plan, by=plan.participant.user)
    detail = reverse("seminars:agreement", args=[plan.pk])
    other_staff = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(other_staff)

    assert client.get(detail).url.startswith(reverse("participants:login"))
    for user in [plan.participant.user, plan.participant.mentor.user, examiner.user, staff_user]:
        client.force_login(user)
        assert client.get(detail).status_code == 200
    for user in [
        ParticipantFactory(cohort=plan.participant.cohort).user,
        other_staff,
        ExaminerFactory(cohort=plan.participant.cohort).user,
    ]:
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert (
            client.post(reverse("seminars:agreement_sign", args=[plan.pk]), {"password": PASSWORD}).status_code == 404
        )
    client.force_login(plan.participant.user)
    for name in ["agreement_sign", "agreement_prepare", "revision_confirm"]:
        assert client.get(reverse(f"seminars:{name}", args=[plan.pk])).status_code == 405
    client.force_login(other_staff)
    assert client.get(reverse("seminars:agreement_list", args=[plan.participant.cohort.slug])).status_code == 404
    assert client.post(reverse("seminars:agreement_zip", args=[plan.participant.cohort.slug])).status_code == 404


def test_signing_through_the_page_records_the_browser_and_address(client, plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(plan.participant.user)

    client.post(
        reverse("seminars:agreement_sign", args=[plan.pk]),
        {"password": PASSWORD},
        HTTP_USER_AGENT="Firefox",
        REMOTE_ADDR="192.0.2.7",
    )

    signature = agreements.sheet_of(plan).signatures.get()
    assert (signature.role, signature.user_agent, signature.ip_address) == ("participant", "Firefox", "192.0.2.7")


def test_staff_list_reminders_and_zip(client, plan_and_examiner, staff_user, mailoutbox):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    agreements.sign(agreement, by=plan.participant.user, password=PASSWORD, ip_address=None, user_agent="")
    client.force_login(staff_user)
    slug = plan.participant.cohort.slug

    listing = client.get(reverse("seminars:agreement_list", args=[slug]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("seminars:agreement_remind", args=[slug]))

    assert listing.context["rows"] == [(agreement, ["mentor", "examiner"])]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([plan.participant.mentor.user.email, examiner.user.email])
    assert plan.title in mailoutbox[0].body
    sign_all(agreement, parties(plan, examiner), order=("mentor", "examiner"))
    response, job = ask(client, reverse("seminars:agreement_zip", args=[slug]))
    download, data = fetch(client, job)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert (response.url, job.state, job.progress_done) == (reverse("participants:downloads"), "done", 1)
    assert download["Content-Type"] == "application/zip"
    assert archive.namelist() == [f"{plan.participant.roll_number:03d}-{slugify(plan.participant.user.full_name)}.pdf"]
    agreement.refresh_from_db()
    assert archive.read(archive.namelist()[0]) == read_pdf(agreement)


def test_sealing_leaves_the_pdf_to_the_worker_and_the_pages_say_so(client, plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    people = parties(plan, examiner)
    for role in ("participant", "mentor", "examiner"):  # committed never: the worker has not run yet
        agreements.sign(agreement, by=people[role], password=PASSWORD, ip_address=None, user_agent="")
    client.force_login(plan.participant.user)

    agreement.refresh_from_db()
    download = client.get(reverse("seminars:agreement_pdf", args=[plan.pk]))
    detail = client.get(reverse("seminars:agreement", args=[plan.pk]))
    verify = client.get(reverse("seminars:verify", args=[agreement.code]))

    assert (agreement.is_sealed, agreement.pdf.name, agreement.pdf_hash) == (True, "", "")
    assert agreements.pdf_job(agreement).state == "queued"
    assert download.status_code == 202
    assert "The sealed PDF is being prepared" in download.content.decode()
    assert "The sealed PDF is being prepared" in detail.content.decode()
    assert "still being prepared, so no file can be compared" in verify.content.decode()
    assert "Genuine and unchanged." in verify.content.decode()


def test_sealed_pdf_job_renders_once_however_often_it_runs(plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    sign_all(agreement, parties(plan, examiner))
    agreement.refresh_from_db()
    first = agreement.pdf.name
    job = agreements.pdf_job(agreement)

    again = agreements.store_sealed_pdf(agreement)
    rerun = run_job.call(job.pk)

    agreement.refresh_from_db()
    assert (job.state, job.requested_by, job.cohort) == ("done", None, plan.participant.cohort)
    assert (again, rerun, agreement.pdf.name) == (False, "not queued", first)
    assert agreement.pdf_hash == hashlib.sha256(read_pdf(agreement)).hexdigest()


@pytest.mark.parametrize("count", [1, 3])
def test_agreement_list_query_count_does_not_grow(client, cohort, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        plan, _examiner = examined_plan(cohort)
        agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(staff_user)

    with django_assert_num_queries(7):
        client.get(reverse("seminars:agreement_list", args=[cohort.slug]))


def test_plan_not_yet_examined_gets_no_agreement(cohort):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)

    with pytest.raises(ValidationError, match="examined"):
        agreements.prepare_agreement(plan, by=plan.participant.user)


def test_only_the_participant_mentor_or_staff_prepare_the_agreement(plan_and_examiner):
    plan, examiner = plan_and_examiner

    with pytest.raises(ValidationError, match="Only the participant, their mentor or coach, or the organiser"):
        agreements.prepare_agreement(plan, by=examiner.user)

    assert not Agreement.objects.exists()


def test_each_signature_moves_the_agreement_and_is_one_audit_event(plan_and_examiner):
    plan, examiner = plan_and_examiner
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    people = parties(plan, examiner)
    states = [agreement.state]

    for role in ("mentor", "participant", "examiner"):
        agreements.sign(agreement, by=people[role], password=PASSWORD, ip_address="10.0.0.9", user_agent="t")
        agreement.refresh_from_db()
        states.append(agreement.state)

    assert states == ["prepared", "signing", "signing", "sealed"]
    assert [
        (e.verb, e.actor, e.from_state, e.to_state, e.data.get("role", e.data.get("number")))
        for e in events_of(agreement)
    ] == [
        ("agreement.prepare", people["participant"], "", "prepared", f"800/1/BKDPSDM/{timezone.localdate().year}"),
        ("agreement.sign", people["mentor"], "prepared", "signing", "mentor"),
        ("agreement.sign", people["participant"], "signing", "signing", "participant"),
        ("agreement.sign", people["examiner"], "signing", "sealed", "examiner"),
    ]


def test_the_three_parties_are_told_when_it_is_ready_and_when_it_is_sealed(
    plan_and_examiner, django_capture_on_commit_callbacks, mailoutbox
):
    plan, examiner = plan_and_examiner
    people = parties(plan, examiner)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
        sign_all(agreement, people)

    title = plan.title
    for person in people.values():
        assert list(Notification.objects.filter(user=person).values_list("message", flat=True)) == [
            f"Kesepakatan “{title}” telah ditandatangani ketiga pihak dan disegel.",
            f"Kesepakatan “{title}” menunggu tanda tangan Anda: tanda tangani dengan kata sandi Anda.",
        ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(2 * [p.email for p in people.values()])


def test_a_proposed_revision_tells_the_mentor_and_its_confirmation_is_audited(
    plan_and_examiner, django_capture_on_commit_callbacks
):
    plan, _examiner = plan_and_examiner
    mentor = plan.participant.mentor.user
    rows = [{"term": "short", "deliverable": "SK", "due_date": "2017-09-30"}]
    with django_capture_on_commit_callbacks(execute=True):
        revision = revisions.propose_revision(plan, by=plan.participant.user, milestones=rows)

    assert Notification.objects.get(user=mentor).url == reverse("seminars:agreement", args=[plan.pk])
    with pytest.raises(ValidationError, match="Only the participant's mentor can confirm"):
        revisions.confirm_revision(revision, by=plan.participant.user)
    revisions.confirm_revision(revision, by=mentor)
    revision.refresh_from_db()
    assert revision.state == "confirmed"
    assert [(e.verb, e.actor) for e in events_of(revision)] == [
        ("revision.propose", plan.participant.user),
        ("revision.confirm", mentor),
    ]


def test_signing_behind_a_proxy_records_the_client_s_address_not_the_proxy_s(client, plan_and_examiner, settings):
    settings.PROXY_COUNT = 1
    plan, _examiner = plan_and_examiner
    agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(plan.participant.user)

    client.post(
        reverse("seminars:agreement_sign", args=[plan.pk]),
        {"password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )

    assert agreements.sheet_of(plan).signatures.get().ip_address == "203.0.113.9"


def test_signing_after_five_wrong_passwords_refuses_the_right_one(client, plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(plan.participant.user)
    url = reverse("seminars:agreement_sign", args=[plan.pk])
    for _ in range(5):
        wrong = client.post(url, {"password": "salah"}, follow=True)
        assert "The password is not correct. The agreement is not signed." in wrong.content.decode()

    response = client.post(url, {"password": PASSWORD}, follow=True)

    assert "wrong too many times. Wait 15 minutes" in response.content.decode()
    assert not agreements.sheet_of(plan).signatures.exists()


def test_signing_with_no_password_asks_for_it(client, plan_and_examiner):
    plan, _examiner = plan_and_examiner
    agreements.prepare_agreement(plan, by=plan.participant.user)
    client.force_login(plan.participant.user)

    response = client.post(reverse("seminars:agreement_sign", args=[plan.pk]), {"password": ""}, follow=True)

    assert "Enter your password." in response.content.decode()
    assert "not correct" not in response.content.decode()
    assert not agreements.sheet_of(plan).signatures.exists()


def test_archive_names_each_pdf_after_its_participant_in_plain_ascii():
    participant = SimpleNamespace(roll_number=7, user=SimpleNamespace(full_name="Dra. Hj. Nur Aini Siregar, M.Si."))
    first = SimpleNamespace(plan=SimpleNamespace(participant=participant), code="ABCDEF2345")
    second = SimpleNamespace(plan=SimpleNamespace(participant=participant), code="ZXCVBN6789")
    nameless = SimpleNamespace(
        plan=SimpleNamespace(participant=SimpleNamespace(roll_number=12, user=SimpleNamespace(full_name="Ñ…"))),
        code="QWERTY2345",
    )
    taken = set()

    names = [archive_name(agreement, taken) for agreement in (first, second, nameless)]

    assert names == [
        "007-dra-hj-nur-aini-siregar-msi.pdf",
        "007-dra-hj-nur-aini-siregar-msi-ZXCVBN6789.pdf",
        "012-n.pdf",
    ]


def test_staff_prepare_the_agreement_of_a_participant_who_has_not(
    client, plan_and_examiner, staff_user, django_capture_on_commit_callbacks
):
    plan, examiner = plan_and_examiner
    slug = plan.participant.cohort.slug
    client.force_login(staff_user)
    listing = client.get(reverse("seminars:agreement_list", args=[slug]))
    assert list(listing.context["not_prepared"]) == [plan]
    assert "Prepare the agreement of " in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("seminars:agreement_prepare_for", args=[slug]), {"plan": plan.pk}, follow=True)

    agreement = Agreement.objects.get(plan=plan)
    assert [str(m) for m in response.context["messages"]] == [
        f"The agreement of {plan.participant.user.full_name} is ready to sign; the three parties are told."
    ]
    assert [(e.verb, e.actor) for e in events_of(agreement)] == [("agreement.prepare", staff_user)]
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {plan.participant.user_id, plan.participant.mentor.user_id, examiner.user_id}


@pytest.mark.parametrize("posted", ["", "x", "other cohort"])
def test_staff_prepare_refuses_a_plan_not_of_the_cohort(client, plan_and_examiner, staff_user, posted):
    plan, _examiner = plan_and_examiner
    if posted == "other cohort":
        other_plan, _other = examined_plan(CohortFactory(organisation=plan.participant.cohort.organisation))
        posted = other_plan.pk
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:agreement_prepare_for", args=[plan.participant.cohort.slug]), {"plan": posted}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Choose an examined plan of this cohort."]
    assert not Agreement.objects.exists()


def test_staff_prepare_of_a_plan_not_yet_examined_says_why(client, cohort, staff_user):
    plan = complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:agreement_prepare_for", args=[cohort.slug]), {"plan": plan.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "An agreement is prepared only for a plan that has been examined."
    ]
    assert not Agreement.objects.exists()


def test_staff_prepare_is_for_the_cohorts_staff_only(client, plan_and_examiner):
    plan, examiner = plan_and_examiner
    url = reverse("seminars:agreement_prepare_for", args=[plan.participant.cohort.slug])

    anonymous = client.post(url, {"plan": plan.pk})
    statuses = []
    for user in (UserFactory(is_staff=True), examiner.user, plan.participant.mentor.user):
        client.force_login(user)
        statuses.append(client.post(url, {"plan": plan.pk}).status_code)

    assert (anonymous.status_code, anonymous.url.split("?")[0]) == (302, reverse("participants:login"))
    assert statuses == [404, 404, 404]
    assert client.get(url).status_code == 405
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("code", "name", "shown"),
    [
        ("12.71", "Kota Medan", "21 August 2017 10:00 WIB"),
        ("73.71", "Kota Makassar", "21 August 2017 11:00 WITA"),
        ("91.71", "Kota Jayapura", "21 August 2017 12:00 WIT"),
    ],
)
def test_verify_page_gives_the_times_in_the_cohorts_zone_and_names_it(client, plan_and_examiner, code, name, shown):
    plan, examiner = plan_and_examiner
    province = Region.objects.get_or_create(code=code[:2], defaults={"name": "P", "level": 1, "kind": "provinsi"})[0]
    city = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": 2, "kind": "kota", "parent": province}
    )[0]
    Cohort.objects.filter(pk=plan.participant.cohort_id).update(region=city)
    with freeze_time("2017-08-21 03:00:00"):  # 10:00 in Medan
        agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
        sign_all(agreement, parties(plan, examiner))

    body = client.get(reverse("seminars:verify", args=[agreement.code])).content.decode()

    assert f'<dd class="col-sm-9">{shown}</dd>' in body
    assert body.count(f"signed on {shown}") == 3


def test_zone_of_a_cohort_without_a_region_is_the_sites(cohort):
    Cohort.objects.filter(pk=cohort.pk).update(region=None)
    cohort.refresh_from_db()
    cohort.organisation.region = None

    assert zone_of(cohort).abbreviation == "WIB"
