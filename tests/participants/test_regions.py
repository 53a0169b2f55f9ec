"""Indonesia's regions from the Kemendagri list (participants/regions.py and `manage.py load_regions`)."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from participants import regions
from participants.models import Region

MEDAN = json.loads((Path(__file__).resolve().parents[2] / "portal" / "demo" / "medan.json").read_text())


def test_load_regions_gives_kota_medan_the_21_kecamatan_and_151_kelurahan_of_the_reference_data(db):
    regions.load(["12.71"])

    kecamatan = Region.objects.filter(parent_id="12.71", level=Region.Level.DISTRICT)
    assert sorted(kecamatan.values_list("name", flat=True)) == sorted(k["name"] for k in MEDAN["kecamatan"])
    counts = {k.name: k.children.count() for k in kecamatan}
    assert counts == {k["name"]: k["kelurahan_count"] for k in MEDAN["kecamatan"]}
    assert sum(counts.values()) == 151
    medan = Region.objects.get(code="12.71")
    assert (medan.name, medan.level, medan.kind, medan.parent.name) == ("Kota Medan", 2, "kota", "Sumatera Utara")
    baru = Region.objects.get(code="12.71.01.1001")
    assert (baru.name, baru.kind, baru.parent.name) == ("Pasar Baru", "kelurahan", "Medan Kota")


def test_load_regions_again_changes_nothing_and_renames_what_the_source_renamed(db):
    assert regions.load(["12.71"]) == (174, 0)
    Region.objects.filter(code="12.71.02").update(name="Medan Sunggal Lama")

    assert regions.load(["12.71"]) == (0, 1)
    assert Region.objects.get(code="12.71.02").name == "Medan Sunggal"
    assert Region.objects.filter(code__startswith="12.71").count() == 173


def test_load_regions_without_villages_stops_at_the_kecamatan(db):
    regions.load(["12.07"], villages=False)

    assert Region.objects.filter(parent_id="12.07").count() == 22
    assert not Region.objects.filter(level=Region.Level.VILLAGE).exists()


def test_load_regions_command_loads_below_each_code_and_says_how_many(db, capsys):
    call_command("load_regions", "12.71", "12.72", "--no-villages")

    assert capsys.readouterr().out.strip() == ("Regions of 12.71, 12.72: 32 added, 0 renamed, the rest already there.")
    assert Region.objects.filter(parent_id="12.72").count() == 8  # Kota Pematangsiantar


def test_load_regions_command_with_no_code_loads_all_of_indonesia(db, capsys):
    call_command("load_regions", "--no-villages")

    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 0}
    assert "Regions of Indonesia: 7837 added" in capsys.readouterr().out


def test_load_regions_command_refuses_an_unknown_code(db):
    with pytest.raises(CommandError, match="No region has the Kemendagri code 12.99."):
        call_command("load_regions", "12.99")

    assert not Region.objects.exists()


@pytest.mark.parametrize(
    ("value", "code"),
    [("12.71.01", "12.71.01"), ("127101", "12.71.01"), (" 12.71 ", "12.71"), ("1271011001", "12.71.01.1001")],
)
def test_codes_are_read_with_or_without_dots(value, code):
    assert regions.normalise_code(value) == code


@pytest.mark.parametrize("value", ["Medan Kota", "12.7", "1.2", "12.71.01.10", ""])
def test_anything_else_is_not_a_code(value):
    assert regions.normalise_code(value) is None


def test_the_choice_of_region_lists_every_province_before_its_kabupaten_and_kota():
    entries = regions.provinces_and_regencies()

    assert [e.level for e in entries].count(1) == 38
    assert [e.level for e in entries].count(2) == 514
    north_sumatra = [e.name for e in entries if e.code == "12" or e.code.startswith("12.")]
    assert north_sumatra[:3] == ["Sumatera Utara", "Kabupaten Tapanuli Tengah", "Kabupaten Tapanuli Utara"]
    assert "Kota Medan" in north_sumatra
