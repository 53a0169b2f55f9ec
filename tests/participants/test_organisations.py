"""Organisations: who runs which cohorts, and the numbers they give their documents."""

import datetime
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from participants.models import Cohort, DocumentCounter, Organisation
from participants.organisations import (
    format_number,
    next_document_number,
    require_head,
    sample_number,
    validate_number_pattern,
)
from tests.factories import CohortFactory, OrganisationFactory, UserFactory

AUGUST = datetime.date(2017, 8, 21)


def test_staff_of_an_organisation_run_its_cohorts_and_no_other(db):
    medan, deli = OrganisationFactory(), OrganisationFactory(short_name="BKPSDM Kabupaten Deli Serdang")
    ours, theirs = CohortFactory(organisation=medan), CohortFactory(organisation=deli)
    clerk, superuser = UserFactory(), UserFactory(is_superuser=True)
    medan.staff_members.add(clerk)

    assert list(Cohort.objects.run_by(clerk)) == [ours]
    assert set(Cohort.objects.run_by(superuser)) == {ours, theirs}
    assert list(Organisation.objects.run_by(clerk)) == [medan]
    assert list(ours.staff_members) == [clerk]
    assert list(theirs.staff_members) == []


def test_nobody_signed_out_runs_a_cohort(db):
    CohortFactory()

    assert list(Cohort.objects.run_by(AnonymousUser())) == []
    assert list(Organisation.objects.run_by(AnonymousUser())) == []


@pytest.mark.parametrize(
    ("pattern", "number"),
    [
        ("800/{seq}/BKDPSDM/{year}", "800/7/BKDPSDM/2017"),
        ("800.1.5/{seq:03d}/BKPSDM/{month}/{year}", "800.1.5/007/BKPSDM/VIII/2017"),
        ("{seq}/{year}", "7/2017"),
    ],
)
def test_a_number_follows_its_organisations_pattern(pattern, number):
    assert format_number(pattern, seq=7, on=AUGUST) == number


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("800/BKDPSDM/{year}", "The numbering needs {seq}, once: the running number."),
        ("{seq}/{seq}/{year}", "The numbering needs {seq}, once: the running number."),
        ("800/{nomor}/{tahun}", "Unknown part {nomor}, {tahun}: only {seq}, {year} and {month} can be used."),
        ("800/{seq/{year}", "The numbering cannot be read: write the parts in braces as {seq}, {year} or {month}."),
        (
            "800/{seq:x.y}/{year}",
            "The numbering cannot be read: write the parts in braces as {seq}, {year} or {month}.",
        ),
    ],
)
def test_a_pattern_that_cannot_number_is_refused_saying_why(pattern, message):
    with pytest.raises(ValidationError) as error:
        validate_number_pattern(pattern)

    assert error.value.messages == [message]


def test_numbers_run_per_organisation_and_per_year(db):
    medan = OrganisationFactory()
    deli = OrganisationFactory(number_pattern="{seq}/BKPSDM/{year}")

    numbers = [
        next_document_number(medan, on=AUGUST),
        next_document_number(medan, on=AUGUST),
        next_document_number(deli, on=AUGUST),
        next_document_number(medan, on=datetime.date(2018, 1, 2)),
    ]

    assert numbers == ["800/1/BKDPSDM/2017", "800/2/BKDPSDM/2017", "1/BKPSDM/2017", "800/1/BKDPSDM/2018"]


def test_a_number_taken_in_a_rolled_back_transaction_is_given_again(db):
    organisation = OrganisationFactory()
    with transaction.atomic():
        next_document_number(organisation, on=AUGUST)
        transaction.set_rollback(True)

    assert next_document_number(organisation, on=AUGUST) == "800/1/BKDPSDM/2017"


def test_a_sample_number_takes_none(db):
    organisation = OrganisationFactory(number_pattern="800/{seq:03d}/BKDPSDM/{month}/{year}")

    assert sample_number(organisation, on=AUGUST) == "800/…/BKDPSDM/VIII/2017"
    assert not DocumentCounter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_documents_numbered_at_the_same_moment_get_different_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")
    organisation = OrganisationFactory()
    barrier, numbers, errors = threading.Barrier(4), [], []

    def number():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(next_document_number(organisation, on=AUGUST))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=number) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"800/{n}/BKDPSDM/2017" for n in range(1, 5)]
    assert DocumentCounter.objects.get(organisation=organisation).last == 4


def test_a_document_the_head_signs_is_refused_while_no_head_is_named(db):
    organisation = OrganisationFactory(head_name="", head_position="")

    with pytest.raises(ValidationError) as error:
        require_head(organisation, document="minutes")

    assert error.value.messages == [
        "BKDPSDM Kota Medan has no head to sign the minutes: fill in the head's name and position on the "
        "organisation's page first."
    ]
