"""The pages of the mentor and examiner imports, the blank forms, and what every import's preview shows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import AuditEvent, Examiner, Job, Mentor, Participant
from tests.factories import CohortFactory, KecamatanFactory, ParticipantFactory, UserFactory
from tests.participants.roster_files import person, roster, xlsx

AHMAD = "19700101 199503 1 001"
BUDI = "197105052000031002"
RINA = "19750204 200006 2 002"
MENTOR_HEADER = ["NO", "NIP", "NAMA", "PANGKAT/GOL", "JABATAN", "WILAYAH", "EMAIL", "NO. HP"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def kecamatan(db):
    return {name: KecamatanFactory(name=name) for name in ["Medan Baru", "Medan Johor"]}


def mentors(*rows):
    return xlsx([MENTOR_HEADER, *rows])


def upload(client, cohort, url_name, data):
    response = client.post(reverse(url_name, args=[cohort.slug]), {"file": SimpleUploadedFile("daftar.xlsx", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_mentor_import_upload_preview_confirm(staff_client, cohort, kecamatan):
    data = mentors(
        [1, AHMAD, "Ahmad", "IV/a", "Camat", "Medan Baru", "a@example.org", ""], [2, "123", "X", "", "", "", "", ""]
    )

    preview = staff_client.get(upload(staff_client, cohort, "participants:mentor_import_upload", data))

    assert preview.context["preview"].counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 1}
    body = preview.content.decode()
    assert "A NIP has 18 digits; this one has 3." in body
    assert "<strong>WILAYAH</strong> (Kecamatan)" in body
    assert "Confirming invites 1 person by e-mail to choose a password." in body
    assert Mentor.objects.count() == 0

    url = reverse("participants:mentor_import_confirm", args=[cohort.slug, preview.context["token"]])
    confirmed = staff_client.post(url, {"invite": "now"}, follow=True)

    assert confirmed.redirect_chain[-1][0] == reverse("portal:mentor_list", args=[cohort.slug])
    assert "Mentors imported: 1 new, 0 updated, 0 unchanged, 1 rejected." in confirmed.content.decode()
    assert list(Mentor.objects.values_list("user__full_name", "kecamatan__name")) == [("Ahmad", "Medan Baru")]
    assert Job.objects.filter(kind=Job.Kind.INVITATIONS).count() == 1


def test_import_confirm_later_sends_no_invitation_and_says_where_to_send_them(staff_client, cohort, kecamatan):
    url = upload(
        staff_client,
        cohort,
        "participants:mentor_import_upload",
        mentors([1, AHMAD, "Ahmad", "IV/a", "Camat", "Medan Baru", "a@example.org", ""]),
    )

    response = staff_client.post(
        reverse("participants:mentor_import_confirm", args=[cohort.slug, token_of(url)]),
        {"invite": "later"},
        follow=True,
    )

    assert Mentor.objects.count() == 1
    assert Job.objects.count() == 0
    assert "No invitation was sent yet." in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.MENTOR_IMPORT)
    assert (event.actor, event.data["invite_later"], event.data["invitations"]) == (cohort.staff_members.get(), True, 0)


def test_mentor_reimport_preview_shows_old_and_new_values_with_labels_and_who_is_missing(
    staff_client, cohort, kecamatan
):
    first = mentors(
        [1, AHMAD, "Ahmad", "IV/a", "Camat", "Medan Baru", "", ""],
        [2, BUDI, "Budi", "IV/a", "Camat", "Medan Johor", "", ""],
    )
    staff_client.post(
        reverse(
            "participants:mentor_import_confirm",
            args=[cohort.slug, token_of(upload(staff_client, cohort, "participants:mentor_import_upload", first))],
        )
    )

    again = mentors([1, AHMAD, "Drs. Ahmad", "IV/b", "Camat", "Medan Baru", "", ""])
    response = staff_client.get(upload(staff_client, cohort, "participants:mentor_import_upload", again))

    body = response.content.decode()
    assert '<span class="fw-semibold">Name:</span> <del>Ahmad</del> → <ins>Drs. Ahmad</ins>' in body
    assert '<span class="fw-semibold">Pangkat/golongan:</span> <del>IV/a</del> → <ins>IV/b</ins>' in body
    assert "1 person of this cohort is not in the file" in body
    assert [m.user.full_name for m in response.context["preview"].missing] == ["Budi"]


def test_roster_preview_lists_the_columns_it_ignored_and_reads_no_as_a_row_number(staff_client, cohort, kecamatan):
    data = xlsx([["NO", "NAMA", "NIP", "AGAMA", "KECAMATAN"], [7, "Rina", RINA, "Islam", "Medan Baru"]])

    response = staff_client.get(upload(staff_client, cohort, "participants:roster_upload", data))

    preview = response.context["preview"]
    assert preview.ignored == ["AGAMA"]
    assert preview.rows[0].values["roll_number"] == 1  # the first free NDH, not the 7 of the NO column
    assert "Ignored, not imported:" in response.content.decode()


def test_examiner_import_upload_preview_confirm(staff_client, cohort):
    data = xlsx([["NIP", "NAMA", "INSTANSI"], [AHMAD, "Prof. Ahmad", "LAN RI"]])

    url = upload(staff_client, cohort, "participants:examiner_import_upload", data)
    staff_client.post(reverse("participants:examiner_import_confirm", args=[cohort.slug, token_of(url)]))

    assert list(Examiner.objects.values_list("user__full_name", "institution")) == [("Prof. Ahmad", "LAN RI")]
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXAMINER_IMPORT).count() == 1


def test_examiner_import_of_a_file_that_is_not_a_spreadsheet_gets_one_message(staff_client, cohort):
    response = staff_client.post(
        reverse("participants:examiner_import_upload", args=[cohort.slug]),
        {"file": SimpleUploadedFile("penguji.xlsx", b"%PDF-1.4\n\x00\x01")},
    )

    assert response.status_code == 200
    assert "This file is not a spreadsheet. Upload the list as .xlsx or CSV." in response.content.decode()


def test_a_mentor_upload_token_is_no_roster_upload(staff_client, cohort, kecamatan):
    url = upload(
        staff_client,
        cohort,
        "participants:mentor_import_upload",
        mentors([1, AHMAD, "A", "", "", "Medan Baru", "", ""]),
    )

    response = staff_client.post(reverse("participants:roster_confirm", args=[cohort.slug, token_of(url)]))

    assert response.status_code == 302
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["mentor_import_upload", "examiner_import_upload", "mentor_import_preview", "examiner_import_preview"]
)
def test_import_pages_ask_anonymous_visitors_to_sign_in(client, cohort, name):
    args = [cohort.slug] + (["0" * 32] if name.endswith("preview") else [])

    response = client.get(reverse(f"participants:{name}", args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("participants:login"))


@pytest.mark.parametrize("name", ["mentor_import_upload", "examiner_import_upload"])
def test_import_pages_are_404_for_staff_of_another_organisation(client, cohort, name):
    outsider = UserFactory(is_staff=True)
    CohortFactory().organisation.staff_members.add(outsider)
    client.force_login(outsider)

    assert client.get(reverse(f"participants:{name}", args=[cohort.slug])).status_code == 404
    assert client.get(reverse("participants:import_template", args=[cohort.slug, "mentors"])).status_code == 404


@pytest.mark.parametrize("name", ["mentor_import_confirm", "examiner_import_confirm"])
def test_import_confirm_is_post_only(staff_client, cohort, name):
    response = staff_client.get(reverse(f"participants:{name}", args=[cohort.slug, "0" * 32]))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("mentors", ["NIP", "NAMA", "PANGKAT/GOL. RUANG", "JABATAN", "KECAMATAN", "EMAIL", "NO. HP"]),
        ("examiners", ["NIP", "NAMA", "PANGKAT/GOL. RUANG", "JABATAN", "INSTANSI", "EMAIL"]),
        (
            "roster",
            [
                "NDH",
                "NAMA",
                "NIP",
                "PANGKAT/GOL. RUANG",
                "JABATAN",
                "UNIT KERJA",
                "KECAMATAN",
                "KELURAHAN/DESA",
                "EMAIL",
                "NO. HP",
                "TEMPAT LAHIR",
            ],
        ),
    ],
)
def test_import_template_opens_with_openpyxl_and_has_the_headers(staff_client, cohort, kind, headers):
    response = staff_client.get(reverse("participants:import_template", args=[cohort.slug, kind]))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet, notes = workbook.worksheets
    assert [cell.value for cell in sheet[1]] == headers
    assert sheet.cell(row=2, column=headers.index("NIP") + 1).number_format == "@"
    assert [row[0] for row in notes.iter_rows(min_row=4, values_only=True)] == headers
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_template_of_an_unknown_kind_is_404(staff_client, cohort):
    assert staff_client.get(reverse("participants:import_template", args=[cohort.slug, "staff"])).status_code == 404


def test_a_filled_in_template_imports(staff_client, cohort, kecamatan):
    response = staff_client.get(reverse("participants:import_template", args=[cohort.slug, "mentors"]))
    workbook = load_workbook(io.BytesIO(response.content))
    workbook.worksheets[0].append([AHMAD, "Ahmad", "IV/a", "Camat", "Medan Johor", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = staff_client.get(upload(staff_client, cohort, "participants:mentor_import_upload", buffer.getvalue()))

    assert preview.context["preview"].counts["new"] == 1
    assert preview.context["preview"].ignored == []


def test_mentor_and_examiner_lists_link_to_their_imports(staff_client, cohort):
    mentor_page = staff_client.get(reverse("portal:mentor_list", args=[cohort.slug])).content.decode()
    examiner_page = staff_client.get(reverse("portal:examiner_list", args=[cohort.slug])).content.decode()

    assert reverse("participants:mentor_import_upload", args=[cohort.slug]) in mentor_page
    assert reverse("participants:examiner_import_upload", args=[cohort.slug]) in examiner_page


def test_roster_with_an_ndh_column_keeps_its_roll_numbers(staff_client, cohort, kecamatan):
    ParticipantFactory(cohort=cohort, roll_number=1, mentor=None, kecamatan=kecamatan["Medan Baru"])
    data = xlsx(
        roster(
            person(7, "Rina", RINA),
            header=["NDH", "NAMA", "NIP", "GOL", "JABATAN", "UNIT KERJA", "KECAMATAN", "EMAIL", "HP"],
        )
    )

    url = upload(staff_client, cohort, "participants:roster_upload", data)
    staff_client.post(reverse("participants:roster_confirm", args=[cohort.slug, token_of(url)]), {"invite": "later"})

    assert Participant.objects.get(user__nip=RINA.replace(" ", "")).roll_number == 7
