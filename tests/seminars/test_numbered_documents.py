"""A numbered document never changes under its number (issue 22, item 2). Withdrawing a participant whose plan is in
published results is refused until the results are withdrawn; publishing changed results again numbers new minutes
that name the ones they replace, and the first stay retrievable, byte for byte. The agenda keeps its number while the
schedule holds, and a changed schedule makes a new revision."""

import functools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import issuing
from core.lifecycle import Publication
from core.models import IssuedDocument
from innovations import workflow
from participants.models import AuditEvent, DocumentCounter
from portal.services import withdraw_participant
from seminars import results
from seminars.documents import agenda_document
from seminars.models import ScoreSheet, Slot
from seminars.scoring import reopen_sheet
from seminars.services import seminar_times
from tests.downloads import ask, fetch, pdf_text
from tests.races import at_once, require_postgresql
from tests.seminars.test_documents import seminar  # noqa: F401 - the fixture: two plans scored by two examiners

MINUTES = IssuedDocument.Kind.MINUTES


def plans(seminar):  # noqa: F811
    return [slot.plan for slot in seminar.slots.select_related("plan__participant__user").order_by("starts_at")]


def minutes(seminar):  # noqa: F811
    return list(issuing.revisions(MINUTES, seminar).values_list("revision", "number", "replaces__number"))


def test_withdrawing_a_participant_in_published_results_is_refused_and_nothing_changes(seminar, staff_user):  # noqa: F811
    results.publish_results(seminar, by=staff_user)
    first = plans(seminar)[0]

    with pytest.raises(ValidationError) as refused:
        withdraw_participant(first.participant, reason="Mutasi", by=staff_user)

    assert refused.value.messages == [
        "The seminar's results are published and their minutes numbered (800/1/BKDPSDM/2017), so withdrawing "
        "“Arsip Rapi” would change them. Withdraw the results first, with a reason; publishing them again gives the "
        "minutes a new number."
    ]
    first.refresh_from_db()
    first.participant.refresh_from_db()
    assert (first.state, first.participant.is_withdrawn, Slot.objects.filter(plan=first).exists()) == (
        "examined",
        False,
        True,
    )
    assert [row.rank_overall for row in results.seminar_results(seminar)] == [2, 1]


def test_a_participant_withdrawing_their_own_plan_is_refused_too(seminar, staff_user):  # noqa: F811
    results.publish_results(seminar, by=staff_user)
    first = plans(seminar)[0]

    with pytest.raises(ValidationError, match="Withdraw the results first"):
        workflow.withdraw_plan(first, by=first.participant.user, note="Saya mundur")


def test_the_participant_page_says_why_the_withdrawal_is_refused(client, seminar, staff_user):  # noqa: F811
    results.publish_results(seminar, by=staff_user)
    participant = plans(seminar)[0].participant
    client.force_login(staff_user)

    response = client.post(
        reverse("portal:participant_withdraw", args=[seminar.cohort.slug, participant.pk]),
        {"reason": "Mutasi"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]][0].startswith("The seminar's results are published")
    participant.refresh_from_db()
    assert not participant.is_withdrawn


def test_score_sheets_of_published_results_can_neither_reopen_nor_be_submitted(seminar, staff_user):  # noqa: F811
    results.publish_results(seminar, by=staff_user)
    sheet = ScoreSheet.objects.filter(plan=plans(seminar)[0]).first()

    with pytest.raises(ValidationError, match="so reopening this score sheet would change them"):
        reopen_sheet(sheet, reason="Salah ketik", by=staff_user)

    sheet.refresh_from_db()
    assert sheet.state == "submitted"


def test_changed_results_published_again_make_new_minutes_and_the_first_stay(client, seminar, staff_user):  # noqa: F811
    client.force_login(staff_user)
    results.publish_results(seminar, by=staff_user)
    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    first_pdf = fetch(client, job)[1]
    results.transition(seminar, to=Publication.WITHDRAWN, by=staff_user, note="Peserta mundur")
    withdraw_participant(plans(seminar)[0].participant, reason="Mutasi", by=staff_user)

    results.publish_results(seminar, by=staff_user)

    seminar.refresh_from_db()
    assert minutes(seminar) == [(1, "800/1/BKDPSDM/2017", None), (2, "800/2/BKDPSDM/2017", "800/1/BKDPSDM/2017")]
    assert seminar.minutes_number == "800/2/BKDPSDM/2017"
    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    second = pdf_text(fetch(client, job)[1])
    assert "Nomor: 800/2/BKDPSDM/2017" in second
    assert "Revisi 2, menggantikan nomor 800/1/BKDPSDM/2017 tanggal 21 Agustus 2017" in second
    assert "Arsip Rapi" not in " ".join(second.split())
    first = issuing.revisions(MINUTES, seminar).first()
    _asked, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]), {"document": first.pk})
    again = fetch(client, job)[1]
    assert again == first_pdf  # the first minutes, byte for byte
    assert "Arsip Rapi" in " ".join(pdf_text(again).split())
    revised = AuditEvent.objects.get(verb=AuditEvent.Verb.DOCUMENT_REVISE)
    assert revised.data == {
        "kind": "minutes",
        "number": "800/2/BKDPSDM/2017",
        "revision": 2,
        "replaces": "800/1/BKDPSDM/2017",
    }


def test_minutes_asked_again_are_the_same_file_with_the_same_number(client, seminar, staff_user):  # noqa: F811
    client.force_login(staff_user)
    results.publish_results(seminar, by=staff_user)

    files = [fetch(client, ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))[1])[1]]
    results.transition(seminar, to=Publication.WITHDRAWN, by=staff_user, note="Diperiksa")
    results.publish_results(seminar, by=staff_user)
    files.append(fetch(client, ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))[1])[1])

    assert files[0] == files[1]
    assert minutes(seminar) == [(1, "800/1/BKDPSDM/2017", None)]
    assert DocumentCounter.objects.get().last == 1


def test_the_agenda_keeps_its_number_until_the_schedule_changes(client, seminar, staff_user):  # noqa: F811
    client.force_login(staff_user)
    url = reverse("seminars:agenda_pdf", args=[seminar.cohort.slug])
    first_pdf = fetch(client, ask(client, url)[1])[1]
    assert fetch(client, ask(client, url)[1])[1] == first_pdf
    slot = seminar.slots.order_by("starts_at").last()
    start, end = seminar_times(seminar)[5]
    Slot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=end)

    asked, job = ask(client, url, {})
    second = pdf_text(fetch(client, job)[1])

    year = issuing.latest(IssuedDocument.Kind.AGENDA, seminar).dated.year
    agenda = list(
        issuing.revisions(IssuedDocument.Kind.AGENDA, seminar).values_list("revision", "number", "replaces__number")
    )
    assert agenda == [(1, f"800/1/BKDPSDM/{year}", None), (2, f"800/2/BKDPSDM/{year}", f"800/1/BKDPSDM/{year}")]
    assert f"Revisi 2, menggantikan nomor 800/1/BKDPSDM/{year}" in second
    first = issuing.revisions(IssuedDocument.Kind.AGENDA, seminar).first()
    assert issuing.document_file(first, lambda document: b"never rendered again", "x.pdf") == first_pdf


def test_a_participant_gets_the_issued_agenda_or_a_draft_and_takes_no_number(client, seminar, staff_user):  # noqa: F811
    participant = plans(seminar)[0].participant.user
    client.force_login(participant)
    url = reverse("seminars:agenda_pdf", args=[seminar.cohort.slug])

    _asked, draft_job = ask(client, url)
    assert "Nomor: ……………………" in pdf_text(fetch(client, draft_job)[1])
    assert not DocumentCounter.objects.exists()

    issued, _created = agenda_document(seminar, by=staff_user)
    _asked, job = ask(client, url)
    assert job.params == {"seminar": seminar.pk, "document": issued.pk}


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_issue_one_agenda(seminar, staff_user):  # noqa: F811
    require_postgresql()

    outcomes = at_once(*[functools.partial(agenda_document, seminar, by=staff_user) for _ in range(2)])

    assert [type(outcome) for outcome in outcomes] == [tuple, tuple]
    assert sorted(created for _document, created in outcomes) == [False, True]
    assert IssuedDocument.objects.count() == 1
    assert DocumentCounter.objects.get().last == 1
