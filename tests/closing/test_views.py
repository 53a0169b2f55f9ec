"""The pages of a training's close, for its staff and its participants: who may open them, what they do."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from closing import certificates, grades
from closing.models import Certificate, ComponentScore
from participants.models import AuditEvent, Job
from tests.closing.conftest import graded_cohort, scored
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def outsider(db):
    other = graded_cohort()
    user = UserFactory(is_staff=True)
    other.organisation.staff_members.add(user)
    return user


def grid(participant, **scores):
    return {f"score_{participant.pk}_{key}": value for key, value in scores.items()}


def test_the_grades_page_needs_sign_in_and_is_not_found_for_another_organisations_staff(
    client, closing_cohort, outsider
):
    url = reverse("closing:grades", args=[closing_cohort.slug])

    anonymous = client.get(url)
    client.force_login(outsider)
    other = client.get(url)

    assert (anonymous.status_code, anonymous.url.startswith(reverse("participants:login")), other.status_code) == (
        302,
        True,
        404,
    )


def test_staff_type_the_missing_components_in_the_grid(client, closing_cohort, staff_user):
    first, second = scored(closing_cohort, [90, 80])
    client.force_login(staff_user)
    url = reverse("closing:grades", args=[closing_cohort.slug])

    response = client.post(
        url, {"version": 1, **grid(first, academic="88", attitude="90,5"), **grid(second, academic="75")}, follow=True
    )

    stored = sorted(ComponentScore.objects.values_list("participant_id", "key", "value"))
    assert stored == [(first.pk, "academic", D(88)), (first.pk, "attitude", D("90.5")), (second.pk, "academic", D(75))]
    assert [str(m) for m in response.context["messages"]] == ["3 scores saved."]
    row = response.context["rows"][0][0]
    assert (row.final, row.band, row.passed) == (D("89.50"), "Memuaskan", True)


def test_an_out_of_range_score_is_named_and_nothing_is_saved(client, closing_cohort, staff_user):
    first, second = scored(closing_cohort, [90, 80])
    client.force_login(staff_user)

    response = client.post(
        reverse("closing:grades", args=[closing_cohort.slug]),
        {"version": 1, **grid(first, academic="88"), **grid(second, academic="120", attitude="abc")},
    )

    errors = {field.label: field.errors for field in response.context["form"] if field.errors}
    assert errors == {
        f"Evaluasi akademik · {second.user.full_name}": ["A score is from 0 to 100."],
        f"Sikap perilaku · {second.user.full_name}": ["Write a number from 0 to 100, e.g. 85 or 85,5."],
    }
    assert ComponentScore.objects.count() == 0


def test_a_box_for_someone_outside_the_cohort_is_refused(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    stranger = scored(graded_cohort(), [70])[0]
    client.force_login(staff_user)

    response = client.post(
        reverse("closing:grades", args=[closing_cohort.slug]),
        {"version": 1, **grid(first, academic="88"), **grid(stranger, academic="99")},
    )

    assert response.context["form"].non_field_errors()[0].startswith("This form was changed outside its page")
    assert ComponentScore.objects.count() == 0


def test_a_grid_opened_before_another_save_keeps_what_was_typed(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    client.force_login(staff_user)
    url = reverse("closing:grades", args=[closing_cohort.slug])
    client.post(url, {"version": 1, **grid(first, academic="70")})

    response = client.post(url, {"version": 1, **grid(first, academic="95")})

    assert response.context["conflict"] is True
    assert response.context["form"][f"score_{first.pk}_academic"].value() == "95"
    assert ComponentScore.objects.get().value == D(70)


def test_the_recap_downloads_as_a_spreadsheet(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    client.force_login(staff_user)

    response = client.get(reverse("closing:grades", args=[closing_cohort.slug]), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == [
        "NDH",
        "Name",
        "NIP",
        "Evaluasi akademik",
        "Sikap perilaku",
        "Seminar rancangan",
        "Final grade",
        "Qualification",
        "Passed",
        "Ranking",
        "Certificate",
    ]
    assert rows[1][3:10] == [80, 80, 90, 85, "Memuaskan", "yes", 1]


def test_the_recap_pdf_is_numbered_and_made_by_the_worker(
    client, closing_cohort, staff_user, django_capture_on_commit_callbacks
):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    client.force_login(staff_user)

    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("closing:recap_pdf", args=[closing_cohort.slug]))

    jobs = list(Job.objects.filter(kind=Job.Kind.GRADE_RECAP).order_by("pk"))
    assert [job.state for job in jobs] == ["done", "done"]
    # The same grades keep the same number; the document is rendered again under it.
    assert grades.grade_book(closing_cohort).recap_number.startswith("800/1/")


def test_the_rules_page_saves_adjusted_weights(client, closing_cohort, staff_user):
    client.force_login(staff_user)
    url = reverse("closing:grading_rules", args=[closing_cohort.slug])
    form = client.get(url).context
    data = {
        "fingerprint": form["form"].initial["fingerprint"],
        "pass_mark": "65",
        "lesson_hours": "48",
        "training_type": "Diklat Teknis",
        "components-TOTAL_FORMS": "3",
        "components-INITIAL_FORMS": "3",
        "components-0-key": "academic",
        "components-0-label": "Evaluasi akademik",
        "components-0-weight": "40",
        "components-0-source": "entered",
        "components-1-key": "attitude",
        "components-1-label": "Sikap perilaku",
        "components-1-weight": "10",
        "components-1-source": "entered",
        "components-1-minimum": "60",
        "components-2-key": "seminar",
        "components-2-label": "Seminar rancangan",
        "components-2-weight": "50",
        "components-2-source": "seminar:design",
        "bands-TOTAL_FORMS": "2",
        "bands-INITIAL_FORMS": "2",
        "bands-0-above": "80",
        "bands-0-label": "Baik",
        "bands-1-label": "Cukup",
    }

    response = client.post(url, data)

    closing_cohort.refresh_from_db()
    spec = closing_cohort.programme_spec
    assert response.status_code == 302
    assert ([c.weight for c in spec.components], spec.pass_mark, spec.lesson_hours, [b.label for b in spec.bands]) == (
        [40, 10, 50],
        D(65),
        48,
        ["Baik", "Cukup"],
    )


def test_issuing_on_the_page_names_who_did_not_pass(client, closing_cohort, staff_user):
    passed, failed = scored(closing_cohort, [90, 40])
    values = {p.pk: {"academic": D(80), "attitude": D(80)} for p in (passed, failed)}
    grades.save_scores(closing_cohort, version=1, values=values, by=staff_user)
    client.force_login(staff_user)
    url = reverse("closing:certificate_issue", args=[closing_cohort.slug])

    refused = client.post(url, {"participant": [passed.pk, failed.pk]}, follow=True)
    issued = client.post(url, follow=True)

    assert [str(m) for m in refused.context["messages"]] == [
        f"{failed.user.full_name} did not pass, so gets no certificate."
    ]
    assert [str(m) for m in issued.context["messages"]] == [
        "1 certificate issued; its PDF is being prepared and its participant is told."
    ]
    assert list(Certificate.objects.values_list("participant", flat=True)) == [passed.pk]


def test_the_participant_downloads_their_own_certificate_and_nobody_elses(
    client, closing_cohort, staff_user, django_capture_on_commit_callbacks
):
    first, second = scored(closing_cohort, [90, 85])
    values = {p.pk: {"academic": D(80), "attitude": D(80)} for p in (first, second)}
    grades.save_scores(closing_cohort, version=1, values=values, by=staff_user)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("closing:certificate_issue", args=[closing_cohort.slug]))
    mine, theirs = Certificate.objects.order_by("participant__roll_number")

    client.force_login(first.user)
    own = client.get(reverse("closing:certificate_pdf", args=[mine.pk]))
    other = client.get(reverse("closing:certificate_pdf", args=[theirs.pk]))
    page = client.get(reverse("closing:my_certificates", args=[closing_cohort.slug]))

    assert (own.status_code, own["Content-Type"], b"".join(own.streaming_content)[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    assert other.status_code == 404
    assert [c.number for c in page.context["certificates"]] == [mine.number]


def test_revoking_and_reissuing_on_the_page(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    client.force_login(staff_user)
    client.post(reverse("closing:certificate_issue", args=[closing_cohort.slug]))
    old = Certificate.objects.get()

    client.post(
        reverse("closing:certificate_reissue", args=[closing_cohort.slug, old.pk]), {"reason": "NIP salah ketik"}
    )
    new = Certificate.objects.get(state="issued")
    client.post(reverse("closing:certificate_revoke", args=[closing_cohort.slug, new.pk]), {"reason": ""})
    client.post(reverse("closing:certificate_revoke", args=[closing_cohort.slug, new.pk]), {"reason": "Dibatalkan"})

    assert sorted(Certificate.objects.values_list("state", flat=True)) == ["replaced", "revoked"]
    assert list(AuditEvent.objects.filter(verb__startswith="certificate.").values_list("verb", flat=True)) == [
        "certificate.issue",
        "certificate.reissue",
        "certificate.revoke",
    ]


def test_the_siasn_record_has_exactly_its_fields(client, closing_cohort, staff_user):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    (certificate,) = certificates.issue_certificates(closing_cohort, by=staff_user)
    client.force_login(staff_user)
    url = reverse("closing:siasn", args=[closing_cohort.slug])

    xlsx = client.get(url, {"format": "xlsx"})
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()

    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3)]
    assert rows == [
        [
            "NIP",
            "Jenis Diklat",
            "Nama Diklat",
            "Institusi Penyelenggara",
            "Nomor Sertifikat",
            "Tanggal Sertifikat",
            "Tahun Diklat",
            "Jumlah Jam",
        ],
        [
            first.user.nip,
            "Diklat Teknis",
            f"{closing_cohort.training_title} {closing_cohort.name}",
            "BKDPSDM Kota Medan",
            certificate.number,
            rows[1][5],
            2017,
            40,
        ],
    ]
    assert rows[1][5].date() == certificate.issued_on
    assert csv[1].split(";")[0] == first.user.nip_display


def test_the_certificate_archive_names_each_pdf_by_nip(
    client, closing_cohort, staff_user, django_capture_on_commit_callbacks
):
    people = scored(closing_cohort, [90, 85])
    values = {p.pk: {"academic": D(80), "attitude": D(80)} for p in people}
    grades.save_scores(closing_cohort, version=1, values=values, by=staff_user)
    certificates.issue_certificates(closing_cohort, by=staff_user)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("closing:certificate_archive", args=[closing_cohort.slug]))

    job = Job.objects.get(kind=Job.Kind.CERTIFICATE_ARCHIVE)
    with job.file.open("rb") as file, zipfile.ZipFile(io.BytesIO(file.read())) as archive:
        assert sorted(archive.namelist()) == sorted(f"{p.user.nip}.pdf" for p in people)


@pytest.mark.parametrize("count", [1, 3])
def test_the_grades_page_query_count_does_not_grow(
    client, closing_cohort, staff_user, count, django_assert_num_queries
):
    people = scored(closing_cohort, [80] * count)
    grades.save_scores(closing_cohort, version=1, values={p.pk: {"academic": D(80)} for p in people}, by=staff_user)
    client.force_login(staff_user)

    # session, user, cohort; participants, stored scores, the seminar and its results (rubric, bands, slots,
    # panels and examiners, sheets), certificates, the grade book; the menu (roles and unread count)
    with django_assert_num_queries(16):
        response = client.get(reverse("closing:grades", args=[closing_cohort.slug]))

    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_certificates_page_query_count_does_not_grow(
    client, closing_cohort, staff_user, count, django_assert_num_queries
):
    people = scored(closing_cohort, [80] * count)
    values = {p.pk: {"academic": D(80), "attitude": D(80)} for p in people}
    grades.save_scores(closing_cohort, version=1, values=values, by=staff_user)
    certificates.issue_certificates(closing_cohort, by=staff_user)
    client.force_login(staff_user)

    # as the grades page, with the certificates and their replacements, less the grade book's save
    with django_assert_num_queries(17):
        response = client.get(reverse("closing:certificates", args=[closing_cohort.slug]))

    assert len(response.context["certificates"]) == count
