import pytest
from django.core.management import CommandError, call_command

from participants.models import Participant
from tests.factories import KecamatanFactory
from tests.participants.roster_files import person, roster, xlsx


@pytest.fixture
def roster_file(tmp_path, db):
    KecamatanFactory(name="Medan Baru")
    path = tmp_path / "peserta.xlsx"
    path.write_bytes(
        xlsx(
            roster(
                person(1, "Rina", "197502042000062002"),
                person(2, "Salah", "197502302000062002"),
                person(3, "Tanpa Kecamatan", "197803152003121001", kecamatan="Medan Antah"),
            )
        )
    )
    return path


def test_import_roster_prints_each_rejected_row_then_a_summary_and_exits_1(roster_file, cohort, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_roster", str(roster_file), cohort=cohort.slug)

    lines = capsys.readouterr().out.splitlines()
    assert exit_info.value.code == 1
    assert lines[0].startswith("row 6: Digits 1–8 of the NIP must be the birth date")
    assert lines[1] == "row 7: “Medan Antah” is not a kecamatan in Kota Medan."
    assert lines[2] == "1 new, 0 updated, 0 unchanged, 2 rejected"
    assert list(Participant.objects.values_list("user__full_name", flat=True)) == ["Rina"]


def test_import_roster_dry_run_writes_nothing(roster_file, cohort, capsys):
    with pytest.raises(SystemExit):
        call_command("import_roster", str(roster_file), cohort=cohort.slug, dry_run=True)

    assert Participant.objects.count() == 0
    assert "nothing written" in capsys.readouterr().out


def test_import_roster_exits_0_when_every_row_is_valid(tmp_path, cohort, capsys):
    KecamatanFactory(name="Medan Baru")
    path = tmp_path / "ok.csv"
    path.write_text("NAMA;NIP;PANGKAT/GOL. RUANG;KECAMATAN\nRina;197502042000062002;III/b;Medan Baru\n")

    call_command("import_roster", str(path), cohort=cohort.slug)
    call_command("import_roster", str(path), cohort=cohort.slug)

    assert capsys.readouterr().out.splitlines() == [
        "1 new, 0 updated, 0 unchanged, 0 rejected",
        "0 new, 0 updated, 1 unchanged, 0 rejected",
    ]


def test_import_roster_unknown_cohort_is_an_error(roster_file):
    with pytest.raises(CommandError, match="No cohort"):
        call_command("import_roster", str(roster_file), cohort="tidak-ada")


def test_import_roster_unreadable_file_is_an_error(tmp_path, cohort):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")

    with pytest.raises(CommandError, match="damaged"):
        call_command("import_roster", str(path), cohort=cohort.slug)
