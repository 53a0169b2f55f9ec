import io
import zipfile

import pytest

from participants.importer import ImportFileError, import_roster, read_roster
from participants.models import Participant, User
from tests.factories import KecamatanFactory, MentorFactory, ParticipantFactory
from tests.participants.roster_files import (
    HEADER,
    HEADER_ROW,
    NDH_HEADER,
    SHEET_HEAD,
    csv_bytes,
    empty_rows,
    numbered_cells,
    person,
    roster,
    sheet,
    with_sheet,
    xlsx,
)

RINA = "19750204 200006 2 002"
BONAR = "197803152003121001"


@pytest.fixture
def kecamatan(db):
    return {name: KecamatanFactory(name=name) for name in ["Medan Baru", "Medan Johor", "Medan Kota"]}


def rows_by_status(preview):
    return {
        status: [row.line for row in preview.rows if row.status == status]
        for status in ("new", "updated", "unchanged", "error")
    }


def errors(preview):
    return {row.line: row.errors for row in preview.rows if row.errors}


def test_import_reads_an_office_roster_under_title_rows(cohort, kecamatan):
    data = xlsx(roster(person(1, "Rina Marlina, SE", RINA), person(2, "Bonar Simatupang", BONAR, "III/c")))

    preview = import_roster(cohort, data)

    assert rows_by_status(preview) == {"new": [5, 6], "updated": [], "unchanged": [], "error": []}
    rina = Participant.objects.get(user__nip="197502042000062002")
    assert (rina.roll_number, rina.user.full_name, rina.grade, rina.kecamatan.name) == (
        1,
        "Rina Marlina, SE",
        "III/b",
        "Medan Baru",
    )
    assert Participant.objects.count() == 2


def test_import_headers_in_any_order_and_common_spellings(cohort, kecamatan):
    header = [
        "No.",
        "Kecamatan",
        "NIP Baru",
        "Nama Lengkap",
        "Pangkat / Golongan",
        "Jabatan",
        "Unit Kerja",
        "E-mail",
        "No HP",
    ]
    data = xlsx(
        [
            header,
            [1, "Medan Johor", RINA, "Rina", "III.b", "Lurah", "Kelurahan Gedung Johor", "rina@example.org", "0812"],
        ]
    )

    import_roster(cohort, data)

    rina = Participant.objects.select_related("user", "kecamatan").get()
    assert (rina.kecamatan.name, rina.grade, rina.user.email, rina.user.phone) == (
        "Medan Johor",
        "III/b",
        "rina@example.org",
        "0812",
    )


def test_import_nips_with_or_without_spaces(cohort, kecamatan):
    data = xlsx(roster(person(1, "A", "19750204 200006 2 002"), person(2, "B", "197803152003121001")))

    import_roster(cohort, data)

    assert sorted(User.objects.filter(is_staff=False).values_list("nip", flat=True)) == [
        "197502042000062002",
        "197803152003121001",
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("III/b", "III/b"), ("III.b", "III/b"), ("Penata Muda Tk. I (III/b)", "III/b"), ("IV/a", "IV/a")],
)
def test_import_golongan_in_each_spelling(cohort, kecamatan, written, expected):
    import_roster(cohort, xlsx(roster(person(1, "A", RINA, written))))

    assert Participant.objects.get().grade == expected


def test_import_stray_and_non_breaking_spaces_are_removed(cohort, kecamatan):
    data = xlsx(
        roster(
            [
                "1",
                "  Rina\u00a0 Marlina ",
                "\u00a019750204\u00a0200006\u00a02\u00a0002 ",
                " III/b ",
                "Lurah ",
                " Kelurahan\u00a0Darat",
                "\u00a0Medan Baru ",
                " ",
                "",
            ]
        )
    )

    import_roster(cohort, data)

    rina = Participant.objects.select_related("user").get()
    assert (rina.user.full_name, rina.work_unit, rina.kecamatan.name) == (
        "Rina Marlina",
        "Kelurahan Darat",
        "Medan Baru",
    )


def test_import_skips_empty_lines_inside_the_table(cohort, kecamatan):
    data = xlsx(roster(person(1, "A", RINA), [], [None, None, None], person(2, "B", BONAR)))

    preview = import_roster(cohort, data)

    assert rows_by_status(preview)["new"] == [5, 8]


def test_import_stops_at_the_signature_block(cohort, kecamatan):
    data = xlsx(roster(person(1, "A", RINA), signature=True))

    preview = import_roster(cohort, data)

    assert [row.line for row in preview.rows] == [5]
    assert errors(preview) == {}


def test_import_reads_csv_with_semicolons_and_a_bom(cohort, kecamatan):
    data = csv_bytes(roster(person(1, "Rina", RINA), person(2, "Bonar", BONAR)), delimiter=";")

    preview = import_roster(cohort, data)

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}


def test_import_reads_csv_saved_by_excel_in_windows_1252(cohort, kecamatan):
    data = csv_bytes(roster(person(1, "José Siregar", RINA)), delimiter=",", encoding="cp1252")

    import_roster(cohort, data)

    assert User.objects.get(is_staff=False).full_name == "José Siregar"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("山田太郎", "shift_jis"),
        ("鈴木一郎", "shift_jis"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "shift_jis"),
        ("王小明", "gbk"),
        ("김민준", "euc_kr"),
        ("Иван Петров", "cp1251"),
    ],
)
def test_import_refuses_a_csv_whose_names_would_come_out_garbled(cohort, kecamatan, name, encoding):
    data = csv_bytes(roster(person(1, name, RINA), person(2, "Bonar", BONAR)), delimiter=",", encoding=encoding)

    with pytest.raises(ImportFileError) as refused:
        import_roster(cohort, data)

    garbled = name.encode(encoding).decode("cp1252")  # what the import would have stored as the name
    assert str(refused.value).startswith(
        "The file's text is not UTF-8 or Windows (Latin) text, so its names would come out garbled: "
        f"line 5 reads “1,{garbled},19750204 200006 2 002,"
    )
    assert str(refused.value).endswith("Save it from Excel as “CSV UTF-8” and upload it again.")
    assert User.objects.filter(is_staff=False).count() == 0


@pytest.mark.parametrize("name", ["José Siregar", "Dédé Müller", "Nur’aini – Lurah", "Ir. Ñoño «Camat»", "Ali ´s"])
def test_import_reads_the_accents_and_quotes_a_windows_roster_holds(cohort, kecamatan, name):
    import_roster(cohort, csv_bytes(roster(person(1, name, RINA)), delimiter=",", encoding="cp1252"))

    assert User.objects.get(is_staff=False).full_name == name


def test_import_same_file_again_changes_nothing(cohort, kecamatan):
    data = xlsx(roster(person(1, "A", RINA), person(2, "B", BONAR)))
    import_roster(cohort, data)
    before = list(Participant.objects.values().order_by("pk"))

    preview = import_roster(cohort, data)

    assert preview.counts == {"new": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert list(Participant.objects.values().order_by("pk")) == before
    assert User.objects.filter(is_staff=False).count() == 2


def test_import_changed_row_is_updated_and_matched_by_nip(cohort, kecamatan):
    import_roster(cohort, xlsx(roster(person(1, "A", RINA, "III/b"))))

    preview = import_roster(cohort, xlsx(roster(person(1, "A, M.Si", RINA, "III/c", kecamatan="Medan Kota"))))

    assert rows_by_status(preview)["updated"] == [5]
    assert [(c.label, c.old, c.new) for c in preview.rows[0].changes] == [
        ("Name", "A", "A, M.Si"),
        ("Pangkat/golongan", "III/b", "III/c"),
        ("Kecamatan", "Medan Baru", "Medan Kota"),
    ]
    participant = Participant.objects.select_related("user", "kecamatan").get()
    assert (participant.user.full_name, participant.grade, participant.kecamatan.name) == (
        "A, M.Si",
        "III/c",
        "Medan Kota",
    )


def test_import_person_known_from_another_cohort_keeps_one_account(cohort, kecamatan):
    earlier = ParticipantFactory(user__nip="197502042000062002")

    import_roster(cohort, xlsx(roster(person(1, "Rina", RINA))))

    assert User.objects.filter(nip="197502042000062002").count() == 1
    assert Participant.objects.get(cohort=cohort).user == earlier.user


def test_import_preview_writes_nothing(cohort, kecamatan):
    preview = read_roster(cohort, xlsx(roster(person(1, "A", RINA))))

    assert preview.counts["new"] == 1
    assert (User.objects.filter(is_staff=False).count(), Participant.objects.count()) == (0, 0)


def test_import_dry_run_writes_nothing(cohort, kecamatan):
    import_roster(cohort, xlsx(roster(person(1, "A", RINA))), dry_run=True)

    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("197502302000062002", "birth date"),
        ("197502041990062002", "18th birthday"),
        ("197502042000132002", "appointment year and month"),
        ("197502042000063002", "Digit 15"),
        ("197502042000062000", "sequence number"),
        ("19750204200006200", "18 digits"),
    ],
)
def test_import_names_which_part_of_the_nip_is_wrong(cohort, kecamatan, nip, reason):
    preview = import_roster(cohort, xlsx(roster(person(1, "A", nip), person(2, "B", BONAR))))

    assert list(errors(preview)) == [5]
    assert reason in errors(preview)[5][0]
    assert list(Participant.objects.values_list("user__nip", flat=True)) == ["197803152003121001"]


def test_import_nip_stored_as_a_number_asks_to_format_the_column_as_text(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "A", 197502042000062002))))

    assert "Format the NIP column as text" in errors(preview)[5][0]


def test_import_repeated_nip_names_the_earlier_row(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "Rina", RINA), person(2, "Rina lagi", RINA))))

    assert errors(preview) == {6: ["This NIP repeats row 5 (Rina)."]}
    assert Participant.objects.count() == 1


def test_import_unknown_golongan_is_rejected(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "A", RINA, "V/z"))))

    assert "Unknown rank" in errors(preview)[5][0]


def test_import_unknown_kecamatan_is_rejected(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "A", RINA, kecamatan="Medan Atlantis"))))

    assert errors(preview) == {5: ["“Medan Atlantis” is not a kecamatan in Kota Medan."]}


def test_import_kecamatan_written_with_prefix_and_any_case(cohort, kecamatan):
    import_roster(cohort, xlsx(roster(person(1, "A", RINA, kecamatan="KEC. MEDAN BARU"))))

    assert Participant.objects.get().kecamatan.name == "Medan Baru"


def test_import_missing_name_is_rejected(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "", RINA))))

    assert errors(preview) == {5: ["The name (NAMA) is missing."]}


def test_import_collects_every_error_of_a_row(cohort, kecamatan):
    preview = import_roster(cohort, xlsx(roster(person(1, "", "123", "X/x", kecamatan="Nowhere"))))

    assert len(errors(preview)[5]) == 4


def test_import_email_of_another_person_is_rejected(cohort, kecamatan):
    User.objects.create_user(email="taken@example.org", nip=BONAR, full_name="Bonar")

    preview = import_roster(cohort, xlsx(roster(person(1, "A", RINA, email="taken@example.org"))))

    assert "belongs to someone else" in errors(preview)[5][0]


def test_import_assigns_the_camat_of_the_kecamatan_as_mentor(cohort, kecamatan):
    camat = MentorFactory(cohort=cohort, kecamatan=kecamatan["Medan Baru"])

    import_roster(cohort, xlsx(roster(person(1, "A", RINA))))

    assert Participant.objects.get().mentor == camat


def test_import_invites_new_people_with_an_email_once_committed(
    cohort, kecamatan, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_roster(cohort, xlsx(roster(person(1, "A", RINA, email="rina@example.org"), person(2, "B", BONAR))))

    assert [message.to for message in mailoutbox] == [["rina@example.org"]]
    assert "/accounts/welcome/" in mailoutbox[0].body
    assert User.objects.get(nip="197502042000062002").invited_at is not None


def test_import_roll_numbers_come_from_the_ndh_column_or_follow_on(cohort, kecamatan):
    ParticipantFactory(cohort=cohort, roll_number=1, kecamatan=kecamatan["Medan Baru"])

    import_roster(cohort, xlsx(roster(person(None, "A", RINA), person(7, "B", BONAR), header=NDH_HEADER)))

    assert Participant.objects.get(user__nip="197502042000062002").roll_number == 2
    assert Participant.objects.get(user__nip="197803152003121001").roll_number == 7


def test_import_two_people_may_swap_roll_numbers(cohort, kecamatan):
    import_roster(cohort, xlsx(roster(person(1, "A", RINA), person(2, "B", BONAR), header=NDH_HEADER)))

    import_roster(cohort, xlsx(roster(person(2, "A", RINA), person(1, "B", BONAR), header=NDH_HEADER)))

    assert dict(Participant.objects.values_list("user__nip", "roll_number")) == {
        "197502042000062002": 2,
        "197803152003121001": 1,
    }


def test_import_roll_number_of_someone_not_in_the_file_is_rejected(cohort, kecamatan):
    other = ParticipantFactory(cohort=cohort, roll_number=3)

    preview = import_roster(cohort, xlsx(roster(person(3, "A", RINA), header=NDH_HEADER)))

    assert errors(preview) == {5: [f"Number 3 is already {other.user.full_name}'s roll number in this cohort."]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n\x00\x00binary", "not a spreadsheet"),
        (b"just some words without separators", "not a spreadsheet"),
        (b"", "empty"),
        (b"PK\x03\x04 this is not really a zip", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (xlsx([["Daftar"], ["NO", "JABATAN"], [1, "Lurah"]]), "No header row"),
        (xlsx([HEADER]), "no people under it"),
    ],
)
def test_import_unusable_file_gets_one_clear_message(cohort, kecamatan, data, message):
    with pytest.raises(ImportFileError) as excinfo:
        import_roster(cohort, data)

    assert message in str(excinfo.value)
    assert Participant.objects.count() == 0


def test_import_file_over_5_mb_is_refused(cohort, kecamatan):
    with pytest.raises(ImportFileError, match="larger than 5 MB"):
        import_roster(cohort, b"NAMA;NIP\n" + b"x" * (5 * 1024 * 1024))


def test_import_file_over_20000_rows_is_refused(cohort, kecamatan, settings):
    rows = [HEADER] + [[n, f"Orang {n}", f"19750204200006{1 + n % 2}{n % 999 + 1:03d}"] for n in range(20_001)]

    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        import_roster(cohort, csv_bytes(rows, delimiter=","))
    assert Participant.objects.count() == 0


# Bounded reading: any file under the cap is refused or read at once ---------------------------------------------


def test_import_a_million_empty_rows_in_a_few_kilobytes_are_refused_unread(cohort, kecamatan, monkeypatch):
    monkeypatch.setattr("participants.importer.reading.load_workbook", None)
    data = empty_rows(1_000_000)

    with pytest.raises(ImportFileError, match="unpacks to far more than a list of people needs"):
        import_roster(cohort, data)
    assert len(data) < 20_000


def test_import_empty_rows_count_against_the_row_cap(cohort, kecamatan):
    data = with_sheet(sheet(HEADER_ROW + b"".join(b'<row r="%d"/>' % n for n in range(2, 30_000))))

    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        import_roster(cohort, data)


def test_import_two_million_numbered_empty_rows_are_refused_before_openpyxl_reads_them(cohort, kecamatan, monkeypatch):
    monkeypatch.setattr("participants.importer.reading.load_workbook", None)
    data = with_sheet(sheet(HEADER_ROW + b"".join(b'<row r="%d"/>' % n for n in range(2, 2_000_002))))

    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        import_roster(cohort, data)
    assert 4_000_000 < len(data) < 5 * 1024 * 1024


def test_import_blank_csv_lines_count_against_the_row_cap(cohort, kecamatan):
    data = csv_bytes([HEADER, [1, "Rina", RINA]]) + b";;;\r\n" * 30_000

    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        import_roster(cohort, data)


def test_import_a_sheet_declaring_more_rows_than_the_cap_is_refused_before_reading(cohort, kecamatan, monkeypatch):
    monkeypatch.setattr("participants.importer.reading._sheet_rows", None)

    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        import_roster(cohort, with_sheet(sheet(HEADER_ROW, dimension="A1:B1048576")))


def test_import_a_sheet_declared_16384_columns_wide_is_read_within_its_columns(cohort, kecamatan):
    row = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Rina</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>%s</t></is></c></row>'
    )

    preview = import_roster(cohort, with_sheet(sheet(HEADER_ROW + row % RINA.encode(), dimension="A1:XFD2")))

    assert preview.counts["new"] == 1


def test_import_cells_right_of_the_headers_last_column_are_never_parsed(cohort, kecamatan):
    # Were it parsed, the number "n/a" far to the right would make the whole file unreadable.
    row = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Rina</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>%s</t></is></c><c r="C2"><v>n/a</v></c><c r="XFD2"><v>n/a</v></c></row>'
    )

    preview = import_roster(cohort, with_sheet(sheet(HEADER_ROW + row % RINA.encode(), dimension="A1:XFD2")))

    assert [(row.line, row.values["full_name"], row.status) for row in preview.rows] == [(2, "Rina", "new")]


def test_import_an_inline_string_in_runs_is_read_as_its_text_without_phonetic_hints(cohort, kecamatan):
    row = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>Ri</t></r><r><t>na</t></r><rPh><t>ri</t></rPh></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>%s</t></is></c></row>'
    )

    preview = import_roster(cohort, with_sheet(sheet(HEADER_ROW + row % RINA.encode())))

    assert [row.values["full_name"] for row in preview.rows] == ["Rina"]


def test_import_a_zip_bomb_is_refused_before_it_is_unpacked(cohort, kecamatan, monkeypatch):
    monkeypatch.setattr("participants.importer.reading.load_workbook", None)
    data = with_sheet(sheet(HEADER_ROW + b" " * (50 * 1024 * 1024)))

    with pytest.raises(ImportFileError, match="unpacks to far more than a list of people needs"):
        import_roster(cohort, data)
    assert len(data) < 200_000


def test_import_a_sheet_with_too_many_cells_is_refused_before_it_is_parsed(cohort, kecamatan, monkeypatch):
    monkeypatch.setattr("participants.importer.reading.load_workbook", None)

    with pytest.raises(ImportFileError, match="more than 250,000 cells"):
        import_roster(cohort, numbered_cells(260_000))


@pytest.mark.parametrize(
    "sheet_xml",
    [
        SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NAMA',  # cut off
        SHEET_HEAD + b"<sheetData><row><c><v>1</c></row></sheetData></worksheet>",  # mismatched tags
        b"<?xml version='1.0'?><!DOCTYPE w [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        + sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'),  # entity expansion
    ],
    ids=["truncated", "mismatched", "entities"],
)
def test_import_malformed_sheet_xml_gets_one_clear_message(cohort, kecamatan, sheet_xml):
    with pytest.raises(ImportFileError, match="could not be read as an Excel workbook"):
        import_roster(cohort, with_sheet(sheet_xml))
    assert Participant.objects.count() == 0


def test_import_a_zip_that_is_no_workbook_gets_one_clear_message(cohort, kecamatan):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    with pytest.raises(ImportFileError, match="could not be read as an Excel workbook"):
        import_roster(cohort, buffer.getvalue())


def test_import_a_csv_field_beyond_the_csv_limit_gets_one_clear_message(cohort, kecamatan):
    data = b'NAMA;NIP\n"' + b"x" * 200_000 + b'";1\n'

    with pytest.raises(ImportFileError, match="CSV file could not be read"):
        import_roster(cohort, data)


def test_import_a_csv_in_neither_utf8_nor_windows_text_gets_one_clear_message(cohort, kecamatan):
    with pytest.raises(ImportFileError, match="not UTF-8 or Windows text"):
        import_roster(cohort, b"NAMA;NIP\n\x81\x8d\x8f;1\n")


def test_import_a_name_longer_than_the_database_holds_is_rejected_in_the_preview(cohort, kecamatan):
    long_name = "Rina " + "Marlina " * 30

    preview = import_roster(cohort, xlsx(roster(person(1, long_name, RINA), person(2, "Bonar", BONAR))))

    assert errors(preview) == {5: ["The name is longer than 200 characters."]}
    assert list(Participant.objects.values_list("user__full_name", flat=True)) == ["Bonar"]


def test_import_an_e_mail_longer_than_the_database_holds_is_rejected_in_the_preview(cohort, kecamatan):
    email = "rina." + "x" * 250 + "@medan.example"

    preview = import_roster(cohort, xlsx(roster(person(1, "Rina", RINA, email=email))))

    assert preview.counts["error"] == 1
    assert Participant.objects.count() == 0
