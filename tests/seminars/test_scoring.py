import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core.documents import html_to_pdf
from innovations.models import ActionPlan
from participants.audit import events_of
from participants.models import AuditEvent, Notification
from seminars import agreements
from seminars.models import Agreement, Score, ScoreSheet, Slot
from seminars.results import seminar_results
from seminars.scoring import ensure_rubric, reopen_sheet, save_sheet, submit_sheet, weighted_total
from seminars.services import seminar_times
from tests.downloads import ask, fetch, pdf_text
from tests.factories import PASSWORD, ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, examined_plan


@pytest.fixture
def seminar(cohort):
    return SeminarFactory(cohort=cohort)


@pytest.fixture
def rubric(cohort):
    return ensure_rubric(cohort)


@pytest.fixture
def examiners(cohort):
    return [ExaminerFactory(cohort=cohort) for _ in range(2)]


@pytest.fixture
def room(seminar, examiners):
    return PanelFactory(room__seminar=seminar, examiners=examiners).room


def scheduled(seminar, room, index=0, **plan):
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved", **plan)
    start, end = seminar_times(seminar)[index]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan


def every(rubric, value) -> dict:
    return {criterion.pk: Decimal(value) for criterion in rubric.criteria.all()}


def sheet_of(plan, examiner):
    return ScoreSheet.objects.get_or_create(seminar=plan.slot_in("design").seminar, plan=plan, examiner=examiner)[0]


def test_default_rubric_weighs_substance_70_and_expose_30(rubric):
    weights = {}
    for criterion in rubric.criteria.all():
        weights[criterion.aspect] = weights.get(criterion.aspect, 0) + criterion.weight

    assert weights == {"Substansi": 70, "Ekspose": 30}
    assert rubric.criteria.count() == 8


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (Decimal("90.01"), "Sangat Memuaskan"),
        (Decimal(90), "Memuaskan"),
        (Decimal("80.5"), "Memuaskan"),
        (Decimal(71), "Cukup Memuaskan"),
        (Decimal(61), "Kurang Memuaskan"),
        (Decimal(60), "Tidak Memuaskan"),
        (Decimal(0), "Tidak Memuaskan"),
    ],
)
def test_predicate_bands_start_above_their_bound(rubric, score, band):
    assert rubric.band_for(score) == band


def test_weighted_total_by_hand(rubric):
    criteria = list(rubric.criteria.all())
    values = dict(zip([c.pk for c in criteria], [Decimal(v) for v in (80, 90, 70, 60, 100, 50, 85, 75)], strict=True))

    # (80+90+70+60)*12 + (100+50)*11 + (85+75)*15 = 3600 + 1650 + 2400 = 7650 -> 76.50
    assert weighted_total(values, criteria) == Decimal("76.50")


def test_score_out_of_range_is_refused_by_the_database(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    sheet = sheet_of(plan, examiners[0])
    criterion = rubric.criteria.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(sheet=sheet, criterion=criterion, value=Decimal("100.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(sheet=sheet, criterion=criterion, value=Decimal(-1))


def test_submit_needs_every_criterion(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    sheet = sheet_of(plan, examiners[0])
    values = every(rubric, 80)
    values[rubric.criteria.first().pk] = None

    with pytest.raises(ValidationError, match="Score every criterion"):
        submit_sheet(sheet, values=values, note="", by=examiners[0].user)

    sheet.refresh_from_db()
    assert sheet.state == "draft"


def test_submitted_sheet_is_locked(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    sheet = submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)

    with pytest.raises(ValidationError, match="locked"):
        save_sheet(sheet, values=every(rubric, 10), note="", by=examiners[0].user)

    assert sheet.scores.filter(value=10).count() == 0


def test_only_the_owner_examiner_may_save(seminar, room, examiners, rubric):
    sheet = sheet_of(scheduled(seminar, room), examiners[0])

    with pytest.raises(ValidationError, match="Only the examiner"):
        save_sheet(sheet, values=every(rubric, 50), note="", by=examiners[1].user)


def test_last_submission_of_the_panel_examines_the_plan(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)

    submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)
    plan.refresh_from_db()
    assert plan.state == "approved"

    submit_sheet(sheet_of(plan, examiners[1]), values=every(rubric, 90), note="", by=examiners[1].user)
    plan.refresh_from_db()
    assert plan.state == "examined"


def test_reopen_needs_a_reason_and_is_audited(seminar, room, examiners, rubric, staff_user):
    plan = scheduled(seminar, room)
    sheet = submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)

    with pytest.raises(ValidationError):
        reopen_sheet(sheet, reason="  ", by=staff_user)
    reopen_sheet(sheet, reason="Salah ketik pada kriteria 3", by=staff_user)

    sheet.refresh_from_db()
    assert (sheet.state, sheet.total) == ("reopened", None)
    assert [(e.verb, e.actor, e.note) for e in events_of(sheet)] == [
        ("sheet.submit", examiners[0].user, ""),
        ("sheet.reopen", staff_user, "Salah ketik pada kriteria 3"),
    ]


def test_results_mean_band_ranks_and_spread_flag(seminar, room, examiners, rubric):
    a = scheduled(seminar, room, 0, title="A")
    b = scheduled(seminar, room, 1, title="B")
    c = scheduled(seminar, room, 2, title="C", cluster=a.cluster)
    for plan, (first, second) in [(a, (80, 90)), (b, (95, 75)), (c, (85, 85))]:
        submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, first), note="Bagus", by=examiners[0].user)
        submit_sheet(sheet_of(plan, examiners[1]), values=every(rubric, second), note="", by=examiners[1].user)

    rows = {row.plan.title: row for row in seminar_results(seminar)}

    assert [rows[t].final for t in "ABC"] == [Decimal(85), Decimal(85), Decimal(85)]
    assert rows["A"].band == "Memuaskan"
    assert [rows[t].rank_overall for t in "ABC"] == [1, 1, 1]
    assert (rows["A"].needs_moderation, rows["B"].needs_moderation) == (False, True)
    assert rows["B"].spread == Decimal(20)


def test_results_rank_overall_and_within_cluster(seminar, room, examiners, rubric):
    a = scheduled(seminar, room, 0, title="A")
    b = scheduled(seminar, room, 1, title="B", cluster=a.cluster)
    c = scheduled(seminar, room, 2, title="C")
    for plan, value in [(a, 70), (b, 90), (c, 80)]:
        for examiner in examiners:
            submit_sheet(sheet_of(plan, examiner), values=every(rubric, value), note="", by=examiner.user)

    rows = {row.plan.title: row for row in seminar_results(seminar)}

    assert [rows[t].rank_overall for t in "ABC"] == [3, 1, 2]
    assert [rows[t].rank_in_cluster for t in "ABC"] == [2, 1, 1]


def test_results_wait_for_every_panel_member(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)

    [row] = seminar_results(seminar)

    assert (row.totals, row.final, row.rank_overall) == ([Decimal(80), None], None, None)


@pytest.mark.django_db(transaction=True)
def test_two_examiners_submitting_at_once_examine_the_plan_once(cohort):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises every write")
    seminar = SeminarFactory(cohort=cohort)
    rubric = ensure_rubric(cohort)
    examiners = [ExaminerFactory(cohort=cohort) for _ in range(2)]
    room = PanelFactory(room__seminar=seminar, examiners=examiners).room
    plan = scheduled(seminar, room)
    sheets = [sheet_of(plan, examiner) for examiner in examiners]
    barrier = threading.Barrier(2)
    errors = []

    def submit(sheet, examiner):
        try:
            barrier.wait()
            submit_sheet(sheet, values=every(rubric, 80), note="", by=examiner.user)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(s, e)) for s, e in zip(sheets, examiners, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    plan.refresh_from_db()
    assert plan.state == ActionPlan.State.EXAMINED
    assert events_of(plan).filter(to_state="examined").count() == 1
    assert AuditEvent.objects.filter(verb="sheet.submit").count() == 2


# Pages ------------------------------------------------------------------------------------------


def test_scoring_page_hides_the_other_examiners_until_one_submits(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    submit_sheet(sheet_of(plan, examiners[1]), values=every(rubric, 77), note="Catatan rahasia", by=examiners[1].user)
    url = reverse("seminars:score", args=[seminar.cohort.slug, plan.pk])
    client.force_login(examiners[0].user)

    before = client.get(url).content.decode()
    fields = {f"criterion_{pk}": "80" for pk in every(rubric, 0)}
    client.post(url, {**fields, "note": "", "action": "submit", "version": 1})
    after = client.get(url).content.decode()

    assert "Catatan rahasia" not in before
    assert "77.00" not in before
    assert "Catatan rahasia" in after
    assert "77.00" in after


def test_scoring_form_refuses_a_score_above_100(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    client.force_login(examiners[0].user)
    fields = {f"criterion_{pk}": "80" for pk in every(rubric, 0)}
    fields[f"criterion_{rubric.criteria.first().pk}"] = "101"

    response = client.post(
        reverse("seminars:score", args=[seminar.cohort.slug, plan.pk]), {**fields, "action": "submit", "version": 1}
    )

    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()
    assert not ScoreSheet.objects.filter(state="submitted").exists()


def test_scoring_autosave_answers_with_the_saved_time(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    client.force_login(examiners[0].user)

    response = client.post(
        reverse("seminars:score", args=[seminar.cohort.slug, plan.pk]),
        {
            **{f"criterion_{pk}": "" for pk in every(rubric, 0)},
            f"criterion_{rubric.criteria.first().pk}": "70",
            "note": "sementara",
            "action": "save",
            "version": 1,
        },
        HTTP_HX_REQUEST="true",
    )

    assert "Saved at" in response.content.decode()
    assert ScoreSheet.objects.get().scores.get().value == Decimal(70)


def test_scoring_is_404_for_an_examiner_not_on_the_panel(client, seminar, room, rubric):
    plan = scheduled(seminar, room)
    client.force_login(ExaminerFactory(cohort=seminar.cohort).user)

    assert client.get(reverse("seminars:score", args=[seminar.cohort.slug, plan.pk])).status_code == 404
    assert not ScoreSheet.objects.exists()


def test_results_page_and_recap_export(client, seminar, room, examiners, rubric, staff_user):

    plan = scheduled(seminar, room, title="Arsip Rapi")
    for examiner, value in zip(examiners, (80, 90), strict=True):
        submit_sheet(sheet_of(plan, examiner), values=every(rubric, value), note="", by=examiner.user)
    client.force_login(staff_user)

    page = client.get(reverse("seminars:results", args=[seminar.cohort.slug]))
    export = client.get(reverse("seminars:results", args=[seminar.cohort.slug]), {"format": "xlsx"})

    assert "Arsip Rapi" in page.content.decode()
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"Seminar results of {seminar.cohort.name}"
    assert rows[2] == (
        "NDH",
        "Name",
        "NIP",
        "Cluster",
        "Title",
        "Examiner 1",
        "Score 1",
        "Examiner 2",
        "Score 2",
        "Final score",
        "Predicate",
        "Rank in cluster",
        "Rank overall",
    )
    # Scores and ranks are numbers a spreadsheet can sum and sort.
    names = [examiner.user.full_name for examiner in examiners]
    assert rows[3][4:] == ("Arsip Rapi", names[0], 80, names[1], 90, 85, "Memuaskan", 1, 1)


def test_minutes_pdf_is_made_by_the_worker_for_the_staff(client, seminar, room, examiners, rubric, staff_user):
    scheduled(seminar, room, title="Arsip Rapi")
    client.force_login(staff_user)

    response, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))
    download, data = fetch(client, job)

    assert response.url == reverse("participants:downloads")
    assert (job.kind, job.state, job.params) == ("minutes", "done", {"seminar": seminar.pk})
    assert download["Content-Type"] == "application/pdf"
    # Results not published: a draft, without a number.
    assert download["Content-Disposition"] == f'attachment; filename="berita-acara-{seminar.cohort.slug}-draf.pdf"'
    assert "Arsip Rapi" in pdf_text(data)


def test_minutes_pdf_goes_through_the_one_renderer_with_the_document_stylesheet(
    client, seminar, room, examiners, rubric, staff_user, monkeypatch
):
    scheduled(seminar, room, title="Arsip Rapi <img src='http://127.0.0.1:9/x.png'>")
    rendered = []
    monkeypatch.setattr("seminars.documents.html_to_pdf", lambda html: rendered.append(html) or html_to_pdf(html))
    client.force_login(staff_user)

    _response, job = ask(client, reverse("seminars:results_pdf", args=[seminar.cohort.slug]))

    [page] = PdfReader(io.BytesIO(fetch(client, job)[1])).pages
    text = page.extract_text()
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert len(rendered) == 1
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    assert "1 / 1" in text  # the page counter of document.css
    assert {"DejaVu-Serif", "DejaVu-Sans"} <= fonts  # the body and the page counter of document.css
    assert "Arsip Rapi <img" in text  # written as text, never fetched
    assert page["/Resources"]["/XObject"] == {}


def test_participant_sees_own_result_only_after_publishing(client, seminar, room, examiners, rubric, staff_user):
    plan = scheduled(seminar, room)
    for examiner in examiners:
        submit_sheet(
            sheet_of(plan, examiner), values=every(rubric, 92), note=f"Catatan {examiner.pk}", by=examiner.user
        )
    url = reverse("seminars:my_result", args=[seminar.cohort.slug])
    client.force_login(plan.participant.user)
    before = client.get(url).content.decode()

    client.force_login(staff_user)
    client.post(reverse("seminars:results_publish", args=[seminar.cohort.slug]))
    client.force_login(plan.participant.user)
    after = client.get(url).content.decode()

    assert "92.00" not in before
    assert "not published" in before
    assert "92.00" in after
    assert "Sangat Memuaskan" in after
    assert f"Catatan {examiners[0].pk}" in after


def test_rubric_editor_refuses_weights_that_do_not_add_up(client, cohort, rubric, staff_user):
    criteria = list(rubric.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
        "bands-TOTAL_FORMS": 0,
        "bands-INITIAL_FORMS": 0,
        "bands-MIN_NUM_FORMS": 0,
        "bands-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-rubric": rubric.pk,
            f"criteria-{i}-aspect": c.aspect,
            f"criteria-{i}-name": c.name,
            f"criteria-{i}-weight": c.weight + (1 if i == 0 else 0),
            f"criteria-{i}-order": c.order,
        }
    client.force_login(staff_user)

    response = client.post(reverse("seminars:rubric", args=[cohort.slug]), data)

    assert "The weights add up to 101; they must add up to 100." in response.content.decode()
    assert rubric.criteria.get(pk=criteria[0].pk).weight == criteria[0].weight


def test_staff_pages_of_scoring_are_404_for_outsiders(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    sheet = submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)
    slug = seminar.cohort.slug
    client.force_login(examiners[0].user)

    for url in [
        reverse("seminars:results", args=[slug]),
        reverse("seminars:rubric", args=[slug]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("seminars:sheet_reopen", args=[slug, sheet.pk]),
        reverse("seminars:results_publish", args=[slug]),
        reverse("seminars:results_pdf", args=[slug]),
    ]:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert client.get(reverse("seminars:my_result", args=[slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_results_query_count_does_not_grow(
    client, seminar, room, examiners, rubric, staff_user, count, django_assert_num_queries
):
    for index in range(count):
        plan = scheduled(seminar, room, index)
        submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)
    client.force_login(staff_user)

    with django_assert_num_queries(14):  # with the minutes issued so far
        client.get(reverse("seminars:results", args=[seminar.cohort.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_panel_query_count_does_not_grow(client, seminar, room, examiners, count, django_assert_num_queries):
    for index in range(count):
        scheduled(seminar, room, index)
    client.force_login(examiners[0].user)

    # session, user, seminar, examiner, slots, sheets, agreements to sign, the menu (roles and unread count)
    with django_assert_num_queries(8):
        client.get(reverse("seminars:panel", args=[seminar.cohort.slug]))


def test_reopening_a_sheet_of_an_examined_plan_takes_it_back_to_scoring(seminar, room, examiners, rubric, staff_user):
    plan = scheduled(seminar, room)
    first, second = (
        submit_sheet(sheet_of(plan, examiner), values=every(rubric, 80), note="", by=examiner.user)
        for examiner in examiners
    )

    reopen_sheet(first, reason="Nilai kriteria 2 tertukar", by=staff_user)

    plan.refresh_from_db()
    assert plan.state == "approved"
    assert [(e.verb, e.to_state, e.note) for e in events_of(plan)][-2:] == [
        ("plan.examine", "examined", "Every examiner on the panel has submitted."),
        ("plan.reopen", "approved", "Nilai kriteria 2 tertukar"),
    ]
    submit_sheet(first, values=every(rubric, 84), note="", by=examiners[0].user)
    plan.refresh_from_db()
    assert plan.state == "examined"


def test_reopening_discards_an_agreement_nobody_has_signed(cohort, staff_user, mailoutbox):
    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    reopen_sheet(plan.score_sheets.get(), reason="Salah rubrik", by=staff_user)

    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert AuditEvent.objects.filter(verb="agreement.discard", note="Salah rubrik").count() == 1
    plan.refresh_from_db()
    assert plan.state == "approved"


def test_reopening_is_refused_once_someone_has_signed(cohort, staff_user):
    plan, examiner = examined_plan(cohort)
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)
    agreements.sign(agreement, by=plan.participant.user, password=PASSWORD, ip_address=None, user_agent="")
    sheet = plan.score_sheets.get()

    with pytest.raises(ValidationError, match="already signed this plan's agreement"):
        reopen_sheet(sheet, reason="Terlambat", by=staff_user)

    sheet.refresh_from_db()
    plan.refresh_from_db()
    assert (sheet.state, plan.state, Agreement.objects.filter(pk=agreement.pk).exists()) == (
        "submitted",
        "examined",
        True,
    )


def test_the_examiner_is_told_of_a_reopening_with_its_reason(
    seminar, room, examiners, rubric, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    plan = scheduled(seminar, room, title="Arsip digital")
    sheet = submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)

    with django_capture_on_commit_callbacks(execute=True):
        reopen_sheet(sheet, reason="Nilai penyampaian keliru", by=staff_user)

    notice = Notification.objects.get(user=examiners[0].user)
    assert (notice.message, notice.detail) == (
        "Penyelenggara membuka kembali lembar nilai Anda untuk “Arsip digital”.",
        "Nilai penyampaian keliru",
    )
    assert notice.url == reverse("seminars:score", args=[seminar.cohort.slug, plan.pk])
    assert [m.to for m in mailoutbox] == [[examiners[0].user.email]]


def test_only_the_cohorts_staff_reopen_a_sheet(seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    sheet = submit_sheet(sheet_of(plan, examiners[0]), values=every(rubric, 80), note="", by=examiners[0].user)

    with pytest.raises(ValidationError, match="You may not make this change to this score sheet."):
        reopen_sheet(sheet, reason="Saya ingin mengubah", by=examiners[0].user)

    sheet.refresh_from_db()
    assert sheet.state == "submitted"


def test_staff_withdraw_published_results_with_a_reason_and_participants_are_told(
    client, seminar, room, examiners, rubric, staff_user, django_capture_on_commit_callbacks
):
    plan = scheduled(seminar, room)
    for examiner in examiners:
        submit_sheet(sheet_of(plan, examiner), values=every(rubric, 92), note="", by=examiner.user)
    url = reverse("seminars:results_publish", args=[seminar.cohort.slug])
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish"}, follow=True)

    refused = client.post(url, {"action": "withdraw"}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == ["Say why: write a note."]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "withdraw", "note": "Satu lembar nilai dibuka kembali"})

    seminar.refresh_from_db()
    assert (seminar.results_state, seminar.results_published_at) == ("withdrawn", None)
    assert [(e.verb, e.actor, e.note) for e in events_of(seminar)] == [
        ("results.publish", staff_user, ""),
        ("results.withdraw", staff_user, "Satu lembar nilai dibuka kembali"),
    ]
    assert list(Notification.objects.filter(user=plan.participant.user).values_list("message", "detail")) == [
        ("Penyelenggara menarik pengumuman hasil seminar.", "Satu lembar nilai dibuka kembali"),
        ("Hasil seminar telah diumumkan: lihat nilai Anda dan catatan para penguji.", ""),
    ]
    client.force_login(plan.participant.user)
    assert client.get(reverse("seminars:my_result", args=[seminar.cohort.slug])).context["row"] is None


def test_scores_typed_with_a_decimal_comma_are_read_as_decimals(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    client.force_login(examiners[0].user)
    fields = {f"criterion_{pk}": "85,5" for pk in every(rubric, 0)}

    client.post(
        reverse("seminars:score", args=[seminar.cohort.slug, plan.pk]), {**fields, "action": "submit", "version": 1}
    )

    sheet = ScoreSheet.objects.get()
    assert (sheet.state, sheet.total) == ("submitted", Decimal("85.50"))
    assert {score.value for score in sheet.scores.all()} == {Decimal("85.5")}


def test_a_refused_autosave_of_scores_says_not_saved_with_the_reason(client, seminar, room, examiners, rubric):
    plan = scheduled(seminar, room)
    client.force_login(examiners[0].user)
    criterion = rubric.criteria.first()

    response = client.post(
        reverse("seminars:score", args=[seminar.cohort.slug, plan.pk]),
        {f"criterion_{criterion.pk}": "101", "action": "save"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert f"Not saved:</strong> {criterion.name} ({criterion.weight} %): Ensure this value is less than" in body
    assert "Saved at" not in body


def test_the_score_sheet_offers_the_next_expose_and_asks_before_submitting(client, seminar, room, examiners, rubric):
    first = scheduled(seminar, room, 0)
    second = scheduled(seminar, room, 1)
    client.force_login(examiners[0].user)

    body = client.get(reverse("seminars:score", args=[seminar.cohort.slug, first.pk])).content.decode()

    assert reverse("seminars:score", args=[seminar.cohort.slug, second.pk]) in body
    assert f"{second.participant.user.full_name}</a>" in body
    assert 'data-confirm="Submit these scores? The sheet is then locked' in body
