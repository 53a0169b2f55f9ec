import datetime

import pytest
from django.core.exceptions import ValidationError

from participants.civil_service import clean_grade, clean_nip, describe_grade, format_nip, validate_grade

TODAY = datetime.date(2026, 11, 28)
VALID = "198001012005011001"  # born 1 Jan 1980, appointed Jan 2005, male, first of that month


def nip_error(value) -> str | None:
    with pytest.raises(ValidationError) as excinfo:
        clean_nip(value, today=TODAY)
    return excinfo.value.code


def test_nip_valid_is_returned_as_digits():
    assert clean_nip(VALID, today=TODAY) == VALID


@pytest.mark.parametrize(
    "value",
    ["19800101 200501 1 001", " 19800101 200501 1 001 ", "19800101\u00a0200501\u00a01\u00a0001", "19800101 2005011001"],
)
def test_nip_spaces_and_non_breaking_spaces_are_ignored(value):
    assert clean_nip(value, today=TODAY) == VALID


def test_nip_female_sex_digit_is_valid():
    assert clean_nip("199002282015032007", today=TODAY) == "199002282015032007"


def test_nip_leap_day_birth_is_a_real_date():
    assert clean_nip("198402292008011001", today=TODAY) == "198402292008011001"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "nip_required"),
        (None, "nip_required"),
        ("19800101-200501-1-001", "nip_digits"),
        ("1980010120050110011", "nip_length"),
        ("19800101200501100", "nip_length"),
        ("198002302005011001", "nip_birth_date"),  # 30 February
        ("198013012005011001", "nip_birth_date"),  # month 13
        ("198302292008011001", "nip_birth_date"),  # 1983 was not a leap year
        ("198001012005131001", "nip_appointment_date"),  # month 13
        ("198001012005001001", "nip_appointment_date"),  # month 0
        ("198001011997121001", "nip_appointment_date"),  # at 17, before the 18th birthday
        ("198001012027011001", "nip_appointment_date"),  # in the future
        ("198001012005013001", "nip_sex"),
        ("198001012005010001", "nip_sex"),
        ("198001012005011000", "nip_sequence"),
    ],
)
def test_nip_each_wrong_part_is_named(value, code):
    assert nip_error(value) == code


def test_nip_appointment_in_the_month_of_the_18th_birthday_is_allowed():
    assert clean_nip("198006151998061001", today=TODAY) == "198006151998061001"


def test_nip_appointment_this_month_is_allowed():
    assert clean_nip("198001012026111001", today=TODAY) == "198001012026111001"


@pytest.mark.parametrize("value", [198001012005011001, 1.98001012005011e17, "1.98001E+17", "1.98001012005011e17"])
def test_nip_stored_as_a_number_is_refused_with_advice(value):
    with pytest.raises(ValidationError) as excinfo:
        clean_nip(value, today=TODAY)
    assert excinfo.value.code == "nip_number"
    assert "as text" in str(excinfo.value.messages[0])


def test_nip_error_message_names_the_wrong_digits():
    with pytest.raises(ValidationError) as excinfo:
        clean_nip("198002302005011001", today=TODAY)
    assert "19800230" in excinfo.value.messages[0]


def test_format_nip_groups_8_6_1_3():
    assert format_nip(VALID) == "19800101 200501 1 001"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("III/b", "III/b"),
        ("iii/B", "III/b"),
        ("III.b", "III/b"),
        ("III b", "III/b"),
        ("III-b", "III/b"),
        ("IV/e", "IV/e"),
        ("I/a", "I/a"),
        ("II/d", "II/d"),
        ("Penata Muda Tk. I (III/b)", "III/b"),
        ("Penata Muda Tk.I (III/b)", "III/b"),
        ("Penata Muda Tk. I / III.b", "III/b"),
        ("Penata Muda Tk. I", "III/b"),
        ("penata muda tingkat I", "III/b"),
        ("Pembina Utama Madya", "IV/d"),
        ("Juru", "I/c"),
        ("Juru Tk. I (I/d)", "I/d"),
        ("  Penata\u00a0(III/c) ", "III/c"),
    ],
)
def test_grade_common_spellings_are_understood(value, expected):
    assert clean_grade(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "grade_required"),
        ("V/a", "grade_unknown"),
        ("III/f", "grade_unknown"),
        ("Penata Besar", "grade_unknown"),
        ("Penata Muda (III/c)", "grade_mismatch"),
    ],
)
def test_grade_wrong_values_are_refused(value, code):
    with pytest.raises(ValidationError) as excinfo:
        clean_grade(value)
    assert excinfo.value.code == code


def test_grade_mismatch_message_names_the_right_golongan():
    with pytest.raises(ValidationError) as excinfo:
        clean_grade("Penata Muda (III/c)")
    assert "III/a" in excinfo.value.messages[0]


def test_validate_grade_accepts_only_canonical_codes():
    validate_grade("III/b")
    with pytest.raises(ValidationError):
        validate_grade("III.b")


def test_describe_grade_writes_pangkat_and_golongan():
    assert describe_grade("III/b") == "Penata Muda Tk. I (III/b)"
