"""A programme's template as data: every built-in one reads, and a template that would not run is refused with
each problem named (issue 24's bad input)."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programmes.builtin import FOLDER, builtin_programmes
from programmes.models import Programme
from programmes.spec import parse


def latsar() -> dict:
    return copy.deepcopy(json.loads((FOLDER / "latsar-cpns.json").read_text())["spec"])


def problems(spec: dict) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        parse(spec)
    return refused.value.messages


def test_every_built_in_programme_reads_and_writes_back_the_same():
    codes = []
    for data in builtin_programmes():
        spec = parse(data["spec"])
        assert parse(spec.to_json()) == spec
        codes.append(data["code"])

    assert codes == ["inovasi", "latsar-cpns", "pka", "pkn-2", "pkp"]


def test_the_built_in_programmes_are_in_the_database_after_migrating(db):
    assert list(Programme.objects.values_list("short_name", flat=True)) == [
        "Inovasi Pelayanan Publik",
        "Latsar CPNS",
        "PKP",
        "PKA",
        "PKN Tingkat II",
    ]


def test_latsar_has_a_coach_two_seminars_and_two_approval_sheets():
    spec = parse(latsar())

    assert (spec.work, spec.coach, spec.completion) == ("rancangan aktualisasi", True, "report")
    assert [(stage.key, stage.approver, stage.seminar.weight) for stage in spec.stages] == [
        ("design", "coach", 40),
        ("report", "coach", 60),
    ]
    assert [stage.sign_off.signers for stage in spec.stages] == [("coach", "mentor", "examiner")] * 2
    assert spec.list_spec("milestones").values is True
    assert spec.band_for(Decimal("85.5")) == "Memuaskan"


def test_weights_that_do_not_add_up_to_100_are_refused():
    spec = latsar()
    spec["stages"][0]["seminar"]["criteria"][0][2] = 30
    spec["stages"][1]["seminar"]["weight"] = 50

    assert problems(spec) == [
        "Stage “design”: the criteria's weights add up to 110, not 100.",
        "The seminars' weights add up to 90, not 100.",
    ]


def test_a_stage_skipped_or_out_of_order_is_refused():
    spec = latsar()
    spec["stages"] = spec["stages"][1:]

    assert problems(spec) == [
        "The stages are the design, then (if the programme has one) the report, in that order.",
        "The seminars' weights add up to 60, not 100.",
        "The grade's “Seminar rancangan aktualisasi” comes from a seminar the programme lacks.",
    ]


def test_a_signer_who_is_no_role_and_a_coach_in_a_programme_without_coaches_are_refused():
    spec = latsar()
    spec["coach"] = False
    spec["stages"][0]["sign_off"]["signers"] = ["coach", "camat"]

    assert problems(spec) == [
        "Stage “design”: “camat” is not a role.",
        "A coach approves or signs, so the programme has coaches.",
    ]


def test_bands_out_of_order_and_a_grade_that_does_not_weigh_100_are_refused():
    spec = latsar()
    spec["bands"] = [[80, "Memuaskan"], [90, "Sangat Memuaskan"], [None, "Tidak Memuaskan"]]
    spec["components"][0]["weight"] = 10

    assert problems(spec) == [
        "The bands go from the highest bound down, and the last one catches the rest.",
        "The final grade's components weigh 90 in all, not 100.",
    ]


def test_a_report_completion_needs_a_report_stage():
    spec = json.loads((FOLDER / "inovasi.json").read_text())["spec"]
    spec["completion"] = "report"

    assert problems(spec) == ["The work is completed by its milestones, or by its report where it has a report stage."]
