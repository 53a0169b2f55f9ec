"""A clerk's hard day, in the browser, without the Django admin (issue 16): a participant drops out after approval,
a Camat is replaced mid-cohort and his mentees move, the roster is imported again with a change, and a
publication of the results is undone; the audit trail then shows each step."""

import re

import pytest

from innovations.models import ActionPlan
from participants.models import AuditEvent, Mentor, Notification, Participant, Region
from seminars.models import Slot
from seminars.services import seminar_times
from tests.e2e.conftest import confirm, sign_in
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ExaminerFactory,
    MentorFactory,
    OrganisationFactory,
    PanelFactory,
    SeminarFactory,
    UserFactory,
    complete_plan,
    load_region,
)
from tests.participants.roster_files import NDH_HEADER, person, roster, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NIPS = {"Rudi": "198203152009041002", "Sari": "198507222010012003", "Tono": "199001012015031004"}


@pytest.fixture
def hard_day():
    """A cohort two weeks in: three approved plans, scheduled for the seminar, under two Camat."""
    medan = load_region("12.71", villages=False)
    organisation = OrganisationFactory(region=medan)
    clerk = UserFactory(email="clerk@bkpsdm.example", full_name="Clerk Satu")
    organisation.staff_members.add(clerk)
    cohort = CohortFactory(organisation=organisation, region=medan, name="Angkatan Uji", slug="angkatan-uji")
    baru = Region.objects.get(parent=medan, name="Medan Baru")
    helvetia = Region.objects.get(parent=medan, name="Medan Helvetia")
    camat = {
        baru: MentorFactory(cohort=cohort, kecamatan=baru, user__full_name="Drs. Camat Lama"),
        helvetia: MentorFactory(cohort=cohort, kecamatan=helvetia, user__full_name="Camat Helvetia"),
    }
    seminar = SeminarFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[ExaminerFactory(cohort=cohort)]).room
    times = seminar_times(seminar)
    plans = {}
    for number, (name, kecamatan) in enumerate([("Rudi", baru), ("Sari", baru), ("Tono", helvetia)]):
        plan = complete_plan(
            participant__cohort=cohort,
            participant__roll_number=number + 1,
            participant__kecamatan=kecamatan,
            participant__mentor=camat[kecamatan],
            participant__position="Lurah",
            participant__user__full_name=name,
            participant__user__nip=NIPS[name],
            participant__user__email=f"{name.lower()}@example.org",
            participant__user__phone="0812000000",
            state=ActionPlan.State.APPROVED,
        )
        start, end = times[number]
        Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
        plans[name] = plan
    return cohort, clerk, plans


def test_a_clerk_gets_through_a_hard_day_in_the_app_and_the_audit_trail_shows_it(page, live_server, hard_day):
    cohort, clerk, plans = hard_day
    opened = []
    page.on("request", lambda request: opened.append(request.url))
    sign_in(page, live_server, clerk, PASSWORD)
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/")

    # A dropout after approval: Rudi leaves; his plan is withdrawn and leaves the schedule.
    page.get_by_role("link", name="Participants", exact=True).first.click()
    page.get_by_role("link", name="Rudi", exact=True).click()
    page.get_by_text("Withdraw this participant").click()
    page.get_by_label("Reason").fill("Pindah tugas ke luar kota")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    confirm(page, "Withdraw")
    page.get_by_text("Pindah tugas ke luar kota").first.wait_for()
    rudi = Participant.objects.get(user__nip=NIPS["Rudi"])
    plans["Rudi"].refresh_from_db()
    assert (rudi.withdrawal_reason, plans["Rudi"].state) == ("Pindah tugas ke luar kota", ActionPlan.State.WITHDRAWN)
    assert Slot.objects.filter(plan=plans["Rudi"]).exists() is False

    # The Camat of Medan Baru is transferred: a new Camat takes over the kecamatan and Sari.
    page.get_by_role("link", name="Mentors", exact=True).first.click()
    page.get_by_role("link", name="Drs. Camat Lama", exact=True).click()
    page.get_by_role("link", name="Replace", exact=True).click()
    page.get_by_label("Full name with titles").fill("Dra. Camat Baru, M.AP")
    page.get_by_label("NIP").fill("197001011995032001")
    page.get_by_label("E-mail address").fill("camat.baru@example.org")
    page.get_by_role("button", name="Replace", exact=True).click()
    confirm(page, "Replace")
    page.get_by_text("Dra. Camat Baru, M.AP takes over from Drs. Camat Lama; the mentees are told.").wait_for()
    sari = Participant.objects.select_related("mentor__user").get(user__nip=NIPS["Sari"])
    assert (sari.mentor.user.full_name, sari.mentor.kecamatan.name) == ("Dra. Camat Baru, M.AP", "Medan Baru")
    assert Mentor.objects.filter(cohort=cohort, user__full_name="Drs. Camat Lama").exists() is False

    # The roster comes again from the personnel office: Sari is now Sekretaris Kelurahan; Rudi is not in it.
    page.get_by_role("link", name="Import roster").first.click()
    rows = [
        person(
            2, "Sari", NIPS["Sari"], kecamatan="Medan Baru", email="sari@example.org", position="Sekretaris Kelurahan"
        ),
        person(3, "Tono", NIPS["Tono"], kecamatan="Medan Helvetia", email="tono@example.org"),
    ]
    rows = [[*row[:5], plans[row[1]].participant.work_unit, *row[6:]] for row in rows]
    page.get_by_label("Roster spreadsheet").set_input_files(
        files=[
            {
                "name": "peserta.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": xlsx(roster(*rows, header=NDH_HEADER)),
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    change = page.locator("td li").filter(has_text="Sekretaris Kelurahan")
    assert change.inner_text() == "Position: Lurah → Sekretaris Kelurahan"
    assert page.get_by_role("heading", name="1 person of this cohort is not in the file").is_visible()
    page.get_by_role("button", name=re.compile(r"^Import 0 new and 1 updated")).first.click()
    page.get_by_role("alert").or_(page.get_by_role("status")).first.wait_for()
    sari.refresh_from_db()
    assert sari.position == "Sekretaris Kelurahan"

    # The results go out too soon (a sheet is missing) and are taken back.
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/")
    page.get_by_role("link", name="Seminar", exact=True).first.click()
    page.get_by_role("link", name="Results", exact=True).first.click()
    page.get_by_role("button", name="Publish the results").click()
    page.get_by_role("heading", name="Publish the results?").wait_for()
    page.get_by_role("button", name="Publish anyway").click()
    page.get_by_text("Withdraw the results").first.click()
    page.get_by_label("Reason").fill("Nilai belum lengkap")
    page.get_by_role("button", name="Withdraw the results").click()
    confirm(page, "Withdraw")
    page.get_by_text("Not published: participants do not see their scores yet.").wait_for()
    told = Notification.objects.filter(user=sari.user, detail="Nilai belum lengkap").count()
    assert told == 1

    # The audit trail shows each step, newest first.
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/audit/")
    verbs = list(AuditEvent.objects.filter(cohort=cohort).order_by("pk").values_list("verb", flat=True))
    # Each mentee's history has the replacement (Rudi's too, though he is not told); publishing numbered the minutes.
    assert verbs == [
        "plan.withdraw",
        "participant.withdraw",
        "mentor.replace",
        "mentor.change",
        "mentor.change",
        "job.finish",  # the worker sent the new Camat's invitation
        "roster.import",
        "document.issue",
        "results.publish",
        "results.withdraw",
    ]
    shown = [text.splitlines()[0] for text in page.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert shown == [
        "Results withdrawn",
        "Results published",
        "Numbered document issued",
        "Roster imported",
        "Background work done",
        "Participant's mentor changed",
        "Participant's mentor changed",
        "Mentor replaced",
        "Participant withdrawn",
        "Plan withdrawn",
    ]

    assert [url for url in opened if "/admin/" in url] == []
