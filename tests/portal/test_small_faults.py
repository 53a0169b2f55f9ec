"""Small faults of the staff's and the examiner's pages: the names offices write for their kelurahan, the
examiner's dates, the participants' export, the overview's count, the audit trail's values, the invitation."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participants.audit import record
from participants.models import AuditEvent, Participant, Region
from participants.services import invitation_message
from portal.views.audit import describe
from seminars.models import Slot
from seminars.services import seminar_times
from tests.factories import (
    ActionPlanFactory,
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
    load_region,
)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def pontianak(staff_user):
    """A Kota Pontianak cohort whose participant works in Kelurahan Sungaijawi Dalam, as Kemendagri spells it."""
    city = load_region("61.71")
    cohort = CohortFactory(region=city, organisation__region=city)
    cohort.organisation.staff_members.add(staff_user)
    kecamatan, kelurahan = Region.objects.get(code="61.71.03"), Region.objects.get(code="61.71.03.1002")
    participant = ParticipantFactory(cohort=cohort, kecamatan=kecamatan, kelurahan=kelurahan, work_unit="Kelurahan")
    return cohort, participant


def test_staff_pages_show_the_name_offices_write_and_keep_kemendagris(staff, pontianak):
    cohort, participant = pontianak

    page = staff.get(reverse("portal:participant_list", args=[cohort.slug])).content.decode()
    detail = staff.get(reverse("portal:participant_detail", args=[cohort.slug, participant.pk])).content.decode()

    assert "Sungai Jawi Dalam, Pontianak Barat" in page
    assert "Sungaijawi Dalam" not in page
    assert "Sungai Jawi Dalam" in detail
    kelurahan = Region.objects.get(code="61.71.03.1002")
    assert (kelurahan.name, kelurahan.common_name, str(kelurahan)) == (
        "Sungaijawi Dalam",
        "Sungai Jawi Dalam",
        "Sungai Jawi Dalam",
    )
    assert str(Region.objects.get(code="61.71.01.1004")) == "Parit Tokaya"
    assert str(Region.objects.get(code="61.71.02.1002")) == "Banjar Serasan"  # written apart already: as it is


def test_the_participants_export_has_the_kelurahan(staff, pontianak):
    cohort, _participant = pontianak

    export = staff.get(reverse("portal:participant_list", args=[cohort.slug]), {"format": "xlsx"})

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header = rows[2]
    assert header[7:9] == ("Kecamatan", "Kelurahan/desa")
    assert rows[3][7:9] == ("Pontianak Barat", "Sungai Jawi Dalam")


def test_the_examiners_home_dates_each_expose_in_words(client, cohort):
    seminar = SeminarFactory(cohort=cohort, date=datetime.date(2017, 10, 12))
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = ActionPlanFactory(participant__cohort=cohort, state="approved")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    client.force_login(examiner.user)

    response = client.get(reverse("portal:home"))

    [todo] = response.context["examiner_todo"]
    when = f"{timezone.localtime(start):%H:%M}"
    assert todo.items[0][0] == f"12 Oct 2017 {when} {room.name}: {plan.participant.user.full_name}"


def test_the_overviews_count_leaves_out_the_withdrawn_as_its_checklist_does(staff, cohort):
    people = [ParticipantFactory(cohort=cohort) for _ in range(3)]
    Participant.objects.filter(pk=people[0].pk).update(withdrawn_at=timezone.now(), withdrawal_reason="Pindah tugas")

    overview = staff.get(reverse("portal:cohort_detail", args=[cohort.slug]))
    home = staff.get(reverse("portal:home"))

    assert overview.context["participant_count"] == 2
    assert "and 1 withdrawn" in overview.content.decode()
    mentors = next(step for step in overview.context["checklist"].steps if step.key == "mentors")
    assert mentors.summary == "2 of 2 participants have a mentor"
    [card] = home.context["overviews"]
    assert card.cohort.participant_count == 2


def test_the_audit_trail_labels_and_translates_every_value(cohort):
    data = {"new": 3, "updated": 0, "unchanged": 1, "error": 0, "invitations": 0, "invite_later": True}
    event = record("roster.import", cohort=cohort, actor=UserFactory(), data=data)
    job = record("job.request", cohort=cohort, actor=None, data={"kind": "booklet"})

    assert describe(event)["details"] == (
        "new: 3; updated: 0; unchanged: 1; rejected: 0; invitations sent: 0; invitations left for later: yes"
    )
    assert describe(job)["details"] == "what: Booklet of approved plans (PDF)"
    assert AuditEvent.objects.count() == 2


def test_the_invitation_names_the_organisation_and_its_city(cohort):
    user = UserFactory(language="en")

    message = invitation_message(user, cohort)

    assert message.subject == f"Inovasi, {cohort.name} (BKDPSDM Kota Medan): choose your password"
    assert (
        f"You have been added to {cohort.name} of the Diklat Pelayanan Publik Berorientasi Inovasi, organised by "
        "Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia, Pemerintah Kota Medan." in message.body
    )
