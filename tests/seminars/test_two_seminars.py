"""A cohort of a programme with two seminars (Latsar CPNS: the design's, weight 40, and the report's, weight 60): each
has its own schedule, panels, rubric and score sheets, and its results are kept and combined."""

import copy
import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from innovations.models import ActionPlan, WorkReport
from participants.audit import events_of
from programmes.models import Programme
from seminars.eligibility import ready_for
from seminars.models import Agreement, Rubric, ScoreSheet, Signature, Slot
from seminars.results import combined_results, seminar_results, stage_results
from seminars.scoring import ensure_rubric, open_sheet, reopen_sheet, submit_sheet
from seminars.services import schedule_seminar, seminar_times
from tests.factories import (
    CohortFactory,
    ExaminerFactory,
    PanelFactory,
    RoomFactory,
    SeminarFactory,
    complete_plan,
)

State = ActionPlan.State


def latsar_spec() -> dict:
    """Latsar CPNS as a cohort's staff adjust it: no consultations asked before either seminar."""
    spec = copy.deepcopy(Programme.objects.get(code="latsar-cpns").spec)
    for stage in spec["stages"]:
        stage["min_consultations"] = 0
    return spec


@pytest.fixture
def cohort(staff_user):
    cohort = CohortFactory(programme=Programme.objects.get(code="latsar-cpns"), spec=latsar_spec())
    cohort.organisation.staff_members.add(staff_user)
    return cohort


@pytest.fixture
def seminars(cohort):
    """The design seminar and the report seminar, each with one room and its own one-examiner panel."""
    design = SeminarFactory(cohort=cohort, stage="design", title="Seminar Rancangan", date=datetime.date(2017, 8, 21))
    report = SeminarFactory(cohort=cohort, stage="report", title="Seminar Laporan", date=datetime.date(2017, 10, 2))
    for seminar, name in ((design, "Dewi"), (report, "Rudi")):
        examiner = ExaminerFactory(cohort=cohort, user__full_name=name, institution="")
        PanelFactory(room__seminar=seminar, room__name="Ruang 1", examiners=[examiner])
    return design, report


def examiner_of(seminar):
    return seminar.rooms.get().panel.examiners.get()


def reported_plan(**kwargs) -> ActionPlan:
    """An agreed plan whose report is approved for the report seminar."""
    plan = complete_plan(state=State.AGREED, **kwargs)
    WorkReport.objects.create(plan=plan, state=WorkReport.State.APPROVED)
    return plan


def score(plan, seminar, value: int) -> ScoreSheet:
    examiner = examiner_of(seminar)
    rubric = ensure_rubric(seminar.cohort, seminar.stage)
    values: dict[int, Decimal | None] = {criterion.pk: Decimal(value) for criterion in rubric.criteria.all()}
    return submit_sheet(open_sheet(plan, examiner, seminar), values=values, note="", by=examiner.user)


def through_both(cohort, seminars, design_score: int, report_score: int) -> ActionPlan:
    """A plan scheduled and scored at the design seminar, agreed, then scheduled and scored at the report seminar."""
    design, report = seminars
    plan = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    schedule_seminar(design, by=None)
    score(plan, design, design_score)
    ActionPlan.objects.filter(pk=plan.pk).update(state=State.AGREED)  # its agreement, sealed
    WorkReport.objects.create(plan=plan, state=WorkReport.State.APPROVED)  # its report, approved for the seminar
    schedule_seminar(report, by=None)
    score(plan, report, report_score)
    return plan


def test_a_plan_presents_and_is_scored_once_at_each_seminar(cohort, seminars):
    design, report = seminars

    plan = through_both(cohort, seminars, 80, 90)

    plan = ActionPlan.objects.get(pk=plan.pk)
    assert (plan.slot_in("design").seminar, plan.slot_in("report").seminar) == (design, report)
    sheets = {(s.seminar.stage, s.examiner.user.full_name, s.total) for s in plan.score_sheets.all()}
    assert sheets == {("design", "Dewi", Decimal(80)), ("report", "Rudi", Decimal(90))}
    # The report seminar's sheet leaves the plan where it was: only the design's examines it.
    assert plan.state == State.AGREED


def test_each_seminar_is_scored_on_its_own_stages_rubric(cohort, seminars):
    design, report = ensure_rubric(cohort, "design"), ensure_rubric(cohort, "report")

    assert [c.name for c in design.criteria.all()][0] == "Ketepatan identifikasi isu"
    assert [c.name for c in report.criteria.all()] == [
        "Capaian kegiatan aktualisasi",
        "Manfaat aktualisasi",
        "Aktualisasi nilai dasar BerAKHLAK",
        "Komunikasi dan penyajian",
    ]
    assert [band.label for band in report.bands.all()][0] == "Sangat Memuaskan"
    assert Rubric.objects.filter(cohort=cohort).count() == 2


def test_the_results_of_each_seminar_are_kept_and_combined_by_the_programmes_weights(cohort, seminars):
    design, report = seminars
    first = through_both(cohort, seminars, 80, 90)

    assert [(row.plan, row.final) for row in seminar_results(design)] == [(first, Decimal(80))]
    assert [(row.plan, row.final) for row in seminar_results(report)] == [(first, Decimal(90))]
    assert stage_results(cohort, "design") == {first.participant_id: Decimal(80)}
    assert stage_results(cohort, "report") == {first.participant_id: Decimal(90)}
    # 40 % of 80 and 60 % of 90.
    assert combined_results(cohort) == {first.participant_id: Decimal("86.00")}


def test_a_participant_not_yet_scored_at_the_report_seminar_has_no_combined_result(cohort, seminars):
    design, _report = seminars
    plan = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    schedule_seminar(design, by=None)
    score(plan, design, 75)

    assert stage_results(cohort, "design") == {plan.participant_id: Decimal(75)}
    assert combined_results(cohort) == {}


def test_reopening_a_report_sheet_takes_the_report_back_to_scoring_and_leaves_the_agreed_plan(
    cohort, seminars, staff_user
):
    _design, report = seminars
    plan = through_both(cohort, seminars, 80, 90)
    sheet = plan.score_sheets.get(seminar=report)
    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.EXAMINED

    reopen_sheet(sheet, reason="Salah ketik", by=staff_user)

    sheet.refresh_from_db()
    plan.refresh_from_db()
    assert (sheet.state, sheet.total, plan.state) == (ScoreSheet.State.REOPENED, None, State.AGREED)
    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.APPROVED
    assert [(e.verb, e.note) for e in events_of(plan.work_report)][-1:] == [("work_report.reopen", "Salah ketik")]
    assert stage_results(cohort, "report") == {}
    assert stage_results(cohort, "design") == {plan.participant_id: Decimal(80)}

    score(plan, report, 85)  # submitted again: the report is examined again

    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.EXAMINED


def test_a_report_seminar_sheet_is_not_reopened_once_the_report_is_signed_off(cohort, seminars, staff_user):
    _design, report = seminars
    plan = through_both(cohort, seminars, 80, 90)
    WorkReport.objects.filter(plan=plan).update(state=WorkReport.State.SIGNED)  # its lembar pengesahan, sealed
    sheet = plan.score_sheets.get(seminar=report)

    with pytest.raises(ValidationError) as refused:
        reopen_sheet(sheet, reason="Salah ketik", by=staff_user)

    sheet.refresh_from_db()
    assert refused.value.messages == [
        "The report's approval sheet is sealed: its seminar's scores can no longer change."
    ]
    assert (sheet.state, sheet.total) == (ScoreSheet.State.SUBMITTED, Decimal(90))
    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.SIGNED


def test_reopening_discards_the_reports_unsigned_sheet_and_refuses_once_someone_signed(cohort, seminars, staff_user):
    _design, report = seminars
    plan = through_both(cohort, seminars, 80, 90)
    sheet = plan.score_sheets.get(seminar=report)
    signed = Agreement.objects.create(
        plan=plan, stage="report", examiner=examiner_of(report), content={}, content_hash="x" * 64, code="RPT0001"
    )
    Signature.objects.create(agreement=signed, user=staff_user, role="staff", content_hash="x" * 64)

    with pytest.raises(ValidationError) as refused:
        reopen_sheet(sheet, reason="Salah ketik", by=staff_user)
    signed.signatures.all().delete()
    reopen_sheet(sheet, reason="Salah ketik", by=staff_user)

    assert refused.value.messages == [
        "Someone has already signed the report's approval sheet, so its score sheets can no longer be reopened."
    ]
    assert Agreement.objects.filter(plan=plan, stage="report").exists() is False
    assert WorkReport.objects.get(plan=plan).state == WorkReport.State.APPROVED


def test_the_design_seminar_takes_the_approved_plans_and_the_report_seminar_those_with_an_approved_report(
    cohort, seminars
):
    design, report = seminars
    approved = complete_plan(participant__cohort=cohort, state=State.APPROVED)
    reported = reported_plan(participant__cohort=cohort)
    submitted = complete_plan(participant__cohort=cohort, state=State.AGREED)
    WorkReport.objects.create(plan=submitted, state=WorkReport.State.SUBMITTED)  # still with its reviewers
    complete_plan(participant__cohort=cohort, state=State.AGREED)  # no report yet
    complete_plan(participant__cohort=cohort, state=State.SUBMITTED)

    assert (list(ready_for(design)), list(ready_for(report))) == ([approved], [reported])


def test_the_report_seminars_pages_have_their_own_addresses(client, staff_user, cohort, seminars):
    design, report = seminars
    plan = through_both(cohort, seminars, 80, 90)
    client.force_login(staff_user)

    schedule = client.get(reverse("seminars:schedule", args=[cohort.slug, "report"]))
    recap = client.get(reverse("seminars:results", args=[cohort.slug, "report"]))

    assert (
        reverse("seminars:schedule", args=[cohort.slug, "report"]) == f"/cohorts/{cohort.slug}/seminar/report/schedule/"
    )
    assert reverse("seminars:schedule", args=[cohort.slug, "design"]) == reverse(
        "seminars:schedule", args=[cohort.slug]
    )
    assert (schedule.status_code, schedule.context["seminar"]) == (200, report)
    assert [slot.plan for slot in schedule.context["slots"]] == [plan]
    assert [(row.plan, row.final) for row in recap.context["rows"]] == [(plan, Decimal(90))]
    # Both seminars are offered as tabs on the seminar's pages.
    assert schedule.context["stages"] == [
        ("design", "Seminar Rancangan Aktualisasi"),
        ("report", "Seminar Laporan Aktualisasi"),
    ]


def test_an_examiner_scores_only_at_the_seminar_whose_panel_they_sit_on(client, cohort, seminars):
    design, report = seminars
    plan = reported_plan(participant__cohort=cohort)
    schedule_seminar(report, by=None)
    design_examiner, report_examiner = examiner_of(design), examiner_of(report)

    client.force_login(report_examiner.user)
    own = client.get(reverse("seminars:score", args=[cohort.slug, "report", plan.pk]))
    client.force_login(design_examiner.user)
    other = client.get(reverse("seminars:score", args=[cohort.slug, "report", plan.pk]))

    assert (own.status_code, own.context["seminar"]) == (200, report)
    assert [c.name for c in own.context["form"].criteria][0] == "Capaian kegiatan aktualisasi"
    assert other.status_code == 404


def test_a_stage_the_programme_lacks_has_no_seminar_pages(client, staff_user):
    cohort = CohortFactory()  # the 2017 flow: one seminar, the design's
    cohort.organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    setup = client.get(reverse("seminars:setup", args=[cohort.slug, "report"]))
    rubric = client.get(reverse("seminars:rubric", args=[cohort.slug, "report"]))
    design = client.get(reverse("seminars:setup", args=[cohort.slug]))

    assert (setup.status_code, rubric.status_code, design.status_code) == (404, 404, 200)


def test_setting_up_the_report_seminar_makes_it_beside_the_design_seminar(client, staff_user, cohort, seminars):
    design, report = seminars
    report.delete()
    client.force_login(staff_user)
    page = client.get(reverse("seminars:setup", args=[cohort.slug, "report"]))
    data = {
        "version": 0,
        "title": "Seminar Laporan",
        "date": "2017-10-02",
        "venue": "Aula",
        "day_start": "08:00",
        "day_end": "12:00",
        "slot_minutes": 20,
        "breaks-TOTAL_FORMS": 0,
        "breaks-INITIAL_FORMS": 0,
        "rooms-TOTAL_FORMS": 0,
        "rooms-INITIAL_FORMS": 0,
    }

    response = client.post(reverse("seminars:setup", args=[cohort.slug, "report"]), data)

    assert page.context["seminar"].title == "Seminar Laporan Aktualisasi"  # the programme's, until staff change it
    assert response.url == f"/cohorts/{cohort.slug}/seminar/report/schedule/"
    assert sorted(cohort.seminars.values_list("stage", "title")) == [
        ("design", design.title),
        ("report", "Seminar Laporan"),
    ]


def test_the_schedule_warns_of_each_expose_the_mentor_a_seminar_is_held_with_cannot_attend(
    client, staff_user, cohort, seminars
):
    _design, report = seminars
    first = reported_plan(participant__cohort=cohort)
    mentor = first.participant.mentor
    second = reported_plan(participant__cohort=cohort, participant__mentor=mentor)
    orphan = reported_plan(participant__cohort=cohort)
    orphan.participant.mentor = None
    orphan.participant.save(update_fields=["mentor"])
    rooms = [report.rooms.get(), RoomFactory(seminar=report, name="Ruang 2")]
    times = seminar_times(report)
    # The two mentees at the same time, in two rooms; the participant without a mentor later.
    for plan, room, (start, end) in (
        (first, rooms[0], times[0]),
        (second, rooms[1], times[0]),
        (orphan, rooms[0], times[1]),
    ):
        Slot.objects.create(seminar=report, room=room, plan=plan, starts_at=start, ends_at=end)
    client.force_login(staff_user)

    page = client.get(reverse("seminars:schedule", args=[cohort.slug, "report"]))

    assert page.context["mentors_away"] == [
        f"{mentor.user.full_name}, the mentor of {plan.participant.user.full_name} ({plan.title}), has another mentee "
        "presenting at the same time."
        for plan in (first, second)
    ] + [
        f"{orphan.participant.user.full_name} ({orphan.title}) has no mentor, and this seminar is held with the mentor."
    ]
    assert "This seminar is held with each participant's mentor" in page.content.decode()


def test_a_seminar_not_held_with_the_mentor_warns_of_none(client, staff_user, cohort, seminars):
    spec = latsar_spec()
    spec["stages"][1]["seminar"]["mentor_required"] = False
    cohort.spec = spec
    cohort.save(update_fields=["spec"])
    _design, report = seminars
    orphan = reported_plan(participant__cohort=cohort)
    orphan.participant.mentor = None
    orphan.participant.save(update_fields=["mentor"])
    schedule_seminar(report, by=None)
    client.force_login(staff_user)

    page = client.get(reverse("seminars:schedule", args=[cohort.slug, "report"]))

    assert (page.status_code, page.context["mentors_away"]) == (200, [])


def test_building_the_schedule_of_a_seminar_with_no_panel_says_so(cohort):
    seminar = SeminarFactory(cohort=cohort, stage="design")
    RoomFactory(seminar=seminar, name="Ruang 1")
    complete_plan(participant__cohort=cohort, state=State.APPROVED)

    result = schedule_seminar(seminar, by=None)

    assert len(result.placements) == 1
    assert result.problems == [
        "This seminar has no panel yet: choose each room's examiners on the set-up page, or no exposé can be scored."
    ]


def test_a_room_without_a_panel_is_named_when_the_schedule_is_built(cohort, seminars):
    design, _report = seminars
    RoomFactory(seminar=design, name="Ruang 2")

    result = schedule_seminar(design, by=None)

    assert result.problems == [
        "Ruang 2 has no panel yet: choose its examiners on the set-up page, or its exposés cannot be scored."
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_seminars_schedule_and_results_query_counts_do_not_grow(
    client, staff_user, cohort, seminars, count, django_assert_num_queries
):
    _design, report = seminars
    for _ in range(count):
        reported_plan(participant__cohort=cohort)
    schedule_seminar(report, by=None)
    client.force_login(staff_user)

    # The same at 1 and at 3 exposés: the mentors' check is one query for the whole schedule.
    with django_assert_num_queries(12):
        schedule = client.get(reverse("seminars:schedule", args=[cohort.slug, "report"]))
    with django_assert_num_queries(19):
        recap = client.get(reverse("seminars:results", args=[cohort.slug, "report"]))

    assert (len(schedule.context["slots"]), len(recap.context["rows"])) == (count, count)


def test_the_no_panel_message_reads_in_indonesian(cohort):
    seminar = SeminarFactory(cohort=cohort, stage="design")
    RoomFactory(seminar=seminar, name="Ruang 1")

    with translation.override("id"):
        result = schedule_seminar(seminar, by=None)

    assert result.problems == [
        "Seminar ini belum memiliki panel penguji: pilih penguji setiap ruang di halaman persiapan, atau tidak ada "
        "ekspose yang dapat dinilai."
    ]


def test_the_cohorts_overview_and_dashboard_show_each_seminar(client, staff_user, cohort, seminars):
    design, report = seminars
    plan = through_both(cohort, seminars, 80, 90)
    cluster = plan.cluster.name if plan.cluster else "—"
    client.force_login(staff_user)

    overview = client.get(reverse("portal:cohort_detail", args=[cohort.slug]))
    dashboard = client.get(reverse("portal:dashboard", args=[cohort.slug]))

    assert overview.context["seminars"] == [
        ("design", "Seminar Rancangan Aktualisasi", design),
        ("report", "Seminar Laporan Aktualisasi", report),
    ]
    assert reverse("seminars:schedule", args=[cohort.slug, "report"]) in overview.content.decode()
    # 80 falls in "> 70–80", 90 in "> 80–90".
    assert dashboard.context["figures"]["seminar_scores"] == [
        ("Seminar Rancangan Aktualisasi", [(cluster, [0, 0, 1, 0, 0])]),
        ("Seminar Laporan Aktualisasi", [(cluster, [0, 1, 0, 0, 0])]),
    ]
    assert "Final scores per cluster: Seminar Laporan Aktualisasi" in dashboard.content.decode()
    # The report stage's figures: its one report, examined at the report seminar.
    assert dashboard.context["figures"]["reports"] == [
        ("Being written", 0),
        ("Waiting for review", 0),
        ("Returned with notes", 0),
        ("Approved for the seminar", 0),
        ("Examined at the seminar", 1),
        ("Signed off", 0),
    ]


def test_a_cohort_of_one_stage_has_no_reports_on_its_dashboard(client, staff_user):
    cohort = CohortFactory()
    cohort.organisation.staff_members.add(staff_user)
    client.force_login(staff_user)

    dashboard = client.get(reverse("portal:dashboard", args=[cohort.slug]))

    assert dashboard.context["figures"]["reports"] == []
    assert "Reports by state" not in dashboard.content.decode()


def test_the_report_seminars_examiner_finds_their_exposes_to_score_on_their_home(client, cohort, seminars):
    _design, report = seminars
    plan = reported_plan(participant__cohort=cohort)
    schedule_seminar(report, by=None)
    client.force_login(examiner_of(report).user)

    [todo] = client.get(reverse("portal:home")).context["examiner_todo"]

    assert todo.count == 1
    assert [url for _what, url in todo.items] == [reverse("seminars:score", args=[cohort.slug, "report", plan.pk])]


def sheets_pill(response) -> str:
    """The text of the seminar pages' pill that leads to the cohort's signed sheets."""
    body = response.content.decode()
    found = re.search(r'href="/agreements/cohort/[^"/]+/(?:report/)?">([^<]+)</a>', body)
    assert found is not None
    return found.group(1)


def test_the_seminar_pages_lead_to_sign_off_sheets_where_the_programme_has_two_and_to_agreements_in_2017(
    client, staff_user, cohort, seminars
):
    inovasi = CohortFactory(organisation=cohort.organisation)
    SeminarFactory(cohort=inovasi)
    client.force_login(staff_user)

    pills = [
        sheets_pill(client.get(reverse("seminars:schedule", args=[cohort.slug, "report"]))),
        sheets_pill(client.get(reverse("seminars:agreement_list", args=[cohort.slug]))),
        sheets_pill(client.get(reverse("seminars:schedule", args=[inovasi.slug, "design"]))),
        sheets_pill(client.get(reverse("seminars:agreement_list", args=[inovasi.slug]))),
    ]

    assert pills == ["Sign-off sheets", "Sign-off sheets", "Agreements", "Agreements"]
