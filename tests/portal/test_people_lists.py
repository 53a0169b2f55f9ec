"""The three lists of a cohort's people are one family: each page and each export comes from its declaration
(portal/people_lists.py), and a column that is a field is labelled with the field's verbose_name."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.exporters import Column, Exporter
from participants.models import Participant
from portal.people_lists import EMAIL, EXAMINERS, MENTORS, NAME, NIP, PARTICIPANTS, POSITION, SIGNED_IN, PeopleList
from tests.factories import ActionPlanFactory, ExaminerFactory

FAMILY = {"participant_list": PARTICIPANTS, "mentor_list": MENTORS, "examiner_list": EXAMINERS}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("page", FAMILY)
def test_people_list_page_and_export_come_from_its_declaration(staff_client, cohort, page):
    ActionPlanFactory(participant__cohort=cohort)
    ExaminerFactory(cohort=cohort)
    url = reverse(f"portal:{page}", args=[cohort.slug])

    shown = staff_client.get(url)
    exported = csv_rows(staff_client.get(url, {"format": "csv"}))

    assert shown.context["people_list"] is FAMILY[page]
    assert exported[0] == FAMILY[page].exporter.header()
    assert len(exported) == 2


def test_people_lists_share_one_shape_and_the_persons_columns():
    families = [PARTICIPANTS, MENTORS, EXAMINERS]

    shared = [
        [family.exporter.columns[family.exporter.keys.index(column.key)] is column for family in families]
        for column in (NAME, NIP, POSITION, EMAIL, SIGNED_IN)
    ]

    assert [(type(family), type(family.exporter)) for family in families] == [(PeopleList, Exporter)] * 3
    assert shared == [[True, True, True]] * 5


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_field_columns_label_is_its_fields_verbose_name(language):
    columns = [column for family in FAMILY.values() for column in family.exporter.columns if column.field is not None]
    work_unit = PARTICIPANTS.exporter.columns[PARTICIPANTS.exporter.keys.index("work_unit")]

    with translation.override(language):
        labels = [str(column.label) for column in columns]
        verbose_names = [capfirst(str(column.field.verbose_name)) for column in columns]
        work_unit_label = str(work_unit.label)
        work_unit_name = str(Participant._meta.get_field("work_unit").verbose_name)

    assert work_unit_label == capfirst(work_unit_name) == {"en": "Work unit", "id": "Unit kerja"}[language]
    assert len(columns) == 12
    assert labels == verbose_names


def test_an_exporters_rows_are_dicts_keyed_by_its_columns():
    exporter = Exporter((Column("a", "A", lambda n: n), Column("b", "B", lambda n: n * 2)))

    assert list(exporter.rows([1, 2])) == [{"a": 1, "b": 2}, {"a": 2, "b": 4}]
    assert exporter.header() == ["A", "B"]


def test_an_exporter_refuses_two_columns_with_one_key():
    with pytest.raises(ValueError, match="Two columns share a key"):
        Exporter((Column("a", "A", str), Column("a", "B", str)))
